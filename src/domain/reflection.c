/* reflection.c — see reflection.h.
 *
 * Whether a session or goal may be tied is asked of the access rules with a
 * scratch ctx: their 404 becomes a 422 naming the field (the person typed
 * a wrong id; the answer must not say whether it exists), while an
 * internal failure is passed on as it is. An unchanged link is not asked
 * again, so leaving a partnership never locks an old entry. */
#include "domain/reflection.h"

#include <string.h>

#include "domain/access.h"
#include "domain/goal.h"
#include "domain/validate.h"

const char *const reflection_tags[] = {"milestone", "challenge", "breakthrough", "insight", NULL};

const char *const reflection_prompts[] = {
    "What worked well, and why?",
    "What would you change or do differently next time?",
    "How will you apply what you learned before the next session?",
    "What surprised you, or shifted how you see the situation?",
    "What support do you need, and from whom?",
    NULL,
};

static const char *const reflection_fields[] = {"body", "tag", "session_id", "goal_id", NULL};

#define RECENT_SESSION_DAYS  180
#define RECENT_SESSIONS_MAX  50
#define PENDING_SESSIONS_MAX 20
/* Keeps the offset of a page far from overflowing. */
#define REFLECTION_MAX_PAGE 100000

static int check_fields(struct ctx *ctx, json_t *fields)
{
    if (!json_is_object(fields))
        return fail_input(ctx, "reflection", "must be an object");
    const char *key;
    json_t *value;
    json_object_foreach(fields, key, value)
    {
        bool known = false;
        for (const char *const *f = reflection_fields; *f && !known; f++)
            known = !strcmp(*f, key);
        if (!known)
            return fail_input(ctx, arena_strdup(ctx->arena, key), "is not a reflection field");
    }
    return 0;
}

static int take_body(struct ctx *ctx, json_t *value, const char **out)
{
    if (!value || json_is_null(value))
        return fail_input(ctx, "body", "is required");
    if (!json_is_string(value))
        return fail_input(ctx, "body", "must be a string");
    const char *body = json_string_value(value);
    if (validate_text(ctx, "body", body, 1, REFLECTION_BODY_CHARS, true) != 0)
        return -1;
    if (!body[strspn(body, " \t\r\n")])
        return fail_input(ctx, "body", "is required");
    *out = arena_strdup(ctx->arena, body);
    return 0;
}

static int take_tag(struct ctx *ctx, json_t *value, const char **out)
{
    if (json_is_null(value) || (json_is_string(value) && !*json_string_value(value))) {
        *out = "";
        return 0;
    }
    if (!json_is_string(value))
        return fail_input(ctx, "tag", "must be a string or null");
    if (validate_choice(ctx, "tag", json_string_value(value), reflection_tags) != 0)
        return -1;
    *out = arena_strdup(ctx->arena, json_string_value(value));
    return 0;
}

/* Run an access check on a scratch ctx; its 404 becomes a 422 on field. */
static int link_allowed(struct ctx *ctx, const char *field, const char *message,
                        int (*check)(struct ctx *probe, int64_t id), int64_t id)
{
    struct ctx probe = *ctx;
    probe.failure = (struct failure){0};
    if (check(&probe, id) == 0)
        return 0;
    if (probe.failure.kind == FAIL_NOT_FOUND)
        return fail_input(ctx, field, "%s", message);
    ctx->failure = probe.failure;
    return -1;
}

static int session_member(struct ctx *probe, int64_t session_id)
{
    return access_require_session_member(probe, session_id, NULL);
}

/* The caller's own goal; a partner's shared goal is not theirs to tie. */
static int own_goal(struct ctx *probe, int64_t goal_id)
{
    struct goal goal;
    if (goal_get(probe, goal_id, &goal) != 0)
        return -1;
    return goal.owner_id == probe->user->id ? 0 : fail_not_found(probe);
}

/* A link field: null unties; an unchanged id passes; a new one is checked. */
static int take_link(struct ctx *ctx, const char *field, json_t *value, int64_t current,
                     int (*check)(struct ctx *probe, int64_t id), const char *message, int64_t *out)
{
    if (json_is_null(value)) {
        *out = 0;
        return 0;
    }
    if (!json_is_integer(value) || json_integer_value(value) <= 0)
        return fail_input(ctx, field, "must be an id or null");
    int64_t id = json_integer_value(value);
    if (id != current && link_allowed(ctx, field, message, check, id) != 0)
        return -1;
    *out = id;
    return 0;
}

/* Apply the fields present in fields to r. */
static int take_fields(struct ctx *ctx, json_t *fields, bool creating, struct reflection *r)
{
    json_t *value;
    if (check_fields(ctx, fields) != 0)
        return -1;
    if ((creating || json_object_get(fields, "body")) &&
        take_body(ctx, json_object_get(fields, "body"), &r->body) != 0)
        return -1;
    if ((value = json_object_get(fields, "tag")) && take_tag(ctx, value, &r->tag) != 0)
        return -1;
    if ((value = json_object_get(fields, "session_id")) &&
        take_link(ctx, "session_id", value, r->session_id, session_member,
                  "must be a session of a partnership you belong to", &r->session_id) != 0)
        return -1;
    if ((value = json_object_get(fields, "goal_id")) &&
        take_link(ctx, "goal_id", value, r->goal_id, own_goal, "must be one of your goals",
                  &r->goal_id) != 0)
        return -1;
    return 0;
}

int reflection_get(struct ctx *ctx, int64_t id, struct reflection *out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int found = store_reflection_get(ctx->db, ctx->arena, id, ctx->user->id, out);
    if (found < 0)
        return fail_internal(ctx, "reading reflection");
    if (!found)
        return fail_not_found(ctx);
    return access_require_author(ctx, out->author_id);
}

int reflection_create(struct ctx *ctx, json_t *fields, int64_t *id)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    struct reflection r = {.author_id = ctx->user->id, .tag = ""};
    if (take_fields(ctx, fields, true, &r) != 0)
        return -1;
    if (store_reflection_insert(ctx->db, &r, ctx->now, id) != DB_DONE)
        return fail_internal(ctx, "storing reflection");
    return 0;
}

int reflection_update(struct ctx *ctx, int64_t id, json_t *changes)
{
    struct reflection r;
    if (reflection_get(ctx, id, &r) != 0 || take_fields(ctx, changes, false, &r) != 0)
        return -1;
    if (store_reflection_update(ctx->db, &r, ctx->now) != DB_DONE)
        return fail_internal(ctx, "storing reflection");
    return 0;
}

int reflection_delete(struct ctx *ctx, int64_t id)
{
    struct reflection r;
    if (reflection_get(ctx, id, &r) != 0)
        return -1;
    if (store_reflection_delete(ctx->db, id, ctx->user->id) != DB_DONE)
        return fail_internal(ctx, "deleting reflection");
    return 0;
}

int reflection_list(struct ctx *ctx, const char *tag, int page, struct reflection **out,
                    bool *has_more)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    if (tag && *tag && validate_choice(ctx, "tag", tag, reflection_tags) != 0)
        return -1;
    if (page < 1 || page > REFLECTION_MAX_PAGE)
        page = page < 1 ? 1 : REFLECTION_MAX_PAGE;
    /* One more than a page tells whether another page follows. */
    int n = store_reflection_list(ctx->db, ctx->arena, ctx->user->id, tag ? tag : "",
                                  REFLECTION_PAGE_SIZE + 1, (page - 1) * REFLECTION_PAGE_SIZE, out);
    if (n < 0)
        return fail_internal(ctx, "listing reflections");
    *has_more = n > REFLECTION_PAGE_SIZE;
    return *has_more ? REFLECTION_PAGE_SIZE : n;
}

int reflection_pending_sessions(struct ctx *ctx, int days, struct reflection_session **out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_reflection_sessions(ctx->db, ctx->arena, ctx->user->id,
                                      ctx->now - (int64_t)days * 86400, ctx->now, true,
                                      PENDING_SESSIONS_MAX, out);
    return n < 0 ? fail_internal(ctx, "listing sessions to reflect on") : n;
}

int reflection_recent_sessions(struct ctx *ctx, struct reflection_session **out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_reflection_sessions(ctx->db, ctx->arena, ctx->user->id,
                                      ctx->now - (int64_t)RECENT_SESSION_DAYS * 86400, ctx->now,
                                      false, RECENT_SESSIONS_MAX, out);
    return n < 0 ? fail_internal(ctx, "listing sessions") : n;
}
