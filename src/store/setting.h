/* store/setting.h — instance settings as name/value text pairs (sign-up
 * policy, the server's secret). Missing names read as the given default. */
#ifndef PEERCOACH_STORE_SETTING_H
#define PEERCOACH_STORE_SETTING_H

#include "lib/arena.h"
#include "store/db.h"

/* The value of name (in arena), fallback when unset, NULL on error. */
const char *store_setting_get(struct db *db, struct arena *arena, const char *name,
                              const char *fallback);
enum db_result store_setting_set(struct db *db, const char *name, const char *value);
/* Set only when unset (first writer wins); used for generated secrets. */
enum db_result store_setting_init(struct db *db, const char *name, const char *value);

#endif
