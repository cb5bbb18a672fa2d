/* util.c — errors, names and growable text for the matching engine. */
#include "match/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *match_status_name(enum match_status status)
{
    switch (status) {
    case MATCH_OK:
        return "ok";
    case MATCH_ERR_NOMEM:
        return "out_of_memory";
    case MATCH_ERR_INVALID:
        return "invalid";
    case MATCH_ERR_DUPLICATE_ID:
        return "duplicate_id";
    case MATCH_ERR_UNKNOWN_ID:
        return "unknown_id";
    case MATCH_ERR_MANAGER_CYCLE:
        return "manager_cycle";
    case MATCH_ERR_RANGE:
        return "out_of_range";
    }
    return "unknown";
}

const char *match_reason_name(enum match_reason reason)
{
    static const char *const names[] = {
        "no_availability", "reporting_chain", "language", "availability",   "level_gap",
        "never_with",      "recent_partner",  "alone",    "partners_taken", "odd_one_out",
    };
    return (unsigned)reason < sizeof names / sizeof names[0] ? names[reason] : "unknown";
}

void match_error_clear(struct match_error *err)
{
    if (!err)
        return;
    err->status = MATCH_OK;
    err->person_id = 0;
    err->message[0] = '\0';
}

int match_fail(struct match_error *err, enum match_status status, int64_t person_id,
               const char *format, ...)
{
    if (!err)
        return -1;
    err->status = status;
    err->person_id = person_id;
    va_list args;
    va_start(args, format);
    vsnprintf(err->message, sizeof err->message, format, args);
    va_end(args);
    return -1;
}

void match_text_add(struct match_text *text, const char *format, ...)
{
    if (text->is_broken)
        return;
    for (;;) {
        size_t room = text->capacity - text->length;
        va_list args;
        va_start(args, format);
        int need = vsnprintf(text->data ? text->data + text->length : NULL, room, format, args);
        va_end(args);
        if (need < 0) {
            text->is_broken = 1;
            return;
        }
        if ((size_t)need < room) {
            text->length += (size_t)need;
            return;
        }
        size_t capacity = text->capacity ? text->capacity * 2 : 128;
        while (capacity < text->length + (size_t)need + 1)
            capacity *= 2;
        char *data = realloc(text->data, capacity);
        if (!data) {
            text->is_broken = 1;
            return;
        }
        text->data = data;
        text->capacity = capacity;
    }
}

char *match_text_take(struct match_text *text)
{
    char *out = text->is_broken ? NULL : text->data;
    if (text->is_broken)
        free(text->data);
    else if (!out)
        out = calloc(1, 1);
    text->data = NULL;
    text->length = text->capacity = 0;
    text->is_broken = 0;
    return out;
}
