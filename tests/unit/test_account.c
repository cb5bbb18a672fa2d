/* test_account.c — account rules against a real database: first account
 * is admin, sign-up policy, login, token expiry, password change, admin
 * changes, profile validation and reporting-line cycles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "domain/account.h"
#include "domain/people.h"
#include "domain/profile.h"
#include "domain/throttle.h"
#include "store/user.h"
#include "unit_db.h"

#define PASSWORD "correct horse battery"

static struct user signup(struct unit_db *u, const char *email, char *token)
{
    struct signup in = {.email = email, .name = "Someone", .password = PASSWORD};
    struct user user;
    char scratch[TOKEN_CHARS + 1];
    unit_db_reset_ctx(u, NULL);
    assert_int_equal(account_signup(&u->ctx, &in, &user, token ? token : scratch), 0);
    return user;
}

static void test_first_account_is_admin_then_members(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    assert_string_equal(signup(&u, "First@Example.org", NULL).role, "admin");
    struct user second = signup(&u, "second@example.org", NULL);
    assert_string_equal(second.role, "member");
    struct signup dup = {.email = "FIRST@example.ORG", .name = "X", .password = PASSWORD};
    struct user out;
    char token[TOKEN_CHARS + 1];
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_signup(&u.ctx, &dup, &out, token), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_CONFLICT);
    unit_db_close(&u);
}

static void test_signup_policy_domains_and_invitations(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct user admin = signup(&u, "admin@corp.example", NULL);
    unit_db_reset_ctx(&u, &admin);
    assert_int_equal(account_set_signup_policy(&u.ctx, "domains", "corp.example"), 0);
    struct signup outsider = {.email = "x@else.example", .name = "X", .password = PASSWORD};
    struct user out;
    char token[TOKEN_CHARS + 1];
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_signup(&u.ctx, &outsider, &out, token), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_FORBIDDEN);
    signup(&u, "insider@CORP.example", NULL);

    unit_db_reset_ctx(&u, &admin);
    assert_int_equal(account_set_signup_policy(&u.ctx, "invitation", ""), 0);
    char code[TOKEN_CHARS + 1];
    int64_t invitation;
    assert_int_equal(account_invite(&u.ctx, "guest@else.example", code, &invitation), 0);
    struct signup guest = {.email = "guest@else.example", .name = "G", .password = PASSWORD};
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_signup(&u.ctx, &guest, &out, token), -1); /* no code */
    guest.invitation = code;
    struct signup other = guest;
    other.email = "other@else.example";
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_signup(&u.ctx, &other, &out, token), -1); /* not their code */
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_signup(&u.ctx, &guest, &out, token), 0);
    struct signup again = guest;
    again.email = "guest2@else.example";
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_signup(&u.ctx, &again, &out, token), -1); /* used once */
    unit_db_close(&u);
}

static void test_login_tokens_expire_when_idle_or_old(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    char token[TOKEN_CHARS + 1];
    signup(&u, "a@x.org", token);
    struct user who;
    assert_int_equal(account_authenticate(&u.ctx, token, &who), 1);
    time_t start = u.ctx.now;
    u.ctx.now = start + u.config.login_idle + 1;
    assert_int_equal(account_authenticate(&u.ctx, token, &who), 0);
    u.ctx.now = start;
    assert_int_equal(account_authenticate(&u.ctx, token, &who), 0); /* deleted, not revived */

    throttle_reset();
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_login(&u.ctx, "A@X.ORG", PASSWORD, "10.0.0.1", &who, token), 0);
    /* Kept alive by use, it still dies at the absolute limit. */
    for (time_t t = start; t < start + u.config.login_max_age; t += u.config.login_idle / 2) {
        u.ctx.now = t;
        assert_int_equal(account_authenticate(&u.ctx, token, &who), 1);
    }
    u.ctx.now = start + u.config.login_max_age + 1;
    assert_int_equal(account_authenticate(&u.ctx, token, &who), 0);
    unit_db_close(&u);
}

static void test_login_failures_are_throttled(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    throttle_reset();
    signup(&u, "a@x.org", NULL);
    struct user who;
    char token[TOKEN_CHARS + 1];
    for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES; i++) {
        unit_db_reset_ctx(&u, NULL);
        assert_int_equal(
            account_login(&u.ctx, "a@x.org", "wrong password!", "10.0.0.2", &who, token), -1);
        assert_int_equal(u.ctx.failure.kind, FAIL_UNAUTHENTICATED);
    }
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_login(&u.ctx, "a@x.org", PASSWORD, "10.0.0.3", &who, token), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_THROTTLED);
    assert_true(u.ctx.failure.retry_after > 0);
    unit_db_close(&u);
}

static void test_password_change_ends_other_logins(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    throttle_reset();
    char first[TOKEN_CHARS + 1], second[TOKEN_CHARS + 1];
    struct user me = signup(&u, "a@x.org", first), who;
    unit_db_reset_ctx(&u, NULL);
    assert_int_equal(account_login(&u.ctx, "a@x.org", PASSWORD, "10.0.0.4", &who, second), 0);
    unit_db_reset_ctx(&u, &me);
    assert_int_equal(account_change_password(&u.ctx, "not it at all", "another good phrase", first),
                     -1);
    assert_string_equal(u.ctx.failure.field, "current_password");
    unit_db_reset_ctx(&u, &me);
    assert_int_equal(account_change_password(&u.ctx, PASSWORD, "another good phrase", first), 0);
    assert_int_equal(account_authenticate(&u.ctx, first, &who), 1);
    assert_int_equal(account_authenticate(&u.ctx, second, &who), 0);
    unit_db_close(&u);
}

static void test_admin_changes_and_reporting_cycles(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    char token[TOKEN_CHARS + 1];
    struct user admin = signup(&u, "admin@x.org", NULL);
    struct user a = signup(&u, "a@x.org", token), b = signup(&u, "b@x.org", NULL);
    struct people_change change = {.set_manager = true, .manager_id = a.id};
    unit_db_reset_ctx(&u, &a);
    assert_int_equal(people_update(&u.ctx, b.id, &change), -1); /* not an admin */
    assert_int_equal(u.ctx.failure.kind, FAIL_FORBIDDEN);
    unit_db_reset_ctx(&u, &admin);
    assert_int_equal(people_update(&u.ctx, b.id, &change), 0);
    change.manager_id = b.id; /* a reports to b who reports to a: refused */
    unit_db_reset_ctx(&u, &admin);
    assert_int_equal(people_update(&u.ctx, a.id, &change), -1);
    assert_int_equal(u.ctx.failure.kind, FAIL_INPUT);
    /* Deactivation ends the person's logins, in the same transaction. */
    struct people_change off = {.set_active = true, .active = false, .role = "organizer"};
    unit_db_reset_ctx(&u, &admin);
    assert_int_equal(people_update(&u.ctx, a.id, &off), 0);
    struct user who;
    assert_int_equal(account_authenticate(&u.ctx, token, &who), 0);
    struct people_change self = {.set_active = true, .active = false};
    unit_db_reset_ctx(&u, &admin);
    assert_int_equal(people_update(&u.ctx, admin.id, &self), -1);
    unit_db_close(&u);
}

static void test_profile_update_validates_and_normalises(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    signup(&u, "admin@x.org", NULL);
    struct user a = signup(&u, "a@x.org", NULL);
    json_t *ok =
        json_loads("{\"job_title\":\" Analyst \",\"level\":3,\"time_zone\":\"Europe/Paris\","
                   "\"languages\":[\"en\",\"EN\",\" fr \",\"\"],"
                   "\"availability\":[{\"day\":\"tue\",\"start\":\"10:00\",\"end\":\"11:00\"},"
                   "{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"10:00\"},"
                   "{\"day\":\"mon\",\"start\":\"09:30\",\"end\":\"12:00\"}]}",
                   0, NULL);
    unit_db_reset_ctx(&u, &a);
    assert_int_equal(profile_update(&u.ctx, a.id, ok), 0);
    struct profile p;
    assert_int_equal(profile_load(&u.ctx, a.id, &p), 0);
    assert_string_equal(p.job_title, "Analyst");
    assert_string_equal(p.languages, "[\"en\",\"fr\"]");
    assert_string_equal(p.availability, "[{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"12:00\"},"
                                        "{\"day\":\"tue\",\"start\":\"10:00\",\"end\":\"11:00\"}]");
    json_decref(ok);

    const char *bad[][2] = {
        {"{\"level\":\"3\"}", "level"},
        {"{\"time_zone\":\"Mars/Base\"}", "time_zone"},
        {"{\"languages\":\"en\"}", "languages"},
        {"{\"availability\":[{\"day\":\"mon\",\"start\":\"11:00\",\"end\":\"10:00\"}]}",
         "availability"},
        {"{\"availability\":[{\"day\":\"xyz\",\"start\":\"09:00\",\"end\":\"10:00\"}]}",
         "availability"},
        {"{\"manager_id\":1}", NULL}, /* members may not change reporting lines */
        {"{\"shoe_size\":44}", "shoe_size"},
        {"{\"job_title\":\"line\\nbreak\"}", "job_title"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *changes = json_loads(bad[i][0], 0, NULL);
        unit_db_reset_ctx(&u, &a);
        assert_int_equal(profile_update(&u.ctx, a.id, changes), -1);
        if (bad[i][1])
            assert_string_equal(u.ctx.failure.field, bad[i][1]);
        else
            assert_int_equal(u.ctx.failure.kind, FAIL_FORBIDDEN);
        json_decref(changes);
    }
    assert_int_equal(profile_load(&u.ctx, a.id, &p), 0);
    assert_true(p.has_level && p.level == 3); /* nothing half-written */
    unit_db_close(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_account_is_admin_then_members),
        cmocka_unit_test(test_signup_policy_domains_and_invitations),
        cmocka_unit_test(test_login_tokens_expire_when_idle_or_old),
        cmocka_unit_test(test_login_failures_are_throttled),
        cmocka_unit_test(test_password_change_ends_other_logins),
        cmocka_unit_test(test_admin_changes_and_reporting_cycles),
        cmocka_unit_test(test_profile_update_validates_and_normalises),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
