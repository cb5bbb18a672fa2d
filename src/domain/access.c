/* access.c — see access.h. */
#include "domain/access.h"

#include <string.h>

#include "domain/enrollment.h"
#include "store/enrollment.h"

bool access_is_admin(const struct ctx *ctx)
{
    return ctx->user && !strcmp(ctx->user->role, "admin");
}

bool access_is_organizer(const struct ctx *ctx)
{
    return ctx->user &&
           (!strcmp(ctx->user->role, "admin") || !strcmp(ctx->user->role, "organizer"));
}

int access_require_admin(struct ctx *ctx)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    return access_is_admin(ctx) ? 0 : fail_forbidden(ctx, "Only an administrator may do this.");
}

int access_require_organizer(struct ctx *ctx)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    return access_is_organizer(ctx) ? 0 : fail_forbidden(ctx, "Only an organizer may do this.");
}

int access_require_program_visible(struct ctx *ctx, int64_t program_id)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    const char *state;
    int found = store_program_state(ctx->db, ctx->arena, program_id, &state);
    if (found < 0)
        return fail_internal(ctx, "reading program state");
    if (!found)
        return fail_not_found(ctx);
    if (strcmp(state, "draft") == 0 && !access_is_program_organizer(ctx, program_id))
        return fail_not_found(ctx);
    return 0;
}

bool access_is_program_organizer(struct ctx *ctx, int64_t program_id)
{
    if (access_is_admin(ctx))
        return true;
    return ctx->user && store_program_is_organizer(ctx->db, program_id, ctx->user->id) == 1;
}

int access_require_program_organizer(struct ctx *ctx, int64_t program_id)
{
    if (access_require_program_visible(ctx, program_id) != 0)
        return -1;
    if (!access_is_program_organizer(ctx, program_id))
        return fail_forbidden(ctx, "Only the organizers of this program may do this.");
    return 0;
}

int access_require_partnership_member(struct ctx *ctx, int64_t partnership_id,
                                      struct membership *out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    struct membership m;
    int found = store_membership_get(ctx->db, ctx->arena, partnership_id, ctx->user->id, &m);
    if (found < 0)
        return fail_internal(ctx, "reading membership");
    /* Someone who left a circle that went on loses it: the others' talk
     * after they went is not theirs to read. Someone whose leave ended the
     * partnership keeps its history, read-only like every ended one,
     * since all of it was written while they were a member. */
    if (!found || (m.has_left && !m.left_ended_it) || strcmp(m.response, "declined") == 0)
        return fail_not_found(ctx);
    if (out)
        *out = m;
    return 0;
}

int access_require_session_member(struct ctx *ctx, int64_t session_id, struct membership *out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int64_t partnership_id;
    int found = store_session_partnership(ctx->db, session_id, &partnership_id);
    if (found < 0)
        return fail_internal(ctx, "reading session");
    if (!found)
        return fail_not_found(ctx);
    return access_require_partnership_member(ctx, partnership_id, out);
}

int access_require_problem_report_reader(struct ctx *ctx, int64_t program_id)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    const char *state;
    int found = store_program_state(ctx->db, ctx->arena, program_id, &state);
    if (found < 0)
        return fail_internal(ctx, "reading program state");
    return found && access_is_program_organizer(ctx, program_id) ? 0 : fail_not_found(ctx);
}

int access_require_matching_run_reader(struct ctx *ctx, int64_t program_id)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    return access_is_program_organizer(ctx, program_id) ? 0 : fail_not_found(ctx);
}

int access_require_program_enrollee(struct ctx *ctx, int64_t program_id)
{
    if (access_require_program_visible(ctx, program_id) != 0)
        return -1;
    struct enrollment mine;
    int found = store_enrollment_of(ctx->db, ctx->arena, program_id, ctx->user->id, &mine);
    if (found < 0)
        return fail_internal(ctx, "reading enrollment");
    return found && enrollment_can_withdraw(mine.state) ? 0 : fail_not_found(ctx);
}

int access_require_goal_reader(struct ctx *ctx, int64_t owner_id, const char *visibility)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    if (ctx->user->id == owner_id)
        return 0;
    if (strcmp(visibility, "shared") != 0)
        return fail_not_found(ctx);
    int partners = store_users_are_partners(ctx->db, ctx->user->id, owner_id);
    if (partners < 0)
        return fail_internal(ctx, "reading partnerships");
    return partners ? 0 : fail_not_found(ctx);
}

int access_require_author(struct ctx *ctx, int64_t author_id)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    return ctx->user->id == author_id ? 0 : fail_not_found(ctx);
}
