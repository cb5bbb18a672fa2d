-- 0003_matching.sql — automatic matching in a program: each program's
-- rules, and matching runs (a preview the organizers adjust by hand, then
-- publish as partnerships). Same portable DDL rules as 0001: ids are
-- "INTEGER PRIMARY KEY", every other integer BIGINT, booleans BIGINT 0/1,
-- times UTC seconds, lists JSON text parsed in C.

-- One row per program whose organizers changed a rule; a program without a
-- row matches with the engine's defaults (match_rules_init). Weights are
-- 0..1000, 0 switching a rule off. The reporting-chain rule is not here: it
-- is always on, since peer coaching is coaching without hierarchy.
CREATE TABLE matching_rules (
    program_id               BIGINT PRIMARY KEY REFERENCES programs(id),
    weight_complement        BIGINT NOT NULL,
    weight_similarity        BIGINT NOT NULL,
    weight_level             BIGINT NOT NULL,
    weight_department        BIGINT NOT NULL,
    weight_timezone          BIGINT NOT NULL,
    weight_availability      BIGINT NOT NULL,
    weight_request           BIGINT NOT NULL,
    min_overlap_minutes      BIGINT NOT NULL,
    avoid_recent_rounds      BIGINT NOT NULL,
    max_level_gap            BIGINT NOT NULL,  -- -1: no limit
    require_shared_language  BIGINT NOT NULL,
    department_mode          TEXT NOT NULL CHECK (department_mode IN ('cross', 'same')),
    odd_person               TEXT NOT NULL CHECK (odd_person IN ('join', 'unmatched')),
    updated_by               BIGINT REFERENCES users(id),
    updated_at               BIGINT NOT NULL
);

-- A run: the engine's answer for a program's pool at one moment, kept as a
-- draft the organizers edit, then published (its groups became
-- partnerships) or superseded (another run of the program was published
-- first). version counts changes, so an edit computed outside the write
-- lock is stored only if nobody changed the run meanwhile.
CREATE TABLE matching_runs (
    id            INTEGER PRIMARY KEY,
    program_id    BIGINT NOT NULL REFERENCES programs(id),
    state         TEXT NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'published', 'superseded')),
    round         BIGINT NOT NULL,
    seed          BIGINT NOT NULL,
    rules         TEXT NOT NULL,             -- the rules used, JSON
    notes         TEXT NOT NULL DEFAULT '',  -- our own sentences about the input
    people_count  BIGINT NOT NULL,
    total_score   BIGINT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_by    BIGINT REFERENCES users(id),  -- NULL: the command line
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    published_by  BIGINT REFERENCES users(id),
    published_at  BIGINT
);
CREATE INDEX matching_runs_program ON matching_runs(program_id, id);

-- A group of a run, numbered within it. factors: JSON list of the rules
-- that scored ({"rule", "points", "text"}). partnership_id is set when the
-- run is published.
CREATE TABLE matching_groups (
    run_id              BIGINT NOT NULL REFERENCES matching_runs(id),
    number              BIGINT NOT NULL,
    score               BIGINT NOT NULL,
    explanation         TEXT NOT NULL,
    factors             TEXT NOT NULL DEFAULT '[]',
    is_locked           BIGINT NOT NULL DEFAULT 0,
    is_manual           BIGINT NOT NULL DEFAULT 0,  -- made or changed by hand
    breaks_constraints  BIGINT NOT NULL DEFAULT 0,
    partnership_id      BIGINT REFERENCES partnerships(id),
    PRIMARY KEY (run_id, number)
);

-- Everyone of a run's pool is in exactly one group or unmatched.
CREATE TABLE matching_group_members (
    run_id        BIGINT NOT NULL REFERENCES matching_runs(id),
    group_number  BIGINT NOT NULL,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (run_id, user_id)
);

CREATE TABLE matching_unmatched (
    run_id            BIGINT NOT NULL REFERENCES matching_runs(id),
    user_id           BIGINT NOT NULL REFERENCES users(id),
    reason            TEXT NOT NULL,   -- the engine's reason word, or missing_level, manual
    explanation       TEXT NOT NULL,
    compatible_count  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, user_id)
);

-- The run's history: what happened, in our own words (detail), and the
-- organizer's reason for a change made by hand. Seen by the program's
-- organizers only, like the run.
CREATE TABLE matching_edits (
    id        INTEGER PRIMARY KEY,
    run_id    BIGINT NOT NULL REFERENCES matching_runs(id),
    at        BIGINT NOT NULL,
    actor_id  BIGINT REFERENCES users(id),  -- NULL: the command line
    action    TEXT NOT NULL
              CHECK (action IN ('create', 'lock', 'unlock', 'move', 'swap', 'split', 'rerun',
                                'publish')),
    detail    TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX matching_edits_run ON matching_edits(run_id, id);

-- A participant's pairing preferences in one program, read by nobody but
-- them (organizers included) and by the engine when a run is made. Each
-- row is one email as they typed it (email) and its lower-case form
-- (email_key, compared with users.email, which is stored lower-case).
-- Emails are never resolved to accounts here: a list may name anyone,
-- enrolled or not, with an account or not, so storing one says nothing.
-- kind: pair ("I'd like to be paired with", up to 3) or never ("please
-- never pair me with", up to 10); position keeps the order typed.
CREATE TABLE matching_preferences (
    program_id  BIGINT NOT NULL REFERENCES programs(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('pair', 'never')),
    position    BIGINT NOT NULL,
    email       TEXT NOT NULL,
    email_key   TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (program_id, user_id, kind, position)
);
