/* schedule.h — the date maths of a session series: the next N meeting
 * dates at an agreement's cadence, kept at the same local wall-clock time
 * across daylight-saving changes, and how many sessions a cadence expects
 * over a span of time. Pure functions: no database, no ctx.
 *
 * Cadences:
 *   weekly    every 7 days
 *   biweekly  every 14 days
 *   monthly   the same weekday of the month as the first date ("2nd
 *             Tuesday"), because a team's rhythm follows weekdays (a
 *             Tuesday meeting stays on Tuesday) where a day of the month
 *             would drift across weekends. A first date in the 5th week
 *             (day 29-31) continues on the LAST such weekday of each month,
 *             since not every month has a 5th one. */
#ifndef PEERCOACH_SCHEDULE_H
#define PEERCOACH_SCHEDULE_H

#include <stdint.h>
#include <time.h>

enum schedule_cadence { SCHEDULE_WEEKLY, SCHEDULE_BIWEEKLY, SCHEDULE_MONTHLY };

/* The most sessions one request may schedule. */
#define SCHEDULE_MAX_SERIES 26

/* "weekly", "biweekly" or "monthly" into *out; -1 for anything else. */
int schedule_cadence_parse(const char *text, enum schedule_cadence *out);

/* Days since 1970 of the nth (1-4) weekday (0 = Monday … 6 = Sunday) of
 * year-month; nth 5 (or more) means the last one of that month. */
int64_t schedule_nth_weekday(int year, int month, int weekday, int nth);

/* count dates (days since 1970) of a series: out[0] = first, then one per
 * cadence step. */
void schedule_dates(int64_t first, enum schedule_cadence cadence, int count, int64_t *out);

/* count UTC instants of a series: out[0] = first, later ones on the
 * cadence's dates at first's local wall-clock time in zone (an IANA name),
 * so a 09:30 meeting stays at 09:30 after a DST change. A local time that
 * a DST change skips moves one offset later (tz_local_to_utc). Returns 0,
 * or -1 for a bad zone or count outside 1..SCHEDULE_MAX_SERIES. */
int schedule_series(const char *zone, time_t first, enum schedule_cadence cadence, int count,
                    time_t *out);

/* Whole cadence periods between from and to (UTC seconds): how many
 * sessions the cadence expects by to for a partnership active since from.
 * Months are calendar months (UTC). 0 when to <= from. */
int64_t schedule_expected_count(enum schedule_cadence cadence, int64_t from, int64_t to);

/* An instant as people read it in zone: "Tue 24 Nov 2026, 10:30" (UTC if
 * the zone is unknown). */
#define SCHEDULE_WHEN_CHARS 40
void schedule_format_local(const char *zone, time_t at, char out[SCHEDULE_WHEN_CHARS]);

#endif
