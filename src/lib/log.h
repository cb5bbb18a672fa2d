/* log.h — one-line log records on stderr.
 *
 * Every line starts with an ISO-8601 UTC timestamp and a level. Lines are
 * written with a single write(2), so lines from different threads never
 * interleave. Never pass user content (notes, messages, reflections) here:
 * confidentiality rules forbid it from reaching the log. */
#ifndef PEERCOACH_LOG_H
#define PEERCOACH_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silence info lines (errors still print); used by tests and benchmarks. */
void log_set_quiet(int quiet);

#endif
