/* store/matching.h — SQL for automatic matching: each program's rules, what
 * the engine needs to know about a program's pool (profiles, reporting
 * lines, past partners), matching runs with their groups, unmatched
 * people and history, and participants' pairing preferences.
 *
 * Conventions as in store/program.h: lookups return 1 / 0 / -1 (found, no
 * such row, database error — logged), lists their count or -1, writes a
 * db_result; strings live in the arena passed in. Reading a run repeats
 * the access rule (the program's organizers, or an admin) in its WHERE
 * clause as a second guard behind domain/access.c. */
#ifndef PEERCOACH_STORE_MATCHING_H
#define PEERCOACH_STORE_MATCHING_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"
#include "store/user.h"

/* Weights are stored in the order of enum match_rule (match/match.h):
 * complement, similarity, level, department, timezone, availability,
 * request. */
#define STORE_MATCHING_WEIGHTS 7

struct matching_rules {
    int64_t weights[STORE_MATCHING_WEIGHTS];
    int64_t min_overlap_minutes;
    int64_t avoid_recent_rounds;
    int64_t max_level_gap; /* -1: no limit */
    bool require_shared_language;
    const char *department_mode; /* cross, same */
    const char *odd_person;      /* join, unmatched */
    int64_t updated_at;          /* 0: never saved, these are the defaults */
};

/* An accepted participant's profile, as matching reads it. */
struct matching_profile {
    int64_t user_id;
    const char *name;
    struct profile profile; /* manager_name and bio are not read */
};

struct matching_reporting_line {
    int64_t user_id, manager_id;
};

/* Two people were members of one partnership of the program in round. */
struct matching_past_pair {
    int64_t user_id, peer_id, round;
};

struct matching_member {
    int64_t user_id;
    const char *name;
};

struct matching_group {
    int64_t number; /* 1.. within the run; gaps after edits */
    int64_t score;
    const char *explanation;
    const char *factors; /* JSON list of {"rule", "points", "text"} */
    bool is_locked, is_manual, breaks_constraints;
    int64_t partnership_id; /* 0 until published */
    struct matching_member *members;
    int member_count;
};

struct matching_unmatched {
    int64_t user_id;
    const char *name;
    const char *reason; /* the engine's reason word, missing_level or manual */
    const char *explanation;
    int64_t compatible_count;
};

struct matching_edit {
    int64_t id, at, actor_id; /* actor 0: the command line */
    const char *actor_name;   /* "" for the command line */
    const char *action;       /* create, lock, unlock, move, swap, split, rerun, publish */
    const char *detail, *reason;
};

struct matching_run {
    int64_t id, program_id;
    const char *program_name;
    int64_t group_size; /* the program's: 2 = pairs, 3-4 = circles */
    const char *state;  /* draft, published, superseded */
    int64_t round, seed, version;
    const char *rules; /* JSON of the rules used */
    const char *notes;
    int64_t people_count, total_score;
    int64_t created_by; /* 0: the command line */
    const char *created_by_name;
    int64_t created_at, updated_at;
    int64_t published_by, published_at; /* 0: not published */
    struct matching_group *groups;      /* by number */
    int group_count;
    struct matching_unmatched *unmatched; /* by name */
    int unmatched_count;
    struct matching_edit *edits; /* oldest first */
    int edit_count;
};

/* --- rules ---------------------------------------------------------------- */

/* The stored rules of program_id; 0 when it has none (use the defaults). */
int store_matching_rules_get(struct db *db, struct arena *arena, int64_t program_id,
                             struct matching_rules *out);
/* Insert or replace the program's rules. updated_by 0: the command line. */
enum db_result store_matching_rules_save(struct db *db, int64_t program_id,
                                         const struct matching_rules *rules, int64_t updated_by,
                                         int64_t now);

/* --- the pool --------------------------------------------------------------- */

/* The profiles of program_id's accepted participants with active accounts,
 * by user id. Count or -1. */
int store_matching_profiles(struct db *db, struct arena *arena, int64_t program_id,
                            struct matching_profile **out);
/* Every reporting line of the organization (people with a manager), by
 * user id. Count or -1. */
int store_matching_reporting_lines(struct db *db, struct arena *arena,
                                   struct matching_reporting_line **out);
/* Every pair of people who were members of one partnership of program_id
 * (any state, declined and left included), both ways, by user id. Count
 * or -1. */
int store_matching_past_pairs(struct db *db, struct arena *arena, int64_t program_id,
                              struct matching_past_pair **out);
/* The round of the program's last published run; 0 if none, -1 on error. */
int64_t store_matching_last_round(struct db *db, int64_t program_id);

/* --- runs ------------------------------------------------------------------- */

/* Inserts the run's row (program_id, round, seed, rules, notes, counts,
 * created_by — 0 for the command line — and now) as a draft. */
enum db_result store_matching_run_insert(struct db *db, const struct matching_run *run, int64_t now,
                                         int64_t *id);
/* Replaces the run's groups, their members and its unmatched people. */
enum db_result store_matching_run_replace(struct db *db, int64_t run_id,
                                          const struct matching_group *groups, int group_count,
                                          const struct matching_unmatched *unmatched,
                                          int unmatched_count);
/* A draft's seed, rules, notes and counts from run, only if it is still a
 * draft at run->version; bumps the version. Every change to a draft goes
 * through here, so an edit computed from an older version is refused.
 * *changed is false when the run was not a draft at that version. */
enum db_result store_matching_run_update(struct db *db, const struct matching_run *run, int64_t now,
                                         bool *changed);
/* The program a run belongs to. */
int store_matching_run_program(struct db *db, int64_t run_id, int64_t *program_id);
/* A run with groups, unmatched people and history, as viewer_id may see it
 * (an organizer of its program, or any run when is_admin). */
int store_matching_run_get(struct db *db, struct arena *arena, int64_t run_id, int64_t viewer_id,
                           bool is_admin, struct matching_run *out);
/* The runs of program_id, newest first, without groups (group_count and
 * unmatched_count are filled). Count or -1. */
int store_matching_run_list(struct db *db, struct arena *arena, int64_t program_id,
                            struct matching_run **out);
enum db_result store_matching_group_set_lock(struct db *db, int64_t run_id, int64_t number,
                                             bool is_locked);
enum db_result store_matching_group_set_partnership(struct db *db, int64_t run_id, int64_t number,
                                                    int64_t partnership_id);
/* draft -> published, only at version; *changed false otherwise. */
enum db_result store_matching_run_publish(struct db *db, int64_t run_id, int64_t version,
                                          int64_t published_by, int64_t now, bool *changed);
/* Every other draft of the program -> superseded. */
enum db_result store_matching_runs_supersede(struct db *db, int64_t program_id, int64_t except_id,
                                             int64_t now);
enum db_result store_matching_edit_add(struct db *db, int64_t run_id, int64_t now, int64_t actor_id,
                                       const char *action, const char *detail, const char *reason);

/* --- pairing preferences ------------------------------------------------------ */

/* One email of a participant's list in a program: kind "pair" or "never",
 * as typed (email) and lower-case (email_key). */
struct matching_preference {
    const char *kind;
    const char *email, *email_key;
};

/* user_id's own preferences in program_id, pair first, each in the order
 * typed, while they are enrolled there (applied, accepted, waitlisted).
 * Count or -1. The WHERE names the owner: nobody else's list is ever read
 * through here. */
int store_matching_preferences_of(struct db *db, struct arena *arena, int64_t program_id,
                                  int64_t user_id, struct matching_preference **out);
/* Replaces user_id's lists in program_id with items (both kinds). */
enum db_result store_matching_preferences_replace(struct db *db, int64_t program_id,
                                                  int64_t user_id,
                                                  const struct matching_preference *items, int n,
                                                  int64_t now);

/* A preference resolved for the engine: user_id asked (kind) about
 * peer_id. Only peers who are accepted participants of the program are
 * found; the domain keeps those of the run's pool. */
struct matching_preference_link {
    int64_t user_id, peer_id;
    bool is_never; /* false: "pair" */
};
/* Every resolved preference of program_id's accepted participants, by
 * user_id then peer_id. Count or -1. */
int store_matching_preference_links(struct db *db, struct arena *arena, int64_t program_id,
                                    struct matching_preference_link **out);

#endif
