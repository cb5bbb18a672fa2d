/* feedback.c — see feedback.h.
 *
 * The ≥ 5 rule is applied here, in one place, on numbers computed from
 * the whole program; the store only sums. */
#include "domain/feedback.h"

#include <string.h>
#include <time.h>

#include "domain/access.h"
#include "domain/session.h"
#include "domain/validate.h"

const char *const feedback_question_keys[FEEDBACK_QUESTIONS] = {"useful", "safe", "listened",
                                                                "questions_helped", "actionable"};
const char *const feedback_question_texts[FEEDBACK_QUESTIONS] = {
    "This session was useful",
    "I felt safe to be open",
    "I was listened to",
    "The questions helped me think",
    "Feedback was specific and actionable",
};
const char *const feedback_coaching_keys[FEEDBACK_COACHING] = {
    "coaching_listening", "coaching_questioning", "coaching_feedback"};
const char *const feedback_coaching_texts[FEEDBACK_COACHING] = {
    "Listening: I felt heard and understood",
    "Questioning: open questions that helped me find my own way",
    "Feedback: specific, kind and useful",
};

static int check_input(struct ctx *ctx, const struct feedback_input *in, bool is_focus)
{
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++) {
        if (!in->answers[i])
            return fail_input(ctx, feedback_question_keys[i], "is required (1 to 5)");
        if (validate_range(ctx, feedback_question_keys[i], in->answers[i], 1, 5) != 0)
            return -1;
    }
    for (int i = 0; i < FEEDBACK_COACHING; i++) {
        const char *key = feedback_coaching_keys[i];
        if (!is_focus && in->coaching[i])
            return fail_input(ctx, key,
                              "is given only by the focus person, who was coached in this session");
        if (is_focus && !in->coaching[i])
            return fail_input(ctx, key, "is required from the focus person (1 to 5)");
        if (is_focus && validate_range(ctx, key, in->coaching[i], 1, 5) != 0)
            return -1;
    }
    return validate_text(ctx, "comment", in->comment, 0, FEEDBACK_COMMENT_MAX, true);
}

int feedback_give(struct ctx *ctx, int64_t session_id, const struct feedback_input *in, int64_t *id)
{
    /* session_load() runs the access check and tells whether the caller
     * may still give feedback. */
    struct session_detail detail;
    if (session_load(ctx, session_id, &detail) != 0)
        return -1;
    const struct session *s = &detail.session;
    if (!strcmp(detail.partnership.state, "ended"))
        return fail_conflict(ctx, "invalid_state",
                             "This partnership has ended: its sessions can be read but no longer "
                             "changed.");
    if (strcmp(s->status, "held") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "Feedback is given after a held session; this one is "
                                          "%s.",
                                          s->status));
    if (!detail.can_give_feedback)
        return fail_conflict(ctx, "already_given",
                             "You already gave feedback on this session; it cannot be changed.");
    if (check_input(ctx, in, detail.is_focus) != 0)
        return -1;
    struct feedback f = {.session_id = session_id,
                         .author_id = ctx->user->id,
                         .comment = in->comment ? in->comment : "",
                         .created_at = ctx->now};
    memcpy(f.answers, in->answers, sizeof f.answers);
    memcpy(f.coaching, in->coaching, sizeof f.coaching);
    enum db_result r = store_feedback_insert(ctx->db, &f, id);
    if (r == DB_CONSTRAINT) /* a concurrent second submission */
        return fail_conflict(ctx, "already_given",
                             "You already gave feedback on this session; it cannot be changed.");
    return r == DB_DONE ? 0 : fail_internal(ctx, "storing feedback");
}

int feedback_program_averages(struct ctx *ctx, int64_t program_id, struct feedback_averages *out)
{
    memset(out, 0, sizeof *out);
    if (access_require_program_organizer(ctx, program_id) != 0)
        return -1;
    struct feedback_totals totals;
    if (store_feedback_program_totals(ctx->db, program_id, &totals) != 0)
        return fail_internal(ctx, "reading feedback totals");
    if (totals.respondents < FEEDBACK_MIN_RESPONDENTS || totals.rows == 0)
        return 0;
    out->has_enough = true;
    out->respondents = totals.respondents;
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        out->answers[i] = (double)totals.sums[i] / (double)totals.rows;
    if (totals.coaching_respondents >= FEEDBACK_MIN_RESPONDENTS && totals.coaching_rows > 0) {
        out->has_coaching = true;
        out->coaching_respondents = totals.coaching_respondents;
        for (int i = 0; i < FEEDBACK_COACHING; i++)
            out->coaching[i] = (double)totals.coaching_sums[i] / (double)totals.coaching_rows;
    }
    return 0;
}

static void month_of(int64_t seconds, char out[8])
{
    time_t t = (time_t)seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (strftime(out, 8, "%Y-%m", &tm) == 0)
        out[0] = '\0';
}

int feedback_coaching_trend(struct ctx *ctx, int64_t user_id, struct coaching_trend *out)
{
    memset(out, 0, sizeof *out);
    if (access_require_author(ctx, user_id) != 0)
        return -1;
    struct coaching_rating *rows;
    int count = store_feedback_coaching_received(ctx->db, ctx->arena, user_id, &rows);
    if (count < 0)
        return fail_internal(ctx, "reading coaching ratings");
    /* Rows come oldest first, so months are contiguous runs. Sums are kept
     * in the averages until the run ends. */
    out->months = arena_zalloc(ctx->arena, sizeof *out->months * (count ? count : 1));
    for (int i = 0; i < count; i++) {
        char month[8];
        month_of(rows[i].session_starts_at, month);
        struct coaching_month *m = out->month_count ? &out->months[out->month_count - 1] : NULL;
        if (!m || strcmp(m->month, month) != 0) {
            m = &out->months[out->month_count++];
            memcpy(m->month, month, sizeof m->month);
        }
        m->ratings++;
        out->ratings++;
        for (int k = 0; k < FEEDBACK_COACHING; k++) {
            m->averages[k] += (double)rows[i].ratings[k];
            out->overall[k] += (double)rows[i].ratings[k];
        }
    }
    for (int i = 0; i < out->month_count; i++)
        for (int k = 0; k < FEEDBACK_COACHING; k++)
            out->months[i].averages[k] /= (double)out->months[i].ratings;
    for (int k = 0; out->ratings && k < FEEDBACK_COACHING; k++)
        out->overall[k] /= (double)out->ratings;
    return 0;
}
