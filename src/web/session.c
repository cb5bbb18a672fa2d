/* session.c — coaching sessions on the web: a partnership's sessions page
 * with the scheduling form, the session page (last time's open action
 * items first, agenda, notes by the method's stages with their prompts,
 * goals discussed, action items, status forms, feedback) and the API
 * twins of each.
 *
 * Times go out as UTC in the API and as local wall-clock text in the
 * reader's profile time zone on pages; the scheduling form's date and
 * time are read in that zone too (domain/session.c).
 *
 * The session page carries several forms. A failed post shows the page
 * again with "submitted" naming the posted form, so its error and what was
 * typed appear in that form alone while the others keep stored values. */
#include "web/session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain/method.h"
#include "domain/profile.h"
#include "domain/schedule.h"
#include "domain/session.h"
#include "lib/date.h"
#include "lib/tz.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/view.h"

/* --- input ---------------------------------------------------------------------------- */

void web_session_mark_form(struct web *w, const char *form)
{
    web_view_set(w, "submitted", json_pack("{s:b}", form, 1));
}

static bool is_submitted(struct web *w, const char *form)
{
    return json_is_true(json_object_get(json_object_get(w->view, "submitted"), form));
}

/* What the person typed into form's field when that form was posted,
 * else fallback. */
static const char *typed_or(struct web *w, const char *form, const char *field,
                            const char *fallback)
{
    if (!is_submitted(w, form))
        return fallback;
    const char *value = json_string_value(json_object_get(w->input, field));
    return value ? value : "";
}

int web_session_input_int(struct web *w, const char *name, bool *present, int64_t *out)
{
    json_t *value = json_object_get(w->input, name);
    *present = false;
    if (!value || json_is_null(value))
        return 0;
    if (w->is_api) {
        if (!json_is_integer(value))
            return fail_input(&w->ctx, name, "must be a whole number");
        *out = json_integer_value(value);
    } else {
        const char *text = json_string_value(value);
        if (!text || !*text)
            return 0;
        char *end;
        errno = 0;
        long long n = strtoll(text, &end, 10);
        if (*end || errno)
            return fail_input(&w->ctx, name, "must be a whole number");
        *out = n;
    }
    *present = true;
    return 0;
}

/* A required RFC 3339 instant from the API. */
static int input_instant(struct web *w, const char *name, bool required, bool *present, time_t *out)
{
    const char *text;
    *present = false;
    if (web_input_text(w, name, &text) != 0)
        return -1;
    if (!text)
        return required ? fail_input(&w->ctx, name, "is required") : 0;
    if (!rfc3339_parse(text, out))
        return fail_input(&w->ctx, name, "must be a time like 2026-11-23T09:30:00Z");
    *present = true;
    return 0;
}

/* --- views ------------------------------------------------------------------------------ */

static int viewer_zone(struct web *w, const char **zone)
{
    struct profile profile;
    if (profile_load(&w->ctx, w->ctx.user->id, &profile) != 0)
        return -1;
    *zone = tz_is_valid(profile.time_zone) ? profile.time_zone : "UTC";
    return 0;
}

static json_t *person_or_null(int64_t id, const char *name)
{
    return id ? view_person_brief(id, name) : json_null();
}

static json_t *local_when(const char *zone, int64_t at)
{
    char when[SCHEDULE_WHEN_CHARS];
    schedule_format_local(zone, (time_t)at, when);
    return json_string(when);
}

/* A room stays text; a web address becomes a link on the page. */
static json_t *view_session(struct web *w, const struct session *s, const char *zone)
{
    const struct method *method = method_find(s->method);
    json_t *v = json_pack(
        "{s:I, s:I, s:o, s:o, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o}", "id",
        (json_int_t)s->id, "partnership_id", (json_int_t)s->partnership_id, "starts_at",
        view_time(s->starts_at), "ends_at", view_time(s->starts_at + s->minutes * 60), "minutes",
        (json_int_t)s->minutes, "location", s->location, "method", s->method, "method_name",
        method ? method->name : s->method, "status", s->status, "focus",
        person_or_null(s->focus_user_id, s->focus_name), "cancelled_by",
        person_or_null(s->cancelled_by, s->cancelled_by_name), "cancel_reason", s->cancel_reason,
        "missed_by", person_or_null(s->missed_by, s->missed_by_name), "created_at",
        view_time(s->created_at), "updated_at", view_time(s->updated_at));
    if (!w->is_api) {
        json_object_set_new(v, "when", local_when(zone, s->starts_at));
        json_object_set_new(v, "url", json_sprintf("/sessions/%lld", (long long)s->id));
        json_object_set_new(v, arena_printf(w->ctx.arena, "is_%s", s->status), json_true());
        json_object_set_new(
            v, "needs_status",
            json_boolean(!strcmp(s->status, "scheduled") && s->starts_at <= w->ctx.now));
        json_object_set_new(v, "has_location", json_boolean(*s->location));
        if (view_is_web_link(s->location))
            json_object_set_new(v, "location_url", json_string(s->location));
    }
    return v;
}

static json_t *view_action(struct web *w, const struct action_item *a, const char *today)
{
    json_t *v = json_pack(
        "{s:I, s:I, s:o, s:s, s:o, s:b, s:o, s:o}", "id", (json_int_t)a->id, "session_id",
        (json_int_t)a->session_id, "owner", view_person_brief(a->owner_id, a->owner_name), "body",
        a->body, "due_on", *a->due_on ? json_string(a->due_on) : json_null(), "done",
        a->done_at != 0, "done_at", a->done_at ? view_time(a->done_at) : json_null(), "created_at",
        view_time(a->created_at));
    json_object_set_new(v, "is_overdue",
                        json_boolean(!a->done_at && *a->due_on && strcmp(a->due_on, today) < 0));
    if (!w->is_api)
        json_object_set_new(v, "toggle_url", json_sprintf("/actions/%lld", (long long)a->id));
    return v;
}

static json_t *view_actions(struct web *w, const struct action_item *items, int count,
                            const char *zone)
{
    char today[DATE_CHARS + 1];
    date_format(date_today(zone, w->ctx.now), today);
    json_t *list = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(list, view_action(w, &items[i], today));
    return list;
}

static json_t *view_agenda_item(const struct agenda_item *a)
{
    return json_pack("{s:I, s:o, s:s, s:o}", "id", (json_int_t)a->id, "author",
                     view_person_brief(a->author_id, a->author_name), "body", a->body, "created_at",
                     view_time(a->created_at));
}

static json_t *view_members(const struct session_member *members, int count)
{
    json_t *list = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(list, view_person_brief(members[i].user_id, members[i].name));
    return list;
}

static const char *member_name(const struct session_member *members, int count, int64_t id)
{
    for (int i = 0; i < count; i++)
        if (members[i].user_id == id)
            return members[i].name;
    return "";
}

/* <option> lists for the members and methods selects. */
static json_t *member_options(const struct session_member *members, int count, const char *selected)
{
    json_t *list = json_array();
    for (int i = 0; i < count; i++) {
        char value[24];
        snprintf(value, sizeof value, "%lld", (long long)members[i].user_id);
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:b}", "value", value, "name", members[i].name,
                                        "selected", selected && !strcmp(selected, value)));
    }
    return list;
}

static json_t *method_options(const char *selected)
{
    json_t *list = json_array();
    for (const char *const *key = method_keys; *key; key++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", *key, "name",
                                              method_find(*key)->name, "selected",
                                              selected && !strcmp(selected, *key)));
    return list;
}

static const char *id_text(struct web *w, int64_t id)
{
    return id ? arena_printf(w->ctx.arena, "%lld", (long long)id) : "";
}

/* Local "YYYY-MM-DD" and "HH:MM" of an instant, for date and time inputs. */
static void local_date_time(struct web *w, const char *zone, int64_t at, const char **date,
                            const char **time)
{
    struct tm tm;
    time_t t = (time_t)at;
    if (tz_utc_to_local(zone, t, &tm) != 0)
        gmtime_r(&t, &tm);
    *date =
        arena_printf(w->ctx.arena, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    *time = arena_printf(w->ctx.arena, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

static json_t *view_balance(struct web *w, const struct session_balance *b)
{
    json_t *members = json_array();
    const char *suggested = "";
    for (int i = 0; i < b->count; i++) {
        json_array_append_new(members,
                              json_pack("{s:I, s:s, s:I}", "id", (json_int_t)b->members[i].user_id,
                                        "name", b->members[i].name, "held_as_focus",
                                        (json_int_t)b->members[i].held_as_focus));
        if (b->members[i].user_id == b->suggested_focus)
            suggested = b->members[i].name;
    }
    json_t *v = json_pack(
        "{s:o, s:b, s:o}", "members", members, "suggest_swap", b->suggest_swap, "suggested_focus",
        b->suggest_swap ? view_person_brief(b->suggested_focus, suggested) : json_null());
    if (!w->is_api && b->suggest_swap)
        json_object_set_new(
            v, "swap_text",
            json_sprintf("The give-and-take has tilted: let %s be the focus person next, so "
                         "coaching goes both ways.",
                         suggested));
    return v;
}

/* Upcoming (scheduled, oldest first) and past (newest first) sessions,
 * balance and proposal: the block a partnership page shows. */
static json_t *overview_block(struct web *w, const struct session_overview *o, const char *zone)
{
    json_t *upcoming = json_array(), *past = json_array();
    for (int i = 0; i < o->session_count; i++)
        if (!strcmp(o->sessions[i].status, "scheduled"))
            json_array_append_new(upcoming, view_session(w, &o->sessions[i], zone));
    for (int i = o->session_count - 1; i >= 0; i--)
        if (strcmp(o->sessions[i].status, "scheduled") != 0)
            json_array_append_new(past, view_session(w, &o->sessions[i], zone));
    json_t *block =
        json_pack("{s:o, s:o, s:o, s:o}", "upcoming", upcoming, "past", past, "balance",
                  view_balance(w, &o->balance), "proposed_focus",
                  person_or_null(o->proposed_focus,
                                 member_name(o->members, o->member_count, o->proposed_focus)));
    if (!w->is_api) {
        json_object_set_new(block, "has_upcoming", json_boolean(json_array_size(upcoming) > 0));
        json_object_set_new(block, "has_past", json_boolean(json_array_size(past) > 0));
        json_object_set_new(
            block, "sessions_url",
            json_sprintf("/partnerships/%lld/sessions", (long long)o->partnership.id));
    }
    return block;
}

json_t *web_session_partnership_block(struct web *w, int64_t partnership_id)
{
    struct session_overview o;
    const char *zone;
    if (session_partnership_overview(&w->ctx, partnership_id, &o) != 0 ||
        viewer_zone(w, &zone) != 0)
        return NULL;
    return overview_block(w, &o, zone);
}

/* "Ana Souza and Ben Okafor", "Ana, Ben and Cy". */
static const char *members_title(struct web *w, const struct session_member *members, int count)
{
    const char *title = "";
    for (int i = 0; i < count; i++)
        title = arena_printf(w->ctx.arena, "%s%s%s", title,
                             i == 0           ? ""
                             : i == count - 1 ? " and "
                                              : ", ",
                             members[i].name);
    return title;
}

static json_t *view_partnership(struct web *w, const struct session_overview *o)
{
    const struct session_partnership *p = &o->partnership;
    json_t *v =
        json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:o}", "id", (json_int_t)p->id, "state", p->state,
                  "cadence", p->cadence, "minutes", (json_int_t)p->minutes, "location", p->location,
                  "method", p->method, "members", view_members(o->members, o->member_count));
    if (!w->is_api) {
        json_object_set_new(v, "title", json_string(members_title(w, o->members, o->member_count)));
        json_object_set_new(v, "url", json_sprintf("/partnerships/%lld", (long long)p->id));
        json_object_set_new(v, "is_active", json_boolean(!strcmp(p->state, "active")));
        json_object_set_new(v, "is_circle", json_boolean(o->member_count > 2));
    }
    return v;
}

/* The scheduling form: what was typed, else a proposal — the next date
 * at the cadence after the latest session that was not cancelled, at the
 * same local time. */
static json_t *schedule_form(struct web *w, const struct session_overview *o, const char *zone)
{
    const char *date = "", *time = "";
    int64_t latest = 0;
    for (int i = 0; i < o->session_count; i++)
        if (strcmp(o->sessions[i].status, "cancelled") != 0 && o->sessions[i].starts_at > latest)
            latest = o->sessions[i].starts_at;
    enum schedule_cadence cadence;
    time_t next[2];
    if (latest && schedule_cadence_parse(o->partnership.cadence, &cadence) == 0 &&
        schedule_series(zone, (time_t)latest, cadence, 2, next) == 0 && next[1] > w->ctx.now)
        local_date_time(w, zone, next[1], &date, &time);
    const char *form = "schedule";
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "date", typed_or(w, form, "date", date), "time",
        typed_or(w, form, "time", time), "repeat", typed_or(w, form, "repeat", "1"), "minutes",
        typed_or(w, form, "minutes", id_text(w, o->partnership.minutes)), "location",
        typed_or(w, form, "location", o->partnership.location), "methods",
        method_options(typed_or(w, form, "method", o->partnership.method)), "focus_options",
        member_options(o->members, o->member_count,
                       typed_or(w, form, "focus_user_id", id_text(w, o->proposed_focus))));
}

static int show_sessions(struct web *w, int64_t partnership_id)
{
    struct session_overview o;
    const char *zone;
    if (session_partnership_overview(&w->ctx, partnership_id, &o) != 0 ||
        viewer_zone(w, &zone) != 0)
        return -1;
    json_t *block = overview_block(w, &o, zone);
    json_object_update(w->view, block);
    json_decref(block);
    web_view_set(w, "partnership", view_partnership(w, &o));
    if (!w->is_api) {
        web_view_set(w, "zone", json_string(zone));
        web_view_set(w, "max_repeat", json_integer(SCHEDULE_MAX_SERIES));
        web_view_set(w, "schedule", schedule_form(w, &o, zone));
    }
    return 0;
}

/* Notes in the method's stage order, with the prompts beside each. */
static json_t *view_notes(struct web *w, const struct session_detail *d)
{
    json_t *list = json_array();
    for (int i = 0; d->method && i < d->method->nstages; i++) {
        const struct method_stage *stage = &d->method->stages[i];
        const struct session_note *note = NULL;
        for (int k = 0; k < d->note_count; k++)
            if (!strcmp(d->notes[k].stage, stage->key))
                note = &d->notes[k];
        json_t *prompts = json_array();
        for (int p = 0; stage->prompts[p]; p++)
            json_array_append_new(prompts, json_string(stage->prompts[p]));
        json_t *v = json_pack("{s:s, s:s, s:o, s:o, s:o}", "stage", stage->key, "title",
                              stage->title, "prompts", prompts, "updated_by",
                              note ? view_person_brief(note->updated_by, note->updated_by_name)
                                   : json_null(),
                              "updated_at", note ? view_time(note->updated_at) : json_null());
        view_set_markdown(v, "body", note ? note->body : "", w->ctx.arena);
        if (!w->is_api) {
            const char *input = arena_printf(w->ctx.arena, "stage_%s", stage->key);
            json_object_set_new(v, "input_name", json_string(input));
            json_object_set_new(v, "draft",
                                json_string(typed_or(w, "notes", input, note ? note->body : "")));
            json_object_set_new(v, "has_body", json_boolean(note && *note->body));
            json_object_set_new(v, "was_name", json_sprintf("was_%s", stage->key));
            /* Always what is stored now: after a conflict the form is shown
             * again on top of the other person's text. */
            json_object_set_new(v, "was", json_string(note ? note->body : ""));
        }
        json_array_append_new(list, v);
    }
    return list;
}

static json_t *view_goal(struct web *w, const struct session_goal *g)
{
    json_t *v = json_pack("{s:I, s:s, s:o, s:s, s:s}", "id", (json_int_t)g->goal_id, "title",
                          g->title, "owner", view_person_brief(g->owner_id, g->owner_name),
                          "status", g->status, "visibility", g->visibility);
    if (!w->is_api)
        json_object_set_new(v, "url", json_sprintf("/goals/%lld", (long long)g->goal_id));
    return v;
}

/* Goals the reader may still link: readable, active, not linked yet. */
static int goal_choices(struct web *w, const struct session_detail *d, json_t **out)
{
    struct session_goal *choices;
    int count = session_goal_choices(&w->ctx, d->session.id, &choices);
    if (count < 0)
        return -1;
    json_t *list = json_array();
    for (int i = 0; i < count; i++) {
        bool is_linked = false;
        for (int k = 0; k < d->goal_count; k++)
            is_linked |= d->goals[k].goal_id == choices[i].goal_id;
        if (!is_linked)
            json_array_append_new(
                list, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)choices[i].goal_id, "title",
                                choices[i].title, "owner_name", choices[i].owner_name));
    }
    *out = list;
    return 0;
}

/* The page's forms and what each may do now. */
static int page_forms(struct web *w, const struct session_detail *d, const char *zone)
{
    const struct session *s = &d->session;
    bool is_ended = !strcmp(d->partnership.state, "ended");
    bool is_scheduled = !strcmp(s->status, "scheduled");
    bool can_write = !is_ended && (is_scheduled || !strcmp(s->status, "held"));
    web_view_set(w, "zone", json_string(zone));
    web_view_set(w, "can_write", json_boolean(can_write));
    web_view_set(w, "can_set_status", json_boolean(!is_ended && is_scheduled));
    web_view_set(w, "has_started", json_boolean(s->starts_at <= w->ctx.now));
    web_view_set(w, "can_change",
                 json_boolean(is_scheduled && !strcmp(d->partnership.state, "active")));
    web_view_set(w, "is_ended", json_boolean(is_ended));
    web_view_set(w, "is_circle", json_boolean(d->member_count > 2));
    web_view_set(w, "has_previous_actions", json_boolean(d->previous_count > 0));
    web_view_set(w, "has_agenda", json_boolean(d->agenda_count > 0));
    web_view_set(w, "has_goals", json_boolean(d->goal_count > 0));
    web_view_set(w, "has_actions", json_boolean(d->action_count > 0));
    web_view_set(w, "has_feedback", json_boolean(d->feedback_count > 0));

    const char *date, *time;
    local_date_time(w, zone, s->starts_at, &date, &time);
    const char *form = "reschedule";
    web_view_set(w, "reschedule",
                 json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "date",
                           typed_or(w, form, "date", date), "time", typed_or(w, form, "time", time),
                           "minutes", typed_or(w, form, "minutes", id_text(w, s->minutes)),
                           "location", typed_or(w, form, "location", s->location), "methods",
                           method_options(typed_or(w, form, "method", s->method)), "focus_options",
                           member_options(
                               d->members, d->member_count,
                               typed_or(w, form, "focus_user_id", id_text(w, s->focus_user_id)))));
    web_view_set(w, "agenda_form", json_pack("{s:s}", "body", typed_or(w, "agenda", "body", "")));
    web_view_set(
        w, "action_form",
        json_pack("{s:s, s:s, s:o}", "body", typed_or(w, "action", "body", ""), "due_on",
                  typed_or(w, "action", "due_on", ""), "owner_options",
                  member_options(d->members, d->member_count,
                                 typed_or(w, "action", "owner_id", id_text(w, w->ctx.user->id)))));
    web_view_set(w, "status_form",
                 json_pack("{s:s, s:o}", "reason", typed_or(w, "status", "reason", ""),
                           "missed_options",
                           member_options(d->members, d->member_count,
                                          typed_or(w, "status", "missed_by", ""))));
    json_t *choices;
    if (goal_choices(w, d, &choices) != 0)
        return -1;
    web_view_set(w, "has_goal_choices", json_boolean(json_array_size(choices) > 0));
    web_view_set(w, "goal_choices", choices);
    web_view_set(w, "feedback_form", web_feedback_form(w, d->is_focus));
    return 0;
}

int web_session_page(struct web *w, int64_t session_id)
{
    struct session_detail d;
    const char *zone;
    if (session_load(&w->ctx, session_id, &d) != 0 || viewer_zone(w, &zone) != 0)
        return -1;
    web_view_set(w, "session", view_session(w, &d.session, zone));
    json_t *partnership =
        json_pack("{s:I, s:s}", "id", (json_int_t)d.partnership.id, "state", d.partnership.state);
    if (!w->is_api) {
        json_object_set_new(partnership, "url",
                            json_sprintf("/partnerships/%lld", (long long)d.partnership.id));
        json_object_set_new(
            partnership, "sessions_url",
            json_sprintf("/partnerships/%lld/sessions", (long long)d.partnership.id));
        json_object_set_new(partnership, "title",
                            json_string(members_title(w, d.members, d.member_count)));
    }
    web_view_set(w, "partnership", partnership);
    web_view_set(w, "members", view_members(d.members, d.member_count));
    web_view_set(w, "previous_actions",
                 view_actions(w, d.previous_actions, d.previous_count, zone));
    json_t *agenda = json_array();
    for (int i = 0; i < d.agenda_count; i++)
        json_array_append_new(agenda, view_agenda_item(&d.agenda[i]));
    web_view_set(w, "agenda", agenda);
    web_view_set(w, "notes", view_notes(w, &d));
    json_t *goals = json_array();
    for (int i = 0; i < d.goal_count; i++)
        json_array_append_new(goals, view_goal(w, &d.goals[i]));
    web_view_set(w, "goals", goals);
    web_view_set(w, "actions", view_actions(w, d.actions, d.action_count, zone));
    json_t *feedback = json_array();
    for (int i = 0; i < d.feedback_count; i++)
        json_array_append_new(feedback, web_feedback_view(w, &d.feedback[i]));
    web_view_set(w, "feedback", feedback);
    web_view_set(w, "is_focus", json_boolean(d.is_focus));
    web_view_set(w, "can_give_feedback", json_boolean(d.can_give_feedback));
    return w->is_api ? 0 : page_forms(w, &d, zone);
}

/* --- handlers ----------------------------------------------------------------------------- */

int web_session_list(struct web *w)
{
    int64_t partnership_id;
    if (web_param_id(w, 0, &partnership_id) != 0)
        return -1;
    return show_sessions(w, partnership_id);
}

static int read_plan(struct web *w, struct session_plan *plan)
{
    bool present;
    if (w->is_api) {
        if (input_instant(w, "starts_at", true, &present, &plan->starts_at) != 0)
            return -1;
    } else {
        const char *date, *time;
        if (web_input_text(w, "date", &date) != 0 || web_input_text(w, "time", &time) != 0 ||
            session_local_start(&w->ctx, "date", date, "time", time, &plan->starts_at) != 0)
            return -1;
    }
    plan->repeat = 1;
    if (web_session_input_int(w, "repeat", &present, &plan->repeat) != 0 ||
        web_session_input_int(w, "minutes", &plan->has_minutes, &plan->minutes) != 0 ||
        web_session_input_int(w, "focus_user_id", &plan->has_focus, &plan->focus_user_id) != 0 ||
        web_input_text(w, "location", &plan->location) != 0 ||
        web_input_text(w, "method", &plan->method) != 0)
        return -1;
    return 0;
}

int web_session_schedule(struct web *w)
{
    static const char *const fields[] = {"starts_at", "repeat", "minutes", "focus_user_id",
                                         "location",  "method", NULL};
    int64_t partnership_id;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &partnership_id) != 0)
        return -1;
    if (!w->is_api) {
        web_session_mark_form(w, "schedule");
        if (show_sessions(w, partnership_id) != 0)
            return -1;
    }
    struct session_plan plan = {0};
    int64_t *ids;
    int count;
    if (read_plan(w, &plan) != 0 || session_schedule(&w->ctx, partnership_id, &plan, &ids, &count))
        return -1;
    w->notice = "session_scheduled";
    w->redirect = count == 1 ? arena_printf(w->ctx.arena, "/sessions/%lld", (long long)ids[0])
                             : arena_printf(w->ctx.arena, "/partnerships/%lld/sessions",
                                            (long long)partnership_id);
    if (!w->is_api)
        return 0;
    struct session_overview o;
    const char *zone;
    if (session_partnership_overview(&w->ctx, partnership_id, &o) != 0 ||
        viewer_zone(w, &zone) != 0)
        return -1;
    json_t *created = json_array();
    for (int k = 0; k < count; k++)
        for (int i = 0; i < o.session_count; i++)
            if (o.sessions[i].id == ids[k])
                json_array_append_new(created, view_session(w, &o.sessions[i], zone));
    web_view_set(w, "sessions", created);
    w->status = 201;
    return 0;
}

int web_session_show(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return web_session_page(w, id);
}

/* After a change: the API gets the session as GET shows it, the page a
 * redirect back to it. */
static int changed(struct web *w, int64_t session_id, const char *notice)
{
    w->redirect = arena_printf(w->ctx.arena, "/sessions/%lld", (long long)session_id);
    w->notice = notice;
    if (!w->is_api)
        return 0;
    json_object_clear(w->view);
    return web_session_page(w, session_id);
}

/* Show the page first (a page post), so a failure can show it again. */
static int begin_page_post(struct web *w, const char *form, int64_t *session_id)
{
    if (web_param_id(w, 0, session_id) != 0)
        return -1;
    if (w->is_api)
        return 0;
    web_session_mark_form(w, form);
    return web_session_page(w, *session_id);
}

int web_session_update(struct web *w)
{
    static const char *const fields[] = {"starts_at", "minutes", "focus_user_id",
                                         "location",  "method",  NULL};
    int64_t id;
    if (web_input_only(w, fields) != 0 || begin_page_post(w, "reschedule", &id) != 0)
        return -1;
    struct session_change change = {0};
    if (w->is_api) {
        if (input_instant(w, "starts_at", false, &change.set_starts_at, &change.starts_at) != 0)
            return -1;
    } else {
        const char *date, *time;
        if (web_input_text(w, "date", &date) != 0 || web_input_text(w, "time", &time) != 0 ||
            session_local_start(&w->ctx, "date", date, "time", time, &change.starts_at) != 0)
            return -1;
        change.set_starts_at = true;
    }
    if (web_session_input_int(w, "minutes", &change.set_minutes, &change.minutes) != 0 ||
        web_session_input_int(w, "focus_user_id", &change.set_focus, &change.focus_user_id) != 0 ||
        web_input_text(w, "location", &change.location) != 0 ||
        web_input_text(w, "method", &change.method) != 0 ||
        session_update(&w->ctx, id, &change) != 0)
        return -1;
    return changed(w, id, "saved");
}

int web_session_status(struct web *w)
{
    static const char *const fields[] = {"status", "reason", "missed_by", NULL};
    int64_t id, missed_by = 0;
    bool present;
    const char *status, *reason;
    if (web_input_only(w, fields) != 0 || begin_page_post(w, "status", &id) != 0 ||
        web_input_text(w, "status", &status) != 0 || web_input_text(w, "reason", &reason) != 0 ||
        web_session_input_int(w, "missed_by", &present, &missed_by) != 0)
        return -1;
    if (!status)
        return fail_input(&w->ctx, "status", "is required: held, cancelled or missed");
    if (session_set_status(&w->ctx, id, status, reason, present ? missed_by : 0) != 0)
        return -1;
    return changed(w, id, !strcmp(status, "held") ? "session_held" : "saved");
}

int web_session_agenda_add(struct web *w)
{
    static const char *const fields[] = {"body", NULL};
    int64_t id, item_id;
    const char *body;
    if (web_input_only(w, fields) != 0 || begin_page_post(w, "agenda", &id) != 0 ||
        web_input_text(w, "body", &body) != 0 ||
        session_agenda_add(&w->ctx, id, body, &item_id) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/sessions/%lld", (long long)id);
    w->notice = "saved";
    if (!w->is_api)
        return 0;
    struct session_detail d;
    if (session_load(&w->ctx, id, &d) != 0)
        return -1;
    for (int i = 0; i < d.agenda_count; i++)
        if (d.agenda[i].id == item_id)
            web_view_set(w, "agenda_item", view_agenda_item(&d.agenda[i]));
    w->status = 201;
    return 0;
}

/* The page posts every stage at once (stage_<key> fields), each with the
 * text it showed (was_<key>), so only stages this person changed are
 * written and a change someone made meanwhile is not overwritten. The API
 * sends one stage per request, last write wins. A page error names the
 * stage by its title. */
static int notes_from_form(struct web *w, struct session_note_input **out, int *count)
{
    const char *method_key =
        json_string_value(json_object_get(json_object_get(w->view, "session"), "method"));
    const struct method *method = method_find(method_key);
    *out = arena_zalloc(w->ctx.arena, sizeof **out * METHOD_MAX_STAGES);
    *count = 0;
    for (int i = 0; method && i < method->nstages; i++) {
        const char *key = method->stages[i].key;
        const char *body, *was;
        if (web_input_text(w, arena_printf(w->ctx.arena, "stage_%s", key), &body) != 0 ||
            web_input_text(w, arena_printf(w->ctx.arena, "was_%s", key), &was) != 0)
            return -1;
        if (body)
            (*out)[(*count)++] =
                (struct session_note_input){key, body, method->stages[i].title, was};
    }
    return 0;
}

int web_session_notes_save(struct web *w)
{
    static const char *const fields[] = {"stage", "body", NULL};
    int64_t id;
    if (web_input_only(w, fields) != 0 || begin_page_post(w, "notes", &id) != 0)
        return -1;
    struct session_note_input one = {0}, *notes = &one;
    int count = 1;
    if (w->is_api) {
        if (web_input_text(w, "stage", &one.stage) != 0 ||
            web_input_text(w, "body", &one.body) != 0)
            return -1;
    } else if (notes_from_form(w, &notes, &count) != 0) {
        return -1;
    }
    if (session_notes_save(&w->ctx, id, notes, count) != 0)
        return -1;
    return changed(w, id, "saved");
}

int web_session_goal_link(struct web *w)
{
    static const char *const fields[] = {"goal_id", NULL};
    int64_t id, goal_id;
    bool present;
    if (web_input_only(w, fields) != 0 || begin_page_post(w, "goal", &id) != 0 ||
        web_session_input_int(w, "goal_id", &present, &goal_id) != 0)
        return -1;
    if (!present)
        return fail_input(&w->ctx, "goal_id", "is required");
    if (session_goal_link(&w->ctx, id, goal_id) != 0)
        return -1;
    return changed(w, id, "saved");
}

int web_session_action_add(struct web *w)
{
    static const char *const fields[] = {"owner_id", "body", "due_on", NULL};
    int64_t id, action_id;
    bool present;
    struct session_action_input in = {0};
    if (web_input_only(w, fields) != 0 || begin_page_post(w, "action", &id) != 0 ||
        web_session_input_int(w, "owner_id", &present, &in.owner_id) != 0 ||
        web_input_text(w, "body", &in.body) != 0 || web_input_text(w, "due_on", &in.due_on) != 0 ||
        session_action_add(&w->ctx, id, &in, &action_id) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/sessions/%lld", (long long)id);
    w->notice = "saved";
    if (!w->is_api)
        return 0;
    struct session_detail d;
    const char *zone;
    if (session_load(&w->ctx, id, &d) != 0 || viewer_zone(w, &zone) != 0)
        return -1;
    char today[DATE_CHARS + 1];
    date_format(date_today(zone, w->ctx.now), today);
    for (int i = 0; i < d.action_count; i++)
        if (d.actions[i].id == action_id)
            web_view_set(w, "action", view_action(w, &d.actions[i], today));
    w->status = 201;
    return 0;
}

int web_action_update(struct web *w)
{
    static const char *const fields[] = {"done", NULL};
    int64_t action_id, from_session = 0;
    bool done, present;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &action_id) != 0)
        return -1;
    json_t *value = json_object_get(w->input, "done");
    if (w->is_api) {
        if (!json_is_boolean(value))
            return fail_input(&w->ctx, "done", "must be true or false");
        done = json_is_true(value);
    } else {
        /* The form names the session page it sits on, to return there. */
        if (web_session_input_int(w, "from_session", &present, &from_session) != 0)
            return -1;
        if (!present || from_session <= 0)
            return fail_not_found(&w->ctx);
        web_session_mark_form(w, "toggle");
        if (web_session_page(w, from_session) != 0)
            return -1;
        const char *text = json_string_value(value);
        if (!text || (strcmp(text, "1") != 0 && strcmp(text, "0") != 0))
            return fail_input(&w->ctx, "done", "must be 1 or 0");
        done = !strcmp(text, "1");
    }
    struct action_item item;
    if (session_action_set_done(&w->ctx, action_id, done, &item) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/sessions/%lld", (long long)from_session);
    w->notice = "saved";
    if (!w->is_api)
        return 0;
    const char *zone;
    if (viewer_zone(w, &zone) != 0)
        return -1;
    char today[DATE_CHARS + 1];
    date_format(date_today(zone, w->ctx.now), today);
    web_view_set(w, "action", view_action(w, &item, today));
    return 0;
}
