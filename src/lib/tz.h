/* tz.h — IANA time zones: validate a name, find its UTC offset at an
 * instant, and convert local wall-clock times to UTC.
 *
 * Backed by the system's tz database (Debian's tzdata) through the C
 * library. The C library keeps one process-wide zone, so every call here
 * takes a mutex and restores UTC before returning; the rest of peercoach
 * uses only gmtime_r/timegm and never the process zone. All functions are
 * thread-safe. */
#ifndef PEERCOACH_TZ_H
#define PEERCOACH_TZ_H

#include <stdbool.h>
#include <time.h>

/* True if name is a zone in the tz database ("Europe/Paris", "UTC"). */
bool tz_is_valid(const char *name);

/* Offset east of UTC, in minutes, of zone at instant at; 0 on -1 return. */
int tz_utc_offset_minutes(const char *zone, time_t at, int *offset_minutes);

/* The UTC instant of local time y-m-d h:min in zone. For a time skipped by
 * a DST change the result is the instant one offset later; for an
 * ambiguous one the earlier instant. Returns 0 or -1 (bad zone or date). */
int tz_local_to_utc(const char *zone, int year, int month, int day, int hour, int minute,
                    time_t *out);

/* The local broken-down time of instant at in zone. Returns 0 or -1. */
int tz_utc_to_local(const char *zone, time_t at, struct tm *out);

#endif
