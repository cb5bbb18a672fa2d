/* web/partnership.h — view models shared by web/partnership.c,
 * web/agreement.c and web/message.c: the partnership as a member sees it
 * sits at the top of its agreement and message pages too. Shapes are
 * documented in docs/API.md ("Partnerships").
 *
 * Ownership: each json_t returned is a new reference for the caller to
 * place in the view. */
#ifndef PEERCOACH_WEB_PARTNERSHIP_H
#define PEERCOACH_WEB_PARTNERSHIP_H

#include "domain/partnership.h"
#include "web/web.h"

/* A time as RFC 3339, or null for 0 ("not yet"). */
json_t *web_partnership_time(int64_t seconds);
/* "2026-11-23 09:30 UTC" for pages, "" for 0. */
json_t *web_partnership_time_text(int64_t seconds);
/* The partnership as its member sees it: members, state, agreement
 * status, unread count, what the member may do, and links (API paths for
 * the API, page paths for pages). */
json_t *web_partnership_view(struct web *w, const struct partnership_view *v);
/* Load partnership id for a member (404 otherwise) and set view
 * "partnership". */
int web_partnership_fill(struct web *w, int64_t id);

#endif
