/* csv.c — see csv.h. */
#include "lib/csv.h"

#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append_cell(struct strbuf *out, const char *text)
{
    bool formula = text[0] && strchr("=+-@", text[0]);
    size_t n = strlen(text) + (formula ? 1 : 0);
    char *source = malloc(n + 1);
    snprintf(source, n + 1, "%s%s", formula ? "'" : "", text);
    /* libcsv quotes the field and doubles inner quotes: at most 2n + 2. */
    char *quoted = malloc(2 * n + 2);
    size_t written = csv_write(quoted, 2 * n + 2, source, n);
    strbuf_append(out, quoted, written);
    free(source);
    free(quoted);
}

void csv_append_row(struct strbuf *out, json_t *cells)
{
    size_t i;
    json_t *cell;
    json_array_foreach(cells, i, cell)
    {
        if (i)
            strbuf_putc(out, ',');
        if (json_is_string(cell)) {
            append_cell(out, json_string_value(cell));
        } else if (json_is_integer(cell)) {
            strbuf_printf(out, "%lld", (long long)json_integer_value(cell));
        } else if (json_is_real(cell)) {
            strbuf_printf(out, "%.2f", json_real_value(cell));
        } else if (json_is_boolean(cell)) {
            strbuf_puts(out, json_is_true(cell) ? "true" : "false");
        }
    }
    strbuf_puts(out, "\r\n");
}
