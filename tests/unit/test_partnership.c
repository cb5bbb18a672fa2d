/* test_partnership.c — partnerships, agreements and messages against a
 * real database: the rules of partnership_create (size, participants,
 * the pool, program state, who may call it, the matching engine's trusted
 * path), each member's answer, the circle that goes on after someone
 * leaves, where a leave reason can be read from, agreement versions and
 * signatures, the schedule sentence, and unread counts.
 *
 * Programs and enrollments belong to another area; their rows are seeded
 * with SQL (unit_seed.h) so these tests depend on the schema only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/agreement.h"
#include "domain/message.h"
#include "domain/partnership.h"
#include "unit_seed.h"

struct world {
    struct unit_db u;
    struct user organizer, a, b, c, d, outsider;
    int64_t program_id;
};

static void world_open(struct world *w)
{
    unit_db_open(&w->u);
    w->organizer = unit_seed_user(&w->u, "o@x.org", "Olga Organizer", "organizer");
    w->a = unit_seed_user(&w->u, "a@x.org", "Ana", "member");
    w->b = unit_seed_user(&w->u, "b@x.org", "Ben", "member");
    w->c = unit_seed_user(&w->u, "c@x.org", "Chloe", "member");
    w->d = unit_seed_user(&w->u, "d@x.org", "Dev", "member");
    w->outsider = unit_seed_user(&w->u, "z@x.org", "Zed", "member");
    w->program_id = unit_seed_program(&w->u, "running", 2, w->organizer.id);
    unit_seed_enroll(&w->u, w->program_id, w->a.id, "accepted");
    unit_seed_enroll(&w->u, w->program_id, w->b.id, "accepted");
    unit_seed_enroll(&w->u, w->program_id, w->c.id, "accepted");
    unit_seed_enroll(&w->u, w->program_id, w->d.id, "accepted");
}

static struct ctx *as(struct world *w, const struct user *who)
{
    unit_db_reset_ctx(&w->u, who);
    return &w->u.ctx;
}

static int64_t create(struct world *w, const struct user *who, int64_t program_id,
                      const int64_t *ids, size_t n, enum fail_kind expect)
{
    int64_t id = 0;
    int rc = partnership_create(as(w, who), program_id, ids, n, NULL, &id);
    assert_int_equal(w->u.ctx.failure.kind, expect);
    assert_int_equal(rc, expect == FAIL_NONE ? 0 : -1);
    return id;
}

static const char *state_of(struct world *w, int64_t id)
{
    struct partnership p;
    assert_int_equal(store_partnership_get(w->u.db, w->u.ctx.arena, id, &p), 1);
    return p.state;
}

static void test_create_enforces_size_participants_pool_and_state(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t ab[] = {w.a.id, w.b.id}, one[] = {w.a.id}, four[] = {w.a.id, w.b.id, w.c.id, w.d.id};
    int64_t twice[] = {w.a.id, w.a.id}, stranger[] = {w.a.id, w.outsider.id};
    create(&w, &w.organizer, w.program_id, one, 1, FAIL_INPUT);
    create(&w, &w.organizer, w.program_id, four, 4, FAIL_INPUT);
    create(&w, &w.organizer, w.program_id, twice, 2, FAIL_INPUT);
    create(&w, &w.organizer, w.program_id, stranger, 2, FAIL_INPUT);
    create(&w, &w.a, w.program_id, ab, 2, FAIL_FORBIDDEN);
    int64_t id = create(&w, &w.organizer, w.program_id, ab, 2, FAIL_NONE);
    assert_string_equal(state_of(&w, id), "proposed");
    int64_t bc[] = {w.b.id, w.c.id};
    create(&w, &w.organizer, w.program_id, bc, 2, FAIL_CONFLICT);
    assert_non_null(strstr(w.u.ctx.failure.message, "Ben"));
    /* The odd person out: a circle of three in a pairs program. */
    int64_t cd_a[] = {w.c.id, w.d.id, w.a.id};
    create(&w, &w.organizer, w.program_id, cd_a, 3, FAIL_CONFLICT);

    int64_t draft = unit_seed_program(&w.u, "draft", 2, w.organizer.id),
            closed = unit_seed_program(&w.u, "closed", 2, w.organizer.id);
    unit_seed_enroll(&w.u, draft, w.a.id, "accepted");
    unit_seed_enroll(&w.u, draft, w.b.id, "accepted");
    create(&w, &w.organizer, draft, ab, 2, FAIL_CONFLICT);
    create(&w, &w.organizer, closed, ab, 2, FAIL_CONFLICT);
    create(&w, &w.a, draft, ab, 2, FAIL_NOT_FOUND); /* a draft is invisible to members */

    int64_t circles = unit_seed_program(&w.u, "enrolling", 3, w.organizer.id);
    unit_seed_enroll(&w.u, circles, w.a.id, "accepted");
    unit_seed_enroll(&w.u, circles, w.b.id, "accepted");
    unit_seed_enroll(&w.u, circles, w.c.id, "accepted");
    create(&w, &w.organizer, circles, ab, 2, FAIL_INPUT);
    int64_t abc[] = {w.a.id, w.b.id, w.c.id};
    create(&w, &w.organizer, circles, abc, 3, FAIL_NONE);
    unit_db_close(&w.u);
}

static void test_matching_engine_creates_through_the_trusted_path(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t cd[] = {w.c.id, w.d.id}, id;
    struct partnership_origin origin = {.is_trusted = true,
                                        .round = 2,
                                        .has_match_score = true,
                                        .match_score = 0.8125,
                                        .match_explanation = "Both develop public speaking."};
    assert_int_equal(partnership_create(as(&w, NULL), w.program_id, cd, 2, &origin, &id), 0);
    struct partnership p;
    assert_int_equal(store_partnership_get(w.u.db, w.u.ctx.arena, id, &p), 1);
    assert_int_equal(p.round, 2);
    assert_true(p.has_match_score);
    assert_true(p.match_score > 0.8124 && p.match_score < 0.8126);
    assert_string_equal(p.match_explanation, "Both develop public speaking.");
    assert_int_equal(p.created_by, w.organizer.id); /* the program's creator */
    /* Untrusted, without a user: refused. */
    int64_t ab[] = {w.a.id, w.b.id};
    origin.is_trusted = false;
    assert_int_equal(partnership_create(as(&w, NULL), w.program_id, ab, 2, &origin, &id), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_UNAUTHENTICATED);
    unit_db_close(&w.u);
}

static void test_answers_decline_and_pool(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t ab[] = {w.a.id, w.b.id};
    int64_t id = create(&w, &w.organizer, w.program_id, ab, 2, FAIL_NONE);
    assert_int_equal(partnership_pause(as(&w, &w.a), id), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    assert_int_equal(partnership_accept(as(&w, &w.outsider), id), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    assert_int_equal(partnership_accept(as(&w, &w.a), id), 0);
    assert_int_equal(partnership_decline(as(&w, &w.b), id, "Not now"), 0);
    assert_string_equal(state_of(&w, id), "ended");
    assert_int_equal(store_partnership_user_is_busy(w.u.db, w.program_id, w.a.id), 0);
    assert_int_equal(store_partnership_user_is_busy(w.u.db, w.program_id, w.b.id), 0);
    /* Ben declined: he is no longer a member; Ana still reads the history. */
    struct partnership_view v;
    assert_int_equal(partnership_show(as(&w, &w.b), id, &v), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    assert_int_equal(partnership_show(as(&w, &w.a), id, &v), 0);
    assert_string_equal(v.partnership.end_kind, "declined");
    for (int i = 0; i < v.partnership.member_count; i++)
        assert_string_equal(v.partnership.members[i].decline_reason, "");
    /* The organizers see the reason. */
    struct partnership_program_overview o;
    assert_int_equal(partnership_program_overview(as(&w, &w.organizer), w.program_id, &o), 0);
    assert_int_equal(o.count, 1);
    assert_int_equal(o.pool_count, 4);
    bool seen = false;
    for (int i = 0; i < o.partnerships[0].partnership.member_count; i++)
        seen |= !strcmp(o.partnerships[0].partnership.members[i].decline_reason, "Not now");
    assert_true(seen);
    create(&w, &w.organizer, w.program_id, ab, 2, FAIL_NONE);
    unit_db_close(&w.u);
}

static void accept_all(struct world *w, int64_t id, const struct user *const *members, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(partnership_accept(as(w, members[i]), id), 0);
}

static void test_circle_goes_on_and_leave_reason_stays_with_the_leaver(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t abc[] = {w.a.id, w.b.id, w.c.id};
    int64_t id = create(&w, &w.organizer, w.program_id, abc, 3, FAIL_NONE);
    assert_int_equal(partnership_leave(as(&w, &w.a), id, "x", false, NULL), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT); /* a proposal is declined */
    const struct user *members[] = {&w.a, &w.b, &w.c};
    accept_all(&w, id, members, 3);
    assert_string_equal(state_of(&w, id), "active");
    bool ended = true;
    assert_int_equal(partnership_leave(as(&w, &w.c), id, "private words", true, &ended), 0);
    assert_false(ended);
    assert_string_equal(state_of(&w, id), "active");
    assert_int_equal(store_partnership_user_is_busy(w.u.db, w.program_id, w.c.id), 0);
    assert_int_equal(store_partnership_user_is_busy(w.u.db, w.program_id, w.a.id), 1);

    struct partnership_former *former;
    int n;
    assert_int_equal(partnership_former_mine(as(&w, &w.c), &former, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(former[0].reason, "private words");
    assert_true(former[0].wants_rematch && former[0].has_left);
    assert_int_equal(partnership_former_mine(as(&w, &w.a), &former, &n), 0);
    assert_int_equal(n, 0);

    struct message_thread thread;
    assert_int_equal(message_thread(as(&w, &w.b), id, 0, &thread), 0);
    assert_string_equal(thread.messages[thread.count - 1].body, "Chloe has left the partnership.");
    for (int i = 0; i < thread.count; i++)
        assert_null(strstr(thread.messages[i].body, "private words"));

    assert_int_equal(partnership_leave(as(&w, &w.b), id, "", false, &ended), 0);
    assert_true(ended);
    assert_string_equal(state_of(&w, id), "ended");
    assert_int_equal(partnership_leave(as(&w, &w.a), id, "", false, &ended), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    unit_db_close(&w.u);
}

static void test_agreement_versions_signatures_and_schedule(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t ab[] = {w.a.id, w.b.id}, version;
    int64_t id = create(&w, &w.organizer, w.program_id, ab, 2, FAIL_NONE);
    struct agreement_version current;
    assert_int_equal(agreement_current(as(&w, &w.a), id, &current), 0);
    assert_int_equal(current.version, 1);
    assert_string_equal(current.cadence, "weekly");
    assert_int_equal(current.session_minutes, 50);
    assert_non_null(strstr(current.body, "We meet every week, for 50 minutes each time."));
    assert_int_equal(agreement_current(as(&w, &w.organizer), id, &current), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);

    assert_int_equal(agreement_sign(as(&w, &w.a), id, 0), -1); /* accept first */
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    const struct user *members[] = {&w.a, &w.b};
    accept_all(&w, id, members, 2);
    assert_int_equal(agreement_sign(as(&w, &w.a), id, 1), 0);
    assert_int_equal(store_agreement_in_force(w.u.db, id), 0);
    assert_int_equal(agreement_sign(as(&w, &w.b), id, 0), 0);
    assert_int_equal(store_agreement_in_force(w.u.db, id), 1);

    struct agreement_edit edit = {.cadence = "monthly",
                                  .has_session_minutes = true,
                                  .session_minutes = 30,
                                  .location = "Room 4B"};
    assert_int_equal(agreement_update(as(&w, &w.b), id, &edit, &version), 0);
    assert_int_equal(version, 2);
    assert_int_equal(store_agreement_in_force(w.u.db, id), 0);
    assert_int_equal(agreement_current(as(&w, &w.a), id, &current), 0);
    assert_non_null(strstr(current.body, "We meet once a month, for 30 minutes each time."));
    assert_null(strstr(current.body, "every week"));
    assert_string_equal(current.location, "Room 4B");
    struct agreement_detail old;
    assert_int_equal(agreement_show(as(&w, &w.a), id, 1, &old), 0);
    assert_int_equal(old.signature_count, 2);
    assert_false(old.is_current);
    assert_int_equal(old.status.awaiting_count, 2);
    /* Nothing changed: nothing stored. */
    assert_int_equal(agreement_update(as(&w, &w.a), id, &edit, &version), 0);
    assert_int_equal(version, 2);
    edit.based_on = 1;
    assert_int_equal(agreement_update(as(&w, &w.a), id, &edit, &version), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_CONFLICT);
    unit_db_close(&w.u);
}

static void test_unread_counts_follow_reading(void **state)
{
    (void)state;
    struct world w;
    world_open(&w);
    int64_t ab[] = {w.a.id, w.b.id};
    int64_t id = create(&w, &w.organizer, w.program_id, ab, 2, FAIL_NONE);
    struct message m;
    assert_int_equal(message_post(as(&w, &w.a), id, "Hello **Ben**", &m), 0);
    assert_int_equal(message_post(as(&w, &w.a), id, "  ", &m), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_INPUT);
    assert_int_equal(message_post(as(&w, &w.outsider), id, "hi", &m), -1);
    assert_int_equal(w.u.ctx.failure.kind, FAIL_NOT_FOUND);
    /* The proposal line and Ana's message for Ben; only the line for Ana. */
    assert_int_equal(store_message_unread(w.u.db, id, w.b.id), 2);
    assert_int_equal(store_message_unread(w.u.db, id, w.a.id), 1);
    struct message_unread *counts;
    int n;
    assert_int_equal(message_unread_counts(as(&w, &w.b), &counts, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(counts[0].partnership_id, id);
    assert_int_equal(counts[0].unread, 2);
    struct message_thread thread;
    assert_int_equal(message_thread(as(&w, &w.b), id, 0, &thread), 0);
    assert_int_equal(thread.count, 2);
    assert_int_equal(store_message_unread(w.u.db, id, w.b.id), 0);
    assert_int_equal(message_unread_counts(as(&w, &w.b), &counts, &n), 0);
    assert_int_equal(n, 0);
    unit_db_close(&w.u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_enforces_size_participants_pool_and_state),
        cmocka_unit_test(test_matching_engine_creates_through_the_trusted_path),
        cmocka_unit_test(test_answers_decline_and_pool),
        cmocka_unit_test(test_circle_goes_on_and_leave_reason_stays_with_the_leaver),
        cmocka_unit_test(test_agreement_versions_signatures_and_schedule),
        cmocka_unit_test(test_unread_counts_follow_reading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
