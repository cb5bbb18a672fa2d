/* utf8.c — strict UTF-8 validation and user-text checks; see utf8.h. */
#include "lib/utf8.h"

bool utf8_is_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned cp, min;
        if ((c & 0xE0) == 0xC0)
            len = 2, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0)
            len = 3, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0)
            len = 4, cp = c & 0x07, min = 0x10000;
        else
            return false;
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

size_t utf8_length(const char *str, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)str[i] & 0xC0) != 0x80)
            count++;
    return count;
}

enum text_problem text_check(const char *str, size_t n, size_t max_chars, bool multiline)
{
    if (!utf8_is_valid(str, n))
        return TEXT_BAD_UTF8;
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            if (!multiline)
                return TEXT_CONTROL_CHAR;
        } else if (c < 0x20 || c == 0x7F) {
            return TEXT_CONTROL_CHAR;
        } else if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F) {
            return TEXT_CONTROL_CHAR; /* C1 controls U+0080..U+009F */
        }
    }
    if (utf8_length(str, n) > max_chars)
        return TEXT_TOO_LONG;
    return TEXT_OK;
}
