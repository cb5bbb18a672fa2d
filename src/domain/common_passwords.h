/* common_passwords.h — the blocklist behind password_problem(). */
#ifndef PEERCOACH_COMMON_PASSWORDS_H
#define PEERCOACH_COMMON_PASSWORDS_H

#include <stdbool.h>

/* True if password (any case) is a commonly used password, or a common base
 * word padded with digits and symbols ("Password2024!", "123qwerty"). */
bool common_password_contains(const char *password);

#endif
