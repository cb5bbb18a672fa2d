/* match_program.h — `peercoach match --program ID [--dry-run] [--seed N]`:
 * matching for a program of the database, from the command line.
 *
 * Computes a run for the program's pool under its rules, as the
 * organizers' "Run matching" does, and prints it as JSON (the API's shape,
 * docs/API.md). With --dry-run nothing is stored; without it the run is
 * stored and published at once: its groups become proposed partnerships
 * and every member is told, as when an organizer publishes. Runs as a
 * trusted caller (no logged-in organizer), audited as the command line.
 * Exit 0, 1 for failures, 2 for bad usage or a refusal (unknown program,
 * a program not enrolling or running, nothing to publish). */
#ifndef PEERCOACH_CLI_MATCH_PROGRAM_H
#define PEERCOACH_CLI_MATCH_PROGRAM_H

#include <stdbool.h>

/* True when argv (after "match") asks for a program, not files. */
bool cli_match_wants_program(int argc, char **argv);
/* argv: the arguments after "match". Returns the exit status. */
int cli_match_program(int argc, char **argv);

#endif
