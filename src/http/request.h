/* request.h — one HTTP exchange as the rest of peercoach sees it.
 *
 * http/ fills a struct http_request from libmicrohttpd once the whole
 * request has arrived, calls web_dispatch(), and turns the struct
 * http_response it gets back into bytes. Nothing outside http/ sees a
 * libmicrohttpd type; this header is the whole contract.
 *
 * Ownership: strings in a request live in the request's arena; a response
 * body is malloc'd by web/ and freed by http/ once sent. Header values of a
 * response live in the arena. */
#ifndef PEERCOACH_HTTP_REQUEST_H
#define PEERCOACH_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/arena.h"

#define HTTP_MAX_RESPONSE_HEADERS 12

struct http_request {
    struct arena *arena;
    const char *method; /* "GET", "POST", … ; HEAD is answered as GET */
    const char *path;   /* percent-decoded, without the query string */
    const char *query;  /* raw query string after '?', "" when none */
    const char *body;   /* NUL-terminated copy of the body; "" when none */
    size_t body_len;
    const char *client_ip; /* the peer address */
    bool is_tls;           /* public URL is https (we sit behind a TLS proxy) */
    void *connection;      /* http/'s own handle, for http_request_header() */
};

struct http_header {
    const char *name, *value;
};

struct http_response {
    int status;
    const char *content_type;
    char *body; /* malloc'd or NULL; http/ frees it */
    size_t body_len;
    struct http_header headers[HTTP_MAX_RESPONSE_HEADERS];
    int nheaders;
};

/* The value of request header name (case-insensitive), or NULL. */
const char *http_request_header(const struct http_request *req, const char *name);
/* The value of cookie name from the Cookie header, in the arena, or NULL. */
const char *http_request_cookie(const struct http_request *req, const char *name);
void http_response_add_header(struct http_response *res, const char *name, const char *value);

#endif
