/* matching.c — see matching.h.
 *
 * Four parts: the rules (stored per program, defaults from the engine),
 * the engine's input built from the pool (profiles, enrollment goals,
 * reporting lines, past partners, participants' pairing preferences, time
 * zones turned into offsets at this instant), runs (compute, store, edit,
 * publish), and each participant's own pairing preferences. What a run
 * stores is read by organizers, so nothing from a preference list reaches
 * it in words: mutual requests score without being explained, never-with
 * reasons are reworded (matching.h, docs/MATCHING.md).
 *
 * The engine may take seconds on a large program, so a run is computed
 * outside any transaction and written in one that first checks the run's
 * version: an edit made from a run someone changed meanwhile is a 409,
 * never a lost update, and the write lock is never held while the engine
 * works.
 *
 * After a hand-made change every group is scored again by the engine with
 * all groups passed as locked, over the run's whole pool (so goal-text
 * similarity weighs words against the same people as the first run did);
 * only the scores and explanations are taken from that result. */
#include "domain/matching.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/access.h"
#include "domain/account.h"
#include "domain/enrollment.h"
#include "domain/partnership.h"
#include "domain/profile.h"
#include "domain/validate.h"
#include "lib/log.h"
#include "lib/tz.h"
#include "lib/utf8.h"
#include "store/audit.h"
#include "store/enrollment.h"
#include "store/partnership.h"

_Static_assert(STORE_MATCHING_WEIGHTS == MATCH_RULE_COUNT,
               "matching_rules stores one weight per engine rule");

const char *const matching_department_modes[] = {"cross", "same", NULL};
const char *const matching_odd_person_policies[] = {"join", "unmatched", NULL};

#define MAX_RECENT_ROUNDS   20
#define MAX_LEVEL_GAP       20
#define MAX_OVERLAP_MINUTES 1440 /* a day a week is already more than any pair meets */
#define MAX_WEIGHT          1000

/* --- small helpers ------------------------------------------------------------ */

static int load_program(struct ctx *ctx, int64_t program_id, struct program *out)
{
    int found = store_program_get(ctx->db, ctx->arena, program_id, 0, true, out);
    if (found < 0)
        return fail_internal(ctx, "reading program");
    return found ? 0 : fail_not_found(ctx);
}

static bool program_is_open(const struct program *program)
{
    return !strcmp(program->state, "enrolling") || !strcmp(program->state, "running");
}

static int require_open(struct ctx *ctx, const struct program *program)
{
    if (program_is_open(program))
        return 0;
    return fail_conflict(ctx, "invalid_state",
                         arena_printf(ctx->arena,
                                      "Matching runs while a program is enrolling or running; "
                                      "this one is %s.",
                                      program->state));
}

static int64_t actor_of(const struct ctx *ctx)
{
    return ctx->user ? ctx->user->id : 0;
}

void matching_group_limits(int64_t group_size, int *min, int *max)
{
    *min = group_size <= 2 ? 2 : 3;
    *max = group_size <= 2 ? 3 : 4;
}

static bool group_is_complete(const struct matching_group *g, int64_t group_size)
{
    int min, max;
    matching_group_limits(group_size, &min, &max);
    return g->member_count >= min && g->member_count <= max;
}

/* --- rules -------------------------------------------------------------------- */

void matching_rules_defaults(struct matching_rules *out)
{
    struct match_rules d;
    match_rules_init(&d);
    *out = (struct matching_rules){0};
    for (int i = 0; i < MATCH_RULE_COUNT; i++)
        out->weights[i] = d.weights[i];
    out->min_overlap_minutes = d.min_overlap_minutes;
    out->avoid_recent_rounds = d.avoid_recent_rounds;
    out->max_level_gap = d.max_level_gap;
    out->require_shared_language = d.require_shared_language;
    out->department_mode = d.department_mode == MATCH_DEPARTMENT_SAME ? "same" : "cross";
    out->odd_person = d.odd_person == MATCH_ODD_UNMATCHED ? "unmatched" : "join";
}

json_t *matching_rules_json(const struct matching_rules *rules)
{
    json_t *weights = json_object();
    for (int i = 0; i < MATCH_RULE_COUNT; i++)
        json_object_set_new(weights, match_rule_name((enum match_rule)i),
                            json_integer(rules->weights[i]));
    return json_pack("{s:o, s:I, s:I, s:o, s:b, s:s, s:s}", "weights", weights,
                     "min_overlap_minutes", (json_int_t)rules->min_overlap_minutes,
                     "avoid_recent_rounds", (json_int_t)rules->avoid_recent_rounds, "max_level_gap",
                     rules->max_level_gap < 0 ? json_null() : json_integer(rules->max_level_gap),
                     "require_shared_language", rules->require_shared_language, "department_mode",
                     rules->department_mode, "odd_person", rules->odd_person);
}

static int take_number(struct ctx *ctx, const char *field, json_t *value, int64_t min, int64_t max,
                       int64_t *out)
{
    if (!json_is_integer(value))
        return fail_input(ctx, field, "must be a whole number");
    if (validate_range(ctx, field, json_integer_value(value), min, max) != 0)
        return -1;
    *out = json_integer_value(value);
    return 0;
}

static int take_weights(struct ctx *ctx, json_t *weights, struct matching_rules *rules)
{
    if (!json_is_object(weights))
        return fail_input(ctx, "weights", "must be an object of rule names and weights");
    const char *name;
    json_t *value;
    json_object_foreach(weights, name, value)
    {
        int rule = -1;
        for (int i = 0; i < MATCH_RULE_COUNT; i++)
            if (!strcmp(name, match_rule_name((enum match_rule)i)))
                rule = i;
        const char *field = arena_printf(ctx->arena, "weights.%s", name);
        if (rule < 0)
            return fail_input(ctx, field,
                              "is not a rule (complement, similarity, level, department, "
                              "timezone, availability, request)");
        if (take_number(ctx, field, value, 0, MAX_WEIGHT, &rules->weights[rule]) != 0)
            return -1;
    }
    return 0;
}

static int take_choice(struct ctx *ctx, const char *field, json_t *value,
                       const char *const *choices, const char **out)
{
    if (!json_is_string(value))
        return fail_input(ctx, field, "must be a string");
    if (validate_choice(ctx, field, json_string_value(value), choices) != 0)
        return -1;
    for (const char *const *c = choices; *c; c++)
        if (!strcmp(*c, json_string_value(value)))
            *out = *c;
    return 0;
}

/* Applies the keys of changes to rules; the first bad one is a 422. */
static int rules_apply(struct ctx *ctx, json_t *changes, struct matching_rules *rules)
{
    if (!json_is_object(changes))
        return fail_input(ctx, "rules", "must be an object of rules");
    const char *key;
    json_t *value;
    json_object_foreach(changes, key, value)
    {
        int rc;
        if (!strcmp(key, "weights"))
            rc = take_weights(ctx, value, rules);
        else if (!strcmp(key, "min_overlap_minutes"))
            rc = take_number(ctx, key, value, 0, MAX_OVERLAP_MINUTES, &rules->min_overlap_minutes);
        else if (!strcmp(key, "avoid_recent_rounds"))
            rc = take_number(ctx, key, value, 0, MAX_RECENT_ROUNDS, &rules->avoid_recent_rounds);
        else if (!strcmp(key, "max_level_gap")) {
            rules->max_level_gap = -1; /* null: no limit */
            rc = json_is_null(value)
                     ? 0
                     : take_number(ctx, key, value, 0, MAX_LEVEL_GAP, &rules->max_level_gap);
        } else if (!strcmp(key, "require_shared_language")) {
            rc = json_is_boolean(value) ? 0 : fail_input(ctx, key, "must be true or false");
            rules->require_shared_language = json_is_true(value);
        } else if (!strcmp(key, "department_mode"))
            rc = take_choice(ctx, key, value, matching_department_modes, &rules->department_mode);
        else if (!strcmp(key, "odd_person"))
            rc = take_choice(ctx, key, value, matching_odd_person_policies, &rules->odd_person);
        else
            rc = fail_input(ctx, key,
                            "is not a matching rule (weights, min_overlap_minutes, "
                            "avoid_recent_rounds, max_level_gap, require_shared_language, "
                            "department_mode, odd_person)");
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* The program's rules without an access check: stored, or the defaults. */
static int load_rules(struct ctx *ctx, int64_t program_id, struct matching_rules *out)
{
    int found = store_matching_rules_get(ctx->db, ctx->arena, program_id, out);
    if (found < 0)
        return fail_internal(ctx, "reading matching rules");
    if (!found)
        matching_rules_defaults(out);
    return 0;
}

int matching_rules_get(struct ctx *ctx, int64_t program_id, struct matching_rules *out)
{
    if (access_require_program_organizer(ctx, program_id) != 0)
        return -1;
    return load_rules(ctx, program_id, out);
}

int matching_rules_update(struct ctx *ctx, int64_t program_id, json_t *changes,
                          struct matching_rules *out)
{
    struct program program;
    if (access_require_program_organizer(ctx, program_id) != 0 ||
        load_program(ctx, program_id, &program) != 0)
        return -1;
    if (!strcmp(program.state, "closed"))
        return fail_conflict(ctx, "invalid_state",
                             "This program has closed: its matching rules no longer change.");
    if (load_rules(ctx, program_id, out) != 0 || rules_apply(ctx, changes, out) != 0)
        return -1;
    out->updated_at = ctx->now;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "saving matching rules");
    if (store_matching_rules_save(ctx->db, program_id, out, actor_of(ctx), ctx->now) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, actor_of(ctx), "matching_rules_update", "program",
                        program_id, "") != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "saving matching rules");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "saving matching rules");
}

/* Rules kept with a run (matching_rules_json's shape) read back. */
static int rules_from_snapshot(struct ctx *ctx, const char *text, struct matching_rules *out)
{
    matching_rules_defaults(out);
    json_t *snapshot = json_loads(text, 0, NULL);
    if (!snapshot)
        return fail_internal(ctx, "reading a run's rules");
    int rc = rules_apply(ctx, snapshot, out);
    json_decref(snapshot);
    return rc;
}

static void engine_rules(const struct matching_rules *rules, int64_t group_size,
                         struct match_rules *out)
{
    match_rules_init(out);
    for (int i = 0; i < MATCH_RULE_COUNT; i++)
        out->weights[i] = (int)rules->weights[i];
    out->avoid_reporting_chain = true; /* peer coaching has no hierarchy: always on */
    out->min_overlap_minutes = (int)rules->min_overlap_minutes;
    out->require_shared_language = rules->require_shared_language;
    out->avoid_recent_rounds = (int)rules->avoid_recent_rounds;
    out->max_level_gap = (int)rules->max_level_gap;
    out->department_mode =
        !strcmp(rules->department_mode, "same") ? MATCH_DEPARTMENT_SAME : MATCH_DEPARTMENT_CROSS;
    out->odd_person =
        !strcmp(rules->odd_person, "unmatched") ? MATCH_ODD_UNMATCHED : MATCH_ODD_JOIN_GROUP;
    out->group_size = (int)group_size;
}

/* --- the engine's input --------------------------------------------------------- */

/* A JSON list of strings stored as text. */
static struct match_strings strings_of(struct arena *arena, const char *text)
{
    struct match_strings out = {NULL, 0};
    json_t *list = json_loads(text ? text : "[]", 0, NULL);
    if (!json_is_array(list)) {
        json_decref(list);
        return out;
    }
    const char **items = arena_alloc(arena, sizeof *items * (json_array_size(list) + 1));
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        if (json_is_string(item))
            items[out.count++] = arena_strdup(arena, json_string_value(item));
    }
    out.items = items;
    json_decref(list);
    return out;
}

/* Enrollment goals (a JSON list) as one text, one goal a line. */
static const char *goals_text(struct arena *arena, const char *json)
{
    struct match_strings goals = strings_of(arena, json);
    const char *text = "";
    for (size_t i = 0; i < goals.count; i++)
        text = arena_printf(arena, "%s%s%s", text, i ? "\n" : "", goals.items[i]);
    return text;
}

/* "HH:MM" (00:00..24:00) as minutes since midnight, or -1. */
static int clock_minutes(const char *text)
{
    if (!text || strlen(text) != 5 || text[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (text[i] < '0' || text[i] > '9'))
            return -1;
    int hours = (text[0] - '0') * 10 + (text[1] - '0'),
        minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        return -1;
    return hours * 60 + minutes;
}

/* Profile availability (validated when it was saved) as engine windows. */
static void windows_of(struct arena *arena, const char *text, struct match_person *person)
{
    json_t *list = json_loads(text ? text : "[]", 0, NULL);
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    struct match_window *windows = arena_alloc(arena, sizeof *windows * (n + 1));
    size_t count = 0, i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *day_name = json_string_value(json_object_get(item, "day"));
        int day = day_name ? profile_day_index(day_name) : -1;
        int start = clock_minutes(json_string_value(json_object_get(item, "start")));
        int end = clock_minutes(json_string_value(json_object_get(item, "end")));
        if (day >= 0 && start >= 0 && end > start)
            windows[count++] = (struct match_window){day, start, end};
    }
    json_decref(list);
    person->windows = windows;
    person->window_count = count;
}

static int compare_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int compare_participant(const void *a, const void *b)
{
    const struct enrollment_participant *x = a, *y = b;
    return (x->user_id > y->user_id) - (x->user_id < y->user_id);
}

static bool ids_contain(const int64_t *ids, int n, int64_t id)
{
    return n > 0 && bsearch(&id, ids, (size_t)n, sizeof *ids, compare_id) != NULL;
}

static const struct matching_profile *profile_of(const struct matching_profile *profiles, int n,
                                                 int64_t user_id)
{
    int low = 0, high = n;
    while (low < high) {
        int mid = low + (high - low) / 2;
        if (profiles[mid].user_id < user_id)
            low = mid + 1;
        else
            high = mid;
    }
    return low < n && profiles[low].user_id == user_id ? &profiles[low] : NULL;
}

/* The manager of user_id from the organization's reporting lines, or 0. */
static int64_t manager_of(const struct matching_reporting_line *lines, int n, int64_t user_id)
{
    int low = 0, high = n;
    while (low < high) {
        int mid = low + (high - low) / 2;
        if (lines[mid].user_id < user_id)
            low = mid + 1;
        else
            high = mid;
    }
    return low < n && lines[low].user_id == user_id ? lines[low].manager_id : 0;
}

/* A person of the pool with what the engine reads (past partners later). */
static void person_from(struct ctx *ctx, const struct matching_profile *m, const char *goals,
                        struct match_person *out)
{
    const struct profile *p = &m->profile;
    *out = (struct match_person){0};
    out->id = m->user_id;
    out->display_name = m->name;
    out->level = p->has_level ? (int)p->level : 0;
    out->department = *p->department ? p->department : NULL;
    out->manager_id = p->manager_id ? p->manager_id : MATCH_NO_ID;
    int offset = 0;
    if (tz_utc_offset_minutes(p->time_zone, ctx->now, &offset) != 0)
        offset = 0; /* profiles only hold valid zones; a zone dropped from tzdata reads as UTC */
    out->utc_offset_minutes = offset;
    windows_of(ctx->arena, p->availability, out);
    out->languages = strings_of(ctx->arena, p->languages);
    out->skills_to_develop = strings_of(ctx->arena, p->skills_to_develop);
    out->skills_to_offer = strings_of(ctx->arena, p->skills_to_offer);
    out->interests = strings_of(ctx->arena, p->interests);
    out->goals = goals;
}

/* The pool: accepted participants not in a partnership of the program
 * that has not ended, in user id order, with their level known or not. */
static int load_pool(struct ctx *ctx, const struct program *program, struct match_person **people,
                     bool **has_level, int *count)
{
    struct enrollment_participant *participants;
    struct matching_profile *profiles;
    int64_t *busy;
    int n_participants;
    if (enrollment_accepted_participants(ctx, program->id, &participants, &n_participants) != 0)
        return -1;
    int n_profiles = store_matching_profiles(ctx->db, ctx->arena, program->id, &profiles);
    int n_busy = store_partnership_busy_users(ctx->db, ctx->arena, program->id, &busy);
    if (n_profiles < 0 || n_busy < 0)
        return fail_internal(ctx, "reading the matching pool");
    *people = arena_alloc(ctx->arena, sizeof **people * (size_t)(n_participants + 1));
    *has_level = arena_alloc(ctx->arena, sizeof **has_level * (size_t)(n_participants + 1));
    *count = 0;
    /* Participants come by name; the engine gets them by id, so the same
     * pool always reaches it in the same order. */
    qsort(participants, (size_t)n_participants, sizeof *participants, compare_participant);
    for (int i = 0; i < n_participants; i++) {
        int64_t id = participants[i].user_id;
        const struct matching_profile *m = profile_of(profiles, n_profiles, id);
        if (!m || ids_contain(busy, n_busy, id))
            continue;
        person_from(ctx, m, goals_text(ctx->arena, participants[i].goals), &(*people)[*count]);
        (*has_level)[*count] = m->profile.has_level;
        (*count)++;
    }
    return 0;
}

/* Keeps only the people named in only (a run's pool); each must still be
 * in the pool, or the run is out of date (409 naming them). */
static int restrict_pool(struct ctx *ctx, const struct matching_member *only, int only_count,
                         struct match_person *people, bool *has_level, int *count)
{
    int64_t *wanted = arena_alloc(ctx->arena, sizeof *wanted * (size_t)(only_count + 1));
    for (int i = 0; i < only_count; i++)
        wanted[i] = only[i].user_id;
    qsort(wanted, (size_t)only_count, sizeof *wanted, compare_id);
    int64_t *present = arena_alloc(ctx->arena, sizeof *present * (size_t)(*count + 1));
    for (int i = 0; i < *count; i++)
        present[i] = people[i].id;
    for (int i = 0; i < only_count; i++)
        if (!ids_contain(present, *count, only[i].user_id))
            return fail_conflict(ctx, "stale_run",
                                 arena_printf(ctx->arena,
                                              "%s is no longer free to be paired in this program "
                                              "(their enrollment changed or they were paired "
                                              "meanwhile). Run matching again.",
                                              only[i].name));
    int kept = 0;
    for (int i = 0; i < *count; i++) {
        if (!ids_contain(wanted, only_count, people[i].id))
            continue;
        people[kept] = people[i];
        has_level[kept] = has_level[i];
        kept++;
    }
    *count = kept;
    return 0;
}

/* Level rules need everyone's level. Nobody gives one: the rules are not
 * applied (and the run says so). Some do: those who do not are left out,
 * told why, rather than compared as if they were level 0. */
static void apply_level_policy(struct ctx *ctx, struct match_person *people, const bool *has_level,
                               int *count, struct matching_input *out)
{
    struct match_rules *rules = &out->engine.rules;
    bool level_applies = rules->weights[MATCH_RULE_LEVEL] > 0 || rules->max_level_gap >= 0;
    int with_level = 0;
    for (int i = 0; i < *count; i++)
        with_level += has_level[i];
    out->left_out = arena_alloc(ctx->arena, sizeof *out->left_out * (size_t)(*count + 1));
    out->left_out_count = 0;
    out->notes = "";
    if (!level_applies || *count == 0 || with_level == *count)
        return;
    if (with_level == 0) {
        rules->weights[MATCH_RULE_LEVEL] = 0;
        rules->max_level_gap = -1;
        out->notes = "Nobody in the pool gives a level in their profile, so the level rules "
                     "were not applied.";
        return;
    }
    int kept = 0;
    for (int i = 0; i < *count; i++) {
        if (has_level[i]) {
            people[kept++] = people[i];
            continue;
        }
        out->left_out[out->left_out_count++] = (struct matching_unmatched){
            .user_id = people[i].id,
            .name = people[i].display_name,
            .reason = "missing_level",
            .explanation = "your profile does not give your level, which this program's "
                           "matching rules use"};
    }
    *count = kept;
}

/* Each person's past partners in the program, with rounds. */
static int add_past_partners(struct ctx *ctx, int64_t program_id, struct match_person *people,
                             int count)
{
    struct matching_past_pair *pairs;
    int n = store_matching_past_pairs(ctx->db, ctx->arena, program_id, &pairs);
    if (n < 0)
        return fail_internal(ctx, "reading past partners");
    int at = 0;
    for (int i = 0; i < count; i++) {
        while (at < n && pairs[at].user_id < people[i].id)
            at++;
        int first = at;
        while (at < n && pairs[at].user_id == people[i].id)
            at++;
        struct match_past_partner *past =
            arena_alloc(ctx->arena, sizeof *past * (size_t)(at - first + 1));
        for (int k = first; k < at; k++)
            past[k - first] = (struct match_past_partner){pairs[k].peer_id, (int)pairs[k].round};
        people[i].past_partners = past;
        people[i].past_partner_count = (size_t)(at - first);
    }
    return 0;
}

/* Managers outside the pool with their own managers, so the engine sees
 * every reporting chain through them (a chain cut short could pair a
 * manager with a report). Walks stop at the pool, the top, or after as
 * many steps as there are reporting lines (a cycle). */
static int add_managers(struct ctx *ctx, struct match_input *engine)
{
    struct matching_reporting_line *lines;
    int n_lines = store_matching_reporting_lines(ctx->db, ctx->arena, &lines);
    if (n_lines < 0)
        return fail_internal(ctx, "reading reporting lines");
    int64_t *pool = arena_alloc(ctx->arena, sizeof *pool * (engine->person_count + 1));
    for (size_t i = 0; i < engine->person_count; i++)
        pool[i] = engine->people[i].id;
    int pool_count = (int)engine->person_count; /* already in id order */
    int64_t *found = NULL;
    int n_found = 0, cap = 0;
    for (size_t i = 0; i < engine->person_count; i++) {
        int64_t m = engine->people[i].manager_id == MATCH_NO_ID ? 0 : engine->people[i].manager_id;
        for (int steps = 0; m && !ids_contain(pool, pool_count, m) && steps <= n_lines; steps++) {
            if (n_found == cap) {
                cap = cap ? cap * 2 : 16;
                int64_t *more = arena_alloc(ctx->arena, sizeof *more * (size_t)cap);
                if (n_found)
                    memcpy(more, found, sizeof *found * (size_t)n_found);
                found = more;
            }
            found[n_found++] = m;
            m = manager_of(lines, n_lines, m);
        }
    }
    if (n_found)
        qsort(found, (size_t)n_found, sizeof *found, compare_id);
    struct match_manager_link *links =
        arena_alloc(ctx->arena, sizeof *links * (size_t)(n_found + 1));
    size_t n_links = 0;
    for (int i = 0; i < n_found; i++) {
        if (i > 0 && found[i] == found[i - 1])
            continue;
        int64_t boss = manager_of(lines, n_lines, found[i]);
        links[n_links++] = (struct match_manager_link){found[i], boss ? boss : MATCH_NO_ID};
    }
    engine->managers = links;
    engine->manager_count = n_links;
    return 0;
}

/* The pool member with id, or -1 (people are in id order). */
static int person_at(const struct match_person *people, int count, int64_t id)
{
    int low = 0, high = count;
    while (low < high) {
        int mid = low + (high - low) / 2;
        if (people[mid].id < id)
            low = mid + 1;
        else
            high = mid;
    }
    return low < count && people[low].id == id ? low : -1;
}

/* Does links (by user, then peer) hold user -> peer of that kind? */
static bool link_holds(const struct matching_preference_link *links, int n, int64_t user_id,
                       int64_t peer_id, bool is_never)
{
    int low = 0, high = n;
    while (low < high) {
        int mid = low + (high - low) / 2;
        if (links[mid].user_id < user_id ||
            (links[mid].user_id == user_id && links[mid].peer_id < peer_id))
            low = mid + 1;
        else
            high = mid;
    }
    for (int i = low; i < n && links[i].user_id == user_id && links[i].peer_id == peer_id; i++)
        if (links[i].is_never == is_never)
            return true;
    return false;
}

/* Everyone's pairing preferences, resolved among the pool only: a "pair
 * with" reaches the engine only when both asked for each other (a
 * one-sided one would score, and be explained, as "A asked to be paired
 * with B", telling B and the organizers what A asked), a "never with"
 * always. Emails naming anyone outside the pool count for nothing. */
static int add_preferences(struct ctx *ctx, int64_t program_id, struct match_person *people,
                           int count)
{
    struct matching_preference_link *links;
    int n = store_matching_preference_links(ctx->db, ctx->arena, program_id, &links);
    if (n < 0)
        return fail_internal(ctx, "reading pairing preferences");
    int at = 0;
    for (int i = 0; i < count; i++) {
        while (at < n && links[at].user_id < people[i].id)
            at++;
        int first = at;
        while (at < n && links[at].user_id == people[i].id)
            at++;
        int64_t *requested = arena_alloc(ctx->arena, sizeof *requested * (size_t)(at - first + 1));
        int64_t *never = arena_alloc(ctx->arena, sizeof *never * (size_t)(at - first + 1));
        size_t n_requested = 0, n_never = 0;
        for (int k = first; k < at; k++) {
            int64_t peer = links[k].peer_id;
            if (person_at(people, count, peer) < 0)
                continue;
            if (links[k].is_never)
                never[n_never++] = peer;
            else if (link_holds(links, n, peer, people[i].id, false))
                requested[n_requested++] = peer;
        }
        people[i].requested_ids = requested;
        people[i].requested_count = n_requested;
        people[i].never_ids = never;
        people[i].never_count = n_never;
    }
    return 0;
}

static int build_input(struct ctx *ctx, const struct program *program,
                       const struct matching_rules *rules, int64_t round, int64_t seed,
                       const struct matching_member *only, int only_count,
                       struct matching_input *out)
{
    *out = (struct matching_input){0};
    struct match_person *people = NULL;
    bool *has_level = NULL;
    int count = 0;
    if (load_pool(ctx, program, &people, &has_level, &count) != 0)
        return -1;
    if (only && restrict_pool(ctx, only, only_count, people, has_level, &count) != 0)
        return -1;
    engine_rules(rules, program->group_size, &out->engine.rules);
    apply_level_policy(ctx, people, has_level, &count, out);
    if (add_past_partners(ctx, program->id, people, count) != 0 ||
        add_preferences(ctx, program->id, people, count) != 0)
        return -1;
    out->engine.people = people;
    out->engine.person_count = (size_t)count;
    out->engine.round = (int)round;
    out->engine.seed = (uint64_t)seed;
    out->engine.threads = 1;
    return add_managers(ctx, &out->engine);
}

int matching_input_build(struct ctx *ctx, const struct program *program,
                         const struct matching_rules *rules, int64_t round, int64_t seed,
                         struct matching_input *out)
{
    return build_input(ctx, program, rules, round, seed, NULL, 0, out);
}

/* --- running the engine ------------------------------------------------------------ */

static int engine_failure(struct ctx *ctx, const struct match_error *err)
{
    if (err->status == MATCH_ERR_MANAGER_CYCLE)
        return fail_conflict(ctx, "manager_cycle",
                             "The reporting lines of this program's participants form a cycle; "
                             "an admin must correct the managers in their profiles first.");
    log_error("matching engine: %s: %s", match_status_name(err->status), err->message);
    return fail_internal(ctx, "running the matching engine");
}

/* A copy in arena of at most MATCHING_EXPLANATION_MAX_CHARS characters,
 * cut after a whole factor ("…; …") when it must be cut. */
static const char *fit_explanation(struct arena *arena, const char *text)
{
    if (utf8_length(text, strlen(text)) <= MATCHING_EXPLANATION_MAX_CHARS)
        return arena_strdup(arena, text); /* the engine's result is freed after */
    size_t chars = 0, cut = 0;
    for (const char *p = text; *p; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        if (++chars == MATCHING_EXPLANATION_MAX_CHARS) /* one left for the ellipsis */
            return arena_printf(arena, "%.*s…", (int)(cut ? cut : (size_t)(p - text)), text);
        if (p[0] == ';' && p[1] == ' ')
            cut = (size_t)(p - text);
    }
    return text;
}

/* A mutual request is kept out of what a run stores and shows: the
 * organizers read runs, and a request is a line of someone's private
 * list. Its points stay in the score (the engine's optimum depends on
 * them); only the words go. */
static bool factor_is_shown(const struct match_factor *f)
{
    return f->rule != MATCH_RULE_REQUEST;
}

static const char *explanation_of(struct arena *arena, const struct match_group *g)
{
    bool is_hidden = false;
    for (size_t i = 0; i < g->factor_count; i++)
        is_hidden |= !factor_is_shown(&g->factors[i]);
    if (!is_hidden)
        return g->explanation ? g->explanation : "";
    const char *text = "";
    for (size_t i = 0; i < g->factor_count; i++)
        if (factor_is_shown(&g->factors[i]))
            text = arena_printf(arena, "%s%s%s", text, *text ? "; " : "", g->factors[i].text);
    return *text ? text : "compatible on every hard constraint";
}

static const char *factors_json(struct arena *arena, const struct match_group *g)
{
    json_t *list = json_array();
    for (size_t i = 0; i < g->factor_count; i++)
        if (factor_is_shown(&g->factors[i]))
            json_array_append_new(list, json_pack("{s:s, s:I, s:s}", "rule",
                                                  match_rule_name(g->factors[i].rule), "points",
                                                  (json_int_t)g->factors[i].points, "text",
                                                  g->factors[i].text));
    char *text = json_dumps(list, JSON_COMPACT);
    const char *copy = arena_strdup(arena, text);
    free(text);
    json_decref(list);
    return copy;
}

/* Score, explanation and factors of engine group g into group. */
static void take_scoring(struct arena *arena, const struct match_group *g,
                         struct matching_group *group)
{
    group->score = g->score;
    group->explanation = fit_explanation(arena, explanation_of(arena, g));
    group->factors = factors_json(arena, g);
    group->breaks_constraints = g->breaks_constraints;
}

static struct matching_unmatched *grow_unmatched(struct arena *arena, struct matching_run *run,
                                                 int extra)
{
    struct matching_unmatched *more =
        arena_alloc(arena, sizeof *more * (size_t)(run->unmatched_count + extra + 1));
    if (run->unmatched_count)
        memcpy(more, run->unmatched, sizeof *more * (size_t)run->unmatched_count);
    run->unmatched = more;
    return more;
}

/* The engine says when a never-with list left someone out ("no one who
 * is off your never-with lists …"); organizers read these reasons, so
 * that clause goes and a never-with reason becomes the neutral no_fit:
 * they learn that the program's rules left the person out, never that a
 * list (theirs or someone's about them) did. */
static void hide_never_with(struct arena *arena, enum match_reason reason,
                            struct matching_unmatched *u)
{
    if (reason == MATCH_REASON_NEVER_WITH) {
        u->reason = "no_fit";
        u->explanation = "no one else in the pool fits every rule of this program together "
                         "with you";
        return;
    }
    static const struct {
        const char *clause, *with;
    } cuts[] = {
        {"who is off your never-with lists and ", "who "},
        {" and is off your never-with lists", ""},
        {" who is off your never-with lists", ""},
    };
    for (size_t c = 0; c < sizeof cuts / sizeof *cuts; c++) {
        const char *at = strstr(u->explanation, cuts[c].clause);
        if (at)
            u->explanation =
                arena_printf(arena, "%.*s%s%s", (int)(at - u->explanation), u->explanation,
                             cuts[c].with, at + strlen(cuts[c].clause));
    }
}

/* The engine's groups and unmatched people into run. In a circles program
 * a group the engine could only make a pair of (partnership_create takes
 * 3-4 there) goes to the unmatched list with the reason. */
static void take_result(struct ctx *ctx, const struct match_input *in,
                        const struct match_result *result, struct matching_run *run)
{
    int min, max;
    matching_group_limits(run->group_size, &min, &max);
    run->groups = arena_alloc(ctx->arena, sizeof *run->groups * (result->group_count + 1));
    run->group_count = 0;
    grow_unmatched(ctx->arena, run, (int)(result->unmatched_count + 2 * result->group_count));
    run->total_score = 0;
    for (size_t i = 0; i < result->group_count; i++) {
        const struct match_group *g = &result->groups[i];
        const struct match_person *people = in->people;
        if ((int)g->member_count < min && !g->is_locked) {
            for (size_t k = 0; k < g->member_count; k++)
                run->unmatched[run->unmatched_count++] = (struct matching_unmatched){
                    .user_id = g->member_ids[k],
                    .name = people[g->members[k]].display_name,
                    .reason = "too_small",
                    .explanation = "no circle of 3 or 4 people who all fit this program's rules "
                                   "could include you"};
            continue;
        }
        struct matching_group *group = &run->groups[run->group_count++];
        *group = (struct matching_group){.number = run->group_count, .is_locked = g->is_locked};
        take_scoring(ctx->arena, g, group);
        group->members = arena_alloc(ctx->arena, sizeof *group->members * g->member_count);
        group->member_count = (int)g->member_count;
        for (size_t k = 0; k < g->member_count; k++)
            group->members[k] =
                (struct matching_member){g->member_ids[k], people[g->members[k]].display_name};
        run->total_score += g->score;
    }
    for (size_t i = 0; i < result->unmatched_count; i++) {
        const struct match_unmatched *u = &result->unmatched[i];
        struct matching_unmatched *out = &run->unmatched[run->unmatched_count++];
        *out = (struct matching_unmatched){.user_id = u->person_id,
                                           .name = in->people[u->person].display_name,
                                           .reason = match_reason_name(u->reason),
                                           .explanation = arena_strdup(ctx->arena, u->text),
                                           .compatible_count = (int64_t)u->compatible_count};
        hide_never_with(ctx->arena, u->reason, out);
    }
}

/* The locked groups of keep as the engine's locked list. */
static struct match_locked_group *locked_of(struct arena *arena, const struct matching_run *keep,
                                            size_t *count)
{
    struct match_locked_group *locked =
        arena_alloc(arena, sizeof *locked * (size_t)(keep->group_count + 1));
    *count = 0;
    for (int g = 0; g < keep->group_count; g++) {
        const struct matching_group *group = &keep->groups[g];
        if (!group->is_locked)
            continue;
        int64_t *ids = arena_alloc(arena, sizeof *ids * (size_t)group->member_count);
        for (int k = 0; k < group->member_count; k++)
            ids[k] = group->members[k].user_id;
        locked[(*count)++] = (struct match_locked_group){ids, (size_t)group->member_count};
    }
    return locked;
}

/* A locked group whose member is not in the engine's pool any more. */
static int check_locked_present(struct ctx *ctx, const struct match_input *in,
                                const struct matching_run *keep)
{
    for (int g = 0; g < keep->group_count; g++) {
        const struct matching_group *group = &keep->groups[g];
        for (int k = 0; group->is_locked && k < group->member_count; k++) {
            bool present = false;
            for (size_t i = 0; i < in->person_count && !present; i++)
                present = in->people[i].id == group->members[k].user_id;
            if (!present)
                return fail_conflict(
                    ctx, "stale_run",
                    arena_printf(ctx->arena,
                                 "%s, in locked group %lld, can no longer be matched in this "
                                 "program (their enrollment, partnerships or profile changed). "
                                 "Unlock group %lld and run matching again.",
                                 group->members[k].name, (long long)group->number,
                                 (long long)group->number));
        }
    }
    return 0;
}

/* Locked groups kept by a rerun keep their hand-made mark and their
 * number, so "group 3" in the history and on the organizer's screen is
 * still the same people; the other groups take the numbers left free. */
static void keep_locked_marks(struct matching_run *run, const struct matching_run *keep)
{
    for (int g = 0; g < run->group_count; g++) {
        struct matching_group *group = &run->groups[g];
        group->number = 0;
        for (int k = 0; group->is_locked && k < keep->group_count; k++)
            for (int m = 0; m < keep->groups[k].member_count; m++)
                if (keep->groups[k].is_locked &&
                    keep->groups[k].members[m].user_id == group->members[0].user_id) {
                    group->is_manual = keep->groups[k].is_manual;
                    group->number = keep->groups[k].number;
                }
    }
    int64_t next = 0;
    for (int g = 0; g < run->group_count; g++) {
        if (run->groups[g].number)
            continue;
        bool is_taken;
        do {
            next++;
            is_taken = false;
            for (int k = 0; k < keep->group_count && !is_taken; k++)
                is_taken = keep->groups[k].is_locked && keep->groups[k].number == next;
        } while (is_taken); /* ends: past the highest locked number none is taken */
        run->groups[g].number = next;
    }
}

/* Runs the engine on the program's pool and fills run's result, rules,
 * notes and counts; keep's locked groups (when keep is not NULL) are kept
 * as they are, hand-made marks included. */
static int compute(struct ctx *ctx, const struct program *program,
                   const struct matching_rules *rules, const struct matching_run *keep,
                   struct matching_run *run)
{
    struct matching_input in;
    if (build_input(ctx, program, rules, run->round, run->seed, NULL, 0, &in) != 0)
        return -1;
    if (keep) {
        if (check_locked_present(ctx, &in.engine, keep) != 0)
            return -1;
        in.engine.locked = locked_of(ctx->arena, keep, &in.engine.locked_count);
    }
    struct match_error err;
    struct match_result *result = match_run(&in.engine, &err);
    if (!result)
        return engine_failure(ctx, &err);
    run->program_id = program->id;
    run->program_name = program->name;
    run->group_size = program->group_size;
    json_t *snapshot = matching_rules_json(rules);
    char *text = json_dumps(snapshot, JSON_COMPACT | JSON_SORT_KEYS);
    run->rules = arena_strdup(ctx->arena, text);
    free(text);
    json_decref(snapshot);
    run->notes = in.notes;
    run->people_count = (int64_t)in.engine.person_count + in.left_out_count;
    run->unmatched_count = 0;
    take_result(ctx, &in.engine, result, run);
    match_result_free(result);
    grow_unmatched(ctx->arena, run, in.left_out_count);
    for (int i = 0; i < in.left_out_count; i++)
        run->unmatched[run->unmatched_count++] = in.left_out[i];
    if (keep)
        keep_locked_marks(run, keep);
    return 0;
}

/* --- runs -------------------------------------------------------------------------- */

/* Seconds as "2026-11-23T09:30:00Z" (as the web layer's view_time), or
 * null for 0. */
static json_t *time_json(int64_t seconds)
{
    if (!seconds)
        return json_null();
    time_t t = (time_t)seconds;
    struct tm tm;
    char text[32];
    gmtime_r(&t, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(text);
}

static json_t *person_json(int64_t id, const char *name)
{
    return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name ? name : "")
              : json_null();
}

static json_t *group_json(const struct matching_group *g)
{
    json_t *members = json_array();
    for (int k = 0; k < g->member_count; k++)
        json_array_append_new(members, person_json(g->members[k].user_id, g->members[k].name));
    json_t *factors = json_loads(g->factors ? g->factors : "[]", 0, NULL);
    return json_pack(
        "{s:I, s:o, s:I, s:s, s:o, s:b, s:b, s:b, s:o}", "number", (json_int_t)g->number, "members",
        members, "score", (json_int_t)g->score, "explanation", g->explanation ? g->explanation : "",
        "factors", json_is_array(factors) ? factors : json_array(), "is_locked", g->is_locked,
        "is_manual", g->is_manual, "breaks_constraints", g->breaks_constraints, "partnership_id",
        g->partnership_id ? json_integer(g->partnership_id) : json_null());
}

json_t *matching_run_json(const struct matching_run *run)
{
    json_t *groups = json_array(), *unmatched = json_array(), *history = json_array();
    for (int g = 0; g < run->group_count; g++)
        json_array_append_new(groups, group_json(&run->groups[g]));
    for (int u = 0; u < run->unmatched_count; u++) {
        const struct matching_unmatched *x = &run->unmatched[u];
        json_array_append_new(unmatched,
                              json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)x->user_id,
                                        "name", x->name ? x->name : "", "reason", x->reason,
                                        "explanation", x->explanation, "compatible_peers",
                                        (json_int_t)x->compatible_count));
    }
    for (int e = 0; e < run->edit_count; e++) {
        const struct matching_edit *x = &run->edits[e];
        json_array_append_new(
            history, json_pack("{s:o, s:o, s:s, s:s, s:s}", "at", time_json(x->at), "actor",
                               person_json(x->actor_id, x->actor_name), "action", x->action,
                               "detail", x->detail, "reason", x->reason ? x->reason : ""));
    }
    json_t *rules = json_loads(run->rules ? run->rules : "{}", 0, NULL);
    json_t *out = json_pack(
        "{s:o, s:I, s:s, s:I, s:s, s:I, s:I, s:I, s:o, s:s, s:I, s:I, s:I, s:I}", "id",
        run->id ? json_integer(run->id) : json_null(), "program_id", (json_int_t)run->program_id,
        "program_name", run->program_name ? run->program_name : "", "group_size",
        (json_int_t)run->group_size, "state", run->state ? run->state : "preview", "round",
        (json_int_t)run->round, "seed", (json_int_t)run->seed, "version", (json_int_t)run->version,
        "rules", rules ? rules : json_object(), "notes", run->notes ? run->notes : "",
        "people_count", (json_int_t)run->people_count, "total_score", (json_int_t)run->total_score,
        "group_count", (json_int_t)run->group_count, "unmatched_count",
        (json_int_t)run->unmatched_count);
    json_object_set_new(out, "created_by", person_json(run->created_by, run->created_by_name));
    json_object_set_new(out, "created_at", time_json(run->created_at));
    json_object_set_new(out, "published_at", time_json(run->published_at));
    json_object_set_new(out, "groups", groups);
    json_object_set_new(out, "unmatched", unmatched);
    json_object_set_new(out, "history", history);
    return out;
}

int matching_overview(struct ctx *ctx, int64_t program_id, struct program *program,
                      struct matching_run **runs, int *count)
{
    if (access_require_program_organizer(ctx, program_id) != 0 ||
        load_program(ctx, program_id, program) != 0)
        return -1;
    *count = store_matching_run_list(ctx->db, ctx->arena, program_id, runs);
    return *count < 0 ? fail_internal(ctx, "reading matching runs") : 0;
}

static int require_organizer(struct ctx *ctx, int64_t program_id,
                             const struct matching_options *options)
{
    if (options && options->is_trusted)
        return 0;
    return access_require_program_organizer(ctx, program_id);
}

/* The round and seed of a new run, its program checked. */
static int start_run(struct ctx *ctx, int64_t program_id, const struct matching_options *options,
                     struct program *program, struct matching_rules *rules,
                     struct matching_run *run)
{
    if (require_organizer(ctx, program_id, options) != 0 ||
        load_program(ctx, program_id, program) != 0 || require_open(ctx, program) != 0 ||
        load_rules(ctx, program_id, rules) != 0)
        return -1;
    int64_t last = store_matching_last_round(ctx->db, program_id);
    if (last < 0)
        return fail_internal(ctx, "reading the last round");
    *run = (struct matching_run){0};
    run->state = "draft";
    run->round = last + 1;
    run->seed = options && options->has_seed ? options->seed : MATCHING_DEFAULT_SEED;
    run->created_by = actor_of(ctx);
    run->created_by_name = ctx->user ? ctx->user->name : "";
    run->created_at = run->updated_at = ctx->now;
    return 0;
}

int matching_preview(struct ctx *ctx, int64_t program_id, const struct matching_options *options,
                     struct matching_run *out)
{
    struct program program;
    struct matching_rules rules;
    if (start_run(ctx, program_id, options, &program, &rules, out) != 0 ||
        compute(ctx, &program, &rules, NULL, out) != 0)
        return -1;
    out->state = "preview"; /* stored only by matching_run_create, as a draft */
    return 0;
}

static const char *people_text(struct arena *arena, int64_t n)
{
    return arena_printf(arena, "%lld %s", (long long)n, n == 1 ? "person" : "people");
}

int matching_run_create(struct ctx *ctx, int64_t program_id, const struct matching_options *options,
                        int64_t *run_id)
{
    struct matching_run run;
    if (matching_preview(ctx, program_id, options, &run) != 0)
        return -1;
    const char *detail = arena_printf(
        ctx->arena, "matched %s into %d group%s; %d unmatched (round %lld, seed %lld)",
        people_text(ctx->arena, run.people_count), run.group_count, run.group_count == 1 ? "" : "s",
        run.unmatched_count, (long long)run.round, (long long)run.seed);
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "storing matching run");
    if (store_matching_run_insert(ctx->db, &run, ctx->now, run_id) != DB_DONE ||
        store_matching_run_replace(ctx->db, *run_id, run.groups, run.group_count, run.unmatched,
                                   run.unmatched_count) != DB_DONE ||
        store_matching_edit_add(ctx->db, *run_id, ctx->now, actor_of(ctx), "create", detail, "") !=
            DB_DONE ||
        store_audit_add(ctx->db, ctx->now, actor_of(ctx), "matching_run_create", "matching_run",
                        *run_id,
                        arena_printf(ctx->arena, "groups=%d unmatched=%d", run.group_count,
                                     run.unmatched_count)) != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing matching run");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "storing matching run");
}

int matching_run_get(struct ctx *ctx, int64_t run_id, const struct matching_options *options,
                     struct matching_run *out)
{
    bool is_trusted = options && options->is_trusted;
    if (!is_trusted && !ctx->user)
        return fail_unauthenticated(ctx);
    int64_t program_id;
    int found = store_matching_run_program(ctx->db, run_id, &program_id);
    if (found < 0)
        return fail_internal(ctx, "reading matching run");
    if (!found)
        return fail_not_found(ctx);
    if (!is_trusted && access_require_matching_run_reader(ctx, program_id) != 0)
        return -1;
    found = store_matching_run_get(ctx->db, ctx->arena, run_id, actor_of(ctx),
                                   is_trusted || access_is_admin(ctx), out);
    if (found < 0)
        return fail_internal(ctx, "reading matching run");
    return found ? 0 : fail_not_found(ctx);
}

/* A run that may still change: a draft, of a program that is open. */
static int load_draft(struct ctx *ctx, int64_t run_id, const struct matching_options *options,
                      struct matching_run *run, struct program *program)
{
    if (matching_run_get(ctx, run_id, options, run) != 0 ||
        load_program(ctx, run->program_id, program) != 0)
        return -1;
    if (!strcmp(run->state, "published"))
        return fail_conflict(ctx, "already_published",
                             "This run has been published: its groups are partnerships now.");
    if (!strcmp(run->state, "superseded"))
        return fail_conflict(ctx, "superseded",
                             "Another run of this program was published after this one was made. "
                             "Run matching again for the people still unpaired.");
    return require_open(ctx, program);
}

/* Stores a draft's new state: the version is checked first, so nothing is
 * written over a change someone else made meanwhile. */
static int save_draft(struct ctx *ctx, const struct matching_run *run, bool replace_groups,
                      const char *action, const char *detail, const char *reason)
{
    bool changed;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "saving matching run");
    if (store_matching_run_update(ctx->db, run, ctx->now, &changed) != DB_DONE)
        goto internal;
    if (!changed) {
        db_rollback(ctx->db);
        return fail_conflict(ctx, "run_changed",
                             "This run changed while you were looking at it. Reload it and try "
                             "again.");
    }
    if ((replace_groups &&
         store_matching_run_replace(ctx->db, run->id, run->groups, run->group_count, run->unmatched,
                                    run->unmatched_count) != DB_DONE) ||
        store_matching_edit_add(ctx->db, run->id, ctx->now, actor_of(ctx), action, detail,
                                reason) != DB_DONE)
        goto internal;
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "saving matching run");
internal:
    db_rollback(ctx->db);
    return fail_internal(ctx, "saving matching run");
}

static struct matching_group *group_numbered(struct matching_run *run, int64_t number)
{
    for (int g = 0; g < run->group_count; g++)
        if (run->groups[g].number == number)
            return &run->groups[g];
    return NULL;
}

int matching_group_lock(struct ctx *ctx, int64_t run_id, int64_t number, bool is_locked,
                        const char *reason)
{
    struct matching_run run;
    struct program program;
    if (validate_text(ctx, "reason", reason, 0, MATCHING_REASON_MAX_CHARS, false) != 0 ||
        load_draft(ctx, run_id, NULL, &run, &program) != 0)
        return -1;
    struct matching_group *group = group_numbered(&run, number);
    if (!group)
        return fail_not_found(ctx);
    if (group->is_locked == is_locked)
        return 0;
    if (is_locked && !group_is_complete(group, run.group_size)) {
        int min, max;
        matching_group_limits(run.group_size, &min, &max);
        return fail_conflict(ctx, "incomplete_group",
                             arena_printf(ctx->arena,
                                          "Group %lld has %d member%s; only a group of %d to %d "
                                          "people can be locked.",
                                          (long long)number, group->member_count,
                                          group->member_count == 1 ? "" : "s", min, max));
    }
    group->is_locked = is_locked;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "saving matching run");
    int rc = store_matching_group_set_lock(ctx->db, run_id, number, is_locked) == DB_DONE &&
                     save_draft(ctx, &run, false, is_locked ? "lock" : "unlock",
                                arena_printf(ctx->arena, "%s group %lld",
                                             is_locked ? "locked" : "unlocked", (long long)number),
                                reason) == 0
                 ? 0
                 : -1;
    if (rc != 0) {
        db_rollback(ctx->db);
        return ctx_failed(ctx) ? -1 : fail_internal(ctx, "saving matching run");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "saving matching run");
}

/* --- moves ------------------------------------------------------------------------ */

/* Where a person of the run is: a group index, or -1 with their index in
 * the unmatched list. */
struct place {
    int group;
    int unmatched;
    const char *name;
};

static bool find_person(const struct matching_run *run, int64_t user_id, struct place *out)
{
    for (int g = 0; g < run->group_count; g++)
        for (int k = 0; k < run->groups[g].member_count; k++)
            if (run->groups[g].members[k].user_id == user_id) {
                *out = (struct place){g, -1, run->groups[g].members[k].name};
                return true;
            }
    for (int u = 0; u < run->unmatched_count; u++)
        if (run->unmatched[u].user_id == user_id) {
            *out = (struct place){-1, u, run->unmatched[u].name};
            return true;
        }
    return false;
}

/* Copies run's groups into room for edits: each may take one more member,
 * and one new group may be added. */
static void make_editable(struct arena *arena, struct matching_run *run)
{
    struct matching_group *groups =
        arena_alloc(arena, sizeof *groups * (size_t)(run->group_count + 1));
    for (int g = 0; g < run->group_count; g++) {
        groups[g] = run->groups[g];
        groups[g].members = arena_alloc(arena, sizeof *groups[g].members * 5);
        memcpy(groups[g].members, run->groups[g].members,
               sizeof *groups[g].members * (size_t)run->groups[g].member_count);
    }
    run->groups = groups;
    grow_unmatched(arena, run, 1);
}

static void remove_member(struct matching_group *group, int64_t user_id)
{
    for (int k = 0; k < group->member_count; k++)
        if (group->members[k].user_id == user_id) {
            memmove(&group->members[k], &group->members[k + 1],
                    sizeof *group->members * (size_t)(group->member_count - k - 1));
            group->member_count--;
            return;
        }
}

static void remove_unmatched(struct matching_run *run, int index)
{
    memmove(&run->unmatched[index], &run->unmatched[index + 1],
            sizeof *run->unmatched * (size_t)(run->unmatched_count - index - 1));
    run->unmatched_count--;
}

static void add_manual_unmatched(struct ctx *ctx, struct matching_run *run, int64_t user_id,
                                 const char *name, int64_t from_group)
{
    run->unmatched[run->unmatched_count++] = (struct matching_unmatched){
        .user_id = user_id,
        .name = name,
        .reason = "manual",
        .explanation = arena_printf(ctx->arena, "taken out of group %lld by hand by the organizers",
                                    (long long)from_group)};
}

/* A group changed by hand: locked when complete (so a rerun keeps it),
 * unlocked otherwise; its old score no longer holds. */
static void mark_changed(struct matching_group *group, int64_t group_size)
{
    group->is_manual = true;
    group->is_locked = group_is_complete(group, group_size);
    group->score = 0;
    group->explanation = "";
    group->factors = "[]";
    group->breaks_constraints = false;
}

/* Applies move to the editable run; *action and *detail describe it. */
static int apply_move(struct ctx *ctx, struct matching_run *run, const struct matching_move *move,
                      const char **action, const char **detail)
{
    struct place from, other;
    int min, max;
    matching_group_limits(run->group_size, &min, &max);
    if (!find_person(run, move->user_id, &from))
        return fail_input(ctx, "user_id", "is not in this run");
    struct matching_member person = {move->user_id, from.name};
    const char *from_text =
        from.group >= 0
            ? arena_printf(ctx->arena, "group %lld", (long long)run->groups[from.group].number)
            : "the unmatched list";
    if (move->swap_with) {
        if (!find_person(run, move->swap_with, &other))
            return fail_input(ctx, "swap_with", "is not in this run");
        if (move->swap_with == move->user_id)
            return fail_input(ctx, "swap_with", "must be someone else");
        if (from.group < 0 && other.group < 0)
            return fail_input(ctx, "swap_with",
                              "and user_id are both unmatched: move one of them "
                              "into a group instead");
        if (from.group == other.group)
            return fail_input(ctx, "swap_with", "is in the same group already");
        struct matching_member them = {move->swap_with, other.name};
        /* Unmatched entries are removed last, highest index first. */
        int drop[2], n_drop = 0;
        const struct place *places[2] = {&from, &other};
        const struct matching_member *who[2] = {&person, &them};
        for (int i = 0; i < 2; i++) {
            const struct place *p = places[i];
            const struct matching_member *leaving = who[i], *arriving = who[1 - i];
            if (p->group >= 0) {
                struct matching_group *g = &run->groups[p->group];
                remove_member(g, leaving->user_id);
                g->members[g->member_count++] = *arriving;
                mark_changed(g, run->group_size);
            } else {
                drop[n_drop++] = p->unmatched;
                add_manual_unmatched(ctx, run, arriving->user_id, arriving->name,
                                     run->groups[places[1 - i]->group].number);
            }
        }
        for (int i = 0; i < n_drop; i++)
            remove_unmatched(run, drop[i]);
        *action = "swap";
        *detail = arena_printf(
            ctx->arena, "swapped %s (%s) and %s (%s)", from.name, from_text, other.name,
            other.group >= 0
                ? arena_printf(ctx->arena, "group %lld", (long long)run->groups[other.group].number)
                : "the unmatched list");
        return 0;
    }
    struct matching_group *target;
    if (move->new_group) {
        if (from.group < 0)
            return fail_input(ctx, "new_group",
                              "cannot take someone unmatched: move them into a group instead");
        if (run->groups[from.group].member_count == 1)
            return fail_input(ctx, "new_group", "cannot split a group of one");
        int64_t number = 0;
        for (int g = 0; g < run->group_count; g++)
            if (run->groups[g].number > number)
                number = run->groups[g].number;
        target = &run->groups[run->group_count++];
        *target = (struct matching_group){
            .number = number + 1, .members = arena_alloc(ctx->arena, sizeof *target->members * 5)};
        *action = "split";
        *detail = arena_printf(ctx->arena, "moved %s out of %s into a new group %lld", from.name,
                               from_text, (long long)target->number);
    } else {
        target = group_numbered(run, move->to_group);
        if (!target)
            return fail_input(ctx, "to_group", "is not a group of this run");
        if (from.group >= 0 && &run->groups[from.group] == target)
            return fail_input(ctx, "to_group", "is the group this person is in already");
        if (target->member_count >= max)
            return fail_conflict(ctx, "group_full",
                                 arena_printf(ctx->arena,
                                              "Group %lld already has %d members, the most this "
                                              "program allows. Swap someone instead.",
                                              (long long)target->number, target->member_count));
        *action = "move";
        *detail = arena_printf(ctx->arena, "moved %s from %s to group %lld", from.name, from_text,
                               (long long)target->number);
    }
    if (from.group >= 0) {
        remove_member(&run->groups[from.group], move->user_id);
        mark_changed(&run->groups[from.group], run->group_size);
    } else {
        remove_unmatched(run, from.unmatched);
    }
    target->members[target->member_count++] = person;
    mark_changed(target, run->group_size);
    return 0;
}

static void drop_empty_groups(struct matching_run *run)
{
    int kept = 0;
    for (int g = 0; g < run->group_count; g++)
        if (run->groups[g].member_count > 0)
            run->groups[kept++] = run->groups[g];
    run->group_count = kept;
}

/* Scores every group of the run again (see the top of this file). */
static int rescore(struct ctx *ctx, const struct program *program, struct matching_run *run)
{
    struct matching_rules rules;
    if (rules_from_snapshot(ctx, run->rules, &rules) != 0)
        return -1;
    int everyone = run->unmatched_count;
    for (int g = 0; g < run->group_count; g++)
        everyone += run->groups[g].member_count;
    struct matching_member *pool = arena_alloc(ctx->arena, sizeof *pool * (size_t)(everyone + 1));
    int n = 0;
    for (int g = 0; g < run->group_count; g++)
        for (int k = 0; k < run->groups[g].member_count; k++)
            pool[n++] = run->groups[g].members[k];
    for (int u = 0; u < run->unmatched_count; u++)
        pool[n++] = (struct matching_member){run->unmatched[u].user_id, run->unmatched[u].name};
    struct matching_input in;
    if (build_input(ctx, program, &rules, run->round, run->seed, pool, n, &in) != 0)
        return -1;
    for (int i = 0; i < in.left_out_count; i++) {
        struct place at;
        if (find_person(run, in.left_out[i].user_id, &at) && at.group >= 0)
            return fail_conflict(ctx, "missing_level",
                                 arena_printf(ctx->arena,
                                              "%s's profile gives no level, which this program's "
                                              "level rules need: they cannot join a group until "
                                              "it does (or the level rules are switched off).",
                                              at.name));
    }
    struct match_locked_group *locked =
        arena_alloc(ctx->arena, sizeof *locked * (size_t)(run->group_count + 1));
    size_t n_locked = 0;
    for (int g = 0; g < run->group_count; g++) {
        const struct matching_group *group = &run->groups[g];
        if (group->member_count < 2)
            continue;
        int64_t *ids = arena_alloc(ctx->arena, sizeof *ids * (size_t)group->member_count);
        for (int k = 0; k < group->member_count; k++)
            ids[k] = group->members[k].user_id;
        locked[n_locked++] = (struct match_locked_group){ids, (size_t)group->member_count};
    }
    in.engine.locked = locked;
    in.engine.locked_count = n_locked;
    struct match_error err;
    struct match_result *result = match_run(&in.engine, &err);
    if (!result)
        return engine_failure(ctx, &err);
    run->total_score = 0;
    for (int g = 0; g < run->group_count; g++) {
        struct matching_group *group = &run->groups[g];
        if (group->member_count < 2)
            continue;
        for (size_t r = 0; r < result->group_count; r++) {
            const struct match_group *scored = &result->groups[r];
            if (!scored->is_locked)
                continue;
            bool is_same = false;
            for (size_t k = 0; k < scored->member_count && !is_same; k++)
                is_same = scored->member_ids[k] == group->members[0].user_id;
            if (is_same) {
                take_scoring(ctx->arena, scored, group);
                run->total_score += group->score;
            }
        }
    }
    match_result_free(result);
    return 0;
}

int matching_move(struct ctx *ctx, int64_t run_id, const struct matching_move *move)
{
    int kinds = (move->to_group != 0) + (move->new_group ? 1 : 0) + (move->swap_with != 0);
    if (kinds != 1)
        return fail_input(ctx, "to_group", "give exactly one of to_group, new_group or swap_with");
    if (move->user_id <= 0)
        return fail_input(ctx, "user_id", "must be a user id");
    if (validate_text(ctx, "reason", move->reason, 1, MATCHING_REASON_MAX_CHARS, false) != 0)
        return -1;
    struct matching_run run;
    struct program program;
    if (load_draft(ctx, run_id, NULL, &run, &program) != 0)
        return -1;
    make_editable(ctx->arena, &run);
    const char *action = "", *detail = "";
    if (apply_move(ctx, &run, move, &action, &detail) != 0)
        return -1;
    drop_empty_groups(&run);
    if (rescore(ctx, &program, &run) != 0)
        return -1;
    return save_draft(ctx, &run, true, action, detail, move->reason);
}

int matching_rerun(struct ctx *ctx, int64_t run_id, const struct matching_options *options)
{
    struct matching_run run;
    struct program program;
    struct matching_rules rules;
    if (load_draft(ctx, run_id, NULL, &run, &program) != 0 ||
        load_rules(ctx, program.id, &rules) != 0)
        return -1;
    struct matching_run fresh = run;
    if (options && options->has_seed)
        fresh.seed = options->seed;
    if (compute(ctx, &program, &rules, &run, &fresh) != 0)
        return -1;
    int kept = 0;
    for (int g = 0; g < run.group_count; g++)
        kept += run.groups[g].is_locked;
    const char *detail =
        arena_printf(ctx->arena,
                     "ran again with seed %lld, keeping %d locked group%s: %d group%s, "
                     "%d unmatched",
                     (long long)fresh.seed, kept, kept == 1 ? "" : "s", fresh.group_count,
                     fresh.group_count == 1 ? "" : "s", fresh.unmatched_count);
    return save_draft(ctx, &fresh, true, "rerun", detail, "");
}

/* --- publishing ------------------------------------------------------------------- */

static int check_publishable(struct ctx *ctx, const struct matching_run *run)
{
    if (run->group_count == 0)
        return fail_conflict(ctx, "nothing_to_publish",
                             "This run has no groups to publish: nobody in the pool could be "
                             "matched.");
    int min, max;
    matching_group_limits(run->group_size, &min, &max);
    for (int g = 0; g < run->group_count; g++)
        if (!group_is_complete(&run->groups[g], run->group_size))
            return fail_conflict(
                ctx, "incomplete_group",
                arena_printf(ctx->arena,
                             "Group %lld has %d member%s; every group needs %d to %d people. "
                             "Move someone into or out of it first.",
                             (long long)run->groups[g].number, run->groups[g].member_count,
                             run->groups[g].member_count == 1 ? "" : "s", min, max));
    return 0;
}

static int publish_step(struct ctx *ctx, const struct matching_run *run,
                        const struct matching_options *options)
{
    bool changed;
    if (store_matching_run_publish(ctx->db, run->id, run->version, actor_of(ctx), ctx->now,
                                   &changed) != DB_DONE)
        return fail_internal(ctx, "publishing matching run");
    if (!changed)
        return fail_conflict(ctx, "run_changed",
                             "This run changed or was published meanwhile. Reload it.");
    for (int g = 0; g < run->group_count; g++) {
        const struct matching_group *group = &run->groups[g];
        int64_t *ids = arena_alloc(ctx->arena, sizeof *ids * (size_t)group->member_count);
        for (int k = 0; k < group->member_count; k++)
            ids[k] = group->members[k].user_id;
        struct partnership_origin origin = {.is_trusted = options && options->is_trusted,
                                            .round = run->round,
                                            .has_match_score = true,
                                            .match_score = (double)group->score,
                                            .match_explanation = group->explanation};
        int64_t partnership_id;
        if (partnership_create(ctx, run->program_id, ids, (size_t)group->member_count, &origin,
                               &partnership_id) != 0)
            return -1;
        if (store_matching_group_set_partnership(ctx->db, run->id, group->number, partnership_id) !=
            DB_DONE)
            return fail_internal(ctx, "publishing matching run");
    }
    const char *detail =
        arena_printf(ctx->arena, "published %d partnership%s for round %lld", run->group_count,
                     run->group_count == 1 ? "" : "s", (long long)run->round);
    if (store_matching_runs_supersede(ctx->db, run->program_id, run->id, ctx->now) != DB_DONE ||
        store_matching_edit_add(ctx->db, run->id, ctx->now, actor_of(ctx), "publish", detail, "") !=
            DB_DONE ||
        store_audit_add(
            ctx->db, ctx->now, actor_of(ctx), "matching_publish", "matching_run", run->id,
            arena_printf(ctx->arena, "partnerships=%d round=%lld%s", run->group_count,
                         (long long)run->round,
                         options && options->is_trusted ? " by=command_line" : "")) != DB_DONE)
        return fail_internal(ctx, "publishing matching run");
    return 0;
}

/* Everyone in the run's groups is still free to be paired: a 409 naming
 * who is not (withdrew, or was paired by hand meanwhile) before anything
 * is written, rather than partnership_create's refusal halfway through. */
static int check_still_free(struct ctx *ctx, const struct program *program,
                            const struct matching_run *run)
{
    int grouped = 0;
    for (int g = 0; g < run->group_count; g++)
        grouped += run->groups[g].member_count;
    struct matching_member *members =
        arena_alloc(ctx->arena, sizeof *members * (size_t)(grouped + 1));
    int n = 0;
    for (int g = 0; g < run->group_count; g++)
        for (int k = 0; k < run->groups[g].member_count; k++)
            members[n++] = run->groups[g].members[k];
    struct match_person *people = NULL;
    bool *has_level = NULL;
    int count = 0;
    if (load_pool(ctx, program, &people, &has_level, &count) != 0)
        return -1;
    return restrict_pool(ctx, members, n, people, has_level, &count);
}

/* No group holds two people one of whom asked never to be paired with
 * the other. Hand-made groups may break the program's other rules (they
 * are flagged, and the organizers decide), but not this one: it is the
 * participant's own protection, which organizers cannot see to weigh.
 * The refusal names the group, never who asked or about whom. */
static int check_never_with(struct ctx *ctx, const struct matching_run *run)
{
    struct matching_preference_link *links;
    int n = store_matching_preference_links(ctx->db, ctx->arena, run->program_id, &links);
    if (n < 0)
        return fail_internal(ctx, "reading pairing preferences");
    for (int g = 0; g < run->group_count; g++) {
        const struct matching_group *group = &run->groups[g];
        for (int a = 0; a < group->member_count; a++)
            for (int b = 0; b < group->member_count; b++)
                if (a != b && link_holds(links, n, group->members[a].user_id,
                                         group->members[b].user_id, true))
                    return fail_conflict(
                        ctx, "breaks_constraints",
                        arena_printf(ctx->arena,
                                     "Group %lld puts together people whom one of this "
                                     "program's rules keeps apart, a rule that cannot be set "
                                     "aside by hand. Move someone out of it before publishing.",
                                     (long long)group->number));
    }
    return 0;
}

int matching_publish(struct ctx *ctx, int64_t run_id, const struct matching_options *options)
{
    struct matching_run run;
    struct program program;
    if (load_draft(ctx, run_id, options, &run, &program) != 0 ||
        check_publishable(ctx, &run) != 0 || check_still_free(ctx, &program, &run) != 0 ||
        check_never_with(ctx, &run) != 0)
        return -1;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "publishing matching run");
    if (publish_step(ctx, &run, options) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "publishing matching run");
}

/* --- pairing preferences ----------------------------------------------------------- */

/* Only their author reads or changes the lists (access.h);
 * store_matching_preferences_of repeats the rule in its WHERE. */
static int require_enrolled(struct ctx *ctx, int64_t program_id, struct program *program)
{
    if (access_require_program_enrollee(ctx, program_id) != 0)
        return -1;
    return load_program(ctx, program_id, program);
}

static void preferences_from(const struct matching_preference *items, int n,
                             struct matching_preferences *out, struct arena *arena)
{
    out->pair_with = arena_alloc(arena, sizeof *out->pair_with * (size_t)(n + 1));
    out->never_with = arena_alloc(arena, sizeof *out->never_with * (size_t)(n + 1));
    out->pair_count = out->never_count = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(items[i].kind, "pair"))
            out->pair_with[out->pair_count++] = items[i].email;
        else
            out->never_with[out->never_count++] = items[i].email;
    }
    out->can_change = program_is_open(&out->program);
}

int matching_preferences_get(struct ctx *ctx, int64_t program_id, struct matching_preferences *out)
{
    *out = (struct matching_preferences){0};
    if (require_enrolled(ctx, program_id, &out->program) != 0)
        return -1;
    struct matching_preference *items;
    int n = store_matching_preferences_of(ctx->db, ctx->arena, program_id, ctx->user->id, &items);
    if (n < 0)
        return fail_internal(ctx, "reading pairing preferences");
    preferences_from(items, n, out, ctx->arena);
    return 0;
}

/* One list of lists[field] checked and appended to items: emails, at most
 * max, none twice (in either list), not the caller's own. */
static int take_list(struct ctx *ctx, json_t *lists, const char *field, const char *kind, int max,
                     struct matching_preference *items, int *n)
{
    json_t *list = json_object_get(lists, field);
    if (!json_is_array(list))
        return fail_input(ctx, field, "must be a list of email addresses (it may be empty)");
    if (json_array_size(list) > (size_t)max)
        return fail_input(ctx, field, "may name at most %d people", max);
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *email = json_string_value(item);
        if (!email)
            return fail_input(ctx, field, "must hold email addresses as strings");
        const char *key = account_normalize_email(ctx, field, email);
        if (!key)
            return -1;
        if (!strcmp(key, ctx->user->email))
            return fail_input(ctx, field, "cannot name your own email address");
        for (int k = 0; k < *n; k++)
            if (!strcmp(items[k].email_key, key))
                return fail_input(ctx, field,
                                  !strcmp(items[k].kind, kind)
                                      ? "names %s twice"
                                      : "names %s, who is already in the other list",
                                  email);
        items[(*n)++] = (struct matching_preference){kind, email, key};
    }
    return 0;
}

int matching_preferences_set(struct ctx *ctx, int64_t program_id, json_t *lists,
                             struct matching_preferences *out)
{
    *out = (struct matching_preferences){0};
    if (require_enrolled(ctx, program_id, &out->program) != 0)
        return -1;
    if (!json_is_object(lists))
        return fail_input(ctx, "pair_with", "and never_with must be given as lists");
    const char *key;
    json_t *value;
    json_object_foreach(
        lists, key,
        value) if (strcmp(key, "pair_with") != 0 &&
                   strcmp(key, "never_with") !=
                       0) return fail_input(ctx, key,
                                            "is not a pairing preference (pair_with, never_with)");
    struct matching_preference *items = arena_alloc(
        ctx->arena, sizeof *items * (MATCHING_PAIR_WITH_MAX + MATCHING_NEVER_WITH_MAX + 1));
    int n = 0;
    if (take_list(ctx, lists, "pair_with", "pair", MATCHING_PAIR_WITH_MAX, items, &n) != 0 ||
        take_list(ctx, lists, "never_with", "never", MATCHING_NEVER_WITH_MAX, items, &n) != 0)
        return -1;
    if (!program_is_open(&out->program))
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "Pairing preferences change while a program is "
                                          "enrolling or running; this one is %s.",
                                          out->program.state));
    for (int i = 0; i < n; i++)
        items[i].email = arena_strdup(ctx->arena, items[i].email); /* lists is the caller's */
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "saving pairing preferences");
    if (store_matching_preferences_replace(ctx->db, program_id, ctx->user->id, items, n,
                                           ctx->now) != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "saving pairing preferences");
    }
    if (db_commit(ctx->db) != 0)
        return fail_internal(ctx, "saving pairing preferences");
    preferences_from(items, n, out, ctx->arena);
    return 0;
}
