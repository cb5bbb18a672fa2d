/* account.h — accounts: sign-up (with the instance's sign-up policy), login,
 * logout, login tokens, password changes, deactivation, roles, invitations.
 *
 * Login tokens: 32 random bytes (domain/token.h), only the hash stored; a
 * token dies after config->login_idle seconds unused or login_max_age
 * seconds in all, at logout, at a password change (all but the current
 * one) and at deactivation (all). A new token is made at every login.
 *
 * Functions that hash or verify passwords are slow by design; their routes
 * run on the CPU pool (see password.h). */
#ifndef PEERCOACH_ACCOUNT_H
#define PEERCOACH_ACCOUNT_H

#include <stdbool.h>

#include "domain/ctx.h"
#include "domain/token.h"

struct signup {
    const char *email, *password, *name;
    const char *invitation; /* invitation code, or NULL */
};

/* Creates the account and logs it in: *out is the new user, token the new
 * login token. The first account becomes the instance admin. */
int account_signup(struct ctx *ctx, const struct signup *in, struct user *out,
                   char token[TOKEN_CHARS + 1]);
/* Create an account with a given role, outside the sign-up policy (the
 * create-admin command, demo data). known_hash, when not NULL, is a
 * password hash to store instead of hashing in->password (demo data shares
 * one hash); in->password is still checked against the policy. */
int account_create(struct ctx *ctx, const struct signup *in, const char *role,
                   const char *known_hash, struct user *out);
int account_login(struct ctx *ctx, const char *email, const char *password, const char *client_ip,
                  struct user *out, char token[TOKEN_CHARS + 1]);
int account_logout(struct ctx *ctx, const char *token);
/* 1 and *out when token is a live login token of an active user, else 0
 * (-1 on database failure). */
int account_authenticate(struct ctx *ctx, const char *token, struct user *out);
/* Changes ctx->user's password and ends their other login tokens. */
int account_change_password(struct ctx *ctx, const char *current, const char *new_password,
                            const char *current_token);

/* The user with id (any caller may read the basic record: name, role). */
int account_get(struct ctx *ctx, int64_t id, struct user *out);

/* Admin only (checked here too): deactivate or reactivate, change role. */
int account_set_active(struct ctx *ctx, int64_t user_id, bool active);
int account_set_role(struct ctx *ctx, int64_t user_id, const char *role);

/* Sign-up policy: mode "open", "domains" (emails in domains, a comma list)
 * or "invitation". */
struct signup_policy {
    const char *mode, *domains;
};
int account_signup_policy(struct ctx *ctx, struct signup_policy *out);
int account_set_signup_policy(struct ctx *ctx, const char *mode, const char *domains);
/* Admin: invite email; code receives the one-time code for the link. */
int account_invite(struct ctx *ctx, const char *email, char code[TOKEN_CHARS + 1],
                   int64_t *invitation_id);

/* Normalises email into a lower-cased arena copy; NULL and a recorded 422
 * when it is not a plausible address. */
const char *account_normalize_email(struct ctx *ctx, const char *field, const char *email);

#endif
