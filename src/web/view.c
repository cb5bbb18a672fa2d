/* view.c — see view.h. */
#include "web/view.h"

#include <stdio.h>
#include <time.h>

#include "lib/markdown.h"

json_t *view_user(const struct user *user)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:o}", "id", (json_int_t)user->id, "email",
                     user->email, "name", user->name, "role", user->role, "is_active",
                     user->is_active, "created_at", view_time(user->created_at));
}

json_t *view_json_text(const char *text)
{
    json_t *value = json_loads(text ? text : "[]", 0, NULL);
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

void view_set_markdown(json_t *object, const char *key, const char *markdown,
                       struct arena *arena)
{
    char html_key[64];
    snprintf(html_key, sizeof html_key, "%s_html", key);
    json_object_set_new(object, key, json_string(markdown));
    json_object_set_new(object, html_key, json_string(markdown_html(arena, markdown)));
}
