/* engagement.h — is a partnership meeting? Drop-off steps for its members
 * and at-risk flags for its organizers, computed on the fly from session
 * metadata (dates, statuses, who cancelled or missed) and the agreement's
 * signatures. Nothing is stored: the answer follows the sessions as they
 * change, and a held session clears what lapses raised.
 *
 * Words: a "lapse" is a session that was cancelled or missed, attributed
 * to the member who cancelled it or missed it. The "period" is the
 * agreement's cadence: 7 days weekly, 14 every two weeks, 30 monthly (a
 * nudge needs no calendar precision; counting expected sessions, below,
 * does). The "quiet time" runs from the last held session, or from when
 * the partnership became active if none was held.
 *
 * Drop-off, handled privately and in steps (active partnerships only —
 * a pause is the members' own choice and raises nothing):
 *   1 nudge      the latest session (calendar order) was a lapse and the
 *                one before it was not: only the member who cancelled or
 *                missed it is nudged to propose a new time.
 *   2 check in   2 lapses in a row, or quiet for 1.5 periods: every member
 *                is asked to check in on their agreement together.
 *   3 flagged    3 lapses in a row, or quiet for 2 periods: the program's
 *                organizers see the pair flagged (metadata only); members
 *                keep the step-2 nudge and are told the organizers can see
 *                that sessions have lapsed.
 * Because the quiet-time thresholds grow (1.5 then 2 periods) and the
 * lapse counts too (1, 2, 3), members are always asked before an
 * organizer is told.
 *
 * At risk, for organizers (active partnerships only), each with a reason:
 *   no_recent_session  no held session for 2 periods (the step-3 quiet rule)
 *   repeated_lapses    3 or more lapses in a row (the step-3 lapse rule)
 *   one_sided          at least 3 lapses in the partnership's history and
 *                      one member accounts for at least three quarters of
 *                      them ("mostly by one member": 3 of 3, 3 of 4, 4 of 5)
 *   agreement_unsigned the current agreement is not signed by every member
 *                      14 days after the partnership became active or after
 *                      the version was made, whichever is later (an edit
 *                      restarts the clock, since it clears signatures).
 *
 * Expected sessions: whole cadence periods from when the partnership
 * became active to now (or to its end), calendar months for monthly —
 * schedule_expected_count(). A partnership that was never active
 * expects none. */
#ifndef PEERCOACH_ENGAGEMENT_H
#define PEERCOACH_ENGAGEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "store/engagement.h"
#include "store/partnership.h"

#define ENGAGEMENT_DAY             86400
#define ENGAGEMENT_CHECK_IN_LAPSES 2
#define ENGAGEMENT_FLAG_LAPSES     3
#define ENGAGEMENT_ONE_SIDED_MIN   3
#define ENGAGEMENT_UNSIGNED_DAYS   14

enum engagement_step {
    ENGAGEMENT_STEADY = 0,
    ENGAGEMENT_NUDGE = 1,    /* the member who lapsed, only */
    ENGAGEMENT_CHECK_IN = 2, /* every member */
    ENGAGEMENT_FLAGGED = 3,  /* every member, and the organizers */
};

/* What the rules read about one partnership. */
struct engagement_facts {
    const char *state;                         /* proposed, active, paused, ended */
    const char *cadence;                       /* weekly, biweekly, monthly */
    int64_t active_since;                      /* when it became active; 0: never */
    int64_t ended_at;                          /* 0: not ended */
    const struct engagement_session *sessions; /* calendar order */
    int session_count;
    bool agreement_in_force;
    int64_t agreement_version_at; /* when the current version was made; 0: none */
    int64_t agreement_signed_at;  /* the last signature that put it in force */
};

struct engagement {
    const char *cadence; /* the cadence the rules used */
    enum engagement_step step;
    int64_t nudged_user_id; /* step 1: who lapsed; 0 otherwise */
    int lapses_in_a_row;
    int64_t held, expected;
    int64_t last_held_at; /* 0: none yet */
    int64_t quiet_since;  /* last held session, or when it became active; 0: not active */
    bool has_upcoming;    /* a scheduled session starts after now */
    /* At-risk flags (active partnerships only). */
    bool is_at_risk;
    bool no_recent_session, repeated_lapses, one_sided, agreement_unsigned;
    int64_t one_sided_user_id;
    int64_t one_sided_count, lapse_total;
    int64_t unsigned_since; /* when the agreement_unsigned clock started */
    int64_t in_force_since; /* 0: not in force */
};

/* The cadence's period in seconds (14 days for anything unknown). */
int64_t engagement_period_seconds(const char *cadence);
/* Sessions the cadence expects between from and to (0 when from is 0). */
int64_t engagement_expected(const char *cadence, int64_t from, int64_t to);
/* The rules above, pure. */
void engagement_assess(const struct engagement_facts *facts, int64_t now, struct engagement *out);

/* Load a partnership's facts and assess them. No access check of its own:
 * the caller has checked that ctx->user is a member of p or an organizer
 * of its program (both may read this metadata). *sessions (when not NULL)
 * receives the sessions it read, *session_count their number. */
int engagement_load(struct ctx *ctx, const struct partnership *p, struct engagement *out,
                    const struct engagement_session **sessions, int *session_count);

#endif
