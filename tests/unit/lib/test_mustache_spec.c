/* test_mustache_spec.c — the Mustache spec's conformance files, run through
 * our engine.
 *
 * The files (github.com/mustache/spec, kept under
 * shared/conformance/mustache-spec) are data only. Every test in them gets a
 * fresh MUSTACHE_SPEC set holding its partials and template; each file is
 * one cmocka test, which prints every failing spec test with its expected
 * and actual output. Where the files are not found the program exits 77,
 * which CTest reports as skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/mustache.h"

/* The spec's optional modules we implement are included; ~lambdas is not. */
static const char *const spec_files[] = {
    "comments.json", "delimiters.json", "interpolation.json", "inverted.json",
    "partials.json", "sections.json",   "~inheritance.json",  "~dynamic-names.json",
};

/* Not a name a spec partial can have: it contains spaces. */
#define TEMPLATE_NAME "spec template"

static char spec_dir[4096];

static void find_spec_dir(void)
{
    const char *dir = getenv("PEERCOACH_MUSTACHE_SPEC");
    const char *source = getenv("PEERCOACH_SOURCE_DIR");
    if (dir)
        snprintf(spec_dir, sizeof spec_dir, "%s", dir);
    else if (source)
        snprintf(spec_dir, sizeof spec_dir, "%s/../shared/conformance/mustache-spec", source);
    else
        snprintf(spec_dir, sizeof spec_dir, "../shared/conformance/mustache-spec");
}

static void print_escaped(const char *label, const char *s, size_t len)
{
    fprintf(stderr, "    %s \"", label);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            fputs("\\n", stderr);
        else if (c == '\r')
            fputs("\\r", stderr);
        else if (c == '\t')
            fputs("\\t", stderr);
        else if (c == '"' || c == '\\')
            fprintf(stderr, "\\%c", c);
        else if (c < ' ')
            fprintf(stderr, "\\x%02x", c);
        else
            fputc(c, stderr);
    }
    fputs("\"\n", stderr);
}

static int add_template(struct mustache_set *set, const char *file, const char *test_name,
                        const char *name, const json_t *text)
{
    char *error = NULL;
    if (mustache_set_add(set, name, json_string_value(text), json_string_length(text), &error) == 0)
        return 0;
    fprintf(stderr, "FAIL %s: %s\n    compile error: %s\n", file, test_name, error);
    free(error);
    return -1;
}

/* One spec test; prints it and returns false if it fails. */
static bool run_spec_test(const char *file, json_t *test)
{
    const char *test_name = json_string_value(json_object_get(test, "name"));
    json_t *expected = json_object_get(test, "expected");
    json_t *partials = json_object_get(test, "partials");
    struct mustache_set *set = mustache_set_new(MUSTACHE_SPEC);
    bool is_pass = true;

    const char *partial_name;
    json_t *partial;
    json_object_foreach(partials, partial_name, partial)
    {
        if (add_template(set, file, test_name, partial_name, partial))
            is_pass = false;
    }
    if (add_template(set, file, test_name, TEMPLATE_NAME, json_object_get(test, "template")))
        is_pass = false;

    struct strbuf out;
    strbuf_init(&out);
    if (is_pass) {
        int rc = mustache_render(set, TEMPLATE_NAME, json_object_get(test, "data"), &out);
        is_pass = rc == 0 && out.len == json_string_length(expected) &&
                  memcmp(out.data ? out.data : "", json_string_value(expected), out.len) == 0;
        if (!is_pass) {
            fprintf(stderr, "FAIL %s: %s%s\n", file, test_name, rc ? " (render failed)" : "");
            print_escaped("template:", json_string_value(json_object_get(test, "template")),
                          json_string_length(json_object_get(test, "template")));
            print_escaped("expected:", json_string_value(expected), json_string_length(expected));
            print_escaped("actual:  ", out.data ? out.data : "", out.len);
        }
    }
    strbuf_cleanup(&out);
    mustache_set_free(set);
    return is_pass;
}

static void test_spec_file(void **state)
{
    const char *file = *state;
    char path[sizeof spec_dir + 64];
    snprintf(path, sizeof path, "%s/%s", spec_dir, file);
    json_error_t json_error;
    json_t *spec = json_load_file(path, 0, &json_error);
    if (!spec)
        fail_msg("%s: %s (line %d)", path, json_error.text, json_error.line);

    json_t *tests = json_object_get(spec, "tests");
    assert_true(json_array_size(tests) > 0);
    size_t i, n_failed = 0;
    json_t *test;
    json_array_foreach(tests, i, test)
    {
        if (!run_spec_test(file, test))
            n_failed++;
    }
    printf("%s: %zu of %zu passed\n", file, json_array_size(tests) - n_failed,
           json_array_size(tests));
    json_decref(spec);
    assert_int_equal(n_failed, 0);
}

int main(void)
{
    find_spec_dir();
    struct stat st;
    if (stat(spec_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("mustache spec not found at %s; set PEERCOACH_MUSTACHE_SPEC to its directory\n",
               spec_dir);
        return 77;
    }
    struct CMUnitTest tests[sizeof spec_files / sizeof spec_files[0]];
    for (size_t i = 0; i < sizeof spec_files / sizeof spec_files[0]; i++)
        tests[i] = (struct CMUnitTest){
            .name = spec_files[i],
            .test_func = test_spec_file,
            .initial_state = (void *)spec_files[i],
        };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
