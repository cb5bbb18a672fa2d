/* arena.c — chunked bump allocator with deferred releases.
 *
 * The first chunk is allocated together with the arena header, so a typical
 * request (a few KiB of strings) costs a single malloc/free pair. Chunks
 * grow geometrically; a request larger than half a chunk gets its own. */
#include "lib/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_CHUNK 8192
#define ARENA_ALIGN       16

struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct deferred {
    struct deferred *next;
    void (*release)(void *);
    void *object;
};

struct arena {
    struct chunk *chunks;   /* newest first; the head is where we bump */
    struct chunk *embedded; /* the first chunk, part of the arena's own block */
    struct deferred *deferred;
    size_t total_used;
    size_t next_chunk_size;
};

static void *checked_malloc(size_t size)
{
    void *p = malloc(size);
    if (!p) {
        fprintf(stderr, "peercoach: out of memory (%zu bytes)\n", size);
        abort();
    }
    return p;
}

struct arena *arena_new(void)
{
    /* Header and first chunk in one allocation. */
    size_t header = (sizeof(struct arena) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    unsigned char *block = checked_malloc(header + sizeof(struct chunk) + ARENA_FIRST_CHUNK);
    struct arena *arena = (struct arena *)block;
    struct chunk *first = (struct chunk *)(block + header);
    first->next = NULL;
    first->size = ARENA_FIRST_CHUNK;
    first->used = 0;
    arena->chunks = arena->embedded = first;
    arena->deferred = NULL;
    arena->total_used = 0;
    arena->next_chunk_size = ARENA_FIRST_CHUNK * 2;
    return arena;
}

/* Run the deferred releases and free every chunk but the embedded one. */
static void release_all(struct arena *arena)
{
    for (struct deferred *d = arena->deferred; d; d = d->next)
        d->release(d->object);
    struct chunk *c = arena->chunks;
    while (c) {
        struct chunk *next = c->next;
        if (c != arena->embedded)
            free(c);
        c = next;
    }
}

void arena_free(struct arena *arena)
{
    if (!arena)
        return;
    release_all(arena);
    free(arena);
}

void arena_reset(struct arena *arena)
{
    release_all(arena);
    arena->embedded->next = NULL;
    arena->embedded->used = 0;
    arena->chunks = arena->embedded;
    arena->deferred = NULL;
    arena->total_used = 0;
    arena->next_chunk_size = ARENA_FIRST_CHUNK * 2;
}

void *arena_alloc(struct arena *arena, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    struct chunk *c = arena->chunks;
    if (c->size - c->used < size) {
        size_t chunk_size = arena->next_chunk_size;
        if (size > chunk_size / 2) {
            /* Oversized: own chunk, linked behind the current one so the
             * current chunk's free space stays usable. */
            struct chunk *big = checked_malloc(sizeof(struct chunk) + size);
            big->size = big->used = size;
            big->next = c->next;
            c->next = big;
            arena->total_used += size;
            return big->data;
        }
        struct chunk *fresh = checked_malloc(sizeof(struct chunk) + chunk_size);
        fresh->size = chunk_size;
        fresh->used = 0;
        fresh->next = c;
        arena->chunks = c = fresh;
        if (arena->next_chunk_size < (1u << 20))
            arena->next_chunk_size *= 2;
    }
    void *p = c->data + c->used;
    c->used += size;
    arena->total_used += size;
    return p;
}

void *arena_zalloc(struct arena *arena, size_t size)
{
    void *p = arena_alloc(arena, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(struct arena *arena, const char *s, size_t n)
{
    char *copy = arena_alloc(arena, n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *arena_strdup(struct arena *arena, const char *s)
{
    return s ? arena_strndup(arena, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *arena, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = arena_alloc(arena, (size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

char *arena_printf(struct arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return s;
}

void arena_defer(struct arena *arena, void (*release)(void *), void *object)
{
    struct deferred *d = arena_alloc(arena, sizeof *d);
    d->release = release;
    d->object = object;
    d->next = arena->deferred;
    arena->deferred = d;
}

size_t arena_used(const struct arena *arena)
{
    return arena->total_used;
}
