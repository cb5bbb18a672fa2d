/* token.h — random secrets handed to clients (login tokens, invitation
 * codes) and the hashes we keep of them.
 *
 * A token is 32 random bytes from libsodium, shown as 43 characters of
 * unpadded base64url. The database keeps only its SHA-256 (hex), so reading
 * the database does not let anyone act as a user. */
#ifndef PEERCOACH_TOKEN_H
#define PEERCOACH_TOKEN_H

#include <stdbool.h>

#define TOKEN_CHARS      43
#define TOKEN_HASH_CHARS 64

void token_new(char out[TOKEN_CHARS + 1]);
void token_hash(const char *token, char out[TOKEN_HASH_CHARS + 1]);
/* Exactly TOKEN_CHARS base64url characters: cheap check before any lookup. */
bool token_is_well_formed(const char *token);

#endif
