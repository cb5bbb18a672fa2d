/* health.c — GET /healthz for load balancers and monitors: 200 when the
 * database answers, 503 when it does not. */
#include "web/handlers.h"

int web_health(struct web *w)
{
    if (!db_ping(w->ctx.db))
        return fail_with(&w->ctx, FAIL_UNAVAILABLE, "unavailable", "The database does not answer.");
    web_view_set(w, "status", json_string("ok"));
    return 0;
}
