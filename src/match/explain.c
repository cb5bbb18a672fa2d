/* explain.c — a group's score and its explanation in plain words.
 *
 * The explanation is built from the same per-rule points the score is made
 * of, never from the profile alone: a rule appears only when it added
 * points to this group, and the words name the very items that scored
 * (the skills one offers that the other wants, the shared growth areas or
 * interests, the goal terms with the largest TF-IDF products, the shared
 * minutes). Factors are listed by points, largest first. In a circle each
 * factor is told for the pair that earned the most of it, with their names. */
#include <stdlib.h>
#include <string.h>

#include "match/pool.h"
#include "match/util.h"

#define ITEMS_SHOWN 2

static const char *vocabulary_word(const struct match_pool *pool, int32_t id)
{
    return pool->vocabulary[id];
}

/* "a", "a and b" */
static void add_items(struct match_text *t, const struct match_pool *pool, const int32_t *items,
                      size_t count)
{
    if (count > ITEMS_SHOWN)
        count = ITEMS_SHOWN;
    for (size_t i = 0; i < count; i++)
        match_text_add(t, "%s%s", i == 0 ? "" : " and ", vocabulary_word(pool, items[i]));
}

static void add_duration(struct match_text *t, int32_t minutes)
{
    if (minutes < 60)
        match_text_add(t, "%d min", minutes);
    else if (minutes % 60 == 0)
        match_text_add(t, "%d h", minutes / 60);
    else
        match_text_add(t, "%d h %d min", minutes / 60, minutes % 60);
}

static void complement_text(struct match_text *t, const struct match_pool *pool, size_t a, size_t b)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    int32_t b_gives[ITEMS_SHOWN], a_gives[ITEMS_SHOWN];
    size_t nb =
        match_intersect(match_pool_ids(pool, pa->wants), pa->wants.count,
                        match_pool_ids(pool, pb->offers), pb->offers.count, b_gives, ITEMS_SHOWN);
    size_t na =
        match_intersect(match_pool_ids(pool, pb->wants), pb->wants.count,
                        match_pool_ids(pool, pa->offers), pa->offers.count, a_gives, ITEMS_SHOWN);
    if (nb > 0) {
        match_text_add(t, "%s offers ", match_pool_name(pool, b));
        add_items(t, pool, b_gives, nb);
        match_text_add(t, " that %s wants to learn", match_pool_name(pool, a));
    }
    if (na > 0) {
        match_text_add(t, "%s%s offers ", nb > 0 ? ", and " : "", match_pool_name(pool, a));
        add_items(t, pool, a_gives, na);
        match_text_add(t, " that %s wants to learn", match_pool_name(pool, b));
    }
}

static void similarity_text(struct match_text *t, const struct match_pool *pool, size_t a, size_t b,
                            const char *subject)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    int32_t growth[ITEMS_SHOWN], interests[ITEMS_SHOWN];
    size_t ng =
        match_intersect(match_pool_ids(pool, pa->wants), pa->wants.count,
                        match_pool_ids(pool, pb->wants), pb->wants.count, growth, ITEMS_SHOWN);
    size_t ni = match_intersect(match_pool_ids(pool, pa->interests), pa->interests.count,
                                match_pool_ids(pool, pb->interests), pb->interests.count, interests,
                                ITEMS_SHOWN);
    if (ng > 0) {
        match_text_add(t, "%s want to grow in ", subject);
        add_items(t, pool, growth, ng);
    }
    if (ni > 0) {
        match_text_add(t, ng > 0 ? " and share an interest in " : "%s share an interest in ",
                       subject);
        add_items(t, pool, interests, ni);
    }
    if (ng == 0 && ni == 0) {
        int32_t terms[3];
        size_t count = match_tfidf_shared(pool, a, b, terms, 3);
        match_text_add(t, "similar goals (%s mention ", subject);
        for (size_t i = 0; i < count; i++)
            match_text_add(t, "%s\"%s\"", i == 0 ? "" : ", ", pool->term_text[terms[i]]);
        match_text_add(t, ")");
    }
}

static void rule_text(struct match_text *t, const struct match_pool *pool, enum match_rule rule,
                      size_t a, size_t b, const struct match_pair_factors *f, bool is_circle)
{
    const struct match_person *people = pool->input->people;
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    if (is_circle && rule != MATCH_RULE_COMPLEMENT && rule != MATCH_RULE_REQUEST)
        match_text_add(t, "%s and %s: ", match_pool_name(pool, a), match_pool_name(pool, b));
    switch (rule) {
    case MATCH_RULE_COMPLEMENT:
        complement_text(t, pool, a, b);
        break;
    case MATCH_RULE_SIMILARITY:
        similarity_text(t, pool, a, b, "both");
        break;
    case MATCH_RULE_LEVEL:
        if (pa->level == pb->level)
            match_text_add(t, "same level");
        else
            match_text_add(t, "close levels (%d and %d)", pa->level, pb->level);
        break;
    case MATCH_RULE_DEPARTMENT:
        if (pa->department == pb->department)
            match_text_add(t, "same department (%s)", people[a].department);
        else
            match_text_add(t, "different departments (%s and %s)", people[a].department,
                           people[b].department);
        break;
    case MATCH_RULE_TIMEZONE: {
        int gap = abs(pa->utc_offset - pb->utc_offset);
        if (gap == 0) {
            match_text_add(t, "same time zone");
        } else {
            match_text_add(t, "time zones ");
            add_duration(t, gap);
            match_text_add(t, " apart");
        }
        break;
    }
    case MATCH_RULE_AVAILABILITY:
        add_duration(t, f->overlap_minutes);
        match_text_add(t, " a week of shared availability");
        break;
    case MATCH_RULE_REQUEST: {
        bool a_asked = false, b_asked = false;
        const int32_t *by_a = match_pool_ids(pool, pa->requested);
        const int32_t *by_b = match_pool_ids(pool, pb->requested);
        for (uint32_t i = 0; i < pa->requested.count; i++)
            a_asked |= by_a[i] == (int32_t)b;
        for (uint32_t i = 0; i < pb->requested.count; i++)
            b_asked |= by_b[i] == (int32_t)a;
        if (a_asked && b_asked)
            match_text_add(t, "%s and %s asked to be paired with each other",
                           match_pool_name(pool, a), match_pool_name(pool, b));
        else
            match_text_add(t, "%s asked to be paired with %s",
                           match_pool_name(pool, a_asked ? a : b),
                           match_pool_name(pool, a_asked ? b : a));
        break;
    }
    default:
        break;
    }
}

int match_explain_group(const struct match_pool *pool, struct match_group *group)
{
    size_t count = group->member_count;
    int64_t totals[MATCH_RULE_COUNT] = {0};
    int64_t best[MATCH_RULE_COUNT] = {0};
    size_t best_a[MATCH_RULE_COUNT] = {0}, best_b[MATCH_RULE_COUNT] = {0};
    struct match_pair_factors best_factors[MATCH_RULE_COUNT];
    memset(best_factors, 0, sizeof best_factors);
    group->score = 0;
    group->breaks_constraints = false;
    for (size_t i = 0; i < count; i++)
        for (size_t j = i + 1; j < count; j++) {
            size_t a = group->members[i], b = group->members[j];
            struct match_pair_factors f;
            match_score_pair(pool, a, b, &f);
            if (match_pair_conflicts(pool, a, b) != 0)
                group->breaks_constraints = true;
            group->score += f.total;
            for (int r = 0; r < MATCH_RULE_COUNT; r++) {
                totals[r] += f.points[r];
                if (f.points[r] > best[r]) {
                    best[r] = f.points[r];
                    best_a[r] = a;
                    best_b[r] = b;
                    best_factors[r] = f;
                }
            }
        }
    size_t factor_count = 0;
    for (int r = 0; r < MATCH_RULE_COUNT; r++)
        factor_count += totals[r] > 0;
    group->factors = calloc(factor_count + 1, sizeof *group->factors);
    if (!group->factors)
        return -1;
    group->factor_count = 0;
    for (int r = 0; r < MATCH_RULE_COUNT; r++) {
        if (totals[r] <= 0)
            continue;
        struct match_text t = {0};
        rule_text(&t, pool, (enum match_rule)r, best_a[r], best_b[r], &best_factors[r], count > 2);
        struct match_factor *f = &group->factors[group->factor_count++];
        f->rule = (enum match_rule)r;
        f->points = totals[r];
        f->text = match_text_take(&t);
        if (!f->text)
            return -1;
    }
    /* Largest contribution first; rule order breaks ties (stable). */
    for (size_t i = 1; i < group->factor_count; i++)
        for (size_t j = i; j > 0 && group->factors[j].points > group->factors[j - 1].points; j--) {
            struct match_factor swap = group->factors[j];
            group->factors[j] = group->factors[j - 1];
            group->factors[j - 1] = swap;
        }
    struct match_text t = {0};
    for (size_t i = 0; i < group->factor_count; i++)
        match_text_add(&t, "%s%s", i == 0 ? "" : "; ", group->factors[i].text);
    if (group->factor_count == 0)
        match_text_add(&t, "compatible on every hard constraint; no preference scored");
    group->explanation = match_text_take(&t);
    return group->explanation ? 0 : -1;
}
