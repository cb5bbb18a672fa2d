/* store/row.c — the helpers every store file shares; see row.h. */
#include "store/row.h"

#include <string.h>

int store_one_row(struct db_stmt *stmt)
{
    if (!stmt)
        return -1;
    enum db_result r = db_step(stmt);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

enum db_result store_run_write(struct db_stmt *stmt)
{
    if (!stmt)
        return DB_ERROR;
    enum db_result r = db_step(stmt);
    db_finish(stmt);
    return r;
}

enum db_result store_run_insert(struct db_stmt *stmt, int64_t *id)
{
    if (!stmt)
        return DB_ERROR;
    enum db_result r = db_step(stmt);
    if (r == DB_ROW)
        *id = db_column_int(stmt, 0);
    db_finish(stmt);
    return r == DB_ROW ? DB_DONE : r;
}

const char *store_text_at(struct db_stmt *stmt, int column, struct arena *arena)
{
    return arena_strdup(arena, db_column_text(stmt, column));
}

const char *store_text_or_null_at(struct db_stmt *stmt, int column, struct arena *arena)
{
    return db_column_is_null(stmt, column) ? NULL : store_text_at(stmt, column, arena);
}

void store_bind_optional_int(struct db_stmt *stmt, int index, int64_t value)
{
    if (value)
        db_bind_int(stmt, index, value);
    else
        db_bind_null(stmt, index);
}

void *store_grow(struct arena *arena, void *items, int count, int *capacity, size_t size)
{
    if (count < *capacity)
        return items;
    int bigger = *capacity ? *capacity * 2 : 8;
    void *more = arena_alloc(arena, size * (size_t)bigger);
    if (count)
        memcpy(more, items, size * (size_t)count);
    *capacity = bigger;
    return more;
}

int store_read_one(struct db_stmt *stmt, struct arena *arena,
                   void (*read)(struct db_stmt *, struct arena *, void *), void *record)
{
    int found = store_one_row(stmt);
    if (found == 1)
        read(stmt, arena, record);
    db_finish(stmt);
    return found;
}

void *store_collect(struct db_stmt *stmt, struct arena *arena, size_t size,
                    void (*read)(struct db_stmt *, struct arena *, void *), int *count)
{
    int cap = 8, n = 0;
    char *items = arena_alloc(arena, size * (size_t)cap);
    if (!stmt) {
        *count = -1;
        return items;
    }
    enum db_result r;
    while ((r = db_step(stmt)) == DB_ROW) {
        items = store_grow(arena, items, n, &cap, size);
        read(stmt, arena, items + (size_t)n * size);
        n++;
    }
    db_finish(stmt);
    *count = r == DB_DONE ? n : -1;
    return items;
}
