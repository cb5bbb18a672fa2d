/* enrollment.h — a person's application to a program and the organizers'
 * decision on it.
 *
 * FOR OTHER AREAS (partnerships, matching): who may be paired is decided
 * here. Call
 *   enrollment_is_accepted(ctx, program_id, user_id)
 *       1 when user_id is an accepted participant of program_id (with an
 *       active account), 0 when not, -1 (failure recorded) on error;
 *   enrollment_accepted_participants(ctx, program_id, &list, &count)
 *       every accepted participant, by name: the pool for manual pairing
 *       and for the matching engine.
 * Neither checks the asker's access: the caller has already checked that
 * the asker organizes the program (or runs from the command line).
 *
 * States and who moves them:
 *   applied ──> accepted | waitlisted | declined    (organizers)
 *   waitlisted ──> accepted | declined              (organizers)
 *   applied | accepted | waitlisted ──> withdrawn   (the participant)
 * Declined and withdrawn are final for organizers; a person who withdrew
 * may apply again while enrollment is open. Organizers decide while the
 * program is enrolling or running; nothing moves once it is closed.
 *
 * An application answers every readiness question true or false (required
 * pledges must be true: a 422 names those refused), states 1-3 goals to
 * bring and confirms availability for the program's length. It is read by
 * the applicant and the program's organizers only (404 to anyone else). */
#ifndef PEERCOACH_ENROLLMENT_H
#define PEERCOACH_ENROLLMENT_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/ctx.h"
#include "store/enrollment.h"
#include "store/program.h"

#define ENROLLMENT_MAX_GOALS      3
#define ENROLLMENT_GOAL_MAX_CHARS 200

/* NULL-terminated, for validate_choice(). */
extern const char *const enrollment_states[];
/* The states an organizer may choose: accepted, waitlisted, declined. */
extern const char *const enrollment_decisions[];

/* application: {"answers": {"<question id>": true|false, …},
 *               "goals": ["…", …], "availability_confirmed": true}. */
int enrollment_apply(struct ctx *ctx, int64_t program_id, json_t *application,
                     struct enrollment *out);
/* One enrollment, for its applicant and the program's organizers (404 to
 * anyone else). */
int enrollment_get(struct ctx *ctx, int64_t enrollment_id, struct enrollment *out);
/* The enrollments of a program in state (NULL: all), for its organizers. */
int enrollment_list(struct ctx *ctx, int64_t program_id, const char *state, struct enrollment **out,
                    int *count);
/* An organizer's decision: state is accepted, waitlisted or declined. */
int enrollment_decide(struct ctx *ctx, int64_t enrollment_id, const char *state,
                      struct enrollment *out);
/* The participant withdraws their own application. */
int enrollment_withdraw(struct ctx *ctx, int64_t enrollment_id, struct enrollment *out);

/* NULL when an organizer may move an enrollment from -> to, else why not. */
const char *enrollment_decision_problem(const char *from, const char *to);
/* May the participant withdraw an enrollment in state? */
bool enrollment_can_withdraw(const char *state);

int enrollment_is_accepted(struct ctx *ctx, int64_t program_id, int64_t user_id);
int enrollment_accepted_participants(struct ctx *ctx, int64_t program_id,
                                     struct enrollment_participant **out, int *count);

#endif
