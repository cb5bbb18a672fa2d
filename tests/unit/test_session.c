/* test_session.c — sessions and feedback against a real database: the
 * focus proposal (pairs alternate, circles rotate), the give-and-take
 * balance, scheduling a series in the scheduler's time zone, every
 * status transition that is not allowed, content rules (stages, due
 * dates, goals), feedback rules, organizer averages only from five
 * respondents, the coaching-skill trend, the dashboard and metadata
 * readers, and 404 for everyone outside the partnership.
 *
 * Programs, partnerships and agreements belong to other areas; their rows
 * are seeded here with SQL so these tests depend on the schema only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/feedback.h"
#include "domain/schedule.h"
#include "domain/session.h"
#include "lib/date.h"
#include "unit_seed.h"

#define DAY 86400

struct world {
    struct unit_db u;
    struct user admin, organizer, a, b, c, outsider;
    int64_t program_id;
};

/* Run sql with n (1-3) integer parameters. */
static void exec_ints(struct world *w, const char *sql, int n, int64_t p1, int64_t p2, int64_t p3)
{
    struct db_stmt *stmt = db_prepare(w->u.db, sql);
    assert_non_null(stmt);
    int64_t params[] = {p1, p2, p3};
    for (int i = 0; i < n; i++)
        db_bind_int(stmt, i + 1, params[i]);
    assert_int_equal(db_step(stmt), DB_DONE);
    db_finish(stmt);
}

static int64_t insert_returning(struct world *w, const char *sql, int64_t p1, const char *p2,
                                int64_t p3)
{
    struct db_stmt *stmt = db_prepare(w->u.db, sql);
    assert_non_null(stmt);
    db_bind_int(stmt, 1, p1);
    db_bind_text(stmt, 2, p2);
    db_bind_int(stmt, 3, p3);
    assert_int_equal(db_step(stmt), DB_ROW);
    int64_t id = db_column_int(stmt, 0);
    db_finish(stmt);
    return id;
}

static int64_t make_program(struct world *w, const char *cadence)
{
    int64_t id = insert_returning(
        w,
        "INSERT INTO programs (name, method, cadence, starts_on, ends_on, enroll_opens_on,"
        " enroll_closes_on, state, created_by, created_at, updated_at) VALUES ('Mentors', 'grow',"
        " $2, '2026-01-01', '2029-12-31', '2026-01-01', '2029-12-31', 'running', $1, $3, $3)"
        " RETURNING id",
        w->organizer.id, cadence, w->u.ctx.now);
    exec_ints(w, "INSERT INTO program_organizers (program_id, user_id) VALUES ($1, $2)", 2, id,
              w->organizer.id, 0);
    return id;
}

/* An active partnership of members (NULL-terminated) whose agreement
 * says cadence, 50 minutes, in Room 4. */
static int64_t make_partnership(struct world *w, const char *cadence, const struct user **members)
{
    struct db_stmt *stmt =
        db_prepare(w->u.db, "INSERT INTO partnerships (program_id, state, created_by, created_at,"
                            " activated_at) VALUES ($1, 'active', $2, $3, $3) RETURNING id");
    db_bind_int(stmt, 1, w->program_id);
    db_bind_int(stmt, 2, w->organizer.id);
    db_bind_int(stmt, 3, w->u.ctx.now - 30 * DAY);
    assert_int_equal(db_step(stmt), DB_ROW);
    int64_t id = db_column_int(stmt, 0);
    db_finish(stmt);
    for (const struct user **m = members; *m; m++)
        exec_ints(w,
                  "INSERT INTO partnership_members (partnership_id, user_id, response,"
                  " responded_at) VALUES ($1, $2, 'accepted', $3)",
                  3, id, (*m)->id, w->u.ctx.now);
    insert_returning(w,
                     "INSERT INTO agreement_versions (partnership_id, version, body, cadence,"
                     " session_minutes, location, created_at) VALUES ($1, 1, 'We agree.', $2,"
                     " 50, 'Room 4', $3) RETURNING id",
                     id, cadence, w->u.ctx.now);
    return id;
}

static void set_partnership_state(struct world *w, int64_t id, const char *state)
{
    struct db_stmt *stmt = db_prepare(w->u.db, "UPDATE partnerships SET state = $2 WHERE id = $1");
    db_bind_int(stmt, 1, id);
    db_bind_text(stmt, 2, state);
    assert_int_equal(db_step(stmt), DB_DONE);
    db_finish(stmt);
}

static void set_zone(struct world *w, const struct user *user, const char *zone)
{
    struct db_stmt *stmt =
        db_prepare(w->u.db, "UPDATE profiles SET time_zone = $2 WHERE user_id = $1");
    db_bind_int(stmt, 1, user->id);
    db_bind_text(stmt, 2, zone);
    assert_int_equal(db_step(stmt), DB_DONE);
    db_finish(stmt);
}

/* Test-only time travel: the session started at when. */
static void move_session(struct world *w, int64_t session_id, int64_t when)
{
    exec_ints(w, "UPDATE sessions SET starts_at = $2 WHERE id = $1", 2, session_id, when, 0);
}

static int64_t make_goal(struct world *w, const struct user *owner, const char *visibility)
{
    return insert_returning(w,
                            "INSERT INTO goals (owner_id, title, measure_kind, target_date,"
                            " visibility, created_at, updated_at) VALUES ($1, 'Speak up',"
                            " 'milestones', '2029-01-01', $2, $3, $3) RETURNING id",
                            owner->id, visibility, w->u.ctx.now);
}

static void world_open(struct world *w)
{
    unit_db_open(&w->u);
    w->admin = unit_seed_user(&w->u, "admin@x.org", "Ada Admin", "admin");
    w->organizer = unit_seed_user(&w->u, "org@x.org", "Oscar Organizer", "organizer");
    w->a = unit_seed_user(&w->u, "ana@x.org", "Ana", "member");
    w->b = unit_seed_user(&w->u, "ben@x.org", "Ben", "member");
    w->c = unit_seed_user(&w->u, "cy@x.org", "Cy", "member");
    w->outsider = unit_seed_user(&w->u, "olga@x.org", "Olga", "member");
    w->program_id = make_program(w, "weekly");
}

/* world_open, plus an active partnership of Ana and Ben; returns its id. */
static int64_t world_open_pair(struct world *w, const char *cadence)
{
    world_open(w);
    const struct user *pair[] = {&w->a, &w->b, NULL};
    return make_partnership(w, cadence, pair);
}

static void as(struct world *w, const struct user *user)
{
    unit_db_reset_ctx(&w->u, user);
}

/* Schedule one session at when as user; returns its id. */
static int64_t schedule_one(struct world *w, const struct user *user, int64_t partnership,
                            int64_t when)
{
    struct session_plan plan = {.starts_at = when, .repeat = 1};
    int64_t *ids;
    int count;
    as(w, user);
    assert_int_equal(session_schedule(&w->u.ctx, partnership, &plan, &ids, &count), 0);
    assert_int_equal(count, 1);
    return ids[0];
}

/* A session that took place an hour ago and was marked held. */
static int64_t held_session(struct world *w, int64_t partnership, int64_t focus)
{
    int64_t id = schedule_one(w, &w->a, partnership, w->u.ctx.now + DAY);
    struct session_change change = {.set_focus = true, .focus_user_id = focus};
    as(w, &w->a);
    assert_int_equal(session_update(&w->u.ctx, id, &change), 0);
    move_session(w, id, w->u.ctx.now - 3600);
    as(w, &w->a);
    assert_int_equal(session_set_status(&w->u.ctx, id, "held", NULL, 0), 0);
    return id;
}

static void expect_failure(struct world *w, int rc, enum fail_kind kind, const char *field)
{
    assert_int_equal(rc, -1);
    assert_int_equal(w->u.ctx.failure.kind, kind);
    if (field)
        assert_string_equal(w->u.ctx.failure.field, field);
}

/* Run call as user (a fresh request context) and expect it to fail with
 * kind, naming field when field is not NULL. A macro so that the call runs
 * after the switch to user. */
#define FAILS_AS(w, user, call, kind, field)                                                       \
    do {                                                                                           \
        as(w, user);                                                                               \
        expect_failure(w, (call), kind, field);                                                    \
    } while (0)

/* Run call as user and expect it to succeed (return 0). */
#define SUCCEEDS_AS(w, user, call)                                                                 \
    do {                                                                                           \
        as(w, user);                                                                               \
        assert_int_equal((call), 0);                                                               \
    } while (0)

/* --- pure rules ------------------------------------------------------------------------- */

static struct session fake(int64_t focus, const char *status, int64_t starts_at)
{
    return (struct session){.focus_user_id = focus, .status = status, .starts_at = starts_at};
}

static void test_focus_alternates_in_a_pair(void **state)
{
    (void)state;
    struct session_member pair[] = {{1, "Ana"}, {2, "Ben"}};
    int64_t out[4];
    session_focus_proposals(pair, 2, NULL, 0, 3, out);
    assert_int_equal(out[0], 1); /* nobody yet: the first member */
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 1);

    /* The latest scheduled or held session decides, whatever the list order;
     * cancelled and missed ones do not count. */
    struct session history[] = {fake(1, "held", 300), fake(2, "held", 100),
                                fake(2, "cancelled", 400), fake(1, "missed", 500)};
    session_focus_proposals(pair, 2, history, 4, 2, out);
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 1);
    /* Ben held it as focus twice in a row? Still "the other one" next. */
    struct session twice[] = {fake(2, "held", 100), fake(2, "scheduled", 200)};
    session_focus_proposals(pair, 2, twice, 2, 1, out);
    assert_int_equal(out[0], 1);
}

static void test_focus_rotates_in_a_circle(void **state)
{
    (void)state;
    struct session_member circle[] = {{1, "Ana"}, {2, "Ben"}, {3, "Cy"}};
    int64_t out[6];
    session_focus_proposals(circle, 3, NULL, 0, 6, out);
    int64_t expected[] = {1, 2, 3, 1, 2, 3};
    for (int i = 0; i < 6; i++)
        assert_int_equal(out[i], expected[i]);

    /* Ben was focus once, Ana twice (one cancelled, not counted): Cy first,
     * then the tie between Ben and Cy goes by order. */
    struct session history[] = {fake(1, "held", 1), fake(1, "cancelled", 2), fake(2, "held", 3),
                                fake(1, "scheduled", 4)};
    session_focus_proposals(circle, 3, history, 4, 3, out);
    assert_int_equal(out[0], 3);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 3);

    /* A focus person who left the circle is not proposed again. */
    struct session_member after_leave[] = {{1, "Ana"}, {3, "Cy"}};
    struct session left[] = {fake(2, "held", 1)};
    session_focus_proposals(after_leave, 2, left, 1, 1, out);
    assert_int_equal(out[0], 1);
    session_focus_proposals(NULL, 0, NULL, 0, 1, out);
    assert_int_equal(out[0], 0);
}

static void test_balance_suggests_a_swap_when_tilted(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct session_member pair[] = {{1, "Ana"}, {2, "Ben"}};
    struct session_balance b;
    struct session even[] = {fake(1, "held", 1), fake(2, "held", 2), fake(1, "held", 3),
                             fake(1, "scheduled", 4), fake(1, "cancelled", 5)};
    session_balance_compute(arena, pair, 2, even, 5, &b);
    assert_int_equal(b.members[0].held_as_focus, 2);
    assert_int_equal(b.members[1].held_as_focus, 1);
    assert_false(b.suggest_swap);

    struct session tilted[] = {fake(1, "held", 1), fake(1, "held", 2), fake(1, "held", 3),
                               fake(2, "held", 4)};
    session_balance_compute(arena, pair, 2, tilted, 4, &b);
    assert_true(b.suggest_swap);
    assert_int_equal(b.suggested_focus, 2);
    arena_free(arena);
}

/* --- scheduling -------------------------------------------------------------------------- */

static void test_schedule_series_keeps_local_time_and_alternates(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "weekly");
    set_zone(&w, &w.a, "Europe/Paris");
    /* 09:30 Paris on the Thursday before summer time (next year's, to be
     * in the future whenever the test runs). */
    int year;
    int month, day;
    date_to_ymd(date_today("UTC", w.u.ctx.now), &year, &month, &day);
    int64_t march = date_from_ymd(year + 1, 3, 31);
    while (date_weekday(march) != 6)
        march--; /* the last Sunday of March: summer time starts */
    int64_t thursday = march - 10;
    struct session_plan plan = {.starts_at = thursday * DAY + 8 * 3600 + 30 * 60, .repeat = 3};
    int64_t *ids;
    int count;
    SUCCEEDS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count));
    assert_int_equal(count, 3);
    struct session_detail d;
    int64_t expected_start[] = {thursday * DAY + 8 * 3600 + 1800,
                                (thursday + 7) * DAY + 8 * 3600 + 1800,
                                (thursday + 14) * DAY + 7 * 3600 + 1800};
    int64_t expected_focus[] = {w.a.id, w.b.id, w.a.id};
    for (int i = 0; i < 3; i++) {
        SUCCEEDS_AS(&w, &w.b, session_load(&w.u.ctx, ids[i], &d));
        assert_int_equal(d.session.starts_at, expected_start[i]);
        assert_int_equal(d.session.focus_user_id, expected_focus[i]);
        assert_int_equal(d.session.minutes, 50);           /* the agreement's */
        assert_string_equal(d.session.location, "Room 4"); /* the agreement's */
        assert_string_equal(d.session.method, "grow");     /* the program's */
    }
    /* The next proposal continues the alternation after the series. */
    struct session_overview o;
    SUCCEEDS_AS(&w, &w.a, session_partnership_overview(&w.u.ctx, p, &o));
    assert_int_equal(o.proposed_focus, w.b.id);
    unit_db_close(&w.u);
}

static void test_schedule_refuses_what_it_should(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "biweekly");
    int64_t *ids;
    int count;
    struct session_plan plan = {.starts_at = w.u.ctx.now - 60, .repeat = 1};
    FAILS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count), FAIL_INPUT, "starts_at");
    plan.starts_at = w.u.ctx.now + DAY;
    plan.repeat = SCHEDULE_MAX_SERIES + 1;
    FAILS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count), FAIL_INPUT, "repeat");
    plan.repeat = 1;
    plan.has_minutes = true;
    plan.minutes = 5;
    FAILS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count), FAIL_INPUT, "minutes");
    plan.has_minutes = false;
    plan.has_focus = true;
    plan.focus_user_id = w.outsider.id;
    FAILS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count), FAIL_INPUT,
             "focus_user_id");
    plan.has_focus = false;
    plan.method = "hypnosis";
    FAILS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count), FAIL_INPUT, "method");
    plan.method = NULL;
    /* Not a member: 404, organizer and admin included. */
    const struct user *strangers[] = {&w.outsider, &w.organizer, &w.admin};
    for (int i = 0; i < 3; i++) {
        FAILS_AS(&w, strangers[i], session_schedule(&w.u.ctx, p, &plan, &ids, &count),
                 FAIL_NOT_FOUND, NULL);
    }
    /* Paused and ended partnerships take no new sessions. */
    set_partnership_state(&w, p, "paused");
    FAILS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count), FAIL_CONFLICT, NULL);
    set_partnership_state(&w, p, "active");
    SUCCEEDS_AS(&w, &w.a, session_schedule(&w.u.ctx, p, &plan, &ids, &count));
    unit_db_close(&w.u);
}

/* --- status ------------------------------------------------------------------------------ */

static void test_every_disallowed_transition(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "weekly");
    int64_t future = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);

    /* A session that has not started can be neither held nor missed. */
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, future, "held", NULL, 0), FAIL_CONFLICT, NULL);
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, future, "missed", NULL, w.b.id), FAIL_CONFLICT,
             NULL);
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, future, "scheduled", NULL, 0), FAIL_INPUT,
             "status");
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, future, "cancelled", "  ", 0), FAIL_INPUT,
             "reason");
    SUCCEEDS_AS(&w, &w.b, session_set_status(&w.u.ctx, future, "cancelled", "Sick today", 0));
    struct session_detail d;
    SUCCEEDS_AS(&w, &w.a, session_load(&w.u.ctx, future, &d));
    assert_string_equal(d.session.status, "cancelled");
    assert_int_equal(d.session.cancelled_by, w.b.id);
    assert_string_equal(d.session.cancel_reason, "Sick today");
    /* Final states stay final. */
    const char *const again[] = {"cancelled", "held", "missed"};
    move_session(&w, future, w.u.ctx.now - 3600);
    for (int i = 0; i < 3; i++) {
        FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, future, again[i], "x", w.a.id),
                 FAIL_CONFLICT, NULL);
    }
    struct session_change change = {.set_minutes = true, .minutes = 60};
    FAILS_AS(&w, &w.a, session_update(&w.u.ctx, future, &change), FAIL_CONFLICT, NULL);
    FAILS_AS(&w, &w.a, session_agenda_add(&w.u.ctx, future, "Late item", &(int64_t){0}),
             FAIL_CONFLICT, NULL);

    /* Missed: who missed it must be a member. */
    int64_t past = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);
    move_session(&w, past, w.u.ctx.now - 3600);
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, past, "missed", NULL, 0), FAIL_INPUT,
             "missed_by");
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, past, "missed", NULL, w.outsider.id),
             FAIL_INPUT, "missed_by");
    SUCCEEDS_AS(&w, &w.a, session_set_status(&w.u.ctx, past, "missed", NULL, w.b.id));
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, past, "held", NULL, 0), FAIL_CONFLICT, NULL);

    /* Held, then nothing else; no rescheduling into the past either. */
    int64_t held = held_session(&w, p, w.b.id);
    FAILS_AS(&w, &w.b, session_set_status(&w.u.ctx, held, "cancelled", "oops", 0), FAIL_CONFLICT,
             NULL);
    int64_t next = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);
    change = (struct session_change){.set_starts_at = true, .starts_at = w.u.ctx.now - 10};
    FAILS_AS(&w, &w.a, session_update(&w.u.ctx, next, &change), FAIL_INPUT, "starts_at");
    change.starts_at = w.u.ctx.now + 2 * DAY;
    SUCCEEDS_AS(&w, &w.b, session_update(&w.u.ctx, next, &change));

    /* Once the partnership has ended nothing changes, but it stays readable. */
    set_partnership_state(&w, p, "ended");
    FAILS_AS(&w, &w.a, session_set_status(&w.u.ctx, next, "cancelled", "over", 0), FAIL_CONFLICT,
             NULL);
    SUCCEEDS_AS(&w, &w.a, session_load(&w.u.ctx, next, &d));
    unit_db_close(&w.u);
}

/* --- content ---------------------------------------------------------------------------- */

static void test_notes_agenda_goals_and_actions(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "weekly");
    int64_t first = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);
    int64_t id;

    SUCCEEDS_AS(&w, &w.a, session_agenda_add(&w.u.ctx, first, "  Talk about feedback  ", &id));
    FAILS_AS(&w, &w.a, session_agenda_add(&w.u.ctx, first, "two\nlines", &id), FAIL_INPUT, "body");

    struct session_note_input notes[] = {{.stage = "reality", .body = "It is **hard**"},
                                         {.stage = "will", .body = "Try\r\nit"}};
    SUCCEEDS_AS(&w, &w.b, session_notes_save(&w.u.ctx, first, notes, 2));
    struct session_note_input bad = {.stage = "dream", .body = "not a GROW stage"};
    FAILS_AS(&w, &w.b, session_notes_save(&w.u.ctx, first, &bad, 1), FAIL_INPUT, "stage");
    /* A writer who started from an older text does not overwrite a change
     * made meanwhile; a stage they left as it was is not written at all. */
    struct session_note_input page[] = {
        {.stage = "reality", .body = "It is **hard**", .expected = "It is **hard**"},
        {.stage = "will", .body = "Try it today", .expected = "Try"},
        {.stage = "goal", .body = "", .expected = ""}};
    FAILS_AS(&w, &w.a, session_notes_save(&w.u.ctx, first, page, 3), FAIL_CONFLICT, NULL);
    page[1].expected = "Try\r\nit"; /* as a browser sends it back */
    SUCCEEDS_AS(&w, &w.a, session_notes_save(&w.u.ctx, first, page, 3));
    struct session_detail d;
    SUCCEEDS_AS(&w, &w.b, session_load(&w.u.ctx, first, &d));
    assert_int_equal(d.note_count, 2); /* goal was left alone */
    for (int i = 0; i < d.note_count; i++) {
        bool is_will = !strcmp(d.notes[i].stage, "will");
        assert_string_equal(d.notes[i].body, is_will ? "Try it today" : "It is **hard**");
        assert_int_equal(d.notes[i].updated_by, is_will ? w.a.id : w.b.id);
    }
    /* The method cannot change under existing notes. */
    struct session_change change = {.method = "appreciative"};
    FAILS_AS(&w, &w.a, session_update(&w.u.ctx, first, &change), FAIL_CONFLICT, NULL);

    /* Due dates: not in the past; owner: a member. */
    char yesterday[DATE_CHARS + 1], tomorrow[DATE_CHARS + 1];
    date_format(date_today("UTC", w.u.ctx.now) - 2, yesterday);
    date_format(date_today("UTC", w.u.ctx.now) + 2, tomorrow);
    struct session_action_input action = {w.b.id, "Read the chapter", yesterday};
    FAILS_AS(&w, &w.a, session_action_add(&w.u.ctx, first, &action, &id), FAIL_INPUT, "due_on");
    action.due_on = "2026-02-30";
    FAILS_AS(&w, &w.a, session_action_add(&w.u.ctx, first, &action, &id), FAIL_INPUT, "due_on");
    action.owner_id = w.outsider.id;
    action.due_on = tomorrow;
    FAILS_AS(&w, &w.a, session_action_add(&w.u.ctx, first, &action, &id), FAIL_INPUT, "owner_id");
    action.owner_id = w.b.id;
    int64_t open_action, done_action;
    SUCCEEDS_AS(&w, &w.a, session_action_add(&w.u.ctx, first, &action, &open_action));
    action.due_on = NULL;
    SUCCEEDS_AS(&w, &w.a, session_action_add(&w.u.ctx, first, &action, &done_action));
    struct action_item item;
    /* any member may tick it */
    SUCCEEDS_AS(&w, &w.a, session_action_set_done(&w.u.ctx, done_action, true, &item));
    assert_true(item.done_at != 0);

    /* The next session opens with the open items of earlier ones. */
    int64_t second = schedule_one(&w, &w.b, p, w.u.ctx.now + 8 * DAY);
    SUCCEEDS_AS(&w, &w.a, session_load(&w.u.ctx, second, &d));
    assert_int_equal(d.previous_count, 1);
    assert_int_equal(d.previous_actions[0].id, open_action);
    unit_db_close(&w.u);
}

static void test_goals_discussed_respect_goal_privacy(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "weekly");
    int64_t s = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);
    int64_t a_private = make_goal(&w, &w.a, "private"), b_private = make_goal(&w, &w.b, "private");
    int64_t b_shared = make_goal(&w, &w.b, "shared"), olga = make_goal(&w, &w.outsider, "shared");

    /* a partner's private goal: as if it did not exist */
    FAILS_AS(&w, &w.a, session_goal_link(&w.u.ctx, s, b_private), FAIL_NOT_FOUND, NULL);
    /* readable by nobody here */
    FAILS_AS(&w, &w.a, session_goal_link(&w.u.ctx, s, olga), FAIL_NOT_FOUND, NULL);
    FAILS_AS(&w, &w.a, session_goal_link(&w.u.ctx, s, 999999), FAIL_NOT_FOUND, NULL);
    SUCCEEDS_AS(&w, &w.a, session_goal_link(&w.u.ctx, s, b_shared));
    FAILS_AS(&w, &w.a, session_goal_link(&w.u.ctx, s, b_shared), FAIL_CONFLICT, NULL);
    SUCCEEDS_AS(&w, &w.a, session_goal_link(&w.u.ctx, s, a_private));

    /* Ana sees both; Ben sees his shared goal, not Ana's private one. */
    struct session_detail d;
    SUCCEEDS_AS(&w, &w.a, session_load(&w.u.ctx, s, &d));
    assert_int_equal(d.goal_count, 2);
    SUCCEEDS_AS(&w, &w.b, session_load(&w.u.ctx, s, &d));
    assert_int_equal(d.goal_count, 1);
    assert_int_equal(d.goals[0].goal_id, b_shared);
    struct session_goal *choices;
    as(&w, &w.b);
    int n = session_goal_choices(&w.u.ctx, s, &choices);
    assert_int_equal(n, 2); /* his own two; not Ana's private one */
    unit_db_close(&w.u);
}

/* --- feedback ---------------------------------------------------------------------------- */

static struct feedback_input answers(int64_t value, bool with_coaching)
{
    struct feedback_input in = {.comment = "Thanks for listening"};
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        in.answers[i] = value;
    for (int i = 0; with_coaching && i < FEEDBACK_COACHING; i++)
        in.coaching[i] = value;
    return in;
}

static void test_feedback_rules(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "weekly");
    int64_t future = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);
    struct feedback_input in = answers(4, false);
    int64_t id;
    /* not before it is held */
    FAILS_AS(&w, &w.a, feedback_give(&w.u.ctx, future, &in, &id), FAIL_CONFLICT, NULL);

    int64_t held = held_session(&w, p, w.b.id); /* Ben was coached */
    as(&w, &w.a);                               /* the coach does not rate the coaching */
    struct feedback_input coach = answers(4, true);
    expect_failure(&w, feedback_give(&w.u.ctx, held, &coach, &id), FAIL_INPUT,
                   "coaching_listening");
    /* the focus person must */
    FAILS_AS(&w, &w.b, feedback_give(&w.u.ctx, held, &in, &id), FAIL_INPUT, "coaching_listening");
    struct feedback_input bad = answers(6, true);
    FAILS_AS(&w, &w.b, feedback_give(&w.u.ctx, held, &bad, &id), FAIL_INPUT, "useful");
    bad = answers(4, true);
    bad.answers[3] = 0;
    FAILS_AS(&w, &w.b, feedback_give(&w.u.ctx, held, &bad, &id), FAIL_INPUT, "questions_helped");
    FAILS_AS(&w, &w.outsider, feedback_give(&w.u.ctx, held, &coach, &id), FAIL_NOT_FOUND, NULL);

    SUCCEEDS_AS(&w, &w.b, feedback_give(&w.u.ctx, held, &coach, &id));
    SUCCEEDS_AS(&w, &w.a, feedback_give(&w.u.ctx, held, &in, &id));
    /* once per member */
    FAILS_AS(&w, &w.a, feedback_give(&w.u.ctx, held, &in, &id), FAIL_CONFLICT, NULL);

    struct session_detail d;
    /* members see each other's */
    SUCCEEDS_AS(&w, &w.a, session_load(&w.u.ctx, held, &d));
    assert_int_equal(d.feedback_count, 2);
    assert_false(d.can_give_feedback);
    unit_db_close(&w.u);
}

static void test_program_averages_need_five_respondents(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    /* Five pairs: the first four give 10 respondents' worth of rows from
     * 4 people only, so the count is of people, not of rows. */
    struct user people[10];
    char email[32];
    for (int i = 0; i < 10; i++) {
        snprintf(email, sizeof email, "p%d@x.org", i);
        people[i] = unit_seed_user(&w.u, arena_strdup(w.u.ctx.arena, email), "Someone", "member");
    }
    struct feedback_averages avg;
    int64_t id;
    int64_t sessions[5];
    for (int k = 0; k < 5; k++) {
        const struct user *pair[] = {&people[2 * k], &people[2 * k + 1], NULL};
        int64_t p = make_partnership(&w, "weekly", pair);
        int64_t s = schedule_one(&w, &people[2 * k], p, w.u.ctx.now + DAY);
        move_session(&w, s, w.u.ctx.now - 3600);
        SUCCEEDS_AS(&w, &people[2 * k], session_set_status(&w.u.ctx, s, "held", NULL, 0));
        sessions[k] = s;
    }
    /* Two people answer twice each, two more once: 4 respondents. */
    for (int k = 0; k < 2; k++) {
        struct session_detail d;
        SUCCEEDS_AS(&w, &people[2 * k], session_load(&w.u.ctx, sessions[k], &d));
        for (int m = 0; m < 2; m++) {
            const struct user *who = &people[2 * k + m];
            struct feedback_input in = answers(m ? 2 : 4, d.session.focus_user_id == who->id);
            SUCCEEDS_AS(&w, who, feedback_give(&w.u.ctx, sessions[k], &in, &id));
        }
    }
    SUCCEEDS_AS(&w, &w.organizer, feedback_program_averages(&w.u.ctx, w.program_id, &avg));
    assert_false(avg.has_enough);
    assert_int_equal(avg.respondents, 0); /* not even the count */
    assert_true(avg.answers[0] == 0.0);

    /* The fifth person makes the group large enough. */
    struct session_detail d;
    SUCCEEDS_AS(&w, &people[4], session_load(&w.u.ctx, sessions[2], &d));
    struct feedback_input in = answers(5, d.session.focus_user_id == people[4].id);
    SUCCEEDS_AS(&w, &people[4], feedback_give(&w.u.ctx, sessions[2], &in, &id));
    SUCCEEDS_AS(&w, &w.organizer, feedback_program_averages(&w.u.ctx, w.program_id, &avg));
    assert_true(avg.has_enough);
    assert_int_equal(avg.respondents, 5);
    /* 4, 2, 4, 2, 5 */
    assert_true(avg.answers[0] > 3.39 && avg.answers[0] < 3.41);
    assert_false(avg.has_coaching); /* only 3 focus people rated coaching */

    /* Members and admins-as-strangers: members are refused, admins may. */
    as(&w, &people[0]);
    assert_int_equal(feedback_program_averages(&w.u.ctx, w.program_id, &avg), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_FORBIDDEN);
    assert_false(avg.has_enough);
    unit_db_close(&w.u);
}

static void test_coaching_trend_counts_what_you_coached(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    const struct user *circle[] = {&w.a, &w.b, &w.c, NULL};
    int64_t p = make_partnership(&w, "weekly", circle);
    int64_t id;
    /* Ben is coached by Ana and Cy and rates the coaching 5, 3, 4. */
    int64_t s1 = held_session(&w, p, w.b.id);
    struct feedback_input in = answers(4, true);
    in.coaching[0] = 5;
    in.coaching[1] = 3;
    SUCCEEDS_AS(&w, &w.b, feedback_give(&w.u.ctx, s1, &in, &id));
    /* Ana is coached next and rates 2s: that is Ben's and Cy's trend. */
    int64_t s2 = held_session(&w, p, w.a.id);
    in = answers(2, true);
    SUCCEEDS_AS(&w, &w.a, feedback_give(&w.u.ctx, s2, &in, &id));

    struct coaching_trend trend;
    SUCCEEDS_AS(&w, &w.a, feedback_coaching_trend(&w.u.ctx, w.a.id, &trend));
    assert_int_equal(trend.ratings, 1);
    assert_int_equal(trend.month_count, 1);
    assert_true(trend.overall[0] == 5.0 && trend.overall[1] == 3.0 && trend.overall[2] == 4.0);
    SUCCEEDS_AS(&w, &w.c, feedback_coaching_trend(&w.u.ctx, w.c.id, &trend));
    assert_int_equal(trend.ratings, 2);
    assert_true(trend.overall[0] == 3.5);
    SUCCEEDS_AS(&w, &w.b, feedback_coaching_trend(&w.u.ctx, w.b.id, &trend));
    assert_int_equal(trend.ratings, 1);
    assert_true(trend.overall[0] == 2.0);
    /* Only the person themselves. */
    const struct user *others[] = {&w.b, &w.organizer, &w.admin};
    for (int i = 0; i < 3; i++) {
        FAILS_AS(&w, others[i], feedback_coaching_trend(&w.u.ctx, w.a.id, &trend), FAIL_NOT_FOUND,
                 NULL);
    }
    unit_db_close(&w.u);
}

/* --- confidentiality --------------------------------------------------------------------- */

static void test_everyone_outside_gets_404(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "weekly");
    int64_t s = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);
    struct session_action_input action = {w.a.id, "Secret step", NULL};
    int64_t action_id, id;
    SUCCEEDS_AS(&w, &w.a, session_action_add(&w.u.ctx, s, &action, &action_id));
    int64_t held = held_session(&w, p, w.a.id);

    const struct user *strangers[] = {&w.outsider, &w.organizer, &w.admin, &w.c};
    struct session_note_input note = {.stage = "goal", .body = "x"};
    struct feedback_input in = answers(3, false);
    for (int i = 0; i < 4; i++) {
        struct session_detail d;
        struct session_overview o;
        struct action_item item;
        struct session_goal *choices;
        FAILS_AS(&w, strangers[i], session_load(&w.u.ctx, s, &d), FAIL_NOT_FOUND, NULL);
        FAILS_AS(&w, strangers[i], session_partnership_overview(&w.u.ctx, p, &o), FAIL_NOT_FOUND,
                 NULL);
        FAILS_AS(&w, strangers[i], session_agenda_add(&w.u.ctx, s, "x", &id), FAIL_NOT_FOUND, NULL);
        FAILS_AS(&w, strangers[i], session_notes_save(&w.u.ctx, s, &note, 1), FAIL_NOT_FOUND, NULL);
        FAILS_AS(&w, strangers[i], session_action_set_done(&w.u.ctx, action_id, true, &item),
                 FAIL_NOT_FOUND, NULL);
        FAILS_AS(&w, strangers[i], session_goal_choices(&w.u.ctx, s, &choices), FAIL_NOT_FOUND,
                 NULL);
        FAILS_AS(&w, strangers[i], feedback_give(&w.u.ctx, held, &in, &id), FAIL_NOT_FOUND, NULL);
        FAILS_AS(&w, strangers[i], session_set_status(&w.u.ctx, s, "cancelled", "x", 0),
                 FAIL_NOT_FOUND, NULL);
    }
    /* Unknown ids look the same as other people's. */
    struct session_detail d;
    FAILS_AS(&w, &w.a, session_load(&w.u.ctx, 424242, &d), FAIL_NOT_FOUND, NULL);
    /* A member who left loses access. */
    exec_ints(&w, "UPDATE partnership_members SET left_at = $2 WHERE user_id = $1", 2, w.b.id,
              w.u.ctx.now, 0);
    FAILS_AS(&w, &w.b, session_load(&w.u.ctx, s, &d), FAIL_NOT_FOUND, NULL);
    unit_db_close(&w.u);
}

/* --- dashboard and metadata -------------------------------------------------------------- */

static void test_dashboard_and_metadata_readers(void **state)
{
    (void)state;
    struct world w;
    int64_t p = world_open_pair(&w, "weekly");
    held_session(&w, p, w.a.id);
    held_session(&w, p, w.a.id);
    held_session(&w, p, w.a.id);
    int64_t cancelled = schedule_one(&w, &w.a, p, w.u.ctx.now + 3 * DAY);
    SUCCEEDS_AS(&w, &w.b, session_set_status(&w.u.ctx, cancelled, "cancelled", "Busy", 0));
    int64_t missed = schedule_one(&w, &w.a, p, w.u.ctx.now + DAY);
    move_session(&w, missed, w.u.ctx.now - 2 * DAY);
    SUCCEEDS_AS(&w, &w.a, session_set_status(&w.u.ctx, missed, "missed", NULL, w.b.id));
    int64_t next = schedule_one(&w, &w.b, p, w.u.ctx.now + 2 * DAY);
    schedule_one(&w, &w.b, p, w.u.ctx.now + 9 * DAY);

    struct session s;
    as(&w, &w.a);
    assert_int_equal(session_next_for_user(&w.u.ctx, &s), 1);
    assert_int_equal(s.id, next);
    assert_int_equal(s.partnership_id, p);
    assert_int_equal(s.focus_user_id, w.b.id); /* Ana was focus three times */
    SUCCEEDS_AS(&w, &w.outsider, session_next_for_user(&w.u.ctx, &s));

    struct session_action_due *due;
    struct session_action_input action = {w.a.id, "Overdue one", NULL};
    int64_t id;
    SUCCEEDS_AS(&w, &w.a, session_action_add(&w.u.ctx, next, &action, &id));
    exec_ints(&w, "UPDATE action_items SET due_on = '2020-01-01' WHERE id = $1", 1, id, 0, 0);
    action.body = "Later one";
    SUCCEEDS_AS(&w, &w.a, session_action_add(&w.u.ctx, next, &action, &id));
    as(&w, &w.a);
    assert_int_equal(session_open_actions_for_user(&w.u.ctx, &due), 2);
    assert_true(due[0].is_overdue);
    assert_false(due[1].is_overdue);

    struct session *recent;
    as(&w, &w.b);
    assert_int_equal(session_held_recently(&w.u.ctx, 7, &recent), 3);

    struct session_balance balance;
    SUCCEEDS_AS(&w, &w.a, session_balance(&w.u.ctx, p, &balance));
    assert_true(balance.suggest_swap);
    assert_int_equal(balance.suggested_focus, w.b.id);

    /* The organizer reads counts and dates, nothing else. */
    struct session_stats stats;
    SUCCEEDS_AS(&w, &w.organizer, session_partnership_stats(&w.u.ctx, p, &stats));
    assert_int_equal(stats.held, 3);
    assert_int_equal(stats.expected, 4); /* weekly, active for 30 days */
    assert_true(stats.last_held_at > 0);
    assert_int_equal(stats.member_count, 2);
    for (int i = 0; i < 2; i++) {
        bool is_ben = stats.members[i].user_id == w.b.id;
        assert_int_equal(stats.members[i].cancelled, is_ben ? 1 : 0);
        assert_int_equal(stats.members[i].missed, is_ben ? 1 : 0);
        assert_int_equal(stats.members[i].held_as_focus, is_ben ? 0 : 3);
    }
    SUCCEEDS_AS(&w, &w.b, session_partnership_stats(&w.u.ctx, p, &stats));
    FAILS_AS(&w, &w.outsider, session_partnership_stats(&w.u.ctx, p, &stats), FAIL_NOT_FOUND, NULL);
    unit_db_close(&w.u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_focus_alternates_in_a_pair),
        cmocka_unit_test(test_focus_rotates_in_a_circle),
        cmocka_unit_test(test_balance_suggests_a_swap_when_tilted),
        cmocka_unit_test(test_schedule_series_keeps_local_time_and_alternates),
        cmocka_unit_test(test_schedule_refuses_what_it_should),
        cmocka_unit_test(test_every_disallowed_transition),
        cmocka_unit_test(test_notes_agenda_goals_and_actions),
        cmocka_unit_test(test_goals_discussed_respect_goal_privacy),
        cmocka_unit_test(test_feedback_rules),
        cmocka_unit_test(test_program_averages_need_five_respondents),
        cmocka_unit_test(test_coaching_trend_counts_what_you_coached),
        cmocka_unit_test(test_everyone_outside_gets_404),
        cmocka_unit_test(test_dashboard_and_metadata_readers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
