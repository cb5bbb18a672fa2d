/* date.h — calendar dates ("2026-11-23") and instants in RFC 3339
 * ("2026-11-23T09:30:00Z", "2026-11-23T10:30:00+01:00").
 *
 * Dates are days in the proleptic Gregorian calendar counted from
 * 1970-01-01, so adding days and comparing dates is integer arithmetic. */
#ifndef PEERCOACH_DATE_H
#define PEERCOACH_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define DATE_CHARS 10 /* YYYY-MM-DD */

/* Days since 1970-01-01 of a valid "YYYY-MM-DD" (years 1900-2999);
 * false for anything else, including 2026-02-30. */
bool date_parse(const char *text, int64_t *days);
void date_format(int64_t days, char out[DATE_CHARS + 1]);
/* Days since 1970-01-01 of y-m-d; no validation. */
int64_t date_from_ymd(int year, int month, int day);
void date_to_ymd(int64_t days, int *year, int *month, int *day);
/* 0 = Monday … 6 = Sunday. */
int date_weekday(int64_t days);
/* Today in zone (an IANA name; "UTC" when NULL or invalid). */
int64_t date_today(const char *zone, time_t now);

/* An RFC 3339 instant, with Z or a ±hh:mm offset; seconds optional. */
bool rfc3339_parse(const char *text, time_t *out);

#endif
