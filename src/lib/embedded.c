/* embedded.c — lookup in the tables tools/embed.c generates. Tables are
 * small (tens of entries), so a linear scan is the simplest correct thing;
 * hot paths (static files, templates) cache what they find at startup. */
#include "lib/embedded.h"

#include <string.h>

const struct embedded_file *embedded_find(const struct embedded_file *table, const char *name)
{
    for (const struct embedded_file *f = table; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
