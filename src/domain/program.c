/* program.c — see program.h.
 *
 * The editable fields are one table (program_fields): each row says how the
 * field is checked and whether it belongs to the program's setup (method,
 * group size, cadence, length, dates other than the end), which freezes
 * once the program runs. Creating and editing both go through it, so a
 * field cannot be checked one way on create and another on edit. */
#include "domain/program.h"

#include <stddef.h>
#include <string.h>

#include "domain/access.h"
#include "domain/account.h"
#include "domain/method.h"
#include "domain/partnership.h"
#include "domain/validate.h"
#include "lib/date.h"
#include "store/audit.h"
#include "store/user.h"

const char *const program_states[] = {"draft", "enrolling", "running", "closed", NULL};
const char *const program_cadences[] = {"weekly", "biweekly", "monthly", NULL};

enum field_kind { FIELD_LINE, FIELD_MARKDOWN, FIELD_CHOICE, FIELD_NUMBER, FIELD_DATE };

struct program_field {
    const char *name;
    enum field_kind kind;
    size_t offset;    /* of the const char * or int64_t member of struct program */
    bool is_setup;    /* may change only while the program is a draft or enrolling */
    int64_t min, max; /* characters for text, the range for numbers */
    const char *const *choices;
};

#define AT(member) offsetof(struct program, member)

static const struct program_field program_fields[] = {
    {"name", FIELD_LINE, AT(name), false, 1, 120, NULL},
    {"description", FIELD_MARKDOWN, AT(description), false, 0, 5000, NULL},
    {"objectives", FIELD_MARKDOWN, AT(objectives), false, 0, 5000, NULL},
    {"method", FIELD_CHOICE, AT(method), true, 0, 0, method_keys},
    {"group_size", FIELD_NUMBER, AT(group_size), true, 2, 4, NULL},
    {"cadence", FIELD_CHOICE, AT(cadence), true, 0, 0, program_cadences},
    {"session_minutes", FIELD_NUMBER, AT(session_minutes), true, 15, 240, NULL},
    {"starts_on", FIELD_DATE, AT(starts_on), true, 0, 0, NULL},
    {"ends_on", FIELD_DATE, AT(ends_on), false, 0, 0, NULL},
    {"enroll_opens_on", FIELD_DATE, AT(enroll_opens_on), true, 0, 0, NULL},
    {"enroll_closes_on", FIELD_DATE, AT(enroll_closes_on), true, 0, 0, NULL},
};
#define NFIELDS (sizeof program_fields / sizeof *program_fields)

/* The questions every program starts with, from the practice: readiness to
 * learn, to contribute, to keep confidences, to show up, to speak openly.
 * Confidentiality and regular meetings are pledges: without them peer
 * coaching does not work, so an application must accept them. */
static const struct {
    const char *key, *text;
    bool is_required;
} default_questions[] = {
    {"learning", "I am willing to learn and to receive feedback from a peer.", false},
    {"experience", "I have enough experience in my field to contribute to a peer's growth.", false},
    {"confidentiality", "I commit to keeping what is said in our sessions confidential.", true},
    {"meetings", "I commit to meeting my peer regularly for the whole length of the program.",
     true},
    {"openness", "I am comfortable communicating openly and honestly with a colleague.", false},
};

static const char **text_slot(struct program *p, const struct program_field *f)
{
    return (const char **)(void *)((char *)p + f->offset);
}

static int64_t *number_slot(struct program *p, const struct program_field *f)
{
    return (int64_t *)(void *)((char *)p + f->offset);
}

static const char *text_of(const struct program *p, const struct program_field *f)
{
    return *(const char *const *)(const void *)((const char *)p + f->offset);
}

static int64_t number_of(const struct program *p, const struct program_field *f)
{
    return *(const int64_t *)(const void *)((const char *)p + f->offset);
}

static bool field_differs(const struct program *a, const struct program *b,
                          const struct program_field *f)
{
    if (f->kind == FIELD_NUMBER)
        return number_of(a, f) != number_of(b, f);
    const char *s = text_of(a, f), *t = text_of(b, f);
    return !s || !t || strcmp(s, t) != 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* s without trailing white space, and without leading white space too when
 * both_ends (Markdown keeps its first line's indentation). */
static char *trimmed(struct arena *arena, const char *s, bool both_ends)
{
    while (both_ends && is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    return arena_strndup(arena, s, n);
}

/* Check value as field f and store it in p. */
static int take_field(struct ctx *ctx, const struct program_field *f, json_t *value,
                      struct program *p)
{
    if (f->kind == FIELD_NUMBER) {
        if (!json_is_integer(value))
            return fail_input(ctx, f->name, "must be a whole number");
        if (validate_range(ctx, f->name, json_integer_value(value), f->min, f->max) != 0)
            return -1;
        *number_slot(p, f) = json_integer_value(value);
        return 0;
    }
    if (!json_is_string(value))
        return fail_input(ctx, f->name, "must be a string");
    const char *text = json_string_value(value);
    switch (f->kind) {
    case FIELD_LINE:
    case FIELD_MARKDOWN:
        if (validate_text(ctx, f->name, text, (size_t)f->min, (size_t)f->max,
                          f->kind == FIELD_MARKDOWN) != 0)
            return -1;
        text = trimmed(ctx->arena, text, f->kind == FIELD_LINE);
        if (f->min > 0 && !*text)
            return fail_input(ctx, f->name, "is required");
        break;
    case FIELD_CHOICE:
        if (validate_choice(ctx, f->name, text, f->choices) != 0)
            return -1;
        break;
    case FIELD_DATE: {
        int64_t days;
        if (validate_date(ctx, f->name, text, &days) != 0)
            return -1;
        char canonical[DATE_CHARS + 1];
        date_format(days, canonical);
        *text_slot(p, f) = arena_strdup(ctx->arena, canonical);
        return 0;
    }
    case FIELD_NUMBER:
        break;
    }
    *text_slot(p, f) = arena_strdup(ctx->arena, text);
    return 0;
}

/* Apply every member of changes to p. */
static int take_fields(struct ctx *ctx, json_t *changes, struct program *p)
{
    if (!json_is_object(changes))
        return fail_input(ctx, "program", "must be an object");
    const char *key;
    json_t *value;
    json_object_foreach(changes, key, value)
    {
        const struct program_field *f = NULL;
        for (size_t i = 0; i < NFIELDS && !f; i++)
            if (!strcmp(program_fields[i].name, key))
                f = &program_fields[i];
        if (!f)
            return fail_input(ctx, key, "is not a program field");
        if (take_field(ctx, f, value, p) != 0)
            return -1;
    }
    return 0;
}

static int64_t days_of(const char *date)
{
    int64_t days = 0;
    date_parse(date, &days);
    return days;
}

/* The dates of p in order, and those that changed since before (every one
 * when before is NULL) not in the past. */
static int check_dates(struct ctx *ctx, const struct program *p, const struct program *before)
{
    int64_t today = program_today(ctx);
    for (size_t i = 0; i < NFIELDS; i++) {
        const struct program_field *f = &program_fields[i];
        if (f->kind != FIELD_DATE || (before && !field_differs(p, before, f)))
            continue;
        if (days_of(text_of(p, f)) < today)
            return fail_input(ctx, f->name, "must not be in the past");
    }
    if (days_of(p->ends_on) <= days_of(p->starts_on))
        return fail_input(ctx, "ends_on", "must be after starts_on");
    if (days_of(p->enroll_closes_on) < days_of(p->enroll_opens_on))
        return fail_input(ctx, "enroll_closes_on", "must not be before enroll_opens_on");
    if (days_of(p->enroll_closes_on) > days_of(p->ends_on))
        return fail_input(ctx, "enroll_closes_on", "must not be after ends_on");
    return 0;
}

int64_t program_today(struct ctx *ctx)
{
    struct profile profile;
    const char *zone = NULL;
    if (ctx->user && store_profile_get(ctx->db, ctx->arena, ctx->user->id, &profile) == 1)
        zone = profile.time_zone;
    return date_today(zone, ctx->now);
}

bool program_is_in_setup(const char *state)
{
    return !strcmp(state, "draft") || !strcmp(state, "enrolling");
}

static int add_default_questions(struct ctx *ctx, int64_t program_id)
{
    for (size_t i = 0; i < sizeof default_questions / sizeof *default_questions; i++) {
        struct readiness_question q = {.program_id = program_id,
                                       .position = (int64_t)i + 1,
                                       .text = default_questions[i].text,
                                       .default_key = default_questions[i].key,
                                       .is_required = default_questions[i].is_required};
        int64_t id;
        if (store_question_insert(ctx->db, &q, &id) != DB_DONE)
            return -1;
    }
    return 0;
}

int program_create(struct ctx *ctx, json_t *fields, int64_t *id)
{
    if (access_require_organizer(ctx) != 0)
        return -1;
    struct program p = {.description = "",
                        .objectives = "",
                        .method = "grow",
                        .group_size = 2,
                        .cadence = "biweekly",
                        .session_minutes = 45,
                        .state = "draft",
                        .created_by = ctx->user->id,
                        .created_at = ctx->now};
    if (take_fields(ctx, fields, &p) != 0)
        return -1;
    for (size_t i = 0; i < NFIELDS; i++)
        if (program_fields[i].kind != FIELD_NUMBER && !text_of(&p, &program_fields[i]))
            return fail_input(ctx, program_fields[i].name, "is required");
    if (check_dates(ctx, &p, NULL) != 0)
        return -1;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin program create");
    if (store_program_insert(ctx->db, &p, id) != DB_DONE ||
        store_program_organizer_add(ctx->db, *id, ctx->user->id) != DB_DONE ||
        add_default_questions(ctx, *id) != 0 ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "program_create", "program", *id,
                        "state=draft") != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing new program");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit program create");
}

/* Read a program whose access has been checked. */
static int load(struct ctx *ctx, int64_t program_id, struct program *out)
{
    int found = store_program_get(ctx->db, ctx->arena, program_id, ctx->user->id,
                                  access_is_admin(ctx), out);
    if (found < 0)
        return fail_internal(ctx, "reading program");
    return found ? 0 : fail_not_found(ctx);
}

int program_get(struct ctx *ctx, int64_t program_id, struct program *out)
{
    if (access_require_program_visible(ctx, program_id) != 0)
        return -1;
    return load(ctx, program_id, out);
}

/* The program, for one of its organizers. */
static int get_managed(struct ctx *ctx, int64_t program_id, struct program *out)
{
    if (access_require_program_organizer(ctx, program_id) != 0)
        return -1;
    return load(ctx, program_id, out);
}

/* Each change below reads the program, checks its state and writes inside
 * one transaction (db_begin takes the write lock), so no other change can
 * slip in between the check and the write. */
static int update_locked(struct ctx *ctx, int64_t program_id, json_t *changes)
{
    struct program before;
    if (get_managed(ctx, program_id, &before) != 0)
        return -1;
    if (!strcmp(before.state, "closed"))
        return fail_conflict(ctx, "invalid_state", "A closed program cannot be changed.");
    struct program p = before;
    if (take_fields(ctx, changes, &p) != 0)
        return -1;
    for (size_t i = 0; i < NFIELDS; i++) {
        const struct program_field *f = &program_fields[i];
        if (f->is_setup && !program_is_in_setup(before.state) && field_differs(&p, &before, f))
            return fail_conflict(
                ctx, "invalid_state",
                arena_printf(ctx->arena,
                             "%s can only change while the program is a draft or enrolling; "
                             "this program is %s.",
                             f->name, before.state));
    }
    if (check_dates(ctx, &p, &before) != 0)
        return -1;
    if (store_program_update(ctx->db, &p, ctx->now) != DB_DONE)
        return fail_internal(ctx, "storing program");
    return 0;
}

int program_update(struct ctx *ctx, int64_t program_id, json_t *changes)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin program update");
    if (update_locked(ctx, program_id, changes) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit program update");
}

static int counts_of(struct ctx *ctx, int64_t program_id, struct enrollment_counts *out)
{
    return store_enrollment_counts(ctx->db, program_id, out) == 0
               ? 0
               : fail_internal(ctx, "counting enrollments");
}

int program_load_detail(struct ctx *ctx, int64_t program_id, struct program_detail *out)
{
    *out = (struct program_detail){0};
    if (program_get(ctx, program_id, &out->program) != 0)
        return -1;
    out->nquestions = store_question_list(ctx->db, ctx->arena, program_id, &out->questions);
    out->norganizers = store_program_organizers(ctx->db, ctx->arena, program_id, &out->organizers);
    if (out->nquestions < 0 || out->norganizers < 0)
        return fail_internal(ctx, "reading program questions and organizers");
    out->can_manage = access_is_program_organizer(ctx, program_id);
    if (out->can_manage && counts_of(ctx, program_id, &out->counts) != 0)
        return -1;
    int found =
        store_enrollment_of(ctx->db, ctx->arena, program_id, ctx->user->id, &out->my_enrollment);
    if (found < 0)
        return fail_internal(ctx, "reading enrollment");
    out->has_my_enrollment = found == 1;
    out->enrollment_closed_why =
        program_enrollment_closed_why(ctx->arena, &out->program, program_today(ctx));
    return 0;
}

int program_questions(struct ctx *ctx, int64_t program_id, struct readiness_question **out,
                      int *count)
{
    if (access_require_program_visible(ctx, program_id) != 0)
        return -1;
    int n = store_question_list(ctx->db, ctx->arena, program_id, out);
    if (n < 0)
        return fail_internal(ctx, "reading questions");
    *count = n;
    return 0;
}

int program_list(struct ctx *ctx, struct program_summary **out, int *count)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_program_list(ctx->db, ctx->arena, ctx->user->id, access_is_admin(ctx), out);
    if (n < 0)
        return fail_internal(ctx, "listing programs");
    *count = n;
    return 0;
}

/* The lifecycle: which state may follow which (each list NULL-terminated). */
static const struct {
    const char *from;
    const char *const next[4];
} lifecycle[] = {
    {"draft", {"enrolling", NULL}},
    {"enrolling", {"running", "closed", "draft", NULL}},
    {"running", {"closed", NULL}},
    {"closed", {NULL}},
};

const char *const *program_next_states(const char *from)
{
    for (size_t i = 0; i < sizeof lifecycle / sizeof *lifecycle; i++)
        if (!strcmp(lifecycle[i].from, from))
            return lifecycle[i].next;
    static const char *const nowhere[] = {NULL};
    return nowhere;
}

const char *program_transition_problem(const char *from, const char *to)
{
    const char *const *next = program_next_states(from);
    for (int i = 0; next[i]; i++)
        if (!strcmp(next[i], to))
            return NULL;
    if (!strcmp(from, to))
        return "The program is already in this state.";
    if (!strcmp(from, "closed"))
        return "A closed program is over: it cannot be reopened.";
    if (!strcmp(from, "draft") && !strcmp(to, "running"))
        return "Open enrollment first: a draft program cannot start running.";
    if (!strcmp(from, "draft") && !strcmp(to, "closed"))
        return "A draft has not started, so there is nothing to close.";
    if (!strcmp(from, "running") && !strcmp(to, "draft"))
        return "A running program cannot go back to draft.";
    if (!strcmp(from, "running") && !strcmp(to, "enrolling"))
        return "A running program cannot reopen enrollment.";
    return "This change of state is not allowed.";
}

const char *program_enrollment_closed_why(struct arena *arena, const struct program *p,
                                          int64_t today)
{
    if (!strcmp(p->state, "draft"))
        return "This program is not open for enrollment yet.";
    if (!strcmp(p->state, "running"))
        return "Enrollment has ended: the program is running.";
    if (!strcmp(p->state, "closed"))
        return "This program is closed.";
    if (today < days_of(p->enroll_opens_on))
        return arena_printf(arena, "Enrollment opens on %s.", p->enroll_opens_on);
    if (today > days_of(p->enroll_closes_on))
        return arena_printf(arena, "Enrollment closed on %s.", p->enroll_closes_on);
    return NULL;
}

/* The conditions on the program's data a transition needs. */
static int check_transition_data(struct ctx *ctx, const struct program *p, const char *to)
{
    if (!strcmp(to, "enrolling") && days_of(p->enroll_closes_on) < program_today(ctx))
        return fail_conflict(
            ctx, "invalid_state",
            arena_printf(ctx->arena,
                         "The enrollment window closed on %s; set a later enroll_closes_on "
                         "before opening enrollment.",
                         p->enroll_closes_on));
    if (!strcmp(to, "draft") || !strcmp(to, "running")) {
        struct enrollment_counts counts;
        if (counts_of(ctx, p->id, &counts) != 0)
            return -1;
        int64_t applications = counts.applied + counts.accepted + counts.waitlisted +
                               counts.declined + counts.withdrawn;
        if (!strcmp(to, "draft") && applications > 0)
            return fail_conflict(ctx, "invalid_state",
                                 "People have already applied: the program cannot go back to "
                                 "draft. Close it instead if it should not go ahead.");
        if (!strcmp(to, "running") && counts.accepted < p->group_size)
            return fail_conflict(
                ctx, "invalid_state",
                arena_printf(ctx->arena,
                             "At least %lld accepted participants are needed to start this "
                             "program; %lld accepted so far.",
                             (long long)p->group_size, (long long)counts.accepted));
    }
    return 0;
}

static int set_state_locked(struct ctx *ctx, int64_t program_id, const char *state)
{
    struct program p;
    if (get_managed(ctx, program_id, &p) != 0 ||
        validate_choice(ctx, "state", state, program_states) != 0)
        return -1;
    const char *problem = program_transition_problem(p.state, state);
    if (problem)
        return fail_conflict(ctx, "invalid_state", problem);
    if (check_transition_data(ctx, &p, state) != 0)
        return -1;
    /* Closing ends the program for everyone: its open partnerships end
     * too, in this same transaction. */
    if (!strcmp(state, "closed") && partnership_end_all_in_program(ctx, program_id) != 0)
        return -1;
    bool changed;
    if (store_program_set_state(ctx->db, program_id, p.state, state, ctx->now, &changed) !=
            DB_DONE ||
        !changed ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "program_state", "program", program_id,
                        arena_printf(ctx->arena, "state=%s", state)) != DB_DONE)
        return fail_internal(ctx, "storing program state");
    return 0;
}

int program_set_state(struct ctx *ctx, int64_t program_id, const char *state)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin program state");
    if (set_state_locked(ctx, program_id, state) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit program state");
}

/* The program, for an organizer changing its questions. */
static int get_for_questions(struct ctx *ctx, int64_t program_id, struct program *out)
{
    if (get_managed(ctx, program_id, out) != 0)
        return -1;
    if (!program_is_in_setup(out->state))
        return fail_conflict(ctx, "invalid_state",
                             "Readiness questions can only change while the program is a draft "
                             "or enrolling.");
    return 0;
}

static int question_add_locked(struct ctx *ctx, int64_t program_id, const char *text,
                               bool is_required, struct readiness_question *out)
{
    struct program p;
    if (get_for_questions(ctx, program_id, &p) != 0 ||
        validate_text(ctx, "text", text, 5, 300, false) != 0)
        return -1;
    struct readiness_question *questions;
    int n = store_question_list(ctx->db, ctx->arena, program_id, &questions);
    if (n < 0)
        return fail_internal(ctx, "reading questions");
    if (n >= PROGRAM_MAX_QUESTIONS)
        return fail_conflict(ctx, "too_many_questions",
                             arena_printf(ctx->arena,
                                          "A program can have at most %d readiness questions.",
                                          PROGRAM_MAX_QUESTIONS));
    *out = (struct readiness_question){.program_id = program_id,
                                       .position = n ? questions[n - 1].position + 1 : 1,
                                       .text = trimmed(ctx->arena, text, true),
                                       .default_key = "",
                                       .is_required = is_required};
    if (!*out->text)
        return fail_input(ctx, "text", "is required");
    if (store_question_insert(ctx->db, out, &out->id) != DB_DONE)
        return fail_internal(ctx, "storing question");
    return 0;
}

int program_question_add(struct ctx *ctx, int64_t program_id, const char *text, bool is_required,
                         struct readiness_question *out)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin question add");
    if (question_add_locked(ctx, program_id, text, is_required, out) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit question add");
}

static int question_remove_locked(struct ctx *ctx, int64_t program_id, int64_t question_id)
{
    struct program p;
    if (get_for_questions(ctx, program_id, &p) != 0)
        return -1;
    struct readiness_question *questions;
    int n = store_question_list(ctx->db, ctx->arena, program_id, &questions);
    if (n < 0)
        return fail_internal(ctx, "reading questions");
    const struct readiness_question *q = NULL;
    for (int i = 0; i < n && !q; i++)
        if (questions[i].id == question_id)
            q = &questions[i];
    if (!q)
        return fail_not_found(ctx);
    if (*q->default_key)
        return fail_conflict(ctx, "default_question",
                             "The practice's default readiness questions cannot be removed.");
    bool removed;
    if (store_question_delete(ctx->db, program_id, question_id, &removed) != DB_DONE)
        return fail_internal(ctx, "removing question");
    return removed ? 0 : fail_not_found(ctx);
}

int program_question_remove(struct ctx *ctx, int64_t program_id, int64_t question_id)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin question remove");
    if (question_remove_locked(ctx, program_id, question_id) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit question remove");
}

/* The account named by email or user_id, as field. */
static int find_person(struct ctx *ctx, const char *email, int64_t user_id, const char **field,
                       struct user *out)
{
    int found;
    if (email) {
        *field = "email";
        const char *normal = account_normalize_email(ctx, "email", email);
        const char *hash;
        if (!normal)
            return -1;
        found = store_user_by_email(ctx->db, ctx->arena, normal, out, &hash);
    } else {
        *field = "user_id";
        if (user_id <= 0)
            return fail_input(ctx, "email", "is required");
        found = store_user_by_id(ctx->db, ctx->arena, user_id, out);
    }
    if (found < 0)
        return fail_internal(ctx, "finding organizer");
    if (!found || !out->is_active)
        return fail_input(ctx, *field, "is not an active account here");
    return 0;
}

static int organizer_add_locked(struct ctx *ctx, int64_t program_id, const char *email,
                                int64_t user_id, struct program_organizer *out)
{
    struct program p;
    if (get_managed(ctx, program_id, &p) != 0)
        return -1;
    if (!strcmp(p.state, "closed"))
        return fail_conflict(ctx, "invalid_state", "A closed program cannot be changed.");
    const char *field;
    struct user person;
    if (find_person(ctx, email, user_id, &field, &person) != 0)
        return -1;
    /* Organizing is a role the instance admin grants; a program cannot
     * hand it out on the side. */
    if (strcmp(person.role, "organizer") != 0 && strcmp(person.role, "admin") != 0)
        return fail_input(ctx, field,
                          "must name an organizer; ask an administrator to give %s the "
                          "organizer role first",
                          person.name);
    enum db_result r = store_program_organizer_add(ctx->db, program_id, person.id);
    if (r == DB_CONSTRAINT)
        return fail_conflict(ctx, "already_organizer",
                             "This person is already an organizer of this program.");
    if (r != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "program_organizer_add", "program",
                        program_id,
                        arena_printf(ctx->arena, "user=%lld", (long long)person.id)) != DB_DONE)
        return fail_internal(ctx, "storing organizer");
    *out = (struct program_organizer){
        .user_id = person.id, .name = person.name, .email = person.email};
    return 0;
}

int program_organizer_add(struct ctx *ctx, int64_t program_id, const char *email, int64_t user_id,
                          struct program_organizer *out)
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin organizer add");
    if (organizer_add_locked(ctx, program_id, email, user_id, out) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit organizer add");
}
