/* guard.c — see guard.h. The reaper wakes once a second; a list walk per
 * second is nothing next to the thousands of requests served in it.
 *
 * The lock guards the list (and shutdown(), see guard.h); the per-request
 * clock (receiving, since) is atomic instead, because it changes twice per
 * request from every worker thread and one process-wide lock there was
 * contended under load. since is stored before receiving turns true, so a
 * reaper that sees a connection receiving also sees when it began. */
#include "http/guard.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/log.h"

struct guard_conn {
    struct guard_conn *prev, *next;
    int fd;
    atomic_bool receiving;
    _Atomic time_t since; /* monotonic seconds: when it began waiting for a request */
    bool dropped;         /* under the lock */
};

struct guard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct guard_conn *head;
    int timeout;
    bool stopping;
    long dropped;
    pthread_t reaper;
};

static time_t monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

static void *reap(void *arg)
{
    struct guard *guard = arg;
    pthread_mutex_lock(&guard->lock);
    while (!guard->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&guard->wake, &guard->lock, &until);
        time_t now = monotonic_now();
        for (struct guard_conn *c = guard->head; c; c = c->next) {
            if (!c->dropped && atomic_load(&c->receiving) &&
                now - atomic_load(&c->since) > guard->timeout) {
                c->dropped = true;
                guard->dropped++;
                shutdown(c->fd, SHUT_RDWR);
            }
        }
    }
    pthread_mutex_unlock(&guard->lock);
    return NULL;
}

struct guard *guard_new(int request_timeout_seconds)
{
    struct guard *guard = calloc(1, sizeof *guard);
    pthread_mutex_init(&guard->lock, NULL);
    pthread_cond_init(&guard->wake, NULL);
    guard->timeout = request_timeout_seconds;
    if (pthread_create(&guard->reaper, NULL, reap, guard) != 0) {
        log_error("guard: cannot start reaper thread");
        free(guard);
        return NULL;
    }
    return guard;
}

void guard_free(struct guard *guard)
{
    if (!guard)
        return;
    pthread_mutex_lock(&guard->lock);
    guard->stopping = true;
    pthread_cond_signal(&guard->wake);
    pthread_mutex_unlock(&guard->lock);
    pthread_join(guard->reaper, NULL);
    while (guard->head) {
        struct guard_conn *c = guard->head;
        guard->head = c->next;
        free(c);
    }
    pthread_cond_destroy(&guard->wake);
    pthread_mutex_destroy(&guard->lock);
    free(guard);
}

struct guard_conn *guard_conn_open(struct guard *guard, int fd)
{
    struct guard_conn *c = calloc(1, sizeof *c);
    c->fd = fd;
    atomic_init(&c->since, monotonic_now());
    atomic_init(&c->receiving, true);
    pthread_mutex_lock(&guard->lock);
    c->next = guard->head;
    if (guard->head)
        guard->head->prev = c;
    guard->head = c;
    pthread_mutex_unlock(&guard->lock);
    return c;
}

void guard_conn_close(struct guard *guard, struct guard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&guard->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        guard->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&guard->lock);
    free(c);
}

void guard_conn_received(struct guard *guard, struct guard_conn *c)
{
    (void)guard;
    if (c)
        atomic_store(&c->receiving, false);
}

void guard_conn_answered(struct guard *guard, struct guard_conn *c)
{
    (void)guard;
    if (!c)
        return;
    atomic_store(&c->since, monotonic_now());
    atomic_store(&c->receiving, true);
}

long guard_dropped(struct guard *guard)
{
    pthread_mutex_lock(&guard->lock);
    long n = guard->dropped;
    pthread_mutex_unlock(&guard->lock);
    return n;
}
