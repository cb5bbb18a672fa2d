/* store/feedback.h — SQL for session feedback: one row per member and held
 * session, the program-wide totals behind organizer averages, and the
 * coaching ratings a person received.
 *
 * Conventions as in store/session.h: arena strings, 1 / 0 / -1 lookups,
 * counts or -1 for lists, db_result for writes (DB_CONSTRAINT: this member
 * already gave feedback on this session). */
#ifndef PEERCOACH_STORE_FEEDBACK_H
#define PEERCOACH_STORE_FEEDBACK_H

#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

/* The five questions every member answers, in column order. */
#define FEEDBACK_QUESTIONS 5
/* The three coaching ratings only the focus person gives. */
#define FEEDBACK_COACHING 3

struct feedback {
    int64_t id, session_id, author_id;
    const char *author_name;
    int64_t answers[FEEDBACK_QUESTIONS]; /* useful, safe, listened, questions_helped, actionable */
    const char *comment;                 /* may be "" */
    int64_t coaching[FEEDBACK_COACHING]; /* listening, questioning, feedback; 0: not given */
    int64_t created_at;
};

/* Sums over a program's feedback, for averages computed in C. */
struct feedback_totals {
    int64_t respondents; /* distinct authors */
    int64_t rows;
    int64_t sums[FEEDBACK_QUESTIONS];
    int64_t coaching_respondents, coaching_rows;
    int64_t coaching_sums[FEEDBACK_COACHING];
};

/* One set of coaching ratings a person received, at the session's start. */
struct coaching_rating {
    int64_t session_starts_at;
    int64_t ratings[FEEDBACK_COACHING];
};

enum db_result store_feedback_insert(struct db *db, const struct feedback *f, int64_t *id);
/* A session's feedback, oldest first, for a current member (viewer). */
int store_feedback_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                        struct feedback **out);
/* Totals over every feedback row of the program's sessions. 0 or -1. */
int store_feedback_program_totals(struct db *db, int64_t program_id, struct feedback_totals *out);
/* The coaching ratings the focus person gave in sessions where user_id
 * was a member (not having left before it) but not the focus, oldest
 * first. */
int store_feedback_coaching_received(struct db *db, struct arena *arena, int64_t user_id,
                                     struct coaching_rating **out);

#endif
