/* enrollment.c — see enrollment.h.
 *
 * Every change reads the program and the enrollment, checks the rules and
 * writes inside one transaction, so a decision cannot race a withdrawal or
 * the program closing. Answers are stored keyed by question id, in the
 * program's question order; a question added later simply shows as
 * unanswered on earlier applications. */
#include "domain/enrollment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/partnership.h"
#include "domain/program.h"
#include "domain/validate.h"
#include "lib/utf8.h"
#include "store/audit.h"

#define GOAL_MIN_CHARS 3

const char *const enrollment_states[] = {"applied",  "accepted",  "waitlisted",
                                         "declined", "withdrawn", NULL};
const char *const enrollment_decisions[] = {"accepted", "waitlisted", "declined", NULL};

/* Which decision may follow which state. */
static const struct {
    const char *from;
    const char *const next[4];
} decisions[] = {
    {"applied", {"accepted", "waitlisted", "declined", NULL}},
    {"waitlisted", {"accepted", "declined", NULL}},
};

const char *enrollment_decision_problem(const char *from, const char *to)
{
    for (size_t i = 0; i < sizeof decisions / sizeof *decisions; i++) {
        if (strcmp(decisions[i].from, from) != 0)
            continue;
        for (int k = 0; decisions[i].next[k]; k++)
            if (!strcmp(decisions[i].next[k], to))
                return NULL;
    }
    if (!strcmp(from, to))
        return "The application is already in this state.";
    if (!strcmp(from, "withdrawn"))
        return "The participant has withdrawn this application.";
    if (!strcmp(from, "accepted"))
        return "This application is already accepted; the participant may still withdraw.";
    if (!strcmp(from, "declined"))
        return "This application was declined; the decision is final.";
    return "This decision is not allowed for this application.";
}

bool enrollment_can_withdraw(const char *state)
{
    return !strcmp(state, "applied") || !strcmp(state, "accepted") || !strcmp(state, "waitlisted");
}

static const char *dump(struct arena *arena, json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER);
    const char *copy = arena_strdup(arena, text);
    free(text);
    return copy;
}

static json_t *owned(struct ctx *ctx, json_t *value)
{
    arena_defer(ctx->arena, (void (*)(void *))json_decref, value);
    return value;
}

/* A quoted list of the questions' texts: “a”; “b”. */
static const char *quoted(struct arena *arena, const struct readiness_question **list, int n)
{
    const char *text = "";
    for (int i = 0; i < n; i++)
        text = arena_printf(arena, "%s%s“%s”", text, i ? "; " : "", list[i]->text);
    return text;
}

/* Is key ("12") the id of one of the questions? */
static bool is_question_key(const char *key, const struct readiness_question *questions, int n)
{
    for (int i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)questions[i].id);
        if (!strcmp(id, key))
            return true;
    }
    return false;
}

/* The answers as stored JSON text: one true/false per question. */
static int take_answers(struct ctx *ctx, json_t *answers,
                        const struct readiness_question *questions, int n, const char **out)
{
    if (!answers)
        return fail_input(ctx, "answers", "is required");
    if (!json_is_object(answers))
        return fail_input(ctx, "answers", "must be an object of question id to true or false");
    const char *key;
    json_t *value;
    json_object_foreach(answers, key, value)
    {
        if (!is_question_key(key, questions, n))
            return fail_input(ctx, "answers", "names a question this program does not have");
        if (!json_is_boolean(value))
            return fail_input(ctx, "answers", "must be true or false for each question");
    }
    const struct readiness_question **missing =
        arena_alloc(ctx->arena, sizeof *missing * (size_t)(n + 1));
    const struct readiness_question **refused =
        arena_alloc(ctx->arena, sizeof *refused * (size_t)(n + 1));
    int nmissing = 0, nrefused = 0;
    json_t *clean = owned(ctx, json_object());
    for (int i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)questions[i].id);
        json_t *answer = json_object_get(answers, id);
        if (!answer)
            missing[nmissing++] = &questions[i];
        else if (questions[i].is_required && !json_is_true(answer))
            refused[nrefused++] = &questions[i];
        else
            json_object_set(clean, id, answer);
    }
    if (nmissing)
        return fail_input(ctx, "answers", "must answer every readiness question; unanswered: %s",
                          quoted(ctx->arena, missing, nmissing));
    if (nrefused)
        return fail_input(ctx, "answers", "must accept these pledges to join the program: %s",
                          quoted(ctx->arena, refused, nrefused));
    *out = dump(ctx->arena, clean);
    return 0;
}

/* 1-3 goals as stored JSON text; blank ones are dropped. */
static int take_goals(struct ctx *ctx, json_t *goals, const char **out)
{
    if (!goals)
        return fail_input(ctx, "goals", "is required");
    if (!json_is_array(goals))
        return fail_input(ctx, "goals", "must be a list of 1 to %d short texts",
                          ENROLLMENT_MAX_GOALS);
    json_t *clean = owned(ctx, json_array());
    size_t i;
    json_t *goal;
    json_array_foreach(goals, i, goal)
    {
        if (!json_is_string(goal))
            return fail_input(ctx, "goals", "must be a list of 1 to %d short texts",
                              ENROLLMENT_MAX_GOALS);
        if (validate_text(ctx, "goals", json_string_value(goal), 0, ENROLLMENT_GOAL_MAX_CHARS,
                          false) != 0)
            return -1;
        const char *text = validate_trimmed(ctx->arena, json_string_value(goal));
        if (!*text)
            continue;
        if (utf8_length(text, strlen(text)) < GOAL_MIN_CHARS)
            return fail_input(ctx, "goals", "must each be at least %d characters", GOAL_MIN_CHARS);
        json_array_append_new(clean, json_string(text));
    }
    if (json_array_size(clean) == 0)
        return fail_input(ctx, "goals", "must name at least one goal you bring");
    if (json_array_size(clean) > ENROLLMENT_MAX_GOALS)
        return fail_input(ctx, "goals", "must be at most %d", ENROLLMENT_MAX_GOALS);
    *out = dump(ctx->arena, clean);
    return 0;
}

static int take_availability(struct ctx *ctx, json_t *value, const struct program *p)
{
    if (value && !json_is_boolean(value))
        return fail_input(ctx, "availability_confirmed", "must be true or false");
    if (!json_is_true(value))
        return fail_input(ctx, "availability_confirmed",
                          "must be true: confirm that you can meet %s for %lld minutes from %s "
                          "to %s",
                          !strcmp(p->cadence, "weekly")    ? "every week"
                          : !strcmp(p->cadence, "monthly") ? "every month"
                                                           : "every two weeks",
                          (long long)p->session_minutes, p->starts_on, p->ends_on);
    return 0;
}

/* Read the enrollment just written, for the caller. */
static int reread(struct ctx *ctx, int64_t program_id, int64_t user_id, struct enrollment *out)
{
    int found = store_enrollment_of(ctx->db, ctx->arena, program_id, user_id, out);
    return found == 1 ? 0 : fail_internal(ctx, "reading enrollment back");
}

static int apply_locked(struct ctx *ctx, int64_t program_id, json_t *application,
                        struct enrollment *out)
{
    struct program p;
    if (program_get(ctx, program_id, &p) != 0)
        return -1;
    const char *closed_why = program_enrollment_closed_why(ctx->arena, &p, program_today(ctx));
    if (closed_why)
        return fail_conflict(ctx, "invalid_state", closed_why);
    struct enrollment earlier;
    int found = store_enrollment_of(ctx->db, ctx->arena, program_id, ctx->user->id, &earlier);
    if (found < 0)
        return fail_internal(ctx, "reading enrollment");
    if (found && strcmp(earlier.state, "withdrawn") != 0)
        return fail_conflict(ctx, "already_applied",
                             arena_printf(ctx->arena,
                                          "You have already applied to this program; your "
                                          "application is %s.",
                                          earlier.state));
    if (!json_is_object(application))
        return fail_input(ctx, "application", "must be an object");
    struct readiness_question *questions;
    int n = store_question_list(ctx->db, ctx->arena, program_id, &questions);
    if (n < 0)
        return fail_internal(ctx, "reading questions");
    struct enrollment e = {.id = found ? earlier.id : 0,
                           .program_id = program_id,
                           .user_id = ctx->user->id,
                           .availability_confirmed = true,
                           .applied_at = ctx->now};
    if (take_answers(ctx, json_object_get(application, "answers"), questions, n, &e.answers) != 0 ||
        take_goals(ctx, json_object_get(application, "goals"), &e.goals) != 0 ||
        take_availability(ctx, json_object_get(application, "availability_confirmed"), &p) != 0)
        return -1;
    bool changed = true;
    enum db_result r = found ? store_enrollment_reapply(ctx->db, &e, &changed)
                             : store_enrollment_insert(ctx->db, &e, &e.id);
    if (r == DB_CONSTRAINT || !changed)
        return fail_conflict(ctx, "already_applied", "You have already applied to this program.");
    if (r != DB_DONE || store_audit_add(ctx->db, ctx->now, ctx->user->id, "enrollment_apply",
                                        "enrollment", e.id, "state=applied") != DB_DONE)
        return fail_internal(ctx, "storing enrollment");
    return reread(ctx, program_id, ctx->user->id, out);
}

int enrollment_apply(struct ctx *ctx, int64_t program_id, json_t *application,
                     struct enrollment *out)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin enrollment");
    if (apply_locked(ctx, program_id, application, out) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit enrollment");
}

int enrollment_list(struct ctx *ctx, int64_t program_id, const char *state, struct enrollment **out,
                    int *count)
{
    if (access_require_program_organizer(ctx, program_id) != 0 ||
        (state && validate_choice(ctx, "state", state, enrollment_states) != 0))
        return -1;
    int n = store_enrollment_list(ctx->db, ctx->arena, program_id, ctx->user->id,
                                  access_is_admin(ctx), state, out);
    if (n < 0)
        return fail_internal(ctx, "listing enrollments");
    *count = n;
    return 0;
}

/* An enrollment the asker may see: their own, or one in a program they
 * organize. Anyone else learns nothing, not even that it exists. */
static int load(struct ctx *ctx, int64_t enrollment_id, struct enrollment *out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int found = store_enrollment_get(ctx->db, ctx->arena, enrollment_id, ctx->user->id,
                                     access_is_admin(ctx), out);
    if (found < 0)
        return fail_internal(ctx, "reading enrollment");
    return found ? 0 : fail_not_found(ctx);
}

int enrollment_get(struct ctx *ctx, int64_t enrollment_id, struct enrollment *out)
{
    return load(ctx, enrollment_id, out);
}

/* Moves e to state, recording decided_by (0 for the participant). */
static int move(struct ctx *ctx, struct enrollment *e, const char *state, int64_t decided_by,
                const char *action)
{
    bool changed;
    if (store_enrollment_set_state(ctx->db, e->id, e->state, state, decided_by, ctx->now,
                                   &changed) != DB_DONE ||
        !changed ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, action, "enrollment", e->id,
                        arena_printf(ctx->arena, "state=%s", state)) != DB_DONE)
        return fail_internal(ctx, "storing enrollment state");
    return reread(ctx, e->program_id, e->user_id, e);
}

static int decide_locked(struct ctx *ctx, int64_t enrollment_id, const char *state,
                         struct enrollment *out)
{
    if (load(ctx, enrollment_id, out) != 0)
        return -1;
    if (!access_is_program_organizer(ctx, out->program_id))
        return fail_forbidden(ctx, "Only the organizers of this program decide on applications.");
    if (validate_choice(ctx, "state", state, enrollment_decisions) != 0)
        return -1;
    struct program p;
    if (program_get(ctx, out->program_id, &p) != 0)
        return -1;
    if (strcmp(p.state, "enrolling") != 0 && strcmp(p.state, "running") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "Applications can only be decided while the program is "
                                          "enrolling or running; it is %s.",
                                          p.state));
    const char *problem = enrollment_decision_problem(out->state, state);
    if (problem)
        return fail_conflict(ctx, "invalid_state", problem);
    return move(ctx, out, state, ctx->user->id, "enrollment_decide");
}

int enrollment_decide(struct ctx *ctx, int64_t enrollment_id, const char *state,
                      struct enrollment *out)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin enrollment decision");
    if (decide_locked(ctx, enrollment_id, state, out) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit enrollment decision");
}

/* A participant leaves their partnership (or declines its proposal) before
 * leaving the program, so no partnership is left with a member who is no
 * longer in the program, and their partners hear it the partnership's way. */
static int check_no_partnership(struct ctx *ctx, int64_t program_id)
{
    struct partnership_view *mine;
    int count;
    if (partnership_list_mine(ctx, &mine, &count) != 0)
        return -1;
    for (int i = 0; i < count; i++)
        if (mine[i].partnership.program_id == program_id &&
            strcmp(mine[i].partnership.state, "ended") != 0)
            return fail_conflict(ctx, "in_partnership",
                                 "You are in a partnership of this program: leave it (or decline "
                                 "the proposal) on its page first, then withdraw.");
    return 0;
}

static int withdraw_locked(struct ctx *ctx, int64_t enrollment_id, struct enrollment *out)
{
    if (load(ctx, enrollment_id, out) != 0)
        return -1;
    if (out->user_id != ctx->user->id)
        return fail_forbidden(ctx, "Only the participant can withdraw an application; "
                                   "organizers decline instead.");
    struct program p;
    if (program_get(ctx, out->program_id, &p) != 0)
        return -1;
    if (!strcmp(p.state, "closed"))
        return fail_conflict(ctx, "invalid_state", "This program is closed.");
    if (!enrollment_can_withdraw(out->state))
        return fail_conflict(
            ctx, "invalid_state",
            arena_printf(ctx->arena, "An application that is %s cannot be withdrawn.", out->state));
    if (check_no_partnership(ctx, out->program_id) != 0)
        return -1;
    return move(ctx, out, "withdrawn", 0, "enrollment_withdraw");
}

int enrollment_withdraw(struct ctx *ctx, int64_t enrollment_id, struct enrollment *out)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin withdrawal");
    if (withdraw_locked(ctx, enrollment_id, out) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit withdrawal");
}

int enrollment_is_accepted(struct ctx *ctx, int64_t program_id, int64_t user_id)
{
    int accepted = store_enrollment_is_accepted(ctx->db, program_id, user_id);
    return accepted < 0 ? fail_internal(ctx, "reading enrollment") : accepted;
}

int enrollment_accepted_participants(struct ctx *ctx, int64_t program_id,
                                     struct enrollment_participant **out, int *count)
{
    int n = store_enrollment_accepted(ctx->db, ctx->arena, program_id, out);
    if (n < 0)
        return fail_internal(ctx, "listing accepted participants");
    *count = n;
    return 0;
}
