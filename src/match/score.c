/* score.c — the soft score of a pair, rule by rule.
 *
 * Each rule yields a value in [0, 1]; its points are weight * value * 100,
 * rounded, so with the default weights (summing to 100) a perfect pair
 * scores 10,000 points. Integers keep the matching exact and the scores
 * identical on every machine. The values (docs/MATCHING.md has the table):
 *   complement  reciprocal: 0.6 + 0.4 * mean(f_ab, f_ba); one-way: 0.4 * f,
 *               where f_ab = share of a's wanted skills that b offers — so
 *               any reciprocal pair scores above any one-way pair
 *   similarity  TF-IDF cosine of goals, interests and growth areas
 *   level       1 / (1 + level gap)
 *   department  1 when departments differ (or match, per program), else 0
 *   timezone    1 - offset gap / 12 h, at least 0
 *   availability shared weekly minutes / 300, at most 1
 *   request     1 when both asked for each other, 0.5 when one did */
#include <math.h>
#include <stdlib.h>

#include "match/pool.h"

size_t match_intersect(const int32_t *a, size_t na, const int32_t *b, size_t nb, int32_t *out,
                       size_t max)
{
    size_t i = 0, j = 0, count = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) {
            i++;
        } else if (a[i] > b[j]) {
            j++;
        } else {
            if (out && count < max)
                out[count] = a[i];
            count++;
            i++;
            j++;
        }
    }
    return count;
}

static bool span_contains(const struct match_pool *pool, struct match_span span, int32_t value)
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

static double share_wanted(const struct match_pool *pool, size_t wanter, size_t offerer)
{
    const struct match_profile *w = &pool->people[wanter], *o = &pool->people[offerer];
    if ((w->wants_mask & o->offers_mask) == 0)
        return 0; /* no common bit: certainly nothing in common */
    size_t common = match_intersect(match_pool_ids(pool, w->wants), w->wants.count,
                                    match_pool_ids(pool, o->offers), o->offers.count, NULL, 0);
    return (double)common / (double)w->wants.count;
}

static int64_t points(int weight, double value)
{
    if (weight <= 0 || value <= 0)
        return 0;
    return (int64_t)llround((double)weight * value * 100.0);
}

void match_score_pair(const struct match_pool *pool, size_t a, size_t b,
                      struct match_pair_factors *out)
{
    match_score_pair_with(pool, a, b, -1, out);
}

void match_score_pair_with(const struct match_pool *pool, size_t a, size_t b, int32_t overlap,
                           struct match_pair_factors *out)
{
    const struct match_rules *rules = pool->rules;
    const int *weight = rules->weights;
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    for (int r = 0; r < MATCH_RULE_COUNT; r++)
        out->points[r] = 0;
    out->overlap_minutes = 0;

    if (weight[MATCH_RULE_COMPLEMENT] > 0) {
        double f_ab = share_wanted(pool, a, b), f_ba = share_wanted(pool, b, a);
        double value = f_ab > 0 && f_ba > 0 ? 0.6 + 0.4 * (f_ab + f_ba) / 2
                                            : 0.4 * (f_ab > f_ba ? f_ab : f_ba);
        out->points[MATCH_RULE_COMPLEMENT] = points(weight[MATCH_RULE_COMPLEMENT], value);
    }
    if (weight[MATCH_RULE_SIMILARITY] > 0)
        out->points[MATCH_RULE_SIMILARITY] =
            points(weight[MATCH_RULE_SIMILARITY], match_tfidf_cosine(pool, a, b));
    if (weight[MATCH_RULE_LEVEL] > 0)
        out->points[MATCH_RULE_LEVEL] =
            points(weight[MATCH_RULE_LEVEL], 1.0 / (1.0 + abs(pa->level - pb->level)));
    if (weight[MATCH_RULE_DEPARTMENT] > 0 && pa->department >= 0 && pb->department >= 0) {
        bool same = pa->department == pb->department;
        bool wanted = rules->department_mode == MATCH_DEPARTMENT_SAME ? same : !same;
        out->points[MATCH_RULE_DEPARTMENT] = wanted ? points(weight[MATCH_RULE_DEPARTMENT], 1) : 0;
    }
    if (weight[MATCH_RULE_TIMEZONE] > 0) {
        double gap = fabs((double)(pa->utc_offset - pb->utc_offset));
        out->points[MATCH_RULE_TIMEZONE] = points(weight[MATCH_RULE_TIMEZONE], 1.0 - gap / 720.0);
    }
    if (weight[MATCH_RULE_AVAILABILITY] > 0 || rules->min_overlap_minutes > 0) {
        out->overlap_minutes = overlap >= 0 ? overlap : match_overlap_minutes(pool, a, b);
        double value = out->overlap_minutes / 300.0;
        out->points[MATCH_RULE_AVAILABILITY] =
            points(weight[MATCH_RULE_AVAILABILITY], value > 1 ? 1 : value);
    }
    if (weight[MATCH_RULE_REQUEST] > 0) {
        int asked = span_contains(pool, pa->requested, (int32_t)b) +
                    span_contains(pool, pb->requested, (int32_t)a);
        out->points[MATCH_RULE_REQUEST] = points(weight[MATCH_RULE_REQUEST], asked / 2.0);
    }
    out->total = 0;
    for (int r = 0; r < MATCH_RULE_COUNT; r++)
        out->total += out->points[r];
}

int64_t match_score_total(const struct match_pool *pool, size_t a, size_t b)
{
    struct match_pair_factors factors;
    match_score_pair(pool, a, b, &factors);
    return factors.total;
}
