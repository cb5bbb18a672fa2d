/* token.c — see token.h. */
#include "domain/token.h"

#include <sodium.h>
#include <string.h>

void token_new(char out[TOKEN_CHARS + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, TOKEN_CHARS + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void token_hash(const char *token, char out[TOKEN_HASH_CHARS + 1])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, TOKEN_HASH_CHARS + 1, digest, sizeof digest);
}

bool token_is_well_formed(const char *token)
{
    size_t n = 0;
    for (; token[n]; n++) {
        char c = token[n];
        if (n >= TOKEN_CHARS || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                  (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return n == TOKEN_CHARS;
}
