/* goal.c — see goal.h.
 *
 * Create, update and check-in take the API's JSON object and check every
 * field strictly (a string where a number belongs is a 422) before one
 * transaction writes the goal, its milestones and its history together.
 * "Today" is the owner's today, in the time zone of their profile, so a
 * target date of today is never refused because UTC has moved on. */
#include "domain/goal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/profile.h"
#include "domain/validate.h"
#include "lib/date.h"

const char *const goal_statuses[] = {"active", "achieved", "paused", "dropped", NULL};
const char *const goal_visibilities[] = {"private", "shared", NULL};
const char *const goal_measures[] = {"number", "milestones", NULL};

/* At most this many celebrations at once on a dashboard. */
#define GOAL_CELEBRATIONS_MAX 20

static const char *const create_fields[] = {"title",    "specific",   "measure",    "baseline",
                                            "target",   "unit",       "milestones", "target_date",
                                            "priority", "visibility", "program_id", NULL};
static const char *const update_fields[] = {
    "title",       "specific", "measure",    "baseline",   "target", "unit",   "milestones",
    "target_date", "priority", "visibility", "program_id", "status", "reason", NULL};
static const char *const checkin_fields[] = {"on_date", "value",      "milestone_id",
                                             "note",    "confidence", NULL};

static const struct {
    const char *from, *to;
} transitions[] = {
    {"active", "achieved"}, {"active", "paused"},   {"active", "dropped"}, {"paused", "active"},
    {"paused", "dropped"},  {"achieved", "active"}, {"dropped", "active"},
};

/* --- pure pieces --- */

double goal_progress_number(double baseline, double target, double latest)
{
    if (target == baseline)
        return latest == target ? 100 : 0;
    double progress = (latest - baseline) / (target - baseline) * 100;
    if (!(progress > 0)) /* also NaN */
        return 0;
    return progress > 100 ? 100 : progress;
}

double goal_progress_milestones(int64_t done, int64_t total)
{
    if (total <= 0 || done <= 0)
        return 0;
    return done >= total ? 100 : (double)done * 100 / (double)total;
}

double goal_progress(const struct goal *goal)
{
    if (!strcmp(goal->measure, "milestones"))
        return goal_progress_milestones(goal->milestones_done, goal->milestones_total);
    return goal->has_latest ? goal_progress_number(goal->baseline, goal->target, goal->latest_value)
                            : 0;
}

int goal_percent(double progress)
{
    if (!(progress > 0))
        return 0;
    return progress >= 100 ? 100 : (int)floor(progress);
}

bool goal_status_change_allowed(const char *from, const char *to)
{
    for (size_t i = 0; i < sizeof transitions / sizeof *transitions; i++)
        if (!strcmp(transitions[i].from, from) && !strcmp(transitions[i].to, to))
            return true;
    return false;
}

void goal_format_number(double value, char out[GOAL_NUMBER_CHARS])
{
    if (value == 0 || !isfinite(value)) {
        snprintf(out, GOAL_NUMBER_CHARS, "0");
        return;
    }
    /* Plain decimals for the numbers people type; an exponent only for the
     * very small or very large. */
    bool plain = fabs(value) >= 1e-6 && fabs(value) < 1e15;
    for (int digits = plain ? 0 : 1; digits <= (plain ? 24 : 17); digits++) {
        snprintf(out, GOAL_NUMBER_CHARS, plain ? "%.*f" : "%.*g", digits, value);
        if (strtod(out, NULL) == value)
            return;
    }
}

/* --- field checks --- */

static bool is_one_of(const char *key, const char *const *names)
{
    for (const char *const *n = names; *n; n++)
        if (!strcmp(*n, key))
            return true;
    return false;
}

static int check_known_fields(struct ctx *ctx, json_t *object, const char *const *names,
                              const char *what)
{
    if (!json_is_object(object))
        return fail_input(ctx, what, "must be an object");
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value)
    {
        if (!is_one_of(key, names))
            return fail_input(ctx, arena_strdup(ctx->arena, key), "is not a %s field", what);
    }
    return 0;
}

/* The value of key, or NULL when absent or null. */
static json_t *field(json_t *object, const char *key)
{
    json_t *value = json_object_get(object, key);
    return json_is_null(value) ? NULL : value;
}

static const char *trimmed(struct arena *arena, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return arena_strndup(arena, s, n);
}

/* Text of at most max characters, trimmed; required means not empty after
 * trimming. */
static int take_text(struct ctx *ctx, const char *name, json_t *value, bool required, size_t max,
                     bool multiline, const char **out)
{
    if (!value)
        return required ? fail_input(ctx, name, "is required") : 0;
    if (!json_is_string(value))
        return fail_input(ctx, name, "must be a string");
    if (validate_text(ctx, name, json_string_value(value), 0, max, multiline) != 0)
        return -1;
    const char *text = trimmed(ctx->arena, json_string_value(value));
    if (required && !*text)
        return fail_input(ctx, name, "is required");
    *out = text;
    return 0;
}

static int take_number(struct ctx *ctx, const char *name, json_t *value, double *out)
{
    if (!value)
        return fail_input(ctx, name, "is required");
    if (!json_is_number(value))
        return fail_input(ctx, name, "must be a number");
    double number = json_number_value(value);
    if (!isfinite(number) || fabs(number) > GOAL_NUMBER_LIMIT)
        return fail_input(ctx, name, "must be a number between -1e12 and 1e12");
    *out = number;
    return 0;
}

static int take_integer(struct ctx *ctx, const char *name, json_t *value, int64_t min, int64_t max,
                        int64_t *out)
{
    if (!value)
        return fail_input(ctx, name, "is required");
    if (!json_is_integer(value))
        return fail_input(ctx, name, "must be a whole number");
    if (validate_range(ctx, name, json_integer_value(value), min, max) != 0)
        return -1;
    *out = json_integer_value(value);
    return 0;
}

static int take_choice(struct ctx *ctx, const char *name, json_t *value, const char *const *choices,
                       const char **out)
{
    if (!value)
        return fail_input(ctx, name, "is required");
    if (!json_is_string(value))
        return fail_input(ctx, name, "must be a string");
    if (validate_choice(ctx, name, json_string_value(value), choices) != 0)
        return -1;
    *out = arena_strdup(ctx->arena, json_string_value(value));
    return 0;
}

/* Today in the caller's time zone, as days since 1970. */
static int caller_today(struct ctx *ctx, int64_t *today)
{
    struct profile profile;
    if (profile_load(ctx, ctx->user->id, &profile) != 0)
        return -1;
    *today = date_today(profile.time_zone, ctx->now);
    return 0;
}

static int take_target_date(struct ctx *ctx, json_t *value, const char **out)
{
    if (value && !json_is_string(value))
        return fail_input(ctx, "target_date", "must be a date like 2026-03-31");
    int64_t days, today;
    if (validate_date(ctx, "target_date", value ? json_string_value(value) : NULL, &days) != 0 ||
        caller_today(ctx, &today) != 0)
        return -1;
    if (days < today)
        return fail_input(ctx, "target_date", "must be today or later");
    *out = arena_strdup(ctx->arena, json_string_value(value));
    return 0;
}

static int take_program(struct ctx *ctx, json_t *value, int64_t *out)
{
    if (!value) {
        *out = 0;
        return 0;
    }
    if (!json_is_integer(value))
        return fail_input(ctx, "program_id", "must be a program id or null");
    int enrolled =
        json_integer_value(value) > 0
            ? store_goal_program_enrolled(ctx->db, json_integer_value(value), ctx->user->id)
            : 0;
    if (enrolled < 0)
        return fail_internal(ctx, "reading enrollment");
    if (!enrolled)
        return fail_input(ctx, "program_id", "must be a program you are enrolled in");
    *out = json_integer_value(value);
    return 0;
}

/* A list of 1 … GOAL_MAX_MILESTONES distinct one-line texts. */
static int take_milestones(struct ctx *ctx, json_t *value, const char ***texts, int *count)
{
    const char *name = "milestones";
    if (!value)
        return fail_input(ctx, name, "is required for a milestone goal");
    if (!json_is_array(value))
        return fail_input(ctx, name, "must be a list of strings");
    size_t n = json_array_size(value);
    if (n == 0)
        return fail_input(ctx, name, "must have at least one milestone");
    if (n > GOAL_MAX_MILESTONES)
        return fail_input(ctx, name, "must have at most %d milestones", GOAL_MAX_MILESTONES);
    const char **list = arena_alloc(ctx->arena, n * sizeof *list);
    for (size_t i = 0; i < n; i++) {
        const char *text;
        if (take_text(ctx, name, json_array_get(value, i), true, GOAL_MILESTONE_CHARS, false,
                      &text) != 0)
            return -1;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(list[k], text))
                return fail_input(ctx, name, "must not list the same milestone twice");
        list[i] = text;
    }
    *texts = list;
    *count = (int)n;
    return 0;
}

/* Number-only fields present on a milestone goal, or the reverse: 422. */
static int check_measure_fields(struct ctx *ctx, json_t *fields, const char *measure)
{
    static const char *const number_only[] = {"baseline", "target", "unit", NULL};
    bool is_number = !strcmp(measure, "number");
    for (const char *const *f = number_only; *f; f++)
        if (!is_number && field(fields, *f))
            return fail_input(ctx, *f, "is only for goals measured by a number");
    if (is_number && field(fields, "milestones"))
        return fail_input(ctx, "milestones", "is only for goals measured by milestones");
    return 0;
}

/* --- reading --- */

int goal_get(struct ctx *ctx, int64_t id, struct goal *out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int found = store_goal_get(ctx->db, ctx->arena, id, ctx->user->id, out);
    if (found < 0)
        return fail_internal(ctx, "reading goal");
    if (!found)
        return fail_not_found(ctx);
    return access_require_goal_reader(ctx, out->owner_id, out->visibility);
}

/* The goal, if the caller may read it and owns it. */
static int get_owned(struct ctx *ctx, int64_t id, struct goal *out)
{
    if (goal_get(ctx, id, out) != 0)
        return -1;
    if (out->owner_id != ctx->user->id)
        return fail_forbidden(ctx, "Only the owner of a goal may change it or check in.");
    return 0;
}

int goal_require_linkable(struct ctx *ctx, int64_t goal_id)
{
    struct goal goal;
    return goal_get(ctx, goal_id, &goal);
}

/* The milestones still on the list, in order. */
static int active_milestones(struct ctx *ctx, int64_t goal_id, struct goal_milestone **out)
{
    struct goal_milestone *all;
    int n = store_goal_milestones(ctx->db, ctx->arena, goal_id, &all);
    if (n < 0)
        return fail_internal(ctx, "reading milestones");
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (!all[i].removed_at)
            all[kept++] = all[i];
    *out = all;
    return kept;
}

int goal_detail(struct ctx *ctx, int64_t id, struct goal_detail *out)
{
    *out = (struct goal_detail){0};
    if (goal_get(ctx, id, &out->goal) != 0)
        return -1;
    out->milestone_count = active_milestones(ctx, id, &out->milestones);
    if (out->milestone_count < 0)
        return -1;
    out->checkin_count = store_goal_checkins(ctx->db, ctx->arena, id, &out->checkins);
    out->adjustment_count = store_goal_adjustments(ctx->db, ctx->arena, id, &out->adjustments);
    if (out->checkin_count < 0 || out->adjustment_count < 0)
        return fail_internal(ctx, "reading goal history");
    return 0;
}

int goal_list_for_owner(struct ctx *ctx, const char *status, struct goal **out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    if (status && validate_choice(ctx, "status", status, goal_statuses) != 0)
        return -1;
    int n =
        store_goal_list_owned(ctx->db, ctx->arena, ctx->user->id, status, GOAL_MAX_PER_OWNER, out);
    return n < 0 ? fail_internal(ctx, "listing goals") : n;
}

int goal_list_shared_with_me(struct ctx *ctx, struct goal **out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_goal_list_partners(ctx->db, ctx->arena, ctx->user->id, GOAL_MAX_PER_OWNER, out);
    return n < 0 ? fail_internal(ctx, "listing shared goals") : n;
}

int goal_celebrations(struct ctx *ctx, int64_t since, struct goal **out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_goal_list_achieved(ctx->db, ctx->arena, ctx->user->id, since,
                                     GOAL_CELEBRATIONS_MAX, out);
    return n < 0 ? fail_internal(ctx, "listing achieved goals") : n;
}

int goal_programs(struct ctx *ctx, struct goal_program **out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_goal_programs(ctx->db, ctx->arena, ctx->user->id, out);
    return n < 0 ? fail_internal(ctx, "listing programs") : n;
}

/* --- creating --- */

/* The fields every goal has, from fields into g; for create (all
 * required ones must be there) or update (only those present). */
static int take_common(struct ctx *ctx, json_t *fields, bool creating, struct goal *g)
{
    json_t *value;
    if ((creating || json_object_get(fields, "title")) &&
        take_text(ctx, "title", field(fields, "title"), true, GOAL_TITLE_CHARS, false, &g->title) !=
            0)
        return -1;
    if ((creating || json_object_get(fields, "specific")) &&
        take_text(ctx, "specific", field(fields, "specific"), true, GOAL_SPECIFIC_CHARS, true,
                  &g->specific) != 0)
        return -1;
    if ((value = field(fields, "unit")) &&
        take_text(ctx, "unit", value, false, GOAL_UNIT_CHARS, false, &g->unit) != 0)
        return -1;
    if ((value = field(fields, "priority")) &&
        take_integer(ctx, "priority", value, 1, 3, &g->priority) != 0)
        return -1;
    if ((value = field(fields, "visibility")) &&
        take_choice(ctx, "visibility", value, goal_visibilities, &g->visibility) != 0)
        return -1;
    /* An unchanged program passes even if the owner has since withdrawn. */
    value = json_object_get(fields, "program_id");
    if (value && !(json_is_integer(value) && json_integer_value(value) == g->program_id && g->id) &&
        take_program(ctx, field(fields, "program_id"), &g->program_id) != 0)
        return -1;
    return 0;
}

static int check_target_differs(struct ctx *ctx, const struct goal *g)
{
    if (!strcmp(g->measure, "number") && g->target == g->baseline)
        return fail_input(ctx, "target", "must differ from the baseline");
    return 0;
}

int goal_create(struct ctx *ctx, json_t *fields, int64_t *id)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    if (check_known_fields(ctx, fields, create_fields, "goal") != 0)
        return -1;
    struct goal g = {.owner_id = ctx->user->id,
                     .specific = "",
                     .unit = "",
                     .priority = 2,
                     .status = "active",
                     .visibility = "private"};
    const char **milestones = NULL;
    int milestone_count = 0;
    if (take_common(ctx, fields, true, &g) != 0 ||
        take_choice(ctx, "measure", field(fields, "measure"), goal_measures, &g.measure) != 0 ||
        check_measure_fields(ctx, fields, g.measure) != 0)
        return -1;
    if (!strcmp(g.measure, "number")) {
        if (take_number(ctx, "baseline", field(fields, "baseline"), &g.baseline) != 0 ||
            take_number(ctx, "target", field(fields, "target"), &g.target) != 0 ||
            check_target_differs(ctx, &g) != 0)
            return -1;
    } else if (take_milestones(ctx, field(fields, "milestones"), &milestones, &milestone_count) !=
               0) {
        return -1;
    }
    if (take_target_date(ctx, field(fields, "target_date"), &g.target_date) != 0)
        return -1;
    int64_t owned = store_goal_count_owned(ctx->db, ctx->user->id);
    if (owned < 0)
        return fail_internal(ctx, "counting goals");
    if (owned >= GOAL_MAX_PER_OWNER)
        return fail_conflict(ctx, "too_many_goals",
                             "You have reached the limit of goals; drop or finish some first.");

    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin new goal");
    if (store_goal_insert(ctx->db, &g, ctx->now, id) != DB_DONE)
        goto fail;
    for (int i = 0; i < milestone_count; i++)
        if (store_goal_milestone_insert(ctx->db, *id, i + 1, milestones[i]) != DB_DONE)
            goto fail;
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit new goal");
fail:
    db_rollback(ctx->db);
    return fail_internal(ctx, "storing new goal");
}

/* --- updating --- */

/* One history entry to write. */
struct change {
    const char *field, *old_value, *new_value;
};

struct update_plan {
    struct goal goal; /* the goal as it will be */
    struct change changes[5];
    int change_count;
    bool needs_reason;
    const char **milestones; /* the new list, when it changes */
    int milestone_count;
    struct goal_milestone *existing; /* every milestone, removed ones too */
    int existing_count;
};

static const char *number_text(struct ctx *ctx, double value)
{
    char text[GOAL_NUMBER_CHARS];
    goal_format_number(value, text);
    return arena_strdup(ctx->arena, text);
}

static void add_change(struct update_plan *plan, const char *name, const char *old_value,
                       const char *new_value)
{
    plan->changes[plan->change_count++] =
        (struct change){.field = name, .old_value = old_value, .new_value = new_value};
}

/* The milestone texts on the list, one per line (milestones are one line
 * each, so this is a faithful record for the history). */
static const char *milestone_lines(struct ctx *ctx, const char **texts, int n)
{
    const char *lines = "";
    for (int i = 0; i < n; i++)
        lines = arena_printf(ctx->arena, "%s%s%s", lines, i ? "\n" : "", texts[i]);
    return lines;
}

static int plan_milestones(struct ctx *ctx, json_t *value, struct update_plan *plan)
{
    if (take_milestones(ctx, value, &plan->milestones, &plan->milestone_count) != 0)
        return -1;
    plan->existing_count =
        store_goal_milestones(ctx->db, ctx->arena, plan->goal.id, &plan->existing);
    if (plan->existing_count < 0)
        return fail_internal(ctx, "reading milestones");
    const char **current =
        arena_alloc(ctx->arena, sizeof *current * (size_t)(plan->existing_count + 1));
    int n = 0;
    for (int i = 0; i < plan->existing_count; i++)
        if (!plan->existing[i].removed_at)
            current[n++] = plan->existing[i].text;
    bool same = n == plan->milestone_count;
    for (int i = 0; same && i < n; i++)
        same = !strcmp(current[i], plan->milestones[i]);
    if (same) {
        plan->milestones = NULL;
        return 0;
    }
    add_change(plan, "milestones", milestone_lines(ctx, current, n),
               milestone_lines(ctx, plan->milestones, plan->milestone_count));
    plan->needs_reason = true;
    return 0;
}

/* The measure fields of an update: baseline, target, target date and
 * milestones, each recorded when it really changes. */
static int plan_measures(struct ctx *ctx, json_t *changes, const struct goal *old,
                         struct update_plan *plan)
{
    struct goal *g = &plan->goal;
    json_t *value;
    if (json_object_get(changes, "baseline") &&
        take_number(ctx, "baseline", field(changes, "baseline"), &g->baseline) != 0)
        return -1;
    if (json_object_get(changes, "target") &&
        take_number(ctx, "target", field(changes, "target"), &g->target) != 0)
        return -1;
    if (check_target_differs(ctx, g) != 0)
        return -1;
    if (!strcmp(g->measure, "number") && g->baseline != old->baseline)
        add_change(plan, "baseline", number_text(ctx, old->baseline),
                   number_text(ctx, g->baseline));
    if (!strcmp(g->measure, "number") && g->target != old->target)
        add_change(plan, "target", number_text(ctx, old->target), number_text(ctx, g->target));
    if ((value = json_object_get(changes, "target_date"))) {
        if (!json_is_string(value) || strcmp(json_string_value(value), old->target_date) != 0) {
            if (take_target_date(ctx, field(changes, "target_date"), &g->target_date) != 0)
                return -1;
            add_change(plan, "target_date", old->target_date, g->target_date);
        }
    }
    if (json_object_get(changes, "milestones") &&
        plan_milestones(ctx, field(changes, "milestones"), plan) != 0)
        return -1;
    plan->needs_reason = plan->change_count > 0;
    return 0;
}

static int plan_status(struct ctx *ctx, json_t *changes, const struct goal *old,
                       struct update_plan *plan)
{
    json_t *value = json_object_get(changes, "status");
    if (!value)
        return 0;
    const char *status;
    if (take_choice(ctx, "status", field(changes, "status"), goal_statuses, &status) != 0)
        return -1;
    if (!strcmp(status, old->status))
        return 0;
    if (!goal_status_change_allowed(old->status, status))
        return fail_conflict(
            ctx, "invalid_state",
            arena_printf(ctx->arena,
                         "A goal that is %s cannot become %s. Allowed: active to achieved, "
                         "paused or dropped; paused to active or dropped; achieved or dropped "
                         "back to active.",
                         old->status, status));
    plan->goal.status = status;
    plan->goal.achieved_at = !strcmp(status, "achieved") ? ctx->now : 0;
    return 0;
}

static bool is_closed(const char *status)
{
    return !strcmp(status, "achieved") || !strcmp(status, "dropped");
}

/* Did anything but status and visibility change? */
static bool definition_changed(const struct goal *old, const struct update_plan *plan)
{
    const struct goal *g = &plan->goal;
    return plan->change_count > 0 || strcmp(old->title, g->title) ||
           strcmp(old->specific, g->specific) || strcmp(old->unit, g->unit) ||
           old->priority != g->priority || old->program_id != g->program_id;
}

/* Put the list in plan->milestones in place: kept ones (matched by text)
 * move to their new position, new ones are added, missing ones are taken
 * off the list but kept for the check-ins that name them. */
static int apply_milestones(struct ctx *ctx, const struct update_plan *plan)
{
    bool *used = arena_zalloc(ctx->arena, sizeof *used * (size_t)(plan->existing_count + 1));
    for (int i = 0; i < plan->milestone_count; i++) {
        int match = -1;
        for (int k = 0; k < plan->existing_count && match < 0; k++)
            if (!used[k] && !strcmp(plan->existing[k].text, plan->milestones[i]))
                match = k;
        enum db_result r;
        if (match >= 0) {
            used[match] = true;
            r = store_goal_milestone_place(ctx->db, plan->goal.id, plan->existing[match].id, i + 1,
                                           0);
        } else {
            r = store_goal_milestone_insert(ctx->db, plan->goal.id, i + 1, plan->milestones[i]);
        }
        if (r != DB_DONE)
            return -1;
    }
    for (int k = 0; k < plan->existing_count; k++)
        if (!used[k] && !plan->existing[k].removed_at &&
            store_goal_milestone_place(ctx->db, plan->goal.id, plan->existing[k].id,
                                       plan->existing[k].position, ctx->now) != DB_DONE)
            return -1;
    return 0;
}

int goal_update(struct ctx *ctx, int64_t id, json_t *changes)
{
    struct goal old;
    if (get_owned(ctx, id, &old) != 0 ||
        check_known_fields(ctx, changes, update_fields, "goal") != 0)
        return -1;
    json_t *measure = json_object_get(changes, "measure");
    if (measure && !(json_is_string(measure) && !strcmp(json_string_value(measure), old.measure)))
        return fail_input(ctx, "measure", "cannot be changed: set a new goal instead");
    struct update_plan plan = {.goal = old};
    const char *reason = "";
    if (check_measure_fields(ctx, changes, old.measure) != 0 ||
        take_common(ctx, changes, false, &plan.goal) != 0 ||
        plan_measures(ctx, changes, &old, &plan) != 0 ||
        plan_status(ctx, changes, &old, &plan) != 0)
        return -1;
    if (is_closed(plan.goal.status) && definition_changed(&old, &plan))
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "This goal is %s: reopen it (status active) before "
                                          "changing it.",
                                          plan.goal.status));
    if (plan.needs_reason && !field(changes, "reason"))
        return fail_input(ctx, "reason",
                          "is required when the target, baseline, target date or milestones "
                          "change");
    if (take_text(ctx, "reason", field(changes, "reason"), plan.needs_reason, GOAL_REASON_CHARS,
                  true, &reason) != 0)
        return -1;
    bool status_changed = strcmp(old.status, plan.goal.status) != 0;

    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin goal update");
    if (store_goal_update(ctx->db, &plan.goal, ctx->now) != DB_DONE ||
        (plan.milestones && apply_milestones(ctx, &plan) != 0))
        goto fail;
    for (int i = 0; i < plan.change_count; i++)
        if (store_goal_adjustment_insert(ctx->db, id, ctx->now, plan.changes[i].field,
                                         plan.changes[i].old_value, plan.changes[i].new_value,
                                         reason) != DB_DONE)
            goto fail;
    if (status_changed && store_goal_adjustment_insert(ctx->db, id, ctx->now, "status", old.status,
                                                       plan.goal.status, reason) != DB_DONE)
        goto fail;
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit goal update");
fail:
    db_rollback(ctx->db);
    return fail_internal(ctx, "storing goal update");
}

/* --- check-ins --- */

/* The milestone a check-in marks done: on this goal's list, not done yet. */
static int take_checkin_milestone(struct ctx *ctx, int64_t goal_id, json_t *value,
                                  struct goal_checkin *checkin)
{
    if (!json_is_integer(value))
        return fail_input(ctx, "milestone_id", "must be the id of one of this goal's milestones");
    struct goal_milestone *list;
    int n = active_milestones(ctx, goal_id, &list);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (list[i].id != json_integer_value(value))
            continue;
        if (list[i].done_at)
            return fail_conflict(ctx, "already_done", "This milestone is already done.");
        checkin->milestone_id = list[i].id;
        return 0;
    }
    return fail_input(ctx, "milestone_id", "must be the id of one of this goal's milestones");
}

static int take_checkin(struct ctx *ctx, const struct goal *goal, json_t *fields,
                        struct goal_checkin *checkin)
{
    if (check_known_fields(ctx, fields, checkin_fields, "check-in") != 0)
        return -1;
    json_t *on_date = field(fields, "on_date");
    if (on_date && !json_is_string(on_date))
        return fail_input(ctx, "on_date", "must be a date like 2026-03-31");
    int64_t days, today;
    if (validate_date(ctx, "on_date", on_date ? json_string_value(on_date) : NULL, &days) != 0 ||
        caller_today(ctx, &today) != 0)
        return -1;
    if (days > today)
        return fail_input(ctx, "on_date", "must not be in the future");
    checkin->on_date = arena_strdup(ctx->arena, json_string_value(on_date));
    checkin->note = "";
    if (take_integer(ctx, "confidence", field(fields, "confidence"), 1, 5, &checkin->confidence) !=
            0 ||
        take_text(ctx, "note", field(fields, "note"), false, GOAL_NOTE_CHARS, true,
                  &checkin->note) != 0)
        return -1;
    json_t *value = field(fields, "value"), *milestone = field(fields, "milestone_id");
    if (!strcmp(goal->measure, "number")) {
        if (milestone)
            return fail_input(ctx, "milestone_id", "is only for goals measured by milestones");
        checkin->has_value = true;
        return take_number(ctx, "value", value, &checkin->value);
    }
    if (value)
        return fail_input(ctx, "value", "is only for goals measured by a number");
    return milestone ? take_checkin_milestone(ctx, goal->id, milestone, checkin) : 0;
}

int goal_checkin_add(struct ctx *ctx, int64_t goal_id, json_t *fields, int64_t *checkin_id,
                     bool *achieved)
{
    *achieved = false;
    struct goal goal;
    if (get_owned(ctx, goal_id, &goal) != 0)
        return -1;
    if (strcmp(goal.status, "active") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "This goal is %s: only an active goal takes check-ins. "
                                          "Set it back to active first.",
                                          goal.status));
    struct goal_checkin checkin = {0};
    if (take_checkin(ctx, &goal, fields, &checkin) != 0)
        return -1;
    int64_t count = store_goal_checkin_count(ctx->db, goal_id);
    if (count < 0)
        return fail_internal(ctx, "counting check-ins");
    if (count >= GOAL_MAX_CHECKINS)
        return fail_conflict(ctx, "too_many_checkins",
                             "This goal has as many check-ins as it can hold.");

    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin check-in");
    if (store_goal_checkin_insert(ctx->db, goal_id, &checkin, ctx->now, checkin_id) != DB_DONE ||
        (checkin.milestone_id &&
         store_goal_milestone_done(ctx->db, goal_id, checkin.milestone_id, ctx->now) != DB_DONE) ||
        store_goal_get(ctx->db, ctx->arena, goal_id, ctx->user->id, &goal) != 1)
        goto fail;
    if (goal_progress(&goal) >= 100) {
        goal.status = "achieved";
        goal.achieved_at = ctx->now;
        if (store_goal_update(ctx->db, &goal, ctx->now) != DB_DONE ||
            store_goal_adjustment_insert(ctx->db, goal_id, ctx->now, "status", "active", "achieved",
                                         "Target reached with a check-in.") != DB_DONE)
            goto fail;
        *achieved = true;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit check-in");
fail:
    db_rollback(ctx->db);
    return fail_internal(ctx, "storing check-in");
}
