/* store/goal.h — SQL for goals, their milestones, check-ins and the
 * history of adjustments and status changes.
 *
 * Record strings live in the arena passed in. Lookups return 1 / 0 / -1
 * (found, no such row, database error already logged); lists return their
 * count or -1; writes return a db_result.
 *
 * Numbers (baseline, target, check-in values) travel as text: the storage
 * interface binds integers and text only, and both SQLite and PostgreSQL
 * convert decimal text to and from a DOUBLE PRECISION column exactly for
 * the up to 15 significant digits a person types. */
#ifndef PEERCOACH_STORE_GOAL_H
#define PEERCOACH_STORE_GOAL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct goal {
    int64_t id, owner_id;
    const char *owner_name;
    int64_t program_id;       /* 0: not tied to a program */
    const char *program_name; /* "" when none */
    const char *title, *specific;
    const char *measure;     /* "number" or "milestones" */
    double baseline, target; /* number goals only */
    const char *unit;        /* number goals: "errors", "%", "" */
    const char *target_date; /* "YYYY-MM-DD" */
    int64_t priority;        /* 1 (highest) … 3 */
    const char *status;      /* active, achieved, paused, dropped */
    const char *visibility;  /* private, shared */
    int64_t created_at, updated_at;
    int64_t achieved_at; /* 0: not achieved */
    /* What progress is computed from, read with the goal. */
    bool has_latest;     /* a check-in with a value exists */
    double latest_value; /* the value of the latest one (by date, then entry) */
    int64_t milestones_total, milestones_done; /* not counting removed ones */
};

struct goal_milestone {
    int64_t id, position;
    const char *text;
    int64_t done_at;    /* 0: not done */
    int64_t removed_at; /* 0: on the list */
};

struct goal_checkin {
    int64_t id;
    const char *on_date; /* "YYYY-MM-DD" */
    bool has_value;
    double value;
    int64_t milestone_id;       /* 0: none */
    const char *milestone_text; /* "" when none */
    const char *note;
    int64_t confidence; /* 1 … 5 */
    int64_t created_at;
};

/* A change of target, baseline, target date or milestones (with the
 * owner's reason), or of status. */
struct goal_adjustment {
    int64_t id, at;
    const char *field, *old_value, *new_value, *reason;
};

/* A program a person may tie a goal to. */
struct goal_program {
    int64_t id;
    const char *name;
};

enum db_result store_goal_insert(struct db *db, const struct goal *goal, int64_t now, int64_t *id);
/* Writes every changeable column of goal (by goal->id, and only while
 * goal->owner_id still owns it). */
enum db_result store_goal_update(struct db *db, const struct goal *goal, int64_t now);

/* The goal, if viewer_id may read it: viewer_id owns it, or it is shared
 * and they are partners (a common partnership neither declined nor left).
 * The access rule is decided in domain/access.c; this repeats it. */
int store_goal_get(struct db *db, struct arena *arena, int64_t id, int64_t viewer_id,
                   struct goal *out);
/* owner_id's goals (status NULL: every status), by priority then target
 * date, at most limit. */
int store_goal_list_owned(struct db *db, struct arena *arena, int64_t owner_id, const char *status,
                          int limit, struct goal **out);
/* How many goals owner_id has. */
int64_t store_goal_count_owned(struct db *db, int64_t owner_id);
/* Shared active or achieved goals of viewer_id's partners, at most limit. */
int store_goal_list_partners(struct db *db, struct arena *arena, int64_t viewer_id, int limit,
                             struct goal **out);
/* Goals achieved at or after since that viewer_id may read — their own and
 * their partners' shared ones — newest first, at most limit. */
int store_goal_list_achieved(struct db *db, struct arena *arena, int64_t viewer_id, int64_t since,
                             int limit, struct goal **out);

/* Every milestone of goal_id, removed ones included, by position. */
int store_goal_milestones(struct db *db, struct arena *arena, int64_t goal_id,
                          struct goal_milestone **out);
enum db_result store_goal_milestone_insert(struct db *db, int64_t goal_id, int64_t position,
                                           const char *text);
/* Move a milestone to position and put it on the list (removed_at 0) or
 * take it off (removed_at the time). */
enum db_result store_goal_milestone_place(struct db *db, int64_t goal_id, int64_t milestone_id,
                                          int64_t position, int64_t removed_at);
enum db_result store_goal_milestone_done(struct db *db, int64_t goal_id, int64_t milestone_id,
                                         int64_t done_at);

enum db_result store_goal_checkin_insert(struct db *db, int64_t goal_id,
                                         const struct goal_checkin *checkin, int64_t now,
                                         int64_t *id);
/* goal_id's check-ins in the order they happened (date, then entry). */
int store_goal_checkins(struct db *db, struct arena *arena, int64_t goal_id,
                        struct goal_checkin **out);
int64_t store_goal_checkin_count(struct db *db, int64_t goal_id);

enum db_result store_goal_adjustment_insert(struct db *db, int64_t goal_id, int64_t at,
                                            const char *field, const char *old_value,
                                            const char *new_value, const char *reason);
/* goal_id's history, oldest first. */
int store_goal_adjustments(struct db *db, struct arena *arena, int64_t goal_id,
                           struct goal_adjustment **out);

/* Programs user_id has an enrollment in that is applied, accepted or
 * waitlisted (not declined or withdrawn), by name. */
int store_goal_programs(struct db *db, struct arena *arena, int64_t user_id,
                        struct goal_program **out);
/* Is user_id enrolled (as above) in program_id? 1 / 0 / -1. */
int store_goal_program_enrolled(struct db *db, int64_t program_id, int64_t user_id);

#endif
