/* render.h — from view model to response: JSON for the API, a Mustache
 * page for browsers, and the one table from failure kinds to statuses. */
#ifndef PEERCOACH_WEB_RENDER_H
#define PEERCOACH_WEB_RENDER_H

#include "web/web.h"

#define LOGIN_COOKIE "pc_login"
#define CSRF_COOKIE  "pc_csrf"

int web_status_of(enum fail_kind kind);
/* Produce w->res from the handler's result (0 success, -1 failure). */
void web_render(struct web *w, int handler_result);
/* A response with only an error, before any handler ran. */
void web_render_failure(struct web *w);

#endif
