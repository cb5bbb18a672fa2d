/* csrf.h — tokens that prove a form was served by us.
 *
 * The token is HMAC-SHA256(secret, base) in base64url, where base is the
 * login token when logged in, else the random pc_csrf cookie (set on the
 * first page a logged-out browser sees). Another site can make a browser
 * send our cookies but cannot read them, so it cannot compute the token.
 * JSON API calls are not form posts: they need Content-Type:
 * application/json, which a cross-site form cannot send. */
#ifndef PEERCOACH_CSRF_H
#define PEERCOACH_CSRF_H

#include <stdbool.h>

#define CSRF_CHARS 43

void csrf_token(const unsigned char secret[32], const char *base, char out[CSRF_CHARS + 1]);
/* Constant-time comparison against the token expected for base. */
bool csrf_valid(const unsigned char secret[32], const char *base, const char *token);

#endif
