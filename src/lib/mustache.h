/* mustache.h — our Mustache template engine, rendering jansson values.
 *
 * Templates are compiled once, when loaded, into a tree whose names are
 * already split at the dots; rendering walks that tree and writes straight
 * into a strbuf, without parsing or allocating per node. A set is written by
 * one thread while loading and is immutable afterwards, so any number of
 * threads may then render from it at once.
 *
 * Supported: the Mustache spec's interpolation, sections, inverted sections,
 * comments, partials, set delimiters, template inheritance ({{<parent}} with
 * {{$block}}) and dynamic names ({{>*name}}, {{<*name}}); not lambdas.
 *
 * Values: a section is skipped for a missing key, null, false or an empty
 * list, repeated for each item of a list, and entered once for anything
 * else (0 and "" included), pushing it on the context stack. Strings are
 * written HTML-escaped (& < > " '); numbers, true and false as JSON writes
 * them (reals as short as they read back: 1.21); null, objects and lists as
 * nothing.
 *
 * MUSTACHE_STRICT is the mode the product uses: the compiler refuses raw
 * output ({{{x}}}, {{&x}}) unless the name's last dotted segment ends in
 * "_html", because only our own code (cmark, SVG charts) fills such keys.
 * MUSTACHE_SPEC allows everything, for the conformance tests.
 *
 * Ownership: the caller of mustache_set_new() owns the set and frees it with
 * mustache_set_free(). mustache_set_add() copies what it needs from name and
 * text. The view passed to mustache_render() is borrowed and only read.
 * Error messages are malloc'd and freed by the caller. */
#ifndef PEERCOACH_MUSTACHE_H
#define PEERCOACH_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "lib/strbuf.h"

/* Sections, partials, parents and blocks nest at most this deep, both in one
 * template's source and at render time, so neither compiling nor rendering
 * (a self-including partial, say) can exhaust the stack. */
#define MUSTACHE_MAX_DEPTH 256

enum mustache_mode { MUSTACHE_SPEC, MUSTACHE_STRICT };

/* Named compiled templates. */
struct mustache_set;

struct mustache_set *mustache_set_new(enum mustache_mode mode);
void mustache_set_free(struct mustache_set *set);

/* Compile len bytes of text (not necessarily NUL-terminated) under name.
 * Partials and parents are looked up by name when rendering, so templates
 * may be added in any order; adding a name twice is an error. Returns 0, or
 * -1 with *error (if error is not NULL) set to a malloc'd one-line message
 * naming the template, the line and the problem. */
int mustache_set_add(struct mustache_set *set, const char *name, const char *text, size_t len,
                     char **error);

/* Render template name with view (NULL for none) appended to out. Missing
 * partials and parents render as empty, as the spec asks. Returns 0, or -1
 * if there is no such template or the render nests deeper than
 * MUSTACHE_MAX_DEPTH; out is then left as it was. */
int mustache_render(const struct mustache_set *set, const char *name, json_t *view,
                    struct strbuf *out);

#endif
