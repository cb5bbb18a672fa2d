/* store/audit.c — see audit.h. */
#include "store/audit.h"

#include "store/row.h"

enum db_result store_audit_add(struct db *db, int64_t now, int64_t actor_id, const char *action,
                               const char *subject_type, int64_t subject_id, const char *detail)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id,"
                       " detail) VALUES ($1, $2, $3, $4, $5, $6)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, now);
    store_bind_optional_int(stmt, 2, actor_id);
    db_bind_text(stmt, 3, action);
    db_bind_text(stmt, 4, subject_type ? subject_type : "");
    store_bind_optional_int(stmt, 5, subject_id);
    db_bind_text(stmt, 6, detail ? detail : "");
    return store_run_write(stmt);
}

int store_audit_list(struct db *db, struct arena *arena, int64_t before, int limit,
                     struct audit_entry **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT a.id, a.at, COALESCE(a.actor_id, 0), COALESCE(u.name, ''), a.action,"
                       " a.subject_type, COALESCE(a.subject_id, 0), a.detail FROM audit_log a"
                       " LEFT JOIN users u ON u.id = a.actor_id WHERE $1 = 0 OR a.id < $1"
                       " ORDER BY a.id DESC LIMIT $2");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, before);
    db_bind_int(stmt, 2, limit);
    struct audit_entry *entries =
        arena_alloc(arena, sizeof *entries * (size_t)(limit > 0 ? limit : 1));
    int n = 0;
    enum db_result r = DB_DONE;
    while (n < limit && (r = db_step(stmt)) == DB_ROW) {
        struct audit_entry *e = &entries[n++];
        e->id = db_column_int(stmt, 0);
        e->at = db_column_int(stmt, 1);
        e->actor_id = db_column_int(stmt, 2);
        e->actor_name = store_text_at(stmt, 3, arena);
        e->action = store_text_at(stmt, 4, arena);
        e->subject_type = store_text_at(stmt, 5, arena);
        e->subject_id = db_column_int(stmt, 6);
        e->detail = store_text_at(stmt, 7, arena);
    }
    db_finish(stmt);
    if (r == DB_ERROR)
        return -1;
    *out = entries;
    return n;
}
