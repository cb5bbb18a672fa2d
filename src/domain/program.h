/* program.h — peer coaching programs: what an organizer sets up (name,
 * objectives, method, group size, cadence, dates, enrollment window,
 * readiness questions, co-organizers) and the lifecycle that carries it:
 *
 *   draft -> enrolling -> running -> closed
 *   enrolling -> closed   (called off before it starts)
 *   enrolling -> draft    (only while nobody has applied)
 * Running needs at least group_size accepted participants; opening
 * enrollment needs a window that has not closed; closing ends the
 * program's partnerships (partnership_end_all_in_program()).
 *
 * What each state allows:
 *   draft      everything may change; only organizers and admins see it.
 *   enrolling  everything may change; people apply within the window.
 *   running    name, description, objectives and end date may change;
 *              organizers still decide on enrollments (late decisions).
 *   closed     nothing changes, nobody applies, decides or withdraws.
 * A forbidden transition or change is a 409 naming the rule.
 *
 * Every program starts with the five readiness questions of the practice
 * (two of them pledges that must be accepted); organizers may add their own
 * and remove those while the program is a draft or enrolling.
 *
 * Creating, editing and the lifecycle take the program's fields as one JSON
 * object (the API's shape; the web layer turns form text into it), so the
 * rules are checked in one place. Access: creating needs the organizer
 * role; everything else needs access_require_program_organizer(). */
#ifndef PEERCOACH_PROGRAM_H
#define PEERCOACH_PROGRAM_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/ctx.h"
#include "store/enrollment.h"
#include "store/program.h"

#define PROGRAM_MAX_QUESTIONS 20

/* NULL-terminated, for validate_choice() and forms. */
extern const char *const program_states[];
extern const char *const program_cadences[];

/* A program as its page shows it to the person asking. */
struct program_detail {
    struct program program;
    struct readiness_question *questions;
    int nquestions;
    struct program_organizer *organizers;
    int norganizers;
    bool can_manage;                 /* an organizer of it, or an admin */
    struct enrollment_counts counts; /* filled when can_manage */
    bool has_my_enrollment;
    struct enrollment my_enrollment;   /* the asker's own application */
    const char *enrollment_closed_why; /* NULL when one may apply today */
};

/* Today's date (days since 1970) in the asking person's time zone: dates
 * in the past and the enrollment window are judged by the calendar of the
 * person acting. */
int64_t program_today(struct ctx *ctx);

/* Create a program from fields (name and the four dates required); the
 * creator becomes its organizer and it gets the default questions. */
int program_create(struct ctx *ctx, json_t *fields, int64_t *id);
/* Change the fields present in changes; all checked before any is written. */
int program_update(struct ctx *ctx, int64_t program_id, json_t *changes);
/* A program the asker may see (404 for a draft they do not organize). */
int program_get(struct ctx *ctx, int64_t program_id, struct program *out);
int program_load_detail(struct ctx *ctx, int64_t program_id, struct program_detail *out);
/* The readiness questions of a program the asker may see, in order. */
int program_questions(struct ctx *ctx, int64_t program_id, struct readiness_question **out,
                      int *count);
/* The programs the asker should see listed; see store_program_list(). */
int program_list(struct ctx *ctx, struct program_summary **out, int *count);

/* NULL when the lifecycle allows from -> to, else why not (for a 409).
 * Conditions on the program's data are checked by program_set_state(). */
const char *program_transition_problem(const char *from, const char *to);
/* The states a program in state from may move to next, NULL-terminated. */
const char *const *program_next_states(const char *from);
int program_set_state(struct ctx *ctx, int64_t program_id, const char *state);
/* May dates, method, group size, cadence and questions change in state? */
bool program_is_in_setup(const char *state);
/* NULL when a person may apply to p on day today, else why not. */
const char *program_enrollment_closed_why(struct arena *arena, const struct program *p,
                                          int64_t today);

int program_question_add(struct ctx *ctx, int64_t program_id, const char *text, bool is_required,
                         struct readiness_question *out);
int program_question_remove(struct ctx *ctx, int64_t program_id, int64_t question_id);
/* Add a co-organizer named by email (when not NULL) or user_id; they must
 * hold the organizer or admin role. */
int program_organizer_add(struct ctx *ctx, int64_t program_id, const char *email, int64_t user_id,
                          struct program_organizer *out);

#endif
