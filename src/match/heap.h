/* heap.h — a monotone priority queue of timed events (a radix heap), for
 * the blossom solver (internal).
 *
 * The solver's clock only moves forward and every event it pushes is due at
 * or after the current clock, which is exactly what a radix heap needs
 * (Ahuja, Mehlhorn, Orlin, Tarjan 1990): 65 buckets by the highest bit in
 * which a key differs from the last key popped. A push is O(1); an entry
 * moves to a lower bucket at most 64 times over its life. On the tens of
 * millions of edge events of a large graph this is several times faster
 * than a comparison heap.
 *
 * Entries are never removed from the middle: the solver pushes a fresh
 * entry whenever a key changes and drops stale ones when they surface
 * (lazy deletion); match_heap_filter() compacts when they pile up. Among
 * equal keys the order is last-in first-out, which is deterministic. */
#ifndef PEERCOACH_MATCH_HEAP_H
#define PEERCOACH_MATCH_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct match_heap_entry {
    int64_t key; /* >= 0 */
    uint32_t id;
    uint32_t kind;
};

struct match_heap_bucket {
    struct match_heap_entry *items;
    size_t count, capacity;
};

struct match_heap {
    struct match_heap_bucket buckets[65];
    int64_t last; /* the last key popped: no key below it may be pushed */
    size_t count;
};

void match_heap_init(struct match_heap *heap);
void match_heap_cleanup(struct match_heap *heap);
/* key must be >= the last key popped. Returns 0, or -1 when memory runs out. */
int match_heap_push(struct match_heap *heap, int64_t key, uint32_t id, uint32_t kind);
/* Removes an entry of smallest key into *out; false when empty. */
bool match_heap_pop(struct match_heap *heap, struct match_heap_entry *out);
/* Keeps only the entries keep() accepts. */
void match_heap_filter(struct match_heap *heap,
                       bool (*keep)(void *ctx, const struct match_heap_entry *), void *ctx);

#endif
