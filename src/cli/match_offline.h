/* match_offline.h — `peercoach match --input … | --graph …`: the matching
 * engine on files, without a database, for anyone who wants to check it.
 *
 *   match --input people.json [--rules rules.json] [--seed N] [--round N]
 *         [--threads N] [--stats]
 *   match --graph FILE [--any-cardinality] [--stats]
 *
 * Prints one JSON document on stdout (formats in docs/MATCHING.md). Errors:
 * one line on stderr; exit 2 for bad usage or input, 1 for other failures.
 * --stats adds timings and solver figures on stderr (stdout stays the same
 * for the same input, so outputs can be compared byte for byte). */
#ifndef PEERCOACH_CLI_MATCH_OFFLINE_H
#define PEERCOACH_CLI_MATCH_OFFLINE_H

/* argv[0] is "match". Returns the exit status. */
int cli_match_offline(int argc, char **argv);

#endif
