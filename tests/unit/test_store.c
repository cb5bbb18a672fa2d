/* test_store.c — the storage interface on SQLite: migrations, durable
 * settings, statement reuse, flattened transactions, read transactions,
 * constraints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/setting.h"
#include "store/user.h"
#include "unit_db.h"

static void test_migrations_apply_once(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    assert_int_equal(store_schema_version(u.db), store_latest_version());
    char *error = NULL;
    assert_int_equal(store_migrate(u.db, &error), 0); /* already up to date */
    unit_db_close(&u);
}

static void test_connection_is_durable_wal(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    struct db_stmt *s = db_prepare(u.db, "PRAGMA journal_mode");
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_column_text(s, 0), "wal");
    db_finish(s);
    s = db_prepare(u.db, "PRAGMA synchronous");
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_column_int(s, 0), 2); /* FULL */
    db_finish(s);
    s = db_prepare(u.db, "PRAGMA secure_delete");
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_column_int(s, 0), 1);
    db_finish(s);
    unit_db_close(&u);
}

static void test_prepare_reuses_statement_for_same_text(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    static const char sql[] = "SELECT $2, $1";
    struct db_stmt *a = db_prepare(u.db, sql);
    db_bind_int(a, 1, 10);
    db_bind_text(a, 2, "twenty");
    assert_int_equal(db_step(a), DB_ROW);
    /* $n binds by number whatever order the SQL mentions them in. */
    assert_string_equal(db_column_text(a, 0), "twenty");
    assert_int_equal(db_column_int(a, 1), 10);
    db_finish(a);
    assert_ptr_equal(db_prepare(u.db, sql), a);
    unit_db_close(&u);
}

static void test_inner_rollback_undoes_outer_transaction(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    assert_int_equal(db_begin(u.db), 0);
    assert_int_equal(store_setting_set(u.db, "a", "1"), DB_DONE);
    assert_int_equal(db_begin(u.db), 0);
    assert_int_equal(store_setting_set(u.db, "b", "2"), DB_DONE);
    db_rollback(u.db); /* the inner step failed */
    assert_int_equal(db_commit(u.db), -1);
    assert_false(db_in_transaction(u.db));
    assert_string_equal(store_setting_get(u.db, u.ctx.arena, "a", "unset"), "unset");
    assert_string_equal(store_setting_get(u.db, u.ctx.arena, "b", "unset"), "unset");
    unit_db_close(&u);
}

static void test_unique_email_is_a_constraint(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    int64_t id;
    assert_int_equal(store_user_insert(u.db, "a@x.org", "A", "h", "member", 1, &id), DB_DONE);
    assert_int_equal(store_user_insert(u.db, "a@x.org", "B", "h", "member", 1, &id), DB_CONSTRAINT);
    assert_int_equal(store_user_insert(u.db, "b@x.org", "B", "h", "king", 1, &id), DB_CONSTRAINT);
    assert_int_equal(store_user_count(u.db), 1);
    unit_db_close(&u);
}

static void test_setting_init_keeps_first_value(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    store_setting_init(u.db, "secret_key", "first");
    store_setting_init(u.db, "secret_key", "second");
    assert_string_equal(store_setting_get(u.db, u.ctx.arena, "secret_key", NULL), "first");
    unit_db_close(&u);
}

static void test_people_search_escapes_like_wildcards(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    int64_t id;
    store_user_insert(u.db, "p1@x.org", "Percent 100% Sure", "h", "member", 1, &id);
    store_user_insert(u.db, "p2@x.org", "Plain Name", "h", "member", 1, &id);
    struct person *people;
    assert_int_equal(store_people_search(u.db, u.ctx.arena, "100%", 10, 0, &people), 1);
    assert_string_equal(people[0].user.name, "Percent 100% Sure");
    assert_int_equal(store_people_search(u.db, u.ctx.arena, "%", 10, 0, &people), 1);
    assert_int_equal(store_people_search(u.db, u.ctx.arena, "_", 10, 0, &people), 0);
    assert_int_equal(store_people_search(u.db, u.ctx.arena, "PLAIN", 10, 0, &people), 1);
    assert_int_equal(store_people_search(u.db, u.ctx.arena, "", 10, 0, &people), 2);
    unit_db_close(&u);
}

static void test_read_transaction_sees_one_snapshot_and_ends_at_first_write(void **state)
{
    (void)state;
    struct unit_db u;
    unit_db_open(&u);
    assert_int_equal(store_setting_set(u.db, "a", "old"), DB_DONE);
    char *error = NULL;
    struct db *other = db_open(u.path, &error);
    assert_non_null(other);

    db_read_begin(u.db);
    assert_false(db_in_transaction(u.db));
    assert_string_equal(store_setting_get(u.db, u.ctx.arena, "a", NULL), "old");
    assert_int_equal(store_setting_set(other, "a", "new"), DB_DONE);
    /* Reads in the transaction keep seeing the state it began with... */
    assert_string_equal(store_setting_get(u.db, u.ctx.arena, "a", NULL), "old");
    /* ...and a write, although another connection wrote since, ends it
     * and runs on its own instead of failing on the stale snapshot. */
    assert_int_equal(store_setting_set(u.db, "b", "1"), DB_DONE);
    assert_string_equal(store_setting_get(u.db, u.ctx.arena, "a", NULL), "new");
    db_read_end(u.db);
    assert_string_equal(store_setting_get(other, u.ctx.arena, "b", NULL), "1");

    /* db_begin() ends it too: the write transaction works as ever. */
    db_read_begin(u.db);
    assert_string_equal(store_setting_get(u.db, u.ctx.arena, "b", NULL), "1");
    assert_int_equal(store_setting_set(other, "b", "2"), DB_DONE);
    assert_int_equal(db_begin(u.db), 0);
    assert_int_equal(store_setting_set(u.db, "c", "3"), DB_DONE);
    assert_int_equal(db_commit(u.db), 0);
    db_read_end(u.db);
    assert_string_equal(store_setting_get(other, u.ctx.arena, "c", NULL), "3");
    db_close(other);
    unit_db_close(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations_apply_once),
        cmocka_unit_test(test_connection_is_durable_wal),
        cmocka_unit_test(test_prepare_reuses_statement_for_same_text),
        cmocka_unit_test(test_inner_rollback_undoes_outer_transaction),
        cmocka_unit_test(test_unique_email_is_a_constraint),
        cmocka_unit_test(test_setting_init_keeps_first_value),
        cmocka_unit_test(test_people_search_escapes_like_wildcards),
        cmocka_unit_test(test_read_transaction_sees_one_snapshot_and_ends_at_first_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
