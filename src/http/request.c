/* request.c — request helpers that need no libmicrohttpd: cookies and
 * response headers. */
#include "http/request.h"

#include <string.h>

#include "lib/log.h"

const char *http_request_cookie(const struct http_request *req, const char *name)
{
    const char *header = http_request_header(req, "Cookie");
    if (!header)
        return NULL;
    size_t name_len = strlen(name);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        if ((size_t)(end - p) > name_len && !strncmp(p, name, name_len) && p[name_len] == '=')
            return arena_strndup(req->arena, p + name_len + 1, (size_t)(end - p) - name_len - 1);
        p = end;
    }
    return NULL;
}

void http_response_add_header(struct http_response *res, const char *name, const char *value)
{
    if (res->nheaders == HTTP_MAX_RESPONSE_HEADERS) {
        log_error("http: too many response headers, dropping %s", name);
        return;
    }
    res->headers[res->nheaders].name = name;
    res->headers[res->nheaders].value = value;
    res->nheaders++;
}
