/* input.c — turning a request's body and query string into jansson
 * objects, and the accessors handlers use to read them.
 *
 * API bodies must be JSON objects (Content-Type: application/json); page
 * bodies must be urlencoded forms. Either way handlers see one object, so a
 * handler reads "email" the same way for both. jansson rejects invalid
 * UTF-8 and NUL characters in strings, and we reject duplicate keys, so what
 * reaches a handler is always clean text. An API write also refuses keys
 * its handler does not read (web_input_only), so a misspelt field fails
 * loudly; a form is left alone, since it carries csrf and button names. */
#include "web/input.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/urlform.h"

static bool content_type_is(const char *header, const char *type)
{
    if (!header)
        return false;
    size_t n = strlen(type);
    while (*header == ' ')
        header++;
    return !strncasecmp(header, type, n) &&
           (header[n] == '\0' || header[n] == ';' || header[n] == ' ');
}

static void release_json(void *value)
{
    json_decref(value);
}

json_t *web_own(struct web *w, json_t *value)
{
    if (value)
        arena_defer(w->ctx.arena, release_json, value);
    return value;
}

int web_parse_query(struct web *w)
{
    const char *error = NULL;
    json_t *query = urlform_parse(w->req->query, strlen(w->req->query), &error);
    if (!query)
        return fail_with(&w->ctx, FAIL_BAD_REQUEST, "bad_query",
                         arena_printf(w->ctx.arena, "The query string is malformed: %s.", error));
    w->query = web_own(w, query);
    return 0;
}

int web_parse_body(struct web *w)
{
    const char *type = http_request_header(w->req, "Content-Type");
    bool is_json = content_type_is(type, "application/json");
    if (w->req->body_len == 0) {
        /* A cookie-authenticated API write must still prove it is not a
         * cross-site form: forms cannot send application/json. */
        if (w->is_api && w->token_from_cookie && !is_json)
            return fail_with(&w->ctx, FAIL_MEDIA_TYPE, "unsupported_media_type",
                             "Send Content-Type: application/json.");
        return 0;
    }
    if (w->is_api) {
        if (!is_json)
            return fail_with(&w->ctx, FAIL_MEDIA_TYPE, "unsupported_media_type",
                             "Send the request body as JSON with Content-Type: application/json.");
        json_error_t error;
        json_t *body = json_loadb(w->req->body, w->req->body_len, JSON_REJECT_DUPLICATES, &error);
        if (!body)
            return fail_with(&w->ctx, FAIL_BAD_REQUEST, "malformed_json",
                             arena_printf(w->ctx.arena, "The body is not valid JSON: %s (line %d).",
                                          error.text, error.line));
        web_own(w, body);
        if (!json_is_object(body))
            return fail_with(&w->ctx, FAIL_BAD_REQUEST, "malformed_json",
                             "The body must be a JSON object.");
        w->input = body;
        return 0;
    }
    if (!content_type_is(type, "application/x-www-form-urlencoded"))
        return fail_with(&w->ctx, FAIL_MEDIA_TYPE, "unsupported_media_type",
                         "Forms must be sent as application/x-www-form-urlencoded.");
    const char *error = NULL;
    json_t *form = urlform_parse(w->req->body, w->req->body_len, &error);
    if (!form)
        return fail_with(&w->ctx, FAIL_BAD_REQUEST, "malformed_form",
                         arena_printf(w->ctx.arena, "The form data is malformed: %s.", error));
    w->input = web_own(w, form);
    return 0;
}

int web_param_id(struct web *w, int index, int64_t *out)
{
    const char *s = index < WEB_MAX_PARAMS ? w->params[index] : NULL;
    if (!s || !*s || strlen(s) > 18 || *s == '0')
        return fail_not_found(&w->ctx);
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return fail_not_found(&w->ctx);
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

int web_input_text(struct web *w, const char *name, const char **out)
{
    json_t *value = json_object_get(w->input, name);
    *out = NULL;
    if (!value || json_is_null(value))
        return 0;
    if (!json_is_string(value))
        return fail_input(&w->ctx, name, "must be a string");
    *out = json_string_value(value);
    return 0;
}

/* A key as it may be named back to the client: at most FIELD_ECHO_MAX
 * bytes of [A-Za-z0-9_.-], anything else as '?', and "..." when cut. A key
 * is clean UTF-8 without NUL (see the top), but it is still the client's
 * text: it must not grow an error message without bound nor carry control
 * characters into logs. */
#define FIELD_ECHO_MAX 64

static const char *field_echo(struct web *w, const char *key)
{
    size_t len = strlen(key);
    size_t n = len > FIELD_ECHO_MAX ? FIELD_ECHO_MAX : len;
    char *out = arena_alloc(w->ctx.arena, n + 4);
    for (size_t i = 0; i < n; i++) {
        char c = key[i];
        bool is_plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        out[i] = is_plain ? c : '?';
    }
    strcpy(out + n, len > n ? "..." : "");
    return out;
}

int web_input_only(struct web *w, const char *const *names)
{
    if (!w->is_api)
        return 0;
    const char *key;
    json_t *value;
    json_object_foreach(w->input, key, value)
    {
        bool is_known = false;
        for (const char *const *n = names; n && *n && !is_known; n++)
            is_known = !strcmp(*n, key);
        if (is_known)
            continue;
        const char *takes = "";
        for (const char *const *n = names; n && *n; n++)
            takes = arena_printf(w->ctx.arena, "%s%s%s", takes, *takes ? ", " : "", *n);
        return fail_input(&w->ctx, field_echo(w, key),
                          "is not a field of this request (it takes %s)", *takes ? takes : "none");
    }
    return 0;
}

const char *web_query(struct web *w, const char *name)
{
    return json_string_value(json_object_get(w->query, name));
}

void web_view_set(struct web *w, const char *key, json_t *value)
{
    json_object_set_new(w->view, key, value ? value : json_null());
}
