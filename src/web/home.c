/* home.c — "/": a welcome page for visitors, the dashboard for people who
 * are logged in.
 *
 * The dashboard never shows an empty page: each missing step (profile,
 * availability, skills) becomes a "next step" that says what to do and
 * links to where to do it, and each empty block says how to fill it.
 * Below the profile steps it shows what domain/dashboard.h loads — next
 * session, nudges, action items, goals, celebrations, unread messages —
 * worded here; the domain decided who sees which nudge. */
#include <string.h>

#include "domain/dashboard.h"
#include "domain/goal.h"
#include "domain/profile.h"
#include "domain/schedule.h"
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

/* A link: the API path for the API, the page path for pages. */
static json_t *link(struct web *w, const char *api, const char *page, int64_t id)
{
    return json_sprintf(w->is_api ? api : page, (long long)id);
}

static const char *when(struct web *w, const char *zone, int64_t at)
{
    char text[SCHEDULE_WHEN_CHARS];
    schedule_format_local(zone, (time_t)at, text);
    return arena_strdup(w->ctx.arena, text);
}

static const char *nudge_text(struct web *w, const char *zone, const struct dashboard_nudge *n)
{
    struct arena *a = w->ctx.arena;
    const char *k = n->kind;
    if (!strcmp(k, "proposal"))
        return arena_printf(a, "You were proposed as partners with %s. Accept or decline.",
                            n->partners);
    if (!strcmp(k, "agreement_unsigned"))
        return arena_printf(a,
                            "Read and sign your agreement with %s, so you both know how you "
                            "will work together.",
                            n->partners);
    if (!strcmp(k, "dropoff_nudge"))
        return arena_printf(a,
                            "You %s the last session with %s. When you can, propose a new time "
                            "— a short message is enough.",
                            n->was_cancelled ? "cancelled" : "missed", n->partners);
    if (!strcmp(k, "check_in"))
        return arena_printf(
            a,
            "Your sessions with %s have lapsed. Check in together on your agreement: is the "
            "rhythm still right for you both?%s",
            n->partners,
            n->organizer_sees ? " Your program's organizers can now see that sessions have "
                                "lapsed (dates and counts only, never what you wrote)."
                              : "");
    if (!strcmp(k, "no_session"))
        return arena_printf(a, "No session is scheduled with %s. Plan the next one.", n->partners);
    if (!strcmp(k, "reflection_pending"))
        return arena_printf(a,
                            "Take a moment to reflect on your session with %s on %s: what "
                            "will you do differently?",
                            n->partners, when(w, zone, n->at));
    if (n->count == 1)
        return "One of your action items is past its due date.";
    return arena_printf(a, "%lld of your action items are past their due date.",
                        (long long)n->count);
}

static json_t *nudge_link(struct web *w, const struct dashboard_nudge *n)
{
    const char *k = n->kind;
    if (!strcmp(k, "proposal"))
        return link(w, "/api/v1/partnerships/%lld", "/partnerships/%lld", n->partnership_id);
    if (!strcmp(k, "agreement_unsigned") || !strcmp(k, "check_in"))
        return link(w, "/api/v1/partnerships/%lld/agreement", "/partnerships/%lld/agreement",
                    n->partnership_id);
    if (!strcmp(k, "dropoff_nudge") || !strcmp(k, "no_session"))
        return link(w, "/api/v1/partnerships/%lld/sessions", "/partnerships/%lld/sessions",
                    n->partnership_id);
    if (!strcmp(k, "reflection_pending"))
        return w->is_api
                   ? json_string("/api/v1/reflections")
                   : json_sprintf("/reflections/new?session_id=%lld", (long long)n->session_id);
    return link(w, "/api/v1/sessions/%lld", "/sessions/%lld", n->session_id);
}

static const char *const nudge_actions[][2] = {
    {"proposal", "Answer"},
    {"agreement_unsigned", "Sign the agreement"},
    {"dropoff_nudge", "Plan a session"},
    {"check_in", "Open the agreement"},
    {"no_session", "Schedule"},
    {"reflection_pending", "Reflect"},
    {"action_overdue", "See the items"},
};

static json_t *nudges_view(struct web *w, const char *zone, const struct dashboard *d)
{
    json_t *list = json_array();
    for (int i = 0; i < d->nudge_count; i++) {
        const struct dashboard_nudge *n = &d->nudges[i];
        const char *action = "Open";
        for (size_t k = 0; k < sizeof nudge_actions / sizeof *nudge_actions; k++)
            if (!strcmp(nudge_actions[k][0], n->kind))
                action = nudge_actions[k][1];
        json_t *o = json_pack("{s:s, s:s, s:o, s:s}", "kind", n->kind, "text",
                              nudge_text(w, zone, n), "href", nudge_link(w, n), "action", action);
        json_object_set_new(o, "partnership_id",
                            n->partnership_id ? json_integer(n->partnership_id) : json_null());
        if (!strcmp(n->kind, "check_in"))
            json_object_set_new(o, "organizer_sees", json_boolean(n->organizer_sees));
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *next_session_view(struct web *w, const char *zone, const struct dashboard *d)
{
    if (!d->has_next_session)
        return json_null();
    const struct session *s = &d->next_session;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "partnership_id", json_integer(s->partnership_id));
    json_object_set_new(o, "starts_at", view_time(s->starts_at));
    json_object_set_new(o, "when", json_string(when(w, zone, s->starts_at)));
    json_object_set_new(o, "minutes", json_integer(s->minutes));
    json_object_set_new(o, "location", *s->location ? json_string(s->location) : json_null());
    json_object_set_new(o, "partners", json_string(d->next_partners));
    json_object_set_new(o, "focus",
                        s->focus_user_id ? view_person_brief(s->focus_user_id, s->focus_name)
                                         : json_null());
    json_object_set_new(o, "is_my_focus", json_boolean(s->focus_user_id == w->ctx.user->id));
    json_object_set_new(o, "href", link(w, "/api/v1/sessions/%lld", "/sessions/%lld", s->id));
    return o;
}

static json_t *actions_view(struct web *w, const struct dashboard *d)
{
    json_t *list = json_array();
    for (int i = 0; i < d->action_count; i++) {
        const struct action_item *a = &d->actions[i].item;
        json_t *o = json_pack("{s:I, s:s, s:b, s:o}", "id", (json_int_t)a->id, "body", a->body,
                              "is_overdue", d->actions[i].is_overdue, "href",
                              link(w, "/api/v1/sessions/%lld", "/sessions/%lld", a->session_id));
        json_object_set_new(o, "due_on", *a->due_on ? json_string(a->due_on) : json_null());
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *goal_view(struct web *w, const struct goal *g, bool with_owner)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:i, s:s, s:o}", "id", (json_int_t)g->id, "title", g->title,
                  "status", g->status, "percent", goal_percent(goal_progress(g)), "target_date",
                  g->target_date, "href", link(w, "/api/v1/goals/%lld", "/goals/%lld", g->id));
    if (with_owner) {
        bool is_mine = g->owner_id == w->ctx.user->id;
        json_object_set_new(o, "owner", view_person_brief(g->owner_id, g->owner_name));
        json_object_set_new(o, "is_mine", json_boolean(is_mine));
        json_object_set_new(o, "achieved_at", view_time(g->achieved_at));
    }
    return o;
}

static json_t *unread_view(struct web *w, const struct dashboard *d, json_t *partnerships)
{
    json_t *unread = json_array();
    for (int i = 0; i < d->partnership_count; i++) {
        const struct dashboard_partnership *p = &d->partnerships[i];
        int64_t id = p->view.partnership.id;
        json_t *href =
            link(w, "/api/v1/partnerships/%lld/messages", "/partnerships/%lld/messages", id);
        json_array_append_new(
            partnerships,
            json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:o}", "id", (json_int_t)id, "program_name",
                      p->view.partnership.program_name, "state", p->view.partnership.state,
                      "partners", p->partners, "unread_messages",
                      (json_int_t)p->view.unread_messages, "has_unread",
                      p->view.unread_messages > 0, "href",
                      link(w, "/api/v1/partnerships/%lld", "/partnerships/%lld", id)));
        if (p->view.unread_messages > 0)
            json_array_append_new(unread,
                                  json_pack("{s:I, s:s, s:I, s:o}", "partnership_id",
                                            (json_int_t)id, "partners", p->partners, "count",
                                            (json_int_t)p->view.unread_messages, "href", href));
        else
            json_decref(href);
    }
    return unread;
}

static int fill_dashboard(struct web *w, const char *zone)
{
    struct dashboard d;
    if (dashboard_load(&w->ctx, &d) != 0)
        return -1;
    web_view_set(w, "next_session", next_session_view(w, zone, &d));
    json_t *nudges = nudges_view(w, zone, &d);
    web_view_set(w, "has_nudges", json_boolean(json_array_size(nudges) > 0));
    web_view_set(w, "nudges", nudges);
    web_view_set(w, "actions", actions_view(w, &d));
    web_view_set(w, "has_actions", json_boolean(d.action_count > 0));
    json_t *goals = json_array(), *celebrations = json_array();
    for (int i = 0; i < d.goal_count; i++)
        json_array_append_new(goals, goal_view(w, &d.goals[i], false));
    for (int i = 0; i < d.celebration_count; i++)
        json_array_append_new(celebrations, goal_view(w, &d.celebrations[i], true));
    web_view_set(w, "goals", goals);
    web_view_set(w, "has_goals", json_boolean(d.goal_count > 0));
    web_view_set(w, "celebrations", celebrations);
    web_view_set(w, "has_celebrations", json_boolean(d.celebration_count > 0));
    json_t *partnerships = json_array();
    json_t *unread = unread_view(w, &d, partnerships);
    web_view_set(w, "has_unread", json_boolean(json_array_size(unread) > 0));
    web_view_set(w, "unread", unread);
    web_view_set(w, "has_partnerships", json_boolean(d.partnership_count > 0));
    web_view_set(w, "partnerships", partnerships);
    return 0;
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
    return fill_dashboard(w, profile.time_zone);
}
