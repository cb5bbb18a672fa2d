/* matching.h — the matching engine (match/match.h) wired into programs:
 * each program's rules, matching runs that organizers preview, adjust by
 * hand and publish as partnerships, and rotation from round to round.
 *
 * A run is computed from the program's pool at that moment: its accepted
 * participants who are not in a partnership of the program that has not
 * ended. Each person goes to the engine with their profile (level,
 * department, manager, time zone turned into today's UTC offset, languages,
 * weekly availability, skills to develop and to offer, interests), the
 * goals they brought to the program (enrollment goals, never the private
 * goals of the goals area) and their past partners in the program with
 * rounds. Managers who are not in the pool are passed as reporting lines,
 * so a chain through them is still seen.
 *
 * Lifecycle of a run:
 *   draft --publish--> published      (its groups become partnerships)
 *   draft --another run of the program is published--> superseded
 * Only a draft changes: lock/unlock a group, move a person (to a group, to
 * a new group — a split — or swapping with someone), rerun (the locked
 * groups kept, everyone else matched again under the current rules).
 * Every change is in the run's history, a hand-made one with the
 * organizer's reason. A group changed by hand is locked, so a rerun keeps
 * it. Publishing creates every partnership through partnership_create()
 * in one transaction (all or nothing), with the group's score, explanation
 * and the run's round; publishing again is a 409.
 *
 * Rounds: a run's round is one more than the program's last published
 * run's (1 for the first); people who were partners in the last K rounds
 * (a rule) are not matched again. Same pool, rules, round and seed give
 * the same preview.
 *
 * Who: a program's rules and runs are for its organizers (and admins).
 * Program routes answer 403 to others who can see the program; a run
 * answers 404 to everyone else, participants included, since it says who
 * was left out and why (access_require_matching_run_reader). The command
 * line runs and publishes as a trusted caller (is_trusted), audited
 * without an actor. */
#ifndef PEERCOACH_DOMAIN_MATCHING_H
#define PEERCOACH_DOMAIN_MATCHING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "match/match.h"
#include "store/matching.h"
#include "store/program.h"

#define MATCHING_REASON_MAX_CHARS 500
/* partnership_create() keeps explanations up to this many characters. */
#define MATCHING_EXPLANATION_MAX_CHARS 2000
/* Seeds stay exact as JSON numbers in every client (2^53 - 1). */
#define MATCHING_SEED_MAX     INT64_C(9007199254740991)
#define MATCHING_DEFAULT_SEED 1

/* cross, same / join, unmatched; NULL-terminated, for validate_choice(). */
extern const char *const matching_department_modes[];
extern const char *const matching_odd_person_policies[];

/* How a run is made. is_trusted: the command line, which skips the
 * organizer check (ctx->user is NULL) and is audited as the system. */
struct matching_options {
    bool is_trusted;
    bool has_seed;
    int64_t seed; /* 0..MATCHING_SEED_MAX */
};

/* The engine's defaults (match_rules_init), as a program starts with. */
void matching_rules_defaults(struct matching_rules *out);
/* {"weights": {"complement": 30, …}, "min_overlap_minutes", "avoid_recent_rounds",
 *  "max_level_gap" (null: no limit), "require_shared_language",
 *  "department_mode", "odd_person"}: the API's shape, also kept with each run. */
json_t *matching_rules_json(const struct matching_rules *rules);

/* The program's rules, for its organizers (403 for others who can see it). */
int matching_rules_get(struct ctx *ctx, int64_t program_id, struct matching_rules *out);
/* Changes the keys present in changes (the shape above; unknown keys are a
 * 422), all checked before anything is stored. Not once the program has
 * closed (409). */
int matching_rules_update(struct ctx *ctx, int64_t program_id, json_t *changes,
                          struct matching_rules *out);

/* A run (or a preview, whose id is null) in the API's shape: its rules,
 * counts, groups with members, scores, explanations and factors, the
 * unmatched with reasons, and its history. Shared by the API and the
 * command line, so both print the same document. */
json_t *matching_run_json(const struct matching_run *run);

/* The program and its runs (newest first, without groups), for its
 * organizers. */
int matching_overview(struct ctx *ctx, int64_t program_id, struct program *program,
                      struct matching_run **runs, int *count);

/* Computes a run for the program's pool and stores nothing (a dry run):
 * out has no id, its groups and unmatched people filled. The program must
 * be enrolling or running (409). */
int matching_preview(struct ctx *ctx, int64_t program_id, const struct matching_options *options,
                     struct matching_run *out);
/* Computes and stores a draft run; *run_id receives its id. */
int matching_run_create(struct ctx *ctx, int64_t program_id, const struct matching_options *options,
                        int64_t *run_id);
/* A run with its groups, unmatched people and history (404 unless the
 * asker organizes its program or is an admin, or options is trusted). */
int matching_run_get(struct ctx *ctx, int64_t run_id, const struct matching_options *options,
                     struct matching_run *out);

/* Lock or unlock group number of a draft; reason optional (NULL or ""). */
int matching_group_lock(struct ctx *ctx, int64_t run_id, int64_t number, bool is_locked,
                        const char *reason);

/* A hand-made change: user_id goes to group to_group, or to a new group
 * of their own (new_group: a split), or trades places with swap_with (who
 * may be unmatched). Exactly one of the three; reason required. */
struct matching_move {
    int64_t user_id;
    int64_t to_group;
    bool new_group;
    int64_t swap_with;
    const char *reason;
};
int matching_move(struct ctx *ctx, int64_t run_id, const struct matching_move *move);

/* Matches everyone outside the locked groups again, under the program's
 * current rules, with options' seed (the run's own when it has none). */
int matching_rerun(struct ctx *ctx, int64_t run_id, const struct matching_options *options);

/* Creates the run's partnerships in one transaction. */
int matching_publish(struct ctx *ctx, int64_t run_id, const struct matching_options *options);

/* The smallest and largest group partnership_create() accepts in a
 * program of group_size (pairs: 2-3, a circle for the odd person out;
 * circles: 3-4). */
void matching_group_limits(int64_t group_size, int *min, int *max);

/* For tests: the engine's input for a program's pool now. people are in
 * user id order; left_out are pool members the engine cannot take (a
 * missing level while level rules apply), with the reason; notes are our
 * own sentences about the input. No access check. */
struct matching_input {
    struct match_input engine;
    struct matching_unmatched *left_out;
    int left_out_count;
    const char *notes;
};
int matching_input_build(struct ctx *ctx, const struct program *program,
                         const struct matching_rules *rules, int64_t round, int64_t seed,
                         struct matching_input *out);

/* --- pairing preferences ---------------------------------------------------
 *
 * A participant enrolled in a program (applied, accepted or waitlisted)
 * states, for that program only, up to MATCHING_PAIR_WITH_MAX people they
 * would like to be paired with and up to MATCHING_NEVER_WITH_MAX they must
 * never be paired with, by email. The lists are theirs alone: every other
 * caller, organizers and admins included, gets 404, and no run, export or
 * explanation names them. Emails are kept as typed and resolved to people
 * only when a run is made, among that run's pool (case-insensitively), so
 * saving a list tells nothing about who has an account or is enrolled.
 * When a run is made, a "pair with" counts only when both asked for each
 * other; a "never with" always holds, whether or not the other person
 * knows, and a run that puts such people in one group (by hand) cannot be
 * published. docs/MATCHING.md ("Pairing preferences") has the reasons. */
#define MATCHING_PAIR_WITH_MAX  3
#define MATCHING_NEVER_WITH_MAX 10

struct matching_preferences {
    struct program program;
    const char **pair_with; /* as typed */
    int pair_count;
    const char **never_with;
    int never_count;
    bool can_change; /* the program is enrolling or running */
};

/* The caller's own preferences in program_id (404 unless they are
 * enrolled there: applied, accepted or waitlisted). */
int matching_preferences_get(struct ctx *ctx, int64_t program_id, struct matching_preferences *out);
/* Replaces the caller's lists: lists is {"pair_with": ["email", …],
 * "never_with": ["email", …]}, both required, nothing else. Every email
 * well-formed, none twice, not the caller's own, none in both lists (422
 * naming the list); only while the program is enrolling or running (409).
 * out receives the lists as stored. */
int matching_preferences_set(struct ctx *ctx, int64_t program_id, json_t *lists,
                             struct matching_preferences *out);

#endif
