/* test_config.c — configuration: defaults, INI, environment, flags, their
 * precedence, units, and one-line errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static int load(struct config *cfg, int argc, char **argv, char **error)
{
    config_init(cfg);
    *error = NULL;
    return config_load(cfg, argc, argv, error);
}

static void test_config_defaults(void **state)
{
    (void)state;
    struct config cfg;
    char *error;
    unsetenv("PEERCOACH_LISTEN");
    unsetenv("PEERCOACH_DB");
    assert_int_equal(load(&cfg, 0, NULL, &error), 0);
    assert_string_equal(cfg.listen, "127.0.0.1:8080");
    assert_string_equal(cfg.db, "peercoach.db");
    assert_int_equal(cfg.max_body, 1024 * 1024);
    assert_int_equal(cfg.login_idle, 14 * 86400);
    assert_true(cfg.access_log);
    config_cleanup(&cfg);
}

static void test_config_precedence_flag_env_ini(void **state)
{
    (void)state;
    char path[] = "/tmp/peercoach-config-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "# comment\n[server]\nlisten = 127.0.0.1:7000\ndb = ini.db\nmax_body = 2m\n"
               "idle-timeout = 1m\n");
    fclose(f);
    setenv("PEERCOACH_DB", "env.db", 1);
    setenv("PEERCOACH_LISTEN", "127.0.0.1:7100", 1);
    char *argv[] = {"--config", path, "--listen", "127.0.0.1:7200", "--access-log=off"};
    struct config cfg;
    char *error;
    assert_int_equal(load(&cfg, 5, argv, &error), 0);
    assert_string_equal(cfg.listen, "127.0.0.1:7200"); /* flag beats env and INI */
    assert_string_equal(cfg.db, "env.db");             /* env beats INI */
    assert_int_equal(cfg.max_body, 2 * 1024 * 1024);   /* INI beats default */
    assert_int_equal(cfg.idle_timeout, 60);
    assert_false(cfg.access_log);
    config_cleanup(&cfg);
    unsetenv("PEERCOACH_DB");
    unsetenv("PEERCOACH_LISTEN");
    unlink(path);
}

static void expect_error(int argc, char **argv, const char *needle)
{
    struct config cfg;
    char *error;
    assert_int_equal(load(&cfg, argc, argv, &error), -1);
    assert_non_null(error);
    assert_non_null(strstr(error, needle));
    assert_null(strchr(error, '\n'));
    free(error);
    config_cleanup(&cfg);
}

static void test_config_errors_name_the_problem(void **state)
{
    (void)state;
    expect_error(1, (char *[]){"--bogus"}, "--bogus");
    expect_error(2, (char *[]){"--max-body", "lots"}, "max-body");
    expect_error(1, (char *[]){"--threads"}, "needs a value");
    expect_error(2, (char *[]){"--listen", "nohost"}, "listen");
    expect_error(2, (char *[]){"--listen", "127.0.0.1:99999"}, "listen");
    expect_error(1, (char *[]){"stray"}, "stray");
    expect_error(2, (char *[]){"--config", "/nonexistent/peercoach.ini"}, "/nonexistent");
    expect_error(2, (char *[]){"--access-log", "maybe"}, "access-log");
}

static void test_config_parse_listen(void **state)
{
    (void)state;
    char host[64];
    int port;
    assert_int_equal(config_parse_listen("[::1]:8080", host, sizeof host, &port), 0);
    assert_string_equal(host, "[::1]");
    assert_int_equal(port, 8080);
    assert_int_equal(config_parse_listen(":8080", host, sizeof host, &port), -1);
    assert_int_equal(config_parse_listen("h:0", host, sizeof host, &port), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_config_precedence_flag_env_ini),
        cmocka_unit_test(test_config_errors_name_the_problem),
        cmocka_unit_test(test_config_parse_listen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
