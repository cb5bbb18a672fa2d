/* store/agreement.h — SQL for a partnership's agreement: its versions and
 * the signatures on each.
 *
 * A signature belongs to one version, so a new version starts unsigned
 * without deleting anything: earlier versions keep their signatures and
 * stay readable. Lookups return 1 / 0 / -1, lists a count or -1, writes a
 * db_result; strings live in the arena passed in. */
#ifndef PEERCOACH_STORE_AGREEMENT_H
#define PEERCOACH_STORE_AGREEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct agreement_version {
    int64_t id, partnership_id, version;
    const char *body;    /* Markdown; NULL in version lists, which do not load it */
    const char *cadence; /* weekly, biweekly, monthly */
    int64_t session_minutes;
    const char *location; /* a room or a meeting link; "" for not agreed yet */
    int64_t created_by;   /* 0: generated when the partnership was formed */
    const char *created_by_name;
    int64_t created_at;
    int signature_count; /* filled by store_agreement_versions only */
};

struct agreement_signature {
    int64_t user_id;
    const char *name;
    int64_t signed_at;
};

enum db_result store_agreement_insert(struct db *db, int64_t partnership_id, int64_t version,
                                      const char *body, const char *cadence,
                                      int64_t session_minutes, const char *location,
                                      int64_t created_by, int64_t now, int64_t *id);
/* The highest version. */
int store_agreement_current(struct db *db, struct arena *arena, int64_t partnership_id,
                            struct agreement_version *out);
int store_agreement_version(struct db *db, struct arena *arena, int64_t partnership_id,
                            int64_t version, struct agreement_version *out);
/* Every version without its body, newest first. */
int store_agreement_versions(struct db *db, struct arena *arena, int64_t partnership_id,
                             struct agreement_version **out);
/* Who signed version_id, in signing order. */
int store_agreement_signatures(struct db *db, struct arena *arena, int64_t version_id,
                               struct agreement_signature **out);
/* DB_CONSTRAINT if user_id already signed version_id. */
enum db_result store_agreement_sign(struct db *db, int64_t version_id, int64_t user_id,
                                    int64_t now);
/* Is the current version signed by every current member (not declined,
 * not left)? 1 / 0 / -1. For organizers' metadata and dashboards. */
int store_agreement_in_force(struct db *db, int64_t partnership_id);

#endif
