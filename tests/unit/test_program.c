/* test_program.c — the rules of programs and enrollment against a real
 * database: the lifecycle and what each state allows, dates, the default
 * readiness questions, pledges, the enrollment window, decisions,
 * withdrawal, who may see and change what, and the helpers the
 * partnerships area relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "domain/enrollment.h"
#include "domain/partnership.h"
#include "domain/program.h"
#include "lib/date.h"
#include "unit_seed.h"

#define DAY 86400

struct world {
    struct unit_db u;
    struct user admin, organizer, other_organizer, ana, ben, cy;
};

static void world_open(struct world *w)
{
    unit_db_open(&w->u);
    w->admin = unit_seed_user(&w->u, "admin@x.org", "Ada Admin", "admin");
    w->organizer = unit_seed_user(&w->u, "olu@x.org", "Olu Organizer", "organizer");
    w->other_organizer = unit_seed_user(&w->u, "oz@x.org", "Oz Organizer", "organizer");
    w->ana = unit_seed_user(&w->u, "ana@x.org", "Ana", "member");
    w->ben = unit_seed_user(&w->u, "ben@x.org", "Ben", "member");
    w->cy = unit_seed_user(&w->u, "cy@x.org", "Cy", "member");
}

/* The date n days from now, "YYYY-MM-DD". */
static const char *day(struct world *w, int n)
{
    char text[DATE_CHARS + 1];
    date_format(date_today("UTC", w->u.ctx.now) + n, text);
    return arena_strdup(w->u.ctx.arena, text);
}

static void as(struct world *w, const struct user *user)
{
    unit_db_reset_ctx(&w->u, user);
}

static json_t *fields(struct world *w)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", "Pilot", "enroll_opens_on", day(w, 0),
                     "enroll_closes_on", day(w, 10), "starts_on", day(w, 14), "ends_on",
                     day(w, 120));
}

static int64_t create(struct world *w, json_t *f)
{
    as(w, &w->organizer);
    int64_t id = 0;
    int rc = program_create(&w->u.ctx, f, &id);
    json_decref(f);
    assert_int_equal(rc, 0);
    return id;
}

static int set_state(struct world *w, const struct user *who, int64_t id, const char *state)
{
    as(w, who);
    return program_set_state(&w->u.ctx, id, state);
}

/* Every question answered yes. */
static json_t *application(struct world *w, int64_t program_id, const char *goal)
{
    struct readiness_question *questions;
    int n;
    assert_int_equal(program_questions(&w->u.ctx, program_id, &questions, &n), 0);
    json_t *answers = json_object();
    for (int i = 0; i < n; i++)
        json_object_set_new(
            answers, arena_printf(w->u.ctx.arena, "%lld", (long long)questions[i].id), json_true());
    return json_pack("{s:o, s:[s], s:b}", "answers", answers, "goals", goal,
                     "availability_confirmed", true);
}

static int apply(struct world *w, const struct user *who, int64_t program_id, json_t *app,
                 struct enrollment *out)
{
    as(w, who);
    struct enrollment scratch;
    int rc = enrollment_apply(&w->u.ctx, program_id, app, out ? out : &scratch);
    json_decref(app);
    return rc;
}

static int64_t applied(struct world *w, const struct user *who, int64_t program_id)
{
    as(w, who);
    struct enrollment e;
    assert_int_equal(apply(w, who, program_id, application(w, program_id, "Listen better"), &e), 0);
    return e.id;
}

static int decide(struct world *w, const struct user *who, int64_t enrollment_id, const char *state)
{
    as(w, who);
    struct enrollment e;
    return enrollment_decide(&w->u.ctx, enrollment_id, state, &e);
}

static void test_transition_table(void **state)
{
    (void)state;
    static const char *const allowed[][2] = {{"draft", "enrolling"},
                                             {"enrolling", "draft"},
                                             {"enrolling", "running"},
                                             {"enrolling", "closed"},
                                             {"running", "closed"}};
    for (const char *const *from = program_states; *from; from++)
        for (const char *const *to = program_states; *to; to++) {
            bool is_allowed = false;
            for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
                is_allowed |= !strcmp(allowed[i][0], *from) && !strcmp(allowed[i][1], *to);
            const char *problem = program_transition_problem(*from, *to);
            if (is_allowed)
                assert_null(problem);
            else
                assert_non_null(problem);
        }
    assert_non_null(strstr(program_transition_problem("closed", "running"), "cannot be reopened"));
    assert_null(enrollment_decision_problem("applied", "waitlisted"));
    assert_null(enrollment_decision_problem("waitlisted", "accepted"));
    assert_non_null(enrollment_decision_problem("accepted", "declined"));
    assert_non_null(enrollment_decision_problem("declined", "accepted"));
    assert_non_null(enrollment_decision_problem("withdrawn", "accepted"));
    assert_true(enrollment_can_withdraw("waitlisted"));
    assert_false(enrollment_can_withdraw("declined"));
}

static void test_create_needs_organizer_and_gets_default_questions(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    as(&w, &w.ana);
    int64_t id;
    json_t *f = fields(&w);
    assert_int_equal(program_create(&w.u.ctx, f, &id), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_FORBIDDEN);
    json_decref(f);

    id = create(&w, fields(&w));
    struct program_detail d;
    assert_int_equal(program_load_detail(&w.u.ctx, id, &d), 0);
    assert_string_equal(d.program.state, "draft");
    assert_string_equal(d.program.method, "grow");
    assert_int_equal(d.program.group_size, 2);
    assert_true(d.can_manage);
    assert_int_equal(d.norganizers, 1);
    assert_int_equal(d.organizers[0].user_id, w.organizer.id);
    assert_int_equal(d.nquestions, 5);
    int required = 0;
    for (int i = 0; i < d.nquestions; i++)
        required += d.questions[i].is_required;
    assert_int_equal(required, 2);
    assert_string_equal(d.questions[2].default_key, "confidentiality");
    assert_true(d.questions[2].is_required);
    assert_string_equal(d.questions[3].default_key, "meetings");
    assert_true(d.questions[3].is_required);
    unit_db_close(&w.u);
}

/* program_create with f must fail 422 on field. */
static void expect_create_refused(struct world *w, json_t *f, const char *field)
{
    as(w, &w->organizer);
    int64_t id;
    assert_int_equal(program_create(&w->u.ctx, f, &id), -1);
    assert_int_equal(w->u.ctx.failure.kind, FAIL_INPUT);
    assert_string_equal(w->u.ctx.failure.field, field);
    json_decref(f);
}

static void test_create_checks_fields_and_dates(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    json_t *f = fields(&w);
    json_object_set_new(f, "starts_on", json_string(day(&w, -1)));
    expect_create_refused(&w, f, "starts_on"); /* in the past */
    f = fields(&w);
    json_object_set_new(f, "ends_on", json_string(day(&w, 14)));
    expect_create_refused(&w, f, "ends_on"); /* not after the start */
    f = fields(&w);
    json_object_set_new(f, "enroll_closes_on", json_string(day(&w, 200)));
    expect_create_refused(&w, f, "enroll_closes_on"); /* after the end */
    f = fields(&w);
    json_object_set_new(f, "enroll_opens_on", json_string(day(&w, 11)));
    expect_create_refused(&w, f, "enroll_closes_on"); /* before it opens */
    f = fields(&w);
    json_object_set_new(f, "starts_on", json_string("2031-02-30"));
    expect_create_refused(&w, f, "starts_on");
    f = fields(&w);
    json_object_set_new(f, "group_size", json_string("2"));
    expect_create_refused(&w, f, "group_size"); /* a string where a number goes */
    f = fields(&w);
    json_object_set_new(f, "group_size", json_integer(5));
    expect_create_refused(&w, f, "group_size");
    f = fields(&w);
    json_object_set_new(f, "cadence", json_string("daily"));
    expect_create_refused(&w, f, "cadence");
    f = fields(&w);
    json_object_set_new(f, "method", json_string("coaching"));
    expect_create_refused(&w, f, "method");
    f = fields(&w);
    json_object_set_new(f, "session_minutes", json_integer(5));
    expect_create_refused(&w, f, "session_minutes");
    f = fields(&w);
    json_object_set_new(f, "name", json_string("   "));
    expect_create_refused(&w, f, "name");
    f = fields(&w);
    json_object_set_new(f, "name", json_string("two\nlines"));
    expect_create_refused(&w, f, "name");
    f = fields(&w);
    json_object_del(f, "ends_on");
    expect_create_refused(&w, f, "ends_on");
    f = fields(&w);
    json_object_set_new(f, "state", json_string("running"));
    expect_create_refused(&w, f, "state"); /* not a field one sets */
    assert_int_equal(store_user_count(w.u.db), 6);
    struct program_summary *list;
    int count;
    as(&w, &w.admin);
    assert_int_equal(program_list(&w.u.ctx, &list, &count), 0);
    assert_int_equal(count, 0); /* nothing was stored */
    unit_db_close(&w.u);
}

static void test_lifecycle_is_enforced(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = create(&w, fields(&w));
    assert_int_equal(set_state(&w, &w.organizer, id, "running"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(set_state(&w, &w.organizer, id, "closed"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(set_state(&w, &w.organizer, id, "paused"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_INPUT);
    assert_int_equal(set_state(&w, &w.ana, id, "enrolling"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND); /* a draft is invisible to her */
    assert_int_equal(set_state(&w, &w.other_organizer, id, "enrolling"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND); /* not his program */
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), 0);
    assert_int_equal(set_state(&w, &w.ana, id, "running"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_FORBIDDEN); /* visible now, still not hers */

    /* Back to draft only while nobody has applied. */
    assert_int_equal(set_state(&w, &w.organizer, id, "draft"), 0);
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), 0);
    int64_t ana = applied(&w, &w.ana, id);
    assert_int_equal(set_state(&w, &w.organizer, id, "draft"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);

    /* Running needs a full group of accepted participants. */
    assert_int_equal(decide(&w, &w.organizer, ana, "accepted"), 0);
    assert_int_equal(set_state(&w, &w.organizer, id, "running"), -1);
    assert_non_null(strstr(w.u.ctx.failure.message, "At least 2 accepted"));
    assert_int_equal(decide(&w, &w.organizer, applied(&w, &w.ben, id), "accepted"), 0);
    assert_int_equal(set_state(&w, &w.organizer, id, "running"), 0);

    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(set_state(&w, &w.organizer, id, "draft"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(set_state(&w, &w.organizer, id, "running"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(set_state(&w, &w.admin, id, "closed"), 0); /* admins run every program */
    for (const char *const *s = program_states; *s; s++) {
        assert_int_equal(set_state(&w, &w.organizer, id, *s), -1);
        assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    }
    unit_db_close(&w.u);
}

static void test_opening_enrollment_needs_an_open_window(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = create(&w, fields(&w));
    w.u.ctx.now += 11 * DAY; /* the window closed yesterday */
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_non_null(strstr(w.u.ctx.failure.message, "enroll_closes_on"));
    unit_db_close(&w.u);
}

static int update(struct world *w, const struct user *who, int64_t id, json_t *changes)
{
    as(w, who);
    int rc = program_update(&w->u.ctx, id, changes);
    json_decref(changes);
    return rc;
}

static void test_what_each_state_allows_to_edit(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = create(&w, fields(&w));
    assert_int_equal(update(&w, &w.organizer, id,
                            json_pack("{s:s, s:i}", "method", "reciprocal", "group_size", 3)),
                     0);
    assert_int_equal(update(&w, &w.ana, id, json_pack("{s:s}", "name", "Mine")), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), 0);
    assert_int_equal(update(&w, &w.ana, id, json_pack("{s:s}", "name", "Mine")), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_FORBIDDEN);
    assert_int_equal(update(&w, &w.organizer, id, json_pack("{s:i}", "group_size", 2)), 0);
    for (const struct user *const *p = (const struct user *[]){&w.ana, &w.ben, NULL}; *p; p++)
        assert_int_equal(decide(&w, &w.organizer, applied(&w, *p, id), "accepted"), 0);
    assert_int_equal(set_state(&w, &w.organizer, id, "running"), 0);

    /* Running: the setup is settled; texts and the end date may change. */
    assert_int_equal(update(&w, &w.organizer, id, json_pack("{s:s}", "cadence", "weekly")), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_non_null(strstr(w.u.ctx.failure.message, "cadence can only change"));
    assert_int_equal(update(&w, &w.organizer, id, json_pack("{s:s}", "starts_on", day(&w, 20))),
                     -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    /* Sending an unchanged setup value is not a change. */
    assert_int_equal(update(&w, &w.organizer, id,
                            json_pack("{s:s, s:s, s:s}", "cadence", "biweekly", "name", "Pilot 2",
                                      "ends_on", day(&w, 150))),
                     0);
    as(&w, &w.organizer);
    struct program p;
    assert_int_equal(program_get(&w.u.ctx, id, &p), 0);
    assert_string_equal(p.name, "Pilot 2");
    assert_string_equal(p.ends_on, day(&w, 150));
    assert_int_equal(update(&w, &w.organizer, id, json_pack("{s:s}", "ends_on", day(&w, -2))), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_INPUT);

    assert_int_equal(set_state(&w, &w.organizer, id, "closed"), 0);
    assert_int_equal(update(&w, &w.organizer, id, json_pack("{s:s}", "name", "After")), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    unit_db_close(&w.u);
}

static void test_questions_added_and_removed_during_setup(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = create(&w, fields(&w));
    struct readiness_question q;
    as(&w, &w.organizer);
    assert_int_equal(program_question_add(&w.u.ctx, id, "I teach maths.", true, &q), 0);
    assert_int_equal(q.position, 6);
    as(&w, &w.organizer);
    assert_int_equal(program_question_add(&w.u.ctx, id, "no", false, &q), -1);
    assert_string_equal(w.u.ctx.failure.field, "text");
    struct readiness_question *list;
    int n;
    as(&w, &w.organizer);
    assert_int_equal(program_questions(&w.u.ctx, id, &list, &n), 0);
    assert_int_equal(n, 6);
    as(&w, &w.organizer);
    assert_int_equal(program_question_remove(&w.u.ctx, id, list[0].id), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT); /* a default question stays */
    as(&w, &w.organizer);
    assert_int_equal(program_question_remove(&w.u.ctx, id, list[5].id), 0);
    as(&w, &w.organizer);
    assert_int_equal(program_question_remove(&w.u.ctx, id, list[5].id), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    for (int i = 5; i < PROGRAM_MAX_QUESTIONS; i++) {
        as(&w, &w.organizer);
        assert_int_equal(program_question_add(&w.u.ctx, id, "Another question", false, &q), 0);
    }
    as(&w, &w.organizer);
    assert_int_equal(program_question_add(&w.u.ctx, id, "One too many", false, &q), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    unit_db_close(&w.u);
}

static void test_application_rules(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = create(&w, fields(&w));
    assert_int_equal(apply(&w, &w.ana, id, application(&w, id, "Listen"), NULL), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND); /* a draft */
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), 0);

    /* Refusing a pledge: 422 naming it. */
    as(&w, &w.organizer);
    struct readiness_question *questions;
    int n;
    assert_int_equal(program_questions(&w.u.ctx, id, &questions, &n), 0);
    json_t *app = application(&w, id, "Listen");
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)questions[2].id);
    json_object_set_new(json_object_get(app, "answers"), key, json_false());
    assert_int_equal(apply(&w, &w.ana, id, app, NULL), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_INPUT);
    assert_string_equal(w.u.ctx.failure.field, "answers");
    assert_non_null(strstr(w.u.ctx.failure.message, "confidential"));
    assert_null(strstr(w.u.ctx.failure.message, "regularly"));

    /* Optional questions may be answered no. */
    app = application(&w, id, "Listen");
    snprintf(key, sizeof key, "%lld", (long long)questions[1].id);
    json_object_set_new(json_object_get(app, "answers"), key, json_false());
    struct enrollment e;
    assert_int_equal(apply(&w, &w.cy, id, app, &e), 0);
    assert_string_equal(e.state, "applied");

    app = application(&w, id, "Listen");
    json_object_del(json_object_get(app, "answers"), key);
    assert_int_equal(apply(&w, &w.ana, id, app, NULL), -1);
    assert_non_null(strstr(w.u.ctx.failure.message, "unanswered"));
    app = application(&w, id, "Listen");
    json_object_set_new(json_object_get(app, "answers"), "99999", json_true());
    assert_int_equal(apply(&w, &w.ana, id, app, NULL), -1);
    assert_string_equal(w.u.ctx.failure.field, "answers");
    app = application(&w, id, "Listen");
    json_object_set_new(json_object_get(app, "answers"), key, json_string("yes"));
    assert_int_equal(apply(&w, &w.ana, id, app, NULL), -1);
    assert_string_equal(w.u.ctx.failure.field, "answers");

    app = application(&w, id, "Listen");
    json_object_set_new(app, "goals", json_pack("[s, s, s, s]", "one", "two", "three", "four"));
    assert_int_equal(apply(&w, &w.ana, id, app, NULL), -1);
    assert_string_equal(w.u.ctx.failure.field, "goals");
    app = application(&w, id, "Listen");
    json_object_set_new(app, "goals", json_pack("[s, s]", "  ", ""));
    assert_int_equal(apply(&w, &w.ana, id, app, NULL), -1);
    assert_string_equal(w.u.ctx.failure.field, "goals");
    app = application(&w, id, "Listen");
    json_object_set_new(app, "availability_confirmed", json_false());
    assert_int_equal(apply(&w, &w.ana, id, app, NULL), -1);
    assert_string_equal(w.u.ctx.failure.field, "availability_confirmed");

    int64_t ana = applied(&w, &w.ana, id);
    assert_int_equal(apply(&w, &w.ana, id, application(&w, id, "Again"), NULL), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);

    /* Withdrawn, one may apply again while enrollment is open. */
    as(&w, &w.ana);
    assert_int_equal(enrollment_withdraw(&w.u.ctx, ana, &e), 0);
    assert_string_equal(e.state, "withdrawn");
    assert_int_equal(apply(&w, &w.ana, id, application(&w, id, "Second try"), &e), 0);
    assert_int_equal(e.id, ana);
    assert_string_equal(e.state, "applied");
    assert_string_equal(e.goals, "[\"Second try\"]");
    unit_db_close(&w.u);
}

static void test_enrollment_window(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    json_t *f = fields(&w);
    json_object_set_new(f, "enroll_opens_on", json_string(day(&w, 3)));
    int64_t id = create(&w, f);
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), 0);
    assert_int_equal(apply(&w, &w.ana, id, application(&w, id, "Early"), NULL), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_non_null(strstr(w.u.ctx.failure.message, "opens on"));
    w.u.ctx.now += 3 * DAY;
    applied(&w, &w.ana, id);
    w.u.ctx.now += 8 * DAY; /* the day after enroll_closes_on */
    assert_int_equal(apply(&w, &w.ben, id, application(&w, id, "Late"), NULL), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_non_null(strstr(w.u.ctx.failure.message, "closed on"));
    unit_db_close(&w.u);
}

static void test_decisions_and_withdrawal(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = create(&w, fields(&w));
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), 0);
    int64_t ana = applied(&w, &w.ana, id), ben = applied(&w, &w.ben, id),
            cy = applied(&w, &w.cy, id);

    assert_int_equal(decide(&w, &w.ana, ana, "accepted"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_FORBIDDEN); /* her own: she knows it exists */
    assert_int_equal(decide(&w, &w.ana, ben, "declined"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND); /* someone else's */
    assert_int_equal(decide(&w, &w.other_organizer, ben, "declined"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND); /* another program's organizer */
    assert_int_equal(decide(&w, &w.organizer, ana, "withdrawn"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_INPUT);

    assert_int_equal(decide(&w, &w.organizer, ana, "accepted"), 0);
    assert_int_equal(decide(&w, &w.organizer, ana, "declined"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(decide(&w, &w.organizer, ben, "waitlisted"), 0);
    assert_int_equal(decide(&w, &w.organizer, ben, "waitlisted"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(decide(&w, &w.organizer, ben, "accepted"), 0);
    assert_int_equal(decide(&w, &w.organizer, cy, "declined"), 0);
    assert_int_equal(decide(&w, &w.organizer, cy, "accepted"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);

    as(&w, &w.organizer);
    assert_int_equal(enrollment_is_accepted(&w.u.ctx, id, w.ana.id), 1);
    assert_int_equal(enrollment_is_accepted(&w.u.ctx, id, w.cy.id), 0);
    assert_int_equal(enrollment_is_accepted(&w.u.ctx, id, w.organizer.id), 0);
    struct enrollment_participant *pool;
    int n;
    assert_int_equal(enrollment_accepted_participants(&w.u.ctx, id, &pool, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(pool[0].name, "Ana");
    assert_string_equal(pool[1].name, "Ben");

    struct enrollment e;
    as(&w, &w.ben);
    assert_int_equal(enrollment_withdraw(&w.u.ctx, ana, &e), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    as(&w, &w.organizer);
    assert_int_equal(enrollment_withdraw(&w.u.ctx, ana, &e), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_FORBIDDEN);
    as(&w, &w.cy);
    assert_int_equal(enrollment_withdraw(&w.u.ctx, cy, &e), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT); /* declined is final */
    as(&w, &w.ana);
    assert_int_equal(enrollment_withdraw(&w.u.ctx, ana, &e), 0);
    as(&w, &w.organizer);
    assert_int_equal(enrollment_is_accepted(&w.u.ctx, id, w.ana.id), 0);
    assert_int_equal(decide(&w, &w.organizer, ana, "accepted"), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);

    /* Once closed, nothing moves. */
    assert_int_equal(set_state(&w, &w.organizer, id, "closed"), 0);
    as(&w, &w.ben);
    assert_int_equal(enrollment_withdraw(&w.u.ctx, ben, &e), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    unit_db_close(&w.u);
}

static void test_visibility_and_lists(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t draft = create(&w, fields(&w));
    json_t *f = fields(&w);
    json_object_set_new(f, "name", json_string("Open one"));
    int64_t open = create(&w, f);
    assert_int_equal(set_state(&w, &w.organizer, open, "enrolling"), 0);

    struct program p;
    as(&w, &w.ana);
    assert_int_equal(program_get(&w.u.ctx, draft, &p), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    as(&w, &w.other_organizer);
    assert_int_equal(program_get(&w.u.ctx, draft, &p), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    as(&w, &w.admin);
    assert_int_equal(program_get(&w.u.ctx, draft, &p), 0);

    struct program_summary *list;
    int n;
    as(&w, &w.ana);
    assert_int_equal(program_list(&w.u.ctx, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].program.id, open);
    assert_null(list[0].my_state);
    as(&w, &w.organizer);
    assert_int_equal(program_list(&w.u.ctx, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].program.id, open); /* open for enrollment first */
    assert_true(list[1].is_organizer);

    struct enrollment *apps;
    as(&w, &w.ana);
    assert_int_equal(enrollment_list(&w.u.ctx, open, NULL, &apps, &n), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_FORBIDDEN);

    /* A co-organizer must hold the organizer role. */
    struct program_organizer added;
    as(&w, &w.organizer);
    assert_int_equal(program_organizer_add(&w.u.ctx, draft, "ana@x.org", 0, &added), -1);
    assert_string_equal(w.u.ctx.failure.field, "email");
    as(&w, &w.organizer);
    assert_int_equal(program_organizer_add(&w.u.ctx, draft, "nobody@x.org", 0, &added), -1);
    assert_string_equal(w.u.ctx.failure.field, "email");
    as(&w, &w.organizer);
    assert_int_equal(program_organizer_add(&w.u.ctx, draft, NULL, w.other_organizer.id, &added), 0);
    as(&w, &w.organizer);
    assert_int_equal(program_organizer_add(&w.u.ctx, draft, "OZ@x.org", 0, &added), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    as(&w, &w.other_organizer);
    assert_int_equal(program_get(&w.u.ctx, draft, &p), 0); /* now his too */
    unit_db_close(&w.u);
}

static const char *partnership_state(struct world *w, int64_t id)
{
    struct db_stmt *stmt = db_prepare(w->u.db, "SELECT state FROM partnerships WHERE id = $1");
    db_bind_int(stmt, 1, id);
    assert_int_equal(db_step(stmt), DB_ROW);
    const char *state = arena_strdup(w->u.ctx.arena, db_column_text(stmt, 0));
    db_finish(stmt);
    return state;
}

static void test_closing_ends_partnerships_and_withdrawal_waits_for_them(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t id = create(&w, fields(&w));
    assert_int_equal(set_state(&w, &w.organizer, id, "enrolling"), 0);
    int64_t ana = applied(&w, &w.ana, id), ben = applied(&w, &w.ben, id);
    assert_int_equal(decide(&w, &w.organizer, ana, "accepted"), 0);
    assert_int_equal(decide(&w, &w.organizer, ben, "accepted"), 0);
    int64_t members[] = {w.ana.id, w.ben.id}, pair;
    as(&w, &w.organizer);
    assert_int_equal(
        partnership_create(&w.u.ctx, id, members, 2, &(struct partnership_origin){0}, &pair), 0);
    struct enrollment e;
    as(&w, &w.ana);
    assert_int_equal(enrollment_withdraw(&w.u.ctx, ana, &e), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_string_equal(w.u.ctx.failure.code, "in_partnership");
    assert_int_equal(set_state(&w, &w.organizer, id, "running"), 0);
    assert_string_equal(partnership_state(&w, pair), "proposed");
    assert_int_equal(set_state(&w, &w.organizer, id, "closed"), 0);
    assert_string_equal(partnership_state(&w, pair), "ended");
    unit_db_close(&w.u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transition_table),
        cmocka_unit_test(test_create_needs_organizer_and_gets_default_questions),
        cmocka_unit_test(test_create_checks_fields_and_dates),
        cmocka_unit_test(test_lifecycle_is_enforced),
        cmocka_unit_test(test_opening_enrollment_needs_an_open_window),
        cmocka_unit_test(test_what_each_state_allows_to_edit),
        cmocka_unit_test(test_questions_added_and_removed_during_setup),
        cmocka_unit_test(test_application_rules),
        cmocka_unit_test(test_enrollment_window),
        cmocka_unit_test(test_decisions_and_withdrawal),
        cmocka_unit_test(test_visibility_and_lists),
        cmocka_unit_test(test_closing_ends_partnerships_and_withdrawal_waits_for_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
