/* static.c — see static.h. */
#include "http/static.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "http/headers.h"
#include "lib/embedded.h"

#define STATIC_PREFIX "/static/"

struct static_file {
    const char *name;
    char etag[24];
    size_t size;
    struct MHD_Response *ok, *not_modified;
};

struct static_files {
    struct static_file *files;
    size_t count;
};

static const char *content_type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (!strcmp(dot, ".css"))
        return "text/css; charset=utf-8";
    if (!strcmp(dot, ".svg"))
        return "image/svg+xml";
    if (!strcmp(dot, ".png"))
        return "image/png";
    if (!strcmp(dot, ".ico"))
        return "image/x-icon";
    if (!strcmp(dot, ".txt"))
        return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

static void add_common(struct MHD_Response *r, const struct static_file *f, bool is_tls)
{
    MHD_add_response_header(r, "ETag", f->etag);
    MHD_add_response_header(r, "Cache-Control", "public, max-age=86400");
    headers_add_security(r, is_tls);
}

struct static_files *static_files_new(bool is_tls)
{
    struct static_files *files = calloc(1, sizeof *files);
    for (const struct embedded_file *e = embedded_static; e->name; e++)
        files->count++;
    files->files = calloc(files->count ? files->count : 1, sizeof *files->files);
    size_t i = 0;
    for (const struct embedded_file *e = embedded_static; e->name; e++, i++) {
        struct static_file *f = &files->files[i];
        unsigned char digest[8];
        char hex[17];
        crypto_generichash(digest, sizeof digest, (const unsigned char *)e->data, e->size, NULL, 0);
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        snprintf(f->etag, sizeof f->etag, "\"%s\"", hex);
        f->name = e->name;
        f->size = e->size;
        f->ok = MHD_create_response_from_buffer(e->size, (void *)e->data, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(f->ok, "Content-Type", content_type_of(e->name));
        add_common(f->ok, f, is_tls);
        f->not_modified = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        add_common(f->not_modified, f, is_tls);
    }
    return files;
}

void static_files_free(struct static_files *files)
{
    if (!files)
        return;
    for (size_t i = 0; i < files->count; i++) {
        MHD_destroy_response(files->files[i].ok);
        MHD_destroy_response(files->files[i].not_modified);
    }
    free(files->files);
    free(files);
}

bool static_files_serve(struct static_files *files, struct MHD_Connection *connection,
                        const char *path, enum MHD_Result *result, int *status, size_t *bytes)
{
    if (strncmp(path, STATIC_PREFIX, strlen(STATIC_PREFIX)) != 0)
        return false;
    const char *name = path + strlen(STATIC_PREFIX);
    for (size_t i = 0; i < files->count; i++) {
        struct static_file *f = &files->files[i];
        if (strcmp(f->name, name) != 0)
            continue;
        const char *match =
            MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
        bool fresh = match && strstr(match, f->etag);
        *status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
        *bytes = fresh ? 0 : f->size;
        *result =
            MHD_queue_response(connection, (unsigned)*status, fresh ? f->not_modified : f->ok);
        return true;
    }
    return false;
}
