/* admin.h — what only the instance admin reads: the audit log and the
 * invitations sent. (Changes to settings, roles and invitations live with
 * the rules they belong to, in account.c.) */
#ifndef PEERCOACH_ADMIN_H
#define PEERCOACH_ADMIN_H

#include "domain/ctx.h"
#include "store/audit.h"
#include "store/invitation.h"

#define ADMIN_LIST_LIMIT 100

/* Newest first, entries older than id before (0: the newest). */
int admin_audit_list(struct ctx *ctx, int64_t before, struct audit_entry **out, int *count);
int admin_invitations_list(struct ctx *ctx, struct invitation **out, int *count);

#endif
