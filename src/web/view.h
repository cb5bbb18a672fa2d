/* view.h — records as view-model JSON, built one way for every route that
 * shows them (API shapes are documented in docs/API.md).
 *
 * Ownership: each function returns a new reference the caller must place
 * in the view (web_view_set steals it). */
#ifndef PEERCOACH_VIEW_H
#define PEERCOACH_VIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/arena.h"
#include "store/user.h"

/* {"id","email","name","role","is_active","created_at"} */
json_t *view_user(const struct user *user);
/* The profile with lists as arrays. */
json_t *view_profile(const struct profile *profile);
/* view_user plus "profile". */
json_t *view_user_with_profile(const struct user *user, const struct profile *profile);
/* A JSON array stored as text, parsed back ([] if unreadable). */
json_t *view_json_text(const char *text);
/* {"id","name"}: how a person appears inside other objects. */
json_t *view_person_brief(int64_t id, const char *name);
/* Markdown as {"<key>": text, "<key>_html": safe HTML} members of object. */
void view_set_markdown(json_t *object, const char *key, const char *markdown, struct arena *arena);
/* Seconds since the epoch as "2026-11-23T09:30:00Z". */
json_t *view_time(int64_t seconds);

/* Whether a location typed by a member is a web link a page may put in an
 * href: http(s) only, and no space, quote or angle bracket. */
bool view_is_web_link(const char *location);

/* A stored code and the words a page shows for it. */
struct view_text {
    const char *key, *text;
};
/* The text of key in the n rows of table, or fallback when key is absent
 * (or NULL). */
const char *view_text_of(const struct view_text *table, size_t n, const char *key,
                         const char *fallback);
/* view_text_of over a whole array. */
#define VIEW_TEXT_OF(table, key, fallback)                                                         \
    view_text_of((table), sizeof(table) / sizeof *(table), (key), (fallback))

#endif
