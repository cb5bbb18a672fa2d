/* store/feedback.c — SQL for feedback; see feedback.h.
 *
 * Averages are computed in C from integer sums and counts: the storage
 * interface reads integers and text only, and SUM/COUNT read the same on
 * every backend. */
#include "store/feedback.h"

#include "store/access.h"
#include "store/row.h"

#define FEEDBACK_COLUMNS                                                                           \
    "f.id, f.session_id, f.author_id, u.name, f.useful, f.safe, f.listened, f.questions_helped, "  \
    "f.actionable, f.comment, f.coaching_listening, f.coaching_questioning, "                      \
    "f.coaching_feedback, f.created_at"

enum db_result store_feedback_insert(struct db *db, const struct feedback *f, int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO feedback (session_id, author_id, useful, safe, listened,"
            " questions_helped, actionable, comment, coaching_listening, coaching_questioning,"
            " coaching_feedback, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, f->session_id);
    db_bind_int(stmt, 2, f->author_id);
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        db_bind_int(stmt, 3 + i, f->answers[i]);
    db_bind_text(stmt, 8, f->comment ? f->comment : "");
    for (int i = 0; i < FEEDBACK_COACHING; i++)
        store_bind_optional_int(stmt, 9 + i, f->coaching[i]);
    db_bind_int(stmt, 12, f->created_at);
    enum db_result r = db_step(stmt);
    if (r == DB_ROW)
        *id = db_column_int(stmt, 0);
    db_finish(stmt);
    return r == DB_ROW ? DB_DONE : r;
}

static void read_feedback(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct feedback *f = record;
    f->id = db_column_int(stmt, 0);
    f->session_id = db_column_int(stmt, 1);
    f->author_id = db_column_int(stmt, 2);
    f->author_name = store_text_at(stmt, 3, arena);
    for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
        f->answers[i] = db_column_int(stmt, 4 + i);
    f->comment = store_text_at(stmt, 9, arena);
    for (int i = 0; i < FEEDBACK_COACHING; i++)
        f->coaching[i] = db_column_int(stmt, 10 + i); /* NULL reads as 0 */
    f->created_at = db_column_int(stmt, 13);
}

int store_feedback_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                        struct feedback **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " FEEDBACK_COLUMNS " FROM feedback f JOIN sessions s ON s.id = f.session_id"
            " JOIN users u ON u.id = f.author_id WHERE f.session_id = $1"
            " AND EXISTS (SELECT 1 FROM partnership_members g"
            " WHERE g.partnership_id = s.partnership_id AND g.user_id = $2"
            " AND" STORE_READS_PARTNERSHIP("g") ")"
                                                " ORDER BY f.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, session_id);
    db_bind_int(stmt, 2, viewer);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_feedback, &count);
    return count;
}

int store_feedback_program_totals(struct db *db, int64_t program_id, struct feedback_totals *out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT COUNT(DISTINCT f.author_id), COUNT(*), COALESCE(SUM(f.useful), 0),"
            " COALESCE(SUM(f.safe), 0), COALESCE(SUM(f.listened), 0),"
            " COALESCE(SUM(f.questions_helped), 0), COALESCE(SUM(f.actionable), 0),"
            " COUNT(DISTINCT CASE WHEN f.coaching_listening IS NOT NULL THEN f.author_id END),"
            " COUNT(f.coaching_listening), COALESCE(SUM(f.coaching_listening), 0),"
            " COALESCE(SUM(f.coaching_questioning), 0), COALESCE(SUM(f.coaching_feedback), 0)"
            " FROM feedback f JOIN sessions s ON s.id = f.session_id"
            " JOIN partnerships p ON p.id = s.partnership_id WHERE p.program_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int found = store_one_row(stmt);
    if (found == 1) {
        out->respondents = db_column_int(stmt, 0);
        out->rows = db_column_int(stmt, 1);
        for (int i = 0; i < FEEDBACK_QUESTIONS; i++)
            out->sums[i] = db_column_int(stmt, 2 + i);
        out->coaching_respondents = db_column_int(stmt, 7);
        out->coaching_rows = db_column_int(stmt, 8);
        for (int i = 0; i < FEEDBACK_COACHING; i++)
            out->coaching_sums[i] = db_column_int(stmt, 9 + i);
    }
    db_finish(stmt);
    return found == 1 ? 0 : -1;
}

static void read_coaching_rating(struct db_stmt *stmt, struct arena *arena, void *record)
{
    (void)arena;
    struct coaching_rating *c = record;
    c->session_starts_at = db_column_int(stmt, 0);
    for (int i = 0; i < FEEDBACK_COACHING; i++)
        c->ratings[i] = db_column_int(stmt, 1 + i);
}

int store_feedback_coaching_received(struct db *db, struct arena *arena, int64_t user_id,
                                     struct coaching_rating **out)
{
    /* The focus person's ratings describe everyone else who was in the
     * session's partnership then: a pair's one coach, a circle's several. */
    struct db_stmt *stmt = db_prepare(
        db, "SELECT s.starts_at, f.coaching_listening, f.coaching_questioning,"
            " f.coaching_feedback FROM feedback f JOIN sessions s ON s.id = f.session_id"
            " JOIN partnership_members m ON m.partnership_id = s.partnership_id"
            " WHERE m.user_id = $1 AND m.response <> 'declined'"
            " AND (m.left_at IS NULL OR m.left_at > s.starts_at)"
            " AND s.status = 'held' AND f.author_id = s.focus_user_id AND s.focus_user_id <> $1"
            " AND f.coaching_listening IS NOT NULL ORDER BY s.starts_at, s.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_coaching_rating, &count);
    return count;
}
