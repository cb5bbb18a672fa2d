/* jsonout.h — jansson values as compact JSON text, appended to a strbuf.
 *
 * The output is byte for byte what json_dumps(value, JSON_COMPACT) gives:
 * object members in insertion order, no spaces, only '"', '\\' and control
 * characters escaped, non-ASCII UTF-8 written as it is. It exists because
 * jansson's dumper is slow for what it does: it records every array and
 * object it enters in a hash table keyed by the address printed with
 * snprintf (to detect cycles) and emits each run of characters through a
 * callback, which made rendering cost as much as building the view. */
#ifndef PEERCOACH_JSONOUT_H
#define PEERCOACH_JSONOUT_H

#include <jansson.h>

#include "lib/strbuf.h"

/* Append value (any type) to out. -1 when nesting is deeper than a view
 * model can be, which is how a cycle shows; out then holds a partial text. */
int jsonout_append(struct strbuf *out, const json_t *value);

#endif
