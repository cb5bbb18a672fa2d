/* test_jsonout.c — jsonout writes exactly what json_dumps(JSON_COMPACT)
 * writes, so switching the renderer changed no response byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jsonout.h"

static void assert_same_as_jansson(json_t *value)
{
    struct strbuf out;
    strbuf_init(&out);
    assert_int_equal(jsonout_append(&out, value), 0);
    char *expected = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
    assert_non_null(expected);
    assert_string_equal(out.data, expected);
    free(expected);
    strbuf_cleanup(&out);
    json_decref(value);
}

static void test_jsonout_matches_jansson_for_a_view(void **state)
{
    (void)state;
    assert_same_as_jansson(json_pack(
        "{s:I, s:s, s:b, s:n, s:[s, s], s:{s:[{s:s}], s:{}, s:[]}, s:o, s:f, s:f, s:I}", "id",
        (json_int_t)42, "name", "Zoë \"Z\" <b>&amp;</b> 日本 😀", "is_active", 1, "manager", "list",
        "a", "b", "profile", "availability", "day", "mon", "empty", "none", "bool", json_false(),
        "score", 0.1, "whole", 3.0, "negative", (json_int_t)-9007199254740993LL));
}

static void test_jsonout_escapes_like_jansson(void **state)
{
    (void)state;
    const char text[] = "q\" b\\ s/ \b\f\n\r\t \x01\x1f \x7f end";
    assert_same_as_jansson(json_stringn(text, sizeof text - 1));
    assert_same_as_jansson(json_pack("{s:s}", "key \"\n", "v"));
    assert_same_as_jansson(json_stringn("nul\0inside", 10));
    assert_same_as_jansson(json_string(""));
}

static void test_jsonout_keeps_insertion_order(void **state)
{
    (void)state;
    json_t *object = json_object();
    const char *keys[] = {"zeta", "alpha", "mid", "beta", "a", "zz"};
    for (int i = 0; i < 6; i++)
        json_object_set_new(object, keys[i], json_integer(i));
    json_object_del(object, "mid");
    json_object_set_new(object, "mid", json_null());
    assert_same_as_jansson(object);
}

static void test_jsonout_refuses_a_cycle(void **state)
{
    (void)state;
    json_t *outer = json_array(), *inner = json_object();
    json_array_append(outer, inner);
    json_object_set(inner, "outer", outer);
    struct strbuf out;
    strbuf_init(&out);
    assert_int_equal(jsonout_append(&out, outer), -1);
    strbuf_cleanup(&out);
    json_object_clear(inner);
    json_decref(inner);
    json_decref(outer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonout_matches_jansson_for_a_view),
        cmocka_unit_test(test_jsonout_escapes_like_jansson),
        cmocka_unit_test(test_jsonout_keeps_insertion_order),
        cmocka_unit_test(test_jsonout_refuses_a_cycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
