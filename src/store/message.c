/* store/message.c — SQL for message threads and reading positions; see
 * message.h. */
#include "store/message.h"

#include "store/row.h"

enum db_result store_message_insert(struct db *db, int64_t partnership_id, int64_t author_id,
                                    const char *body, int64_t now, int64_t *id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO messages (partnership_id, author_id, body, created_at)"
                       " VALUES ($1, $2, $3, $4) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    store_bind_optional_int(stmt, 2, author_id);
    db_bind_text(stmt, 3, body);
    db_bind_int(stmt, 4, now);
    return store_run_insert(stmt, id);
}

int store_message_list(struct db *db, struct arena *arena, int64_t partnership_id, int64_t before,
                       int limit, struct message **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT x.id, x.author_id, u.name, x.body, x.created_at FROM messages x"
                       " LEFT JOIN users u ON u.id = x.author_id"
                       " WHERE x.partnership_id = $1 AND ($2 = 0 OR x.id < $2)"
                       " ORDER BY x.id DESC LIMIT $3");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, before);
    db_bind_int(stmt, 3, limit);
    struct message *list = arena_alloc(arena, sizeof *list * (size_t)(limit > 0 ? limit : 1));
    int n = 0;
    enum db_result r = DB_DONE;
    while (n < limit && (r = db_step(stmt)) == DB_ROW) {
        struct message *m = &list[n++];
        m->id = db_column_int(stmt, 0);
        m->partnership_id = partnership_id;
        m->author_id = db_column_int(stmt, 1);
        m->author_name = db_column_is_null(stmt, 1) ? NULL : store_text_at(stmt, 2, arena);
        m->body = store_text_at(stmt, 3, arena);
        m->created_at = db_column_int(stmt, 4);
    }
    db_finish(stmt);
    *out = list;
    return r == DB_ERROR ? -1 : n;
}

enum db_result store_message_mark_read(struct db *db, int64_t partnership_id, int64_t user_id,
                                       int64_t last_id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO message_reads (partnership_id, user_id, last_read_id) VALUES ($1, $2, $3)"
            " ON CONFLICT (partnership_id, user_id) DO UPDATE SET last_read_id = $3"
            " WHERE message_reads.last_read_id < $3");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    db_bind_int(stmt, 3, last_id);
    return store_run_write(stmt);
}

int64_t store_message_unread(struct db *db, int64_t partnership_id, int64_t user_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT COUNT(*) FROM messages x LEFT JOIN message_reads r"
                       " ON r.partnership_id = x.partnership_id AND r.user_id = $2"
                       " WHERE x.partnership_id = $1 AND x.id > COALESCE(r.last_read_id, 0)"
                       " AND (x.author_id IS NULL OR x.author_id <> $2)");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    int64_t n = db_step(stmt) == DB_ROW ? db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return n;
}

static void read_unread(struct db_stmt *stmt, struct arena *arena, void *record)
{
    (void)arena;
    struct message_unread *u = record;
    u->partnership_id = db_column_int(stmt, 0);
    u->unread = db_column_int(stmt, 1);
}

int store_message_unread_for_user(struct db *db, struct arena *arena, int64_t user_id,
                                  struct message_unread **out)
{
    struct db_stmt *stmt = db_prepare(
        db,
        "SELECT x.partnership_id, COUNT(*) FROM messages x"
        " JOIN partnership_members m ON m.partnership_id = x.partnership_id"
        " AND m.user_id = $1 AND m.response <> 'declined' AND m.left_at IS NULL"
        " LEFT JOIN message_reads r ON r.partnership_id = x.partnership_id AND r.user_id = $1"
        " WHERE x.id > COALESCE(r.last_read_id, 0) AND (x.author_id IS NULL OR x.author_id <> $1)"
        " GROUP BY x.partnership_id ORDER BY x.partnership_id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_unread, &count);
    return count;
}
