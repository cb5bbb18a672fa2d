/* driver_main.c — a stand-alone `peercoach match` for the engine's tests and
 * benchmark: the offline command without the rest of the binary. */
#include "cli/match_offline.h"

int main(int argc, char **argv)
{
    return cli_match_offline(argc, argv);
}
