/* headers.c — see headers.h. The pages need no JavaScript, so the policy
 * allows none; inline styles are refused too, so a stored value can never
 * restyle a page. */
#include "http/headers.h"

void headers_add_security(struct MHD_Response *response, bool is_tls)
{
    MHD_add_response_header(response, "Content-Security-Policy",
                            "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "same-origin");
    MHD_add_response_header(response, "X-Frame-Options", "DENY");
    if (is_tls)
        MHD_add_response_header(response, "Strict-Transport-Security",
                                "max-age=31536000; includeSubDomains");
}
