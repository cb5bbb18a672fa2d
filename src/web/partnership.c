/* partnership.c — pairs and circles on the web: a member's list and
 * partnership page with its answers and transitions (accept, decline,
 * pause, resume), the no-fault exit and the private problem report; and
 * the organizers' page of a program's partnerships (metadata only) with
 * the form that pairs accepted participants by hand.
 *
 * Two views, never mixed: web_partnership_view() is what a member sees;
 * meta_view() is what organizers see — names, states, dates, end kinds,
 * rematch wishes, decline reasons, problem reports — and has no field for
 * agreement text, messages or anything said in sessions. A leave reason
 * appears only in the leaver's own "former" list.
 *
 * Every page form that can fail builds its page first, so a refused post
 * shows the same page again with the message and what was typed. */
#include "web/partnership.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/access.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/session.h"
#include "web/view.h"

static const struct view_text state_texts[] = {
    {"proposed", "Proposed: waiting for everyone to accept"},
    {"active", "Active"},
    {"paused", "Paused"},
    {"ended", "Ended"},
};

static const struct view_text end_texts[] = {
    {"declined", "The proposal was declined."},
    {"left", "A member left."},
    {"organizer", "Ended by the program's organizers."},
    {"program_closed", "The program closed."},
};

static const struct view_text report_kinds[] = {
    {"boundary", "A boundary was crossed"},
    {"confidentiality", "Confidentiality was broken"},
    {"other", "Something else"},
};

static const char *state_text(const char *state)
{
    return VIEW_TEXT_OF(state_texts, state, state);
}

static const char *end_text(const char *kind)
{
    return VIEW_TEXT_OF(end_texts, kind, "");
}

static const char *report_kind_text(const char *kind)
{
    return VIEW_TEXT_OF(report_kinds, kind, kind);
}

json_t *web_partnership_time(int64_t seconds)
{
    return seconds ? view_time(seconds) : json_null();
}

json_t *web_partnership_time_text(int64_t seconds)
{
    if (!seconds)
        return json_string("");
    time_t t = (time_t)seconds;
    struct tm tm;
    char text[32];
    gmtime_r(&t, &tm);
    strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return json_string(text);
}

/* "Ana", "Ana and Ben", "Ana, Ben and Chloé". */
static json_t *names_text(struct web *w, const struct partnership_member *people, int n)
{
    const char *text = "";
    for (int i = 0; i < n; i++)
        text = arena_printf(w->ctx.arena, "%s%s%s", text,
                            i == 0       ? ""
                            : i == n - 1 ? " and "
                                         : ", ",
                            people[i].name);
    return json_string(text);
}

static json_t *people_view(const struct partnership_member *people, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, view_person_brief(people[i].user_id, people[i].name));
    return list;
}

static const char *response_text(const char *response)
{
    if (!strcmp(response, "pending"))
        return "has not answered yet";
    if (!strcmp(response, "accepted"))
        return "accepted";
    return "declined";
}

static json_t *member_view(struct web *w, const struct partnership_member *m)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)m->user_id, "name", m->name,
                          "response", m->response, "has_left", m->left_at != 0);
    if (!w->is_api) {
        json_object_set_new(o, "response_text", json_string(response_text(m->response)));
        json_object_set_new(o, "is_me", json_boolean(m->user_id == w->ctx.user->id));
    }
    return o;
}

static json_t *match_view(const struct partnership *p)
{
    if (!p->has_match_score && !*p->match_explanation)
        return json_null();
    return json_pack("{s:o, s:s}", "score",
                     p->has_match_score ? json_real(p->match_score) : json_null(), "explanation",
                     p->match_explanation);
}

/* Where a member goes from a partnership: API paths for the API, page
 * paths for pages. */
static json_t *links_view(struct web *w, int64_t id)
{
    const char *base = arena_printf(w->ctx.arena, "%s/partnerships/%lld",
                                    w->is_api ? "/api/v1" : "", (long long)id);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "self", base, "accept",
                     arena_printf(w->ctx.arena, "%s/accept", base), "decline",
                     arena_printf(w->ctx.arena, "%s/decline", base), "pause",
                     arena_printf(w->ctx.arena, "%s/pause", base), "resume",
                     arena_printf(w->ctx.arena, "%s/resume", base), "leave",
                     arena_printf(w->ctx.arena, "%s/leave", base), "report",
                     arena_printf(w->ctx.arena, "%s/%s", base, w->is_api ? "reports" : "report"),
                     "agreement", arena_printf(w->ctx.arena, "%s/agreement", base), "messages",
                     arena_printf(w->ctx.arena, "%s/messages", base));
}

static json_t *agreement_status_view(struct web *w, const struct agreement_status *a)
{
    json_t *o = json_pack("{s:I, s:b, s:b, s:o, s:o}", "version", (json_int_t)a->version,
                          "in_force", a->is_in_force, "signed_by_me", a->has_signed, "awaiting",
                          people_view(a->awaiting, a->awaiting_count), "awaiting_names",
                          names_text(w, a->awaiting, a->awaiting_count));
    if (!w->is_api)
        json_object_set_new(o, "has_awaiting", json_boolean(a->awaiting_count > 0));
    return o;
}

json_t *web_partnership_view(struct web *w, const struct partnership_view *v)
{
    const struct partnership *p = &v->partnership;
    json_t *members = json_array();
    for (int i = 0; i < p->member_count; i++)
        json_array_append_new(members, member_view(w, &p->members[i]));
    bool is_ended = !strcmp(p->state, "ended");
    json_t *o = json_pack(
        "{s:I, s:o, s:s, s:s, s:b, s:b, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "id",
        (json_int_t)p->id, "program", view_person_brief(p->program_id, p->program_name), "state",
        p->state, "state_text", state_text(p->state), "is_proposed", !strcmp(p->state, "proposed"),
        "is_ended", is_ended, "round", (json_int_t)p->round, "created_at",
        web_partnership_time(p->created_at), "activated_at", web_partnership_time(p->activated_at),
        "ended_at", web_partnership_time(p->ended_at), "end_kind",
        *p->end_kind ? json_string(p->end_kind) : json_null(), "match", match_view(p), "end_text",
        end_text(p->end_kind), "members", members, "me",
        json_pack("{s:s}", "response", v->me.response));
    struct partnership_member *partners =
        arena_alloc(w->ctx.arena, sizeof *partners * (size_t)(p->member_count + 1));
    int partner_count = 0;
    for (int i = 0; i < p->member_count; i++)
        if (p->members[i].user_id != w->ctx.user->id && !p->members[i].left_at &&
            strcmp(p->members[i].response, "declined") != 0)
            partners[partner_count++] = p->members[i];
    json_object_set_new(o, "partner_names", names_text(w, partners, partner_count));
    json_object_set_new(o, "has_partners", json_boolean(partner_count > 0));
    json_object_set_new(o, "agreement", agreement_status_view(w, &v->agreement));
    json_object_set_new(o, "unread_messages", json_integer(v->unread_messages));
    json_object_set_new(o, "can_accept", json_boolean(v->can_accept));
    json_object_set_new(o, "can_decline", json_boolean(v->can_decline));
    json_object_set_new(o, "can_pause", json_boolean(v->can_pause));
    json_object_set_new(o, "can_resume", json_boolean(v->can_resume));
    json_object_set_new(o, "can_leave", json_boolean(v->can_leave));
    json_object_set_new(o, "can_post", json_boolean(!is_ended));
    json_object_set_new(o, "links", links_view(w, p->id));
    if (!w->is_api) {
        json_object_set_new(o, "ended_text", web_partnership_time_text(p->ended_at));
        json_object_set_new(o, "has_unread", json_boolean(v->unread_messages > 0));
    }
    return o;
}

int web_partnership_fill(struct web *w, int64_t id)
{
    struct partnership_view v;
    if (partnership_show(&w->ctx, id, &v) != 0)
        return -1;
    web_view_set(w, "partnership", web_partnership_view(w, &v));
    return 0;
}

/* --- a member's pages ------------------------------------------------------- */

static json_t *former_view(struct web *w, const struct partnership_former *f)
{
    json_t *o = json_pack("{s:o, s:s, s:o, s:s, s:b}", "program",
                          view_person_brief(f->program_id, f->program_name), "kind",
                          f->has_left ? "left" : "declined", "at", view_time(f->at), "reason",
                          f->reason, "wants_rematch", f->wants_rematch);
    if (!w->is_api)
        json_object_set_new(o, "has_reason", json_boolean(*f->reason != '\0'));
    return o;
}

int web_partnerships_mine(struct web *w)
{
    struct partnership_view *views;
    struct partnership_former *former;
    int n, nformer;
    if (partnership_list_mine(&w->ctx, &views, &n) != 0 ||
        partnership_former_mine(&w->ctx, &former, &nformer) != 0)
        return -1;
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, web_partnership_view(w, &views[i]));
    json_t *former_list = json_array();
    for (int i = 0; i < nformer; i++)
        json_array_append_new(former_list, former_view(w, &former[i]));
    web_view_set(w, "partnerships", list);
    web_view_set(w, "former", former_list);
    if (!w->is_api) {
        web_view_set(w, "has_partnerships", json_boolean(n > 0));
        web_view_set(w, "has_former", json_boolean(nformer > 0));
    }
    return 0;
}

int web_partnership_show(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0 || web_partnership_fill(w, id) != 0)
        return -1;
    /* The page shows the sessions block of web/session.c (the
     * partnership_sessions partial); the API has its own sessions routes. */
    json_t *partnership = json_object_get(w->view, "partnership");
    if (w->is_api || json_is_true(json_object_get(partnership, "is_proposed")))
        return 0;
    json_t *sessions = web_session_partnership_block(w, id);
    if (!sessions)
        return -1;
    web_view_set(w, "sessions", sessions);
    return 0;
}

/* The partnership's id, and for pages its page built first so a refused
 * form shows it again. */
static int begin_action(struct web *w, int64_t *id)
{
    if (web_param_id(w, 0, id) != 0)
        return -1;
    return w->is_api ? 0 : web_partnership_fill(w, *id);
}

/* After a change the member still sees: the page again with a notice, or
 * the API's fresh partnership. */
static int end_action(struct web *w, int64_t id, const char *notice)
{
    w->redirect = arena_printf(w->ctx.arena, "/partnerships/%lld", (long long)id);
    w->notice = notice;
    return w->is_api ? web_partnership_fill(w, id) : 0;
}

int web_partnership_accept(struct web *w)
{
    int64_t id;
    if (web_input_only(w, NULL) != 0 || begin_action(w, &id) != 0 ||
        partnership_accept(&w->ctx, id) != 0)
        return -1;
    return end_action(w, id, "partnership_accepted");
}

int web_partnership_pause(struct web *w)
{
    int64_t id;
    if (web_input_only(w, NULL) != 0 || begin_action(w, &id) != 0 ||
        partnership_pause(&w->ctx, id) != 0)
        return -1;
    return end_action(w, id, "partnership_paused");
}

int web_partnership_resume(struct web *w)
{
    int64_t id;
    if (web_input_only(w, NULL) != 0 || begin_action(w, &id) != 0 ||
        partnership_resume(&w->ctx, id) != 0)
        return -1;
    return end_action(w, id, "partnership_resumed");
}

int web_partnership_decline(struct web *w)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t id;
    const char *reason;
    if (web_input_only(w, fields) != 0 || begin_action(w, &id) != 0 ||
        web_input_text(w, "reason", &reason) != 0 || partnership_decline(&w->ctx, id, reason) != 0)
        return -1;
    /* The one who declined is no longer a member: they cannot read it. */
    w->redirect = "/partnerships";
    w->notice = "partnership_declined";
    web_view_set(w, "partnership",
                 json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "state", "ended", "end_kind",
                           "declined"));
    return 0;
}

int web_partnership_leave_form(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0 || web_partnership_fill(w, id) != 0)
        return -1;
    web_view_set(w, "form", json_pack("{s:s}", "reason", ""));
    return 0;
}

/* wants_rematch: a boolean in the API, a ticked box on the page. */
static int input_wants_rematch(struct web *w, bool *out)
{
    json_t *value = json_object_get(w->input, "wants_rematch");
    if (w->is_api) {
        if (value && !json_is_boolean(value) && !json_is_null(value))
            return fail_input(&w->ctx, "wants_rematch", "must be true or false");
        *out = json_is_true(value);
        return 0;
    }
    *out = value != NULL;
    return 0;
}

int web_partnership_leave(struct web *w)
{
    static const char *const fields[] = {"reason", "wants_rematch", NULL};
    int64_t id;
    const char *reason;
    bool wants_rematch = false, has_ended = false;
    if (web_input_only(w, fields) != 0 || begin_action(w, &id) != 0 ||
        web_input_text(w, "reason", &reason) != 0 || input_wants_rematch(w, &wants_rematch) != 0 ||
        partnership_leave(&w->ctx, id, reason, wants_rematch, &has_ended) != 0)
        return -1;
    w->redirect = "/partnerships";
    w->notice = "partnership_left";
    json_object_clear(w->view);
    web_view_set(w, "left",
                 json_pack("{s:I, s:b, s:b}", "partnership_id", (json_int_t)id, "partnership_ended",
                           has_ended, "wants_rematch", wants_rematch));
    return 0;
}

static json_t *report_kinds_view(const char *selected)
{
    json_t *kinds = json_array();
    for (size_t i = 0; i < sizeof report_kinds / sizeof *report_kinds; i++)
        json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value", report_kinds[i].key,
                                               "text", report_kinds[i].text, "selected",
                                               selected && !strcmp(selected, report_kinds[i].key)));
    return kinds;
}

int web_partnership_report_form(struct web *w)
{
    int64_t id;
    if (web_param_id(w, 0, &id) != 0 || web_partnership_fill(w, id) != 0)
        return -1;
    web_view_set(w, "kinds", report_kinds_view(NULL));
    web_view_set(w, "form", json_pack("{s:s}", "body", ""));
    return 0;
}

int web_partnership_report(struct web *w)
{
    static const char *const fields[] = {"kind", "body", NULL};
    int64_t id, report_id;
    const char *kind, *body;
    if (web_input_only(w, fields) != 0 || begin_action(w, &id) != 0)
        return -1;
    if (!w->is_api)
        web_view_set(w, "kinds", report_kinds_view(NULL));
    if (web_input_text(w, "kind", &kind) != 0 || web_input_text(w, "body", &body) != 0)
        return -1;
    if (!w->is_api)
        web_view_set(w, "kinds", report_kinds_view(kind));
    if (partnership_report(&w->ctx, id, kind, body, &report_id) != 0)
        return -1;
    w->status = 201;
    w->redirect = arena_printf(w->ctx.arena, "/partnerships/%lld", (long long)id);
    w->notice = "problem_reported";
    /* The text is not echoed back: it is for the organizers. */
    json_object_clear(w->view);
    web_view_set(w, "problem_report",
                 json_pack("{s:I, s:I, s:s, s:o}", "id", (json_int_t)report_id, "partnership_id",
                           (json_int_t)id, "kind", kind, "created_at", view_time(w->ctx.now)));
    return 0;
}

/* --- organizers ----------------------------------------------------------------- */

static json_t *report_view(struct web *w, int64_t program_id, const struct problem_report *r)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b}", "id", (json_int_t)r->id,
                          "partnership_id", (json_int_t)r->partnership_id, "kind", r->kind,
                          "kind_text", report_kind_text(r->kind), "body", r->body, "reporter",
                          view_person_brief(r->reporter_id, r->reporter_name), "created_at",
                          view_time(r->created_at), "resolved_at",
                          web_partnership_time(r->resolved_at), "is_resolved", r->resolved_at != 0);
    if (!w->is_api) {
        json_object_set_new(o, "resolve_url",
                            json_sprintf("/programs/%lld/problem-reports/%lld/resolve",
                                         (long long)program_id, (long long)r->id));
        json_object_set_new(o, "created_text", web_partnership_time_text(r->created_at));
    }
    return o;
}

static json_t *meta_member_view(struct web *w, const struct partnership_member *m)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:o, s:b, s:b}", "id", (json_int_t)m->user_id,
                          "name", m->name, "response", m->response, "responded_at",
                          web_partnership_time(m->responded_at), "left_at",
                          web_partnership_time(m->left_at), "has_left", m->left_at != 0,
                          "wants_rematch", m->wants_rematch);
    if (!strcmp(m->response, "declined"))
        json_object_set_new(o, "decline_reason", json_string(m->decline_reason));
    if (!w->is_api) {
        json_object_set_new(o, "response_text", json_string(response_text(m->response)));
        json_object_set_new(o, "has_decline_reason", json_boolean(*m->decline_reason != '\0'));
    }
    return o;
}

/* What organizers see of a partnership: metadata only. */
static json_t *meta_view(struct web *w, const struct partnership_meta *meta)
{
    const struct partnership *p = &meta->partnership;
    json_t *members = json_array(), *rematch = json_array(), *reports = json_array();
    for (int i = 0; i < p->member_count; i++) {
        json_array_append_new(members, meta_member_view(w, &p->members[i]));
        if (p->members[i].wants_rematch)
            json_array_append_new(rematch,
                                  view_person_brief(p->members[i].user_id, p->members[i].name));
    }
    for (int i = 0; i < meta->report_count; i++)
        json_array_append_new(reports, report_view(w, p->program_id, &meta->reports[i]));
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:b, s:o, s:o, s:o}", "id",
        (json_int_t)p->id, "state", p->state, "state_text", state_text(p->state), "round",
        (json_int_t)p->round, "created_at", view_time(p->created_at), "activated_at",
        web_partnership_time(p->activated_at), "ended_at", web_partnership_time(p->ended_at),
        "end_kind", *p->end_kind ? json_string(p->end_kind) : json_null(), "end_text",
        end_text(p->end_kind), "match", match_view(p), "agreement_signed", meta->agreement_in_force,
        "members", members, "rematch_requested_by", rematch, "problem_reports", reports);
    if (!w->is_api) {
        json_object_set_new(o, "is_ended", json_boolean(!strcmp(p->state, "ended")));
        json_object_set_new(o, "created_text", web_partnership_time_text(p->created_at));
        json_object_set_new(o, "ended_text", web_partnership_time_text(p->ended_at));
        json_object_set_new(o, "end_url",
                            json_sprintf("/programs/%lld/partnerships/%lld/end",
                                         (long long)p->program_id, (long long)p->id));
        json_object_set_new(o, "member_names", names_text(w, p->members, p->member_count));
    }
    return o;
}

static bool is_selected(json_t *selected, int64_t user_id)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)user_id);
    if (json_is_string(selected))
        return !strcmp(json_string_value(selected), id);
    size_t i;
    json_t *item;
    json_array_foreach(selected, i, item)
    {
        if (json_is_string(item) && !strcmp(json_string_value(item), id))
            return true;
    }
    return false;
}

/* The program's partnerships page; the pool's boxes ticked as typed. */
static int fill_program(struct web *w, int64_t program_id)
{
    struct partnership_program_overview o;
    if (partnership_program_overview(&w->ctx, program_id, &o) != 0)
        return -1;
    const struct program *g = &o.program;
    bool is_open = !strcmp(g->state, "enrolling") || !strcmp(g->state, "running");
    web_view_set(w, "program",
                 json_pack("{s:I, s:s, s:s, s:I, s:b}", "id", (json_int_t)g->id, "name", g->name,
                           "state", g->state, "group_size", (json_int_t)g->group_size, "can_pair",
                           is_open));
    json_t *list = json_array();
    int report_count = 0;
    for (int i = 0; i < o.count; i++) {
        json_array_append_new(list, meta_view(w, &o.partnerships[i]));
        report_count += o.partnerships[i].report_count;
    }
    web_view_set(w, "partnerships", list);
    json_t *selected = json_object_get(w->input, "member_ids");
    json_t *pool = json_array();
    for (int i = 0; i < o.pool_count; i++) {
        json_t *person = view_person_brief(o.pool[i].user_id, o.pool[i].name);
        if (!w->is_api)
            json_object_set_new(person, "checked",
                                json_boolean(is_selected(selected, o.pool[i].user_id)));
        json_array_append_new(pool, person);
    }
    web_view_set(w, "pool", pool);
    if (!w->is_api) {
        web_view_set(w, "group_hint",
                     json_string(g->group_size <= 2
                                     ? "Tick 2 people for a pair, or 3 for a circle when someone "
                                       "would otherwise be left out."
                                     : "Tick 3 or 4 people for a circle."));
        web_view_set(w, "form_action",
                     json_sprintf("/programs/%lld/partnerships", (long long)program_id));
        web_view_set(w, "program_url", json_sprintf("/programs/%lld", (long long)program_id));
        web_view_set(w, "has_reports", json_boolean(report_count > 0));
        web_view_set(w, "has_partnerships", json_boolean(o.count > 0));
        web_view_set(w, "has_pool", json_boolean(o.pool_count > 0));
    }
    return 0;
}

int web_program_partnerships(struct web *w)
{
    int64_t program_id;
    if (web_param_id(w, 0, &program_id) != 0)
        return -1;
    return fill_program(w, program_id);
}

/* member_ids: a list of user ids in the API; ticked boxes (one string, or
 * a list of them) on the page. */
static int input_member_ids(struct web *w, int64_t **ids, size_t *n)
{
    json_t *value = json_object_get(w->input, "member_ids");
    if (!value)
        return fail_input(&w->ctx, "member_ids", "is required");
    if (!w->is_api && json_is_string(value)) {
        json_t *one = web_own(w, json_array());
        json_array_append(one, value);
        value = one;
    }
    if (!json_is_array(value))
        return fail_input(&w->ctx, "member_ids", "must be a list of user ids");
    *n = json_array_size(value);
    if (*n > PARTNERSHIP_MAX_MEMBERS)
        return fail_input(&w->ctx, "member_ids", "must list at most %d people",
                          PARTNERSHIP_MAX_MEMBERS);
    *ids = arena_alloc(w->ctx.arena, sizeof **ids * (*n + 1));
    for (size_t i = 0; i < *n; i++) {
        json_t *item = json_array_get(value, i);
        if (w->is_api) {
            if (!json_is_integer(item))
                return fail_input(&w->ctx, "member_ids", "must be a list of user ids");
            (*ids)[i] = json_integer_value(item);
            continue;
        }
        const char *text = json_string_value(item);
        char *end;
        long long id = text ? strtoll(text, &end, 10) : 0;
        if (!text || !*text || *end || id <= 0)
            return fail_input(&w->ctx, "member_ids", "must be a list of user ids");
        (*ids)[i] = id;
    }
    return 0;
}

/* The organizers' view of one partnership, as the API answers a change. */
static int fill_meta(struct web *w, int64_t program_id, int64_t partnership_id)
{
    struct partnership_meta meta;
    if (partnership_meta_get(&w->ctx, program_id, partnership_id, &meta) != 0)
        return -1;
    web_view_set(w, "partnership", meta_view(w, &meta));
    return 0;
}

int web_program_partnership_create(struct web *w)
{
    static const char *const fields[] = {"member_ids", NULL};
    int64_t program_id, id;
    int64_t *member_ids = NULL;
    size_t n = 0;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &program_id) != 0)
        return -1;
    if (!w->is_api && fill_program(w, program_id) != 0)
        return -1;
    if (input_member_ids(w, &member_ids, &n) != 0 ||
        partnership_create(&w->ctx, program_id, member_ids, n, NULL, &id) != 0)
        return -1;
    w->status = 201;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld/partnerships", (long long)program_id);
    w->notice = "partnership_created";
    return w->is_api ? fill_meta(w, program_id, id) : 0;
}

int web_program_partnership_end(struct web *w)
{
    int64_t program_id, id;
    if (web_input_only(w, NULL) != 0 || web_param_id(w, 0, &program_id) != 0 ||
        web_param_id(w, 1, &id) != 0)
        return -1;
    if (!w->is_api && fill_program(w, program_id) != 0)
        return -1;
    if (partnership_end_by_organizer(&w->ctx, program_id, id) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld/partnerships", (long long)program_id);
    w->notice = "partnership_ended";
    return w->is_api ? fill_meta(w, program_id, id) : 0;
}

int web_program_problem_reports(struct web *w)
{
    int64_t program_id;
    struct problem_report *reports;
    int n;
    if (web_param_id(w, 0, &program_id) != 0 ||
        partnership_reports(&w->ctx, program_id, &reports, &n) != 0)
        return -1;
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, report_view(w, program_id, &reports[i]));
    web_view_set(w, "problem_reports", list);
    return 0;
}

int web_program_problem_report_resolve(struct web *w)
{
    int64_t program_id, report_id;
    if (web_param_id(w, 0, &program_id) != 0 || web_param_id(w, 1, &report_id) != 0)
        return -1;
    /* Reports are the organizers' alone: 404 before anything else. */
    if (access_require_problem_report_reader(&w->ctx, program_id) != 0 ||
        web_input_only(w, NULL) != 0)
        return -1;
    if (!w->is_api && fill_program(w, program_id) != 0)
        return -1;
    if (partnership_report_resolve(&w->ctx, program_id, report_id) != 0)
        return -1;
    w->redirect = arena_printf(w->ctx.arena, "/programs/%lld/partnerships", (long long)program_id);
    w->notice = "report_resolved";
    web_view_set(w, "problem_report",
                 json_pack("{s:I, s:b, s:o}", "id", (json_int_t)report_id, "is_resolved", true,
                           "resolved_at", view_time(w->ctx.now)));
    return 0;
}
