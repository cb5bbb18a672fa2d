/* enrollment.c — applying to a program, the organizers' list of
 * applications and their decisions, and withdrawing.
 *
 * The API takes an application as {"answers": {"<question id>": true},
 * "goals": […], "availability_confirmed": true}; the form sends a yes/no
 * radio pair per question (q_<id>), up to three goal boxes and a checkbox,
 * which application_from_form() turns into that same object. Applications
 * are shown to their applicant and the program's organizers only: the
 * domain answers 404 to anyone else. */
#include <stdio.h>
#include <string.h>

#include "domain/enrollment.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/program.h"
#include "web/view.h"

static const char *const decision_labels[][2] = {
    {"accepted", "Accept"}, {"waitlisted", "Waitlist"}, {"declined", "Decline"}};

/* The form field of question q: "q_12". */
static const char *answer_field(struct web *w, const struct readiness_question *q)
{
    return arena_printf(w->ctx.arena, "q_%lld", (long long)q->id);
}

/* The apply page of a program; typed (may be NULL) holds what a failed
 * post sent, shown again. */
static int apply_page(struct web *w, int64_t program_id, json_t *typed)
{
    struct program_detail d;
    if (web_program_fill(w, program_id, &d) != 0)
        return -1;
    json_t *questions = json_array();
    for (int i = 0; i < d.nquestions; i++) {
        const struct readiness_question *q = &d.questions[i];
        const char *field = answer_field(w, q);
        const char *answer = json_string_value(json_object_get(typed, field));
        json_array_append_new(questions,
                              json_pack("{s:I, s:s, s:b, s:s, s:b, s:b}", "id", (json_int_t)q->id,
                                        "text", q->text, "is_required", q->is_required, "field",
                                        field, "yes", answer && !strcmp(answer, "yes"), "no",
                                        answer && !strcmp(answer, "no")));
    }
    web_view_set(w, "questions", questions);
    web_view_set(w, "form", typed ? json_deep_copy(typed) : json_object());
    return 0;
}

int web_enrollment_apply_form(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return apply_page(w, id, NULL);
}

/* The form's fields as the API's application object. */
static json_t *application_from_form(struct web *w, int64_t program_id)
{
    struct readiness_question *questions;
    int count;
    if (program_questions(&w->ctx, program_id, &questions, &count) != 0)
        return NULL;
    json_t *answers = json_object();
    json_t *application = web_own(
        w, json_pack("{s:o, s:[], s:b}", "answers", answers, "goals", "availability_confirmed",
                     json_object_get(w->input, "availability_confirmed") != NULL));
    for (int i = 0; i < count; i++) {
        const char *answer;
        if (web_input_text(w, answer_field(w, &questions[i]), &answer) != 0)
            return NULL;
        if (!answer)
            continue;
        if (strcmp(answer, "yes") != 0 && strcmp(answer, "no") != 0) {
            fail_input(&w->ctx, "answers", "must be yes or no for each question");
            return NULL;
        }
        json_object_set_new(answers, arena_printf(w->ctx.arena, "%lld", (long long)questions[i].id),
                            json_boolean(!strcmp(answer, "yes")));
    }
    json_t *goals = json_object_get(application, "goals");
    for (int i = 1; i <= 3; i++) {
        const char *goal;
        if (web_input_text(w, arena_printf(w->ctx.arena, "goal_%d", i), &goal) != 0)
            return NULL;
        if (goal)
            json_array_append_new(goals, json_string(goal));
    }
    return application;
}

/* The API's answer to a change: the enrollment as the list shows it. */
static int enrollment_answer(struct web *w, const struct enrollment *e)
{
    struct readiness_question *questions;
    int count;
    if (program_questions(&w->ctx, e->program_id, &questions, &count) != 0)
        return -1;
    web_view_set(w, "enrollment", web_enrollment_view(w, e, questions, count));
    return 0;
}

int web_enrollment_apply(struct web *w)
{
    static const char *const fields[] = {"answers", "goals", "availability_confirmed", NULL};
    int64_t id;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0)
        return -1;
    json_t *application = w->input;
    if (!w->is_api) {
        if (apply_page(w, id, w->input) != 0)
            return -1;
        application = application_from_form(w, id);
        if (!application)
            return -1;
    }
    struct enrollment e;
    if (enrollment_apply(&w->ctx, id, application, &e) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)id);
    w->notice = "applied";
    w->status = 201;
    return w->is_api ? enrollment_answer(w, &e) : 0;
}

/* The enrollments of a program as the list page and the API show them. */
static int list_enrollments(struct web *w, int64_t program_id, const char *state)
{
    struct enrollment *list;
    int count;
    if (enrollment_list(&w->ctx, program_id, state, &list, &count) != 0)
        return -1;
    struct readiness_question *questions;
    int nquestions;
    bool deciding = false; /* pages: may organizers decide now? */
    if (w->is_api) {
        if (program_questions(&w->ctx, program_id, &questions, &nquestions) != 0)
            return -1;
    } else {
        struct program_detail d;
        if (web_program_fill(w, program_id, &d) != 0)
            return -1;
        questions = d.questions;
        nquestions = d.nquestions;
        deciding = !strcmp(d.program.state, "enrolling") || !strcmp(d.program.state, "running");
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++) {
        json_t *v = web_enrollment_view(w, &list[i], questions, nquestions);
        if (!w->is_api) {
            json_t *choices = json_array();
            for (size_t k = 0; deciding && k < sizeof decision_labels / sizeof *decision_labels;
                 k++)
                if (!enrollment_decision_problem(list[i].state, decision_labels[k][0]))
                    json_array_append_new(choices,
                                          json_pack("{s:s, s:s}", "state", decision_labels[k][0],
                                                    "label", decision_labels[k][1]));
            json_object_set_new(v, "decisions", choices);
        }
        json_array_append_new(items, v);
    }
    web_view_set(w, "enrollments", items);
    if (!w->is_api) {
        json_t *filters = json_array();
        json_array_append_new(filters,
                              json_pack("{s:s, s:s, s:b}", "label", "All", "href",
                                        arena_printf(w->ctx.arena, "/programs/%lld/enrollments",
                                                     (long long)program_id),
                                        "selected", state == NULL));
        for (const char *const *s = enrollment_states; *s; s++)
            json_array_append_new(
                filters, json_pack("{s:s, s:s, s:b}", "label", *s, "href",
                                   arena_printf(w->ctx.arena, "/programs/%lld/enrollments?state=%s",
                                                (long long)program_id, *s),
                                   "selected", state && !strcmp(state, *s)));
        web_view_set(w, "filters", filters);
    }
    return 0;
}

int web_enrollment_list(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    const char *state = web_query(w, "state");
    return list_enrollments(w, id, state && *state ? state : NULL);
}

int web_enrollment_decide(struct web *w)
{
    static const char *const fields[] = {"state", NULL};
    int64_t id;
    const char *state;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0 ||
        web_input_text(w, "state", &state) != 0)
        return -1;
    struct enrollment e;
    if (!w->is_api) {
        /* A refused decision shows the list again, with the reason. */
        if (enrollment_get(&w->ctx, id, &e) != 0 || list_enrollments(w, e.program_id, NULL) != 0)
            return -1;
    }
    if (enrollment_decide(&w->ctx, id, state, &e) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld/enrollments", (long long)e.program_id);
    w->notice = "saved";
    return w->is_api ? enrollment_answer(w, &e) : 0;
}

int web_enrollment_withdraw(struct web *w)
{
    int64_t id;
    if (web_input_only(w, NULL) != 0 || web_param_id(w, 0, &id) != 0)
        return -1;
    struct enrollment e;
    if (!w->is_api) {
        /* A refused withdrawal shows the program page again. */
        if (enrollment_get(&w->ctx, id, &e) != 0 || web_program_fill(w, e.program_id, NULL) != 0)
            return -1;
    }
    if (enrollment_withdraw(&w->ctx, id, &e) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld", (long long)e.program_id);
    w->notice = "withdrawn";
    return w->is_api ? enrollment_answer(w, &e) : 0;
}
