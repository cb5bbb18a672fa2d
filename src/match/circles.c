/* circles.c — circles of 3 and 4, and the odd person out.
 *
 * Grouping people into circles that maximize the sum of their pair scores
 * is NP-hard (it contains partition into triangles), so circles are built
 * by a good construction from exact matchings, then improved by local
 * search, and the result is reported against an upper bound:
 *
 * - circles of 4: the exact pairs (maximum cardinality, maximum weight) are
 *   themselves matched, exactly, on a graph whose nodes are pairs and whose
 *   edge weights are the four cross scores of two pairs that are compatible;
 * - circles of 3: the best floor(n/3) pairs are kept as seeds and the other
 *   people are assigned to seeds by an exact bipartite matching;
 * - leftovers join the best compatible circle with room; then swaps and
 *   moves between circles that share candidate edges are tried until none
 *   improves the total (or a pass limit is reached).
 *
 * Bound: a circle of at most 4 splits its pair edges into at most 3
 * matchings, so 3 x (maximum-weight matching) bounds any grouping; so does
 * half the sum, over people, of each one's best 3 (or 2) pair scores. The
 * smaller is reported. Both are exact bounds when the graph holds every
 * compatible pair or every person's true top k. */
#include <stdlib.h>
#include <string.h>

#include "match/pool.h"
#include "match/util.h"

#define SEARCH_NEIGHBORS 8
#define SEARCH_PASSES    6
#define MAX_CIRCLE       4

void match_grouping_cleanup(struct match_grouping *grouping)
{
    free(grouping->sizes);
    free(grouping->members);
    memset(grouping, 0, sizeof *grouping);
}

static int grouping_add(struct match_grouping *g, size_t *capacity, const size_t *people,
                        size_t count)
{
    if (g->group_count == *capacity) {
        size_t grown = *capacity ? *capacity * 2 : 64;
        size_t *sizes = realloc(g->sizes, grown * sizeof *sizes);
        if (sizes)
            g->sizes = sizes;
        size_t(*members)[4] = realloc(g->members, grown * sizeof *members);
        if (members)
            g->members = members;
        if (!sizes || !members)
            return -1;
        *capacity = grown;
    }
    g->sizes[g->group_count] = count;
    for (size_t i = 0; i < count; i++)
        g->members[g->group_count][i] = people[i];
    g->group_count++;
    return 0;
}

/* Score of a pair of positions, or -1 when they are incompatible. */
static int64_t pair_value(const struct match_pool *pool, const size_t *members, size_t x, size_t y)
{
    return match_pair_evaluate(pool, members[x], members[y]);
}

int64_t match_group_score(const struct match_pool *pool, const size_t *people, size_t count,
                          bool *is_compatible)
{
    int64_t total = 0;
    *is_compatible = true;
    for (size_t i = 0; i < count; i++)
        for (size_t j = i + 1; j < count; j++) {
            if (match_pair_conflicts(pool, people[i], people[j]) != 0)
                *is_compatible = false;
            total += match_score_total(pool, people[i], people[j]);
        }
    return total;
}

/* What person x adds to group g (positions), skipping member `except`
 * (SIZE_MAX for none); -1 when x is incompatible with someone. */
static int64_t join_value(const struct match_pool *pool, const size_t *members,
                          const struct match_grouping *g, size_t group, size_t x, size_t except)
{
    int64_t total = 0;
    for (size_t i = 0; i < g->sizes[group]; i++) {
        size_t y = g->members[group][i];
        if (y == except || y == x)
            continue;
        int64_t v = pair_value(pool, members, x, y);
        if (v < 0)
            return -1;
        total += v;
    }
    return total;
}

static void remove_member(struct match_grouping *g, size_t group, size_t x)
{
    for (size_t i = 0; i < g->sizes[group]; i++)
        if (g->members[group][i] == x) {
            g->members[group][i] = g->members[group][--g->sizes[group]];
            return;
        }
}

/* Inserts x into the compatible group with room (size < max_size, at least
 * min_size already) that gains most; false when there is none. Candidates
 * are the groups of x's graph neighbours. */
static bool insert_best(const struct match_pool *pool, const size_t *members,
                        const struct match_candidate_graph *graph, struct match_grouping *g,
                        size_t *group_of, size_t x, size_t min_size, size_t max_size)
{
    size_t best_group = SIZE_MAX;
    int64_t best = -1;
    for (int32_t i = graph->neighbor_start[x]; i < graph->neighbor_start[x + 1]; i++) {
        size_t y = (size_t)graph->neighbors[i];
        size_t group = group_of[y];
        if (group == SIZE_MAX || g->sizes[group] >= max_size || g->sizes[group] < min_size)
            continue;
        int64_t v = join_value(pool, members, g, group, x, SIZE_MAX);
        if (v > best || (v == best && v >= 0 && group < best_group)) {
            best = v;
            best_group = group;
        }
    }
    if (best < 0)
        return false;
    g->members[best_group][g->sizes[best_group]++] = x;
    group_of[x] = best_group;
    return true;
}

void match_circles_add_odd(const struct match_pool *pool, const size_t *members,
                           const struct match_candidate_graph *graph,
                           struct match_grouping *grouping, const size_t *loose, size_t loose_count,
                           bool *is_placed)
{
    size_t *group_of = malloc((graph->n + 1) * sizeof *group_of);
    if (!group_of)
        return; /* the odd people stay unmatched: degraded, not wrong */
    for (size_t x = 0; x < graph->n; x++)
        group_of[x] = SIZE_MAX;
    for (size_t group = 0; group < grouping->group_count; group++)
        for (size_t i = 0; i < grouping->sizes[group]; i++)
            group_of[grouping->members[group][i]] = group;
    for (size_t i = 0; i < loose_count; i++)
        is_placed[i] = insert_best(pool, members, graph, grouping, group_of, loose[i], 2, 3);
    free(group_of);
}

/* ---- construction -------------------------------------------------------- */

static int build_fours(const struct match_pool *pool, const size_t *members,
                       const struct match_candidate_graph *graph, size_t (*pairs)[2],
                       size_t pair_count, size_t *pair_of, struct match_grouping *out,
                       size_t *capacity, bool *is_used)
{
    struct match_edge *edges = NULL;
    size_t m = 0, edge_capacity = 0;
    size_t *seen = malloc((pair_count + 1) * sizeof *seen);
    int rc = -1;
    if (!seen)
        return -1;
    for (size_t p = 0; p < pair_count; p++)
        seen[p] = SIZE_MAX;
    for (size_t p = 0; p < pair_count; p++) {
        for (int side = 0; side < 2; side++) {
            size_t x = pairs[p][side];
            for (int32_t i = graph->neighbor_start[x]; i < graph->neighbor_start[x + 1]; i++) {
                size_t q = pair_of[graph->neighbors[i]];
                if (q == SIZE_MAX || q <= p || seen[q] == p)
                    continue;
                seen[q] = p;
                int64_t total = 0;
                bool ok = true;
                for (int s = 0; s < 2 && ok; s++)
                    for (int t = 0; t < 2 && ok; t++) {
                        int64_t v = pair_value(pool, members, pairs[p][s], pairs[q][t]);
                        ok = v >= 0;
                        total += v;
                    }
                if (!ok)
                    continue;
                if (m == edge_capacity) {
                    size_t grown = edge_capacity ? edge_capacity * 2 : 256;
                    struct match_edge *e = realloc(edges, grown * sizeof *e);
                    if (!e)
                        goto done;
                    edges = e;
                    edge_capacity = grown;
                }
                edges[m++] = (struct match_edge){(int32_t)p, (int32_t)q, total};
            }
        }
    }
    struct match_solution sol;
    struct match_error err;
    if (match_max_weight(pair_count, m, edges, MATCH_MAX_CARDINALITY, &sol, &err) != 0)
        goto done;
    for (size_t p = 0; p < pair_count; p++) {
        int32_t q = sol.mate[p];
        if (q < 0 || (size_t)q < p)
            continue;
        size_t people[4] = {pairs[p][0], pairs[p][1], pairs[q][0], pairs[q][1]};
        if (grouping_add(out, capacity, people, 4) != 0) {
            match_solution_cleanup(&sol);
            goto done;
        }
        is_used[p] = is_used[q] = true;
    }
    match_solution_cleanup(&sol);
    rc = 0;
done:
    free(edges);
    free(seen);
    return rc;
}

static int compare_pairs_by_score(const void *a, const void *b)
{
    const int64_t *x = a, *y = b; /* {score, index} */
    if (x[0] != y[0])
        return x[0] < y[0] ? 1 : -1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Seeds = the best pairs; everyone else is assigned to a seed exactly. */
static int build_threes(const struct match_pool *pool, const size_t *members,
                        const struct match_candidate_graph *graph, size_t (*pairs)[2],
                        size_t pair_count, size_t total_people, struct match_grouping *out,
                        size_t *capacity, bool *is_used, size_t *singles, size_t *single_count)
{
    size_t seeds = total_people / 3;
    if (seeds > pair_count)
        seeds = pair_count;
    int64_t(*order)[2] = malloc((pair_count + 1) * sizeof *order);
    size_t *seed_of = malloc((graph->n + 1) * sizeof *seed_of);
    struct match_edge *edges = NULL;
    size_t m = 0, edge_capacity = 0;
    int rc = -1;
    if (!order || !seed_of)
        goto done;
    for (size_t p = 0; p < pair_count; p++) {
        order[p][0] = pair_value(pool, members, pairs[p][0], pairs[p][1]);
        order[p][1] = (int64_t)p;
    }
    qsort(order, pair_count, sizeof *order, compare_pairs_by_score);
    for (size_t x = 0; x < graph->n; x++)
        seed_of[x] = SIZE_MAX;
    for (size_t s = 0; s < seeds; s++) {
        size_t p = (size_t)order[s][1];
        seed_of[pairs[p][0]] = seed_of[pairs[p][1]] = s;
    }
    for (size_t s = seeds; s < pair_count; s++) { /* dissolved pairs */
        size_t p = (size_t)order[s][1];
        singles[(*single_count)++] = pairs[p][0];
        singles[(*single_count)++] = pairs[p][1];
        is_used[p] = true;
    }
    /* Bipartite graph: seeds 0..seeds-1, singles seeds..seeds+count-1. */
    for (size_t i = 0; i < *single_count; i++) {
        size_t x = singles[i];
        size_t last_seed = SIZE_MAX;
        for (int32_t k = graph->neighbor_start[x]; k < graph->neighbor_start[x + 1]; k++) {
            size_t s = seed_of[graph->neighbors[k]];
            if (s == SIZE_MAX || s == last_seed)
                continue;
            last_seed = s;
            size_t p = (size_t)order[s][1];
            int64_t a = pair_value(pool, members, x, pairs[p][0]);
            int64_t b = pair_value(pool, members, x, pairs[p][1]);
            if (a < 0 || b < 0)
                continue;
            if (m == edge_capacity) {
                size_t grown = edge_capacity ? edge_capacity * 2 : 256;
                struct match_edge *e = realloc(edges, grown * sizeof *e);
                if (!e)
                    goto done;
                edges = e;
                edge_capacity = grown;
            }
            edges[m++] = (struct match_edge){(int32_t)s, (int32_t)(seeds + i), a + b};
        }
    }
    struct match_solution sol;
    struct match_error err;
    if (match_max_weight(seeds + *single_count, m, edges, MATCH_MAX_CARDINALITY, &sol, &err) != 0)
        goto done;
    size_t kept = 0;
    for (size_t s = 0; s < seeds; s++) {
        size_t p = (size_t)order[s][1];
        int32_t mate = sol.mate[s];
        size_t people[3] = {pairs[p][0], pairs[p][1], 0};
        size_t count = 2;
        if (mate >= 0)
            people[count++] = singles[(size_t)mate - seeds];
        if (grouping_add(out, capacity, people, count) != 0) {
            match_solution_cleanup(&sol);
            goto done;
        }
        is_used[p] = true;
    }
    for (size_t i = 0; i < *single_count; i++)
        if (sol.mate[seeds + i] < 0)
            singles[kept++] = singles[i];
    *single_count = kept;
    match_solution_cleanup(&sol);
    rc = 0;
done:
    free(order);
    free(seed_of);
    free(edges);
    return rc;
}

/* ---- local search ------------------------------------------------------- */

static int64_t member_value(const struct match_pool *pool, const size_t *members,
                            const struct match_grouping *g, size_t group, size_t x)
{
    return join_value(pool, members, g, group, x, SIZE_MAX);
}

static void local_search(const struct match_pool *pool, const size_t *members,
                         const struct match_candidate_graph *graph, struct match_grouping *g,
                         size_t *group_of, size_t min_size)
{
    for (int pass = 0; pass < SEARCH_PASSES; pass++) {
        bool improved = false;
        for (size_t v = 0; v < graph->n; v++) {
            size_t a = group_of[v];
            if (a == SIZE_MAX)
                continue;
            int32_t end = graph->neighbor_start[v] + SEARCH_NEIGHBORS;
            if (end > graph->neighbor_start[v + 1])
                end = graph->neighbor_start[v + 1];
            for (int32_t i = graph->neighbor_start[v]; i < end; i++) {
                size_t u = (size_t)graph->neighbors[i];
                size_t b = group_of[u];
                if (b == SIZE_MAX || b == a)
                    continue;
                int64_t v_in_a = member_value(pool, members, g, a, v);
                int64_t u_in_b = member_value(pool, members, g, b, u);
                /* Move v to b when sizes allow. */
                if (g->sizes[a] > min_size && g->sizes[b] < MAX_CIRCLE) {
                    int64_t v_in_b = join_value(pool, members, g, b, v, SIZE_MAX);
                    if (v_in_b >= 0 && v_in_b > v_in_a) {
                        remove_member(g, a, v);
                        g->members[b][g->sizes[b]++] = v;
                        group_of[v] = b;
                        improved = true;
                        break;
                    }
                }
                /* Swap v and u. */
                int64_t u_in_a = join_value(pool, members, g, a, u, v);
                if (u_in_a < 0)
                    continue;
                int64_t v_in_b = join_value(pool, members, g, b, v, u);
                if (v_in_b < 0)
                    continue;
                /* v_in_a counts the (v,u) edge only if same group: not here. */
                if (u_in_a + v_in_b > v_in_a + u_in_b) {
                    remove_member(g, a, v);
                    remove_member(g, b, u);
                    g->members[a][g->sizes[a]++] = u;
                    g->members[b][g->sizes[b]++] = v;
                    group_of[v] = b;
                    group_of[u] = a;
                    improved = true;
                    break;
                }
            }
        }
        if (!improved)
            break;
    }
}

/* ---- the bound ------------------------------------------------------------- */

/* The smaller of half the sum of each person's best best_count pair scores
 * (read from the graph's edges, grouped by vertex) and 3 x the
 * maximum-weight matching. */
static int64_t upper_bound(const struct match_candidate_graph *graph, size_t best_count,
                           struct match_error *err)
{
    int64_t half_sum = 0;
    int64_t *score_of = NULL;
    size_t n = graph->n;
    int32_t *start = calloc(n + 1, sizeof *start);
    int32_t *peer = malloc((2 * graph->m + 1) * sizeof *peer);
    score_of = malloc((2 * graph->m + 1) * sizeof *score_of);
    int64_t bound = INT64_MAX;
    if (!start || !peer || !score_of)
        goto done;
    for (size_t e = 0; e < graph->m; e++) {
        start[graph->edges[e].u + 1]++;
        start[graph->edges[e].v + 1]++;
    }
    for (size_t x = 0; x < n; x++)
        start[x + 1] += start[x];
    int32_t *fill = malloc((n + 1) * sizeof *fill);
    if (!fill)
        goto done;
    memcpy(fill, start, (n + 1) * sizeof *fill);
    for (size_t e = 0; e < graph->m; e++) {
        int32_t u = graph->edges[e].u, v = graph->edges[e].v;
        peer[fill[u]] = v;
        score_of[fill[u]++] = graph->edges[e].weight;
        peer[fill[v]] = u;
        score_of[fill[v]++] = graph->edges[e].weight;
    }
    free(fill);
    for (size_t x = 0; x < n; x++) {
        int64_t best[3] = {0, 0, 0};
        for (int32_t i = start[x]; i < start[x + 1]; i++) {
            int64_t s = score_of[i];
            for (size_t k = 0; k < best_count; k++)
                if (s > best[k]) {
                    for (size_t j = best_count - 1; j > k; j--)
                        best[j] = best[j - 1];
                    best[k] = s;
                    break;
                }
        }
        for (size_t k = 0; k < best_count; k++)
            half_sum += best[k];
    }
    bound = half_sum / 2;
    struct match_solution sol;
    if (match_max_weight(n, graph->m, graph->edges, 0, &sol, err) == 0) {
        if (3 * sol.weight < bound)
            bound = 3 * sol.weight;
        match_solution_cleanup(&sol);
    }
done:
    free(start);
    free(peer);
    free(score_of);
    return bound;
}

/* ---- entry point ----------------------------------------------------------- */

int match_circles_build(const struct match_pool *pool, const size_t *members, size_t count,
                        const struct match_candidate_graph *graph, const int32_t *mate,
                        int group_size, struct match_grouping *out, struct match_stats *stats,
                        struct match_error *err)
{
    memset(out, 0, sizeof *out);
    size_t capacity = 0;
    size_t(*pairs)[2] = malloc((count / 2 + 1) * sizeof *pairs);
    size_t *pair_of = malloc((count + 1) * sizeof *pair_of);
    size_t *singles = malloc((count + 1) * sizeof *singles);
    size_t *group_of = malloc((count + 1) * sizeof *group_of);
    bool *is_used = calloc(count / 2 + 1, sizeof *is_used);
    size_t pair_count = 0, single_count = 0;
    int rc = -1;
    if (!pairs || !pair_of || !singles || !group_of || !is_used)
        goto done;
    for (size_t x = 0; x < count; x++) {
        pair_of[x] = SIZE_MAX;
        if (mate[x] < 0)
            singles[single_count++] = x;
        else if ((size_t)mate[x] > x) {
            pairs[pair_count][0] = x;
            pairs[pair_count][1] = (size_t)mate[x];
            pair_of[x] = pair_of[mate[x]] = pair_count++;
        }
    }
    if (group_size >= 4) {
        if (build_fours(pool, members, graph, pairs, pair_count, pair_of, out, &capacity,
                        is_used) != 0)
            goto done;
    } else if (build_threes(pool, members, graph, pairs, pair_count, count, out, &capacity, is_used,
                            singles, &single_count) != 0) {
        goto done;
    }
    for (size_t p = 0; p < pair_count; p++)
        if (!is_used[p] && grouping_add(out, &capacity, pairs[p], 2) != 0)
            goto done;
    for (size_t x = 0; x < count; x++)
        group_of[x] = SIZE_MAX;
    for (size_t group = 0; group < out->group_count; group++)
        for (size_t i = 0; i < out->sizes[group]; i++)
            group_of[out->members[group][i]] = group;
    /* Leftovers: singles join circles with room; then pairs try to dissolve
     * into circles of 3, which become circles of 4. */
    for (size_t i = 0; i < single_count; i++)
        insert_best(pool, members, graph, out, group_of, singles[i], 2, MAX_CIRCLE);
    for (size_t group = 0; group < out->group_count; group++) {
        if (out->sizes[group] != 2)
            continue;
        size_t x = out->members[group][0], y = out->members[group][1];
        out->sizes[group] = 0; /* try to place both elsewhere */
        group_of[x] = group_of[y] = SIZE_MAX;
        bool placed_x = insert_best(pool, members, graph, out, group_of, x, 3, MAX_CIRCLE);
        bool placed_y = insert_best(pool, members, graph, out, group_of, y, 3, MAX_CIRCLE);
        if (placed_x && placed_y)
            continue;
        /* Undo: put them back together. */
        if (placed_x)
            remove_member(out, group_of[x], x);
        if (placed_y)
            remove_member(out, group_of[y], y);
        out->members[group][0] = x;
        out->members[group][1] = y;
        out->sizes[group] = 2;
        group_of[x] = group_of[y] = group;
    }
    local_search(pool, members, graph, out, group_of, 3);
    /* Drop emptied groups. */
    size_t kept = 0;
    for (size_t group = 0; group < out->group_count; group++) {
        if (out->sizes[group] == 0)
            continue;
        out->sizes[kept] = out->sizes[group];
        memcpy(out->members[kept], out->members[group], sizeof out->members[0]);
        kept++;
    }
    out->group_count = kept;
    int64_t achieved = 0;
    for (size_t group = 0; group < out->group_count; group++) {
        size_t people[4];
        for (size_t i = 0; i < out->sizes[group]; i++)
            people[i] = members[out->members[group][i]];
        bool ok;
        achieved += match_group_score(pool, people, out->sizes[group], &ok);
    }
    stats->has_circle_bound = true;
    stats->circle_score = achieved;
    /* Circles have at most 4 members, so at most 3 partners each. */
    stats->circle_upper_bound = upper_bound(graph, 3, err);
    rc = 0;
done:
    free(pairs);
    free(pair_of);
    free(singles);
    free(group_of);
    free(is_used);
    if (rc != 0) {
        match_grouping_cleanup(out);
        return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
    }
    return 0;
}
