/* web.h — the web layer: one route table, and handlers that turn a request
 * into one view model.
 *
 * A handler validates input, calls domain/, and fills w->view (a jansson
 * object). It never writes bytes: web/render.c renders the same view as
 * JSON for /api/v1/... and through the route's Mustache template for pages,
 * so the API and the pages cannot drift apart. A handler returns 0, or -1
 * after a fail_* call on &w->ctx.
 *
 * Ownership: everything reachable from a struct web lives in the request's
 * arena, including w->view (released by arena_defer). */
#ifndef PEERCOACH_WEB_H
#define PEERCOACH_WEB_H

#include <jansson.h>
#include <stdbool.h>

#include "config.h"
#include "domain/ctx.h"
#include "http/request.h"
#include "web/router.h"

struct mustache_set;

#define WEB_MAX_PARAMS 4

/* Long-lived state of the web layer, built once by web_app_new(). */
struct web_app {
    const struct config *config;
    struct mustache_set *templates;
    struct router router;
    unsigned char secret[32]; /* keys CSRF tokens; stored in the database */
    bool secure_cookies;
};

enum web_access {
    ACCESS_PUBLIC,    /* anyone */
    ACCESS_LOGIN,     /* a logged-in user */
    ACCESS_ORGANIZER, /* an organizer or admin */
    ACCESS_ADMIN,     /* the instance admin */
};

struct web;

struct route {
    const char *api;  /* "PATCH /api/v1/me", or NULL */
    const char *page; /* "POST /profile", or NULL */
    int (*handler)(struct web *w);
    const char *template; /* page template; for a form POST, the page to show again on error */
    enum web_access access;
    bool csrf;  /* page form posts carry the CSRF token */
    bool heavy; /* hashes passwords: runs on the CPU pool */
};

struct web {
    struct web_app *app;
    const struct http_request *req;
    struct http_response *res;
    const struct route *route;
    struct ctx ctx;
    bool is_api;
    const char *params[WEB_MAX_PARAMS]; /* path parameters, in pattern order */
    json_t *input;                      /* body: JSON object or form fields; never NULL */
    json_t *query;                      /* query string fields; never NULL */
    json_t *view;                       /* the view model; never NULL */
    int status;                         /* on success; 200 unless set */
    const char *redirect;               /* pages: where to go after success (303) */
    const char *notice;                 /* pages: notice code for the redirect target */
    const char *login_token;            /* the token this request came with */
    bool token_from_cookie;
    const char *new_login_token; /* set by login/sign-up: becomes the cookie */
    bool end_login;              /* set by logout: clears the cookie */
    bool csv;                    /* send the view's table ("filename", "columns", "rows") as CSV */
    const char *anon_csrf;       /* the pc_csrf cookie value, when logged out */
};

enum web_outcome { WEB_DONE, WEB_OFFLOAD };

/* Build the web layer: compile templates, load the secret from db.
 * NULL (logged) on failure. */
struct web_app *web_app_new(const struct config *config, struct db *db);
void web_app_free(struct web_app *app);

/* Answer req into res. Returns WEB_OFFLOAD, having done nothing, when the
 * route is heavy and on_cpu_pool is false: http/ then calls again from the
 * CPU pool. */
enum web_outcome web_dispatch(struct web_app *app, const struct http_request *req,
                              struct http_response *res, bool on_cpu_pool);

/* Compile the route table (dispatch.c) into router; -1 on a bad row. */
int web_routes_compile(struct router *router);

/* Input helpers for handlers. Each returns 0, or -1 with a 4xx recorded. */
/* Path parameter index as a positive id; anything else is a 404. */
int web_param_id(struct web *w, int index, int64_t *out);
/* A string field of the input; *out = NULL when absent. 422 if not a string. */
int web_input_text(struct web *w, const char *name, const char **out);
/* API bodies only (pages' forms also carry csrf and button names): refuse,
 * with a 422 naming it, any top-level key not in names, a NULL-terminated
 * list; NULL or an empty list accepts no key at all. Every API write route
 * calls it before reading its input, with exactly the fields it reads, so a
 * misspelt field is an error, never a silently dropped intent. It may come
 * before the access check: its answer is the same whether the thing exists
 * or not. Nested objects are the domain's to check. Where a handler hands
 * the whole body to a domain function that refuses unknown keys itself
 * (goals, check-ins, reflections, programs, matching rules and
 * preferences), that check is the one: it also guards the CLI and the demo,
 * and a second list could drift from the code that reads the first. */
int web_input_only(struct web *w, const char *const *names);
/* The query string field name, or NULL. */
const char *web_query(struct web *w, const char *name);

/* View helpers: set key in w->view (stealing value). */
void web_view_set(struct web *w, const char *key, json_t *value);

#endif
