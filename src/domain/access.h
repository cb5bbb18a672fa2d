/* access.h — who may see and change what. Every access rule of peercoach
 * lives in this file pair, so it can be read, reviewed and tested in one
 * place (tests/e2e/test_confidentiality.py tries to break each one).
 *
 * Each check records the failure (403 for a role the caller visibly lacks,
 * 404 for private content the caller must not learn exists) and returns
 * -1; 0 means allowed. */
#ifndef PEERCOACH_ACCESS_H
#define PEERCOACH_ACCESS_H

#include <stdbool.h>

#include "domain/ctx.h"

bool access_is_admin(const struct ctx *ctx);
/* An organizer or an admin. */
bool access_is_organizer(const struct ctx *ctx);

int access_require_admin(struct ctx *ctx);
int access_require_organizer(struct ctx *ctx);

#endif
