/* unit_seed.h — rows the domain tests stand on, written straight into a
 * unit_db: users, a program with its organizer, enrollments, and the six
 * people the matching tests pair. Header-only, like unit_db.h; each test
 * program includes it once.
 *
 * Programs, enrollments and profiles belong to other areas than the ones
 * under test, so they are seeded with SQL (not through domain/) and the
 * tests depend on the schema only. Every step asserts, so a seed that
 * fails stops the test where it failed. */
#ifndef PEERCOACH_UNIT_SEED_H
#define PEERCOACH_UNIT_SEED_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/user.h"
#include "unit_db.h"

/* An active user with a password hash no login will match. */
static inline struct user unit_seed_user(struct unit_db *u, const char *email, const char *name,
                                         const char *role)
{
    struct user user = {.email = email, .name = name, .role = role, .is_active = true};
    assert_int_equal(
        store_user_insert(u->db, email, name, "not a real hash", role, u->ctx.now, &user.id),
        DB_DONE);
    return user;
}

/* Run sql, which returns no rows, with integer parameters $1 and $2. */
static inline void unit_seed_exec(struct unit_db *u, const char *sql, int64_t p1, int64_t p2)
{
    struct db_stmt *stmt = db_prepare(u->db, sql);
    assert_non_null(stmt);
    db_bind_int(stmt, 1, p1);
    db_bind_int(stmt, 2, p2);
    assert_int_equal(db_step(stmt), DB_DONE);
    db_finish(stmt);
}

/* The one number a "SELECT COUNT(*) …" answers. */
static inline int64_t unit_seed_count(struct unit_db *u, const char *sql)
{
    struct db_stmt *stmt = db_prepare(u->db, sql);
    assert_non_null(stmt);
    assert_int_equal(db_step(stmt), DB_ROW);
    int64_t n = db_column_int(stmt, 0);
    db_finish(stmt);
    return n;
}

/* A weekly program "Pilot" of groups of group_size, open for enrollment
 * and running from 2026 to 2029, with organizer_id as its organizer. */
static inline int64_t unit_seed_program(struct unit_db *u, const char *state, int64_t group_size,
                                        int64_t organizer_id)
{
    struct db_stmt *stmt = db_prepare(
        u->db, "INSERT INTO programs (name, group_size, cadence, session_minutes, starts_on,"
               " ends_on, enroll_opens_on, enroll_closes_on, state, created_by, created_at,"
               " updated_at) VALUES ('Pilot', $1, 'weekly', 50, '2026-01-01', '2029-12-31',"
               " '2026-01-01', '2029-12-31', $2, $3, 0, 0) RETURNING id");
    assert_non_null(stmt);
    db_bind_int(stmt, 1, group_size);
    db_bind_text(stmt, 2, state);
    db_bind_int(stmt, 3, organizer_id);
    assert_int_equal(db_step(stmt), DB_ROW);
    int64_t id = db_column_int(stmt, 0);
    db_finish(stmt);
    unit_seed_exec(u, "INSERT INTO program_organizers (program_id, user_id) VALUES ($1, $2)", id,
                   organizer_id);
    return id;
}

/* An enrollment in state ("accepted", "waitlisted"…). */
static inline void unit_seed_enroll(struct unit_db *u, int64_t program_id, int64_t user_id,
                                    const char *state)
{
    struct db_stmt *stmt = db_prepare(u->db, "INSERT INTO enrollments (program_id, user_id, state,"
                                             " applied_at) VALUES ($1, $2, $3, 0)");
    assert_non_null(stmt);
    db_bind_int(stmt, 1, program_id);
    db_bind_int(stmt, 2, user_id);
    db_bind_text(stmt, 3, state);
    assert_int_equal(db_step(stmt), DB_DONE);
    db_finish(stmt);
}

#define UNIT_PEOPLE 6

/* Ana, Ben, Chloe, Dev, Eli and Fay (a@x.org … f@x.org), members accepted
 * into program_id. Everyone speaks English, is level 3 and free on Monday
 * morning, UTC; skills make Ana+Ben, Chloe+Dev and Eli+Fay the reciprocal
 * pairs. */
static inline void unit_seed_people(struct unit_db *u, int64_t program_id,
                                    struct user people[UNIT_PEOPLE])
{
    static const struct {
        const char *email, *name, *develop, *offer;
    } cast[UNIT_PEOPLE] = {
        {"a@x.org", "Ana", "[\"speaking\"]", "[\"analysis\"]"},
        {"b@x.org", "Ben", "[\"analysis\"]", "[\"speaking\"]"},
        {"c@x.org", "Chloe", "[\"negotiation\"]", "[\"hiring\"]"},
        {"d@x.org", "Dev", "[\"hiring\"]", "[\"negotiation\"]"},
        {"e@x.org", "Eli", "[\"budgeting\"]", "[\"writing\"]"},
        {"f@x.org", "Fay", "[\"writing\"]", "[\"budgeting\"]"},
    };
    for (int i = 0; i < UNIT_PEOPLE; i++) {
        people[i] = unit_seed_user(u, cast[i].email, cast[i].name, "member");
        struct db_stmt *stmt = db_prepare(
            u->db, "UPDATE profiles SET languages = '[\"en\"]', level = 3, availability ="
                   " '[{\"day\":\"mon\",\"start\":\"09:00\",\"end\":\"12:00\"}]',"
                   " skills_to_develop = $2, skills_to_offer = $3 WHERE user_id = $1");
        assert_non_null(stmt);
        db_bind_int(stmt, 1, people[i].id);
        db_bind_text(stmt, 2, cast[i].develop);
        db_bind_text(stmt, 3, cast[i].offer);
        assert_int_equal(db_step(stmt), DB_DONE);
        db_finish(stmt);
        unit_seed_enroll(u, program_id, people[i].id, "accepted");
    }
}

#endif
