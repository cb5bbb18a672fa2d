/* strbuf.h — a growable byte buffer on the heap.
 *
 * Used where output size is unknown and the result may outlive a request's
 * arena, e.g. a rendered page handed to libmicrohttpd, which frees it.
 * Ownership: the struct is embedded by its user (strbuf_init/strbuf_cleanup);
 * strbuf_detach() hands the malloc'd bytes to the caller. data is always
 * NUL-terminated. Allocation failure aborts (see arena.h). */
#ifndef PEERCOACH_STRBUF_H
#define PEERCOACH_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *data;
    size_t len, cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_cleanup(struct strbuf *sb);
void strbuf_reserve(struct strbuf *sb, size_t extra);
void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s with & < > " ' replaced by HTML entities. */
void strbuf_append_html(struct strbuf *sb, const char *s, size_t n);
/* Give up the bytes: the caller frees them with free(). */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
