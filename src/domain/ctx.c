/* ctx.c — recording failures; see ctx.h. The first failure wins: a later
 * generic one (say a rollback's "internal error") must not hide the
 * specific reason a user can act on. */
#include "domain/ctx.h"

#include <stdarg.h>

#include "lib/log.h"

int fail_with(struct ctx *ctx, enum fail_kind kind, const char *code, const char *message)
{
    if (ctx->failure.kind == FAIL_NONE) {
        ctx->failure.kind = kind;
        ctx->failure.code = code;
        ctx->failure.message = message;
    }
    return -1;
}

int fail_input(struct ctx *ctx, const char *field, const char *fmt, ...)
{
    if (ctx->failure.kind != FAIL_NONE)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    char *what = arena_vprintf(ctx->arena, fmt, ap);
    va_end(ap);
    fail_with(ctx, FAIL_INPUT, "invalid_field", arena_printf(ctx->arena, "%s %s", field, what));
    /* Copied: a field name may point into request JSON or a caller's buffer. */
    ctx->failure.field = arena_strdup(ctx->arena, field);
    return -1;
}

int fail_not_found(struct ctx *ctx)
{
    return fail_with(ctx, FAIL_NOT_FOUND, "not_found", "Not found.");
}

int fail_forbidden(struct ctx *ctx, const char *message)
{
    return fail_with(ctx, FAIL_FORBIDDEN, "forbidden", message);
}

int fail_unauthenticated(struct ctx *ctx)
{
    return fail_with(ctx, FAIL_UNAUTHENTICATED, "unauthenticated", "Please log in.");
}

int fail_conflict(struct ctx *ctx, const char *code, const char *message)
{
    return fail_with(ctx, FAIL_CONFLICT, code, message);
}

int fail_throttled(struct ctx *ctx, int retry_after)
{
    fail_with(ctx, FAIL_THROTTLED, "throttled", "Too many attempts; please wait and try again.");
    ctx->failure.retry_after = retry_after;
    return -1;
}

int fail_internal(struct ctx *ctx, const char *what)
{
    log_error("internal error: %s", what);
    return fail_with(ctx, FAIL_INTERNAL, "internal", "Internal error.");
}

bool ctx_failed(const struct ctx *ctx)
{
    return ctx->failure.kind != FAIL_NONE;
}
