/* db.c — backend-neutral half of the storage interface: picks the driver,
 * caches prepared statements per connection, flattens nested transactions
 * and logs failures once with the SQL that caused them.
 *
 * The statement cache is an open-addressing table keyed by the SQL text's
 * address: every query is a string literal in store/, so the address is a
 * perfect, free hash key and lookups never compare strings. */
#include "store/db.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "store/db_driver.h"

struct db_stmt {
    struct db *db;
    const char *sql;
    void *handle;
};

struct db {
    const struct db_driver *driver;
    void *conn;
    struct db_stmt **cache; /* open addressing, capacity a power of two */
    size_t cache_cap, cache_len;
    int tx_depth;
    bool tx_failed;
    bool is_reading; /* inside db_read_begin(), before any write */
};

struct db *db_open(const char *url, char **error)
{
    const struct db_driver *driver = &db_sqlite_driver;
    void *conn = driver->open(url, error);
    if (!conn)
        return NULL;
    struct db *db = calloc(1, sizeof *db);
    db->driver = driver;
    db->conn = conn;
    db->cache_cap = 256;
    db->cache = calloc(db->cache_cap, sizeof *db->cache);
    return db;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->cache_cap; i++) {
        if (db->cache[i]) {
            db->driver->finalize(db->cache[i]->handle);
            free(db->cache[i]);
        }
    }
    free(db->cache);
    db->driver->close(db->conn);
    free(db);
}

static size_t slot_of(const char *sql, size_t cap)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (cap - 1);
}

static void cache_grow(struct db *db)
{
    size_t cap = db->cache_cap * 2;
    struct db_stmt **table = calloc(cap, sizeof *table);
    for (size_t i = 0; i < db->cache_cap; i++) {
        struct db_stmt *s = db->cache[i];
        if (!s)
            continue;
        size_t j = slot_of(s->sql, cap);
        while (table[j])
            j = (j + 1) & (cap - 1);
        table[j] = s;
    }
    free(db->cache);
    db->cache = table;
    db->cache_cap = cap;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
    size_t i = slot_of(sql, db->cache_cap);
    while (db->cache[i]) {
        if (db->cache[i]->sql == sql)
            return db->cache[i];
        i = (i + 1) & (db->cache_cap - 1);
    }
    char *error = NULL;
    void *handle = db->driver->prepare(db->conn, sql, &error);
    if (!handle) {
        log_error("db: cannot prepare: %s: %s", error ? error : "?", sql);
        free(error);
        return NULL;
    }
    struct db_stmt *stmt = malloc(sizeof *stmt);
    stmt->db = db;
    stmt->sql = sql;
    stmt->handle = handle;
    db->cache[i] = stmt;
    if (++db->cache_len * 2 > db->cache_cap)
        cache_grow(db);
    return stmt;
}

void db_bind_int(struct db_stmt *stmt, int index, int64_t value)
{
    stmt->db->driver->bind_int(stmt->handle, index, value);
}

void db_bind_text(struct db_stmt *stmt, int index, const char *text)
{
    if (text)
        stmt->db->driver->bind_text(stmt->handle, index, text);
    else
        stmt->db->driver->bind_null(stmt->handle, index);
}

void db_bind_null(struct db_stmt *stmt, int index)
{
    stmt->db->driver->bind_null(stmt->handle, index);
}

void db_bind_double(struct db_stmt *stmt, int index, double value)
{
    stmt->db->driver->bind_double(stmt->handle, index, value);
}

double db_column_double(struct db_stmt *stmt, int column)
{
    return stmt->db->driver->column_double(stmt->handle, column);
}

enum db_result db_step(struct db_stmt *stmt)
{
    if (stmt->db->is_reading && !stmt->db->driver->is_read_only(stmt->handle))
        db_read_end(stmt->db);
    char *error = NULL;
    enum db_result r = stmt->db->driver->step(stmt->handle, &error);
    if (r == DB_ERROR)
        log_error("db: %s: %s", error ? error : "step failed", stmt->sql);
    free(error);
    return r;
}

int64_t db_column_int(struct db_stmt *stmt, int column)
{
    return stmt->db->driver->column_int(stmt->handle, column);
}

const char *db_column_text(struct db_stmt *stmt, int column)
{
    return stmt->db->driver->column_text(stmt->handle, column);
}

bool db_column_is_null(struct db_stmt *stmt, int column)
{
    return stmt->db->driver->column_is_null(stmt->handle, column);
}

void db_finish(struct db_stmt *stmt)
{
    if (stmt)
        stmt->db->driver->reset(stmt->handle);
}

enum db_result db_exec_simple(struct db *db, const char *sql)
{
    struct db_stmt *stmt = db_prepare(db, sql);
    if (!stmt)
        return DB_ERROR;
    enum db_result r = db_step(stmt);
    db_finish(stmt);
    return r == DB_ROW ? DB_DONE : r;
}

int db_exec_script(struct db *db, const char *sql, char **error)
{
    return db->driver->exec_script(db->conn, sql, error);
}

int64_t db_changes(struct db *db)
{
    return db->driver->changes(db->conn);
}

bool db_ping(struct db *db)
{
    /* Reading a real table, not "SELECT 1", so the database file itself
     * has to answer. */
    struct db_stmt *stmt = db_prepare(db, "SELECT COUNT(*) FROM schema_migrations");
    if (!stmt)
        return false;
    bool ok = db_step(stmt) == DB_ROW && db_column_int(stmt, 0) > 0;
    db_finish(stmt);
    return ok;
}

int db_begin(struct db *db)
{
    if (db->tx_depth++ > 0)
        return 0;
    db_read_end(db);
    db->tx_failed = false;
    if (db_exec_simple(db, db->driver->begin_sql) != DB_DONE) {
        db->tx_depth = 0;
        return -1;
    }
    return 0;
}

int db_commit(struct db *db)
{
    if (db->tx_depth == 0)
        return -1;
    if (--db->tx_depth > 0)
        return db->tx_failed ? -1 : 0;
    if (db->tx_failed) {
        db_exec_simple(db, "ROLLBACK");
        return -1;
    }
    if (db_exec_simple(db, "COMMIT") != DB_DONE) {
        db_exec_simple(db, "ROLLBACK");
        return -1;
    }
    return 0;
}

void db_rollback(struct db *db)
{
    if (db->tx_depth == 0)
        return;
    db->tx_failed = true;
    if (--db->tx_depth == 0)
        db_exec_simple(db, "ROLLBACK");
}

/* The read transaction is opened with a statement of its own rather than
 * by SQLite's autocommit, so it spans every read until db_read_end(); on
 * SQLite each statement in autocommit takes and drops the WAL read lock
 * with two fcntl() calls, which cost more than the lookups themselves. */
void db_read_begin(struct db *db)
{
    if (db->is_reading || db->tx_depth > 0)
        return;
    db->is_reading = db_exec_simple(db, db->driver->begin_read_sql) == DB_DONE;
}

void db_read_end(struct db *db)
{
    if (!db->is_reading)
        return;
    db->is_reading = false;
    /* It wrote nothing, so rolling back loses nothing, and the connection
     * must never stay inside a transaction, holding its snapshot. */
    if (db_exec_simple(db, "COMMIT") != DB_DONE)
        db_exec_simple(db, "ROLLBACK");
}

bool db_in_transaction(const struct db *db)
{
    return db->tx_depth > 0;
}
