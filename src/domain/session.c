/* session.c — coaching sessions; see session.h.
 *
 * Every entry point that touches one session starts with load_session(),
 * which runs access_require_session_member() and then reads the session
 * with the member guard in SQL, so a new function cannot forget the rule.
 * Checks run in one order everywhere: access (404), then the state of the
 * partnership and session (409), then the fields (422). */
#include "domain/session.h"

#include <string.h>

#include "domain/access.h"
#include "domain/agreement.h"
#include "domain/goal.h"
#include "domain/message.h"
#include "domain/partnership.h"
#include "domain/schedule.h"
#include "domain/validate.h"
#include "lib/date.h"
#include "lib/tz.h"
#include "store/access.h"
#include "store/agreement.h"
#include "store/user.h"

#define LOCATION_MAX_CHARS 500
#define AGENDA_MAX_CHARS   500
#define ACTION_MAX_CHARS   500
#define REASON_MAX_CHARS   500
#define NOTE_MAX_CHARS     20000

/* --- shared steps ------------------------------------------------------------------ */

static int load_session(struct ctx *ctx, int64_t session_id, struct session *out)
{
    if (access_require_session_member(ctx, session_id, NULL) != 0)
        return -1;
    int found = store_session_get(ctx->db, ctx->arena, session_id, ctx->user->id, out);
    if (found < 0)
        return fail_internal(ctx, "reading session");
    return found ? 0 : fail_not_found(ctx);
}

static int load_partnership(struct ctx *ctx, int64_t partnership_id,
                            struct session_partnership *out)
{
    int found = store_session_partnership_get(ctx->db, ctx->arena, partnership_id, out);
    if (found < 0)
        return fail_internal(ctx, "reading partnership");
    return found ? 0 : fail_not_found(ctx);
}

/* The current members, through the partnerships area; returns the count
 * or -1. */
static int load_members(struct ctx *ctx, int64_t partnership_id, struct session_member **out)
{
    struct partnership_member *members;
    int count;
    if (partnership_members(ctx, partnership_id, &members, &count) != 0)
        return -1;
    *out = arena_alloc(ctx->arena, sizeof **out * (size_t)(count ? count : 1));
    for (int i = 0; i < count; i++)
        (*out)[i] = (struct session_member){members[i].user_id, members[i].name};
    return count;
}

/* The current agreement's cadence, length and place replace the
 * program's (partnership_create writes version 1, so there is one). */
static int load_terms(struct ctx *ctx, struct session_partnership *p)
{
    struct agreement_version current;
    if (agreement_current(ctx, p->id, &current) != 0)
        return -1;
    p->cadence = current.cadence;
    p->minutes = current.session_minutes;
    p->location = current.location;
    return 0;
}

static bool is_member(const struct session_member *members, int count, int64_t user_id)
{
    for (int i = 0; i < count; i++)
        if (members[i].user_id == user_id)
            return true;
    return false;
}

/* Creating or moving sessions needs an active partnership. */
static int require_active(struct ctx *ctx, const struct session_partnership *p)
{
    if (strcmp(p->state, "active") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "Sessions can be scheduled only while the partnership "
                                          "is active; it is %s.",
                                          p->state));
    return 0;
}

/* An ended partnership keeps its history readable but unchanged. */
static int require_not_ended(struct ctx *ctx, const struct session_partnership *p)
{
    if (!strcmp(p->state, "ended"))
        return fail_conflict(ctx, "invalid_state",
                             "This partnership has ended: its sessions can be read but no longer "
                             "changed.");
    return 0;
}

/* Agenda, notes, goals and action items belong to sessions that happen. */
static int require_open_content(struct ctx *ctx, const struct session *s)
{
    if (!strcmp(s->status, "cancelled") || !strcmp(s->status, "missed"))
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "This session was %s: it takes no more agenda, notes or "
                                          "action items.",
                                          s->status));
    return 0;
}

/* Load a session with its partnership, refusing changes once it ended. */
static int load_for_change(struct ctx *ctx, int64_t session_id, struct session *s,
                           struct session_partnership *p)
{
    if (load_session(ctx, session_id, s) != 0 || load_partnership(ctx, s->partnership_id, p) != 0)
        return -1;
    return require_not_ended(ctx, p);
}

/* The caller's profile time zone ("UTC" if unset or no longer valid). */
static int caller_zone(struct ctx *ctx, const char **zone)
{
    struct profile profile;
    int found = store_profile_get(ctx->db, ctx->arena, ctx->user->id, &profile);
    if (found < 0)
        return fail_internal(ctx, "reading time zone");
    *zone = found && tz_is_valid(profile.time_zone) ? profile.time_zone : "UTC";
    return 0;
}

/* A neutral line in the partnership's thread: "<name> <what> <when> (<zone>)."
 * Our own words only, never anything a member wrote. */
static int tell_partners(struct ctx *ctx, const struct session *s, const char *what, time_t at)
{
    const char *zone;
    char when[SCHEDULE_WHEN_CHARS];
    if (caller_zone(ctx, &zone) != 0)
        return -1;
    schedule_format_local(zone, at, when);
    return message_add_system(
        ctx, s->partnership_id,
        arena_printf(ctx->arena, "%s %s %s (%s).", ctx->user->name, what, when, zone));
}

/* Text without leading and trailing blanks, in the arena. */
static const char *trimmed(struct arena *arena, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return arena_strndup(arena, s, n);
}

/* Browsers send CR LF from text areas; notes keep LF only, so a text sent
 * back unchanged compares equal to the stored one. */
static const char *lf_only(struct arena *arena, const char *text)
{
    char *out = arena_strdup(arena, text), *to = out;
    for (const char *from = text; *from; from++)
        if (*from != '\r' || from[1] != '\n')
            *to++ = *from == '\r' ? '\n' : *from;
    *to = '\0';
    return out;
}

/* Required single-line text, trimmed into *out. */
static int take_line(struct ctx *ctx, const char *field, const char *value, size_t max,
                     const char **out)
{
    if (validate_text(ctx, field, value, 1, max, false) != 0)
        return -1;
    *out = trimmed(ctx->arena, value);
    return **out ? 0 : fail_input(ctx, field, "is required");
}

static int check_start(struct ctx *ctx, const char *field, time_t starts_at)
{
    if (starts_at <= ctx->now)
        return fail_input(ctx, field, "must be in the future");
    if (starts_at > ctx->now + SESSION_MAX_AHEAD)
        return fail_input(ctx, field, "must be within the next two years");
    return 0;
}

static int check_minutes(struct ctx *ctx, int64_t minutes)
{
    return validate_range(ctx, "minutes", minutes, SESSION_MIN_MINUTES, SESSION_MAX_MINUTES);
}

static int check_location(struct ctx *ctx, const char *location, const char **out)
{
    if (validate_text(ctx, "location", location, 0, LOCATION_MAX_CHARS, false) != 0)
        return -1;
    *out = trimmed(ctx->arena, location);
    return 0;
}

static int check_focus(struct ctx *ctx, const struct session_member *members, int count,
                       int64_t focus)
{
    if (!is_member(members, count, focus))
        return fail_input(ctx, "focus_user_id", "must be a member of this partnership");
    return 0;
}

/* --- the focus person ---------------------------------------------------------------- */

static bool counts_for_focus(const struct session *s)
{
    return s->focus_user_id && (!strcmp(s->status, "scheduled") || !strcmp(s->status, "held"));
}

/* Scheduled or held sessions with member as focus, in sessions and in
 * the proposals made so far. */
static int64_t focus_count(int64_t member, const struct session *sessions, int session_count,
                           const int64_t *proposed, int proposed_count)
{
    int64_t n = 0;
    for (int i = 0; i < session_count; i++)
        n += counts_for_focus(&sessions[i]) && sessions[i].focus_user_id == member;
    for (int i = 0; i < proposed_count; i++)
        n += proposed[i] == member;
    return n;
}

void session_focus_proposals(const struct session_member *members, int member_count,
                             const struct session *sessions, int session_count, int n, int64_t *out)
{
    /* The focus of the latest scheduled or held session; later proposals
     * come after every existing session. */
    int64_t last_focus = 0, last_start = 0;
    for (int i = 0; i < session_count; i++) {
        if (counts_for_focus(&sessions[i]) &&
            (!last_focus || sessions[i].starts_at >= last_start)) {
            last_focus = sessions[i].focus_user_id;
            last_start = sessions[i].starts_at;
        }
    }
    for (int k = 0; k < n; k++) {
        out[k] = 0;
        if (k > 0)
            last_focus = out[k - 1];
        if (member_count == 2 && is_member(members, member_count, last_focus)) {
            out[k] = members[0].user_id == last_focus ? members[1].user_id : members[0].user_id;
            continue;
        }
        int64_t fewest = -1;
        for (int i = 0; i < member_count; i++) {
            int64_t c = focus_count(members[i].user_id, sessions, session_count, out, k);
            if (fewest < 0 || c < fewest) {
                fewest = c;
                out[k] = members[i].user_id;
            }
        }
    }
}

void session_balance_compute(struct arena *arena, const struct session_member *members,
                             int member_count, const struct session *sessions, int session_count,
                             struct session_balance *out)
{
    out->members = arena_zalloc(arena, sizeof *out->members * (member_count ? member_count : 1));
    out->count = member_count;
    out->suggest_swap = false;
    out->suggested_focus = 0;
    int64_t most = 0, fewest = -1;
    for (int i = 0; i < member_count; i++) {
        struct session_balance_entry *e = &out->members[i];
        e->user_id = members[i].user_id;
        e->name = members[i].name;
        for (int j = 0; j < session_count; j++)
            e->held_as_focus +=
                !strcmp(sessions[j].status, "held") && sessions[j].focus_user_id == e->user_id;
        if (e->held_as_focus > most)
            most = e->held_as_focus;
        if (fewest < 0 || e->held_as_focus < fewest) {
            fewest = e->held_as_focus;
            out->suggested_focus = e->user_id;
        }
    }
    out->suggest_swap = member_count > 1 && most - fewest >= SESSION_BALANCE_TILT;
}

/* --- scheduling ------------------------------------------------------------------------- */

/* The plan's fields checked, defaults filled in from p. */
static int plan_fields(struct ctx *ctx, const struct session_plan *plan,
                       const struct session_partnership *p, int64_t *minutes, const char **location,
                       const char **method)
{
    if (validate_range(ctx, "repeat", plan->repeat, 1, SCHEDULE_MAX_SERIES) != 0 ||
        check_start(ctx, "starts_at", plan->starts_at) != 0)
        return -1;
    *minutes = plan->has_minutes ? plan->minutes : p->minutes;
    if (plan->has_minutes && check_minutes(ctx, plan->minutes) != 0)
        return -1;
    *location = p->location;
    if (plan->location && check_location(ctx, plan->location, location) != 0)
        return -1;
    *method = plan->method ? plan->method : p->method;
    return validate_choice(ctx, "method", *method, method_keys);
}

int session_schedule(struct ctx *ctx, int64_t partnership_id, const struct session_plan *plan,
                     int64_t **ids, int *count)
{
    struct session_partnership p;
    if (access_require_partnership_member(ctx, partnership_id, NULL) != 0 ||
        load_partnership(ctx, partnership_id, &p) != 0 || require_active(ctx, &p) != 0 ||
        load_terms(ctx, &p) != 0)
        return -1;
    int64_t minutes;
    const char *location, *method, *zone;
    if (plan_fields(ctx, plan, &p, &minutes, &location, &method) != 0)
        return -1;
    struct session_member *members;
    int member_count = load_members(ctx, partnership_id, &members);
    if (member_count < 0)
        return -1;
    if (plan->has_focus && check_focus(ctx, members, member_count, plan->focus_user_id) != 0)
        return -1;
    enum schedule_cadence cadence;
    if (schedule_cadence_parse(p.cadence, &cadence) != 0)
        cadence = SCHEDULE_BIWEEKLY; /* the schema's CHECK makes this unreachable */
    time_t times[SCHEDULE_MAX_SERIES];
    if (caller_zone(ctx, &zone) != 0)
        return -1;
    if (schedule_series(zone, plan->starts_at, cadence, (int)plan->repeat, times) != 0)
        return fail_internal(ctx, "computing the series");

    /* Existing sessions plus the planned ones, so each proposal sees the
     * ones before it. */
    struct session *existing;
    int existing_count =
        store_session_list(ctx->db, ctx->arena, partnership_id, ctx->user->id, &existing);
    if (existing_count < 0)
        return fail_internal(ctx, "reading sessions");
    int repeat = (int)plan->repeat;
    struct session *all = arena_alloc(ctx->arena, sizeof *all * (size_t)(existing_count + repeat));
    memcpy(all, existing, sizeof *all * (size_t)existing_count);
    int64_t *new_ids = arena_alloc(ctx->arena, sizeof *new_ids * (size_t)repeat);
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin scheduling");
    for (int i = 0; i < repeat; i++) {
        struct session *s = &all[existing_count + i];
        *s = (struct session){.partnership_id = partnership_id,
                              .starts_at = times[i],
                              .minutes = minutes,
                              .location = location,
                              .method = method,
                              .status = "scheduled",
                              .created_by = ctx->user->id,
                              .created_at = ctx->now};
        if (i == 0 && plan->has_focus)
            s->focus_user_id = plan->focus_user_id;
        else
            session_focus_proposals(members, member_count, all, existing_count + i, 1,
                                    &s->focus_user_id);
        if (store_session_insert(ctx->db, s, &new_ids[i]) != DB_DONE) {
            db_rollback(ctx->db);
            return fail_internal(ctx, "storing session");
        }
    }
    char when[SCHEDULE_WHEN_CHARS];
    schedule_format_local(zone, times[0], when);
    const char *line =
        repeat == 1 ? arena_printf(ctx->arena, "%s scheduled a session for %s (%s).",
                                   ctx->user->name, when, zone)
                    : arena_printf(ctx->arena, "%s scheduled %d sessions, the first on %s (%s).",
                                   ctx->user->name, repeat, when, zone);
    if (message_add_system(ctx, partnership_id, line) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    if (db_commit(ctx->db) != 0)
        return fail_internal(ctx, "commit scheduling");
    *ids = new_ids;
    *count = repeat;
    return 0;
}

/* "HH:MM" into hour and minute. */
static bool parse_clock(const char *text, int *hour, int *minute)
{
    if (!text || strlen(text) != 5 || text[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (text[i] < '0' || text[i] > '9'))
            return false;
    *hour = (text[0] - '0') * 10 + (text[1] - '0');
    *minute = (text[3] - '0') * 10 + (text[4] - '0');
    return *hour < 24 && *minute < 60;
}

int session_local_start(struct ctx *ctx, const char *date_field, const char *date,
                        const char *time_field, const char *time, time_t *out)
{
    int64_t days;
    int year, month, day, hour, minute;
    const char *zone;
    if (validate_date(ctx, date_field, date, &days) != 0)
        return -1;
    if (!time || !*time)
        return fail_input(ctx, time_field, "is required");
    if (!parse_clock(time, &hour, &minute))
        return fail_input(ctx, time_field, "must be a time like 09:30");
    if (caller_zone(ctx, &zone) != 0)
        return -1;
    date_to_ymd(days, &year, &month, &day);
    if (tz_local_to_utc(zone, year, month, day, hour, minute, out) != 0)
        return fail_input(ctx, date_field, "is not a date in your time zone");
    return 0;
}

int session_update(struct ctx *ctx, int64_t session_id, const struct session_change *change)
{
    struct session s;
    struct session_partnership p;
    if (load_for_change(ctx, session_id, &s, &p) != 0 || require_active(ctx, &p) != 0)
        return -1;
    if (strcmp(s.status, "scheduled") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "Only a scheduled session can be changed; this one "
                                          "was %s.",
                                          s.status));
    int64_t old_start = s.starts_at;
    if (change->set_starts_at) {
        if (check_start(ctx, "starts_at", change->starts_at) != 0)
            return -1;
        s.starts_at = change->starts_at;
    }
    if (change->set_minutes) {
        if (check_minutes(ctx, change->minutes) != 0)
            return -1;
        s.minutes = change->minutes;
    }
    if (change->location && check_location(ctx, change->location, &s.location) != 0)
        return -1;
    if (change->method) {
        if (validate_choice(ctx, "method", change->method, method_keys) != 0)
            return -1;
        if (strcmp(change->method, s.method) != 0) {
            int64_t notes = store_session_note_count(ctx->db, session_id);
            if (notes < 0)
                return fail_internal(ctx, "counting notes");
            if (notes > 0)
                return fail_conflict(ctx, "invalid_state",
                                     "The notes already follow this session's method; clear them "
                                     "before changing it.");
            s.method = change->method;
        }
    }
    if (change->set_focus) {
        struct session_member *members;
        int member_count = load_members(ctx, s.partnership_id, &members);
        if (member_count < 0 || check_focus(ctx, members, member_count, change->focus_user_id))
            return -1;
        s.focus_user_id = change->focus_user_id;
    }
    bool has_moved = change->set_starts_at && s.starts_at != old_start;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin session change");
    if (store_session_update_plan(ctx->db, &s, ctx->now) != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "updating session");
    }
    if (db_changes(ctx->db) != 1) {
        db_rollback(ctx->db);
        return fail_conflict(ctx, "invalid_state", "The session changed meanwhile; reload it.");
    }
    if (has_moved && tell_partners(ctx, &s, "moved a session to", s.starts_at) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit session change");
}

static const char *const final_states[] = {"held", "cancelled", "missed", NULL};

int session_set_status(struct ctx *ctx, int64_t session_id, const char *status, const char *reason,
                       int64_t missed_by)
{
    struct session s;
    struct session_partnership p;
    if (load_for_change(ctx, session_id, &s, &p) != 0)
        return -1;
    if (validate_choice(ctx, "status", status, final_states) != 0)
        return -1;
    if (strcmp(s.status, "scheduled") != 0)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "This session was already marked %s; that is final.",
                                          s.status));
    bool is_cancel = !strcmp(status, "cancelled");
    if (!is_cancel && s.starts_at > ctx->now)
        return fail_conflict(ctx, "invalid_state",
                             arena_printf(ctx->arena,
                                          "This session has not started yet: it can be marked %s "
                                          "once it has, or cancelled now.",
                                          status));
    const char *clean_reason = "";
    int64_t cancelled_by = 0;
    if (is_cancel) {
        if (take_line(ctx, "reason", reason, REASON_MAX_CHARS, &clean_reason) != 0)
            return -1;
        cancelled_by = ctx->user->id;
    }
    if (!strcmp(status, "missed")) {
        struct session_member *members;
        int member_count = load_members(ctx, s.partnership_id, &members);
        if (member_count < 0)
            return -1;
        if (!missed_by)
            return fail_input(ctx, "missed_by", "is required: who missed the session?");
        if (!is_member(members, member_count, missed_by))
            return fail_input(ctx, "missed_by", "must be a member of this partnership");
    } else {
        missed_by = 0;
    }
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin status change");
    if (store_session_set_status(ctx->db, session_id, status, cancelled_by, clean_reason, missed_by,
                                 ctx->now) != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "updating session status");
    }
    if (db_changes(ctx->db) != 1) {
        db_rollback(ctx->db);
        return fail_conflict(ctx, "invalid_state", "The session changed meanwhile; reload it.");
    }
    /* The reason stays on the session page: the thread line is neutral. */
    if (is_cancel && tell_partners(ctx, &s, "cancelled the session of", s.starts_at) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit status change");
}

/* --- reading ---------------------------------------------------------------------------- */

int session_partnership_overview(struct ctx *ctx, int64_t partnership_id,
                                 struct session_overview *out)
{
    if (access_require_partnership_member(ctx, partnership_id, NULL) != 0 ||
        load_partnership(ctx, partnership_id, &out->partnership) != 0 ||
        load_terms(ctx, &out->partnership) != 0)
        return -1;
    out->member_count = load_members(ctx, partnership_id, &out->members);
    if (out->member_count < 0)
        return -1;
    out->session_count =
        store_session_list(ctx->db, ctx->arena, partnership_id, ctx->user->id, &out->sessions);
    if (out->session_count < 0)
        return fail_internal(ctx, "reading sessions");
    session_focus_proposals(out->members, out->member_count, out->sessions, out->session_count, 1,
                            &out->proposed_focus);
    session_balance_compute(ctx->arena, out->members, out->member_count, out->sessions,
                            out->session_count, &out->balance);
    return 0;
}

int session_balance(struct ctx *ctx, int64_t partnership_id, struct session_balance *out)
{
    struct session_overview overview;
    if (session_partnership_overview(ctx, partnership_id, &overview) != 0)
        return -1;
    *out = overview.balance;
    return 0;
}

int session_load(struct ctx *ctx, int64_t session_id, struct session_detail *out)
{
    memset(out, 0, sizeof *out);
    struct session *s = &out->session;
    int64_t me = ctx->user ? ctx->user->id : 0;
    if (load_session(ctx, session_id, s) != 0 ||
        load_partnership(ctx, s->partnership_id, &out->partnership) != 0)
        return -1;
    out->method = method_find(s->method);
    out->member_count = load_members(ctx, s->partnership_id, &out->members);
    if (out->member_count < 0)
        return -1;
    out->agenda_count = store_agenda_list(ctx->db, ctx->arena, session_id, me, &out->agenda);
    out->previous_count = store_action_open_before(ctx->db, ctx->arena, s->partnership_id,
                                                   s->starts_at, me, &out->previous_actions);
    out->note_count = store_note_list(ctx->db, ctx->arena, session_id, me, &out->notes);
    out->goal_count = store_session_goal_list(ctx->db, ctx->arena, session_id, me, &out->goals);
    out->action_count = store_action_list(ctx->db, ctx->arena, session_id, me, &out->actions);
    out->feedback_count = store_feedback_list(ctx->db, ctx->arena, session_id, me, &out->feedback);
    if (out->agenda_count < 0 || out->previous_count < 0 || out->note_count < 0 ||
        out->goal_count < 0 || out->action_count < 0 || out->feedback_count < 0)
        return fail_internal(ctx, "reading session content");
    out->is_focus = s->focus_user_id == me;
    bool has_given = false;
    for (int i = 0; i < out->feedback_count; i++)
        has_given |= out->feedback[i].author_id == me;
    out->can_give_feedback =
        !strcmp(s->status, "held") && strcmp(out->partnership.state, "ended") != 0 && !has_given;
    return 0;
}

int session_goal_choices(struct ctx *ctx, int64_t session_id, struct session_goal **out)
{
    struct session s;
    if (load_session(ctx, session_id, &s) != 0)
        return -1;
    int count =
        store_session_goal_choices(ctx->db, ctx->arena, s.partnership_id, ctx->user->id, out);
    return count < 0 ? fail_internal(ctx, "reading goals") : count;
}

/* --- content --------------------------------------------------------------------------- */

int session_agenda_add(struct ctx *ctx, int64_t session_id, const char *body, int64_t *id)
{
    struct session s;
    struct session_partnership p;
    const char *text;
    if (load_for_change(ctx, session_id, &s, &p) != 0 || require_open_content(ctx, &s) != 0 ||
        take_line(ctx, "body", body, AGENDA_MAX_CHARS, &text) != 0)
        return -1;
    if (store_agenda_insert(ctx->db, session_id, ctx->user->id, text, ctx->now, id) != DB_DONE)
        return fail_internal(ctx, "storing agenda item");
    return 0;
}

int session_notes_save(struct ctx *ctx, int64_t session_id, const struct session_note_input *notes,
                       int count)
{
    struct session s;
    struct session_partnership p;
    if (load_for_change(ctx, session_id, &s, &p) != 0 || require_open_content(ctx, &s) != 0)
        return -1;
    const struct method *method = method_find(s.method);
    if (count < 1)
        return fail_input(ctx, "stage", "is required");
    for (int i = 0; i < count; i++) {
        if (!notes[i].stage || !*notes[i].stage)
            return fail_input(ctx, "stage", "is required");
        if (!method_stage_find(method, notes[i].stage))
            return fail_input(ctx, "stage", "is not a stage of this session's method");
        if (!notes[i].body)
            return fail_input(ctx, notes[i].field ? notes[i].field : "body", "is required");
        if (validate_text(ctx, notes[i].field ? notes[i].field : "body", notes[i].body, 0,
                          NOTE_MAX_CHARS, true) != 0)
            return -1;
    }
    /* The write lock is taken before reading, so what is compared is what
     * gets overwritten. */
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin notes");
    struct session_note *stored;
    int stored_count = store_note_list(ctx->db, ctx->arena, session_id, ctx->user->id, &stored);
    if (stored_count < 0) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "reading notes");
    }
    for (int i = 0; i < count; i++) {
        const char *body = trimmed(ctx->arena, lf_only(ctx->arena, notes[i].body));
        const char *current = "";
        for (int k = 0; k < stored_count; k++)
            if (!strcmp(stored[k].stage, notes[i].stage))
                current = stored[k].body;
        if (notes[i].expected) {
            const char *expected = trimmed(ctx->arena, lf_only(ctx->arena, notes[i].expected));
            if (!strcmp(body, expected) || !strcmp(body, current))
                continue; /* not changed by this writer, or already so */
            if (strcmp(current, expected) != 0) {
                db_rollback(ctx->db);
                return fail_conflict(
                    ctx, "notes_changed",
                    arena_printf(ctx->arena,
                                 "Someone changed the notes on %s while you were writing. Your "
                                 "text is kept in the form: merge it with theirs and save again.",
                                 method_stage_find(method, notes[i].stage)->title));
            }
        }
        if (store_note_save(ctx->db, session_id, notes[i].stage, body, ctx->user->id, ctx->now) !=
            DB_DONE) {
            db_rollback(ctx->db);
            return fail_internal(ctx, "storing notes");
        }
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit notes");
}

int session_goal_link(struct ctx *ctx, int64_t session_id, int64_t goal_id)
{
    struct session s;
    struct session_partnership p;
    if (load_for_change(ctx, session_id, &s, &p) != 0 || require_open_content(ctx, &s) != 0)
        return -1;
    /* The goals area decides who may read a goal (404 otherwise). */
    struct goal goal;
    if (goal_get(ctx, goal_id, &goal) != 0)
        return -1;
    int owner_is_member = store_session_is_member(ctx->db, s.partnership_id, goal.owner_id);
    if (owner_is_member < 0)
        return fail_internal(ctx, "reading membership");
    if (!owner_is_member)
        return fail_input(ctx, "goal_id", "must be a goal of a member of this partnership");
    enum db_result r = store_session_goal_insert(ctx->db, session_id, goal_id);
    if (r == DB_CONSTRAINT)
        return fail_conflict(ctx, "already_linked", "This goal is already linked to the session.");
    return r == DB_DONE ? 0 : fail_internal(ctx, "linking goal");
}

int session_action_add(struct ctx *ctx, int64_t session_id, const struct session_action_input *in,
                       int64_t *id)
{
    struct session s;
    struct session_partnership p;
    if (load_for_change(ctx, session_id, &s, &p) != 0 || require_open_content(ctx, &s) != 0)
        return -1;
    struct action_item item = {.session_id = session_id, .created_at = ctx->now};
    if (take_line(ctx, "body", in->body, ACTION_MAX_CHARS, &item.body) != 0)
        return -1;
    struct session_member *members;
    int member_count = load_members(ctx, s.partnership_id, &members);
    if (member_count < 0)
        return -1;
    if (!in->owner_id)
        return fail_input(ctx, "owner_id", "is required: who will do it?");
    if (!is_member(members, member_count, in->owner_id))
        return fail_input(ctx, "owner_id", "must be a member of this partnership");
    item.owner_id = in->owner_id;
    if (in->due_on && *in->due_on) {
        int64_t due;
        const char *zone;
        if (validate_date(ctx, "due_on", in->due_on, &due) != 0 || caller_zone(ctx, &zone) != 0)
            return -1;
        if (due < date_today(zone, ctx->now))
            return fail_input(ctx, "due_on", "must not be in the past");
        item.due_on = in->due_on;
    }
    if (store_action_insert(ctx->db, &item, id) != DB_DONE)
        return fail_internal(ctx, "storing action item");
    return 0;
}

int session_action_set_done(struct ctx *ctx, int64_t action_id, bool done, struct action_item *out)
{
    int64_t session_id;
    int found = store_action_session(ctx->db, action_id, &session_id);
    if (found < 0)
        return fail_internal(ctx, "reading action item");
    if (!found)
        return ctx->user ? fail_not_found(ctx) : fail_unauthenticated(ctx);
    struct session s;
    struct session_partnership p;
    if (load_for_change(ctx, session_id, &s, &p) != 0)
        return -1;
    found = store_action_get(ctx->db, ctx->arena, action_id, ctx->user->id, out);
    if (found <= 0)
        return found < 0 ? fail_internal(ctx, "reading action item") : fail_not_found(ctx);
    if (done == (out->done_at != 0))
        return 0; /* already so: keep when it was done */
    int64_t done_at = done ? ctx->now : 0;
    if (store_action_set_done(ctx->db, action_id, done_at) != DB_DONE)
        return fail_internal(ctx, "updating action item");
    out->done_at = done_at;
    return 0;
}

/* --- dashboard ------------------------------------------------------------------------- */

int session_next_for_user(struct ctx *ctx, struct session *out)
{
    int found = store_session_next_for_user(ctx->db, ctx->arena, ctx->user->id, ctx->now, out);
    return found < 0 ? fail_internal(ctx, "reading next session") : found;
}

int session_open_actions_for_user(struct ctx *ctx, struct session_action_due **out)
{
    struct action_item *items;
    int count = store_action_open_for_user(ctx->db, ctx->arena, ctx->user->id, &items);
    if (count < 0)
        return fail_internal(ctx, "reading action items");
    const char *zone;
    if (caller_zone(ctx, &zone) != 0)
        return -1;
    char today[DATE_CHARS + 1];
    date_format(date_today(zone, ctx->now), today);
    *out = arena_alloc(ctx->arena, sizeof **out * (count ? count : 1));
    for (int i = 0; i < count; i++) {
        (*out)[i].item = items[i];
        (*out)[i].is_overdue = *items[i].due_on && strcmp(items[i].due_on, today) < 0;
    }
    return count;
}

int session_held_recently(struct ctx *ctx, int days, struct session **out)
{
    int count = store_session_held_for_user(ctx->db, ctx->arena, ctx->user->id,
                                            ctx->now - (int64_t)days * 86400, ctx->now + 1, out);
    return count < 0 ? fail_internal(ctx, "reading held sessions") : count;
}

/* --- metadata --------------------------------------------------------------------------- */

int session_partnership_stats(struct ctx *ctx, int64_t partnership_id, struct session_stats *out)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int64_t program_id;
    int found = store_partnership_program(ctx->db, partnership_id, &program_id);
    if (found < 0)
        return fail_internal(ctx, "reading partnership");
    if (!found)
        return fail_not_found(ctx);
    /* Counts and dates only: the program's organizers may read them too. */
    if (!access_is_program_organizer(ctx, program_id) &&
        access_require_partnership_member(ctx, partnership_id, NULL) != 0)
        return -1;
    struct session_partnership p;
    struct agreement_version current;
    if (load_partnership(ctx, partnership_id, &p) != 0)
        return -1;
    found = store_agreement_current(ctx->db, ctx->arena, partnership_id, &current);
    if (found < 0)
        return fail_internal(ctx, "reading agreement");
    if (found)
        p.cadence = current.cadence;
    memset(out, 0, sizeof *out);
    enum schedule_cadence cadence;
    if (strcmp(p.state, "proposed") != 0 && schedule_cadence_parse(p.cadence, &cadence) == 0)
        out->expected =
            schedule_expected_count(cadence, p.active_since, p.ended_at ? p.ended_at : ctx->now);
    if (store_session_held_summary(ctx->db, partnership_id, &out->held, &out->last_held_at) != 0)
        return fail_internal(ctx, "reading held sessions");
    out->member_count =
        store_session_member_counts(ctx->db, ctx->arena, partnership_id, &out->members);
    return out->member_count < 0 ? fail_internal(ctx, "reading session counts") : 0;
}
