/* utf8.h — checks on outside text: valid UTF-8, no control characters,
 * length in characters.
 *
 * Every string a user sends passes text_check() before it is stored, so the
 * database and the pages only ever hold clean UTF-8. */
#ifndef PEERCOACH_UTF8_H
#define PEERCOACH_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Strict UTF-8 (RFC 3629): no overlong forms, surrogates or code points
 * above U+10FFFF. An embedded NUL counts as invalid. */
bool utf8_is_valid(const char *s, size_t n);

/* Number of code points in valid UTF-8 s. */
size_t utf8_length(const char *s, size_t n);

enum text_problem {
    TEXT_OK,
    TEXT_BAD_UTF8,
    TEXT_CONTROL_CHAR, /* a C0/C1 control, DEL, or a newline where one line is expected */
    TEXT_TOO_LONG,
};

/* Check s as user text of at most max_chars characters. multiline allows
 * \n, \r and \t; single-line text allows none of them. */
enum text_problem text_check(const char *s, size_t n, size_t max_chars, bool multiline);

#endif
