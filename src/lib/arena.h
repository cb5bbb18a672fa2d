/* arena.h — a per-request memory arena.
 *
 * Everything allocated while serving one request comes from its arena and is
 * released at once by arena_free() in the request-completed callback, so
 * handlers never free individual objects. Foreign objects (jansson values,
 * database results) are handed to the arena with arena_defer(), which runs
 * their release function when the arena goes.
 *
 * Ownership: the creator of an arena owns it and must call arena_free().
 * Memory from an arena is owned by the arena. Allocation failure aborts the
 * process: like Redis's zmalloc, we treat out-of-memory as unrecoverable
 * rather than thread a NULL check through every string operation. */
#ifndef PEERCOACH_ARENA_H
#define PEERCOACH_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *arena);
/* Release everything as arena_free() does but keep the arena (and its first
 * chunk) for reuse, as if it were new. */
void arena_reset(struct arena *arena);

/* Memory aligned for any type, uninitialised / zeroed. Never NULL. */
void *arena_alloc(struct arena *arena, size_t size);
void *arena_zalloc(struct arena *arena, size_t size);

char *arena_strdup(struct arena *arena, const char *s);
char *arena_strndup(struct arena *arena, const char *s, size_t n);
char *arena_printf(struct arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *arena, const char *fmt, va_list ap);

/* Run release(object) when the arena is freed; deferred calls run in the
 * reverse order of registration. */
void arena_defer(struct arena *arena, void (*release)(void *), void *object);

/* Bytes handed out so far (for tests and limits). */
size_t arena_used(const struct arena *arena);

#endif
