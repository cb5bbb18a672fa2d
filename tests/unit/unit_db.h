/* unit_db.h — a fresh, migrated SQLite database in a temporary file and a
 * ctx around it, for unit tests of store/ and domain/. Header-only: each
 * test program includes it once. */
#ifndef PEERCOACH_UNIT_DB_H
#define PEERCOACH_UNIT_DB_H

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "domain/ctx.h"
#include "store/migrate.h"

struct unit_db {
    char path[64];
    struct db *db;
    struct config config;
    struct ctx ctx;
};

static inline void unit_db_open(struct unit_db *u)
{
    if (sodium_init() < 0)
        abort();
    snprintf(u->path, sizeof u->path, "/tmp/peercoach-unit-XXXXXX");
    int fd = mkstemp(u->path);
    close(fd);
    char *error = NULL;
    u->db = db_open(u->path, &error);
    if (!u->db || store_migrate(u->db, &error) < 0) {
        fprintf(stderr, "unit_db: %s\n", error ? error : "?");
        abort();
    }
    config_init(&u->config);
    u->ctx =
        (struct ctx){.arena = arena_new(), .db = u->db, .config = &u->config, .now = time(NULL)};
}

/* Forget the recorded failure and acting user between steps of a test. */
static inline void unit_db_reset_ctx(struct unit_db *u, const struct user *user)
{
    u->ctx.failure = (struct failure){0};
    u->ctx.user = user;
}

static inline void unit_db_close(struct unit_db *u)
{
    arena_free(u->ctx.arena);
    db_close(u->db);
    config_cleanup(&u->config);
    char side[80];
    unlink(u->path);
    snprintf(side, sizeof side, "%s-wal", u->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", u->path);
    unlink(side);
}

#endif
