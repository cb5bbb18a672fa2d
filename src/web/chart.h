/* chart.h — a small line chart as inline SVG: values over time and a
 * target line, for the goal page.
 *
 * Our own few lines instead of a charting library because the page allows
 * no script and no inline style (the Content-Security-Policy forbids
 * both): the SVG uses presentation attributes only. It is an image to
 * assistive technology (role="img") named by its <title> and described by
 * its <desc>, so the caller writes a description that says in words what
 * the lines show. Every number in it is formatted here and every text the
 * caller passes is escaped, so the result is safe to place in a page as
 * raw "_html". */
#ifndef PEERCOACH_CHART_H
#define PEERCOACH_CHART_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/arena.h"

struct chart_point {
    int64_t day; /* days since 1970-01-01 */
    double value;
};

struct chart {
    const char *id;          /* prefix of the element ids; letters, digits and '-' */
    const char *title;       /* escaped */
    const char *description; /* escaped */
    /* Where the line starts (e.g. the baseline on the day the goal was
     * set), drawn as a hollow dot; then the measured points, oldest first. */
    bool has_start;
    struct chart_point start;
    const struct chart_point *points;
    int point_count;
    bool has_target;
    double target;
    const char *target_label; /* escaped; like "Target 5 errors" */
    int64_t last_day;         /* the x axis runs at least until this day (a target date) */
};

/* The chart as an <svg> element, in arena. */
const char *chart_svg(struct arena *arena, const struct chart *chart);

#endif
