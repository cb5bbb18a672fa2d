/* match_program.c — `peercoach match --program ID`; see match_program.h.
 *
 * A thin shell over domain/matching.h: the preview is matching_preview(),
 * a publish is matching_run_create() then matching_publish() on that run,
 * both with is_trusted set (ctx->user is NULL), and the document printed
 * is matching_run_json(), the API's own shape. */
#include "cli/match_program.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/matching.h"
#include "store/pool.h"

bool cli_match_wants_program(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--program") || !strncmp(argv[i], "--program=", 10))
            return true;
    return false;
}

/* A positive decimal number up to max, or -1. */
static int64_t parse_number(const char *text, int64_t min, int64_t max)
{
    if (!text || !*text || strlen(text) > 18)
        return -1;
    int64_t value = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        value = value * 10 + (*p - '0');
    }
    return value >= min && value <= max ? value : -1;
}

static void print_run(const struct matching_run *run)
{
    json_t *doc = matching_run_json(run);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(text ? text : "{}");
    free(text);
    json_decref(doc);
}

/* Refusals a caller can correct exit 2; anything else 1. */
static int failure_status(const struct ctx *ctx)
{
    cli_print_failure(ctx);
    enum fail_kind kind = ctx->failure.kind;
    return kind == FAIL_INPUT || kind == FAIL_CONFLICT || kind == FAIL_NOT_FOUND ? 2 : 1;
}

static int run(struct ctx *ctx, int64_t program_id, bool is_dry_run,
               const struct matching_options *options)
{
    struct matching_run result;
    if (is_dry_run) {
        if (matching_preview(ctx, program_id, options, &result) != 0)
            return failure_status(ctx);
        print_run(&result);
        return 0;
    }
    int64_t run_id;
    if (matching_run_create(ctx, program_id, options, &run_id) != 0 ||
        matching_publish(ctx, run_id, options) != 0 ||
        matching_run_get(ctx, run_id, options, &result) != 0)
        return failure_status(ctx);
    print_run(&result);
    fprintf(stderr, "peercoach: published run %lld: %d partnership%s proposed, %d unmatched\n",
            (long long)run_id, result.group_count, result.group_count == 1 ? "" : "s",
            result.unmatched_count);
    return 0;
}

int cli_match_program(int argc, char **argv)
{
    const char *program_text, *seed_text;
    if (cli_take_option(&argc, argv, "--program", &program_text) != 0 ||
        cli_take_option(&argc, argv, "--seed", &seed_text) != 0) {
        fprintf(stderr, "peercoach: match --program needs a value\n");
        return 2;
    }
    bool is_dry_run = cli_take_flag(&argc, argv, "--dry-run");
    int64_t program_id = parse_number(program_text, 1, INT64_MAX);
    if (program_id < 0) {
        fprintf(stderr, "peercoach: match --program needs a program id (a positive number)\n");
        return 2;
    }
    struct matching_options options = {.is_trusted = true};
    if (seed_text) {
        options.seed = parse_number(seed_text, 0, MATCHING_SEED_MAX);
        options.has_seed = true;
        if (options.seed < 0) {
            fprintf(stderr, "peercoach: match --seed needs a whole number from 0 to %lld\n",
                    (long long)MATCHING_SEED_MAX);
            return 2;
        }
    }
    struct config cfg;
    struct db *db;
    config_init(&cfg);
    int status = cli_open(&cfg, argc, argv, &db);
    if (status == 0) {
        struct ctx ctx;
        cli_ctx_init(&ctx, db, &cfg, NULL);
        status = run(&ctx, program_id, is_dry_run, &options);
        arena_free(ctx.arena);
        store_pool_close_all();
    }
    config_cleanup(&cfg);
    return status;
}
