/* store/goal.c — SQL for goals; see goal.h.
 *
 * A goal is always read with what its progress is computed from (the
 * latest check-in value, milestones done and in total) by scalar
 * subqueries, so a list of goals with progress is one query. Every read of
 * someone else's goal repeats the access rule of domain/access.c in its
 * WHERE clause: owner, or shared with a partner. */
#include "store/goal.h"

#include <string.h>

#include "store/row.h"

#define GOAL_COLUMNS                                                                               \
    "g.id, g.owner_id, u.name, COALESCE(g.program_id, 0), COALESCE(p.name, ''), g.title, "         \
    "g.specific, g.measure_kind, g.baseline, g.target, g.unit, g.target_date, g.priority, "        \
    "g.status, g.visibility, g.created_at, g.updated_at, COALESCE(g.achieved_at, 0), "             \
    "(SELECT c.value FROM goal_checkins c WHERE c.goal_id = g.id AND c.value IS NOT NULL"          \
    " ORDER BY c.on_date DESC, c.id DESC LIMIT 1), "                                               \
    "(SELECT COUNT(*) FROM goal_milestones m WHERE m.goal_id = g.id AND m.removed_at IS NULL), "   \
    "(SELECT COUNT(*) FROM goal_milestones m WHERE m.goal_id = g.id AND m.removed_at IS NULL"      \
    " AND m.done_at IS NOT NULL)"
#define GOAL_FROM                                                                                  \
    " FROM goals g JOIN users u ON u.id = g.owner_id LEFT JOIN programs p ON p.id = g.program_id"
/* The viewer ($1 in every query that uses this) and the goal's owner share
 * a partnership neither declined nor left: the rule of
 * store_users_are_partners(). */
#define VIEWER_IS_PARTNER                                                                          \
    "EXISTS (SELECT 1 FROM partnership_members x JOIN partnership_members y"                       \
    " ON y.partnership_id = x.partnership_id WHERE x.user_id = $1 AND y.user_id = g.owner_id"      \
    " AND x.response <> 'declined' AND y.response <> 'declined'"                                   \
    " AND x.left_at IS NULL AND y.left_at IS NULL)"
#define GOAL_ORDER                                                                                 \
    " ORDER BY CASE g.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 WHEN 'achieved' THEN 2"     \
    " ELSE 3 END, g.priority, g.target_date, g.id"

/* Reads the GOAL_COLUMNS of the current row. Readers take void * so
 * store_collect() can fill arrays of any record. */
static void read_goal(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct goal *out = record;
    out->id = db_column_int(stmt, 0);
    out->owner_id = db_column_int(stmt, 1);
    out->owner_name = store_text_at(stmt, 2, arena);
    out->program_id = db_column_int(stmt, 3);
    out->program_name = store_text_at(stmt, 4, arena);
    out->title = store_text_at(stmt, 5, arena);
    out->specific = store_text_at(stmt, 6, arena);
    out->measure = store_text_at(stmt, 7, arena);
    out->baseline = db_column_is_null(stmt, 8) ? 0 : db_column_double(stmt, 8);
    out->target = db_column_is_null(stmt, 9) ? 0 : db_column_double(stmt, 9);
    out->unit = store_text_at(stmt, 10, arena);
    out->target_date = store_text_at(stmt, 11, arena);
    out->priority = db_column_int(stmt, 12);
    out->status = store_text_at(stmt, 13, arena);
    out->visibility = store_text_at(stmt, 14, arena);
    out->created_at = db_column_int(stmt, 15);
    out->updated_at = db_column_int(stmt, 16);
    out->achieved_at = db_column_int(stmt, 17);
    out->has_latest = !db_column_is_null(stmt, 18);
    out->latest_value = out->has_latest ? db_column_double(stmt, 18) : 0;
    out->milestones_total = db_column_int(stmt, 19);
    out->milestones_done = db_column_int(stmt, 20);
}

/* Steps a goal query to the end (its SQL has the LIMIT); count or -1. */
static int read_goals(struct db_stmt *stmt, struct arena *arena, struct goal **out)
{
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_goal, &count);
    return count;
}

static void bind_measures(struct db_stmt *stmt, int baseline_index, const struct goal *goal)
{
    if (!strcmp(goal->measure, "number")) {
        db_bind_double(stmt, baseline_index, goal->baseline);
        db_bind_double(stmt, baseline_index + 1, goal->target);
    } else {
        db_bind_null(stmt, baseline_index);
        db_bind_null(stmt, baseline_index + 1);
    }
}

enum db_result store_goal_insert(struct db *db, const struct goal *goal, int64_t now, int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO goals (owner_id, program_id, title, specific, measure_kind, baseline,"
            " target, unit, target_date, priority, status, visibility, created_at, updated_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, goal->owner_id);
    store_bind_optional_int(stmt, 2, goal->program_id);
    db_bind_text(stmt, 3, goal->title);
    db_bind_text(stmt, 4, goal->specific);
    db_bind_text(stmt, 5, goal->measure);
    bind_measures(stmt, 6, goal);
    db_bind_text(stmt, 8, goal->unit);
    db_bind_text(stmt, 9, goal->target_date);
    db_bind_int(stmt, 10, goal->priority);
    db_bind_text(stmt, 11, goal->status);
    db_bind_text(stmt, 12, goal->visibility);
    db_bind_int(stmt, 13, now);
    return store_run_insert(stmt, id);
}

enum db_result store_goal_update(struct db *db, const struct goal *goal, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE goals SET program_id = $3, title = $4, specific = $5, baseline = $6,"
                       " target = $7, unit = $8, target_date = $9, priority = $10, status = $11,"
                       " visibility = $12, achieved_at = $13, updated_at = $14"
                       " WHERE id = $1 AND owner_id = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, goal->id);
    db_bind_int(stmt, 2, goal->owner_id);
    store_bind_optional_int(stmt, 3, goal->program_id);
    db_bind_text(stmt, 4, goal->title);
    db_bind_text(stmt, 5, goal->specific);
    bind_measures(stmt, 6, goal);
    db_bind_text(stmt, 8, goal->unit);
    db_bind_text(stmt, 9, goal->target_date);
    db_bind_int(stmt, 10, goal->priority);
    db_bind_text(stmt, 11, goal->status);
    db_bind_text(stmt, 12, goal->visibility);
    store_bind_optional_int(stmt, 13, goal->achieved_at);
    db_bind_int(stmt, 14, now);
    return store_run_write(stmt);
}

int store_goal_get(struct db *db, struct arena *arena, int64_t id, int64_t viewer_id,
                   struct goal *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " GOAL_COLUMNS GOAL_FROM " WHERE g.id = $2 AND (g.owner_id = $1"
                       " OR (g.visibility = 'shared' AND " VIEWER_IS_PARTNER "))");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, viewer_id);
    db_bind_int(stmt, 2, id);
    return store_read_one(stmt, arena, read_goal, out);
}

int store_goal_list_owned(struct db *db, struct arena *arena, int64_t owner_id, const char *status,
                          int limit, struct goal **out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT " GOAL_COLUMNS GOAL_FROM " WHERE g.owner_id = $1"
                                          " AND ($2 = '' OR g.status = $2)" GOAL_ORDER " LIMIT $3");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, owner_id);
    db_bind_text(stmt, 2, status ? status : "");
    db_bind_int(stmt, 3, limit);
    return read_goals(stmt, arena, out);
}

int64_t store_goal_count_owned(struct db *db, int64_t owner_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT COUNT(*) FROM goals WHERE owner_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, owner_id);
    int64_t n = store_one_row(stmt) == 1 ? db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return n;
}

int store_goal_list_partners(struct db *db, struct arena *arena, int64_t viewer_id, int limit,
                             struct goal **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " GOAL_COLUMNS GOAL_FROM " WHERE g.owner_id <> $1 AND g.visibility = 'shared'"
            " AND g.status IN ('active', 'achieved')"
            " AND " VIEWER_IS_PARTNER " ORDER BY lower(u.name), g.owner_id, g.status,"
            " g.priority, g.id LIMIT $2");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, viewer_id);
    db_bind_int(stmt, 2, limit);
    return read_goals(stmt, arena, out);
}

int store_goal_list_achieved(struct db *db, struct arena *arena, int64_t viewer_id, int64_t since,
                             int limit, struct goal **out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT " GOAL_COLUMNS GOAL_FROM
                                          " WHERE g.status = 'achieved' AND g.achieved_at >= $2"
                                          " AND (g.owner_id = $1 OR (g.visibility = 'shared'"
                                          " AND " VIEWER_IS_PARTNER "))"
                                          " ORDER BY g.achieved_at DESC, g.id DESC LIMIT $3");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, viewer_id);
    db_bind_int(stmt, 2, since);
    db_bind_int(stmt, 3, limit);
    return read_goals(stmt, arena, out);
}

static void read_milestone(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct goal_milestone *m = record;
    m->id = db_column_int(stmt, 0);
    m->position = db_column_int(stmt, 1);
    m->text = store_text_at(stmt, 2, arena);
    m->done_at = db_column_int(stmt, 3);
    m->removed_at = db_column_int(stmt, 4);
}

int store_goal_milestones(struct db *db, struct arena *arena, int64_t goal_id,
                          struct goal_milestone **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT id, position, text, COALESCE(done_at, 0), COALESCE(removed_at, 0)"
                       " FROM goal_milestones WHERE goal_id = $1 ORDER BY position, id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, goal_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_milestone, &count);
    return count;
}

enum db_result store_goal_milestone_insert(struct db *db, int64_t goal_id, int64_t position,
                                           const char *text)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO goal_milestones (goal_id, position, text) VALUES ($1, $2, $3)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, goal_id);
    db_bind_int(stmt, 2, position);
    db_bind_text(stmt, 3, text);
    return store_run_write(stmt);
}

enum db_result store_goal_milestone_place(struct db *db, int64_t goal_id, int64_t milestone_id,
                                          int64_t position, int64_t removed_at)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE goal_milestones SET position = $3, removed_at = $4"
                       " WHERE goal_id = $1 AND id = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, goal_id);
    db_bind_int(stmt, 2, milestone_id);
    db_bind_int(stmt, 3, position);
    store_bind_optional_int(stmt, 4, removed_at);
    return store_run_write(stmt);
}

enum db_result store_goal_milestone_done(struct db *db, int64_t goal_id, int64_t milestone_id,
                                         int64_t done_at)
{
    struct db_stmt *stmt = db_prepare(db, "UPDATE goal_milestones SET done_at = $3"
                                          " WHERE goal_id = $1 AND id = $2 AND done_at IS NULL");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, goal_id);
    db_bind_int(stmt, 2, milestone_id);
    db_bind_int(stmt, 3, done_at);
    return store_run_write(stmt);
}

enum db_result store_goal_checkin_insert(struct db *db, int64_t goal_id,
                                         const struct goal_checkin *checkin, int64_t now,
                                         int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO goal_checkins (goal_id, on_date, value, milestone_id, note, confidence,"
            " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, goal_id);
    db_bind_text(stmt, 2, checkin->on_date);
    if (checkin->has_value)
        db_bind_double(stmt, 3, checkin->value);
    else
        db_bind_null(stmt, 3);
    store_bind_optional_int(stmt, 4, checkin->milestone_id);
    db_bind_text(stmt, 5, checkin->note);
    db_bind_int(stmt, 6, checkin->confidence);
    db_bind_int(stmt, 7, now);
    return store_run_insert(stmt, id);
}

static void read_checkin(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct goal_checkin *c = record;
    c->id = db_column_int(stmt, 0);
    c->on_date = store_text_at(stmt, 1, arena);
    c->has_value = !db_column_is_null(stmt, 2);
    c->value = c->has_value ? db_column_double(stmt, 2) : 0;
    c->milestone_id = db_column_int(stmt, 3);
    c->milestone_text = store_text_at(stmt, 4, arena);
    c->note = store_text_at(stmt, 5, arena);
    c->confidence = db_column_int(stmt, 6);
    c->created_at = db_column_int(stmt, 7);
}

int store_goal_checkins(struct db *db, struct arena *arena, int64_t goal_id,
                        struct goal_checkin **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT c.id, c.on_date, c.value, COALESCE(c.milestone_id, 0), COALESCE(m.text, ''),"
            " c.note, c.confidence, c.created_at FROM goal_checkins c"
            " LEFT JOIN goal_milestones m ON m.id = c.milestone_id"
            " WHERE c.goal_id = $1 ORDER BY c.on_date, c.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, goal_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_checkin, &count);
    return count;
}

int64_t store_goal_checkin_count(struct db *db, int64_t goal_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT COUNT(*) FROM goal_checkins WHERE goal_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, goal_id);
    int64_t n = store_one_row(stmt) == 1 ? db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return n;
}

enum db_result store_goal_adjustment_insert(struct db *db, int64_t goal_id, int64_t at,
                                            const char *field, const char *old_value,
                                            const char *new_value, const char *reason)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO goal_adjustments (goal_id, at, field, old_value, new_value, reason)"
            " VALUES ($1, $2, $3, $4, $5, $6)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, goal_id);
    db_bind_int(stmt, 2, at);
    db_bind_text(stmt, 3, field);
    db_bind_text(stmt, 4, old_value);
    db_bind_text(stmt, 5, new_value);
    db_bind_text(stmt, 6, reason);
    return store_run_write(stmt);
}

static void read_adjustment(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct goal_adjustment *a = record;
    a->id = db_column_int(stmt, 0);
    a->at = db_column_int(stmt, 1);
    a->field = store_text_at(stmt, 2, arena);
    a->old_value = store_text_at(stmt, 3, arena);
    a->new_value = store_text_at(stmt, 4, arena);
    a->reason = store_text_at(stmt, 5, arena);
}

int store_goal_adjustments(struct db *db, struct arena *arena, int64_t goal_id,
                           struct goal_adjustment **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT id, at, field, old_value, new_value, reason FROM goal_adjustments"
                       " WHERE goal_id = $1 ORDER BY at, id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, goal_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_adjustment, &count);
    return count;
}

static void read_program(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct goal_program *p = record;
    p->id = db_column_int(stmt, 0);
    p->name = store_text_at(stmt, 1, arena);
}

int store_goal_programs(struct db *db, struct arena *arena, int64_t user_id,
                        struct goal_program **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT p.id, p.name FROM programs p JOIN enrollments e ON e.program_id = p.id"
            " WHERE e.user_id = $1 AND e.state IN ('applied', 'accepted', 'waitlisted')"
            " ORDER BY lower(p.name), p.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_program, &count);
    return count;
}

int store_goal_program_enrolled(struct db *db, int64_t program_id, int64_t user_id)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT 1 FROM enrollments WHERE program_id = $1 AND user_id = $2"
                       " AND state IN ('applied', 'accepted', 'waitlisted')");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    int found = store_one_row(stmt);
    db_finish(stmt);
    return found;
}
