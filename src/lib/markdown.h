/* markdown.h — user Markdown to HTML, safely.
 *
 * cmark in safe mode: raw HTML and dangerous URLs (javascript:, data: other
 * than images, vbscript:) are dropped, so the output can be placed in a
 * page as is. Templates only show it through keys ending in _html. */
#ifndef PEERCOACH_MARKDOWN_H
#define PEERCOACH_MARKDOWN_H

#include "lib/arena.h"

/* The HTML of markdown, in arena. Line breaks inside paragraphs are kept
 * (people write notes line by line). */
const char *markdown_html(struct arena *arena, const char *markdown);

#endif
