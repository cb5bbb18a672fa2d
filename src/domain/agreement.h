/* agreement.h — a partnership's agreement: the ground rules its members
 * sign (confidentiality, meeting schedule and length, where and how they
 * meet, how feedback is given, boundaries, how to pause or end).
 *
 * The terms sessions need — cadence, session length, location — are
 * fields beside the Markdown body. Every edit makes a new version (the
 * simplest rule that never changes a text someone may have read); a
 * signature belongs to one version, so an edit after anyone signed leaves
 * the new version unsigned and everyone is asked, in the message thread,
 * to sign again. Signed by every current member = in force. Earlier
 * versions stay readable by the members.
 *
 * Only members may read or change it (404 for everyone else); editing
 * and signing need the member to have accepted the partnership and the
 * partnership not to have ended. */
#ifndef PEERCOACH_DOMAIN_AGREEMENT_H
#define PEERCOACH_DOMAIN_AGREEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "store/access.h"
#include "store/agreement.h"
#include "store/partnership.h"

#define AGREEMENT_BODY_MAX_CHARS     20000
#define AGREEMENT_LOCATION_MAX_CHARS 300
#define AGREEMENT_MINUTES_MIN        15
#define AGREEMENT_MINUTES_MAX        240

/* weekly, biweekly, monthly; NULL-terminated for validate_choice(). */
extern const char *const agreement_cadences[];
/* "every week", "every two weeks", "once a month" ("" if unknown). */
const char *agreement_cadence_text(const char *cadence);

/* The generated body: the template filled with cadence and length, the
 * same words for a pair and a circle. In arena. */
const char *agreement_template(struct arena *arena, const char *cadence, int64_t session_minutes);

/* The agreement's state as the partnership pages show it. */
struct agreement_status {
    int64_t version; /* the current version; 0 if there is none */
    bool is_in_force;
    bool has_signed;                     /* ctx->user signed the current version */
    struct partnership_member *awaiting; /* current members yet to sign it */
    int awaiting_count;
};

/* For a partnership whose membership the caller has already checked
 * (partnership.c): no access check of its own. */
int agreement_status_of(struct ctx *ctx, const struct partnership *partnership,
                        struct agreement_status *out);

/* A version with what the agreement page shows around it. */
struct agreement_detail {
    struct membership me;
    struct agreement_version version; /* the one asked for */
    bool is_current;
    struct agreement_signature *signatures; /* on this version */
    int signature_count;
    struct agreement_status status; /* of the current version */
    bool can_edit, can_sign;
    struct agreement_version *versions; /* every version, newest first, without bodies */
    int version_count;
};

/* version 0: the current one. 404 for non-members and unknown versions. */
int agreement_show(struct ctx *ctx, int64_t partnership_id, int64_t version,
                   struct agreement_detail *out);

/* The current version's terms and text, for sessions (cadence,
 * session_minutes, location). Members only (404 otherwise). */
int agreement_current(struct ctx *ctx, int64_t partnership_id, struct agreement_version *out);

/* A change: NULL / has_session_minutes false leave a field as it is.
 * based_on (0: don't check) is the version the editor was looking at; a
 * different current version is a 409, so nobody overwrites a change they
 * have not seen. */
struct agreement_edit {
    const char *body, *cadence, *location;
    bool has_session_minutes;
    int64_t session_minutes;
    int64_t based_on;
};

/* Stores the edit as a new version (*version receives its number). An edit
 * that changes nothing stores nothing and returns the current version. */
int agreement_update(struct ctx *ctx, int64_t partnership_id, const struct agreement_edit *edit,
                     int64_t *version);

/* The caller signs the current version; version (0: don't check) must be
 * it, so nobody signs a text they have not seen. */
int agreement_sign(struct ctx *ctx, int64_t partnership_id, int64_t version);

/* Version 1 from the template, written by partnership_create inside its
 * transaction. */
int agreement_create_initial(struct ctx *ctx, int64_t partnership_id, const char *cadence,
                             int64_t session_minutes);

#endif
