/* store/invitation.c — see invitation.h. */
#include "store/invitation.h"

#include "store/row.h"

#define INVITATION_COLUMNS "id, email, invited_by, created_at, expires_at, COALESCE(used_at, 0)"

static void read_invitation(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct invitation *out = record;
    out->id = db_column_int(stmt, 0);
    out->email = store_text_at(stmt, 1, arena);
    out->invited_by = db_column_int(stmt, 2);
    out->created_at = db_column_int(stmt, 3);
    out->expires_at = db_column_int(stmt, 4);
    out->used_at = db_column_int(stmt, 5);
}

enum db_result store_invitation_insert(struct db *db, const char *token_hash, const char *email,
                                       int64_t invited_by, int64_t now, int64_t expires_at,
                                       int64_t *id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO invitations (token_hash, email, invited_by, created_at,"
                       " expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, token_hash);
    db_bind_text(stmt, 2, email);
    db_bind_int(stmt, 3, invited_by);
    db_bind_int(stmt, 4, now);
    db_bind_int(stmt, 5, expires_at);
    return store_run_insert(stmt, id);
}

int store_invitation_by_hash(struct db *db, struct arena *arena, const char *token_hash,
                             struct invitation *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " INVITATION_COLUMNS " FROM invitations WHERE token_hash = $1");
    if (!stmt)
        return -1;
    db_bind_text(stmt, 1, token_hash);
    return store_read_one(stmt, arena, read_invitation, out);
}

enum db_result store_invitation_use(struct db *db, int64_t id, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE invitations SET used_at = $2 WHERE id = $1 AND used_at IS NULL");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, id);
    db_bind_int(stmt, 2, now);
    return store_run_write(stmt);
}

int store_invitation_list(struct db *db, struct arena *arena, int limit, struct invitation **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " INVITATION_COLUMNS " FROM invitations ORDER BY id DESC LIMIT $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, limit);
    struct invitation *list = arena_alloc(arena, sizeof *list * (size_t)(limit > 0 ? limit : 1));
    int n = 0;
    enum db_result r = DB_DONE;
    while (n < limit && (r = db_step(stmt)) == DB_ROW)
        read_invitation(stmt, arena, &list[n++]);
    db_finish(stmt);
    if (r == DB_ERROR)
        return -1;
    *out = list;
    return n;
}
