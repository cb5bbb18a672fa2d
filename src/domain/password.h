/* password.h — password policy and hashing.
 *
 * Hashes are libsodium argon2id strings at the INTERACTIVE limits (about
 * 85 ms of one core and 64 MiB each). That makes hashing the most expensive
 * thing the server does, so the routes that hash are declared `heavy` in
 * the route table and run on the bounded CPU pool (http/cpu_pool.c), never
 * on the threads that answer other requests. */
#ifndef PEERCOACH_PASSWORD_H
#define PEERCOACH_PASSWORD_H

#include <sodium.h>
#include <stdbool.h>

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_CHARS 256
#define PASSWORD_HASH_SIZE crypto_pwhash_STRBYTES

/* NULL when password is acceptable for this account, else why not (a
 * static sentence completing "password ..."). */
const char *password_problem(const char *password, const char *email, const char *name);

/* 0, or -1 if hashing failed (out of memory). */
int password_hash(const char *password, char out[PASSWORD_HASH_SIZE]);
bool password_verify(const char *hash, const char *password);
/* Spend the time of one verification, for logins to unknown accounts, so
 * response time does not tell which emails have accounts. */
void password_burn_time(const char *password);

#endif
