/* create_admin.c — `peercoach create-admin --email E --name N`: make an
 * instance admin from the command line, e.g. on a server where sign-up is
 * closed. The password comes from PEERCOACH_ADMIN_PASSWORD or the first
 * line of standard input (typed without echo on a terminal), never from
 * the command line, where other users could read it in the process list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/account.h"
#include "store/pool.h"

static int read_password(char *out, size_t size)
{
    const char *env = getenv("PEERCOACH_ADMIN_PASSWORD");
    if (env) {
        snprintf(out, size, "%s", env);
        return 0;
    }
    bool tty = isatty(STDIN_FILENO);
    struct termios saved, quiet;
    if (tty) {
        fprintf(stderr, "Password: ");
        tcgetattr(STDIN_FILENO, &saved);
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *line = fgets(out, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        fprintf(stderr, "\n");
    }
    if (!line)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cli_create_admin(int argc, char **argv)
{
    const char *email, *name;
    if (cli_take_option(&argc, argv, "--email", &email) != 0 ||
        cli_take_option(&argc, argv, "--name", &name) != 0 || !email || !name) {
        fprintf(stderr, "peercoach: create-admin needs --email ADDRESS and --name NAME\n");
        return 2;
    }
    struct config cfg;
    struct db *db;
    config_init(&cfg);
    int status = cli_open(&cfg, argc, argv, &db);
    if (status != 0) {
        config_cleanup(&cfg);
        return status;
    }
    char password[512];
    struct ctx ctx;
    cli_ctx_init(&ctx, db, &cfg, NULL);
    struct user user;
    struct signup in = {.email = email, .name = name, .password = password};
    if (read_password(password, sizeof password) != 0) {
        fprintf(stderr, "peercoach: no password given (PEERCOACH_ADMIN_PASSWORD or stdin)\n");
        status = 2;
    } else if (account_create(&ctx, &in, "admin", NULL, &user) != 0) {
        cli_print_failure(&ctx);
        status = ctx.failure.kind == FAIL_INPUT || ctx.failure.kind == FAIL_CONFLICT ? 2 : 1;
    } else {
        printf("created admin %s (id %lld)\n", user.email, (long long)user.id);
    }
    arena_free(ctx.arena);
    store_pool_close_all();
    config_cleanup(&cfg);
    return status;
}
