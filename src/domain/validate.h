/* validate.h — field checks shared by every domain area, each recording a
 * 422 that names the field (ctx.h) and returning -1 when the value is bad,
 * and the trimming some areas apply to a value before checking it. */
#ifndef PEERCOACH_VALIDATE_H
#define PEERCOACH_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/ctx.h"

/* Text of min..max characters; single-line unless multiline. A NULL value
 * counts as missing. */
int validate_text(struct ctx *ctx, const char *field, const char *value, size_t min_chars,
                  size_t max_chars, bool multiline);
/* One of the NULL-terminated choices. */
int validate_choice(struct ctx *ctx, const char *field, const char *value,
                    const char *const *choices);
int validate_range(struct ctx *ctx, const char *field, int64_t value, int64_t min, int64_t max);

/* A calendar date "YYYY-MM-DD"; *days receives it as days since 1970. */
int validate_date(struct ctx *ctx, const char *field, const char *value, int64_t *days);

/* s without leading and trailing spaces and tabs, in the arena. */
char *validate_trimmed(struct arena *arena, const char *s);

#endif
