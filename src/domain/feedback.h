/* feedback.h — feedback after a held session, the organizer's averages and
 * each person's coaching-skill trend.
 *
 * Each current member gives feedback once per held session (409 before it
 * is held and on a second time): 1-5 on five questions and an optional
 * comment to the partner(s). The focus person also rates the coaching they
 * received (listening, questioning, feedback) — required from them and
 * refused from anyone else. Ratings and comments are read by the
 * partnership's members only (through session_load()).
 *
 * Organizers see feedback only as program averages over at least
 * FEEDBACK_MIN_RESPONDENTS distinct people, and nothing below that. The
 * coaching ratings a person received when they coached (member, not focus)
 * make their coaching-skill trend, which only they can read.
 *
 * Ownership: out-parameters point into ctx->arena. */
#ifndef PEERCOACH_FEEDBACK_H
#define PEERCOACH_FEEDBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "store/feedback.h"

#define FEEDBACK_MIN_RESPONDENTS 5
#define FEEDBACK_COMMENT_MAX     2000

/* Input names and the statements people rate, in store column order. */
extern const char *const feedback_question_keys[FEEDBACK_QUESTIONS];
extern const char *const feedback_question_texts[FEEDBACK_QUESTIONS];
extern const char *const feedback_coaching_keys[FEEDBACK_COACHING];
extern const char *const feedback_coaching_texts[FEEDBACK_COACHING];

struct feedback_input {
    int64_t answers[FEEDBACK_QUESTIONS]; /* 1-5; 0 = missing */
    const char *comment;                 /* NULL or "" for none */
    int64_t coaching[FEEDBACK_COACHING]; /* 1-5; 0 = not given */
};

/* Give the caller's feedback on a held session; *id receives its id. */
int feedback_give(struct ctx *ctx, int64_t session_id, const struct feedback_input *in,
                  int64_t *id);

/* Program-wide averages for its organizers (403/404 to others). When fewer
 * than FEEDBACK_MIN_RESPONDENTS people answered, has_enough is false and
 * every other field is zero: not even the count is told. The coaching
 * averages follow the same rule over the focus people who rated coaching.
 * There is deliberately no date filter: comparing two overlapping windows
 * could isolate one person's answers. */
struct feedback_averages {
    bool has_enough;
    int64_t respondents;
    double answers[FEEDBACK_QUESTIONS];
    bool has_coaching;
    int64_t coaching_respondents;
    double coaching[FEEDBACK_COACHING];
};
int feedback_program_averages(struct ctx *ctx, int64_t program_id, struct feedback_averages *out);

/* The coaching ratings user_id received, per calendar month (UTC) oldest
 * first, and overall. Only the person themselves may read it (404). */
struct coaching_month {
    char month[8]; /* "2026-11" */
    int64_t ratings;
    double averages[FEEDBACK_COACHING];
};
struct coaching_trend {
    int64_t ratings; /* sets of ratings received in all */
    double overall[FEEDBACK_COACHING];
    struct coaching_month *months;
    int month_count;
};
int feedback_coaching_trend(struct ctx *ctx, int64_t user_id, struct coaching_trend *out);

#endif
