/* auth.c — sign-up, login, logout and password change, for the API and
 * the pages alike.
 *
 * Sign-up and login answer with the user and a login token: API clients
 * keep the token for `Authorization: Bearer`, browsers get it as an
 * HttpOnly cookie (render.c sets it from w->new_login_token). */
#include <string.h>

#include "domain/account.h"
#include "web/handlers.h"
#include "web/view.h"

/* Only local paths are followed after login, never "//elsewhere". Any
 * control character or backslash is refused outright: browsers drop tabs
 * and newlines from URLs and read "\\" as "/", so "/\t/evil.example"
 * would otherwise become "//evil.example". */
static const char *safe_next(struct web *w, const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/')
        return "/";
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return "/";
    return arena_strdup(w->ctx.arena, next);
}

static void logged_in_view(struct web *w, const struct user *user, const char *token)
{
    web_view_set(w, "user", view_user(user));
    web_view_set(w, "token", json_string(token));
    w->new_login_token = arena_strdup(w->ctx.arena, token);
}

int web_signup_form(struct web *w)
{
    if (w->ctx.user) {
        w->redirect = "/";
        return 0;
    }
    struct signup_policy policy;
    if (account_signup_policy(&w->ctx, &policy) != 0)
        return -1;
    const char *invitation = web_query(w, "invitation");
    web_view_set(w, "form", json_pack("{s:s}", "invitation", invitation ? invitation : ""));
    web_view_set(w, "signup_mode", json_string(policy.mode));
    web_view_set(w, "by_invitation", json_boolean(!strcmp(policy.mode, "invitation")));
    return 0;
}

int web_signup(struct web *w)
{
    static const char *const fields[] = {"email", "password", "name", "invitation", NULL};
    struct signup in = {0};
    if (web_input_only(w, fields) || web_input_text(w, "email", &in.email) ||
        web_input_text(w, "password", &in.password) || web_input_text(w, "name", &in.name) ||
        web_input_text(w, "invitation", &in.invitation))
        return -1;
    if (in.invitation && !*in.invitation)
        in.invitation = NULL;
    /* The page shown again on error needs the policy; the form itself
     * echoes what was typed (render.c copies the input). */
    if (!w->is_api && web_signup_form(w) != 0)
        return -1;
    json_object_del(w->view, "form");
    struct user user;
    char token[TOKEN_CHARS + 1];
    if (account_signup(&w->ctx, &in, &user, token) != 0)
        return -1;
    logged_in_view(w, &user, token);
    w->status = 201;
    w->redirect = "/profile";
    w->notice = "welcome";
    return 0;
}

int web_login_form(struct web *w)
{
    if (w->ctx.user) {
        w->redirect = "/";
        return 0;
    }
    const char *next = web_query(w, "next");
    web_view_set(w, "form", json_pack("{s:s}", "next", next ? next : ""));
    return 0;
}

int web_login(struct web *w)
{
    static const char *const fields[] = {"email", "password", "next", NULL};
    const char *email, *password, *next;
    if (web_input_only(w, fields) || web_input_text(w, "email", &email) ||
        web_input_text(w, "password", &password) || web_input_text(w, "next", &next))
        return -1;
    struct user user;
    char token[TOKEN_CHARS + 1];
    if (account_login(&w->ctx, email, password, w->req->client_ip, &user, token) != 0)
        return -1;
    logged_in_view(w, &user, token);
    w->redirect = safe_next(w, next);
    return 0;
}

int web_logout(struct web *w)
{
    if (web_input_only(w, NULL) != 0)
        return -1;
    if (account_logout(&w->ctx, w->login_token) != 0)
        return -1;
    w->end_login = true;
    w->status = 204;
    w->redirect = "/login";
    w->notice = "logged_out";
    return 0;
}

int web_password_form(struct web *w)
{
    web_view_set(w, "form", json_object());
    return 0;
}

int web_password_change(struct web *w)
{
    static const char *const fields[] = {"current_password", "new_password", NULL};
    const char *current, *fresh;
    if (web_input_only(w, fields) || web_input_text(w, "current_password", &current) ||
        web_input_text(w, "new_password", &fresh))
        return -1;
    if (account_change_password(&w->ctx, current, fresh, w->login_token) != 0)
        return -1;
    w->status = 204;
    w->redirect = "/profile";
    w->notice = "password_changed";
    return 0;
}
