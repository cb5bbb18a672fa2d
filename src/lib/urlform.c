/* urlform.c — urlencoded parsing; see urlform.h. */
#include "lib/urlform.h"

#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/utf8.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long urlform_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n)
                return -1;
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return (long)o;
}

static int add_pair(json_t *form, const char *key, const char *value)
{
    json_t *existing = json_object_get(form, key);
    json_t *v = json_string(value);
    if (!v)
        return -1;
    if (!existing)
        return json_object_set_new(form, key, v);
    if (json_is_array(existing))
        return json_array_append_new(existing, v);
    json_t *list = json_array();
    json_array_append(list, existing);
    json_array_append_new(list, v);
    return json_object_set_new(form, key, list);
}

json_t *urlform_parse(const char *text, size_t len, const char **error)
{
    json_t *form = json_object();
    char *buf = malloc(len + 1);
    size_t pos = 0;
    *error = NULL;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '&')
            end++;
        size_t eq = pos;
        while (eq < end && text[eq] != '=')
            eq++;
        if (end > pos) {
            long klen = urlform_decode(text + pos, eq - pos, buf);
            if (klen < 0 || !utf8_is_valid(buf, (size_t)klen)) {
                *error = klen < 0 ? "malformed percent-encoding" : "invalid UTF-8";
                goto fail;
            }
            char *key = strdup(buf);
            size_t vstart = eq < end ? eq + 1 : end;
            long vlen = urlform_decode(text + vstart, end - vstart, buf);
            if (vlen < 0 || !utf8_is_valid(buf, (size_t)vlen)) {
                *error = vlen < 0 ? "malformed percent-encoding" : "invalid UTF-8";
                free(key);
                goto fail;
            }
            int rc = add_pair(form, key, buf);
            free(key);
            if (rc != 0) {
                *error = "invalid form field";
                goto fail;
            }
        }
        pos = end + 1;
    }
    free(buf);
    return form;
fail:
    free(buf);
    json_decref(form);
    return NULL;
}

char *urlform_encode(struct arena *arena, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(arena, strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}
