/* people.c — the admin's people directory and person page: search, and
 * edit reporting line, role and whether the account is active.
 *
 * The form names a manager by email (a list of every person would not fit
 * a page in a large organization); the API takes manager_id. */
#include <stdlib.h>
#include <string.h>

#include "domain/people.h"
#include "lib/urlform.h"
#include "web/handlers.h"
#include "web/view.h"

static json_t *view_person(const struct person *p)
{
    return view_user_with_profile(&p->user, &p->profile);
}

int web_people_list(struct web *w)
{
    const char *q = web_query(w, "q"), *page_text = web_query(w, "page");
    int page = page_text ? atoi(page_text) : 1;
    struct person *people;
    int count;
    bool has_more;
    if (people_search(&w->ctx, q ? q : "", page, &people, &count, &has_more) != 0)
        return -1;
    json_t *users = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(users, view_person(&people[i]));
    web_view_set(w, "users", users);
    web_view_set(w, "has_users", json_boolean(count > 0));
    web_view_set(w, "query", json_string(q ? q : ""));
    web_view_set(w, "page_number", json_integer(page));
    web_view_set(w, "has_more", json_boolean(has_more));
    if (!w->is_api) {
        const char *query = urlform_encode(w->ctx.arena, q ? q : "");
        if (page > 1)
            web_view_set(w, "previous_url", json_sprintf("/people?q=%s&page=%d", query, page - 1));
        if (has_more)
            web_view_set(w, "next_url", json_sprintf("/people?q=%s&page=%d", query, page + 1));
    }
    return 0;
}

static int show_person(struct web *w, int64_t id)
{
    struct person person;
    if (people_get(&w->ctx, id, &person) != 0)
        return -1;
    web_view_set(w, "user", view_person(&person));
    if (!w->is_api) {
        const char *manager_email = "";
        if (person.profile.manager_id) {
            struct person manager;
            if (people_get(&w->ctx, person.profile.manager_id, &manager) == 0)
                manager_email = manager.user.email;
        }
        web_view_set(w, "form",
                     json_pack("{s:s, s:s, s:b}", "manager_email", manager_email, "role",
                               person.user.role, "is_active", person.user.is_active));
        json_t *roles = json_array();
        static const char *const names[] = {"member", "organizer", "admin"};
        for (size_t i = 0; i < 3; i++)
            json_array_append_new(roles, json_pack("{s:s, s:b}", "name", names[i], "selected",
                                                   !strcmp(names[i], person.user.role)));
        web_view_set(w, "roles", roles);
    }
    return 0;
}

int web_person_show(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    return show_person(w, id);
}

/* The change as the API sends it: manager_id, role, is_active. */
static int change_from_api(struct web *w, struct people_change *change)
{
    static const char *const fields[] = {"manager_id", "is_active", "role", NULL};
    if (web_input_only(w, fields) != 0)
        return -1;
    json_t *manager = json_object_get(w->input, "manager_id");
    if (manager) {
        if (!json_is_null(manager) && !json_is_integer(manager))
            return fail_input(&w->ctx, "manager_id", "must be a user id or null");
        change->set_manager = true;
        change->manager_id = json_is_null(manager) ? 0 : json_integer_value(manager);
    }
    json_t *active = json_object_get(w->input, "is_active");
    if (active) {
        if (!json_is_boolean(active))
            return fail_input(&w->ctx, "is_active", "must be true or false");
        change->set_active = true;
        change->active = json_is_true(active);
    }
    return web_input_text(w, "role", &change->role);
}

/* The change as the form sends it: manager_email, role, is_active box. */
static int change_from_form(struct web *w, struct people_change *change)
{
    const char *manager_email, *active;
    if (web_input_text(w, "manager_email", &manager_email) != 0 ||
        web_input_text(w, "role", &change->role) != 0 ||
        web_input_text(w, "is_active", &active) != 0)
        return -1;
    if (manager_email) {
        change->set_manager = true;
        if (*manager_email &&
            people_find_by_email(&w->ctx, "manager_email", manager_email, &change->manager_id) != 0)
            return -1;
    }
    change->set_active = true; /* an unticked box sends nothing */
    change->active = active != NULL;
    return 0;
}

int web_person_update(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0)
        return -1;
    if (!w->is_api && show_person(w, id) != 0)
        return -1;
    json_object_del(w->view, "form");
    struct people_change change = {0};
    int rc = w->is_api ? change_from_api(w, &change) : change_from_form(w, &change);
    if (rc != 0 || people_update(&w->ctx, id, &change) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/people/%lld", (long long)id);
    w->notice = "saved";
    return w->is_api ? show_person(w, id) : 0;
}
