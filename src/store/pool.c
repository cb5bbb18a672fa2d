/* pool.c — per-thread connections; see pool.h. */
#include "store/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

struct pooled {
    struct pooled *next;
    struct db *db;
};

static char *pool_url;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pooled *pool_all;
static _Thread_local struct db *thread_db;

void store_pool_init(const char *url)
{
    free(pool_url);
    pool_url = strdup(url);
}

struct db *store_thread_db(void)
{
    if (thread_db)
        return thread_db;
    char *error = NULL;
    struct db *db = db_open(pool_url, &error);
    if (!db) {
        log_error("%s", error ? error : "cannot open database");
        free(error);
        return NULL;
    }
    struct pooled *p = malloc(sizeof *p);
    p->db = db;
    pthread_mutex_lock(&pool_lock);
    p->next = pool_all;
    pool_all = p;
    pthread_mutex_unlock(&pool_lock);
    thread_db = db;
    return db;
}

void store_pool_close_all(void)
{
    pthread_mutex_lock(&pool_lock);
    while (pool_all) {
        struct pooled *p = pool_all;
        pool_all = p->next;
        db_close(p->db);
        free(p);
    }
    pthread_mutex_unlock(&pool_lock);
    /* The calling thread's pointer is now dangling; forget it. */
    thread_db = NULL;
}
