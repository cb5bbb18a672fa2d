/* store/partnership.h — SQL for partnerships (pairs and circles), their
 * members, problem reports, and the few program and enrollment facts
 * creating a partnership needs.
 *
 * Lookups return 1 (found) / 0 (no such row) / -1 (database error, logged);
 * lists return a count or -1; writes return a db_result. Strings live in the
 * arena passed in.
 *
 * Confidential columns are read only for the one reader allowed to see
 * them: decline_reason by the two *_for_program / *_for_organizers
 * queries, leave_reason by store_partnership_former (the person who
 * left). No other query selects them. */
#ifndef PEERCOACH_STORE_PARTNERSHIP_H
#define PEERCOACH_STORE_PARTNERSHIP_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct partnership_member {
    int64_t user_id;
    const char *name;
    const char *response; /* pending, accepted, declined */
    int64_t responded_at; /* 0: not yet */
    int64_t left_at;      /* 0: still a member */
    /* Organizers' metadata: filled by store_partnership_list_for_program
     * only; "" and false everywhere else. */
    const char *decline_reason;
    bool wants_rematch;
};

struct partnership {
    int64_t id, program_id;
    const char *program_name;
    const char *state; /* proposed, active, paused, ended */
    int64_t round;
    bool has_match_score;
    double match_score;
    const char *match_explanation; /* "" for a partnership formed by hand */
    int64_t created_by, created_at;
    int64_t activated_at, ended_at, ended_by; /* 0: not (yet) */
    const char *end_kind;                     /* "", declined, left, organizer, program_closed */
    struct partnership_member *members;       /* ordered by name */
    int member_count;
};

/* A partnership someone declined or left, as that person sees it: with
 * their own reason. */
struct partnership_former {
    int64_t partnership_id, program_id;
    const char *program_name;
    bool has_left; /* else they declined */
    int64_t at;    /* when they left or declined */
    const char *reason;
    bool wants_rematch;
};

struct problem_report {
    int64_t id, partnership_id, reporter_id;
    const char *reporter_name;
    const char *kind; /* boundary, confidentiality, other */
    const char *body;
    int64_t created_at, resolved_at; /* resolved_at 0: open */
};

/* Is user_id a member (not declined, not left) of a partnership of
 * program_id that has not ended? 1 / 0 / -1. */
int store_partnership_user_is_busy(struct db *db, int64_t program_id, int64_t user_id);
/* Every such user of program_id: those not in the pool. Count or -1. */
int store_partnership_busy_users(struct db *db, struct arena *arena, int64_t program_id,
                                 int64_t **out);
/* The highest round of the program's partnerships, 1 if none; -1. */
int64_t store_partnership_current_round(struct db *db, int64_t program_id);

enum db_result store_partnership_insert(struct db *db, int64_t program_id, int64_t round,
                                        const double *match_score, const char *match_explanation,
                                        int64_t created_by, int64_t now, int64_t *id);
enum db_result store_partnership_member_add(struct db *db, int64_t partnership_id, int64_t user_id);

int store_partnership_get(struct db *db, struct arena *arena, int64_t id, struct partnership *out);
/* The same with members' organizers' metadata, for the program's organizers. */
int store_partnership_get_for_organizers(struct db *db, struct arena *arena, int64_t id,
                                         struct partnership *out);
/* Partnerships user_id belongs to (not declined, not left): open ones
 * first, newest first. Count or -1. */
int store_partnership_list_for_user(struct db *db, struct arena *arena, int64_t user_id,
                                    struct partnership **out);
/* Every partnership of a program, newest first, members with organizers'
 * metadata. Count or -1. */
int store_partnership_list_for_program(struct db *db, struct arena *arena, int64_t program_id,
                                       struct partnership **out);
/* Partnerships user_id declined or left, with their own reason. Count or -1. */
int store_partnership_former(struct db *db, struct arena *arena, int64_t user_id,
                             struct partnership_former **out);
/* Ids of the program's partnerships that have not ended. Count or -1. */
int store_partnership_open_ids(struct db *db, struct arena *arena, int64_t program_id,
                               int64_t **out);

/* A member's answer to a proposal (not once declined or left). */
enum db_result store_partnership_respond(struct db *db, int64_t partnership_id, int64_t user_id,
                                         const char *response, const char *decline_reason,
                                         int64_t now);
/* proposed -> active. */
enum db_result store_partnership_activate(struct db *db, int64_t partnership_id, int64_t now);
/* from -> to, only if the state is still from. */
enum db_result store_partnership_set_state(struct db *db, int64_t partnership_id, const char *from,
                                           const char *to);
/* Any state but ended -> ended. ended_by 0: no one (the system). */
enum db_result store_partnership_end(struct db *db, int64_t partnership_id, const char *end_kind,
                                     int64_t ended_by, int64_t now);
enum db_result store_partnership_leave(struct db *db, int64_t partnership_id, int64_t user_id,
                                       const char *reason, bool wants_rematch, int64_t now);

enum db_result store_problem_report_insert(struct db *db, int64_t partnership_id,
                                           int64_t reporter_id, const char *kind, const char *body,
                                           int64_t now, int64_t *id);
/* A program's reports, open ones first, newest first. Count or -1. */
int store_problem_report_list(struct db *db, struct arena *arena, int64_t program_id,
                              struct problem_report **out);
/* Report id, only if it belongs to a partnership of program_id. */
int store_problem_report_get(struct db *db, struct arena *arena, int64_t program_id, int64_t id,
                             struct problem_report *out);
enum db_result store_problem_report_resolve(struct db *db, int64_t program_id, int64_t id,
                                            int64_t now);

#endif
