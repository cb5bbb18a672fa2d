/* store/audit.h — the audit log: who did what to which object, when.
 * Details are short machine words, never user content. */
#ifndef PEERCOACH_STORE_AUDIT_H
#define PEERCOACH_STORE_AUDIT_H

#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct audit_entry {
    int64_t id, at, actor_id, subject_id;
    const char *actor_name, *action, *subject_type, *detail;
};

/* actor_id and subject_id may be 0 for none. */
enum db_result store_audit_add(struct db *db, int64_t now, int64_t actor_id, const char *action,
                               const char *subject_type, int64_t subject_id, const char *detail);
/* Newest first, entries with id < before (0: from the newest). Count or -1. */
int store_audit_list(struct db *db, struct arena *arena, int64_t before, int limit,
                     struct audit_entry **out);

#endif
