/* config.c — settings table, parsing of flags, environment and INI.
 *
 * Sizes accept k/m suffixes ("1m" = 1 MiB) and durations s/m/h/d
 * ("14d"), because these are what people write in a config file. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum setting_type { SETTING_TEXT, SETTING_INT, SETTING_SIZE, SETTING_SECONDS, SETTING_BOOL };

struct setting {
    const char *name; /* flag --name, INI key name, env PEERCOACH_NAME (upper, - to _) */
    enum setting_type type;
    size_t offset;
    const char *fallback;
    const char *help;
};

#define AT(field) offsetof(struct config, field)
static const struct setting settings[] = {
    {"listen", SETTING_TEXT, AT(listen), "127.0.0.1:8080", "address and port to serve on"},
    {"db", SETTING_TEXT, AT(db), "peercoach.db", "SQLite database file"},
    {"public-url", SETTING_TEXT, AT(public_url), "",
     "URL people use to reach this server; https:// turns on Secure cookies and HSTS"},
    {"threads", SETTING_INT, AT(threads), "0", "HTTP worker threads (0: one per core)"},
    {"max-body", SETTING_SIZE, AT(max_body), "1m", "largest request body"},
    {"max-header", SETTING_SIZE, AT(max_header), "16k", "largest request line plus headers"},
    {"idle-timeout", SETTING_SECONDS, AT(idle_timeout), "15s", "close connections idle this long"},
    {"request-timeout", SETTING_SECONDS, AT(request_timeout), "30s",
     "drop a client that takes longer than this to send a request (slow clients)"},
    {"max-connections", SETTING_INT, AT(max_connections), "2000", "open connections in all"},
    {"max-connections-per-ip", SETTING_INT, AT(max_connections_per_ip), "256",
     "open connections from one address"},
    {"login-idle", SETTING_SECONDS, AT(login_idle), "14d", "log out after this long unused"},
    {"login-max-age", SETTING_SECONDS, AT(login_max_age), "30d", "log out after this long at most"},
    {"access-log", SETTING_BOOL, AT(access_log), "on", "one line per request on stderr"},
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

static char *error_printf(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    snprintf(s, n, fmt, a, b);
    return s;
}

static int parse_number(const char *text, int64_t *out, const char *suffixes, const int64_t *scale)
{
    errno = 0;
    char *end;
    long long v = strtoll(text, &end, 10);
    if (end == text || errno || v < 0)
        return -1;
    int64_t factor = 1;
    if (*end) {
        const char *s = strchr(suffixes, tolower((unsigned char)*end));
        if (!s || end[1])
            return -1;
        factor = scale[s - suffixes];
    }
    if (v > INT64_MAX / factor)
        return -1;
    *out = (int64_t)v * factor;
    return 0;
}

/* Store text as setting s's value in cfg; -1 if it does not parse. */
static int setting_apply(struct config *cfg, const struct setting *s, const char *text)
{
    char *base = (char *)cfg + s->offset;
    static const int64_t size_scale[] = {1024, 1024 * 1024, 1024 * 1024 * 1024};
    static const int64_t time_scale[] = {1, 60, 3600, 86400};
    switch (s->type) {
    case SETTING_TEXT: {
        char **field = (char **)base;
        free(*field);
        *field = strdup(text);
        return 0;
    }
    case SETTING_INT:
        return parse_number(text, (int64_t *)base, "", NULL);
    case SETTING_SIZE:
        return parse_number(text, (int64_t *)base, "kmg", size_scale);
    case SETTING_SECONDS:
        return parse_number(text, (int64_t *)base, "smhd", time_scale);
    case SETTING_BOOL:
        if (!strcmp(text, "on") || !strcmp(text, "true") || !strcmp(text, "yes") ||
            !strcmp(text, "1"))
            *(bool *)base = true;
        else if (!strcmp(text, "off") || !strcmp(text, "false") || !strcmp(text, "no") ||
                 !strcmp(text, "0"))
            *(bool *)base = false;
        else
            return -1;
        return 0;
    }
    return -1;
}

static const struct setting *setting_named(const char *name, size_t len)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        const char *n = settings[i].name;
        if (strlen(n) != len)
            continue;
        /* INI keys may use _ where flags use -. */
        size_t k = 0;
        while (k < len && (n[k] == name[k] || (n[k] == '-' && name[k] == '_')))
            k++;
        if (k == len)
            return &settings[i];
    }
    return NULL;
}

void config_init(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < NSETTINGS; i++)
        setting_apply(cfg, &settings[i], settings[i].fallback);
}

void config_cleanup(struct config *cfg)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        if (settings[i].type == SETTING_TEXT) {
            char **field = (char **)((char *)cfg + settings[i].offset);
            free(*field);
            *field = NULL;
        }
    }
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

int config_read_ini(struct config *cfg, const char *path, char **error)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        *error = error_printf("cannot read config file %s: %s", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        /* Sections only group settings for the reader; names are unique. */
        if (!*s || *s == '#' || *s == ';' || *s == '[')
            continue;
        char *eq = strchr(s, '=');
        char where[64];
        snprintf(where, sizeof where, "%d", lineno);
        if (!eq) {
            *error = error_printf("%s:%s: expected name = value", path, where);
            fclose(f);
            return -1;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        const struct setting *setting = setting_named(key, strlen(key));
        if (!setting) {
            char *msg = error_printf("%s: unknown setting '%s'", path, key);
            *error = msg;
            fclose(f);
            return -1;
        }
        if (setting_apply(cfg, setting, value) != 0) {
            *error = error_printf("%s: bad value for %s", path, key);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

static void env_name(const struct setting *s, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "PEERCOACH_");
    for (const char *p = s->name; *p && n + 1 < size; p++)
        out[n++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    out[n] = '\0';
}

int config_load(struct config *cfg, int argc, char **argv, char **error)
{
    /* The INI file comes first (weakest), so find --config before the rest. */
    const char *ini = getenv("PEERCOACH_CONFIG");
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc)
            ini = argv[i + 1];
        else if (!strncmp(argv[i], "--config=", 9))
            ini = argv[i] + 9;
    }
    if (ini && *ini && config_read_ini(cfg, ini, error) != 0)
        return -1;

    for (size_t i = 0; i < NSETTINGS; i++) {
        char name[64];
        env_name(&settings[i], name, sizeof name);
        const char *value = getenv(name);
        if (value && setting_apply(cfg, &settings[i], value) != 0) {
            *error = error_printf("bad value for %s: '%s'", name, value);
            return -1;
        }
    }

    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            *error = error_printf("unexpected argument '%s'%s", arg, "");
            return -1;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const char *value = eq ? eq + 1 : NULL;
        if (len == 6 && !strncmp(name, "config", 6)) {
            if (!value)
                i++;
            continue;
        }
        const struct setting *setting = setting_named(name, len);
        if (!setting) {
            *error = error_printf("unknown option '%s' (see peercoach help)%s", arg, "");
            return -1;
        }
        if (!value) {
            if (i + 1 >= argc) {
                *error = error_printf("option %s needs a value%s", arg, "");
                return -1;
            }
            value = argv[++i];
        }
        if (setting_apply(cfg, setting, value) != 0) {
            *error = error_printf("bad value for --%s: '%s'", setting->name, value);
            return -1;
        }
    }

    char host[256];
    int port;
    if (config_parse_listen(cfg->listen, host, sizeof host, &port) != 0) {
        *error = error_printf("bad listen address '%s' (expected host:port)%s", cfg->listen, "");
        return -1;
    }
    if (cfg->max_body < 1024 || cfg->max_header < 1024) {
        *error = error_printf("max-body and max-header must be at least 1k%s%s", "", "");
        return -1;
    }
    if (cfg->max_connections < 1 || cfg->max_connections_per_ip < 1 || cfg->idle_timeout < 1 ||
        cfg->request_timeout < 1) {
        *error = error_printf("connection limits and timeouts must be at least 1%s%s", "", "");
        return -1;
    }
    return 0;
}

int config_parse_listen(const char *listen, char *host_out, size_t host_size, int *port)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen)
        return -1;
    size_t host_len = (size_t)(colon - listen);
    if (host_len + 1 > host_size)
        return -1;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || p < 1 || p > 65535)
        return -1;
    memcpy(host_out, listen, host_len);
    host_out[host_len] = '\0';
    *port = (int)p;
    return 0;
}

void config_print_help(FILE *out)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        char env[64];
        env_name(&settings[i], env, sizeof env);
        fprintf(out, "  --%-24s %s\n  %-26s (%s, default %s)\n", settings[i].name, settings[i].help,
                "", env, *settings[i].fallback ? settings[i].fallback : "none");
    }
    fprintf(out, "  --%-24s %s\n", "config FILE",
            "read settings from an INI file (PEERCOACH_CONFIG)");
}
