/* router.c — see router.h.
 *
 * A linear scan over ~100 compiled patterns costs well under a microsecond,
 * less than any index would save; the first matching pattern wins, so the
 * table lists literal paths before parameterised ones where they overlap. */
#include "web/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void router_init(struct router *r)
{
    memset(r, 0, sizeof *r);
}

void router_cleanup(struct router *r)
{
    free(r->patterns);
    router_init(r);
}

int router_add(struct router *r, const char *spec, const void *target, bool is_api)
{
    struct router_pattern p = {.target = target, .is_api = is_api};
    const char *space = strchr(spec, ' ');
    if (!space || space == spec || (size_t)(space - spec) >= sizeof p.method || space[1] != '/')
        return -1;
    memcpy(p.method, spec, (size_t)(space - spec));
    int nparams = 0;
    for (const char *s = space + 2; *s;) {
        const char *end = strchr(s, '/');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (p.nsegments == ROUTER_MAX_SEGMENTS)
            return -1;
        if (*s == ':') {
            if (++nparams > ROUTER_MAX_PARAMS)
                return -1;
            p.segments[p.nsegments] = NULL;
        } else {
            p.segments[p.nsegments] = s;
        }
        p.lengths[p.nsegments++] = len;
        s += len;
        if (*s == '/')
            s++;
    }
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->patterns = realloc(r->patterns, r->cap * sizeof *r->patterns);
    }
    r->patterns[r->count++] = p;
    return 0;
}

/* Does path match p's segments? Captures parameters into m. */
static bool path_matches(const struct router_pattern *p, const char *path, struct router_match *m)
{
    const char *s = path + 1; /* paths start with '/' */
    size_t used = 0;
    int nparams = 0;
    for (int i = 0; i < p->nsegments; i++) {
        const char *end = strchr(s, '/');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (p->segments[i]) {
            if (len != p->lengths[i] || memcmp(s, p->segments[i], len) != 0)
                return false;
        } else {
            if (len == 0 || used + len + 1 > sizeof m->param_buf)
                return false;
            memcpy(m->param_buf + used, s, len);
            m->param_buf[used + len] = '\0';
            m->params[nparams++] = m->param_buf + used;
            used += len + 1;
        }
        s += len;
        if (*s == '/')
            s++;
        else if (i + 1 < p->nsegments)
            return false;
    }
    return *s == '\0' && (s[-1] != '/' || p->nsegments == 0 || path[1] == '\0');
}

bool router_match(const struct router *r, const char *method, const char *path,
                  struct router_match *m)
{
    memset(m->params, 0, sizeof m->params);
    m->pattern = NULL;
    m->path_matched = false;
    m->allow[0] = '\0';
    if (path[0] != '/')
        return false;
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    for (size_t i = 0; i < r->count; i++) {
        const struct router_pattern *p = &r->patterns[i];
        if (!path_matches(p, path, m))
            continue;
        if (strcmp(p->method, want) == 0) {
            m->pattern = p;
            return true;
        }
        m->path_matched = true;
        size_t used = strlen(m->allow);
        if (!strstr(m->allow, p->method) && used + strlen(p->method) + 3 < sizeof m->allow)
            snprintf(m->allow + used, sizeof m->allow - used, "%s%s", used ? ", " : "", p->method);
    }
    return false;
}
