/* goal.h — goals: SMART fields, a measure (a number from a baseline to a
 * target, or a checklist of milestones), status, check-ins, progress, the
 * history of adjustments, and who may see them.
 *
 * Access: a goal is read by its owner, and when shared also by the owner's
 * partners (access_require_goal_reader); everyone else gets 404 through
 * every function here. Only the owner changes a goal or checks in (a
 * partner who can read it gets 403).
 *
 * Progress, 0 … 100 %:
 *   number goals      (latest value - baseline) / (target - baseline),
 *                     clamped; works the same for decreasing targets
 *                     (errors from 20 down to 5). No check-in yet: 0 %.
 *   milestone goals   milestones done / milestones on the list.
 * A check-in that brings an active goal to 100 % achieves it at once (the
 * owner can reopen it). A goal that reaches 100 % another way — say its
 * target was lowered to where the latest value already is — is not
 * achieved behind the owner's back: the goal page asks them.
 *
 * Status transitions:
 *   active   -> achieved, paused, dropped
 *   paused   -> active, dropped
 *   achieved -> active   (reopen)
 *   dropped  -> active   (revive)
 * anything else is a 409. Achieved and dropped goals are closed: only
 * their status and visibility may change. Check-ins need an active goal.
 *
 * Changing the target, the baseline, the target date or the milestone list
 * needs a reason and records one adjustment per changed field; status
 * changes are recorded too (reason optional), so the goal page shows the
 * whole story. */
#ifndef PEERCOACH_GOAL_H
#define PEERCOACH_GOAL_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/ctx.h"
#include "store/goal.h"

#define GOAL_TITLE_CHARS     120
#define GOAL_SPECIFIC_CHARS  2000
#define GOAL_UNIT_CHARS      30
#define GOAL_MILESTONE_CHARS 200
#define GOAL_MAX_MILESTONES  30
#define GOAL_NOTE_CHARS      2000
#define GOAL_REASON_CHARS    500
#define GOAL_MAX_PER_OWNER   200
#define GOAL_MAX_CHECKINS    1000
/* Numbers people enter are at most this large in magnitude. */
#define GOAL_NUMBER_LIMIT 1e12
/* Room for any number goal_format_number() writes. */
#define GOAL_NUMBER_CHARS 48

extern const char *const goal_statuses[];     /* active, achieved, paused, dropped */
extern const char *const goal_visibilities[]; /* private, shared */
extern const char *const goal_measures[];     /* number, milestones */

/* A goal with everything its page shows. */
struct goal_detail {
    struct goal goal;
    struct goal_milestone *milestones; /* on the list only, in order */
    int milestone_count;
    struct goal_checkin *checkins; /* oldest first */
    int checkin_count;
    struct goal_adjustment *adjustments; /* oldest first */
    int adjustment_count;
};

/* Pure pieces (no database). */
double goal_progress_number(double baseline, double target, double latest);
double goal_progress_milestones(int64_t done, int64_t total);
/* Progress of a goal read from the store, 0 … 100. */
double goal_progress(const struct goal *goal);
/* Whole percent for display, rounded down, so 100 means really reached. */
int goal_percent(double progress);
bool goal_status_change_allowed(const char *from, const char *to);
/* Shortest decimal text that reads back as value: 20, 2.5, -0.125, 1e+15. */
void goal_format_number(double value, char out[GOAL_NUMBER_CHARS]);

/* Create a goal owned by the caller from an API-shaped object:
 *   {"title", "specific", "measure": "number" | "milestones",
 *    "baseline", "target", "unit"          (number goals),
 *    "milestones": ["…", …]                  (milestone goals),
 *    "target_date": "YYYY-MM-DD" (today or later in the owner's time zone),
 *    "priority": 1-3 (default 2), "visibility": "private" | "shared",
 *    "program_id": a program the owner is enrolled in, or null}
 * Types are checked strictly; *id receives the new goal's id. */
int goal_create(struct ctx *ctx, json_t *fields, int64_t *id);

/* Partial update by the owner: any field of goal_create but "measure",
 * plus "status" and "reason" (required when target, baseline, target_date
 * or milestones change). "milestones" is the whole new list in order;
 * milestones are matched by text, so a kept one keeps its done state. */
int goal_update(struct ctx *ctx, int64_t id, json_t *changes);

/* Check in on an active goal the caller owns:
 *   {"on_date": "YYYY-MM-DD" (not in the future), "confidence": 1-5,
 *    "note": "…", "value": number (number goals, required),
 *    "milestone_id": id (milestone goals, optional: the milestone done)}
 * *achieved is set when this check-in achieved the goal. */
int goal_checkin_add(struct ctx *ctx, int64_t goal_id, json_t *fields, int64_t *checkin_id,
                     bool *achieved);

/* The goal if the caller may read it (404 otherwise). */
int goal_get(struct ctx *ctx, int64_t id, struct goal *out);
int goal_detail(struct ctx *ctx, int64_t id, struct goal_detail *out);

/* For the sessions area: may the caller link goal_id to a session? Yes
 * when they may read it (their own, or a partner's shared goal); 404
 * otherwise, exactly as reading it would answer. */
int goal_require_linkable(struct ctx *ctx, int64_t goal_id);

/* The caller's own goals with progress (status NULL: all; "active" for the
 * dashboard), active first, then by priority and target date. Count or -1. */
int goal_list_for_owner(struct ctx *ctx, const char *status, struct goal **out);
/* Goals the caller's partners share with them (active and achieved). */
int goal_list_shared_with_me(struct ctx *ctx, struct goal **out);

/* For the dashboard: goals achieved at or after since (UTC seconds) that
 * deserve a celebration on the caller's dashboard — their own (private
 * ones too) and their partners' shared ones — newest first, at most 20.
 * Tell them apart by goal.owner_id == ctx->user->id. Count or -1. */
int goal_celebrations(struct ctx *ctx, int64_t since, struct goal **out);

/* Programs the caller may tie a goal to (enrolled: applied, accepted or
 * waitlisted). Count or -1. */
int goal_programs(struct ctx *ctx, struct goal_program **out);

#endif
