/* guard.h — a deadline for receiving each request, whatever the pace.
 *
 * libmicrohttpd's connection timeout only counts idle time, so a client
 * that trickles one byte every few seconds could hold a connection (and
 * its memory) forever. The guard tracks every connection and the moment it
 * started waiting for its current request; a reaper thread shuts down the
 * socket of any connection still receiving a request after the deadline.
 * libmicrohttpd then sees the socket close and cleans up as usual.
 *
 * Safety: a connection is unregistered in libmicrohttpd's "closed"
 * notification, which comes before it closes the socket; the reaper calls
 * shutdown() under the same lock, so it never touches a reused descriptor. */
#ifndef PEERCOACH_GUARD_H
#define PEERCOACH_GUARD_H

#include <stdbool.h>

struct guard;
struct guard_conn;

struct guard *guard_new(int request_timeout_seconds);
void guard_free(struct guard *guard);

/* A new connection on socket fd: starts waiting for its first request. */
struct guard_conn *guard_conn_open(struct guard *guard, int fd);
void guard_conn_close(struct guard *guard, struct guard_conn *conn);
/* The request is fully received (stop the clock) / answered (restart it
 * for the next request on this connection). */
void guard_conn_received(struct guard *guard, struct guard_conn *conn);
void guard_conn_answered(struct guard *guard, struct guard_conn *conn);

/* Connections dropped for slowness since start (for tests and logs). */
long guard_dropped(struct guard *guard);

#endif
