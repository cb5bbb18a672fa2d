/* test_engine.c — match_run() on generated organizations: no hard
 * constraint is ever broken (checked by an independent oracle written here,
 * not by the engine's own code), every explanation names only factors that
 * really scored, pairs are optimal on small pools (brute force), results
 * are deterministic for a seed and any thread count, rotation avoids recent
 * partners, circles respect their sizes and bound, and bad input gives a
 * clear error or an empty result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "match/pool.h"
#include "match/util.h"

/* ---- a generated organization ------------------------------------------ */

static const char *const languages[] = {"en", "fr", "de"};
static const char *const departments[] = {"Sales", "Engineering", "People", "Science"};
static const char *const skills[] = {
    "giving feedback", "data analysis",    "public speaking", "classroom management",
    "delegation",      "writing",          "negotiation",     "time management",
    "statistics",      "running meetings", "mentoring",       "budgeting",
};
static const char *const words[] = {"improve",    "feedback", "lessons",  "students", "team",
                                    "confidence", "reports",  "meetings", "data",     "stories"};
static const int offsets[] = {-300, 0, 60, 330};

struct org {
    size_t n;
    struct match_person *people;
    struct match_window (*windows)[3];
    const char *(*langs)[3];
    const char *(*wants)[2];
    const char *(*offers)[2];
    const char *(*interests)[2];
    char (*goals)[80];
    char (*names)[24];
    int64_t (*requested)[1];
    int64_t (*never)[1];
    struct match_past_partner (*past)[2];
};

static uint64_t rng;
static uint64_t next(void)
{
    rng = match_mix64(rng);
    return rng;
}
static int pick(int n)
{
    return (int)(next() % (uint64_t)n);
}

static struct org org_new(size_t n, uint64_t seed)
{
    rng = seed;
    struct org o;
    o.n = n;
    o.people = calloc(n + 1, sizeof *o.people);
    o.windows = calloc(n + 1, sizeof *o.windows);
    o.langs = calloc(n + 1, sizeof *o.langs);
    o.wants = calloc(n + 1, sizeof *o.wants);
    o.offers = calloc(n + 1, sizeof *o.offers);
    o.interests = calloc(n + 1, sizeof *o.interests);
    o.goals = calloc(n + 1, sizeof *o.goals);
    o.names = calloc(n + 1, sizeof *o.names);
    o.requested = calloc(n + 1, sizeof *o.requested);
    o.never = calloc(n + 1, sizeof *o.never);
    o.past = calloc(n + 1, sizeof *o.past);
    for (size_t i = 0; i < n; i++) {
        struct match_person *p = &o.people[i];
        p->id = 100 + (int64_t)i;
        snprintf(o.names[i], sizeof o.names[i], "N%zu", i);
        p->display_name = o.names[i];
        p->level = 1 + pick(5);
        p->department = departments[pick(4)];
        p->manager_id = i > 0 && pick(4) != 0 ? 100 + pick((int)i) : MATCH_NO_ID;
        p->utc_offset_minutes = offsets[pick(4)];
        size_t wc = (size_t)pick(4); /* 0..3 windows: some people have none */
        for (size_t w = 0; w < wc; w++) {
            int start = (8 + pick(10)) * 60 + 30 * pick(2);
            o.windows[i][w] = (struct match_window){pick(7), start, start + 60 * (1 + pick(3))};
        }
        p->windows = o.windows[i];
        p->window_count = wc;
        size_t lc = 1 + (size_t)pick(2);
        for (size_t l = 0; l < lc; l++)
            o.langs[i][l] = languages[pick(3)];
        p->languages = (struct match_strings){o.langs[i], lc};
        for (int k = 0; k < 2; k++) {
            o.wants[i][k] = skills[pick(12)];
            o.offers[i][k] = skills[pick(12)];
            o.interests[i][k] = skills[pick(12)];
        }
        p->skills_to_develop = (struct match_strings){o.wants[i], 1 + (size_t)pick(2)};
        p->skills_to_offer = (struct match_strings){o.offers[i], 1 + (size_t)pick(2)};
        p->interests = (struct match_strings){o.interests[i], (size_t)pick(3)};
        snprintf(o.goals[i], sizeof o.goals[i], "I want to %s my %s and %s", words[pick(10)],
                 words[pick(10)], words[pick(10)]);
        p->goals = o.goals[i];
        if (i > 0 && pick(6) == 0) {
            o.requested[i][0] = 100 + pick((int)i);
            p->requested_ids = o.requested[i];
            p->requested_count = 1;
        }
        if (i > 0 && pick(8) == 0) {
            o.never[i][0] = 100 + pick((int)i);
            p->never_ids = o.never[i];
            p->never_count = 1;
        }
        if (i > 0 && pick(3) == 0) {
            o.past[i][0] = (struct match_past_partner){100 + pick((int)i), 1 + pick(3)};
            p->past_partners = o.past[i];
            p->past_partner_count = 1;
        }
    }
    return o;
}

static void org_free(struct org *o)
{
    free(o->people);
    free(o->windows);
    free(o->langs);
    free(o->wants);
    free(o->offers);
    free(o->interests);
    free(o->goals);
    free(o->names);
    free(o->requested);
    free(o->never);
    free(o->past);
}

static struct match_input input_for(const struct org *o, uint64_t seed)
{
    struct match_input in;
    memset(&in, 0, sizeof in);
    in.people = o->people;
    in.person_count = o->n;
    in.seed = seed;
    in.round = 4;
    in.threads = 1;
    match_rules_init(&in.rules);
    return in;
}

/* ---- the independent oracle ---------------------------------------------- */

static const struct match_person *by_id(const struct match_input *in, int64_t id)
{
    for (size_t i = 0; i < in->person_count; i++)
        if (in->people[i].id == id)
            return &in->people[i];
    return NULL;
}

static bool manages(const struct match_input *in, const struct match_person *boss,
                    const struct match_person *p)
{
    for (size_t steps = 0; p && p->manager_id != MATCH_NO_ID && steps < in->person_count; steps++) {
        if (p->manager_id == boss->id)
            return true;
        p = by_id(in, p->manager_id);
    }
    return false;
}

static void week(const struct match_person *p, unsigned char *minutes)
{
    memset(minutes, 0, 10080);
    for (size_t w = 0; w < p->window_count; w++)
        for (int m = p->windows[w].start_minute; m < p->windows[w].end_minute; m++) {
            int utc = p->windows[w].day * 1440 + m - p->utc_offset_minutes;
            minutes[((utc % 10080) + 10080) % 10080] = 1;
        }
}

static bool listed(const int64_t *ids, size_t count, int64_t id)
{
    for (size_t i = 0; i < count; i++)
        if (ids[i] == id)
            return true;
    return false;
}

static bool recent(const struct match_input *in, const struct match_person *a, int64_t b)
{
    for (size_t i = 0; i < a->past_partner_count; i++)
        if (a->past_partners[i].peer_id == b &&
            a->past_partners[i].round >= in->round - in->rules.avoid_recent_rounds)
            return true;
    return false;
}

static bool oracle_compatible(const struct match_input *in, size_t ai, size_t bi)
{
    const struct match_rules *r = &in->rules;
    const struct match_person *a = &in->people[ai], *b = &in->people[bi];
    if (r->avoid_reporting_chain && (manages(in, a, b) || manages(in, b, a)))
        return false;
    if (r->max_level_gap >= 0 && abs(a->level - b->level) > r->max_level_gap)
        return false;
    if (r->require_shared_language) {
        bool shared = false;
        for (size_t i = 0; i < a->languages.count; i++)
            for (size_t j = 0; j < b->languages.count; j++)
                shared |= strcmp(a->languages.items[i], b->languages.items[j]) == 0;
        if (!shared)
            return false;
    }
    if (r->respect_never_with && (listed(a->never_ids, a->never_count, b->id) ||
                                  listed(b->never_ids, b->never_count, a->id)))
        return false;
    if (r->avoid_recent_rounds > 0 && (recent(in, a, b->id) || recent(in, b, a->id)))
        return false;
    if (r->min_overlap_minutes > 0) {
        static unsigned char wa[10080], wb[10080];
        week(a, wa);
        week(b, wb);
        int overlap = 0;
        for (int m = 0; m < 10080; m++)
            overlap += wa[m] && wb[m];
        if (overlap < r->min_overlap_minutes)
            return false;
    }
    return true;
}

/* ---- checks shared by the property tests ---------------------------------- */

static void check_result(const struct match_input *in, const struct match_result *res)
{
    struct match_error err;
    struct match_pool *pool = match_pool_new(in, &err);
    assert_non_null(pool);
    size_t *seen = calloc(in->person_count + 1, sizeof *seen);
    for (size_t g = 0; g < res->group_count; g++) {
        const struct match_group *group = &res->groups[g];
        assert_true(group->member_count >= 2 && group->member_count <= 4);
        int64_t per_rule[MATCH_RULE_COUNT] = {0}, total = 0;
        for (size_t i = 0; i < group->member_count; i++) {
            seen[group->members[i]]++;
            assert_int_equal(group->member_ids[i], in->people[group->members[i]].id);
            for (size_t j = i + 1; j < group->member_count; j++) {
                if (!group->is_locked)
                    assert_true(oracle_compatible(in, group->members[i], group->members[j]));
                struct match_pair_factors f;
                match_score_pair(pool, group->members[i], group->members[j], &f);
                for (int r = 0; r < MATCH_RULE_COUNT; r++)
                    per_rule[r] += f.points[r];
                total += f.total;
            }
        }
        assert_int_equal(group->score, total);
        /* Only factors that really scored, each with its true points, and
         * every scoring rule is told. */
        size_t scoring = 0;
        for (int r = 0; r < MATCH_RULE_COUNT; r++)
            scoring += per_rule[r] > 0;
        assert_int_equal(group->factor_count, scoring);
        for (size_t f = 0; f < group->factor_count; f++) {
            const struct match_factor *factor = &group->factors[f];
            assert_true(factor->points > 0);
            assert_int_equal(factor->points, per_rule[factor->rule]);
            assert_true(in->rules.weights[factor->rule] > 0);
            assert_true(strlen(factor->text) > 0);
            assert_non_null(strstr(group->explanation, factor->text));
            if (f > 0)
                assert_true(group->factors[f - 1].points >= factor->points);
        }
    }
    for (size_t u = 0; u < res->unmatched_count; u++) {
        seen[res->unmatched[u].person]++;
        assert_true(strlen(res->unmatched[u].text) > 0);
    }
    for (size_t i = 0; i < in->person_count; i++)
        assert_int_equal(seen[i], 1); /* everyone exactly once */
    free(seen);
    match_pool_free(pool);
}

static bool results_equal(const struct match_result *a, const struct match_result *b)
{
    if (a->group_count != b->group_count || a->unmatched_count != b->unmatched_count)
        return false;
    for (size_t g = 0; g < a->group_count; g++) {
        if (a->groups[g].member_count != b->groups[g].member_count ||
            a->groups[g].score != b->groups[g].score ||
            strcmp(a->groups[g].explanation, b->groups[g].explanation) != 0)
            return false;
        for (size_t i = 0; i < a->groups[g].member_count; i++)
            if (a->groups[g].members[i] != b->groups[g].members[i])
                return false;
    }
    for (size_t u = 0; u < a->unmatched_count; u++)
        if (a->unmatched[u].person != b->unmatched[u].person ||
            strcmp(a->unmatched[u].text, b->unmatched[u].text) != 0)
            return false;
    return true;
}

/* ---- property tests ------------------------------------------------------ */

static void test_generated_orgs_never_break_hard_constraints(void **state)
{
    (void)state;
    int compared = 0, bounded = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        struct org o = org_new(10 + (size_t)(seed * 7 % 120), seed);
        struct match_input in = input_for(&o, seed);
        if (seed % 3 == 0)
            in.rules.group_size = 3 + (int)(seed % 2);
        if (seed % 5 == 0)
            in.rules.odd_person = MATCH_ODD_UNMATCHED;
        if (seed % 4 == 0) { /* force the candidate graph on a small pool */
            in.rules.full_graph_limit = 0;
            in.rules.candidate_k = 4;
            in.rules.compare_limit = 1000;
        }
        struct match_error err;
        struct match_result *res = match_run(&in, &err);
        assert_non_null(res);
        check_result(&in, res);
        if (res->stats.has_full_graph_score) {
            assert_true(res->stats.candidate_graph_score <= res->stats.full_graph_score);
            compared++;
        }
        if (res->stats.has_circle_bound) {
            assert_true(res->stats.circle_score <= res->stats.circle_upper_bound);
            bounded++;
        }
        match_result_free(res);
        org_free(&o);
    }
    /* The two bounds above were really checked, not skipped every time. */
    assert_true(compared > 0);
    assert_true(bounded > 0);
}

static void test_same_seed_same_result_any_thread_count(void **state)
{
    (void)state;
    struct org o = org_new(300, 99);
    struct match_input in = input_for(&o, 7);
    struct match_error err;
    struct match_result *a = match_run(&in, &err);
    in.threads = 3;
    struct match_result *b = match_run(&in, &err);
    in.rules.full_graph_limit = 0; /* the sampled candidate path too */
    in.threads = 1;
    struct match_result *c = match_run(&in, &err);
    in.threads = 2;
    struct match_result *d = match_run(&in, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(d);
    assert_true(results_equal(a, b));
    assert_true(results_equal(c, d));
    match_result_free(a);
    match_result_free(b);
    match_result_free(c);
    match_result_free(d);
    org_free(&o);
}

/* On small pools the pairs are exactly optimal: brute force over all
 * matchings of compatible pairs, maximum cardinality first. */
static void test_pairs_are_optimal_on_small_pools(void **state)
{
    (void)state;
    for (uint64_t seed = 100; seed < 160; seed++) {
        size_t n = 2 + (size_t)(seed % 11);
        struct org o = org_new(n, seed);
        struct match_input in = input_for(&o, seed);
        in.rules.odd_person = MATCH_ODD_UNMATCHED;
        struct match_error err;
        struct match_pool *pool = match_pool_new(&in, &err);
        assert_non_null(pool);
        int64_t w[12][12];
        bool ok[12][12];
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                ok[i][j] = i != j && oracle_compatible(&in, i, j);
                w[i][j] = i != j ? match_score_total(pool, i, j) : 0;
            }
        match_pool_free(pool);
        int best_card[1 << 12];
        int64_t best_weight[1 << 12];
        best_card[0] = 0;
        best_weight[0] = 0;
        for (unsigned mask = 1; mask < (1u << n); mask++) {
            int i = __builtin_ctz(mask);
            unsigned rest = mask & ~(1u << i);
            best_card[mask] = best_card[rest];
            best_weight[mask] = best_weight[rest];
            for (size_t j = (size_t)i + 1; j < n; j++) {
                if (!(rest >> j & 1) || !ok[i][j])
                    continue;
                unsigned sub = rest & ~(1u << j);
                int c = best_card[sub] + 1;
                int64_t x = best_weight[sub] + w[i][j];
                if (c > best_card[mask] || (c == best_card[mask] && x > best_weight[mask])) {
                    best_card[mask] = c;
                    best_weight[mask] = x;
                }
            }
        }
        struct match_result *res = match_run(&in, &err);
        assert_non_null(res);
        check_result(&in, res);
        assert_int_equal((int)res->group_count, best_card[(1u << n) - 1]);
        assert_int_equal(res->stats.total_score, best_weight[(1u << n) - 1]);
        match_result_free(res);
        org_free(&o);
    }
}

static void test_rotation_avoids_last_rounds(void **state)
{
    (void)state;
    struct org o = org_new(120, 5);
    struct match_input in = input_for(&o, 1);
    for (size_t i = 0; i < o.n; i++) {
        o.people[i].past_partners = NULL;
        o.people[i].past_partner_count = 0;
    }
    struct match_error err;
    struct match_result *first = match_run(&in, &err);
    assert_non_null(first);
    /* Record round 4's pairs, then run round 5 avoiding the last 2 rounds. */
    for (size_t g = 0; g < first->group_count; g++) {
        const struct match_group *group = &first->groups[g];
        for (size_t i = 0; i < group->member_count && i < 2; i++) {
            size_t self = group->members[i];
            o.past[self][0] = (struct match_past_partner){group->member_ids[1 - i], 4};
            o.people[self].past_partners = o.past[self];
            o.people[self].past_partner_count = 1;
        }
    }
    in.round = 5;
    in.rules.avoid_recent_rounds = 2;
    struct match_result *second = match_run(&in, &err);
    assert_non_null(second);
    check_result(&in, second);
    for (size_t g = 0; g < second->group_count; g++) {
        const struct match_group *group = &second->groups[g];
        for (size_t i = 0; i < group->member_count; i++)
            for (size_t j = 0; j < group->member_count; j++)
                if (i != j)
                    assert_false(recent(&in, &o.people[group->members[i]], group->member_ids[j]));
    }
    match_result_free(first);
    match_result_free(second);
    org_free(&o);
}

static void test_circles_sizes_and_bound(void **state)
{
    (void)state;
    for (int size = 3; size <= 4; size++) {
        struct org o = org_new(200, 40 + (uint64_t)size);
        struct match_input in = input_for(&o, 3);
        in.rules.group_size = size;
        in.rules.min_overlap_minutes = 0; /* a dense compatibility graph */
        in.rules.max_level_gap = -1;
        struct match_error err;
        struct match_result *res = match_run(&in, &err);
        assert_non_null(res);
        check_result(&in, res);
        size_t in_circles = 0;
        for (size_t g = 0; g < res->group_count; g++)
            if (res->groups[g].member_count >= 3)
                in_circles += res->groups[g].member_count;
        assert_true(in_circles * 10 >= o.n * 9); /* nearly everyone in a circle */
        assert_true(res->stats.has_circle_bound);
        assert_true(res->stats.circle_score <= res->stats.circle_upper_bound);
        assert_true(res->stats.circle_score * 2 >= res->stats.circle_upper_bound);
        match_result_free(res);
        org_free(&o);
    }
}

/* ---- rules, locks, the odd person, reasons -------------------------------- */

static void test_locked_group_kept_as_given(void **state)
{
    (void)state;
    struct org o = org_new(30, 11);
    o.people[1].manager_id = o.people[0].id; /* 0 manages 1: incompatible */
    int64_t ids[] = {o.people[0].id, o.people[1].id};
    struct match_locked_group lock = {ids, 2};
    struct match_input in = input_for(&o, 1);
    in.locked = &lock;
    in.locked_count = 1;
    struct match_error err;
    struct match_result *res = match_run(&in, &err);
    assert_non_null(res);
    check_result(&in, res);
    bool found = false;
    for (size_t g = 0; g < res->group_count; g++)
        if (res->groups[g].is_locked) {
            found = true;
            assert_int_equal(res->groups[g].member_count, 2);
            assert_int_equal(res->groups[g].members[0], 0);
            assert_int_equal(res->groups[g].members[1], 1);
            assert_true(res->groups[g].breaks_constraints);
        }
    assert_true(found);
    assert_int_equal(res->stats.people, 28);
    match_result_free(res);
    org_free(&o);
}

static struct match_person plain(int64_t id, const struct match_window *w, size_t wc)
{
    static const char *const en[] = {"en"};
    struct match_person p;
    memset(&p, 0, sizeof p);
    p.id = id;
    p.manager_id = MATCH_NO_ID;
    p.windows = w;
    p.window_count = wc;
    p.languages = (struct match_strings){en, 1};
    p.level = 3;
    return p;
}

/* Hand-built people with the default rules. */
static struct match_input plain_input(struct match_person *people, size_t count)
{
    struct match_input in;
    memset(&in, 0, sizeof in);
    match_rules_init(&in.rules);
    in.people = people;
    in.person_count = count;
    return in;
}

static void test_odd_person_joins_or_stays_out(void **state)
{
    (void)state;
    struct match_window w[] = {{0, 540, 720}};
    struct match_person people[5];
    for (int i = 0; i < 5; i++)
        people[i] = plain(i + 1, w, 1);
    struct match_input in = plain_input(people, 5);
    struct match_error err;
    struct match_result *res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->group_count, 2);
    assert_int_equal(res->unmatched_count, 0);
    assert_true(res->groups[0].member_count + res->groups[1].member_count == 5);
    match_result_free(res);
    in.rules.odd_person = MATCH_ODD_UNMATCHED;
    res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->unmatched_count, 1);
    assert_int_equal(res->unmatched[0].reason, MATCH_REASON_ODD_ONE_OUT);
    match_result_free(res);
}

static void test_unmatched_reason_names_the_constraint(void **state)
{
    (void)state;
    struct match_window morning[] = {{0, 540, 720}}, evening[] = {{0, 1200, 1320}};
    struct match_person people[4] = {plain(1, morning, 1), plain(2, evening, 1),
                                     plain(3, evening, 1), plain(4, morning, 1)};
    people[3].manager_id = 1; /* the only morning peer of 1 reports to 1 */
    struct match_input in = plain_input(people, 4);
    struct match_error err;
    struct match_result *res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->group_count, 1);
    assert_int_equal(res->unmatched_count, 2);
    assert_int_equal(res->unmatched[0].person_id, 1);
    assert_int_equal(res->unmatched[0].reason, MATCH_REASON_AVAILABILITY);
    assert_string_equal(res->unmatched[0].text,
                        "no one outside your reporting line shares 60 minutes a week of your "
                        "available hours");
    match_result_free(res);

    people[0].window_count = 0; /* empty availability */
    res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->unmatched[0].reason, MATCH_REASON_NO_AVAILABILITY);
    match_result_free(res);
}

static void test_explanation_words(void **state)
{
    (void)state;
    static const char *const ana_wants[] = {"Giving feedback", "public speaking"};
    static const char *const ana_offers[] = {"data analysis"};
    static const char *const ben_wants[] = {"data analysis", "giving feedback"};
    static const char *const ben_offers[] = {"public speaking"};
    struct match_window w[] = {{0, 540, 780}, {2, 540, 600}};
    struct match_person people[2] = {plain(1, w, 2), plain(2, w, 2)};
    people[0].display_name = "Ana";
    people[1].display_name = "Ben";
    people[0].department = "Sales";
    people[1].department = "Engineering";
    people[0].skills_to_develop = (struct match_strings){ana_wants, 2};
    people[0].skills_to_offer = (struct match_strings){ana_offers, 1};
    people[1].skills_to_develop = (struct match_strings){ben_wants, 2};
    people[1].skills_to_offer = (struct match_strings){ben_offers, 1};
    struct match_input in = plain_input(people, 2);
    struct match_error err;
    struct match_result *res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->group_count, 1);
    const char *text = res->groups[0].explanation;
    assert_non_null(strstr(text, "Ben offers public speaking that Ana wants to learn"));
    assert_non_null(strstr(text, "Ana offers data analysis that Ben wants to learn"));
    assert_non_null(strstr(text, "both want to grow in giving feedback"));
    assert_non_null(strstr(text, "5 h a week of shared availability"));
    assert_non_null(strstr(text, "different departments (Sales and Engineering)"));
    match_result_free(res);
    /* A rule switched off is never mentioned. */
    in.rules.weights[MATCH_RULE_DEPARTMENT] = 0;
    res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->group_count, 1);
    assert_null(strstr(res->groups[0].explanation, "department"));
    match_result_free(res);
}

/* ---- bad input ----------------------------------------------------------- */

static void test_bad_input_gives_clear_errors(void **state)
{
    (void)state;
    struct match_window w[] = {{0, 540, 720}};
    struct match_person people[3] = {plain(1, w, 1), plain(2, w, 1), plain(3, w, 1)};
    struct match_input in = plain_input(people, 3);
    struct match_error err;

    people[2].manager_id = 42; /* unknown */
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_UNKNOWN_ID);
    assert_int_equal(err.person_id, 3);
    struct match_manager_link boss = {42, MATCH_NO_ID};
    in.managers = &boss;
    in.manager_count = 1;
    struct match_result *res = match_run(&in, &err); /* known through the link */
    assert_non_null(res);
    match_result_free(res);

    people[0].manager_id = 2;
    people[1].manager_id = 1; /* a cycle */
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_MANAGER_CYCLE);
    people[0].manager_id = people[1].manager_id = MATCH_NO_ID;

    people[1].id = 1; /* duplicate */
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_DUPLICATE_ID);
    people[1].id = 2;

    in.rules.weights[MATCH_RULE_LEVEL] = 1000000; /* huge weight */
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_RANGE);
    in.rules.weights[MATCH_RULE_LEVEL] = 10;

    struct match_window bad[] = {{9, 0, 60}};
    people[0].windows = bad;
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_INVALID);
    people[0].windows = w;

    people[0].level = -2147483647 - 1; /* would overflow a level gap */
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_RANGE);
    people[0].level = 3;

    people[0].utc_offset_minutes = 100000;
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_INVALID);
    people[0].utc_offset_minutes = 0;

    int64_t unknown[] = {1, 77};
    struct match_locked_group lock = {unknown, 2};
    in.locked = &lock;
    in.locked_count = 1;
    assert_null(match_run(&in, &err));
    assert_int_equal(err.status, MATCH_ERR_UNKNOWN_ID);
    in.locked = NULL;
    in.locked_count = 0;

    assert_null(match_run(NULL, &err));
    assert_int_equal(err.status, MATCH_ERR_INVALID);
    assert_true(strlen(err.message) > 0);

    /* n = 0 and n = 1: empty results, not errors. */
    in.person_count = 0;
    res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->group_count, 0);
    assert_int_equal(res->unmatched_count, 0);
    match_result_free(res);
    in.person_count = 1;
    res = match_run(&in, &err);
    assert_non_null(res);
    assert_int_equal(res->unmatched_count, 1);
    assert_int_equal(res->unmatched[0].reason, MATCH_REASON_ALONE);
    match_result_free(res);
}

/* ---- pieces -------------------------------------------------------------- */

static void test_plural_stemming(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
    } cases[] = {{"skills", "skill"},      {"stories", "story"}, {"classes", "class"},
                 {"analysis", "analysis"}, {"status", "status"}, {"boxes", "box"},
                 {"coaches", "coach"},     {"class", "class"},   {"bus", "bus"},
                 {"meetings", "meeting"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char word[32];
        strcpy(word, cases[i].in);
        size_t length = match_stem(word, strlen(word));
        word[length] = '\0';
        assert_string_equal(word, cases[i].out);
    }
}

static void test_overlap_across_time_zones(void **state)
{
    (void)state;
    /* Paris Monday 09:00-11:00 (UTC+1) is New York Monday 03:00-05:00
     * (UTC-5); Sunday 23:30-24:00 at UTC-1 wraps to Monday 00:30 UTC. */
    struct match_window paris[] = {{0, 540, 660}}, york[] = {{0, 180, 300}},
                        late[] = {{6, 1410, 1440}}, monday[] = {{0, 0, 60}};
    struct match_person people[4] = {plain(1, paris, 1), plain(2, york, 1), plain(3, late, 1),
                                     plain(4, monday, 1)};
    people[0].utc_offset_minutes = 60;
    people[1].utc_offset_minutes = -300;
    people[2].utc_offset_minutes = -60;
    struct match_input in = plain_input(people, 4);
    struct match_error err;
    struct match_pool *pool = match_pool_new(&in, &err);
    assert_non_null(pool);
    assert_int_equal(match_overlap_minutes(pool, 0, 1), 120);
    assert_int_equal(match_overlap_minutes(pool, 2, 3), 30);
    assert_int_equal(match_overlap_minutes(pool, 0, 3), 0);
    match_pool_free(pool);
}

static void test_tfidf_cosine(void **state)
{
    (void)state;
    struct match_window w[] = {{0, 540, 720}};
    struct match_person people[3] = {plain(1, w, 1), plain(2, w, 1), plain(3, w, 1)};
    people[0].goals = "Better feedback for my students";
    people[1].goals = "better FEEDBACK, for my student!";
    people[2].goals = "Budget spreadsheets";
    struct match_input in = plain_input(people, 3);
    struct match_error err;
    struct match_pool *pool = match_pool_new(&in, &err);
    assert_non_null(pool);
    assert_true(match_tfidf_cosine(pool, 0, 1) > 0.999);
    assert_true(match_tfidf_cosine(pool, 0, 2) == 0.0);
    match_pool_free(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plural_stemming),
        cmocka_unit_test(test_overlap_across_time_zones),
        cmocka_unit_test(test_tfidf_cosine),
        cmocka_unit_test(test_explanation_words),
        cmocka_unit_test(test_unmatched_reason_names_the_constraint),
        cmocka_unit_test(test_odd_person_joins_or_stays_out),
        cmocka_unit_test(test_locked_group_kept_as_given),
        cmocka_unit_test(test_bad_input_gives_clear_errors),
        cmocka_unit_test(test_pairs_are_optimal_on_small_pools),
        cmocka_unit_test(test_generated_orgs_never_break_hard_constraints),
        cmocka_unit_test(test_same_seed_same_result_any_thread_count),
        cmocka_unit_test(test_rotation_avoids_last_rounds),
        cmocka_unit_test(test_circles_sizes_and_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
