/* message.c — a partnership's message thread on the web: newest last,
 * paged backwards with ?before=<id>, and the post form under it.
 *
 * Members' messages are Markdown (view_set_markdown); system lines are our
 * own text and are only escaped, never read as Markdown, because they
 * carry display names, which are not ours to format. */
#include <stdlib.h>
#include <string.h>

#include "domain/message.h"
#include "lib/strbuf.h"
#include "web/handlers.h"
#include "web/input.h"
#include "web/partnership.h"
#include "web/view.h"

static const char *escaped(struct web *w, const char *text)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_append_html(&sb, text, strlen(text));
    char *copy = arena_strdup(w->ctx.arena, sb.data ? sb.data : "");
    strbuf_cleanup(&sb);
    return copy;
}

static json_t *message_view(struct web *w, const struct message *m)
{
    bool is_system = m->author_id == 0;
    json_t *o = json_pack("{s:I, s:o, s:b, s:o}", "id", (json_int_t)m->id, "author",
                          is_system ? json_null() : view_person_brief(m->author_id, m->author_name),
                          "is_system", is_system, "created_at", view_time(m->created_at));
    if (is_system) {
        json_object_set_new(o, "body", json_string(m->body));
        json_object_set_new(o, "body_html", json_sprintf("<p>%s</p>", escaped(w, m->body)));
    } else {
        view_set_markdown(o, "body", m->body, w->ctx.arena);
    }
    if (!w->is_api) {
        json_object_set_new(o, "created_text", web_partnership_time_text(m->created_at));
        json_object_set_new(o, "is_mine", json_boolean(m->author_id == w->ctx.user->id));
    }
    return o;
}

/* ?before=<message id>: digits only. */
static int query_before(struct web *w, int64_t *before)
{
    const char *text = web_query(w, "before");
    *before = 0;
    if (!text || !*text)
        return 0;
    char *end;
    long long n = strtoll(text, &end, 10);
    if (*end || n <= 0 || strlen(text) > 18)
        return fail_input(&w->ctx, "before", "must be a message id");
    *before = n;
    return 0;
}

static int fill(struct web *w, int64_t partnership_id, int64_t before)
{
    struct message_thread thread;
    if (message_thread(&w->ctx, partnership_id, before, &thread) != 0 ||
        web_partnership_fill(w, partnership_id) != 0)
        return -1;
    json_t *list = json_array();
    for (int i = 0; i < thread.count; i++)
        json_array_append_new(list, message_view(w, &thread.messages[i]));
    web_view_set(w, "messages", list);
    web_view_set(w, "can_post", json_boolean(thread.can_post));
    web_view_set(w, "older_before",
                 thread.older_before ? json_integer(thread.older_before) : json_null());
    if (!w->is_api) {
        const char *path =
            arena_printf(w->ctx.arena, "/partnerships/%lld/messages", (long long)partnership_id);
        web_view_set(w, "post_url", json_string(path));
        web_view_set(w, "has_messages", json_boolean(thread.count > 0));
        if (thread.older_before)
            web_view_set(w, "older_url",
                         json_sprintf("%s?before=%lld", path, (long long)thread.older_before));
        if (before)
            web_view_set(w, "newest_url", json_string(path));
    }
    return 0;
}

int web_messages_list(struct web *w)
{
    int64_t id, before;
    if (web_param_id(w, 0, &id) != 0 || query_before(w, &before) != 0)
        return -1;
    return fill(w, id, before);
}

int web_message_post(struct web *w)
{
    static const char *const fields[] = {"body", NULL};
    int64_t id;
    const char *body;
    struct message message;
    if (web_input_only(w, fields) != 0 || web_param_id(w, 0, &id) != 0 ||
        (!w->is_api && fill(w, id, 0) != 0) || web_input_text(w, "body", &body) != 0 ||
        message_post(&w->ctx, id, body, &message) != 0)
        return -1;
    w->status = 201;
    w->redirect = arena_printf(w->ctx.arena, "/partnerships/%lld/messages#latest", (long long)id);
    web_view_set(w, "message", message_view(w, &message));
    return 0;
}
