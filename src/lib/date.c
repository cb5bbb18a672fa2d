/* date.c — see date.h. The day-count conversions are the well-known
 * era-based algorithm (H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms"), written out here. */
#include "lib/date.h"

#include <stdio.h>
#include <string.h>

#include "lib/tz.h"

int64_t date_from_ymd(int year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int64_t days, int *year, int *month, int *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

static bool digits(const char *s, int n, int *value)
{
    *value = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *value = *value * 10 + (s[i] - '0');
    }
    return true;
}

static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
    if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) || s[7] != '-' ||
        !digits(s + 8, 2, d))
        return false;
    if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1)
        return false;
    int y2, m2, d2;
    date_to_ymd(date_from_ymd(*y, *m, *d), &y2, &m2, &d2);
    return y2 == *y && m2 == *m && d2 == *d; /* refuses 30 February */
}

bool date_parse(const char *text, int64_t *days)
{
    int y, m, d;
    if (!text || strlen(text) != DATE_CHARS || !parse_ymd(text, &y, &m, &d))
        return false;
    *days = date_from_ymd(y, m, d);
    return true;
}

void date_format(int64_t days, char out[DATE_CHARS + 1])
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    char text[32];
    snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    memcpy(out, text, DATE_CHARS);
    out[DATE_CHARS] = '\0';
}

int date_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int64_t date_today(const char *zone, time_t now)
{
    struct tm local;
    if (!zone || tz_utc_to_local(zone, now, &local) != 0)
        gmtime_r(&now, &local);
    return date_from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

bool rfc3339_parse(const char *text, time_t *out)
{
    int y, mo, d, h, mi, s = 0;
    if (!text || strlen(text) < 17 || !parse_ymd(text, &y, &mo, &d) ||
        (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text + 11, 2, &h) ||
        text[13] != ':' || !digits(text + 14, 2, &mi))
        return false;
    const char *rest = text + 16;
    if (*rest == ':') {
        if (!digits(rest + 1, 2, &s))
            return false;
        rest += 3;
    }
    if (h > 23 || mi > 59 || s > 60)
        return false;
    int offset = 0;
    if (*rest == 'Z' || *rest == 'z') {
        rest++;
    } else if (*rest == '+' || *rest == '-') {
        int oh, om;
        if (!digits(rest + 1, 2, &oh) || rest[3] != ':' || !digits(rest + 4, 2, &om) || oh > 23 ||
            om > 59)
            return false;
        offset = (oh * 60 + om) * (*rest == '-' ? -1 : 1);
        rest += 6;
    } else {
        return false;
    }
    if (*rest)
        return false;
    *out = (time_t)(date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset * 60);
    return true;
}
