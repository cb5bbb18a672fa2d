/* throttle.c — see throttle.h.
 *
 * Open addressing over 8192 slots with a short probe; when the probe finds
 * no free or matching slot, the slot with the oldest window is reused.
 * Evicting a blocked attacker requires filling the table with fresh keys
 * faster than the window, which the per-IP limit already makes costly. */
#include "domain/throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define SLOTS 8192
#define PROBE 8

struct slot {
    uint64_t key;
    time_t window_start;
    time_t blocked_until;
    int failures;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_key(void)
{
    randombytes_buf(hash_key, sizeof hash_key);
}

static uint64_t key_of(const char *key)
{
    pthread_once(&key_once, make_key);
    unsigned char out[crypto_shorthash_BYTES];
    crypto_shorthash(out, (const unsigned char *)key, strlen(key), hash_key);
    uint64_t h;
    memcpy(&h, out, sizeof h);
    return h ? h : 1; /* 0 marks an empty slot */
}

/* The slot for h: its own, else an empty one, else the stalest in the
 * probe. Caller holds lock. */
static struct slot *slot_for(uint64_t h, bool create)
{
    struct slot *stalest = NULL;
    for (int i = 0; i < PROBE; i++) {
        struct slot *s = &slots[(h + (uint64_t)i) % SLOTS];
        if (s->key == h)
            return s;
        if (!create)
            continue;
        if (s->key == 0) {
            memset(s, 0, sizeof *s);
            return s;
        }
        if (!stalest || s->window_start < stalest->window_start)
            stalest = s;
    }
    if (stalest)
        memset(stalest, 0, sizeof *stalest);
    return stalest;
}

int throttle_wait(const char *key, time_t now)
{
    uint64_t h = key_of(key);
    pthread_mutex_lock(&lock);
    struct slot *s = slot_for(h, false);
    int wait = s && s->blocked_until > now ? (int)(s->blocked_until - now) : 0;
    pthread_mutex_unlock(&lock);
    return wait;
}

void throttle_fail(const char *key, int max_failures, time_t now)
{
    uint64_t h = key_of(key);
    pthread_mutex_lock(&lock);
    struct slot *s = slot_for(h, true);
    if (s->key != h || now - s->window_start >= THROTTLE_WINDOW_SECONDS) {
        s->key = h;
        s->window_start = now;
        s->failures = 0;
    }
    if (++s->failures >= max_failures)
        s->blocked_until = now + THROTTLE_WINDOW_SECONDS;
    pthread_mutex_unlock(&lock);
}

void throttle_clear(const char *key)
{
    uint64_t h = key_of(key);
    pthread_mutex_lock(&lock);
    struct slot *s = slot_for(h, false);
    if (s)
        memset(s, 0, sizeof *s);
    pthread_mutex_unlock(&lock);
}

void throttle_reset(void)
{
    pthread_mutex_lock(&lock);
    memset(slots, 0, sizeof slots);
    pthread_mutex_unlock(&lock);
}
