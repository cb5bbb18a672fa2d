/* test_goal.c — goals: the progress maths (rising and falling targets,
 * milestones, clamping), number formatting, status transitions, and the
 * domain rules against a real database (validation, adjustments with
 * reasons, milestone edits, check-ins that achieve, who may read and
 * change), plus the chart's shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "domain/goal.h"
#include "lib/date.h"
#include "store/user.h"
#include "unit_db.h"
#include "web/chart.h"

/* --- pure pieces --- */

static void test_progress_rising_and_falling_targets(void **state)
{
    (void)state;
    assert_float_equal(goal_progress_number(0, 10, 5), 50, 1e-9);
    assert_float_equal(goal_progress_number(20, 5, 20), 0, 1e-9);
    assert_float_equal(goal_progress_number(20, 5, 14), 40, 1e-9); /* errors 20 -> 5 */
    assert_float_equal(goal_progress_number(20, 5, 5), 100, 1e-9);
    assert_float_equal(goal_progress_number(20, 5, 2), 100, 1e-9); /* past the target */
    assert_float_equal(goal_progress_number(20, 5, 25), 0, 1e-9);  /* worse than the start */
    assert_float_equal(goal_progress_number(10, 30, 40), 100, 1e-9);
    assert_float_equal(goal_progress_number(10, 30, -5), 0, 1e-9);
    assert_float_equal(goal_progress_number(0.1, 0.3, 0.3), 100, 1e-9);
    assert_float_equal(goal_progress_number(5, 5, 5), 100, 1e-9); /* degenerate, never stored */
    assert_float_equal(goal_progress_number(5, 5, 4), 0, 1e-9);
}

static void test_progress_milestones_and_percent(void **state)
{
    (void)state;
    assert_float_equal(goal_progress_milestones(0, 3), 0, 1e-9);
    assert_float_equal(goal_progress_milestones(1, 4), 25, 1e-9);
    assert_float_equal(goal_progress_milestones(3, 3), 100, 1e-9);
    assert_float_equal(goal_progress_milestones(0, 0), 0, 1e-9);
    assert_int_equal(goal_percent(goal_progress_milestones(2, 3)), 66); /* rounded down */
    assert_int_equal(goal_percent(99.999), 99);                         /* 100 means reached */
    assert_int_equal(goal_percent(100), 100);
    assert_int_equal(goal_percent(-3), 0);
    struct goal no_checkin = {.measure = "number", .baseline = 1, .target = 2};
    assert_float_equal(goal_progress(&no_checkin), 0, 1e-9);
    struct goal checked = {
        .measure = "number", .baseline = 1, .target = 3, .has_latest = true, .latest_value = 2};
    assert_float_equal(goal_progress(&checked), 50, 1e-9);
}

static void test_format_number_is_short_and_exact(void **state)
{
    (void)state;
    char text[GOAL_NUMBER_CHARS];
    const struct {
        double value;
        const char *text;
    } cases[] = {{20, "20"},      {2.5, "2.5"},      {-0.125, "-0.125"},
                 {0.1, "0.1"},    {0, "0"},          {1e12, "1000000000000"},
                 {1e-9, "1e-09"}, {100.75, "100.75"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        goal_format_number(cases[i].value, text);
        assert_string_equal(text, cases[i].text);
    }
    goal_format_number(0.1 + 0.2, text);
    assert_true(strtod(text, NULL) == 0.1 + 0.2);
}

static void test_status_transitions(void **state)
{
    (void)state;
    assert_true(goal_status_change_allowed("active", "achieved"));
    assert_true(goal_status_change_allowed("active", "paused"));
    assert_true(goal_status_change_allowed("active", "dropped"));
    assert_true(goal_status_change_allowed("paused", "active"));
    assert_true(goal_status_change_allowed("paused", "dropped"));
    assert_true(goal_status_change_allowed("achieved", "active"));
    assert_true(goal_status_change_allowed("dropped", "active"));
    assert_false(goal_status_change_allowed("paused", "achieved"));
    assert_false(goal_status_change_allowed("dropped", "achieved"));
    assert_false(goal_status_change_allowed("dropped", "paused"));
    assert_false(goal_status_change_allowed("achieved", "paused"));
    assert_false(goal_status_change_allowed("achieved", "dropped"));
    assert_false(goal_status_change_allowed("active", "active"));
}

static void test_chart_is_escaped_svg(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct chart_point points[] = {{20400, 14}, {20410, 9}};
    struct chart chart = {.id = "goal-1-chart\"><x",
                          .title = "Progress of <b>&'\"",
                          .description = "from 20 to 5",
                          .has_start = true,
                          .start = {20390, 20},
                          .points = points,
                          .point_count = 2,
                          .has_target = true,
                          .target = 5,
                          .target_label = "Target <5>",
                          .last_day = 20500};
    const char *svg = chart_svg(arena, &chart);
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "<title id=\"goal-1-chartx-title\">"));
    assert_non_null(strstr(svg, "Progress of &lt;b&gt;&amp;&#39;&quot;</title>"));
    assert_non_null(strstr(svg, "Target &lt;5&gt;"));
    assert_null(strstr(svg, "<b>"));
    assert_null(strstr(svg, "style="));
    assert_non_null(strstr(svg, "stroke-dasharray"));
    assert_int_equal(strncmp(svg + strlen(svg) - 6, "</svg>", 6), 0);
    /* One point, a flat line and no target still draw. */
    struct chart flat = {.id = "c",
                         .title = "t",
                         .description = "d",
                         .points = points,
                         .point_count = 1,
                         .last_day = 0};
    assert_non_null(strstr(chart_svg(arena, &flat), "</svg>"));
    arena_free(arena);
}

/* --- against a database --- */

static struct user add_user(struct unit_db *u, const char *email)
{
    struct user user = {.email = email, .name = email, .role = "member", .is_active = true};
    assert_int_equal(store_user_insert(u->db, email, email, "x", "member", u->ctx.now, &user.id),
                     DB_DONE);
    return user;
}

static void exec_sql(struct unit_db *u, const char *sql)
{
    assert_int_equal(db_exec_simple(u->db, sql), DB_DONE);
}

/* a and b in one partnership (user ids 1 and 2). */
static void make_partners(struct unit_db *u)
{
    exec_sql(u, "INSERT INTO programs (id, name, starts_on, ends_on, enroll_opens_on,"
                " enroll_closes_on, state, created_by, created_at, updated_at) VALUES (1, 'P',"
                " '2026-01-01', '2027-12-31', '2026-01-01', '2026-02-01', 'running', 1, 0, 0)");
    exec_sql(u, "INSERT INTO partnerships (id, program_id, state, created_by, created_at)"
                " VALUES (1, 1, 'active', 1, 0)");
    exec_sql(u, "INSERT INTO partnership_members (partnership_id, user_id, response)"
                " VALUES (1, 1, 'accepted')");
    exec_sql(u, "INSERT INTO partnership_members (partnership_id, user_id, response)"
                " VALUES (1, 2, 'accepted')");
}

static json_t *parse(const char *text)
{
    json_error_t error;
    json_t *v = json_loads(text, 0, &error);
    if (!v)
        fail_msg("bad JSON in test: %s", error.text);
    return v;
}

static int64_t create(struct unit_db *u, const struct user *owner, const char *fields)
{
    unit_db_reset_ctx(u, owner);
    json_t *f = parse(fields);
    int64_t id = 0;
    int rc = goal_create(&u->ctx, f, &id);
    json_decref(f);
    return rc == 0 ? id : -1;
}

static int update(struct unit_db *u, const struct user *who, int64_t id, const char *changes)
{
    unit_db_reset_ctx(u, who);
    json_t *c = parse(changes);
    int rc = goal_update(&u->ctx, id, c);
    json_decref(c);
    return rc;
}

static int checkin(struct unit_db *u, const struct user *who, int64_t id, const char *fields,
                   bool *achieved)
{
    unit_db_reset_ctx(u, who);
    json_t *f = parse(fields);
    int64_t checkin_id;
    bool scratch;
    int rc = goal_checkin_add(&u->ctx, id, f, &checkin_id, achieved ? achieved : &scratch);
    json_decref(f);
    return rc;
}

#define NUMBER_GOAL                                                                                \
    "{\"title\": \"Fewer errors\", \"specific\": \"In monthly reports\", \"measure\": "            \
    "\"number\", \"baseline\": 20, \"target\": 5, \"unit\": \"errors\", \"target_date\": "         \
    "\"2999-01-01\", \"priority\": 1}"

static void test_create_validates_every_field(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct user ann = add_user(&u, "ann@x.org");
    const struct {
        const char *fields, *field;
    } bad[] = {
        {"{\"specific\": \"s\", \"measure\": \"number\", \"baseline\": 1, \"target\": 2,"
         " \"target_date\": \"2999-01-01\"}",
         "title"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": \"1\","
         " \"target\": 2, \"target_date\": \"2999-01-01\"}",
         "baseline"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": 2,"
         " \"target\": 2, \"target_date\": \"2999-01-01\"}",
         "target"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": 1,"
         " \"target\": 2, \"target_date\": \"2000-01-01\"}",
         "target_date"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": 1,"
         " \"target\": 2, \"target_date\": \"2999-02-30\"}",
         "target_date"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": 1,"
         " \"target\": 2, \"target_date\": \"2999-01-01\", \"priority\": 4}",
         "priority"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": 1,"
         " \"target\": 2, \"target_date\": \"2999-01-01\", \"milestones\": [\"a\"]}",
         "milestones"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"milestones\","
         " \"milestones\": [], \"target_date\": \"2999-01-01\"}",
         "milestones"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"milestones\","
         " \"milestones\": [\"a\", \"a\"], \"target_date\": \"2999-01-01\"}",
         "milestones"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"milestones\", \"target\": 3,"
         " \"milestones\": [\"a\"], \"target_date\": \"2999-01-01\"}",
         "target"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": 1,"
         " \"target\": 2, \"target_date\": \"2999-01-01\", \"program_id\": 99}",
         "program_id"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"weight\","
         " \"target_date\": \"2999-01-01\"}",
         "measure"},
        {"{\"title\": \"t\", \"specific\": \"s\", \"measure\": \"number\", \"baseline\": 1,"
         " \"target\": 2, \"target_date\": \"2999-01-01\", \"owner_id\": 2}",
         "owner_id"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(create(&u, &ann, bad[i].fields), -1);
        assert_int_equal(u.ctx.failure.kind, FAIL_INPUT);
        assert_string_equal(u.ctx.failure.field, bad[i].field);
    }
    assert_int_equal(store_goal_count_owned(u.db, ann.id), 0);
    assert_true(create(&u, &ann, NUMBER_GOAL) > 0);
    unit_db_close(&u);
}

static void test_adjustments_need_a_reason_and_are_recorded(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct user ann = add_user(&u, "ann@x.org");
    int64_t id = create(&u, &ann, NUMBER_GOAL);
    assert_int_equal(update(&u, &ann, id, "{\"target\": 8}"), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_INPUT);
    assert_string_equal(u.ctx.failure.field, "reason");
    /* Unchanged values and free fields need no reason and leave no trace. */
    assert_int_equal(update(&u, &ann, id,
                            "{\"target\": 5, \"baseline\": 20.0, \"target_date\": \"2999-01-01\","
                            " \"title\": \"Fewer report errors\", \"priority\": 2}"),
                     0);
    struct goal_adjustment *history;
    assert_int_equal(store_goal_adjustments(u.db, u.ctx.arena, id, &history), 0);
    assert_int_equal(update(&u, &ann, id,
                            "{\"target\": 8, \"target_date\": \"2999-06-01\","
                            " \"reason\": \"Too ambitious for one quarter\"}"),
                     0);
    assert_int_equal(store_goal_adjustments(u.db, u.ctx.arena, id, &history), 2);
    assert_string_equal(history[0].field, "target");
    assert_string_equal(history[0].old_value, "5");
    assert_string_equal(history[0].new_value, "8");
    assert_string_equal(history[0].reason, "Too ambitious for one quarter");
    assert_string_equal(history[1].field, "target_date");
    /* The measure never changes. */
    assert_int_equal(update(&u, &ann, id, "{\"measure\": \"milestones\"}"), -1);
    assert_string_equal(u.ctx.failure.field, "measure");
    unit_db_close(&u);
}

static void test_status_changes_and_closed_goals(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct user ann = add_user(&u, "ann@x.org");
    int64_t id = create(&u, &ann, NUMBER_GOAL);
    assert_int_equal(update(&u, &ann, id, "{\"status\": \"paused\"}"), 0);
    assert_int_equal(update(&u, &ann, id, "{\"status\": \"achieved\"}"), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(checkin(&u, &ann, id,
                             "{\"on_date\": \"2020-01-01\", \"value\": 9,"
                             " \"confidence\": 3}",
                             NULL),
                     -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_CONFLICT); /* paused: no check-ins */
    assert_int_equal(update(&u, &ann, id, "{\"status\": \"dropped\", \"reason\": \"New job\"}"), 0);
    assert_int_equal(update(&u, &ann, id, "{\"title\": \"Something else\"}"), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_CONFLICT); /* closed */
    assert_int_equal(update(&u, &ann, id, "{\"visibility\": \"shared\"}"), 0);
    assert_int_equal(update(&u, &ann, id, "{\"status\": \"active\", \"title\": \"Back on\"}"), 0);
    struct goal_adjustment *history;
    int n = store_goal_adjustments(u.db, u.ctx.arena, id, &history);
    assert_int_equal(n, 3);
    assert_string_equal(history[1].new_value, "dropped");
    assert_string_equal(history[1].reason, "New job");
    unit_db_close(&u);
}

static void test_checkins_compute_progress_and_achieve(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct user ann = add_user(&u, "ann@x.org");
    int64_t id = create(&u, &ann, NUMBER_GOAL);
    bool achieved;
    assert_int_equal(checkin(&u, &ann, id,
                             "{\"on_date\": \"2020-01-02\", \"value\": 14, \"confidence\": 4}",
                             &achieved),
                     0);
    assert_false(achieved);
    /* An older date does not replace the latest value. */
    assert_int_equal(checkin(&u, &ann, id,
                             "{\"on_date\": \"2020-01-01\", \"value\": 5, \"confidence\": 2}",
                             &achieved),
                     0);
    assert_false(achieved);
    struct goal goal;
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(goal_get(&u.ctx, id, &goal), 0);
    assert_int_equal(goal_percent(goal_progress(&goal)), 40);
    const char *bad[] = {
        "{\"on_date\": \"2999-01-01\", \"value\": 1, \"confidence\": 3}",     /* future */
        "{\"on_date\": \"2020-01-01\", \"value\": \"1\", \"confidence\": 3}", /* a string */
        "{\"on_date\": \"2020-01-01\", \"confidence\": 3}",                   /* no value */
        "{\"on_date\": \"2020-01-01\", \"value\": 1, \"confidence\": 6}",
        "{\"on_date\": \"2020-01-01\", \"value\": 1, \"confidence\": 3, \"milestone_id\": 1}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(checkin(&u, &ann, id, bad[i], NULL), -1);
        assert_int_equal(u.ctx.failure.kind, FAIL_INPUT);
    }
    assert_int_equal(store_goal_checkin_count(u.db, id), 2);
    assert_int_equal(checkin(&u, &ann, id,
                             "{\"on_date\": \"2020-01-03\", \"value\": 4, \"confidence\": 5}",
                             &achieved),
                     0);
    assert_true(achieved);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(goal_get(&u.ctx, id, &goal), 0);
    assert_string_equal(goal.status, "achieved");
    assert_true(goal.achieved_at > 0);
    struct goal *celebrations;
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(goal_celebrations(&u.ctx, u.ctx.now - 60, &celebrations), 1);
    unit_db_close(&u);
}

static void test_milestones_are_matched_by_text(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct user ann = add_user(&u, "ann@x.org");
    int64_t id = create(&u, &ann,
                        "{\"title\": \"Workshops\", \"specific\": \"Three of them\", \"measure\":"
                        " \"milestones\", \"milestones\": [\"Plan\", \"Rehearse\", \"Deliver\"],"
                        " \"target_date\": \"2999-01-01\"}");
    assert_true(id > 0);
    struct goal_detail d;
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(goal_detail(&u.ctx, id, &d), 0);
    int64_t plan = d.milestones[0].id;
    char fields[160];
    snprintf(fields, sizeof fields,
             "{\"on_date\": \"2020-01-01\", \"milestone_id\": %lld, \"confidence\": 4}",
             (long long)plan);
    assert_int_equal(checkin(&u, &ann, id, fields, NULL), 0);
    assert_int_equal(checkin(&u, &ann, id, fields, NULL), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_CONFLICT); /* already done */
    assert_int_equal(update(&u, &ann, id,
                            "{\"milestones\": [\"Deliver\", \"Plan\", \"Collect feedback\"],"
                            " \"reason\": \"No rehearsal needed\"}"),
                     0);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(goal_detail(&u.ctx, id, &d), 0);
    assert_int_equal(d.milestone_count, 3);
    assert_string_equal(d.milestones[0].text, "Deliver");
    assert_int_equal(d.milestones[1].id, plan); /* kept, still done */
    assert_true(d.milestones[1].done_at > 0);
    assert_int_equal(d.goal.milestones_done, 1);
    assert_int_equal(d.goal.milestones_total, 3);
    assert_string_equal(d.checkins[0].milestone_text, "Plan");
    assert_int_equal(d.adjustment_count, 1);
    assert_string_equal(d.adjustments[0].old_value, "Plan\nRehearse\nDeliver");
    unit_db_close(&u);
}

static void test_only_partners_read_shared_goals_and_only_owners_change(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct user ann = add_user(&u, "ann@x.org");
    struct user ben = add_user(&u, "ben@x.org");
    struct user cy = add_user(&u, "cy@x.org");
    make_partners(&u);
    int64_t private_id = create(&u, &ann, NUMBER_GOAL);
    int64_t shared_id = create(&u, &ann, NUMBER_GOAL);
    assert_int_equal(update(&u, &ann, shared_id, "{\"visibility\": \"shared\"}"), 0);
    struct goal goal;
    unit_db_reset_ctx(&u, &ben);
    assert_int_equal(goal_get(&u.ctx, private_id, &goal), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_NOT_FOUND);
    unit_db_reset_ctx(&u, &ben);
    assert_int_equal(goal_get(&u.ctx, shared_id, &goal), 0);
    unit_db_reset_ctx(&u, &ben);
    assert_int_equal(goal_require_linkable(&u.ctx, shared_id), 0);
    assert_int_equal(update(&u, &ben, shared_id, "{\"title\": \"Mine now\"}"), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_FORBIDDEN);
    assert_int_equal(checkin(&u, &ben, shared_id,
                             "{\"on_date\": \"2020-01-01\", \"value\": 9, \"confidence\": 3}",
                             NULL),
                     -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_FORBIDDEN);
    unit_db_reset_ctx(&u, &cy);
    assert_int_equal(goal_get(&u.ctx, shared_id, &goal), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_NOT_FOUND);
    assert_int_equal(update(&u, &cy, private_id, "{\"title\": \"x\"}"), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_NOT_FOUND);
    struct goal *list;
    unit_db_reset_ctx(&u, &ben);
    assert_int_equal(goal_list_shared_with_me(&u.ctx, &list), 1);
    assert_int_equal(list[0].id, shared_id);
    /* Leaving the partnership ends the view. */
    exec_sql(&u, "UPDATE partnership_members SET left_at = 1 WHERE user_id = 2");
    unit_db_reset_ctx(&u, &ben);
    assert_int_equal(goal_get(&u.ctx, shared_id, &goal), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_NOT_FOUND);
    unit_db_close(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_rising_and_falling_targets),
        cmocka_unit_test(test_progress_milestones_and_percent),
        cmocka_unit_test(test_format_number_is_short_and_exact),
        cmocka_unit_test(test_status_transitions),
        cmocka_unit_test(test_chart_is_escaped_svg),
        cmocka_unit_test(test_create_validates_every_field),
        cmocka_unit_test(test_adjustments_need_a_reason_and_are_recorded),
        cmocka_unit_test(test_status_changes_and_closed_goals),
        cmocka_unit_test(test_checkins_compute_progress_and_achieve),
        cmocka_unit_test(test_milestones_are_matched_by_text),
        cmocka_unit_test(test_only_partners_read_shared_goals_and_only_owners_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
