/* demo_coaching.c — the Northwind peer coaching program, eight weeks in.
 *
 * The story: Olivia (People) opened "Northwind Peer Coaching" for
 * enrollment three weeks before it started; thirty colleagues applied with
 * their readiness answers and goals, all but one were accepted (Beatriz
 * was waitlisted and accepted later, and is waiting in the pool for a
 * partner). Olivia formed thirteen pairs and one circle of three; each
 * agreed on a meeting place and signed. Since then they have met weekly:
 * sessions with GROW notes, agenda items, action items, feedback from both
 * sides, goals with check-ins, reflections and messages. Three groups are
 * worth a look:
 *   Ana & Ben        the richest history: an agreement edited after a
 *                    signature (version 3), Ana's shared goal achieved last
 *                    week (a celebration on both dashboards), one of Ben's
 *                    action items overdue, unread messages for Ana;
 *   Chloe, Daniel,   a circle of three whose focus rotates;
 *   Elena
 *   Farah & George   at risk: three sessions held, then George cancelled
 *                    three in a row; nothing held for five weeks and more.
 *
 * How history is written: through the domain functions, with ctx->now set
 * to the moment each step happens. The domain refuses dates in the past
 * (a session must be scheduled ahead, held only once it has started), so
 * moving the clock keeps every rule checked — membership, states, focus
 * and coaching ratings, pledges — exactly as for a real user, and stamps
 * every row (created_at, signed_at, activated_at, achieved_at) with a
 * consistent past. Writing rows with store functions instead would skip
 * those rules and need every timestamp computed by hand. The clock never
 * passes the real now (at() clamps), so nothing is dated in the future.
 *
 * Deterministic: every choice comes from the tables below and the group's
 * index; only "today" moves the dates. The caller holds one transaction. */
#include "cli/demo_coaching.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/agreement.h"
#include "domain/enrollment.h"
#include "domain/feedback.h"
#include "domain/goal.h"
#include "domain/message.h"
#include "domain/partnership.h"
#include "domain/program.h"
#include "domain/reflection.h"
#include "domain/session.h"
#include "lib/date.h"
#include "store/session.h"

#define DAY  86400
#define HOUR 3600

/* ---- what people write ------------------------------------------------ */

/* One coaching conversation: what the focus person brings, the GROW notes
 * the coach writes, and the action the focus person leaves with. */
struct demo_topic {
    const char *agenda, *goal, *reality, *options, *will, *action;
};

static const struct demo_topic topics[] = {
    {"Presenting numbers to senior leaders",
     "Walk the leadership team through the cost analysis in 15 minutes and leave with a decision.",
     "- 14 slides today, mostly tables\n- Last time questions started on slide 2 and the ask never "
     "came up\n- Knows the numbers cold; worried about being cut off",
     "- Open with the recommendation, then the evidence\n- One chart per message, details in an "
     "appendix\n- Ask the CFO's chief of staff what the team cares about this quarter",
     "Write the three key messages before touching the slides.",
     "Write the three key messages of the talk on one page"},
    {"Giving code review feedback that lands",
     "Review comments that authors can act on without a follow-up chat.",
     "- Comments are often a question mark or \"hmm?\"\n- Two authors asked what was meant last "
     "sprint\n- Cares a lot about quality, less about tone",
     "- Suggest the change, not only the problem\n- Label comments: *must*, *should*, *nit*\n- "
     "Pair "
     "on one review to see how it reads",
     "Try the suggest-and-label format on every review this week and count how many needed a "
     "follow-up.",
     "Use the suggest-and-label format on all reviews this week"},
    {"Saying no to extra requests",
     "Protect two afternoons a week for planned work without damaging relationships.",
     "- Says yes to almost every ad-hoc request\n- Planned work slips to evenings\n- Fears being "
     "seen as unhelpful",
     "- Offer a later slot instead of a flat no\n- Make the trade-off visible: \"if I take this, X "
     "moves\"\n- Agree priorities with the manager up front",
     "Answer the next two ad-hoc requests with a trade-off question.",
     "Block two afternoons in the calendar and name the trade-off when asked"},
    {"A difficult conversation with a stakeholder",
     "Reset expectations with a stakeholder who keeps adding scope late.",
     "- Third late change this quarter\n- Has not said anything directly yet\n- Good relationship "
     "otherwise, wants to keep it",
     "- Describe the pattern with two concrete examples\n- Ask what is driving the late changes\n- "
     "Propose a change cut-off date together",
     "Book 30 minutes with the stakeholder and open with curiosity, not blame.",
     "Book the conversation and write down the two examples"},
    {"Delegating work I usually keep",
     "Hand over the weekly reporting to a teammate by the end of the month.",
     "- Has done it for two years, it takes half a day\n- Teammate asked for more "
     "responsibility\n- "
     "Worried about mistakes in the first runs",
     "- Shadow once, reverse-shadow once\n- Write a short checklist\n- Agree what \"good enough\" "
     "looks like",
     "Run the next report side by side and hand over the checklist.",
     "Draft the reporting checklist and share it with the teammate"},
    {"Running shorter, more useful meetings",
     "Cut the weekly team meeting from 60 to 30 minutes without losing what matters.",
     "- Status updates take most of the hour\n- Decisions get postponed to next week\n- Two people "
     "rarely speak",
     "- Move status to a written update the day before\n- Start with the decision needed\n- Rotate "
     "who facilitates",
     "Try a written update plus a 30-minute meeting for two weeks.",
     "Send the new meeting format to the team"},
    {"Getting visibility for my team's work",
     "Make the team's impact visible to the wider organization without bragging.",
     "- The team fixed a long-standing problem; few people know\n- Feels uncomfortable "
     "self-promoting\n- Manager is supportive",
     "- Share a short before/after story in the monthly all-hands\n- Credit individuals by name\n- "
     "Ask the manager to co-present",
     "Draft a five-sentence story of the fix and ask two teammates for feedback.",
     "Draft the before/after story and ask two teammates to read it"},
    {"Handling a tense customer escalation",
     "Stay calm and constructive in the next call with an upset customer.",
     "- Last call ended with raised voices\n- The root cause is partly on our side\n- Feels "
     "personally blamed",
     "- Acknowledge the impact first\n- Separate what we know from what we are checking\n- Agree a "
     "time for the next update before hanging up",
     "Prepare the opening two sentences and the next-update time.",
     "Write the opening of the call and agree the update time with the team"},
    {"Planning my next career step",
     "Decide between deepening the specialist track and moving towards people management.",
     "- Enjoys mentoring juniors\n- Also loves hands-on problem solving\n- No urgency, but the "
     "yearly review is in two months",
     "- Talk to two managers and two staff-level specialists\n- Try leading a small project\n- "
     "Write down what an ideal week looks like in two years",
     "Set up two conversations before the next session.",
     "Ask two colleagues on each track for a 30-minute chat"},
    {"Making time for deep work", "Get two uninterrupted hours a day for focused work.",
     "- Chat notifications all day\n- Meetings spread across the whole week\n- Best focus in the "
     "morning",
     "- Mornings without meetings, announced to the team\n- Status set to \"focusing\" with a "
     "reply time\n- Batch chat twice a day",
     "Protect three mornings next week and notice what breaks.",
     "Protect three mornings in the calendar and note the interruptions"},
    {"Onboarding a new team member",
     "Help the new colleague ship something real in their first two weeks.",
     "- Starts on Monday\n- Documentation is out of date\n- The team is busy with a release",
     "- Pick a small, visible first task\n- Assign a buddy for questions\n- Fix the docs together "
     "as "
     "part of onboarding",
     "Choose the first task and the buddy before Monday.",
     "Pick the first task and ask a buddy to help"},
    {"Speaking up in design reviews",
     "Raise concerns early in design reviews instead of after the decision.",
     "- Often has doubts but waits until after the meeting\n- The group moves fast\n- Worries the "
     "concern is too small",
     "- Read the design doc the day before and note one question\n- Ask it in the first ten "
     "minutes\n- Frame it as a question, not an objection",
     "Bring one written question to Thursday's review and ask it early.",
     "Read the next design doc ahead and bring one question"},
    {"Rehearsing a high-stakes presentation",
     "Deliver the leadership presentation in 15 minutes, without reading from the slides.",
     "- First full run took 24 minutes\n- Strongest part: the recommendation\n- Weakest: the "
     "transition into the cost details",
     "- Cut the second cost chart\n- Practise the opening out loud three times\n- Prepare answers "
     "to the three most likely questions",
     "Do a timed dry run with the team next week.", "Run a timed dry run with the team"},
    {"Keeping momentum after a win",
     "Turn a successful presentation into a habit of sharing results early.",
     "- The presentation went well, a decision was made\n- Tempted to go back to heads-down "
     "work\n- Two more analyses are due this quarter",
     "- Book a short monthly slot with the leadership team\n- Share one-page summaries before "
     "meetings\n- Ask for feedback from one attendee",
     "Ask the CFO's office for a standing 15-minute slot.",
     "Ask for a standing monthly slot and a feedback conversation"},
};
#define NTOPICS (sizeof topics / sizeof *topics)

/* Ana and Ben's sessions, week by week (Ana is the focus in even weeks). */
static const int pair_a_topics[] = {0, 1, 12, 11, 2, 1, 13, 10, 4, 9};

static const char *const feedback_comments[] = {
    "Thank you for letting me think out loud. The silence after your questions helped more than "
    "you know.",
    "Your question about what success looks like in three months reframed the whole problem for "
    "me.",
    "I appreciated that you summarised my options back to me before we chose one.",
    "Very practical session. Next time I would welcome a bit more challenge on my assumptions.",
    "I felt really listened to, and the concrete next step makes this feel doable.",
    "Thanks for sharing how you handled something similar, without telling me what to do.",
    "Good session. We ran out of time on the options, so let's keep ten minutes for the Will next "
    "time.",
};
#define NCOMMENTS (sizeof feedback_comments / sizeof *feedback_comments)

static const char *const coach_actions[] = {
    "Share the article on open questions we talked about",
    "Send the meeting-format template I use",
    "Introduce my partner to a colleague who has done this before",
};

static const char *const cancel_reasons[] = {
    "Quarter planning took over my whole week, sorry.",
    "A customer escalation came in this morning and I have to be on the call.",
    "I'm travelling for the team offsite; let's find another slot.",
};

/* Messages a pair exchanges: [0] and [1] when they start, the rest later. */
static const char *const opening_messages[][2] = {
    {"Hello! Really glad we were paired. I've put the meeting link in our agreement.",
     "Same here, looking forward to it. I'll add something to the agenda before our first "
     "session."},
    {"Hi! Does the weekly slot work for you, or shall we move it earlier in the day?",
     "The slot is fine for me. See you there!"},
    {"Looking forward to this. Shall we keep phones away during sessions?",
     "Yes please, that's a good rule. See you next week."},
};
#define NOPENINGS (sizeof opening_messages / sizeof *opening_messages)

static const char *const later_messages[][2] = {
    {"Thanks for today. I tried your question on my team this afternoon and it worked.",
     "Great to hear! Tell me more next week."},
    {"Running five minutes late today, sorry. Start without the small talk?",
     "No problem, see you soon."},
    {"I found a short article on asking open questions, sharing it for next time: it's the one "
     "on the L&D intranet page.",
     "Thanks, I'll read it before our session."},
};
#define NLATER (sizeof later_messages / sizeof *later_messages)

static const struct {
    const char *tag, *body;
} reflections[] = {
    {"insight",
     "I noticed that I jump to solutions while my partner is still describing the problem. Next "
     "session: ask at least two questions before offering anything."},
    {"challenge",
     "Hard session today. I didn't have a clear topic and we drifted. Lesson: bring one concrete "
     "situation, even a small one."},
    {"breakthrough",
     "Saying the problem out loud made me see that I was waiting for permission nobody needs to "
     "give me. I booked the conversation straight after the session."},
    {"milestone",
     "Four sessions in. Looking back at my notes from the first one, the goal I set then feels "
     "much more concrete now."},
};
#define NREFLECTIONS (sizeof reflections / sizeof *reflections)

/* Short goals people bring when they apply. */
static const char *const enrollment_goals[] = {
    "Give feedback that is specific and kind",
    "Speak up earlier in meetings",
    "Delegate more and trust my team",
    "Get better at presenting to senior leaders",
    "Handle difficult conversations calmly",
    "Learn to coach instead of solving problems for people",
    "Plan my next career step",
    "Protect time for focused work",
    "Build relationships outside my department",
    "Become a better listener",
    "Say no to work that isn't a priority",
    "Run shorter, more useful meetings",
};
#define NENROLLMENT_GOALS (sizeof enrollment_goals / sizeof *enrollment_goals)

/* A goal for each participant besides Ana and Ben: number goals go from
 * baseline towards target over the check-ins; milestone goals tick them off. */
struct demo_goal {
    const char *title, *specific;
    const char *unit; /* NULL: a milestone goal */
    double baseline, target;
    const char *milestones[4];
};

static const struct demo_goal goals[] = {
    {"Shorter weekly team meeting",
     "Cut our weekly team meeting to 30 minutes with a decision "
     "log, without anyone missing the information they need.",
     "minutes",
     60,
     30,
     {NULL}},
    {"Delegate the monthly report",
     "Hand over the monthly report to a teammate, with a checklist "
     "and two runs side by side.",
     NULL,
     0,
     0,
     {"Write the checklist", "Run the report side by side", "Teammate runs it alone", NULL}},
    {"More focused mornings",
     "Keep mornings free of meetings and chat for focused work.",
     "focused mornings a week",
     0,
     4,
     {NULL}},
    {"Speak up in design reviews",
     "Ask at least one question early in every design review I "
     "attend.",
     NULL,
     0,
     0,
     {"Read the design doc the day before", "Ask one question in the first ten minutes",
      "Propose an alternative once", NULL}},
    {"Faster answers to customers",
     "Answer escalated customer tickets within one working day.",
     "% answered within a day",
     55,
     90,
     {NULL}},
    {"Decide on my next career step",
     "Choose between the specialist track and people management "
     "before my yearly review.",
     NULL,
     0,
     0,
     {
         "Talk to two managers",
         "Talk to two staff-level specialists",
         "Lead a small project",
         "Write down my decision",
     }},
    {"Fewer late scope changes",
     "Agree a change cut-off with my main stakeholder and keep late "
     "changes rare.",
     "late changes a month",
     6,
     1,
     {NULL}},
};
#define NGOALS (sizeof goals / sizeof *goals)

/* ---- the groups ----------------------------------------------------------- */

enum { AS_HELD = 'h', AS_CANCELLED = 'c' };

struct demo_group {
    int members[3]; /* Northwind table indices */
    int count;
    int formed_week;  /* the week the organizer formed it (0: before the start) */
    int day;          /* weekday of its sessions, 0 = Monday */
    int hour;         /* UTC */
    int sessions;     /* scheduled at once, one a week from formed_week */
    const char *plan; /* per session: 'h' held when past, 'c' cancelled by canceller */
    int canceller;    /* slot in members */
    int keep_open;    /* the session whose focus person's action stays open (overdue); -1: none */
};

/* Ana & Ben, the circle, the stalled pair, then everyone else. */
static const struct demo_group groups[] = {
    {{4, 5}, 2, 0, 1, 9, 10, "hhhhhhhhhh", 0, 5},
    {{6, 7, 8}, 3, 0, 2, 13, 10, "hhhhchhhhh", 2, -1},
    {{9, 10}, 2, 0, 3, 15, 6, "hhhccc", 1, -1},
    {{2, 3}, 2, 0, 0, 16, 10, "hhhhhhhhhh", 0, -1},
    {{11, 12}, 2, 0, 1, 7, 10, "hhhhhhhhhh", 0, -1},
    {{13, 14}, 2, 0, 2, 10, 10, "hhchhhhhhh", 1, -1},
    {{15, 16}, 2, 0, 3, 11, 10, "hhhhhhhhhh", 0, -1},
    {{17, 18}, 2, 0, 0, 12, 10, "hhhhhhhhhh", 0, -1},
    {{19, 20}, 2, 0, 1, 14, 10, "hhhhhchhhh", 0, -1},
    {{21, 22}, 2, 0, 2, 15, 10, "hhhhhhhhhh", 0, -1},
    {{23, 24}, 2, 0, 3, 9, 10, "hhhhhhhhhh", 0, -1},
    {{25, 26}, 2, 0, 0, 17, 10, "hhhhhhhhhh", 0, -1},
    {{27, 28}, 2, 0, 2, 8, 10, "hhhhhhhhhh", 0, -1},
    {{29, 30}, 2, 3, 3, 14, 6, "hhhhhh", 0, -1},
};
#define NGROUPS (sizeof groups / sizeof *groups)

#define BEATRIZ 31 /* waitlisted, accepted later, in the pool */

struct demo_story {
    struct ctx *ctx;
    struct user *people;
    time_t today;  /* the real now */
    int64_t week0; /* day number of the Monday the program started */
    int64_t program_id;
    int64_t enrollments[32];
    int64_t partnerships[NGROUPS];
    int64_t first_goal[32]; /* each person's first goal */
    int64_t ana_rework;     /* Ana's private goal */
    int64_t ben_design;     /* Ben's private goal */
};

static void as(struct demo_story *s, int person)
{
    s->ctx->user = &s->people[person];
}

/* Moves the clock to t, never past the real now. */
static void at(struct demo_story *s, int64_t t)
{
    s->ctx->now = t < (int64_t)s->today - 60 ? (time_t)t : s->today - 60;
}

static int64_t moment(const struct demo_story *s, int64_t day, int hour)
{
    return (s->week0 + day) * DAY + (int64_t)hour * HOUR;
}

static const char *date_text(const struct demo_story *s, int64_t day)
{
    char text[DATE_CHARS + 1];
    date_format(s->week0 + day, text);
    return arena_strdup(s->ctx->arena, text);
}

/* ---- program and enrollment ------------------------------------------------ */

static int create_program(struct demo_story *s)
{
    at(s, moment(s, -21, 9));
    as(s, 1);
    json_t *fields = json_pack(
        "{s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s, s:s, s:s}", "name",
        "Northwind Peer Coaching", "description",
        "Colleagues from different teams meet every week, in pairs or a small circle, to coach "
        "each other through real work challenges.\n\nThere are no managers in the room and no "
        "reports upwards: **what is said in a session stays there**. The People team only sees "
        "whether sessions happen, never what is said.",
        "objectives",
        "- Practise everyday coaching skills: listening, open questions, specific feedback\n"
        "- Make real progress on one development goal each\n"
        "- Build trusted relationships across departments",
        "method", "grow", "group_size", 2, "cadence", "weekly", "session_minutes", 45, "starts_on",
        date_text(s, 0), "ends_on", date_text(s, 7 * 24), "enroll_opens_on", date_text(s, -21),
        "enroll_closes_on", date_text(s, -8));
    int rc = program_create(s->ctx, fields, &s->program_id);
    json_decref(fields);
    if (rc != 0 || program_set_state(s->ctx, s->program_id, "enrolling") != 0)
        return -1;
    return 0;
}

static int apply_all(struct demo_story *s)
{
    struct readiness_question *questions;
    int nquestions;
    if (program_questions(s->ctx, s->program_id, &questions, &nquestions) != 0)
        return -1;
    for (int person = 2; person < 32; person++) {
        at(s, moment(s, -20 + (person % 9), 8 + person % 8));
        as(s, person);
        json_t *answers = json_object();
        for (int q = 0; q < nquestions; q++) {
            /* The newest colleagues are honest about their experience. */
            bool yes = !(strcmp(questions[q].default_key, "experience") == 0 && person % 5 == 3);
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)questions[q].id);
            json_object_set_new(answers, id, json_boolean(yes));
        }
        json_t *application = json_pack("{s:o, s:[s,s], s:b}", "answers", answers, "goals",
                                        enrollment_goals[person % NENROLLMENT_GOALS],
                                        enrollment_goals[(person * 5 + 3) % NENROLLMENT_GOALS],
                                        "availability_confirmed", 1);
        struct enrollment e;
        int rc = enrollment_apply(s->ctx, s->program_id, application, &e);
        json_decref(application);
        if (rc != 0)
            return -1;
        s->enrollments[person] = e.id;
    }
    at(s, moment(s, -9, 10));
    as(s, 1);
    for (int person = 2; person < 32; person++) {
        struct enrollment e;
        if (enrollment_decide(s->ctx, s->enrollments[person],
                              person == BEATRIZ ? "waitlisted" : "accepted", &e) != 0)
            return -1;
    }
    at(s, moment(s, -7, 9));
    return program_set_state(s->ctx, s->program_id, "running");
}

/* ---- partnerships and agreements ------------------------------------------- */

static int form_group(struct demo_story *s, int g)
{
    const struct demo_group *group = &groups[g];
    int64_t formed = group->formed_week * 7 - 6;
    at(s, moment(s, formed, 10));
    as(s, 1);
    int64_t ids[3];
    for (int i = 0; i < group->count; i++)
        ids[i] = s->people[group->members[i]].id;
    if (partnership_create(s->ctx, s->program_id, ids, (size_t)group->count, NULL,
                           &s->partnerships[g]) != 0)
        return -1;
    int64_t pid = s->partnerships[g];
    for (int i = 0; i < group->count; i++) {
        at(s, moment(s, formed, 11 + 2 * i));
        as(s, group->members[i]);
        if (partnership_accept(s->ctx, pid) != 0)
            return -1;
    }
    /* The first member names the place, then everyone signs. */
    at(s, moment(s, formed + 1, 9));
    as(s, group->members[0]);
    const char *a = s->people[group->members[0]].email, *b = s->people[group->members[1]].email;
    const char *link =
        group->count == 3
            ? "Meeting room Lisbon, 2nd floor (https://meet.northwind.example/circle when remote)"
            : arena_printf(s->ctx->arena, "https://meet.northwind.example/%.*s-%.*s",
                           (int)strcspn(a, "@"), a, (int)strcspn(b, "@"), b);
    struct agreement_edit edit = {.location = link};
    int64_t version;
    if (agreement_update(s->ctx, pid, &edit, &version) != 0)
        return -1;
    for (int i = 0; i < group->count; i++) {
        at(s, moment(s, formed + 1, 12 + i));
        as(s, group->members[i]);
        if (g == 0 && i == 1) {
            /* Ana and Ben: Ben signs, then Ana adds a line about
             * cancelling, which makes version 3 and asks them both again. */
            if (agreement_sign(s->ctx, pid, version) != 0)
                return -1;
            struct agreement_version current;
            at(s, moment(s, formed + 1, 15));
            as(s, group->members[0]);
            if (agreement_current(s->ctx, pid, &current) != 0)
                return -1;
            edit = (struct agreement_edit){
                .body = arena_printf(s->ctx->arena,
                                     "%s\n\n## Our own additions\n\nIf one of us has to cancel, "
                                     "we say so at least a day ahead and propose a new time in "
                                     "the same message.\n",
                                     current.body),
                .based_on = version};
            if (agreement_update(s->ctx, pid, &edit, &version) != 0)
                return -1;
            for (int j = 0; j < 2; j++) {
                at(s, moment(s, formed + 1, 16 + j));
                as(s, group->members[j]);
                if (agreement_sign(s->ctx, pid, version) != 0)
                    return -1;
            }
            break;
        }
        if (agreement_sign(s->ctx, pid, version) != 0)
            return -1;
    }
    /* Hello messages. */
    for (int i = 0; i < 2; i++) {
        at(s, moment(s, formed + 1, 18 + i));
        as(s, group->members[i]);
        struct message m;
        if (message_post(s->ctx, pid, opening_messages[g % NOPENINGS][i], &m) != 0)
            return -1;
    }
    return 0;
}

/* ---- sessions --------------------------------------------------------------- */

static int slot_of(const struct demo_group *group, const struct demo_story *s, int64_t user_id)
{
    for (int i = 0; i < group->count; i++)
        if (s->people[group->members[i]].id == user_id)
            return i;
    return 0;
}

static const struct demo_topic *topic_for(int g, int k)
{
    if (g == 0)
        return &topics[pair_a_topics[k]];
    return &topics[(size_t)(g * 5 + k * 3) % NTOPICS];
}

static int rating(int g, int k, int slot, int question)
{
    static const int pattern[] = {5, 4, 5, 4, 3, 5, 4, 4, 5, 5, 4};
    return pattern[(g * 7 + k * 3 + slot * 5 + question) % (int)(sizeof pattern / sizeof *pattern)];
}

static int hold_session(struct demo_story *s, int g, int k, const struct session *session)
{
    const struct demo_group *group = &groups[g];
    const struct demo_topic *topic = topic_for(g, k);
    int focus = slot_of(group, s, session->focus_user_id);
    int coach = (focus + 1) % group->count;
    int64_t end = session->starts_at + session->minutes * 60;

    at(s, end + 300);
    as(s, group->members[coach]);
    if (session_set_status(s->ctx, session->id, "held", NULL, 0) != 0)
        return -1;
    const struct session_note_input notes[] = {
        {.stage = "goal", .body = topic->goal},
        {.stage = "reality", .body = topic->reality},
        {.stage = "options", .body = topic->options},
        {.stage = "will", .body = topic->will},
    };
    if (session_notes_save(s->ctx, session->id, notes, 4) != 0)
        return -1;
    char due[DATE_CHARS + 1];
    date_format(session->starts_at / DAY + 7, due);
    struct session_action_input action = {
        .owner_id = session->focus_user_id, .body = topic->action, .due_on = due};
    int64_t action_id;
    if (session_action_add(s->ctx, session->id, &action, &action_id) != 0)
        return -1;
    if (k % 2 == 1) {
        /* Coaches promise things too. */
        action = (struct session_action_input){.owner_id = s->people[group->members[coach]].id,
                                               .body = coach_actions[(size_t)(g + k) % 3],
                                               .due_on = due};
        if (session_action_add(s->ctx, session->id, &action, &action_id) != 0)
            return -1;
    }
    if (s->first_goal[group->members[focus]] && k < 6) {
        as(s, group->members[focus]);
        if (session_goal_link(s->ctx, session->id, s->first_goal[group->members[focus]]) != 0)
            return -1;
    }
    for (int m = 0; m < group->count; m++) {
        at(s, end + 1800 + m * 600);
        as(s, group->members[m]);
        struct feedback_input in = {0};
        for (int q = 0; q < FEEDBACK_QUESTIONS; q++)
            in.answers[q] = rating(g, k, m, q);
        if ((g + k + m) % 2 == 0)
            in.comment = feedback_comments[(size_t)(g * 3 + k + m) % NCOMMENTS];
        if (m == focus)
            for (int q = 0; q < FEEDBACK_COACHING; q++)
                in.coaching[q] = rating(g, k, m, q + 2);
        int64_t id;
        if (feedback_give(s->ctx, session->id, &in, &id) != 0)
            return -1;
        /* Reading the thread marks it read, so unread counts stay small. */
        struct message_thread thread;
        if (message_thread(s->ctx, session->partnership_id, 0, &thread) != 0)
            return -1;
    }
    return 0;
}

/* The messages of group g around its session k (held or cancelled): a
 * thread is ordered by message id, so they are posted as the sessions are
 * played, in time order. last is the index of the group's latest past
 * session. */
static int story_messages(struct demo_story *s, int g, int k, int last,
                          const struct session *session)
{
    const struct demo_group *group = &groups[g];
    struct line {
        int session, who, hours;
        const char *body;
    };
    static const struct line pair_a[] = {
        {2, DEMO_PAIR_A, 3,
         "Thanks for today. Your question *\"what do you want them to remember tomorrow?\"* is "
         "now on a sticky note on my screen."},
        {5, DEMO_PAIR_B, 26,
         "I tried **suggest, don't just point out** on three reviews today. One author thanked "
         "me for it!"},
        {-1, DEMO_PAIR_A, 5,
         "It went well! The CFO asked for the full model and we have a decision. Thank you for "
         "all the rehearsals."},
        {-1, DEMO_PAIR_B, 30,
         "Congratulations, well deserved! Next time, could we start with my review checklist? "
         "I'm a bit behind on it."},
    };
    /* Farah writes to George after his third cancellation; no answer yet. */
    static const struct line at_risk[] = {
        {5, DEMO_AT_RISK, -6,
         "Hi George, no worries about this week. Shall we pick a new regular slot that fits "
         "better around your planning cycle? I'm flexible on Thursdays and Fridays."},
    };
    struct line generic[2] = {
        {3, group->members[0], 6, later_messages[(size_t)(g + 3) % NLATER][0]},
        {3, group->members[1], 8, later_messages[(size_t)(g + 3) % NLATER][1]},
    };
    const struct line *lines = g == 0 ? pair_a : g == 2 ? at_risk : generic;
    size_t count = g == 0   ? sizeof pair_a / sizeof *pair_a
                   : g == 2 ? sizeof at_risk / sizeof *at_risk
                            : 2;
    for (size_t i = 0; i < count; i++) {
        if (lines[i].session != k && !(lines[i].session == -1 && k == last))
            continue;
        at(s, session->starts_at + (int64_t)lines[i].hours * HOUR);
        as(s, lines[i].who);
        struct message m;
        if (message_post(s->ctx, s->partnerships[g], lines[i].body, &m) != 0)
            return -1;
    }
    return 0;
}

/* Everything around the sessions of group g: scheduling the series, the
 * agenda the day before, cancellations, holding them, closing last week's
 * action items before the next session. */
static int play_sessions(struct demo_story *s, int g, struct session **out, int *count)
{
    const struct demo_group *group = &groups[g];
    int64_t pid = s->partnerships[g];
    int64_t first_day = group->formed_week * 7 + group->day;
    at(s, moment(s, group->formed_week * 7 - 4, 9));
    as(s, group->members[0]);
    struct session_plan plan = {.starts_at = (time_t)moment(s, first_day, group->hour),
                                .repeat = group->sessions,
                                .has_focus = true,
                                .focus_user_id = s->people[group->members[0]].id};
    int64_t *ids;
    int n;
    if (session_schedule(s->ctx, pid, &plan, &ids, &n) != 0)
        return -1;
    struct session *sessions;
    n = store_session_list(s->ctx->db, s->ctx->arena, pid, s->people[group->members[0]].id,
                           &sessions);
    if (n < 0)
        return fail_internal(s->ctx, "listing demo sessions");
    int last_past = -1;
    for (int k = 0; k < n; k++)
        if (sessions[k].starts_at < (int64_t)s->today - 600)
            last_past = k;
    bool agenda_for_next = false;
    for (int k = 0; k < n; k++) {
        struct session *session = &sessions[k];
        const struct demo_topic *topic = topic_for(g, k);
        int focus = slot_of(group, s, session->focus_user_id);
        bool is_past = session->starts_at < (int64_t)s->today - 600;
        if (!is_past) {
            if (agenda_for_next)
                continue;
            agenda_for_next = true; /* the next session's agenda is being prepared */
        }
        int64_t agenda_id;
        at(s, session->starts_at - 26 * HOUR);
        as(s, group->members[focus]);
        if (group->plan[k] != AS_CANCELLED &&
            session_agenda_add(s->ctx, session->id, topic->agenda, &agenda_id) != 0)
            return -1;
        if (k > 0 && k % 3 == 0 && group->plan[k] != AS_CANCELLED) {
            as(s, group->members[(focus + 1) % group->count]);
            if (session_agenda_add(s->ctx, session->id, "A quick look back at last week's action",
                                   &agenda_id) != 0)
                return -1;
        }
        if (!is_past)
            continue;
        /* Last session's action items are done before this one starts. */
        if (k > 0 && !strcmp(sessions[k - 1].status, "held")) {
            struct session_detail previous;
            at(s, session->starts_at - 3 * HOUR);
            as(s, group->members[0]);
            if (session_load(s->ctx, sessions[k - 1].id, &previous) != 0)
                return -1;
            for (int a = 0; a < previous.action_count; a++) {
                const struct action_item *item = &previous.actions[a];
                struct action_item done;
                bool kept_open =
                    k - 1 == group->keep_open && item->owner_id == sessions[k - 1].focus_user_id;
                if (!item->done_at && !kept_open &&
                    session_action_set_done(s->ctx, item->id, true, &done) != 0)
                    return -1;
            }
        }
        if (group->plan[k] == AS_CANCELLED) {
            at(s, session->starts_at - 20 * HOUR);
            as(s, group->members[group->canceller]);
            if (session_set_status(s->ctx, session->id, "cancelled", cancel_reasons[(size_t)k % 3],
                                   0) != 0)
                return -1;
            session->status = "cancelled";
            if (story_messages(s, g, k, last_past, session) != 0)
                return -1;
            continue;
        }
        if (hold_session(s, g, k, session) != 0)
            return -1;
        session->status = "held";
        if (story_messages(s, g, k, last_past, session) != 0)
            return -1;
        if (k == 2 && g != 0) {
            at(s, session->starts_at + 4 * HOUR);
            as(s, group->members[0]);
            json_t *fields = json_pack(
                "{s:s, s:s, s:I}", "tag", reflections[(size_t)g % NREFLECTIONS].tag, "body",
                reflections[(size_t)g % NREFLECTIONS].body, "session_id", (json_int_t)session->id);
            int64_t id;
            int rc = reflection_create(s->ctx, fields, &id);
            json_decref(fields);
            if (rc != 0)
                return -1;
        }
    }
    *out = sessions;
    *count = n;
    return 0;
}

/* ---- goals -------------------------------------------------------------------- */

static int add_checkin(struct demo_story *s, int64_t goal_id, int64_t day, json_t *fields)
{
    at(s, moment(s, day, 18));
    json_object_set_new(fields, "on_date", json_string(date_text(s, day)));
    int64_t id;
    bool achieved;
    int rc = goal_checkin_add(s->ctx, goal_id, fields, &id, &achieved);
    json_decref(fields);
    return rc;
}

static int milestone_id(struct demo_story *s, int64_t goal_id, int index, int64_t *id)
{
    struct goal_detail d;
    if (goal_detail(s->ctx, goal_id, &d) != 0)
        return -1;
    *id = index < d.milestone_count ? d.milestones[index].id : 0;
    return 0;
}

/* A goal for a person of a group from the table, with check-ins in the
 * weeks that have passed. */
static int table_goal(struct demo_story *s, int person, int index, int64_t start)
{
    const struct demo_goal *goal = &goals[index % (int)NGOALS];
    at(s, moment(s, start, 17));
    as(s, person);
    json_t *fields = json_pack("{s:s, s:s, s:s, s:i, s:s, s:I}", "title", goal->title, "specific",
                               goal->specific, "target_date", date_text(s, 7 * 20), "priority",
                               1 + person % 3, "visibility", person % 2 ? "shared" : "private",
                               "program_id", (json_int_t)s->program_id);
    if (goal->unit) {
        json_object_set_new(fields, "measure", json_string("number"));
        json_object_set_new(fields, "baseline", json_real(goal->baseline));
        json_object_set_new(fields, "target", json_real(goal->target));
        json_object_set_new(fields, "unit", json_string(goal->unit));
    } else {
        json_t *list = json_array();
        for (int i = 0; i < 4 && goal->milestones[i]; i++)
            json_array_append_new(list, json_string(goal->milestones[i]));
        json_object_set_new(fields, "measure", json_string("milestones"));
        json_object_set_new(fields, "milestones", list);
    }
    int64_t id;
    int rc = goal_create(s->ctx, fields, &id);
    json_decref(fields);
    if (rc != 0)
        return -1;
    s->first_goal[person] = id;
    static const double steps[] = {0.2, 0.4, 0.55};
    static const char *const notes[] = {"A slow start, but it's moving.",
                                        "Better week: the new routine is sticking.",
                                        "Steady progress; the team noticed."};
    for (int i = 0; i < 3; i++) {
        int64_t day = start + 10 + 14 * i;
        if (moment(s, day, 18) >= (int64_t)s->today)
            break;
        json_t *checkin =
            json_pack("{s:i, s:s}", "confidence", 3 + (i + person) % 2, "note", notes[i]);
        if (goal->unit) {
            double value = goal->baseline + (goal->target - goal->baseline) * steps[i];
            json_object_set_new(checkin, "value", json_real((double)(int64_t)value));
        } else if (i < 2) {
            int64_t mid;
            if (milestone_id(s, id, i, &mid) != 0) {
                json_decref(checkin);
                return -1;
            }
            json_object_set_new(checkin, "milestone_id", json_integer(mid));
        }
        if (add_checkin(s, id, day, checkin) != 0)
            return -1;
    }
    return 0;
}

/* Ana's and Ben's goals: Ana's presentation goal (shared) is achieved in
 * the week before today, so both dashboards celebrate it. */
static int pair_a_goals(struct demo_story *s)
{
    int ana = DEMO_PAIR_A, ben = DEMO_PAIR_B;
    at(s, moment(s, -2, 17));
    as(s, ana);
    json_t *fields = json_pack(
        "{s:s, s:s, s:s, s:[s,s,s,s], s:s, s:i, s:s, s:I}", "title",
        "Present my quarterly analysis to the leadership team", "specific",
        "Walk the leadership team through the cost analysis in 15 minutes, with one clear "
        "recommendation, without reading from my slides.",
        "measure", "milestones", "milestones", "Outline the story in three key messages",
        "Rehearse the talk with Ben", "Do a dry run with my own team",
        "Present to the leadership team", "target_date", date_text(s, 7 * 10), "priority", 1,
        "visibility", "shared", "program_id", (json_int_t)s->program_id);
    int64_t presentation;
    int rc = goal_create(s->ctx, fields, &presentation);
    json_decref(fields);
    if (rc != 0)
        return -1;
    s->first_goal[ana] = presentation;
    fields = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:i, s:s}", "title",
                       "Fewer rework requests on my monthly reports", "specific",
                       "Check definitions with the report owners before I build, so reports are "
                       "right the first time.",
                       "measure", "number", "baseline", 6, "target", 2, "unit", "requests a month",
                       "target_date", date_text(s, 7 * 16), "priority", 2, "visibility", "private");
    rc = goal_create(s->ctx, fields, &s->ana_rework);
    json_decref(fields);
    if (rc != 0)
        return -1;

    as(s, ben);
    fields = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:i, s:s, s:I}", "title",
                       "Make my code review comments actionable", "specific",
                       "Most of my review comments say what to change and why, so authors can "
                       "act without a follow-up chat.",
                       "measure", "number", "baseline", 30, "target", 80, "unit",
                       "% actionable comments", "target_date", date_text(s, 7 * 14), "priority", 1,
                       "visibility", "shared", "program_id", (json_int_t)s->program_id);
    int64_t reviews;
    rc = goal_create(s->ctx, fields, &reviews);
    json_decref(fields);
    if (rc != 0)
        return -1;
    s->first_goal[ben] = reviews;
    fields = json_pack(
        "{s:s, s:s, s:s, s:[s,s,s], s:s, s:i, s:s}", "title", "Speak up early in design reviews",
        "specific", "Raise my questions during the review, not in the corridor afterwards.",
        "measure", "milestones", "milestones", "Read the design doc the day before",
        "Ask one question in the first ten minutes", "Propose an alternative design once",
        "target_date", date_text(s, 7 * 12), "priority", 2, "visibility", "private");
    rc = goal_create(s->ctx, fields, &s->ben_design);
    json_decref(fields);
    if (rc != 0)
        return -1;
    return 0;
}

/* Check-ins for Ana and Ben along the weeks; the last milestone of Ana's
 * presentation goal is ticked after last week's session. */
static int pair_a_checkins(struct demo_story *s, int64_t last_held_day)
{
    int ana = DEMO_PAIR_A, ben = DEMO_PAIR_B;
    int64_t presentation = s->first_goal[ana], reviews = s->first_goal[ben];
    static const char *const presentation_notes[] = {
        "Three messages on one page. Ben's question about what they should *do* afterwards "
        "helped.",
        "Rehearsed twice with Ben. Down from 24 to 17 minutes.",
        "Dry run with my team went well; they asked the questions I expected.",
        "Presented today. The CFO asked for the full model and we have a decision.",
    };
    int64_t days[] = {3, 15, 29, last_held_day};
    as(s, ana);
    for (int i = 0; i < 4; i++) {
        int64_t mid;
        if (milestone_id(s, presentation, i, &mid) != 0)
            return -1;
        if (add_checkin(s, presentation, days[i],
                        json_pack("{s:I, s:i, s:s}", "milestone_id", (json_int_t)mid, "confidence",
                                  3 + (i > 1), "note", presentation_notes[i])) != 0)
            return -1;
    }
    static const int rework[] = {5, 4, 4};
    static const char *const rework_notes[] = {
        "Started checking definitions with the owners before building.",
        "One request this month was a real change of scope, not rework.",
        "Same as last month; the finance close report still causes questions.",
    };
    for (int i = 0; i < 3; i++)
        if (add_checkin(s, s->ana_rework, 12 + 14 * i,
                        json_pack("{s:i, s:i, s:s}", "value", rework[i], "confidence", 3 + (i > 0),
                                  "note", rework_notes[i])) != 0)
            return -1;
    static const int values[] = {40, 55, 65, 70};
    static const char *const review_notes[] = {
        "Counted my comments on five reviews: most were questions without a suggestion.",
        "Labels (must / should / nit) make a real difference.",
        "Two authors said the suggestions saved them time.",
        "Busy release week, slipped back a little on the small reviews.",
    };
    as(s, ben);
    for (int i = 0; i < 4; i++)
        if (add_checkin(s, reviews, 8 + 14 * i,
                        json_pack("{s:i, s:i, s:s}", "value", values[i], "confidence", 3 + (i == 2),
                                  "note", review_notes[i])) != 0)
            return -1;
    int64_t first;
    if (milestone_id(s, s->ben_design, 0, &first) != 0 ||
        add_checkin(s, s->ben_design, 24,
                    json_pack("{s:I, s:i, s:s}", "milestone_id", (json_int_t)first, "confidence", 3,
                              "note", "Reading the doc the day before is now a calendar habit.")) !=
            0)
        return -1;
    return 0;
}

/* Reflections of Ana and Ben, around their sessions. */
static int pair_a_story(struct demo_story *s, const struct session *sessions, int n)
{
    int ana = DEMO_PAIR_A, ben = DEMO_PAIR_B;
    int last_held = -1;
    for (int k = 0; k < n; k++)
        if (!strcmp(sessions[k].status, "held"))
            last_held = k;
    if (last_held < 6)
        return 0; /* the story needs its first seven sessions */
    int64_t id;
    struct {
        int session, who;
        const char *tag, *body;
        bool on_goal;
    } entries[] = {
        {0, ana, "insight",
         "## Story before numbers\n\nBen asked what I want the leadership team to *do* after my "
         "talk. I had fourteen slides of numbers and no ask.\n\nNext: write the three messages "
         "first, then choose the charts that support them.",
         false},
        {1, ben, "insight",
         "Coaching Ana today I noticed how often I want to answer my own questions. Waiting five "
         "seconds after asking felt long, and it was exactly when she found her answer.",
         false},
        {4, ana, "challenge",
         "Two of this month's rework requests came from the same misunderstanding about cost "
         "centres. Checking definitions *before* building is the habit to build, not working "
         "faster.",
         true},
        {last_held, ana, "milestone",
         "## I did it\n\nPresented to the leadership team without reading from my slides. What "
         "made the difference:\n\n- three clear messages\n- rehearsing out loud with Ben, twice\n- "
         "a dry run with my own team",
         false},
    };
    for (size_t i = 0; i < sizeof entries / sizeof *entries; i++) {
        at(s, sessions[entries[i].session].starts_at + 3 * HOUR);
        as(s, entries[i].who);
        json_t *fields =
            json_pack("{s:s, s:s, s:I}", "tag", entries[i].tag, "body", entries[i].body,
                      "session_id", (json_int_t)sessions[entries[i].session].id);
        if (entries[i].on_goal) {
            json_object_del(fields, "session_id");
            json_object_set_new(fields, "goal_id", json_integer(s->ana_rework));
        }
        int rc = reflection_create(s->ctx, fields, &id);
        json_decref(fields);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int demo_coaching_load(struct ctx *ctx, const struct demo_org *org, time_t today)
{
    struct demo_story s = {.ctx = ctx, .today = today};
    int64_t day = today / DAY;
    s.week0 = day - (day + 3) % 7 - 7 * 8; /* the Monday eight weeks ago (day 0 was a Thursday) */
    s.people = arena_alloc(ctx->arena, sizeof *s.people * org->count);
    for (size_t i = 0; i < org->count; i++)
        if (store_user_by_id(ctx->db, ctx->arena, org->ids[i], &s.people[i]) != 1)
            return fail_internal(ctx, "reading demo people");
    if (create_program(&s) != 0 || apply_all(&s) != 0)
        return -1;
    for (size_t g = 0; g < NGROUPS; g++)
        if (form_group(&s, (int)g) != 0)
            return -1;
    if (pair_a_goals(&s) != 0)
        return -1;
    for (size_t g = 1; g < NGROUPS; g++)
        for (int i = 0; i < groups[g].count; i++)
            if (table_goal(&s, groups[g].members[i], (int)g + i * 3,
                           groups[g].formed_week * 7 - 2) != 0)
                return -1;
    for (size_t g = 0; g < NGROUPS; g++) {
        struct session *sessions = NULL;
        int n = 0;
        if (play_sessions(&s, (int)g, &sessions, &n) != 0)
            return -1;
        if (g == 0) {
            int64_t last = 0;
            for (int k = 0; k < n; k++)
                if (!strcmp(sessions[k].status, "held"))
                    last = sessions[k].starts_at / DAY - s.week0;
            if (pair_a_checkins(&s, last) != 0 || pair_a_story(&s, sessions, n) != 0)
                return -1;
        }
    }
    /* Beatriz, waitlisted, is accepted in week 7 and waits for a partner. */
    at(&s, moment(&s, 7 * 7, 10));
    as(&s, 1);
    struct enrollment e;
    return enrollment_decide(ctx, s.enrollments[BEATRIZ], "accepted", &e);
}
