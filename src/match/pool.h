/* pool.h — the prepared pool of people the engine works on (internal).
 *
 * match_run() first turns the caller's input into compact per-person data:
 * strings interned to small integers and sorted, availability shifted to UTC
 * and merged, the reporting forest flattened into Euler-tour intervals, goal
 * text turned into TF-IDF vectors. Every later step (constraints, scores,
 * candidates, circles, explanations) reads only this. All arrays are owned
 * by the pool; strings point into the caller's input, which outlives it. */
#ifndef PEERCOACH_MATCH_POOL_H
#define PEERCOACH_MATCH_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "match/match.h"

#define MATCH_WEEK_MINUTES 10080

/* A run of a shared array: items [start, start + count). */
struct match_span {
    uint32_t start, count;
};

struct match_interval {
    int32_t start, end; /* UTC minutes of the week, start < end */
};

struct match_term {
    int32_t term;
    float weight;
};

struct match_past {
    int32_t peer; /* index in the pool */
    int32_t round;
};

struct match_profile {
    int level;
    int32_t department; /* interned, -1 for none */
    int utc_offset;
    struct match_span languages, wants, offers, interests; /* sorted interned ids */
    struct match_span availability;                        /* merged UTC intervals */
    int32_t available_minutes;
    uint64_t slot_mask[6];            /* 30-minute slots touched: a quick overlap bound */
    uint64_t language_mask;           /* bit (id % 64) per language: a quick test */
    uint64_t wants_mask, offers_mask; /* the same for skills */
    struct match_span terms;          /* TF-IDF vector, sorted by term */
    struct match_span past;           /* sorted by peer */
    struct match_span requested;      /* sorted peer indexes */
    struct match_span never;          /* sorted peer indexes */
    uint32_t chain_in, chain_out;     /* Euler tour of the reporting forest */
};

struct match_pool {
    const struct match_input *input;
    const struct match_rules *rules;
    size_t n;
    struct match_profile *people;
    int32_t *ids; /* interned ids and peer indexes, shared by spans */
    size_t id_count, id_capacity;
    struct match_interval *intervals;
    size_t interval_count, interval_capacity;
    struct match_term *terms;
    size_t term_count, term_capacity;
    struct match_past *pasts;
    size_t past_count, past_capacity;
    char **vocabulary; /* interned strings (lower-cased copies), by id */
    size_t vocabulary_count;
    char **term_text; /* TF-IDF terms (stemmed), by term id */
    size_t term_text_count;
    int32_t *term_df;
    int32_t *id_table; /* open addressing: person index + 1, 0 = empty */
    size_t id_table_size;
};

/* Builds the pool; returns NULL with err filled on bad input or no memory. */
struct match_pool *match_pool_new(const struct match_input *input, struct match_error *err);
void match_pool_free(struct match_pool *pool);

/* Index of the person with this id, or -1. */
int32_t match_pool_find(const struct match_pool *pool, int64_t id);

static inline const int32_t *match_pool_ids(const struct match_pool *pool, struct match_span s)
{
    return pool->ids + s.start;
}

const char *match_pool_name(const struct match_pool *pool, size_t person);

/* ---- constraints.c -------------------------------------------------------- */

/* Hard constraints a pair breaks, as bits (1 << enum match_reason). */
uint32_t match_pair_conflicts(const struct match_pool *pool, size_t a, size_t b);
bool match_in_reporting_chain(const struct match_pool *pool, size_t a, size_t b);
/* The same verdict as match_pair_conflicts() == 0, stopping at the first
 * broken constraint, cheapest first; *overlap gets the shared minutes when
 * they were computed, else -1. */
bool match_pair_compatible(const struct match_pool *pool, size_t a, size_t b, int32_t *overlap);
/* The pair's score when compatible, else -1: the hot path of graph building. */
int64_t match_pair_evaluate(const struct match_pool *pool, size_t a, size_t b);
/* Why person a could not be placed: fills reason, compatible_count, text. */
int match_explain_unmatched(const struct match_pool *pool, size_t a, bool is_odd_one_out,
                            struct match_unmatched *out);

/* ---- availability.c ------------------------------------------------------- */

/* Appends person's windows, shifted to UTC and merged; fills the profile's
 * span, minutes and slot mask. Returns 0, or -1 with err filled. */
int match_availability_prepare(struct match_pool *pool, const struct match_person *person,
                               struct match_profile *profile, struct match_error *err);
int32_t match_overlap_minutes(const struct match_pool *pool, size_t a, size_t b);

/* ---- tfidf.c -------------------------------------------------------------- */

/* Builds every person's TF-IDF vector over goals, interests and skills to
 * develop. Returns 0 or -1 (no memory). */
int match_tfidf_prepare(struct match_pool *pool, struct match_error *err);
double match_tfidf_cosine(const struct match_pool *pool, size_t a, size_t b);
/* Up to max shared terms with the largest product of weights, best first. */
size_t match_tfidf_shared(const struct match_pool *pool, size_t a, size_t b, int32_t *terms,
                          size_t max);
/* Lower-cases, splits, drops stop words and folds simple English plurals;
 * calls emit for each term. Exposed for tests. */
void match_tokenize(const char *text, void (*emit)(void *ctx, const char *term, size_t length),
                    void *ctx);
/* The plural folding alone, in place on a lower-case word; returns the new length. */
size_t match_stem(char *word, size_t length);

/* ---- score.c -------------------------------------------------------------- */

/* The soft score of a compatible pair, factor by factor (points). */
struct match_pair_factors {
    int64_t points[MATCH_RULE_COUNT];
    int64_t total;
    int32_t overlap_minutes;
};
void match_score_pair(const struct match_pool *pool, size_t a, size_t b,
                      struct match_pair_factors *out);
/* The same, reusing shared minutes already computed (overlap >= 0). */
void match_score_pair_with(const struct match_pool *pool, size_t a, size_t b, int32_t overlap,
                           struct match_pair_factors *out);
/* Only the total. */
int64_t match_score_total(const struct match_pool *pool, size_t a, size_t b);
size_t match_intersect(const int32_t *a, size_t na, const int32_t *b, size_t nb, int32_t *out,
                       size_t max);

/* ---- candidates.c --------------------------------------------------------- */

struct match_candidate_graph {
    size_t n, m;
    struct match_edge *edges; /* u < v, weight = pair score */
    int32_t *neighbor_start;  /* per person, into neighbors (n + 1) */
    int32_t *neighbors;       /* best compatible peers, best first */
    bool is_full;             /* every compatible pair is present */
    bool is_exact_top_k;      /* every person's list is their true top k */
};

/* Builds the graph over the pool members listed in members (count of them,
 * indexes into pool): full when is_full is asked, else each person's k best. */
int match_candidates_build(const struct match_pool *pool, const size_t *members, size_t count,
                           bool is_full, int k, int threads, struct match_candidate_graph *out,
                           struct match_error *err);
void match_candidates_cleanup(struct match_candidate_graph *graph);

/* ---- circles.c ------------------------------------------------------------ */

/* A working grouping over graph positions (indexes into the members array
 * the graph was built on, not pool indexes). */
struct match_grouping {
    size_t group_count;
    size_t *sizes;        /* per group */
    size_t (*members)[4]; /* per group, up to four positions */
};

/* Groups of 3 and 4 from the matched pairs, then local search. The graph is
 * over positions 0..count-1 of members. Fills stats' circle fields. */
int match_circles_build(const struct match_pool *pool, const size_t *members, size_t count,
                        const struct match_candidate_graph *graph, const int32_t *mate,
                        int group_size, struct match_grouping *out, struct match_stats *stats,
                        struct match_error *err);
/* Adds odd people to compatible pairs as circles of 3 (pairs mode). */
void match_circles_add_odd(const struct match_pool *pool, const size_t *members,
                           const struct match_candidate_graph *graph,
                           struct match_grouping *grouping, const size_t *loose, size_t loose_count,
                           bool *is_placed);
void match_grouping_cleanup(struct match_grouping *grouping);
int64_t match_group_score(const struct match_pool *pool, const size_t *members, size_t count,
                          bool *is_compatible);

/* ---- parallel.c ----------------------------------------------------------- */

/* Calls body(ctx, i) for i in 0..count-1 on up to threads threads. */
void match_parallel_for(size_t count, int threads, void (*body)(void *ctx, size_t item), void *ctx);

/* ---- explain.c ------------------------------------------------------------ */

/* Fills group's score, factors and explanation from its members. */
int match_explain_group(const struct match_pool *pool, struct match_group *group);

#endif
