/* demo_coaching.h — the Northwind peer coaching story for `peercoach demo`:
 * a running program with pairs, a circle, eight weeks of sessions and
 * everything that grows around them (see demo_coaching.c). */
#ifndef PEERCOACH_DEMO_COACHING_H
#define PEERCOACH_DEMO_COACHING_H

#include <time.h>

#include "cli/demo.h"
#include "domain/ctx.h"

/* The story starts this many days before today; demo.c creates the
 * accounts then, so nothing in it predates the people who wrote it. */
#define DEMO_COACHING_HISTORY_DAYS 90

/* Index in the Northwind table of the people the demo logins point at. */
#define DEMO_PAIR_A  4 /* Ana Souza, in a pair with Ben Okafor */
#define DEMO_PAIR_B  5 /* Ben Okafor */
#define DEMO_CIRCLE  6 /* Chloe Martin, in a circle of three */
#define DEMO_AT_RISK 9 /* Farah Haddad, whose pair has stalled */

/* Plays the story inside the caller's transaction, with the clock of ctx
 * moved through the past; org holds the Northwind people (index 1 is the
 * organizer). today is the real time. Returns 0, or -1 with ctx's failure. */
int demo_coaching_load(struct ctx *ctx, const struct demo_org *org, time_t today);

#endif
