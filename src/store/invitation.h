/* store/invitation.h — sign-up invitations (when the instance is set to
 * invitation-only). Only a hash of the invitation code is stored. */
#ifndef PEERCOACH_STORE_INVITATION_H
#define PEERCOACH_STORE_INVITATION_H

#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct invitation {
    int64_t id, invited_by, created_at, expires_at, used_at;
    const char *email;
};

enum db_result store_invitation_insert(struct db *db, const char *token_hash, const char *email,
                                       int64_t invited_by, int64_t now, int64_t expires_at,
                                       int64_t *id);
int store_invitation_by_hash(struct db *db, struct arena *arena, const char *token_hash,
                             struct invitation *out);
/* Marks it used unless already used; the caller checks db_changes() == 1. */
enum db_result store_invitation_use(struct db *db, int64_t id, int64_t now);
/* Newest first; count or -1. */
int store_invitation_list(struct db *db, struct arena *arena, int limit, struct invitation **out);

#endif
