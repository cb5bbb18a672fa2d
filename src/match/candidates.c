/* candidates.c — the graph the matching is solved on.
 *
 * Small programs get every compatible pair (the full graph), so the optimum
 * is the true optimum. Large ones keep, for each person, the k best
 * compatible peers (k = 32 by default) and the graph is the union of those
 * lists: about n * k edges instead of n^2 / 2.
 *
 * Finding each person's k best exactly needs all n - 1 scores, which is
 * fine up to a few thousand people (we do it up to EXHAUSTIVE_LIMIT). Above
 * that, candidates are drawn the way a search engine gathers documents:
 * reciprocal peers first (who offers what this person wants and wants what
 * they offer, from an index of (offered, wanted) skill pairs), then people
 * who offer a wanted skill or want an offered one, who share the rarest
 * goal and interest terms, whom they asked for, plus a seeded random sample
 * of people free for a whole block of this person's hours. Only those (a
 * few hundred) are checked against the hard constraints and scored. People
 * with almost no compatible candidates get a wider scan (sampled_row). The
 * lists are then close to, but not guaranteed to be, the true top k;
 * match_stats reports the loss against the full graph when asked.
 *
 * Work is split by person over worker threads; every person's list depends
 * only on the input and the seed, so the graph is the same for any thread
 * count. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "match/pool.h"
#include "match/util.h"

#define EXHAUSTIVE_LIMIT 4000
#define PER_LIST_LIMIT   12 /* candidates drawn from one skill's list */
#define PER_PAIR_LIMIT   24 /* from one (offers s, wants t) list: reciprocal peers */
#define PER_TERM_LIMIT   8  /* candidates drawn from one term's list */
#define TERMS_USED       4  /* rarest terms used to draw candidates */
#define RANDOM_SAMPLE    24 /* seeded random candidates per person */
#define FEW_FOUND        4  /* fewer compatible candidates than this: scan everyone */
#define ROW_CHUNK        16

struct scored {
    int32_t peer;
    int64_t score;
    uint64_t tie; /* seeded, symmetric: breaks equal scores reproducibly */
};

/* Postings: for each id, the positions holding it. */
struct postings {
    int32_t *start; /* ids + 1 */
    int32_t *items;
    size_t id_count;
};

struct build {
    const struct match_pool *pool;
    const size_t *members;
    size_t count;
    int k;
    uint64_t seed;
    bool is_exhaustive;
    atomic_size_t next_row;
    atomic_bool is_out_of_memory;
    /* exhaustive: per-row edge lists */
    struct match_edge **row_edges;
    size_t *row_edge_count;
    /* sampled: per-person top lists */
    struct scored *top;
    int32_t *top_count;
    struct postings offers, wants, terms, slots;
    /* Reciprocal index: (skill offered, skill wanted) keys, sorted, with the
     * person holding each; see sampled_row. */
    struct reciprocal *reciprocal;
    size_t reciprocal_count;
    uint64_t vocabulary_size;
    /* Compact copies for the full scan of hard-to-place people. */
    int32_t *level;
    uint64_t (*slot_mask)[6];
    uint64_t *language_mask;
    int32_t *position_of; /* pool index -> position, or -1 */
};

/* Portable popcount (SWAR): the builtin becomes a slow library call
 * without -mpopcnt, which a portable build cannot assume. */
static inline int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (int)((x * 0x0101010101010101ULL) >> 56);
}

static uint64_t pair_tie(uint64_t seed, size_t a, size_t b)
{
    size_t low = a < b ? a : b, high = a < b ? b : a;
    return match_mix64(seed ^ match_mix64(((uint64_t)low << 32) | (uint64_t)high));
}

/* Better = higher score, then higher tie. */
static bool is_better(const struct scored *x, const struct scored *y)
{
    if (x->score != y->score)
        return x->score > y->score;
    if (x->tie != y->tie)
        return x->tie > y->tie;
    return x->peer < y->peer;
}

/* A min-heap (worst on top) of at most k entries. */
static void top_offer(struct scored *heap, int32_t *count, int k, struct scored item)
{
    if (*count < k) {
        int32_t i = (*count)++;
        while (i > 0 && is_better(&heap[(i - 1) / 2], &item)) {
            heap[i] = heap[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        heap[i] = item;
        return;
    }
    if (!is_better(&item, &heap[0]))
        return;
    int32_t i = 0;
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= k)
            break;
        if (c + 1 < k && is_better(&heap[c], &heap[c + 1]))
            c++;
        if (!is_better(&item, &heap[c]))
            break;
        heap[i] = heap[c];
        i = c;
    }
    heap[i] = item;
}

static int compare_best_first(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    return is_better(x, y) ? -1 : is_better(y, x) ? 1 : 0;
}

/* ---- exhaustive: every pair of the upper triangle --------------------- */

static void exhaustive_row(struct build *b, size_t i, struct match_edge **buffer, size_t *capacity)
{
    size_t count = 0;
    for (size_t j = i + 1; j < b->count; j++) {
        int64_t score = match_pair_evaluate(b->pool, b->members[i], b->members[j]);
        if (score < 0)
            continue;
        if (count == *capacity) {
            size_t grown_capacity = *capacity ? *capacity * 2 : 256;
            struct match_edge *grown = realloc(*buffer, grown_capacity * sizeof *grown);
            if (!grown) {
                atomic_store(&b->is_out_of_memory, true);
                return;
            }
            *buffer = grown;
            *capacity = grown_capacity;
        }
        (*buffer)[count++] = (struct match_edge){(int32_t)i, (int32_t)j, score};
    }
    struct match_edge *edges = malloc((count ? count : 1) * sizeof *edges);
    if (!edges) {
        atomic_store(&b->is_out_of_memory, true);
        return;
    }
    if (count > 0)
        memcpy(edges, *buffer, count * sizeof *edges);
    b->row_edges[i] = edges;
    b->row_edge_count[i] = count;
}

/* ---- sampled: candidates from postings ----------------------------------- */

struct reciprocal {
    uint64_t key; /* offered * vocabulary + wanted */
    int32_t position;
};

static int compare_reciprocal(const void *a, const void *b)
{
    const struct reciprocal *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->position > y->position) - (x->position < y->position);
}

/* Everyone keyed by each (skill they offer, skill they want) pair: the
 * people who offer what I want *and* want what I offer are the entries
 * under (my wanted, my offered), found by binary search. Reciprocal
 * complementarity is the largest rule, and these people are few, so they
 * are the best candidates to look at first. */
static int reciprocal_build(struct build *b)
{
    const struct match_pool *pool = b->pool;
    size_t total = 0;
    for (size_t i = 0; i < b->count; i++) {
        const struct match_profile *p = &pool->people[b->members[i]];
        total += (size_t)p->offers.count * p->wants.count;
    }
    b->vocabulary_size = pool->vocabulary_count + 1;
    b->reciprocal = malloc((total + 1) * sizeof *b->reciprocal);
    if (!b->reciprocal)
        return -1;
    for (size_t i = 0; i < b->count; i++) {
        const struct match_profile *p = &pool->people[b->members[i]];
        const int32_t *offers = match_pool_ids(pool, p->offers);
        const int32_t *wants = match_pool_ids(pool, p->wants);
        for (uint32_t o = 0; o < p->offers.count; o++)
            for (uint32_t w = 0; w < p->wants.count; w++)
                b->reciprocal[b->reciprocal_count++] = (struct reciprocal){
                    (uint64_t)offers[o] * b->vocabulary_size + (uint64_t)wants[w], (int32_t)i};
    }
    if (b->reciprocal_count > 1)
        qsort(b->reciprocal, b->reciprocal_count, sizeof *b->reciprocal, compare_reciprocal);
    return 0;
}

/* Half-hours needed for the minimum overlap (at least one). */
static int block_slots(const struct match_pool *pool)
{
    int need = (pool->rules->min_overlap_minutes + 29) / 30;
    return need < 1 ? 1 : need > 8 ? 8 : need;
}

/* The half-hours starting a run of `need` touched half-hours: two people
 * sharing one almost always meet the minimum overlap, so drawing random
 * peers from these lists finds compatible people far more often than
 * drawing from everyone. */
static size_t blocks_of(const struct match_profile *profile, int need, int32_t *out)
{
    size_t count = 0;
    for (int32_t slot = 0; slot < 336; slot++) {
        int run = 0;
        while (run < need) {
            int32_t x = (slot + run) % 336;
            if (!(profile->slot_mask[x / 64] >> (x % 64) & 1))
                break;
            run++;
        }
        if (run == need)
            out[count++] = slot;
    }
    return count;
}

static int postings_build(struct postings *p, size_t id_count, const struct match_pool *pool,
                          const size_t *members, size_t count, int which)
{
    p->id_count = id_count;
    p->start = calloc(id_count + 2, sizeof *p->start);
    if (!p->start)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < count; i++) {
            const struct match_profile *profile = &pool->people[members[i]];
            int32_t slots[336];
            size_t slot_count = 0;
            if (which == 3)
                slot_count = blocks_of(profile, block_slots(pool), slots);
            size_t n = which == 0   ? profile->offers.count
                       : which == 1 ? profile->wants.count
                       : which == 2 ? profile->terms.count
                                    : slot_count;
            for (size_t x = 0; x < n; x++) {
                int32_t id = which == 0   ? match_pool_ids(pool, profile->offers)[x]
                             : which == 1 ? match_pool_ids(pool, profile->wants)[x]
                             : which == 2 ? pool->terms[profile->terms.start + x].term
                                          : slots[x];
                if (pass == 0)
                    p->start[id + 2]++;
                else
                    p->items[p->start[id + 1]++] = (int32_t)i;
            }
        }
        if (pass == 0) {
            for (size_t id = 0; id < id_count; id++)
                p->start[id + 2] += p->start[id + 1];
            p->items = malloc(((size_t)p->start[id_count + 1] + 1) * sizeof *p->items);
            if (!p->items)
                return -1;
        }
    }
    return 0;
}

static void postings_cleanup(struct postings *p)
{
    free(p->start);
    free(p->items);
}

struct gather {
    struct build *b;
    size_t self;
    uint32_t *stamp;
    uint32_t stamp_now;
    int32_t *found;
    size_t found_count, found_capacity;
};

static void gather_add(struct gather *g, int32_t position)
{
    if ((size_t)position == g->self || g->stamp[position] == g->stamp_now)
        return;
    g->stamp[position] = g->stamp_now;
    if (g->found_count < g->found_capacity)
        g->found[g->found_count++] = position;
}

/* Up to limit entries of postings list id, from a seeded starting point. */
static void gather_list(struct gather *g, const struct postings *p, int32_t id, size_t limit,
                        uint64_t salt)
{
    size_t from = (size_t)p->start[id], length = (size_t)(p->start[id + 1] - p->start[id]);
    if (length == 0)
        return;
    size_t offset = length > limit ? (size_t)(match_mix64(salt) % length) : 0;
    size_t take = length < limit ? length : limit;
    for (size_t i = 0; i < take; i++)
        gather_add(g, p->items[from + (offset + i) % length]);
}

static void sampled_row(struct build *b, struct gather *g, size_t i)
{
    const struct match_pool *pool = b->pool;
    const struct match_profile *me = &pool->people[b->members[i]];
    g->self = i;
    g->stamp_now++;
    g->found_count = 0;
    uint64_t salt = match_mix64(b->seed ^ ((uint64_t)i << 20));
    for (uint32_t x = 0; x < me->wants.count; x++)
        for (uint32_t y = 0; y < me->offers.count; y++) {
            uint64_t key = (uint64_t)match_pool_ids(pool, me->wants)[x] * b->vocabulary_size +
                           (uint64_t)match_pool_ids(pool, me->offers)[y];
            size_t low = 0, high = b->reciprocal_count;
            while (low < high) {
                size_t mid = (low + high) / 2;
                if (b->reciprocal[mid].key < key)
                    low = mid + 1;
                else
                    high = mid;
            }
            size_t end = low;
            while (end < b->reciprocal_count && b->reciprocal[end].key == key)
                end++;
            size_t length = end - low;
            size_t offset =
                length > PER_PAIR_LIMIT ? (size_t)(match_mix64(salt ^ key) % length) : 0;
            size_t take = length < PER_PAIR_LIMIT ? length : PER_PAIR_LIMIT;
            for (size_t k = 0; k < take; k++)
                gather_add(g, b->reciprocal[low + (offset + k) % length].position);
        }
    for (uint32_t x = 0; x < me->wants.count; x++) {
        int32_t skill = match_pool_ids(pool, me->wants)[x];
        gather_list(g, &b->offers, skill, PER_LIST_LIMIT, salt + (uint64_t)skill);
    }
    for (uint32_t x = 0; x < me->offers.count; x++) {
        int32_t skill = match_pool_ids(pool, me->offers)[x];
        gather_list(g, &b->wants, skill, PER_LIST_LIMIT, salt + 7919 * (uint64_t)skill);
    }
    /* The rarest terms carry the most weight in the cosine. */
    int32_t rare[TERMS_USED];
    size_t rare_count = 0;
    for (uint32_t x = 0; x < me->terms.count; x++) {
        int32_t term = pool->terms[me->terms.start + x].term;
        size_t at = rare_count < TERMS_USED ? rare_count : TERMS_USED;
        while (at > 0 && pool->term_df[rare[at - 1]] > pool->term_df[term])
            at--;
        if (at >= TERMS_USED)
            continue;
        size_t last = rare_count < TERMS_USED ? rare_count : TERMS_USED - 1;
        for (size_t y = last; y > at; y--)
            rare[y] = rare[y - 1];
        rare[at] = term;
        if (rare_count < TERMS_USED)
            rare_count++;
    }
    for (size_t x = 0; x < rare_count; x++)
        gather_list(g, &b->terms, rare[x], PER_TERM_LIMIT, salt + 104729 * (uint64_t)rare[x]);
    for (uint32_t x = 0; x < me->requested.count; x++) {
        int32_t position = b->position_of[match_pool_ids(pool, me->requested)[x]];
        if (position >= 0)
            gather_add(g, position);
    }
    /* Random peers, drawn from people free for a whole block of this
     * person's time (see blocks_of): far likelier to pass the availability
     * constraint than anyone at all. */
    int32_t my_slots[336];
    size_t my_slot_count = blocks_of(me, block_slots(pool), my_slots);
    for (int r = 0; r < RANDOM_SAMPLE; r++) {
        uint64_t h = match_mix64(salt + 0x51ed27ULL * (uint64_t)(r + 1));
        if (my_slot_count == 0) {
            gather_add(g, (int32_t)(h % b->count));
            continue;
        }
        int32_t slot = my_slots[h % my_slot_count];
        size_t from = (size_t)b->slots.start[slot],
               length = (size_t)(b->slots.start[slot + 1] - from);
        if (length > 0)
            gather_add(g, b->slots.items[from + (h >> 20) % length]);
    }

    struct scored *top = b->top + i * (size_t)b->k;
    int32_t top_count = 0;
    for (size_t x = 0; x < g->found_count; x++) {
        size_t j = (size_t)g->found[x];
        int64_t score = match_pair_evaluate(pool, b->members[i], b->members[j]);
        if (score < 0)
            continue;
        struct scored item = {(int32_t)j, score, pair_tie(b->seed, i, j)};
        top_offer(top, &top_count, b->k, item);
    }
    /* Few compatible peers among the drawn ones: this person is hard to
     * place (strict constraints), and missing their few options would
     * leave them unmatched. Look at everyone instead, from a seeded start,
     * until half a list is found (enough options; the full list would cost
     * a scan of everyone for each such person). */
    if (top_count < FEW_FOUND && top_count < b->k) {
        const struct match_rules *rules = pool->rules;
        int gap = rules->max_level_gap, level = b->level[i];
        int need_slots = (rules->min_overlap_minutes + 29) / 30;
        const uint64_t *mine = b->slot_mask[i];
        size_t start = (size_t)(match_mix64(salt ^ 0xfa11bac4ULL) % b->count);
        int32_t enough = b->k / 2 > FEW_FOUND ? b->k / 2 : FEW_FOUND;
        for (size_t step = 0; step < b->count && top_count < enough; step++) {
            size_t j = (start + step) % b->count;
            if (j == i || g->stamp[j] == g->stamp_now)
                continue;
            /* Cheap necessary conditions on compact arrays first. */
            if (gap >= 0 && abs(b->level[j] - level) > gap)
                continue;
            if (rules->require_shared_language && !(b->language_mask[i] & b->language_mask[j]))
                continue;
            if (need_slots > 0) {
                int shared = 0;
                for (int w = 0; w < 6; w++)
                    shared += popcount64(mine[w] & b->slot_mask[j][w]);
                if (shared < need_slots)
                    continue;
            }
            int64_t score = match_pair_evaluate(pool, b->members[i], b->members[j]);
            if (score < 0)
                continue;
            struct scored item = {(int32_t)j, score, pair_tie(b->seed, i, j)};
            top_offer(top, &top_count, b->k, item);
        }
    }
    b->top_count[i] = top_count;
}

static void *worker(void *arg)
{
    struct build *b = arg;
    struct match_edge *buffer = NULL;
    size_t capacity = 0;
    struct gather g = {0};
    g.b = b;
    if (!b->is_exhaustive) {
        g.stamp = calloc(b->count, sizeof *g.stamp);
        g.found_capacity = 4096;
        g.found = malloc(g.found_capacity * sizeof *g.found);
        if (!g.stamp || !g.found)
            atomic_store(&b->is_out_of_memory, true);
    }
    while (!atomic_load(&b->is_out_of_memory)) {
        size_t first = atomic_fetch_add(&b->next_row, ROW_CHUNK);
        if (first >= b->count)
            break;
        size_t last = first + ROW_CHUNK < b->count ? first + ROW_CHUNK : b->count;
        for (size_t i = first; i < last; i++) {
            if (b->is_exhaustive)
                exhaustive_row(b, i, &buffer, &capacity);
            else
                sampled_row(b, &g, i);
        }
    }
    free(buffer);
    free(g.stamp);
    free(g.found);
    return NULL;
}

static void run_workers(struct build *b, int threads)
{
    if (threads > 64)
        threads = 64;
    pthread_t ids[64];
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&ids[started], NULL, worker, b) != 0)
            break;
        started++;
    }
    worker(b);
    for (int t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
}

/* ---- assembling the graph ----------------------------------------------- */

static bool top_contains(const struct build *b, size_t i, int32_t peer)
{
    const struct scored *top = b->top + i * (size_t)b->k;
    for (int32_t x = 0; x < b->top_count[i]; x++)
        if (top[x].peer == peer)
            return true;
    return false;
}

/* Per-person top lists from the complete edge list (exhaustive case). */
static void tops_from_edges(struct build *b, const struct match_edge *edges, size_t m)
{
    for (size_t e = 0; e < m; e++) {
        size_t u = (size_t)edges[e].u, v = (size_t)edges[e].v;
        struct scored to_v = {edges[e].v, edges[e].weight, pair_tie(b->seed, u, v)};
        struct scored to_u = {edges[e].u, edges[e].weight, to_v.tie};
        top_offer(b->top + u * (size_t)b->k, &b->top_count[u], b->k, to_v);
        top_offer(b->top + v * (size_t)b->k, &b->top_count[v], b->k, to_u);
    }
}

/* Takes ownership of all (the complete edge list, or NULL). */
static int assemble(struct build *b, struct match_candidate_graph *out, bool keep_all,
                    struct match_edge *all, size_t all_count)
{
    size_t n = b->count, k = (size_t)b->k;
    out->neighbor_start = malloc((n + 1) * sizeof *out->neighbor_start);
    out->neighbors = malloc((n * k + 1) * sizeof *out->neighbors);
    if (!out->neighbor_start || !out->neighbors) {
        free(all);
        return -1;
    }
    size_t filled = 0;
    for (size_t i = 0; i < n; i++) {
        struct scored *top = b->top + i * k;
        qsort(top, (size_t)b->top_count[i], sizeof *top, compare_best_first);
        out->neighbor_start[i] = (int32_t)filled;
        for (int32_t x = 0; x < b->top_count[i]; x++)
            out->neighbors[filled++] = top[x].peer;
    }
    out->neighbor_start[n] = (int32_t)filled;
    if (keep_all) {
        out->edges = all;
        out->m = all_count;
        return 0;
    }
    free(all);
    out->edges = malloc((filled + 1) * sizeof *out->edges);
    if (!out->edges)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        struct scored *top = b->top + i * k;
        for (int32_t x = 0; x < b->top_count[i]; x++) {
            size_t j = (size_t)top[x].peer;
            if (j > i || !top_contains(b, j, (int32_t)i))
                out->edges[m++] = (struct match_edge){(int32_t)(i < j ? i : j),
                                                      (int32_t)(i < j ? j : i), top[x].score};
        }
    }
    out->m = m;
    return 0;
}

int match_candidates_build(const struct match_pool *pool, const size_t *members, size_t count,
                           bool is_full, int k, int threads, struct match_candidate_graph *out,
                           struct match_error *err)
{
    memset(out, 0, sizeof *out);
    out->n = count;
    if (k < 1)
        k = 1;
    if (count > 1 && (size_t)k > count - 1)
        k = (int)(count - 1);
    struct build b = {0};
    b.pool = pool;
    b.members = members;
    b.count = count;
    b.k = k;
    b.seed = pool->input->seed;
    b.is_exhaustive = is_full || count <= EXHAUSTIVE_LIMIT;
    atomic_init(&b.next_row, 0);
    atomic_init(&b.is_out_of_memory, false);
    struct match_edge *all = NULL;
    size_t all_count = 0;
    int rc = -1;
    b.top = malloc((count * (size_t)k + 1) * sizeof *b.top);
    b.top_count = calloc(count + 1, sizeof *b.top_count);
    if (!b.top || !b.top_count)
        goto done;
    if (b.is_exhaustive) {
        b.row_edges = calloc(count + 1, sizeof *b.row_edges);
        b.row_edge_count = calloc(count + 1, sizeof *b.row_edge_count);
        if (!b.row_edges || !b.row_edge_count)
            goto done;
        run_workers(&b, threads);
        if (atomic_load(&b.is_out_of_memory))
            goto done;
        for (size_t i = 0; i < count; i++)
            all_count += b.row_edge_count[i];
        all = malloc((all_count + 1) * sizeof *all);
        if (!all)
            goto done;
        size_t at = 0;
        for (size_t i = 0; i < count; i++) {
            memcpy(all + at, b.row_edges[i], b.row_edge_count[i] * sizeof *all);
            at += b.row_edge_count[i];
        }
        tops_from_edges(&b, all, all_count);
    } else {
        b.position_of = malloc((pool->n + 1) * sizeof *b.position_of);
        if (!b.position_of)
            goto done;
        for (size_t a = 0; a < pool->n; a++)
            b.position_of[a] = -1;
        for (size_t i = 0; i < count; i++)
            b.position_of[members[i]] = (int32_t)i;
        if (postings_build(&b.offers, pool->vocabulary_count, pool, members, count, 0) ||
            postings_build(&b.wants, pool->vocabulary_count, pool, members, count, 1) ||
            postings_build(&b.terms, pool->term_text_count, pool, members, count, 2) ||
            postings_build(&b.slots, 336, pool, members, count, 3) || reciprocal_build(&b))
            goto done;
        b.level = malloc((count + 1) * sizeof *b.level);
        b.slot_mask = malloc((count + 1) * sizeof *b.slot_mask);
        b.language_mask = malloc((count + 1) * sizeof *b.language_mask);
        if (!b.level || !b.slot_mask || !b.language_mask)
            goto done;
        for (size_t i = 0; i < count; i++) {
            const struct match_profile *profile = &pool->people[members[i]];
            b.level[i] = profile->level;
            memcpy(b.slot_mask[i], profile->slot_mask, sizeof b.slot_mask[i]);
            b.language_mask[i] = profile->language_mask;
        }
        run_workers(&b, threads);
        if (atomic_load(&b.is_out_of_memory))
            goto done;
    }
    rc = assemble(&b, out, is_full, all, all_count);
    all = NULL;
    if (rc != 0)
        goto done;
    out->is_full = is_full;
    out->is_exact_top_k = b.is_exhaustive;
    rc = 0;
done:
    if (b.row_edges)
        for (size_t i = 0; i < count; i++)
            free(b.row_edges[i]);
    free(b.row_edges);
    free(b.row_edge_count);
    free(b.top);
    free(b.top_count);
    free(b.position_of);
    postings_cleanup(&b.offers);
    postings_cleanup(&b.wants);
    postings_cleanup(&b.terms);
    postings_cleanup(&b.slots);
    free(b.reciprocal);
    free(b.level);
    free(b.slot_mask);
    free(b.language_mask);
    free(all);
    if (rc != 0) {
        match_candidates_cleanup(out);
        return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
    }
    return 0;
}

void match_candidates_cleanup(struct match_candidate_graph *graph)
{
    free(graph->edges);
    free(graph->neighbor_start);
    free(graph->neighbors);
    memset(graph, 0, sizeof *graph);
}
