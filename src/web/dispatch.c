/* dispatch.c — the one route table, and the path every request takes
 * through it: find the route, authenticate, check the role, parse input,
 * check CSRF, run the handler, render.
 *
 * Each row declares a page path, an API path or both, the handler they
 * share, the template of the page, who may call it, whether its form posts
 * carry a CSRF token and whether it is heavy (hashes a password, so it runs
 * on the CPU pool). A handler can rely on all of these having been checked
 * before it runs; a new route cannot forget them. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "domain/access.h"
#include "domain/account.h"
#include "lib/log.h"
#include "store/pool.h"
#include "web/csrf.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/render.h"

#define PUBLIC    ACCESS_PUBLIC
#define LOGIN     ACCESS_LOGIN
#define ORGANIZER ACCESS_ORGANIZER
#define ADMIN     ACCESS_ADMIN

/* clang-format off */
static const struct route routes[] = {
/*    API                                 page                        handler               template      access  csrf   heavy */
    {"GET /healthz",                      NULL,                       web_health,           NULL,         PUBLIC, false, false},
    {"GET /api/v1/dashboard",             "GET /",                    web_home,             "home",       PUBLIC, false, false},

    {NULL,                                "GET /signup",              web_signup_form,      "signup",     PUBLIC, false, false},
    {"POST /api/v1/auth/signup",          "POST /signup",             web_signup,           "signup",     PUBLIC, true,  true},
    {NULL,                                "GET /login",               web_login_form,       "login",      PUBLIC, false, false},
    {"POST /api/v1/auth/login",           "POST /login",              web_login,            "login",      PUBLIC, true,  true},
    {"POST /api/v1/auth/logout",          "POST /logout",             web_logout,           NULL,         LOGIN,  true,  false},
    {NULL,                                "GET /password",            web_password_form,    "password",   LOGIN,  false, false},
    {"POST /api/v1/me/password",          "POST /password",           web_password_change,  "password",   LOGIN,  true,  true},

    {"GET /api/v1/me",                    "GET /profile",             web_me_show,          "profile",    LOGIN,  false, false},
    {"PATCH /api/v1/me",                  "POST /profile",            web_me_update,        "profile",    LOGIN,  true,  false},

    {"GET /api/v1/users",                 "GET /people",              web_people_list,      "people",     ADMIN,  false, false},
    {"GET /api/v1/users/:id",             "GET /people/:id",          web_person_show,      "person",     ADMIN,  false, false},
    {"PATCH /api/v1/users/:id",           "POST /people/:id",         web_person_update,    "person",     ADMIN,  true,  false},

    {"GET /api/v1/settings",              "GET /admin/settings",      web_settings_show,    "settings",   ADMIN,  false, false},
    {"PATCH /api/v1/settings",            "POST /admin/settings",     web_settings_update,  "settings",   ADMIN,  true,  false},
    {"GET /api/v1/invitations",           "GET /admin/invitations",   web_invitations_list, "invitations", ADMIN, false, false},
    {"POST /api/v1/invitations",          "POST /admin/invitations",  web_invitation_create, "invitations", ADMIN, true, false},
    {"GET /api/v1/audit",                 "GET /admin/audit",         web_audit_list,       "audit",      ADMIN,  false, false},

    /* --- programs and enrollment (program.c, enrollment.c) --- */
    {"GET /api/v1/programs",              "GET /programs",            web_program_list,     "programs",   LOGIN,  false, false},
    {"POST /api/v1/programs",             "POST /programs",           web_program_create,   "program_form", ORGANIZER, true, false},
    {NULL,                                "GET /programs/new",        web_program_new_form, "program_form", ORGANIZER, false, false},
    {"GET /api/v1/programs/:id",          "GET /programs/:id",        web_program_show,     "program",    LOGIN,  false, false},
    {"PATCH /api/v1/programs/:id",        "POST /programs/:id",       web_program_update,   "program_form", LOGIN, true, false},
    {NULL,                                "GET /programs/:id/edit",   web_program_edit_form, "program_form", LOGIN, false, false},
    {"POST /api/v1/programs/:id/state",   "POST /programs/:id/state", web_program_set_state, "program",   LOGIN,  true,  false},
    {"POST /api/v1/programs/:id/questions", "POST /programs/:id/questions", web_program_question_add, "program", LOGIN, true, false},
    {"DELETE /api/v1/programs/:id/questions/:qid", "POST /programs/:id/questions/:qid/delete", web_program_question_remove, "program", LOGIN, true, false},
    {"POST /api/v1/programs/:id/organizers", "POST /programs/:id/organizers", web_program_organizer_add, "program", LOGIN, true, false},
    {NULL,                                "GET /programs/:id/apply",  web_enrollment_apply_form, "program_apply", LOGIN, false, false},
    {"POST /api/v1/programs/:id/enrollments", "POST /programs/:id/apply", web_enrollment_apply, "program_apply", LOGIN, true, false},
    {"GET /api/v1/programs/:id/enrollments", "GET /programs/:id/enrollments", web_enrollment_list, "enrollments", LOGIN, false, false},
    {"PATCH /api/v1/enrollments/:id",     "POST /enrollments/:id",    web_enrollment_decide, "enrollments", LOGIN, true, false},
    {"POST /api/v1/enrollments/:id/withdraw", "POST /enrollments/:id/withdraw", web_enrollment_withdraw, "program", LOGIN, true, false},
    /* --- end programs --- */

    /* --- partnerships, agreements, problem reports, messages (partnership.c, agreement.c, message.c) --- */
    {"GET /api/v1/partnerships",          "GET /partnerships",        web_partnerships_mine, "partnerships", LOGIN, false, false},
    {"GET /api/v1/partnerships/:id",      "GET /partnerships/:id",    web_partnership_show, "partnership", LOGIN, false, false},
    {"POST /api/v1/partnerships/:id/accept",  "POST /partnerships/:id/accept",  web_partnership_accept,  "partnership", LOGIN, true, false},
    {"POST /api/v1/partnerships/:id/decline", "POST /partnerships/:id/decline", web_partnership_decline, "partnership", LOGIN, true, false},
    {"POST /api/v1/partnerships/:id/pause",   "POST /partnerships/:id/pause",   web_partnership_pause,   "partnership", LOGIN, true, false},
    {"POST /api/v1/partnerships/:id/resume",  "POST /partnerships/:id/resume",  web_partnership_resume,  "partnership", LOGIN, true, false},
    {NULL,                                "GET /partnerships/:id/leave", web_partnership_leave_form, "partnership_leave", LOGIN, false, false},
    {"POST /api/v1/partnerships/:id/leave",   "POST /partnerships/:id/leave",   web_partnership_leave,   "partnership_leave", LOGIN, true, false},
    {NULL,                                "GET /partnerships/:id/report", web_partnership_report_form, "partnership_report", LOGIN, false, false},
    {"POST /api/v1/partnerships/:id/reports", "POST /partnerships/:id/report",  web_partnership_report,  "partnership_report", LOGIN, true, false},
    {"GET /api/v1/partnerships/:id/agreement",   "GET /partnerships/:id/agreement",   web_agreement_show,   "agreement", LOGIN, false, false},
    {"PATCH /api/v1/partnerships/:id/agreement", "POST /partnerships/:id/agreement",  web_agreement_update, "agreement", LOGIN, true,  false},
    {"POST /api/v1/partnerships/:id/agreement/sign", "POST /partnerships/:id/agreement/sign", web_agreement_sign, "agreement", LOGIN, true, false},
    {"GET /api/v1/partnerships/:id/agreement/versions/:n", "GET /partnerships/:id/agreement/versions/:n", web_agreement_version, "agreement_version", LOGIN, false, false},
    {"GET /api/v1/partnerships/:id/messages",  "GET /partnerships/:id/messages",  web_messages_list, "messages", LOGIN, false, false},
    {"POST /api/v1/partnerships/:id/messages", "POST /partnerships/:id/messages", web_message_post,  "messages", LOGIN, true,  false},
    {"GET /api/v1/programs/:id/partnerships",  "GET /programs/:id/partnerships",  web_program_partnerships, "partnership_program", LOGIN, false, false},
    {"POST /api/v1/programs/:id/partnerships", "POST /programs/:id/partnerships", web_program_partnership_create, "partnership_program", LOGIN, true, false},
    {"POST /api/v1/programs/:id/partnerships/:pid/end", "POST /programs/:id/partnerships/:pid/end", web_program_partnership_end, "partnership_program", LOGIN, true, false},
    {"GET /api/v1/programs/:id/problem-reports", NULL,                web_program_problem_reports, NULL, LOGIN, false, false},
    {"POST /api/v1/programs/:id/problem-reports/:rid/resolve", "POST /programs/:id/problem-reports/:rid/resolve", web_program_problem_report_resolve, "partnership_program", LOGIN, true, false},
    /* --- end partnerships --- */

    /* --- goals and check-ins (goal.c) --- */
    {"GET /api/v1/goals",                 "GET /goals",               web_goals_list,       "goals",      LOGIN,  false, false},
    {NULL,                                "GET /goals/new",           web_goal_new_form,    "goal_form",  LOGIN,  false, false},
    {"POST /api/v1/goals",                "POST /goals",              web_goal_create,      "goal_form",  LOGIN,  true,  false},
    {"GET /api/v1/goals/:id",             "GET /goals/:id",           web_goal_show,        "goal",       LOGIN,  false, false},
    {NULL,                                "GET /goals/:id/edit",      web_goal_edit_form,   "goal_form",  LOGIN,  false, false},
    {"PATCH /api/v1/goals/:id",           "POST /goals/:id",          web_goal_update,      "goal_form",  LOGIN,  true,  false},
    {NULL,                                "POST /goals/:id/status",   web_goal_status,      "goal",       LOGIN,  true,  false},
    {"POST /api/v1/goals/:id/checkins",   "POST /goals/:id/checkins", web_goal_checkin,     "goal",       LOGIN,  true,  false},
    /* --- end goals --- */

    /* --- sessions, agenda, notes, action items, feedback (session.c, feedback.c) --- */
    {"GET /api/v1/me/coaching-skills",    "GET /coaching",            web_coaching_skills,  "feedback_coaching", LOGIN, false, false},
    {"GET /api/v1/partnerships/:id/sessions",  "GET /partnerships/:id/sessions",  web_session_list,     "sessions", LOGIN, false, false},
    {"POST /api/v1/partnerships/:id/sessions", "POST /partnerships/:id/sessions", web_session_schedule, "sessions", LOGIN, true, false},
    {"GET /api/v1/sessions/:id",          "GET /sessions/:id",        web_session_show,     "session",    LOGIN, false, false},
    {"PATCH /api/v1/sessions/:id",        "POST /sessions/:id",       web_session_update,   "session",    LOGIN, true, false},
    {"POST /api/v1/sessions/:id/status",  "POST /sessions/:id/status", web_session_status,  "session",    LOGIN, true, false},
    {"POST /api/v1/sessions/:id/agenda",  "POST /sessions/:id/agenda", web_session_agenda_add, "session", LOGIN, true, false},
    {"PUT /api/v1/sessions/:id/notes",    "POST /sessions/:id/notes", web_session_notes_save, "session",  LOGIN, true, false},
    {"POST /api/v1/sessions/:id/goals",   "POST /sessions/:id/goals", web_session_goal_link, "session",   LOGIN, true, false},
    {"POST /api/v1/sessions/:id/actions", "POST /sessions/:id/actions", web_session_action_add, "session", LOGIN, true, false},
    {"POST /api/v1/sessions/:id/feedback", "POST /sessions/:id/feedback", web_feedback_give, "session",  LOGIN, true, false},
    {"PATCH /api/v1/actions/:id",         "POST /actions/:id",        web_action_update,    "session",    LOGIN, true, false},
    /* --- end sessions --- */

    /* --- reflections (reflection.c) --- */
    {"GET /api/v1/reflections",           "GET /reflections",             web_reflections_list,     "reflections",     LOGIN, false, false},
    {NULL,                                "GET /reflections/new",         web_reflection_new_form,  "reflection_form", LOGIN, false, false},
    {"POST /api/v1/reflections",          "POST /reflections",            web_reflection_create,    "reflection_form", LOGIN, true,  false},
    {"GET /api/v1/reflections/:id",       "GET /reflections/:id",         web_reflection_show,      "reflection",      LOGIN, false, false},
    {NULL,                                "GET /reflections/:id/edit",    web_reflection_edit_form, "reflection_form", LOGIN, false, false},
    {"PATCH /api/v1/reflections/:id",     "POST /reflections/:id",        web_reflection_update,    "reflection_form", LOGIN, true,  false},
    {"DELETE /api/v1/reflections/:id",    "POST /reflections/:id/delete", web_reflection_delete,    "reflection",      LOGIN, true,  false},
    /* --- end reflections --- */

    /* --- matching runs: preview, locks, edits, publish (matching.c) --- */
    {"GET /api/v1/programs/:id/matching", "GET /programs/:id/matching", web_matching_show, "matching", LOGIN, false, false},
    {"GET /api/v1/programs/:id/matching/rules", NULL,                web_matching_rules_show, NULL, LOGIN, false, false},
    {"PATCH /api/v1/programs/:id/matching/rules", "POST /programs/:id/matching/rules", web_matching_rules_update, "matching", LOGIN, true, false},
    {"POST /api/v1/programs/:id/matching/runs", "POST /programs/:id/matching/runs", web_matching_run_create, "matching", LOGIN, true, false},
    {"GET /api/v1/matching/runs/:id",     "GET /matching/runs/:id",   web_matching_run_show, "matching_run", LOGIN, false, false},
    {"POST /api/v1/matching/runs/:id/groups/:n/lock",   "POST /matching/runs/:id/groups/:n/lock",   web_matching_group_lock,   "matching_run", LOGIN, true, false},
    {"POST /api/v1/matching/runs/:id/groups/:n/unlock", "POST /matching/runs/:id/groups/:n/unlock", web_matching_group_unlock, "matching_run", LOGIN, true, false},
    {"POST /api/v1/matching/runs/:id/moves",   "POST /matching/runs/:id/moves",   web_matching_move,    "matching_run", LOGIN, true, false},
    {"POST /api/v1/matching/runs/:id/rerun",   "POST /matching/runs/:id/rerun",   web_matching_rerun,   "matching_run", LOGIN, true, false},
    {"POST /api/v1/matching/runs/:id/publish", "POST /matching/runs/:id/publish", web_matching_publish, "matching_run", LOGIN, true, false},
    {"GET /api/v1/programs/:id/matching/preferences", "GET /programs/:id/preferences", web_matching_preferences_show, "matching_preferences", LOGIN, false, false},
    {"PUT /api/v1/programs/:id/matching/preferences", "POST /programs/:id/preferences", web_matching_preferences_update, "matching_preferences", LOGIN, true, false},
    /* --- end matching --- */

    /* --- organizer views of a program: health, at-risk pairs, exports (program_health.c) --- */
    {"GET /api/v1/programs/:id/health",   "GET /programs/:id/health", web_program_health,   "program_health", LOGIN, false, false},
    {"GET /api/v1/programs/:id/health.csv", "GET /programs/:id/health.csv", web_program_health_csv, NULL,    LOGIN, false, false},
    /* --- end program health --- */
};
/* clang-format on */

int web_routes_compile(struct router *router)
{
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const struct route *r = &routes[i];
        if ((r->api && router_add(router, r->api, r, true) != 0) ||
            (r->page && router_add(router, r->page, r, false) != 0)) {
            log_error("route table: bad pattern in row %zu", i);
            return -1;
        }
    }
    return 0;
}

/* Who is asking: a bearer token (API) or the login cookie. */
static int authenticate(struct web *w, struct user *storage)
{
    const char *auth = http_request_header(w->req, "Authorization");
    /* The scheme is case-insensitive (RFC 9110 §11.1). */
    if (w->is_api && auth && !strncasecmp(auth, "Bearer ", 7)) {
        w->login_token = arena_strdup(w->ctx.arena, auth + 7);
    } else {
        w->login_token = http_request_cookie(w->req, LOGIN_COOKIE);
        w->token_from_cookie = w->login_token != NULL;
    }
    if (!w->login_token)
        return 0;
    int found = account_authenticate(&w->ctx, w->login_token, storage);
    if (found < 0)
        return fail_internal(&w->ctx, "authenticating");
    if (found)
        w->ctx.user = storage;
    else if (w->token_from_cookie)
        w->end_login = true; /* a dead cookie: clear it */
    return 0;
}

static int check_access(struct web *w)
{
    switch (w->route->access) {
    case ACCESS_PUBLIC:
        return 0;
    case ACCESS_LOGIN:
        return w->ctx.user ? 0 : fail_unauthenticated(&w->ctx);
    case ACCESS_ORGANIZER:
        return access_require_organizer(&w->ctx);
    case ACCESS_ADMIN:
        return access_require_admin(&w->ctx);
    }
    return fail_internal(&w->ctx, "unknown access level");
}

/* Logged-out pages need a pc_csrf cookie to key their forms' tokens. A
 * dead login cookie counts as logged out. */
static void ensure_anon_csrf(struct web *w)
{
    if (w->is_api || (w->token_from_cookie && w->ctx.user))
        return;
    w->anon_csrf = http_request_cookie(w->req, CSRF_COOKIE);
    if (w->anon_csrf && token_is_well_formed(w->anon_csrf))
        return;
    char *fresh = arena_alloc(w->ctx.arena, TOKEN_CHARS + 1);
    token_new(fresh);
    w->anon_csrf = fresh;
    http_response_add_header(w->res, "Set-Cookie",
                             arena_printf(w->ctx.arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s",
                                          CSRF_COOKIE, fresh,
                                          w->app->secure_cookies ? "; Secure" : ""));
}

static int check_csrf(struct web *w)
{
    if (w->is_api || !w->route->csrf)
        return 0;
    const char *base = w->token_from_cookie && w->ctx.user ? w->login_token : w->anon_csrf;
    const char *token = json_string_value(json_object_get(w->input, "csrf"));
    if (!csrf_valid(w->app->secret, base, token))
        return fail_with(&w->ctx, FAIL_FORBIDDEN, "csrf",
                         "This form has expired or came from another site. Please try again.");
    return 0;
}

/* 405 names the methods the path does take (RFC 9110 §15.5.6). */
static void method_not_allowed(struct web *w, const struct router_match *match)
{
    http_response_add_header(w->res, "Allow", arena_strdup(w->ctx.arena, match->allow));
    fail_with(&w->ctx, FAIL_METHOD, "method_not_allowed", "This method is not allowed here.");
}

enum web_outcome web_dispatch(struct web_app *app, const struct http_request *req,
                              struct http_response *res, bool on_cpu_pool)
{
    struct router_match match;
    bool found = router_match(&app->router, req->method, req->path, &match);
    const struct route *route = found ? match.pattern->target : NULL;
    if (route && route->heavy && !on_cpu_pool)
        return WEB_OFFLOAD;

    struct user user_storage;
    struct web w = {
        .app = app,
        .req = req,
        .res = res,
        .route = route,
        .is_api = found ? match.pattern->is_api : !strncmp(req->path, "/api/", 5),
        .status = 200,
        .ctx = {.arena = req->arena, .config = app->config, .now = time(NULL)},
    };
    w.view = web_own(&w, json_object());
    w.input = web_own(&w, json_object());
    w.query = web_own(&w, json_object());
    for (int i = 0; found && i < WEB_MAX_PARAMS; i++)
        w.params[i] = match.params[i];

    if (!found) {
        if (match.path_matched)
            method_not_allowed(&w, &match);
        else
            fail_not_found(&w.ctx);
        web_parse_query(&w);
        web_render_failure(&w);
        return WEB_DONE;
    }
    w.ctx.db = store_thread_db();
    if (!w.ctx.db) {
        fail_with(&w.ctx, FAIL_UNAVAILABLE, "unavailable", "The database is unavailable.");
        web_render_failure(&w);
        return WEB_DONE;
    }
    /* A GET (HEAD arrives as GET) runs its reads, login token included, in
     * one read transaction: one snapshot and one WAL read lock for the
     * request instead of one per statement. A write on the way (the login
     * token's last-seen time) ends it first; see db_read_begin(). */
    bool is_read = !strcmp(req->method, "GET");
    if (is_read)
        db_read_begin(w.ctx.db);
    int rc = web_parse_query(&w);
    if (rc == 0)
        rc = authenticate(&w, &user_storage);
    if (rc == 0)
        ensure_anon_csrf(&w);
    if (rc == 0)
        rc = check_access(&w);
    if (rc == 0 && strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
        rc = web_parse_body(&w) || check_csrf(&w) ? -1 : 0;
    if (rc == 0)
        rc = route->handler(&w);
    if (is_read)
        db_read_end(w.ctx.db);
    if (db_in_transaction(w.ctx.db)) {
        /* A handler must close what it opens; never leave a write lock. */
        log_error("dispatch: %s %s left a transaction open", req->method, req->path);
        while (db_in_transaction(w.ctx.db))
            db_rollback(w.ctx.db);
    }
    web_render(&w, rc);
    return WEB_DONE;
}
