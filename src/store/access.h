/* store/access.h — the lookups behind domain/access.c: membership of a
 * partnership, organizers of a program, who owns what. Each returns 1 /
 * 0 / -1 (found, not found, database error) unless said otherwise. */
#ifndef PEERCOACH_STORE_ACCESS_H
#define PEERCOACH_STORE_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct membership {
    int64_t partnership_id, program_id;
    const char *partnership_state; /* proposed, active, paused, ended */
    const char *response;          /* pending, accepted, declined */
    bool has_left;
    /* Their leave ended the partnership (a pair, or the last but one of a
     * circle): nothing was written after they went. */
    bool left_ended_it;
};

/* The membership rule of domain/access.c as SQL over a partnership_members
 * row aliased m: proposed or accepted, and either still in the partnership
 * or the member whose leave ended it (who keeps its history, read-only).
 * Every read of a partnership's content repeats it in its WHERE. */
#define STORE_READS_PARTNERSHIP(m)                                                                 \
    " " m ".response <> 'declined' AND (" m ".left_at IS NULL OR EXISTS (SELECT 1"                 \
    " FROM partnerships e WHERE e.id = " m ".partnership_id AND e.end_kind = 'left'"               \
    " AND e.ended_by = " m ".user_id))"

/* user_id's membership of partnership_id. */
int store_membership_get(struct db *db, struct arena *arena, int64_t partnership_id,
                         int64_t user_id, struct membership *out);
/* The program a partnership belongs to. */
int store_partnership_program(struct db *db, int64_t partnership_id, int64_t *program_id);
/* The partnership a session belongs to. */
int store_session_partnership(struct db *db, int64_t session_id, int64_t *partnership_id);
/* Is user_id an organizer of program_id? 1 / 0 / -1. */
int store_program_is_organizer(struct db *db, int64_t program_id, int64_t user_id);
/* The state of program_id ("draft"…). */
int store_program_state(struct db *db, struct arena *arena, int64_t program_id, const char **state);
/* Do a and b belong (not declined, not left) to a common partnership? */
int store_users_are_partners(struct db *db, int64_t a, int64_t b);

#endif
