/* test_reflection.c — the journal's rules against a real database: only
 * the author reads, changes or deletes an entry; links to sessions and
 * goals are the author's own; tags and pages of the timeline; and which
 * held sessions still wait for a reflection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "domain/goal.h"
#include "domain/reflection.h"
#include "store/user.h"
#include "unit_db.h"

static struct user add_user(struct unit_db *u, const char *email, const char *role)
{
    struct user user = {.email = email, .name = email, .role = role, .is_active = true};
    assert_int_equal(store_user_insert(u->db, email, email, "x", role, u->ctx.now, &user.id),
                     DB_DONE);
    return user;
}

/* A statement with $1 bound to the test's "now". */
static void exec_at(struct unit_db *u, const char *sql)
{
    struct db_stmt *stmt = db_prepare(u->db, sql);
    assert_non_null(stmt);
    db_bind_int(stmt, 1, u->ctx.now);
    assert_int_equal(db_step(stmt), DB_DONE);
    db_finish(stmt);
}

/* Users 1 and 2 (made by the test, with 3 and 4) are partners (partnership
 * 1), 3 is in partnership 2 with 4.
 * Sessions: 1 held two days ago and 2 held forty days ago in partnership 1;
 * 3 scheduled tomorrow in partnership 1; 4 held yesterday in partnership 2. */
static void make_world(struct unit_db *u)
{
    exec_at(u, "INSERT INTO programs (id, name, starts_on, ends_on, enroll_opens_on,"
               " enroll_closes_on, state, created_by, created_at, updated_at) VALUES (1, 'P',"
               " '2026-01-01', '2027-12-31', '2026-01-01', '2026-02-01', 'running', 4, $1, $1)");
    exec_at(u, "INSERT INTO partnerships (id, program_id, state, created_by, created_at)"
               " VALUES (1, 1, 'active', 4, $1), (2, 1, 'active', 4, $1)");
    exec_at(u, "INSERT INTO partnership_members (partnership_id, user_id, response) VALUES"
               " (1, 1, 'accepted'), (1, 2, 'accepted'), (2, 3, 'accepted'), (2, 4, 'accepted')");
    exec_at(u, "INSERT INTO sessions (id, partnership_id, starts_at, minutes, method, status,"
               " created_by, created_at, updated_at) VALUES"
               " (1, 1, $1 - 172800, 45, 'grow', 'held', 1, $1, $1),"
               " (2, 1, $1 - 3456000, 45, 'grow', 'held', 1, $1, $1),"
               " (3, 1, $1 + 86400, 45, 'grow', 'scheduled', 1, $1, $1),"
               " (4, 2, $1 - 86400, 45, 'open', 'held', 3, $1, $1)");
}

/* Open u with the four users make_world expects: Ann and Ben (users 1 and
 * 2), a third user (3) with third_role, stored in *third unless NULL, and
 * Dee the organizer (4); then make_world. */
static void open_world(struct unit_db *u, struct user *ann, struct user *ben,
                       const char *third_email, const char *third_role, struct user *third)
{
    unit_db_open(u);
    *ann = add_user(u, "ann@x.org", "member");
    *ben = add_user(u, "ben@x.org", "member");
    struct user user3 = add_user(u, third_email, third_role);
    if (third)
        *third = user3;
    add_user(u, "dee@x.org", "organizer");
    make_world(u);
}

static int64_t write_entry(struct unit_db *u, const struct user *author, const char *fields)
{
    unit_db_reset_ctx(u, author);
    json_t *f = json_loads(fields, 0, NULL);
    assert_non_null(f);
    int64_t id = 0;
    int rc = reflection_create(&u->ctx, f, &id);
    json_decref(f);
    return rc == 0 ? id : -1;
}

static void test_only_the_author_reads_changes_or_deletes(void **state)
{
    (void)state;
    struct unit_db u;
    struct user ann, ben, admin;
    open_world(&u, &ann, &ben, "ada@x.org", "admin", &admin);
    int64_t id = write_entry(&u, &ann, "{\"body\": \"secret\", \"session_id\": 1}");
    assert_true(id > 0);
    const struct user *others[] = {&ben, &admin};
    for (size_t i = 0; i < 2; i++) {
        struct reflection r;
        unit_db_reset_ctx(&u, others[i]);
        assert_int_equal(reflection_get(&u.ctx, id, &r), -1);
        assert_int_equal(u.ctx.failure.kind, FAIL_NOT_FOUND);
        json_t *change = json_pack("{s:s}", "body", "mine now");
        unit_db_reset_ctx(&u, others[i]);
        assert_int_equal(reflection_update(&u.ctx, id, change), -1);
        assert_int_equal(u.ctx.failure.kind, FAIL_NOT_FOUND);
        json_decref(change);
        unit_db_reset_ctx(&u, others[i]);
        assert_int_equal(reflection_delete(&u.ctx, id), -1);
        assert_int_equal(u.ctx.failure.kind, FAIL_NOT_FOUND);
        struct reflection *list;
        bool has_more;
        unit_db_reset_ctx(&u, others[i]);
        assert_int_equal(reflection_list(&u.ctx, NULL, 1, &list, &has_more), 0);
    }
    struct reflection r;
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_get(&u.ctx, id, &r), 0);
    assert_string_equal(r.body, "secret");
    assert_int_equal(r.session_id, 1);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_delete(&u.ctx, id), 0);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_get(&u.ctx, id, &r), -1);
    unit_db_close(&u);
}

static void test_links_are_the_authors_own(void **state)
{
    (void)state;
    struct unit_db u;
    struct user ann, ben;
    open_world(&u, &ann, &ben, "cy@x.org", "member", NULL);
    json_t *goal = json_pack("{s:s, s:s, s:s, s:[s], s:s, s:s}", "title", "Ben's", "specific", "s",
                             "measure", "milestones", "milestones", "one", "target_date",
                             "2999-01-01", "visibility", "shared");
    int64_t bens_goal;
    unit_db_reset_ctx(&u, &ben);
    assert_int_equal(goal_create(&u.ctx, goal, &bens_goal), 0);
    json_decref(goal);
    char fields[96];
    snprintf(fields, sizeof fields, "{\"body\": \"x\", \"goal_id\": %lld}", (long long)bens_goal);
    assert_int_equal(write_entry(&u, &ann, fields), -1);
    assert_string_equal(u.ctx.failure.field, "goal_id");
    assert_int_equal(write_entry(&u, &ann, "{\"body\": \"x\", \"session_id\": 4}"), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_INPUT);
    assert_string_equal(u.ctx.failure.field, "session_id");
    assert_int_equal(write_entry(&u, &ann, "{\"body\": \"x\", \"tag\": \"rant\"}"), -1);
    assert_string_equal(u.ctx.failure.field, "tag");
    assert_int_equal(write_entry(&u, &ann, "{\"body\": \" \\n \"}"), -1);
    assert_string_equal(u.ctx.failure.field, "body");
    assert_true(write_entry(&u, &ann, "{\"body\": \"x\", \"session_id\": 3, \"tag\": null}") > 0);
    unit_db_close(&u);
}

static void test_pending_sessions_and_the_timeline(void **state)
{
    (void)state;
    struct unit_db u;
    struct user ann, ben;
    open_world(&u, &ann, &ben, "cy@x.org", "member", NULL);
    struct reflection_session *pending;
    /* Held, recent, in Ann's partnership: session 1 only (2 is too old, 3
     * not held, 4 not hers). */
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_pending_sessions(&u.ctx, REFLECTION_PENDING_DAYS, &pending), 1);
    assert_int_equal(pending[0].id, 1);
    assert_string_equal(pending[0].partners, "ben@x.org");
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_pending_sessions(&u.ctx, 60, &pending), 2);
    assert_true(write_entry(&u, &ann,
                            "{\"body\": \"done\", \"session_id\": 1, \"tag\": "
                            "\"insight\"}") > 0);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_pending_sessions(&u.ctx, REFLECTION_PENDING_DAYS, &pending), 0);
    /* Ann's reflection does not answer for Ben. */
    unit_db_reset_ctx(&u, &ben);
    assert_int_equal(reflection_pending_sessions(&u.ctx, REFLECTION_PENDING_DAYS, &pending), 1);

    for (int i = 0; i < REFLECTION_PAGE_SIZE + 2; i++)
        assert_true(write_entry(&u, &ann, "{\"body\": \"entry\", \"tag\": \"challenge\"}") > 0);
    struct reflection *list;
    bool has_more;
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_list(&u.ctx, "insight", 1, &list, &has_more), 1);
    assert_false(has_more);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_list(&u.ctx, NULL, 1, &list, &has_more), REFLECTION_PAGE_SIZE);
    assert_true(has_more);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_list(&u.ctx, "", 2, &list, &has_more), 3);
    assert_false(has_more);
    unit_db_reset_ctx(&u, &ann);
    assert_int_equal(reflection_list(&u.ctx, "rant", 1, &list, &has_more), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_INPUT);
    unit_db_close(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_the_author_reads_changes_or_deletes),
        cmocka_unit_test(test_links_are_the_authors_own),
        cmocka_unit_test(test_pending_sessions_and_the_timeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
