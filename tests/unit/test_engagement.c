/* test_engagement.c — the drop-off steps and at-risk rules of
 * domain/engagement.h, one test per step and rule, and the expected-
 * sessions arithmetic per cadence. The rules are pure functions of the
 * facts, so these tests build facts directly; a final test reads them
 * through the store from seeded rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/engagement.h"
#include "store/partnership.h"
#include "store/user.h"
#include "unit_db.h"

#define DAY 86400
#define NOW ((int64_t)1795000000) /* 2026-11-18, a fixed "now" */
#define ANA 11
#define BEN 12

static struct engagement_session held(int64_t days_ago)
{
    return (struct engagement_session){.starts_at = NOW - days_ago * DAY, .status = "held"};
}

static struct engagement_session cancelled(int64_t days_ago, int64_t by)
{
    return (struct engagement_session){
        .starts_at = NOW - days_ago * DAY, .status = "cancelled", .cancelled_by = by};
}

static struct engagement_session missed(int64_t days_ago, int64_t by)
{
    return (struct engagement_session){
        .starts_at = NOW - days_ago * DAY, .status = "missed", .missed_by = by};
}

static struct engagement_session scheduled(int64_t days_ago)
{
    return (struct engagement_session){.starts_at = NOW - days_ago * DAY, .status = "scheduled"};
}

/* An active weekly pair, active for active_days, agreement signed. */
static struct engagement assess(const struct engagement_session *sessions, int n,
                                int64_t active_days, const char *cadence)
{
    struct engagement_facts f = {
        .state = "active",
        .cadence = cadence,
        .active_since = NOW - active_days * DAY,
        .sessions = sessions,
        .session_count = n,
        .agreement_in_force = true,
        .agreement_version_at = NOW - active_days * DAY,
        .agreement_signed_at = NOW - (active_days - 1) * DAY,
    };
    struct engagement e;
    engagement_assess(&f, NOW, &e);
    return e;
}

static void test_steady_pair_raises_nothing(void **state)
{
    (void)state;
    struct engagement_session s[] = {held(20), held(13), held(6), scheduled(-1)};
    struct engagement e = assess(s, 4, 30, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_STEADY);
    assert_false(e.is_at_risk);
    assert_int_equal(e.nudged_user_id, 0);
    assert_int_equal(e.held, 3);
    assert_int_equal(e.last_held_at, NOW - 6 * DAY);
    assert_true(e.has_upcoming);
    assert_int_equal(e.in_force_since, NOW - 29 * DAY);
}

static void test_step1_nudges_only_who_cancelled(void **state)
{
    (void)state;
    struct engagement_session s[] = {held(8), cancelled(1, BEN)};
    struct engagement e = assess(s, 2, 30, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_NUDGE);
    assert_int_equal(e.nudged_user_id, BEN);
    assert_int_equal(e.lapses_in_a_row, 1);
    assert_false(e.is_at_risk);
    /* A miss counts the same, attributed to who missed. */
    struct engagement_session m[] = {held(8), missed(1, ANA)};
    e = assess(m, 2, 30, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_NUDGE);
    assert_int_equal(e.nudged_user_id, ANA);
}

static void test_held_session_clears_the_nudge(void **state)
{
    (void)state;
    struct engagement_session s[] = {cancelled(8, BEN), held(1)};
    struct engagement e = assess(s, 2, 30, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_STEADY);
    assert_int_equal(e.nudged_user_id, 0);
}

static void test_step2_two_lapses_in_a_row_ask_everyone(void **state)
{
    (void)state;
    struct engagement_session s[] = {held(9), cancelled(4, BEN), missed(2, ANA)};
    struct engagement e = assess(s, 3, 30, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_CHECK_IN);
    assert_int_equal(e.nudged_user_id, 0); /* everyone now, not one person */
    assert_false(e.is_at_risk);            /* not the organizers yet */
}

static void test_step2_quiet_for_one_and_a_half_periods(void **state)
{
    (void)state;
    /* Weekly: 10.5 days is 1.5 periods. 10 days: not yet; 11: check in. */
    struct engagement_session s[] = {held(10)};
    assert_int_equal(assess(s, 1, 60, "weekly").step, ENGAGEMENT_STEADY);
    s[0] = held(11);
    struct engagement e = assess(s, 1, 60, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_CHECK_IN);
    assert_false(e.is_at_risk);
    /* Never held: quiet since the partnership became active. */
    assert_int_equal(assess(NULL, 0, 11, "weekly").step, ENGAGEMENT_CHECK_IN);
    assert_int_equal(assess(NULL, 0, 10, "weekly").step, ENGAGEMENT_STEADY);
}

static void test_step3_three_lapses_flag_the_pair(void **state)
{
    (void)state;
    struct engagement_session s[] = {held(9), cancelled(6, BEN), missed(4, ANA), cancelled(2, BEN)};
    struct engagement e = assess(s, 4, 30, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_FLAGGED);
    assert_true(e.repeated_lapses);
    assert_true(e.is_at_risk);
    assert_false(e.no_recent_session);
}

static void test_step3_quiet_for_two_periods(void **state)
{
    (void)state;
    struct engagement_session s[] = {held(13)};
    assert_int_equal(assess(s, 1, 60, "weekly").step, ENGAGEMENT_CHECK_IN);
    s[0] = held(14);
    struct engagement e = assess(s, 1, 60, "weekly");
    assert_int_equal(e.step, ENGAGEMENT_FLAGGED);
    assert_true(e.no_recent_session);
    assert_true(e.is_at_risk);
    assert_int_equal(e.quiet_since, NOW - 14 * DAY);
    /* Every two weeks: twice is 28 days; monthly: 60 days. */
    s[0] = held(27);
    assert_int_equal(assess(s, 1, 90, "biweekly").step, ENGAGEMENT_CHECK_IN);
    s[0] = held(28);
    assert_true(assess(s, 1, 90, "biweekly").no_recent_session);
    s[0] = held(59);
    assert_false(assess(s, 1, 90, "monthly").no_recent_session);
    s[0] = held(60);
    assert_true(assess(s, 1, 90, "monthly").no_recent_session);
    /* A session planned ahead does not hide a long quiet time. */
    struct engagement_session planned[] = {held(30), scheduled(-2)};
    assert_true(assess(planned, 2, 90, "weekly").no_recent_session);
}

static void test_unmarked_past_session_neither_breaks_nor_extends_a_run(void **state)
{
    (void)state;
    struct engagement_session s[] = {held(9), cancelled(6, BEN), scheduled(4), cancelled(2, BEN)};
    struct engagement e = assess(s, 4, 30, "weekly");
    assert_int_equal(e.lapses_in_a_row, 2);
    assert_int_equal(e.step, ENGAGEMENT_CHECK_IN);
}

static void test_only_active_partnerships_raise_anything(void **state)
{
    (void)state;
    struct engagement_session s[] = {cancelled(30, BEN), cancelled(20, BEN), cancelled(10, BEN)};
    struct engagement_facts f = {.state = "paused",
                                 .cadence = "weekly",
                                 .active_since = NOW - 90 * DAY,
                                 .sessions = s,
                                 .session_count = 3};
    struct engagement e;
    engagement_assess(&f, NOW, &e);
    assert_int_equal(e.step, ENGAGEMENT_STEADY);
    assert_false(e.is_at_risk);
    assert_int_equal(e.nudged_user_id, 0);
    f.state = "ended";
    f.ended_at = NOW - 5 * DAY;
    engagement_assess(&f, NOW, &e);
    assert_false(e.is_at_risk);
    assert_int_equal(e.expected, 12); /* 85 days weekly, up to the end */
    f.state = "proposed";
    f.active_since = 0;
    engagement_assess(&f, NOW, &e);
    assert_int_equal(e.expected, 0);
}

static void test_one_sided_cancellations(void **state)
{
    (void)state;
    /* 3 of 4 by Ben: mostly one member. Held sessions between keep the
     * drop-off steps quiet, so only this rule speaks. */
    struct engagement_session s[] = {cancelled(20, BEN), held(18), cancelled(14, BEN), held(12),
                                     missed(8, ANA),     held(7),  cancelled(5, BEN),  held(3)};
    struct engagement e = assess(s, 8, 30, "weekly");
    assert_true(e.one_sided);
    assert_int_equal(e.one_sided_user_id, BEN);
    assert_int_equal(e.one_sided_count, 3);
    assert_int_equal(e.lapse_total, 4);
    assert_true(e.is_at_risk);
    assert_int_equal(e.step, ENGAGEMENT_STEADY);
    /* 2 of 3 is not "mostly"; 2 of 2 is too few to say. */
    struct engagement_session t[] = {cancelled(20, BEN), held(18),       cancelled(14, BEN),
                                     held(12),           missed(8, ANA), held(3)};
    e = assess(t, 6, 30, "weekly");
    assert_false(e.one_sided);
    assert_int_equal(e.one_sided_user_id, 0);
    struct engagement_session u[] = {cancelled(20, BEN), held(18), cancelled(14, BEN), held(3)};
    assert_false(assess(u, 4, 30, "weekly").one_sided);
}

static void test_agreement_unsigned_after_two_weeks(void **state)
{
    (void)state;
    struct engagement_session s[] = {held(2)};
    struct engagement_facts f = {.state = "active",
                                 .cadence = "weekly",
                                 .active_since = NOW - 13 * DAY,
                                 .sessions = s,
                                 .session_count = 1,
                                 .agreement_version_at = NOW - 20 * DAY};
    struct engagement e;
    engagement_assess(&f, NOW, &e);
    assert_false(e.agreement_unsigned); /* active for 13 days only */
    assert_int_equal(e.in_force_since, 0);
    f.active_since = NOW - 14 * DAY;
    engagement_assess(&f, NOW, &e);
    assert_true(e.agreement_unsigned);
    assert_true(e.is_at_risk);
    assert_int_equal(e.unsigned_since, NOW - 14 * DAY);
    /* A new version (an edit clears signatures) restarts the clock. */
    f.active_since = NOW - 40 * DAY;
    f.agreement_version_at = NOW - 3 * DAY;
    engagement_assess(&f, NOW, &e);
    assert_false(e.agreement_unsigned);
    /* Signed: never flagged. */
    f.agreement_version_at = NOW - 40 * DAY;
    f.agreement_in_force = true;
    f.agreement_signed_at = NOW - 39 * DAY;
    engagement_assess(&f, NOW, &e);
    assert_false(e.agreement_unsigned);
    assert_int_equal(e.in_force_since, NOW - 39 * DAY);
}

static void test_expected_sessions_per_cadence(void **state)
{
    (void)state;
    int64_t from = NOW - 30 * DAY;
    assert_int_equal(engagement_expected("weekly", from, NOW), 4);
    assert_int_equal(engagement_expected("biweekly", from, NOW), 2);
    assert_int_equal(engagement_expected("weekly", NOW - 6 * DAY, NOW), 0);
    assert_int_equal(engagement_expected("weekly", NOW - 7 * DAY, NOW), 1);
    /* Monthly counts calendar months: 2026-01-31 to 2026-03-30 is one
     * whole month (the second is not complete), to 2026-03-31 two. */
    int64_t jan31 = 1769817600, mar30 = 1774828800, mar31 = 1774915200;
    assert_int_equal(engagement_expected("monthly", jan31, mar30), 1);
    assert_int_equal(engagement_expected("monthly", jan31, mar31), 2);
    /* 19 October to 18 November: 30 days, not yet a calendar month. */
    assert_int_equal(engagement_expected("monthly", from, NOW), 0);
    /* Never active, or going backwards: none. */
    assert_int_equal(engagement_expected("weekly", 0, NOW), 0);
    assert_int_equal(engagement_expected("weekly", NOW, from), 0);
    assert_int_equal(engagement_expected(NULL, from, NOW), 0);
    assert_int_equal(engagement_period_seconds("weekly"), 7 * DAY);
    assert_int_equal(engagement_period_seconds("biweekly"), 14 * DAY);
    assert_int_equal(engagement_period_seconds("monthly"), 30 * DAY);
    /* The expected count lands in the assessment. */
    struct engagement_session s[] = {held(20), held(6)};
    struct engagement e = assess(s, 2, 30, "weekly");
    assert_int_equal(e.expected, 4);
    assert_int_equal(e.held, 2);
}

/* --- through the store ------------------------------------------------------------- */

static void exec(struct unit_db *u, const char *sql)
{
    assert_int_equal(db_exec_simple(u->db, sql), DB_DONE);
}

static void test_load_reads_metadata_from_the_store(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    u.ctx.now = NOW;
    int64_t ana, ben;
    assert_int_equal(store_user_insert(u.db, "ana@example.org", "Ana", "x", "member", NOW, &ana),
                     DB_DONE);
    assert_int_equal(store_user_insert(u.db, "ben@example.org", "Ben", "x", "member", NOW, &ben),
                     DB_DONE);
    exec(&u, "INSERT INTO programs (id, name, cadence, starts_on, ends_on, enroll_opens_on,"
             " enroll_closes_on, state, created_by, created_at, updated_at)"
             " VALUES (1, 'P', 'biweekly', '2026-01-01', '2027-01-01', '2026-01-01',"
             " '2026-01-02', 'running', 1, 0, 0)");
    /* Active 40 days; the agreement says weekly; both signed. */
    exec(&u, "INSERT INTO partnerships (id, program_id, state, created_by, created_at,"
             " activated_at) VALUES (1, 1, 'active', 1, 1791544000, 1791544000)");
    exec(&u, "INSERT INTO partnership_members (partnership_id, user_id, response)"
             " VALUES (1, 1, 'accepted'), (1, 2, 'accepted')");
    exec(&u, "INSERT INTO agreement_versions (id, partnership_id, version, body, cadence,"
             " session_minutes, created_at) VALUES (1, 1, 1, 'private words', 'weekly', 45,"
             " 1791544000)");
    exec(&u, "INSERT INTO agreement_signatures (version_id, user_id, signed_at)"
             " VALUES (1, 1, 1791600000), (1, 2, 1791700000)");
    /* Held 20 days ago, then three lapses: cancelled by Ben twice, missed by Ana. */
    exec(&u, "INSERT INTO sessions (partnership_id, starts_at, minutes, method, status,"
             " cancelled_by, missed_by, cancel_reason, created_by, created_at, updated_at) VALUES"
             " (1, 1793272000, 45, 'grow', 'held', NULL, NULL, '', 1, 0, 0),"
             " (1, 1793876800, 45, 'grow', 'cancelled', 2, NULL, 'secret reason', 1, 0, 0),"
             " (1, 1794308800, 45, 'grow', 'missed', NULL, 1, '', 1, 0, 0),"
             " (1, 1794740800, 45, 'grow', 'cancelled', 2, NULL, 'secret', 1, 0, 0)");
    struct partnership p = {
        .id = 1, .program_id = 1, .state = "active", .activated_at = 1791544000};
    struct engagement e;
    const struct engagement_session *sessions;
    int count;
    assert_int_equal(engagement_load(&u.ctx, &p, &e, &sessions, &count), 0);
    assert_int_equal(count, 4);
    assert_int_equal(sessions[1].cancelled_by, ben);
    assert_int_equal(sessions[2].missed_by, ana);
    assert_int_equal(e.held, 1);
    assert_int_equal(e.expected, 5); /* weekly from the agreement, not biweekly */
    assert_int_equal(e.lapses_in_a_row, 3);
    assert_int_equal(e.step, ENGAGEMENT_FLAGGED);
    assert_true(e.one_sided == false); /* 2 of 3 */
    assert_int_equal(e.in_force_since, 1791700000);
    unit_db_close(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steady_pair_raises_nothing),
        cmocka_unit_test(test_step1_nudges_only_who_cancelled),
        cmocka_unit_test(test_held_session_clears_the_nudge),
        cmocka_unit_test(test_step2_two_lapses_in_a_row_ask_everyone),
        cmocka_unit_test(test_step2_quiet_for_one_and_a_half_periods),
        cmocka_unit_test(test_step3_three_lapses_flag_the_pair),
        cmocka_unit_test(test_step3_quiet_for_two_periods),
        cmocka_unit_test(test_unmarked_past_session_neither_breaks_nor_extends_a_run),
        cmocka_unit_test(test_only_active_partnerships_raise_anything),
        cmocka_unit_test(test_one_sided_cancellations),
        cmocka_unit_test(test_agreement_unsigned_after_two_weeks),
        cmocka_unit_test(test_expected_sessions_per_cadence),
        cmocka_unit_test(test_load_reads_metadata_from_the_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
