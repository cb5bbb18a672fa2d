/* db_driver.h — what a database backend provides to db.c.
 *
 * db.c owns everything backend-neutral (the statement cache, transaction
 * depth, error logging); a driver only translates calls. Internal to
 * store/: nothing outside this folder includes it. */
#ifndef PEERCOACH_DB_DRIVER_H
#define PEERCOACH_DB_DRIVER_H

#include "store/db.h"

struct db_driver {
    const char *name;
    const char *begin_sql;      /* starts a write transaction */
    const char *begin_read_sql; /* starts a read transaction (db_read_begin) */
    void *(*open)(const char *url, char **error);
    void (*close)(void *conn);
    void *(*prepare)(void *conn, const char *sql, char **error);
    void (*finalize)(void *stmt);
    void (*bind_int)(void *stmt, int index, int64_t value);
    void (*bind_text)(void *stmt, int index, const char *text);
    void (*bind_null)(void *stmt, int index);
    void (*bind_double)(void *stmt, int index, double value);
    enum db_result (*step)(void *stmt, char **error);
    bool (*is_read_only)(void *stmt); /* the statement never writes */
    int64_t (*column_int)(void *stmt, int column);
    const char *(*column_text)(void *stmt, int column);
    bool (*column_is_null)(void *stmt, int column);
    double (*column_double)(void *stmt, int column);
    void (*reset)(void *stmt);
    int (*exec_script)(void *conn, const char *sql, char **error);
    int64_t (*changes)(void *conn);
};

extern const struct db_driver db_sqlite_driver;

#endif
