/* store/access.c — see access.h. */
#include "store/access.h"

#include "store/row.h"

int store_membership_get(struct db *db, struct arena *arena, int64_t partnership_id,
                         int64_t user_id, struct membership *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT p.program_id, p.state, m.response, m.left_at IS NOT NULL,"
                       " m.left_at IS NOT NULL AND p.end_kind = 'left' AND p.ended_by = m.user_id"
                       " FROM partnership_members m JOIN partnerships p ON p.id = m.partnership_id"
                       " WHERE m.partnership_id = $1 AND m.user_id = $2");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    int found = store_one_row(stmt);
    if (found == 1) {
        out->partnership_id = partnership_id;
        out->program_id = db_column_int(stmt, 0);
        out->partnership_state = store_text_at(stmt, 1, arena);
        out->response = store_text_at(stmt, 2, arena);
        out->has_left = db_column_int(stmt, 3) != 0;
        out->left_ended_it = db_column_int(stmt, 4) != 0;
    }
    db_finish(stmt);
    return found;
}

int store_partnership_program(struct db *db, int64_t partnership_id, int64_t *program_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT program_id FROM partnerships WHERE id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int found = store_one_row(stmt);
    if (found == 1)
        *program_id = db_column_int(stmt, 0);
    db_finish(stmt);
    return found;
}

int store_session_partnership(struct db *db, int64_t session_id, int64_t *partnership_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT partnership_id FROM sessions WHERE id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    int found = store_one_row(stmt);
    if (found == 1)
        *partnership_id = db_column_int(stmt, 0);
    db_finish(stmt);
    return found;
}

int store_program_is_organizer(struct db *db, int64_t program_id, int64_t user_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT 1 FROM program_organizers WHERE program_id = $1 AND user_id = $2");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    int found = store_one_row(stmt);
    db_finish(stmt);
    return found;
}

int store_program_state(struct db *db, struct arena *arena, int64_t program_id, const char **state)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT state FROM programs WHERE id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int found = store_one_row(stmt);
    if (found == 1)
        *state = store_text_at(stmt, 0, arena);
    db_finish(stmt);
    return found;
}

int store_users_are_partners(struct db *db, int64_t a, int64_t b)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT 1 FROM partnership_members x JOIN partnership_members y"
                       " ON y.partnership_id = x.partnership_id"
                       " WHERE x.user_id = $1 AND y.user_id = $2"
                       " AND x.response <> 'declined' AND y.response <> 'declined'"
                       " AND x.left_at IS NULL AND y.left_at IS NULL LIMIT 1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, a);
    db_bind_int(stmt, 2, b);
    int found = store_one_row(stmt);
    db_finish(stmt);
    return found;
}
