/* store/matching.c — SQL for matching rules, the pool and runs; see
 * matching.h.
 *
 * A run is read with four queries (the run, its groups, their members,
 * its unmatched people) plus its history, stitched together in C, so a
 * preview of any size costs five queries. Changing a run's groups
 * replaces them all: edits are rare and a run holds at most a program's
 * pool, and one shape of write is easier to keep right than many. */
#include "store/matching.h"

#include <string.h>

#include "store/row.h"

#define RUN_COLUMNS                                                                                \
    "r.id, r.program_id, g.name, r.state, r.round, r.seed, r.version, r.rules, r.notes,"           \
    " r.people_count, r.total_score, COALESCE(r.created_by, 0), COALESCE(c.name, ''),"             \
    " r.created_at, r.updated_at, COALESCE(r.published_by, 0), COALESCE(r.published_at, 0),"       \
    " g.group_size"
#define RUN_FROM                                                                                   \
    "FROM matching_runs r JOIN programs g ON g.id = r.program_id"                                  \
    " LEFT JOIN users c ON c.id = r.created_by"

/* --- rules ---------------------------------------------------------------- */

int store_matching_rules_get(struct db *db, struct arena *arena, int64_t program_id,
                             struct matching_rules *out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT weight_complement, weight_similarity, weight_level, weight_department,"
            " weight_timezone, weight_availability, weight_request, min_overlap_minutes,"
            " avoid_recent_rounds, max_level_gap, require_shared_language, department_mode,"
            " odd_person, updated_at FROM matching_rules WHERE program_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int found = store_one_row(stmt);
    if (found == 1) {
        for (int i = 0; i < STORE_MATCHING_WEIGHTS; i++)
            out->weights[i] = db_column_int(stmt, i);
        out->min_overlap_minutes = db_column_int(stmt, 7);
        out->avoid_recent_rounds = db_column_int(stmt, 8);
        out->max_level_gap = db_column_int(stmt, 9);
        out->require_shared_language = db_column_int(stmt, 10) != 0;
        out->department_mode = store_text_at(stmt, 11, arena);
        out->odd_person = store_text_at(stmt, 12, arena);
        out->updated_at = db_column_int(stmt, 13);
    }
    db_finish(stmt);
    return found;
}

enum db_result store_matching_rules_save(struct db *db, int64_t program_id,
                                         const struct matching_rules *rules, int64_t updated_by,
                                         int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO matching_rules (program_id, weight_complement, weight_similarity,"
            " weight_level, weight_department, weight_timezone, weight_availability,"
            " weight_request, min_overlap_minutes, avoid_recent_rounds, max_level_gap,"
            " require_shared_language, department_mode, odd_person, updated_by, updated_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
            " ON CONFLICT (program_id) DO UPDATE SET"
            " weight_complement = excluded.weight_complement,"
            " weight_similarity = excluded.weight_similarity,"
            " weight_level = excluded.weight_level,"
            " weight_department = excluded.weight_department,"
            " weight_timezone = excluded.weight_timezone,"
            " weight_availability = excluded.weight_availability,"
            " weight_request = excluded.weight_request,"
            " min_overlap_minutes = excluded.min_overlap_minutes,"
            " avoid_recent_rounds = excluded.avoid_recent_rounds,"
            " max_level_gap = excluded.max_level_gap,"
            " require_shared_language = excluded.require_shared_language,"
            " department_mode = excluded.department_mode, odd_person = excluded.odd_person,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, program_id);
    for (int i = 0; i < STORE_MATCHING_WEIGHTS; i++)
        db_bind_int(stmt, 2 + i, rules->weights[i]);
    db_bind_int(stmt, 9, rules->min_overlap_minutes);
    db_bind_int(stmt, 10, rules->avoid_recent_rounds);
    db_bind_int(stmt, 11, rules->max_level_gap);
    db_bind_int(stmt, 12, rules->require_shared_language ? 1 : 0);
    db_bind_text(stmt, 13, rules->department_mode);
    db_bind_text(stmt, 14, rules->odd_person);
    store_bind_optional_int(stmt, 15, updated_by);
    db_bind_int(stmt, 16, now);
    return store_run_write(stmt);
}

/* --- the pool --------------------------------------------------------------- */

static void read_profile(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct matching_profile *m = record;
    *m = (struct matching_profile){0};
    m->user_id = db_column_int(stmt, 0);
    m->name = store_text_at(stmt, 1, arena);
    struct profile *p = &m->profile;
    p->job_title = store_text_at(stmt, 2, arena);
    p->department = store_text_at(stmt, 3, arena);
    p->time_zone = store_text_at(stmt, 4, arena);
    p->bio = "";
    p->has_level = !db_column_is_null(stmt, 5);
    p->level = db_column_int(stmt, 5);
    p->manager_id = db_column_int(stmt, 6);
    p->languages = store_text_at(stmt, 7, arena);
    p->availability = store_text_at(stmt, 8, arena);
    p->skills_to_develop = store_text_at(stmt, 9, arena);
    p->skills_to_offer = store_text_at(stmt, 10, arena);
    p->interests = store_text_at(stmt, 11, arena);
    p->updated_at = db_column_int(stmt, 12);
}

int store_matching_profiles(struct db *db, struct arena *arena, int64_t program_id,
                            struct matching_profile **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT u.id, u.name, p.job_title, p.department, p.time_zone, p.level,"
            " COALESCE(p.manager_id, 0), p.languages, p.availability, p.skills_to_develop,"
            " p.skills_to_offer, p.interests, p.updated_at FROM enrollments e"
            " JOIN users u ON u.id = e.user_id JOIN profiles p ON p.user_id = u.id"
            " WHERE e.program_id = $1 AND e.state = 'accepted' AND u.is_active = 1"
            " ORDER BY u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_profile, &count);
    return count;
}

static void read_reporting_line(struct db_stmt *stmt, struct arena *arena, void *record)
{
    (void)arena;
    struct matching_reporting_line *line = record;
    line->user_id = db_column_int(stmt, 0);
    line->manager_id = db_column_int(stmt, 1);
}

int store_matching_reporting_lines(struct db *db, struct arena *arena,
                                   struct matching_reporting_line **out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT user_id, manager_id FROM profiles"
                                          " WHERE manager_id IS NOT NULL ORDER BY user_id");
    if (!stmt)
        return -1;
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_reporting_line, &count);
    return count;
}

static void read_past_pair(struct db_stmt *stmt, struct arena *arena, void *record)
{
    (void)arena;
    struct matching_past_pair *pair = record;
    pair->user_id = db_column_int(stmt, 0);
    pair->peer_id = db_column_int(stmt, 1);
    pair->round = db_column_int(stmt, 2);
}

int store_matching_past_pairs(struct db *db, struct arena *arena, int64_t program_id,
                              struct matching_past_pair **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT a.user_id, b.user_id, p.round FROM partnerships p"
            " JOIN partnership_members a ON a.partnership_id = p.id"
            " JOIN partnership_members b ON b.partnership_id = p.id AND b.user_id <> a.user_id"
            " WHERE p.program_id = $1 ORDER BY a.user_id, b.user_id, p.round");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_past_pair, &count);
    return count;
}

int64_t store_matching_last_round(struct db *db, int64_t program_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT COALESCE(MAX(round), 0) FROM matching_runs"
                                          " WHERE program_id = $1 AND state = 'published'");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int64_t round = store_one_row(stmt) == 1 ? db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return round;
}

/* --- runs ------------------------------------------------------------------- */

enum db_result store_matching_run_insert(struct db *db, const struct matching_run *run, int64_t now,
                                         int64_t *id)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO matching_runs (program_id, round, seed, rules, notes, people_count,"
            " total_score, created_by, created_at, updated_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run->program_id);
    db_bind_int(stmt, 2, run->round);
    db_bind_int(stmt, 3, run->seed);
    db_bind_text(stmt, 4, run->rules);
    db_bind_text(stmt, 5, run->notes);
    db_bind_int(stmt, 6, run->people_count);
    db_bind_int(stmt, 7, run->total_score);
    store_bind_optional_int(stmt, 8, run->created_by);
    db_bind_int(stmt, 9, now);
    enum db_result r = db_step(stmt);
    if (r == DB_ROW)
        *id = db_column_int(stmt, 0);
    db_finish(stmt);
    return r == DB_ROW ? DB_DONE : r == DB_DONE ? DB_ERROR : r;
}

static enum db_result delete_for_run(struct db *db, const char *sql, int64_t run_id)
{
    struct db_stmt *stmt = db_prepare(db, sql);
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run_id);
    return store_run_write(stmt);
}

static enum db_result insert_group(struct db *db, int64_t run_id, const struct matching_group *g)
{
    struct db_stmt *stmt = db_prepare(
        db, "INSERT INTO matching_groups (run_id, number, score, explanation, factors, is_locked,"
            " is_manual, breaks_constraints, partnership_id)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run_id);
    db_bind_int(stmt, 2, g->number);
    db_bind_int(stmt, 3, g->score);
    db_bind_text(stmt, 4, g->explanation);
    db_bind_text(stmt, 5, g->factors);
    db_bind_int(stmt, 6, g->is_locked ? 1 : 0);
    db_bind_int(stmt, 7, g->is_manual ? 1 : 0);
    db_bind_int(stmt, 8, g->breaks_constraints ? 1 : 0);
    store_bind_optional_int(stmt, 9, g->partnership_id);
    enum db_result r = store_run_write(stmt);
    for (int i = 0; r == DB_DONE && i < g->member_count; i++) {
        stmt = db_prepare(db, "INSERT INTO matching_group_members (run_id, group_number, user_id)"
                              " VALUES ($1, $2, $3)");
        if (!stmt)
            return DB_ERROR;
        db_bind_int(stmt, 1, run_id);
        db_bind_int(stmt, 2, g->number);
        db_bind_int(stmt, 3, g->members[i].user_id);
        r = store_run_write(stmt);
    }
    return r;
}

static enum db_result insert_unmatched(struct db *db, int64_t run_id,
                                       const struct matching_unmatched *u)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO matching_unmatched (run_id, user_id, reason, explanation,"
                       " compatible_count) VALUES ($1, $2, $3, $4, $5)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run_id);
    db_bind_int(stmt, 2, u->user_id);
    db_bind_text(stmt, 3, u->reason);
    db_bind_text(stmt, 4, u->explanation);
    db_bind_int(stmt, 5, u->compatible_count);
    return store_run_write(stmt);
}

enum db_result store_matching_run_replace(struct db *db, int64_t run_id,
                                          const struct matching_group *groups, int group_count,
                                          const struct matching_unmatched *unmatched,
                                          int unmatched_count)
{
    enum db_result r =
        delete_for_run(db, "DELETE FROM matching_group_members WHERE run_id = $1", run_id);
    if (r == DB_DONE)
        r = delete_for_run(db, "DELETE FROM matching_groups WHERE run_id = $1", run_id);
    if (r == DB_DONE)
        r = delete_for_run(db, "DELETE FROM matching_unmatched WHERE run_id = $1", run_id);
    for (int i = 0; r == DB_DONE && i < group_count; i++)
        r = insert_group(db, run_id, &groups[i]);
    for (int i = 0; r == DB_DONE && i < unmatched_count; i++)
        r = insert_unmatched(db, run_id, &unmatched[i]);
    return r;
}

enum db_result store_matching_run_update(struct db *db, const struct matching_run *run, int64_t now,
                                         bool *changed)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE matching_runs SET seed = $3, rules = $4, notes = $5, people_count = $6,"
            " total_score = $7, version = version + 1, updated_at = $8"
            " WHERE id = $1 AND version = $2 AND state = 'draft'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run->id);
    db_bind_int(stmt, 2, run->version);
    db_bind_int(stmt, 3, run->seed);
    db_bind_text(stmt, 4, run->rules);
    db_bind_text(stmt, 5, run->notes);
    db_bind_int(stmt, 6, run->people_count);
    db_bind_int(stmt, 7, run->total_score);
    db_bind_int(stmt, 8, now);
    enum db_result r = store_run_write(stmt);
    *changed = r == DB_DONE && db_changes(db) == 1;
    return r;
}

int store_matching_run_program(struct db *db, int64_t run_id, int64_t *program_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT program_id FROM matching_runs WHERE id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, run_id);
    int found = store_one_row(stmt);
    if (found == 1)
        *program_id = db_column_int(stmt, 0);
    db_finish(stmt);
    return found;
}

/* Reads the RUN_COLUMNS of the current row. */
static void read_run(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct matching_run *out = record;
    *out = (struct matching_run){0};
    out->id = db_column_int(stmt, 0);
    out->program_id = db_column_int(stmt, 1);
    out->program_name = store_text_at(stmt, 2, arena);
    out->state = store_text_at(stmt, 3, arena);
    out->round = db_column_int(stmt, 4);
    out->seed = db_column_int(stmt, 5);
    out->version = db_column_int(stmt, 6);
    out->rules = store_text_at(stmt, 7, arena);
    out->notes = store_text_at(stmt, 8, arena);
    out->people_count = db_column_int(stmt, 9);
    out->total_score = db_column_int(stmt, 10);
    out->created_by = db_column_int(stmt, 11);
    out->created_by_name = store_text_at(stmt, 12, arena);
    out->created_at = db_column_int(stmt, 13);
    out->updated_at = db_column_int(stmt, 14);
    out->published_by = db_column_int(stmt, 15);
    out->published_at = db_column_int(stmt, 16);
    out->group_size = db_column_int(stmt, 17);
}

static void read_group(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct matching_group *g = record;
    *g = (struct matching_group){0};
    g->number = db_column_int(stmt, 0);
    g->score = db_column_int(stmt, 1);
    g->explanation = store_text_at(stmt, 2, arena);
    g->factors = store_text_at(stmt, 3, arena);
    g->is_locked = db_column_int(stmt, 4) != 0;
    g->is_manual = db_column_int(stmt, 5) != 0;
    g->breaks_constraints = db_column_int(stmt, 6) != 0;
    g->partnership_id = db_column_int(stmt, 7);
}

static int read_groups(struct db *db, struct arena *arena, struct matching_run *run)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT number, score, explanation, factors, is_locked, is_manual,"
                       " breaks_constraints, COALESCE(partnership_id, 0) FROM matching_groups"
                       " WHERE run_id = $1 ORDER BY number");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, run->id);
    int count;
    run->groups = store_collect(stmt, arena, sizeof *run->groups, read_group, &count);
    if (count < 0)
        return -1;
    run->group_count = count;
    return 0;
}

/* Members come ordered by group number, as the groups do: one pass hands
 * each group its slice. */
static int read_members(struct db *db, struct arena *arena, struct matching_run *run)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT m.group_number, m.user_id, u.name FROM matching_group_members m"
                       " JOIN users u ON u.id = m.user_id WHERE m.run_id = $1"
                       " ORDER BY m.group_number, lower(u.name), u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, run->id);
    struct matching_member *all = NULL;
    int64_t *numbers = NULL;
    int n = 0, cap = 0, number_cap = 0;
    enum db_result r;
    while ((r = db_step(stmt)) == DB_ROW) {
        numbers = store_grow(arena, numbers, n, &number_cap, sizeof *numbers);
        all = store_grow(arena, all, n, &cap, sizeof *all);
        numbers[n] = db_column_int(stmt, 0);
        all[n].user_id = db_column_int(stmt, 1);
        all[n].name = store_text_at(stmt, 2, arena);
        n++;
    }
    db_finish(stmt);
    if (r != DB_DONE)
        return -1;
    int at = 0;
    for (int g = 0; g < run->group_count; g++) {
        struct matching_group *group = &run->groups[g];
        while (at < n && numbers[at] < group->number)
            at++;
        group->members = all ? all + at : NULL;
        while (at < n && numbers[at] == group->number) {
            group->member_count++;
            at++;
        }
    }
    return 0;
}

static void read_unmatched_row(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct matching_unmatched *u = record;
    u->user_id = db_column_int(stmt, 0);
    u->name = store_text_at(stmt, 1, arena);
    u->reason = store_text_at(stmt, 2, arena);
    u->explanation = store_text_at(stmt, 3, arena);
    u->compatible_count = db_column_int(stmt, 4);
}

static int read_unmatched(struct db *db, struct arena *arena, struct matching_run *run)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT x.user_id, u.name, x.reason, x.explanation, x.compatible_count"
            " FROM matching_unmatched x JOIN users u ON u.id = x.user_id WHERE x.run_id = $1"
            " ORDER BY lower(u.name), u.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, run->id);
    int count;
    run->unmatched = store_collect(stmt, arena, sizeof *run->unmatched, read_unmatched_row, &count);
    if (count < 0)
        return -1;
    run->unmatched_count = count;
    return 0;
}

static void read_edit(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct matching_edit *e = record;
    e->id = db_column_int(stmt, 0);
    e->at = db_column_int(stmt, 1);
    e->actor_id = db_column_int(stmt, 2);
    e->actor_name = store_text_at(stmt, 3, arena);
    e->action = store_text_at(stmt, 4, arena);
    e->detail = store_text_at(stmt, 5, arena);
    e->reason = store_text_at(stmt, 6, arena);
}

static int read_edits(struct db *db, struct arena *arena, struct matching_run *run)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT e.id, e.at, COALESCE(e.actor_id, 0), COALESCE(u.name, ''), e.action,"
            " e.detail, e.reason FROM matching_edits e LEFT JOIN users u ON u.id = e.actor_id"
            " WHERE e.run_id = $1 ORDER BY e.id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, run->id);
    int count;
    run->edits = store_collect(stmt, arena, sizeof *run->edits, read_edit, &count);
    if (count < 0)
        return -1;
    run->edit_count = count;
    return 0;
}

int store_matching_run_get(struct db *db, struct arena *arena, int64_t run_id, int64_t viewer_id,
                           bool is_admin, struct matching_run *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " RUN_COLUMNS " " RUN_FROM " WHERE r.id = $1 AND ($3 = 1 OR EXISTS"
                       " (SELECT 1 FROM program_organizers o WHERE o.program_id = r.program_id"
                       " AND o.user_id = $2))");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, run_id);
    db_bind_int(stmt, 2, viewer_id);
    db_bind_int(stmt, 3, is_admin ? 1 : 0);
    int found = store_read_one(stmt, arena, read_run, out);
    if (found != 1)
        return found;
    if (read_groups(db, arena, out) != 0 || read_members(db, arena, out) != 0 ||
        read_unmatched(db, arena, out) != 0 || read_edits(db, arena, out) != 0)
        return -1;
    return 1;
}

/* A run as listed: RUN_COLUMNS and its group and unmatched counts. */
static void read_listed_run(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct matching_run *run = record;
    read_run(stmt, arena, run);
    run->group_count = (int)db_column_int(stmt, 18);
    run->unmatched_count = (int)db_column_int(stmt, 19);
}

int store_matching_run_list(struct db *db, struct arena *arena, int64_t program_id,
                            struct matching_run **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " RUN_COLUMNS ","
            " (SELECT COUNT(*) FROM matching_groups x WHERE x.run_id = r.id),"
            " (SELECT COUNT(*) FROM matching_unmatched x WHERE x.run_id = r.id) " RUN_FROM
            " WHERE r.program_id = $1 ORDER BY r.id DESC");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_listed_run, &count);
    return count;
}

enum db_result store_matching_group_set_lock(struct db *db, int64_t run_id, int64_t number,
                                             bool is_locked)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE matching_groups SET is_locked = $3 WHERE run_id = $1 AND number = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run_id);
    db_bind_int(stmt, 2, number);
    db_bind_int(stmt, 3, is_locked ? 1 : 0);
    return store_run_write(stmt);
}

enum db_result store_matching_group_set_partnership(struct db *db, int64_t run_id, int64_t number,
                                                    int64_t partnership_id)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE matching_groups SET partnership_id = $3 WHERE run_id = $1 AND number = $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run_id);
    db_bind_int(stmt, 2, number);
    db_bind_int(stmt, 3, partnership_id);
    return store_run_write(stmt);
}

enum db_result store_matching_run_publish(struct db *db, int64_t run_id, int64_t version,
                                          int64_t published_by, int64_t now, bool *changed)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE matching_runs SET state = 'published', published_by = $3, published_at = $4,"
            " updated_at = $4, version = version + 1"
            " WHERE id = $1 AND version = $2 AND state = 'draft'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run_id);
    db_bind_int(stmt, 2, version);
    store_bind_optional_int(stmt, 3, published_by);
    db_bind_int(stmt, 4, now);
    enum db_result r = store_run_write(stmt);
    *changed = r == DB_DONE && db_changes(db) == 1;
    return r;
}

enum db_result store_matching_runs_supersede(struct db *db, int64_t program_id, int64_t except_id,
                                             int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE matching_runs SET state = 'superseded', updated_at = $3,"
            " version = version + 1 WHERE program_id = $1 AND id <> $2 AND state = 'draft'");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, except_id);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

enum db_result store_matching_edit_add(struct db *db, int64_t run_id, int64_t now, int64_t actor_id,
                                       const char *action, const char *detail, const char *reason)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO matching_edits (run_id, at, actor_id, action, detail, reason)"
                       " VALUES ($1, $2, $3, $4, $5, $6)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, run_id);
    db_bind_int(stmt, 2, now);
    store_bind_optional_int(stmt, 3, actor_id);
    db_bind_text(stmt, 4, action);
    db_bind_text(stmt, 5, detail);
    db_bind_text(stmt, 6, reason ? reason : "");
    return store_run_write(stmt);
}

/* --- pairing preferences ------------------------------------------------------ */

static void read_preference(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct matching_preference *preference = record;
    preference->kind = store_text_at(stmt, 0, arena);
    preference->email = store_text_at(stmt, 1, arena);
    preference->email_key = store_text_at(stmt, 2, arena);
}

int store_matching_preferences_of(struct db *db, struct arena *arena, int64_t program_id,
                                  int64_t user_id, struct matching_preference **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT p.kind, p.email, p.email_key FROM matching_preferences p"
                       " JOIN enrollments e ON e.program_id = p.program_id"
                       " AND e.user_id = p.user_id"
                       " AND e.state IN ('applied', 'accepted', 'waitlisted')"
                       " WHERE p.program_id = $1 AND p.user_id = $2"
                       " ORDER BY p.kind DESC, p.position");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_preference, &count);
    return count;
}

enum db_result store_matching_preferences_replace(struct db *db, int64_t program_id,
                                                  int64_t user_id,
                                                  const struct matching_preference *items, int n,
                                                  int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "DELETE FROM matching_preferences WHERE program_id = $1 AND user_id = $2");
    if (stmt) {
        db_bind_int(stmt, 1, program_id);
        db_bind_int(stmt, 2, user_id);
    }
    enum db_result r = store_run_write(stmt);
    for (int i = 0; i < n && r == DB_DONE; i++) {
        stmt = db_prepare(db, "INSERT INTO matching_preferences"
                              " (program_id, user_id, kind, position, email, email_key, updated_at)"
                              " VALUES ($1, $2, $3, $4, $5, $6, $7)");
        if (stmt) {
            db_bind_int(stmt, 1, program_id);
            db_bind_int(stmt, 2, user_id);
            db_bind_text(stmt, 3, items[i].kind);
            db_bind_int(stmt, 4, i + 1);
            db_bind_text(stmt, 5, items[i].email);
            db_bind_text(stmt, 6, items[i].email_key);
            db_bind_int(stmt, 7, now);
        }
        r = store_run_write(stmt);
    }
    return r;
}

static void read_preference_link(struct db_stmt *stmt, struct arena *arena, void *record)
{
    (void)arena;
    struct matching_preference_link *link = record;
    link->user_id = db_column_int(stmt, 0);
    link->peer_id = db_column_int(stmt, 1);
    link->is_never = !strcmp(db_column_text(stmt, 2), "never");
}

int store_matching_preference_links(struct db *db, struct arena *arena, int64_t program_id,
                                    struct matching_preference_link **out)
{
    /* Both sides must be accepted in the program: an email naming anyone
     * else resolves to nobody, exactly as an unknown one does. */
    struct db_stmt *stmt = db_prepare(
        db, "SELECT DISTINCT p.user_id, u.id, p.kind FROM matching_preferences p"
            " JOIN enrollments mine ON mine.program_id = p.program_id"
            " AND mine.user_id = p.user_id AND mine.state = 'accepted'"
            " JOIN users u ON u.email = p.email_key"
            " JOIN enrollments theirs ON theirs.program_id = p.program_id"
            " AND theirs.user_id = u.id AND theirs.state = 'accepted'"
            " WHERE p.program_id = $1 AND u.id <> p.user_id ORDER BY p.user_id, u.id, p.kind");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, program_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_preference_link, &count);
    return count;
}
