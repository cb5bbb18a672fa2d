/* db.h — the storage interface: connections, cached prepared statements,
 * transactions. The only door to a database.
 *
 * SQL is written once, in store/<area>.c, with $1..$n placeholders and run
 * unchanged by each driver (db_sqlite.c now, db_pg.c later); see the SQL
 * rules in docs/ARCHITECTURE.md. Only the driver files include sqlite3.h or
 * libpq-fe.h.
 *
 * Ownership and threads: a connection belongs to one thread at a time
 * (store/pool.h gives each worker thread its own). Statements belong to
 * their connection's cache: db_prepare() returns the cached statement for
 * that SQL text, keyed by the text's address, so SQL must be a string
 * literal or otherwise live forever. Text returned by db_column_text() is
 * valid until the next db_step() or db_finish() on that statement; copy it
 * (arena_strdup) to keep it. Every db_prepare() is paired with db_finish(),
 * which resets the statement for its next use. */
#ifndef PEERCOACH_DB_H
#define PEERCOACH_DB_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_result {
    DB_ROW = 1,        /* a row is ready to read */
    DB_DONE = 0,       /* the statement finished */
    DB_ERROR = -1,     /* failed; logged with the SQL */
    DB_CONSTRAINT = -2 /* a UNIQUE / CHECK / foreign key constraint refused the change */
};

/* Open "path/to/file.db" (SQLite). NULL with *error (malloc'd) on failure. */
struct db *db_open(const char *url, char **error);
void db_close(struct db *db);

/* True when the database answers a trivial query. */
bool db_ping(struct db *db);

/* The cached prepared statement for sql; NULL (logged) if it fails to
 * compile, which is a programming error caught by the tests. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* Bind parameter $index (1-based). A NULL text binds SQL NULL. */
void db_bind_int(struct db_stmt *stmt, int index, int64_t value);
void db_bind_text(struct db_stmt *stmt, int index, const char *text);
void db_bind_null(struct db_stmt *stmt, int index);
void db_bind_double(struct db_stmt *stmt, int index, double value);
enum db_result db_step(struct db_stmt *stmt);
int64_t db_column_int(struct db_stmt *stmt, int column);
const char *db_column_text(struct db_stmt *stmt, int column); /* "" for NULL */
bool db_column_is_null(struct db_stmt *stmt, int column);
double db_column_double(struct db_stmt *stmt, int column);
void db_finish(struct db_stmt *stmt);

/* Run a statement that returns no rows: prepare, bind nothing, step, finish. */
enum db_result db_exec_simple(struct db *db, const char *sql);
/* Run several ';'-separated statements (migrations only). 0 or -1. */
int db_exec_script(struct db *db, const char *sql, char **error);
/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t db_changes(struct db *db);

/* Transactions nest by flattening: only the outermost begin/commit reach
 * the database. A rollback at any depth makes the outermost commit roll
 * back and return -1, so a failing inner step can never be half-written.
 * db_begin() takes the write lock at once (SQLite BEGIN IMMEDIATE) so two
 * writers queue instead of deadlocking on a lock upgrade. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_transaction(const struct db *db);

/* A read transaction for a run of reads (one GET request): they share one
 * snapshot of the database and one read lock. It only ever reads: the
 * first statement that writes, or db_begin(), ends it first and then runs
 * exactly as it would without it. db_read_end() is a no-op when it has
 * already ended or never began; neither call fails (a refused BEGIN just
 * leaves the reads in autocommit). */
void db_read_begin(struct db *db);
void db_read_end(struct db *db);

#endif
