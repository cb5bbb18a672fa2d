/* partnership.c — see partnership.h.
 *
 * Every change runs in one transaction that re-reads the membership and
 * state under the write lock (db_begin takes it at once), so two members
 * answering at the same moment cannot both see "the last one pending", and
 * nobody acts on a partnership they left a moment before.
 *
 * The lines written to the message thread are our own neutral wording and
 * never carry a reason someone typed: a decline reason goes to the
 * organizers only, a leave reason to nobody but its author. */
#include "domain/partnership.h"

#include <string.h>

#include "domain/access.h"
#include "domain/enrollment.h"
#include "domain/message.h"
#include "domain/validate.h"
#include "store/audit.h"
#include "store/message.h"
#include "store/user.h"

const char *const partnership_report_kinds[] = {"boundary", "confidentiality", "other", NULL};

static bool is_current_member(const struct partnership_member *m)
{
    return strcmp(m->response, "declined") != 0 && m->left_at == 0;
}

static int load_partnership(struct ctx *ctx, int64_t id, struct partnership *out)
{
    int found = store_partnership_get(ctx->db, ctx->arena, id, out);
    if (found < 0)
        return fail_internal(ctx, "reading partnership");
    return found ? 0 : fail_not_found(ctx);
}

/* The program, once the caller's access has been checked (or the caller
 * is trusted): read without a viewer. */
static int load_program(struct ctx *ctx, int64_t program_id, struct program *out)
{
    int found = store_program_get(ctx->db, ctx->arena, program_id, 0, true, out);
    if (found < 0)
        return fail_internal(ctx, "reading program");
    return found ? 0 : fail_not_found(ctx);
}

/* Runs a change in a transaction: begin, step, commit or roll back. */
static int in_transaction(struct ctx *ctx, const char *what, int (*step)(struct ctx *, void *),
                          void *arg)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, what);
    if (step(ctx, arg) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, what);
}

/* --- forming a partnership ------------------------------------------------ */

static int check_group_size(struct ctx *ctx, const struct program *program, size_t n)
{
    if (program->group_size <= 2) {
        if (n == 2 || n == 3)
            return 0;
        return fail_input(ctx, "member_ids",
                          "must list 2 people for a pair (or 3, a circle for the odd person out)");
    }
    if (n == 3 || n == 4)
        return 0;
    return fail_input(ctx, "member_ids", "must list 3 or 4 people for a circle");
}

struct create_args {
    const struct program *program;
    const int64_t *member_ids;
    size_t n;
    const struct partnership_origin *origin;
    int64_t *id;
};

/* Each member is an accepted participant and free to be paired. */
static int check_members_free(struct ctx *ctx, int64_t program_id, const int64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int is_participant = enrollment_is_accepted(ctx, program_id, ids[i]);
        if (is_participant < 0)
            return -1;
        if (!is_participant)
            return fail_input(ctx, "member_ids",
                              "includes user %lld, who is not an accepted participant of this "
                              "program",
                              (long long)ids[i]);
        int busy = store_partnership_user_is_busy(ctx->db, program_id, ids[i]);
        if (busy < 0)
            return fail_internal(ctx, "reading partnerships");
        if (busy) {
            struct user user;
            if (store_user_by_id(ctx->db, ctx->arena, ids[i], &user) != 1)
                return fail_internal(ctx, "reading member");
            return fail_conflict(ctx, "already_paired",
                                 arena_printf(ctx->arena,
                                              "%s is already in a partnership of this program "
                                              "that has not ended.",
                                              user.name));
        }
    }
    return 0;
}

static int create_step(struct ctx *ctx, void *arg)
{
    struct create_args *a = arg;
    const struct program *program = a->program;
    if (check_members_free(ctx, program->id, a->member_ids, a->n) != 0)
        return -1;
    int64_t round = a->origin->round;
    if (round == 0 && (round = store_partnership_current_round(ctx->db, program->id)) < 0)
        return fail_internal(ctx, "reading round");
    int64_t actor = ctx->user ? ctx->user->id : 0;
    if (store_partnership_insert(ctx->db, program->id, round,
                                 a->origin->has_match_score ? &a->origin->match_score : NULL,
                                 a->origin->match_explanation, actor ? actor : program->created_by,
                                 ctx->now, a->id) != DB_DONE)
        return fail_internal(ctx, "storing partnership");
    for (size_t i = 0; i < a->n; i++)
        if (store_partnership_member_add(ctx->db, *a->id, a->member_ids[i]) != DB_DONE)
            return fail_internal(ctx, "storing partnership member");
    if (agreement_create_initial(ctx, *a->id, program->cadence, program->session_minutes) != 0)
        return -1;
    if (store_audit_add(ctx->db, ctx->now, actor, "partnership_create", "partnership", *a->id,
                        arena_printf(ctx->arena, "members=%zu", a->n)) != DB_DONE)
        return fail_internal(ctx, "storing audit entry");
    return message_add_system(ctx, *a->id,
                              "You have been proposed as peer coaching partners. Each of you: "
                              "read the agreement, then accept or decline on the partnership "
                              "page.");
}

int partnership_create(struct ctx *ctx, int64_t program_id, const int64_t *member_ids, size_t n,
                       const struct partnership_origin *origin, int64_t *id)
{
    static const struct partnership_origin by_hand = {0};
    if (!origin)
        origin = &by_hand;
    if (!origin->is_trusted && access_require_program_organizer(ctx, program_id) != 0)
        return -1;
    struct program program;
    if (load_program(ctx, program_id, &program) != 0)
        return -1;
    if (strcmp(program.state, "enrolling") != 0 && strcmp(program.state, "running") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "Partnerships can be formed while a program is "
                                          "enrolling or running; this one is %s.",
                                          program.state));
    if (check_group_size(ctx, &program, n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (member_ids[i] <= 0)
            return fail_input(ctx, "member_ids", "must be user ids");
        for (size_t k = 0; k < i; k++)
            if (member_ids[k] == member_ids[i])
                return fail_input(ctx, "member_ids", "lists user %lld twice",
                                  (long long)member_ids[i]);
    }
    if (origin->match_explanation &&
        validate_text(ctx, "match_explanation", origin->match_explanation, 0, 2000, true) != 0)
        return -1;
    struct create_args args = {&program, member_ids, n, origin, id};
    return in_transaction(ctx, "storing partnership", create_step, &args);
}

/* --- what members see ------------------------------------------------------- */

static void set_permissions(struct partnership_view *v)
{
    const char *state = v->partnership.state;
    bool proposed = !strcmp(state, "proposed");
    v->can_accept = proposed && !strcmp(v->me.response, "pending");
    v->can_decline = proposed;
    v->can_pause = !strcmp(state, "active");
    v->can_resume = !strcmp(state, "paused");
    v->can_leave = v->can_pause || v->can_resume;
}

/* Agreement status, unread count and permissions of a loaded view. */
static int complete_view(struct ctx *ctx, struct partnership_view *v)
{
    if (agreement_status_of(ctx, &v->partnership, &v->agreement) != 0)
        return -1;
    v->unread_messages = store_message_unread(ctx->db, v->partnership.id, ctx->user->id);
    if (v->unread_messages < 0)
        return fail_internal(ctx, "counting unread messages");
    set_permissions(v);
    return 0;
}

int partnership_show(struct ctx *ctx, int64_t id, struct partnership_view *out)
{
    *out = (struct partnership_view){0};
    if (access_require_partnership_member(ctx, id, &out->me) != 0 ||
        load_partnership(ctx, id, &out->partnership) != 0)
        return -1;
    return complete_view(ctx, out);
}

int partnership_list_mine(struct ctx *ctx, struct partnership_view **out, int *count)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    struct partnership *list;
    int n = store_partnership_list_for_user(ctx->db, ctx->arena, ctx->user->id, &list);
    if (n < 0)
        return fail_internal(ctx, "reading partnerships");
    struct partnership_view *views = arena_zalloc(ctx->arena, sizeof *views * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        struct partnership_view *v = &views[i];
        v->partnership = list[i];
        v->me = (struct membership){.partnership_id = list[i].id,
                                    .program_id = list[i].program_id,
                                    .partnership_state = list[i].state,
                                    .response = "pending"};
        for (int k = 0; k < list[i].member_count; k++)
            if (list[i].members[k].user_id == ctx->user->id)
                v->me.response = list[i].members[k].response;
        if (complete_view(ctx, v) != 0)
            return -1;
    }
    *out = views;
    *count = n;
    return 0;
}

int partnership_former_mine(struct ctx *ctx, struct partnership_former **out, int *count)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_partnership_former(ctx->db, ctx->arena, ctx->user->id, out);
    if (n < 0)
        return fail_internal(ctx, "reading former partnerships");
    *count = n;
    return 0;
}

/* --- members' answers and transitions ------------------------------------- */

struct change_args {
    int64_t id;
    const char *reason;
    bool wants_rematch;
    bool *has_ended;
};

static int accept_step(struct ctx *ctx, void *arg)
{
    struct change_args *a = arg;
    struct membership me;
    if (access_require_partnership_member(ctx, a->id, &me) != 0)
        return -1;
    if (strcmp(me.partnership_state, "proposed") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "This partnership is %s: only a proposal can be "
                                          "accepted.",
                                          me.partnership_state));
    if (!strcmp(me.response, "accepted"))
        return fail_conflict(ctx, "invalid_state", "You have already accepted this partnership.");
    if (store_partnership_respond(ctx->db, a->id, ctx->user->id, "accepted", "", ctx->now) !=
        DB_DONE)
        return fail_internal(ctx, "storing answer");
    struct partnership p;
    if (load_partnership(ctx, a->id, &p) != 0)
        return -1;
    for (int i = 0; i < p.member_count; i++)
        if (is_current_member(&p.members[i]) && strcmp(p.members[i].response, "accepted") != 0)
            return 0; /* still waiting for someone */
    if (store_partnership_activate(ctx->db, a->id, ctx->now) != DB_DONE)
        return fail_internal(ctx, "activating partnership");
    return message_add_system(ctx, a->id,
                              "Everyone has accepted: the partnership is active. Next, read and "
                              "sign your agreement.");
}

int partnership_accept(struct ctx *ctx, int64_t id)
{
    struct change_args args = {.id = id};
    return in_transaction(ctx, "accepting partnership", accept_step, &args);
}

static int validate_reason(struct ctx *ctx, const char *reason)
{
    return validate_text(ctx, "reason", reason, 0, PARTNERSHIP_REASON_MAX_CHARS, true);
}

static int decline_step(struct ctx *ctx, void *arg)
{
    struct change_args *a = arg;
    struct membership me;
    if (access_require_partnership_member(ctx, a->id, &me) != 0)
        return -1;
    if (strcmp(me.partnership_state, "proposed") != 0)
        return fail_conflict(ctx, "invalid_state",
                             "Only a proposal can be declined. To step out of a partnership "
                             "that has started, leave it.");
    if (store_partnership_respond(ctx->db, a->id, ctx->user->id, "declined", a->reason, ctx->now) !=
            DB_DONE ||
        store_partnership_end(ctx->db, a->id, "declined", ctx->user->id, ctx->now) != DB_DONE)
        return fail_internal(ctx, "storing decline");
    return message_add_system(ctx, a->id,
                              "The proposal was declined, so this partnership will not go "
                              "ahead. You are free to be paired again.");
}

int partnership_decline(struct ctx *ctx, int64_t id, const char *reason)
{
    if (validate_reason(ctx, reason) != 0)
        return -1;
    struct change_args args = {.id = id, .reason = reason ? reason : ""};
    return in_transaction(ctx, "declining partnership", decline_step, &args);
}

struct pause_args {
    int64_t id;
    const char *from, *to;
    const char *refusal; /* for a partnership not in state from */
    const char *line;    /* for the thread, with the member's name */
};

static int pause_step(struct ctx *ctx, void *arg)
{
    struct pause_args *a = arg;
    struct membership me;
    if (access_require_partnership_member(ctx, a->id, &me) != 0)
        return -1;
    if (strcmp(me.partnership_state, a->from) != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena, "This partnership is %s: %s",
                                          me.partnership_state, a->refusal));
    if (store_partnership_set_state(ctx->db, a->id, a->from, a->to) != DB_DONE)
        return fail_internal(ctx, "storing state");
    return message_add_system(ctx, a->id, arena_printf(ctx->arena, a->line, ctx->user->name));
}

int partnership_pause(struct ctx *ctx, int64_t id)
{
    struct pause_args args = {id, "active", "paused", "only an active partnership can be paused.",
                              "%s paused the partnership."};
    return in_transaction(ctx, "pausing partnership", pause_step, &args);
}

int partnership_resume(struct ctx *ctx, int64_t id)
{
    struct pause_args args = {id, "paused", "active", "only a paused partnership can be resumed.",
                              "%s resumed the partnership."};
    return in_transaction(ctx, "resuming partnership", pause_step, &args);
}

static int leave_step(struct ctx *ctx, void *arg)
{
    struct change_args *a = arg;
    struct membership me;
    if (access_require_partnership_member(ctx, a->id, &me) != 0)
        return -1;
    if (!strcmp(me.partnership_state, "proposed"))
        return fail_conflict(ctx, "invalid_state",
                             "This partnership is still a proposal: decline it instead.");
    if (!strcmp(me.partnership_state, "ended"))
        return fail_conflict(ctx, "invalid_state", "This partnership has already ended.");
    if (store_partnership_leave(ctx->db, a->id, ctx->user->id, a->reason, a->wants_rematch,
                                ctx->now) != DB_DONE)
        return fail_internal(ctx, "storing leave");
    struct partnership p;
    if (load_partnership(ctx, a->id, &p) != 0)
        return -1;
    int remaining = 0;
    for (int i = 0; i < p.member_count; i++)
        remaining += is_current_member(&p.members[i]);
    /* A circle goes on while at least two remain; a pair cannot. */
    *a->has_ended = remaining < PARTNERSHIP_MIN_MEMBERS;
    if (*a->has_ended &&
        store_partnership_end(ctx->db, a->id, "left", ctx->user->id, ctx->now) != DB_DONE)
        return fail_internal(ctx, "ending partnership");
    return message_add_system(ctx, a->id,
                              arena_printf(ctx->arena,
                                           *a->has_ended
                                               ? "%s has left the partnership, so it has ended."
                                               : "%s has left the partnership.",
                                           ctx->user->name));
}

int partnership_leave(struct ctx *ctx, int64_t id, const char *reason, bool wants_rematch,
                      bool *has_ended)
{
    if (validate_reason(ctx, reason) != 0)
        return -1;
    bool ended = false;
    struct change_args args = {.id = id,
                               .reason = reason ? reason : "",
                               .wants_rematch = wants_rematch,
                               .has_ended = &ended};
    if (in_transaction(ctx, "leaving partnership", leave_step, &args) != 0)
        return -1;
    if (has_ended)
        *has_ended = ended;
    return 0;
}

int partnership_report(struct ctx *ctx, int64_t id, const char *kind, const char *body,
                       int64_t *report_id)
{
    if (access_require_partnership_member(ctx, id, NULL) != 0)
        return -1;
    if (validate_choice(ctx, "kind", kind, partnership_report_kinds) != 0 ||
        validate_text(ctx, "body", body, 1, PARTNERSHIP_REPORT_MAX_CHARS, true) != 0)
        return -1;
    if (strspn(body, " \t\r\n") == strlen(body))
        return fail_input(ctx, "body", "is required");
    if (store_problem_report_insert(ctx->db, id, ctx->user->id, kind, body, ctx->now, report_id) !=
        DB_DONE)
        return fail_internal(ctx, "storing problem report");
    return 0;
}

/* --- organizers ------------------------------------------------------------------ */

/* Once a partnership has ended, its organizers learn that it ended and who
 * asked to be paired again — not which member left it. While a circle goes
 * on without someone, who left is plain from the pool anyway. */
static void hide_who_left(struct partnership *p)
{
    if (strcmp(p->state, "ended") != 0)
        return;
    for (int i = 0; i < p->member_count; i++)
        p->members[i].left_at = 0;
}

/* Accepted participants not in a partnership of the program that has not
 * ended: who can be paired now. */
static int load_pool(struct ctx *ctx, int64_t program_id, struct partnership_program_overview *out)
{
    struct enrollment_participant *accepted;
    int accepted_count;
    if (enrollment_accepted_participants(ctx, program_id, &accepted, &accepted_count) != 0)
        return -1;
    int64_t *busy;
    int busy_count = store_partnership_busy_users(ctx->db, ctx->arena, program_id, &busy);
    if (busy_count < 0)
        return fail_internal(ctx, "reading partnerships");
    out->pool = accepted;
    out->pool_count = 0;
    for (int i = 0; i < accepted_count; i++) {
        bool is_busy = false;
        for (int k = 0; k < busy_count && !is_busy; k++)
            is_busy = busy[k] == accepted[i].user_id;
        if (!is_busy)
            out->pool[out->pool_count++] = accepted[i];
    }
    return 0;
}

int partnership_program_overview(struct ctx *ctx, int64_t program_id,
                                 struct partnership_program_overview *out)
{
    *out = (struct partnership_program_overview){0};
    if (access_require_program_organizer(ctx, program_id) != 0 ||
        load_program(ctx, program_id, &out->program) != 0)
        return -1;
    struct partnership *list;
    int n = store_partnership_list_for_program(ctx->db, ctx->arena, program_id, &list);
    if (n < 0)
        return fail_internal(ctx, "reading partnerships");
    struct problem_report *reports;
    int report_count = store_problem_report_list(ctx->db, ctx->arena, program_id, &reports);
    if (report_count < 0)
        return fail_internal(ctx, "reading problem reports");
    out->partnerships = arena_zalloc(ctx->arena, sizeof *out->partnerships * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        struct partnership_meta *meta = &out->partnerships[i];
        meta->partnership = list[i];
        hide_who_left(&meta->partnership);
        int in_force = store_agreement_in_force(ctx->db, list[i].id);
        if (in_force < 0)
            return fail_internal(ctx, "reading agreement state");
        meta->agreement_in_force = in_force == 1;
        meta->reports = arena_alloc(ctx->arena, sizeof *meta->reports * (size_t)(report_count + 1));
        for (int k = 0; k < report_count; k++)
            if (reports[k].partnership_id == list[i].id)
                meta->reports[meta->report_count++] = reports[k];
    }
    out->count = n;
    return load_pool(ctx, program_id, out);
}

int partnership_meta_get(struct ctx *ctx, int64_t program_id, int64_t partnership_id,
                         struct partnership_meta *out)
{
    *out = (struct partnership_meta){0};
    if (access_require_program_organizer(ctx, program_id) != 0)
        return -1;
    int found = store_partnership_get_for_organizers(ctx->db, ctx->arena, partnership_id,
                                                     &out->partnership);
    if (found < 0)
        return fail_internal(ctx, "reading partnership");
    if (!found || out->partnership.program_id != program_id)
        return fail_not_found(ctx);
    hide_who_left(&out->partnership);
    int in_force = store_agreement_in_force(ctx->db, partnership_id);
    if (in_force < 0)
        return fail_internal(ctx, "reading agreement state");
    out->agreement_in_force = in_force == 1;
    struct problem_report *reports;
    int n = store_problem_report_list(ctx->db, ctx->arena, program_id, &reports);
    if (n < 0)
        return fail_internal(ctx, "reading problem reports");
    out->reports = arena_alloc(ctx->arena, sizeof *out->reports * (size_t)(n + 1));
    for (int k = 0; k < n; k++)
        if (reports[k].partnership_id == partnership_id)
            out->reports[out->report_count++] = reports[k];
    return 0;
}

struct end_args {
    int64_t program_id, partnership_id;
};

static int end_step(struct ctx *ctx, void *arg)
{
    struct end_args *a = arg;
    struct partnership p;
    if (load_partnership(ctx, a->partnership_id, &p) != 0)
        return -1;
    if (p.program_id != a->program_id)
        return fail_not_found(ctx);
    if (!strcmp(p.state, "ended"))
        return fail_conflict(ctx, "invalid_state", "This partnership has already ended.");
    if (store_partnership_end(ctx->db, p.id, "organizer", ctx->user->id, ctx->now) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "partnership_end", "partnership", p.id,
                        "organizer") != DB_DONE)
        return fail_internal(ctx, "ending partnership");
    return message_add_system(ctx, p.id, "The program's organizers ended this partnership.");
}

int partnership_end_by_organizer(struct ctx *ctx, int64_t program_id, int64_t partnership_id)
{
    if (access_require_program_organizer(ctx, program_id) != 0)
        return -1;
    struct end_args args = {program_id, partnership_id};
    return in_transaction(ctx, "ending partnership", end_step, &args);
}

int partnership_reports(struct ctx *ctx, int64_t program_id, struct problem_report **out,
                        int *count)
{
    if (access_require_problem_report_reader(ctx, program_id) != 0)
        return -1;
    int n = store_problem_report_list(ctx->db, ctx->arena, program_id, out);
    if (n < 0)
        return fail_internal(ctx, "reading problem reports");
    *count = n;
    return 0;
}

int partnership_report_resolve(struct ctx *ctx, int64_t program_id, int64_t report_id)
{
    if (access_require_problem_report_reader(ctx, program_id) != 0)
        return -1;
    struct problem_report report;
    int found = store_problem_report_get(ctx->db, ctx->arena, program_id, report_id, &report);
    if (found <= 0)
        return found < 0 ? fail_internal(ctx, "reading problem report") : fail_not_found(ctx);
    if (report.resolved_at)
        return fail_conflict(ctx, "invalid_state", "This report is already marked resolved.");
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin resolve");
    if (store_problem_report_resolve(ctx->db, program_id, report_id, ctx->now) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "problem_report_resolve",
                        "problem_report", report_id, "") != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing resolve");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit resolve");
}

/* --- for other areas ---------------------------------------------------------- */

int partnership_members(struct ctx *ctx, int64_t id, struct partnership_member **out, int *count)
{
    struct partnership p;
    if (access_require_partnership_member(ctx, id, NULL) != 0 || load_partnership(ctx, id, &p) != 0)
        return -1;
    *out = arena_alloc(ctx->arena, sizeof **out * (size_t)(p.member_count + 1));
    *count = 0;
    for (int i = 0; i < p.member_count; i++)
        if (is_current_member(&p.members[i]))
            (*out)[(*count)++] = p.members[i];
    return 0;
}

static int end_all_step(struct ctx *ctx, void *arg)
{
    int64_t program_id = *(int64_t *)arg;
    int64_t *ids;
    int n = store_partnership_open_ids(ctx->db, ctx->arena, program_id, &ids);
    if (n < 0)
        return fail_internal(ctx, "reading partnerships");
    for (int i = 0; i < n; i++) {
        if (store_partnership_end(ctx->db, ids[i], "program_closed", 0, ctx->now) != DB_DONE)
            return fail_internal(ctx, "ending partnership");
        if (message_add_system(ctx, ids[i],
                               "The program has closed, so this partnership has ended. Its "
                               "history stays here for you to read.") != 0)
            return -1;
    }
    return 0;
}

int partnership_end_all_in_program(struct ctx *ctx, int64_t program_id)
{
    return in_transaction(ctx, "ending partnerships", end_all_step, &program_id);
}
