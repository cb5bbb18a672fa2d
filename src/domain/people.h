/* people.h — the admin's view of everyone: directory search, one person's
 * record, and admin changes (reporting line, role, active) applied together
 * in one transaction. Every function here is for instance admins only and
 * checks that itself. */
#ifndef PEERCOACH_PEOPLE_H
#define PEERCOACH_PEOPLE_H

#include <stdbool.h>

#include "domain/ctx.h"
#include "store/user.h"

#define PEOPLE_PAGE_SIZE 50

/* Page (from 1) of the directory matching query; *count people in *out,
 * *has_more when another page follows. */
int people_search(struct ctx *ctx, const char *query, int page, struct person **out, int *count,
                  bool *has_more);
int people_get(struct ctx *ctx, int64_t id, struct person *out);

struct people_change {
    bool set_manager;
    int64_t manager_id; /* 0: no manager */
    const char *role;   /* NULL: unchanged */
    bool set_active, active;
};
int people_update(struct ctx *ctx, int64_t id, const struct people_change *change);
/* The id of the account with email, or a 422 on field when there is none. */
int people_find_by_email(struct ctx *ctx, const char *field, const char *email, int64_t *id);

#endif
