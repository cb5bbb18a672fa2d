/* csv.h — writing CSV (RFC 4180) for report exports, with libcsv's
 * quoting. Cells that begin with = + - @ are prefixed with an apostrophe so
 * a spreadsheet does not run them as formulas (CSV injection). */
#ifndef PEERCOACH_CSV_H
#define PEERCOACH_CSV_H

#include <jansson.h>

#include "lib/strbuf.h"

/* Append a row of cells (strings, numbers, booleans, null as empty). */
void csv_append_row(struct strbuf *out, json_t *cells);

#endif
