/* reflection.c — the private journal: the timeline (newest first, grouped
 * by month, filtered by tag) with the sessions waiting for a reflection,
 * and writing, reading, editing and deleting entries.
 *
 * Dates are shown in the author's time zone, so an entry written late in
 * the evening lands on the day and in the month the author lived it.
 * Deleting from a page needs a ticked confirmation box: without JavaScript
 * there is no dialog, and a journal entry is gone for good. */
#include <stdlib.h>
#include <string.h>

#include "domain/goal.h"
#include "domain/profile.h"
#include "domain/reflection.h"
#include "lib/date.h"
#include "lib/tz.h"
#include "lib/urlform.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/view.h"

static const struct view_text tag_labels[] = {
    {"milestone", "Milestone"},
    {"challenge", "Challenge"},
    {"breakthrough", "Breakthrough"},
    {"insight", "Insight"},
};
static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

static const char *tag_label(const char *tag)
{
    return VIEW_TEXT_OF(tag_labels, tag, NULL);
}

/* The caller's time zone ("UTC" when the profile cannot be read). */
static const char *caller_zone(struct web *w)
{
    struct profile profile;
    struct ctx probe = w->ctx;
    return profile_load(&probe, w->ctx.user->id, &profile) == 0 ? profile.time_zone : "UTC";
}

static struct tm local_time(const char *zone, int64_t seconds)
{
    struct tm tm;
    time_t t = (time_t)seconds;
    if (tz_utc_to_local(zone, t, &tm) != 0)
        gmtime_r(&t, &tm);
    return tm;
}

static const char *local_date(struct web *w, const char *zone, int64_t seconds)
{
    struct tm tm = local_time(zone, seconds);
    return arena_printf(w->ctx.arena, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday);
}

static const char *session_label(struct web *w, const char *zone,
                                 const struct reflection_session *s)
{
    return arena_printf(w->ctx.arena, "%s%s%s (%s)", local_date(w, zone, s->starts_at),
                        *s->partners ? " with " : "", s->partners, s->status);
}

static json_t *view_reflection(struct web *w, const struct reflection *r, const char *zone)
{
    json_t *v =
        json_pack("{s:I, s:s?, s:o, s:o}", "id", (json_int_t)r->id, "tag", *r->tag ? r->tag : NULL,
                  "created_at", view_time(r->created_at), "updated_at", view_time(r->updated_at));
    json_object_set_new(v, "session",
                        r->session_id ? json_pack("{s:I, s:o}", "id", (json_int_t)r->session_id,
                                                  "starts_at", view_time(r->session_starts_at))
                                      : json_null());
    json_object_set_new(
        v, "goal",
        r->goal_id ? json_pack("{s:I, s:s}", "id", (json_int_t)r->goal_id, "title", r->goal_title)
                   : json_null());
    view_set_markdown(v, "body", r->body, w->ctx.arena);
    if (!w->is_api) {
        json_object_set_new(v, "date", json_string(local_date(w, zone, r->created_at)));
        json_object_set_new(v, "tag_label", *r->tag ? json_string(tag_label(r->tag)) : json_null());
        if (r->session_id)
            json_object_set_new(v, "session_date",
                                json_string(local_date(w, zone, r->session_starts_at)));
        json_object_set_new(v, "was_edited", json_boolean(r->updated_at > r->created_at));
    }
    return v;
}

static json_t *view_sessions(struct web *w, const char *zone,
                             const struct reflection_session *sessions, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        json_t *s = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)sessions[i].id, "starts_at",
                              view_time(sessions[i].starts_at), "partners", sessions[i].partners);
        if (!w->is_api) {
            json_object_set_new(s, "date", json_string(local_date(w, zone, sessions[i].starts_at)));
            json_object_set_new(
                s, "href",
                json_sprintf("/reflections/new?session_id=%lld", (long long)sessions[i].id));
        }
        json_array_append_new(list, s);
    }
    return list;
}

/* --- the timeline --- */

/* The tag filter links, the current one marked. */
static json_t *tag_filters(const char *tag)
{
    json_t *filters = json_array();
    json_array_append_new(filters, json_pack("{s:s, s:s, s:b}", "label", "All", "href",
                                             "/reflections", "current", !tag || !*tag));
    for (size_t i = 0; i < sizeof tag_labels / sizeof *tag_labels; i++)
        json_array_append_new(filters,
                              json_pack("{s:s, s:o, s:b}", "label", tag_labels[i].text, "href",
                                        json_sprintf("/reflections?tag=%s", tag_labels[i].key),
                                        "current", tag && !strcmp(tag, tag_labels[i].key)));
    return filters;
}

/* The page's entries grouped by month, in the caller's time zone. */
static json_t *by_month(struct web *w, const char *zone, const struct reflection *list, int n)
{
    json_t *months = json_array(), *current = NULL;
    int current_key = -1;
    for (int i = 0; i < n; i++) {
        struct tm tm = local_time(zone, list[i].created_at);
        int key = (tm.tm_year + 1900) * 12 + tm.tm_mon;
        if (key != current_key) {
            current = json_array();
            json_array_append_new(
                months, json_pack("{s:o, s:o}", "label",
                                  json_sprintf("%s %d", month_names[tm.tm_mon], tm.tm_year + 1900),
                                  "reflections", current));
            current_key = key;
        }
        json_array_append_new(current, view_reflection(w, &list[i], zone));
    }
    return months;
}

int web_reflections_list(struct web *w)
{
    const char *tag = web_query(w, "tag"), *page_text = web_query(w, "page");
    int page = page_text ? atoi(page_text) : 1;
    if (page < 1)
        page = 1;
    struct reflection *list;
    struct reflection_session *pending;
    bool has_more;
    int n = reflection_list(&w->ctx, tag, page, &list, &has_more);
    if (n < 0)
        return -1;
    int pending_count = reflection_pending_sessions(&w->ctx, REFLECTION_PENDING_DAYS, &pending);
    if (pending_count < 0)
        return -1;
    const char *zone = caller_zone(w);
    web_view_set(w, "tag", tag && *tag ? json_string(tag) : json_null());
    web_view_set(w, "page_number", json_integer(page));
    web_view_set(w, "has_more", json_boolean(has_more));
    web_view_set(w, "pending_sessions", view_sessions(w, zone, pending, pending_count));
    if (w->is_api) {
        json_t *items = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(items, view_reflection(w, &list[i], zone));
        web_view_set(w, "reflections", items);
        return 0;
    }
    web_view_set(w, "months", by_month(w, zone, list, n));
    web_view_set(w, "has_reflections", json_boolean(n > 0));
    web_view_set(w, "has_pending", json_boolean(pending_count > 0));
    web_view_set(w, "is_filtered", json_boolean(tag && *tag));
    web_view_set(w, "filters", tag_filters(tag));
    const char *tag_query = tag && *tag ? urlform_encode(w->ctx.arena, tag) : "";
    if (page > 1)
        web_view_set(w, "newer_url",
                     json_sprintf("/reflections?tag=%s&page=%d", tag_query, page - 1));
    if (has_more)
        web_view_set(w, "older_url",
                     json_sprintf("/reflections?tag=%s&page=%d", tag_query, page + 1));
    return 0;
}

/* --- one entry --- */

static int show_reflection(struct web *w, int64_t id)
{
    struct reflection r;
    if (reflection_get(&w->ctx, id, &r) != 0)
        return -1;
    web_view_set(w, "reflection", view_reflection(w, &r, w->is_api ? "UTC" : caller_zone(w)));
    return 0;
}

int web_reflection_show(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return show_reflection(w, id);
}

/* --- the form --- */

static const char *form_text(json_t *form, const char *key)
{
    const char *text = json_string_value(json_object_get(form, key));
    return text ? text : "";
}

static json_t *option(const char *value, const char *label, bool selected)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}

/* The form's choices (tag, session, goal) from form, which holds text:
 * what was typed, or the entry as it is. current: the entry being edited,
 * whose session may be older than the recent ones offered. */
static int set_form(struct web *w, json_t *form, const struct reflection *current)
{
    const char *zone = caller_zone(w);
    json_t *tags = json_array();
    for (size_t i = 0; i < sizeof tag_labels / sizeof *tag_labels; i++)
        json_array_append_new(tags, option(tag_labels[i].key, tag_labels[i].text,
                                           !strcmp(form_text(form, "tag"), tag_labels[i].key)));

    struct reflection_session *sessions;
    int n = reflection_recent_sessions(&w->ctx, &sessions);
    if (n < 0)
        return -1;
    json_t *session_options = json_array();
    bool listed = !*form_text(form, "session_id");
    for (int i = 0; i < n; i++) {
        const char *id = arena_printf(w->ctx.arena, "%lld", (long long)sessions[i].id);
        bool selected = !strcmp(form_text(form, "session_id"), id);
        listed |= selected;
        json_array_append_new(session_options,
                              option(id, session_label(w, zone, &sessions[i]), selected));
    }
    if (!listed) {
        /* An older session, or an id from a link: offer it as it is; the
         * domain checks it on saving. */
        const char *id = form_text(form, "session_id");
        const char *label = current && current->session_id && atoll(id) == current->session_id
                                ? arena_printf(w->ctx.arena, "Session of %s",
                                               local_date(w, zone, current->session_starts_at))
                                : arena_printf(w->ctx.arena, "Session %s", id);
        json_array_append_new(session_options, option(id, label, true));
    }

    struct goal *goals;
    int goal_count = goal_list_for_owner(&w->ctx, NULL, &goals);
    if (goal_count < 0)
        return -1;
    json_t *goal_options = json_array();
    for (int i = 0; i < goal_count; i++) {
        const char *id = arena_printf(w->ctx.arena, "%lld", (long long)goals[i].id);
        json_array_append_new(goal_options,
                              option(id, goals[i].title, !strcmp(form_text(form, "goal_id"), id)));
    }
    json_t *prompts = json_array();
    for (const char *const *p = reflection_prompts; *p; p++)
        json_array_append_new(prompts, json_string(*p));
    web_view_set(w, "tag_options", tags);
    web_view_set(w, "session_options", session_options);
    web_view_set(w, "goal_options", goal_options);
    web_view_set(w, "has_sessions", json_boolean(json_array_size(session_options) > 0));
    web_view_set(w, "has_goals", json_boolean(goal_count > 0));
    web_view_set(w, "prompts", prompts);
    web_view_set(w, "form", json_incref(form));
    return 0;
}

/* A select's id: "" is null (no link), otherwise a whole number. */
static int form_link(struct web *w, json_t *out, const char *name)
{
    const char *text;
    if (web_input_text(w, name, &text) != 0)
        return -1;
    if (!text)
        return 0;
    if (!*text) {
        json_object_set_new(out, name, json_null());
        return 0;
    }
    char *end;
    long long id = strtoll(text, &end, 10);
    if (*end || id <= 0)
        return fail_input(&w->ctx, name, "must be one of the choices offered");
    json_object_set_new(out, name, json_integer(id));
    return 0;
}

/* The form as the API's object. */
static json_t *fields_from_form(struct web *w)
{
    json_t *fields = web_own(w, json_object());
    const char *text;
    static const char *const texts[] = {"body", "tag", NULL};
    for (const char *const *f = texts; *f; f++) {
        if (web_input_text(w, *f, &text) != 0)
            return NULL;
        if (text)
            json_object_set_new(fields, *f, json_string(text));
    }
    if (form_link(w, fields, "session_id") != 0 || form_link(w, fields, "goal_id") != 0)
        return NULL;
    return fields;
}

/* A query parameter that should be an id: kept only when it is one. */
static const char *query_id(struct web *w, const char *name)
{
    const char *text = web_query(w, name);
    return text && *text && strlen(text) <= 18 && !text[strspn(text, "0123456789")] ? text : NULL;
}

int web_reflection_new_form(struct web *w)
{
    const char *session_id = query_id(w, "session_id"), *goal_id = query_id(w, "goal_id");
    json_t *form =
        web_own(w, json_pack("{s:s, s:s, s:s, s:s}", "body", "", "tag", "", "session_id",
                             session_id ? session_id : "", "goal_id", goal_id ? goal_id : ""));
    return set_form(w, form, NULL);
}

int web_reflection_create(struct web *w)
{
    json_t *fields = w->input;
    if (!w->is_api && (set_form(w, w->input, NULL) != 0 || !(fields = fields_from_form(w))))
        return -1;
    int64_t id;
    if (reflection_create(&w->ctx, fields, &id) != 0)
        return -1;
    w->status = 201;
    w->redirect = arena_printf(w->ctx.arena, "/reflections/%lld", (long long)id);
    w->notice = "reflection_saved";
    return w->is_api ? show_reflection(w, id) : 0;
}

/* The edit page; form NULL fills it from the entry. */
static int show_edit(struct web *w, int64_t id, json_t *form)
{
    struct reflection r;
    if (reflection_get(&w->ctx, id, &r) != 0)
        return -1;
    web_view_set(w, "reflection", view_reflection(w, &r, caller_zone(w)));
    if (!form) {
        form = web_own(w, json_pack("{s:s, s:s}", "body", r.body, "tag", r.tag));
        json_object_set_new(form, "session_id",
                            r.session_id ? json_sprintf("%lld", (long long)r.session_id)
                                         : json_string(""));
        json_object_set_new(form, "goal_id",
                            r.goal_id ? json_sprintf("%lld", (long long)r.goal_id)
                                      : json_string(""));
    }
    return set_form(w, form, &r);
}

int web_reflection_edit_form(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return show_edit(w, id, NULL);
}

int web_reflection_update(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    json_t *changes = w->input;
    if (!w->is_api && (show_edit(w, id, w->input) != 0 || !(changes = fields_from_form(w))))
        return -1;
    if (reflection_update(&w->ctx, id, changes) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/reflections/%lld", (long long)id);
    w->notice = "reflection_saved";
    return w->is_api ? show_reflection(w, id) : 0;
}

int web_reflection_delete(struct web *w)
{
    int64_t id;
    if (web_input_only(w, NULL) != 0 || web_param_id(w, 0, &id) != 0)
        return -1;
    if (!w->is_api) {
        const char *confirm;
        if (show_reflection(w, id) != 0 || web_input_text(w, "confirm", &confirm) != 0)
            return -1;
        if (!confirm || strcmp(confirm, "yes") != 0)
            return fail_input(&w->ctx, "confirm", "must be ticked to delete the reflection");
    }
    if (reflection_delete(&w->ctx, id) != 0)
        return -1;
    w->status = 204;
    w->redirect = "/reflections";
    w->notice = "reflection_deleted";
    return 0;
}
