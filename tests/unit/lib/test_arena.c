/* test_arena.c — the per-request arena: alignment, growth, big blocks and
 * deferred releases in reverse order, reset for reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/arena.h"

static void test_arena_alignment_and_growth(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    for (int i = 1; i < 2000; i++) {
        unsigned char *p = arena_alloc(a, (size_t)(i % 97) + 1);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, (size_t)(i % 97) + 1);
    }
    assert_true(arena_used(a) > 8192);
    arena_free(a);
}

static void test_arena_big_block_keeps_current_chunk(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *small1 = arena_strdup(a, "before");
    char *big = arena_alloc(a, 1 << 20);
    memset(big, 1, 1 << 20);
    char *small2 = arena_strdup(a, "after");
    assert_string_equal(small1, "before");
    assert_string_equal(small2, "after");
    /* The small allocation after the big one still comes from the first
     * chunk, right behind the first string. */
    assert_true(small2 > small1 && small2 - small1 < 64);
    arena_free(a);
}

static int order[4], order_len;
static void record(void *p)
{
    order[order_len++] = *(int *)p;
}

static void test_arena_defer_runs_in_reverse(void **state)
{
    (void)state;
    static int one = 1, two = 2, three = 3;
    order_len = 0;
    struct arena *a = arena_new();
    arena_defer(a, record, &one);
    arena_defer(a, record, &two);
    arena_defer(a, record, &three);
    arena_free(a);
    assert_int_equal(order_len, 3);
    assert_int_equal(order[0], 3);
    assert_int_equal(order[2], 1);
}

static void test_arena_printf(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_string_equal(arena_printf(a, "%s-%d", "x", 42), "x-42");
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    arena_free(a);
}

static void test_arena_reset_releases_and_reuses(void **state)
{
    (void)state;
    static int one = 1;
    order_len = 0;
    struct arena *a = arena_new();
    char *first = arena_strdup(a, "first");
    arena_defer(a, record, &one);
    memset(arena_alloc(a, 1 << 20), 1, 1 << 20);
    for (int i = 0; i < 100; i++)
        arena_alloc(a, 1000);
    arena_reset(a);
    assert_int_equal(order_len, 1);
    assert_int_equal(arena_used(a), 0);
    /* A reset arena starts again at the front of its first chunk. */
    assert_ptr_equal(arena_strdup(a, "again"), first);
    arena_free(a);
    assert_int_equal(order_len, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alignment_and_growth),
        cmocka_unit_test(test_arena_big_block_keeps_current_chunk),
        cmocka_unit_test(test_arena_defer_runs_in_reverse),
        cmocka_unit_test(test_arena_printf),
        cmocka_unit_test(test_arena_reset_releases_and_reuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
