/* program_health.h — an organizer's view of how a program is going:
 * enrollments by state, each partnership's metadata (state, members'
 * names, sessions held vs expected, last held session, cancellations and
 * misses per member, whether the agreement is signed and since when),
 * at-risk flags with their reasons (domain/engagement.h), and feedback
 * averages over at least FEEDBACK_MIN_RESPONDENTS people.
 *
 * Metadata only, by construction: nothing here reads an agenda, notes,
 * action items, messages, the agreement's text, a goal, a reflection, a
 * feedback comment, a cancellation reason or a session's place. For the
 * program's organizers and admins (access_require_program_organizer: 403
 * to others who can see the program, 404 to those who cannot). */
#ifndef PEERCOACH_PROGRAM_HEALTH_H
#define PEERCOACH_PROGRAM_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/engagement.h"
#include "domain/feedback.h"
#include "store/enrollment.h"
#include "store/program.h"

struct program_health_member {
    int64_t user_id;
    const char *name;
    int64_t cancelled, missed;
};

/* Why a partnership is at risk, for people: code (engagement.h) and text. */
struct program_health_reason {
    const char *code, *text;
};

struct program_health_partnership {
    int64_t id;
    const char *state, *end_kind;
    int64_t round, created_at, activated_at, ended_at;
    const char *cadence;
    struct program_health_member *members; /* current members (all, once ended) */
    int member_count;
    struct engagement engagement; /* held, expected, last held, flags */
    bool agreement_in_force;
    struct program_health_reason *reasons;
    int reason_count;
};

struct program_health {
    struct program program;
    struct enrollment_counts enrollments;
    struct program_health_partnership *partnerships; /* at risk first, then newest */
    int count;
    int at_risk_count;
    int64_t partnership_counts[4]; /* proposed, active, paused, ended */
    struct feedback_averages feedback;
};

int program_health_load(struct ctx *ctx, int64_t program_id, struct program_health *out);

#endif
