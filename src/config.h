/* config.h — peercoach's configuration: what it is, where it comes from.
 *
 * Sources, strongest first: command-line flags, environment variables
 * (PEERCOACH_<NAME>), an INI file (--config FILE or PEERCOACH_CONFIG), the
 * defaults. One table in config.c lists every setting once, with its flag,
 * variable, type and help, so the sources cannot drift apart.
 *
 * Ownership: a struct config is filled once at startup and only read after;
 * strings in it are owned by the struct (config_cleanup frees them). */
#ifndef PEERCOACH_CONFIG_H
#define PEERCOACH_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct config {
    char *listen;            /* "127.0.0.1:8080" */
    char *db;                /* database path */
    char *public_url;        /* "https://coach.example.org": https means Secure cookies + HSTS */
    int64_t threads;         /* HTTP worker threads; 0 = one per core */
    int64_t max_body;        /* bytes */
    int64_t max_header;      /* bytes, request line and headers together */
    int64_t idle_timeout;    /* seconds a connection may sit idle */
    int64_t request_timeout; /* seconds to receive a whole request */
    int64_t max_connections;
    int64_t max_connections_per_ip;
    int64_t login_idle;    /* seconds a login token lives unused */
    int64_t login_max_age; /* seconds a login token lives at most */
    bool access_log;
};

/* Sets the defaults. */
void config_init(struct config *cfg);
void config_cleanup(struct config *cfg);

/* Apply the INI file, environment and flags (argv: the options after the
 * subcommand; unknown options and positional arguments are errors).
 * Returns 0, or -1 with a one-line message in *error (caller frees). */
int config_load(struct config *cfg, int argc, char **argv, char **error);

/* Read an INI file into cfg (used by config_load; exposed for tests). */
int config_read_ini(struct config *cfg, const char *path, char **error);

/* Split "host:port"; 0 or -1 if malformed. host is written to host_out. */
int config_parse_listen(const char *listen, char *host_out, size_t host_size, int *port);

/* Print the settings table for `peercoach help`. */
void config_print_help(FILE *out);

#endif
