/* parallel.c — a parallel for-loop over independent items.
 *
 * Items are handed out in small chunks through an atomic counter; each
 * item's result must depend only on the item, so the output is the same
 * for any thread count and any scheduling. With threads <= 1 (or if a
 * thread cannot be started) the calling thread does the work alone. */
#include <pthread.h>
#include <stdatomic.h>

#include "match/pool.h"

#define CHUNK       8
#define MAX_THREADS 64

struct loop {
    size_t count;
    void (*body)(void *ctx, size_t item);
    void *ctx;
    atomic_size_t next;
};

static void *loop_worker(void *arg)
{
    struct loop *loop = arg;
    for (;;) {
        size_t first = atomic_fetch_add(&loop->next, CHUNK);
        if (first >= loop->count)
            break;
        size_t last = first + CHUNK < loop->count ? first + CHUNK : loop->count;
        for (size_t i = first; i < last; i++)
            loop->body(loop->ctx, i);
    }
    return NULL;
}

void match_parallel_for(size_t count, int threads, void (*body)(void *ctx, size_t item), void *ctx)
{
    struct loop loop = {count, body, ctx, 0};
    atomic_init(&loop.next, 0);
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    pthread_t ids[MAX_THREADS];
    int started = 0;
    for (int t = 1; t < threads && (size_t)t * CHUNK < count; t++) {
        if (pthread_create(&ids[started], NULL, loop_worker, &loop) != 0)
            break;
        started++;
    }
    loop_worker(&loop);
    for (int t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
}
