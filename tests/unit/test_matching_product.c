/* test_matching_product.c — domain/matching.c against a real database:
 * rules (defaults, validation that stores nothing, who may change them),
 * a run's preview, locks, hand-made moves (swap, split, move) with their
 * reasons and scores, rerun keeping locks, publish creating every
 * partnership or none, publishing twice, rotation avoiding past partners,
 * determinism, the trusted command-line path, and who may see a run.
 *
 * Programs, enrollments and profiles belong to other areas; their rows
 * are seeded with SQL (unit_seed.h) so these tests depend on the schema
 * only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/matching.h"
#include "domain/partnership.h"
#include "store/program.h"
#include "unit_seed.h"

struct world {
    struct unit_db u;
    struct user organizer, other_organizer, admin, outsider;
    struct user people[UNIT_PEOPLE]; /* Ana, Ben, Chloe, Dev, Eli, Fay */
    int64_t program_id;
};

static void world_open(struct world *w)
{
    unit_db_open(&w->u);
    w->admin = unit_seed_user(&w->u, "admin@x.org", "Ada Admin", "admin");
    w->organizer = unit_seed_user(&w->u, "o@x.org", "Olga Organizer", "organizer");
    w->other_organizer = unit_seed_user(&w->u, "o2@x.org", "Oz Organizer", "organizer");
    w->outsider = unit_seed_user(&w->u, "z@x.org", "Zed", "member");
    w->program_id = unit_seed_program(&w->u, "running", 2, w->organizer.id);
    unit_seed_people(&w->u, w->program_id, w->people);
}

static struct ctx *as(struct world *w, const struct user *who)
{
    unit_db_reset_ctx(&w->u, who);
    return &w->u.ctx;
}

static void expect(struct world *w, int rc, enum fail_kind kind)
{
    assert_int_equal(w->u.ctx.failure.kind, kind);
    assert_int_equal(rc, kind == FAIL_NONE ? 0 : -1);
}

static int64_t new_run(struct world *w, int64_t seed)
{
    struct matching_options options = {.has_seed = true, .seed = seed};
    int64_t id = 0;
    expect(w, matching_run_create(as(w, &w->organizer), w->program_id, &options, &id), FAIL_NONE);
    return id;
}

static struct matching_run get_run(struct world *w, int64_t id)
{
    struct matching_run run;
    expect(w, matching_run_get(as(w, &w->organizer), id, NULL, &run), FAIL_NONE);
    return run;
}

static const struct matching_group *group_of(const struct matching_run *run, int64_t user_id)
{
    for (int g = 0; g < run->group_count; g++)
        for (int k = 0; k < run->groups[g].member_count; k++)
            if (run->groups[g].members[k].user_id == user_id)
                return &run->groups[g];
    return NULL;
}

static bool together(const struct matching_run *run, int64_t a, int64_t b)
{
    const struct matching_group *g = group_of(run, a);
    return g && g == group_of(run, b);
}

static void test_rules_defaults_validation_and_access(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct matching_rules rules;
    expect(&w, matching_rules_get(as(&w, &w.organizer), w.program_id, &rules), FAIL_NONE);
    assert_int_equal(rules.weights[MATCH_RULE_COMPLEMENT], 30);
    assert_int_equal(rules.updated_at, 0);
    expect(&w, matching_rules_get(as(&w, &w.people[0]), w.program_id, &rules), FAIL_FORBIDDEN);

    static const char *const bad[] = {
        "{\"weights\": {\"complement\": 1001}}",
        "{\"weights\": {\"nope\": 1}}",
        "{\"weights\": {\"level\": \"3\"}}",
        "{\"min_overlap_minutes\": -1}",
        "{\"avoid_recent_rounds\": 21}",
        "{\"max_level_gap\": true}",
        "{\"require_shared_language\": 1}",
        "{\"department_mode\": \"up\"}",
        "{\"odd_person\": \"join\", \"extra\": 1}",
        "[]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *changes = json_loads(bad[i], 0, NULL);
        assert_non_null(changes);
        expect(&w, matching_rules_update(as(&w, &w.organizer), w.program_id, changes, &rules),
               FAIL_INPUT);
        json_decref(changes);
    }
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_rules"), 0);

    json_t *changes = json_loads("{\"weights\": {\"timezone\": 0}, \"max_level_gap\": null,"
                                 " \"odd_person\": \"unmatched\"}",
                                 0, NULL);
    expect(&w, matching_rules_update(as(&w, &w.people[0]), w.program_id, changes, &rules),
           FAIL_FORBIDDEN);
    expect(&w, matching_rules_update(as(&w, &w.organizer), w.program_id, changes, &rules),
           FAIL_NONE);
    json_decref(changes);
    expect(&w, matching_rules_get(as(&w, &w.organizer), w.program_id, &rules), FAIL_NONE);
    assert_int_equal(rules.weights[MATCH_RULE_TIMEZONE], 0);
    assert_int_equal(rules.weights[MATCH_RULE_COMPLEMENT], 30);
    assert_int_equal(rules.max_level_gap, -1);
    assert_string_equal(rules.odd_person, "unmatched");
    assert_true(rules.updated_at > 0);
    unit_db_close(&w.u);
}

static void test_preview_stores_nothing_and_is_deterministic(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct matching_options options = {.has_seed = true, .seed = 42};
    struct matching_run a, b;
    expect(&w, matching_preview(as(&w, &w.organizer), w.program_id, &options, &a), FAIL_NONE);
    expect(&w, matching_preview(as(&w, &w.organizer), w.program_id, &options, &b), FAIL_NONE);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_runs"), 0);
    assert_int_equal(a.group_count, 3);
    assert_int_equal(a.unmatched_count, 0);
    assert_int_equal(a.round, 1);
    assert_int_equal(a.total_score, b.total_score);
    for (int g = 0; g < a.group_count; g++) {
        assert_true(a.groups[g].score > 0);
        assert_string_equal(a.groups[g].explanation, b.groups[g].explanation);
        for (int k = 0; k < a.groups[g].member_count; k++)
            assert_int_equal(a.groups[g].members[k].user_id, b.groups[g].members[k].user_id);
    }
    /* The reciprocal pairs. */
    assert_true(together(&a, w.people[0].id, w.people[1].id));
    assert_true(together(&a, w.people[2].id, w.people[3].id));
    assert_true(together(&a, w.people[4].id, w.people[5].id));
    /* Others may not preview; a closed program does not match. */
    expect(&w, matching_preview(as(&w, &w.people[0]), w.program_id, &options, &a), FAIL_FORBIDDEN);
    unit_seed_exec(&w.u, "UPDATE programs SET state = 'closed' WHERE id = $1 AND $2 = $2",
                   w.program_id, 0);
    expect(&w, matching_preview(as(&w, &w.organizer), w.program_id, &options, &a), FAIL_CONFLICT);
    unit_db_close(&w.u);
}

static void test_lock_move_rerun_keeps_locks(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = new_run(&w, 1);
    struct matching_run run = get_run(&w, id);
    const struct user *ana = &w.people[0], *ben = &w.people[1], *chloe = &w.people[2];
    const struct user *dev = &w.people[3], *eli = &w.people[4];

    /* Lock Chloe and Dev. */
    int64_t cd = group_of(&run, chloe->id)->number;
    expect(&w, matching_group_lock(as(&w, &w.organizer), id, cd, true, ""), FAIL_NONE);
    expect(&w, matching_group_lock(as(&w, &w.organizer), id, 99, true, ""), FAIL_NOT_FOUND);
    expect(&w, matching_group_lock(as(&w, &w.people[0]), id, cd, true, ""), FAIL_NOT_FOUND);

    /* Swap Ben and Eli: both groups changed by hand, locked, scored again. */
    struct matching_move swap = {.user_id = ben->id, .swap_with = eli->id, .reason = "asked"};
    expect(&w, matching_move(as(&w, &w.organizer), id, &swap), FAIL_NONE);
    run = get_run(&w, id);
    const struct matching_group *g = group_of(&run, ana->id);
    assert_true(together(&run, ana->id, eli->id));
    assert_true(g->is_manual && g->is_locked);
    assert_true(g->score > 0);
    assert_true(*g->explanation);
    assert_string_equal(run.edits[run.edit_count - 1].action, "swap");
    assert_string_equal(run.edits[run.edit_count - 1].reason, "asked");

    /* A move needs exactly one target and a reason; nothing is stored otherwise. */
    int64_t edits = unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_edits");
    struct matching_move bad[] = {
        {.user_id = ana->id, .reason = "x"},
        {.user_id = ana->id, .new_group = true, .to_group = cd, .reason = "x"},
        {.user_id = ana->id, .new_group = true, .reason = ""},
        {.user_id = ana->id, .new_group = true, .reason = NULL},
        {.user_id = w.outsider.id, .new_group = true, .reason = "x"},
        {.user_id = ana->id, .swap_with = ana->id, .reason = "x"},
        {.user_id = ana->id, .to_group = 77, .reason = "x"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect(&w, matching_move(as(&w, &w.organizer), id, &bad[i]), FAIL_INPUT);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_edits"), edits);

    /* Unlock Ana's group and rerun: Chloe+Dev and Ben+Fay stay as locked. */
    expect(&w,
           matching_group_lock(as(&w, &w.organizer), id, group_of(&run, ana->id)->number, false,
                               "rethink"),
           FAIL_NONE);
    struct matching_options reseed = {.has_seed = true, .seed = 7};
    expect(&w, matching_rerun(as(&w, &w.organizer), id, &reseed), FAIL_NONE);
    run = get_run(&w, id);
    assert_int_equal(run.seed, 7);
    assert_true(together(&run, chloe->id, dev->id));
    assert_true(together(&run, ben->id, w.people[5].id));
    assert_true(group_of(&run, ben->id)->is_manual);
    assert_true(together(&run, ana->id, eli->id)); /* the only two left */
    assert_false(group_of(&run, ana->id)->is_locked);

    /* Split Ana off: two groups of one, which cannot be published. */
    struct matching_move split = {.user_id = ana->id, .new_group = true, .reason = "try"};
    expect(&w, matching_move(as(&w, &w.organizer), id, &split), FAIL_NONE);
    run = get_run(&w, id);
    assert_int_equal(run.group_count, 4);
    assert_int_equal(group_of(&run, ana->id)->member_count, 1);
    expect(&w, matching_publish(as(&w, &w.organizer), id, NULL), FAIL_CONFLICT);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships"), 0);
    /* Locked groups kept their numbers through the rerun. */
    assert_int_equal(group_of(&run, chloe->id)->number, cd);
    /* Move Ana into Chloe and Dev's pair: a circle of 3, allowed in a pairs
     * program. */
    struct matching_move join = {.user_id = ana->id, .to_group = cd, .reason = "circle"};
    expect(&w, matching_move(as(&w, &w.organizer), id, &join), FAIL_NONE);
    struct matching_move full = {.user_id = eli->id, .to_group = cd, .reason = "four"};
    expect(&w, matching_move(as(&w, &w.organizer), id, &full), FAIL_CONFLICT);
    run = get_run(&w, id);
    assert_int_equal(group_of(&run, chloe->id)->member_count, 3);
    assert_int_equal(group_of(&run, eli->id)->member_count, 1);
    /* Eli alone cannot be locked, and blocks publishing until moved. */
    expect(&w,
           matching_group_lock(as(&w, &w.organizer), id, group_of(&run, eli->id)->number, true, ""),
           FAIL_CONFLICT);
    struct matching_move eli_in = {.user_id = eli->id, .swap_with = chloe->id, .reason = "x"};
    expect(&w, matching_move(as(&w, &w.organizer), id, &eli_in), FAIL_NONE);
    run = get_run(&w, id);
    /* The circle has Eli instead of Chloe, who is alone in Eli's old group. */
    assert_true(together(&run, eli->id, dev->id));
    assert_int_equal(group_of(&run, chloe->id)->member_count, 1);
    assert_string_equal(run.edits[run.edit_count - 1].action, "swap");
    unit_db_close(&w.u);
}

static void test_publish_all_or_nothing_once(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = new_run(&w, 1);
    struct matching_run run = get_run(&w, id);
    int64_t other = new_run(&w, 2);
    /* Someone is paired by hand meanwhile: publishing fails as a whole. */
    int64_t ab[] = {w.people[0].id, w.people[1].id}, pid;
    expect(&w, partnership_create(as(&w, &w.organizer), w.program_id, ab, 2, NULL, &pid),
           FAIL_NONE);
    expect(&w, matching_publish(as(&w, &w.organizer), id, NULL), FAIL_CONFLICT);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships"), 1);
    assert_int_equal(
        unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_runs WHERE state = 'draft'"), 2);
    /* A failure after the first partnership is written (a trigger stands in
     * for a full disk): none is kept, and the run is still a draft. */
    expect(&w, matching_rerun(as(&w, &w.organizer), id, NULL), FAIL_NONE);
    assert_int_equal(db_exec_simple(w.u.db, "CREATE TRIGGER boom BEFORE INSERT ON partnerships"
                                            " WHEN (SELECT COUNT(*) FROM partnerships) >= 2"
                                            " BEGIN SELECT RAISE(ABORT, 'boom'); END"),
                     DB_DONE);
    assert_int_equal(matching_publish(as(&w, &w.organizer), id, NULL), -1);
    assert_int_not_equal(w.u.ctx.failure.kind, FAIL_NONE);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships"), 1);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_groups"
                                           " WHERE partnership_id IS NOT NULL"),
                     0);
    assert_string_equal(get_run(&w, id).state, "draft");
    assert_int_equal(db_exec_simple(w.u.db, "DROP TRIGGER boom"), DB_DONE);
    /* A rerun leaves the new pair out, then publishing works, once. */
    expect(&w, matching_rerun(as(&w, &w.organizer), id, NULL), FAIL_NONE);
    expect(&w, matching_publish(as(&w, &w.people[0]), id, NULL), FAIL_NOT_FOUND);
    expect(&w, matching_publish(as(&w, &w.organizer), id, NULL), FAIL_NONE);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships"), 3);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships WHERE round = 1 AND"
                                           " match_explanation <> ''"),
                     2);
    /* Every member was told, in their partnership's thread. */
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(DISTINCT partnership_id) FROM messages"),
                     3);
    expect(&w, matching_publish(as(&w, &w.organizer), id, NULL), FAIL_CONFLICT);
    run = get_run(&w, id);
    assert_string_equal(run.state, "published");
    for (int g = 0; g < run.group_count; g++)
        assert_true(run.groups[g].partnership_id > 0);
    /* The other draft was superseded. */
    expect(&w, matching_publish(as(&w, &w.organizer), other, NULL), FAIL_CONFLICT);
    struct matching_move move = {.user_id = w.people[2].id, .new_group = true, .reason = "x"};
    expect(&w, matching_move(as(&w, &w.organizer), other, &move), FAIL_CONFLICT);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships"), 3);
    unit_db_close(&w.u);
}

static void test_rounds_avoid_past_partners(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t first = new_run(&w, 1);
    expect(&w, matching_publish(as(&w, &w.organizer), first, NULL), FAIL_NONE);
    struct matching_run one = get_run(&w, first);
    /* End every partnership: everyone is free for round 2. */
    unit_seed_exec(&w.u,
                   "UPDATE partnerships SET state = 'ended' WHERE program_id = $1 AND $2 = $2",
                   w.program_id, 0);
    int64_t second = new_run(&w, 1);
    struct matching_run two = get_run(&w, second);
    assert_int_equal(two.round, 2);
    assert_int_equal(two.group_count, 3);
    for (int g = 0; g < one.group_count; g++)
        assert_false(
            together(&two, one.groups[g].members[0].user_id, one.groups[g].members[1].user_id));
    /* The command line's trusted path publishes without a user. */
    struct matching_options trusted = {.is_trusted = true};
    unit_db_reset_ctx(&w.u, NULL);
    expect(&w, matching_publish(&w.u.ctx, second, &trusted), FAIL_NONE);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships WHERE round = 2"), 3);
    assert_int_equal(
        unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_runs WHERE published_by IS NULL"), 1);
    unit_db_close(&w.u);
}

/* What the engine is given: levels (someone without one is left out, or
 * the level rules are skipped when nobody has one), reporting lines
 * through managers outside the pool, past partners with rounds. */
static void test_engine_input(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    struct program program;
    assert_int_equal(store_program_get(w.u.db, w.u.ctx.arena, w.program_id, 0, true, &program), 1);
    struct matching_rules rules;
    matching_rules_defaults(&rules);
    /* Ana reports to Olga (not a participant), who reports to Oz. */
    unit_seed_exec(&w.u, "UPDATE profiles SET manager_id = $2 WHERE user_id = $1", w.people[0].id,
                   w.organizer.id);
    unit_seed_exec(&w.u, "UPDATE profiles SET manager_id = $2 WHERE user_id = $1", w.organizer.id,
                   w.other_organizer.id);
    unit_seed_exec(&w.u, "UPDATE profiles SET level = NULL WHERE user_id = $1 AND $2 = $2",
                   w.people[5].id, 0);
    struct matching_input in;
    expect(&w, matching_input_build(as(&w, NULL), &program, &rules, 1, 1, &in), FAIL_NONE);
    assert_int_equal(in.engine.person_count, UNIT_PEOPLE - 1);
    assert_int_equal(in.left_out_count, 1);
    assert_int_equal(in.left_out[0].user_id, w.people[5].id);
    assert_string_equal(in.left_out[0].reason, "missing_level");
    assert_int_equal(in.engine.manager_count, 2);
    assert_int_equal(in.engine.managers[0].id, w.organizer.id);
    assert_int_equal(in.engine.managers[0].manager_id, w.other_organizer.id);
    assert_int_equal(in.engine.people[0].manager_id, w.organizer.id);
    /* Nobody gives a level: the level rules are not applied, and said so. */
    unit_seed_exec(&w.u, "UPDATE profiles SET level = NULL WHERE user_id <> $1 AND $2 = $2", 0, 0);
    expect(&w, matching_input_build(as(&w, NULL), &program, &rules, 1, 1, &in), FAIL_NONE);
    assert_int_equal(in.engine.person_count, UNIT_PEOPLE);
    assert_int_equal(in.left_out_count, 0);
    assert_int_equal(in.engine.rules.max_level_gap, -1);
    assert_int_equal(in.engine.rules.weights[MATCH_RULE_LEVEL], 0);
    assert_non_null(strstr(in.notes, "level"));
    unit_db_close(&w.u);
}

static void test_who_sees_a_run(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = new_run(&w, 1);
    struct matching_run run;
    expect(&w, matching_run_get(as(&w, &w.people[0]), id, NULL, &run), FAIL_NOT_FOUND);
    expect(&w, matching_run_get(as(&w, &w.other_organizer), id, NULL, &run), FAIL_NOT_FOUND);
    expect(&w, matching_run_get(as(&w, &w.outsider), id, NULL, &run), FAIL_NOT_FOUND);
    expect(&w, matching_run_get(as(&w, &w.admin), id, NULL, &run), FAIL_NONE);
    expect(&w, matching_run_get(as(&w, &w.organizer), id + 1, NULL, &run), FAIL_NOT_FOUND);
    expect(&w, matching_rerun(as(&w, &w.other_organizer), id, NULL), FAIL_NOT_FOUND);
    struct program program;
    struct matching_run *runs;
    int n;
    expect(&w, matching_overview(as(&w, &w.organizer), w.program_id, &program, &runs, &n),
           FAIL_NONE);
    assert_int_equal(n, 1);
    expect(&w, matching_overview(as(&w, &w.other_organizer), w.program_id, &program, &runs, &n),
           FAIL_FORBIDDEN);
    unit_db_close(&w.u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_defaults_validation_and_access),
        cmocka_unit_test(test_preview_stores_nothing_and_is_deterministic),
        cmocka_unit_test(test_lock_move_rerun_keeps_locks),
        cmocka_unit_test(test_publish_all_or_nothing_once),
        cmocka_unit_test(test_rounds_avoid_past_partners),
        cmocka_unit_test(test_engine_input),
        cmocka_unit_test(test_who_sees_a_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
