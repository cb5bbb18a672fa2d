/* reflection.h — the private journal: entries in Markdown, optionally tied
 * to a session or a goal, tagged milestone, challenge, breakthrough or
 * insight; and the sessions still waiting for a reflection.
 *
 * A reflection is its author's alone: every function here answers 404 to
 * anyone else — partners, organizers and admins included
 * (access_require_author) — so an id reveals nothing. A session may be
 * tied only by one of its members (access_require_session_member), a goal
 * only by its owner; anything else is a 422 on that field that does not
 * say whether the id exists. */
#ifndef PEERCOACH_REFLECTION_H
#define PEERCOACH_REFLECTION_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/ctx.h"
#include "store/reflection.h"

#define REFLECTION_BODY_CHARS 20000
#define REFLECTION_PAGE_SIZE  50
/* The prompt to reflect stays for held sessions of the last this many days. */
#define REFLECTION_PENDING_DAYS 14

extern const char *const reflection_tags[]; /* milestone, challenge, breakthrough, insight */
/* Questions offered in the new-entry form, NULL-terminated. */
extern const char *const reflection_prompts[];

/* Create a reflection by the caller from an API-shaped object:
 *   {"body": Markdown (required), "tag": one of reflection_tags, "" or null,
 *    "session_id": id or null, "goal_id": id or null}
 * *id receives the new reflection's id. */
int reflection_create(struct ctx *ctx, json_t *fields, int64_t *id);
/* Partial update by the author: any field of reflection_create. */
int reflection_update(struct ctx *ctx, int64_t id, json_t *changes);
int reflection_delete(struct ctx *ctx, int64_t id);
int reflection_get(struct ctx *ctx, int64_t id, struct reflection *out);

/* Page (from 1) of the caller's reflections, newest first, only those
 * tagged tag unless it is NULL or "". Count or -1; *has_more when an older
 * page follows. */
int reflection_list(struct ctx *ctx, const char *tag, int page, struct reflection **out,
                    bool *has_more);

/* For the dashboard's prompt to reflect: held sessions of partnerships
 * the caller belongs to, from the last days days, that the caller has not
 * tied a reflection to yet; newest first, at most 20. Count or -1. */
int reflection_pending_sessions(struct ctx *ctx, int days, struct reflection_session **out);
/* Sessions the caller may tie a new reflection to (last 180 days, not
 * cancelled), newest first, at most 50. Count or -1. */
int reflection_recent_sessions(struct ctx *ctx, struct reflection_session **out);

#endif
