/* constraints.c — the hard constraints, and why someone was left out.
 *
 * A pair is compatible when it breaks none of: reporting chain (either is
 * the other's manager at any depth), shared language, minimum shared weekly
 * minutes, level gap, never-with lists (either side), recent partners (the
 * last K rounds, either side's record). Cheap tests run first; the exact
 * availability merge runs only when the 30-minute slot masks allow enough
 * overlap.
 *
 * For an unmatched person the reason is found by applying the constraints
 * one at a time, in a fixed order, to everyone else: the first one after
 * which nobody is left is the one that left them out, and the ones before
 * it that removed someone qualify the sentence ("no one outside your
 * reporting line shares your available hours"). */
#include <stdio.h>
#include <stdlib.h>

#include "match/pool.h"
#include "match/util.h"

#define BIT(reason) (1u << (reason))

/* Portable popcount (SWAR): the builtin becomes a slow library call
 * without -mpopcnt, which a portable build cannot assume. */
static inline int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return (int)((x * 0x0101010101010101ULL) >> 56);
}

bool match_in_reporting_chain(const struct match_pool *pool, size_t a, size_t b)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    return (pa->chain_in <= pb->chain_in && pb->chain_in < pa->chain_out) ||
           (pb->chain_in <= pa->chain_in && pa->chain_in < pb->chain_out);
}

static bool shares_language(const struct match_pool *pool, size_t a, size_t b)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    if ((pa->language_mask & pb->language_mask) == 0)
        return false;
    return match_intersect(match_pool_ids(pool, pa->languages), pa->languages.count,
                           match_pool_ids(pool, pb->languages), pb->languages.count, NULL, 0) > 0;
}

static bool enough_overlap(const struct match_pool *pool, size_t a, size_t b, int minutes)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    int slots = 0;
    for (int i = 0; i < 6; i++)
        slots += popcount64(pa->slot_mask[i] & pb->slot_mask[i]);
    if (slots * 30 < minutes)
        return false;
    return match_overlap_minutes(pool, a, b) >= minutes;
}

static bool span_has(const struct match_pool *pool, struct match_span span, int32_t value)
{
    const int32_t *items = match_pool_ids(pool, span);
    size_t low = 0, high = span.count;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (items[mid] == value)
            return true;
        if (items[mid] < value)
            low = mid + 1;
        else
            high = mid;
    }
    return false;
}

static bool was_recent_partner(const struct match_pool *pool, size_t a, size_t b)
{
    const struct match_past *past = pool->pasts + pool->people[a].past.start;
    size_t count = pool->people[a].past.count;
    int oldest = pool->input->round - pool->rules->avoid_recent_rounds;
    size_t low = 0, high = count;
    while (low < high) { /* first entry for peer b (latest round first) */
        size_t mid = (low + high) / 2;
        if (past[mid].peer < (int32_t)b)
            low = mid + 1;
        else
            high = mid;
    }
    return low < count && past[low].peer == (int32_t)b && past[low].round >= oldest;
}

uint32_t match_pair_conflicts(const struct match_pool *pool, size_t a, size_t b)
{
    const struct match_rules *rules = pool->rules;
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    uint32_t conflicts = 0;
    if (rules->max_level_gap >= 0 && abs(pa->level - pb->level) > rules->max_level_gap)
        conflicts |= BIT(MATCH_REASON_LEVEL_GAP);
    if (rules->avoid_reporting_chain && match_in_reporting_chain(pool, a, b))
        conflicts |= BIT(MATCH_REASON_REPORTING_CHAIN);
    if (rules->require_shared_language && !shares_language(pool, a, b))
        conflicts |= BIT(MATCH_REASON_LANGUAGE);
    if (rules->respect_never_with &&
        (span_has(pool, pa->never, (int32_t)b) || span_has(pool, pb->never, (int32_t)a)))
        conflicts |= BIT(MATCH_REASON_NEVER_WITH);
    if (rules->avoid_recent_rounds > 0 &&
        (was_recent_partner(pool, a, b) || was_recent_partner(pool, b, a)))
        conflicts |= BIT(MATCH_REASON_RECENT_PARTNER);
    if (rules->min_overlap_minutes > 0 && !enough_overlap(pool, a, b, rules->min_overlap_minutes))
        conflicts |= BIT(MATCH_REASON_AVAILABILITY);
    return conflicts;
}

bool match_pair_compatible(const struct match_pool *pool, size_t a, size_t b, int32_t *overlap)
{
    const struct match_rules *rules = pool->rules;
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    *overlap = -1;
    if (rules->max_level_gap >= 0 && abs(pa->level - pb->level) > rules->max_level_gap)
        return false;
    if (rules->avoid_reporting_chain && match_in_reporting_chain(pool, a, b))
        return false;
    if (rules->require_shared_language && !shares_language(pool, a, b))
        return false;
    if (rules->min_overlap_minutes > 0) {
        int slots = 0;
        for (int i = 0; i < 6; i++)
            slots += popcount64(pa->slot_mask[i] & pb->slot_mask[i]);
        if (slots * 30 < rules->min_overlap_minutes)
            return false;
        *overlap = match_overlap_minutes(pool, a, b);
        if (*overlap < rules->min_overlap_minutes)
            return false;
    }
    if (rules->respect_never_with && (pa->never.count || pb->never.count) &&
        (span_has(pool, pa->never, (int32_t)b) || span_has(pool, pb->never, (int32_t)a)))
        return false;
    if (rules->avoid_recent_rounds > 0 && (pa->past.count || pb->past.count) &&
        (was_recent_partner(pool, a, b) || was_recent_partner(pool, b, a)))
        return false;
    return true;
}

int64_t match_pair_evaluate(const struct match_pool *pool, size_t a, size_t b)
{
    int32_t overlap;
    if (!match_pair_compatible(pool, a, b, &overlap))
        return -1;
    struct match_pair_factors factors;
    match_score_pair_with(pool, a, b, overlap, &factors);
    return factors.total;
}

/* The order in which constraints are peeled off for the explanation. */
static const enum match_reason peel_order[] = {
    MATCH_REASON_REPORTING_CHAIN, MATCH_REASON_LANGUAGE,   MATCH_REASON_AVAILABILITY,
    MATCH_REASON_LEVEL_GAP,       MATCH_REASON_NEVER_WITH, MATCH_REASON_RECENT_PARTNER,
};
#define PEEL_COUNT (sizeof peel_order / sizeof peel_order[0])

/* The clause a passed constraint adds ("who shares a language with you"),
 * or the final predicate of the sentence. */
static void add_clause(struct match_text *t, const struct match_rules *rules,
                       enum match_reason reason)
{
    switch (reason) {
    case MATCH_REASON_LANGUAGE:
        match_text_add(t, "shares a language with you");
        break;
    case MATCH_REASON_AVAILABILITY:
        match_text_add(t, "shares %d minutes a week of your available hours",
                       rules->min_overlap_minutes);
        break;
    case MATCH_REASON_LEVEL_GAP:
        match_text_add(t, "is within %d level%s of yours", rules->max_level_gap,
                       rules->max_level_gap == 1 ? "" : "s");
        break;
    case MATCH_REASON_NEVER_WITH:
        match_text_add(t, "is off your never-with lists");
        break;
    default:
        match_text_add(t, "was not your partner in the last %d rounds", rules->avoid_recent_rounds);
        break;
    }
}

/* "no one[ outside your reporting line][ who A and B] <predicate>" */
static void reason_sentence(struct match_text *t, const struct match_pool *pool, size_t a,
                            enum match_reason reason, const bool *removed_some)
{
    const struct match_rules *rules = pool->rules;
    if (reason == MATCH_REASON_REPORTING_CHAIN) {
        match_text_add(t, "everyone else in the program is in your reporting line");
        return;
    }
    if (reason == MATCH_REASON_LANGUAGE && pool->people[a].languages.count == 0) {
        match_text_add(t, "you listed no languages, and a shared language is required");
        return;
    }
    match_text_add(t, "no one");
    size_t clauses = 0;
    for (size_t i = 0; i < PEEL_COUNT && peel_order[i] != reason; i++) {
        if (!removed_some[i])
            continue;
        if (peel_order[i] == MATCH_REASON_REPORTING_CHAIN) {
            match_text_add(t, " outside your reporting line");
            continue;
        }
        match_text_add(t, clauses++ == 0 ? " who " : " and ");
        add_clause(t, rules, peel_order[i]);
    }
    match_text_add(t, " ");
    add_clause(t, rules, reason);
}

int match_explain_unmatched(const struct match_pool *pool, size_t a, bool is_odd_one_out,
                            struct match_unmatched *out)
{
    const struct match_rules *rules = pool->rules;
    struct match_text t = {0};
    size_t left[PEEL_COUNT] = {0}; /* people left after each constraint */
    size_t compatible = 0;
    for (size_t b = 0; b < pool->n; b++) {
        if (b == a)
            continue;
        uint32_t conflicts = match_pair_conflicts(pool, a, b);
        size_t i = 0;
        while (i < PEEL_COUNT && !(conflicts & BIT(peel_order[i])))
            left[i++]++;
        compatible += conflicts == 0;
    }
    out->compatible_count = compatible;
    size_t others = pool->n > 0 ? pool->n - 1 : 0;
    if (others == 0) {
        out->reason = MATCH_REASON_ALONE;
        match_text_add(&t, "you are the only person in the pool");
    } else if (rules->min_overlap_minutes > 0 && pool->people[a].available_minutes == 0) {
        out->reason = MATCH_REASON_NO_AVAILABILITY;
        match_text_add(&t, "you have not given any available hours");
    } else if (compatible > 0) {
        out->reason = is_odd_one_out ? MATCH_REASON_ODD_ONE_OUT : MATCH_REASON_PARTNERS_TAKEN;
        if (is_odd_one_out)
            match_text_add(&t, "the pool has an odd number of people and circles of 3 are off");
        else
            match_text_add(&t,
                           "all %zu compatible peer%s were matched with others, which gave a "
                           "better overall result",
                           compatible, compatible == 1 ? "" : "s");
    } else {
        bool removed_some[PEEL_COUNT];
        size_t before = others;
        enum match_reason reason = MATCH_REASON_RECENT_PARTNER;
        for (size_t i = 0; i < PEEL_COUNT; i++) {
            removed_some[i] = left[i] < before;
            if (left[i] == 0) {
                reason = peel_order[i];
                break;
            }
            before = left[i];
        }
        out->reason = reason;
        reason_sentence(&t, pool, a, reason, removed_some);
    }
    out->text = match_text_take(&t);
    return out->text ? 0 : -1;
}
