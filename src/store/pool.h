/* pool.h — one database connection per thread.
 *
 * Worker threads call store_thread_db() for their own connection, opened on
 * first use and kept (with its statement cache) for the thread's life; no
 * connection is ever shared, so there is no locking on the request path.
 * store_pool_close_all() closes every connection once all worker threads
 * have stopped (graceful shutdown). */
#ifndef PEERCOACH_POOL_H
#define PEERCOACH_POOL_H

#include "store/db.h"

/* Remember url for later opens. Call once before any worker starts. */
void store_pool_init(const char *url);
/* This thread's connection, or NULL (logged) if it cannot be opened. */
struct db *store_thread_db(void);
void store_pool_close_all(void);

#endif
