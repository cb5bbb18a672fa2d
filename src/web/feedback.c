/* feedback.c — feedback after a held session (the form and list on the
 * session page, POST /api/v1/sessions/:id/feedback) and the logged-in
 * person's coaching-skill trend (GET /api/v1/me/coaching-skills, /coaching).
 *
 * Ratings travel as whole numbers 1-5: JSON integers in the API (a string
 * is a 422), radio buttons on the page. The trend is shown as a table with
 * <meter> bars, readable without colour or JavaScript. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/feedback.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/session.h"
#include "web/view.h"

static const char *const coaching_short[FEEDBACK_COACHING] = {"listening", "questioning",
                                                              "feedback"};

json_t *web_feedback_view(struct web *w, const struct feedback *f)
{
    json_t *answers = json_object(), *answer_list = json_array();
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++) {
        json_object_set_new(answers, feedback_question_keys[i], json_integer(f->answers[i]));
        json_array_append_new(answer_list,
                              json_pack("{s:s, s:I}", "text", feedback_question_texts[i], "value",
                                        (json_int_t)f->answers[i]));
    }
    json_t *coaching = json_null(), *coaching_list = json_array();
    if (f->coaching[0]) {
        coaching = json_object();
        for (int i = 0; i < FEEDBACK_COACHING; i++) {
            json_object_set_new(coaching, feedback_coaching_keys[i], json_integer(f->coaching[i]));
            json_array_append_new(coaching_list,
                                  json_pack("{s:s, s:I}", "text", feedback_coaching_texts[i],
                                            "value", (json_int_t)f->coaching[i]));
        }
    }
    json_t *v = json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)f->id, "author",
                          view_person_brief(f->author_id, f->author_name), "answers", answers,
                          "coaching", coaching, "created_at", view_time(f->created_at));
    view_set_markdown(v, "comment", f->comment, w->ctx.arena);
    if (w->is_api) {
        json_decref(answer_list);
        json_decref(coaching_list);
    } else {
        json_object_set_new(v, "answer_list", answer_list);
        json_object_set_new(v, "coaching_list", coaching_list);
        json_object_set_new(v, "has_coaching", json_boolean(f->coaching[0] != 0));
        json_object_set_new(v, "has_comment", json_boolean(*f->comment));
    }
    return v;
}

/* One 1-5 question as radio buttons, keeping what was ticked. */
static json_t *rating_question(struct web *w, const char *key, const char *text)
{
    bool was_posted =
        json_is_true(json_object_get(json_object_get(w->view, "submitted"), "feedback"));
    const char *ticked = was_posted ? json_string_value(json_object_get(w->input, key)) : NULL;
    json_t *options = json_array();
    for (int value = 1; value <= 5; value++) {
        char text_value[2] = {(char)('0' + value), '\0'};
        json_array_append_new(options, json_pack("{s:i, s:s, s:b}", "value", value, "id",
                                                 arena_printf(w->ctx.arena, "%s_%d", key, value),
                                                 "checked", ticked && !strcmp(ticked, text_value)));
    }
    return json_pack("{s:s, s:s, s:o}", "key", key, "text", text, "options", options);
}

json_t *web_feedback_form(struct web *w, bool is_focus)
{
    json_t *questions = json_array(), *coaching = json_array();
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        json_array_append_new(
            questions, rating_question(w, feedback_question_keys[i], feedback_question_texts[i]));
    for (int i = 0; is_focus && i < FEEDBACK_COACHING; i++)
        json_array_append_new(
            coaching, rating_question(w, feedback_coaching_keys[i], feedback_coaching_texts[i]));
    bool was_posted =
        json_is_true(json_object_get(json_object_get(w->view, "submitted"), "feedback"));
    const char *comment =
        was_posted ? json_string_value(json_object_get(w->input, "comment")) : NULL;
    return json_pack("{s:o, s:o, s:b, s:s}", "questions", questions, "coaching", coaching,
                     "asks_coaching", is_focus, "comment", comment ? comment : "");
}

int web_feedback_give(struct web *w)
{
    /* The rating keys come from domain/, so the list is built here. */
    const char *fields[FEEDBACK_QUESTIONS + FEEDBACK_COACHING + 2];
    int nfields = 0;
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        fields[nfields++] = feedback_question_keys[i];
    for (int i = 0; i < FEEDBACK_COACHING; i++)
        fields[nfields++] = feedback_coaching_keys[i];
    fields[nfields++] = "comment";
    fields[nfields] = NULL;
    int64_t session_id, id;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &session_id) != 0)
        return -1;
    if (!w->is_api) {
        web_session_mark_form(w, "feedback");
        if (web_session_page(w, session_id) != 0)
            return -1;
    }
    struct feedback_input in = {0};
    bool present;
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        if (web_session_input_int(w, feedback_question_keys[i], &present, &in.answers[i]) != 0)
            return -1;
    for (int i = 0; i < FEEDBACK_COACHING; i++)
        if (web_session_input_int(w, feedback_coaching_keys[i], &present, &in.coaching[i]) != 0)
            return -1;
    if (web_input_text(w, "comment", &in.comment) != 0 ||
        feedback_give(&w->ctx, session_id, &in, &id) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/sessions/%lld", (long long)session_id);
    w->notice = "feedback_given";
    if (!w->is_api)
        return 0;
    struct feedback f = {.id = id,
                         .session_id = session_id,
                         .author_id = w->ctx.user->id,
                         .author_name = w->ctx.user->name,
                         .comment = in.comment ? in.comment : "",
                         .created_at = w->ctx.now};
    memcpy(f.answers, in.answers, sizeof f.answers);
    memcpy(f.coaching, in.coaching, sizeof f.coaching);
    web_view_set(w, "feedback", web_feedback_view(w, &f));
    w->status = 201;
    return 0;
}

/* Averages to two decimals: enough for a 1-5 scale. */
static json_t *average(double value)
{
    return json_real(round(value * 100.0) / 100.0);
}

static json_t *averages(struct web *w, const double *values)
{
    json_t *v = json_object();
    for (int k = 0; k < FEEDBACK_COACHING; k++)
        json_object_set_new(v, coaching_short[k], average(values[k]));
    if (!w->is_api) {
        json_t *list = json_array();
        for (int k = 0; k < FEEDBACK_COACHING; k++) {
            char text[8];
            snprintf(text, sizeof text, "%.1f", values[k]);
            json_array_append_new(list, json_pack("{s:s, s:s, s:f}", "name", coaching_short[k],
                                                  "text", text, "value", values[k]));
        }
        json_object_set_new(v, "list", list);
    }
    return v;
}

int web_coaching_skills(struct web *w)
{
    struct coaching_trend trend;
    if (feedback_coaching_trend(&w->ctx, w->ctx.user->id, &trend) != 0)
        return -1;
    json_t *months = json_array();
    for (int i = 0; i < trend.month_count; i++) {
        json_t *month = averages(w, trend.months[i].averages);
        json_object_set_new(month, "month", json_string(trend.months[i].month));
        json_object_set_new(month, "ratings", json_integer(trend.months[i].ratings));
        json_array_append_new(months, month);
    }
    json_t *skills =
        json_pack("{s:I, s:o, s:o}", "ratings", (json_int_t)trend.ratings, "overall",
                  trend.ratings ? averages(w, trend.overall) : json_null(), "months", months);
    web_view_set(w, "coaching_skills", skills);
    if (!w->is_api) {
        json_t *dimensions = json_array();
        for (int k = 0; k < FEEDBACK_COACHING; k++)
            json_array_append_new(dimensions, json_pack("{s:s, s:s}", "name", coaching_short[k],
                                                        "text", feedback_coaching_texts[k]));
        web_view_set(w, "dimensions", dimensions);
        web_view_set(w, "has_ratings", json_boolean(trend.ratings > 0));
    }
    return 0;
}
