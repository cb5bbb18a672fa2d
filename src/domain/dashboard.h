/* dashboard.h — what a participant's dashboard shows: the next session,
 * open action items, active goals with progress, celebrations, unread
 * messages per partnership, and nudges.
 *
 * Everything is read as the logged-in user (ctx->user) through the
 * readers of the other areas, which apply their own access rules: a
 * partner's goal appears only when shared, an action item only to its
 * owner, and nothing of one partnership reaches a non-member.
 *
 * Nudges, in this order:
 *   proposal            a proposal waits for my answer
 *   agreement_unsigned  an active or paused partnership whose current
 *                       agreement I have not signed (gone once I sign)
 *   dropoff_nudge       drop-off step 1 (engagement.h): to the member who
 *                       cancelled or missed the last session, only
 *   check_in            drop-off steps 2 and 3: to every member;
 *                       organizer_sees is set at step 3
 *   no_session          an active partnership with no session scheduled
 *                       ahead (not shown alongside check_in, which says it)
 *   reflection_pending  a held session of the last REFLECTION_PENDING_DAYS
 *                       days with no reflection tied to it (at most 3)
 *   action_overdue      my open action items past their due date (one
 *                       nudge with the count)
 * The wording is the web layer's; the domain decides who sees what. */
#ifndef PEERCOACH_DASHBOARD_H
#define PEERCOACH_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/engagement.h"
#include "domain/partnership.h"
#include "domain/session.h"
#include "store/goal.h"
#include "store/reflection.h"

/* Celebrations of goals achieved in the last this many days. */
#define DASHBOARD_CELEBRATION_DAYS      30
#define DASHBOARD_MAX_REFLECTION_NUDGES 3

struct dashboard_nudge {
    const char *kind;       /* see above */
    int64_t partnership_id; /* 0: not about one partnership */
    const char *partners;   /* the other members' names ("Ana and Ben"); "" if none */
    int64_t session_id;     /* reflection_pending, action_overdue: the session */
    int64_t at;             /* reflection_pending: when the session was held */
    int64_t count;          /* action_overdue: how many */
    bool organizer_sees;    /* check_in at step 3 */
    bool was_cancelled;     /* dropoff_nudge: cancelled (else missed) */
};

struct dashboard_partnership {
    struct partnership_view view;
    const char *partners; /* the other current members' names */
    struct engagement engagement;
    /* The sessions engagement was assessed from, oldest first. */
    const struct engagement_session *sessions;
    int session_count;
};

struct dashboard {
    bool has_next_session;
    struct session next_session;
    const char *next_partners;
    struct session_action_due *actions;
    int action_count, overdue_count;
    struct goal *goals; /* active, with what progress is computed from */
    int goal_count;
    struct goal *celebrations; /* goal.owner_id == ctx->user->id: my own */
    int celebration_count;
    struct dashboard_partnership *partnerships;
    int partnership_count;
    struct dashboard_nudge *nudges;
    int nudge_count;
};

int dashboard_load(struct ctx *ctx, struct dashboard *out);

#endif
