/* tz.c — time zones through the C library under one mutex; see tz.h.
 *
 * Why not parse TZif ourselves: glibc already does it correctly, including
 * the POSIX rule string for dates past the file's transitions. The price is
 * a global: TZ is set, used and reset under tz_lock. */
#include "lib/tz.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

bool tz_is_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64 || name[0] == '/' || strstr(name, ".."))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+'))
            return false;
    }
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    fclose(f);
    return got == 4 && memcmp(magic, "TZif", 4) == 0;
}

/* Set the process zone; caller holds tz_lock. */
static void zone_enter(const char *zone)
{
    char spec[80];
    snprintf(spec, sizeof spec, ":%s", zone);
    setenv("TZ", spec, 1);
    tzset();
}

static void zone_leave(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
}

int tz_utc_to_local(const char *zone, time_t at, struct tm *out)
{
    if (!tz_is_valid(zone))
        return -1;
    pthread_mutex_lock(&tz_lock);
    zone_enter(zone);
    struct tm *ok = localtime_r(&at, out);
    zone_leave();
    pthread_mutex_unlock(&tz_lock);
    return ok ? 0 : -1;
}

int tz_utc_offset_minutes(const char *zone, time_t at, int *offset_minutes)
{
    struct tm local;
    *offset_minutes = 0;
    if (tz_utc_to_local(zone, at, &local) != 0)
        return -1;
    *offset_minutes = (int)(local.tm_gmtoff / 60);
    return 0;
}

int tz_local_to_utc(const char *zone, int year, int month, int day, int hour, int minute,
                    time_t *out)
{
    if (!tz_is_valid(zone) || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 ||
        hour > 23 || minute < 0 || minute > 59)
        return -1;
    struct tm want = {.tm_year = year - 1900,
                      .tm_mon = month - 1,
                      .tm_mday = day,
                      .tm_hour = hour,
                      .tm_min = minute,
                      .tm_isdst = -1};
    pthread_mutex_lock(&tz_lock);
    zone_enter(zone);
    time_t t = mktime(&want);
    zone_leave();
    pthread_mutex_unlock(&tz_lock);
    /* mktime normalises 31 February into March; refuse such dates. */
    if (t == (time_t)-1 || want.tm_mday != day || want.tm_mon != month - 1)
        return -1;
    *out = t;
    return 0;
}
