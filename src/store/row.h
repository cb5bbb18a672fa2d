/* store/row.h — the small steps every store/<area>.c repeats around a
 * statement: read a row, copy a text column, run a write or an insert,
 * grow a result array, read all rows into one, bind an optional value.
 *
 * Ownership: nothing here owns anything. Text and arrays are allocated in
 * the arena passed in and live as long as it does; statements stay owned
 * by their connection's cache (store/db.h).
 *
 * These live beside db.h rather than in it: db.h is the driver interface
 * and knows nothing of arenas or of the conventions the store files share
 * (lookups return 1 / 0 / -1, 0 stands for "no id"); these helpers are
 * built only from its public calls. */
#ifndef PEERCOACH_STORE_ROW_H
#define PEERCOACH_STORE_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

/* Step a lookup once: 1 a row is ready, 0 none, -1 error (or stmt NULL, a
 * failed db_prepare()). The caller still calls db_finish(). */
int store_one_row(struct db_stmt *stmt);

/* Step a statement that returns no rows (or one it ignores) and finish it.
 * DB_ERROR when stmt is NULL, so a failed db_prepare() passes straight on. */
enum db_result store_run_write(struct db_stmt *stmt);
/* Step an INSERT ... RETURNING id and finish it: DB_DONE with *id set, or
 * the failure (DB_CONSTRAINT, DB_ERROR; DB_ERROR when stmt is NULL). */
enum db_result store_run_insert(struct db_stmt *stmt, int64_t *id);

/* A copy of a text column in the arena ("" for NULL). */
const char *store_text_at(struct db_stmt *stmt, int column, struct arena *arena);
/* The same, but NULL for SQL NULL: a name from a LEFT JOIN that found no one. */
const char *store_text_or_null_at(struct db_stmt *stmt, int column, struct arena *arena);

/* Bind value, or SQL NULL when it is 0 (no id, no rating). */
void store_bind_optional_int(struct db_stmt *stmt, int index, int64_t value);

/* Room for item number count of an arena array of size-byte items: items
 * itself while count < *capacity, else a copy twice as large (8 to start)
 * with *capacity updated. The old array is left to the arena. */
void *store_grow(struct arena *arena, void *items, int count, int *capacity, size_t size);

/* Step a lookup once and, when a row is ready, fill record with read().
 * 1 found, 0 none, -1 error (stmt NULL included). Finishes the statement. */
int store_read_one(struct db_stmt *stmt, struct arena *arena,
                   void (*read)(struct db_stmt *, struct arena *, void *), void *record);

/* Every row of a bound statement, read by read() (which fills the record
 * it is given from the current row) into an arena array of size-byte
 * records, never NULL even when empty; *count receives the number of rows,
 * or -1 on error (stmt NULL included). Always finishes the statement. */
void *store_collect(struct db_stmt *stmt, struct arena *arena, size_t size,
                    void (*read)(struct db_stmt *, struct arena *, void *), int *count);

#endif
