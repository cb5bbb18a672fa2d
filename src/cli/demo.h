/* demo.h — the demo organization as the demo loaders share it. */
#ifndef PEERCOACH_DEMO_H
#define PEERCOACH_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "domain/ctx.h"

#define DEMO_PASSWORD "demo-coaching-2026"

struct demo_org {
    struct user admin;
    int64_t *ids; /* user ids in the order of the demo table */
    size_t count;
};

#endif
