/* server.c — libmicrohttpd glue: the only file that drives the library.
 *
 * One request's life: the URI-log callback (request line parsed) creates
 * its state and arena and checks the raw URL; the access handler's first
 * call sees complete headers and applies the header rules; later calls
 * collect the body; the call after the body is complete answers — never
 * the first call, which makes libmicrohttpd 0.9.75 close keep-alive
 * connections. Heavy routes suspend the connection and run on the CPU
 * pool, which resumes it with the response ready. The completed callback
 * writes the access-log line and frees the arena.
 *
 * Bodies are read whole (up to max-body) and parsed by web/; a body that
 * announces more than max-body is refused with 413. When it is not much
 * larger it is read and discarded first, so the client sees the 413 rather
 * than a reset connection; far larger ones are answered at once and the
 * connection closed. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/cpu_pool.h"
#include "http/guard.h"
#include "http/headers.h"
#include "http/static.h"
#include "lib/log.h"
#include "lib/urlform.h"
#include "store/pool.h"

/* A body is drained and answered 413 up to this many times max-body;
 * beyond it the connection is cut. */
#define DRAIN_FACTOR           8
#define CPU_QUEUE_PER_THREAD   64
#define SHUTDOWN_GRACE_SECONDS 10

struct server {
    const struct config *config;
    struct web_app *app;
    struct MHD_Daemon *daemon;
    struct cpu_pool *cpu_pool;
    struct guard *guard;
    struct static_files *static_files;
    bool is_tls;
    atomic_int in_flight;
};

enum stage { STAGE_RECEIVING, STAGE_ON_CPU_POOL, STAGE_READY };

struct request_state {
    struct server *server;
    struct MHD_Connection *connection;
    struct arena *arena;
    struct timespec started;
    const char *raw_path; /* as received, without the query: for the log */
    const char *query;
    const char *method; /* set at the handler's first call */
    bool bad_url;
    char *body;
    size_t body_len, body_cap, discarded;
    bool too_large;
    _Atomic enum stage stage;
    struct http_request req;
    struct http_response res;
    int status;
    size_t bytes;
};

const char *http_request_header(const struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

/* --- URL checks ------------------------------------------------------------ */

/* A raw path is refused when it hides a NUL (%00) or climbs with a ".."
 * segment, in any spelling ("..", "%2e%2e", ".%2E"). */
static bool raw_path_is_bad(const char *path, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && path[i] == '%' && i + 2 < len && path[i + 1] == '0' && path[i + 2] == '0')
            return true;
        if (i == len || path[i] == '/') {
            char segment[16];
            size_t n = i - start;
            if (n >= 2 && n <= 6 && n < sizeof segment) {
                long decoded = urlform_decode(path + start, n, segment);
                if (decoded == 2 && segment[0] == '.' && segment[1] == '.')
                    return true;
            }
            start = i + 1;
        }
    }
    return false;
}

/* Each libmicrohttpd thread keeps the arena of its last request, reset, for
 * the next one: a fresh 8 KiB block per request would go through malloc's
 * large-chunk path (and its consolidation of freed small chunks) every
 * time. The key's destructor frees the spare when the thread ends. */
static pthread_key_t spare_arena_key;
static pthread_once_t spare_arena_once = PTHREAD_ONCE_INIT;

static void spare_arena_free(void *arena)
{
    arena_free(arena);
}

static void spare_arena_init(void)
{
    pthread_key_create(&spare_arena_key, spare_arena_free);
}

static struct arena *request_arena_new(void)
{
    pthread_once(&spare_arena_once, spare_arena_init);
    struct arena *arena = pthread_getspecific(spare_arena_key);
    if (!arena)
        return arena_new();
    pthread_setspecific(spare_arena_key, NULL);
    return arena;
}

static void request_arena_free(struct arena *arena)
{
    pthread_once(&spare_arena_once, spare_arena_init);
    if (pthread_getspecific(spare_arena_key)) {
        arena_free(arena);
        return;
    }
    arena_reset(arena);
    pthread_setspecific(spare_arena_key, arena);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *connection)
{
    struct server *server = cls;
    struct arena *arena = request_arena_new();
    struct request_state *st = arena_zalloc(arena, sizeof *st);
    st->server = server;
    st->connection = connection;
    st->arena = arena;
    clock_gettime(CLOCK_MONOTONIC, &st->started);
    const char *q = strchr(uri, '?');
    size_t path_len = q ? (size_t)(q - uri) : strlen(uri);
    st->raw_path = arena_strndup(arena, uri, path_len);
    st->query = q ? arena_strdup(arena, q + 1) : "";
    st->bad_url = uri[0] != '/' || raw_path_is_bad(uri, path_len);
    atomic_fetch_add(&server->in_flight, 1);
    return st;
}

/* Decode %XX in place, but leave %00 as it is, so a NUL can never cut a
 * path short (libmicrohttpd's default would turn /a%00b into /a). */
static size_t on_unescape(void *cls, struct MHD_Connection *connection, char *s)
{
    (void)cls;
    (void)connection;
    char *out = s;
    for (char *in = s; *in; in++) {
        if (*in == '%' && in[1] && in[2] && !(in[1] == '0' && in[2] == '0')) {
            char hex[3] = {in[1], in[2], 0}, *end;
            long v = strtol(hex, &end, 16);
            if (*end == '\0') {
                *out++ = (char)v;
                in += 2;
                continue;
            }
        }
        *out++ = *in;
    }
    *out = '\0';
    return (size_t)(out - s);
}

/* --- responses --------------------------------------------------------------- */

static enum MHD_Result send_response(struct request_state *st, bool close)
{
    struct http_response *res = &st->res;
    struct MHD_Response *response =
        res->body ? MHD_create_response_from_buffer(res->body_len, res->body, MHD_RESPMEM_MUST_FREE)
                  : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    st->bytes = res->body ? res->body_len : 0;
    res->body = NULL; /* libmicrohttpd frees it now */
    if (res->content_type)
        MHD_add_response_header(response, "Content-Type", res->content_type);
    for (int i = 0; i < res->nheaders; i++)
        MHD_add_response_header(response, res->headers[i].name, res->headers[i].value);
    MHD_add_response_header(response, "Cache-Control", "no-store");
    headers_add_security(response, st->server->is_tls);
    if (close)
        MHD_add_response_header(response, "Connection", "close");
    st->status = res->status;
    enum MHD_Result result = MHD_queue_response(st->connection, (unsigned)res->status, response);
    MHD_destroy_response(response);
    return result;
}

/* A plain JSON or text error from the HTTP layer itself (before web/). */
static enum MHD_Result send_error(struct request_state *st, int status, const char *code,
                                  const char *message, bool close)
{
    char *body = malloc(256);
    int n = snprintf(body, 256, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code, message);
    st->res = (struct http_response){
        .status = status, .content_type = "application/json", .body = body, .body_len = (size_t)n};
    return send_response(st, close);
}

/* --- request handling ---------------------------------------------------------- */

struct header_count {
    const char *name;
    int n;
};

static enum MHD_Result count_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    (void)value;
    struct header_count *c = cls;
    if (!strcasecmp(key, c->name))
        c->n++;
    return MHD_YES;
}

static int count_header(struct MHD_Connection *connection, const char *name)
{
    struct header_count c = {name, 0};
    MHD_get_connection_values(connection, MHD_HEADER_KIND, count_one, &c);
    return c.n;
}

static struct guard_conn *guard_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* First call: complete headers. Refuse what must not go further; the
 * refusals close the connection, which is what they should do. */
/* A ".." segment in the decoded path: catches "/a/..%2F", which the raw
 * check cannot see because %2F only becomes a slash when decoded. */
static bool decoded_path_climbs(const char *path)
{
    for (const char *p = path; (p = strstr(p, "..")); p += 2)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return true;
    return false;
}

static enum MHD_Result check_headers(struct request_state *st, const char *url)
{
    struct MHD_Connection *c = st->connection;
    const struct config *cfg = st->server->config;
    if (st->bad_url || decoded_path_climbs(url))
        return send_error(st, 400, "bad_path", "The path is not allowed.", true);
    if (count_header(c, "Host") > 1) /* RFC 9112 §3.2 */
        return send_error(st, 400, "bad_host", "More than one Host header.", true);
    int lengths = count_header(c, "Content-Length");
    int encodings = count_header(c, "Transfer-Encoding");
    /* Two lengths, or a length with chunking, are how requests are
     * smuggled past proxies that pick the other one (RFC 9112 §6.3). */
    if (lengths > 1 || (lengths && encodings))
        return send_error(st, 400, "bad_framing",
                          "Conflicting Content-Length / Transfer-Encoding headers.", true);
    /* Only plain chunked framing is understood; anything else ("gzip,
     * chunked", "xchunked") would leave the body's end ambiguous. */
    const char *encoding = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    if (encodings > 1 || (encoding && strcasecmp(encoding, "chunked") != 0))
        return send_error(st, 400, "bad_framing", "Unsupported Transfer-Encoding.", true);
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (length) {
        long long announced = strtoll(length, NULL, 10);
        if (announced > cfg->max_body) {
            st->too_large = true;
            if (announced > cfg->max_body * DRAIN_FACTOR)
                return send_error(st, 413, "too_large", "The request body is too large.", true);
        }
    }
    return MHD_YES;
}

/* Later calls: append body bytes, or count them when discarding. */
static enum MHD_Result take_body(struct request_state *st, const char *data, size_t size)
{
    const struct config *cfg = st->server->config;
    if (!st->too_large && st->body_len + size > (size_t)cfg->max_body) {
        st->too_large = true;
        st->discarded = st->body_len;
    }
    if (st->too_large) {
        st->discarded += size;
        /* Returning MHD_NO drops the connection: the answer to a client
         * that keeps sending long past every limit. */
        return st->discarded > (size_t)cfg->max_body * DRAIN_FACTOR ? MHD_NO : MHD_YES;
    }
    if (st->body_len + size + 1 > st->body_cap) {
        size_t cap = st->body_cap ? st->body_cap : 4096;
        while (cap < st->body_len + size + 1)
            cap *= 2;
        char *grown = arena_alloc(st->arena, cap);
        if (st->body_len)
            memcpy(grown, st->body, st->body_len);
        st->body = grown;
        st->body_cap = cap;
    }
    memcpy(st->body + st->body_len, data, size);
    st->body_len += size;
    st->body[st->body_len] = '\0';
    return MHD_YES;
}

static void fill_request(struct request_state *st, const char *url, const char *method)
{
    struct http_request *req = &st->req;
    req->arena = st->arena;
    req->method = strcmp(method, "HEAD") == 0 ? "GET" : method;
    req->path = url;
    req->query = st->query;
    req->body = st->body ? st->body : "";
    req->body_len = st->body_len;
    req->is_tls = st->server->is_tls;
    req->connection = st->connection;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(st->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char address[INET6_ADDRSTRLEN] = "";
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, address,
                      sizeof address);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, address,
                      sizeof address);
    }
    req->client_ip = arena_strdup(st->arena, address);
}

static void run_on_cpu_pool(void *arg)
{
    struct request_state *st = arg;
    web_dispatch(st->server->app, &st->req, &st->res, true);
    atomic_store(&st->stage, STAGE_READY);
    MHD_resume_connection(st->connection);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct server *server = cls;
    struct request_state *st = *con_cls;
    if (!st)
        st = *con_cls = on_uri(server, url, connection);

    if (!st->method) {
        st->method = arena_strdup(st->arena, method);
        return check_headers(st, url);
    }
    if (*upload_data_size) {
        enum MHD_Result r = take_body(st, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return r;
    }
    if (atomic_load(&st->stage) == STAGE_READY)
        return send_response(st, false);
    if (atomic_load(&st->stage) == STAGE_ON_CPU_POOL)
        return MHD_YES; /* spurious wake-up; the pool will resume us */

    guard_conn_received(server->guard, guard_of(connection));
    if (st->too_large)
        return send_error(st, 413, "too_large", "The request body is too large.", false);
    if ((!strcmp(method, "GET") || !strcmp(method, "HEAD"))) {
        enum MHD_Result result;
        if (static_files_serve(server->static_files, connection, url, &result, &st->status,
                               &st->bytes))
            return result;
    }
    fill_request(st, url, method);
    st->res.status = 500;
    if (web_dispatch(server->app, &st->req, &st->res, false) == WEB_DONE)
        return send_response(st, false);

    atomic_store(&st->stage, STAGE_ON_CPU_POOL);
    MHD_suspend_connection(connection);
    if (!cpu_pool_submit(server->cpu_pool, run_on_cpu_pool, st)) {
        atomic_store(&st->stage, STAGE_RECEIVING);
        MHD_resume_connection(connection);
        http_response_add_header(&st->res, "Retry-After", "1");
        return send_error(st, 503, "busy", "The server is busy; please try again.", false);
    }
    return MHD_YES;
}

/* One access-log line: method, path (never the query, which may carry
 * private words), status, bytes, microseconds. The raw path is reduced to
 * printable ASCII so a request cannot forge log lines. */
static void log_line(struct request_state *st)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long micros =
        (now.tv_sec - st->started.tv_sec) * 1000000LL + (now.tv_nsec - st->started.tv_nsec) / 1000;
    char path[256];
    size_t i = 0;
    for (const char *p = st->raw_path; *p && i + 1 < sizeof path; p++)
        path[i++] = (*p > 32 && *p < 127) ? *p : '?';
    path[i] = '\0';
    log_info("%s %s %d %zuB %lldus", st->method ? st->method : "-", path, st->status, st->bytes,
             micros);
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)code;
    struct server *server = cls;
    struct request_state *st = *con_cls;
    if (!st)
        return;
    if (server->config->access_log)
        log_line(st);
    guard_conn_answered(server->guard, guard_of(connection));
    free(st->res.body);
    *con_cls = NULL;
    request_arena_free(st->arena);
    atomic_fetch_sub(&server->in_flight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *connection, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct server *server = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = info ? guard_conn_open(server->guard, info->connect_fd) : NULL;
    } else {
        guard_conn_close(server->guard, *socket_context);
        *socket_context = NULL;
    }
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    log_error("libmicrohttpd: %s", line);
}

/* --- lifecycle ------------------------------------------------------------- */

static int parse_address(const char *listen, struct sockaddr_storage *addr, bool *is_v6)
{
    char host[256];
    int port;
    if (config_parse_listen(listen, host, sizeof host, &port) != 0)
        return -1;
    memset(addr, 0, sizeof *addr);
    size_t n = strlen(host);
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host[n - 1] = '\0';
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *is_v6 = true;
        return inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    *is_v6 = false;
    if (!strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? 0 : -1;
}

static int worker_count(const struct config *cfg)
{
    if (cfg->threads > 0)
        return (int)cfg->threads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 0 ? (int)cores : 1;
}

static void wait_for_signal(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig;
    sigwait(&set, &sig);
    log_info("received %s: shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
}

/* Closes the listening socket under libmicrohttpd's feet, so that new
 * clients are refused while requests in flight finish.
 *
 * Not with MHD_quiesce_daemon(): in 0.9.75, with an epoll thread pool, it
 * removes the listening socket from each worker's epoll set while the
 * worker may be doing the same, and the loser of that race aborts the
 * process ("Failed to remove listen FD from epoll set"); the tests caught
 * it a few times in a hundred shutdowns. Instead the descriptor number is
 * pointed at the read end of an idle pipe with dup2(): the socket itself
 * is released, which takes it out of every epoll set and refuses new
 * connections, while the number stays valid for MHD_stop_daemon() to close.
 * The pipe's write end is returned (the caller closes it after the daemon
 * stopped; until then the read end never becomes readable), or -1 when
 * that failed and the daemon simply keeps listening until it stops. */
static int stop_listening(struct MHD_Daemon *daemon)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_LISTEN_FD);
    int ends[2];
    if (!info || info->listen_fd == MHD_INVALID_SOCKET || pipe(ends) != 0)
        return -1;
    int rc = dup2(ends[0], info->listen_fd);
    close(ends[0]);
    if (rc < 0) {
        close(ends[1]);
        return -1;
    }
    return ends[1];
}

int server_run(const struct config *config, struct web_app *app)
{
    struct server server = {.config = config, .app = app};
    server.is_tls = !strncmp(config->public_url, "https://", 8);
    struct sockaddr_storage addr;
    bool is_v6;
    if (parse_address(config->listen, &addr, &is_v6) != 0) {
        log_error("cannot use listen address %s", config->listen);
        return -1;
    }

    /* Block the stop signals before any thread starts, so every thread
     * inherits the mask and only sigwait() below receives them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    int workers = worker_count(config);
    server.cpu_pool = cpu_pool_new(workers, workers * CPU_QUEUE_PER_THREAD);
    server.guard = guard_new((int)config->request_timeout);
    server.static_files = static_files_new(server.is_tls);
    if (!server.cpu_pool || !server.guard)
        goto fail;

    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
                     (is_v6 ? MHD_USE_IPv6 : 0);
    /* The per-connection memory pool bounds the request line plus headers;
     * libmicrohttpd answers 431 past it. Half the pool is kept for reading. */
    size_t memory = (size_t)config->max_header * 2;
    server.daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &server, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)workers, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)config->idle_timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)config->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)config->max_connections_per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory, MHD_OPTION_URI_LOG_CALLBACK, on_uri, &server,
        MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
        &server, MHD_OPTION_NOTIFY_CONNECTION, on_connection, &server, MHD_OPTION_STRICT_FOR_CLIENT,
        1, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024U, MHD_OPTION_END);
    if (!server.daemon) {
        log_error("cannot listen on %s: %s", config->listen, strerror(errno));
        goto fail;
    }
    log_info("peercoach %s serving http://%s (%d threads, database %s)", PEERCOACH_VERSION,
             config->listen, workers, config->db);

    wait_for_signal();

    /* Stop accepting, then give requests in flight time to finish. */
    int placeholder = stop_listening(server.daemon);
    for (int waited = 0;
         atomic_load(&server.in_flight) > 0 && waited < SHUTDOWN_GRACE_SECONDS * 100; waited++)
        usleep(10000);
    MHD_stop_daemon(server.daemon);
    if (placeholder >= 0)
        close(placeholder);
    cpu_pool_free(server.cpu_pool);
    guard_free(server.guard);
    static_files_free(server.static_files);
    store_pool_close_all();
    log_info("stopped cleanly");
    return 0;
fail:
    cpu_pool_free(server.cpu_pool);
    guard_free(server.guard);
    static_files_free(server.static_files);
    return -1;
}
