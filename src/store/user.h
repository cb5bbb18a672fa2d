/* store/user.h — SQL for users, their profiles and login tokens.
 *
 * Record structs are filled from rows; their strings live in the arena
 * passed in. Lookups return 1 (found), 0 (no such row) or -1 (database
 * error, already logged). Writes return a db_result so callers can tell a
 * constraint (email taken) from a failure. */
#ifndef PEERCOACH_STORE_USER_H
#define PEERCOACH_STORE_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/db.h"

struct user {
    int64_t id;
    const char *email; /* lower-cased */
    const char *name;  /* display name */
    const char *role;  /* "admin", "organizer" or "member" */
    bool is_active;
    int64_t created_at;
};

/* Lists (languages, availability, skills, interests) are JSON array text,
 * validated by domain/profile.c before it is stored. */
struct profile {
    const char *job_title, *department, *time_zone, *bio;
    bool has_level;
    int64_t level;
    int64_t manager_id; /* 0: none */
    const char *manager_name;
    const char *languages, *availability, *skills_to_develop, *skills_to_offer, *interests;
    int64_t updated_at;
};

/* A person in the directory: user, profile and manager's name together. */
struct person {
    struct user user;
    struct profile profile;
};

int64_t store_user_count(struct db *db);
enum db_result store_user_insert(struct db *db, const char *email, const char *name,
                                 const char *password_hash, const char *role, int64_t now,
                                 int64_t *id);
int store_user_by_id(struct db *db, struct arena *arena, int64_t id, struct user *out);
/* Also hands back the password hash, for login. */
int store_user_by_email(struct db *db, struct arena *arena, const char *email, struct user *out,
                        const char **password_hash);
int store_user_password_hash(struct db *db, struct arena *arena, int64_t id, const char **hash);
enum db_result store_user_set_password(struct db *db, int64_t id, const char *hash, int64_t now);
enum db_result store_user_set_active(struct db *db, int64_t id, bool active, int64_t now);
enum db_result store_user_set_role(struct db *db, int64_t id, const char *role, int64_t now);
enum db_result store_user_set_name(struct db *db, int64_t id, const char *name, int64_t now);

/* Directory search over name, email, department and job title (case-
 * insensitive substring; an empty query lists everyone), ordered by name.
 * Fills *out with up to limit people from offset; returns the count or -1. */
int store_people_search(struct db *db, struct arena *arena, const char *query, int limit,
                        int offset, struct person **out);

int store_profile_get(struct db *db, struct arena *arena, int64_t user_id, struct profile *out);
enum db_result store_profile_save(struct db *db, int64_t user_id, const struct profile *p,
                                  int64_t now);
enum db_result store_profile_set_manager(struct db *db, int64_t user_id, int64_t manager_id,
                                         int64_t now);
/* The manager of user_id (0 for none), or -1. */
int64_t store_manager_of(struct db *db, int64_t user_id);

enum db_result store_login_token_insert(struct db *db, const char *token_hash, int64_t user_id,
                                        int64_t now);
/* The active user behind a token hash, with the token's times. */
int store_login_token_user(struct db *db, struct arena *arena, const char *token_hash,
                           struct user *out, int64_t *created_at, int64_t *last_seen_at);
enum db_result store_login_token_touch(struct db *db, const char *token_hash, int64_t now);
enum db_result store_login_token_delete(struct db *db, const char *token_hash);
/* Every token of a user except keep_hash (NULL: all of them). */
enum db_result store_login_token_delete_for_user(struct db *db, int64_t user_id,
                                                 const char *keep_hash);

#endif
