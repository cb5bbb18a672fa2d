/* store/program.h — SQL for programs, their organizers and their readiness
 * questions.
 *
 * Records are filled from rows; their strings live in the arena passed in.
 * Lookups return 1 (found), 0 (no such row) or -1 (database error, already
 * logged); lists return their count or -1. Writes return a db_result, so a
 * caller can tell a duplicate (DB_CONSTRAINT) from a failure. Reads that a
 * caller may not be entitled to repeat the access rule of domain/access.c
 * in their WHERE clause, as a second guard. */
#ifndef PEERCOACH_STORE_PROGRAM_H
#define PEERCOACH_STORE_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

/* Dates are "YYYY-MM-DD" text; instants are UTC seconds. */
struct program {
    int64_t id;
    const char *name, *description, *objectives; /* the last two Markdown */
    const char *method;                          /* a key of domain/method.h */
    int64_t group_size;                          /* 2 = pairs, 3-4 = circles */
    const char *cadence;                         /* weekly, biweekly, monthly */
    int64_t session_minutes;
    const char *starts_on, *ends_on, *enroll_opens_on, *enroll_closes_on;
    const char *state; /* draft, enrolling, running, closed */
    int64_t created_by, created_at, updated_at;
};

/* A program as one row of a person's program list. */
struct program_summary {
    struct program program;
    bool is_organizer;                     /* the viewer organizes it */
    int64_t my_enrollment_id;              /* the viewer's enrollment, 0 for none */
    const char *my_state;                  /* its state, NULL for none */
    int64_t applied, accepted, waitlisted; /* enrollments in each state */
};

struct program_organizer {
    int64_t user_id;
    const char *name, *email;
};

struct readiness_question {
    int64_t id, program_id, position;
    const char *text;
    const char *default_key; /* "" for an organizer's own question */
    bool is_required;
};

enum db_result store_program_insert(struct db *db, const struct program *p, int64_t *id);
/* program_id as viewer_id may see it: not a draft, or viewer_id organizes it,
 * or is_admin. */
int store_program_get(struct db *db, struct arena *arena, int64_t program_id, int64_t viewer_id,
                      bool is_admin, struct program *out);
/* Every column a person may edit, from p. */
enum db_result store_program_update(struct db *db, const struct program *p, int64_t now);
/* Move program_id from state from to state to; *changed is false when it
 * was no longer in state from. */
enum db_result store_program_set_state(struct db *db, int64_t program_id, const char *from,
                                       const char *to, int64_t now, bool *changed);
/* The programs viewer_id should see listed: every program for an admin;
 * otherwise those they organize, those open for enrollment, and non-draft
 * ones they have an enrollment in. Open ones first, closed ones last. */
int store_program_list(struct db *db, struct arena *arena, int64_t viewer_id, bool is_admin,
                       struct program_summary **out);

/* DB_CONSTRAINT when user_id already organizes program_id. */
enum db_result store_program_organizer_add(struct db *db, int64_t program_id, int64_t user_id);
/* Ordered by name. */
int store_program_organizers(struct db *db, struct arena *arena, int64_t program_id,
                             struct program_organizer **out);

enum db_result store_question_insert(struct db *db, const struct readiness_question *q,
                                     int64_t *id);
/* In position order. */
int store_question_list(struct db *db, struct arena *arena, int64_t program_id,
                        struct readiness_question **out);
/* Removes an organizer's own question (never a default one); *removed says
 * whether a row went. */
enum db_result store_question_delete(struct db *db, int64_t program_id, int64_t question_id,
                                     bool *removed);

#endif
