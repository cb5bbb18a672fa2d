/* store/setting.c — see setting.h. */
#include "store/setting.h"

#include "store/row.h"

const char *store_setting_get(struct db *db, struct arena *arena, const char *name,
                              const char *fallback)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT value FROM settings WHERE name = $1");
    if (!stmt)
        return NULL;
    db_bind_text(stmt, 1, name);
    enum db_result r = db_step(stmt);
    const char *value = r == DB_ROW    ? store_text_at(stmt, 0, arena)
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
    return store_run_write(stmt);
}

enum db_result store_setting_init(struct db *db, const char *name, const char *value)
{
    struct db_stmt *stmt = db_prepare(db, "INSERT INTO settings (name, value) VALUES ($1, $2)"
                                          " ON CONFLICT (name) DO NOTHING");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, name);
    db_bind_text(stmt, 2, value);
    return store_run_write(stmt);
}
