/* store/enrollment.c — SQL for enrollments; see enrollment.h.
 *
 * ENROLLMENT_COLUMNS (with ENROLLMENT_JOINS) is read by read_enrollment()
 * in the same order everywhere. The applicant's department and job title
 * come from their profile, so organizers see them as they are today. */
#include "store/enrollment.h"

#include <string.h>

#include "store/row.h"

#define ENROLLMENT_COLUMNS                                                                         \
    "e.id, e.program_id, e.user_id, u.name, u.email, COALESCE(pr.department, ''),"                 \
    " COALESCE(pr.job_title, ''), e.state, e.goals, e.answers, e.availability_confirmed,"          \
    " e.applied_at, COALESCE(e.decided_at, 0), COALESCE(e.decided_by, 0), d.name"
#define ENROLLMENT_JOINS                                                                           \
    " FROM enrollments e JOIN users u ON u.id = e.user_id"                                         \
    " LEFT JOIN profiles pr ON pr.user_id = e.user_id LEFT JOIN users d ON d.id = e.decided_by"

/* Reads the ENROLLMENT_COLUMNS of the current row (void * so store_collect()
 * can use it). */
static void read_enrollment(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct enrollment *out = record;
    out->id = db_column_int(stmt, 0);
    out->program_id = db_column_int(stmt, 1);
    out->user_id = db_column_int(stmt, 2);
    out->user_name = store_text_at(stmt, 3, arena);
    out->user_email = store_text_at(stmt, 4, arena);
    out->department = store_text_at(stmt, 5, arena);
    out->job_title = store_text_at(stmt, 6, arena);
    out->state = store_text_at(stmt, 7, arena);
    out->goals = store_text_at(stmt, 8, arena);
    out->answers = store_text_at(stmt, 9, arena);
    out->availability_confirmed = db_column_int(stmt, 10) != 0;
    out->applied_at = db_column_int(stmt, 11);
    out->decided_at = db_column_int(stmt, 12);
    out->decided_by = db_column_int(stmt, 13);
    out->decided_by_name = store_text_or_null_at(stmt, 14, arena);
}

enum db_result store_enrollment_insert(struct db *db, const struct enrollment *e, int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO enrollments (program_id, user_id, state, goals, answers,"
            " availability_confirmed, applied_at) VALUES ($1, $2, 'applied', $3, $4, $5, $6)"
            " RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, e->program_id);
    db_bind_int(stmt, 2, e->user_id);
    db_bind_text(stmt, 3, e->goals);
    db_bind_text(stmt, 4, e->answers);
    db_bind_int(stmt, 5, e->availability_confirmed ? 1 : 0);
    db_bind_int(stmt, 6, e->applied_at);
    return store_run_insert(stmt, id);
}

enum db_result store_enrollment_reapply(struct db *db, const struct enrollment *e, bool *changed)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE enrollments SET state = 'applied', goals = $2, answers = $3,"
            " availability_confirmed = $4, applied_at = $5, decided_at = NULL, decided_by = NULL"
            " WHERE id = $1 AND state = 'withdrawn'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, e->id);
    db_bind_text(stmt, 2, e->goals);
    db_bind_text(stmt, 3, e->answers);
    db_bind_int(stmt, 4, e->availability_confirmed ? 1 : 0);
    db_bind_int(stmt, 5, e->applied_at);
    enum db_result r = store_run_write(stmt);
    *changed = r == DB_DONE && db_changes(db) == 1;
    return r;
}

int store_enrollment_get(struct db *db, struct arena *arena, int64_t id, int64_t viewer_id,
                         bool is_admin, struct enrollment *out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " ENROLLMENT_COLUMNS ENROLLMENT_JOINS " WHERE e.id = $1"
            " AND (e.user_id = $2 OR $3 = 1 OR EXISTS (SELECT 1 FROM program_organizers o"
            " WHERE o.program_id = e.program_id AND o.user_id = $2))");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, id);
    db_bind_int(stmt, 2, viewer_id);
    db_bind_int(stmt, 3, is_admin ? 1 : 0);
    return store_read_one(stmt, arena, read_enrollment, out);
}

int store_enrollment_of(struct db *db, struct arena *arena, int64_t program_id, int64_t user_id,
                        struct enrollment *out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT " ENROLLMENT_COLUMNS ENROLLMENT_JOINS
                                          " WHERE e.program_id = $1 AND e.user_id = $2");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    return store_read_one(stmt, arena, read_enrollment, out);
}

int store_enrollment_list(struct db *db, struct arena *arena, int64_t program_id, int64_t viewer_id,
                          bool is_admin, const char *state, struct enrollment **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " ENROLLMENT_COLUMNS ENROLLMENT_JOINS " WHERE e.program_id = $1"
                       " AND ($3 = 1 OR EXISTS (SELECT 1 FROM program_organizers o"
                       " WHERE o.program_id = e.program_id AND o.user_id = $2))"
                       " AND ($4 = '' OR e.state = $4) ORDER BY e.applied_at, e.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, viewer_id);
    db_bind_int(stmt, 3, is_admin ? 1 : 0);
    db_bind_text(stmt, 4, state ? state : "");
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_enrollment, &count);
    return count;
}

enum db_result store_enrollment_set_state(struct db *db, int64_t id, const char *from,
                                          const char *to, int64_t decided_by, int64_t now,
                                          bool *changed)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE enrollments SET state = $3,"
                       " decided_at = CASE WHEN $4 = 0 THEN decided_at ELSE $5 END,"
                       " decided_by = CASE WHEN $4 = 0 THEN decided_by ELSE $4 END"
                       " WHERE id = $1 AND state = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, id);
    db_bind_text(stmt, 2, from);
    db_bind_text(stmt, 3, to);
    db_bind_int(stmt, 4, decided_by);
    db_bind_int(stmt, 5, now);
    enum db_result r = store_run_write(stmt);
    *changed = r == DB_DONE && db_changes(db) == 1;
    return r;
}

int store_enrollment_counts(struct db *db, int64_t program_id, struct enrollment_counts *out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT state, COUNT(*) FROM enrollments WHERE program_id = $1 GROUP BY state");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    *out = (struct enrollment_counts){0};
    enum db_result r;
    while ((r = db_step(stmt)) == DB_ROW) {
        const char *state = db_column_text(stmt, 0);
        int64_t n = db_column_int(stmt, 1);
        if (!strcmp(state, "applied"))
            out->applied = n;
        else if (!strcmp(state, "accepted"))
            out->accepted = n;
        else if (!strcmp(state, "waitlisted"))
            out->waitlisted = n;
        else if (!strcmp(state, "declined"))
            out->declined = n;
        else if (!strcmp(state, "withdrawn"))
            out->withdrawn = n;
    }
    db_finish(stmt);
    return r == DB_DONE ? 0 : -1;
}

int store_enrollment_is_accepted(struct db *db, int64_t program_id, int64_t user_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT 1 FROM enrollments e JOIN users u ON u.id = e.user_id"
                       " WHERE e.program_id = $1 AND e.user_id = $2 AND e.state = 'accepted'"
                       " AND u.is_active = 1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    int found = store_one_row(stmt);
    db_finish(stmt);
    return found;
}

static void read_participant(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct enrollment_participant *p = record;
    p->enrollment_id = db_column_int(stmt, 0);
    p->user_id = db_column_int(stmt, 1);
    p->name = store_text_at(stmt, 2, arena);
    p->goals = store_text_at(stmt, 3, arena);
}

int store_enrollment_accepted(struct db *db, struct arena *arena, int64_t program_id,
                              struct enrollment_participant **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT e.id, e.user_id, u.name, e.goals FROM enrollments e"
            " JOIN users u ON u.id = e.user_id WHERE e.program_id = $1"
            " AND e.state = 'accepted' AND u.is_active = 1 ORDER BY lower(u.name), u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_participant, &count);
    return count;
}
