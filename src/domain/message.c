/* message.c — see message.h.
 *
 * Posting is allowed in every state but ended, proposals included: people
 * who were just paired may want to say hello before they accept. */
#include "domain/message.h"

#include <string.h>

#include "domain/access.h"
#include "domain/validate.h"

int message_thread(struct ctx *ctx, int64_t partnership_id, int64_t before,
                   struct message_thread *out)
{
    *out = (struct message_thread){0};
    if (access_require_partnership_member(ctx, partnership_id, &out->me) != 0)
        return -1;
    if (before < 0)
        return fail_input(ctx, "before", "must be a message id");
    /* One more than a page tells whether older messages exist. */
    struct message *newest_first;
    int n = store_message_list(ctx->db, ctx->arena, partnership_id, before, MESSAGE_PAGE_SIZE + 1,
                               &newest_first);
    if (n < 0)
        return fail_internal(ctx, "reading messages");
    bool has_older = n > MESSAGE_PAGE_SIZE;
    if (has_older)
        n = MESSAGE_PAGE_SIZE;
    out->messages = arena_alloc(ctx->arena, sizeof *out->messages * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        out->messages[i] = newest_first[n - 1 - i];
    out->count = n;
    out->older_before = has_older ? out->messages[0].id : 0;
    out->can_post = strcmp(out->me.partnership_state, "ended") != 0;
    if (n > 0 && store_message_mark_read(ctx->db, partnership_id, ctx->user->id,
                                         out->messages[n - 1].id) != DB_DONE)
        return fail_internal(ctx, "marking messages read");
    return 0;
}

int message_post(struct ctx *ctx, int64_t partnership_id, const char *body, struct message *out)
{
    struct membership me;
    if (access_require_partnership_member(ctx, partnership_id, &me) != 0)
        return -1;
    if (validate_text(ctx, "body", body, 1, MESSAGE_MAX_CHARS, true) != 0)
        return -1;
    if (strspn(body, " \t\r\n") == strlen(body))
        return fail_input(ctx, "body", "is required");
    if (!strcmp(me.partnership_state, "ended"))
        return fail_conflict(
            ctx, "invalid_state",
            "This partnership has ended: its messages can be read but not added to.");
    /* Posting does not move the reading position: the poster may not have
     * read what came before, and their own messages never count as unread. */
    int64_t id;
    if (store_message_insert(ctx->db, partnership_id, ctx->user->id, body, ctx->now, &id) !=
        DB_DONE)
        return fail_internal(ctx, "storing message");
    *out = (struct message){.id = id,
                            .partnership_id = partnership_id,
                            .author_id = ctx->user->id,
                            .author_name = ctx->user->name,
                            .body = body,
                            .created_at = ctx->now};
    return 0;
}

int message_add_system(struct ctx *ctx, int64_t partnership_id, const char *text)
{
    int64_t id;
    if (store_message_insert(ctx->db, partnership_id, 0, text, ctx->now, &id) != DB_DONE)
        return fail_internal(ctx, "storing system message");
    return 0;
}

int message_unread_counts(struct ctx *ctx, struct message_unread **out, int *count)
{
    if (!ctx->user)
        return fail_unauthenticated(ctx);
    int n = store_message_unread_for_user(ctx->db, ctx->arena, ctx->user->id, out);
    if (n < 0)
        return fail_internal(ctx, "counting unread messages");
    *count = n;
    return 0;
}
