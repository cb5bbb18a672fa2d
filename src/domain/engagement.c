/* engagement.c — drop-off steps and at-risk flags; the rules and their
 * reasons are in engagement.h. */
#include "domain/engagement.h"

#include <string.h>

#include "domain/schedule.h"
#include "store/agreement.h"

int64_t engagement_period_seconds(const char *cadence)
{
    if (cadence && !strcmp(cadence, "weekly"))
        return 7 * ENGAGEMENT_DAY;
    if (cadence && !strcmp(cadence, "monthly"))
        return 30 * ENGAGEMENT_DAY;
    return 14 * ENGAGEMENT_DAY;
}

int64_t engagement_expected(const char *cadence, int64_t from, int64_t to)
{
    enum schedule_cadence c;
    if (!from || !cadence || schedule_cadence_parse(cadence, &c) != 0)
        return 0;
    return schedule_expected_count(c, from, to);
}

static bool is_lapse(const struct engagement_session *s)
{
    return !strcmp(s->status, "cancelled") || !strcmp(s->status, "missed");
}

static int64_t lapse_by(const struct engagement_session *s)
{
    return !strcmp(s->status, "cancelled") ? s->cancelled_by : s->missed_by;
}

/* Held count, last held, upcoming, and the run of lapses at the end. */
static void read_sessions(const struct engagement_facts *f, int64_t now, struct engagement *out)
{
    bool run_open = true;
    for (int i = f->session_count - 1; i >= 0; i--) {
        const struct engagement_session *s = &f->sessions[i];
        if (!strcmp(s->status, "held")) {
            out->held++;
            if (s->starts_at > out->last_held_at)
                out->last_held_at = s->starts_at;
            run_open = false;
        } else if (is_lapse(s)) {
            if (run_open && out->lapses_in_a_row++ == 0)
                out->nudged_user_id = lapse_by(s);
        } else if (!strcmp(s->status, "scheduled") && s->starts_at > now) {
            out->has_upcoming = true;
        }
        /* A scheduled session whose time has passed without a status says
         * nothing either way: it neither breaks nor extends the run. */
    }
}

/* one_sided: 3+ lapses, three quarters or more by one person. */
static void read_one_sided(const struct engagement_facts *f, struct engagement *out)
{
    struct {
        int64_t user_id, count;
    } people[8] = {{0}};
    int people_count = 0;
    for (int i = 0; i < f->session_count; i++) {
        if (!is_lapse(&f->sessions[i]))
            continue;
        out->lapse_total++;
        int64_t who = lapse_by(&f->sessions[i]);
        int k = 0;
        while (k < people_count && people[k].user_id != who)
            k++;
        if (k == people_count) {
            if (people_count == (int)(sizeof people / sizeof *people))
                continue; /* more people than a partnership holds: ignore */
            people[people_count++].user_id = who;
        }
        people[k].count++;
    }
    for (int k = 0; k < people_count; k++) {
        if (people[k].count > out->one_sided_count) {
            out->one_sided_count = people[k].count;
            out->one_sided_user_id = people[k].user_id;
        }
    }
    out->one_sided = out->lapse_total >= ENGAGEMENT_ONE_SIDED_MIN &&
                     out->one_sided_count * 4 >= out->lapse_total * 3;
    if (!out->one_sided)
        out->one_sided_user_id = 0;
}

void engagement_assess(const struct engagement_facts *f, int64_t now, struct engagement *out)
{
    *out = (struct engagement){.cadence = f->cadence};
    bool is_active = f->state && !strcmp(f->state, "active");
    bool was_active = f->active_since && strcmp(f->state ? f->state : "", "proposed") != 0;
    read_sessions(f, now, out);
    if (was_active)
        out->expected =
            engagement_expected(f->cadence, f->active_since, f->ended_at ? f->ended_at : now);
    if (f->agreement_in_force)
        out->in_force_since = f->agreement_signed_at;
    if (!is_active) {
        out->nudged_user_id = 0;
        return;
    }

    int64_t period = engagement_period_seconds(f->cadence);
    out->quiet_since = out->last_held_at > f->active_since ? out->last_held_at : f->active_since;
    int64_t quiet = now - out->quiet_since;
    out->no_recent_session = quiet >= 2 * period;
    out->repeated_lapses = out->lapses_in_a_row >= ENGAGEMENT_FLAG_LAPSES;
    if (out->no_recent_session || out->repeated_lapses)
        out->step = ENGAGEMENT_FLAGGED;
    else if (out->lapses_in_a_row >= ENGAGEMENT_CHECK_IN_LAPSES || 2 * quiet >= 3 * period)
        out->step = ENGAGEMENT_CHECK_IN;
    else if (out->lapses_in_a_row == 1)
        out->step = ENGAGEMENT_NUDGE;
    if (out->step != ENGAGEMENT_NUDGE)
        out->nudged_user_id = 0;

    read_one_sided(f, out);

    if (!f->agreement_in_force) {
        out->unsigned_since =
            f->agreement_version_at > f->active_since ? f->agreement_version_at : f->active_since;
        out->agreement_unsigned =
            now - out->unsigned_since >= ENGAGEMENT_UNSIGNED_DAYS * ENGAGEMENT_DAY;
    }
    out->is_at_risk =
        out->no_recent_session || out->repeated_lapses || out->one_sided || out->agreement_unsigned;
}

int engagement_load(struct ctx *ctx, const struct partnership *p, struct engagement *out,
                    const struct engagement_session **sessions_out, int *session_count)
{
    struct engagement_session *sessions;
    int count = store_engagement_sessions(ctx->db, ctx->arena, p->id, &sessions);
    if (count < 0)
        return fail_internal(ctx, "reading sessions");
    struct engagement_agreement agreement = {0};
    int found = store_engagement_agreement(ctx->db, ctx->arena, p->id, &agreement);
    if (found <= 0)
        return found < 0 ? fail_internal(ctx, "reading agreement") : fail_not_found(ctx);
    int in_force = store_agreement_in_force(ctx->db, p->id);
    if (in_force < 0)
        return fail_internal(ctx, "reading agreement state");
    /* A running partnership without an activation time (none is made
     * that way today) counts from its creation rather than from 1970. */
    bool is_running = !strcmp(p->state, "active") || !strcmp(p->state, "paused");
    struct engagement_facts facts = {
        .state = p->state,
        .cadence = agreement.cadence,
        .active_since = p->activated_at || !is_running ? p->activated_at : p->created_at,
        .ended_at = p->ended_at,
        .sessions = sessions,
        .session_count = count,
        .agreement_in_force = in_force == 1,
        .agreement_version_at = agreement.version_created_at,
        .agreement_signed_at = agreement.last_signed_at,
    };
    engagement_assess(&facts, ctx->now, out);
    if (sessions_out) {
        *sessions_out = sessions;
        *session_count = count;
    }
    return 0;
}
