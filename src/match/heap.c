/* heap.c — the radix heap of timed events; see heap.h. */
#include "match/heap.h"

#include <stdlib.h>
#include <string.h>

void match_heap_init(struct match_heap *heap)
{
    memset(heap, 0, sizeof *heap);
}

void match_heap_cleanup(struct match_heap *heap)
{
    for (int i = 0; i < 65; i++)
        free(heap->buckets[i].items);
    match_heap_init(heap);
}

static int bucket_of(int64_t key, int64_t last)
{
    uint64_t differ = (uint64_t)key ^ (uint64_t)last;
    return differ == 0 ? 0 : 64 - __builtin_clzll(differ);
}

static int bucket_push(struct match_heap_bucket *b, struct match_heap_entry e)
{
    if (b->count == b->capacity) {
        size_t capacity = b->capacity ? b->capacity * 2 : 64;
        struct match_heap_entry *items = realloc(b->items, capacity * sizeof *items);
        if (!items)
            return -1;
        b->items = items;
        b->capacity = capacity;
    }
    b->items[b->count++] = e;
    return 0;
}

int match_heap_push(struct match_heap *heap, int64_t key, uint32_t id, uint32_t kind)
{
    if (key < heap->last)
        key = heap->last; /* cannot happen for live events; keeps the heap sound */
    struct match_heap_entry e = {key, id, kind};
    if (bucket_push(&heap->buckets[bucket_of(key, heap->last)], e) != 0)
        return -1;
    heap->count++;
    return 0;
}

bool match_heap_pop(struct match_heap *heap, struct match_heap_entry *out)
{
    if (heap->count == 0)
        return false;
    struct match_heap_bucket *zero = &heap->buckets[0];
    if (zero->count == 0) {
        int i = 1;
        while (heap->buckets[i].count == 0)
            i++;
        struct match_heap_bucket *b = &heap->buckets[i];
        int64_t low = b->items[0].key;
        for (size_t j = 1; j < b->count; j++)
            if (b->items[j].key < low)
                low = b->items[j].key;
        heap->last = low;
        /* Every entry lands in a lower bucket; none needs to grow bucket i. */
        size_t count = b->count;
        b->count = 0;
        for (size_t j = 0; j < count; j++) {
            struct match_heap_entry e = b->items[j];
            struct match_heap_bucket *to = &heap->buckets[bucket_of(e.key, low)];
            if (bucket_push(to, e) != 0) {
                /* Out of memory mid-move: keep the rest where they were
                 * (still correct, since their keys are >= low). */
                for (size_t k = j; k < count; k++)
                    b->items[b->count++] = b->items[k];
                break;
            }
        }
    }
    *out = zero->items[--zero->count];
    heap->count--;
    return true;
}

void match_heap_filter(struct match_heap *heap,
                       bool (*keep)(void *ctx, const struct match_heap_entry *), void *ctx)
{
    heap->count = 0;
    for (int i = 0; i < 65; i++) {
        struct match_heap_bucket *b = &heap->buckets[i];
        size_t kept = 0;
        for (size_t j = 0; j < b->count; j++)
            if (keep(ctx, &b->items[j]))
                b->items[kept++] = b->items[j];
        b->count = kept;
        heap->count += kept;
    }
}
