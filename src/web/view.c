/* view.c — see view.h. */
#include "web/view.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/markdown.h"

json_t *view_user(const struct user *user)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:o}", "id", (json_int_t)user->id, "email",
                     user->email, "name", user->name, "role", user->role, "is_active",
                     user->is_active, "created_at", view_time(user->created_at));
}

/* Stored lists are JSON text that profile.c wrote with json_dumps: arrays
 * of plain strings, or of flat objects of plain strings (availability).
 * Those are read here without the general parser: json_loads sets up a
 * lexer and buffers per call, and at five calls per profile that cost more
 * than building the rest of the view. Anything else (escapes, numbers,
 * spaces, deeper nesting) gives NULL and is left to json_loads. */
#define PLAIN_MAX_DEPTH 3

/* A string without escapes or control characters; *length excludes the
 * quotes. NULL if the text at p is not one. */
static const char *plain_string(const char *p, size_t *length)
{
    if (*p != '"')
        return NULL;
    const char *start = ++p;
    while (*p && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
        p++;
    if (*p != '"')
        return NULL;
    *length = (size_t)(p - start);
    return start;
}

static json_t *read_plain(const char **text, int depth)
{
    const char *p = *text;
    size_t length;
    const char *string = plain_string(p, &length);
    if (string) {
        *text = string + length + 1;
        return json_stringn(string, length); /* NULL unless UTF-8 */
    }
    if (depth == PLAIN_MAX_DEPTH || (*p != '[' && *p != '{'))
        return NULL;
    bool is_array = *p++ == '[';
    char close = is_array ? ']' : '}';
    json_t *container = is_array ? json_array() : json_object();
    if (*p == close) {
        *text = p + 1;
        return container;
    }
    for (;;) {
        const char *key = NULL;
        size_t key_length = 0;
        if (!is_array) {
            key = plain_string(p, &key_length);
            if (!key || key[key_length + 1] != ':')
                break;
            p = key + key_length + 2;
        }
        json_t *item = read_plain(&p, depth + 1);
        /* Both setters take the item, even when they refuse it. */
        if (!item || (is_array ? json_array_append_new(container, item)
                               : json_object_setn_new(container, key, key_length, item)) != 0)
            break;
        if (*p == close) {
            *text = p + 1;
            return container;
        }
        if (*p++ != ',')
            break;
    }
    json_decref(container);
    return NULL;
}

json_t *view_json_text(const char *text)
{
    if (!text)
        return json_array();
    json_t *value = NULL;
    if (text[0] == '[' || text[0] == '{') {
        const char *end = text;
        value = read_plain(&end, 0);
        if (value && *end) {
            json_decref(value);
            value = NULL;
        }
    }
    if (!value)
        value = json_loads(text, 0, NULL);
    return value ? value : json_array();
}

json_t *view_profile(const struct profile *p)
{
    json_t *profile = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "job_title", p->job_title,
        "department", p->department, "time_zone", p->time_zone, "bio", p->bio, "level",
        p->has_level ? json_integer(p->level) : json_null(), "manager_id",
        p->manager_id ? json_integer(p->manager_id) : json_null(), "languages",
        view_json_text(p->languages), "availability", view_json_text(p->availability),
        "skills_to_develop", view_json_text(p->skills_to_develop), "skills_to_offer",
        view_json_text(p->skills_to_offer), "interests", view_json_text(p->interests), "updated_at",
        view_time(p->updated_at));
    if (p->manager_id && p->manager_name)
        json_object_set_new(
            profile, "manager",
            json_pack("{s:I, s:s}", "id", (json_int_t)p->manager_id, "name", p->manager_name));
    return profile;
}

json_t *view_user_with_profile(const struct user *user, const struct profile *profile)
{
    json_t *v = view_user(user);
    json_object_set_new(v, "profile", view_profile(profile));
    return v;
}

json_t *view_time(int64_t seconds)
{
    time_t t = (time_t)seconds;
    struct tm tm;
    char text[32];
    gmtime_r(&t, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(text);
}

json_t *view_person_brief(int64_t id, const char *name)
{
    return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name ? name : "");
}

void view_set_markdown(json_t *object, const char *key, const char *markdown, struct arena *arena)
{
    char html_key[64];
    snprintf(html_key, sizeof html_key, "%s_html", key);
    json_object_set_new(object, key, json_string(markdown));
    json_object_set_new(object, html_key, json_string(markdown_html(arena, markdown)));
}

const char *view_text_of(const struct view_text *table, size_t n, const char *key,
                         const char *fallback)
{
    for (size_t i = 0; key && i < n; i++)
        if (!strcmp(table[i].key, key))
            return table[i].text;
    return fallback;
}

bool view_is_web_link(const char *location)
{
    return (!strncmp(location, "https://", 8) || !strncmp(location, "http://", 7)) &&
           !strpbrk(location, " \t\"'<>");
}
