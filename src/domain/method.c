/* method.c — the methods and their prompts; see method.h. The questions
 * are open ones (what, how, which), as the practice asks of a peer coach:
 * they invite the focus person to think rather than point to an answer. */
#include "domain/method.h"

#include <stddef.h>
#include <string.h>

static const struct method methods[] = {
    {"grow",
     "GROW",
     "Goal, Reality, Options, Will: from what you want to what you will do next.",
     {{"goal",
       "Goal",
       {"What do you want to achieve from this conversation?",
        "What would success look like, and how would you know?", NULL}},
      {"reality",
       "Reality",
       {"What is happening now, and what have you already tried?",
        "What is in your control here, and what is not?", NULL}},
      {"options",
       "Options",
       {"What could you do? What else?", "What would you advise a colleague in your place?", NULL}},
      {"will",
       "Will",
       {"What will you do, and by when?", "What might get in the way, and how will you handle it?",
        NULL}}},
     4},
    {"reciprocal",
     "Reciprocal Teaching",
     "Predict, Question, Clarify, Summarize: take turns leading the thinking.",
     {{"predict", "Predict", {"What do you expect to happen, and why?", NULL}},
      {"question",
       "Question",
       {"What questions does this raise for you?", "What would you like to understand better?",
        NULL}},
      {"clarify", "Clarify", {"What was unclear, and what helped make it clear?", NULL}},
      {"summarize",
       "Summarize",
       {"What are the key points in your own words?", "What will you take into your practice?",
        NULL}}},
     4},
    {"appreciative",
     "Appreciative Inquiry",
     "Discover, Dream, Design, Deliver: build on what already works.",
     {{"discover", "Discover", {"When has this gone really well? What made it work?", NULL}},
      {"dream", "Dream", {"If this worked at its best, what would it look like?", NULL}},
      {"design", "Design", {"What would need to be true to get there?", NULL}},
      {"deliver", "Deliver", {"What is the first step, and who can help?", NULL}}},
     4},
    {"observation",
     "Observation cycle",
     "Pre-conference, observation, post-conference: evidence from practice.",
     {{"pre_conference",
       "Pre-conference focus",
       {"What would you like me to watch for?", "What evidence would be most useful to you?",
        NULL}},
      {"observation",
       "Observation evidence",
       {"What did I see and hear, described without judgement?", NULL}},
      {"post_conference",
       "Post-conference",
       {"What stands out to you in the evidence?", "What will you keep, and what will you try?",
        NULL}}},
     3},
    {"open",
     "Open",
     "A free conversation with shared notes.",
     {{"notes",
       "Notes",
       {"What would be most useful to talk about today?", "What will you do before we meet again?",
        NULL}}},
     1},
};

const char *const method_keys[] = {"grow",        "reciprocal", "appreciative",
                                   "observation", "open",       NULL};

const struct method *method_find(const char *key)
{
    for (size_t i = 0; key && i < sizeof methods / sizeof *methods; i++)
        if (!strcmp(methods[i].key, key))
            return &methods[i];
    return NULL;
}

const struct method_stage *method_stage_find(const struct method *method, const char *stage_key)
{
    for (int i = 0; method && stage_key && i < method->nstages; i++)
        if (!strcmp(method->stages[i].key, stage_key))
            return &method->stages[i];
    return NULL;
}
