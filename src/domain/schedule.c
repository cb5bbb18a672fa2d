/* schedule.c — see schedule.h. Dates are integer days (lib/date.h), so
 * stepping a series is addition; only the final local-to-UTC step needs the
 * time zone database. */
#include "domain/schedule.h"

#include <stdio.h>
#include <string.h>

#include "lib/date.h"
#include "lib/tz.h"

int schedule_cadence_parse(const char *text, enum schedule_cadence *out)
{
    static const struct {
        const char *name;
        enum schedule_cadence cadence;
    } names[] = {
        {"weekly", SCHEDULE_WEEKLY},
        {"biweekly", SCHEDULE_BIWEEKLY},
        {"monthly", SCHEDULE_MONTHLY},
    };
    for (size_t i = 0; text && i < sizeof names / sizeof *names; i++) {
        if (!strcmp(text, names[i].name)) {
            *out = names[i].cadence;
            return 0;
        }
    }
    return -1;
}

static int days_in_month(int year, int month)
{
    int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
    return (int)(date_from_ymd(next_year, next_month, 1) - date_from_ymd(year, month, 1));
}

int64_t schedule_nth_weekday(int year, int month, int weekday, int nth)
{
    int64_t first = date_from_ymd(year, month, 1);
    int64_t day = first + (weekday - date_weekday(first) + 7) % 7;
    if (nth < 5)
        return day + 7 * (nth - 1);
    int64_t last = first + days_in_month(year, month) - 1;
    while (day + 7 <= last)
        day += 7;
    return day;
}

void schedule_dates(int64_t first, enum schedule_cadence cadence, int count, int64_t *out)
{
    int year, month, day;
    date_to_ymd(first, &year, &month, &day);
    int weekday = date_weekday(first), nth = (day - 1) / 7 + 1;
    for (int i = 0; i < count; i++) {
        switch (cadence) {
        case SCHEDULE_WEEKLY:
            out[i] = first + 7 * i;
            break;
        case SCHEDULE_BIWEEKLY:
            out[i] = first + 14 * i;
            break;
        case SCHEDULE_MONTHLY: {
            int months = (month - 1) + i;
            out[i] = i == 0
                         ? first
                         : schedule_nth_weekday(year + months / 12, months % 12 + 1, weekday, nth);
            break;
        }
        }
    }
}

int schedule_series(const char *zone, time_t first, enum schedule_cadence cadence, int count,
                    time_t *out)
{
    if (count < 1 || count > SCHEDULE_MAX_SERIES)
        return -1;
    struct tm local;
    if (tz_utc_to_local(zone, first, &local) != 0)
        return -1;
    int64_t days[SCHEDULE_MAX_SERIES];
    schedule_dates(date_from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday), cadence,
                   count, days);
    out[0] = first;
    for (int i = 1; i < count; i++) {
        int year, month, day;
        date_to_ymd(days[i], &year, &month, &day);
        if (tz_local_to_utc(zone, year, month, day, local.tm_hour, local.tm_min, &out[i]) != 0)
            return -1;
    }
    return 0;
}

int64_t schedule_expected_count(enum schedule_cadence cadence, int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    switch (cadence) {
    case SCHEDULE_WEEKLY:
        return (to - from) / (7 * 86400);
    case SCHEDULE_BIWEEKLY:
        return (to - from) / (14 * 86400);
    case SCHEDULE_MONTHLY:
        break;
    }
    int64_t from_day = from / 86400, to_day = to / 86400;
    int y1, m1, d1, y2, m2, d2;
    date_to_ymd(from_day, &y1, &m1, &d1);
    date_to_ymd(to_day, &y2, &m2, &d2);
    int64_t months = (int64_t)(y2 - y1) * 12 + (m2 - m1);
    int64_t from_clock = from % 86400, to_clock = to % 86400;
    if (d2 < d1 || (d2 == d1 && to_clock < from_clock))
        months--; /* the last month is not complete yet */
    return months;
}

void schedule_format_local(const char *zone, time_t at, char out[SCHEDULE_WHEN_CHARS])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (!zone || tz_utc_to_local(zone, at, &tm) != 0)
        gmtime_r(&at, &tm);
    snprintf(out, SCHEDULE_WHEN_CHARS, "%s %d %s %d, %02d:%02d", days[(unsigned)tm.tm_wday % 7],
             tm.tm_mday, months[(unsigned)tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour,
             tm.tm_min);
}
