/* cli.h — the subcommands of the peercoach binary. Each takes the
 * arguments after its name and returns the process exit status: 0 success,
 * 1 failure, 2 bad usage or configuration (with a one-line message). */
#ifndef PEERCOACH_CLI_H
#define PEERCOACH_CLI_H

#include <stdbool.h>

#include "config.h"
#include "domain/ctx.h"

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_create_admin(int argc, char **argv);
int cli_demo(int argc, char **argv);

/* Shared by the commands: load configuration from argv (after removing the
 * command's own options), open the database and bring its schema up to
 * date. On failure prints one line and returns the exit status (2 for bad
 * configuration, 1 otherwise); 0 on success with *db open. */
int cli_open(struct config *cfg, int argc, char **argv, struct db **db);

/* Remove "--name VALUE" or "--name=VALUE" from argv; *value receives it
 * (NULL when absent). -1 when the option has no value. */
int cli_take_option(int *argc, char **argv, const char *name, const char **value);
/* Remove a bare "--name" flag; true when it was there. */
bool cli_take_flag(int *argc, char **argv, const char *name);

/* A ctx for command-line work: its own arena, acting as user (may be NULL). */
void cli_ctx_init(struct ctx *ctx, struct db *db, const struct config *cfg,
                  const struct user *user);
/* Print ctx's failure as one line on stderr. */
void cli_print_failure(const struct ctx *ctx);

#endif
