/* store/engagement.c — SQL for the engagement metadata; see engagement.h.
 *
 * The SELECT lists name metadata columns only (no location, cancel_reason,
 * body): a query here cannot be the way private text reaches an
 * organizer. */
#include "store/engagement.h"

#include "store/row.h"

static void read_session(struct db_stmt *stmt, struct arena *arena, void *record)
{
    struct engagement_session *e = record;
    *e = (struct engagement_session){
        .starts_at = db_column_int(stmt, 0),
        .status = store_text_at(stmt, 1, arena),
        .cancelled_by = db_column_int(stmt, 2),
        .missed_by = db_column_int(stmt, 3),
    };
}

int store_engagement_sessions(struct db *db, struct arena *arena, int64_t partnership_id,
                              struct engagement_session **out)
{
    struct db_stmt *stmt =
        db_prepare(db, "SELECT starts_at, status, COALESCE(cancelled_by, 0), COALESCE(missed_by, 0)"
                       " FROM sessions WHERE partnership_id = $1 ORDER BY starts_at, id");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int count;
    *out = store_collect(stmt, arena, sizeof **out, read_session, &count);
    return count;
}

int store_engagement_agreement(struct db *db, struct arena *arena, int64_t partnership_id,
                               struct engagement_agreement *out)
{
    /* The current version is the highest; a signature counts only from a
     * member who is still in the partnership. */
    struct db_stmt *stmt = db_prepare(
        db, "SELECT COALESCE(v.cadence, pr.cadence), COALESCE(v.created_at, 0),"
            " COALESCE((SELECT MAX(s.signed_at) FROM agreement_signatures s"
            "   JOIN partnership_members m ON m.user_id = s.user_id AND m.partnership_id = p.id"
            "   WHERE s.version_id = v.id AND m.response <> 'declined' AND m.left_at IS NULL), 0)"
            " FROM partnerships p JOIN programs pr ON pr.id = p.program_id"
            " LEFT JOIN agreement_versions v ON v.partnership_id = p.id AND v.version ="
            "   (SELECT MAX(version) FROM agreement_versions WHERE partnership_id = p.id)"
            " WHERE p.id = $1");
    if (!stmt)
        return -1;
    db_bind_int(stmt, 1, partnership_id);
    int found = store_one_row(stmt);
    if (found == 1) {
        out->cadence = store_text_at(stmt, 0, arena);
        out->version_created_at = db_column_int(stmt, 1);
        out->last_signed_at = db_column_int(stmt, 2);
    }
    db_finish(stmt);
    return found;
}
