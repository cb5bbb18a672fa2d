/* program.c — programs: the list, the program page, creating and editing
 * (organizers), the lifecycle, readiness questions and co-organizers.
 *
 * The API takes a program's fields as one flat JSON object ({"name": …,
 * "group_size": 2}); forms send text, which fields_from_form() turns into
 * that same object (numbers parsed), so domain/program.c checks one shape.
 * A form shown again after an error keeps what was typed, choices included.
 * Pages get a few extras the API does not need (is_<state> flags, button
 * labels); everything else is the same view model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/enrollment.h"
#include "domain/method.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/program.h"
#include "web/view.h"

static const char *const text_fields[] = {
    "name",      "description", "objectives",      "method",           "cadence",
    "starts_on", "ends_on",     "enroll_opens_on", "enroll_closes_on", NULL};
static const char *const number_fields[] = {"group_size", "session_minutes", NULL};

static const char *cadence_label(const char *cadence)
{
    if (!strcmp(cadence, "weekly"))
        return "every week";
    if (!strcmp(cadence, "monthly"))
        return "every month";
    return "every two weeks";
}

static const char *group_label(struct arena *arena, int64_t size)
{
    return size == 2 ? "pairs" : arena_printf(arena, "circles of %lld", (long long)size);
}

/* What the button that moves a program to state says. */
static const char *action_label(const char *from, const char *to)
{
    if (!strcmp(to, "enrolling"))
        return "Open enrollment";
    if (!strcmp(to, "running"))
        return "Start the program";
    if (!strcmp(to, "closed"))
        return !strcmp(from, "running") ? "Close the program" : "Cancel the program";
    return "Back to draft";
}

json_t *web_program_view(struct web *w, const struct program *p)
{
    const struct method *method = method_find(p->method);
    json_t *v = json_pack(
        "{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}",
        "id", (json_int_t)p->id, "name", p->name, "method", p->method, "method_name",
        method ? method->name : p->method, "group_size", (json_int_t)p->group_size, "group_label",
        group_label(w->ctx.arena, p->group_size), "cadence", p->cadence, "cadence_label",
        cadence_label(p->cadence), "session_minutes", (json_int_t)p->session_minutes, "starts_on",
        p->starts_on, "ends_on", p->ends_on, "enroll_opens_on", p->enroll_opens_on,
        "enroll_closes_on", p->enroll_closes_on, "state", p->state, "created_by",
        (json_int_t)p->created_by, "created_at", view_time(p->created_at), "updated_at",
        view_time(p->updated_at));
    view_set_markdown(v, "description", p->description, w->ctx.arena);
    view_set_markdown(v, "objectives", p->objectives, w->ctx.arena);
    if (!w->is_api) {
        json_object_set_new(v, arena_printf(w->ctx.arena, "is_%s", p->state), json_true());
        json_object_set_new(v, "has_description", json_boolean(*p->description));
        json_object_set_new(v, "has_objectives", json_boolean(*p->objectives));
    }
    return v;
}

json_t *web_question_view(const struct readiness_question *q)
{
    return json_pack("{s:I, s:I, s:s, s:b, s:b}", "id", (json_int_t)q->id, "position",
                     (json_int_t)q->position, "text", q->text, "is_required", q->is_required,
                     "is_default", *q->default_key != '\0');
}

json_t *web_enrollment_view(struct web *w, const struct enrollment *e,
                            const struct readiness_question *questions, int nquestions)
{
    json_t *stored = json_loads(e->answers, 0, NULL);
    json_t *answers = json_array();
    for (int i = 0; i < nquestions; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)questions[i].id);
        json_t *answer = json_object_get(stored, id);
        json_t *v =
            json_pack("{s:I, s:s, s:b, s:o}", "question_id", (json_int_t)questions[i].id, "text",
                      questions[i].text, "is_required", questions[i].is_required, "answer",
                      json_is_boolean(answer) ? json_boolean(json_is_true(answer)) : json_null());
        if (!w->is_api) /* a question added after the application has no answer */
            json_object_set_new(v, "answer_label",
                                json_string(!json_is_boolean(answer) ? "not asked"
                                            : json_is_true(answer)   ? "yes"
                                                                     : "no"));
        json_array_append_new(answers, v);
    }
    json_decref(stored);
    json_t *user =
        json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->user_id, "name", e->user_name,
                  "email", e->user_email, "department", e->department, "job_title", e->job_title);
    return json_pack(
        "{s:I, s:I, s:o, s:s, s:o, s:o, s:b, s:o, s:o, s:o}", "id", (json_int_t)e->id, "program_id",
        (json_int_t)e->program_id, "user", user, "state", e->state, "goals",
        view_json_text(e->goals), "answers", answers, "availability_confirmed",
        e->availability_confirmed, "applied_at", view_time(e->applied_at), "decided_at",
        e->decided_at ? view_time(e->decided_at) : json_null(), "decided_by",
        e->decided_by_name ? view_person_brief(e->decided_by, e->decided_by_name) : json_null());
}

/* The parts of the program page only its organizers see. */
static void add_management(struct web *w, json_t *v, const struct program_detail *d)
{
    const struct enrollment_counts *c = &d->counts;
    json_object_set_new(v, "enrollment_counts",
                        json_pack("{s:I, s:I, s:I, s:I, s:I}", "applied", (json_int_t)c->applied,
                                  "accepted", (json_int_t)c->accepted, "waitlisted",
                                  (json_int_t)c->waitlisted, "declined", (json_int_t)c->declined,
                                  "withdrawn", (json_int_t)c->withdrawn));
    json_t *next = json_array(), *actions = w->is_api ? NULL : json_array();
    for (const char *const *s = program_next_states(d->program.state); *s; s++) {
        json_array_append_new(next, json_string(*s));
        if (actions) /* pages: one button per next state */
            json_array_append_new(actions, json_pack("{s:s, s:s}", "state", *s, "label",
                                                     action_label(d->program.state, *s)));
    }
    json_object_set_new(v, "next_states", next);
    if (!actions)
        return;
    json_object_set_new(v, "actions", actions);
    json_object_set_new(v, "can_edit", json_boolean(strcmp(d->program.state, "closed") != 0));
    json_object_set_new(v, "questions_editable",
                        json_boolean(program_is_in_setup(d->program.state)));
}

int web_program_fill(struct web *w, int64_t program_id, struct program_detail *out)
{
    struct program_detail storage, *d = out ? out : &storage;
    if (program_load_detail(&w->ctx, program_id, d) != 0)
        return -1;
    json_t *v = web_program_view(w, &d->program);
    bool removable = d->can_manage && program_is_in_setup(d->program.state);
    json_t *questions = json_array();
    for (int i = 0; i < d->nquestions; i++) {
        json_t *q = web_question_view(&d->questions[i]);
        if (!w->is_api)
            json_object_set_new(q, "removable",
                                json_boolean(removable && !*d->questions[i].default_key));
        json_array_append_new(questions, q);
    }
    json_object_set_new(v, "questions", questions);
    json_t *organizers = json_array();
    for (int i = 0; i < d->norganizers; i++)
        json_array_append_new(organizers,
                              view_person_brief(d->organizers[i].user_id, d->organizers[i].name));
    json_object_set_new(v, "organizers", organizers);
    json_object_set_new(v, "can_manage", json_boolean(d->can_manage));
    json_object_set_new(v, "enrollment_open", json_boolean(!d->enrollment_closed_why));
    json_object_set_new(v, "enrollment_closed_why",
                        d->enrollment_closed_why ? json_string(d->enrollment_closed_why)
                                                 : json_null());
    json_t *mine = json_null();
    if (d->has_my_enrollment) {
        mine = web_enrollment_view(w, &d->my_enrollment, d->questions, d->nquestions);
        json_object_set_new(mine, "can_withdraw",
                            json_boolean(enrollment_can_withdraw(d->my_enrollment.state) &&
                                         strcmp(d->program.state, "closed") != 0));
    }
    json_object_set_new(v, "my_enrollment", mine);
    if (d->can_manage)
        add_management(w, v, d);
    if (!w->is_api) {
        bool may_apply = !d->has_my_enrollment || !strcmp(d->my_enrollment.state, "withdrawn");
        json_object_set_new(v, "can_apply", json_boolean(!d->enrollment_closed_why && may_apply));
    }
    web_view_set(w, "program", v);
    return 0;
}

int web_program_list(struct web *w)
{
    struct program_summary *list;
    int count;
    if (program_list(&w->ctx, &list, &count) != 0)
        return -1;
    int64_t today = program_today(&w->ctx);
    bool is_admin = access_is_admin(&w->ctx);
    json_t *programs = json_array();
    for (int i = 0; i < count; i++) {
        const struct program_summary *s = &list[i];
        json_t *v = web_program_view(w, &s->program);
        json_object_set_new(v, "is_organizer", json_boolean(s->is_organizer));
        json_object_set_new(v, "my_enrollment",
                            s->my_state
                                ? json_pack("{s:I, s:s}", "id", (json_int_t)s->my_enrollment_id,
                                            "state", s->my_state)
                                : json_null());
        if (s->is_organizer || is_admin)
            json_object_set_new(v, "enrollment_counts",
                                json_pack("{s:I, s:I, s:I}", "applied", (json_int_t)s->applied,
                                          "accepted", (json_int_t)s->accepted, "waitlisted",
                                          (json_int_t)s->waitlisted));
        if (!w->is_api) {
            bool may_apply = !s->my_state || !strcmp(s->my_state, "withdrawn");
            json_object_set_new(v, "can_apply",
                                json_boolean(may_apply && !program_enrollment_closed_why(
                                                              w->ctx.arena, &s->program, today)));
        }
        json_array_append_new(programs, v);
    }
    web_view_set(w, "programs", programs);
    web_view_set(w, "can_create", json_boolean(access_is_organizer(&w->ctx)));
    return 0;
}

int web_program_show(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return web_program_fill(w, id, NULL);
}

/* Choices of a select, the one matching value marked selected. */
static json_t *options(const char *const *values, const char *const *labels, const char *value)
{
    json_t *list = json_array();
    for (int i = 0; values[i]; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:b}", "value", values[i], "label", labels[i],
                                        "selected", value && !strcmp(value, values[i])));
    return list;
}

/* The program form: the typed values (form, taken) and its choices. */
static void set_form(struct web *w, json_t *form, const char *action, bool is_new)
{
    static const char *const sizes[] = {"2", "3", "4", NULL};
    static const char *const size_labels[] = {"Pairs", "Circles of 3", "Circles of 4", NULL};
    static const char *const cadence_labels[] = {"Every week", "Every two weeks", "Every month",
                                                 NULL};
    const char *method = json_string_value(json_object_get(form, "method"));
    const char *size = json_string_value(json_object_get(form, "group_size"));
    const char *cadence = json_string_value(json_object_get(form, "cadence"));
    json_t *methods = json_array();
    for (const char *const *key = method_keys; *key; key++)
        json_array_append_new(methods, json_pack("{s:s, s:s, s:b}", "value", *key, "label",
                                                 method_find(*key)->name, "selected",
                                                 method && !strcmp(method, *key)));
    web_view_set(w, "methods", methods);
    web_view_set(w, "group_sizes", options(sizes, size_labels, size));
    web_view_set(w, "cadences", options(program_cadences, cadence_labels, cadence));
    web_view_set(w, "form_action", json_string(action));
    web_view_set(w, "is_new", json_boolean(is_new));
    web_view_set(w, "form", form);
}

int web_program_new_form(struct web *w)
{
    json_t *form = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", "",
                             "description", "", "objectives", "", "method", "grow", "group_size",
                             "2", "cadence", "biweekly", "session_minutes", "45", "starts_on", "",
                             "ends_on", "", "enroll_opens_on", "", "enroll_closes_on", "");
    set_form(w, form, "/programs", true);
    web_view_set(w, "editable", json_pack("{s:b, s:b}", "setup", true, "ends_on", true));
    return 0;
}

/* The form's text fields as the API's program object. */
static json_t *fields_from_form(struct web *w)
{
    json_t *fields = web_own(w, json_object());
    const char *text;
    for (const char *const *f = text_fields; *f; f++) {
        if (web_input_text(w, *f, &text) != 0)
            return NULL;
        if (text)
            json_object_set_new(fields, *f, json_string(text));
    }
    for (const char *const *f = number_fields; *f; f++) {
        if (web_input_text(w, *f, &text) != 0)
            return NULL;
        if (!text)
            continue;
        if (!*text || strlen(text) > 6 || strspn(text, "0123456789") != strlen(text)) {
            fail_input(&w->ctx, *f, "must be a whole number");
            return NULL;
        }
        json_object_set_new(fields, *f, json_integer(atoll(text)));
    }
    return fields;
}

int web_program_create(struct web *w)
{
    json_t *fields = w->input;
    if (!w->is_api) {
        set_form(w, json_deep_copy(w->input), "/programs", true);
        web_view_set(w, "editable", json_pack("{s:b, s:b}", "setup", true, "ends_on", true));
        fields = fields_from_form(w);
        if (!fields)
            return -1;
    }
    int64_t id;
    if (program_create(&w->ctx, fields, &id) != 0)
        return -1;
    if (!w->is_api) {
        w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)id);
        w->notice = "program_created";
        return 0;
    }
    w->status = 201;
    return web_program_fill(w, id, NULL);
}

/* The edit page of program id; typed (may be NULL) are the values a failed
 * post sent, shown again instead of the stored ones. */
static int edit_page(struct web *w, int64_t id, json_t *typed)
{
    struct program_detail d;
    if (web_program_fill(w, id, &d) != 0)
        return -1;
    if (!d.can_manage)
        return fail_forbidden(&w->ctx, "Only the organizers of this program may do this.");
    const struct program *p = &d.program;
    /* Numbers as text, as a form sends them, so the selects can match. */
    json_t *form =
        typed ? json_deep_copy(typed)
              : json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:s}", "name",
                          p->name, "description", p->description, "objectives", p->objectives,
                          "method", p->method, "group_size",
                          json_sprintf("%lld", (long long)p->group_size), "cadence", p->cadence,
                          "session_minutes", json_sprintf("%lld", (long long)p->session_minutes),
                          "starts_on", p->starts_on, "ends_on", p->ends_on, "enroll_opens_on",
                          p->enroll_opens_on, "enroll_closes_on", p->enroll_closes_on);
    set_form(w, form, arena_printf(w->ctx.arena, "/programs/%lld", (long long)id), false);
    bool open = strcmp(p->state, "closed") != 0;
    web_view_set(w, "editable",
                 json_pack("{s:b, s:b}", "setup", program_is_in_setup(p->state), "ends_on", open));
    return 0;
}

int web_program_edit_form(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return edit_page(w, id, NULL);
}

int web_program_update(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    json_t *changes = w->input;
    if (!w->is_api) {
        if (edit_page(w, id, w->input) != 0)
            return -1;
        changes = fields_from_form(w);
        if (!changes)
            return -1;
    }
    if (program_update(&w->ctx, id, changes) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)id);
    w->notice = "saved";
    return w->is_api ? web_program_fill(w, id, NULL) : 0;
}

int web_program_set_state(struct web *w)
{
    static const char *const fields[] = {"state", NULL};
    int64_t id;
    const char *state;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0 ||
        web_input_text(w, "state", &state) != 0)
        return -1;
    /* A refused change shows the program page again, with the reason. */
    if (!w->is_api && web_program_fill(w, id, NULL) != 0)
        return -1;
    if (program_set_state(&w->ctx, id, state) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)id);
    w->notice = "program_state";
    return w->is_api ? web_program_fill(w, id, NULL) : 0;
}

/* A boolean field: JSON true/false for the API, a ticked box on a form. */
static int input_flag(struct web *w, const char *name, bool *out)
{
    json_t *value = json_object_get(w->input, name);
    if (!w->is_api) {
        *out = value != NULL;
        return 0;
    }
    if (value && !json_is_boolean(value))
        return fail_input(&w->ctx, name, "must be true or false");
    *out = json_is_true(value);
    return 0;
}

int web_program_question_add(struct web *w)
{
    static const char *const fields[] = {"text", "is_required", NULL};
    int64_t id;
    const char *text;
    bool is_required = false;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0 ||
        web_input_text(w, "text", &text) != 0 || input_flag(w, "is_required", &is_required) != 0)
        return -1;
    if (!w->is_api && web_program_fill(w, id, NULL) != 0)
        return -1;
    struct readiness_question question;
    if (program_question_add(&w->ctx, id, text, is_required, &question) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)id);
    w->notice = "saved";
    w->status = 201;
    web_view_set(w, "question", web_question_view(&question));
    return 0;
}

int web_program_question_remove(struct web *w)
{
    int64_t id, question_id;
    if (web_input_only(w, NULL) != 0 || web_param_id(w, 0, &id) != 0 ||
        web_param_id(w, 1, &question_id) != 0)
        return -1;
    if (!w->is_api && web_program_fill(w, id, NULL) != 0)
        return -1;
    if (program_question_remove(&w->ctx, id, question_id) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)id);
    w->notice = "saved";
    w->status = 204;
    return 0;
}

int web_program_organizer_add(struct web *w)
{
    static const char *const fields[] = {"email", "user_id", NULL};
    int64_t id, user_id = 0;
    const char *email;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0 ||
        web_input_text(w, "email", &email) != 0)
        return -1;
    json_t *given = json_object_get(w->input, "user_id");
    if (w->is_api && !email && given) {
        if (!json_is_integer(given))
            return fail_input(&w->ctx, "user_id", "must be a user id");
        user_id = json_integer_value(given);
    }
    if (!w->is_api && web_program_fill(w, id, NULL) != 0)
        return -1;
    struct program_organizer organizer;
    if (program_organizer_add(&w->ctx, id, email, user_id, &organizer) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)id);
    w->notice = "saved";
    w->status = 201;
    web_view_set(w, "organizer", view_person_brief(organizer.user_id, organizer.name));
    return 0;
}
