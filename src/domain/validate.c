/* validate.c — see validate.h. */
#include "domain/validate.h"

#include <string.h>

#include "lib/date.h"
#include "lib/utf8.h"

int validate_text(struct ctx *ctx, const char *field, const char *value, size_t min_chars,
                  size_t max_chars, bool multiline)
{
    if (!value || (min_chars > 0 && !*value))
        return min_chars > 0 ? fail_input(ctx, field, "is required") : 0;
    switch (text_check(value, strlen(value), max_chars, multiline)) {
    case TEXT_OK:
        break;
    case TEXT_BAD_UTF8:
        return fail_input(ctx, field, "must be valid UTF-8 text");
    case TEXT_CONTROL_CHAR:
        return fail_input(ctx, field,
                          multiline ? "must not contain control characters"
                                    : "must be a single line of text");
    case TEXT_TOO_LONG:
        return fail_input(ctx, field, "must be at most %zu characters", max_chars);
    }
    if (utf8_length(value, strlen(value)) < min_chars)
        return fail_input(ctx, field, "must be at least %zu characters", min_chars);
    return 0;
}

int validate_choice(struct ctx *ctx, const char *field, const char *value,
                    const char *const *choices)
{
    if (value)
        for (const char *const *c = choices; *c; c++)
            if (!strcmp(*c, value))
                return 0;
    char *list = arena_strdup(ctx->arena, "");
    for (const char *const *c = choices; *c; c++)
        list = arena_printf(ctx->arena, "%s%s%s", list, c == choices ? "" : ", ", *c);
    return fail_input(ctx, field, "must be one of: %s", list);
}

int validate_range(struct ctx *ctx, const char *field, int64_t value, int64_t min, int64_t max)
{
    if (value < min || value > max)
        return fail_input(ctx, field, "must be between %lld and %lld", (long long)min,
                          (long long)max);
    return 0;
}

int validate_date(struct ctx *ctx, const char *field, const char *value, int64_t *days)
{
    if (!value || !*value)
        return fail_input(ctx, field, "is required");
    if (!date_parse(value, days))
        return fail_input(ctx, field, "must be a date like 2026-03-31");
    return 0;
}

char *validate_trimmed(struct arena *arena, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(arena, s, n);
}
