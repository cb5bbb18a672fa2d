/* util.h — small pieces shared inside the matching engine (internal):
 * error filling, a seeded hash for reproducible tie-breaks, growable text. */
#ifndef PEERCOACH_MATCH_UTIL_H
#define PEERCOACH_MATCH_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "match/match.h"

void match_error_clear(struct match_error *err);
/* Fills err (when not NULL) and returns -1, so callers can `return match_fail(…)`. */
int match_fail(struct match_error *err, enum match_status status, int64_t person_id,
               const char *format, ...) __attribute__((format(printf, 4, 5)));

/* A 64-bit mix (splitmix64): deterministic, seedable, no state. */
static inline uint64_t match_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Text that grows; on allocation failure it stops growing and remembers it. */
struct match_text {
    char *data;
    size_t length, capacity;
    int is_broken;
};
void match_text_add(struct match_text *text, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the buffer over (an empty string when nothing was added); NULL if an
 * allocation failed. */
char *match_text_take(struct match_text *text);

#endif
