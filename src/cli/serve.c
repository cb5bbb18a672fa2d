/* serve.c — `peercoach serve` and `peercoach migrate`. Serving migrates
 * first, so a new version of the binary brings its schema with it. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "http/server.h"
#include "store/migrate.h"
#include "store/pool.h"

int cli_serve(int argc, char **argv)
{
    struct config cfg;
    struct db *db;
    config_init(&cfg);
    int status = cli_open(&cfg, argc, argv, &db);
    if (status != 0) {
        config_cleanup(&cfg);
        return status;
    }
    struct web_app *app = web_app_new(&cfg, db);
    if (!app) {
        fprintf(stderr, "peercoach: cannot start the web layer (see the log above)\n");
        store_pool_close_all();
        config_cleanup(&cfg);
        return 1;
    }
    status = server_run(&cfg, app) == 0 ? 0 : 1;
    web_app_free(app);
    store_pool_close_all();
    config_cleanup(&cfg);
    return status;
}

int cli_migrate(int argc, char **argv)
{
    struct config cfg;
    struct db *db;
    config_init(&cfg);
    int status = cli_open(&cfg, argc, argv, &db);
    if (status == 0) {
        printf("database %s is at schema version %d\n", cfg.db, store_schema_version(db));
        store_pool_close_all();
    }
    config_cleanup(&cfg);
    return status;
}
