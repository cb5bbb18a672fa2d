/* availability.c — weekly availability across time zones.
 *
 * Each window is given in the person's local time; we shift it by their UTC
 * offset onto one UTC week of 10,080 minutes, split what wraps past Sunday
 * midnight, sort and merge. Overlap between two people is then a linear
 * merge of two short sorted lists. The offset is the one in force when
 * matching runs (the caller picks the instant), so a DST change later in the
 * program can move a shared hour by one; docs/MATCHING.md says so. A mask of
 * the 30-minute slots each person touches gives a quick upper bound that
 * rejects most incompatible pairs before the exact merge. */
#include <stdlib.h>

#include "match/pool.h"
#include "match/util.h"

static int compare_interval(const void *a, const void *b)
{
    const struct match_interval *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->end > y->end) - (x->end < y->end);
}

static int add_interval(struct match_pool *pool, int32_t start, int32_t end)
{
    if (pool->interval_count == pool->interval_capacity) {
        size_t capacity = pool->interval_capacity ? pool->interval_capacity * 2 : 1024;
        struct match_interval *grown = realloc(pool->intervals, capacity * sizeof *grown);
        if (!grown)
            return -1;
        pool->intervals = grown;
        pool->interval_capacity = capacity;
    }
    pool->intervals[pool->interval_count++] = (struct match_interval){start, end};
    return 0;
}

int match_availability_prepare(struct match_pool *pool, const struct match_person *person,
                               struct match_profile *profile, struct match_error *err)
{
    size_t first = pool->interval_count;
    for (size_t i = 0; person->windows && i < person->window_count; i++) {
        const struct match_window *w = &person->windows[i];
        if (w->day < 0 || w->day > 6 || w->start_minute < 0 || w->end_minute > 1440 ||
            w->start_minute >= w->end_minute)
            return match_fail(err, MATCH_ERR_INVALID, person->id,
                              "person %lld: availability window %zu is not a day 0-6 with "
                              "0 <= start < end <= 24:00",
                              (long long)person->id, i);
        int32_t start = w->day * 1440 + w->start_minute - person->utc_offset_minutes;
        int32_t length = w->end_minute - w->start_minute;
        start = ((start % MATCH_WEEK_MINUTES) + MATCH_WEEK_MINUTES) % MATCH_WEEK_MINUTES;
        int32_t end = start + length;
        int rc = 0;
        if (end <= MATCH_WEEK_MINUTES) {
            rc = add_interval(pool, start, end);
        } else {
            rc = add_interval(pool, start, MATCH_WEEK_MINUTES);
            if (rc == 0)
                rc = add_interval(pool, 0, end - MATCH_WEEK_MINUTES);
        }
        if (rc != 0)
            return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
    }
    struct match_interval *items = pool->intervals + first;
    size_t count = pool->interval_count - first;
    qsort(items, count, sizeof *items, compare_interval);
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (kept > 0 && items[i].start <= items[kept - 1].end) {
            if (items[i].end > items[kept - 1].end)
                items[kept - 1].end = items[i].end;
        } else {
            items[kept++] = items[i];
        }
    }
    pool->interval_count = first + kept;
    profile->availability.start = (uint32_t)first;
    profile->availability.count = (uint32_t)kept;
    profile->available_minutes = 0;
    for (int i = 0; i < 6; i++)
        profile->slot_mask[i] = 0;
    for (size_t i = 0; i < kept; i++) {
        profile->available_minutes += items[i].end - items[i].start;
        for (int32_t slot = items[i].start / 30; slot * 30 < items[i].end; slot++)
            profile->slot_mask[slot / 64] |= (uint64_t)1 << (slot % 64);
    }
    return 0;
}

int32_t match_overlap_minutes(const struct match_pool *pool, size_t a, size_t b)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    const struct match_interval *x = pool->intervals + pa->availability.start;
    const struct match_interval *y = pool->intervals + pb->availability.start;
    size_t nx = pa->availability.count, ny = pb->availability.count, i = 0, j = 0;
    int32_t total = 0;
    while (i < nx && j < ny) {
        int32_t start = x[i].start > y[j].start ? x[i].start : y[j].start;
        int32_t end = x[i].end < y[j].end ? x[i].end : y[j].end;
        if (end > start)
            total += end - start;
        if (x[i].end < y[j].end)
            i++;
        else
            j++;
    }
    return total;
}
