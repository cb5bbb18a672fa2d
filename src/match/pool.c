/* pool.c — turns the caller's people into the engine's compact pool; see
 * pool.h. Every check of outside input happens here, once: duplicate ids,
 * unknown managers, manager cycles, malformed windows and offsets.
 *
 * Ids in requests, never-with lists and past partners that are not in the
 * pool are ignored rather than refused: they name people who left the
 * program, which is normal. A manager id that is neither a participant nor
 * a listed manager is refused, because a silently cut reporting chain would
 * let a manager be paired with their own report. */
#include "match/pool.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "match/intern.h"
#include "match/util.h"

static int reserve(void **items, size_t *capacity, size_t need, size_t item_size)
{
    if (need <= *capacity)
        return 0;
    size_t capacity_new = *capacity ? *capacity : 256;
    while (capacity_new < need)
        capacity_new *= 2;
    void *grown = realloc(*items, capacity_new * item_size);
    if (!grown)
        return -1;
    *items = grown;
    *capacity = capacity_new;
    return 0;
}

static int push_id(struct match_pool *pool, int32_t id)
{
    if (reserve((void **)&pool->ids, &pool->id_capacity, pool->id_count + 1, sizeof *pool->ids))
        return -1;
    pool->ids[pool->id_count++] = id;
    return 0;
}

static int compare_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts and deduplicates the span just appended at the end of pool->ids. */
static void finish_span(struct match_pool *pool, struct match_span *span)
{
    if (span->count == 0)
        return;
    int32_t *items = pool->ids + span->start;
    qsort(items, span->count, sizeof *items, compare_int32);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < span->count; i++)
        if (kept == 0 || items[kept - 1] != items[i])
            items[kept++] = items[i];
    span->count = kept;
    pool->id_count = span->start + kept;
}

/* Lower-case, trimmed, inner blanks folded: "  Giving  Feedback " and
 * "giving feedback" are one skill. */
static size_t normalize(const char *text, char *out, size_t size)
{
    size_t length = 0;
    bool pending_space = false;
    for (const char *p = text; *p && length + 2 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if (isspace(c)) {
            pending_space = length > 0;
            continue;
        }
        if (pending_space)
            out[length++] = ' ';
        pending_space = false;
        out[length++] = (char)tolower(c);
    }
    out[length] = '\0';
    return length;
}

static int intern_list(struct match_pool *pool, struct match_intern *vocabulary,
                       struct match_strings list, struct match_span *span)
{
    span->start = (uint32_t)pool->id_count;
    span->count = 0;
    char buffer[256];
    for (size_t i = 0; i < list.count; i++) {
        if (!list.items || !list.items[i])
            continue;
        size_t length = normalize(list.items[i], buffer, sizeof buffer);
        if (length == 0)
            continue;
        int32_t id = match_intern_add(vocabulary, buffer, length);
        if (id < 0 || push_id(pool, id) != 0)
            return -1;
        span->count++;
    }
    finish_span(pool, span);
    return 0;
}

static uint64_t id_hash(int64_t id)
{
    return match_mix64((uint64_t)id);
}

int32_t match_pool_find(const struct match_pool *pool, int64_t id)
{
    if (pool->id_table_size == 0)
        return -1;
    size_t mask = pool->id_table_size - 1;
    for (size_t i = (size_t)id_hash(id) & mask;; i = (i + 1) & mask) {
        int32_t slot = pool->id_table[i];
        if (slot == 0)
            return -1;
        if (pool->input->people[slot - 1].id == id)
            return slot - 1;
    }
}

static int build_id_table(struct match_pool *pool, struct match_error *err)
{
    size_t size = 16;
    while (size < 2 * pool->n)
        size *= 2;
    pool->id_table = calloc(size, sizeof *pool->id_table);
    if (!pool->id_table)
        return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
    pool->id_table_size = size;
    for (size_t a = 0; a < pool->n; a++) {
        int64_t id = pool->input->people[a].id;
        if (id == MATCH_NO_ID)
            return match_fail(err, MATCH_ERR_INVALID, id, "person %zu has no id", a);
        size_t i = (size_t)id_hash(id) & (size - 1);
        for (; pool->id_table[i] != 0; i = (i + 1) & (size - 1))
            if (pool->input->people[pool->id_table[i] - 1].id == id)
                return match_fail(err, MATCH_ERR_DUPLICATE_ID, id, "person id %lld appears twice",
                                  (long long)id);
        pool->id_table[i] = (int32_t)a + 1;
    }
    return 0;
}

/* Ids of other participants, mapped to pool indexes; unknown ones dropped. */
static int map_peers(struct match_pool *pool, size_t self, const int64_t *ids, size_t count,
                     struct match_span *span)
{
    span->start = (uint32_t)pool->id_count;
    span->count = 0;
    for (size_t i = 0; ids && i < count; i++) {
        int32_t peer = match_pool_find(pool, ids[i]);
        if (peer < 0 || (size_t)peer == self)
            continue;
        if (push_id(pool, peer) != 0)
            return -1;
        span->count++;
    }
    finish_span(pool, span);
    return 0;
}

static int compare_past(const void *a, const void *b)
{
    const struct match_past *x = a, *y = b;
    if (x->peer != y->peer)
        return (x->peer > y->peer) - (x->peer < y->peer);
    return (x->round < y->round) - (x->round > y->round); /* latest round first */
}

static int map_past(struct match_pool *pool, size_t self, const struct match_person *person,
                    struct match_profile *profile)
{
    profile->past.start = (uint32_t)pool->past_count;
    profile->past.count = 0;
    for (size_t i = 0; person->past_partners && i < person->past_partner_count; i++) {
        int32_t peer = match_pool_find(pool, person->past_partners[i].peer_id);
        if (peer < 0 || (size_t)peer == self)
            continue;
        if (reserve((void **)&pool->pasts, &pool->past_capacity, pool->past_count + 1,
                    sizeof *pool->pasts))
            return -1;
        pool->pasts[pool->past_count++] =
            (struct match_past){peer, (int32_t)person->past_partners[i].round};
        profile->past.count++;
    }
    if (profile->past.count > 1)
        qsort(pool->pasts + profile->past.start, profile->past.count, sizeof *pool->pasts,
              compare_past);
    return 0;
}

/* ---- the reporting forest ---------------------------------------------- */

/* Nodes are participants (0..n-1) then non-participant managers. Each gets
 * an Euler-tour interval [in, out): a is in b's chain (either direction)
 * exactly when one interval holds the other's start. */
static int build_chains(struct match_pool *pool, struct match_error *err)
{
    const struct match_input *input = pool->input;
    size_t n = pool->n, extra = input->managers ? input->manager_count : 0;
    size_t total = n + extra;
    int32_t *parent = malloc((total + 1) * sizeof *parent);
    int32_t *first_child = malloc((total + 1) * sizeof *first_child);
    int32_t *next_sibling = malloc((total + 1) * sizeof *next_sibling);
    uint8_t *state = calloc(total + 1, 1);
    uint32_t *in = malloc((total + 1) * sizeof *in);
    uint32_t *out = malloc((total + 1) * sizeof *out);
    /* Manager ids outside the pool: a small table mapping id -> node. */
    size_t size = 16;
    while (size < 2 * extra)
        size *= 2;
    int32_t *table = calloc(size, sizeof *table);
    int rc = -1;
    if (!parent || !first_child || !next_sibling || !state || !in || !out || !table) {
        match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < extra; j++) {
        int64_t id = input->managers[j].id;
        if (match_pool_find(pool, id) >= 0) {
            match_fail(err, MATCH_ERR_DUPLICATE_ID, id,
                       "manager %lld is listed both as a participant and as a manager",
                       (long long)id);
            goto done;
        }
        size_t i = (size_t)id_hash(id) & (size - 1);
        for (; table[i] != 0; i = (i + 1) & (size - 1))
            if (input->managers[table[i] - 1].id == id) {
                match_fail(err, MATCH_ERR_DUPLICATE_ID, id, "manager %lld is listed twice",
                           (long long)id);
                goto done;
            }
        table[i] = (int32_t)j + 1;
    }
    for (size_t node = 0; node < total; node++) {
        int64_t self = node < n ? input->people[node].id : input->managers[node - n].id;
        int64_t manager =
            node < n ? input->people[node].manager_id : input->managers[node - n].manager_id;
        parent[node] = -1;
        first_child[node] = next_sibling[node] = -1;
        if (manager == MATCH_NO_ID)
            continue;
        int32_t found = match_pool_find(pool, manager);
        if (found < 0) {
            size_t i = (size_t)id_hash(manager) & (size - 1);
            for (; table[i] != 0; i = (i + 1) & (size - 1))
                if (input->managers[table[i] - 1].id == manager) {
                    found = (int32_t)n + table[i] - 1;
                    break;
                }
        }
        if (found < 0) {
            match_fail(err, MATCH_ERR_UNKNOWN_ID, self, "person %lld has unknown manager %lld",
                       (long long)self, (long long)manager);
            goto done;
        }
        if ((size_t)found == node) {
            match_fail(err, MATCH_ERR_MANAGER_CYCLE, self, "person %lld is their own manager",
                       (long long)self);
            goto done;
        }
        parent[node] = found;
    }
    /* Cycle check: walk up from each node; state 1 = on the current walk,
     * 2 = known to reach a root. */
    for (size_t node = 0; node < total; node++) {
        int32_t v = (int32_t)node;
        while (v >= 0 && state[v] == 0) {
            state[v] = 1;
            v = parent[v];
        }
        if (v >= 0 && state[v] == 1) {
            int64_t id = (size_t)v < n ? input->people[v].id : input->managers[v - (int32_t)n].id;
            match_fail(err, MATCH_ERR_MANAGER_CYCLE, id,
                       "the reporting chain of person %lld loops back to them", (long long)id);
            goto done;
        }
        for (v = (int32_t)node; v >= 0 && state[v] == 1; v = parent[v])
            state[v] = 2;
    }
    for (size_t node = total; node-- > 0;)
        if (parent[node] >= 0) {
            next_sibling[node] = first_child[parent[node]];
            first_child[parent[node]] = (int32_t)node;
        }
    /* Iterative DFS over each root. */
    uint32_t clock = 0;
    for (size_t root = 0; root < total; root++) {
        if (parent[root] >= 0)
            continue;
        int32_t v = (int32_t)root;
        in[v] = clock++;
        for (;;) {
            if (first_child[v] >= 0) {
                int32_t c = first_child[v];
                first_child[v] = next_sibling[c]; /* consume the child */
                in[c] = clock++;
                v = c;
                continue;
            }
            out[v] = clock;
            if (v == (int32_t)root)
                break;
            v = parent[v];
        }
    }
    for (size_t a = 0; a < n; a++) {
        pool->people[a].chain_in = in[a];
        pool->people[a].chain_out = out[a];
    }
    rc = 0;
done:
    free(parent);
    free(first_child);
    free(next_sibling);
    free(state);
    free(in);
    free(out);
    free(table);
    return rc;
}

static uint64_t small_mask(const int32_t *ids, size_t count)
{
    uint64_t mask = 0;
    for (size_t i = 0; i < count; i++)
        mask |= (uint64_t)1 << (ids[i] & 63);
    return mask;
}

struct match_pool *match_pool_new(const struct match_input *input, struct match_error *err)
{
    struct match_pool *pool = calloc(1, sizeof *pool);
    struct match_intern vocabulary;
    match_intern_init(&vocabulary);
    if (!pool) {
        match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    pool->input = input;
    pool->rules = &input->rules;
    pool->n = input->person_count;
    if (pool->n > 0 && !input->people) {
        match_fail(err, MATCH_ERR_INVALID, 0, "no people array");
        goto fail;
    }
    if (pool->n >= ((size_t)1 << 30)) {
        match_fail(err, MATCH_ERR_RANGE, 0, "too many people");
        goto fail;
    }
    pool->people = calloc(pool->n ? pool->n : 1, sizeof *pool->people);
    if (!pool->people) {
        match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
        goto fail;
    }
    /* The shared arrays always exist, so an empty span still points somewhere. */
    if (reserve((void **)&pool->ids, &pool->id_capacity, 1, sizeof *pool->ids) ||
        reserve((void **)&pool->intervals, &pool->interval_capacity, 1, sizeof *pool->intervals) ||
        reserve((void **)&pool->pasts, &pool->past_capacity, 1, sizeof *pool->pasts))
        goto nomem;
    if (build_id_table(pool, err) != 0)
        goto fail;
    char buffer[256];
    for (size_t a = 0; a < pool->n; a++) {
        const struct match_person *person = &input->people[a];
        struct match_profile *profile = &pool->people[a];
        if (person->utc_offset_minutes < -18 * 60 || person->utc_offset_minutes > 18 * 60) {
            match_fail(err, MATCH_ERR_INVALID, person->id,
                       "person %lld: UTC offset %d minutes is out of range", (long long)person->id,
                       person->utc_offset_minutes);
            goto fail;
        }
        if (person->level < -1000000 || person->level > 1000000) {
            match_fail(err, MATCH_ERR_RANGE, person->id,
                       "person %lld: level %d is outside -1000000..1000000", (long long)person->id,
                       person->level);
            goto fail;
        }
        profile->level = person->level;
        profile->utc_offset = person->utc_offset_minutes;
        profile->department = -1;
        if (person->department && normalize(person->department, buffer, sizeof buffer) > 0) {
            profile->department = match_intern_add(&vocabulary, buffer, strlen(buffer));
            if (profile->department < 0)
                goto nomem;
        }
        if (intern_list(pool, &vocabulary, person->languages, &profile->languages) ||
            intern_list(pool, &vocabulary, person->skills_to_develop, &profile->wants) ||
            intern_list(pool, &vocabulary, person->skills_to_offer, &profile->offers) ||
            intern_list(pool, &vocabulary, person->interests, &profile->interests))
            goto nomem;
        if (match_availability_prepare(pool, person, profile, err) != 0)
            goto fail;
        if (map_peers(pool, a, person->requested_ids, person->requested_count,
                      &profile->requested) ||
            map_peers(pool, a, person->never_ids, person->never_count, &profile->never) ||
            map_past(pool, a, person, profile))
            goto nomem;
    }
    for (size_t a = 0; a < pool->n; a++) {
        struct match_profile *profile = &pool->people[a];
        profile->language_mask =
            small_mask(match_pool_ids(pool, profile->languages), profile->languages.count);
        profile->wants_mask =
            small_mask(match_pool_ids(pool, profile->wants), profile->wants.count);
        profile->offers_mask =
            small_mask(match_pool_ids(pool, profile->offers), profile->offers.count);
    }
    if (build_chains(pool, err) != 0)
        goto fail;
    match_intern_cleanup(&vocabulary, &pool->vocabulary, &pool->vocabulary_count);
    if (match_tfidf_prepare(pool, err) != 0) {
        match_pool_free(pool);
        return NULL;
    }
    return pool;
nomem:
    match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
fail:
    match_intern_cleanup(&vocabulary, NULL, NULL);
    match_pool_free(pool);
    return NULL;
}

void match_pool_free(struct match_pool *pool)
{
    if (!pool)
        return;
    for (size_t i = 0; i < pool->vocabulary_count; i++)
        free(pool->vocabulary[i]);
    for (size_t i = 0; i < pool->term_text_count; i++)
        free(pool->term_text[i]);
    free(pool->vocabulary);
    free(pool->term_text);
    free(pool->term_df);
    free(pool->people);
    free(pool->ids);
    free(pool->intervals);
    free(pool->terms);
    free(pool->pasts);
    free(pool->id_table);
    free(pool);
}

const char *match_pool_name(const struct match_pool *pool, size_t person)
{
    const char *name = pool->input->people[person].display_name;
    return name && *name ? name : "this person";
}
