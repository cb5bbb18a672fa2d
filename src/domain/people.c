/* people.c — see people.h. The single-field rules (no cycles in reporting
 * lines, an admin cannot demote or deactivate themselves) live in
 * profile.c and account.c; this file composes them atomically. */
#include "domain/access.h"
#include "domain/people.h"

#include <string.h>

#include "domain/account.h"
#include "domain/profile.h"
#include "domain/validate.h"

int people_search(struct ctx *ctx, const char *query, int page, struct person **out, int *count,
                  bool *has_more)
{
    if (access_require_admin(ctx) != 0 || validate_text(ctx, "q", query, 0, 100, false) != 0)
        return -1;
    if (page < 1 || page > 100000)
        return fail_input(ctx, "page", "must be a page number from 1");
    /* Ask for one more than a page to learn whether another page follows. */
    int n = store_people_search(ctx->db, ctx->arena, query ? query : "", PEOPLE_PAGE_SIZE + 1,
                                (page - 1) * PEOPLE_PAGE_SIZE, out);
    if (n < 0)
        return fail_internal(ctx, "searching people");
    *has_more = n > PEOPLE_PAGE_SIZE;
    *count = *has_more ? PEOPLE_PAGE_SIZE : n;
    return 0;
}

int people_get(struct ctx *ctx, int64_t id, struct person *out)
{
    if (access_require_admin(ctx) != 0 || account_get(ctx, id, &out->user) != 0)
        return -1;
    return profile_load(ctx, id, &out->profile);
}

int people_update(struct ctx *ctx, int64_t id, const struct people_change *change)
{
    if (access_require_admin(ctx) != 0)
        return -1;
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin people update");
    if ((change->set_manager && profile_set_manager(ctx, id, change->manager_id) != 0) ||
        (change->role && account_set_role(ctx, id, change->role) != 0) ||
        (change->set_active && account_set_active(ctx, id, change->active) != 0)) {
        db_rollback(ctx->db);
        return -1;
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit people update");
}

int people_find_by_email(struct ctx *ctx, const char *field, const char *email, int64_t *id)
{
    const char *normal = account_normalize_email(ctx, field, email);
    if (!normal)
        return -1;
    struct user user;
    const char *hash;
    int found = store_user_by_email(ctx->db, ctx->arena, normal, &user, &hash);
    if (found < 0)
        return fail_internal(ctx, "finding user by email");
    if (!found)
        return fail_input(ctx, field, "is not the email of anyone here");
    *id = user.id;
    return 0;
}
