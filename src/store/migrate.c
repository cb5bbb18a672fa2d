/* migrate.c — apply embedded migrations in order; see migrate.h.
 *
 * A migration's version is the number its file name starts with. The
 * tables are embedded sorted by name (CMake sorts the list), and the code
 * still checks that versions strictly increase so a misnamed file fails
 * loudly instead of being skipped. */
#include "store/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/embedded.h"

static int version_of(const char *name)
{
    return atoi(name);
}

static char *error_printf(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    snprintf(s, n, fmt, a, b);
    return s;
}

int store_latest_version(void)
{
    int latest = 0;
    for (const struct embedded_file *f = embedded_migrations; f->name; f++)
        if (version_of(f->name) > latest)
            latest = version_of(f->name);
    return latest;
}

int store_schema_version(struct db *db)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!stmt)
        return -1;
    int version = db_step(stmt) == DB_ROW ? (int)db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return version;
}

int store_migrate(struct db *db, char **error)
{
    if (db_exec_script(
            db,
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            error) != 0)
        return -1;
    int current = store_schema_version(db);
    if (current < 0) {
        *error = strdup("cannot read schema_migrations");
        return -1;
    }
    int applied = 0, previous = 0;
    for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
        int version = version_of(f->name);
        if (version <= previous) {
            *error = error_printf("migration %s is out of order or unnumbered%s", f->name, "");
            return -1;
        }
        previous = version;
        if (version <= current)
            continue;
        char *script_error = NULL;
        if (db_begin(db) != 0 || db_exec_script(db, f->data, &script_error) != 0) {
            db_rollback(db);
            *error = error_printf("migration %s failed: %s", f->name,
                                  script_error ? script_error : "cannot begin");
            free(script_error);
            return -1;
        }
        struct db_stmt *stmt = db_prepare(
            db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)");
        db_bind_int(stmt, 1, version);
        db_bind_text(stmt, 2, f->name);
        db_bind_int(stmt, 3, (int64_t)time(NULL));
        enum db_result r = db_step(stmt);
        db_finish(stmt);
        if (r != DB_DONE || db_commit(db) != 0) {
            if (db_in_transaction(db))
                db_rollback(db);
            *error = error_printf("migration %s could not be recorded%s", f->name, "");
            return -1;
        }
        applied++;
    }
    return applied;
}
