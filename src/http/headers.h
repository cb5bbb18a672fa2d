/* headers.h — response headers every response carries (internal to
 * http/). */
#ifndef PEERCOACH_HTTP_HEADERS_H
#define PEERCOACH_HTTP_HEADERS_H

#include <microhttpd.h>
#include <stdbool.h>

/* Content-Security-Policy (no script at all, styles and images from us
 * only, no framing), nosniff, Referrer-Policy, and HSTS when served over
 * TLS. */
void headers_add_security(struct MHD_Response *response, bool is_tls);

#endif
