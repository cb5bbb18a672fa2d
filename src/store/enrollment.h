/* store/enrollment.h — SQL for enrollments: a person's application to a
 * program (readiness answers, goals to bring, availability) and the
 * organizers' decision on it.
 *
 * Conventions as in store/program.h: lookups 1 / 0 / -1, lists their count
 * or -1, writes a db_result; strings in the arena passed in. Reads that
 * could reach someone else's application repeat the access rule (the
 * applicant, the program's organizers, admins) in their WHERE clause. */
#ifndef PEERCOACH_STORE_ENROLLMENT_H
#define PEERCOACH_STORE_ENROLLMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct enrollment {
    int64_t id, program_id, user_id;
    const char *user_name, *user_email, *department, *job_title; /* the applicant */
    const char *state;   /* applied, accepted, waitlisted, declined, withdrawn */
    const char *goals;   /* JSON array of 1-3 strings */
    const char *answers; /* JSON object: question id -> true/false */
    bool availability_confirmed;
    int64_t applied_at;
    int64_t decided_at, decided_by; /* 0 when no organizer has decided */
    const char *decided_by_name;    /* NULL when no organizer has decided */
};

/* How many of a program's enrollments are in each state. */
struct enrollment_counts {
    int64_t applied, accepted, waitlisted, declined, withdrawn;
};

/* An accepted participant, as pairing and matching need them. */
struct enrollment_participant {
    int64_t enrollment_id, user_id;
    const char *name;
    const char *goals; /* JSON array */
};

/* e's program_id, user_id, goals, answers, availability_confirmed and
 * applied_at; the state is "applied". DB_CONSTRAINT when user_id already
 * has an enrollment in the program. */
enum db_result store_enrollment_insert(struct db *db, const struct enrollment *e, int64_t *id);
/* A withdrawn enrollment applied again: new answers, state "applied", the
 * earlier decision forgotten. *changed is false when it was not withdrawn. */
enum db_result store_enrollment_reapply(struct db *db, const struct enrollment *e, bool *changed);
/* Enrollment id as viewer_id may see it: their own, or one in a program
 * they organize, or any when is_admin. */
int store_enrollment_get(struct db *db, struct arena *arena, int64_t id, int64_t viewer_id,
                         bool is_admin, struct enrollment *out);
/* user_id's enrollment in program_id. */
int store_enrollment_of(struct db *db, struct arena *arena, int64_t program_id, int64_t user_id,
                        struct enrollment *out);
/* The enrollments of program_id in state (NULL: all), oldest application
 * first, if viewer_id organizes it or is_admin (none otherwise). */
int store_enrollment_list(struct db *db, struct arena *arena, int64_t program_id, int64_t viewer_id,
                          bool is_admin, const char *state, struct enrollment **out);
/* Move enrollment id from state from to state to. decided_by 0 records no
 * decision (the participant withdrew). *changed is false when it was no
 * longer in state from. */
enum db_result store_enrollment_set_state(struct db *db, int64_t id, const char *from,
                                          const char *to, int64_t decided_by, int64_t now,
                                          bool *changed);
int store_enrollment_counts(struct db *db, int64_t program_id, struct enrollment_counts *out);
/* Is user_id an accepted participant of program_id, with an active account? */
int store_enrollment_is_accepted(struct db *db, int64_t program_id, int64_t user_id);
/* The accepted participants of program_id with active accounts, by name. */
int store_enrollment_accepted(struct db *db, struct arena *arena, int64_t program_id,
                              struct enrollment_participant **out);

#endif
