/* access.h — who may see and change what. Every access rule of peercoach
 * lives in this file pair, so it can be read, reviewed and tested in one
 * place (tests/e2e/test_confidentiality.py tries to break each one).
 *
 * Each check records the failure (403 for a role the caller visibly lacks,
 * 404 for private content the caller must not learn exists) and returns
 * -1; 0 means allowed. */
#ifndef PEERCOACH_ACCESS_H
#define PEERCOACH_ACCESS_H

#include <stdbool.h>

#include "domain/ctx.h"
#include "store/access.h"

bool access_is_admin(const struct ctx *ctx);
/* An organizer or an admin. */
bool access_is_organizer(const struct ctx *ctx);

int access_require_admin(struct ctx *ctx);
int access_require_organizer(struct ctx *ctx);

/* Programs. Visible: a non-draft program to anyone logged in; a draft only
 * to its organizers and admins (404 to others). Managed: by its organizers
 * and admins (403 to others who can see it). */
int access_require_program_visible(struct ctx *ctx, int64_t program_id);
int access_require_program_organizer(struct ctx *ctx, int64_t program_id);
/* The same question without recording a failure. */
bool access_is_program_organizer(struct ctx *ctx, int64_t program_id);

/* A partnership's content — agreement, agenda, notes, action items,
 * messages, feedback comments — is readable by its members only: people
 * proposed or accepted into it who have not declined or left, and the
 * member whose leave ended it (its history stays theirs, read-only; someone
 * who left a circle that went on loses it). Everyone else, organizers,
 * admins and managers included, gets 404, so an id reveals nothing.
 * *out (may be NULL) receives the membership. */
int access_require_partnership_member(struct ctx *ctx, int64_t partnership_id,
                                      struct membership *out);
/* The same for a session, through its partnership. */
int access_require_session_member(struct ctx *ctx, int64_t session_id, struct membership *out);

/* A problem report about a partnership is written for the program's
 * organizers (and admins) only: everyone else, the reporter's partners
 * included, gets 404 — unlike managing a program (403), the answer must
 * not even tell that reports exist. */
int access_require_problem_report_reader(struct ctx *ctx, int64_t program_id);

/* A matching run (a preview or a published run of program_id) names who
 * was left out of a program and why, and holds the organizers' reasons
 * for hand-made changes: it is for the program's organizers (and admins)
 * only. Everyone else, its participants included, gets 404 — the answer
 * must not even tell that a run exists. */
int access_require_matching_run_reader(struct ctx *ctx, int64_t program_id);

/* A participant's own pairing preferences in a program: the caller must be
 * enrolled in a program they can see (applied, accepted or waitlisted).
 * 404 for everyone else, organizers and admins included: a "never with"
 * may come from a conflict and is nobody's business but its author's. */
int access_require_program_enrollee(struct ctx *ctx, int64_t program_id);

/* A goal: readable by its owner; a shared goal also by the owner's
 * partners. 404 otherwise. Only the owner may change it. */
int access_require_goal_reader(struct ctx *ctx, int64_t owner_id, const char *visibility);
/* Private things with one author (reflections): the author only, 404. */
int access_require_author(struct ctx *ctx, int64_t author_id);

#endif
