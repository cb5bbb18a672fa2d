/* version.c — placeholder so the library target has a source. */
#include "match/match.h"
int match_engine_version(void);
int match_engine_version(void)
{
    return 1;
}
