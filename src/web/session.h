/* web/session.h — what the sessions pages share with other web files:
 * the session page's view (web/feedback.c shows it again when a feedback
 * form fails), the sessions block of a partnership page (for
 * web/partnership.c), and a strict whole-number input reader.
 *
 * Every function fills w->view or returns a new reference for it, and
 * returns 0 / non-NULL, or -1 / NULL after recording the failure. */
#ifndef PEERCOACH_WEB_SESSION_H
#define PEERCOACH_WEB_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "store/feedback.h"
#include "web/web.h"

/* Fill w->view with the session page (API: the session's JSON). */
int web_session_page(struct web *w, int64_t session_id);

/* The sessions of a partnership for its page: {"upcoming", "past",
 * "balance", "proposed_focus", "sessions_url", "has_upcoming",
 * "has_past"}, for a member (404 otherwise). Show it with the
 * session_block partial: {{#sessions}}{{>session_block}}{{/sessions}}. */
json_t *web_session_partnership_block(struct web *w, int64_t partnership_id);

/* Remember which form of a page was posted, so the page shown again
 * puts the error and the typed values in that form only. */
void web_session_mark_form(struct web *w, const char *form);

/* An optional whole number: a JSON integer from the API (anything else is
 * a 422), digits from a form (an empty field counts as absent). */
int web_session_input_int(struct web *w, const char *name, bool *present, int64_t *out);

/* From web/feedback.c: one member's feedback as members see it, and the
 * feedback form of the session page (coaching questions for the focus
 * person only). */
json_t *web_feedback_view(struct web *w, const struct feedback *f);
json_t *web_feedback_form(struct web *w, bool is_focus);

#endif
