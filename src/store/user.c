/* store/user.c — SQL for users, profiles and login tokens; see user.h.
 *
 * Column lists are kept in the same order everywhere a user or profile is
 * read, so read_user()/read_profile() can fill a record from any of them. */
#include "store/user.h"

#include <string.h>

#include "store/row.h"

#define USER_COLUMNS "u.id, u.email, u.name, u.role, u.is_active, u.created_at"
#define PROFILE_COLUMNS                                                                            \
    "p.job_title, p.department, p.time_zone, p.bio, p.level, p.manager_id, m.name, "               \
    "p.languages, p.availability, p.skills_to_develop, p.skills_to_offer, p.interests, "           \
    "p.updated_at"
#define PROFILE_JOIN "JOIN profiles p ON p.user_id = u.id LEFT JOIN users m ON m.id = p.manager_id"

/* Reads the 6 USER_COLUMNS starting at column first. */
static void read_user(struct db_stmt *stmt, int first, struct arena *arena, struct user *out)
{
    out->id = db_column_int(stmt, first);
    out->email = store_text_at(stmt, first + 1, arena);
    out->name = store_text_at(stmt, first + 2, arena);
    out->role = store_text_at(stmt, first + 3, arena);
    out->is_active = db_column_int(stmt, first + 4) != 0;
    out->created_at = db_column_int(stmt, first + 5);
}

/* Reads the 13 PROFILE_COLUMNS starting at column first. */
static void read_profile(struct db_stmt *stmt, int first, struct arena *arena, struct profile *out)
{
    out->job_title = store_text_at(stmt, first, arena);
    out->department = store_text_at(stmt, first + 1, arena);
    out->time_zone = store_text_at(stmt, first + 2, arena);
    out->bio = store_text_at(stmt, first + 3, arena);
    out->has_level = !db_column_is_null(stmt, first + 4);
    out->level = db_column_int(stmt, first + 4);
    out->manager_id = db_column_int(stmt, first + 5);
    out->manager_name = store_text_or_null_at(stmt, first + 6, arena);
    out->languages = store_text_at(stmt, first + 7, arena);
    out->availability = store_text_at(stmt, first + 8, arena);
    out->skills_to_develop = store_text_at(stmt, first + 9, arena);
    out->skills_to_offer = store_text_at(stmt, first + 10, arena);
    out->interests = store_text_at(stmt, first + 11, arena);
    out->updated_at = db_column_int(stmt, first + 12);
}

int64_t store_user_count(struct db *db)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT COUNT(*) FROM users");
    int64_t n = store_one_row(stmt) == 1 ? db_column_int(stmt, 0) : -1;
    db_finish(stmt);
    return n;
}

enum db_result store_user_insert(struct db *db, const char *email, const char *name,
                                 const char *password_hash, const char *role, int64_t now,
                                 int64_t *id)
{
    struct db_stmt *stmt = db_prepare(db, "INSERT INTO users (email, name, password_hash, role, "
                                          "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) "
                                          "RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, email);
    db_bind_text(stmt, 2, name);
    db_bind_text(stmt, 3, password_hash);
    db_bind_text(stmt, 4, role);
    db_bind_int(stmt, 5, now);
    enum db_result r = db_step(stmt);
    if (r == DB_ROW)
        *id = db_column_int(stmt, 0);
    db_finish(stmt);
    if (r != DB_ROW)
        return r;
    stmt = db_prepare(db, "INSERT INTO profiles (user_id, updated_at) VALUES ($1, $2)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, *id);
    db_bind_int(stmt, 2, now);
    return store_run_write(stmt);
}

int store_user_by_id(struct db *db, struct arena *arena, int64_t id, struct user *out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, id);
    int found = store_one_row(stmt);
    if (found == 1)
        read_user(stmt, 0, arena, out);
    db_finish(stmt);
    return found;
}

int store_user_by_email(struct db *db, struct arena *arena, const char *email, struct user *out,
                        const char **password_hash)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.email = $1");
    if (!stmt)
        return -1;
    db_bind_text(stmt, 1, email);
    int found = store_one_row(stmt);
    if (found == 1) {
        read_user(stmt, 0, arena, out);
        *password_hash = store_text_at(stmt, 6, arena);
    }
    db_finish(stmt);
    return found;
}

int store_user_password_hash(struct db *db, struct arena *arena, int64_t id, const char **hash)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT password_hash FROM users WHERE id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, id);
    int found = store_one_row(stmt);
    if (found == 1)
        *hash = store_text_at(stmt, 0, arena);
    db_finish(stmt);
    return found;
}

enum db_result store_user_set_password(struct db *db, int64_t id, const char *hash, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, id);
    db_bind_text(stmt, 2, hash);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

enum db_result store_user_set_active(struct db *db, int64_t id, bool active, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE users SET is_active = $2, updated_at = $3 WHERE id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, id);
    db_bind_int(stmt, 2, active ? 1 : 0);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

enum db_result store_user_set_role(struct db *db, int64_t id, const char *role, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE users SET role = $2, updated_at = $3 WHERE id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, id);
    db_bind_text(stmt, 2, role);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

enum db_result store_user_set_name(struct db *db, int64_t id, const char *name, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE users SET name = $2, updated_at = $3 WHERE id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, id);
    db_bind_text(stmt, 2, name);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

/* LIKE pattern for a case-insensitive substring search: lower-cased (ASCII,
 * as SQL lower() is on SQLite) with % _ and \ escaped. */
static char *like_pattern(struct arena *arena, const char *query)
{
    size_t n = strlen(query);
    char *pattern = arena_alloc(arena, 2 * n + 3), *p = pattern;
    *p++ = '%';
    for (const char *q = query; *q; q++) {
        char c = *q;
        if (c == '%' || c == '_' || c == '\\')
            *p++ = '\\';
        *p++ = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    *p++ = '%';
    *p = '\0';
    return pattern;
}

int store_people_search(struct db *db, struct arena *arena, const char *query, int limit,
                        int offset, struct person **out)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " USER_COLUMNS ", " PROFILE_COLUMNS " FROM users u " PROFILE_JOIN
            " WHERE $1 = '' OR lower(u.name) LIKE $2 ESCAPE '\\' OR u.email LIKE $2 ESCAPE '\\'"
            " OR lower(p.department) LIKE $2 ESCAPE '\\' OR lower(p.job_title) LIKE $2 ESCAPE '\\'"
            " ORDER BY lower(u.name), u.id LIMIT $3 OFFSET $4");
    if (!stmt)
        return -1;
    db_bind_text(stmt, 1, query);
    db_bind_text(stmt, 2, like_pattern(arena, query));
    db_bind_int(stmt, 3, limit);
    db_bind_int(stmt, 4, offset);
    struct person *people = arena_alloc(arena, sizeof *people * (size_t)(limit > 0 ? limit : 1));
    int n = 0;
    enum db_result r = DB_DONE;
    while (n < limit && (r = db_step(stmt)) == DB_ROW) {
        read_user(stmt, 0, arena, &people[n].user);
        read_profile(stmt, 6, arena, &people[n].profile);
        n++;
    }
    db_finish(stmt);
    if (n < limit && r == DB_ERROR)
        return -1;
    *out = people;
    return n;
}

int store_profile_get(struct db *db, struct arena *arena, int64_t user_id, struct profile *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " PROFILE_COLUMNS " FROM profiles p LEFT JOIN users m"
                       " ON m.id = p.manager_id WHERE p.user_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int found = store_one_row(stmt);
    if (found == 1)
        read_profile(stmt, 0, arena, out);
    db_finish(stmt);
    return found;
}

enum db_result store_profile_save(struct db *db, int64_t user_id, const struct profile *p,
                                  int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db, "UPDATE profiles SET job_title = $2, department = $3, time_zone = $4, bio = $5,"
            " level = $6, manager_id = $7, languages = $8, availability = $9,"
            " skills_to_develop = $10, skills_to_offer = $11, interests = $12, updated_at = $13"
            " WHERE user_id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, user_id);
    db_bind_text(stmt, 2, p->job_title);
    db_bind_text(stmt, 3, p->department);
    db_bind_text(stmt, 4, p->time_zone);
    db_bind_text(stmt, 5, p->bio);
    if (p->has_level)
        db_bind_int(stmt, 6, p->level);
    else
        db_bind_null(stmt, 6);
    store_bind_optional_int(stmt, 7, p->manager_id);
    db_bind_text(stmt, 8, p->languages);
    db_bind_text(stmt, 9, p->availability);
    db_bind_text(stmt, 10, p->skills_to_develop);
    db_bind_text(stmt, 11, p->skills_to_offer);
    db_bind_text(stmt, 12, p->interests);
    db_bind_int(stmt, 13, now);
    return store_run_write(stmt);
}

enum db_result store_profile_set_manager(struct db *db, int64_t user_id, int64_t manager_id,
                                         int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE profiles SET manager_id = $2, updated_at = $3 WHERE user_id = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, user_id);
    store_bind_optional_int(stmt, 2, manager_id);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

int64_t store_manager_of(struct db *db, int64_t user_id)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT manager_id FROM profiles WHERE user_id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, user_id);
    int found = store_one_row(stmt);
    int64_t manager = found == 1 ? db_column_int(stmt, 0) : found == 0 ? 0 : -1;
    db_finish(stmt);
    return manager;
}

enum db_result store_login_token_insert(struct db *db, const char *token_hash, int64_t user_id,
                                        int64_t now)
{
    struct db_stmt *stmt = db_prepare(db, "INSERT INTO login_tokens (token_hash, user_id,"
                                          " created_at, last_seen_at) VALUES ($1, $2, $3, $3)");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, token_hash);
    db_bind_int(stmt, 2, user_id);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

int store_login_token_user(struct db *db, struct arena *arena, const char *token_hash,
                           struct user *out, int64_t *created_at, int64_t *last_seen_at)
{
    struct db_stmt *stmt = db_prepare(
        db, "SELECT " USER_COLUMNS ", t.created_at, t.last_seen_at FROM login_tokens t"
            " JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND u.is_active = 1");
    if (!stmt)
        return -1;
    db_bind_text(stmt, 1, token_hash);
    int found = store_one_row(stmt);
    if (found == 1) {
        read_user(stmt, 0, arena, out);
        *created_at = db_column_int(stmt, 6);
        *last_seen_at = db_column_int(stmt, 7);
    }
    db_finish(stmt);
    return found;
}

enum db_result store_login_token_touch(struct db *db, const char *token_hash, int64_t now)
{
    struct db_stmt *stmt =
        db_prepare(db, "UPDATE login_tokens SET last_seen_at = $2 WHERE token_hash = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, token_hash);
    db_bind_int(stmt, 2, now);
    return store_run_write(stmt);
}

enum db_result store_login_token_delete(struct db *db, const char *token_hash)
{
    struct db_stmt *stmt = db_prepare(db, "DELETE FROM login_tokens WHERE token_hash = $1");
    if (!stmt)
        return DB_ERROR;
    db_bind_text(stmt, 1, token_hash);
    return store_run_write(stmt);
}

enum db_result store_login_token_delete_for_user(struct db *db, int64_t user_id,
                                                 const char *keep_hash)
{
    struct db_stmt *stmt =
        db_prepare(db, "DELETE FROM login_tokens WHERE user_id = $1 AND token_hash <> $2");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, user_id);
    db_bind_text(stmt, 2, keep_hash ? keep_hash : "");
    return store_run_write(stmt);
}
