/* me.c — the logged-in person's own account and profile.
 *
 * GET /api/v1/me and the profile page share web_me_show; PATCH
 * /api/v1/me and the profile form share web_me_update. The form sends flat
 * text fields (lists as comma-separated text, availability as lines like
 * "mon 09:00-12:00"), which profile_from_form() turns into the same JSON
 * object the API takes, so domain/profile.c checks one shape only. */
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/profile.h"
#include "lib/strbuf.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/view.h"

static const char *const list_fields[] = {"languages", "skills_to_develop", "skills_to_offer",
                                          "interests", NULL};
static const char *const text_fields[] = {"display_name", "job_title", "department",
                                          "bio",          "time_zone", NULL};

/* ["a","b"] as "a, b" for a text input. */
static json_t *list_as_text(json_t *list)
{
    struct strbuf sb;
    strbuf_init(&sb);
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        if (i)
            strbuf_puts(&sb, ", ");
        strbuf_puts(&sb, json_string_value(item));
    }
    json_t *text = json_string(sb.data ? sb.data : "");
    strbuf_cleanup(&sb);
    return text;
}

/* Availability as one "mon 09:00-12:00" line per window. */
static json_t *availability_as_text(json_t *windows)
{
    struct strbuf sb;
    strbuf_init(&sb);
    size_t i;
    json_t *w;
    json_array_foreach(windows, i, w)
    {
        strbuf_printf(&sb, "%s%s %s-%s", i ? "\n" : "",
                      json_string_value(json_object_get(w, "day")),
                      json_string_value(json_object_get(w, "start")),
                      json_string_value(json_object_get(w, "end")));
    }
    json_t *text = json_string(sb.data ? sb.data : "");
    strbuf_cleanup(&sb);
    return text;
}

/* The profile as the form's text fields. */
static json_t *profile_form(const struct user *user, json_t *profile)
{
    json_t *form = json_object();
    json_object_set_new(form, "display_name", json_string(user->name));
    for (const char *const *f = text_fields + 1; *f; f++)
        json_object_set(form, *f, json_object_get(profile, *f));
    json_t *level = json_object_get(profile, "level");
    json_object_set_new(form, "level",
                        json_is_integer(level)
                            ? json_sprintf("%lld", (long long)json_integer_value(level))
                            : json_string(""));
    for (const char *const *f = list_fields; *f; f++)
        json_object_set_new(form, *f, list_as_text(json_object_get(profile, *f)));
    json_object_set_new(form, "availability",
                        availability_as_text(json_object_get(profile, "availability")));
    return form;
}

static int show_me(struct web *w, const struct user *me)
{
    struct profile profile;
    if (profile_load(&w->ctx, me->id, &profile) != 0)
        return -1;
    json_t *user = view_user_with_profile(me, &profile);
    if (!w->is_api)
        web_view_set(w, "form", profile_form(me, json_object_get(user, "profile")));
    web_view_set(w, "user", user);
    return 0;
}

int web_me_show(struct web *w)
{
    return show_me(w, w->ctx.user);
}

static json_t *split_list(const char *text)
{
    json_t *list = json_array();
    for (const char *p = text; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        json_array_append_new(list, json_stringn(p, n));
        p += n;
        if (*p == ',')
            p++;
    }
    return list;
}

/* One availability line: "mon 09:00-12:00". */
static json_t *parse_window(const char *line, size_t n)
{
    char day[4], start[6], end[6];
    char copy[64];
    if (n >= sizeof copy)
        return NULL;
    memcpy(copy, line, n);
    copy[n] = '\0';
    int consumed = 0;
    if (sscanf(copy, " %3[a-z] %5[0-9:]-%5[0-9:] %n", day, start, end, &consumed) != 3 ||
        copy[consumed] != '\0')
        return NULL;
    return json_pack("{s:s, s:s, s:s}", "day", day, "start", start, "end", end);
}

static int parse_availability(struct web *w, const char *text, json_t **out)
{
    json_t *list = web_own(w, json_array());
    int line_no = 0;
    for (const char *p = text; *p;) {
        const char *end = p + strcspn(p, "\r\n");
        line_no++;
        size_t n = (size_t)(end - p);
        bool blank = strspn(p, " \t") >= n;
        if (!blank) {
            json_t *window = parse_window(p, n);
            if (!window)
                return fail_input(&w->ctx, "availability",
                                  "line %d must look like: mon 09:00-12:00", line_no);
            json_array_append_new(list, window);
        }
        p = end + strspn(end, "\r\n");
    }
    *out = list;
    return 0;
}

/* The form's text fields as the API's profile object. */
static json_t *profile_from_form(struct web *w)
{
    json_t *changes = web_own(w, json_object());
    const char *text;
    for (const char *const *f = text_fields; *f; f++) {
        if (web_input_text(w, *f, &text) != 0)
            return NULL;
        if (text)
            json_object_set_new(changes, *f, json_string(text));
    }
    for (const char *const *f = list_fields; *f; f++) {
        if (web_input_text(w, *f, &text) != 0)
            return NULL;
        if (text)
            json_object_set_new(changes, *f, split_list(text));
    }
    if (web_input_text(w, "level", &text) != 0)
        return NULL;
    if (text) {
        char *end;
        long long level = strtoll(text, &end, 10);
        if (!*text)
            json_object_set_new(changes, "level", json_null());
        else if (*end || end == text) {
            fail_input(&w->ctx, "level", "must be a whole number");
            return NULL;
        } else {
            json_object_set_new(changes, "level", json_integer(level));
        }
    }
    if (web_input_text(w, "availability", &text) != 0)
        return NULL;
    if (text) {
        json_t *windows = NULL;
        if (parse_availability(w, text, &windows) != 0)
            return NULL;
        json_object_set(changes, "availability", windows);
    }
    return changes;
}

int web_me_update(struct web *w)
{
    static const char *const fields[] = {"profile", NULL};
    json_t *changes;
    if (web_input_only(w, fields) != 0)
        return -1;
    if (w->is_api) {
        changes = json_object_get(w->input, "profile");
        if (!changes)
            return fail_input(&w->ctx, "profile", "is required");
    } else {
        /* The page shown again on error needs the user; the form echoes
         * what was typed (render.c copies the input). */
        if (web_me_show(w) != 0)
            return -1;
        json_object_del(w->view, "form");
        changes = profile_from_form(w);
        if (!changes)
            return -1;
    }
    if (profile_update(&w->ctx, w->ctx.user->id, changes) != 0)
        return -1;
    w->redirect = "/profile";
    w->notice = "saved";
    if (!w->is_api)
        return 0;
    /* The display name may have changed: show the stored state. */
    struct user fresh;
    if (account_get(&w->ctx, w->ctx.user->id, &fresh) != 0)
        return -1;
    return show_me(w, &fresh);
}
