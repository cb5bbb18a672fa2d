/* home.c — "/": a welcome page for visitors, the dashboard for people who
 * are logged in.
 *
 * The dashboard never shows an empty page: each missing step (profile,
 * availability, skills) becomes a "next step" that says what to do and
 * links to where to do it. */
#include <string.h>

#include "domain/profile.h"
#include "web/handlers.h"
#include "web/view.h"

static void add_step(json_t *steps, const char *text, const char *href, const char *action)
{
    json_array_append_new(
        steps, json_pack("{s:s, s:s, s:s}", "text", text, "href", href, "action", action));
}

/* What this person should do next to be ready for peer coaching. */
static json_t *next_steps(const struct profile *p)
{
    json_t *steps = json_array();
    if (!*p->job_title || !*p->department || !p->has_level)
        add_step(steps, "Tell peers who you are: your job title, department and level.", "/profile",
                 "Complete your profile");
    if (!strcmp(p->availability, "[]"))
        add_step(steps,
                 "Add the hours you could meet each week, so you can be paired with "
                 "someone whose time overlaps yours.",
                 "/profile#availability", "Add availability");
    if (!strcmp(p->skills_to_develop, "[]") || !strcmp(p->skills_to_offer, "[]"))
        add_step(steps,
                 "Name skills you want to develop and skills you can offer: they are how "
                 "peers find each other.",
                 "/profile#skills", "Add skills");
    if (!strcmp(p->languages, "[]"))
        add_step(steps, "Say which languages you can coach in.", "/profile", "Add languages");
    return steps;
}

int web_home(struct web *w)
{
    if (!w->ctx.user) {
        web_view_set(w, "welcome", json_true());
        return 0;
    }
    struct profile profile;
    if (profile_load(&w->ctx, w->ctx.user->id, &profile) != 0)
        return -1;
    json_t *steps = next_steps(&profile);
    web_view_set(w, "has_next_steps", json_boolean(json_array_size(steps) > 0));
    web_view_set(w, "next_steps", steps);
    web_view_set(w, "user", view_user(w->ctx.user));
    return 0;
}
