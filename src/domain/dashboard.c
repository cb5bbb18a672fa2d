/* dashboard.c — a participant's dashboard; see dashboard.h. Each nudge
 * is decided here from the readers' results, so the web layer only words
 * it. */
#include "domain/dashboard.h"

#include <string.h>

#include "domain/goal.h"
#include "domain/reflection.h"

/* "Ana", "Ana and Ben", "Ana, Ben and Chloé": the members other than me. */
static const char *partners_of(struct ctx *ctx, const struct partnership *p)
{
    const char *names[PARTNERSHIP_MAX_MEMBERS + 4];
    int n = 0;
    for (int i = 0; i < p->member_count && n < (int)(sizeof names / sizeof *names); i++) {
        const struct partnership_member *m = &p->members[i];
        if (m->user_id != ctx->user->id && strcmp(m->response, "declined") != 0 && !m->left_at)
            names[n++] = m->name;
    }
    const char *text = "";
    for (int i = 0; i < n; i++)
        text = arena_printf(ctx->arena, "%s%s%s", text,
                            i == 0       ? ""
                            : i == n - 1 ? " and "
                                         : ", ",
                            names[i]);
    return text;
}

static struct dashboard_nudge *add_nudge(struct dashboard *d, const char *kind,
                                         const struct dashboard_partnership *p)
{
    struct dashboard_nudge *n = &d->nudges[d->nudge_count++];
    *n = (struct dashboard_nudge){.kind = kind, .partners = ""};
    if (p) {
        n->partnership_id = p->view.partnership.id;
        n->partners = p->partners;
    }
    return n;
}

/* The last lapse of p was a cancellation (else a miss), from the sessions
 * its engagement was assessed from. */
static bool last_lapse_was_cancelled(const struct dashboard_partnership *p)
{
    for (int i = p->session_count - 1; i >= 0; i--) {
        const char *status = p->sessions[i].status;
        if (!strcmp(status, "cancelled") || !strcmp(status, "missed"))
            return !strcmp(status, "cancelled");
    }
    return false;
}

static void partnership_nudges(struct ctx *ctx, struct dashboard *d,
                               const struct dashboard_partnership *p)
{
    const struct partnership_view *v = &p->view;
    const char *state = v->partnership.state;
    bool is_running = !strcmp(state, "active") || !strcmp(state, "paused");
    if (!strcmp(state, "proposed") && !strcmp(v->me.response, "pending"))
        add_nudge(d, "proposal", p);
    if (is_running && v->agreement.version && !v->agreement.has_signed)
        add_nudge(d, "agreement_unsigned", p);
    if (strcmp(state, "active") != 0)
        return;
    const struct engagement *e = &p->engagement;
    if (e->step == ENGAGEMENT_NUDGE && e->nudged_user_id == ctx->user->id)
        add_nudge(d, "dropoff_nudge", p)->was_cancelled = last_lapse_was_cancelled(p);
    if (e->step >= ENGAGEMENT_CHECK_IN)
        add_nudge(d, "check_in", p)->organizer_sees = e->step == ENGAGEMENT_FLAGGED;
    else if (!e->has_upcoming)
        add_nudge(d, "no_session", p);
}

static int load_partnerships(struct ctx *ctx, struct dashboard *d)
{
    struct partnership_view *views;
    int count;
    if (partnership_list_mine(ctx, &views, &count) != 0)
        return -1;
    d->partnerships = arena_zalloc(ctx->arena, sizeof *d->partnerships * (size_t)(count + 1));
    for (int i = 0; i < count; i++) {
        struct dashboard_partnership *p = &d->partnerships[i];
        p->view = views[i];
        p->partners = partners_of(ctx, &views[i].partnership);
        /* Members may read their partnership's metadata. */
        if (engagement_load(ctx, &views[i].partnership, &p->engagement, &p->sessions,
                            &p->session_count) != 0)
            return -1;
    }
    d->partnership_count = count;
    return 0;
}

static const char *partners_by_id(const struct dashboard *d, int64_t partnership_id)
{
    for (int i = 0; i < d->partnership_count; i++)
        if (d->partnerships[i].view.partnership.id == partnership_id)
            return d->partnerships[i].partners;
    return "";
}

int dashboard_load(struct ctx *ctx, struct dashboard *out)
{
    *out = (struct dashboard){.next_partners = ""};
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    if (load_partnerships(ctx, out) != 0)
        return -1;
    int found = session_next_for_user(ctx, &out->next_session);
    if (found < 0)
        return -1;
    out->has_next_session = found == 1;
    if (found)
        out->next_partners = partners_by_id(out, out->next_session.partnership_id);
    out->action_count = session_open_actions_for_user(ctx, &out->actions);
    if (out->action_count < 0)
        return -1;
    out->goal_count = goal_list_for_owner(ctx, "active", &out->goals);
    if (out->goal_count < 0)
        return -1;
    out->celebration_count = goal_celebrations(
        ctx, ctx->now - (int64_t)DASHBOARD_CELEBRATION_DAYS * ENGAGEMENT_DAY, &out->celebrations);
    if (out->celebration_count < 0)
        return -1;
    struct reflection_session *pending;
    int pending_count = reflection_pending_sessions(ctx, REFLECTION_PENDING_DAYS, &pending);
    if (pending_count < 0)
        return -1;

    /* At most: 4 per partnership, the reflections, one for overdue items. */
    out->nudges = arena_zalloc(
        ctx->arena, sizeof *out->nudges *
                        (size_t)(4 * out->partnership_count + DASHBOARD_MAX_REFLECTION_NUDGES + 1));
    for (int i = 0; i < out->partnership_count; i++)
        partnership_nudges(ctx, out, &out->partnerships[i]);
    for (int i = 0; i < pending_count && i < DASHBOARD_MAX_REFLECTION_NUDGES; i++) {
        struct dashboard_nudge *n = add_nudge(out, "reflection_pending", NULL);
        n->partnership_id = pending[i].partnership_id;
        n->partners = pending[i].partners;
        n->session_id = pending[i].id;
        n->at = pending[i].starts_at;
    }
    int64_t first_overdue_session = 0;
    for (int i = 0; i < out->action_count; i++) {
        if (!out->actions[i].is_overdue)
            continue;
        if (!out->overdue_count++)
            first_overdue_session = out->actions[i].item.session_id;
    }
    if (out->overdue_count) {
        struct dashboard_nudge *n = add_nudge(out, "action_overdue", NULL);
        n->count = out->overdue_count;
        n->session_id = first_overdue_session;
    }
    return 0;
}
