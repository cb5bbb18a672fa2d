/* graph.c — match_max_weight(): checks a graph, prepares its weights for the
 * blossom solver and turns the solver's answer into a solution.
 *
 * Maximum cardinality first is reduced to plain maximum weight by adding a
 * constant C to every edge: with C > (n/2) * (wmax - wmin), a matching with
 * one more edge always outweighs any smaller one (an augmenting path gains
 * C and loses at most n/2 * range), and among matchings of one size the
 * order by weight is unchanged. The solver needs positive weights, which the
 * shift also gives. Without the flag, edges of weight <= 0 are dropped: an
 * optimum never needs them. */
#include "match/match.h"

#include <stdio.h>
#include <stdlib.h>

#include "match/blossom.h"
#include "match/util.h"

/* Largest prepared weight: the solver's duals and clock reach a few times
 * it, which must stay far inside int64. */
#define PREPARED_WEIGHT_LIMIT ((int64_t)1 << 58)

void match_solution_cleanup(struct match_solution *solution)
{
    free(solution->mate);
    solution->mate = NULL;
    solution->weight = 0;
    solution->cardinality = 0;
}

static int check_edges(size_t n, size_t m, const struct match_edge *edges, struct match_error *err)
{
    for (size_t e = 0; e < m; e++) {
        const struct match_edge *x = &edges[e];
        if (x->u < 0 || x->v < 0 || (size_t)x->u >= n || (size_t)x->v >= n)
            return match_fail(err, MATCH_ERR_INVALID, 0, "edge %zu: vertex out of range 0..%zu", e,
                              n ? n - 1 : 0);
        if (x->u == x->v)
            return match_fail(err, MATCH_ERR_INVALID, 0, "edge %zu: self-loop on vertex %d", e,
                              (int)x->u);
        if (x->weight > MATCH_WEIGHT_LIMIT || x->weight < -MATCH_WEIGHT_LIMIT)
            return match_fail(err, MATCH_ERR_RANGE, 0, "edge %zu: weight %lld is beyond +/-2^40", e,
                              (long long)x->weight);
    }
    return 0;
}

int match_max_weight(size_t n, size_t m, const struct match_edge *edges, int flags,
                     struct match_solution *out, struct match_error *err)
{
    bool max_cardinality = (flags & MATCH_MAX_CARDINALITY) != 0;
    out->mate = NULL;
    out->weight = 0;
    out->cardinality = 0;
    match_error_clear(err);
    if (n > MATCH_VERTEX_LIMIT)
        return match_fail(err, MATCH_ERR_RANGE, 0, "%zu vertices: the limit is 2^28", n);
    if (m >= ((size_t)1 << 30))
        return match_fail(err, MATCH_ERR_RANGE, 0, "%zu edges: the limit is 2^30", m);
    if (m > 0 && !edges)
        return match_fail(err, MATCH_ERR_INVALID, 0, "no edge array");
    if (check_edges(n, m, edges, err) != 0)
        return -1;

    int64_t lowest = 0, highest = 0, shift = 0;
    for (size_t e = 0; e < m; e++) {
        if (e == 0 || edges[e].weight < lowest)
            lowest = edges[e].weight;
        if (e == 0 || edges[e].weight > highest)
            highest = edges[e].weight;
    }
    if (max_cardinality && m > 0) {
        int64_t range = highest - lowest;
        int64_t half = (int64_t)(n / 2) + 1;
        if (range > 0 && half > (PREPARED_WEIGHT_LIMIT - 1) / range / 2)
            return match_fail(err, MATCH_ERR_RANGE, 0,
                              "maximum cardinality with %zu vertices and weights spanning %lld "
                              "needs more than 64-bit arithmetic",
                              n, (long long)range);
        shift = (int64_t)(n / 2) * range + 1 - lowest;
    }

    int32_t *mate = malloc((n ? n : 1) * sizeof *mate);
    int32_t *eu = malloc((m ? m : 1) * sizeof *eu);
    int32_t *ev = malloc((m ? m : 1) * sizeof *ev);
    int64_t *w = malloc((m ? m : 1) * sizeof *w);
    size_t *origin = malloc((m ? m : 1) * sizeof *origin);
    struct match_blossom *solver = NULL;
    if (!mate || !eu || !ev || !w || !origin)
        goto nomem;
    size_t kept = 0;
    for (size_t e = 0; e < m; e++) {
        int64_t prepared = edges[e].weight + shift;
        if (prepared <= 0)
            continue;
        eu[kept] = edges[e].u;
        ev[kept] = edges[e].v;
        w[kept] = prepared;
        origin[kept] = e;
        kept++;
    }
    solver = match_blossom_new(n, kept, eu, ev, w);
    if (!solver || match_blossom_solve(solver) != 0)
        goto nomem;
    for (size_t v = 0; v < n; v++) {
        int32_t e = match_blossom_mate_edge(solver, (int32_t)v);
        if (e < 0) {
            mate[v] = -1;
            continue;
        }
        const struct match_edge *x = &edges[origin[e]];
        mate[v] = x->u == (int32_t)v ? x->v : x->u;
        if ((int32_t)v < mate[v]) {
            out->weight += x->weight;
            out->cardinality++;
        }
    }
    match_blossom_free(solver);
    free(eu);
    free(ev);
    free(w);
    free(origin);
    out->mate = mate;
    return 0;
nomem:
    match_blossom_free(solver);
    free(mate);
    free(eu);
    free(ev);
    free(w);
    free(origin);
    return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
}
