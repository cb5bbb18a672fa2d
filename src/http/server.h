/* server.h — the HTTP server: libmicrohttpd with an epoll thread pool,
 * limits, slow-client guard, CPU pool for heavy routes, static files,
 * security headers and the access log.
 *
 * server_run() serves until SIGINT or SIGTERM, then shuts down gracefully:
 * stop accepting, let requests in flight finish (up to a grace period),
 * stop the threads, close every database connection. */
#ifndef PEERCOACH_SERVER_H
#define PEERCOACH_SERVER_H

#include "config.h"
#include "web/web.h"

/* Returns 0 after a clean shutdown, -1 if the server could not start. */
int server_run(const struct config *config, struct web_app *app);

#endif
