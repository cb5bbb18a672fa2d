/* test_matching_preferences.c — pairing preferences (domain/matching.c)
 * against a real database: validation that stores nothing, the owner-only
 * rule (organizers and admins included get 404), resolution among a run's
 * pool only and case-insensitively, a request counting only when mutual
 * (raising the pair's score and named in the engine's explanation, never
 * in what a run stores), never-with honoured by every run and by
 * publishing, and no run text that tells a never-with list was in play.
 *
 * Programs, enrollments and profiles belong to other areas; their rows
 * are seeded with SQL (unit_seed.h) so these tests depend on the schema
 * only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/matching.h"
#include "store/program.h"
#include "unit_seed.h"

struct world {
    struct unit_db u;
    struct user organizer, admin, outsider, waiting;
    struct user people[UNIT_PEOPLE]; /* Ana, Ben, Chloe, Dev, Eli, Fay */
    int64_t program_id;
};

static void world_open(struct world *w)
{
    unit_db_open(&w->u);
    w->admin = unit_seed_user(&w->u, "admin@x.org", "Ada Admin", "admin");
    w->organizer = unit_seed_user(&w->u, "o@x.org", "Olga Organizer", "organizer");
    w->outsider = unit_seed_user(&w->u, "z@x.org", "Zed", "member");
    w->waiting = unit_seed_user(&w->u, "w@x.org", "Wim", "member");
    w->program_id = unit_seed_program(&w->u, "running", 2, w->organizer.id);
    unit_seed_people(&w->u, w->program_id, w->people);
    unit_seed_enroll(&w->u, w->program_id, w->waiting.id, "waitlisted");
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

/* Sets who's lists from JSON text; expects kind. */
static void set(struct world *w, const struct user *who, const char *json, enum fail_kind kind)
{
    json_t *lists = json_loads(json, 0, NULL);
    assert_non_null(lists);
    struct matching_preferences p;
    expect(w, matching_preferences_set(as(w, who), w->program_id, lists, &p), kind);
    json_decref(lists);
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

/* No text of a run an organizer reads names a list, an email or a request. */
static void assert_run_discreet(const struct matching_run *run)
{
    for (int g = 0; g < run->group_count; g++) {
        assert_null(strstr(run->groups[g].explanation, "asked"));
        assert_null(strstr(run->groups[g].explanation, "never"));
        assert_null(strstr(run->groups[g].factors, "request"));
        assert_null(strstr(run->groups[g].factors, "@"));
    }
    for (int u = 0; u < run->unmatched_count; u++) {
        assert_null(strstr(run->unmatched[u].explanation, "never"));
        assert_string_not_equal(run->unmatched[u].reason, "never_with");
    }
}

static void test_validation_storage_and_access(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    const struct user *ana = &w.people[0];
    struct matching_preferences p;
    expect(&w, matching_preferences_get(as(&w, ana), w.program_id, &p), FAIL_NONE);
    assert_int_equal(p.pair_count + p.never_count, 0);
    assert_true(p.can_change);

    /* Typed as typed; anyone may be named (no account, no enrollment): the
     * answer is the same, so it tells nothing. */
    set(&w, ana,
        "{\"pair_with\": [\"B@X.org\", \"nobody@nowhere.example\"],"
        " \"never_with\": [\"z@x.org\"]}",
        FAIL_NONE);
    expect(&w, matching_preferences_get(as(&w, ana), w.program_id, &p), FAIL_NONE);
    assert_int_equal(p.pair_count, 2);
    assert_string_equal(p.pair_with[0], "B@X.org");
    assert_string_equal(p.pair_with[1], "nobody@nowhere.example");
    assert_int_equal(p.never_count, 1);
    assert_string_equal(p.never_with[0], "z@x.org");

    static const char *const bad[] = {
        "{\"pair_with\": \"b@x.org\", \"never_with\": []}",
        "{\"pair_with\": [], \"never_with\": null}",
        "{\"pair_with\": []}",
        "{\"pair_with\": [], \"never_with\": [], \"why\": \"x\"}",
        "{\"pair_with\": [1], \"never_with\": []}",
        "{\"pair_with\": [\"not an email\"], \"never_with\": []}",
        "{\"pair_with\": [\"b@x\"], \"never_with\": []}",
        "{\"pair_with\": [\"A@x.org\"], \"never_with\": []}",
        "{\"pair_with\": [\"b@x.org\", \"B@x.org\"], \"never_with\": []}",
        "{\"pair_with\": [\"b@x.org\"], \"never_with\": [\"b@X.ORG\"]}",
        "{\"pair_with\": [\"b@x.org\", \"c@x.org\", \"d@x.org\", \"e@x.org\"], \"never_with\": []}",
        "{\"pair_with\": [], \"never_with\": [\"1@x.org\", \"2@x.org\", \"3@x.org\", \"4@x.org\","
        " \"5@x.org\", \"6@x.org\", \"7@x.org\", \"8@x.org\", \"9@x.org\", \"10@x.org\","
        " \"11@x.org\"]}",
        "[]",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        set(&w, ana, bad[i], FAIL_INPUT);
    /* Not UTF-8. */
    json_t *lists = json_pack("{s:[o], s:[]}", "pair_with", json_stringn_nocheck("\xff@x.org", 7),
                              "never_with");
    expect(&w, matching_preferences_set(as(&w, ana), w.program_id, lists, &p), FAIL_INPUT);
    json_decref(lists);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_preferences"), 3);

    /* Exactly at the limits is fine; an empty pair of lists clears them. */
    set(&w, ana,
        "{\"pair_with\": [\"b@x.org\", \"c@x.org\", \"d@x.org\"], \"never_with\":"
        " [\"1@x.org\", \"2@x.org\", \"3@x.org\", \"4@x.org\", \"5@x.org\", \"6@x.org\","
        " \"7@x.org\", \"8@x.org\", \"9@x.org\", \"10@x.org\"]}",
        FAIL_NONE);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_preferences"), 13);
    set(&w, ana, "{\"pair_with\": [], \"never_with\": []}", FAIL_NONE);
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM matching_preferences"), 0);
    set(&w, ana, "{\"pair_with\": [\"b@x.org\"], \"never_with\": []}", FAIL_NONE);

    /* Nobody else reads or writes them: organizer, admin, outsider all 404. */
    const struct user *others[] = {&w.organizer, &w.admin, &w.outsider};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        expect(&w, matching_preferences_get(as(&w, others[i]), w.program_id, &p), FAIL_NOT_FOUND);
        set(&w, others[i], "{\"pair_with\": [], \"never_with\": []}", FAIL_NOT_FOUND);
    }
    expect(&w, matching_preferences_get(as(&w, ana), w.program_id + 1, &p), FAIL_NOT_FOUND);
    /* Waitlisted people state theirs; declined or withdrawn ones do not. */
    set(&w, &w.waiting, "{\"pair_with\": [], \"never_with\": [\"a@x.org\"]}", FAIL_NONE);
    unit_seed_exec(&w.u,
                   "UPDATE enrollments SET state = 'withdrawn' WHERE user_id = $1 AND $2 = $2",
                   w.waiting.id, 0);
    expect(&w, matching_preferences_get(as(&w, &w.waiting), w.program_id, &p), FAIL_NOT_FOUND);
    /* Ben sees his own (empty) lists, never Ana's. */
    expect(&w, matching_preferences_get(as(&w, &w.people[1]), w.program_id, &p), FAIL_NONE);
    assert_int_equal(p.pair_count + p.never_count, 0);

    /* Once the program has closed, they are read, not changed. */
    unit_seed_exec(&w.u, "UPDATE programs SET state = 'closed' WHERE id = $1 AND $2 = $2",
                   w.program_id, 0);
    expect(&w, matching_preferences_get(as(&w, ana), w.program_id, &p), FAIL_NONE);
    assert_false(p.can_change);
    set(&w, ana, "{\"pair_with\": [], \"never_with\": []}", FAIL_CONFLICT);
    assert_int_equal(unit_seed_count(&w.u,
                                     "SELECT COUNT(*) FROM matching_preferences WHERE user_id = "
                                     "(SELECT id FROM users WHERE email = 'a@x.org')"),
                     1);
    unit_db_close(&w.u);
}

static const struct match_person *person(const struct matching_input *in, int64_t id)
{
    for (size_t i = 0; i < in->engine.person_count; i++)
        if (in->engine.people[i].id == id)
            return &in->engine.people[i];
    fail();
    return NULL;
}

static void test_resolution_among_the_pool(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    const struct user *ana = &w.people[0], *ben = &w.people[1], *chloe = &w.people[2];
    /* Ana and Ben ask for each other (any case); Ana also asks for Chloe,
     * who did not ask back, and for the waitlisted Wim, outside the pool. */
    set(&w, ana,
        "{\"pair_with\": [\"B@X.ORG\", \"c@x.org\", \"w@x.org\"],"
        " \"never_with\": [\"D@x.org\", \"z@x.org\", \"ghost@x.org\"]}",
        FAIL_NONE);
    set(&w, ben, "{\"pair_with\": [\"a@x.org\"], \"never_with\": []}", FAIL_NONE);
    set(&w, &w.waiting, "{\"pair_with\": [\"a@x.org\"], \"never_with\": [\"b@x.org\"]}", FAIL_NONE);
    struct program program;
    assert_int_equal(store_program_get(w.u.db, w.u.ctx.arena, w.program_id, 0, true, &program), 1);
    struct matching_rules rules;
    matching_rules_defaults(&rules);
    struct matching_input in;
    expect(&w, matching_input_build(as(&w, NULL), &program, &rules, 1, 1, &in), FAIL_NONE);
    assert_int_equal(in.engine.person_count, UNIT_PEOPLE);
    const struct match_person *a = person(&in, ana->id), *b = person(&in, ben->id);
    assert_int_equal(a->requested_count, 1); /* Ben only: Chloe did not ask, Wim is not in it */
    assert_int_equal(a->requested_ids[0], ben->id);
    assert_int_equal(b->requested_count, 1);
    assert_int_equal(b->requested_ids[0], ana->id);
    assert_int_equal(a->never_count, 1); /* Dev; Zed and the unknown address count for nothing */
    assert_int_equal(a->never_ids[0], w.people[3].id);
    assert_int_equal(b->never_count, 0); /* Wim's list about Ben: Wim is not in the pool */
    assert_int_equal(person(&in, chloe->id)->requested_count, 0);

    /* The mutual request raises Ana and Ben's score, and the engine names
     * it; what the run stores for the organizers does not. */
    size_t ia = (size_t)(a - in.engine.people), ib = (size_t)(b - in.engine.people);
    int64_t with = 0, without = 0;
    bool ok = false;
    struct match_error err;
    assert_int_equal(match_pair_score(&in.engine, ia, ib, &with, &ok, &err), 0);
    assert_true(ok);
    struct match_person *people = (struct match_person *)in.engine.people;
    people[ia].requested_count = people[ib].requested_count = 0;
    assert_int_equal(match_pair_score(&in.engine, ia, ib, &without, &ok, &err), 0);
    assert_true(with > without);
    people[ia].requested_count = people[ib].requested_count = 1;
    struct match_result *result = match_run(&in.engine, &err);
    assert_non_null(result);
    bool named = false;
    for (size_t g = 0; g < result->group_count; g++)
        if (strstr(result->groups[g].explanation, "Ana and Ben asked to be paired with each other"))
            named = true;
    assert_true(named);
    match_result_free(result);

    struct matching_options options = {.has_seed = true, .seed = 7};
    struct matching_run run;
    expect(&w, matching_preview(as(&w, &w.organizer), w.program_id, &options, &run), FAIL_NONE);
    assert_true(together(&run, ana->id, ben->id));
    assert_true(group_of(&run, ana->id)->score == with);
    assert_run_discreet(&run);
    unit_db_close(&w.u);
}

static void test_never_with_is_never_violated(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    const struct user *ana = &w.people[0], *ben = &w.people[1];
    /* Ana asks never to be paired with Ben, her best fit; Ben does not know. */
    set(&w, ana, "{\"pair_with\": [], \"never_with\": [\"b@x.org\"]}", FAIL_NONE);
    for (int64_t seed = 1; seed <= 25; seed++) {
        struct matching_options options = {.has_seed = true, .seed = seed};
        struct matching_run run;
        expect(&w, matching_preview(as(&w, &w.organizer), w.program_id, &options, &run), FAIL_NONE);
        assert_false(together(&run, ana->id, ben->id));
        assert_run_discreet(&run);
    }

    /* Put together by hand: flagged like any broken rule, and never
     * published; nothing is written. */
    struct matching_options options = {.has_seed = true, .seed = 1};
    int64_t id = 0;
    expect(&w, matching_run_create(as(&w, &w.organizer), w.program_id, &options, &id), FAIL_NONE);
    struct matching_run run;
    expect(&w, matching_run_get(as(&w, &w.organizer), id, NULL, &run), FAIL_NONE);
    const struct matching_group *bens = group_of(&run, ben->id);
    int64_t partner =
        bens->members[0].user_id == ben->id ? bens->members[1].user_id : bens->members[0].user_id;
    struct matching_move swap = {.user_id = ana->id, .swap_with = partner, .reason = "by hand"};
    expect(&w, matching_move(as(&w, &w.organizer), id, &swap), FAIL_NONE);
    expect(&w, matching_run_get(as(&w, &w.organizer), id, NULL, &run), FAIL_NONE);
    assert_true(together(&run, ana->id, ben->id));
    assert_true(group_of(&run, ana->id)->breaks_constraints);
    assert_run_discreet(&run);
    expect(&w, matching_publish(as(&w, &w.organizer), id, NULL), FAIL_CONFLICT);
    assert_string_equal(w.u.ctx.failure.code, "breaks_constraints");
    assert_null(strstr(w.u.ctx.failure.message, "Ana"));
    assert_null(strstr(w.u.ctx.failure.message, "Ben"));
    assert_null(strstr(w.u.ctx.failure.message, "never"));
    assert_int_equal(unit_seed_count(&w.u, "SELECT COUNT(*) FROM partnerships"), 0);

    /* Only Ana and Ben left in the pool: both unmatched, and the reason
     * says no rule's name. */
    unit_seed_exec(&w.u, "UPDATE enrollments SET state = 'withdrawn' WHERE user_id NOT IN ($1, $2)",
                   ana->id, ben->id);
    expect(&w, matching_preview(as(&w, &w.organizer), w.program_id, &options, &run), FAIL_NONE);
    assert_int_equal(run.group_count, 0);
    assert_int_equal(run.unmatched_count, 2);
    assert_string_equal(run.unmatched[0].reason, "no_fit");
    assert_run_discreet(&run);
    unit_db_close(&w.u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation_storage_and_access),
        cmocka_unit_test(test_resolution_among_the_pool),
        cmocka_unit_test(test_never_with_is_never_violated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
