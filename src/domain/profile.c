/* profile.c — see profile.h.
 *
 * Lists are normalised on the way in (trimmed, empty items dropped,
 * duplicates removed ignoring case, first spelling kept) and availability
 * windows are sorted and merged, so matching and display never have to
 * clean data again. */
#include "domain/profile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/access.h"
#include "domain/validate.h"
#include "lib/tz.h"
#include "store/audit.h"

#define MAX_LIST_ITEMS   30
#define MAX_ITEM_CHARS   60
#define MAX_WINDOWS      42
#define MAX_CHAIN_LENGTH 1000

const char *const profile_fields[] = {"display_name",
                                      "job_title",
                                      "department",
                                      "level",
                                      "manager_id",
                                      "time_zone",
                                      "languages",
                                      "availability",
                                      "skills_to_develop",
                                      "skills_to_offer",
                                      "interests",
                                      "bio",
                                      NULL};

static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

int profile_day_index(const char *day)
{
    for (int i = 0; day_names[i]; i++)
        if (!strcmp(day, day_names[i]))
            return i;
    return -1;
}

int profile_load(struct ctx *ctx, int64_t user_id, struct profile *out)
{
    int found = store_profile_get(ctx->db, ctx->arena, user_id, out);
    if (found < 0)
        return fail_internal(ctx, "reading profile");
    return found ? 0 : fail_not_found(ctx);
}

/* A list of short strings, normalised into JSON text in *out. */
static int take_list(struct ctx *ctx, const char *field, json_t *value, const char **out)
{
    if (!json_is_array(value))
        return fail_input(ctx, field, "must be a list of strings");
    if (json_array_size(value) > MAX_LIST_ITEMS)
        return fail_input(ctx, field, "must have at most %d items", MAX_LIST_ITEMS);
    json_t *clean = json_array();
    arena_defer(ctx->arena, (void (*)(void *))json_decref, clean);
    size_t i;
    json_t *item;
    json_array_foreach(value, i, item)
    {
        if (!json_is_string(item))
            return fail_input(ctx, field, "must be a list of strings");
        if (validate_text(ctx, field, json_string_value(item), 0, MAX_ITEM_CHARS, false) != 0)
            return -1;
        char *text = validate_trimmed(ctx->arena, json_string_value(item));
        bool duplicate = !*text;
        size_t k;
        json_t *seen;
        json_array_foreach(clean, k, seen) duplicate |= !strcasecmp(json_string_value(seen), text);
        if (!duplicate)
            json_array_append_new(clean, json_string(text));
    }
    char *dumped = json_dumps(clean, JSON_COMPACT);
    *out = arena_strdup(ctx->arena, dumped);
    free(dumped);
    return 0;
}

/* "HH:MM" (00:00..24:00) to minutes since midnight, or -1. */
static int parse_clock(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return -1;
    return h * 60 + m;
}

struct window {
    int day, start, end;
};

static int compare_windows(const void *a, const void *b)
{
    const struct window *x = a, *y = b;
    return x->day != y->day ? x->day - y->day : x->start - y->start;
}

static int take_availability(struct ctx *ctx, json_t *value, const char **out)
{
    const char *field = "availability";
    if (!json_is_array(value))
        return fail_input(ctx, field, "must be a list of {day, start, end} windows");
    size_t n = json_array_size(value);
    if (n > MAX_WINDOWS)
        return fail_input(ctx, field, "must have at most %d windows", MAX_WINDOWS);
    struct window *w = arena_alloc(ctx->arena, sizeof *w * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(value, i);
        const char *day = json_string_value(json_object_get(item, "day"));
        const char *start = json_string_value(json_object_get(item, "start"));
        const char *end = json_string_value(json_object_get(item, "end"));
        if (!json_is_object(item) || !day || !start || !end)
            return fail_input(ctx, field, "must be a list of {day, start, end} windows");
        w[i].day = profile_day_index(day);
        w[i].start = parse_clock(start);
        w[i].end = parse_clock(end);
        if (w[i].day < 0)
            return fail_input(ctx, field, "day must be one of mon, tue, wed, thu, fri, sat, sun");
        if (w[i].start < 0 || w[i].end < 0)
            return fail_input(ctx, field, "times must be HH:MM, like 09:30");
        if (w[i].start >= w[i].end)
            return fail_input(ctx, field, "each window must end after it starts");
    }
    qsort(w, n, sizeof *w, compare_windows);
    json_t *clean = json_array();
    arena_defer(ctx->arena, (void (*)(void *))json_decref, clean);
    for (size_t i = 0; i < n;) {
        struct window merged = w[i++];
        while (i < n && w[i].day == merged.day && w[i].start <= merged.end) {
            if (w[i].end > merged.end)
                merged.end = w[i].end;
            i++;
        }
        char start[16], end[16];
        snprintf(start, sizeof start, "%02d:%02d", merged.start / 60, merged.start % 60);
        snprintf(end, sizeof end, "%02d:%02d", merged.end / 60, merged.end % 60);
        json_array_append_new(clean, json_pack("{s:s, s:s, s:s}", "day", day_names[merged.day],
                                               "start", start, "end", end));
    }
    char *dumped = json_dumps(clean, JSON_COMPACT);
    *out = arena_strdup(ctx->arena, dumped);
    free(dumped);
    return 0;
}

static int take_text(struct ctx *ctx, const char *field, json_t *value, size_t max, bool multiline,
                     const char **out)
{
    if (!json_is_string(value))
        return fail_input(ctx, field, "must be a string");
    if (validate_text(ctx, field, json_string_value(value), 0, max, multiline) != 0)
        return -1;
    *out = validate_trimmed(ctx->arena, json_string_value(value));
    return 0;
}

/* Would making manager_id the manager of user_id close a loop? */
static int check_no_cycle(struct ctx *ctx, int64_t user_id, int64_t manager_id)
{
    int64_t at = manager_id;
    for (int steps = 0; at && steps < MAX_CHAIN_LENGTH; steps++) {
        if (at == user_id)
            return fail_input(ctx, "manager_id", "would make a reporting cycle");
        at = store_manager_of(ctx->db, at);
        if (at < 0)
            return fail_internal(ctx, "reading reporting line");
    }
    return 0;
}

static int check_manager(struct ctx *ctx, int64_t user_id, int64_t manager_id)
{
    if (!manager_id)
        return 0;
    if (manager_id == user_id)
        return fail_input(ctx, "manager_id", "cannot be the person themselves");
    struct user manager;
    int found = store_user_by_id(ctx->db, ctx->arena, manager_id, &manager);
    if (found < 0)
        return fail_internal(ctx, "reading manager");
    if (!found)
        return fail_input(ctx, "manager_id", "is not a known user");
    return check_no_cycle(ctx, user_id, manager_id);
}

int profile_update(struct ctx *ctx, int64_t user_id, json_t *changes)
{
    if (!json_is_object(changes))
        return fail_input(ctx, "profile", "must be an object");
    struct profile p;
    if (profile_load(ctx, user_id, &p) != 0)
        return -1;
    int64_t old_manager = p.manager_id;
    const char *display_name = NULL;
    const char *key;
    json_t *value;
    json_object_foreach(changes, key, value)
    {
        int rc = 0;
        if (!strcmp(key, "display_name")) {
            if (!json_is_string(value))
                return fail_input(ctx, key, "must be a string");
            rc = validate_text(ctx, key, json_string_value(value), 1, 100, false);
            display_name = validate_trimmed(ctx->arena, json_string_value(value));
            if (!rc && !*display_name)
                rc = fail_input(ctx, key, "is required");
        } else if (!strcmp(key, "job_title")) {
            rc = take_text(ctx, key, value, 100, false, &p.job_title);
        } else if (!strcmp(key, "department")) {
            rc = take_text(ctx, key, value, 100, false, &p.department);
        } else if (!strcmp(key, "bio")) {
            rc = take_text(ctx, key, value, 2000, true, &p.bio);
        } else if (!strcmp(key, "level")) {
            if (json_is_null(value)) {
                p.has_level = false;
            } else if (!json_is_integer(value)) {
                rc = fail_input(ctx, key, "must be a whole number or null");
            } else {
                p.has_level = true;
                p.level = json_integer_value(value);
                rc = validate_range(ctx, key, p.level, 0, 100);
            }
        } else if (!strcmp(key, "time_zone")) {
            if (!json_is_string(value) || !tz_is_valid(json_string_value(value)))
                rc = fail_input(ctx, key, "must be a time zone name like Europe/Paris");
            else
                p.time_zone = arena_strdup(ctx->arena, json_string_value(value));
        } else if (!strcmp(key, "manager_id")) {
            if (!access_is_admin(ctx))
                return fail_forbidden(ctx, "Only an administrator may change reporting lines.");
            if (!json_is_null(value) && !json_is_integer(value))
                rc = fail_input(ctx, key, "must be a user id or null");
            else
                p.manager_id = json_is_null(value) ? 0 : json_integer_value(value);
            if (!rc)
                rc = check_manager(ctx, user_id, p.manager_id);
        } else if (!strcmp(key, "languages")) {
            rc = take_list(ctx, key, value, &p.languages);
        } else if (!strcmp(key, "skills_to_develop")) {
            rc = take_list(ctx, key, value, &p.skills_to_develop);
        } else if (!strcmp(key, "skills_to_offer")) {
            rc = take_list(ctx, key, value, &p.skills_to_offer);
        } else if (!strcmp(key, "interests")) {
            rc = take_list(ctx, key, value, &p.interests);
        } else if (!strcmp(key, "availability")) {
            rc = take_availability(ctx, value, &p.availability);
        } else {
            return fail_input(ctx, key, "is not a profile field");
        }
        if (rc != 0)
            return -1;
    }
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin profile update");
    /* A reporting line changed here is audited like one changed on the
     * person's admin page. */
    if (store_profile_save(ctx->db, user_id, &p, ctx->now) != DB_DONE ||
        (display_name &&
         store_user_set_name(ctx->db, user_id, display_name, ctx->now) != DB_DONE) ||
        (p.manager_id != old_manager &&
         store_audit_add(ctx->db, ctx->now, ctx->user->id, "manager_change", "user", user_id,
                         arena_printf(ctx->arena, "manager=%lld", (long long)p.manager_id)) !=
             DB_DONE)) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing profile");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit profile");
}

int profile_set_manager(struct ctx *ctx, int64_t user_id, int64_t manager_id)
{
    if (!access_is_admin(ctx))
        return fail_forbidden(ctx, "Only an administrator may change reporting lines.");
    struct user target;
    int found = store_user_by_id(ctx->db, ctx->arena, user_id, &target);
    if (found <= 0)
        return found < 0 ? fail_internal(ctx, "reading user") : fail_not_found(ctx);
    if (check_manager(ctx, user_id, manager_id) != 0)
        return -1;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin manager change");
    if (store_profile_set_manager(ctx->db, user_id, manager_id, ctx->now) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "manager_change", "user", user_id,
                        arena_printf(ctx->arena, "manager=%lld", (long long)manager_id)) !=
            DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing manager change");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit manager change");
}
