/* test_text.c — UTF-8 validation, user-text checks and urlencoded forms:
 * the first gate every piece of outside text passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/urlform.h"
#include "lib/utf8.h"

static void test_utf8_accepts_valid_text(void **state)
{
    (void)state;
    const char *ok[] = {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", NULL};
    for (int i = 0; ok[i]; i++)
        assert_true(utf8_is_valid(ok[i], strlen(ok[i])));
}

static void test_utf8_refuses_overlong_surrogates_and_truncation(void **state)
{
    (void)state;
    const char *bad[] = {"\xc0\xaf",         /* overlong '/' */
                         "\xe0\x80\xaf",     /* overlong */
                         "\xed\xa0\x80",     /* surrogate U+D800 */
                         "\xf4\x90\x80\x80", /* above U+10FFFF */
                         "\xc3",             /* truncated */
                         "\xff",
                         "\x80",
                         NULL};
    for (int i = 0; bad[i]; i++)
        assert_false(utf8_is_valid(bad[i], strlen(bad[i])));
    assert_false(utf8_is_valid("a\0b", 3)); /* embedded NUL */
}

static void test_text_check_rules(void **state)
{
    (void)state;
    assert_int_equal(text_check("hello", 5, 10, false), TEXT_OK);
    assert_int_equal(text_check("two\nlines", 9, 20, false), TEXT_CONTROL_CHAR);
    assert_int_equal(text_check("two\nlines", 9, 20, true), TEXT_OK);
    assert_int_equal(text_check("bell\a", 5, 20, true), TEXT_CONTROL_CHAR);
    assert_int_equal(text_check("c1\xc2\x85", 4, 20, true), TEXT_CONTROL_CHAR);
    /* Length counts characters, not bytes: four euro signs are 12 bytes. */
    assert_int_equal(text_check("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 12, 4, false),
                     TEXT_OK);
    assert_int_equal(text_check("abcde", 5, 4, false), TEXT_TOO_LONG);
    assert_int_equal(text_check("\xc3(", 2, 4, false), TEXT_BAD_UTF8);
}

static void test_urlform_parses_pairs_and_repeats(void **state)
{
    (void)state;
    const char *error;
    const char *body = "name=Ana+Souza&email=ana%40x.org&tag=a&tag=b&empty=&flag";
    json_t *form = urlform_parse(body, strlen(body), &error);
    assert_non_null(form);
    assert_string_equal(json_string_value(json_object_get(form, "name")), "Ana Souza");
    assert_string_equal(json_string_value(json_object_get(form, "email")), "ana@x.org");
    assert_int_equal(json_array_size(json_object_get(form, "tag")), 2);
    assert_string_equal(json_string_value(json_object_get(form, "empty")), "");
    assert_string_equal(json_string_value(json_object_get(form, "flag")), "");
    json_decref(form);
}

static void test_urlform_refuses_bad_escapes_and_utf8(void **state)
{
    (void)state;
    const char *error;
    assert_null(urlform_parse("a=%zz", 5, &error));
    assert_non_null(error);
    assert_null(urlform_parse("a=%4", 4, &error));
    assert_null(urlform_parse("a=%ff", 5, &error));
    assert_string_equal(error, "invalid UTF-8");
    assert_null(urlform_parse("a=x%00y", 7, &error));
}

static void test_urlform_encode_round_trips(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    const char *original = "a b&c=d/é?#";
    char *encoded = urlform_encode(arena, original);
    assert_null(strpbrk(encoded, " &=/?#"));
    char decoded[64];
    long n = urlform_decode(encoded, strlen(encoded), decoded);
    assert_int_equal(n, (long)strlen(original));
    assert_string_equal(decoded, original);
    arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_accepts_valid_text),
        cmocka_unit_test(test_utf8_refuses_overlong_surrogates_and_truncation),
        cmocka_unit_test(test_text_check_rules),
        cmocka_unit_test(test_urlform_parses_pairs_and_repeats),
        cmocka_unit_test(test_urlform_refuses_bad_escapes_and_utf8),
        cmocka_unit_test(test_urlform_encode_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
