/* store/partnership.c — SQL for partnerships, members and problem reports;
 * see partnership.h.
 *
 * Lists load partnerships with one query and all their members with a
 * second, stitched together in C, so a program's page costs two queries
 * however many pairs it has. */
#include "store/partnership.h"

#include "store/row.h"

#define PARTNERSHIP_COLUMNS                                                                        \
    "p.id, p.program_id, g.name, p.state, p.round, p.match_score, p.match_explanation, "           \
    "p.created_by, p.created_at, p.activated_at, p.ended_at, p.ended_by, p.end_kind"
#define PARTNERSHIP_FROM "FROM partnerships p JOIN programs g ON g.id = p.program_id"
#define MEMBER_COLUMNS   "m.partnership_id, m.user_id, u.name, m.response, m.responded_at, m.left_at"
/* A member who still belongs: neither declined nor left. */
#define CURRENT_MEMBER "m.response <> 'declined' AND m.left_at IS NULL"

/* Reads the PARTNERSHIP_COLUMNS of the current row. Row readers take
 * void * so store_collect() can fill arrays of any record. */
static void read_partnership(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct partnership *out = record;
    *out = (struct partnership){0};
    out->id = db_column_int(stmt, 0);
    out->program_id = db_column_int(stmt, 1);
    out->program_name = store_text_at(stmt, 2, arena);
    out->state = store_text_at(stmt, 3, arena);
    out->round = db_column_int(stmt, 4);
    out->has_match_score = !db_column_is_null(stmt, 5);
    out->match_score = out->has_match_score ? db_column_double(stmt, 5) : 0;
    out->match_explanation = store_text_at(stmt, 6, arena);
    out->created_by = db_column_int(stmt, 7);
    out->created_at = db_column_int(stmt, 8);
    out->activated_at = db_column_int(stmt, 9);
    out->ended_at = db_column_int(stmt, 10);
    out->ended_by = db_column_int(stmt, 11);
    out->end_kind = store_text_at(stmt, 12, arena);
}

/* Reads MEMBER_COLUMNS (from column 1) and, when with_meta, the decline
 * reason and rematch wish after them. */
static void read_member(struct db_stmt *stmt, struct arena *arena, bool with_meta,
                        struct partnership_member *out)
{
    out->user_id = db_column_int(stmt, 1);
    out->name = store_text_at(stmt, 2, arena);
    out->response = store_text_at(stmt, 3, arena);
    out->responded_at = db_column_int(stmt, 4);
    out->left_at = db_column_int(stmt, 5);
    out->decline_reason = with_meta ? store_text_at(stmt, 6, arena) : "";
    out->wants_rematch = with_meta && db_column_int(stmt, 7) != 0;
}

static struct partnership *find_by_id(struct partnership *list, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (list[i].id == id)
            return &list[i];
    return NULL;
}

/* Steps a member query (partnership_id first, ordered by partnership) and
 * appends each row to its partnership in list. 0 or -1. */
static int attach_members(struct db_stmt *stmt, struct arena *arena, bool with_meta,
                          struct partnership *list, int n)
{
    if (!stmt)
        return -1;
    int *caps = arena_zalloc(arena, sizeof *caps * (size_t)(n ? n : 1));
    enum db_result r;
    while ((r = db_step(stmt)) == DB_ROW) {
        struct partnership *p = find_by_id(list, n, db_column_int(stmt, 0));
        if (!p)
            continue; /* a partnership created between the two queries */
        int *cap = &caps[p - list];
        p->members = store_grow(arena, p->members, p->member_count, cap, sizeof *p->members);
        read_member(stmt, arena, with_meta, &p->members[p->member_count++]);
    }
    db_finish(stmt);
    return r == DB_DONE ? 0 : -1;
}

/* Steps a PARTNERSHIP_COLUMNS query into a list. Count or -1. */
static int read_partnerships(struct db_stmt *stmt, struct arena *arena, struct partnership **out)
{
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_partnership, &count);
    return count;
}

/* Reads a one-column list of ids. */
static void read_id(struct db_stmt *stmt, struct arena *arena, void *record)
{
    (void)arena;
    *(int64_t *)record = db_column_int(stmt, 0);
}

int store_partnership_user_is_busy(struct db *db, int64_t program_id, int64_t user_id)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT 1 FROM partnership_members m JOIN partnerships p ON p.id = m.partnership_id"
            " WHERE p.program_id = $1 AND p.state <> 'ended' AND m.user_id = $2"
            " AND " CURRENT_MEMBER " LIMIT 1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    int found = store_one_row(stmt);
    db_finish(stmt);
    return found;
}

int store_partnership_busy_users(struct db *db, struct arena *arena, int64_t program_id,
                                 int64_t **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT DISTINCT m.user_id FROM partnership_members m"
                       " JOIN partnerships p ON p.id = m.partnership_id"
                       " WHERE p.program_id = $1 AND p.state <> 'ended' AND " CURRENT_MEMBER
                       " ORDER BY m.user_id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_id, &count);
    return count;
}

int64_t store_partnership_current_round(struct db *db, int64_t program_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT COALESCE(MAX(round), 1) FROM partnerships WHERE program_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int64_t round = store_one_row(stmt) == 1 ? db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return round;
}

enum db_result store_partnership_insert(struct db *db, int64_t program_id, int64_t round,
                                        const double *match_score, const char *match_explanation,
                                        int64_t created_by, int64_t now, int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO partnerships (program_id, round, match_score, match_explanation,"
            " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, round);
    if (match_score) {
        db_bind_double(stmt, 3, *match_score);
    } else {
        db_bind_null(stmt, 3);
    }
    db_bind_text(stmt, 4, match_explanation ? match_explanation : "");
    db_bind_int(stmt, 5, created_by);
    db_bind_int(stmt, 6, now);
    return store_run_insert(stmt, id);
}

enum db_result store_partnership_member_add(struct db *db, int64_t partnership_id, int64_t user_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO partnership_members (partnership_id, user_id) VALUES ($1, $2)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    return store_run_write(stmt);
}

/* One partnership and its members (with organizers' metadata when
 * with_meta). */
static int get_one(struct db *db, struct arena *arena, int64_t id, bool with_meta,
                   struct partnership *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " PARTNERSHIP_COLUMNS " " PARTNERSHIP_FROM " WHERE p.id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, id);
    int found = store_read_one(stmt, arena, read_partnership, out);
    if (found != 1)
        return found;
    stmt = with_meta
               ? db_prepare(db, "SELECT " MEMBER_COLUMNS ", m.decline_reason, m.wants_rematch"
                                " FROM partnership_members m JOIN users u ON u.id = m.user_id"
                                " WHERE m.partnership_id = $1 ORDER BY lower(u.name), u.id")
               : db_prepare(db, "SELECT " MEMBER_COLUMNS " FROM partnership_members m"
                                " JOIN users u ON u.id = m.user_id WHERE m.partnership_id = $1"
                                " ORDER BY lower(u.name), u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, id);
    return attach_members(stmt, arena, with_meta, out, 1) == 0 ? 1 : -1;
}

int store_partnership_get(struct db *db, struct arena *arena, int64_t id, struct partnership *out)
{
    return get_one(db, arena, id, false, out);
}

int store_partnership_get_for_organizers(struct db *db, struct arena *arena, int64_t id,
                                         struct partnership *out)
{
    return get_one(db, arena, id, true, out);
}

int store_partnership_list_for_user(struct db *db, struct arena *arena, int64_t user_id,
                                    struct partnership **out)
{
    struct db_stmt *stmt = db_prepare(
        db,
        "SELECT " PARTNERSHIP_COLUMNS " " PARTNERSHIP_FROM " WHERE EXISTS ("
        "   SELECT 1 FROM partnership_members m WHERE m.partnership_id = p.id"
        "   AND m.user_id = $1 AND " CURRENT_MEMBER ")"
        " ORDER BY CASE WHEN p.state = 'ended' THEN 1 ELSE 0 END, p.created_at DESC, p.id DESC");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int n = read_partnerships(stmt, arena, out);
    if (n <= 0)
        return n;
    stmt = db_prepare(db, "SELECT " MEMBER_COLUMNS " FROM partnership_members m"
                          " JOIN users u ON u.id = m.user_id WHERE m.partnership_id IN ("
                          "   SELECT x.partnership_id FROM partnership_members x"
                          "   WHERE x.user_id = $1 AND x.response <> 'declined'"
                          "   AND x.left_at IS NULL)"
                          " ORDER BY m.partnership_id, lower(u.name), u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    return attach_members(stmt, arena, false, *out, n) == 0 ? n : -1;
}

int store_partnership_list_for_program(struct db *db, struct arena *arena, int64_t program_id,
                                       struct partnership **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " PARTNERSHIP_COLUMNS " " PARTNERSHIP_FROM " WHERE p.program_id = $1"
                       " ORDER BY CASE WHEN p.state = 'ended' THEN 1 ELSE 0 END,"
                       " p.created_at DESC, p.id DESC");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int n = read_partnerships(stmt, arena, out);
    if (n <= 0)
        return n;
    stmt = db_prepare(db, "SELECT " MEMBER_COLUMNS ", m.decline_reason, m.wants_rematch"
                          " FROM partnership_members m JOIN users u ON u.id = m.user_id"
                          " JOIN partnerships p ON p.id = m.partnership_id"
                          " WHERE p.program_id = $1"
                          " ORDER BY m.partnership_id, lower(u.name), u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    return attach_members(stmt, arena, true, *out, n) == 0 ? n : -1;
}

static void read_former(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct partnership_former *f = record;
    f->partnership_id = db_column_int(stmt, 0);
    f->program_id = db_column_int(stmt, 1);
    f->program_name = store_text_at(stmt, 2, arena);
    f->has_left = db_column_int(stmt, 3) != 0;
    f->at = db_column_int(stmt, 4);
    f->reason = store_text_at(stmt, 5, arena);
    f->wants_rematch = db_column_int(stmt, 6) != 0;
}

int store_partnership_former(struct db *db, struct arena *arena, int64_t user_id,
                             struct partnership_former **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT p.id, p.program_id, g.name, CASE WHEN m.left_at IS NULL THEN 0 ELSE 1 END,"
            " COALESCE(m.left_at, m.responded_at, p.created_at),"
            " CASE WHEN m.left_at IS NOT NULL THEN m.leave_reason ELSE m.decline_reason END,"
            " m.wants_rematch"
            " FROM partnership_members m JOIN partnerships p ON p.id = m.partnership_id"
            " JOIN programs g ON g.id = p.program_id"
            " WHERE m.user_id = $1 AND (m.response = 'declined' OR m.left_at IS NOT NULL)"
            " ORDER BY 5 DESC, p.id DESC");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_former, &count);
    return count;
}

int store_partnership_open_ids(struct db *db, struct arena *arena, int64_t program_id,
                               int64_t **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT id FROM partnerships WHERE program_id = $1 AND state <> 'ended' ORDER BY id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_id, &count);
    return count;
}

enum db_result store_partnership_respond(struct db *db, int64_t partnership_id, int64_t user_id,
                                         const char *response, const char *decline_reason,
                                         int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE partnership_members SET response = $3, decline_reason = $4,"
                       " responded_at = $5 WHERE partnership_id = $1 AND user_id = $2"
                       " AND response <> 'declined' AND left_at IS NULL");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    db_bind_text(stmt, 3, response);
    db_bind_text(stmt, 4, decline_reason ? decline_reason : "");
    db_bind_int(stmt, 5, now);
    return store_run_write(stmt);
}

enum db_result store_partnership_activate(struct db *db, int64_t partnership_id, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE partnerships SET state = 'active',"
                       " activated_at = $2 WHERE id = $1 AND state = 'proposed'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, now);
    return store_run_write(stmt);
}

enum db_result store_partnership_set_state(struct db *db, int64_t partnership_id, const char *from,
                                           const char *to)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE partnerships SET state = $3 WHERE id = $1 AND state = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_text(stmt, 2, from);
    db_bind_text(stmt, 3, to);
    return store_run_write(stmt);
}

enum db_result store_partnership_end(struct db *db, int64_t partnership_id, const char *end_kind,
                                     int64_t ended_by, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE partnerships SET state = 'ended', end_kind = $2, ended_by = $3,"
                       " ended_at = $4 WHERE id = $1 AND state <> 'ended'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_text(stmt, 2, end_kind);
    store_bind_optional_int(stmt, 3, ended_by);
    db_bind_int(stmt, 4, now);
    return store_run_write(stmt);
}

enum db_result store_partnership_leave(struct db *db, int64_t partnership_id, int64_t user_id,
                                       const char *reason, bool wants_rematch, int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE partnership_members SET left_at = $3, leave_reason = $4, wants_rematch = $5"
            " WHERE partnership_id = $1 AND user_id = $2 AND left_at IS NULL"
            " AND response <> 'declined'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, user_id);
    db_bind_int(stmt, 3, now);
    db_bind_text(stmt, 4, reason ? reason : "");
    db_bind_int(stmt, 5, wants_rematch ? 1 : 0);
    return store_run_write(stmt);
}

enum db_result store_problem_report_insert(struct db *db, int64_t partnership_id,
                                           int64_t reporter_id, const char *kind, const char *body,
                                           int64_t now, int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO problem_reports (partnership_id, reporter_id, kind, body, created_at)"
            " VALUES ($1, $2, $3, $4, $5) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, reporter_id);
    db_bind_text(stmt, 3, kind);
    db_bind_text(stmt, 4, body);
    db_bind_int(stmt, 5, now);
    return store_run_insert(stmt, id);
}

#define REPORT_COLUMNS                                                                             \
    "r.id, r.partnership_id, r.reporter_id, u.name, r.kind, r.body, r.created_at, r.resolved_at"
#define REPORT_FROM                                                                                \
    "FROM problem_reports r JOIN partnerships p ON p.id = r.partnership_id"                        \
    " JOIN users u ON u.id = r.reporter_id"

static void read_report(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct problem_report *out = record;
    out->id = db_column_int(stmt, 0);
    out->partnership_id = db_column_int(stmt, 1);
    out->reporter_id = db_column_int(stmt, 2);
    out->reporter_name = store_text_at(stmt, 3, arena);
    out->kind = store_text_at(stmt, 4, arena);
    out->body = store_text_at(stmt, 5, arena);
    out->created_at = db_column_int(stmt, 6);
    out->resolved_at = db_column_int(stmt, 7);
}

int store_problem_report_list(struct db *db, struct arena *arena, int64_t program_id,
                              struct problem_report **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " REPORT_COLUMNS " " REPORT_FROM " WHERE p.program_id = $1"
            " ORDER BY CASE WHEN r.resolved_at IS NULL THEN 0 ELSE 1 END, r.created_at DESC,"
            " r.id DESC");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_report, &count);
    return count;
}

int store_problem_report_get(struct db *db, struct arena *arena, int64_t program_id, int64_t id,
                             struct problem_report *out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT " REPORT_COLUMNS " " REPORT_FROM
                                          " WHERE r.id = $2 AND p.program_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, id);
    return store_read_one(stmt, arena, read_report, out);
}

enum db_result store_problem_report_resolve(struct db *db, int64_t program_id, int64_t id,
                                            int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE problem_reports SET resolved_at = $3 WHERE id = $2 AND resolved_at IS NULL"
            " AND partnership_id IN (SELECT id FROM partnerships WHERE program_id = $1)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, id);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}
