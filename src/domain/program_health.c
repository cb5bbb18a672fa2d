/* program_health.c — the organizers' health view of a program; see
 * program_health.h. Partnerships come from partnership_program_overview(),
 * which applies the organizer check and hides who left an ended
 * partnership; everything else is counts and dates. */
#include "domain/program_health.h"

#include <string.h>

#include "domain/access.h"
#include "domain/agreement.h"
#include "domain/partnership.h"

static const char *const partnership_states[] = {"proposed", "active", "paused", "ended"};

static const char *member_name(const struct program_health_partnership *h, int64_t user_id)
{
    for (int i = 0; i < h->member_count; i++)
        if (h->members[i].user_id == user_id)
            return h->members[i].name;
    return "a former member";
}

static void add_reason(struct program_health_partnership *h, const char *code, const char *text)
{
    h->reasons[h->reason_count++] = (struct program_health_reason){code, text};
}

/* The at-risk reasons of h, in the order of engagement.h. */
static void explain(struct arena *arena, int64_t now, struct program_health_partnership *h)
{
    const struct engagement *e = &h->engagement;
    h->reasons = arena_alloc(arena, 4 * sizeof *h->reasons);
    if (e->no_recent_session)
        add_reason(h, "no_recent_session",
                   arena_printf(arena,
                                "No session held for %lld days, more than twice the cadence "
                                "(%s).",
                                (long long)((now - e->quiet_since) / ENGAGEMENT_DAY),
                                agreement_cadence_text(h->cadence)));
    if (e->repeated_lapses)
        add_reason(h, "repeated_lapses",
                   arena_printf(arena, "The last %d sessions were cancelled or missed.",
                                e->lapses_in_a_row));
    if (e->one_sided)
        add_reason(h, "one_sided",
                   arena_printf(arena, "%lld of %lld cancelled or missed sessions were by %s.",
                                (long long)e->one_sided_count, (long long)e->lapse_total,
                                member_name(h, e->one_sided_user_id)));
    if (e->agreement_unsigned)
        add_reason(h, "agreement_unsigned",
                   arena_printf(arena, "The agreement has waited %lld days for every signature.",
                                (long long)((now - e->unsigned_since) / ENGAGEMENT_DAY)));
}

static int load_partnership(struct ctx *ctx, const struct partnership *p,
                            struct program_health_partnership *h)
{
    *h = (struct program_health_partnership){
        .id = p->id,
        .state = p->state,
        .end_kind = p->end_kind,
        .round = p->round,
        .created_at = p->created_at,
        .activated_at = p->activated_at,
        .ended_at = p->ended_at,
    };
    h->members = arena_zalloc(ctx->arena, sizeof *h->members * (size_t)(p->member_count + 1));
    for (int i = 0; i < p->member_count; i++) {
        const struct partnership_member *m = &p->members[i];
        if (!strcmp(m->response, "declined") || m->left_at)
            continue;
        h->members[h->member_count++] =
            (struct program_health_member){.user_id = m->user_id, .name = m->name};
    }
    const struct engagement_session *sessions;
    int session_count;
    if (engagement_load(ctx, p, &h->engagement, &sessions, &session_count) != 0)
        return -1;
    for (int i = 0; i < session_count; i++) {
        for (int k = 0; k < h->member_count; k++) {
            struct program_health_member *m = &h->members[k];
            if (!strcmp(sessions[i].status, "cancelled") && sessions[i].cancelled_by == m->user_id)
                m->cancelled++;
            if (!strcmp(sessions[i].status, "missed") && sessions[i].missed_by == m->user_id)
                m->missed++;
        }
    }
    h->cadence = h->engagement.cadence;
    h->agreement_in_force = h->engagement.in_force_since != 0;
    explain(ctx->arena, ctx->now, h);
    return 0;
}

int program_health_load(struct ctx *ctx, int64_t program_id, struct program_health *out)
{
    *out = (struct program_health){0};
    struct partnership_program_overview overview;
    if (partnership_program_overview(ctx, program_id, &overview) != 0)
        return -1;
    out->program = overview.program;
    if (store_enrollment_counts(ctx->db, program_id, &out->enrollments) != 0)
        return fail_internal(ctx, "counting enrollments");
    if (feedback_program_averages(ctx, program_id, &out->feedback) != 0)
        return -1;

    struct program_health_partnership *all =
        arena_alloc(ctx->arena, sizeof *all * (size_t)(overview.count + 1));
    for (int i = 0; i < overview.count; i++) {
        if (load_partnership(ctx, &overview.partnerships[i].partnership, &all[i]) != 0)
            return -1;
        for (size_t k = 0; k < 4; k++)
            if (!strcmp(all[i].state, partnership_states[k]))
                out->partnership_counts[k]++;
    }
    /* At-risk partnerships first, each group keeping the overview's order
     * (newest first). */
    out->partnerships = arena_alloc(ctx->arena, sizeof *all * (size_t)(overview.count + 1));
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < overview.count; i++)
            if (all[i].engagement.is_at_risk == (pass == 0))
                out->partnerships[out->count++] = all[i];
    for (int i = 0; i < out->count; i++)
        out->at_risk_count += out->partnerships[i].engagement.is_at_risk;
    return 0;
}
