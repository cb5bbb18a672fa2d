/* store/reflection.h — SQL for the private journal: reflections, and the
 * sessions a person may reflect on.
 *
 * Every query that reads or changes a reflection takes the author's id
 * and repeats "author_id = $author" in its WHERE clause, the second guard
 * behind access_require_author(). Sessions belong to another area: this
 * file only reads them. Lookups return 1 / 0 / -1, lists their count or
 * -1, writes a db_result. */
#ifndef PEERCOACH_STORE_REFLECTION_H
#define PEERCOACH_STORE_REFLECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct reflection {
    int64_t id, author_id;
    int64_t session_id;        /* 0: not tied to a session */
    int64_t session_starts_at; /* of that session */
    int64_t goal_id;           /* 0: not tied to a goal */
    const char *goal_title;    /* "" when none */
    const char *tag;           /* "", milestone, challenge, breakthrough, insight */
    const char *body;          /* Markdown */
    int64_t created_at, updated_at;
};

/* A session as the journal names it. */
struct reflection_session {
    int64_t id, partnership_id, starts_at;
    const char *status;   /* scheduled, held, cancelled, missed */
    const char *partners; /* the other members' names, ", "-separated */
};

enum db_result store_reflection_insert(struct db *db, const struct reflection *r, int64_t now,
                                       int64_t *id);
/* Writes session, goal, tag and body of r (by r->id and r->author_id). */
enum db_result store_reflection_update(struct db *db, const struct reflection *r, int64_t now);
enum db_result store_reflection_delete(struct db *db, int64_t id, int64_t author_id);
int store_reflection_get(struct db *db, struct arena *arena, int64_t id, int64_t author_id,
                         struct reflection *out);
/* author_id's reflections, newest first, tag "" for all; limit rows from
 * offset. */
int store_reflection_list(struct db *db, struct arena *arena, int64_t author_id, const char *tag,
                          int limit, int offset, struct reflection **out);

/* Sessions of partnerships user_id belongs to (not declined, not left)
 * that started between since and until, newest first, at most limit.
 * held_without_reflection: only held sessions user_id has not yet tied a
 * reflection to; otherwise every session that was not cancelled. */
int store_reflection_sessions(struct db *db, struct arena *arena, int64_t user_id, int64_t since,
                              int64_t until, bool held_without_reflection, int limit,
                              struct reflection_session **out);

#endif
