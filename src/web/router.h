/* router.h — matching a method and path against route patterns.
 *
 * A pattern is "METHOD /literal/:param/literal". Parameters match one
 * non-empty segment. Patterns are compiled once at startup; matching
 * compares segments without allocating. */
#ifndef PEERCOACH_ROUTER_H
#define PEERCOACH_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#define ROUTER_MAX_SEGMENTS 8
#define ROUTER_MAX_PARAMS   4

struct router_pattern {
    char method[8];
    int nsegments;
    const char *segments[ROUTER_MAX_SEGMENTS]; /* NULL marks a :param */
    size_t lengths[ROUTER_MAX_SEGMENTS];
    const void *target; /* what the caller associates (a route) */
    bool is_api;
};

struct router {
    struct router_pattern *patterns;
    size_t count, cap;
};

struct router_match {
    const struct router_pattern *pattern;
    const char *params[ROUTER_MAX_PARAMS]; /* pointers into param_buf */
    char param_buf[512];
    bool path_matched; /* some pattern matched the path with another method */
    char allow[64];    /* then: the methods that path takes, "GET, POST" */
};

void router_init(struct router *r);
void router_cleanup(struct router *r);
/* Add "METHOD /path"; the spec string must outlive the router. -1 if
 * malformed (too many segments or parameters, no method). */
int router_add(struct router *r, const char *spec, const void *target, bool is_api);
/* Find the pattern for method and path. HEAD matches GET patterns. */
bool router_match(const struct router *r, const char *method, const char *path,
                  struct router_match *m);

#endif
