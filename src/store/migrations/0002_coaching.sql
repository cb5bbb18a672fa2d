-- 0002_coaching.sql — the peer coaching cycle: programs and enrollment,
-- partnerships and agreements, goals, sessions, feedback, reflections,
-- messages. Same portable DDL rules as 0001. Dates without a time (target
-- dates, due dates, program dates) are 'YYYY-MM-DD' text, which sorts and
-- compares correctly on both backends; instants are UTC seconds.

-- Programs -----------------------------------------------------------------
CREATE TABLE programs (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    objectives       TEXT NOT NULL DEFAULT '',
    method           TEXT NOT NULL DEFAULT 'grow'
                     CHECK (method IN ('grow', 'reciprocal', 'appreciative', 'observation', 'open')),
    group_size       BIGINT NOT NULL DEFAULT 2 CHECK (group_size BETWEEN 2 AND 4),
    cadence          TEXT NOT NULL DEFAULT 'biweekly'
                     CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    session_minutes  BIGINT NOT NULL DEFAULT 45,
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    enroll_opens_on  TEXT NOT NULL,
    enroll_closes_on TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'draft'
                     CHECK (state IN ('draft', 'enrolling', 'running', 'closed')),
    created_by       BIGINT NOT NULL REFERENCES users(id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- Who runs a program: its creator and any co-organizers they add.
CREATE TABLE program_organizers (
    program_id  BIGINT NOT NULL REFERENCES programs(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (program_id, user_id)
);

CREATE TABLE readiness_questions (
    id          INTEGER PRIMARY KEY,
    program_id  BIGINT NOT NULL REFERENCES programs(id),
    position    BIGINT NOT NULL,
    text        TEXT NOT NULL,
    is_required BIGINT NOT NULL DEFAULT 0,  -- a pledge that must be accepted
    -- which of the practice's default questions this is (learning,
    -- experience, confidentiality, meetings, openness); '' for one an
    -- organizer added. Default questions cannot be removed.
    default_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX readiness_questions_program ON readiness_questions(program_id);

CREATE TABLE enrollments (
    id                     INTEGER PRIMARY KEY,
    program_id             BIGINT NOT NULL REFERENCES programs(id),
    user_id                BIGINT NOT NULL REFERENCES users(id),
    state                  TEXT NOT NULL DEFAULT 'applied'
                           CHECK (state IN ('applied', 'accepted', 'waitlisted', 'declined',
                                            'withdrawn')),
    goals                  TEXT NOT NULL DEFAULT '[]',  -- 1-3 goals to bring, JSON list
    answers                TEXT NOT NULL DEFAULT '{}',  -- question id -> true/false, JSON
    availability_confirmed BIGINT NOT NULL DEFAULT 0,
    applied_at             BIGINT NOT NULL,
    decided_at             BIGINT,
    decided_by             BIGINT REFERENCES users(id),
    UNIQUE (program_id, user_id)
);
CREATE INDEX enrollments_user ON enrollments(user_id);

-- Partnerships (a pair or a circle) -------------------------------------------
CREATE TABLE partnerships (
    id                INTEGER PRIMARY KEY,
    program_id        BIGINT NOT NULL REFERENCES programs(id),
    state             TEXT NOT NULL DEFAULT 'proposed'
                      CHECK (state IN ('proposed', 'active', 'paused', 'ended')),
    round             BIGINT NOT NULL DEFAULT 1,
    match_score       DOUBLE PRECISION,
    match_explanation TEXT NOT NULL DEFAULT '',
    created_by        BIGINT NOT NULL REFERENCES users(id),
    created_at        BIGINT NOT NULL,
    activated_at      BIGINT,
    ended_at          BIGINT,
    ended_by          BIGINT REFERENCES users(id),
    end_kind          TEXT NOT NULL DEFAULT ''  -- declined, left, organizer, program_closed
);
CREATE INDEX partnerships_program ON partnerships(program_id);

CREATE TABLE partnership_members (
    partnership_id  BIGINT NOT NULL REFERENCES partnerships(id),
    user_id         BIGINT NOT NULL REFERENCES users(id),
    response        TEXT NOT NULL DEFAULT 'pending'
                    CHECK (response IN ('pending', 'accepted', 'declined')),
    responded_at    BIGINT,
    decline_reason  TEXT NOT NULL DEFAULT '',  -- seen by organizers only
    left_at         BIGINT,
    leave_reason    TEXT NOT NULL DEFAULT '',  -- seen by the person who left only
    wants_rematch   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (partnership_id, user_id)
);
CREATE INDEX partnership_members_user ON partnership_members(user_id);

-- A member's private report of a problem, read by the program's organizers.
CREATE TABLE problem_reports (
    id              INTEGER PRIMARY KEY,
    partnership_id  BIGINT NOT NULL REFERENCES partnerships(id),
    reporter_id     BIGINT NOT NULL REFERENCES users(id),
    kind            TEXT NOT NULL CHECK (kind IN ('boundary', 'confidentiality', 'other')),
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    resolved_at     BIGINT
);
CREATE INDEX problem_reports_partnership ON problem_reports(partnership_id);

-- Agreements: every edit after a signature is a new version. -------------------
CREATE TABLE agreement_versions (
    id               INTEGER PRIMARY KEY,
    partnership_id   BIGINT NOT NULL REFERENCES partnerships(id),
    version          BIGINT NOT NULL,
    body             TEXT NOT NULL,          -- Markdown
    cadence          TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    session_minutes  BIGINT NOT NULL,
    location         TEXT NOT NULL DEFAULT '',  -- a room or a meeting link
    created_by       BIGINT REFERENCES users(id),
    created_at       BIGINT NOT NULL,
    UNIQUE (partnership_id, version)
);

CREATE TABLE agreement_signatures (
    version_id  BIGINT NOT NULL REFERENCES agreement_versions(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    signed_at   BIGINT NOT NULL,
    PRIMARY KEY (version_id, user_id)
);

-- Goals ---------------------------------------------------------------------
CREATE TABLE goals (
    id            INTEGER PRIMARY KEY,
    owner_id      BIGINT NOT NULL REFERENCES users(id),
    program_id    BIGINT REFERENCES programs(id),
    title         TEXT NOT NULL,
    specific      TEXT NOT NULL DEFAULT '',
    measure_kind  TEXT NOT NULL CHECK (measure_kind IN ('number', 'milestones')),
    baseline      DOUBLE PRECISION,
    target        DOUBLE PRECISION,
    unit          TEXT NOT NULL DEFAULT '',
    target_date   TEXT NOT NULL,
    priority      BIGINT NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    status        TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'achieved', 'paused', 'dropped')),
    visibility    TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    achieved_at   BIGINT
);
CREATE INDEX goals_owner ON goals(owner_id);

-- A milestone taken off the list keeps its row (removed_at set), so the
-- check-ins that marked it done still say what was done.
CREATE TABLE goal_milestones (
    id          INTEGER PRIMARY KEY,
    goal_id     BIGINT NOT NULL REFERENCES goals(id),
    position    BIGINT NOT NULL,
    text        TEXT NOT NULL,
    done_at     BIGINT,
    removed_at  BIGINT
);
CREATE INDEX goal_milestones_goal ON goal_milestones(goal_id);

-- Why a goal's target moved: the history shown on the goal page.
CREATE TABLE goal_adjustments (
    id         INTEGER PRIMARY KEY,
    goal_id    BIGINT NOT NULL REFERENCES goals(id),
    at         BIGINT NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    reason     TEXT NOT NULL
);
CREATE INDEX goal_adjustments_goal ON goal_adjustments(goal_id);

CREATE TABLE goal_checkins (
    id            INTEGER PRIMARY KEY,
    goal_id       BIGINT NOT NULL REFERENCES goals(id),
    on_date       TEXT NOT NULL,
    value         DOUBLE PRECISION,
    milestone_id  BIGINT REFERENCES goal_milestones(id),
    note          TEXT NOT NULL DEFAULT '',
    confidence    BIGINT NOT NULL CHECK (confidence BETWEEN 1 AND 5),
    created_at    BIGINT NOT NULL
);
CREATE INDEX goal_checkins_goal ON goal_checkins(goal_id);

-- Sessions --------------------------------------------------------------------
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    partnership_id  BIGINT NOT NULL REFERENCES partnerships(id),
    starts_at       BIGINT NOT NULL,
    minutes         BIGINT NOT NULL,
    location        TEXT NOT NULL DEFAULT '',
    method          TEXT NOT NULL
                    CHECK (method IN ('grow', 'reciprocal', 'appreciative', 'observation', 'open')),
    status          TEXT NOT NULL DEFAULT 'scheduled'
                    CHECK (status IN ('scheduled', 'held', 'cancelled', 'missed')),
    focus_user_id   BIGINT REFERENCES users(id),  -- the person coached in this session
    cancelled_by    BIGINT REFERENCES users(id),
    cancel_reason   TEXT NOT NULL DEFAULT '',
    missed_by       BIGINT REFERENCES users(id),
    created_by      BIGINT NOT NULL REFERENCES users(id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX sessions_partnership ON sessions(partnership_id, starts_at);

CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES sessions(id),
    author_id   BIGINT NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX agenda_items_session ON agenda_items(session_id);

-- Shared notes, one text per stage of the session's method.
CREATE TABLE session_notes (
    session_id  BIGINT NOT NULL REFERENCES sessions(id),
    stage       TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_by  BIGINT NOT NULL REFERENCES users(id),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (session_id, stage)
);

CREATE TABLE session_goals (
    session_id  BIGINT NOT NULL REFERENCES sessions(id),
    goal_id     BIGINT NOT NULL REFERENCES goals(id),
    PRIMARY KEY (session_id, goal_id)
);

CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES sessions(id),
    owner_id    BIGINT NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    due_on      TEXT,
    done_at     BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX action_items_session ON action_items(session_id);
CREATE INDEX action_items_owner ON action_items(owner_id);

-- Feedback after a held session: every member rates the session; the focus
-- person also rates the coaching they received (coaching_* columns).
CREATE TABLE feedback (
    id                   INTEGER PRIMARY KEY,
    session_id           BIGINT NOT NULL REFERENCES sessions(id),
    author_id            BIGINT NOT NULL REFERENCES users(id),
    useful               BIGINT NOT NULL CHECK (useful BETWEEN 1 AND 5),
    safe                 BIGINT NOT NULL CHECK (safe BETWEEN 1 AND 5),
    listened             BIGINT NOT NULL CHECK (listened BETWEEN 1 AND 5),
    questions_helped     BIGINT NOT NULL CHECK (questions_helped BETWEEN 1 AND 5),
    actionable           BIGINT NOT NULL CHECK (actionable BETWEEN 1 AND 5),
    comment              TEXT NOT NULL DEFAULT '',
    coaching_listening   BIGINT CHECK (coaching_listening BETWEEN 1 AND 5),
    coaching_questioning BIGINT CHECK (coaching_questioning BETWEEN 1 AND 5),
    coaching_feedback    BIGINT CHECK (coaching_feedback BETWEEN 1 AND 5),
    created_at           BIGINT NOT NULL,
    UNIQUE (session_id, author_id)
);

-- Reflections: a private journal --------------------------------------------------
CREATE TABLE reflections (
    id          INTEGER PRIMARY KEY,
    author_id   BIGINT NOT NULL REFERENCES users(id),
    session_id  BIGINT REFERENCES sessions(id),
    goal_id     BIGINT REFERENCES goals(id),
    tag         TEXT NOT NULL DEFAULT ''
                CHECK (tag IN ('', 'milestone', 'challenge', 'breakthrough', 'insight')),
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX reflections_author ON reflections(author_id, created_at);

-- Messages: one thread per partnership ----------------------------------------------
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    partnership_id  BIGINT NOT NULL REFERENCES partnerships(id),
    author_id       BIGINT REFERENCES users(id),  -- NULL: a neutral system line of our own
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX messages_partnership ON messages(partnership_id, id);

CREATE TABLE message_reads (
    partnership_id   BIGINT NOT NULL REFERENCES partnerships(id),
    user_id          BIGINT NOT NULL REFERENCES users(id),
    last_read_id     BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, user_id)
);
