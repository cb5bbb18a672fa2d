/* test_tz.c — time zones: validation and conversions across DST. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/tz.h"

static void test_tz_validates_names(void **state)
{
    (void)state;
    assert_true(tz_is_valid("Europe/Paris"));
    assert_true(tz_is_valid("UTC"));
    assert_true(tz_is_valid("America/Argentina/Buenos_Aires"));
    assert_false(tz_is_valid("Mars/Olympus"));
    assert_false(tz_is_valid("../../etc/passwd"));
    assert_false(tz_is_valid("/etc/localtime"));
    assert_false(tz_is_valid(""));
    assert_false(tz_is_valid("Europe"));   /* a folder, not a zone */
    assert_false(tz_is_valid("zone.tab")); /* a file, not TZif */
}

static void test_tz_offsets_follow_daylight_saving(void **state)
{
    (void)state;
    int offset;
    assert_int_equal(tz_utc_offset_minutes("Europe/Paris", 1767225600, &offset), 0); /* Jan 2026 */
    assert_int_equal(offset, 60);
    assert_int_equal(tz_utc_offset_minutes("Europe/Paris", 1783036800, &offset), 0); /* Jul 2026 */
    assert_int_equal(offset, 120);
    assert_int_equal(tz_utc_offset_minutes("Asia/Kolkata", 1783036800, &offset), 0);
    assert_int_equal(offset, 330);
    assert_int_equal(tz_utc_offset_minutes("Nowhere/Else", 0, &offset), -1);
}

static void test_tz_local_to_utc(void **state)
{
    (void)state;
    time_t t;
    /* 2026-07-01 09:00 in New York (EDT, UTC-4) is 13:00 UTC. */
    assert_int_equal(tz_local_to_utc("America/New_York", 2026, 7, 1, 9, 0, &t), 0);
    assert_int_equal((long long)t, 1782910800LL);
    struct tm local;
    assert_int_equal(tz_utc_to_local("America/New_York", t, &local), 0);
    assert_int_equal(local.tm_hour, 9);
    assert_int_equal(tz_local_to_utc("UTC", 2026, 2, 31, 9, 0, &t), -1); /* no 31 February */
    assert_int_equal(tz_local_to_utc("UTC", 2026, 13, 1, 9, 0, &t), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tz_validates_names),
        cmocka_unit_test(test_tz_offsets_follow_daylight_saving),
        cmocka_unit_test(test_tz_local_to_utc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
