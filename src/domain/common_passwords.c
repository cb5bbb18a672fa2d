/* common_passwords.c — a blocklist of the passwords people reach for first.
 *
 * Two lists, both compiled by hand from the patterns that dominate every
 * published breach analysis: whole passwords long enough to pass the length
 * rule, and base words that people pad with digits or symbols to reach it.
 * The second list catches far more than a long list of whole passwords
 * would ("welcome2024!", "!!Summer2025"). Both lists are sorted, lower case,
 * and searched with bsearch. */
#include "domain/common_passwords.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const whole[] = {
    "0987654321",   "1234567890",    "1q2w3e4r5t",   "1q2w3e4r5t6y", "1qaz2wsx3edc", "a1b2c3d4e5",
    "aaaaaaaaaa",   "abcd123456",    "abcdefghij",   "asdfghjkl1",   "asdfghjkl;",   "ilovemymom",
    "iloveyou12",   "letmeinplease", "mypassword1",  "passw0rd123",  "password!1",   "q1w2e3r4t5",
    "q1w2e3r4t5y6", "qazwsxedcrfv",  "qweasdzxc123", "qwerty123456", "qwertyuiop",   "qwertyuiop1",
    "trustno1234",  "zaq12wsxcde",   "zxcvbnm123",   "zxcvbnmasdf",
};

static const char *const base_words[] = {
    "abc",      "abcd",     "admin",      "administrator", "asdf",       "asdfgh",   "asdfghjkl",
    "baseball", "batman",   "changeme",   "charlie",       "chocolate",  "computer", "default",
    "dragon",   "football", "freedom",    "hello",         "helloworld", "iloveyou", "jennifer",
    "letmein",  "login",    "love",       "master",        "michael",    "monkey",   "mustang",
    "pass",     "passw0rd", "password",   "passwort",      "peercoach",  "princess", "qazwsx",
    "qwert",    "qwerty",   "qwertyuiop", "secret",        "shadow",     "soccer",   "spring",
    "starwars", "summer",   "sunshine",   "superman",      "test",       "trustno1", "welcome",
    "whatever", "winter",   "zxcvbn",     "zxcvbnm",
};

static int compare(const void *key, const void *element)
{
    return strcmp(key, *(const char *const *)element);
}

static bool in_list(const char *word, const char *const *list, size_t n)
{
    return bsearch(word, list, n, sizeof *list, compare) != NULL;
}

static bool is_padding(char c)
{
    return isdigit((unsigned char)c) || ispunct((unsigned char)c) || c == ' ';
}

bool common_password_contains(const char *password)
{
    char lower[64];
    size_t n = strlen(password);
    if (n >= sizeof lower)
        return false; /* longer than anything on the lists */
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)tolower((unsigned char)password[i]);
    if (in_list(lower, whole, sizeof whole / sizeof *whole))
        return true;
    /* Strip digit/symbol padding from both ends and look up the base. */
    size_t start = 0, end = n;
    while (start < end && is_padding(lower[start]))
        start++;
    while (end > start && is_padding(lower[end - 1]))
        end--;
    if (start == end)
        return false; /* all digits and symbols: sequences are checked elsewhere */
    lower[end] = '\0';
    return in_list(lower + start, base_words, sizeof base_words / sizeof *base_words);
}
