/* static.h — the CSS and icons embedded in the binary, served under
 * /static/ with an ETag and a day of caching; a matching If-None-Match gets
 * 304. Responses are built once at startup and shared by all threads
 * (libmicrohttpd reference-counts them). Internal to http/. */
#ifndef PEERCOACH_HTTP_STATIC_H
#define PEERCOACH_HTTP_STATIC_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

struct static_files;

struct static_files *static_files_new(bool is_tls);
void static_files_free(struct static_files *files);

/* When path names a static file, queue its response on connection and
 * return true with *status and *bytes for the access log. */
bool static_files_serve(struct static_files *files, struct MHD_Connection *connection,
                        const char *path, enum MHD_Result *result, int *status, size_t *bytes);

#endif
