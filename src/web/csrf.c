/* csrf.c — see csrf.h. */
#include "web/csrf.h"

#include <sodium.h>
#include <string.h>

void csrf_token(const unsigned char secret[32], const char *base, char out[CSRF_CHARS + 1])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, secret, 32);
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)"csrf:", 5);
    crypto_auth_hmacsha256_update(&state, (const unsigned char *)base, strlen(base));
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_bin2base64(out, CSRF_CHARS + 1, mac, sizeof mac,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool csrf_valid(const unsigned char secret[32], const char *base, const char *token)
{
    if (!base || !token || strlen(token) != CSRF_CHARS)
        return false;
    char expected[CSRF_CHARS + 1];
    csrf_token(secret, base, expected);
    return sodium_memcmp(expected, token, CSRF_CHARS) == 0;
}
