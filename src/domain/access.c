/* access.c — see access.h. */
#include "domain/access.h"

#include <string.h>

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
