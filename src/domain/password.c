/* password.c — see password.h.
 *
 * The policy follows NIST SP 800-63B §5.1.1.2: a minimum length, a
 * blocklist of commonly used passwords and of values derived from the
 * account, and no composition rules (they push people to "Password1!"). */
#include "domain/password.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "domain/common_passwords.h"
#include "lib/utf8.h"

/* True when s is one short unit repeated ("aaaaaaaaaa", "abcabcabcabc"). */
static bool is_repetition(const char *s)
{
    size_t n = strlen(s);
    for (size_t unit = 1; unit <= 3 && unit < n; unit++) {
        size_t i = unit;
        while (i < n && s[i] == s[i - unit])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* True for runs like "1234567890", "abcdefghij" or "9876543210". */
static bool is_sequence(const char *s)
{
    size_t n = strlen(s);
    int step = (int)(unsigned char)s[1] - (int)(unsigned char)s[0];
    if (step != 1 && step != -1)
        return false;
    for (size_t i = 2; i < n; i++)
        if ((int)(unsigned char)s[i] - (int)(unsigned char)s[i - 1] != step)
            return false;
    return true;
}

const char *password_problem(const char *password, const char *email, const char *name)
{
    size_t bytes = strlen(password);
    if (!utf8_is_valid(password, bytes))
        return "must be valid UTF-8 text";
    size_t chars = utf8_length(password, bytes);
    if (chars < PASSWORD_MIN_CHARS)
        return "must be at least 10 characters long";
    if (chars > PASSWORD_MAX_CHARS)
        return "must be at most 256 characters long";
    if (is_repetition(password) || is_sequence(password) || common_password_contains(password))
        return "is too common; choose a longer phrase that others would not guess";
    if (email && *email) {
        const char *at = strchr(email, '@');
        size_t local = at ? (size_t)(at - email) : strlen(email);
        if (!strcasecmp(password, email) ||
            (local >= 4 && strlen(password) == local && !strncasecmp(password, email, local)))
            return "must not be your email address";
    }
    if (name && *name && !strcasecmp(password, name))
        return "must not be your name";
    return NULL;
}

int password_hash(const char *password, char out[PASSWORD_HASH_SIZE])
{
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

bool password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy_hash[PASSWORD_HASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    password_hash("an unguessable placeholder password", dummy_hash);
}

void password_burn_time(const char *password)
{
    pthread_once(&dummy_once, make_dummy_hash);
    (void)password_verify(dummy_hash, password);
}
