/* store/session.c — SQL for sessions and their content; see session.h.
 *
 * Every read of a session's content repeats the membership rule (MEMBER_OF)
 * with the reader's id. Session rows are always read with SESSION_COLUMNS
 * and SESSION_JOIN so read_session() can fill a record from any query. */
#include "store/session.h"

#include "store/access.h"
#include "store/row.h"

/* The membership rule of domain/access.c (STORE_READS_PARTNERSHIP), as SQL
 * over partnership column pcol and the reader's id parameter. */
#define MEMBER_OF(pcol, param)                                                                     \
    " EXISTS (SELECT 1 FROM partnership_members g WHERE g.partnership_id = " pcol                  \
    " AND g.user_id = " param " AND" STORE_READS_PARTNERSHIP("g") ")"

#define SESSION_COLUMNS                                                                            \
    "s.id, s.partnership_id, s.starts_at, s.minutes, s.location, s.method, s.status, "             \
    "s.focus_user_id, fu.name, s.cancelled_by, cu.name, s.cancel_reason, s.missed_by, mu.name, "   \
    "s.created_by, s.created_at, s.updated_at"
#define SESSION_JOIN                                                                               \
    " FROM sessions s LEFT JOIN users fu ON fu.id = s.focus_user_id"                               \
    " LEFT JOIN users cu ON cu.id = s.cancelled_by LEFT JOIN users mu ON mu.id = s.missed_by"

#define ACTION_COLUMNS                                                                             \
    "a.id, a.session_id, s.partnership_id, s.starts_at, a.owner_id, ou.name, a.body, a.due_on, "   \
    "a.done_at, a.created_at"
#define ACTION_JOIN                                                                                \
    " FROM action_items a JOIN sessions s ON s.id = a.session_id"                                  \
    " JOIN users ou ON ou.id = a.owner_id"

/* Readers take void * so store_collect() can fill arrays of any record. */
static void read_session(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct session *out = record;
    out->id = db_column_int(stmt, 0);
    out->partnership_id = db_column_int(stmt, 1);
    out->starts_at = db_column_int(stmt, 2);
    out->minutes = db_column_int(stmt, 3);
    out->location = store_text_at(stmt, 4, arena);
    out->method = store_text_at(stmt, 5, arena);
    out->status = store_text_at(stmt, 6, arena);
    out->focus_user_id = db_column_int(stmt, 7);
    out->focus_name = store_text_or_null_at(stmt, 8, arena);
    out->cancelled_by = db_column_int(stmt, 9);
    out->cancelled_by_name = store_text_or_null_at(stmt, 10, arena);
    out->cancel_reason = store_text_at(stmt, 11, arena);
    out->missed_by = db_column_int(stmt, 12);
    out->missed_by_name = store_text_or_null_at(stmt, 13, arena);
    out->created_by = db_column_int(stmt, 14);
    out->created_at = db_column_int(stmt, 15);
    out->updated_at = db_column_int(stmt, 16);
}

static void read_action(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct action_item *out = record;
    out->id = db_column_int(stmt, 0);
    out->session_id = db_column_int(stmt, 1);
    out->partnership_id = db_column_int(stmt, 2);
    out->session_starts_at = db_column_int(stmt, 3);
    out->owner_id = db_column_int(stmt, 4);
    out->owner_name = store_text_at(stmt, 5, arena);
    out->body = store_text_at(stmt, 6, arena);
    out->due_on = store_text_at(stmt, 7, arena);
    out->done_at = db_column_int(stmt, 8);
    out->created_at = db_column_int(stmt, 9);
}

/* --- partnerships ------------------------------------------------------------------ */

int store_session_partnership_get(struct db *db, struct arena *arena, int64_t partnership_id,
                                  struct session_partnership *out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT p.id, p.program_id, p.state, COALESCE(p.activated_at, p.created_at),"
            " COALESCE(p.ended_at, 0), pr.cadence, pr.session_minutes, pr.method"
            " FROM partnerships p JOIN programs pr ON pr.id = p.program_id WHERE p.id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int found = store_one_row(stmt);
    if (found == 1) {
        out->id = db_column_int(stmt, 0);
        out->program_id = db_column_int(stmt, 1);
        out->state = store_text_at(stmt, 2, arena);
        out->active_since = db_column_int(stmt, 3);
        out->ended_at = db_column_int(stmt, 4);
        out->cadence = store_text_at(stmt, 5, arena);
        out->minutes = db_column_int(stmt, 6);
        out->location = "";
        out->method = store_text_at(stmt, 7, arena);
    }
    db_finish(stmt);
    return found;
}

int store_session_is_member(struct db *db, int64_t partnership_id, int64_t user_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT 1 FROM partnerships p WHERE p.id = $1 AND" MEMBER_OF("p.id", "$2"));
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    int found = store_one_row(stmt);
    db_finish(stmt);
    return found;
}

/* --- sessions ------------------------------------------------------------------------ */

enum db_result store_session_insert(struct db *db, const struct session *s, int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO sessions (partnership_id, starts_at, minutes, location, method, status,"
            " focus_user_id, created_by, created_at, updated_at)"
            " VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7, $8, $8) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, s->partnership_id);
    db_bind_int(stmt, 2, s->starts_at);
    db_bind_int(stmt, 3, s->minutes);
    db_bind_text(stmt, 4, s->location);
    db_bind_text(stmt, 5, s->method);
    store_bind_optional_int(stmt, 6, s->focus_user_id);
    db_bind_int(stmt, 7, s->created_by);
    db_bind_int(stmt, 8, s->created_at);
    return store_run_insert(stmt, id);
}

int store_session_get(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                      struct session *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " SESSION_COLUMNS SESSION_JOIN
                       " WHERE s.id = $1 AND" MEMBER_OF("s.partnership_id", "$2"));
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, viewer);
    return store_read_one(stmt, arena, read_session, out);
}

int store_session_list(struct db *db, struct arena *arena, int64_t partnership_id, int64_t viewer,
                       struct session **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " SESSION_COLUMNS SESSION_JOIN " WHERE s.partnership_id = $1 AND" MEMBER_OF(
                "s.partnership_id", "$2") " ORDER BY s.starts_at, s.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_session, &count);
    return count;
}

enum db_result store_session_update_plan(struct db *db, const struct session *s, int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE sessions SET starts_at = $2, minutes = $3, location = $4, method = $5,"
            " focus_user_id = $6, updated_at = $7 WHERE id = $1 AND status = 'scheduled'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, s->id);
    db_bind_int(stmt, 2, s->starts_at);
    db_bind_int(stmt, 3, s->minutes);
    db_bind_text(stmt, 4, s->location);
    db_bind_text(stmt, 5, s->method);
    store_bind_optional_int(stmt, 6, s->focus_user_id);
    db_bind_int(stmt, 7, now);
    return store_run_write(stmt);
}

enum db_result store_session_set_status(struct db *db, int64_t session_id, const char *status,
                                        int64_t cancelled_by, const char *cancel_reason,
                                        int64_t missed_by, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE sessions SET status = $2, cancelled_by = $3, cancel_reason = $4,"
                       " missed_by = $5, updated_at = $6 WHERE id = $1 AND status = 'scheduled'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, session_id);
    db_bind_text(stmt, 2, status);
    store_bind_optional_int(stmt, 3, cancelled_by);
    db_bind_text(stmt, 4, cancel_reason ? cancel_reason : "");
    store_bind_optional_int(stmt, 5, missed_by);
    db_bind_int(stmt, 6, now);
    return store_run_write(stmt);
}

int64_t store_session_note_count(struct db *db, int64_t session_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT COUNT(*) FROM session_notes WHERE session_id = $1 AND body <> ''");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    int64_t n = store_one_row(stmt) == 1 ? db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return n;
}

/* --- agenda ---------------------------------------------------------------------------- */

enum db_result store_agenda_insert(struct db *db, int64_t session_id, int64_t author_id,
                                   const char *body, int64_t now, int64_t *id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO agenda_items (session_id, author_id, body, created_at)"
                       " VALUES ($1, $2, $3, $4) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, author_id);
    db_bind_text(stmt, 3, body);
    db_bind_int(stmt, 4, now);
    return store_run_insert(stmt, id);
}

static void read_agenda(struct db_stmt *stmt, struct arena *arena, void *out)
{
    struct agenda_item *a = out;
    a->id = db_column_int(stmt, 0);
    a->session_id = db_column_int(stmt, 1);
    a->author_id = db_column_int(stmt, 2);
    a->author_name = store_text_at(stmt, 3, arena);
    a->body = store_text_at(stmt, 4, arena);
    a->created_at = db_column_int(stmt, 5);
}

int store_agenda_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                      struct agenda_item **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT a.id, a.session_id, a.author_id, u.name, a.body, a.created_at"
            " FROM agenda_items a JOIN sessions s ON s.id = a.session_id"
            " JOIN users u ON u.id = a.author_id"
            " WHERE a.session_id = $1 AND" MEMBER_OF("s.partnership_id", "$2") " ORDER BY a.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_agenda, &count);
    return count;
}

/* --- notes ------------------------------------------------------------------------------ */

enum db_result store_note_save(struct db *db, int64_t session_id, const char *stage,
                               const char *body, int64_t user_id, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO session_notes (session_id, stage, body, updated_by, updated_at)"
                       " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id, stage) DO UPDATE SET"
                       " body = excluded.body, updated_by = excluded.updated_by,"
                       " updated_at = excluded.updated_at");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, session_id);
    db_bind_text(stmt, 2, stage);
    db_bind_text(stmt, 3, body);
    db_bind_int(stmt, 4, user_id);
    db_bind_int(stmt, 5, now);
    return store_run_write(stmt);
}

static void read_note(struct db_stmt *stmt, struct arena *arena, void *out)
{
    struct session_note *n = out;
    n->stage = store_text_at(stmt, 0, arena);
    n->body = store_text_at(stmt, 1, arena);
    n->updated_by = db_column_int(stmt, 2);
    n->updated_by_name = store_text_at(stmt, 3, arena);
    n->updated_at = db_column_int(stmt, 4);
}

int store_note_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                    struct session_note **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT n.stage, n.body, n.updated_by, u.name, n.updated_at"
                       " FROM session_notes n JOIN sessions s ON s.id = n.session_id"
                       " JOIN users u ON u.id = n.updated_by"
                       " WHERE n.session_id = $1 AND" MEMBER_OF("s.partnership_id", "$2"));
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_note, &count);
    return count;
}

/* --- goals discussed ------------------------------------------------------------------ */

enum db_result store_session_goal_insert(struct db *db, int64_t session_id, int64_t goal_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO session_goals (session_id, goal_id) VALUES ($1, $2)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, goal_id);
    return store_run_write(stmt);
}

static void read_goal(struct db_stmt *stmt, struct arena *arena, void *out)
{
    struct session_goal *g = out;
    g->goal_id = db_column_int(stmt, 0);
    g->owner_id = db_column_int(stmt, 1);
    g->owner_name = store_text_at(stmt, 2, arena);
    g->title = store_text_at(stmt, 3, arena);
    g->visibility = store_text_at(stmt, 4, arena);
    g->status = store_text_at(stmt, 5, arena);
}

int store_session_goal_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                            struct session_goal **out)
{
    /* Goal privacy is a second rule on top of membership: a private goal
     * shows only to its owner, even inside the partnership. */
    struct db_stmt *stmt = db_prepare(
        db, "SELECT gl.id, gl.owner_id, u.name, gl.title, gl.visibility, gl.status"
            " FROM session_goals sg JOIN sessions s ON s.id = sg.session_id"
            " JOIN goals gl ON gl.id = sg.goal_id JOIN users u ON u.id = gl.owner_id"
            " WHERE sg.session_id = $1 AND (gl.owner_id = $2 OR gl.visibility = 'shared')"
            " AND" MEMBER_OF("s.partnership_id", "$2") " ORDER BY gl.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_goal, &count);
    return count;
}

int store_session_goal_choices(struct db *db, struct arena *arena, int64_t partnership_id,
                               int64_t viewer, struct session_goal **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT gl.id, gl.owner_id, u.name, gl.title, gl.visibility, gl.status"
            " FROM goals gl JOIN users u ON u.id = gl.owner_id"
            " WHERE gl.status = 'active' AND (gl.owner_id = $2 OR gl.visibility = 'shared')"
            " AND" MEMBER_OF("$1", "gl.owner_id") " AND" MEMBER_OF(
                "$1",
                "$2") " ORDER BY CASE WHEN gl.owner_id = $2 THEN 0 ELSE 1 END, gl.priority, gl.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_goal, &count);
    return count;
}

/* --- action items ---------------------------------------------------------------------- */

enum db_result store_action_insert(struct db *db, const struct action_item *a, int64_t *id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO action_items (session_id, owner_id, body, due_on, created_at)"
                       " VALUES ($1, $2, $3, $4, $5) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, a->session_id);
    db_bind_int(stmt, 2, a->owner_id);
    db_bind_text(stmt, 3, a->body);
    db_bind_text(stmt, 4, a->due_on && *a->due_on ? a->due_on : NULL);
    db_bind_int(stmt, 5, a->created_at);
    return store_run_insert(stmt, id);
}

int store_action_get(struct db *db, struct arena *arena, int64_t action_id, int64_t viewer,
                     struct action_item *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " ACTION_COLUMNS ACTION_JOIN
                       " WHERE a.id = $1 AND" MEMBER_OF("s.partnership_id", "$2"));
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, action_id);
    db_bind_int(stmt, 2, viewer);
    return store_read_one(stmt, arena, read_action, out);
}

int store_action_session(struct db *db, int64_t action_id, int64_t *session_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT session_id FROM action_items WHERE id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, action_id);
    int found = store_one_row(stmt);
    if (found == 1)
        *session_id = db_column_int(stmt, 0);
    db_finish(stmt);
    return found;
}

enum db_result store_action_set_done(struct db *db, int64_t action_id, int64_t done_at)
{
    struct db_stmt *stmt = db_prepare(db, "UPDATE action_items SET done_at = $2 WHERE id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, action_id);
    store_bind_optional_int(stmt, 2, done_at);
    return store_run_write(stmt);
}

int store_action_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                      struct action_item **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " ACTION_COLUMNS ACTION_JOIN
            " WHERE a.session_id = $1 AND" MEMBER_OF("s.partnership_id", "$2") " ORDER BY a.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_action, &count);
    return count;
}

int store_action_open_before(struct db *db, struct arena *arena, int64_t partnership_id,
                             int64_t before, int64_t viewer, struct action_item **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " ACTION_COLUMNS ACTION_JOIN
                       " WHERE s.partnership_id = $1 AND s.starts_at < $2 AND a.done_at IS NULL"
                       " AND" MEMBER_OF("s.partnership_id", "$3") " ORDER BY s.starts_at, a.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, before);
    db_bind_int(stmt, 3, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_action, &count);
    return count;
}

/* --- dashboard and organizer metadata ------------------------------------------------- */

int store_session_next_for_user(struct db *db, struct arena *arena, int64_t user_id, int64_t from,
                                struct session *out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " SESSION_COLUMNS SESSION_JOIN " JOIN partnerships p ON p.id = s.partnership_id"
            " WHERE s.status = 'scheduled' AND s.starts_at >= $2 AND p.state = 'active'"
            " AND" MEMBER_OF("s.partnership_id", "$1") " ORDER BY s.starts_at, s.id LIMIT 1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    db_bind_int(stmt, 2, from);
    return store_read_one(stmt, arena, read_session, out);
}

int store_action_open_for_user(struct db *db, struct arena *arena, int64_t user_id,
                               struct action_item **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " ACTION_COLUMNS ACTION_JOIN
                       " WHERE a.owner_id = $1 AND a.done_at IS NULL AND" MEMBER_OF(
                           "s.partnership_id", "$1") " ORDER BY a.due_on IS NULL, a.due_on, a.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_action, &count);
    return count;
}

int store_session_held_for_user(struct db *db, struct arena *arena, int64_t user_id, int64_t from,
                                int64_t to, struct session **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " SESSION_COLUMNS SESSION_JOIN
            " WHERE s.status = 'held' AND s.starts_at >= $2 AND s.starts_at < $3"
            " AND" MEMBER_OF("s.partnership_id", "$1") " ORDER BY s.starts_at DESC, s.id DESC");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    db_bind_int(stmt, 2, from);
    db_bind_int(stmt, 3, to);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_session, &count);
    return count;
}

int store_session_held_summary(struct db *db, int64_t partnership_id, int64_t *held,
                               int64_t *last_held_at)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT COUNT(*), COALESCE(MAX(starts_at), 0) FROM sessions"
                       " WHERE partnership_id = $1 AND status = 'held'");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int found = store_one_row(stmt);
    if (found == 1) {
        *held = db_column_int(stmt, 0);
        *last_held_at = db_column_int(stmt, 1);
    }
    db_finish(stmt);
    return found < 0 ? -1 : 0;
}

static void read_counts(struct db_stmt *stmt, struct arena *arena, void *out)
{
    (void)arena;
    struct session_member_counts *c = out;
    c->user_id = db_column_int(stmt, 0);
    c->cancelled = db_column_int(stmt, 1);
    c->missed = db_column_int(stmt, 2);
    c->held_as_focus = db_column_int(stmt, 3);
}

int store_session_member_counts(struct db *db, struct arena *arena, int64_t partnership_id,
                                struct session_member_counts **out)
{
    /* One row per member ever in the partnership (leavers keep their
     * history), counted with portable CASE sums. */
    struct db_stmt *stmt = db_prepare(
        db,
        "SELECT m.user_id,"
        " COALESCE(SUM(CASE WHEN s.status = 'cancelled' AND s.cancelled_by = m.user_id"
        " THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN s.status = 'missed' AND s.missed_by = m.user_id"
        " THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN s.status = 'held' AND s.focus_user_id = m.user_id"
        " THEN 1 ELSE 0 END), 0)"
        " FROM partnership_members m LEFT JOIN sessions s ON s.partnership_id = m.partnership_id"
        " WHERE m.partnership_id = $1 AND m.response <> 'declined'"
        " GROUP BY m.user_id ORDER BY m.user_id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_counts, &count);
    return count;
}
