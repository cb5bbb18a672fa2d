/* test_web_input.c — web_input_only(): an API body with a key its route
 * does not read is refused with a 422 naming the key (safely, however odd
 * the key), a body of known keys passes, and page forms are left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lib/arena.h"
#include "web/web.h"

static const char *const leave_fields[] = {"reason", "wants_rematch", NULL};

/* A request whose parsed body is the JSON text body. */
static struct web *request(struct arena *arena, bool is_api, const char *body)
{
    struct web *w = arena_zalloc(arena, sizeof *w);
    w->ctx.arena = arena;
    w->is_api = is_api;
    w->input = json_loads(body, 0, NULL);
    assert_non_null(w->input);
    return w;
}

static void done(struct web *w, struct arena *arena)
{
    json_decref(w->input);
    arena_free(arena);
}

static void test_known_keys_pass(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct web *w = request(arena, true, "{\"reason\": \"Time\", \"wants_rematch\": true}");
    assert_int_equal(web_input_only(w, leave_fields), 0);
    assert_false(ctx_failed(&w->ctx));
    done(w, arena);
}

static void test_unknown_key_is_refused_by_name(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct web *w = request(arena, true, "{\"reason\": \"Time\", \"reson\": \"Time\"}");
    assert_int_equal(web_input_only(w, leave_fields), -1);
    assert_int_equal(w->ctx.failure.kind, FAIL_INPUT);
    assert_string_equal(w->ctx.failure.code, "invalid_field");
    assert_string_equal(w->ctx.failure.field, "reson");
    assert_non_null(strstr(w->ctx.failure.message, "reson is not a field"));
    /* The message names what the route does take, to fix a misspelling. */
    assert_non_null(strstr(w->ctx.failure.message, "reason, wants_rematch"));
    done(w, arena);
}

static void test_bodyless_route_refuses_any_key(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct web *w = request(arena, true, "{}");
    assert_int_equal(web_input_only(w, NULL), 0);
    done(w, arena);

    arena = arena_new();
    w = request(arena, true, "{\"confirm\": true}");
    assert_int_equal(web_input_only(w, NULL), -1);
    assert_string_equal(w->ctx.failure.field, "confirm");
    assert_non_null(strstr(w->ctx.failure.message, "takes none"));
    done(w, arena);
}

static void test_odd_keys_are_named_safely(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    char body[400];
    char key[201];
    memset(key, 'k', 200);
    key[200] = '\0';
    snprintf(body, sizeof body, "{\"%s\": 1}", key);
    struct web *w = request(arena, true, body);
    assert_int_equal(web_input_only(w, leave_fields), -1);
    const char *field = w->ctx.failure.field;
    assert_int_equal(strlen(field), 64 + 3);
    assert_int_equal(strncmp(field, key, 64), 0);
    assert_string_equal(field + 64, "...");
    done(w, arena);

    arena = arena_new();
    w = request(arena, true, "{\"a\\nb<c>\\u00e9\\u0001\": 1}");
    assert_int_equal(web_input_only(w, leave_fields), -1);
    /* Newline, <, >, two bytes of é and a control character: one '?' each. */
    assert_string_equal(w->ctx.failure.field, "a?b?c????");
    done(w, arena);
}

static void test_page_forms_are_not_checked(void **state)
{
    (void)state;
    struct arena *arena = arena_new();
    struct web *w = request(arena, false, "{\"reason\": \"Time\", \"csrf\": \"t\", \"go\": \"\"}");
    assert_int_equal(web_input_only(w, leave_fields), 0);
    assert_false(ctx_failed(&w->ctx));
    done(w, arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_keys_pass),
        cmocka_unit_test(test_unknown_key_is_refused_by_name),
        cmocka_unit_test(test_bodyless_route_refuses_any_key),
        cmocka_unit_test(test_odd_keys_are_named_safely),
        cmocka_unit_test(test_page_forms_are_not_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
