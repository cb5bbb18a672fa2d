/* blossom.h — the exact maximum-weight matching solver (internal).
 *
 * Input is already prepared by graph.c: every weight is positive (edges that
 * can never help were dropped, a maximum-cardinality request was turned into
 * a weight shift), no self-loops. The solver owns copies of nothing: the
 * endpoint and weight arrays must outlive it. */
#ifndef PEERCOACH_MATCH_BLOSSOM_H
#define PEERCOACH_MATCH_BLOSSOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct match_blossom;

/* NULL when memory runs out. */
struct match_blossom *match_blossom_new(size_t n, size_t m, const int32_t *edge_u,
                                        const int32_t *edge_v, const int64_t *weight);
void match_blossom_free(struct match_blossom *solver);

/* Solves; returns 0 or -1 (out of memory). */
int match_blossom_solve(struct match_blossom *solver);

/* After solving: the matched edge of vertex v, or -1. */
int32_t match_blossom_mate_edge(const struct match_blossom *solver, int32_t v);

/* After solving: checks the optimality certificate (feasible duals, tight
 * matched edges, zero dual on exposed vertices, full blossoms). Returns true
 * when it holds; else writes the first broken condition into why. For tests. */
bool match_blossom_verify(struct match_blossom *solver, char *why, size_t why_size);

/* Counters for benchmarks and tests. */
struct match_blossom_counters {
    size_t greedy_matched; /* vertices matched by the jump start */
    size_t augmentations;
    size_t blossoms_formed;
    size_t blossoms_expanded;
    size_t events;
    size_t heap_pushes;
};
void match_blossom_counters(const struct match_blossom *solver, struct match_blossom_counters *out);

#endif
