/* message.h — a partnership's message thread: one per partnership,
 * Markdown, newest last, paged, readable and writable by its members only.
 *
 * Reading the thread moves the reader's position forward, which is what
 * the unread counts (dashboard, partnership list) are measured from. An
 * ended partnership's thread stays readable and accepts no new messages.
 *
 * System lines ("Ana has left the partnership.") are our own neutral text,
 * never a member's words, and count as unread for everyone. */
#ifndef PEERCOACH_DOMAIN_MESSAGE_H
#define PEERCOACH_DOMAIN_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "store/access.h"
#include "store/message.h"

#define MESSAGE_PAGE_SIZE 50
#define MESSAGE_MAX_CHARS 5000

struct message_thread {
    struct membership me;
    struct message *messages; /* oldest first: the newest is last */
    int count;
    int64_t older_before; /* "before" for the previous page; 0: this is the first page */
    bool can_post;        /* the partnership has not ended */
};

/* Up to MESSAGE_PAGE_SIZE messages with id < before (0: the newest ones),
 * for a member (404 for anyone else). Marks them read. */
int message_thread(struct ctx *ctx, int64_t partnership_id, int64_t before,
                   struct message_thread *out);

/* A member posts body (1..MESSAGE_MAX_CHARS characters of Markdown). 409
 * once the partnership has ended. *out receives the stored message. */
int message_post(struct ctx *ctx, int64_t partnership_id, const char *body, struct message *out);

/* A neutral system line in the thread, for other areas (sessions
 * cancelled, agreement changed…). text must be our own wording — never a
 * member's words or anything private. No access check: callers have
 * already checked theirs. Runs inside the caller's transaction if one is
 * open (db_begin nests). */
int message_add_system(struct ctx *ctx, int64_t partnership_id, const char *text);

/* Unread messages per partnership for ctx->user, for the dashboard:
 * only partnerships with something unread are listed. */
int message_unread_counts(struct ctx *ctx, struct message_unread **out, int *count);

#endif
