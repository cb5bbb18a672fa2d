/* engine.c — match_run(): people and rules in, explained groups out.
 *
 * The steps, each in its own file: prepare the pool (pool.c), take locked
 * groups out of it, build the candidate graph (candidates.c), solve it
 * exactly with maximum cardinality first (graph.c, blossom.c), then either
 * keep the pairs (adding the odd person to a pair as a circle of 3 when the
 * program says so) or build circles (circles.c), and finally explain every
 * group (explain.c) and every unmatched person (constraints.c).
 *
 * The seed decides which of several equally good answers is returned: the
 * pool is numbered for the solver in a seeded order, and ties in candidate
 * lists are broken by a seeded hash. Nothing else is random, so the same
 * input and seed give the same result, for any thread count. */
#include <stdlib.h>
#include <string.h>

#include "match/pool.h"
#include "match/util.h"

void match_rules_init(struct match_rules *rules)
{
    memset(rules, 0, sizeof *rules);
    rules->avoid_reporting_chain = true;
    rules->min_overlap_minutes = 60;
    rules->require_shared_language = true;
    rules->avoid_recent_rounds = 2;
    rules->respect_never_with = true;
    rules->max_level_gap = 2;
    rules->weights[MATCH_RULE_COMPLEMENT] = 30;
    rules->weights[MATCH_RULE_SIMILARITY] = 25;
    rules->weights[MATCH_RULE_LEVEL] = 10;
    rules->weights[MATCH_RULE_DEPARTMENT] = 10;
    rules->weights[MATCH_RULE_TIMEZONE] = 5;
    rules->weights[MATCH_RULE_AVAILABILITY] = 5;
    rules->weights[MATCH_RULE_REQUEST] = 15;
    rules->department_mode = MATCH_DEPARTMENT_CROSS;
    rules->group_size = 2;
    rules->odd_person = MATCH_ODD_JOIN_GROUP;
    rules->candidate_k = 32;
    rules->full_graph_limit = 2000;
    rules->compare_limit = 0;
}

const char *match_rule_name(enum match_rule rule)
{
    static const char *const names[MATCH_RULE_COUNT] = {
        "complement", "similarity", "level", "department", "timezone", "availability", "request",
    };
    return (unsigned)rule < MATCH_RULE_COUNT ? names[rule] : "unknown";
}

static int check_rules(const struct match_rules *rules, struct match_error *err)
{
    for (int r = 0; r < MATCH_RULE_COUNT; r++)
        if (rules->weights[r] < 0 || rules->weights[r] > 1000)
            return match_fail(err, MATCH_ERR_RANGE, 0, "weight of rule %s must be 0..1000",
                              match_rule_name((enum match_rule)r));
    if (rules->group_size < 2 || rules->group_size > 4)
        return match_fail(err, MATCH_ERR_INVALID, 0, "group size must be 2, 3 or 4");
    if (rules->min_overlap_minutes < 0 || rules->min_overlap_minutes > MATCH_WEEK_MINUTES)
        return match_fail(err, MATCH_ERR_RANGE, 0, "minimum overlap must be 0..10080 minutes");
    if (rules->avoid_recent_rounds < 0)
        return match_fail(err, MATCH_ERR_RANGE, 0, "recent rounds must be 0 or more");
    if (rules->candidate_k < 1 || rules->candidate_k > 1024)
        return match_fail(err, MATCH_ERR_RANGE, 0, "candidate k must be 1..1024");
    if ((unsigned)rules->department_mode > MATCH_DEPARTMENT_SAME ||
        (unsigned)rules->odd_person > MATCH_ODD_UNMATCHED)
        return match_fail(err, MATCH_ERR_INVALID, 0, "unknown department mode or odd-person rule");
    return 0;
}

void match_result_free(struct match_result *result)
{
    if (!result)
        return;
    for (size_t g = 0; g < result->group_count; g++) {
        struct match_group *group = &result->groups[g];
        free(group->members);
        free(group->member_ids);
        for (size_t f = 0; f < group->factor_count; f++)
            free(group->factors[f].text);
        free(group->factors);
        free(group->explanation);
    }
    for (size_t u = 0; u < result->unmatched_count; u++)
        free(result->unmatched[u].text);
    free(result->groups);
    free(result->unmatched);
    free(result);
}

static int compare_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Appends a group of pool indexes to the result, scored and explained. */
static int add_group(struct match_result *result, const struct match_pool *pool,
                     const size_t *people, size_t count, bool is_locked)
{
    struct match_group *group = &result->groups[result->group_count];
    memset(group, 0, sizeof *group);
    group->members = malloc(count * sizeof *group->members);
    group->member_ids = malloc(count * sizeof *group->member_ids);
    result->group_count++; /* counted now so match_result_free cleans up */
    if (!group->members || !group->member_ids)
        return -1;
    memcpy(group->members, people, count * sizeof *people);
    qsort(group->members, count, sizeof *group->members, compare_size);
    for (size_t i = 0; i < count; i++)
        group->member_ids[i] = pool->input->people[group->members[i]].id;
    group->member_count = count;
    group->is_locked = is_locked;
    return match_explain_group(pool, group);
}

static int compare_groups(const void *a, const void *b)
{
    const struct match_group *x = a, *y = b;
    return (x->members[0] > y->members[0]) - (x->members[0] < y->members[0]);
}

/* Locked groups: validated, marked, kept out of the pool. */
static int take_locked(const struct match_input *input, const struct match_pool *pool,
                       bool *is_locked, struct match_error *err)
{
    for (size_t g = 0; g < input->locked_count; g++) {
        const struct match_locked_group *lock = &input->locked[g];
        if (lock->member_count < 2 || lock->member_count > 4 || !lock->member_ids)
            return match_fail(err, MATCH_ERR_INVALID, 0,
                              "locked group %zu must have 2 to 4 members", g);
        for (size_t i = 0; i < lock->member_count; i++) {
            int32_t a = match_pool_find(pool, lock->member_ids[i]);
            if (a < 0)
                return match_fail(err, MATCH_ERR_UNKNOWN_ID, lock->member_ids[i],
                                  "locked group %zu names unknown person %lld", g,
                                  (long long)lock->member_ids[i]);
            if (is_locked[a])
                return match_fail(err, MATCH_ERR_INVALID, lock->member_ids[i],
                                  "person %lld is in two locked groups (or twice in one)",
                                  (long long)lock->member_ids[i]);
            is_locked[a] = true;
        }
    }
    return 0;
}

/* Pool members in a seeded order: ties between equally good matchings go
 * a different way for a different seed, and the same way for the same. */
static void seeded_order(size_t *members, size_t count, uint64_t seed)
{
    for (size_t i = count; i > 1; i--) {
        size_t j = (size_t)(match_mix64(seed ^ (uint64_t)i) % i);
        size_t swap = members[i - 1];
        members[i - 1] = members[j];
        members[j] = swap;
    }
}

struct run {
    const struct match_input *input;
    struct match_pool *pool;
    struct match_result *result;
    size_t *members;
    size_t count;
    struct match_candidate_graph graph;
    struct match_solution solution;
    struct match_grouping grouping;
    size_t *loose;
    bool *is_placed;
};

static int solve_pairs(struct run *r, struct match_error *err)
{
    const struct match_rules *rules = &r->input->rules;
    struct match_stats *stats = &r->result->stats;
    bool is_full = r->count <= rules->full_graph_limit;
    if (match_candidates_build(r->pool, r->members, r->count, is_full, rules->candidate_k,
                               r->input->threads, &r->graph, err) != 0)
        return -1;
    stats->candidate_edges = r->graph.m;
    stats->used_candidate_graph = !is_full;
    stats->candidate_k = is_full ? 0 : rules->candidate_k;
    if (match_max_weight(r->count, r->graph.m, r->graph.edges, MATCH_MAX_CARDINALITY, &r->solution,
                         err) != 0)
        return -1;
    if (!is_full && r->count <= rules->compare_limit) {
        struct match_candidate_graph full;
        struct match_solution best;
        if (match_candidates_build(r->pool, r->members, r->count, true, rules->candidate_k,
                                   r->input->threads, &full, err) != 0)
            return -1;
        int rc = match_max_weight(r->count, full.m, full.edges, MATCH_MAX_CARDINALITY, &best, err);
        match_candidates_cleanup(&full);
        if (rc != 0)
            return -1;
        stats->has_full_graph_score = true;
        stats->full_graph_score = best.weight;
        stats->candidate_graph_score = r->solution.weight;
        match_solution_cleanup(&best);
    }
    return 0;
}

struct explain_job {
    const struct match_pool *pool;
    struct match_unmatched *unmatched;
    bool is_odd_one_out;
};

static void explain_one(void *ctx, size_t i)
{
    struct explain_job *job = ctx;
    struct match_unmatched *u = &job->unmatched[i];
    if (match_explain_unmatched(job->pool, u->person, job->is_odd_one_out, u) != 0)
        return; /* text stays NULL: reported as out of memory */
    /* Only someone with compatible peers can be the odd one out. */
    if (u->reason == MATCH_REASON_ODD_ONE_OUT && u->compatible_count == 0)
        u->reason = MATCH_REASON_PARTNERS_TAKEN;
}

static int group_people(struct run *r, struct match_error *err)
{
    const struct match_rules *rules = &r->input->rules;
    size_t loose_count = 0;
    if (rules->group_size == 2) {
        size_t capacity = r->count / 2 + 1;
        r->grouping.sizes = malloc(capacity * sizeof *r->grouping.sizes);
        r->grouping.members = malloc(capacity * sizeof *r->grouping.members);
        if (!r->grouping.sizes || !r->grouping.members)
            return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
        for (size_t x = 0; x < r->count; x++) {
            int32_t y = r->solution.mate[x];
            if (y < 0) {
                r->loose[loose_count++] = x;
            } else if ((size_t)y > x) {
                size_t g = r->grouping.group_count++;
                r->grouping.sizes[g] = 2;
                r->grouping.members[g][0] = x;
                r->grouping.members[g][1] = (size_t)y;
            }
        }
        if (rules->odd_person == MATCH_ODD_JOIN_GROUP)
            match_circles_add_odd(r->pool, r->members, &r->graph, &r->grouping, r->loose,
                                  loose_count, r->is_placed);
    } else {
        if (match_circles_build(r->pool, r->members, r->count, &r->graph, r->solution.mate,
                                rules->group_size, &r->grouping, &r->result->stats, err) != 0)
            return -1;
        bool *is_grouped = calloc(r->count + 1, sizeof *is_grouped);
        if (!is_grouped)
            return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
        for (size_t g = 0; g < r->grouping.group_count; g++)
            for (size_t i = 0; i < r->grouping.sizes[g]; i++)
                is_grouped[r->grouping.members[g][i]] = true;
        for (size_t x = 0; x < r->count; x++)
            if (!is_grouped[x])
                r->loose[loose_count++] = x;
        free(is_grouped);
    }
    /* Unmatched people, with the reason. */
    size_t still_loose = 0;
    for (size_t i = 0; i < loose_count; i++)
        still_loose += !r->is_placed[i];
    bool is_odd_one_out = rules->group_size == 2 && rules->odd_person == MATCH_ODD_UNMATCHED &&
                          still_loose == 1 && r->count % 2 == 1;
    r->result->unmatched = calloc(still_loose + 1, sizeof *r->result->unmatched);
    if (!r->result->unmatched)
        return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < loose_count; i++) {
        if (r->is_placed[i])
            continue;
        struct match_unmatched *u = &r->result->unmatched[r->result->unmatched_count++];
        u->person = r->members[r->loose[i]];
        u->person_id = r->input->people[u->person].id;
    }
    /* Each reason scans the whole pool: independent work, done in parallel. */
    struct explain_job job = {r->pool, r->result->unmatched, is_odd_one_out};
    match_parallel_for(r->result->unmatched_count, r->input->threads, explain_one, &job);
    for (size_t i = 0; i < r->result->unmatched_count; i++)
        if (!r->result->unmatched[i].text)
            return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
    return 0;
}

static int compare_unmatched(const void *a, const void *b)
{
    const struct match_unmatched *x = a, *y = b;
    return (x->person > y->person) - (x->person < y->person);
}

struct match_result *match_run(const struct match_input *input, struct match_error *err)
{
    match_error_clear(err);
    if (!input) {
        match_fail(err, MATCH_ERR_INVALID, 0, "no input");
        return NULL;
    }
    if (check_rules(&input->rules, err) != 0)
        return NULL;
    if (input->locked_count > 0 && !input->locked) {
        match_fail(err, MATCH_ERR_INVALID, 0, "no locked group array");
        return NULL;
    }
    struct run r;
    memset(&r, 0, sizeof r);
    r.input = input;
    bool *is_locked = NULL;
    r.result = calloc(1, sizeof *r.result);
    if (!r.result)
        goto nomem;
    r.pool = match_pool_new(input, err);
    if (!r.pool)
        goto fail;
    size_t n = r.pool->n;
    is_locked = calloc(n + 1, sizeof *is_locked);
    r.members = malloc((n + 1) * sizeof *r.members);
    r.loose = malloc((n + 1) * sizeof *r.loose);
    r.is_placed = calloc(n + 1, sizeof *r.is_placed);
    r.result->groups = calloc(n / 2 + input->locked_count + 1, sizeof *r.result->groups);
    if (!is_locked || !r.members || !r.loose || !r.is_placed || !r.result->groups)
        goto nomem;
    if (take_locked(input, r.pool, is_locked, err) != 0)
        goto fail;
    for (size_t a = 0; a < n; a++)
        if (!is_locked[a])
            r.members[r.count++] = a;
    seeded_order(r.members, r.count, input->seed);
    r.result->stats.people = r.count;

    for (size_t g = 0; g < input->locked_count; g++) {
        size_t people[4];
        for (size_t i = 0; i < input->locked[g].member_count; i++)
            people[i] = (size_t)match_pool_find(r.pool, input->locked[g].member_ids[i]);
        if (add_group(r.result, r.pool, people, input->locked[g].member_count, true) != 0)
            goto nomem;
    }
    if (solve_pairs(&r, err) != 0 || group_people(&r, err) != 0)
        goto fail;
    for (size_t g = 0; g < r.grouping.group_count; g++) {
        size_t people[4];
        for (size_t i = 0; i < r.grouping.sizes[g]; i++)
            people[i] = r.members[r.grouping.members[g][i]];
        if (add_group(r.result, r.pool, people, r.grouping.sizes[g], false) != 0)
            goto nomem;
    }
    qsort(r.result->groups, r.result->group_count, sizeof *r.result->groups, compare_groups);
    qsort(r.result->unmatched, r.result->unmatched_count, sizeof *r.result->unmatched,
          compare_unmatched);
    for (size_t g = 0; g < r.result->group_count; g++)
        r.result->stats.total_score += r.result->groups[g].score;
    goto done;
nomem:
    match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
fail:
    match_result_free(r.result);
    r.result = NULL;
done:
    match_candidates_cleanup(&r.graph);
    match_solution_cleanup(&r.solution);
    match_grouping_cleanup(&r.grouping);
    match_pool_free(r.pool);
    free(is_locked);
    free(r.members);
    free(r.loose);
    free(r.is_placed);
    return r.result;
}

int match_build_pair_graph(const struct match_input *input, struct match_pair_graph *out,
                           struct match_error *err)
{
    memset(out, 0, sizeof *out);
    match_error_clear(err);
    if (!input)
        return match_fail(err, MATCH_ERR_INVALID, 0, "no input");
    if (check_rules(&input->rules, err) != 0)
        return -1;
    struct match_pool *pool = match_pool_new(input, err);
    if (!pool)
        return -1;
    int rc = -1;
    bool *is_locked = calloc(pool->n + 1, sizeof *is_locked);
    size_t *members = malloc((pool->n + 1) * sizeof *members);
    struct match_candidate_graph graph;
    memset(&graph, 0, sizeof graph);
    if (!is_locked || !members) {
        match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    if (input->locked_count > 0 && (!input->locked || take_locked(input, pool, is_locked, err)))
        goto done;
    size_t count = 0;
    for (size_t a = 0; a < pool->n; a++)
        if (!is_locked[a])
            members[count++] = a;
    seeded_order(members, count, input->seed);
    if (match_candidates_build(pool, members, count, count <= input->rules.full_graph_limit,
                               input->rules.candidate_k, input->threads, &graph, err) != 0)
        goto done;
    out->n = count;
    out->m = graph.m;
    out->edges = graph.edges;
    graph.edges = NULL;
    out->person = members;
    members = NULL;
    rc = 0;
done:
    match_candidates_cleanup(&graph);
    match_pool_free(pool);
    free(is_locked);
    free(members);
    return rc;
}

void match_pair_graph_cleanup(struct match_pair_graph *graph)
{
    free(graph->person);
    free(graph->edges);
    memset(graph, 0, sizeof *graph);
}

int match_pair_score(const struct match_input *input, size_t a, size_t b, int64_t *score,
                     bool *is_compatible, struct match_error *err)
{
    match_error_clear(err);
    if (!input || a >= input->person_count || b >= input->person_count || a == b)
        return match_fail(err, MATCH_ERR_INVALID, 0, "two different people of the input needed");
    if (check_rules(&input->rules, err) != 0)
        return -1;
    struct match_pool *pool = match_pool_new(input, err);
    if (!pool)
        return -1;
    *score = match_score_total(pool, a, b);
    *is_compatible = match_pair_conflicts(pool, a, b) == 0;
    match_pool_free(pool);
    return 0;
}
