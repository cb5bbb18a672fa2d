/* input.h — request parsing used by the dispatcher (handlers use the
 * accessors declared in web.h). */
#ifndef PEERCOACH_WEB_INPUT_H
#define PEERCOACH_WEB_INPUT_H

#include "web/web.h"

/* Fill w->query from the query string. */
int web_parse_query(struct web *w);
/* Fill w->input from the body, per the API/page content-type rules. */
int web_parse_body(struct web *w);
/* Hand value to the request's arena (released when the request ends). */
json_t *web_own(struct web *w, json_t *value);

#endif
