/* store/setting.c — see setting.h. */
#include "store/setting.h"

const char *store_setting_get(struct db *db, struct arena *arena, const char *name,
                              const char *fallback)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT value FROM settings WHERE name = $1");
    if (!stmt)
        return NULL;
    db_bind_text(stmt, 1, name);
    enum db_result r = db_step(stmt);
    const char *value = r == DB_ROW    ? arena_strdup(arena, db_column_text(stmt, 0))
                        : r == DB_DONE ? fallback
                                       : NULL;
    db_finish(stmt);
    return value;
}

enum db_result store_setting_set(struct db *db, const char *name, const char *value)
{
    struct db_stmt *stmt = db_prepare(db, "INSERT INTO settings (name, value) VALUES ($1, $2)"
                                          " ON CONFLICT (name) DO UPDATE SET value = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, name);
    db_bind_text(stmt, 2, value);
    enum db_result r = db_step(stmt);
    db_finish(stmt);
    return r;
}

enum db_result store_setting_init(struct db *db, const char *name, const char *value)
{
    struct db_stmt *stmt = db_prepare(db, "INSERT INTO settings (name, value) VALUES ($1, $2)"
                                          " ON CONFLICT (name) DO NOTHING");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, name);
    db_bind_text(stmt, 2, value);
    enum db_result r = db_step(stmt);
    db_finish(stmt);
    return r;
}
