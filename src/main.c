/* main.c — the peercoach command line: parse the subcommand and hand over.
 *
 *   peercoach serve | migrate | create-admin | demo | match | version | help
 *
 * Options after the subcommand configure it (see `peercoach help`);
 * every subcommand's exit status is 0 on success, 1 on failure and 2 on
 * bad usage. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/match_offline.h"
#include "cli/match_program.h"
#include "config.h"

static void usage(FILE *out)
{
    fprintf(out,
            "peercoach %s — a self-hosted peer coaching platform\n\n"
            "usage: peercoach COMMAND [OPTIONS]\n\n"
            "commands:\n"
            "  serve          serve the web application and the JSON API\n"
            "  migrate        bring the database schema up to date\n"
            "  create-admin   --email ADDRESS --name NAME: create an instance admin\n"
            "                 (password from PEERCOACH_ADMIN_PASSWORD or standard input)\n"
            "  demo           load the demo organization into an empty database\n"
            "                 (--people N: N synthetic people instead)\n"
            "  match          --program ID [--dry-run] [--seed N]: match a program's\n"
            "                 participants and publish the groups as partnerships\n"
            "                 (--dry-run: print the preview only)\n"
            "                 --input people.json [--rules rules.json] | --graph FILE:\n"
            "                 run the matching engine on files (docs/MATCHING.md)\n"
            "  version        print the version\n"
            "  help           print this help\n\n"
            "options (flag, then environment variable, then --config FILE, then default):\n",
            PEERCOACH_VERSION);
    config_print_help(out);
}

int main(int argc, char **argv)
{
    const char *command = argc > 1 ? argv[1] : "help";
    int rest_argc = argc > 1 ? argc - 2 : 0;
    char **rest = argv + (argc > 1 ? 2 : 1);
    if (!strcmp(command, "serve"))
        return cli_serve(rest_argc, rest);
    if (!strcmp(command, "migrate"))
        return cli_migrate(rest_argc, rest);
    if (!strcmp(command, "create-admin"))
        return cli_create_admin(rest_argc, rest);
    if (!strcmp(command, "demo"))
        return cli_demo(rest_argc, rest);
    if (!strcmp(command, "match"))
        return cli_match_wants_program(rest_argc, rest) ? cli_match_program(rest_argc, rest)
                                                        : cli_match_offline(argc - 1, argv + 1);
    if (!strcmp(command, "version") || !strcmp(command, "--version")) {
        printf("peercoach %s\n", PEERCOACH_VERSION);
        return 0;
    }
    if (!strcmp(command, "help") || !strcmp(command, "--help") || !strcmp(command, "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "peercoach: unknown command '%s' (see peercoach help)\n", command);
    return 2;
}
