/* store/agreement.c — SQL for agreement versions and signatures; see
 * agreement.h. */
#include "store/agreement.h"

#include "store/row.h"

#define VERSION_COLUMNS                                                                            \
    "v.id, v.partnership_id, v.version, v.cadence, v.session_minutes, v.location, v.created_by, "  \
    "u.name, v.created_at"
#define VERSION_FROM "FROM agreement_versions v LEFT JOIN users u ON u.id = v.created_by"

/* Reads VERSION_COLUMNS; the body, when asked for, follows them. */
static void read_version(struct db_stmt *stmt, struct arena *arena, bool with_body,
                         struct agreement_version *out)
{
    *out = (struct agreement_version){0};
    out->id = db_column_int(stmt, 0);
    out->partnership_id = db_column_int(stmt, 1);
    out->version = db_column_int(stmt, 2);
    out->cadence = store_text_at(stmt, 3, arena);
    out->session_minutes = db_column_int(stmt, 4);
    out->location = store_text_at(stmt, 5, arena);
    out->created_by = db_column_int(stmt, 6);
    out->created_by_name = store_text_or_null_at(stmt, 7, arena);
    out->created_at = db_column_int(stmt, 8);
    out->body = with_body ? store_text_at(stmt, 9, arena) : NULL;
}

enum db_result store_agreement_insert(struct db *db, int64_t partnership_id, int64_t version,
                                      const char *body, const char *cadence,
                                      int64_t session_minutes, const char *location,
                                      int64_t created_by, int64_t now, int64_t *id)
{
    struct db_stmt *stmt =
        db_prepare(db, "INSERT INTO agreement_versions (partnership_id, version, body, cadence,"
                       " session_minutes, location, created_by, created_at)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, version);
    db_bind_text(stmt, 3, body);
    db_bind_text(stmt, 4, cadence);
    db_bind_int(stmt, 5, session_minutes);
    db_bind_text(stmt, 6, location);
    store_bind_optional_int(stmt, 7, created_by);
    db_bind_int(stmt, 8, now);
    return store_run_insert(stmt, id);
}

int store_agreement_current(struct db *db, struct arena *arena, int64_t partnership_id,
                            struct agreement_version *out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " VERSION_COLUMNS ", v.body " VERSION_FROM
                       " WHERE v.partnership_id = $1 ORDER BY v.version DESC LIMIT 1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int found = store_one_row(stmt);
    if (found == 1)
        read_version(stmt, arena, true, out);
    db_finish(stmt);
    return found;
}

int store_agreement_version(struct db *db, struct arena *arena, int64_t partnership_id,
                            int64_t version, struct agreement_version *out)
{
    struct db_stmt *stmt = db_prepare(db, "SELECT " VERSION_COLUMNS ", v.body " VERSION_FROM
                                          " WHERE v.partnership_id = $1 AND v.version = $2");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    db_bind_int(stmt, 2, version);
    int found = store_one_row(stmt);
    if (found == 1)
        read_version(stmt, arena, true, out);
    db_finish(stmt);
    return found;
}

/* A version as listed: without its body, with its signature count. */
static void read_listed_version(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct agreement_version *v = record;
    read_version(stmt, arena, false, v);
    v->signature_count = (int)db_column_int(stmt, 9);
}

int store_agreement_versions(struct db *db, struct arena *arena, int64_t partnership_id,
                             struct agreement_version **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT " VERSION_COLUMNS ", (SELECT COUNT(*) FROM agreement_signatures s"
                       " WHERE s.version_id = v.id) " VERSION_FROM
                       " WHERE v.partnership_id = $1 ORDER BY v.version DESC");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_listed_version, &count);
    return count;
}

static void read_signature(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct agreement_signature *sig = record;
    sig->user_id = db_column_int(stmt, 0);
    sig->name = store_text_at(stmt, 1, arena);
    sig->signed_at = db_column_int(stmt, 2);
}

int store_agreement_signatures(struct db *db, struct arena *arena, int64_t version_id,
                               struct agreement_signature **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT s.user_id, u.name, s.signed_at FROM agreement_signatures s"
                       " JOIN users u ON u.id = s.user_id WHERE s.version_id = $1"
                       " ORDER BY s.signed_at, s.user_id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, version_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_signature, &count);
    return count;
}

enum db_result store_agreement_sign(struct db *db, int64_t version_id, int64_t user_id, int64_t now)
{
    struct db_stmt *stmt = db_prepare(
        db,
        "INSERT INTO agreement_signatures (version_id, user_id, signed_at) VALUES ($1, $2, $3)");
    if (!stmt)
        return DB_ERROR;
    db_bind_int(stmt, 1, version_id);
    db_bind_int(stmt, 2, user_id);
    db_bind_int(stmt, 3, now);
    return store_run_write(stmt);
}

int store_agreement_in_force(struct db *db, int64_t partnership_id)
{
    /* Counts the current members who have not signed the newest version;
     * in force when there is a version and that count is 0. */
    struct db_stmt *stmt = db_prepare(
        db, "SELECT (SELECT COUNT(*) FROM agreement_versions WHERE partnership_id = $1),"
            " (SELECT COUNT(*) FROM partnership_members m WHERE m.partnership_id = $1"
            "  AND m.response <> 'declined' AND m.left_at IS NULL AND NOT EXISTS ("
            "    SELECT 1 FROM agreement_signatures s JOIN agreement_versions v"
            "    ON v.id = s.version_id WHERE s.user_id = m.user_id AND v.partnership_id = $1"
            "    AND v.version = (SELECT MAX(version) FROM agreement_versions"
            "                     WHERE partnership_id = $1)))");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int found = store_one_row(stmt);
    int in_force = found == 1 ? (db_column_int(stmt, 0) > 0 && db_column_int(stmt, 1) == 0) : -1;
    db_finish(stmt);
    return in_force;
}
