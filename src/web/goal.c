/* goal.c — goals and check-ins: the list with progress, the goal page
 * (details, chart, check-in form, history), creating and editing.
 *
 * The API takes typed JSON; the forms send text, which form_*() turn into
 * the same JSON object (numbers parsed, milestones one per line), so
 * domain/goal.c checks one shape only. Every page form that can fail
 * builds its page first, so a refused post shows the same page again with
 * the message and what was typed. The SVG chart is drawn by web/chart.c
 * from numbers only; its texts are escaped there. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/goal.h"
#include "domain/profile.h"
#include "lib/date.h"
#include "web/chart.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/view.h"

static const struct {
    const char *status, *label, *action;
} status_names[] = {
    {"active", "Active", "Resume (active)"},
    {"achieved", "Achieved", "Mark as achieved"},
    {"paused", "Paused", "Pause"},
    {"dropped", "Dropped", "Drop"},
};
static const char *const priority_labels[] = {"", "High", "Medium", "Low"};

static const char *status_label(const char *status)
{
    for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++)
        if (!strcmp(status_names[i].status, status))
            return status_names[i].label;
    return status;
}

static const char *number_text(struct web *w, double value)
{
    char text[GOAL_NUMBER_CHARS];
    goal_format_number(value, text);
    return arena_strdup(w->ctx.arena, text);
}

/* Whole numbers as JSON integers (20, not 20.0), others as reals. */
static json_t *number_json(double value)
{
    if (value == trunc(value) && fabs(value) < 1e15)
        return json_integer((json_int_t)value);
    return json_real(value);
}

/* "12 errors", "12" */
static const char *amount_text(struct web *w, double value, const char *unit)
{
    return arena_printf(w->ctx.arena, "%s%s%s", number_text(w, value), *unit ? " " : "", unit);
}

static void set(json_t *object, const char *key, json_t *value)
{
    json_object_set_new(object, key, value ? value : json_null());
}

static bool is_number_goal(const struct goal *g)
{
    return !strcmp(g->measure, "number");
}

/* "2026-03-04" of an instant (UTC). */
static json_t *day_of(int64_t seconds)
{
    char text[DATE_CHARS + 1];
    date_format(seconds / 86400, text);
    return json_string(text);
}

/* The display-only members pages use. */
static void add_page_members(struct web *w, json_t *v, const struct goal *g, int percent)
{
    bool is_number = is_number_goal(g);
    set(v, "status_label", json_string(status_label(g->status)));
    set(v, "priority_label",
        json_string(priority_labels[g->priority >= 1 && g->priority <= 3 ? g->priority : 2]));
    set(v, "is_number", json_boolean(is_number));
    set(v, "is_shared", json_boolean(!strcmp(g->visibility, "shared")));
    set(v, "is_owner", json_boolean(w->ctx.user && w->ctx.user->id == g->owner_id));
    if (g->achieved_at)
        set(v, "achieved_on", day_of(g->achieved_at));
    set(v, "is_closed",
        json_boolean(!strcmp(g->status, "achieved") || !strcmp(g->status, "dropped")));
    if (is_number) {
        set(v, "measure_text",
            json_sprintf("From %s to %s", amount_text(w, g->baseline, g->unit),
                         amount_text(w, g->target, g->unit)));
        set(v, "progress_text",
            json_sprintf("%d%%: %s", percent,
                         g->has_latest ? arena_printf(w->ctx.arena, "latest %s",
                                                      amount_text(w, g->latest_value, g->unit))
                                       : "no check-in yet"));
    } else {
        set(v, "measure_text",
            json_sprintf("A checklist of %lld milestone%s", (long long)g->milestones_total,
                         g->milestones_total == 1 ? "" : "s"));
        set(v, "progress_text",
            json_sprintf("%d%%: %lld of %lld milestones done", percent,
                         (long long)g->milestones_done, (long long)g->milestones_total));
    }
}

/* A goal as the API shows it (docs/API.md), plus display members on pages. */
static json_t *view_goal(struct web *w, const struct goal *g)
{
    json_t *v = json_object();
    bool is_number = is_number_goal(g);
    int percent = goal_percent(goal_progress(g));
    set(v, "id", json_integer(g->id));
    set(v, "owner", view_person_brief(g->owner_id, g->owner_name));
    set(v, "program",
        g->program_id
            ? json_pack("{s:I, s:s}", "id", (json_int_t)g->program_id, "name", g->program_name)
            : NULL);
    set(v, "title", json_string(g->title));
    set(v, "specific", json_string(g->specific));
    set(v, "measure", json_string(g->measure));
    set(v, "baseline", is_number ? number_json(g->baseline) : NULL);
    set(v, "target", is_number ? number_json(g->target) : NULL);
    set(v, "unit", is_number ? json_string(g->unit) : NULL);
    set(v, "latest_value", is_number && g->has_latest ? number_json(g->latest_value) : NULL);
    set(v, "milestones_done", is_number ? NULL : json_integer(g->milestones_done));
    set(v, "milestones_total", is_number ? NULL : json_integer(g->milestones_total));
    set(v, "progress", json_integer(percent));
    set(v, "target_date", json_string(g->target_date));
    set(v, "priority", json_integer(g->priority));
    set(v, "status", json_string(g->status));
    set(v, "visibility", json_string(g->visibility));
    set(v, "created_at", view_time(g->created_at));
    set(v, "updated_at", view_time(g->updated_at));
    set(v, "achieved_at", g->achieved_at ? view_time(g->achieved_at) : NULL);
    if (!w->is_api)
        add_page_members(w, v, g, percent);
    return v;
}

static json_t *view_goals(struct web *w, const struct goal *goals, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, view_goal(w, &goals[i]));
    return list;
}

/* --- the list --- */

int web_goals_list(struct web *w)
{
    const char *status = web_query(w, "status");
    struct goal *mine, *shared;
    int n = goal_list_for_owner(&w->ctx, status && *status ? status : NULL, &mine);
    if (n < 0)
        return -1;
    int shared_count = goal_list_shared_with_me(&w->ctx, &shared);
    if (shared_count < 0)
        return -1;
    web_view_set(w, "goals", view_goals(w, mine, n));
    web_view_set(w, "shared_with_me", view_goals(w, shared, shared_count));
    if (!w->is_api) {
        web_view_set(w, "has_goals", json_boolean(n > 0));
        web_view_set(w, "has_shared", json_boolean(shared_count > 0));
    }
    return 0;
}

/* --- the goal page --- */

static const char *history_label(const char *field)
{
    static const struct view_text labels[] = {{"target", "Target"},
                                              {"baseline", "Baseline"},
                                              {"target_date", "Target date"},
                                              {"milestones", "Milestones"},
                                              {"status", "Status"}};
    return VIEW_TEXT_OF(labels, field, field);
}

static json_t *view_checkin(struct web *w, const struct goal *g, const struct goal_checkin *c)
{
    json_t *v = json_object();
    set(v, "id", json_integer(c->id));
    set(v, "on_date", json_string(c->on_date));
    set(v, "value", c->has_value ? number_json(c->value) : NULL);
    set(v, "milestone",
        c->milestone_id
            ? json_pack("{s:I, s:s}", "id", (json_int_t)c->milestone_id, "text", c->milestone_text)
            : NULL);
    set(v, "note", json_string(c->note));
    set(v, "confidence", json_integer(c->confidence));
    set(v, "created_at", view_time(c->created_at));
    if (!w->is_api && c->has_value)
        set(v, "value_text", json_string(amount_text(w, c->value, g->unit)));
    return v;
}

static void add_details(struct web *w, json_t *v, const struct goal_detail *d)
{
    json_t *milestones = is_number_goal(&d->goal) ? json_null() : json_array();
    for (int i = 0; i < d->milestone_count; i++) {
        const struct goal_milestone *m = &d->milestones[i];
        json_array_append_new(milestones,
                              json_pack("{s:I, s:s, s:b, s:o}", "id", (json_int_t)m->id, "text",
                                        m->text, "done", m->done_at != 0, "done_at",
                                        m->done_at ? view_time(m->done_at) : json_null()));
    }
    set(v, "milestones", milestones);
    /* Newest first: what people look for is what happened last. */
    json_t *checkins = json_array();
    for (int i = d->checkin_count - 1; i >= 0; i--)
        json_array_append_new(checkins, view_checkin(w, &d->goal, &d->checkins[i]));
    set(v, "checkins", checkins);
    json_t *history = json_array();
    for (int i = d->adjustment_count - 1; i >= 0; i--) {
        const struct goal_adjustment *a = &d->adjustments[i];
        json_t *entry = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "at",
                                  view_time(a->at), "field", a->field, "old_value", a->old_value,
                                  "new_value", a->new_value, "reason", a->reason);
        if (!w->is_api) {
            set(entry, "label", json_string(history_label(a->field)));
            set(entry, "date", day_of(a->at));
        }
        json_array_append_new(history, entry);
    }
    set(v, "adjustments", history);
}

/* The chart's words: what it shows, with every number in it. */
static const char *chart_description(struct web *w, const struct goal_detail *d)
{
    const struct goal *g = &d->goal;
    const char *measured =
        d->checkin_count == 0
            ? "No check-ins yet."
            : arena_printf(w->ctx.arena, "%d check-in%s from %s to %s.", d->checkin_count,
                           d->checkin_count == 1 ? "" : "s", d->checkins[0].on_date,
                           d->checkins[d->checkin_count - 1].on_date);
    if (is_number_goal(g))
        return arena_printf(w->ctx.arena,
                            "Values over time, starting at %s when the goal was set. %s%s Target "
                            "%s by %s. Progress %d%%.",
                            amount_text(w, g->baseline, g->unit), measured,
                            g->has_latest ? arena_printf(w->ctx.arena, " Latest value %s.",
                                                         amount_text(w, g->latest_value, g->unit))
                                          : "",
                            amount_text(w, g->target, g->unit), g->target_date,
                            goal_percent(goal_progress(g)));
    return arena_printf(w->ctx.arena,
                        "Milestones done over time. %s %lld of %lld milestones done; target: all "
                        "%lld by %s.",
                        measured, (long long)g->milestones_done, (long long)g->milestones_total,
                        (long long)g->milestones_total, g->target_date);
}

static bool milestone_on_list(const struct goal_detail *d, int64_t id)
{
    for (int i = 0; i < d->milestone_count; i++)
        if (d->milestones[i].id == id)
            return true;
    return false;
}

static const char *goal_chart(struct web *w, const struct goal_detail *d)
{
    const struct goal *g = &d->goal;
    bool is_number = is_number_goal(g);
    struct chart_point *points =
        arena_alloc(w->ctx.arena, sizeof *points * (size_t)(d->checkin_count + 1));
    int n = 0, done = 0;
    for (int i = 0; i < d->checkin_count; i++) {
        const struct goal_checkin *c = &d->checkins[i];
        int64_t day;
        if (!date_parse(c->on_date, &day) || (is_number && !c->has_value))
            continue;
        if (!is_number && c->milestone_id && milestone_on_list(d, c->milestone_id))
            done++;
        points[n++] = (struct chart_point){.day = day, .value = is_number ? c->value : done};
    }
    int64_t last_day = 0;
    date_parse(g->target_date, &last_day);
    struct chart chart = {
        .id = arena_printf(w->ctx.arena, "goal-%lld-chart", (long long)g->id),
        .title = arena_printf(w->ctx.arena, "Progress of “%s”", g->title),
        .description = chart_description(w, d),
        .has_start = true,
        .start = {.day = g->created_at / 86400, .value = is_number ? g->baseline : 0},
        .points = points,
        .point_count = n,
        .has_target = true,
        .target = is_number ? g->target : (double)g->milestones_total,
        .target_label =
            is_number
                ? arena_printf(w->ctx.arena, "Target %s", amount_text(w, g->target, g->unit))
                : arena_printf(w->ctx.arena, "All %lld milestones", (long long)g->milestones_total),
        .last_day = last_day,
    };
    return chart_svg(w->ctx.arena, &chart);
}

/* Today in the caller's time zone, as text (UTC if the profile cannot be
 * read: a default for a form field is no reason to fail the page). */
static const char *today_text(struct web *w)
{
    struct profile profile;
    struct ctx probe = w->ctx;
    const char *zone =
        profile_load(&probe, w->ctx.user->id, &profile) == 0 ? profile.time_zone : NULL;
    char text[DATE_CHARS + 1];
    date_format(date_today(zone, w->ctx.now), text);
    return arena_strdup(w->ctx.arena, text);
}

static const char *form_text(json_t *form, const char *key)
{
    const char *text = json_string_value(json_object_get(form, key));
    return text ? text : "";
}

/* Options of a <select> from 1 … count, the one in form[key] selected. */
static json_t *number_options(json_t *form, const char *key, int count, const char *const *labels)
{
    json_t *options = json_array();
    for (int i = 1; i <= count; i++) {
        char value[16];
        snprintf(value, sizeof value, "%d", i);
        json_array_append_new(options,
                              json_pack("{s:s, s:s, s:b}", "value", value, "label", labels[i],
                                        "selected", !strcmp(form_text(form, key), value)));
    }
    return options;
}

/* The check-in form and the status form of the goal page, filled from
 * form (defaults, or what was typed). */
static void set_goal_forms(struct web *w, const struct goal_detail *d, json_t *form)
{
    static const char *const confidence_labels[] = {
        "", "1 — not confident", "2", "3 — fairly confident", "4", "5 — very confident"};
    json_t *milestone_options = json_array();
    for (int i = 0; i < d->milestone_count; i++)
        if (!d->milestones[i].done_at) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)d->milestones[i].id);
            json_array_append_new(milestone_options,
                                  json_pack("{s:s, s:s, s:b}", "value", id, "label",
                                            d->milestones[i].text, "selected",
                                            !strcmp(form_text(form, "milestone_id"), id)));
        }
    json_t *status_options = json_array();
    for (size_t i = 0; i < sizeof status_names / sizeof *status_names; i++)
        if (goal_status_change_allowed(d->goal.status, status_names[i].status))
            json_array_append_new(
                status_options,
                json_pack("{s:s, s:s, s:b}", "value", status_names[i].status, "label",
                          status_names[i].action, "selected",
                          !strcmp(form_text(form, "status"), status_names[i].status)));
    web_view_set(w, "confidence_options", number_options(form, "confidence", 5, confidence_labels));
    web_view_set(w, "milestone_options", milestone_options);
    web_view_set(w, "status_options", status_options);
    web_view_set(w, "has_status_options", json_boolean(json_array_size(status_options) > 0));
    web_view_set(w, "form", json_incref(form));
}

/* The goal page (or its API twin) for goal id; *detail receives what it
 * shows. */
static int show_goal_detail(struct web *w, int64_t id, struct goal_detail *detail)
{
    if (goal_detail(&w->ctx, id, detail) != 0)
        return -1;
    json_t *goal = view_goal(w, &detail->goal);
    add_details(w, goal, detail);
    web_view_set(w, "goal", goal);
    if (w->is_api)
        return 0;
    const struct goal *g = &detail->goal;
    bool is_owner = g->owner_id == w->ctx.user->id, is_active = !strcmp(g->status, "active");
    web_view_set(w, "chart_svg_html", json_string(goal_chart(w, detail)));
    web_view_set(w, "can_check_in", json_boolean(is_owner && is_active));
    web_view_set(w, "has_checkins", json_boolean(detail->checkin_count > 0));
    web_view_set(w, "has_adjustments", json_boolean(detail->adjustment_count > 0));
    web_view_set(w, "reached_target",
                 json_boolean(is_owner && is_active && goal_progress(g) >= 100));
    json_t *form = web_own(w, json_pack("{s:s, s:s}", "on_date", today_text(w), "confidence", "3"));
    set_goal_forms(w, detail, form);
    return 0;
}

static int show_goal(struct web *w, int64_t id)
{
    struct goal_detail detail;
    return show_goal_detail(w, id, &detail);
}

int web_goal_show(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return show_goal(w, id);
}

/* --- forms to API objects --- */

/* Strict decimal: [-+]digits[.digits][e[-+]digits], surrounding spaces
 * allowed; no hex, inf or nan, which strtod would take. */
static bool parse_decimal(const char *text, double *out)
{
    const char *p = text + strspn(text, " ");
    const char *start = p;
    if (*p == '-' || *p == '+')
        p++;
    size_t digits = strspn(p, "0123456789");
    p += digits;
    if (*p == '.') {
        size_t fraction = strspn(p + 1, "0123456789");
        digits += fraction;
        p += 1 + fraction;
    }
    if (!digits)
        return false;
    if (*p == 'e' || *p == 'E') {
        const char *e = p + 1 + (p[1] == '-' || p[1] == '+');
        size_t exponent = strspn(e, "0123456789");
        if (!exponent)
            return false;
        p = e + exponent;
    }
    if (p[strspn(p, " ")] != '\0')
        return false;
    *out = strtod(start, NULL);
    return true;
}

/* Copy a text field of the form as is (absent stays absent). */
static int form_copy(struct web *w, json_t *out, const char *name)
{
    const char *text;
    if (web_input_text(w, name, &text) != 0)
        return -1;
    if (text)
        json_object_set_new(out, name, json_string(text));
    return 0;
}

/* A number field: empty or absent is left out (the domain says whether it
 * is required); anything else must be a decimal number. */
static int form_number(struct web *w, json_t *out, const char *name)
{
    const char *text;
    if (web_input_text(w, name, &text) != 0)
        return -1;
    if (!text || !text[strspn(text, " ")])
        return 0;
    double value;
    if (!parse_decimal(text, &value))
        return fail_input(&w->ctx, name, "must be a number like 12.5");
    json_object_set_new(out, name, json_real(value));
    return 0;
}

/* A whole-number field (a <select>); empty means null when empty_is_null,
 * else it is left out. */
static int form_integer(struct web *w, json_t *out, const char *name, bool empty_is_null)
{
    const char *text;
    if (web_input_text(w, name, &text) != 0)
        return -1;
    if (!text || !*text) {
        if (text && empty_is_null)
            json_object_set_new(out, name, json_null());
        return 0;
    }
    char *end;
    long long value = strtoll(text, &end, 10);
    if (*end || end == text || value <= 0)
        return fail_input(&w->ctx, name, "must be one of the choices offered");
    json_object_set_new(out, name, json_integer(value));
    return 0;
}

/* Milestones typed one per line; blank lines are skipped. */
static int form_milestones(struct web *w, json_t *out)
{
    const char *text;
    if (web_input_text(w, "milestones", &text) != 0)
        return -1;
    if (!text)
        return 0;
    json_t *list = json_array();
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\r\n");
        size_t lead = strspn(p, " \t");
        if (lead < n)
            json_array_append_new(list, json_stringn(p, n));
        p += n;
        p += strspn(p, "\r\n");
    }
    json_object_set_new(out, "milestones", list);
    return 0;
}

/* The new-goal or edit form as the API's object. measure: the goal's
 * measure (edit) or NULL (new: taken from the form). */
static json_t *goal_fields_from_form(struct web *w, const char *measure)
{
    json_t *fields = web_own(w, json_object());
    static const char *const texts[] = {"title", "specific", "target_date", "visibility", NULL};
    for (const char *const *f = texts; *f; f++)
        if (form_copy(w, fields, *f) != 0)
            return NULL;
    if (!measure) {
        if (form_copy(w, fields, "measure") != 0)
            return NULL;
        measure = json_string_value(json_object_get(fields, "measure"));
    }
    if (measure && !strcmp(measure, "number")) {
        if (form_number(w, fields, "baseline") != 0 || form_number(w, fields, "target") != 0 ||
            form_copy(w, fields, "unit") != 0)
            return NULL;
    } else if (measure && !strcmp(measure, "milestones") && form_milestones(w, fields) != 0) {
        return NULL;
    }
    if (form_integer(w, fields, "priority", false) != 0 ||
        form_integer(w, fields, "program_id", true) != 0)
        return NULL;
    const char *reason;
    if (web_input_text(w, "reason", &reason) != 0)
        return NULL;
    if (reason && reason[strspn(reason, " \r\n\t")])
        json_object_set_new(fields, "reason", json_string(reason));
    return fields;
}

/* The new-goal and edit pages' choices, from form (strings). */
static int set_goal_form(struct web *w, json_t *form)
{
    struct goal_program *programs;
    int n = goal_programs(&w->ctx, &programs);
    if (n < 0)
        return -1;
    json_t *program_options = json_array();
    for (int i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)programs[i].id);
        json_array_append_new(program_options,
                              json_pack("{s:s, s:s, s:b}", "value", id, "label", programs[i].name,
                                        "selected", !strcmp(form_text(form, "program_id"), id)));
    }
    static const char *const priority_options[] = {"", "1 — high", "2 — medium", "3 — low"};
    web_view_set(w, "program_options", program_options);
    web_view_set(w, "has_programs", json_boolean(n > 0));
    web_view_set(w, "priority_options", number_options(form, "priority", 3, priority_options));
    web_view_set(w, "is_shared", json_boolean(!strcmp(form_text(form, "visibility"), "shared")));
    web_view_set(w, "is_milestones",
                 json_boolean(!strcmp(form_text(form, "measure"), "milestones")));
    web_view_set(w, "form", json_incref(form));
    return 0;
}

/* --- creating --- */

int web_goal_new_form(struct web *w)
{
    json_t *form = web_own(w, json_pack("{s:s, s:s, s:s}", "measure", "number", "priority", "2",
                                        "visibility", "private"));
    return set_goal_form(w, form);
}

int web_goal_create(struct web *w)
{
    json_t *fields = w->input;
    if (!w->is_api &&
        (set_goal_form(w, w->input) != 0 || !(fields = goal_fields_from_form(w, NULL))))
        return -1;
    int64_t id;
    if (goal_create(&w->ctx, fields, &id) != 0)
        return -1;
    w->status = 201;
    w->redirect = arena_printf(w->ctx.arena, "/goals/%lld", (long long)id);
    w->notice = "goal_created";
    return w->is_api ? show_goal(w, id) : 0;
}

/* --- editing --- */

/* The edit form filled from the goal as it is. */
static json_t *edit_form(struct web *w, const struct goal *g)
{
    json_t *form = web_own(w, json_object());
    set(form, "title", json_string(g->title));
    set(form, "specific", json_string(g->specific));
    set(form, "measure", json_string(g->measure));
    set(form, "target_date", json_string(g->target_date));
    set(form, "priority", json_sprintf("%lld", (long long)g->priority));
    set(form, "visibility", json_string(g->visibility));
    set(form, "program_id",
        g->program_id ? json_sprintf("%lld", (long long)g->program_id) : json_string(""));
    set(form, "reason", json_string(""));
    if (is_number_goal(g)) {
        set(form, "baseline", json_string(number_text(w, g->baseline)));
        set(form, "target", json_string(number_text(w, g->target)));
        set(form, "unit", json_string(g->unit));
        return form;
    }
    struct goal_detail d;
    if (goal_detail(&w->ctx, g->id, &d) != 0)
        return NULL;
    const char *lines = "";
    for (int i = 0; i < d.milestone_count; i++)
        lines = arena_printf(w->ctx.arena, "%s%s%s", lines, i ? "\n" : "", d.milestones[i].text);
    set(form, "milestones", json_string(lines));
    return form;
}

/* The edit page around goal id; form NULL fills it from the goal. */
static int show_edit(struct web *w, int64_t id, json_t *form, struct goal *goal)
{
    if (goal_get(&w->ctx, id, goal) != 0)
        return -1;
    if (goal->owner_id != w->ctx.user->id)
        return fail_forbidden(&w->ctx, "Only the owner of a goal may change it.");
    web_view_set(w, "goal", view_goal(w, goal));
    if (!form && !(form = edit_form(w, goal)))
        return -1;
    json_object_set_new(form, "measure", json_string(goal->measure));
    return set_goal_form(w, form);
}

int web_goal_edit_form(struct web *w)
{
    int64_t id;
    struct goal goal;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return show_edit(w, id, NULL, &goal);
}

int web_goal_update(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    json_t *changes = w->input;
    if (!w->is_api) {
        struct goal goal;
        if (show_edit(w, id, web_own(w, json_deep_copy(w->input)), &goal) != 0 ||
            !(changes = goal_fields_from_form(w, goal.measure)))
            return -1;
    }
    if (goal_update(&w->ctx, id, changes) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/goals/%lld", (long long)id);
    w->notice = "saved";
    return w->is_api ? show_goal(w, id) : 0;
}

/* The goal page's status form: {status, reason}. */
int web_goal_status(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0 || show_goal(w, id) != 0)
        return -1;
    json_t *form = json_object_get(w->view, "form");
    json_t *changes = web_own(w, json_object());
    if (form_copy(w, changes, "status") != 0 || form_copy(w, form, "status") != 0)
        return -1;
    const char *reason;
    if (web_input_text(w, "reason", &reason) != 0)
        return -1;
    if (reason && reason[strspn(reason, " \r\n\t")])
        json_object_set_new(changes, "reason", json_string(reason));
    if (!json_object_get(changes, "status"))
        return fail_input(&w->ctx, "status", "is required");
    if (goal_update(&w->ctx, id, changes) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/goals/%lld", (long long)id);
    w->notice = "goal_status";
    return 0;
}

/* --- check-ins --- */

int web_goal_checkin(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    json_t *fields = w->input;
    if (!w->is_api) {
        struct goal_detail detail;
        if (show_goal_detail(w, id, &detail) != 0)
            return -1;
        set_goal_forms(w, &detail, w->input);
        fields = web_own(w, json_object());
        if (form_copy(w, fields, "on_date") != 0 || form_copy(w, fields, "note") != 0 ||
            form_integer(w, fields, "confidence", false) != 0 ||
            form_integer(w, fields, "milestone_id", false) != 0 ||
            (is_number_goal(&detail.goal) && form_number(w, fields, "value") != 0))
            return -1;
    }
    int64_t checkin_id;
    bool achieved;
    if (goal_checkin_add(&w->ctx, id, fields, &checkin_id, &achieved) != 0)
        return -1;
    w->status = 201;
    w->redirect = arena_printf(w->ctx.arena, "/goals/%lld", (long long)id);
    w->notice = achieved ? "goal_achieved" : "checkin_saved";
    if (!w->is_api)
        return 0;
    if (show_goal(w, id) != 0)
        return -1;
    web_view_set(w, "checkin_id", json_integer(checkin_id));
    web_view_set(w, "achieved", json_boolean(achieved));
    return 0;
}
