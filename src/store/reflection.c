/* store/reflection.c — SQL for reflections; see reflection.h.
 *
 * A linked goal's title is joined only when the goal is the author's own
 * (g.owner_id = r.author_id), so even a wrong row could never carry
 * someone else's goal into a journal. */
#include "store/reflection.h"

#include "store/row.h"

#define REFLECTION_COLUMNS                                                                         \
    "r.id, r.author_id, COALESCE(r.session_id, 0), COALESCE(s.starts_at, 0),"                      \
    " COALESCE(r.goal_id, 0), COALESCE(g.title, ''), r.tag, r.body, r.created_at, r.updated_at"
#define REFLECTION_FROM                                                                            \
    " FROM reflections r LEFT JOIN sessions s ON s.id = r.session_id"                              \
    " LEFT JOIN goals g ON g.id = r.goal_id AND g.owner_id = r.author_id"

static void read_reflection(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct reflection *out = record;
    out->id = db_column_int(stmt, 0);
    out->author_id = db_column_int(stmt, 1);
    out->session_id = db_column_int(stmt, 2);
    out->session_starts_at = db_column_int(stmt, 3);
    out->goal_id = db_column_int(stmt, 4);
    out->goal_title = store_text_at(stmt, 5, arena);
    out->tag = store_text_at(stmt, 6, arena);
    out->body = store_text_at(stmt, 7, arena);
    out->created_at = db_column_int(stmt, 8);
    out->updated_at = db_column_int(stmt, 9);
}

enum db_result store_reflection_insert(struct db *db, const struct reflection *r, int64_t now,
                                       int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO reflections (author_id, session_id, goal_id, tag, body, created_at,"
            " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, r->author_id);
    store_bind_optional_int(stmt, 2, r->session_id);
    store_bind_optional_int(stmt, 3, r->goal_id);
    db_bind_text(stmt, 4, r->tag);
    db_bind_text(stmt, 5, r->body);
    db_bind_int(stmt, 6, now);
    return store_run_insert(stmt, id);
}

enum db_result store_reflection_update(struct db *db, const struct reflection *r, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE reflections SET session_id = $3, goal_id = $4, tag = $5, body = $6,"
                       " updated_at = $7 WHERE id = $1 AND author_id = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, r->id);
    db_bind_int(stmt, 2, r->author_id);
    store_bind_optional_int(stmt, 3, r->session_id);
    store_bind_optional_int(stmt, 4, r->goal_id);
    db_bind_text(stmt, 5, r->tag);
    db_bind_text(stmt, 6, r->body);
    db_bind_int(stmt, 7, now);
    return store_run_write(stmt);
}

enum db_result store_reflection_delete(struct db *db, int64_t id, int64_t author_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "DELETE FROM reflections WHERE id = $1 AND author_id = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, id);
    db_bind_int(stmt, 2, author_id);
    return store_run_write(stmt);
}

int store_reflection_get(struct db *db, struct arena *arena, int64_t id, int64_t author_id,
                         struct reflection *out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT " REFLECTION_COLUMNS REFLECTION_FROM
                                          " WHERE r.id = $1 AND r.author_id = $2");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, id);
    db_bind_int(stmt, 2, author_id);
    return store_read_one(stmt, arena, read_reflection, out);
}

int store_reflection_list(struct db *db, struct arena *arena, int64_t author_id, const char *tag,
                          int limit, int offset, struct reflection **out)
{
    struct db_stmt *stmt = db_prepare(
        db,
        "SELECT " REFLECTION_COLUMNS REFLECTION_FROM " WHERE r.author_id = $1"
        " AND ($2 = '' OR r.tag = $2) ORDER BY r.created_at DESC, r.id DESC LIMIT $3 OFFSET $4");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, author_id);
    db_bind_text(stmt, 2, tag);
    db_bind_int(stmt, 3, limit);
    db_bind_int(stmt, 4, offset);
    struct reflection *list = arena_alloc(arena, sizeof *list * (size_t)(limit > 0 ? limit : 1));
    int n = 0;
    enum db_result r = DB_DONE;
    while (n < limit && (r = db_step(stmt)) == DB_ROW)
        read_reflection(stmt, arena, &list[n++]);
    db_finish(stmt);
    if (r == DB_ERROR)
        return -1;
    *out = list;
    return n;
}

/* The other members' names of partnership_id, ", "-separated. */
static const char *partner_names(struct db *db, struct arena *arena, int64_t partnership_id,
                                 int64_t user_id)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT u.name FROM partnership_members m JOIN users u ON u.id = m.user_id"
            " WHERE m.partnership_id = $1 AND m.user_id <> $2 AND m.response <> 'declined'"
            " AND m.left_at IS NULL ORDER BY lower(u.name), u.id");
    if (!stmt)
        return NULL;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    const char *names = "";
    enum db_result r;
    while ((r = db_step(stmt)) == DB_ROW)
        names = arena_printf(arena, "%s%s%s", names, *names ? ", " : "", db_column_text(stmt, 0));
    db_finish(stmt);
    return r == DB_ERROR ? NULL : names;
}

int store_reflection_sessions(struct db *db, struct arena *arena, int64_t user_id, int64_t since,
                              int64_t until, bool held_without_reflection, int limit,
                              struct reflection_session **out)
{
    struct db_stmt *stmt =
        held_without_reflection
            ? db_prepare(db, "SELECT s.id, s.partnership_id, s.starts_at, s.status FROM sessions s"
                             " JOIN partnership_members m ON m.partnership_id = s.partnership_id"
                             " WHERE m.user_id = $1 AND m.response <> 'declined'"
                             " AND m.left_at IS NULL AND s.status = 'held'"
                             " AND s.starts_at >= $2 AND s.starts_at <= $3"
                             " AND NOT EXISTS (SELECT 1 FROM reflections r"
                             " WHERE r.session_id = s.id AND r.author_id = $1)"
                             " ORDER BY s.starts_at DESC, s.id DESC LIMIT $4")
            : db_prepare(db, "SELECT s.id, s.partnership_id, s.starts_at, s.status FROM sessions s"
                             " JOIN partnership_members m ON m.partnership_id = s.partnership_id"
                             " WHERE m.user_id = $1 AND m.response <> 'declined'"
                             " AND m.left_at IS NULL AND s.status <> 'cancelled'"
                             " AND s.starts_at >= $2 AND s.starts_at <= $3"
                             " ORDER BY s.starts_at DESC, s.id DESC LIMIT $4");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    db_bind_int(stmt, 2, since);
    db_bind_int(stmt, 3, until);
    db_bind_int(stmt, 4, limit);
    struct reflection_session *list =
        arena_alloc(arena, sizeof *list * (size_t)(limit > 0 ? limit : 1));
    int n = 0;
    enum db_result r = DB_DONE;
    while (n < limit && (r = db_step(stmt)) == DB_ROW) {
        list[n].id = db_column_int(stmt, 0);
        list[n].partnership_id = db_column_int(stmt, 1);
        list[n].starts_at = db_column_int(stmt, 2);
        list[n].status = store_text_at(stmt, 3, arena);
        n++;
    }
    db_finish(stmt);
    if (r == DB_ERROR)
        return -1;
    for (int i = 0; i < n; i++)
        if (!(list[i].partners = partner_names(db, arena, list[i].partnership_id, user_id)))
            return -1;
    *out = list;
    return n;
}
