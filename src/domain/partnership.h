/* partnership.h — pairs and circles: forming them, each member's answer,
 * the life of a partnership (proposed -> active <-> paused -> ended), the
 * safe no-fault exit, problem reports, and the organizers' metadata view.
 *
 * Who sees what (domain/access.h has the rule; this file applies it):
 *   - members (proposed or accepted, not declined, not left) see the
 *     partnership, its members and its state, and so does the member whose
 *     leave ended it (read-only, like every ended partnership); everyone
 *     else, organizers and admins included, gets 404 on anything under a
 *     partnership's id;
 *   - a decline reason is seen by the program's organizers only;
 *   - a leave reason is seen by the person who left only — nobody else,
 *     organizers included;
 *   - a problem report is read by the program's organizers only;
 *   - organizers see metadata: members' names, state, dates, end kind, who
 *     asked for rematching, decline reasons, problem reports — never the
 *     agreement's text, messages or anything said in sessions, and, once a
 *     partnership has ended, not which member left it.
 *
 * Transitions (409 invalid_state for any other):
 *   proposed --all members accept--> active
 *   proposed --a member declines--> ended (end_kind declined); everyone
 *             returns to the pool
 *   active --pause--> paused --resume--> active (any member)
 *   active/paused --a member leaves--> ended (end_kind left) when fewer
 *             than 2 members remain; a circle with 2 or more left goes on
 *   any but ended --organizer ends--> ended (end_kind organizer)
 *   any but ended --program closes--> ended (end_kind program_closed)
 * A proposal is left by declining it, not by leaving (409 says so). */
#ifndef PEERCOACH_DOMAIN_PARTNERSHIP_H
#define PEERCOACH_DOMAIN_PARTNERSHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/agreement.h"
#include "domain/ctx.h"
#include "store/access.h"
#include "store/enrollment.h"
#include "store/partnership.h"
#include "store/program.h"

#define PARTNERSHIP_MIN_MEMBERS      2
#define PARTNERSHIP_MAX_MEMBERS      4
#define PARTNERSHIP_REASON_MAX_CHARS 2000
#define PARTNERSHIP_REPORT_MAX_CHARS 4000

/* boundary, confidentiality, other; NULL-terminated. */
extern const char *const partnership_report_kinds[];

/* Where a new partnership comes from. An organizer pairing by hand passes
 * {0}. The matching engine (issue 4) passes its score, its explanation
 * (our own generated text about shared interests and hours — never
 * private content) and the round; is_trusted only when it runs without a
 * logged-in organizer (`peercoach match` on the command line), which skips
 * the organizer check — run from a web request by an organizer, it leaves
 * is_trusted false and the organizer check applies as for manual pairing. */
struct partnership_origin {
    bool is_trusted;
    int64_t round; /* 0: the program's current round (1 for the first) */
    bool has_match_score;
    double match_score;
    const char *match_explanation; /* NULL or "" for none */
};

/* THE way a pair or circle is formed. The caller is an organizer of the
 * program (or a trusted internal caller, above); the program is enrolling
 * or running (409 otherwise); n is 2 in a pairs program (or 3, a circle for
 * the odd person out) and 3-4 in a circles program (422 otherwise); every
 * member is an accepted participant (422) and in no other partnership of
 * the program that has not ended (409 naming them). Creates the
 * partnership as proposed, every member pending, and agreement version 1
 * from the template, in one transaction. *id receives the new id. */
int partnership_create(struct ctx *ctx, int64_t program_id, const int64_t *member_ids, size_t n,
                       const struct partnership_origin *origin, int64_t *id);

/* A partnership as one of its members sees it. */
struct partnership_view {
    struct partnership partnership;
    struct membership me;
    struct agreement_status agreement;
    int64_t unread_messages;
    bool can_accept, can_decline, can_pause, can_resume, can_leave;
};

/* Members only (404 otherwise). */
int partnership_show(struct ctx *ctx, int64_t id, struct partnership_view *out);
/* ctx->user's partnerships (not declined, not left): open ones first. */
int partnership_list_mine(struct ctx *ctx, struct partnership_view **out, int *count);
/* Partnerships ctx->user declined or left, with their own reasons. */
int partnership_former_mine(struct ctx *ctx, struct partnership_former **out, int *count);

int partnership_accept(struct ctx *ctx, int64_t id);
/* reason: optional (NULL or ""), for the organizers' eyes only. */
int partnership_decline(struct ctx *ctx, int64_t id, const char *reason);
int partnership_pause(struct ctx *ctx, int64_t id);
int partnership_resume(struct ctx *ctx, int64_t id);
/* The no-fault exit. reason (optional) is kept for the person leaving
 * only; the others read a neutral line in the thread. *has_ended (may be
 * NULL) tells whether the partnership ended with it. */
int partnership_leave(struct ctx *ctx, int64_t id, const char *reason, bool wants_rematch,
                      bool *has_ended);
/* A private report to the program's organizers; *report_id receives its id. */
int partnership_report(struct ctx *ctx, int64_t id, const char *kind, const char *body,
                       int64_t *report_id);

/* A partnership with the metadata its program's organizers may see. */
struct partnership_meta {
    struct partnership partnership; /* members carry decline reasons and rematch wishes */
    bool agreement_in_force;
    struct problem_report *reports;
    int report_count;
};

struct partnership_program_overview {
    struct program program;
    struct partnership_meta *partnerships;
    int count;
    struct enrollment_participant *pool; /* accepted participants free to be paired */
    int pool_count;
};

/* Organizers of the program (403 for others who can see the program). */
int partnership_program_overview(struct ctx *ctx, int64_t program_id,
                                 struct partnership_program_overview *out);
/* One partnership of the program, as its organizers see it (404 if it
 * belongs to another program). */
int partnership_meta_get(struct ctx *ctx, int64_t program_id, int64_t partnership_id,
                         struct partnership_meta *out);
/* An organizer ends a partnership of their program (end_kind organizer). */
int partnership_end_by_organizer(struct ctx *ctx, int64_t program_id, int64_t partnership_id);
/* The program's problem reports: its organizers only, 404 for everyone
 * else — reports are private to the people they were written for. */
int partnership_reports(struct ctx *ctx, int64_t program_id, struct problem_report **out,
                        int *count);
int partnership_report_resolve(struct ctx *ctx, int64_t program_id, int64_t report_id);

/* For other areas. */

/* The current members (not declined, not left) of a partnership, ids and
 * names, for a member of it (404 otherwise). */
int partnership_members(struct ctx *ctx, int64_t id, struct partnership_member **out, int *count);
/* Ends every partnership of the program that has not ended (end_kind
 * program_closed), with a neutral line in each thread. For program.c when
 * a program closes: no access check of its own; runs inside the caller's
 * transaction if one is open. */
int partnership_end_all_in_program(struct ctx *ctx, int64_t program_id);

#endif
