/* urlform.h — application/x-www-form-urlencoded parsing (HTML forms and
 * query strings) into a jansson object.
 *
 * Written here instead of using MHD_PostProcessor so that the body is parsed
 * once, after it is complete, with our own limits and UTF-8 checks. A key
 * that appears once maps to a string; a repeated key maps to an array of
 * strings in order (checkbox groups). The caller owns the returned object. */
#ifndef PEERCOACH_URLFORM_H
#define PEERCOACH_URLFORM_H

#include <jansson.h>
#include <stddef.h>

/* NULL on malformed percent-encoding or invalid UTF-8, with a short reason
 * in *error (a static string). */
json_t *urlform_parse(const char *text, size_t len, const char **error);

/* Percent-decode s[0..n) into out (at least n+1 bytes); '+' becomes a space.
 * Returns the decoded length or -1 on a malformed escape. */
long urlform_decode(const char *s, size_t n, char *out);

/* s percent-encoded for a query string value (RFC 3986 unreserved
 * characters kept), in arena. */
struct arena;
char *urlform_encode(struct arena *arena, const char *s);

#endif
