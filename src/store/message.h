/* store/message.h — SQL for a partnership's message thread and how far
 * each member has read it.
 *
 * A message without an author (author_id 0 here, NULL in the table) is a
 * neutral system line written by peercoach itself. Reading position is the
 * id of the newest message a member has seen, so the unread count is a
 * range count on the (partnership_id, id) index. Lists return a count or
 * -1, writes a db_result. */
#ifndef PEERCOACH_STORE_MESSAGE_H
#define PEERCOACH_STORE_MESSAGE_H

#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct message {
    int64_t id, partnership_id;
    int64_t author_id;       /* 0: a system line */
    const char *author_name; /* NULL for a system line */
    const char *body;        /* Markdown (system lines: our own plain text) */
    int64_t created_at;
};

struct message_unread {
    int64_t partnership_id;
    int64_t unread;
};

/* author_id 0 writes a system line. */
enum db_result store_message_insert(struct db *db, int64_t partnership_id, int64_t author_id,
                                    const char *body, int64_t now, int64_t *id);
/* Up to limit messages with id < before (0: from the newest), newest first. */
int store_message_list(struct db *db, struct arena *arena, int64_t partnership_id, int64_t before,
                       int limit, struct message **out);
/* Moves user_id's reading position forward to last_id (never back). */
enum db_result store_message_mark_read(struct db *db, int64_t partnership_id, int64_t user_id,
                                       int64_t last_id);
/* Messages of others (system lines included) after user_id's reading
 * position; -1 on error. */
int64_t store_message_unread(struct db *db, int64_t partnership_id, int64_t user_id);
/* The same for every partnership user_id currently belongs to, skipping
 * those with nothing unread. Count or -1. */
int store_message_unread_for_user(struct db *db, struct arena *arena, int64_t user_id,
                                  struct message_unread **out);

#endif
