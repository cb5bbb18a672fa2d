/* common.c — what every subcommand needs: options, configuration, an open
 * and migrated database, and a ctx to call domain/ with. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/migrate.h"
#include "store/pool.h"

int cli_take_option(int *argc, char **argv, const char *name, const char **value)
{
    size_t n = strlen(name);
    *value = NULL;
    for (int i = 0; i < *argc; i++) {
        int remove = 0;
        if (!strcmp(argv[i], name)) {
            if (i + 1 >= *argc)
                return -1;
            *value = argv[i + 1];
            remove = 2;
        } else if (!strncmp(argv[i], name, n) && argv[i][n] == '=') {
            *value = argv[i] + n + 1;
            remove = 1;
        }
        if (remove) {
            memmove(argv + i, argv + i + remove, sizeof *argv * (size_t)(*argc - i - remove));
            *argc -= remove;
            return 0;
        }
    }
    return 0;
}

bool cli_take_flag(int *argc, char **argv, const char *name)
{
    for (int i = 0; i < *argc; i++) {
        if (!strcmp(argv[i], name)) {
            memmove(argv + i, argv + i + 1, sizeof *argv * (size_t)(*argc - i - 1));
            (*argc)--;
            return true;
        }
    }
    return false;
}

int cli_open(struct config *cfg, int argc, char **argv, struct db **db)
{
    char *error = NULL;
    if (config_load(cfg, argc, argv, &error) != 0) {
        fprintf(stderr, "peercoach: %s\n", error);
        free(error);
        return 2;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "peercoach: cannot initialise libsodium\n");
        return 1;
    }
    store_pool_init(cfg->db);
    *db = store_thread_db();
    if (!*db) {
        fprintf(stderr, "peercoach: cannot open database %s\n", cfg->db);
        return 1;
    }
    if (store_migrate(*db, &error) < 0) {
        fprintf(stderr, "peercoach: %s\n", error ? error : "migration failed");
        free(error);
        store_pool_close_all();
        return 1;
    }
    return 0;
}

void cli_ctx_init(struct ctx *ctx, struct db *db, const struct config *cfg, const struct user *user)
{
    *ctx = (struct ctx){
        .arena = arena_new(), .db = db, .config = cfg, .user = user, .now = time(NULL)};
}

void cli_print_failure(const struct ctx *ctx)
{
    fprintf(stderr, "peercoach: %s\n",
            ctx->failure.message ? ctx->failure.message : "failed (see the log above)");
}
