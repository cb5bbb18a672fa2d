/* markdown.c — see markdown.h. */
#include "lib/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

const char *markdown_html(struct arena *arena, const char *markdown)
{
    /* CMARK_OPT_SAFE is cmark 0.30's default; it is named here so that the
     * intent survives a library that changes defaults. */
    int options = CMARK_OPT_SAFE | CMARK_OPT_HARDBREAKS | CMARK_OPT_VALIDATE_UTF8;
    char *html = cmark_markdown_to_html(markdown, strlen(markdown), options);
    const char *copy = arena_strdup(arena, html ? html : "");
    free(html);
    return copy;
}
