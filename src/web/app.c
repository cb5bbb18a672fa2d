/* app.c — building the web layer's long-lived state: the compiled route
 * table, the templates (embedded in the binary) and the secret that keys
 * CSRF tokens.
 *
 * The secret is generated once and kept in the database's settings, so
 * every process serving the same database (several behind a load balancer,
 * or one after a restart) accepts the same form tokens. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/log.h"
#include "lib/mustache.h"
#include "store/setting.h"
#include "web/web.h"

static int load_templates(struct web_app *app)
{
    app->templates = mustache_set_new(MUSTACHE_STRICT);
    for (const struct embedded_file *f = embedded_templates; f->name; f++) {
        char name[128];
        const char *dot = strrchr(f->name, '.');
        size_t n = dot ? (size_t)(dot - f->name) : strlen(f->name);
        if (n >= sizeof name)
            return -1;
        memcpy(name, f->name, n);
        name[n] = '\0';
        char *error = NULL;
        if (mustache_set_add(app->templates, name, f->data, f->size, &error) != 0) {
            log_error("template %s: %s", f->name, error ? error : "invalid");
            free(error);
            return -1;
        }
    }
    return 0;
}

static int load_secret(struct web_app *app, struct db *db)
{
    unsigned char fresh[32];
    char hex[65];
    randombytes_buf(fresh, sizeof fresh);
    sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
    if (store_setting_init(db, "secret_key", hex) == DB_ERROR)
        return -1;
    struct arena *arena = arena_new();
    const char *stored = store_setting_get(db, arena, "secret_key", NULL);
    size_t len = 0;
    int rc = stored &&
                     sodium_hex2bin(app->secret, sizeof app->secret, stored, strlen(stored), NULL,
                                    &len, NULL) == 0 &&
                     len == sizeof app->secret
                 ? 0
                 : -1;
    arena_free(arena);
    if (rc != 0)
        log_error("settings: secret_key is missing or malformed");
    return rc;
}

struct web_app *web_app_new(const struct config *config, struct db *db)
{
    struct web_app *app = calloc(1, sizeof *app);
    app->config = config;
    app->secure_cookies = !strncmp(config->public_url, "https://", 8);
    router_init(&app->router);
    if (web_routes_compile(&app->router) != 0 || load_templates(app) != 0 ||
        load_secret(app, db) != 0) {
        web_app_free(app);
        return NULL;
    }
    return app;
}

void web_app_free(struct web_app *app)
{
    if (!app)
        return;
    router_cleanup(&app->router);
    mustache_set_free(app->templates);
    sodium_memzero(app->secret, sizeof app->secret);
    free(app);
}
