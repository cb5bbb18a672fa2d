/* db_sqlite.c — the SQLite driver.
 *
 * Every connection is set up for durability before it is used: WAL with
 * synchronous=FULL fsyncs the log on each commit, so an acknowledged write
 * survives kill -9 and power loss; synchronous and secure_delete are
 * per-connection settings (not stored in the file), which is why they are
 * set here on every open. Connections are opened NOMUTEX: each belongs to
 * one thread at a time (store/pool.c).
 *
 * Queries use $1..$n. SQLite treats "$1" as a named parameter whose index
 * is its order of first appearance, so prepare() maps each $n to SQLite's
 * index once, and binding by number works whatever order the SQL uses. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_driver.h"

#define MAX_PARAMS 32

struct sqlite_stmt {
    sqlite3_stmt *stmt;
    int param_index[MAX_PARAMS + 1]; /* $n -> SQLite's index, 0 if unused */
};

static char *copy_error(const char *message)
{
    return strdup(message ? message : "unknown SQLite error");
}

/* SQLite's memory statistics (sqlite3_memory_used(), the soft heap limit,
 * neither of which peercoach uses) take one process-wide mutex on every
 * allocation SQLite makes; with a connection per worker thread that mutex
 * was contended on each request. Turning them off must happen before the
 * library initialises, i.e. before the first connection opens. */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static void sqlite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void *sqlite_open(const char *url, char **error)
{
    pthread_once(&sqlite_configured, sqlite_configure);
    sqlite3 *conn = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(url, &conn, flags, NULL) != SQLITE_OK) {
        size_t n = strlen(url) + 128;
        *error = malloc(n);
        snprintf(*error, n, "cannot open database %s: %s", url,
                 conn ? sqlite3_errmsg(conn) : "out of memory");
        sqlite3_close(conn);
        return NULL;
    }
    sqlite3_busy_timeout(conn, 5000);
    sqlite3_extended_result_codes(conn, 1);
    static const char setup[] = "PRAGMA journal_mode=WAL;"
                                "PRAGMA synchronous=FULL;"
                                "PRAGMA secure_delete=ON;"
                                "PRAGMA foreign_keys=ON;"
                                "PRAGMA temp_store=MEMORY;";
    char *message = NULL;
    if (sqlite3_exec(conn, setup, NULL, NULL, &message) != SQLITE_OK) {
        size_t n = strlen(url) + 256;
        *error = malloc(n);
        snprintf(*error, n, "cannot set up database %s: %s", url, message ? message : "?");
        sqlite3_free(message);
        sqlite3_close(conn);
        return NULL;
    }
    return conn;
}

static void sqlite_close(void *conn)
{
    sqlite3_close_v2(conn);
}

static void *sqlite_prepare(void *conn, const char *sql, char **error)
{
    sqlite3_stmt *raw = NULL;
    if (sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, NULL) != SQLITE_OK) {
        *error = copy_error(sqlite3_errmsg(conn));
        return NULL;
    }
    struct sqlite_stmt *s = calloc(1, sizeof *s);
    s->stmt = raw;
    for (int n = 1; n <= MAX_PARAMS; n++) {
        char name[8];
        snprintf(name, sizeof name, "$%d", n);
        s->param_index[n] = sqlite3_bind_parameter_index(raw, name);
    }
    return s;
}

static void sqlite_finalize(void *stmt)
{
    struct sqlite_stmt *s = stmt;
    sqlite3_finalize(s->stmt);
    free(s);
}

static int index_of(struct sqlite_stmt *s, int n)
{
    return n >= 1 && n <= MAX_PARAMS ? s->param_index[n] : 0;
}

static void sqlite_bind_int(void *stmt, int n, int64_t value)
{
    struct sqlite_stmt *s = stmt;
    sqlite3_bind_int64(s->stmt, index_of(s, n), value);
}

static void sqlite_bind_text(void *stmt, int n, const char *text)
{
    struct sqlite_stmt *s = stmt;
    sqlite3_bind_text(s->stmt, index_of(s, n), text, -1, SQLITE_TRANSIENT);
}

static void sqlite_bind_null(void *stmt, int n)
{
    struct sqlite_stmt *s = stmt;
    sqlite3_bind_null(s->stmt, index_of(s, n));
}

static void sqlite_bind_double(void *stmt, int n, double value)
{
    struct sqlite_stmt *s = stmt;
    sqlite3_bind_double(s->stmt, index_of(s, n), value);
}

static double sqlite_column_double(void *stmt, int column)
{
    return sqlite3_column_double(((struct sqlite_stmt *)stmt)->stmt, column);
}

static enum db_result sqlite_step(void *stmt, char **error)
{
    struct sqlite_stmt *s = stmt;
    int rc = sqlite3_step(s->stmt);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    if ((rc & 0xFF) == SQLITE_CONSTRAINT)
        return DB_CONSTRAINT;
    *error = copy_error(sqlite3_errmsg(sqlite3_db_handle(s->stmt)));
    return DB_ERROR;
}

static bool sqlite_is_read_only(void *stmt)
{
    return sqlite3_stmt_readonly(((struct sqlite_stmt *)stmt)->stmt) != 0;
}

static int64_t sqlite_column_int(void *stmt, int column)
{
    return sqlite3_column_int64(((struct sqlite_stmt *)stmt)->stmt, column);
}

static const char *sqlite_column_text(void *stmt, int column)
{
    const unsigned char *text = sqlite3_column_text(((struct sqlite_stmt *)stmt)->stmt, column);
    return text ? (const char *)text : "";
}

static bool sqlite_column_is_null(void *stmt, int column)
{
    return sqlite3_column_type(((struct sqlite_stmt *)stmt)->stmt, column) == SQLITE_NULL;
}

static void sqlite_reset(void *stmt)
{
    struct sqlite_stmt *s = stmt;
    sqlite3_reset(s->stmt);
    sqlite3_clear_bindings(s->stmt);
}

static int sqlite_exec_script(void *conn, const char *sql, char **error)
{
    char *message = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &message) != SQLITE_OK) {
        *error = copy_error(message);
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

static int64_t sqlite_changes(void *conn)
{
    return sqlite3_changes64(conn);
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .begin_sql = "BEGIN IMMEDIATE",
    .begin_read_sql = "BEGIN",
    .open = sqlite_open,
    .close = sqlite_close,
    .prepare = sqlite_prepare,
    .finalize = sqlite_finalize,
    .bind_int = sqlite_bind_int,
    .bind_text = sqlite_bind_text,
    .bind_null = sqlite_bind_null,
    .bind_double = sqlite_bind_double,
    .step = sqlite_step,
    .is_read_only = sqlite_is_read_only,
    .column_int = sqlite_column_int,
    .column_text = sqlite_column_text,
    .column_is_null = sqlite_column_is_null,
    .column_double = sqlite_column_double,
    .reset = sqlite_reset,
    .exec_script = sqlite_exec_script,
    .changes = sqlite_changes,
};
