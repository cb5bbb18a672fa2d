/* admin.c — see admin.h. */
#include "domain/access.h"
#include "domain/admin.h"

#include <string.h>

int admin_audit_list(struct ctx *ctx, int64_t before, struct audit_entry **out, int *count)
{
    if (access_require_admin(ctx) != 0)
        return -1;
    if (before < 0)
        return fail_input(ctx, "before", "must be an entry id");
    *count = store_audit_list(ctx->db, ctx->arena, before, ADMIN_LIST_LIMIT, out);
    return *count < 0 ? fail_internal(ctx, "reading audit log") : 0;
}

int admin_invitations_list(struct ctx *ctx, struct invitation **out, int *count)
{
    if (access_require_admin(ctx) != 0)
        return -1;
    *count = store_invitation_list(ctx->db, ctx->arena, ADMIN_LIST_LIMIT, out);
    return *count < 0 ? fail_internal(ctx, "reading invitations") : 0;
}
