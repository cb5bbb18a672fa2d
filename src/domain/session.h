/* session.h — coaching sessions: scheduling one or a series at the
 * agreement's cadence, the focus person (who is coached), status changes,
 * agenda, notes by the method's stages, goals discussed and action items;
 * plus what the partnership page, the dashboard and the organizer's
 * metadata views read about sessions.
 *
 * Access: everything about one session or partnership is for its members
 * only (access_require_partnership_member / _session_member: 404
 * to anyone else, organizers and admins included). The exceptions are
 * session_partnership_stats(), which an organizer of the program may also
 * read because it holds counts and dates only, and the *_for_user
 * functions, which read the logged-in user's own rows.
 *
 * States: a session is scheduled, then held, cancelled or missed; those
 * three are final. Held and missed need the session to have started (you
 * cannot have held a meeting that is still ahead); cancelled is allowed any
 * time before. Only a scheduled session can be rescheduled or edited.
 * Creating or moving sessions needs an active partnership; an ended
 * partnership is read-only (its history stays readable by its members).
 *
 * Ownership: every pointer filled in an out-parameter lives in ctx->arena. */
#ifndef PEERCOACH_SESSION_H
#define PEERCOACH_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "domain/ctx.h"
#include "domain/method.h"
#include "store/feedback.h"
#include "store/session.h"

/* A partnership's give-and-take is tilted when the held sessions as focus
 * of two members differ by this much. */
#define SESSION_BALANCE_TILT 2
#define SESSION_MIN_MINUTES  10
#define SESSION_MAX_MINUTES  240
/* How far ahead a session may be planned. */
#define SESSION_MAX_AHEAD (2 * 366 * 86400)

struct session_plan {
    time_t starts_at; /* the first (or only) session; must be in the future */
    int64_t repeat;   /* sessions to create, 1..SCHEDULE_MAX_SERIES */
    bool has_minutes; /* else the agreement's length */
    int64_t minutes;
    const char *location;  /* NULL: the agreement's place or link */
    const char *method;    /* NULL: the program's method */
    bool has_focus;        /* else proposed */
    int64_t focus_user_id; /* the first session's focus; later ones are proposed */
};

/* A PATCH of a scheduled session: only what is set changes. */
struct session_change {
    bool set_starts_at, set_minutes, set_focus;
    time_t starts_at;
    int64_t minutes;
    const char *location; /* NULL: unchanged */
    const char *method;   /* NULL: unchanged */
    int64_t focus_user_id;
};

/* Held sessions as focus per current member, and whether to suggest a swap. */
struct session_balance_entry {
    int64_t user_id;
    const char *name;
    int64_t held_as_focus;
};
struct session_balance {
    struct session_balance_entry *members; /* in member order */
    int count;
    bool suggest_swap;       /* max - min >= SESSION_BALANCE_TILT */
    int64_t suggested_focus; /* the member with the fewest (ties: first); 0 if none */
};

/* The sessions block of a partnership page. */
struct session_overview {
    struct session_partnership partnership;
    struct session_member *members;
    int member_count;
    struct session *sessions; /* all, oldest first */
    int session_count;
    int64_t proposed_focus; /* for the next session to schedule */
    struct session_balance balance;
};

/* One session with everything its page shows. */
struct session_detail {
    struct session session;
    struct session_partnership partnership;
    const struct method *method;
    struct session_member *members;
    int member_count;
    struct agenda_item *agenda;
    int agenda_count;
    struct action_item *previous_actions; /* open items of earlier sessions */
    int previous_count;
    struct session_note *notes;
    int note_count;
    struct session_goal *goals; /* only those this reader may see */
    int goal_count;
    struct action_item *actions;
    int action_count;
    struct feedback *feedback;
    int feedback_count;
    bool is_focus;          /* the reader is this session's focus person */
    bool can_give_feedback; /* held, not ended, none given by the reader yet */
};

struct session_note_input {
    const char *stage, *body;
    const char *field; /* the input's name for body in a 422; NULL: "body" */
    /* The text the writer started from (NULL: don't check). A stage whose
     * body is still this text is left alone; one that someone else changed
     * meanwhile is a 409 instead of a silent overwrite. */
    const char *expected;
};

struct session_action_input {
    int64_t owner_id;
    const char *body;
    const char *due_on; /* "YYYY-MM-DD", NULL or "" for none */
};

/* An open action item with its overdue flag (due before today in the
 * owner's time zone). */
struct session_action_due {
    struct action_item item;
    bool is_overdue;
};

/* Metadata of a partnership's sessions, for at-risk flags and the
 * organizer's view: no content. */
struct session_stats {
    int64_t held;         /* sessions held */
    int64_t expected;     /* whole cadence periods since the partnership became active */
    int64_t last_held_at; /* start of the last held session; 0: none yet */
    struct session_member_counts *members; /* cancelled / missed / held as focus per member */
    int member_count;
};

/* --- scheduling ----------------------------------------------------------------- */

/* Schedule plan->repeat sessions at the cadence (schedule.h), keeping the
 * local time of the first in the caller's profile time zone. Defaults come
 * from the current agreement, then the program. The focus of each session
 * is plan->focus_user_id for the first if given, and otherwise proposed
 * (session_focus_proposals). *ids (arena) receives the new ids in order.
 * 404 non-member; 409 partnership not active; 422 a bad field. */
int session_schedule(struct ctx *ctx, int64_t partnership_id, const struct session_plan *plan,
                     int64_t **ids, int *count);

/* A page's date ("YYYY-MM-DD") and time ("HH:MM") fields, read in the
 * caller's profile time zone, as a UTC instant. 422 names date_field or
 * time_field. */
int session_local_start(struct ctx *ctx, const char *date_field, const char *date,
                        const char *time_field, const char *time, time_t *out);

/* Reschedule or edit a scheduled session. 409 unless scheduled; 409 when
 * the method would change under existing notes. */
int session_update(struct ctx *ctx, int64_t session_id, const struct session_change *change);

/* status: "held", "cancelled" (reason required; the caller is recorded as
 * who cancelled) or "missed" (missed_by: the member who missed it). */
int session_set_status(struct ctx *ctx, int64_t session_id, const char *status, const char *reason,
                       int64_t missed_by);

/* --- the focus person (pure) --------------------------------------------------------- */

/* Proposals for the focus of the next n sessions, given the current
 * members (in order) and the partnership's sessions (oldest first). A pair
 * alternates with the last scheduled or held session; a circle rotates to
 * the member who has been focus least (scheduled and held sessions count,
 * so a series rotates too), ties broken by member order. out[i] is 0 when
 * there are no members. */
void session_focus_proposals(const struct session_member *members, int member_count,
                             const struct session *sessions, int session_count, int n,
                             int64_t *out);
/* The give-and-take balance over held sessions. */
void session_balance_compute(struct arena *arena, const struct session_member *members,
                             int member_count, const struct session *sessions, int session_count,
                             struct session_balance *out);

/* --- reading -------------------------------------------------------------------------- */

/* Sessions, proposal and balance of a partnership, for its page. */
int session_partnership_overview(struct ctx *ctx, int64_t partnership_id,
                                 struct session_overview *out);
/* Only the balance (what the partnership page needs if it shows no list). */
int session_balance(struct ctx *ctx, int64_t partnership_id, struct session_balance *out);
int session_load(struct ctx *ctx, int64_t session_id, struct session_detail *out);
/* Goals the caller may link to the session: their own, and goals their
 * partners shared, that are active. Returns the count or -1. */
int session_goal_choices(struct ctx *ctx, int64_t session_id, struct session_goal **out);

/* --- content ----------------------------------------------------------------------------- */

/* Agenda and notes may be written while a session is scheduled or held
 * (409 once cancelled or missed, or when the partnership ended). */
int session_agenda_add(struct ctx *ctx, int64_t session_id, const char *body, int64_t *id);
/* Save the notes of one or more stages of the session's method at once
 * (422 names an unknown stage), all or none. An empty body clears a stage.
 * Line breaks are stored as LF. Without expected, the last write wins. */
int session_notes_save(struct ctx *ctx, int64_t session_id, const struct session_note_input *notes,
                       int count);
/* Link a goal the caller can read (404 otherwise) owned by a member. */
int session_goal_link(struct ctx *ctx, int64_t session_id, int64_t goal_id);
/* Owner must be a current member; due date not before today. */
int session_action_add(struct ctx *ctx, int64_t session_id, const struct session_action_input *in,
                       int64_t *id);
/* Any member marks an item done or open again; out receives it. */
int session_action_set_done(struct ctx *ctx, int64_t action_id, bool done, struct action_item *out);

/* --- for the dashboard (the logged-in user, ctx->user) ---------------------------------- */

/* The user's next scheduled session in an active partnership, with its
 * partnership_id and focus person: 1 found, 0 none, -1 failed. */
int session_next_for_user(struct ctx *ctx, struct session *out);
/* The user's open action items, earliest due first, with is_overdue.
 * Returns the count or -1. */
int session_open_actions_for_user(struct ctx *ctx, struct session_action_due **out);
/* Sessions the user took part in that were held in the last days days
 * (the reflection prompt), newest first. Returns the count or -1. */
int session_held_recently(struct ctx *ctx, int days, struct session **out);

/* --- for at-risk flags and the organizer (metadata only) ------------------------------ */

/* Held vs expected by cadence, last held session, and per member the
 * cancellations, misses and held sessions as focus. Readable by the
 * partnership's members and by the organizers of its program. */
int session_partnership_stats(struct ctx *ctx, int64_t partnership_id, struct session_stats *out);

#endif
