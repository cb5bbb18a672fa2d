/* embedded.h — files compiled into the binary (templates, static assets,
 * migrations) by tools/embed.c.
 *
 * Each table ends with an entry whose name is NULL. Data is NUL-terminated
 * (the terminator is not counted in size) and lives for the whole program. */
#ifndef PEERCOACH_EMBEDDED_H
#define PEERCOACH_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;
    const char *data;
    size_t size;
};

extern const struct embedded_file embedded_templates[];
extern const struct embedded_file embedded_static[];
extern const struct embedded_file embedded_migrations[];

/* The file called name in table, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *table, const char *name);

#endif
