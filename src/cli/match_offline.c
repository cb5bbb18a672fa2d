/* match_offline.c — the offline matching command; see match_offline.h.
 *
 * This is the only place where the engine meets files and JSON: it reads
 * people, rules or a plain graph, converts IANA time zones to UTC offsets
 * (at the current instant, through lib/tz.h), calls the pure library and
 * writes the result. The JSON documents point into the parsed jansson tree,
 * so every input string lives until the output is written. */
#include "cli/match_offline.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/tz.h"
#include "match/match.h"

#define EXIT_USAGE 2

struct offline {
    char error[256];
    /* Everything allocated for the input, freed together. */
    void **owned;
    size_t owned_count, owned_capacity;
};

static int fail(struct offline *o, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct offline *o, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(o->error, sizeof o->error, format, args);
    va_end(args);
    return -1;
}

static void *own(struct offline *o, size_t count, size_t size)
{
    if (o->owned_count == o->owned_capacity) {
        size_t capacity = o->owned_capacity ? o->owned_capacity * 2 : 64;
        void **grown = realloc(o->owned, capacity * sizeof *grown);
        if (!grown)
            return NULL;
        o->owned = grown;
        o->owned_capacity = capacity;
    }
    void *p = calloc(count ? count : 1, size);
    if (p)
        o->owned[o->owned_count++] = p;
    return p;
}

static void offline_cleanup(struct offline *o)
{
    for (size_t i = 0; i < o->owned_count; i++)
        free(o->owned[i]);
    free(o->owned);
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- reading people ------------------------------------------------------- */

static int read_int(struct offline *o, json_t *object, const char *key, const char *where,
                    long long low, long long high, long long *out, bool is_required)
{
    json_t *value = json_object_get(object, key);
    if (!value || json_is_null(value)) {
        if (is_required)
            return fail(o, "%s: \"%s\" is required", where, key);
        return 1;
    }
    if (!json_is_integer(value))
        return fail(o, "%s: \"%s\" must be an integer", where, key);
    long long v = json_integer_value(value);
    if (v < low || v > high)
        return fail(o, "%s: \"%s\" must be between %lld and %lld", where, key, low, high);
    *out = v;
    return 0;
}

static int read_strings(struct offline *o, json_t *object, const char *key, const char *where,
                        struct match_strings *out)
{
    out->items = NULL;
    out->count = 0;
    json_t *value = json_object_get(object, key);
    if (!value || json_is_null(value))
        return 0;
    if (!json_is_array(value))
        return fail(o, "%s: \"%s\" must be a list of strings", where, key);
    size_t count = json_array_size(value);
    const char **items = own(o, count, sizeof *items);
    if (!items)
        return fail(o, "out of memory");
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_array_get(value, i);
        if (!json_is_string(item))
            return fail(o, "%s: \"%s\" must be a list of strings", where, key);
        items[i] = json_string_value(item);
    }
    out->items = items;
    out->count = count;
    return 0;
}

static int read_ids(struct offline *o, json_t *object, const char *key, const char *where,
                    const int64_t **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    json_t *value = json_object_get(object, key);
    if (!value || json_is_null(value))
        return 0;
    if (!json_is_array(value))
        return fail(o, "%s: \"%s\" must be a list of ids", where, key);
    size_t n = json_array_size(value);
    int64_t *ids = own(o, n, sizeof *ids);
    if (!ids)
        return fail(o, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(value, i);
        if (!json_is_integer(item))
            return fail(o, "%s: \"%s\" must be a list of integer ids", where, key);
        ids[i] = json_integer_value(item);
    }
    *out = ids;
    *count = n;
    return 0;
}

/* "09:30" -> 570; "24:00" allowed. */
static int parse_clock(const char *text, int *minutes)
{
    int hours, mins;
    char tail;
    if (!text || sscanf(text, "%d:%d%c", &hours, &mins, &tail) != 2)
        return -1;
    if (hours < 0 || hours > 24 || mins < 0 || mins > 59 || (hours == 24 && mins != 0))
        return -1;
    *minutes = hours * 60 + mins;
    return 0;
}

static int parse_day(const char *text)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int d = 0; text && d < 7; d++)
        if (strncmp(text, days[d], 3) == 0)
            return d;
    return -1;
}

static int read_windows(struct offline *o, json_t *person, const char *where,
                        struct match_person *p)
{
    json_t *value = json_object_get(person, "availability");
    if (!value || json_is_null(value))
        return 0;
    if (!json_is_array(value))
        return fail(o, "%s: \"availability\" must be a list of windows", where);
    size_t count = json_array_size(value);
    struct match_window *windows = own(o, count, sizeof *windows);
    if (!windows)
        return fail(o, "out of memory");
    for (size_t i = 0; i < count; i++) {
        json_t *w = json_array_get(value, i);
        int day = parse_day(json_string_value(json_object_get(w, "day")));
        int start, end;
        if (day < 0 || parse_clock(json_string_value(json_object_get(w, "start")), &start) ||
            parse_clock(json_string_value(json_object_get(w, "end")), &end) || start >= end)
            return fail(o,
                        "%s: availability window %zu needs \"day\" (mon..sun) and \"start\" < "
                        "\"end\" as HH:MM",
                        where, i);
        windows[i] = (struct match_window){day, start, end};
    }
    p->windows = windows;
    p->window_count = count;
    return 0;
}

static int read_person(struct offline *o, json_t *person, size_t index, time_t now,
                       struct match_person *p)
{
    char where[64];
    snprintf(where, sizeof where, "people[%zu]", index);
    if (!json_is_object(person))
        return fail(o, "%s: must be an object", where);
    long long v;
    if (read_int(o, person, "id", where, INT64_MIN + 1, INT64_MAX, &v, true) < 0)
        return -1;
    p->id = v;
    snprintf(where, sizeof where, "person %lld", v);
    p->display_name = json_string_value(json_object_get(person, "display_name"));
    v = 0;
    if (read_int(o, person, "level", where, -1000000, 1000000, &v, false) < 0)
        return -1;
    p->level = (int)v;
    p->department = json_string_value(json_object_get(person, "department"));
    p->manager_id = MATCH_NO_ID;
    int rc = read_int(o, person, "manager_id", where, INT64_MIN + 1, INT64_MAX, &v, false);
    if (rc < 0)
        return -1;
    if (rc == 0)
        p->manager_id = v;
    json_t *zone = json_object_get(person, "time_zone");
    json_t *offset = json_object_get(person, "utc_offset_minutes");
    if (offset && !json_is_null(offset)) {
        if (read_int(o, person, "utc_offset_minutes", where, -18 * 60, 18 * 60, &v, true) < 0)
            return -1;
        p->utc_offset_minutes = (int)v;
    } else if (zone && !json_is_null(zone)) {
        const char *name = json_string_value(zone);
        int minutes;
        if (!name || tz_utc_offset_minutes(name, now, &minutes) != 0)
            return fail(o, "%s: unknown time zone \"%s\"", where, name ? name : "?");
        p->utc_offset_minutes = minutes;
    }
    if (read_windows(o, person, where, p) ||
        read_strings(o, person, "languages", where, &p->languages) ||
        read_strings(o, person, "skills_to_develop", where, &p->skills_to_develop) ||
        read_strings(o, person, "skills_to_offer", where, &p->skills_to_offer) ||
        read_strings(o, person, "interests", where, &p->interests) ||
        read_ids(o, person, "requested", where, &p->requested_ids, &p->requested_count) ||
        read_ids(o, person, "never", where, &p->never_ids, &p->never_count))
        return -1;
    json_t *goals = json_object_get(person, "goals");
    if (json_is_string(goals))
        p->goals = json_string_value(goals);
    else if (goals && !json_is_null(goals))
        return fail(o, "%s: \"goals\" must be text", where);
    json_t *past = json_object_get(person, "past_partners");
    if (past && !json_is_null(past)) {
        if (!json_is_array(past))
            return fail(o, "%s: \"past_partners\" must be a list", where);
        size_t count = json_array_size(past);
        struct match_past_partner *items = own(o, count, sizeof *items);
        if (!items)
            return fail(o, "out of memory");
        for (size_t i = 0; i < count; i++) {
            json_t *entry = json_array_get(past, i);
            long long id, round;
            if (read_int(o, entry, "id", where, INT64_MIN + 1, INT64_MAX, &id, true) < 0 ||
                read_int(o, entry, "round", where, -1000000000, 1000000000, &round, true) < 0)
                return -1;
            items[i] = (struct match_past_partner){id, (int)round};
        }
        p->past_partners = items;
        p->past_partner_count = count;
    }
    return 0;
}

static int read_rules(struct offline *o, json_t *rules, struct match_input *input)
{
    struct match_rules *r = &input->rules;
    if (!json_is_object(rules))
        return fail(o, "rules: must be an object");
    const char *where = "rules";
    long long v;
    json_t *flag;
    if ((flag = json_object_get(rules, "avoid_reporting_chain")))
        r->avoid_reporting_chain = json_is_true(flag);
    if ((flag = json_object_get(rules, "require_shared_language")))
        r->require_shared_language = json_is_true(flag);
    if ((flag = json_object_get(rules, "respect_never_with")))
        r->respect_never_with = json_is_true(flag);
    struct {
        const char *key;
        int *field;
        long long low, high;
    } ints[] = {
        {"min_overlap_minutes", &r->min_overlap_minutes, 0, 10080},
        {"avoid_recent_rounds", &r->avoid_recent_rounds, 0, 1000000},
        {"max_level_gap", &r->max_level_gap, -1, 1000000},
        {"group_size", &r->group_size, 2, 4},
        {"candidate_k", &r->candidate_k, 1, 1024},
        {"threads", &input->threads, 1, 64},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        int rc = read_int(o, rules, ints[i].key, where, ints[i].low, ints[i].high, &v, false);
        if (rc < 0)
            return -1;
        if (rc == 0)
            *ints[i].field = (int)v;
    }
    if (read_int(o, rules, "full_graph_limit", where, 0, 100000000, &v, false) == 0)
        r->full_graph_limit = (size_t)v;
    if (read_int(o, rules, "compare_limit", where, 0, 100000000, &v, false) == 0)
        r->compare_limit = (size_t)v;
    if (o->error[0])
        return -1;
    json_t *weights = json_object_get(rules, "weights");
    if (weights) {
        if (!json_is_object(weights))
            return fail(o, "rules: \"weights\" must be an object");
        const char *key;
        json_t *value;
        json_object_foreach(weights, key, value)
        {
            int rule = -1;
            for (int x = 0; x < MATCH_RULE_COUNT; x++)
                if (strcmp(key, match_rule_name((enum match_rule)x)) == 0)
                    rule = x;
            if (rule < 0)
                return fail(o, "rules: unknown weight \"%s\"", key);
            if (read_int(o, weights, key, "rules.weights", 0, 1000, &v, true) < 0)
                return -1;
            r->weights[rule] = (int)v;
        }
    }
    const char *mode = json_string_value(json_object_get(rules, "department_mode"));
    if (mode) {
        if (strcmp(mode, "cross") != 0 && strcmp(mode, "same") != 0)
            return fail(o, "rules: \"department_mode\" must be \"cross\" or \"same\"");
        r->department_mode =
            strcmp(mode, "same") == 0 ? MATCH_DEPARTMENT_SAME : MATCH_DEPARTMENT_CROSS;
    }
    const char *odd = json_string_value(json_object_get(rules, "odd_person"));
    if (odd) {
        if (strcmp(odd, "join") != 0 && strcmp(odd, "unmatched") != 0)
            return fail(o, "rules: \"odd_person\" must be \"join\" or \"unmatched\"");
        r->odd_person = strcmp(odd, "join") == 0 ? MATCH_ODD_JOIN_GROUP : MATCH_ODD_UNMATCHED;
    }
    return 0;
}

static int read_people_document(struct offline *o, json_t *root, struct match_input *input)
{
    json_t *people = json_is_array(root) ? root : json_object_get(root, "people");
    if (!json_is_array(people))
        return fail(o, "input: expected a list of people or an object with \"people\"");
    long long v;
    if (json_is_object(root)) {
        if (read_int(o, root, "round", "input", -1000000000, 1000000000, &v, false) == 0)
            input->round = (int)v;
        if (read_int(o, root, "seed", "input", 0, INT64_MAX, &v, false) == 0)
            input->seed = (uint64_t)v;
        if (o->error[0])
            return -1;
    }
    size_t count = json_array_size(people);
    struct match_person *items = own(o, count, sizeof *items);
    if (!items)
        return fail(o, "out of memory");
    time_t now = time(NULL);
    for (size_t i = 0; i < count; i++)
        if (read_person(o, json_array_get(people, i), i, now, &items[i]) != 0)
            return -1;
    input->people = items;
    input->person_count = count;
    json_t *managers = json_is_object(root) ? json_object_get(root, "managers") : NULL;
    if (managers && json_is_array(managers)) {
        size_t n = json_array_size(managers);
        struct match_manager_link *links = own(o, n, sizeof *links);
        if (!links)
            return fail(o, "out of memory");
        for (size_t i = 0; i < n; i++) {
            json_t *m = json_array_get(managers, i);
            links[i].manager_id = MATCH_NO_ID;
            if (read_int(o, m, "id", "managers", INT64_MIN + 1, INT64_MAX, &v, true) < 0)
                return -1;
            links[i].id = v;
            int rc = read_int(o, m, "manager_id", "managers", INT64_MIN + 1, INT64_MAX, &v, false);
            if (rc < 0)
                return -1;
            if (rc == 0)
                links[i].manager_id = v;
        }
        input->managers = links;
        input->manager_count = n;
    }
    json_t *locked = json_is_object(root) ? json_object_get(root, "locked") : NULL;
    if (locked && json_is_array(locked)) {
        size_t n = json_array_size(locked);
        struct match_locked_group *groups = own(o, n, sizeof *groups);
        if (!groups)
            return fail(o, "out of memory");
        for (size_t i = 0; i < n; i++) {
            json_t *g = json_array_get(locked, i);
            json_t *wrapper = json_object();
            json_object_set(wrapper, "members", g);
            int rc = read_ids(o, wrapper, "members", "locked", &groups[i].member_ids,
                              &groups[i].member_count);
            json_decref(wrapper);
            if (rc != 0)
                return -1;
        }
        input->locked = groups;
        input->locked_count = n;
    }
    return 0;
}

/* ---- writing the result ----------------------------------------------------- */

static json_t *result_json(const struct match_input *input, const struct match_result *result)
{
    json_t *root = json_object();
    json_t *groups = json_array();
    for (size_t g = 0; g < result->group_count; g++) {
        const struct match_group *group = &result->groups[g];
        json_t *ids = json_array(), *names = json_array(), *factors = json_array();
        for (size_t i = 0; i < group->member_count; i++) {
            json_array_append_new(ids, json_integer(group->member_ids[i]));
            const char *name = input->people[group->members[i]].display_name;
            json_array_append_new(names, name ? json_string(name) : json_null());
        }
        for (size_t f = 0; f < group->factor_count; f++)
            json_array_append_new(factors, json_pack("{s:s, s:I, s:s}", "rule",
                                                     match_rule_name(group->factors[f].rule),
                                                     "points", (json_int_t)group->factors[f].points,
                                                     "text", group->factors[f].text));
        json_array_append_new(
            groups, json_pack("{s:o, s:o, s:I, s:b, s:b, s:s, s:o}", "members", ids, "names", names,
                              "score", (json_int_t)group->score, "locked", group->is_locked,
                              "breaks_constraints", group->breaks_constraints, "explanation",
                              group->explanation, "factors", factors));
    }
    json_t *unmatched = json_array();
    for (size_t u = 0; u < result->unmatched_count; u++) {
        const struct match_unmatched *x = &result->unmatched[u];
        const char *name = input->people[x->person].display_name;
        json_array_append_new(unmatched,
                              json_pack("{s:I, s:o, s:s, s:I, s:s}", "id", (json_int_t)x->person_id,
                                        "name", name ? json_string(name) : json_null(), "reason",
                                        match_reason_name(x->reason), "compatible_peers",
                                        (json_int_t)x->compatible_count, "explanation", x->text));
    }
    const struct match_stats *s = &result->stats;
    json_t *stats =
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:b}", "people", (json_int_t)s->people, "groups",
                  (json_int_t)result->group_count, "unmatched", (json_int_t)result->unmatched_count,
                  "total_score", (json_int_t)s->total_score, "graph_edges",
                  (json_int_t)s->candidate_edges, "candidate_graph", s->used_candidate_graph);
    if (s->used_candidate_graph)
        json_object_set_new(stats, "candidate_k", json_integer(s->candidate_k));
    if (s->has_full_graph_score)
        json_object_set_new(stats, "loss_vs_full_graph",
                            json_pack("{s:I, s:I}", "full_graph_pair_score",
                                      (json_int_t)s->full_graph_score, "candidate_graph_pair_score",
                                      (json_int_t)s->candidate_graph_score));
    if (s->has_circle_bound)
        json_object_set_new(stats, "circles",
                            json_pack("{s:I, s:I}", "score", (json_int_t)s->circle_score,
                                      "upper_bound", (json_int_t)s->circle_upper_bound));
    json_object_set_new(root, "groups", groups);
    json_object_set_new(root, "unmatched", unmatched);
    json_object_set_new(root, "stats", stats);
    return root;
}

static int print_json(json_t *root)
{
    int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    return rc == 0 && fflush(stdout) == 0 ? 0 : 1;
}

/* Writes the graph match_run would solve, in the --graph format. */
static int dump_graph(struct offline *o, const struct match_input *input, const char *path)
{
    struct match_pair_graph graph;
    struct match_error err;
    if (match_build_pair_graph(input, &graph, &err) != 0)
        return fail(o, "match: %s", err.message);
    FILE *f = fopen(path, "w");
    if (!f) {
        match_pair_graph_cleanup(&graph);
        return fail(o, "%s: %s", path, strerror(errno));
    }
    fprintf(f, "%zu %zu\n", graph.n, graph.m);
    for (size_t e = 0; e < graph.m; e++)
        fprintf(f, "%d %d %lld\n", (int)graph.edges[e].u, (int)graph.edges[e].v,
                (long long)graph.edges[e].weight);
    int rc = fclose(f);
    match_pair_graph_cleanup(&graph);
    return rc == 0 ? 0 : fail(o, "%s: write failed", path);
}

static int run_people(const char *people_path, const char *rules_path, const char *seed_text,
                      const char *round_text, const char *threads_text, const char *dump_path,
                      bool show_stats)
{
    struct offline o = {0};
    struct match_input input;
    memset(&input, 0, sizeof input);
    match_rules_init(&input.rules);
    input.threads = 1;
    json_error_t jerr;
    double t0 = seconds_now();
    json_t *root = json_load_file(people_path, 0, &jerr);
    json_t *rules = NULL;
    int status = EXIT_USAGE;
    if (!root) {
        fail(&o, "%s:%d: %s", people_path, jerr.line, jerr.text);
        goto done;
    }
    if (read_people_document(&o, root, &input) != 0)
        goto done;
    if (rules_path) {
        rules = json_load_file(rules_path, 0, &jerr);
        if (!rules) {
            fail(&o, "%s:%d: %s", rules_path, jerr.line, jerr.text);
            goto done;
        }
        if (read_rules(&o, rules, &input) != 0)
            goto done;
    }
    char *end;
    if (seed_text) {
        errno = 0;
        input.seed = strtoull(seed_text, &end, 10);
        if (errno || *end || !*seed_text) {
            fail(&o, "--seed must be a non-negative integer");
            goto done;
        }
    }
    if (round_text) {
        long round = strtol(round_text, &end, 10);
        if (*end || !*round_text) {
            fail(&o, "--round must be an integer");
            goto done;
        }
        input.round = (int)round;
    }
    if (threads_text) {
        long threads = strtol(threads_text, &end, 10);
        if (*end || threads < 1 || threads > 64) {
            fail(&o, "--threads must be 1..64");
            goto done;
        }
        input.threads = (int)threads;
    }
    if (dump_path) {
        status = dump_graph(&o, &input, dump_path) == 0 ? 0 : EXIT_USAGE;
        goto done;
    }
    double t1 = seconds_now();
    struct match_error err;
    struct match_result *result = match_run(&input, &err);
    double t2 = seconds_now();
    if (!result) {
        fail(&o, "match: %s", err.message);
        status = err.status == MATCH_ERR_NOMEM ? 1 : EXIT_USAGE;
        goto done;
    }
    json_t *out = result_json(&input, result);
    status = print_json(out);
    json_decref(out);
    if (show_stats)
        fprintf(stderr,
                "people=%zu groups=%zu unmatched=%zu edges=%zu read=%.3fs engine=%.3fs "
                "total=%.3fs\n",
                input.person_count, result->group_count, result->unmatched_count,
                result->stats.candidate_edges, t1 - t0, t2 - t1, seconds_now() - t0);
    match_result_free(result);
done:
    if (o.error[0])
        fprintf(stderr, "peercoach match: %s\n", o.error);
    json_decref(root);
    json_decref(rules);
    offline_cleanup(&o);
    return status;
}

/* ---- the plain graph -------------------------------------------------------- */

static int read_graph(struct offline *o, const char *path, size_t *n, size_t *m,
                      struct match_edge **edges)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(o, "%s: %s", path, strerror(errno));
    char *text = NULL;
    size_t length = 0, capacity = 0;
    for (;;) {
        if (capacity - length < 65536) {
            capacity = capacity ? capacity * 2 : 1 << 20;
            char *grown = realloc(text, capacity + 1);
            if (!grown) {
                free(text);
                fclose(f);
                return fail(o, "out of memory");
            }
            text = grown;
        }
        size_t got = fread(text + length, 1, capacity - length, f);
        length += got;
        if (got == 0)
            break;
    }
    fclose(f);
    text[length] = '\0';
    char *p = text, *end;
    long long values[3];
    size_t line = 1;
    int rc = 0;
    /* Header "n m", then m lines "u v w"; whitespace between numbers only. */
    for (int i = 0; i < 2; i++) {
        errno = 0;
        values[i] = strtoll(p, &end, 10);
        if (end == p || errno || values[i] < 0) {
            rc = fail(o, "%s:1: the first line must be \"n m\" (two non-negative integers)", path);
            goto out;
        }
        p = end;
    }
    if (values[0] > (long long)MATCH_VERTEX_LIMIT || values[1] >= (1LL << 30)) {
        rc = fail(o, "%s:1: too large (n <= 2^28, m < 2^30)", path);
        goto out;
    }
    *n = (size_t)values[0];
    *m = (size_t)values[1];
    *edges = malloc((*m ? *m : 1) * sizeof **edges);
    if (!*edges) {
        rc = fail(o, "out of memory");
        goto out;
    }
    for (size_t e = 0; e < *m; e++) {
        line = e + 2;
        for (int i = 0; i < 3; i++) {
            errno = 0;
            values[i] = strtoll(p, &end, 10);
            if (end == p || errno) {
                rc = fail(o, "%s:%zu: expected \"u v w\" (edge %zu of %zu)", path, line, e + 1, *m);
                goto out;
            }
            p = end;
        }
        if (values[0] < 0 || values[1] < 0 || values[0] >= (long long)*n ||
            values[1] >= (long long)*n) {
            rc = fail(o, "%s:%zu: vertex out of range 0..%zu", path, line, *n ? *n - 1 : 0);
            goto out;
        }
        (*edges)[e] = (struct match_edge){(int32_t)values[0], (int32_t)values[1], values[2]};
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p) {
        rc = fail(o, "%s: more than the %zu edges announced on the first line", path, *m);
        goto out;
    }
out:
    free(text);
    if (rc != 0) {
        free(*edges);
        *edges = NULL;
    }
    return rc;
}

static int run_graph(const char *path, bool is_any_cardinality, bool show_stats)
{
    struct offline o = {0};
    size_t n = 0, m = 0;
    struct match_edge *edges = NULL;
    double t0 = seconds_now();
    int status = EXIT_USAGE;
    if (read_graph(&o, path, &n, &m, &edges) != 0)
        goto done;
    double t1 = seconds_now();
    struct match_solution sol;
    struct match_error err;
    if (match_max_weight(n, m, edges, is_any_cardinality ? 0 : MATCH_MAX_CARDINALITY, &sol, &err) !=
        0) {
        fail(&o, "%s", err.message);
        status = err.status == MATCH_ERR_NOMEM ? 1 : EXIT_USAGE;
        goto done;
    }
    double t2 = seconds_now();
    json_t *pairs = json_array();
    for (size_t v = 0; v < n; v++)
        if (sol.mate[v] > (int32_t)v)
            json_array_append_new(pairs,
                                  json_pack("[I, I]", (json_int_t)v, (json_int_t)sol.mate[v]));
    json_t *root =
        json_pack("{s:I, s:I, s:b, s:I, s:I, s:o}", "n", (json_int_t)n, "m", (json_int_t)m,
                  "max_cardinality", !is_any_cardinality, "weight", (json_int_t)sol.weight,
                  "cardinality", (json_int_t)sol.cardinality, "pairs", pairs);
    status = print_json(root);
    json_decref(root);
    if (show_stats)
        fprintf(stderr, "n=%zu m=%zu weight=%lld cardinality=%zu read=%.3fs solve=%.3fs\n", n, m,
                (long long)sol.weight, sol.cardinality, t1 - t0, t2 - t1);
    match_solution_cleanup(&sol);
done:
    if (o.error[0])
        fprintf(stderr, "peercoach match: %s\n", o.error);
    free(edges);
    offline_cleanup(&o);
    return status;
}

/* ---- arguments ---------------------------------------------------------------- */

int cli_match_offline(int argc, char **argv)
{
    const char *input = NULL, *rules = NULL, *seed = NULL, *round = NULL, *threads = NULL,
               *graph = NULL, *dump = NULL;
    bool is_any_cardinality = false, show_stats = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = strcmp(arg, "--input") == 0        ? &input
                            : strcmp(arg, "--rules") == 0      ? &rules
                            : strcmp(arg, "--seed") == 0       ? &seed
                            : strcmp(arg, "--round") == 0      ? &round
                            : strcmp(arg, "--threads") == 0    ? &threads
                            : strcmp(arg, "--graph") == 0      ? &graph
                            : strcmp(arg, "--dump-graph") == 0 ? &dump
                                                               : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                fprintf(stderr, "peercoach match: %s needs a value\n", arg);
                return EXIT_USAGE;
            }
            *slot = argv[++i];
        } else if (strcmp(arg, "--any-cardinality") == 0) {
            is_any_cardinality = true;
        } else if (strcmp(arg, "--stats") == 0) {
            show_stats = true;
        } else {
            fprintf(stderr, "peercoach match: unknown argument %s\n", arg);
            return EXIT_USAGE;
        }
    }
    if ((input != NULL) == (graph != NULL)) {
        fprintf(stderr, "usage: peercoach match --input people.json [--rules rules.json] "
                        "[--seed N] | --graph FILE [--any-cardinality]\n");
        return EXIT_USAGE;
    }
    if (graph)
        return run_graph(graph, is_any_cardinality, show_stats);
    return run_people(input, rules, seed, round, threads, dump, show_stats);
}
