/* jsonout.c — see jsonout.h. Reals are rare in views and their formatting
 * (shortest round-trip digits, ".0" added) is jansson's own, so they are
 * handed to jansson rather than imitated. */
#include "lib/jsonout.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 128

/* One byte, keeping the strbuf NUL-terminated. */
static void put(struct strbuf *out, char c)
{
    strbuf_reserve(out, 1);
    out->data[out->len++] = c;
    out->data[out->len] = '\0';
}

static void append_string(struct strbuf *out, const char *s, size_t n)
{
    strbuf_reserve(out, n * 6 + 2); /* every byte written as \u00XX at worst */
    char *p = out->data + out->len;
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = (char)c;
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *p++ = (char)c;
            break;
        case '\b':
            *p++ = 'b';
            break;
        case '\f':
            *p++ = 'f';
            break;
        case '\n':
            *p++ = 'n';
            break;
        case '\r':
            *p++ = 'r';
            break;
        case '\t':
            *p++ = 't';
            break;
        default:
            p += sprintf(p, "u%04X", c);
        }
    }
    *p++ = '"';
    *p = '\0';
    out->len = (size_t)(p - out->data);
}

static int append_value(struct strbuf *out, const json_t *value, int depth)
{
    if (depth > MAX_DEPTH)
        return -1;
    switch (json_typeof(value)) {
    case JSON_NULL:
        strbuf_append(out, "null", 4);
        return 0;
    case JSON_TRUE:
        strbuf_append(out, "true", 4);
        return 0;
    case JSON_FALSE:
        strbuf_append(out, "false", 5);
        return 0;
    case JSON_INTEGER: {
        char digits[32];
        int n = snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        strbuf_append(out, digits, (size_t)n);
        return 0;
    }
    case JSON_REAL: {
        char *text = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
        if (!text)
            return -1;
        strbuf_puts(out, text);
        free(text);
        return 0;
    }
    case JSON_STRING:
        append_string(out, json_string_value(value), json_string_length(value));
        return 0;
    case JSON_ARRAY: {
        put(out, '[');
        for (size_t i = 0, n = json_array_size(value); i < n; i++) {
            if (i)
                put(out, ',');
            if (append_value(out, json_array_get(value, i), depth + 1) != 0)
                return -1;
        }
        put(out, ']');
        return 0;
    }
    case JSON_OBJECT: {
        put(out, '{');
        json_t *object = (json_t *)value; /* the iterator API is not const */
        bool first = true;
        for (void *it = json_object_iter(object); it; it = json_object_iter_next(object, it)) {
            if (!first)
                put(out, ',');
            first = false;
            append_string(out, json_object_iter_key(it), json_object_iter_key_len(it));
            put(out, ':');
            if (append_value(out, json_object_iter_value(it), depth + 1) != 0)
                return -1;
        }
        put(out, '}');
        return 0;
    }
    }
    return -1;
}

int jsonout_append(struct strbuf *out, const json_t *value)
{
    return value ? append_value(out, value, 0) : -1;
}
