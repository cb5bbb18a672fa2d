/* throttle.h — login throttling per account and per client address.
 *
 * Failures are counted in a fixed-size in-memory table (so an attacker
 * cannot grow it), keyed by a keyed hash of "account:<email>" or
 * "ip:<address>". Over the limit, attempts are refused with a Retry-After
 * before any password is hashed, which is also what keeps a login flood
 * cheap. State is per process: with several processes behind a load
 * balancer each enforces its own limits, which still bounds guessing.
 * Thread-safe. */
#ifndef PEERCOACH_THROTTLE_H
#define PEERCOACH_THROTTLE_H

#include <time.h>

/* Limits: failures allowed within the window before a block of the
 * window's length. */
#define THROTTLE_ACCOUNT_FAILURES 5
#define THROTTLE_IP_FAILURES      20
#define THROTTLE_WINDOW_SECONDS   900

/* Seconds until key may try again, 0 if it may now. */
int throttle_wait(const char *key, time_t now);
/* Count a failure (max failures within the window, then blocked). */
void throttle_fail(const char *key, int max_failures, time_t now);
/* Forget key's failures (after a successful login). */
void throttle_clear(const char *key);
/* Forget everything (tests). */
void throttle_reset(void);

#endif
