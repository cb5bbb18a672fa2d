/* cpu_pool.c — see cpu_pool.h. A ring buffer under one mutex: jobs are
 * ~85 ms each, so queue contention is irrelevant next to the work. */
#include "http/cpu_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/log.h"

#define CPU_POOL_NICE 10

struct job {
    void (*run)(void *);
    void *arg;
};

struct cpu_pool {
    pthread_mutex_t lock;
    pthread_cond_t has_work;
    struct job *ring;
    int capacity, head, count;
    bool stopping;
    int nthreads;
    pthread_t *threads;
};

static void *worker(void *arg)
{
    struct cpu_pool *pool = arg;
    /* Linux applies nice per thread when given a thread id. */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), CPU_POOL_NICE) != 0)
        log_error("cpu pool: cannot lower thread priority");
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (pool->count == 0 && !pool->stopping)
            pthread_cond_wait(&pool->has_work, &pool->lock);
        if (pool->count == 0 && pool->stopping)
            break;
        struct job job = pool->ring[pool->head];
        pool->head = (pool->head + 1) % pool->capacity;
        pool->count--;
        pthread_mutex_unlock(&pool->lock);
        job.run(job.arg);
        pthread_mutex_lock(&pool->lock);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

struct cpu_pool *cpu_pool_new(int threads, int queue_capacity)
{
    struct cpu_pool *pool = calloc(1, sizeof *pool);
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->has_work, NULL);
    pool->capacity = queue_capacity;
    pool->ring = calloc((size_t)queue_capacity, sizeof *pool->ring);
    pool->threads = calloc((size_t)threads, sizeof *pool->threads);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&pool->threads[i], NULL, worker, pool) != 0) {
            log_error("cpu pool: cannot start thread %d", i);
            break;
        }
        pool->nthreads++;
    }
    if (pool->nthreads == 0) {
        cpu_pool_free(pool);
        return NULL;
    }
    return pool;
}

bool cpu_pool_submit(struct cpu_pool *pool, void (*job)(void *), void *arg)
{
    pthread_mutex_lock(&pool->lock);
    bool accepted = pool->count < pool->capacity && !pool->stopping;
    if (accepted) {
        pool->ring[(pool->head + pool->count) % pool->capacity] = (struct job){job, arg};
        pool->count++;
        pthread_cond_signal(&pool->has_work);
    }
    pthread_mutex_unlock(&pool->lock);
    return accepted;
}

void cpu_pool_free(struct cpu_pool *pool)
{
    if (!pool)
        return;
    pthread_mutex_lock(&pool->lock);
    pool->stopping = true;
    pthread_cond_broadcast(&pool->has_work);
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->nthreads; i++)
        pthread_join(pool->threads[i], NULL);
    pthread_cond_destroy(&pool->has_work);
    pthread_mutex_destroy(&pool->lock);
    free(pool->threads);
    free(pool->ring);
    free(pool);
}
