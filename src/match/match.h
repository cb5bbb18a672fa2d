/* match.h — the matching engine (being written; see issue 4). */
#ifndef PEERCOACH_MATCH_H
#define PEERCOACH_MATCH_H
#endif
