/* render.c — see render.h.
 *
 * Pages get a "page" object added to the view (who is logged in, the CSRF
 * token, a notice), which the layout template uses; the API never sees it.
 * A failed form post shows the same form again with the error and what the
 * person typed, so nothing they wrote is lost. */
#include "web/render.h"

#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "lib/csv.h"
#include "lib/jsonout.h"
#include "lib/log.h"
#include "lib/mustache.h"
#include "lib/strbuf.h"
#include "web/csrf.h"
#include "web/input.h"
#include "web/view.h"

static const struct {
    enum fail_kind kind;
    int status;
    const char *title;
} statuses[] = {
    {FAIL_BAD_REQUEST, 400, "Bad request"},       {FAIL_UNAUTHENTICATED, 401, "Please log in"},
    {FAIL_FORBIDDEN, 403, "Not allowed"},         {FAIL_NOT_FOUND, 404, "Not found"},
    {FAIL_METHOD, 405, "Method not allowed"},     {FAIL_CONFLICT, 409, "Conflict"},
    {FAIL_TOO_LARGE, 413, "Too large"},           {FAIL_MEDIA_TYPE, 415, "Unsupported media type"},
    {FAIL_INPUT, 422, "Please check the form"},   {FAIL_THROTTLED, 429, "Too many attempts"},
    {FAIL_INTERNAL, 500, "Something went wrong"}, {FAIL_UNAVAILABLE, 503, "Unavailable"},
};

static const struct view_text notices[] = {
    {"saved", "Saved."},
    {"welcome", "Welcome to peercoach! Start by completing your profile."},
    {"logged_out", "You are logged out."},
    {"password_changed", "Your password has been changed. Other devices have been logged out."},
    {"invited", "Invitation created."},
    {"partnership_created", "Partnership proposed. Each member is asked to accept it."},
    {"partnership_accepted", "You accepted. The partnership starts once everyone has."},
    {"partnership_declined", "You declined the proposal. You are free to be paired again."},
    {"partnership_paused", "The partnership is paused."},
    {"partnership_resumed", "The partnership is active again."},
    {"partnership_left", "You have left the partnership. The others were told only that you left."},
    {"partnership_ended", "The partnership has ended."},
    {"problem_reported", "Your report was sent privately to the program's organizers."},
    {"report_resolved", "The report is marked resolved."},
    {"agreement_saved", "Agreement saved."},
    {"agreement_signed", "You signed the agreement."},
    {"program_created",
     "Program created as a draft. Review its readiness questions, then open enrollment."},
    {"program_state", "The program's state has changed."},
    {"applied", "Your application is in. The organizers will let you know their decision."},
    {"withdrawn", "You have withdrawn your application."},
    {"goal_created", "Goal set. Check in whenever you have a new measurement."},
    {"checkin_saved", "Check-in saved."},
    {"goal_achieved", "Goal achieved. Well done! Take a moment to reflect on what got you here."},
    {"goal_status", "Goal status updated."},
    {"reflection_saved", "Saved to your private journal."},
    {"reflection_deleted", "Reflection deleted."},
    {"session_scheduled", "Scheduled. Add agenda items so everyone arrives prepared."},
    {"session_held",
     "Marked as held. Give your feedback below while it is fresh, and take a moment to reflect."},
    {"feedback_given", "Thank you for your feedback."},
    {"matching_rules_saved", "Matching rules saved. They apply to the next run."},
    {"matching_run_created",
     "Here is the preview. Lock the groups you like, adjust by hand, run again, then publish."},
    {"matching_locked", "Group locked: running again keeps it."},
    {"matching_unlocked", "Group unlocked: running again may change it."},
    {"matching_moved",
     "Changed by hand, with your reason recorded. Changed groups that are complete are locked."},
    {"matching_rerun", "Matched again. Locked groups were kept."},
    {"matching_preferences_saved",
     "Saved. Only you see these lists; they count the next time matching runs."},
    {"matching_published",
     "Published. The partnerships are proposed and each member has been told on their "
     "partnership page."},
};

int web_status_of(enum fail_kind kind)
{
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (statuses[i].kind == kind)
            return statuses[i].status;
    return 500;
}

static const char *title_of(enum fail_kind kind)
{
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (statuses[i].kind == kind)
            return statuses[i].title;
    return "Error";
}

static void set_body(struct http_response *res, int status, const char *type, char *body,
                     size_t len)
{
    res->status = status;
    res->content_type = type;
    free(res->body);
    res->body = body;
    res->body_len = len;
}

static void cookie(struct web *w, const char *name, const char *value, long long max_age)
{
    http_response_add_header(
        w->res, "Set-Cookie",
        arena_printf(w->ctx.arena, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Lax%s", name,
                     value, max_age, w->app->secure_cookies ? "; Secure" : ""));
}

static void login_cookies(struct web *w)
{
    if (w->new_login_token)
        cookie(w, LOGIN_COOKIE, w->new_login_token, (long long)w->app->config->login_max_age);
    else if (w->end_login)
        cookie(w, LOGIN_COOKIE, "", 0);
}

static void render_json(struct web *w, int status, json_t *body)
{
    if (status == 204) {
        set_body(w->res, 204, NULL, NULL, 0);
        return;
    }
    struct strbuf out;
    strbuf_init(&out);
    strbuf_reserve(&out, 1024);
    if (jsonout_append(&out, body) != 0) {
        log_error("render: %s %s: the view cannot be written as JSON", w->req->method,
                  w->req->path);
        strbuf_cleanup(&out);
        strbuf_puts(&out, "{\"error\":{\"code\":\"internal\",\"message\":\"Internal error.\"}}");
        status = 500;
    }
    size_t len;
    char *text = strbuf_detach(&out, &len);
    set_body(w->res, status, "application/json", text, len);
}

static json_t *error_object(struct web *w)
{
    const struct failure *f = &w->ctx.failure;
    json_t *error = json_pack("{s:s, s:s}", "code", f->code ? f->code : "error", "message",
                              f->message ? f->message : title_of(f->kind));
    if (f->field)
        json_object_set_new(error, "field", json_string(f->field));
    return error;
}

/* The "page" object every template can use. */
static json_t *page_context(struct web *w)
{
    json_t *page = json_object();
    const struct user *user = w->ctx.user;
    if (user) {
        json_object_set_new(page, "user",
                            json_pack("{s:I, s:s, s:s}", "id", (json_int_t)user->id, "name",
                                      user->name, "role", user->role));
        json_object_set_new(page, "is_admin", json_boolean(access_is_admin(&w->ctx)));
        json_object_set_new(page, "is_organizer", json_boolean(access_is_organizer(&w->ctx)));
    }
    const char *base = w->token_from_cookie && user ? w->login_token : w->anon_csrf;
    if (base) {
        char token[CSRF_CHARS + 1];
        csrf_token(w->app->secret, base, token);
        json_object_set_new(page, "csrf", json_string(token));
    }
    const char *notice = VIEW_TEXT_OF(notices, web_query(w, "notice"), NULL);
    if (notice)
        json_object_set_new(page, "notice", json_string(notice));
    json_object_set_new(page, "path", json_string(w->req->path));
    return page;
}

static void render_template(struct web *w, int status, const char *name)
{
    json_object_set_new(w->view, "page", page_context(w));
    struct strbuf out;
    strbuf_init(&out);
    if (mustache_render(w->app->templates, name, w->view, &out) != 0) {
        log_error("render: no template '%s'", name);
        strbuf_cleanup(&out);
        char *text = strdup("Internal error.\n");
        set_body(w->res, 500, "text/plain; charset=utf-8", text, strlen(text));
        return;
    }
    size_t len;
    char *html = strbuf_detach(&out, &len);
    set_body(w->res, status, "text/html; charset=utf-8", html, len);
}

static void redirect(struct web *w, const char *location)
{
    http_response_add_header(w->res, "Location", location);
    set_body(w->res, 303, NULL, NULL, 0);
}

static void render_page_failure(struct web *w)
{
    const struct failure *f = &w->ctx.failure;
    int status = web_status_of(f->kind);
    if (f->kind == FAIL_UNAUTHENTICATED && strcmp(w->req->method, "POST") != 0) {
        redirect(w, "/login");
        return;
    }
    bool form_failure = f->kind == FAIL_INPUT || f->kind == FAIL_CONFLICT ||
                        f->kind == FAIL_THROTTLED || f->kind == FAIL_UNAUTHENTICATED ||
                        f->kind == FAIL_FORBIDDEN;
    if (w->route && w->route->template && !strcmp(w->req->method, "POST") && form_failure) {
        /* Show the form again with the message and what was typed. The
         * password fields are never sent back. */
        json_t *form = json_object_get(w->view, "form");
        if (!form) {
            form = json_deep_copy(w->input);
            json_object_set_new(w->view, "form", form);
        }
        json_object_del(form, "password");
        json_object_del(form, "current_password");
        json_object_del(form, "new_password");
        json_object_del(form, "csrf");
        json_object_set_new(w->view, "error", error_object(w));
        if (f->field)
            json_object_set_new(w->view, "errors", json_pack("{s:s}", f->field, f->message));
        render_template(w, status, w->route->template);
    } else {
        json_object_clear(w->view);
        json_t *error = error_object(w);
        json_object_set_new(error, "status", json_integer(status));
        json_object_set_new(error, "title", json_string(title_of(f->kind)));
        json_object_set_new(w->view, "error", error);
        render_template(w, status, "error");
    }
}

static void add_retry_after(struct web *w)
{
    if (w->ctx.failure.kind == FAIL_THROTTLED)
        http_response_add_header(w->res, "Retry-After",
                                 arena_printf(w->ctx.arena, "%d", w->ctx.failure.retry_after));
}

void web_render_failure(struct web *w)
{
    add_retry_after(w);
    if (w->is_api) {
        json_t *body = web_own(w, json_pack("{s:o}", "error", error_object(w)));
        render_json(w, web_status_of(w->ctx.failure.kind), body);
    } else {
        render_page_failure(w);
    }
}

/* A CSV download of the view's table. */
static void render_csv(struct web *w)
{
    struct strbuf out;
    strbuf_init(&out);
    csv_append_row(&out, json_object_get(w->view, "columns"));
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(w->view, "rows"), i, row) csv_append_row(&out, row);
    const char *filename = json_string_value(json_object_get(w->view, "filename"));
    http_response_add_header(w->res, "Content-Disposition",
                             arena_printf(w->ctx.arena, "attachment; filename=\"%s\"",
                                          filename ? filename : "export.csv"));
    size_t len;
    char *text = strbuf_detach(&out, &len);
    set_body(w->res, 200, "text/csv; charset=utf-8", text, len);
}

void web_render(struct web *w, int handler_result)
{
    if (handler_result != 0 || ctx_failed(&w->ctx)) {
        if (w->ctx.failure.kind == FAIL_NONE)
            fail_internal(&w->ctx, "handler failed without a reason");
        web_render_failure(w);
        return;
    }
    login_cookies(w);
    if (w->csv) {
        render_csv(w);
    } else if (w->is_api) {
        render_json(w, w->status, w->view);
    } else if (w->redirect) {
        redirect(w, w->notice ? arena_printf(w->ctx.arena, "%s%snotice=%s", w->redirect,
                                             strchr(w->redirect, '?') ? "&" : "?", w->notice)
                              : w->redirect);
    } else {
        render_template(w, w->status, w->route->template);
    }
}
