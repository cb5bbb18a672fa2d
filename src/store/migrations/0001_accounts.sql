-- 0001_accounts.sql — users, profiles, login tokens, invitations, settings,
-- audit log.
--
-- Portable DDL (see docs/ARCHITECTURE.md, "SQL rules"): ids are
-- "INTEGER PRIMARY KEY" (the PostgreSQL driver maps that one phrase to an
-- identity column), every other integer is BIGINT, times are UTC seconds,
-- lists are JSON text parsed in C. Emails are stored lower-cased so a plain
-- UNIQUE gives case-insensitive uniqueness on both backends.

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT 'member'
                   CHECK (role IN ('admin', 'organizer', 'member')),
    is_active      BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE profiles (
    user_id            BIGINT PRIMARY KEY REFERENCES users(id),
    job_title          TEXT NOT NULL DEFAULT '',
    department         TEXT NOT NULL DEFAULT '',
    level              BIGINT,
    manager_id         BIGINT REFERENCES users(id),
    time_zone          TEXT NOT NULL DEFAULT 'UTC',
    languages          TEXT NOT NULL DEFAULT '[]',
    availability       TEXT NOT NULL DEFAULT '[]',
    skills_to_develop  TEXT NOT NULL DEFAULT '[]',
    skills_to_offer    TEXT NOT NULL DEFAULT '[]',
    interests          TEXT NOT NULL DEFAULT '[]',
    bio                TEXT NOT NULL DEFAULT '',
    updated_at         BIGINT NOT NULL
);
CREATE INDEX profiles_manager ON profiles(manager_id);

-- Only a hash of each login token is kept: a leaked database does not let
-- anyone log in.
CREATE TABLE login_tokens (
    token_hash    TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL
);
CREATE INDEX login_tokens_user ON login_tokens(user_id);

CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    invited_by  BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

-- Who did what, never with private content: subjects are ids, details are
-- short machine words ("role=organizer").
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            BIGINT NOT NULL,
    actor_id      BIGINT REFERENCES users(id),
    action        TEXT NOT NULL,
    subject_type  TEXT NOT NULL DEFAULT '',
    subject_id    BIGINT,
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
