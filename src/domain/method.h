/* method.h — the session methods peercoach supports, each with the
 * stages its shared notes follow and a few open questions per stage that
 * prompt the person coaching.
 *
 *   grow          GROW: Goal, Reality, Options, Will
 *   reciprocal    Reciprocal Teaching: Predict, Question, Clarify, Summarize
 *   appreciative  Appreciative Inquiry: Discover, Dream, Design, Deliver
 *   observation   the classroom observation cycle: Pre-conference focus,
 *                 Observation evidence, Post-conference
 *   open          one free "Notes" stage */
#ifndef PEERCOACH_METHOD_H
#define PEERCOACH_METHOD_H

#include <stdbool.h>

#define METHOD_MAX_STAGES  4
#define METHOD_MAX_PROMPTS 3

struct method_stage {
    const char *key;   /* "goal", "reality" … (stored with each note) */
    const char *title; /* "Goal" */
    const char *prompts[METHOD_MAX_PROMPTS + 1];
};

struct method {
    const char *key;  /* "grow" */
    const char *name; /* "GROW" */
    const char *summary;
    struct method_stage stages[METHOD_MAX_STAGES];
    int nstages;
};

/* NULL-terminated list of method keys, for validate_choice(). */
extern const char *const method_keys[];

/* The method called key, or NULL. */
const struct method *method_find(const char *key);
/* The stage of method called stage_key, or NULL. */
const struct method_stage *method_stage_find(const struct method *method, const char *stage_key);

#endif
