/* profile.h — a person's profile: what peer coaching and matching need to
 * know (level, department, manager, time zone, languages, weekly
 * availability, skills to develop and to offer, interests, bio).
 *
 * Updates are partial (PATCH): only the fields present change, and the
 * whole update is checked before anything is written. People edit their
 * own profile; only admins change reporting lines (manager_id), since the
 * matching engine keeps people out of their own reporting chain. */
#ifndef PEERCOACH_PROFILE_H
#define PEERCOACH_PROFILE_H

#include <jansson.h>

#include "domain/ctx.h"
#include "store/user.h"

/* The fields an update may carry, for error messages and forms. */
extern const char *const profile_fields[];

int profile_load(struct ctx *ctx, int64_t user_id, struct profile *out);
/* changes: a JSON object of profile fields. The caller is the user or an
 * admin. */
int profile_update(struct ctx *ctx, int64_t user_id, json_t *changes);
/* Admin: set (or clear, with 0) user_id's manager; refuses cycles. */
int profile_set_manager(struct ctx *ctx, int64_t user_id, int64_t manager_id);

/* Availability windows are {"day":"mon".."sun","start":"HH:MM","end":"HH:MM"}
 * in the person's own time zone; end may be "24:00". */
int profile_day_index(const char *day); /* 0 = mon … 6 = sun, -1 */

#endif
