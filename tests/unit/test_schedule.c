/* test_schedule.c — the date maths of session series: cadence steps, the
 * nth weekday of a month, local wall-clock time kept across daylight-saving
 * changes, and sessions expected by a cadence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/schedule.h"
#include "lib/date.h"

/* UTC seconds of y-m-d h:m UTC. */
static time_t utc(int y, int mo, int d, int h, int mi)
{
    return (time_t)(date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60);
}

static void test_cadence_names(void **state)
{
    (void)state;
    enum schedule_cadence c;
    assert_int_equal(schedule_cadence_parse("weekly", &c), 0);
    assert_int_equal(c, SCHEDULE_WEEKLY);
    assert_int_equal(schedule_cadence_parse("biweekly", &c), 0);
    assert_int_equal(c, SCHEDULE_BIWEEKLY);
    assert_int_equal(schedule_cadence_parse("monthly", &c), 0);
    assert_int_equal(c, SCHEDULE_MONTHLY);
    assert_int_equal(schedule_cadence_parse("daily", &c), -1);
    assert_int_equal(schedule_cadence_parse(NULL, &c), -1);
}

static void test_weekly_and_biweekly_dates(void **state)
{
    (void)state;
    int64_t first = date_from_ymd(2026, 12, 22), out[3];
    schedule_dates(first, SCHEDULE_WEEKLY, 3, out);
    assert_int_equal(out[1], date_from_ymd(2026, 12, 29));
    assert_int_equal(out[2], date_from_ymd(2027, 1, 5)); /* across the year */
    schedule_dates(first, SCHEDULE_BIWEEKLY, 3, out);
    assert_int_equal(out[1], date_from_ymd(2027, 1, 5));
    assert_int_equal(out[2], date_from_ymd(2027, 1, 19));
}

static void test_nth_weekday_of_month(void **state)
{
    (void)state;
    /* February 2026 starts on a Sunday: its Tuesdays are 3, 10, 17, 24. */
    assert_int_equal(schedule_nth_weekday(2026, 2, 1, 1), date_from_ymd(2026, 2, 3));
    assert_int_equal(schedule_nth_weekday(2026, 2, 1, 2), date_from_ymd(2026, 2, 10));
    assert_int_equal(schedule_nth_weekday(2026, 2, 1, 4), date_from_ymd(2026, 2, 24));
    assert_int_equal(schedule_nth_weekday(2026, 2, 1, 5), date_from_ymd(2026, 2, 24)); /* last */
    /* March 2026 has five Tuesdays; the 5th is the last. */
    assert_int_equal(schedule_nth_weekday(2026, 3, 1, 5), date_from_ymd(2026, 3, 31));
    /* A Sunday that is the 1st of the month. */
    assert_int_equal(schedule_nth_weekday(2026, 3, 6, 1), date_from_ymd(2026, 3, 1));
}

static void test_monthly_keeps_the_weekday_of_the_month(void **state)
{
    (void)state;
    int64_t out[4];
    /* 2026-01-13 is the 2nd Tuesday of January. */
    schedule_dates(date_from_ymd(2026, 1, 13), SCHEDULE_MONTHLY, 4, out);
    assert_int_equal(out[0], date_from_ymd(2026, 1, 13));
    assert_int_equal(out[1], date_from_ymd(2026, 2, 10));
    assert_int_equal(out[2], date_from_ymd(2026, 3, 10));
    assert_int_equal(out[3], date_from_ymd(2026, 4, 14));
    for (int i = 0; i < 4; i++)
        assert_int_equal(date_weekday(out[i]), 1);
    /* A 5th Tuesday continues on the last Tuesday of each month. */
    schedule_dates(date_from_ymd(2026, 3, 31), SCHEDULE_MONTHLY, 3, out);
    assert_int_equal(out[1], date_from_ymd(2026, 4, 28));
    assert_int_equal(out[2], date_from_ymd(2026, 5, 26));
    /* Across the end of the year: 2nd Thursday of November 2026. */
    schedule_dates(date_from_ymd(2026, 11, 12), SCHEDULE_MONTHLY, 3, out);
    assert_int_equal(out[1], date_from_ymd(2026, 12, 10));
    assert_int_equal(out[2], date_from_ymd(2027, 1, 14));
}

static void test_series_keeps_local_time_when_summer_time_starts(void **state)
{
    (void)state;
    /* 09:30 in Paris is 08:30Z in winter and 07:30Z from 29 March 2026. */
    time_t out[3];
    assert_int_equal(
        schedule_series("Europe/Paris", utc(2026, 3, 19, 8, 30), SCHEDULE_WEEKLY, 3, out), 0);
    assert_int_equal((long long)out[0], (long long)utc(2026, 3, 19, 8, 30));
    assert_int_equal((long long)out[1], (long long)utc(2026, 3, 26, 8, 30));
    assert_int_equal((long long)out[2], (long long)utc(2026, 4, 2, 7, 30));
}

static void test_series_keeps_local_time_when_summer_time_ends(void **state)
{
    (void)state;
    /* 09:00 in New York is 13:00Z (EDT) until 1 November 2026, then 14:00Z. */
    time_t out[2];
    assert_int_equal(
        schedule_series("America/New_York", utc(2026, 10, 26, 13, 0), SCHEDULE_WEEKLY, 2, out), 0);
    assert_int_equal((long long)out[1], (long long)utc(2026, 11, 2, 14, 0));
    /* Monthly across the change: 2nd Monday of October, then of November. */
    assert_int_equal(
        schedule_series("America/New_York", utc(2026, 10, 12, 13, 0), SCHEDULE_MONTHLY, 2, out), 0);
    assert_int_equal((long long)out[1], (long long)utc(2026, 11, 9, 14, 0));
}

static void test_series_moves_a_skipped_local_time_forward(void **state)
{
    (void)state;
    /* 02:30 on 29 March 2026 does not exist in Paris: the clocks jump from
     * 02:00 to 03:00. The session lands one offset later, 03:30 CEST. */
    time_t out[2];
    assert_int_equal(
        schedule_series("Europe/Paris", utc(2026, 3, 22, 1, 30), SCHEDULE_WEEKLY, 2, out), 0);
    assert_int_equal((long long)out[1], (long long)utc(2026, 3, 29, 1, 30));
}

static void test_series_refuses_bad_zone_and_counts(void **state)
{
    (void)state;
    time_t out[SCHEDULE_MAX_SERIES];
    assert_int_equal(
        schedule_series("Mars/Olympus", utc(2026, 3, 19, 8, 30), SCHEDULE_WEEKLY, 2, out), -1);
    assert_int_equal(schedule_series("UTC", utc(2026, 3, 19, 8, 30), SCHEDULE_WEEKLY, 0, out), -1);
    assert_int_equal(schedule_series("UTC", utc(2026, 3, 19, 8, 30), SCHEDULE_WEEKLY,
                                     SCHEDULE_MAX_SERIES + 1, out),
                     -1);
    assert_int_equal(
        schedule_series("UTC", utc(2026, 3, 19, 8, 30), SCHEDULE_MONTHLY, SCHEDULE_MAX_SERIES, out),
        0);
}

static void test_expected_sessions_by_cadence(void **state)
{
    (void)state;
    time_t start = utc(2026, 1, 15, 10, 0);
    assert_int_equal(schedule_expected_count(SCHEDULE_WEEKLY, start, start), 0);
    assert_int_equal(schedule_expected_count(SCHEDULE_WEEKLY, start, start - 1), 0);
    assert_int_equal(schedule_expected_count(SCHEDULE_WEEKLY, start, utc(2026, 2, 5, 10, 0)), 3);
    assert_int_equal(schedule_expected_count(SCHEDULE_WEEKLY, start, utc(2026, 2, 5, 9, 59)), 2);
    assert_int_equal(schedule_expected_count(SCHEDULE_BIWEEKLY, start, utc(2026, 2, 12, 10, 0)), 2);
    assert_int_equal(schedule_expected_count(SCHEDULE_MONTHLY, start, utc(2026, 4, 14, 10, 0)), 2);
    assert_int_equal(schedule_expected_count(SCHEDULE_MONTHLY, start, utc(2026, 4, 15, 10, 0)), 3);
    assert_int_equal(schedule_expected_count(SCHEDULE_MONTHLY, start, utc(2027, 1, 15, 10, 0)), 12);
}

static void test_local_format(void **state)
{
    (void)state;
    char text[SCHEDULE_WHEN_CHARS];
    schedule_format_local("Europe/Paris", utc(2026, 3, 19, 8, 30), text);
    assert_string_equal(text, "Thu 19 Mar 2026, 09:30");
    schedule_format_local("Nowhere/Else", utc(2026, 3, 19, 8, 30), text);
    assert_string_equal(text, "Thu 19 Mar 2026, 08:30");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cadence_names),
        cmocka_unit_test(test_weekly_and_biweekly_dates),
        cmocka_unit_test(test_nth_weekday_of_month),
        cmocka_unit_test(test_monthly_keeps_the_weekday_of_the_month),
        cmocka_unit_test(test_series_keeps_local_time_when_summer_time_starts),
        cmocka_unit_test(test_series_keeps_local_time_when_summer_time_ends),
        cmocka_unit_test(test_series_moves_a_skipped_local_time_forward),
        cmocka_unit_test(test_series_refuses_bad_zone_and_counts),
        cmocka_unit_test(test_expected_sessions_by_cadence),
        cmocka_unit_test(test_local_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
