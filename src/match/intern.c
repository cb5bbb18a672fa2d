/* intern.c — string interning with an open-addressing hash table (FNV-1a,
 * linear probing, kept at most half full). */
#include "match/intern.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *text, size_t length)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < length; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void match_intern_init(struct match_intern *intern)
{
    memset(intern, 0, sizeof *intern);
}

static size_t probe(const struct match_intern *intern, const char *text, size_t length)
{
    size_t mask = intern->table_size - 1;
    size_t i = (size_t)hash_bytes(text, length) & mask;
    for (;; i = (i + 1) & mask) {
        int32_t slot = intern->table[i];
        if (slot == 0)
            return i;
        const char *s = intern->strings[slot - 1];
        if (strncmp(s, text, length) == 0 && s[length] == '\0')
            return i;
    }
}

static int grow(struct match_intern *intern)
{
    size_t size = intern->table_size ? intern->table_size * 2 : 64;
    int32_t *table = calloc(size, sizeof *table);
    if (!table)
        return -1;
    int32_t *old = intern->table;
    intern->table = table;
    intern->table_size = size;
    for (size_t id = 0; id < intern->count; id++) {
        const char *s = intern->strings[id];
        intern->table[probe(intern, s, strlen(s))] = (int32_t)id + 1;
    }
    free(old);
    return 0;
}

int32_t match_intern_find(const struct match_intern *intern, const char *text, size_t length)
{
    if (intern->table_size == 0)
        return -1;
    int32_t slot = intern->table[probe(intern, text, length)];
    return slot - 1;
}

int32_t match_intern_add(struct match_intern *intern, const char *text, size_t length)
{
    if (2 * (intern->count + 1) > intern->table_size && grow(intern) != 0)
        return -1;
    size_t i = probe(intern, text, length);
    if (intern->table[i] != 0)
        return intern->table[i] - 1;
    if (intern->count == intern->capacity) {
        size_t capacity = intern->capacity ? intern->capacity * 2 : 64;
        char **strings = realloc(intern->strings, capacity * sizeof *strings);
        if (!strings)
            return -1;
        intern->strings = strings;
        intern->capacity = capacity;
    }
    char *copy = malloc(length + 1);
    if (!copy)
        return -1;
    memcpy(copy, text, length);
    copy[length] = '\0';
    intern->strings[intern->count] = copy;
    intern->table[i] = (int32_t)++intern->count;
    return (int32_t)intern->count - 1;
}

void match_intern_cleanup(struct match_intern *intern, char ***strings, size_t *count)
{
    free(intern->table);
    if (strings) {
        *strings = intern->strings;
        *count = intern->count;
    } else {
        for (size_t i = 0; i < intern->count; i++)
            free(intern->strings[i]);
        free(intern->strings);
    }
    match_intern_init(intern);
}
