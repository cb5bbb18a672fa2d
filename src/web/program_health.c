/* program_health.c — an organizer's view of a program's health: the API,
 * its page, and the same table as a CSV download.
 *
 * The view is built from struct program_health only, which holds counts,
 * dates, states and names (domain/program_health.h): this file has no way
 * to reach a partnership's agenda, notes, action items, messages,
 * agreement text, goals or feedback comments. Feedback appears only as
 * averages, and only when at least FEEDBACK_MIN_RESPONDENTS people
 * answered. */
#include <string.h>
#include <time.h>

#include "domain/agreement.h"
#include "domain/program_health.h"
#include "lib/strbuf.h"
#include "web/handlers.h"
#include "web/partnership.h"
#include "web/view.h"

static const struct view_text state_texts[] = {
    {"proposed", "Proposed"},
    {"active", "Active"},
    {"paused", "Paused"},
    {"ended", "Ended"},
};

static const char *state_text(const char *state)
{
    return VIEW_TEXT_OF(state_texts, state, state);
}

/* "2026-11-23", or "" for 0. */
static const char *date_text(struct arena *arena, int64_t seconds)
{
    if (!seconds)
        return "";
    time_t t = (time_t)seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    return arena_printf(arena, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static json_t *member_view(const struct program_health_member *m)
{
    return json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)m->user_id, "name", m->name,
                     "cancelled", (json_int_t)m->cancelled, "missed", (json_int_t)m->missed);
}

/* "Ana", "Ana and Ben", "Ana, Ben and Chloé". */
static const char *members_text(struct web *w, const struct program_health_partnership *h)
{
    const char *text = "";
    for (int i = 0; i < h->member_count; i++)
        text = arena_printf(w->ctx.arena, "%s%s%s", text,
                            i == 0                     ? ""
                            : i == h->member_count - 1 ? " and "
                                                       : ", ",
                            h->members[i].name);
    return text;
}

static json_t *partnership_view(struct web *w, const struct program_health_partnership *h)
{
    const struct engagement *e = &h->engagement;
    json_t *members = json_array();
    for (int i = 0; i < h->member_count; i++)
        json_array_append_new(members, member_view(&h->members[i]));
    json_t *reasons = json_array();
    for (int i = 0; i < h->reason_count; i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s}", "code", h->reasons[i].code, "text",
                                                 h->reasons[i].text));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(h->id));
    json_object_set_new(o, "state", json_string(h->state));
    json_object_set_new(o, "state_text", json_string(state_text(h->state)));
    json_object_set_new(o, "end_kind", *h->end_kind ? json_string(h->end_kind) : json_null());
    json_object_set_new(o, "round", json_integer(h->round));
    json_object_set_new(o, "cadence", json_string(h->cadence));
    json_object_set_new(o, "cadence_text", json_string(agreement_cadence_text(h->cadence)));
    json_object_set_new(o, "members", members);
    json_object_set_new(o, "members_text", json_string(members_text(w, h)));
    json_object_set_new(o, "created_at", web_partnership_time(h->created_at));
    json_object_set_new(o, "activated_at", web_partnership_time(h->activated_at));
    json_object_set_new(o, "ended_at", web_partnership_time(h->ended_at));
    json_object_set_new(o, "sessions_held", json_integer(e->held));
    json_object_set_new(o, "sessions_expected", json_integer(e->expected));
    json_object_set_new(o, "last_held_at", web_partnership_time(e->last_held_at));
    json_object_set_new(o, "last_held_on",
                        e->last_held_at ? json_string(date_text(w->ctx.arena, e->last_held_at))
                                        : json_null());
    json_object_set_new(o, "agreement_signed", json_boolean(h->agreement_in_force));
    json_object_set_new(o, "agreement_signed_since", web_partnership_time(e->in_force_since));
    json_object_set_new(o, "agreement_signed_on",
                        json_string(date_text(w->ctx.arena, e->in_force_since)));
    json_object_set_new(o, "dropoff_step", json_integer(e->step == ENGAGEMENT_FLAGGED ? 3 : 0));
    json_object_set_new(o, "at_risk", json_boolean(e->is_at_risk));
    json_object_set_new(o, "reasons", reasons);
    return o;
}

static json_t *average(struct web *w, const char *key, const char *text, double value)
{
    return json_pack("{s:s, s:s, s:f, s:s}", "key", key, "text", text, "average", value,
                     "average_text", arena_printf(w->ctx.arena, "%.1f", value));
}

static json_t *feedback_view(struct web *w, const struct feedback_averages *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "has_enough", json_boolean(f->has_enough));
    json_object_set_new(o, "min_respondents", json_integer(FEEDBACK_MIN_RESPONDENTS));
    if (!f->has_enough)
        return o;
    json_object_set_new(o, "respondents", json_integer(f->respondents));
    json_t *answers = json_array();
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        json_array_append_new(answers, average(w, feedback_question_keys[i],
                                               feedback_question_texts[i], f->answers[i]));
    json_object_set_new(o, "answers", answers);
    json_object_set_new(o, "has_coaching", json_boolean(f->has_coaching));
    if (f->has_coaching) {
        json_t *coaching = json_array();
        for (int i = 0; i < FEEDBACK_COACHING; i++)
            json_array_append_new(coaching, average(w, feedback_coaching_keys[i],
                                                    feedback_coaching_texts[i], f->coaching[i]));
        json_object_set_new(o, "coaching_respondents", json_integer(f->coaching_respondents));
        json_object_set_new(o, "coaching", coaching);
    }
    return o;
}

static int load(struct web *w, struct program_health *health)
{
    int64_t program_id;
    if (web_param_id(w, 0, &program_id) != 0)
        return -1;
    return program_health_load(&w->ctx, program_id, health);
}

int web_program_health(struct web *w)
{
    struct program_health h;
    if (load(w, &h) != 0)
        return -1;
    const struct enrollment_counts *c = &h.enrollments;
    web_view_set(w, "program",
                 json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)h.program.id, "name",
                           h.program.name, "state", h.program.state, "cadence", h.program.cadence,
                           "cadence_text", agreement_cadence_text(h.program.cadence)));
    web_view_set(w, "enrollments",
                 json_pack("{s:I, s:I, s:I, s:I, s:I}", "applied", (json_int_t)c->applied,
                           "accepted", (json_int_t)c->accepted, "waitlisted",
                           (json_int_t)c->waitlisted, "declined", (json_int_t)c->declined,
                           "withdrawn", (json_int_t)c->withdrawn));
    web_view_set(w, "partnership_counts",
                 json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "total", (json_int_t)h.count,
                           "proposed", (json_int_t)h.partnership_counts[0], "active",
                           (json_int_t)h.partnership_counts[1], "paused",
                           (json_int_t)h.partnership_counts[2], "ended",
                           (json_int_t)h.partnership_counts[3], "at_risk",
                           (json_int_t)h.at_risk_count));
    json_t *list = json_array();
    for (int i = 0; i < h.count; i++)
        json_array_append_new(list, partnership_view(w, &h.partnerships[i]));
    web_view_set(w, "partnerships", list);
    web_view_set(w, "has_partnerships", json_boolean(h.count > 0));
    web_view_set(w, "has_at_risk", json_boolean(h.at_risk_count > 0));
    web_view_set(w, "feedback", feedback_view(w, &h.feedback));
    const char *prefix = w->is_api ? "/api/v1" : "";
    web_view_set(w, "csv_url",
                 json_sprintf("%s/programs/%lld/health.csv", prefix, (long long)h.program.id));
    web_view_set(w, "program_url", json_sprintf("/programs/%lld", (long long)h.program.id));
    web_view_set(w, "partnerships_url",
                 json_sprintf("/programs/%lld/partnerships", (long long)h.program.id));
    return 0;
}

/* "Ana Souza: 1; Ben Okafor: 0" for a per-member count. */
static const char *per_member(struct web *w, const struct program_health_partnership *h,
                              bool missed)
{
    struct strbuf out;
    strbuf_init(&out);
    for (int i = 0; i < h->member_count; i++)
        strbuf_printf(&out, "%s%s: %lld", i ? "; " : "", h->members[i].name,
                      (long long)(missed ? h->members[i].missed : h->members[i].cancelled));
    const char *text = arena_strdup(w->ctx.arena, out.len ? out.data : "");
    strbuf_cleanup(&out);
    return text;
}

int web_program_health_csv(struct web *w)
{
    struct program_health h;
    if (load(w, &h) != 0)
        return -1;
    web_view_set(w, "filename", json_sprintf("program-%lld-health.csv", (long long)h.program.id));
    web_view_set(w, "columns",
                 json_pack("[s, s, s, s, s, s, s, s, s, s, s, s, s]", "partnership_id", "state",
                           "members", "activated_on", "cadence", "sessions_held",
                           "sessions_expected", "last_held_on", "cancelled_by_member",
                           "missed_by_member", "agreement_signed", "agreement_signed_on",
                           "at_risk_reasons"));
    json_t *rows = json_array();
    for (int i = 0; i < h.count; i++) {
        const struct program_health_partnership *p = &h.partnerships[i];
        const struct engagement *e = &p->engagement;
        struct strbuf names, reasons;
        strbuf_init(&names);
        strbuf_init(&reasons);
        for (int k = 0; k < p->member_count; k++)
            strbuf_printf(&names, "%s%s", k ? "; " : "", p->members[k].name);
        for (int k = 0; k < p->reason_count; k++)
            strbuf_printf(&reasons, "%s%s", k ? "; " : "", p->reasons[k].code);
        json_array_append_new(
            rows,
            json_pack("[I, s, s, s, s, I, I, s, s, s, s, s, s]", (json_int_t)p->id, p->state,
                      names.len ? names.data : "", date_text(w->ctx.arena, p->activated_at),
                      p->cadence, (json_int_t)e->held, (json_int_t)e->expected,
                      date_text(w->ctx.arena, e->last_held_at), per_member(w, p, false),
                      per_member(w, p, true), p->agreement_in_force ? "yes" : "no",
                      date_text(w->ctx.arena, e->in_force_since), reasons.len ? reasons.data : ""));
        strbuf_cleanup(&names);
        strbuf_cleanup(&reasons);
    }
    web_view_set(w, "rows", rows);
    w->csv = true;
    return 0;
}
