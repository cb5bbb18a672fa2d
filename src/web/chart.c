/* chart.c — see chart.h.
 *
 * The value axis is widened to "nice" round bounds (steps of 1, 2 or 5
 * times a power of ten), so its few labels read like a hand-drawn chart;
 * the time axis runs from the first point to the later of the last point
 * and the target date, so the distance still to go is visible. Colours
 * are those of static/style.css. */
#include "web/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/date.h"
#include "lib/strbuf.h"

#define WIDTH  640
#define HEIGHT 260
#define LEFT   64
#define RIGHT  24
#define TOP    24
#define BOTTOM 44

#define INK    "#4a5365"
#define GRID   "#e3e7ee"
#define LINE   "#1f5fbf"
#define TARGET "#1e6b3a"

struct scale {
    int64_t first_day, last_day;
    double low, high, step;
};

static double x_of(const struct scale *s, int64_t day)
{
    return LEFT + (double)(day - s->first_day) / (double)(s->last_day - s->first_day) *
                      (WIDTH - LEFT - RIGHT);
}

static double y_of(const struct scale *s, double value)
{
    return TOP + (s->high - value) / (s->high - s->low) * (HEIGHT - TOP - BOTTOM);
}

/* A round step that cuts range into about four parts. */
static double nice_step(double range)
{
    double raw = range / 4;
    double magnitude = pow(10, floor(log10(raw)));
    double f = raw / magnitude;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
}

static void widen(struct scale *s, double value)
{
    if (value < s->low)
        s->low = value;
    if (value > s->high)
        s->high = value;
}

static void fit(const struct chart *c, struct scale *s)
{
    const struct chart_point *first = c->has_start ? &c->start : c->point_count ? c->points : NULL;
    s->first_day = first ? first->day : c->last_day;
    s->last_day = c->last_day;
    s->low = s->high = first ? first->value : c->has_target ? c->target : 0;
    for (int i = 0; i < c->point_count; i++) {
        widen(s, c->points[i].value);
        if (c->points[i].day < s->first_day)
            s->first_day = c->points[i].day;
        if (c->points[i].day > s->last_day)
            s->last_day = c->points[i].day;
    }
    if (c->has_target)
        widen(s, c->target);
    if (s->last_day <= s->first_day)
        s->last_day = s->first_day + 1;
    if (s->high - s->low < 1e-9 * (fabs(s->high) + 1)) {
        s->low -= 1;
        s->high += 1;
    }
    s->step = nice_step(s->high - s->low);
    s->low = floor(s->low / s->step) * s->step;
    s->high = ceil(s->high / s->step) * s->step;
}

static void tick_label(const struct scale *s, double value, char *out, size_t size)
{
    if (fabs(value) < s->step / 2)
        value = 0; /* never "-0" */
    if (fabs(s->high) >= 1e7 || fabs(s->low) >= 1e7) {
        snprintf(out, size, "%.3g", value);
        return;
    }
    int decimals = s->step >= 1 ? 0 : (int)ceil(-log10(s->step) - 1e-9);
    snprintf(out, size, "%.*f", decimals > 10 ? 10 : decimals, value);
}

static void put_text(struct strbuf *sb, const char *text)
{
    strbuf_append_html(sb, text, strlen(text));
}

/* Only letters, digits and '-' reach an id attribute. */
static void put_id(struct strbuf *sb, const char *id, const char *suffix)
{
    for (const char *p = id; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-')
            strbuf_putc(sb, *p);
    strbuf_puts(sb, suffix);
}

static void put_axes(struct strbuf *sb, const struct scale *s)
{
    strbuf_printf(sb,
                  "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\" "
                  "stroke=\"" GRID "\"/>",
                  LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    int ticks = (int)lround((s->high - s->low) / s->step);
    for (int i = 0; i <= ticks; i++) {
        double value = s->low + i * s->step;
        double y = y_of(s, value);
        char label[40];
        tick_label(s, value, label, sizeof label);
        strbuf_printf(sb,
                      "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"" GRID "\"/>"
                      "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"" INK "\">%s</text>",
                      LEFT, y, WIDTH - RIGHT, y, LEFT - 8, y + 4, label);
    }
    char first[DATE_CHARS + 1], last[DATE_CHARS + 1];
    date_format(s->first_day, first);
    date_format(s->last_day, last);
    strbuf_printf(sb,
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"start\" fill=\"" INK "\">%s</text>"
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"" INK "\">%s</text>",
                  LEFT, HEIGHT - BOTTOM + 20, first, WIDTH - RIGHT, HEIGHT - BOTTOM + 20, last);
}

static void put_target(struct strbuf *sb, const struct chart *c, const struct scale *s)
{
    double y = y_of(s, c->target);
    strbuf_printf(sb,
                  "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"" TARGET "\" "
                  "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
                  "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"" TARGET "\">",
                  LEFT, y, WIDTH - RIGHT, y, WIDTH - RIGHT - 4, y - 6);
    put_text(sb, c->target_label ? c->target_label : "Target");
    strbuf_puts(sb, "</text>");
}

static void put_line(struct strbuf *sb, const struct chart *c, const struct scale *s)
{
    strbuf_puts(sb, "<polyline fill=\"none\" stroke=\"" LINE "\" stroke-width=\"2.5\" "
                    "stroke-linejoin=\"round\" points=\"");
    if (c->has_start)
        strbuf_printf(sb, "%.1f,%.1f", x_of(s, c->start.day), y_of(s, c->start.value));
    for (int i = 0; i < c->point_count; i++)
        strbuf_printf(sb, "%s%.1f,%.1f", i || c->has_start ? " " : "", x_of(s, c->points[i].day),
                      y_of(s, c->points[i].value));
    strbuf_puts(sb, "\"/>");
    if (c->has_start)
        strbuf_printf(sb,
                      "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#ffffff\" stroke=\"" LINE
                      "\" stroke-width=\"2\"/>",
                      x_of(s, c->start.day), y_of(s, c->start.value));
    for (int i = 0; i < c->point_count; i++)
        strbuf_printf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"" LINE "\"/>",
                      x_of(s, c->points[i].day), y_of(s, c->points[i].value));
}

const char *chart_svg(struct arena *arena, const struct chart *c)
{
    struct scale s;
    fit(c, &s);
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(
        &sb,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"goal-chart\" viewBox=\"0 0 %d %d\" "
        "width=\"100%%\" role=\"img\" font-family=\"system-ui, sans-serif\" "
        "font-size=\"13\" aria-labelledby=\"",
        WIDTH, HEIGHT);
    put_id(&sb, c->id, "-title ");
    put_id(&sb, c->id, "-desc\"><title id=\"");
    put_id(&sb, c->id, "-title\">");
    put_text(&sb, c->title);
    strbuf_puts(&sb, "</title><desc id=\"");
    put_id(&sb, c->id, "-desc\">");
    put_text(&sb, c->description);
    strbuf_puts(&sb, "</desc>");
    put_axes(&sb, &s);
    if (c->has_target)
        put_target(&sb, c, &s);
    put_line(&sb, c, &s);
    strbuf_puts(&sb, "</svg>");
    const char *svg = arena_strdup(arena, sb.data);
    strbuf_cleanup(&sb);
    return svg;
}
