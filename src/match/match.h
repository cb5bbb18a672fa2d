/* match.h — the matching engine: pairs and circles of peers, scored,
 * explained, optimal.
 *
 * Two levels, both pure (no I/O, no globals, no database): callers own every
 * input and get back one result object that owns everything it points to,
 * so concurrent calls on different inputs need no locking.
 *
 * 1. match_max_weight(): an exact maximum-weight matching on any general
 *    graph (our own Edmonds' blossom algorithm), optionally of maximum
 *    cardinality first.
 * 2. match_run(): people and program rules in, groups with scores and
 *    plain-words explanations out, plus every unmatched person with the
 *    constraint that left them out. Locked groups are kept as given; the
 *    seed and round make reruns reproducible and rotation possible.
 *
 * Time is the caller's business: each person carries the UTC offset of their
 * zone (at the date matching runs) and weekly windows in local time; the
 * engine shifts the windows itself. docs/MATCHING.md has the formulas. */
#ifndef PEERCOACH_MATCH_H
#define PEERCOACH_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors --------------------------------------------------------------- */

enum match_status {
    MATCH_OK = 0,
    MATCH_ERR_NOMEM,        /* an allocation failed */
    MATCH_ERR_INVALID,      /* a malformed argument (vertex out of range, bad window…) */
    MATCH_ERR_DUPLICATE_ID, /* two people with one id */
    MATCH_ERR_UNKNOWN_ID,   /* a manager or locked-group member that is not known */
    MATCH_ERR_MANAGER_CYCLE,
    MATCH_ERR_RANGE, /* a weight or size beyond what the engine computes exactly */
};

/* Filled by every entry point that can fail: status plus one sentence. */
struct match_error {
    enum match_status status;
    int64_t person_id; /* the person concerned, when there is one; else 0 */
    char message[160];
};

const char *match_status_name(enum match_status status);

/* ---- the graph solver ----------------------------------------------------- */

/* Weights beyond ±2^40 are refused (MATCH_ERR_RANGE): the solver works in
 * exact 64-bit integers and needs head-room for its doubled duals and, in
 * maximum-cardinality mode, for a shift of about n/2 times the weight range. */
#define MATCH_WEIGHT_LIMIT ((int64_t)1 << 40)
#define MATCH_VERTEX_LIMIT ((size_t)1 << 28)

struct match_edge {
    int32_t u, v;
    int64_t weight;
};

enum match_flags {
    /* Among matchings of maximum cardinality, one of maximum weight
     * (otherwise: maximum weight, any cardinality; edges of weight <= 0 are
     * then never used). */
    MATCH_MAX_CARDINALITY = 1 << 0,
};

struct match_solution {
    int32_t *mate;      /* n entries: partner vertex or -1; owned */
    int64_t weight;     /* sum of the weights of matched edges */
    size_t cardinality; /* number of matched edges */
};

/* Exact maximum-weight matching of the graph with n vertices (0..n-1) and
 * the m edges given (parallel edges allowed, self-loops refused). Fills out
 * (free its mate with match_solution_cleanup) and returns 0, or returns -1
 * with err filled. Deterministic: the same input gives the same matching. */
int match_max_weight(size_t n, size_t m, const struct match_edge *edges, int flags,
                     struct match_solution *out, struct match_error *err);
void match_solution_cleanup(struct match_solution *solution);

/* ---- people, rules, groups ------------------------------------------------ */

#define MATCH_NO_ID INT64_MIN /* "no manager" */

struct match_strings {
    const char *const *items;
    size_t count;
};

/* A weekly window in the person's local time: day 0 = Monday … 6 = Sunday,
 * minutes since local midnight, start < end <= 1440. */
struct match_window {
    int day;
    int start_minute;
    int end_minute;
};

/* A past partnership: with whom and in which round (rounds count up). */
struct match_past_partner {
    int64_t peer_id;
    int round;
};

struct match_person {
    int64_t id;
    const char *display_name; /* used in explanations; NULL reads "this person" */
    int level;                /* on the organization's scale */
    const char *department;   /* NULL or "" = none */
    int64_t manager_id;       /* MATCH_NO_ID for none */
    int utc_offset_minutes;   /* east of UTC, e.g. 60 for Paris in winter */
    const struct match_window *windows;
    size_t window_count;
    struct match_strings languages;
    struct match_strings skills_to_develop;
    struct match_strings skills_to_offer;
    struct match_strings interests;
    const char *goals; /* free text of the enrollment goals; may be NULL */
    const struct match_past_partner *past_partners;
    size_t past_partner_count;
    const int64_t *requested_ids; /* people this person asked to be paired with */
    size_t requested_count;
    const int64_t *never_ids; /* people this person must never be paired with */
    size_t never_count;
};

/* Someone in the reporting chain who is not a participant (a manager of
 * participants): lets the engine see chains that pass through them. */
struct match_manager_link {
    int64_t id;
    int64_t manager_id; /* MATCH_NO_ID for none */
};

/* A group the organizer fixed by hand: kept exactly as given, scored and
 * explained, its members taken out of the pool. */
struct match_locked_group {
    const int64_t *member_ids;
    size_t member_count; /* 2..4 */
};

/* Soft-score rules; each weight is 0..1000 (0 switches the rule off). */
enum match_rule {
    MATCH_RULE_COMPLEMENT = 0, /* A wants what B offers and/or B wants what A offers */
    MATCH_RULE_SIMILARITY,     /* shared growth areas, interests, goal text (TF-IDF) */
    MATCH_RULE_LEVEL,          /* similar level */
    MATCH_RULE_DEPARTMENT,     /* different (or same, per department_mode) departments */
    MATCH_RULE_TIMEZONE,       /* close time zones */
    MATCH_RULE_AVAILABILITY,   /* more shared weekly hours */
    MATCH_RULE_REQUEST,        /* one or both asked for the other */
    MATCH_RULE_COUNT
};

const char *match_rule_name(enum match_rule rule); /* "complement", … */

enum match_department_mode {
    MATCH_DEPARTMENT_CROSS = 0, /* prefer different departments */
    MATCH_DEPARTMENT_SAME,      /* prefer the same department */
};

enum match_odd_person {
    MATCH_ODD_JOIN_GROUP = 0, /* joins a compatible pair as a circle of 3 */
    MATCH_ODD_UNMATCHED,      /* stays unmatched (with the reason) */
};

struct match_rules {
    /* Hard constraints: never violated (except inside locked groups). */
    bool avoid_reporting_chain; /* manager, manager's manager… and reports, any depth */
    int min_overlap_minutes;    /* shared weekly availability; 0 = off */
    bool require_shared_language;
    int avoid_recent_rounds; /* K: not partners in the last K rounds; 0 = off */
    bool respect_never_with;
    int max_level_gap; /* G; negative = off */

    int weights[MATCH_RULE_COUNT];
    enum match_department_mode department_mode;

    /* Shape of the groups. */
    int group_size; /* 2 = pairs; 3 or 4 = circles (of 3 and 4) */
    enum match_odd_person odd_person;

    /* Large programs: each person keeps the candidate_k best compatible peers
     * and matching is exact on that graph. Up to full_graph_limit people the
     * full graph is used instead (every compatible pair). */
    int candidate_k;
    size_t full_graph_limit;
    /* Also solve the full graph when n <= compare_limit (and the candidate
     * graph was used) to report what the candidate graph lost. 0 = never. */
    size_t compare_limit;
};

/* Defaults: all hard constraints on, 60 minutes overlap, 2 rounds, gap 2,
 * weights complement 30, similarity 25, level 10, department 10, timezone 5,
 * availability 5, request 15; pairs, odd person joins, k 32, full graph up
 * to 2000 people, no comparison. */
void match_rules_init(struct match_rules *rules);

struct match_input {
    const struct match_person *people;
    size_t person_count;
    const struct match_manager_link *managers; /* non-participants; may be NULL */
    size_t manager_count;
    const struct match_locked_group *locked; /* may be NULL */
    size_t locked_count;
    struct match_rules rules;
    int round;     /* this round's number: past partners of rounds >= round-K are avoided */
    uint64_t seed; /* tie-breaks and candidate sampling; same input + seed = same output */
    int threads;   /* worker threads for scoring (1 when <= 1); output does not depend on it */
};

/* One factor of a group's explanation: a rule that really scored. */
struct match_factor {
    enum match_rule rule;
    int64_t points; /* its contribution to the group's score, > 0 */
    char *text;     /* plain words, e.g. "Ana offers data analysis that Ben wants to learn" */
};

struct match_group {
    size_t *members; /* indexes into input.people, ascending */
    int64_t *member_ids;
    size_t member_count;
    int64_t score; /* sum of the pair scores inside the group, in points */
    bool is_locked;
    bool breaks_constraints;      /* only possible for a locked group */
    struct match_factor *factors; /* sorted by points, largest first */
    size_t factor_count;
    char *explanation; /* the factors joined in one sentence */
};

enum match_reason {
    MATCH_REASON_NO_AVAILABILITY = 0, /* the person gave no available hours */
    MATCH_REASON_REPORTING_CHAIN,
    MATCH_REASON_LANGUAGE,
    MATCH_REASON_AVAILABILITY,
    MATCH_REASON_LEVEL_GAP,
    MATCH_REASON_NEVER_WITH,
    MATCH_REASON_RECENT_PARTNER,
    MATCH_REASON_ALONE,          /* the only person in the pool */
    MATCH_REASON_PARTNERS_TAKEN, /* compatible peers exist but all were matched elsewhere */
    MATCH_REASON_ODD_ONE_OUT,    /* odd count and circles of 3 are off */
};

const char *match_reason_name(enum match_reason reason); /* "reporting_chain", … */

struct match_unmatched {
    size_t person; /* index into input.people */
    int64_t person_id;
    enum match_reason reason;
    size_t compatible_count; /* how many peers passed every hard constraint */
    char *text;              /* "no one outside your reporting line shares your available hours" */
};

struct match_stats {
    size_t people;          /* in the pool (locked members excluded) */
    size_t candidate_edges; /* edges of the graph solved */
    bool used_candidate_graph;
    int candidate_k;
    int64_t total_score; /* all groups, locked ones included */
    /* Set when the full graph was also solved for comparison. */
    bool has_full_graph_score;
    int64_t full_graph_score; /* the pair optimum on every compatible pair */
    int64_t candidate_graph_score;
    /* Circles: the score reached and a bound no grouping can beat. */
    bool has_circle_bound;
    int64_t circle_score;
    int64_t circle_upper_bound;
};

struct match_result {
    struct match_group *groups; /* ordered by their smallest member index */
    size_t group_count;
    struct match_unmatched *unmatched; /* ordered by person index */
    size_t unmatched_count;
    struct match_stats stats;
};

/* Runs the engine. Returns a result (free with match_result_free) or NULL
 * with err filled. An empty pool gives an empty result, not an error. */
struct match_result *match_run(const struct match_input *input, struct match_error *err);
void match_result_free(struct match_result *result);

/* The graph match_run() solves for input: the pool (locked members
 * excluded) numbered in the seeded order, edges between compatible people
 * weighted by their pair score (every compatible pair, or the top-k union
 * for large pools). For comparing the solver with others on real graphs. */
struct match_pair_graph {
    size_t n, m;
    size_t *person;           /* vertex -> index into input.people; owned */
    struct match_edge *edges; /* owned */
};
int match_build_pair_graph(const struct match_input *input, struct match_pair_graph *out,
                           struct match_error *err);
void match_pair_graph_cleanup(struct match_pair_graph *graph);

/* The score of one pair under the rules, and whether every hard constraint
 * holds; for tools and tests (match_run computes the same numbers). Returns
 * 0, or -1 with err filled (e.g. an index out of range). */
int match_pair_score(const struct match_input *input, size_t a, size_t b, int64_t *score,
                     bool *is_compatible, struct match_error *err);

#endif
