/* test_router.c — route patterns: literals, parameters, methods, HEAD as
 * GET, trailing slashes, and malformed patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/router.h"

static int home, me, user, goal;

static void build(struct router *r)
{
    router_init(r);
    assert_int_equal(router_add(r, "GET /", &home, false), 0);
    assert_int_equal(router_add(r, "GET /api/v1/me", &me, true), 0);
    assert_int_equal(router_add(r, "PATCH /api/v1/users/:id", &user, true), 0);
    assert_int_equal(router_add(r, "GET /api/v1/users/:id/goals/:goal", &goal, true), 0);
}

static void test_router_matches_literals_and_root(void **state)
{
    (void)state;
    struct router r;
    struct router_match m;
    build(&r);
    assert_true(router_match(&r, "GET", "/", &m));
    assert_ptr_equal(m.pattern->target, &home);
    assert_true(router_match(&r, "GET", "/api/v1/me", &m));
    assert_ptr_equal(m.pattern->target, &me);
    assert_true(m.pattern->is_api);
    router_cleanup(&r);
}

static void test_router_captures_parameters(void **state)
{
    (void)state;
    struct router r;
    struct router_match m;
    build(&r);
    assert_true(router_match(&r, "GET", "/api/v1/users/42/goals/7", &m));
    assert_ptr_equal(m.pattern->target, &goal);
    assert_string_equal(m.params[0], "42");
    assert_string_equal(m.params[1], "7");
    router_cleanup(&r);
}

static void test_router_reports_wrong_method(void **state)
{
    (void)state;
    struct router r;
    struct router_match m;
    build(&r);
    assert_false(router_match(&r, "DELETE", "/api/v1/users/42", &m));
    assert_true(m.path_matched);
    assert_false(router_match(&r, "GET", "/api/v1/nothing", &m));
    assert_false(m.path_matched);
    router_cleanup(&r);
}

static void test_router_head_is_get(void **state)
{
    (void)state;
    struct router r;
    struct router_match m;
    build(&r);
    assert_true(router_match(&r, "HEAD", "/api/v1/me", &m));
    router_cleanup(&r);
}

static void test_router_refuses_near_misses(void **state)
{
    (void)state;
    struct router r;
    struct router_match m;
    build(&r);
    assert_false(router_match(&r, "GET", "/api/v1/me/", &m));      /* trailing slash */
    assert_false(router_match(&r, "GET", "/api/v1/mex", &m));      /* longer literal */
    assert_false(router_match(&r, "PATCH", "/api/v1/users/", &m)); /* empty parameter */
    assert_false(router_match(&r, "PATCH", "/api/v1/users/1/x", &m));
    assert_false(router_match(&r, "GET", "api/v1/me", &m)); /* not absolute */
    router_cleanup(&r);
}

static void test_router_refuses_malformed_patterns(void **state)
{
    (void)state;
    struct router r;
    router_init(&r);
    assert_int_equal(router_add(&r, "/no/method", &home, false), -1);
    assert_int_equal(router_add(&r, "GET no-slash", &home, false), -1);
    assert_int_equal(router_add(&r, "GET /:a/:b/:c/:d/:e", &home, false), -1);
    assert_int_equal(router_add(&r, "GET /1/2/3/4/5/6/7/8/9", &home, false), -1);
    router_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_router_matches_literals_and_root),
        cmocka_unit_test(test_router_captures_parameters),
        cmocka_unit_test(test_router_reports_wrong_method),
        cmocka_unit_test(test_router_head_is_get),
        cmocka_unit_test(test_router_refuses_near_misses),
        cmocka_unit_test(test_router_refuses_malformed_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
