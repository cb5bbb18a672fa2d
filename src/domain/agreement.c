/* agreement.c — see agreement.h.
 *
 * The schedule sentence of the generated body ("We meet every two weeks,
 * for 45 minutes each time.") is rewritten when the terms change and the
 * body is left as it was, so changing the cadence field alone does not
 * leave the text contradicting it. Text the members rewrote themselves is
 * never touched.
 *
 * Writes check membership inside their transaction, so an agreement can't
 * be signed or changed by someone who left a moment before. */
#include "domain/agreement.h"

#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/message.h"
#include "domain/validate.h"

const char *const agreement_cadences[] = {"weekly", "biweekly", "monthly", NULL};

const char *agreement_cadence_text(const char *cadence)
{
    if (!strcmp(cadence, "weekly"))
        return "every week";
    if (!strcmp(cadence, "biweekly"))
        return "every two weeks";
    if (!strcmp(cadence, "monthly"))
        return "once a month";
    return "";
}

static const char *schedule_sentence(struct arena *arena, const char *cadence, int64_t minutes)
{
    return arena_printf(arena, "We meet %s, for %lld minutes each time.",
                        agreement_cadence_text(cadence), (long long)minutes);
}

const char *agreement_template(struct arena *arena, const char *cadence, int64_t session_minutes)
{
    return arena_printf(
        arena,
        "# Our peer coaching agreement\n"
        "\n"
        "We support each other's growth as peers. None of us manages or evaluates the others, "
        "and each of us both coaches and is coached.\n"
        "\n"
        "## Confidentiality\n"
        "\n"
        "What we share in our sessions, notes and messages stays between us. We do not repeat it "
        "to managers, organizers or colleagues without the permission of the person it belongs "
        "to. Our program's organizers see only that we meet, never what we say.\n"
        "\n"
        "## Meeting schedule and length\n"
        "\n"
        "%s\n"
        "We come prepared: each of us adds agenda items before a session and follows up on what "
        "we committed to last time. If one of us cannot make a session, we say so as early as we "
        "can and propose another time.\n"
        "\n"
        "## Where and how we meet\n"
        "\n"
        "We meet at the room or meeting link recorded with this agreement. If it changes, we "
        "update it here so that none of us is left waiting in the wrong place.\n"
        "\n"
        "## How we give feedback\n"
        "\n"
        "Feedback is specific, about what we saw or heard rather than about the person, and "
        "offered when it is asked for. We say what worked before what could change, and we "
        "listen without defending ourselves.\n"
        "\n"
        "## Boundaries\n"
        "\n"
        "Each of us may decline a question or a topic without giving a reason. We keep to the "
        "time we agreed. We coach; we do not judge, evaluate or report on each other.\n"
        "\n"
        "## Pausing or ending\n"
        "\n"
        "Any of us may ask to pause our sessions for a while, and we talk about it openly. Any of "
        "us may leave this partnership at any time, without blame and without having to explain; "
        "the others are told only that they left.\n",
        schedule_sentence(arena, cadence, session_minutes));
}

static bool is_current_member(const struct partnership_member *m)
{
    return strcmp(m->response, "declined") != 0 && m->left_at == 0;
}

int agreement_status_of(struct ctx *ctx, const struct partnership *partnership,
                        struct agreement_status *out)
{
    *out = (struct agreement_status){0};
    struct agreement_version current;
    int found = store_agreement_current(ctx->db, ctx->arena, partnership->id, &current);
    if (found < 0)
        return fail_internal(ctx, "reading agreement");
    struct agreement_signature *signatures = NULL;
    int signed_count = 0;
    if (found) {
        out->version = current.version;
        signed_count = store_agreement_signatures(ctx->db, ctx->arena, current.id, &signatures);
        if (signed_count < 0)
            return fail_internal(ctx, "reading signatures");
    }
    out->awaiting =
        arena_alloc(ctx->arena, sizeof *out->awaiting * (size_t)(partnership->member_count + 1));
    for (int i = 0; i < partnership->member_count; i++) {
        const struct partnership_member *m = &partnership->members[i];
        if (!is_current_member(m))
            continue;
        bool has_signed = false;
        for (int k = 0; k < signed_count; k++)
            has_signed |= signatures[k].user_id == m->user_id;
        if (!has_signed)
            out->awaiting[out->awaiting_count++] = *m;
        else if (ctx->user && m->user_id == ctx->user->id)
            out->has_signed = true;
    }
    out->is_in_force = found && out->awaiting_count == 0;
    return 0;
}

/* Editing and signing: the partnership still runs and the member said yes. */
static bool can_change(const struct membership *me)
{
    return strcmp(me->partnership_state, "ended") != 0 && !strcmp(me->response, "accepted");
}

static int require_can_change(struct ctx *ctx, const struct membership *me)
{
    if (!strcmp(me->partnership_state, "ended"))
        return fail_conflict(ctx, "invalid_state",
                             "This partnership has ended: its agreement can be read but no "
                             "longer changed or signed.");
    if (strcmp(me->response, "accepted") != 0)
        return fail_conflict(ctx, "invalid_state",
                             "Accept the partnership first; then you can edit and sign its "
                             "agreement.");
    return 0;
}

static int load_current(struct ctx *ctx, int64_t partnership_id, struct agreement_version *out)
{
    int found = store_agreement_current(ctx->db, ctx->arena, partnership_id, out);
    if (found < 0)
        return fail_internal(ctx, "reading agreement");
    return found ? 0 : fail_not_found(ctx);
}

int agreement_show(struct ctx *ctx, int64_t partnership_id, int64_t version,
                   struct agreement_detail *out)
{
    *out = (struct agreement_detail){0};
    if (access_require_partnership_member(ctx, partnership_id, &out->me) != 0)
        return -1;
    struct agreement_version current;
    if (load_current(ctx, partnership_id, &current) != 0)
        return -1;
    out->is_current = version == 0 || version == current.version;
    if (out->is_current) {
        out->version = current;
    } else {
        int found =
            store_agreement_version(ctx->db, ctx->arena, partnership_id, version, &out->version);
        if (found <= 0)
            return found < 0 ? fail_internal(ctx, "reading agreement version")
                             : fail_not_found(ctx);
    }
    out->signature_count =
        store_agreement_signatures(ctx->db, ctx->arena, out->version.id, &out->signatures);
    if (out->signature_count < 0)
        return fail_internal(ctx, "reading signatures");
    struct partnership partnership;
    int found = store_partnership_get(ctx->db, ctx->arena, partnership_id, &partnership);
    if (found <= 0)
        return found < 0 ? fail_internal(ctx, "reading partnership") : fail_not_found(ctx);
    if (agreement_status_of(ctx, &partnership, &out->status) != 0)
        return -1;
    out->version_count =
        store_agreement_versions(ctx->db, ctx->arena, partnership_id, &out->versions);
    if (out->version_count < 0)
        return fail_internal(ctx, "reading agreement versions");
    out->can_edit = can_change(&out->me);
    out->can_sign = out->can_edit && out->is_current && !out->status.has_signed;
    return 0;
}

int agreement_current(struct ctx *ctx, int64_t partnership_id, struct agreement_version *out)
{
    if (access_require_partnership_member(ctx, partnership_id, NULL) != 0)
        return -1;
    return load_current(ctx, partnership_id, out);
}

/* Browsers send CR LF in text areas; stored text uses LF only, so saving
 * an unchanged form changes nothing. */
static char *normalize_newlines(struct arena *arena, const char *text)
{
    char *out = arena_strdup(arena, text), *w = out;
    for (const char *r = text; *r; r++) {
        if (*r == '\r') {
            *w++ = '\n';
            if (r[1] == '\n')
                r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return out;
}

/* body with the first occurrence of from replaced by to (body if absent). */
static const char *replace_once(struct arena *arena, const char *body, const char *from,
                                const char *to)
{
    const char *at = strstr(body, from);
    if (!at)
        return body;
    return arena_printf(arena, "%.*s%s%s", (int)(at - body), body, to, at + strlen(from));
}

static int validate_edit(struct ctx *ctx, const struct agreement_edit *edit,
                         struct agreement_edit *clean)
{
    *clean = *edit;
    if (edit->body) {
        if (validate_text(ctx, "body", edit->body, 1, AGREEMENT_BODY_MAX_CHARS, true) != 0)
            return -1;
        if (strspn(edit->body, " \t\r\n") == strlen(edit->body))
            return fail_input(ctx, "body", "is required");
        clean->body = normalize_newlines(ctx->arena, edit->body);
    }
    if (edit->cadence && validate_choice(ctx, "cadence", edit->cadence, agreement_cadences) != 0)
        return -1;
    if (edit->has_session_minutes &&
        validate_range(ctx, "session_minutes", edit->session_minutes, AGREEMENT_MINUTES_MIN,
                       AGREEMENT_MINUTES_MAX) != 0)
        return -1;
    if (edit->location &&
        validate_text(ctx, "location", edit->location, 0, AGREEMENT_LOCATION_MAX_CHARS, false) != 0)
        return -1;
    return 0;
}

/* The new version's fields from current and the edit; false when nothing
 * changes. */
static bool apply_edit(struct ctx *ctx, const struct agreement_version *current,
                       const struct agreement_edit *edit, struct agreement_version *next)
{
    *next = *current;
    if (edit->cadence)
        next->cadence = edit->cadence;
    if (edit->has_session_minutes)
        next->session_minutes = edit->session_minutes;
    if (edit->location)
        next->location = edit->location;
    if (edit->body)
        next->body = edit->body;
    bool terms_changed = strcmp(next->cadence, current->cadence) != 0 ||
                         next->session_minutes != current->session_minutes;
    if (terms_changed && !strcmp(next->body, current->body))
        next->body =
            replace_once(ctx->arena, current->body,
                         schedule_sentence(ctx->arena, current->cadence, current->session_minutes),
                         schedule_sentence(ctx->arena, next->cadence, next->session_minutes));
    return terms_changed || strcmp(next->body, current->body) != 0 ||
           strcmp(next->location, current->location) != 0;
}

static int update_locked(struct ctx *ctx, int64_t partnership_id, const struct agreement_edit *edit,
                         int64_t *version)
{
    struct membership me;
    if (access_require_partnership_member(ctx, partnership_id, &me) != 0 ||
        require_can_change(ctx, &me) != 0)
        return -1;
    struct agreement_version current, next;
    if (load_current(ctx, partnership_id, &current) != 0)
        return -1;
    if (edit->based_on && edit->based_on != current.version)
        return fail_conflict(ctx, "agreement_changed",
                             arena_printf(ctx->arena,
                                          "Someone changed the agreement while you were editing "
                                          "(it is now version %lld). Read it, then make your "
                                          "change again.",
                                          (long long)current.version));
    *version = current.version;
    if (!apply_edit(ctx, &current, edit, &next))
        return 0;
    struct agreement_signature *signatures;
    int signed_count = store_agreement_signatures(ctx->db, ctx->arena, current.id, &signatures);
    if (signed_count < 0)
        return fail_internal(ctx, "reading signatures");
    int64_t id;
    enum db_result r = store_agreement_insert(ctx->db, partnership_id, current.version + 1,
                                              next.body, next.cadence, next.session_minutes,
                                              next.location, ctx->user->id, ctx->now, &id);
    if (r == DB_CONSTRAINT)
        return fail_conflict(ctx, "agreement_changed",
                             "Someone changed the agreement at the same moment. Read it, then "
                             "make your change again.");
    if (r != DB_DONE)
        return fail_internal(ctx, "storing agreement version");
    *version = current.version + 1;
    const char *line =
        signed_count > 0
            ? arena_printf(ctx->arena,
                           "%s changed the agreement (now version %lld). Its earlier signatures "
                           "belong to the old version: please read it and sign again.",
                           ctx->user->name, (long long)*version)
            : arena_printf(ctx->arena, "%s changed the agreement (now version %lld).",
                           ctx->user->name, (long long)*version);
    return message_add_system(ctx, partnership_id, line);
}

int agreement_update(struct ctx *ctx, int64_t partnership_id, const struct agreement_edit *edit,
                     int64_t *version)
{
    struct agreement_edit clean;
    if (validate_edit(ctx, edit, &clean) != 0)
        return -1;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin agreement edit");
    if (update_locked(ctx, partnership_id, &clean, version) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit agreement edit");
}

static int sign_locked(struct ctx *ctx, int64_t partnership_id, int64_t version)
{
    struct membership me;
    if (access_require_partnership_member(ctx, partnership_id, &me) != 0 ||
        require_can_change(ctx, &me) != 0)
        return -1;
    struct agreement_version current;
    if (load_current(ctx, partnership_id, &current) != 0)
        return -1;
    if (version && version != current.version)
        return fail_conflict(ctx, "agreement_changed",
                             arena_printf(ctx->arena,
                                          "The agreement has changed since you opened it (it is "
                                          "now version %lld). Read it, then sign again.",
                                          (long long)current.version));
    enum db_result r = store_agreement_sign(ctx->db, current.id, ctx->user->id, ctx->now);
    if (r == DB_CONSTRAINT)
        return fail_conflict(ctx, "already_signed",
                             arena_printf(ctx->arena, "You have already signed version %lld.",
                                          (long long)current.version));
    if (r != DB_DONE)
        return fail_internal(ctx, "storing signature");
    int in_force = store_agreement_in_force(ctx->db, partnership_id);
    if (in_force < 0)
        return fail_internal(ctx, "reading agreement state");
    if (!in_force)
        return 0;
    return message_add_system(
        ctx, partnership_id,
        arena_printf(ctx->arena,
                     "Everyone has signed the agreement (version %lld): it is now in force.",
                     (long long)current.version));
}

int agreement_sign(struct ctx *ctx, int64_t partnership_id, int64_t version)
{
    if (version < 0)
        return fail_input(ctx, "version", "must be a version number");
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin signature");
    if (sign_locked(ctx, partnership_id, version) != 0) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit signature");
}

int agreement_create_initial(struct ctx *ctx, int64_t partnership_id, const char *cadence,
                             int64_t session_minutes)
{
    int64_t id;
    if (store_agreement_insert(ctx->db, partnership_id, 1,
                               agreement_template(ctx->arena, cadence, session_minutes), cadence,
                               session_minutes, "", 0, ctx->now, &id) != DB_DONE)
        return fail_internal(ctx, "storing agreement");
    return 0;
}
