/* test_view.c — stored JSON lists read back into views: the fast path for
 * plain strings, lists and flat objects gives what json_loads gives, and
 * everything else still reaches json_loads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "web/view.h"

static void test_stored_lists_read_back_as_json_loads_reads_them(void **state)
{
    (void)state;
    const char *texts[] = {
        "[]",
        "[\"en\"]",
        "[\"public speaking\",\"coaching conversations\",\"hiring interviews\"]",
        "[\"\",\"Zoë\",\"日本語\"]",
        "[\"say \\\"hi\\\"\",\"back\\\\slash\",\"tab\\t\"]",
        "[\"a\", \"b\"]",
        "[{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"12:00\"},"
        "{\"day\":\"tue\",\"start\":\"10:00\",\"end\":\"11:00\"}]",
        "[{}]",
        "[[],[[\"deep\"]]]",
        "{\"k\":\"v\",\"k\":\"w\",\"\":\"\"}",
        "[{\"day\":\"mon\",\"level\":3}]",
        "[\"a\",1,null]",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        json_t *expected = json_loads(texts[i], 0, NULL);
        assert_non_null(expected);
        json_t *got = view_json_text(texts[i]);
        assert_true(json_equal(got, expected));
        json_decref(got);
        json_decref(expected);
    }
}

static void test_unreadable_stored_lists_read_back_empty(void **state)
{
    (void)state;
    const char *texts[] = {"",
                           "[",
                           "[\"a\"",
                           "[\"a\",]",
                           "[\"a\"]x",
                           "[\"\xff\"]",
                           "{}x",
                           "[\"a\"\"b\"]",
                           "\"text\"",
                           "[{\"a\"}]",
                           "[{\"\xff\":\"b\"}]",
                           "{\"a\":\"b\",}"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        json_t *got = view_json_text(texts[i]);
        assert_true(json_is_array(got));
        assert_int_equal(json_array_size(got), 0);
        json_decref(got);
    }
    json_t *none = view_json_text(NULL);
    assert_true(json_is_array(none) && json_array_size(none) == 0);
    json_decref(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stored_lists_read_back_as_json_loads_reads_them),
        cmocka_unit_test(test_unreadable_stored_lists_read_back_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
