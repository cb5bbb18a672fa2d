/* account.c — see account.h.
 *
 * Sign-up hashes the password before opening the write transaction, so the
 * ~85 ms of argon2id never holds the database's write lock; the policy and
 * the "first account is admin" rule are then decided again inside the
 * transaction, where concurrent sign-ups are serialised. */
#include "domain/access.h"
#include "domain/account.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "domain/password.h"
#include "domain/throttle.h"
#include "domain/validate.h"
#include "store/audit.h"
#include "store/invitation.h"
#include "store/setting.h"
#include "store/user.h"

#define INVITATION_LIFETIME (14 * 86400)
/* last_seen_at is written at most this often (or half the idle limit,
 * when that is shorter), so reading pages does not turn into a database
 * write per request. */
#define TOKEN_TOUCH_INTERVAL 300

static const char *const roles[] = {"admin", "organizer", "member", NULL};
static const char *const signup_modes[] = {"open", "domains", "invitation", NULL};

const char *account_normalize_email(struct ctx *ctx, const char *field, const char *email)
{
    if (validate_text(ctx, field, email, 1, 254, false) != 0)
        return NULL;
    const char *at = strchr(email, '@');
    if (!at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        email[strlen(email) - 1] == '.' || strchr(email, ' ')) {
        fail_input(ctx, field, "must be an email address like name@example.org");
        return NULL;
    }
    char *lower = arena_strdup(ctx->arena, email);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return lower;
}

int account_signup_policy(struct ctx *ctx, struct signup_policy *out)
{
    out->mode = store_setting_get(ctx->db, ctx->arena, "signup_mode", "open");
    out->domains = store_setting_get(ctx->db, ctx->arena, "signup_domains", "");
    if (!out->mode || !out->domains)
        return fail_internal(ctx, "reading sign-up policy");
    return 0;
}

/* True when email's domain is in the comma-separated list. */
static bool domain_listed(const char *email, const char *domains)
{
    const char *domain = strchr(email, '@') + 1;
    size_t n = strlen(domain);
    for (const char *p = domains; *p;) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *end = p;
        while (*end && *end != ',' && *end != ' ')
            end++;
        if ((size_t)(end - p) == n && !strncasecmp(p, domain, n))
            return true;
        p = end;
    }
    return false;
}

/* May email sign up now? *invitation_id receives the invitation used. */
static int check_signup_allowed(struct ctx *ctx, const char *email, const char *code,
                                int64_t *invitation_id)
{
    *invitation_id = 0;
    int64_t users = store_user_count(ctx->db);
    if (users < 0)
        return fail_internal(ctx, "counting users");
    if (users == 0)
        return 0; /* the first account is always allowed: it becomes the admin */
    struct signup_policy policy;
    if (account_signup_policy(ctx, &policy) != 0)
        return -1;
    if (!strcmp(policy.mode, "domains") && !domain_listed(email, policy.domains))
        return fail_forbidden(ctx, "Sign-up is limited to the organization's email domains.");
    if (!strcmp(policy.mode, "invitation")) {
        if (!code || !token_is_well_formed(code))
            return fail_forbidden(ctx, "Sign-up is by invitation only.");
        char hash[TOKEN_HASH_CHARS + 1];
        token_hash(code, hash);
        struct invitation inv;
        int found = store_invitation_by_hash(ctx->db, ctx->arena, hash, &inv);
        if (found < 0)
            return fail_internal(ctx, "reading invitation");
        if (!found || inv.used_at || inv.expires_at < ctx->now || strcmp(inv.email, email) != 0)
            return fail_forbidden(ctx, "This invitation is not valid for this email address.");
        *invitation_id = inv.id;
    }
    return 0;
}

/* Create and store a login token for user_id (inside the caller's
 * transaction when there is one). */
static int issue_token(struct ctx *ctx, int64_t user_id, char token[TOKEN_CHARS + 1])
{
    char hash[TOKEN_HASH_CHARS + 1];
    token_new(token);
    token_hash(token, hash);
    if (store_login_token_insert(ctx->db, hash, user_id, ctx->now) != DB_DONE)
        return fail_internal(ctx, "storing login token");
    return 0;
}

/* Check the fields every new account needs; *email receives the normalised
 * address. */
static int check_new_account(struct ctx *ctx, const struct signup *in, const char **email)
{
    *email = account_normalize_email(ctx, "email", in->email);
    if (!*email || validate_text(ctx, "name", in->name, 1, 100, false) != 0)
        return -1;
    if (!in->password)
        return fail_input(ctx, "password", "is required");
    const char *problem = password_problem(in->password, *email, in->name);
    return problem ? fail_input(ctx, "password", "%s", problem) : 0;
}

/* Store a checked account in one transaction. role NULL means "by the
 * sign-up rules": the first account is admin, the policy applies to the
 * rest. token (may be NULL) receives a login token. */
static int insert_account(struct ctx *ctx, const struct signup *in, const char *email,
                          const char *hash, const char *role, struct user *out,
                          char token[TOKEN_CHARS + 1])
{
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin new account");
    int64_t invitation_id = 0, id = 0;
    if (!role) {
        int64_t users = store_user_count(ctx->db);
        if (users < 0 || check_signup_allowed(ctx, email, in->invitation, &invitation_id) != 0)
            goto fail;
        role = users == 0 ? "admin" : "member";
    }
    enum db_result r = store_user_insert(ctx->db, email, in->name, hash, role, ctx->now, &id);
    if (r == DB_CONSTRAINT) {
        fail_conflict(ctx, "email_taken", "An account with this email already exists.");
        goto fail;
    }
    if (r != DB_DONE ||
        (invitation_id && store_invitation_use(ctx->db, invitation_id, ctx->now) != DB_DONE) ||
        (token && issue_token(ctx, id, token) != 0) ||
        store_audit_add(ctx->db, ctx->now, ctx->user ? ctx->user->id : id, "create_account", "user",
                        id, arena_printf(ctx->arena, "role=%s", role)) != DB_DONE) {
        fail_internal(ctx, "storing new account");
        goto fail;
    }
    if (db_commit(ctx->db) != 0)
        return fail_internal(ctx, "commit new account");
    *out = (struct user){.id = id,
                         .email = email,
                         .name = arena_strdup(ctx->arena, in->name),
                         .role = role,
                         .is_active = true,
                         .created_at = ctx->now};
    return 0;
fail:
    db_rollback(ctx->db);
    return -1;
}

int account_signup(struct ctx *ctx, const struct signup *in, struct user *out,
                   char token[TOKEN_CHARS + 1])
{
    const char *email;
    int64_t invitation_id;
    /* The policy is checked before hashing so a refused sign-up costs
     * nothing, and again inside the transaction, where it counts. */
    if (check_new_account(ctx, in, &email) != 0 ||
        check_signup_allowed(ctx, email, in->invitation, &invitation_id) != 0)
        return -1;
    char hash[PASSWORD_HASH_SIZE];
    if (password_hash(in->password, hash) != 0)
        return fail_internal(ctx, "hashing password");
    return insert_account(ctx, in, email, hash, NULL, out, token);
}

int account_create(struct ctx *ctx, const struct signup *in, const char *role,
                   const char *known_hash, struct user *out)
{
    const char *email;
    if (validate_choice(ctx, "role", role, roles) != 0 || check_new_account(ctx, in, &email) != 0)
        return -1;
    char hash[PASSWORD_HASH_SIZE];
    if (!known_hash) {
        if (password_hash(in->password, hash) != 0)
            return fail_internal(ctx, "hashing password");
        known_hash = hash;
    }
    return insert_account(ctx, in, email, known_hash, role, out, NULL);
}

int account_login(struct ctx *ctx, const char *email, const char *password, const char *client_ip,
                  struct user *out, char token[TOKEN_CHARS + 1])
{
    if (validate_text(ctx, "email", email, 1, 254, false) != 0 ||
        validate_text(ctx, "password", password, 1, PASSWORD_MAX_CHARS, false) != 0)
        return -1;
    char *lower = arena_strdup(ctx->arena, email);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *account_key = arena_printf(ctx->arena, "account:%s", lower);
    const char *ip_key = arena_printf(ctx->arena, "ip:%s", client_ip ? client_ip : "");
    int wait_account = throttle_wait(account_key, ctx->now);
    int wait_ip = throttle_wait(ip_key, ctx->now);
    if (wait_account || wait_ip)
        return fail_throttled(ctx, wait_account > wait_ip ? wait_account : wait_ip);

    const char *hash = NULL;
    int found = store_user_by_email(ctx->db, ctx->arena, lower, out, &hash);
    if (found < 0)
        return fail_internal(ctx, "reading user for login");
    bool ok = found ? password_verify(hash, password) : (password_burn_time(password), false);
    if (!ok) {
        throttle_fail(account_key, THROTTLE_ACCOUNT_FAILURES, ctx->now);
        throttle_fail(ip_key, THROTTLE_IP_FAILURES, ctx->now);
        return fail_with(ctx, FAIL_UNAUTHENTICATED, "invalid_credentials",
                         "The email or password is not right.");
    }
    if (!out->is_active)
        return fail_forbidden(ctx, "This account has been deactivated.");
    throttle_clear(account_key);
    return issue_token(ctx, out->id, token);
}

int account_logout(struct ctx *ctx, const char *token)
{
    if (!token || !token_is_well_formed(token))
        return 0;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    if (store_login_token_delete(ctx->db, hash) != DB_DONE)
        return fail_internal(ctx, "deleting login token");
    return 0;
}

int account_authenticate(struct ctx *ctx, const char *token, struct user *out)
{
    if (!token || !token_is_well_formed(token))
        return 0;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    int64_t created_at, last_seen_at;
    int found = store_login_token_user(ctx->db, ctx->arena, hash, out, &created_at, &last_seen_at);
    if (found <= 0)
        return found;
    if (ctx->now - created_at > ctx->config->login_max_age ||
        ctx->now - last_seen_at > ctx->config->login_idle) {
        store_login_token_delete(ctx->db, hash);
        return 0;
    }
    /* Refresh often enough that a short idle limit cannot log out someone
     * who is using the site. */
    int64_t interval = ctx->config->login_idle / 2 < TOKEN_TOUCH_INTERVAL
                           ? ctx->config->login_idle / 2
                           : TOKEN_TOUCH_INTERVAL;
    if (ctx->now - last_seen_at > interval)
        store_login_token_touch(ctx->db, hash, ctx->now);
    return 1;
}

int account_change_password(struct ctx *ctx, const char *current, const char *new_password,
                            const char *current_token)
{
    if (validate_text(ctx, "current_password", current, 1, PASSWORD_MAX_CHARS, false) != 0)
        return -1;
    if (!new_password)
        return fail_input(ctx, "new_password", "is required");
    const char *problem = password_problem(new_password, ctx->user->email, ctx->user->name);
    if (problem)
        return fail_input(ctx, "new_password", "%s", problem);
    const char *hash;
    if (store_user_password_hash(ctx->db, ctx->arena, ctx->user->id, &hash) != 1)
        return fail_internal(ctx, "reading password hash");
    if (!password_verify(hash, current))
        return fail_input(ctx, "current_password", "is not right");
    char fresh[PASSWORD_HASH_SIZE];
    if (password_hash(new_password, fresh) != 0)
        return fail_internal(ctx, "hashing password");
    char keep[TOKEN_HASH_CHARS + 1] = "";
    if (current_token && token_is_well_formed(current_token))
        token_hash(current_token, keep);
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin password change");
    if (store_user_set_password(ctx->db, ctx->user->id, fresh, ctx->now) != DB_DONE ||
        store_login_token_delete_for_user(ctx->db, ctx->user->id, keep) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "password_change", "user", ctx->user->id,
                        "") != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing password change");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit password change");
}

int account_get(struct ctx *ctx, int64_t id, struct user *out)
{
    int found = store_user_by_id(ctx->db, ctx->arena, id, out);
    if (found < 0)
        return fail_internal(ctx, "reading user");
    return found ? 0 : fail_not_found(ctx);
}

int account_set_active(struct ctx *ctx, int64_t user_id, bool active)
{
    if (access_require_admin(ctx) != 0)
        return -1;
    if (user_id == ctx->user->id)
        return fail_conflict(ctx, "self", "You cannot deactivate your own account.");
    struct user target;
    int found = store_user_by_id(ctx->db, ctx->arena, user_id, &target);
    if (found <= 0)
        return found < 0 ? fail_internal(ctx, "reading user") : fail_not_found(ctx);
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin deactivation");
    if (store_user_set_active(ctx->db, user_id, active, ctx->now) != DB_DONE ||
        (!active && store_login_token_delete_for_user(ctx->db, user_id, NULL) != DB_DONE) ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, active ? "reactivate" : "deactivate",
                        "user", user_id, "") != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing deactivation");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit deactivation");
}

int account_set_role(struct ctx *ctx, int64_t user_id, const char *role)
{
    if (access_require_admin(ctx) != 0 || validate_choice(ctx, "role", role, roles) != 0)
        return -1;
    if (user_id == ctx->user->id && strcmp(role, "admin") != 0)
        return fail_conflict(ctx, "self", "You cannot remove your own administrator role.");
    struct user target;
    int found = store_user_by_id(ctx->db, ctx->arena, user_id, &target);
    if (found <= 0)
        return found < 0 ? fail_internal(ctx, "reading user") : fail_not_found(ctx);
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin role change");
    if (store_user_set_role(ctx->db, user_id, role, ctx->now) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "role_change", "user", user_id,
                        arena_printf(ctx->arena, "role=%s", role)) != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing role change");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit role change");
}

int account_set_signup_policy(struct ctx *ctx, const char *mode, const char *domains)
{
    if (access_require_admin(ctx) != 0 ||
        validate_choice(ctx, "signup_mode", mode, signup_modes) != 0 ||
        validate_text(ctx, "signup_domains", domains, 0, 1000, false) != 0)
        return -1;
    if (!domains)
        domains = "";
    for (const char *p = domains; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == ',' || *p == ' '))
            return fail_input(ctx, "signup_domains",
                              "must be domain names separated by commas, like example.org");
    if (!strcmp(mode, "domains") && !strchr(domains, '.'))
        return fail_input(ctx, "signup_domains", "must list at least one domain");
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin settings");
    if (store_setting_set(ctx->db, "signup_mode", mode) != DB_DONE ||
        store_setting_set(ctx->db, "signup_domains", domains) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "settings", "instance", 0,
                        arena_printf(ctx->arena, "signup_mode=%s", mode)) != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing settings");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit settings");
}

int account_invite(struct ctx *ctx, const char *email, char code[TOKEN_CHARS + 1],
                   int64_t *invitation_id)
{
    if (access_require_admin(ctx) != 0)
        return -1;
    const char *normal = account_normalize_email(ctx, "email", email);
    if (!normal)
        return -1;
    char hash[TOKEN_HASH_CHARS + 1];
    token_new(code);
    token_hash(code, hash);
    if (db_begin(ctx->db) != 0)
        return fail_internal(ctx, "begin invitation");
    if (store_invitation_insert(ctx->db, hash, normal, ctx->user->id, ctx->now,
                                ctx->now + INVITATION_LIFETIME, invitation_id) != DB_DONE ||
        store_audit_add(ctx->db, ctx->now, ctx->user->id, "invite", "invitation", *invitation_id,
                        "") != DB_DONE) {
        db_rollback(ctx->db);
        return fail_internal(ctx, "storing invitation");
    }
    return db_commit(ctx->db) == 0 ? 0 : fail_internal(ctx, "commit invitation");
}
