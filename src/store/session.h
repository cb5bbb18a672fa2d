/* store/session.h — SQL for coaching sessions: the sessions themselves,
 * agenda items, shared notes, goals discussed and action items, plus the
 * few facts about a partnership that scheduling needs.
 *
 * Record strings live in the arena passed in. Lookups return 1 / 0 / -1
 * (found, not found, database error already logged); lists return a count
 * or -1; writes return a db_result.
 *
 * Second guard: every read of session content takes the reader's user id
 * (viewer) and repeats the membership rule of domain/access.c in its WHERE
 * clause (MEMBER_OF in session.c), so a domain function that forgot its
 * access check would still read nothing. */
#ifndef PEERCOACH_STORE_SESSION_H
#define PEERCOACH_STORE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct session {
    int64_t id, partnership_id;
    int64_t starts_at; /* UTC seconds */
    int64_t minutes;
    const char *location;   /* a room or a meeting link; may be "" */
    const char *method;     /* domain/method.h key */
    const char *status;     /* scheduled, held, cancelled, missed */
    int64_t focus_user_id;  /* 0: none */
    const char *focus_name; /* NULL when no focus */
    int64_t cancelled_by;   /* 0: none */
    const char *cancelled_by_name, *cancel_reason;
    int64_t missed_by; /* 0: none */
    const char *missed_by_name;
    int64_t created_by, created_at, updated_at;
};

/* What scheduling needs to know about a partnership: its state and dates,
 * and its program's method and cadence. domain/session.c replaces cadence,
 * minutes and location with the current agreement's terms. */
struct session_partnership {
    int64_t id, program_id;
    const char *state;    /* proposed, active, paused, ended */
    int64_t active_since; /* activated_at, or created_at */
    int64_t ended_at;     /* 0 unless ended */
    const char *cadence;  /* weekly, biweekly, monthly */
    int64_t minutes;
    const char *location;
    const char *method; /* the program's method */
};

/* A current member (proposed or accepted, not declined, not left), in the
 * order partnership_members() gives (by name): the order that breaks
 * ties when proposing the focus person. */
struct session_member {
    int64_t user_id;
    const char *name;
};

struct agenda_item {
    int64_t id, session_id, author_id;
    const char *author_name, *body;
    int64_t created_at;
};

struct session_note {
    const char *stage, *body;
    int64_t updated_by;
    const char *updated_by_name;
    int64_t updated_at;
};

/* A goal linked to a session; the reader filters by visibility. */
struct session_goal {
    int64_t goal_id, owner_id;
    const char *owner_name, *title, *visibility, *status;
};

struct action_item {
    int64_t id, session_id, partnership_id;
    int64_t session_starts_at;
    int64_t owner_id;
    const char *owner_name, *body;
    const char *due_on; /* "YYYY-MM-DD" or "" */
    int64_t done_at;    /* 0: open */
    int64_t created_at;
};

/* Counts per member for the metadata an organizer may see. */
struct session_member_counts {
    int64_t user_id;
    int64_t cancelled, missed, held_as_focus;
};

/* --- partnerships (read-only; the partnerships area owns these tables) --- */
int store_session_partnership_get(struct db *db, struct arena *arena, int64_t partnership_id,
                                  struct session_partnership *out);
/* Is user_id a current member of partnership_id? 1 / 0 / -1. */
int store_session_is_member(struct db *db, int64_t partnership_id, int64_t user_id);

/* --- sessions --- */
enum db_result store_session_insert(struct db *db, const struct session *s, int64_t *id);
int store_session_get(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                      struct session *out);
/* Every session of a partnership, oldest first. */
int store_session_list(struct db *db, struct arena *arena, int64_t partnership_id, int64_t viewer,
                       struct session **out);
/* Time, length, place, method and focus of a scheduled session. */
enum db_result store_session_update_plan(struct db *db, const struct session *s, int64_t now);
/* Move a scheduled session to status; 0 changes means it was no longer
 * scheduled (a concurrent change), which the caller reports. */
enum db_result store_session_set_status(struct db *db, int64_t session_id, const char *status,
                                        int64_t cancelled_by, const char *cancel_reason,
                                        int64_t missed_by, int64_t now);
/* Number of notes with text: a method cannot change under them. */
int64_t store_session_note_count(struct db *db, int64_t session_id);

/* --- agenda --- */
enum db_result store_agenda_insert(struct db *db, int64_t session_id, int64_t author_id,
                                   const char *body, int64_t now, int64_t *id);
int store_agenda_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                      struct agenda_item **out);

/* --- notes --- */
enum db_result store_note_save(struct db *db, int64_t session_id, const char *stage,
                               const char *body, int64_t user_id, int64_t now);
int store_note_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                    struct session_note **out);

/* --- goals discussed --- */
/* A goal's owner and visibility, for access_require_goal_reader(). */
int store_session_goal_facts(struct db *db, struct arena *arena, int64_t goal_id, int64_t *owner_id,
                             const char **visibility);
enum db_result store_session_goal_insert(struct db *db, int64_t session_id, int64_t goal_id);
int store_session_goal_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                            struct session_goal **out);
/* Active goals of the partnership's current members that viewer may read
 * (their own, and shared ones), viewer's own first. */
int store_session_goal_choices(struct db *db, struct arena *arena, int64_t partnership_id,
                               int64_t viewer, struct session_goal **out);

/* --- action items --- */
enum db_result store_action_insert(struct db *db, const struct action_item *a, int64_t *id);
int store_action_get(struct db *db, struct arena *arena, int64_t action_id, int64_t viewer,
                     struct action_item *out);
/* The session an action item belongs to (for the access check). */
int store_action_session(struct db *db, int64_t action_id, int64_t *session_id);
enum db_result store_action_set_done(struct db *db, int64_t action_id, int64_t done_at);
int store_action_list(struct db *db, struct arena *arena, int64_t session_id, int64_t viewer,
                      struct action_item **out);
/* Open items of the partnership's sessions that start before before. */
int store_action_open_before(struct db *db, struct arena *arena, int64_t partnership_id,
                             int64_t before, int64_t viewer, struct action_item **out);

/* --- for the dashboard and organizer metadata --- */
/* The next scheduled session, at or after from, of an active partnership
 * user_id is a current member of. */
int store_session_next_for_user(struct db *db, struct arena *arena, int64_t user_id, int64_t from,
                                struct session *out);
/* Open action items owned by user_id in partnerships they still belong to,
 * earliest due first (no due date last). */
int store_action_open_for_user(struct db *db, struct arena *arena, int64_t user_id,
                               struct action_item **out);
/* Held sessions starting in [from, to) of partnerships user_id belongs to,
 * newest first. */
int store_session_held_for_user(struct db *db, struct arena *arena, int64_t user_id, int64_t from,
                                int64_t to, struct session **out);
/* Sessions held and the last held start of a partnership (metadata only). */
int store_session_held_summary(struct db *db, int64_t partnership_id, int64_t *held,
                               int64_t *last_held_at);
/* Per user who appears as canceller, misser or focus, the counts. */
int store_session_member_counts(struct db *db, struct arena *arena, int64_t partnership_id,
                                struct session_member_counts **out);

#endif
