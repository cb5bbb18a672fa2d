/* test_security.c — password policy and hashing, login tokens, CSRF
 * tokens and login throttling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "domain/password.h"
#include "domain/throttle.h"
#include "domain/token.h"
#include "web/csrf.h"

static void test_password_policy_refuses_short_and_common(void **state)
{
    (void)state;
    assert_non_null(password_problem("short", "a@b.org", "A"));
    assert_non_null(password_problem("password123", "a@b.org", "A"));
    assert_non_null(password_problem("Password2024!", "a@b.org", "A"));
    assert_non_null(password_problem("!!Welcome2025", "a@b.org", "A"));
    assert_non_null(password_problem("qwertyuiop", "a@b.org", "A"));
    assert_non_null(password_problem("aaaaaaaaaaaa", "a@b.org", "A"));
    assert_non_null(password_problem("abcabcabcabc", "a@b.org", "A"));
    assert_non_null(password_problem("1234567890", "a@b.org", "A"));
    assert_non_null(password_problem("9876543210", "a@b.org", "A"));
    assert_non_null(password_problem("ana.souza@x.org", "ana.souza@x.org", "Ana"));
    assert_non_null(password_problem("Ana Souza Lima", "a@b.org", "ana souza lima"));
    assert_non_null(password_problem("\xff\xfe invalid utf8", "a@b.org", "A"));
}

static void test_password_policy_accepts_phrases(void **state)
{
    (void)state;
    assert_null(password_problem("correct horse battery", "a@b.org", "A"));
    assert_null(password_problem("demo-coaching-2026", "a@b.org", "A"));
    assert_null(password_problem("73829!4%28^)", "a@b.org", "A"));
    /* Ten characters, counted as characters: ten accented letters pass. */
    assert_null(password_problem("\xc3\xa9\xc3\xa0\xc3\xa8\xc3\xb9\xc3\xa2\xc3\xaa\xc3\xae"
                                 "\xc3\xb4\xc3\xbb\xc3\xa7",
                                 "a@b.org", "A"));
}

static void test_password_hash_is_argon2id_and_verifies(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_SIZE];
    assert_int_equal(password_hash("correct horse battery", hash), 0);
    assert_non_null(strstr(hash, "$argon2id$"));
    assert_true(password_verify(hash, "correct horse battery"));
    assert_false(password_verify(hash, "correct horse batterx"));
    char again[PASSWORD_HASH_SIZE];
    password_hash("correct horse battery", again);
    assert_string_not_equal(hash, again); /* salted */
}

static void test_tokens_are_random_and_hashed(void **state)
{
    (void)state;
    char a[TOKEN_CHARS + 1], b[TOKEN_CHARS + 1], ha[TOKEN_HASH_CHARS + 1];
    token_new(a);
    token_new(b);
    assert_int_equal(strlen(a), TOKEN_CHARS);
    assert_true(token_is_well_formed(a));
    assert_string_not_equal(a, b);
    token_hash(a, ha);
    assert_int_equal(strlen(ha), 64);
    assert_null(strstr(ha, a));
    assert_false(token_is_well_formed("short"));
    assert_false(token_is_well_formed("0123456789012345678901234567890123456789AB+"));
}

static void test_csrf_tokens_bind_to_their_base(void **state)
{
    (void)state;
    unsigned char secret[32], other[32];
    randombytes_buf(secret, sizeof secret);
    randombytes_buf(other, sizeof other);
    char token[CSRF_CHARS + 1];
    csrf_token(secret, "login-token-A", token);
    assert_true(csrf_valid(secret, "login-token-A", token));
    assert_false(csrf_valid(secret, "login-token-B", token));
    assert_false(csrf_valid(other, "login-token-A", token));
    assert_false(csrf_valid(secret, "login-token-A", ""));
    assert_false(csrf_valid(secret, NULL, token));
    token[0] = token[0] == 'A' ? 'B' : 'A';
    assert_false(csrf_valid(secret, "login-token-A", token));
}

static void test_throttle_blocks_after_limit_and_expires(void **state)
{
    (void)state;
    throttle_reset();
    time_t now = 1000000;
    for (int i = 0; i < THROTTLE_ACCOUNT_FAILURES - 1; i++)
        throttle_fail("account:x", THROTTLE_ACCOUNT_FAILURES, now);
    assert_int_equal(throttle_wait("account:x", now), 0);
    throttle_fail("account:x", THROTTLE_ACCOUNT_FAILURES, now);
    assert_int_equal(throttle_wait("account:x", now), THROTTLE_WINDOW_SECONDS);
    assert_int_equal(throttle_wait("account:y", now), 0); /* others unaffected */
    assert_int_equal(throttle_wait("account:x", now + THROTTLE_WINDOW_SECONDS), 0);
    throttle_clear("account:x");
    assert_int_equal(throttle_wait("account:x", now), 0);
}

static void test_throttle_window_restarts(void **state)
{
    (void)state;
    throttle_reset();
    time_t now = 5000000;
    for (int i = 0; i < 3; i++)
        throttle_fail("ip:1.2.3.4", 4, now);
    /* Failures spread beyond the window do not add up. */
    throttle_fail("ip:1.2.3.4", 4, now + THROTTLE_WINDOW_SECONDS + 1);
    assert_int_equal(throttle_wait("ip:1.2.3.4", now + THROTTLE_WINDOW_SECONDS + 1), 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_policy_refuses_short_and_common),
        cmocka_unit_test(test_password_policy_accepts_phrases),
        cmocka_unit_test(test_password_hash_is_argon2id_and_verifies),
        cmocka_unit_test(test_tokens_are_random_and_hashed),
        cmocka_unit_test(test_csrf_tokens_bind_to_their_base),
        cmocka_unit_test(test_throttle_blocks_after_limit_and_expires),
        cmocka_unit_test(test_throttle_window_restarts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
