/* test_date.c — calendar dates, weekdays and RFC 3339 instants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/date.h"

static void test_date_round_trips_and_weekdays(void **state)
{
    (void)state;
    int64_t days;
    assert_true(date_parse("1970-01-01", &days));
    assert_int_equal(days, 0);
    assert_true(date_parse("2026-11-23", &days));
    assert_int_equal(date_weekday(days), 0); /* a Monday */
    char text[DATE_CHARS + 1];
    for (int64_t d = -800; d < 60000; d += 37) {
        date_format(d, text);
        int64_t back;
        assert_true(date_parse(text, &back));
        assert_int_equal(back, d);
    }
    assert_true(date_parse("2028-02-29", &days)); /* leap year */
}

static void test_date_refuses_impossible_dates(void **state)
{
    (void)state;
    int64_t days;
    const char *bad[] = {"2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10",  "2026-1-5",
                         "26-01-01",   "2026/01/01", "",           "2026-01-01x", NULL};
    for (int i = 0; bad[i]; i++)
        assert_false(date_parse(bad[i], &days));
}

static void test_rfc3339_offsets(void **state)
{
    (void)state;
    time_t t;
    assert_true(rfc3339_parse("2026-07-01T13:00:00Z", &t));
    assert_int_equal((long long)t, 1782910800LL);
    assert_true(rfc3339_parse("2026-07-01T09:00-04:00", &t));
    assert_int_equal((long long)t, 1782910800LL);
    assert_true(rfc3339_parse("2026-07-01T18:30:00+05:30", &t));
    assert_int_equal((long long)t, 1782910800LL);
    assert_false(rfc3339_parse("2026-07-01T13:00:00", &t)); /* no zone: ambiguous */
    assert_false(rfc3339_parse("2026-07-01T25:00:00Z", &t));
    assert_false(rfc3339_parse("2026-07-01", &t));
    assert_false(rfc3339_parse("2026-07-01T13:00:00Zjunk", &t));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_round_trips_and_weekdays),
        cmocka_unit_test(test_date_refuses_impossible_dates),
        cmocka_unit_test(test_rfc3339_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
