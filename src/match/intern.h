/* intern.h — string interning: equal strings get one small integer id, so
 * the engine compares skills, languages and terms as integers (internal). */
#ifndef PEERCOACH_MATCH_INTERN_H
#define PEERCOACH_MATCH_INTERN_H

#include <stddef.h>
#include <stdint.h>

struct match_intern {
    char **strings; /* by id, NUL-terminated copies */
    size_t count, capacity;
    int32_t *table; /* open addressing: id + 1, 0 = empty */
    size_t table_size;
};

void match_intern_init(struct match_intern *intern);
/* The id of the length bytes at text, added if new; -1 when out of memory. */
int32_t match_intern_add(struct match_intern *intern, const char *text, size_t length);
/* The id, or -1 if never added. */
int32_t match_intern_find(const struct match_intern *intern, const char *text, size_t length);
/* Frees the table; hands the strings array to *strings (when not NULL). */
void match_intern_cleanup(struct match_intern *intern, char ***strings, size_t *count);

#endif
