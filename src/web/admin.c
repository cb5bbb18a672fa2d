/* admin.c — instance administration pages: sign-up settings, invitations
 * and the audit log. */
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/admin.h"
#include "web/handlers.h"
#include "web/view.h"

int web_settings_show(struct web *w)
{
    struct signup_policy policy;
    if (account_signup_policy(&w->ctx, &policy) != 0)
        return -1;
    json_t *settings =
        json_pack("{s:s, s:s}", "signup_mode", policy.mode, "signup_domains", policy.domains);
    if (!w->is_api) {
        json_t *modes = json_array();
        static const char *const names[] = {"open", "domains", "invitation"};
        static const char *const labels[] = {
            "Anyone may sign up", "Only emails from the listed domains", "By invitation only"};
        for (size_t i = 0; i < 3; i++)
            json_array_append_new(modes,
                                  json_pack("{s:s, s:s, s:b}", "name", names[i], "label", labels[i],
                                            "selected", !strcmp(names[i], policy.mode)));
        web_view_set(w, "modes", modes);
        web_view_set(w, "form", json_deep_copy(settings));
    }
    web_view_set(w, "settings", settings);
    return 0;
}

int web_settings_update(struct web *w)
{
    static const char *const fields[] = {"signup_mode", "signup_domains", NULL};
    const char *mode, *domains;
    if (web_input_only(w, fields) || web_input_text(w, "signup_mode", &mode) ||
        web_input_text(w, "signup_domains", &domains))
        return -1;
    if (!w->is_api && web_settings_show(w) != 0)
        return -1;
    json_object_del(w->view, "form");
    struct signup_policy current;
    if (account_signup_policy(&w->ctx, &current) != 0)
        return -1;
    if (account_set_signup_policy(&w->ctx, mode ? mode : current.mode,
                                  domains ? domains : current.domains) != 0)
        return -1;
    w->redirect = "/admin/settings";
    w->notice = "saved";
    return w->is_api ? web_settings_show(w) : 0;
}

static json_t *view_invitation(const struct invitation *inv, int64_t now)
{
    const char *state = inv->used_at ? "used" : inv->expires_at < now ? "expired" : "open";
    return json_pack("{s:I, s:s, s:o, s:o, s:s}", "id", (json_int_t)inv->id, "email", inv->email,
                     "created_at", view_time(inv->created_at), "expires_at",
                     view_time(inv->expires_at), "state", state);
}

int web_invitations_list(struct web *w)
{
    struct invitation *list;
    int count;
    if (admin_invitations_list(&w->ctx, &list, &count) != 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, view_invitation(&list[i], w->ctx.now));
    web_view_set(w, "invitations", items);
    web_view_set(w, "has_invitations", json_boolean(count > 0));
    return 0;
}

int web_invitation_create(struct web *w)
{
    static const char *const fields[] = {"email", NULL};
    const char *email;
    if (web_input_only(w, fields) != 0 || web_input_text(w, "email", &email) != 0)
        return -1;
    if (!w->is_api && web_invitations_list(w) != 0)
        return -1;
    char code[TOKEN_CHARS + 1];
    int64_t id;
    if (account_invite(&w->ctx, email, code, &id) != 0)
        return -1;
    const char *base = w->app->config->public_url;
    if (!*base)
        base = arena_printf(w->ctx.arena, "http://%s", w->app->config->listen);
    /* The code is shown once, here: only its hash is stored. */
    web_view_set(w, "invitation",
                 json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "email", email, "code",
                           code, "link",
                           arena_printf(w->ctx.arena, "%s/signup?invitation=%s", base, code)));
    if (w->is_api) {
        w->status = 201;
        return 0;
    }
    return web_invitations_list(w);
}

int web_audit_list(struct web *w)
{
    const char *before_text = web_query(w, "before");
    int64_t before = before_text ? atoll(before_text) : 0;
    struct audit_entry *entries;
    int count;
    if (admin_audit_list(&w->ctx, before, &entries, &count) != 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < count; i++) {
        const struct audit_entry *e = &entries[i];
        json_array_append_new(items, json_pack("{s:I, s:o, s:I, s:s, s:s, s:s, s:I, s:s}", "id",
                                               (json_int_t)e->id, "at", view_time(e->at),
                                               "actor_id", (json_int_t)e->actor_id, "actor_name",
                                               e->actor_name, "action", e->action, "subject_type",
                                               e->subject_type, "subject_id",
                                               (json_int_t)e->subject_id, "detail", e->detail));
    }
    web_view_set(w, "entries", items);
    web_view_set(w, "has_entries", json_boolean(count > 0));
    if (count == ADMIN_LIST_LIMIT)
        web_view_set(w, "next_before", json_integer(entries[count - 1].id));
    return 0;
}
