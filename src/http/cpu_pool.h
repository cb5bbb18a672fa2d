/* cpu_pool.h — a small pool of low-priority threads for CPU-heavy work
 * (password hashing), kept apart from the threads that answer requests.
 *
 * One thread per core at most, so at most one hash runs per core; the
 * threads run at a lower scheduling priority (nice 10), so when hashes and
 * page requests compete for a core, page requests win. The queue is
 * bounded: when it is full, submit fails and the caller answers 503 at
 * once instead of letting a login flood build an unbounded backlog. */
#ifndef PEERCOACH_CPU_POOL_H
#define PEERCOACH_CPU_POOL_H

#include <stdbool.h>

struct cpu_pool;

struct cpu_pool *cpu_pool_new(int threads, int queue_capacity);
/* Run job(arg) on a pool thread; false (nothing queued) when full. */
bool cpu_pool_submit(struct cpu_pool *pool, void (*job)(void *), void *arg);
/* Finish queued jobs, stop the threads, free the pool. */
void cpu_pool_free(struct cpu_pool *pool);

#endif
