/* ctx.h — what every domain function receives: the request's arena, this
 * thread's database connection, who is asking, the time, and the one
 * failure recorded for the request.
 *
 * Errors: the function that detects a failure records it once with a fail_*
 * call and returns -1 (or NULL); callers only propagate. web/ maps the kind
 * to an HTTP status with one table (web/render.c). Messages are for the
 * user: say what is wrong and, for input, name the field. Internal errors
 * are logged where they happen and shown only as "internal error".
 *
 * Ownership: a ctx lives on the stack of the request it serves; everything
 * it points to is owned elsewhere (the arena by the request, the database by
 * the thread, the user by the arena). */
#ifndef PEERCOACH_CTX_H
#define PEERCOACH_CTX_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "config.h"
#include "lib/arena.h"
#include "store/db.h"
#include "store/user.h"

enum fail_kind {
    FAIL_NONE = 0,
    FAIL_BAD_REQUEST,     /* 400: malformed request (not a field problem) */
    FAIL_UNAUTHENTICATED, /* 401 */
    FAIL_FORBIDDEN,       /* 403: known to exist, not allowed */
    FAIL_NOT_FOUND,       /* 404: also every "not yours" on private content */
    FAIL_METHOD,          /* 405 */
    FAIL_CONFLICT,        /* 409: duplicate, or a state that forbids the change */
    FAIL_TOO_LARGE,       /* 413 */
    FAIL_MEDIA_TYPE,      /* 415 */
    FAIL_INPUT,           /* 422: a field is invalid; field names it */
    FAIL_THROTTLED,       /* 429: retry_after seconds */
    FAIL_INTERNAL,        /* 500 */
    FAIL_UNAVAILABLE,     /* 503 */
};

struct failure {
    enum fail_kind kind;
    const char *code;    /* machine word for the API: "invalid_field", "email_taken" */
    const char *field;   /* FAIL_INPUT: the field's name */
    const char *message; /* for people */
    int retry_after;     /* FAIL_THROTTLED */
};

struct ctx {
    struct arena *arena;
    struct db *db;
    const struct config *config;
    const struct user *user; /* who is asking; NULL when logged out */
    time_t now;
    struct failure failure;
};

/* Each records the failure (the first one wins) and returns -1. */
int fail_input(struct ctx *ctx, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int fail_not_found(struct ctx *ctx);
int fail_forbidden(struct ctx *ctx, const char *message);
int fail_unauthenticated(struct ctx *ctx);
int fail_conflict(struct ctx *ctx, const char *code, const char *message);
int fail_throttled(struct ctx *ctx, int retry_after);
int fail_internal(struct ctx *ctx, const char *what);
int fail_with(struct ctx *ctx, enum fail_kind kind, const char *code, const char *message);

bool ctx_failed(const struct ctx *ctx);

#endif
