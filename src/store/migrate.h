/* migrate.h — numbered, forward-only schema migrations compiled into the
 * binary (src/store/migrations/NNNN_name.sql).
 *
 * Each migration runs in its own transaction together with the row that
 * records it in schema_migrations, so a failure leaves the schema exactly at
 * the previous version. Migrations never change once released: a fix is a
 * new, higher-numbered file. */
#ifndef PEERCOACH_MIGRATE_H
#define PEERCOACH_MIGRATE_H

#include "store/db.h"

/* Apply every missing migration. Returns the number applied (0 when up to
 * date) or -1 with *error (malloc'd). */
int store_migrate(struct db *db, char **error);

/* The highest applied version, 0 for an empty database, -1 on error. */
int store_schema_version(struct db *db);

/* The highest version compiled into this binary. */
int store_latest_version(void);

#endif
