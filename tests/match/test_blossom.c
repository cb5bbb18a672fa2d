/* test_blossom.c — exactness of the blossom solver: on thousands of random
 * graphs with up to 12 vertices the total equals a brute-force optimum (in
 * both modes), the matching is valid, and the solver's own optimality
 * certificate holds. Also small hand-made graphs with nested blossoms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/blossom.h"
#include "match/match.h"
#include "match/util.h"

struct best {
    int cardinality;
    int64_t weight;
};

/* Optimum over all matchings of the vertex subset in mask (bit DP). */
static struct best brute_force(int n, const int64_t *w, const int *has, bool max_cardinality)
{
    size_t states = (size_t)1 << n;
    struct best *table = calloc(states, sizeof *table);
    for (size_t mask = 1; mask < states; mask++) {
        int i = __builtin_ctzll(mask);
        size_t rest = mask & ~((size_t)1 << i);
        struct best b = table[rest]; /* i stays single */
        for (int j = i + 1; j < n; j++) {
            if (!(rest >> j & 1) || !has[i * n + j])
                continue;
            struct best c = table[rest & ~((size_t)1 << j)];
            c.cardinality++;
            c.weight += w[i * n + j];
            bool better = max_cardinality
                              ? (c.cardinality > b.cardinality ||
                                 (c.cardinality == b.cardinality && c.weight > b.weight))
                              : c.weight > b.weight;
            if (better)
                b = c;
        }
        table[mask] = b;
    }
    struct best out = table[states - 1];
    free(table);
    return out;
}

static uint64_t rng_state;
static uint64_t next_random(void)
{
    rng_state = match_mix64(rng_state);
    return rng_state;
}

/* One random graph: n vertices, each pair present with probability p%,
 * weights in [low, high]. Returns the number of edges written. */
static size_t random_graph(int n, int p, int64_t low, int64_t high, struct match_edge *edges,
                           int64_t *w, int *has)
{
    size_t m = 0;
    memset(has, 0, sizeof(int) * (size_t)(n * n));
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            if ((int)(next_random() % 100) >= p)
                continue;
            int64_t weight = low + (int64_t)(next_random() % (uint64_t)(high - low + 1));
            edges[m++] = (struct match_edge){i, j, weight};
            w[i * n + j] = w[j * n + i] = weight;
            has[i * n + j] = has[j * n + i] = 1;
        }
    return m;
}

static void check_solution(int n, size_t m, const struct match_edge *edges,
                           const struct match_solution *sol)
{
    int64_t total = 0;
    size_t pairs = 0;
    for (int v = 0; v < n; v++) {
        int u = sol->mate[v];
        if (u < 0)
            continue;
        assert_true(u < n);
        assert_int_equal(sol->mate[u], v);
        if (v < u) {
            /* The edge must exist; use the best parallel one's weight. */
            bool found = false;
            int64_t best = 0;
            for (size_t e = 0; e < m; e++)
                if ((edges[e].u == v && edges[e].v == u) || (edges[e].u == u && edges[e].v == v)) {
                    if (!found || edges[e].weight > best)
                        best = edges[e].weight;
                    found = true;
                }
            assert_true(found);
            total += best;
            pairs++;
        }
    }
    /* The reported weight and cardinality are those of the mates given. */
    assert_int_equal(total, sol->weight);
    assert_int_equal(pairs, sol->cardinality);
}

static void run_random(int count, int max_n, int64_t low, int64_t high, bool max_cardinality)
{
    struct match_edge edges[144];
    int64_t w[144];
    int has[144];
    for (int round = 0; round < count; round++) {
        int n = 1 + (int)(next_random() % (uint64_t)max_n);
        int p = 10 + (int)(next_random() % 91);
        size_t m = random_graph(n, p, low, high, edges, w, has);
        struct match_solution sol;
        struct match_error err;
        int rc = match_max_weight((size_t)n, m, edges, max_cardinality ? MATCH_MAX_CARDINALITY : 0,
                                  &sol, &err);
        assert_int_equal(rc, 0);
        struct best b = brute_force(n, w, has, max_cardinality);
        if (sol.weight != b.weight || (max_cardinality && (int)sol.cardinality != b.cardinality)) {
            fprintf(stderr, "round %d n=%d m=%zu: got %lld/%zu want %lld/%d\n", round, n, m,
                    (long long)sol.weight, sol.cardinality, (long long)b.weight, b.cardinality);
            for (size_t e = 0; e < m; e++)
                fprintf(stderr, "  %d %d %lld\n", edges[e].u, edges[e].v,
                        (long long)edges[e].weight);
        }
        assert_int_equal(sol.weight, b.weight);
        if (max_cardinality)
            assert_int_equal((int)sol.cardinality, b.cardinality);
        check_solution(n, m, edges, &sol);
        match_solution_cleanup(&sol);
    }
}

static void test_brute_force_max_weight(void **state)
{
    (void)state;
    rng_state = 1;
    run_random(3000, 12, 1, 20, false);
    run_random(1000, 12, -10, 30, false);
    run_random(500, 12, 1, 1000000, false);
}

static void test_brute_force_max_cardinality(void **state)
{
    (void)state;
    rng_state = 2;
    run_random(3000, 12, 1, 20, true);
    run_random(1000, 12, -10, 30, true);
    run_random(500, 12, 0, 3, true);
}

/* The solver's certificate on positive-weight graphs, small to medium. */
static void test_certificate_holds(void **state)
{
    (void)state;
    rng_state = 3;
    for (int round = 0; round < 400; round++) {
        int n = 2 + (int)(next_random() % 60);
        int p = 5 + (int)(next_random() % 60);
        size_t cap = (size_t)(n * n);
        int32_t *eu = malloc(cap * sizeof *eu), *ev = malloc(cap * sizeof *ev);
        int64_t *w = malloc(cap * sizeof *w);
        size_t m = 0;
        int64_t high = round % 2 ? 10 : 100000;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if ((int)(next_random() % 100) < p) {
                    eu[m] = i;
                    ev[m] = j;
                    w[m++] = 1 + (int64_t)(next_random() % (uint64_t)high);
                }
        struct match_blossom *s = match_blossom_new((size_t)n, m, eu, ev, w);
        assert_non_null(s);
        assert_int_equal(match_blossom_solve(s), 0);
        char why[200];
        bool ok = match_blossom_verify(s, why, sizeof why);
        if (!ok)
            fprintf(stderr, "round %d: %s\n", round, why);
        assert_true(ok);
        match_blossom_free(s);
        free(eu);
        free(ev);
        free(w);
    }
}

static void test_nested_blossoms(void **state)
{
    (void)state;
    /* Small graphs that force blossoms to form, relabel, expand and nest;
     * expected totals cross-checked with networkx. */
    struct {
        size_t m;
        struct match_edge e[12];
        int64_t want;
        int flags;
    } cases[] = {
        {3, {{0, 1, 5}, {1, 2, 11}, {2, 3, 5}}, 11, 0},
        {3, {{0, 1, 5}, {1, 2, 11}, {2, 3, 5}}, 10, MATCH_MAX_CARDINALITY},
        {4, {{0, 1, 9}, {0, 2, 9}, {1, 2, 10}, {2, 3, 7}}, 16, 0},
        {6, {{0, 1, 9}, {0, 2, 8}, {1, 2, 10}, {0, 3, 5}, {3, 4, 4}, {0, 5, 3}}, 17, 0},
        {8,
         {{0, 1, 23},
          {0, 4, 22},
          {0, 5, 15},
          {1, 2, 25},
          {2, 3, 22},
          {3, 4, 25},
          {3, 7, 14},
          {4, 6, 13}},
         67,
         0},
        {9,
         {{0, 1, 19},
          {0, 2, 20},
          {0, 7, 8},
          {1, 2, 25},
          {1, 3, 18},
          {2, 4, 18},
          {3, 4, 13},
          {3, 6, 7},
          {4, 5, 7}},
         47,
         0},
        {10,
         {{0, 1, 45},
          {0, 4, 45},
          {1, 2, 50},
          {2, 3, 45},
          {3, 4, 50},
          {0, 5, 30},
          {2, 8, 35},
          {3, 7, 35},
          {4, 6, 26},
          {8, 9, 5}},
         146,
         0},
        {10,
         {{0, 1, 45},
          {0, 4, 45},
          {1, 2, 50},
          {2, 3, 45},
          {3, 4, 50},
          {0, 5, 30},
          {2, 8, 26},
          {3, 7, 40},
          {4, 6, 40},
          {8, 9, 5}},
         165,
         0},
        {11,
         {{0, 1, 40},
          {0, 2, 40},
          {1, 2, 60},
          {1, 3, 55},
          {2, 4, 55},
          {3, 4, 50},
          {0, 7, 15},
          {4, 6, 30},
          {6, 5, 10},
          {7, 9, 10},
          {3, 8, 30}},
         145,
         0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t n = 0;
        for (size_t e = 0; e < cases[c].m; e++) {
            if ((size_t)cases[c].e[e].u + 1 > n)
                n = (size_t)cases[c].e[e].u + 1;
            if ((size_t)cases[c].e[e].v + 1 > n)
                n = (size_t)cases[c].e[e].v + 1;
        }
        struct match_solution sol;
        struct match_error err;
        assert_int_equal(match_max_weight(n, cases[c].m, cases[c].e, cases[c].flags, &sol, &err),
                         0);
        int64_t got = sol.weight;
        match_solution_cleanup(&sol);
        if (got != cases[c].want)
            fprintf(stderr, "case %zu: got %lld\n", c, (long long)got);
        assert_int_equal(got, cases[c].want);
    }
}

static void test_bad_graph_input(void **state)
{
    (void)state;
    struct match_solution sol;
    struct match_error err;
    struct match_edge loop[] = {{1, 1, 3}};
    assert_int_equal(match_max_weight(2, 1, loop, 0, &sol, &err), -1);
    assert_int_equal(err.status, MATCH_ERR_INVALID);
    struct match_edge out_of_range[] = {{0, 5, 3}};
    assert_int_equal(match_max_weight(2, 1, out_of_range, 0, &sol, &err), -1);
    assert_int_equal(err.status, MATCH_ERR_INVALID);
    struct match_edge huge[] = {{0, 1, INT64_MAX}};
    assert_int_equal(match_max_weight(2, 1, huge, 0, &sol, &err), -1);
    assert_int_equal(err.status, MATCH_ERR_RANGE);
    struct match_edge wide[] = {{0, 1, MATCH_WEIGHT_LIMIT}, {1, 2, -MATCH_WEIGHT_LIMIT}};
    assert_int_equal(match_max_weight(100000000, 2, wide, MATCH_MAX_CARDINALITY, &sol, &err), -1);
    assert_int_equal(err.status, MATCH_ERR_RANGE);
    /* n = 0 and n = 1 give empty matchings. */
    assert_int_equal(match_max_weight(0, 0, NULL, MATCH_MAX_CARDINALITY, &sol, &err), 0);
    assert_int_equal(sol.cardinality, 0);
    match_solution_cleanup(&sol);
    assert_int_equal(match_max_weight(1, 0, NULL, 0, &sol, &err), 0);
    assert_int_equal(sol.mate[0], -1);
    match_solution_cleanup(&sol);
    /* The largest allowed weights are exact. */
    struct match_edge big[] = {{0, 1, MATCH_WEIGHT_LIMIT}, {1, 2, MATCH_WEIGHT_LIMIT}, {2, 3, 1}};
    assert_int_equal(match_max_weight(4, 3, big, MATCH_MAX_CARDINALITY, &sol, &err), 0);
    assert_int_equal(sol.weight, MATCH_WEIGHT_LIMIT + 1);
    match_solution_cleanup(&sol);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_blossoms),
        cmocka_unit_test(test_brute_force_max_weight),
        cmocka_unit_test(test_brute_force_max_cardinality),
        cmocka_unit_test(test_certificate_holds),
        cmocka_unit_test(test_bad_graph_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
