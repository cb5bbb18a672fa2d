/* store/engagement.h — the metadata drop-off steps, at-risk flags and the
 * organizers' health view are computed from: each session's date, status
 * and who cancelled or missed it, and the agreement's cadence and
 * signature dates. Never a session's place, reason, agenda or notes, nor
 * the agreement's text: nothing here can leak what a partnership said.
 *
 * Lookups return 1 / 0 / -1, lists a count or -1 (database errors are
 * logged by the driver). Strings live in the arena passed in. */
#ifndef PEERCOACH_STORE_ENGAGEMENT_H
#define PEERCOACH_STORE_ENGAGEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

/* One session as the engagement rules see it. */
struct engagement_session {
    int64_t starts_at;    /* UTC seconds */
    const char *status;   /* scheduled, held, cancelled, missed */
    int64_t cancelled_by; /* 0: none */
    int64_t missed_by;    /* 0: none */
};

/* The agreement facts of a partnership. */
struct engagement_agreement {
    const char *cadence;        /* the current version's, else the program's */
    int64_t version_created_at; /* of the current version; 0: no version */
    int64_t last_signed_at;     /* latest signature of a current member on it; 0: none */
};

/* Every session of partnership_id, in calendar order (starts_at, then id). */
int store_engagement_sessions(struct db *db, struct arena *arena, int64_t partnership_id,
                              struct engagement_session **out);
/* 1 when the partnership exists. */
int store_engagement_agreement(struct db *db, struct arena *arena, int64_t partnership_id,
                               struct engagement_agreement *out);

#endif
