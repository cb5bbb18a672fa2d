/* store/program.c — SQL for programs, organizers and readiness questions;
 * see program.h.
 *
 * PROGRAM_COLUMNS is read by read_program() in the same order everywhere.
 * Booleans computed in SQL are written as CASE … THEN 1 ELSE 0 so both
 * backends hand back an integer. */
#include "store/program.h"

#include "store/row.h"

#define PROGRAM_COLUMNS                                                                            \
    "p.id, p.name, p.description, p.objectives, p.method, p.group_size, p.cadence,"                \
    " p.session_minutes, p.starts_on, p.ends_on, p.enroll_opens_on, p.enroll_closes_on,"           \
    " p.state, p.created_by, p.created_at, p.updated_at"
#define PROGRAM_COLUMN_COUNT 16

static void read_program(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct program *out = record;
    out->id = db_column_int(stmt, 0);
    out->name = store_text_at(stmt, 1, arena);
    out->description = store_text_at(stmt, 2, arena);
    out->objectives = store_text_at(stmt, 3, arena);
    out->method = store_text_at(stmt, 4, arena);
    out->group_size = db_column_int(stmt, 5);
    out->cadence = store_text_at(stmt, 6, arena);
    out->session_minutes = db_column_int(stmt, 7);
    out->starts_on = store_text_at(stmt, 8, arena);
    out->ends_on = store_text_at(stmt, 9, arena);
    out->enroll_opens_on = store_text_at(stmt, 10, arena);
    out->enroll_closes_on = store_text_at(stmt, 11, arena);
    out->state = store_text_at(stmt, 12, arena);
    out->created_by = db_column_int(stmt, 13);
    out->created_at = db_column_int(stmt, 14);
    out->updated_at = db_column_int(stmt, 15);
}

enum db_result store_program_insert(struct db *db, const struct program *p, int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO programs (name, description, objectives, method, group_size, cadence,"
            " session_minutes, starts_on, ends_on, enroll_opens_on, enroll_closes_on, state,"
            " created_by, created_at, updated_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)"
            " RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, p->name);
    db_bind_text(stmt, 2, p->description);
    db_bind_text(stmt, 3, p->objectives);
    db_bind_text(stmt, 4, p->method);
    db_bind_int(stmt, 5, p->group_size);
    db_bind_text(stmt, 6, p->cadence);
    db_bind_int(stmt, 7, p->session_minutes);
    db_bind_text(stmt, 8, p->starts_on);
    db_bind_text(stmt, 9, p->ends_on);
    db_bind_text(stmt, 10, p->enroll_opens_on);
    db_bind_text(stmt, 11, p->enroll_closes_on);
    db_bind_text(stmt, 12, p->state);
    db_bind_int(stmt, 13, p->created_by);
    db_bind_int(stmt, 14, p->created_at);
    return store_run_insert(stmt, id);
}

int store_program_get(struct db *db, struct arena *arena, int64_t program_id, int64_t viewer_id,
                      bool is_admin, struct program *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " PROGRAM_COLUMNS " FROM programs p WHERE p.id = $1"
                       " AND (p.state <> 'draft' OR $3 = 1 OR EXISTS (SELECT 1"
                       " FROM program_organizers o WHERE o.program_id = p.id AND o.user_id = $2))");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, viewer_id);
    db_bind_int(stmt, 3, is_admin ? 1 : 0);
    return store_read_one(stmt, arena, read_program, out);
}

enum db_result store_program_update(struct db *db, const struct program *p, int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE programs SET name = $2, description = $3, objectives = $4, method = $5,"
            " group_size = $6, cadence = $7, session_minutes = $8, starts_on = $9, ends_on = $10,"
            " enroll_opens_on = $11, enroll_closes_on = $12, updated_at = $13 WHERE id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, p->id);
    db_bind_text(stmt, 2, p->name);
    db_bind_text(stmt, 3, p->description);
    db_bind_text(stmt, 4, p->objectives);
    db_bind_text(stmt, 5, p->method);
    db_bind_int(stmt, 6, p->group_size);
    db_bind_text(stmt, 7, p->cadence);
    db_bind_int(stmt, 8, p->session_minutes);
    db_bind_text(stmt, 9, p->starts_on);
    db_bind_text(stmt, 10, p->ends_on);
    db_bind_text(stmt, 11, p->enroll_opens_on);
    db_bind_text(stmt, 12, p->enroll_closes_on);
    db_bind_int(stmt, 13, now);
    return store_run_write(stmt);
}

enum db_result store_program_set_state(struct db *db, int64_t program_id, const char *from,
                                       const char *to, int64_t now, bool *changed)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE programs SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, program_id);
    db_bind_text(stmt, 2, from);
    db_bind_text(stmt, 3, to);
    db_bind_int(stmt, 4, now);
    enum db_result r = store_run_write(stmt);
    *changed = r == DB_DONE && db_changes(db) == 1;
    return r;
}

/* A program as listed: its columns, the viewer's relation to it, its counts. */
static void read_summary(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct program_summary *s = record;
    read_program(stmt, arena, &s->program);
    int c = PROGRAM_COLUMN_COUNT;
    s->is_organizer = db_column_int(stmt, c) != 0;
    s->my_enrollment_id = db_column_int(stmt, c + 1);
    s->my_state = s->my_enrollment_id ? store_text_at(stmt, c + 2, arena) : NULL;
    s->applied = db_column_int(stmt, c + 3);
    s->accepted = db_column_int(stmt, c + 4);
    s->waitlisted = db_column_int(stmt, c + 5);
}

int store_program_list(struct db *db, struct arena *arena, int64_t viewer_id, bool is_admin,
                       struct program_summary **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " PROGRAM_COLUMNS ","
            " CASE WHEN EXISTS (SELECT 1 FROM program_organizers o"
            "  WHERE o.program_id = p.id AND o.user_id = $1) THEN 1 ELSE 0 END,"
            " COALESCE(me.id, 0), COALESCE(me.state, ''),"
            " (SELECT COUNT(*) FROM enrollments e WHERE e.program_id = p.id"
            "  AND e.state = 'applied'),"
            " (SELECT COUNT(*) FROM enrollments e WHERE e.program_id = p.id"
            "  AND e.state = 'accepted'),"
            " (SELECT COUNT(*) FROM enrollments e WHERE e.program_id = p.id"
            "  AND e.state = 'waitlisted')"
            " FROM programs p LEFT JOIN enrollments me ON me.program_id = p.id AND me.user_id = $1"
            " WHERE $2 = 1 OR EXISTS (SELECT 1 FROM program_organizers o"
            "  WHERE o.program_id = p.id AND o.user_id = $1) OR p.state = 'enrolling'"
            " OR (me.id IS NOT NULL AND p.state <> 'draft')"
            " ORDER BY CASE p.state WHEN 'enrolling' THEN 0 WHEN 'running' THEN 1"
            " WHEN 'draft' THEN 2 ELSE 3 END, p.starts_on, p.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, viewer_id);
    db_bind_int(stmt, 2, is_admin ? 1 : 0);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_summary, &count);
    return count;
}

enum db_result store_program_organizer_add(struct db *db, int64_t program_id, int64_t user_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO program_organizers (program_id, user_id) VALUES ($1, $2)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    return store_run_write(stmt);
}

static void read_organizer(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct program_organizer *o = record;
    o->user_id = db_column_int(stmt, 0);
    o->name = store_text_at(stmt, 1, arena);
    o->email = store_text_at(stmt, 2, arena);
}

int store_program_organizers(struct db *db, struct arena *arena, int64_t program_id,
                             struct program_organizer **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT u.id, u.name, u.email FROM program_organizers o"
                       " JOIN users u ON u.id = o.user_id WHERE o.program_id = $1"
                       " ORDER BY lower(u.name), u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_organizer, &count);
    return count;
}

enum db_result store_question_insert(struct db *db, const struct readiness_question *q, int64_t *id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO readiness_questions (program_id, position, text, is_required,"
                       " default_key) VALUES ($1, $2, $3, $4, $5) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, q->program_id);
    db_bind_int(stmt, 2, q->position);
    db_bind_text(stmt, 3, q->text);
    db_bind_int(stmt, 4, q->is_required ? 1 : 0);
    db_bind_text(stmt, 5, q->default_key);
    return store_run_insert(stmt, id);
}

int store_question_list(struct db *db, struct arena *arena, int64_t program_id,
                        struct readiness_question **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT id, position, text, is_required, default_key"
                       " FROM readiness_questions WHERE program_id = $1 ORDER BY position, id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    struct readiness_question *items = NULL;
    int n = 0, cap = 0;
    enum db_result r;
    while ((r = db_step(stmt)) == DB_ROW) {
        items = store_grow(arena, items, n, &cap, sizeof *items);
        items[n].id = db_column_int(stmt, 0);
        items[n].program_id = program_id;
        items[n].position = db_column_int(stmt, 1);
        items[n].text = store_text_at(stmt, 2, arena);
        items[n].is_required = db_column_int(stmt, 3) != 0;
        items[n].default_key = store_text_at(stmt, 4, arena);
        n++;
    }
    db_finish(stmt);
    if (r != DB_DONE)
        return -1;
    *out = items;
    return n;
}

enum db_result store_question_delete(struct db *db, int64_t program_id, int64_t question_id,
                                     bool *removed)
{
    struct db_stmt *stmt =
        db_prepare(db, "DELETE FROM readiness_questions WHERE id = $1 AND program_id = $2"
                       " AND default_key = ''");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, question_id);
    db_bind_int(stmt, 2, program_id);
    enum db_result r = store_run_write(stmt);
    *removed = r == DB_DONE && db_changes(db) == 1;
    return r;
}
