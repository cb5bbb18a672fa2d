/* test_mustache.c — the template engine's behaviour beyond the spec: strict
 * mode's refusal of raw output, error messages for broken templates, limits
 * that keep hostile templates from crashing, value formatting, layouts, and
 * rendering from several threads at once. The spec itself is covered by
 * test_mustache_spec.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mustache.h"

/* Add a template that must compile. */
static void add(struct mustache_set *set, const char *name, const char *text)
{
    char *error = NULL;
    int rc = mustache_set_add(set, name, text, strlen(text), &error);
    if (rc != 0)
        fail_msg("%s: %s", name, error);
    assert_null(error);
}

/* Compile text under "page" and return the error (caller frees), or NULL. */
static char *add_error(enum mustache_mode mode, const char *text)
{
    struct mustache_set *set = mustache_set_new(mode);
    char *error = NULL;
    int rc = mustache_set_add(set, "page", text, strlen(text), &error);
    mustache_set_free(set);
    assert_int_equal(rc, error ? -1 : 0);
    return error;
}

static void assert_add_fails(enum mustache_mode mode, const char *text, const char *needle)
{
    char *error = add_error(mode, text);
    if (!error)
        fail_msg("compiled, but should not: %s", text);
    if (!strstr(error, needle))
        fail_msg("error \"%s\" lacks \"%s\"", error, needle);
    assert_null(strchr(error, '\n'));
    free(error);
}

/* Render "page" of set with view given as JSON text; returns malloc'd output. */
static char *render(const struct mustache_set *set, const char *view_json)
{
    json_error_t json_error;
    json_t *view = json_loads(view_json, JSON_DECODE_ANY, &json_error);
    if (!view)
        fail_msg("bad test JSON: %s", json_error.text);
    struct strbuf out;
    strbuf_init(&out);
    assert_int_equal(mustache_render(set, "page", view, &out), 0);
    json_decref(view);
    return strbuf_detach(&out, NULL);
}

static void assert_renders(enum mustache_mode mode, const char *template, const char *view_json,
                           const char *expected)
{
    struct mustache_set *set = mustache_set_new(mode);
    add(set, "page", template);
    char *out = render(set, view_json);
    assert_string_equal(out, expected);
    free(out);
    mustache_set_free(set);
}

static void test_escapes_html_by_default(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_STRICT, "<p>{{name}}</p>", "{\"name\": \"<b>&\\\"x\\\"</b>\"}",
                   "<p>&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</p>");
}

static void test_escapes_apostrophe(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_STRICT, "<a title='{{t}}'>", "{\"t\": \"it's\"}",
                   "<a title='it&#39;s'>");
}

static void test_strict_mode_refuses_raw_output_of_plain_key(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_STRICT, "ok\n{{{bio}}}", "\"bio\"");
    assert_add_fails(MUSTACHE_STRICT, "{{& bio }}", "\"bio\"");
    assert_add_fails(MUSTACHE_STRICT, "{{#items}}{{{.}}}{{/items}}", "\".\"");
    char *error = add_error(MUSTACHE_STRICT, "line one\n{{{bio}}}");
    assert_non_null(strstr(error, "\"page\""));
    assert_non_null(strstr(error, "line 2"));
    assert_non_null(strstr(error, "_html"));
    free(error);
}

static void test_strict_mode_allows_raw_html_suffix(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_STRICT, "{{{notes_html}}}|{{&goal.summary_html}}",
                   "{\"notes_html\": \"<em>hi</em>\", \"goal\": {\"summary_html\": \"<p>x</p>\"}}",
                   "<em>hi</em>|<p>x</p>");
}

static void test_strict_mode_checks_last_dotted_segment(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_STRICT, "{{{notes_html.title}}}", "notes_html.title");
    assert_add_fails(MUSTACHE_STRICT, "{{{html}}}", "\"html\"");
}

static void test_spec_mode_allows_raw_output(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_SPEC, "{{{a}}}{{&a}}", "{\"a\": \"<i>\"}", "<i><i>");
}

static void test_unclosed_section_is_an_error_naming_the_line(void **state)
{
    (void)state;
    char *error = add_error(MUSTACHE_STRICT, "<ul>\n\n{{#items}}\n<li>{{name}}</li>\n</ul>\n");
    assert_non_null(error);
    assert_string_equal(error, "template \"page\" line 3: \"items\" is never closed");
    free(error);
}

static void test_mismatched_closing_tag_names_both_tags(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_SPEC, "{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}",
                     "line 3: closing tag \"a\" does not match \"b\" opened on line 2");
}

static void test_closing_tag_without_opening_is_an_error(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_SPEC, "x\n{{/a}}", "line 2: closing tag \"a\" without");
}

static void test_unclosed_tag_is_an_error(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_SPEC, "a {{name", "line 1: tag opened with \"{{\" is never closed");
    assert_add_fails(MUSTACHE_SPEC, "{{{name}}", "never closed");
    assert_add_fails(MUSTACHE_SPEC, "{{=<% %>}}", "never closed");
    assert_add_fails(MUSTACHE_SPEC, "{{!", "never closed");
}

static void test_bad_delimiters_are_an_error(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_SPEC, "{{=<%=}}", "invalid delimiters");
    assert_add_fails(MUSTACHE_SPEC, "{{=a b c=}}", "invalid delimiters");
    assert_add_fails(MUSTACHE_SPEC, "{{=<= =>=}}", "invalid delimiters");
    assert_add_fails(MUSTACHE_SPEC, "{{=xxxxxxxxxxxxxxxxx y=}}", "invalid delimiters");
}

static void test_invalid_names_are_errors(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_SPEC, "{{}}", "without a name");
    assert_add_fails(MUSTACHE_SPEC, "{{#}}{{/}}", "without a name");
    assert_add_fails(MUSTACHE_SPEC, "{{a b}}", "invalid name \"a b\"");
    assert_add_fails(MUSTACHE_SPEC, "{{a..b}}", "invalid name");
    assert_add_fails(MUSTACHE_SPEC, "{{.a}}", "invalid name");
    assert_add_fails(MUSTACHE_SPEC, "{{>}}", "without a name");
    assert_add_fails(MUSTACHE_SPEC, "{{>a b}}", "invalid name");
    assert_add_fails(MUSTACHE_SPEC, "{{$}}{{/}}", "without a name");
}

static void test_error_quotes_are_short_and_on_one_line(void **state)
{
    (void)state;
    char *error =
        add_error(MUSTACHE_SPEC, "{{#a}}{{/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                                 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb}}");
    assert_non_null(strstr(error, "...\""));
    assert_true(strlen(error) < 160);
    free(error);
    assert_add_fails(MUSTACHE_SPEC, "{{a\nb}}", "\"a?b\"");
}

static void test_nesting_beyond_the_limit_is_an_error(void **state)
{
    (void)state;
    struct strbuf text;
    strbuf_init(&text);
    for (int i = 0; i <= MUSTACHE_MAX_DEPTH; i++)
        strbuf_puts(&text, "{{#a}}");
    assert_add_fails(MUSTACHE_SPEC, text.data, "nested more than");
    strbuf_cleanup(&text);

    /* At the limit itself the template compiles and renders. */
    for (int i = 0; i < MUSTACHE_MAX_DEPTH; i++)
        strbuf_puts(&text, "{{#a}}");
    strbuf_puts(&text, "x");
    for (int i = 0; i < MUSTACHE_MAX_DEPTH; i++)
        strbuf_puts(&text, "{{/a}}");
    assert_renders(MUSTACHE_SPEC, text.data, "{\"a\": true}", "x");
    strbuf_cleanup(&text);
}

static void test_only_blocks_may_appear_inside_a_parent(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_STRICT, "{{<layout}}{{name}}{{/layout}}",
                     "only blocks may appear inside parent \"layout\"");
    assert_add_fails(MUSTACHE_STRICT, "{{<layout}}{{#a}}{{/a}}{{/layout}}", "only blocks");
    assert_renders(MUSTACHE_STRICT, "{{<layout}}{{! fine }}{{=<% %>=}}<%/layout%>", "{}", "");
}

static void test_block_passed_twice_is_an_error(void **state)
{
    (void)state;
    assert_add_fails(MUSTACHE_STRICT, "{{<layout}}{{$a}}1{{/a}}\n{{$a}}2{{/a}}{{/layout}}",
                     "line 2: block \"a\" given twice");
}

static void test_adding_a_name_twice_is_an_error(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "one");
    char *error = NULL;
    assert_int_equal(mustache_set_add(set, "page", "two", 3, &error), -1);
    assert_non_null(strstr(error, "\"page\""));
    free(error);
    assert_int_equal(mustache_set_add(set, "", "x", 1, &error), -1);
    free(error);
    char *out = render(set, "{}");
    assert_string_equal(out, "one");
    free(out);
    mustache_set_free(set);
}

static void test_failed_add_leaves_the_set_usable(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    assert_int_equal(mustache_set_add(set, "page", "{{#a}}{{>part}}", 15, NULL), -1);
    add(set, "page", "[{{>part}}]");
    add(set, "part", "p");
    char *out = render(set, "{}");
    assert_string_equal(out, "[p]");
    free(out);
    mustache_set_free(set);
}

static void test_text_need_not_be_nul_terminated(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    const char text[] = {'H', 'i', ' ', '{', '{', 'n', '}', '}', '{', '{'};
    assert_int_equal(mustache_set_add(set, "page", text, 8, NULL), 0);
    char *out = render(set, "{\"n\": \"Ann\"}");
    assert_string_equal(out, "Hi Ann");
    free(out);
    mustache_set_free(set);
}

static void test_render_unknown_template_fails(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "x");
    struct strbuf out;
    strbuf_init(&out);
    strbuf_puts(&out, "kept");
    assert_int_equal(mustache_render(set, "nope", NULL, &out), -1);
    assert_string_equal(out.data, "kept");
    strbuf_cleanup(&out);
    mustache_set_free(set);
}

static void test_render_appends_to_existing_output(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "b{{x}}\n  {{>p}}\n");
    add(set, "p", "c\nd");
    struct strbuf out;
    strbuf_init(&out);
    strbuf_puts(&out, "a");
    json_t *view = json_pack("{s:s}", "x", "!");
    assert_int_equal(mustache_render(set, "page", view, &out), 0);
    assert_string_equal(out.data, "ab!\n  c\n  d");
    json_decref(view);
    strbuf_cleanup(&out);
    mustache_set_free(set);
}

static void test_self_recursive_partial_is_bounded(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "{{>loop}}");
    add(set, "loop", "x{{>loop}}");
    struct strbuf out;
    strbuf_init(&out);
    strbuf_puts(&out, "before");
    assert_int_equal(mustache_render(set, "page", NULL, &out), -1);
    assert_string_equal(out.data, "before");
    strbuf_cleanup(&out);
    mustache_set_free(set);
}

static void test_self_extending_parent_is_bounded(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "{{<page}}{{$a}}x{{/a}}{{/page}}");
    struct strbuf out;
    strbuf_init(&out);
    assert_int_equal(mustache_render(set, "page", NULL, &out), -1);
    assert_int_equal(out.len, 0);
    strbuf_cleanup(&out);
    mustache_set_free(set);
}

static void test_recursive_partial_follows_the_data(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "{{>comment}}");
    add(set, "comment", "({{text}}{{#replies}}{{>comment}}{{/replies}})");
    /* Leaves need their own empty list: without it, lookup through the
     * context stack would find the parent's replies again. */
    char *out = render(set, "{\"text\": \"a\", \"replies\": [{\"text\": \"b\", \"replies\": "
                            "[{\"text\": \"c\", \"replies\": []}]}, "
                            "{\"text\": \"d\", \"replies\": []}]}");
    assert_string_equal(out, "(a(b(c))(d))");
    free(out);
    mustache_set_free(set);
}

static void test_partials_may_be_added_after_their_users(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "<{{>header}}|{{>missing}}>");
    add(set, "header", "H{{title}}");
    char *out = render(set, "{\"title\": \"!\"}");
    assert_string_equal(out, "<H!|>");
    free(out);
    mustache_set_free(set);
}

static void test_layout_inheritance_with_blocks(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page",
        "{{<layout}}\n"
        "{{$title}}Goals of {{user.name}}{{/title}}\n"
        "{{$content}}\n"
        "<ul>\n"
        "  {{#goals}}\n"
        "  <li>{{title}}</li>\n"
        "  {{/goals}}\n"
        "</ul>\n"
        "{{/content}}\n"
        "{{/layout}}\n");
    add(set, "layout",
        "<html>\n"
        "<head><title>{{$title}}peercoach{{/title}}</title></head>\n"
        "<body>\n"
        "  {{>nav}}\n"
        "  <main>\n"
        "    {{$content}}\n"
        "    nothing here\n"
        "    {{/content}}\n"
        "  </main>\n"
        "  {{$footer}}<footer>{{user.name}}</footer>{{/footer}}\n"
        "</body>\n"
        "</html>\n");
    add(set, "nav", "<nav>\n  <a href=\"/\">Home</a>\n</nav>\n");
    char *out = render(set, "{\"user\": {\"name\": \"Ann & Bo\"}, "
                            "\"goals\": [{\"title\": \"Run\"}, {\"title\": \"<Read>\"}]}");
    assert_string_equal(out, "<html>\n"
                             "<head><title>Goals of Ann &amp; Bo</title></head>\n"
                             "<body>\n"
                             "  <nav>\n"
                             "    <a href=\"/\">Home</a>\n"
                             "  </nav>\n"
                             "  <main>\n"
                             "    <ul>\n"
                             "      <li>Run</li>\n"
                             "      <li>&lt;Read&gt;</li>\n"
                             "    </ul>\n"
                             "  </main>\n"
                             "  <footer>Ann &amp; Bo</footer>\n"
                             "</body>\n"
                             "</html>\n");
    free(out);
    mustache_set_free(set);
}

static void test_integers_render_without_decimal_point(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_STRICT, "{{a}} {{b}} {{c}}",
                   "{\"a\": 0, \"b\": -42, \"c\": 9223372036854775807}",
                   "0 -42 9223372036854775807");
}

static void test_reals_render_as_short_as_they_read_back(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_STRICT, "{{a}} {{b}} {{c}} {{d}} {{e}}",
                   "{\"a\": 1.21, \"b\": 0.1, \"c\": 2.0, \"d\": -0.5, \"e\": 1e100}",
                   "1.21 0.1 2.0 -0.5 1e+100");
    assert_renders(MUSTACHE_STRICT, "{{.}}", "0.30000000000000004", "0.30000000000000004");
}

static void test_booleans_and_null_render_as_json_words_or_nothing(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_STRICT, "[{{t}}|{{f}}|{{n}}|{{o}}|{{l}}|{{missing}}]",
                   "{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"k\": 1}, \"l\": [1]}",
                   "[true|false||||]");
}

static void test_truthiness_of_values(void **state)
{
    (void)state;
    /* Falsey: missing, null, false, the empty list; all else is truthy. */
    assert_renders(MUSTACHE_STRICT,
                   "{{#zero}}0{{/zero}}{{#empty}}e{{/empty}}{{#obj}}o{{/obj}}"
                   "{{^null}}N{{/null}}{{^false}}F{{/false}}{{^list}}L{{/list}}{{^missing}}M{{/"
                   "missing}}",
                   "{\"zero\": 0, \"empty\": \"\", \"obj\": {}, \"null\": null, \"false\": false, "
                   "\"list\": []}",
                   "0eoNFLM");
}

static void test_section_over_list_of_objects_sees_outer_keys(void **state)
{
    (void)state;
    assert_renders(MUSTACHE_STRICT, "{{#people}}{{name}}@{{team}};{{/people}}",
                   "{\"team\": \"blue\", \"people\": [{\"name\": \"a\"}, "
                   "{\"name\": \"b\", \"team\": \"red\"}]}",
                   "a@blue;b@red;");
}

static void test_null_view_renders_literal_text(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page", "a{{b}}{{#c}}x{{/c}}{{^c}}y{{/c}}{{.}}");
    struct strbuf out;
    strbuf_init(&out);
    assert_int_equal(mustache_render(set, "page", NULL, &out), 0);
    assert_string_equal(out.data, "ay");
    strbuf_cleanup(&out);
    mustache_set_free(set);
}

struct render_job {
    const struct mustache_set *set;
    const char *expected;
    int mismatches;
};

static void *render_many(void *arg)
{
    struct render_job *job = arg;
    json_t *view = json_pack("{s:[{s:s},{s:s}]}", "items", "name", "<a>", "name", "b");
    for (int i = 0; i < 2000; i++) {
        struct strbuf out;
        strbuf_init(&out);
        if (mustache_render(job->set, "page", view, &out) != 0 ||
            strcmp(out.data, job->expected) != 0)
            job->mismatches++;
        strbuf_cleanup(&out);
    }
    json_decref(view);
    return NULL;
}

static void test_concurrent_renders_share_one_set(void **state)
{
    (void)state;
    struct mustache_set *set = mustache_set_new(MUSTACHE_STRICT);
    add(set, "page",
        "{{<layout}}{{$body}}\n  {{#items}}\n  {{>item}}\n  {{/items}}\n{{/body}}"
        "{{/layout}}");
    add(set, "layout", "<main>\n  {{$body}}\n  {{/body}}\n</main>\n");
    add(set, "item", "<li>{{name}}</li>\n");
    const char *expected = "<main>\n  <li>&lt;a&gt;</li>\n  <li>b</li>\n</main>\n";
    struct render_job jobs[2] = {{set, expected, 0}, {set, expected, 0}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(jobs[0].mismatches, 0);
    assert_int_equal(jobs[1].mismatches, 0);
    mustache_set_free(set);
}

/* Templates stitched at random from tag fragments, good and broken, must
 * either fail to compile with a message or render; never crash (the
 * sanitizer build turns any memory error into a failure). */
static void test_random_templates_compile_or_fail_cleanly(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "{{#a}}", "{{/a}}",    "{{^b}}",   "{{/b}}",      "{{<p}}",      "{{/p}}", "{{$x}}",
        "{{/x}}", "{{>p}}",    "{{>*n}}",  "{{<*n}}",     "{{/*n}}",     "{{v}}",  "{{{v}}}",
        "{{&v}}", "{{.}}",     "{{! c }}", "{{=<% %>=}}", "<%={{ }}=%>", "<%v%>",  "{{",
        "}}",     "{{{",       "\n",       "  ",          "\r\n",        "text",   "{{=| |=}}",
        "|v|",    "{{a.b.c}}", "{{#.}}",   "{{/.}}",      "\t",
    };
    size_t n_pieces = sizeof pieces / sizeof pieces[0];
    uint64_t seed = 0x9e3779b97f4a7c15u;
    json_t *view = json_loads("{\"a\": [1, {\"a\": true}], \"b\": false, \"v\": \"<>\", "
                              "\"n\": \"p\", \"x\": 1.5}",
                              0, NULL);
    int n_compiled = 0;
    for (int round = 0; round < 3000; round++) {
        struct strbuf text;
        strbuf_init(&text);
        int n = 1 + round % 24;
        for (int i = 0; i < n; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            strbuf_puts(&text, pieces[seed % n_pieces]);
        }
        struct mustache_set *set = mustache_set_new(MUSTACHE_SPEC);
        char *error = NULL;
        if (mustache_set_add(set, "page", text.data, text.len, &error) == 0) {
            n_compiled++;
            /* p is both a partial and a parent of page: recursion is bounded. */
            mustache_set_add(set, "p", text.data, text.len, NULL);
            struct strbuf out;
            strbuf_init(&out);
            mustache_render(set, "page", view, &out);
            strbuf_cleanup(&out);
        } else {
            assert_non_null(error);
            assert_non_null(strstr(error, "template \"page\" line "));
        }
        free(error);
        mustache_set_free(set);
        strbuf_cleanup(&text);
    }
    json_decref(view);
    assert_true(n_compiled > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_html_by_default),
        cmocka_unit_test(test_escapes_apostrophe),
        cmocka_unit_test(test_strict_mode_refuses_raw_output_of_plain_key),
        cmocka_unit_test(test_strict_mode_allows_raw_html_suffix),
        cmocka_unit_test(test_strict_mode_checks_last_dotted_segment),
        cmocka_unit_test(test_spec_mode_allows_raw_output),
        cmocka_unit_test(test_unclosed_section_is_an_error_naming_the_line),
        cmocka_unit_test(test_mismatched_closing_tag_names_both_tags),
        cmocka_unit_test(test_closing_tag_without_opening_is_an_error),
        cmocka_unit_test(test_unclosed_tag_is_an_error),
        cmocka_unit_test(test_bad_delimiters_are_an_error),
        cmocka_unit_test(test_invalid_names_are_errors),
        cmocka_unit_test(test_error_quotes_are_short_and_on_one_line),
        cmocka_unit_test(test_nesting_beyond_the_limit_is_an_error),
        cmocka_unit_test(test_only_blocks_may_appear_inside_a_parent),
        cmocka_unit_test(test_block_passed_twice_is_an_error),
        cmocka_unit_test(test_adding_a_name_twice_is_an_error),
        cmocka_unit_test(test_failed_add_leaves_the_set_usable),
        cmocka_unit_test(test_text_need_not_be_nul_terminated),
        cmocka_unit_test(test_render_unknown_template_fails),
        cmocka_unit_test(test_render_appends_to_existing_output),
        cmocka_unit_test(test_self_recursive_partial_is_bounded),
        cmocka_unit_test(test_self_extending_parent_is_bounded),
        cmocka_unit_test(test_recursive_partial_follows_the_data),
        cmocka_unit_test(test_partials_may_be_added_after_their_users),
        cmocka_unit_test(test_layout_inheritance_with_blocks),
        cmocka_unit_test(test_integers_render_without_decimal_point),
        cmocka_unit_test(test_reals_render_as_short_as_they_read_back),
        cmocka_unit_test(test_booleans_and_null_render_as_json_words_or_nothing),
        cmocka_unit_test(test_truthiness_of_values),
        cmocka_unit_test(test_section_over_list_of_objects_sees_outer_keys),
        cmocka_unit_test(test_null_view_renders_literal_text),
        cmocka_unit_test(test_concurrent_renders_share_one_set),
        cmocka_unit_test(test_random_templates_compile_or_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
