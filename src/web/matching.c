/* matching.c — automatic matching on the web: a program's matching page
 * (its rules and its runs), and a run's page (the preview: groups with
 * scores and explanations, the unmatched with reasons, locks, hand-made
 * moves with a reason, rerun, publish, the history), and a participant's
 * own pairing preferences (their page and API, nobody else's).
 *
 * The API answers with the domain's own document (matching_run_json,
 * matching_rules_json), so the API and `peercoach match --program` print
 * the same shape. Pages add what their forms need: URLs, choices for the
 * move form, texts.
 *
 * The API takes typed JSON (a string where a number is expected is a 422);
 * the page forms send strings, turned into the same values here before the
 * domain sees them. Every page POST builds its page first, so a refused
 * change shows the same page again with the message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/matching.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/partnership.h"
#include "web/view.h"

/* The soft rules in the engine's order (store/matching.h), with the words
 * the rules form uses. */
static const struct {
    const char *label, *hint;
} rule_texts[STORE_MATCHING_WEIGHTS] = {
    {"Skills that complement each other",
     "one wants to learn what the other offers, both ways best"},
    {"Similar goals and interests", "words their goals and interests share"},
    {"Similar level", "closer levels score higher"},
    {"Departments", "different departments, or the same one, as chosen below"},
    {"Close time zones", "fewer hours apart score higher"},
    {"Shared available hours", "more shared hours a week score higher, up to 5"},
    {"Asked for each other", "people who asked to be paired together"},
};

static const struct view_text run_state_texts[] = {
    {"draft", "Draft: not published yet"},
    {"published", "Published: its groups are partnerships"},
    {"superseded", "Superseded: another run was published"},
};

static const char *run_state_text(const char *state)
{
    return VIEW_TEXT_OF(run_state_texts, state, state);
}

/* --- input ------------------------------------------------------------------ */

/* A whole number from the input: a JSON integer for the API, digits for a
 * page form (an empty field is absent). *present tells whether it was
 * given. */
static int input_number(struct web *w, const char *name, int64_t min, int64_t max, int64_t *out,
                        bool *present)
{
    json_t *value = json_object_get(w->input, name);
    *present = false;
    if (!value || json_is_null(value))
        return 0;
    int64_t number;
    if (w->is_api) {
        if (!json_is_integer(value))
            return fail_input(&w->ctx, name, "must be a whole number");
        number = json_integer_value(value);
    } else {
        const char *text = json_string_value(value);
        if (!text)
            return fail_input(&w->ctx, name, "must be a whole number");
        if (!*text)
            return 0;
        /* Digits only: no sign, spaces or exponent; 18 digits fit int64. */
        if (strspn(text, "0123456789") != strlen(text) || strlen(text) > 18)
            return fail_input(&w->ctx, name, "must be a whole number from %lld to %lld",
                              (long long)min, (long long)max);
        number = strtoll(text, NULL, 10);
    }
    if (number < min || number > max)
        return fail_input(&w->ctx, name, "must be a whole number from %lld to %lld", (long long)min,
                          (long long)max);
    *out = number;
    *present = true;
    return 0;
}

/* The optional seed of a run or rerun. */
static int input_options(struct web *w, struct matching_options *options)
{
    *options = (struct matching_options){0};
    return input_number(w, "seed", 0, MATCHING_SEED_MAX, &options->seed, &options->has_seed);
}

/* The optional reason of a lock; the domain checks its length. */
static int input_reason(struct web *w, const char **out)
{
    if (web_input_text(w, "reason", out) != 0)
        return -1;
    if (!*out)
        *out = "";
    return 0;
}

/* --- views ------------------------------------------------------------------- */

static json_t *program_brief(const struct program *g)
{
    bool is_open = !strcmp(g->state, "enrolling") || !strcmp(g->state, "running");
    return json_pack("{s:I, s:s, s:s, s:I, s:b}", "id", (json_int_t)g->id, "name", g->name, "state",
                     g->state, "group_size", (json_int_t)g->group_size, "can_run", is_open);
}

static json_t *run_summary(struct web *w, const struct matching_run *r)
{
    json_t *out = json_pack(
        "{s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "id", (json_int_t)r->id, "state", r->state,
        "round", (json_int_t)r->round, "seed", (json_int_t)r->seed, "group_count",
        (json_int_t)r->group_count, "unmatched_count", (json_int_t)r->unmatched_count,
        "total_score", (json_int_t)r->total_score, "created_at",
        web_partnership_time(r->created_at), "published_at", web_partnership_time(r->published_at));
    if (!w->is_api) {
        json_object_set_new(out, "state_text", json_string(run_state_text(r->state)));
        json_object_set_new(out, "created_text", web_partnership_time_text(r->created_at));
        json_object_set_new(out, "url", json_sprintf("/matching/runs/%lld", (long long)r->id));
    }
    return out;
}

/* A page form posted to this request: its fields show what was typed
 * when the page comes back with an error. */
static bool form_posted(const struct web *w)
{
    return !w->is_api && !strcmp(w->req->method, "POST");
}

/* One field of the rules form: what was typed, or the rule's value. */
static json_t *form_value(struct web *w, const char *name, const char *current)
{
    json_t *typed = form_posted(w) ? json_object_get(w->input, name) : NULL;
    return json_string(json_is_string(typed) ? json_string_value(typed) : current);
}

static json_t *choice_list(struct web *w, const char *name, const char *const *choices,
                           const char *const *labels, const char *current)
{
    json_t *typed = form_posted(w) ? json_object_get(w->input, name) : NULL;
    const char *selected = json_is_string(typed) ? json_string_value(typed) : current;
    json_t *list = json_array();
    for (int i = 0; choices[i]; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:b}", "value", choices[i], "label", labels[i],
                                        "selected", !strcmp(choices[i], selected)));
    return list;
}

static const char *number_text(struct web *w, int64_t n)
{
    return arena_printf(w->ctx.arena, "%lld", (long long)n);
}

/* The rules form of the page, from rules (or what was typed). */
static json_t *rules_form(struct web *w, const struct matching_rules *rules)
{
    json_t *weights = json_array();
    for (int i = 0; i < STORE_MATCHING_WEIGHTS; i++) {
        const char *name = match_rule_name((enum match_rule)i);
        const char *field = arena_printf(w->ctx.arena, "weight_%s", name);
        json_array_append_new(weights,
                              json_pack("{s:s, s:s, s:s, s:o}", "field", field, "label",
                                        rule_texts[i].label, "hint", rule_texts[i].hint, "value",
                                        form_value(w, field, number_text(w, rules->weights[i]))));
    }
    static const char *const yes_no[] = {"yes", "no", NULL};
    static const char *const yes_no_labels[] = {"Yes", "No"};
    static const char *const department_labels[] = {"Different departments score",
                                                    "The same department scores"};
    static const char *const odd_labels[] = {"Joins a pair as a circle of 3", "Stays unmatched"};
    return json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "weights", weights, "min_overlap_minutes",
        form_value(w, "min_overlap_minutes", number_text(w, rules->min_overlap_minutes)),
        "avoid_recent_rounds",
        form_value(w, "avoid_recent_rounds", number_text(w, rules->avoid_recent_rounds)),
        "max_level_gap",
        form_value(w, "max_level_gap",
                   rules->max_level_gap < 0 ? "" : number_text(w, rules->max_level_gap)),
        "require_shared_language",
        choice_list(w, "require_shared_language", yes_no, yes_no_labels,
                    rules->require_shared_language ? "yes" : "no"),
        "department_mode",
        choice_list(w, "department_mode", matching_department_modes, department_labels,
                    rules->department_mode),
        "odd_person",
        choice_list(w, "odd_person", matching_odd_person_policies, odd_labels, rules->odd_person));
}

/* The program's matching page (or its API answer). */
static int fill_overview(struct web *w, int64_t program_id)
{
    struct program program;
    struct matching_run *runs;
    struct matching_rules rules;
    int count;
    if (matching_overview(&w->ctx, program_id, &program, &runs, &count) != 0 ||
        matching_rules_get(&w->ctx, program_id, &rules) != 0)
        return -1;
    web_view_set(w, "program", program_brief(&program));
    web_view_set(w, "rules", matching_rules_json(&rules));
    json_t *list = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(list, run_summary(w, &runs[i]));
    web_view_set(w, "runs", list);
    if (w->is_api)
        return 0;
    web_view_set(w, "rules_form", rules_form(w, &rules));
    web_view_set(w, "has_runs", json_boolean(count > 0));
    web_view_set(w, "has_rules_saved", json_boolean(rules.updated_at != 0));
    web_view_set(w, "rules_saved_text",
                 rules.updated_at ? web_partnership_time_text(rules.updated_at) : json_string(""));
    web_view_set(w, "program_url", json_sprintf("/programs/%lld", (long long)program_id));
    web_view_set(w, "rules_action",
                 json_sprintf("/programs/%lld/matching/rules", (long long)program_id));
    web_view_set(w, "run_action",
                 json_sprintf("/programs/%lld/matching/runs", (long long)program_id));
    web_view_set(w, "partnerships_url",
                 json_sprintf("/programs/%lld/partnerships", (long long)program_id));
    return 0;
}

/* "Ana, Ben and Chen". */
static const char *names_text(struct web *w, const struct matching_group *g)
{
    const char *text = "";
    for (int k = 0; k < g->member_count; k++)
        text = arena_printf(w->ctx.arena, "%s%s%s", text,
                            k == 0                     ? ""
                            : k == g->member_count - 1 ? " and "
                                                       : ", ",
                            g->members[k].name);
    return text;
}

/* What the run page adds to each group: texts and form targets. */
static void add_group_page_fields(struct web *w, const struct matching_run *run, json_t *groups)
{
    bool is_draft = !strcmp(run->state, "draft");
    int min, max;
    matching_group_limits(run->group_size, &min, &max);
    for (int g = 0; g < run->group_count; g++) {
        const struct matching_group *group = &run->groups[g];
        json_t *view = json_array_get(groups, (size_t)g);
        const char *base = arena_printf(w->ctx.arena, "/matching/runs/%lld/groups/%lld",
                                        (long long)run->id, (long long)group->number);
        json_object_set_new(view, "names", json_string(names_text(w, group)));
        json_object_set_new(view, "lock_url", json_sprintf("%s/lock", base));
        json_object_set_new(view, "unlock_url", json_sprintf("%s/unlock", base));
        json_object_set_new(view, "can_lock",
                            json_boolean(is_draft && !group->is_locked &&
                                         group->member_count >= min && group->member_count <= max));
        json_object_set_new(view, "can_unlock", json_boolean(is_draft && group->is_locked));
        json_object_set_new(view, "is_incomplete",
                            json_boolean(group->member_count < min || group->member_count > max));
        json_object_set_new(view, "has_explanation", json_boolean(*group->explanation != '\0'));
        if (group->partnership_id)
            json_object_set_new(
                view, "partnership_url",
                json_sprintf("/programs/%lld/partnerships", (long long)run->program_id));
    }
}

/* The move form's choices: everyone in the run, and where they can go. */
static void add_move_choices(struct web *w, const struct matching_run *run)
{
    json_t *typed = form_posted(w) ? w->input : NULL;
    const char *typed_user = json_string_value(json_object_get(typed, "user_id"));
    const char *typed_to = json_string_value(json_object_get(typed, "to"));
    json_t *people = json_array(), *targets = json_array();
    for (int g = 0; g < run->group_count; g++) {
        const struct matching_group *group = &run->groups[g];
        const char *value = arena_printf(w->ctx.arena, "group-%lld", (long long)group->number);
        json_array_append_new(
            targets, json_pack("{s:s, s:s, s:b}", "value", value, "label",
                               arena_printf(w->ctx.arena, "Into group %lld (%s)",
                                            (long long)group->number, names_text(w, group)),
                               "selected", typed_to && !strcmp(typed_to, value)));
    }
    json_array_append_new(targets, json_pack("{s:s, s:s, s:b}", "value", "new", "label",
                                             "Out into a new group of their own (split)",
                                             "selected", typed_to && !strcmp(typed_to, "new")));
    /* Swaps: with anyone, grouped or unmatched. */
    for (int pass = 0; pass < 2; pass++) {
        int n = pass == 0 ? run->group_count : run->unmatched_count;
        for (int i = 0; i < n; i++) {
            int members = pass == 0 ? run->groups[i].member_count : 1;
            for (int k = 0; k < members; k++) {
                int64_t id =
                    pass == 0 ? run->groups[i].members[k].user_id : run->unmatched[i].user_id;
                const char *name =
                    pass == 0 ? run->groups[i].members[k].name : run->unmatched[i].name;
                const char *where = pass == 0 ? arena_printf(w->ctx.arena, "group %lld",
                                                             (long long)run->groups[i].number)
                                              : "unmatched";
                const char *id_text = number_text(w, id);
                const char *swap = arena_printf(w->ctx.arena, "swap-%lld", (long long)id);
                json_array_append_new(
                    people, json_pack("{s:s, s:s, s:b}", "value", id_text, "label",
                                      arena_printf(w->ctx.arena, "%s (%s)", name, where),
                                      "selected", typed_user && !strcmp(typed_user, id_text)));
                json_array_append_new(
                    targets,
                    json_pack("{s:s, s:s, s:b}", "value", swap, "label",
                              arena_printf(w->ctx.arena, "Swap places with %s (%s)", name, where),
                              "selected", typed_to && !strcmp(typed_to, swap)));
            }
        }
    }
    web_view_set(w, "move_people", people);
    web_view_set(w, "move_targets", targets);
}

/* A run's page (or its API answer). */
static int fill_run(struct web *w, int64_t run_id)
{
    struct matching_run run;
    if (matching_run_get(&w->ctx, run_id, NULL, &run) != 0)
        return -1;
    json_t *view = matching_run_json(&run);
    web_view_set(w, "run", view);
    if (w->is_api)
        return 0;
    bool is_draft = !strcmp(run.state, "draft");
    add_group_page_fields(w, &run, json_object_get(view, "groups"));
    add_move_choices(w, &run);
    const char *base = arena_printf(w->ctx.arena, "/matching/runs/%lld", (long long)run_id);
    web_view_set(w, "state_text", json_string(run_state_text(run.state)));
    web_view_set(w, "is_draft", json_boolean(is_draft));
    web_view_set(w, "created_text", web_partnership_time_text(run.created_at));
    web_view_set(w, "published_text", web_partnership_time_text(run.published_at));
    web_view_set(w, "has_groups", json_boolean(run.group_count > 0));
    web_view_set(w, "has_unmatched", json_boolean(run.unmatched_count > 0));
    web_view_set(w, "can_move", json_boolean(is_draft && run.group_count > 0));
    json_t *history = json_object_get(view, "history");
    for (int e = 0; e < run.edit_count; e++) {
        json_t *edit = json_array_get(history, (size_t)e);
        json_object_set_new(edit, "at_text", web_partnership_time_text(run.edits[e].at));
        json_object_set_new(edit, "has_reason", json_boolean(*run.edits[e].reason != '\0'));
    }
    web_view_set(w, "has_notes", json_boolean(*run.notes != '\0'));
    web_view_set(w, "is_published", json_boolean(run.published_at != 0));
    web_view_set(w, "matching_url",
                 json_sprintf("/programs/%lld/matching", (long long)run.program_id));
    web_view_set(w, "move_action", json_sprintf("%s/moves", base));
    web_view_set(w, "rerun_action", json_sprintf("%s/rerun", base));
    web_view_set(w, "publish_action", json_sprintf("%s/publish", base));
    return 0;
}

/* After a change: the API gets the run; a page goes back to it. */
static int changed_run(struct web *w, int64_t run_id, const char *notice)
{
    w->redirect = arena_printf(w->ctx.arena, "/matching/runs/%lld", (long long)run_id);
    w->notice = notice;
    return w->is_api ? fill_run(w, run_id) : 0;
}

/* --- handlers ---------------------------------------------------------------- */

int web_matching_show(struct web *w)
{
    int64_t program_id;
    if (web_param_id(w, 0, &program_id) != 0)
        return -1;
    return fill_overview(w, program_id);
}

int web_matching_rules_show(struct web *w)
{
    int64_t program_id;
    struct matching_rules rules;
    if (web_param_id(w, 0, &program_id) != 0 ||
        matching_rules_get(&w->ctx, program_id, &rules) != 0)
        return -1;
    web_view_set(w, "rules", matching_rules_json(&rules));
    return 0;
}

/* The rules form's strings as the API's changes. */
static int rules_from_form(struct web *w, json_t *changes)
{
    json_t *weights = json_object();
    json_object_set_new(changes, "weights", weights);
    for (int i = 0; i < STORE_MATCHING_WEIGHTS; i++) {
        const char *name = match_rule_name((enum match_rule)i);
        const char *field = arena_printf(w->ctx.arena, "weight_%s", name);
        int64_t value;
        bool present;
        if (input_number(w, field, 0, 1000, &value, &present) != 0)
            return -1;
        if (present)
            json_object_set_new(weights, name, json_integer(value));
    }
    static const char *const numbers[] = {"min_overlap_minutes", "avoid_recent_rounds"};
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        int64_t value;
        bool present;
        if (input_number(w, numbers[i], 0, INT32_MAX, &value, &present) != 0)
            return -1;
        if (present)
            json_object_set_new(changes, numbers[i], json_integer(value));
    }
    int64_t gap;
    bool has_gap;
    if (input_number(w, "max_level_gap", 0, INT32_MAX, &gap, &has_gap) != 0)
        return -1;
    if (json_object_get(w->input, "max_level_gap"))
        json_object_set_new(changes, "max_level_gap", has_gap ? json_integer(gap) : json_null());
    const char *language;
    if (web_input_text(w, "require_shared_language", &language) != 0)
        return -1;
    if (language) {
        if (strcmp(language, "yes") != 0 && strcmp(language, "no") != 0)
            return fail_input(&w->ctx, "require_shared_language", "must be yes or no");
        json_object_set_new(changes, "require_shared_language",
                            json_boolean(!strcmp(language, "yes")));
    }
    static const char *const choices[] = {"department_mode", "odd_person"};
    for (size_t i = 0; i < sizeof choices / sizeof *choices; i++) {
        const char *text;
        if (web_input_text(w, choices[i], &text) != 0)
            return -1;
        if (text)
            json_object_set_new(changes, choices[i], json_string(text));
    }
    return 0;
}

int web_matching_rules_update(struct web *w)
{
    int64_t program_id;
    struct matching_rules rules;
    if (web_param_id(w, 0, &program_id) != 0)
        return -1;
    if (w->is_api) {
        if (matching_rules_update(&w->ctx, program_id, w->input, &rules) != 0)
            return -1;
        web_view_set(w, "rules", matching_rules_json(&rules));
        return 0;
    }
    json_t *changes = web_own(w, json_object());
    if (fill_overview(w, program_id) != 0 || rules_from_form(w, changes) != 0 ||
        matching_rules_update(&w->ctx, program_id, changes, &rules) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld/matching", (long long)program_id);
    w->notice = "matching_rules_saved";
    return 0;
}

int web_matching_run_create(struct web *w)
{
    static const char *const fields[] = {"seed", NULL};
    int64_t program_id, run_id;
    struct matching_options options;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &program_id) != 0)
        return -1;
    if (!w->is_api && fill_overview(w, program_id) != 0)
        return -1;
    if (input_options(w, &options) != 0 ||
        matching_run_create(&w->ctx, program_id, &options, &run_id) != 0)
        return -1;
    w->status = 201;
    return changed_run(w, run_id, "matching_run_created");
}

int web_matching_run_show(struct web *w)
{
    int64_t run_id;
    if (web_param_id(w, 0, &run_id) != 0)
        return -1;
    return fill_run(w, run_id);
}

static int set_lock(struct web *w, bool is_locked)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t run_id, number;
    const char *reason;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &run_id) != 0 ||
        web_param_id(w, 1, &number) != 0)
        return -1;
    if (!w->is_api && fill_run(w, run_id) != 0)
        return -1;
    if (input_reason(w, &reason) != 0 ||
        matching_group_lock(&w->ctx, run_id, number, is_locked, reason) != 0)
        return -1;
    return changed_run(w, run_id, is_locked ? "matching_locked" : "matching_unlocked");
}

int web_matching_group_lock(struct web *w)
{
    return set_lock(w, true);
}

int web_matching_group_unlock(struct web *w)
{
    return set_lock(w, false);
}

/* The page's one "to" choice: "group-N", "new" or "swap-ID". */
static int move_from_form(struct web *w, struct matching_move *move)
{
    const char *to;
    if (web_input_text(w, "to", &to) != 0)
        return -1;
    if (!to || !*to)
        return fail_input(&w->ctx, "to", "is required: choose where this person goes");
    char *end;
    if (!strcmp(to, "new")) {
        move->new_group = true;
    } else if (!strncmp(to, "group-", 6) && to[6]) {
        move->to_group = strtoll(to + 6, &end, 10);
        if (*end || move->to_group <= 0)
            return fail_input(&w->ctx, "to", "is not a choice of this form");
    } else if (!strncmp(to, "swap-", 5) && to[5]) {
        move->swap_with = strtoll(to + 5, &end, 10);
        if (*end || move->swap_with <= 0)
            return fail_input(&w->ctx, "to", "is not a choice of this form");
    } else {
        return fail_input(&w->ctx, "to", "is not a choice of this form");
    }
    return 0;
}

int web_matching_move(struct web *w)
{
    static const char *const fields[] = {"user_id",   "new_group", "to_group",
                                         "swap_with", "reason",    NULL};
    int64_t run_id;
    struct matching_move move = {0};
    bool present;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &run_id) != 0)
        return -1;
    if (!w->is_api && fill_run(w, run_id) != 0)
        return -1;
    if (input_number(w, "user_id", 1, INT64_MAX, &move.user_id, &present) != 0)
        return -1;
    if (!present)
        return fail_input(&w->ctx, "user_id", "is required");
    if (w->is_api) {
        json_t *new_group = json_object_get(w->input, "new_group");
        if (new_group && !json_is_boolean(new_group))
            return fail_input(&w->ctx, "new_group", "must be true or false");
        move.new_group = json_is_true(new_group);
        if (input_number(w, "to_group", 1, INT64_MAX, &move.to_group, &present) != 0 ||
            input_number(w, "swap_with", 1, INT64_MAX, &move.swap_with, &present) != 0)
            return -1;
    } else if (move_from_form(w, &move) != 0) {
        return -1;
    }
    if (web_input_text(w, "reason", &move.reason) != 0)
        return -1;
    if (!move.reason)
        return fail_input(&w->ctx, "reason", "is required: say why you change the group by hand");
    if (matching_move(&w->ctx, run_id, &move) != 0)
        return -1;
    return changed_run(w, run_id, "matching_moved");
}

int web_matching_rerun(struct web *w)
{
    static const char *const fields[] = {"seed", NULL};
    int64_t run_id;
    struct matching_options options;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &run_id) != 0)
        return -1;
    if (!w->is_api && fill_run(w, run_id) != 0)
        return -1;
    if (input_options(w, &options) != 0 || matching_rerun(&w->ctx, run_id, &options) != 0)
        return -1;
    return changed_run(w, run_id, "matching_rerun");
}

int web_matching_publish(struct web *w)
{
    int64_t run_id;
    if (web_input_only(w, NULL) != 0 || web_param_id(w, 0, &run_id) != 0)
        return -1;
    if (!w->is_api && fill_run(w, run_id) != 0)
        return -1;
    if (matching_publish(&w->ctx, run_id, NULL) != 0)
        return -1;
    return changed_run(w, run_id, "matching_published");
}

/* --- pairing preferences ------------------------------------------------------ */

/* The caller's own lists: the API's document, and for the page the
 * textareas' contents (one email a line). Nothing here says whether an email
 * belongs to anyone: the page lists what its author typed, nothing more. */
static json_t *email_list(const char *const *emails, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, json_string(emails[i]));
    return list;
}

static const char *email_lines(struct web *w, const char *const *emails, int n)
{
    const char *text = "";
    for (int i = 0; i < n; i++)
        text = arena_printf(w->ctx.arena, "%s%s\n", text, emails[i]);
    return text;
}

static void fill_preferences(struct web *w, const struct matching_preferences *p)
{
    web_view_set(w, "program", program_brief(&p->program));
    web_view_set(w, "pair_with", email_list(p->pair_with, p->pair_count));
    web_view_set(w, "never_with", email_list(p->never_with, p->never_count));
    web_view_set(w, "limits",
                 json_pack("{s:i, s:i}", "pair_with", MATCHING_PAIR_WITH_MAX, "never_with",
                           MATCHING_NEVER_WITH_MAX));
    web_view_set(w, "can_change", json_boolean(p->can_change));
    if (w->is_api)
        return;
    web_view_set(w, "form",
                 json_pack("{s:s, s:s}", "pair_with", email_lines(w, p->pair_with, p->pair_count),
                           "never_with", email_lines(w, p->never_with, p->never_count)));
    web_view_set(w, "has_pair_with", json_boolean(p->pair_count > 0));
    web_view_set(w, "has_never_with", json_boolean(p->never_count > 0));
    web_view_set(w, "program_url", json_sprintf("/programs/%lld", (long long)p->program.id));
    web_view_set(w, "action", json_sprintf("/programs/%lld/preferences", (long long)p->program.id));
}

int web_matching_preferences_show(struct web *w)
{
    int64_t program_id;
    struct matching_preferences p;
    if (web_param_id(w, 0, &program_id) != 0 ||
        matching_preferences_get(&w->ctx, program_id, &p) != 0)
        return -1;
    fill_preferences(w, &p);
    return 0;
}

/* A textarea's emails: one a line (commas also separate, for a pasted
 * list), spaces around each trimmed, empty lines skipped. */
static json_t *emails_from_text(const char *text)
{
    json_t *list = json_array();
    const char *p = text ? text : "";
    while (*p) {
        size_t len = strcspn(p, "\n,");
        const char *start = p, *end = p + len;
        while (start < end && strchr(" \t\r", *start))
            start++;
        while (end > start && strchr(" \t\r", end[-1]))
            end--;
        if (end > start)
            json_array_append_new(list, json_stringn(start, (size_t)(end - start)));
        p += len + (p[len] ? 1 : 0);
    }
    return list;
}

int web_matching_preferences_update(struct web *w)
{
    int64_t program_id;
    struct matching_preferences p;
    if (web_param_id(w, 0, &program_id) != 0)
        return -1;
    if (w->is_api) {
        if (matching_preferences_set(&w->ctx, program_id, w->input, &p) != 0)
            return -1;
        fill_preferences(w, &p);
        return 0;
    }
    /* The page first, so a refusal shows it again with what was typed. */
    const char *pair_text, *never_text;
    if (matching_preferences_get(&w->ctx, program_id, &p) != 0)
        return -1;
    fill_preferences(w, &p);
    if (web_input_text(w, "pair_with", &pair_text) != 0 ||
        web_input_text(w, "never_with", &never_text) != 0)
        return -1;
    json_t *sent = json_pack("{s:s, s:s}", "pair_with", pair_text ? pair_text : "", "never_with",
                             never_text ? never_text : "");
    if (sent) /* NULL only for text that is not UTF-8, which the domain refuses below */
        web_view_set(w, "form", sent);
    json_t *lists = web_own(w, json_pack("{s:o, s:o}", "pair_with", emails_from_text(pair_text),
                                         "never_with", emails_from_text(never_text)));
    if (matching_preferences_set(&w->ctx, program_id, lists, &p) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld/preferences", (long long)program_id);
    w->notice = "matching_preferences_saved";
    return 0;
}
