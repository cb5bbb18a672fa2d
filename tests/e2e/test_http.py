"""The HTTP layer's guards (issue 2, "HTTP layer"): security headers on
every response, static assets with ETag and 304, %00 and ".." refused,
request smuggling refused, slow clients dropped, the per-IP connection
limit, keep-alive, and the access log."""

import re
import time

import pytest

import pc
from pc import SLOW


def assert_security_headers(headers, what):
    get = headers.get if hasattr(headers, "get") else None
    csp = get("Content-Security-Policy")
    assert csp, "%s: no Content-Security-Policy" % what
    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", (what, csp)
    script = directives.get("script-src") or directives.get("default-src")
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, (what, csp)
    if "script-src" not in directives:
        assert directives["default-src"] == "default-src 'none'", (what, csp)
    assert (get("X-Content-Type-Options") or "").lower() == "nosniff", what
    assert get("Referrer-Policy"), what


class RawHeaders:
    def __init__(self, raw_response):
        self.raw = raw_response

    def get(self, name):
        return self.raw.header(name)


def test_security_headers_on_every_kind_of_response(seeded):
    browser = seeded.browser()
    browser.use_token(seeded.member.token)
    static = seeded.get("/static/style.css")
    checks = {
        "page": browser.get("/"),
        "form page": seeded.browser().get("/login"),
        "redirect": seeded.browser().get("/profile"),
        "page error": browser.get("/no-such-page"),
        "page 405": browser.request("PUT", "/profile"),
        "API": seeded.get("/api/v1/me", token=seeded.member.token),
        "API error": seeded.get("/api/v1/me"),
        "API 404": seeded.get("/api/v1/nope"),
        "API 422": seeded.api("PATCH", "/api/v1/me", token=seeded.member.token, json_body={"profile": {"level": -1}}),
        "API 415": seeded.api("PATCH", "/api/v1/me", token=seeded.member.token, data=b"x",
                              headers={"Content-Type": "text/plain"}),
        "API 413": seeded.api("PATCH", "/api/v1/me", token=seeded.member.token, data=b"x" * (1024 * 1024 + 1),
                              headers={"Content-Type": "application/json"}),
        "health": seeded.get("/healthz"),
        "static": static,
        "static 304": seeded.get("/static/style.css", headers={"If-None-Match": static.headers["ETag"]}),
        "static HEAD": seeded.api("HEAD", "/static/icon.svg"),
    }
    assert checks["static 304"].status_code == 304
    assert checks["redirect"].status_code == 303
    for what, response in checks.items():
        assert_security_headers(response.headers, what)
    with seeded.raw() as conn:
        conn.request("GET", "/a%00b")
        r = conn.read_response()
        assert r.status == 400
        assert_security_headers(RawHeaders(r), "400 bad path")
    with seeded.raw() as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx")
        r = conn.read_response()
        assert r.status == 400
        assert_security_headers(RawHeaders(r), "400 bad framing")
    # A logout (204) too.
    token, _ = seeded.login("olga@example.org")
    r = seeded.api("POST", "/api/v1/auth/logout", token=token)
    assert r.status_code == 204
    assert_security_headers(r.headers, "204")


def test_https_public_url_adds_secure_cookies_and_hsts(make_seeded):
    server = make_seeded(args=["--public-url", "https://coach.example.org"])
    r = server.api("POST", "/api/v1/auth/login", json_body={"email": "max@example.org", "password": pc.PASSWORD})
    assert r.status_code == 200
    cookie = [c for c in r.raw.headers.getlist("Set-Cookie") if c.startswith("pc_login=")][0]
    assert "secure" in [a.strip().lower() for a in cookie.split(";")]
    assert "max-age=31536000" in r.headers.get("Strict-Transport-Security", "")
    r = server.get("/login")
    csrf_cookie = [c for c in r.raw.headers.getlist("Set-Cookie") if c.startswith("pc_csrf=")][0]
    assert "secure" in [a.strip().lower() for a in csrf_cookie.split(";")]
    assert server.get("/static/style.css").headers.get("Strict-Transport-Security")


def test_static_assets_have_etag_and_answer_304(server):
    r = server.get("/static/style.css")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/css")
    assert len(r.content) > 100
    etag = r.headers["ETag"]
    assert re.match(r'^"[^"]+"$', etag), etag
    assert "max-age=" in r.headers["Cache-Control"]
    again = server.get("/static/style.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    other = server.get("/static/style.css", headers={"If-None-Match": '"not-it"'})
    assert other.status_code == 200 and other.content == r.content
    icon = server.get("/static/icon.svg")
    assert icon.status_code == 200 and icon.headers["Content-Type"].startswith("image/svg+xml")
    assert icon.headers["ETag"] != etag
    head = server.api("HEAD", "/static/style.css")
    assert head.status_code == 200 and head.content == b"" and head.headers["ETag"] == etag
    assert server.get("/static/missing.css").status_code == 404


def raw_get(server, path):
    with server.raw() as conn:
        conn.request("GET", path)
        r = conn.read_response()
        return r, conn.is_closed(3 * SLOW) if r.header("connection") == "close" else False


def test_nul_in_the_path_is_400(seeded):
    for path in ["/a%00b", "/api/v1/me%00", "/static/style.css%00.txt", "/%00", "/login%00?x=1"]:
        r, closed = raw_get(seeded, path)
        assert r.status == 400, (path, r.status)
        assert r.json()["error"]["code"] == "bad_path"
        assert r.header("connection") == "close" and closed


@pytest.mark.parametrize("path", [
    "/static/../static/style.css", "/..", "/../etc/passwd", "/x/..", "/%2e%2e/etc/passwd", "/%2E%2E/",
    "/static/.%2E/style.css", "/static/%2e./style.css", "/api/v1/users/..",
    # An encoded slash makes a ".." segment once the path is decoded.
    "/a/..%2F", "/static/..%2Fstatic%2Fstyle.css",
])
def test_dot_dot_segments_are_400(seeded, path):
    r, _ = raw_get(seeded, path)
    assert r.status == 400, (path, r.status, r.body[:200])


def test_dots_that_are_not_dot_dot_segments_are_fine(seeded):
    for path in ["/static/..style.css", "/.well-known/x", "/a.b/c", "/..."]:
        r, _ = raw_get(seeded, path)
        assert r.status == 404, (path, r.status)


def test_duplicate_content_length_is_400_and_closes(seeded):
    with seeded.raw() as conn:
        conn.send(b"PATCH /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + seeded.member.token.encode()
                  + b"\r\nContent-Type: application/json\r\nContent-Length: 31\r\nContent-Length: 30\r\n\r\n"
                  b'{"profile":{"job_title":"CL"}}')
        r = conn.read_response()
        assert r.status == 400
        assert r.json()["error"]["code"] == "bad_framing"
        assert r.header("connection") == "close"
        assert conn.is_closed(3 * SLOW)
    assert seeded.me(seeded.member.token)["profile"]["job_title"] == ""


def test_content_length_with_transfer_encoding_is_400_and_closes(seeded):
    """The classic CL.TE smuggle: a second request hidden in the body must
    never be answered."""
    smuggled = (b"GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + seeded.member.token.encode() + b"\r\n\r\n")
    body = b"0\r\n\r\n" + smuggled
    with seeded.raw() as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n" % len(body) + body)
        r = conn.read_response()
        assert r.status == 400
        assert r.json()["error"]["code"] == "bad_framing"
        assert r.header("connection") == "close"
        assert conn.is_closed(3 * SLOW)
        assert b"HTTP/1.1" not in conn.buffer
    with seeded.raw() as conn:
        conn.send(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                  b"Content-Length: 5\r\n\r\n0\r\n\r\n")
        r = conn.read_response()
        assert r.status == 400 and r.header("connection") == "close"
        assert conn.is_closed(3 * SLOW)


def test_oversized_headers_are_refused(seeded):
    with seeded.raw() as conn:
        conn.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + b"a" * 40000 + b"\r\n\r\n")
        r = conn.read_response()
        assert r.status == 431
        assert conn.is_closed(3 * SLOW)
    assert seeded.get("/healthz").status_code == 200


def trickle(conn, data, interval, limit):
    """Send data one byte at a time; returns seconds until the server cut
    the connection (None if it never did within limit seconds)."""
    start = time.monotonic()
    for i in range(len(data)):
        if time.monotonic() - start > limit:
            return None
        try:
            conn.sock.send(data[i:i + 1])
        except OSError:
            return time.monotonic() - start
        time.sleep(interval)
        conn.sock.setblocking(False)
        try:
            if conn.sock.recv(1) == b"":
                return time.monotonic() - start
        except BlockingIOError:
            pass
        except OSError:
            return time.monotonic() - start
        finally:
            conn.sock.setblocking(True)
    return None


def test_slow_clients_are_dropped_after_the_request_timeout(make_seeded):
    """libmicrohttpd's own timeout counts only idle time, so a byte every
    quarter second would hold a connection forever; --request-timeout bounds
    the whole request."""
    server = make_seeded(args=["--request-timeout", "2", "--idle-timeout", "3"])
    head = b"GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"z" * 400 + b"\r\n\r\n"
    with server.raw() as conn:
        cut = trickle(conn, head, 0.25, limit=15)
    assert cut is not None, "a client trickling headers was never dropped"
    # 2 s, plus the reaper's one-second rounds (and slack for a loaded machine).
    assert 1.5 <= cut <= 10, cut
    # The body counts too.
    body = b'{"profile": {"job_title": "' + b"y" * 400 + b'"}}'
    with server.raw() as conn:
        conn.send(b"PATCH /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + server.member.token.encode() + b"\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body))
        cut = trickle(conn, body, 0.25, limit=15)
    assert cut is not None and cut <= 10, cut
    assert server.me(server.member.token)["profile"]["job_title"] == ""
    # A prompt client on a long keep-alive connection is not cut off.
    with server.raw() as conn:
        started = time.monotonic()
        count = 0
        while time.monotonic() - started < 4.5:
            conn.request("GET", "/healthz")
            assert conn.read_response().status == 200
            count += 1
            time.sleep(0.5)
        assert count >= 6


def test_connections_per_ip_are_limited(make_server):
    server = make_server(args=["--max-connections-per-ip", "3"])
    held = []
    for _ in range(3):
        conn = server.raw()
        conn.request("GET", "/healthz")
        assert conn.read_response().status == 200
        held.append(conn)
    extra = server.raw()
    refused = False
    try:
        extra.request("GET", "/healthz")
        extra.read_response()
    except (ConnectionError, OSError):
        refused = True
    extra.close()
    assert refused, "a fourth connection from one address was served"
    for conn in held:  # the held ones still work
        conn.request("GET", "/healthz")
        assert conn.read_response().status == 200
    held.pop().close()
    deadline = time.monotonic() + 5 * SLOW
    while True:
        try:
            with server.raw() as conn:
                conn.request("GET", "/healthz")
                assert conn.read_response().status == 200
                break
        except (ConnectionError, OSError):
            assert time.monotonic() < deadline, "a freed connection slot was never reusable"
            time.sleep(0.1)
    for conn in held:
        conn.close()


def test_keep_alive_serves_many_requests_on_one_connection(seeded):
    auth = {"Authorization": "Bearer " + seeded.member.token}
    json_type = {"Content-Type": "application/json"}
    steps = [
        ("GET", "/healthz", {}, b"", 200),
        ("GET", "/api/v1/me", auth, b"", 200),
        ("PATCH", "/api/v1/me", dict(auth, **json_type), b'{"profile":{"job_title":"Kept alive"}}', 200),
        ("GET", "/", {}, b"", 200),
        ("POST", "/api/v1/auth/login", json_type, b'{"email":"olga@example.org","password":"%s"}' % pc.PASSWORD.encode(), 200),
        ("GET", "/static/style.css", {}, b"", 200),
        ("GET", "/api/v1/nope", {}, b"", 404),
        ("PATCH", "/api/v1/me", dict(auth, **json_type), b'{"profile":{"level":-5}}', 422),
        ("HEAD", "/login", {}, b"", 200),
        ("GET", "/api/v1/me", auth, b"", 200),
    ]
    with seeded.raw() as conn:
        for method, path, headers, body, status in steps:
            conn.request(method, path, headers, body)
            r = conn.read_response(head_only=(method == "HEAD"))
            assert r.status == status, (method, path, r.status, r.body[:300])
            assert (r.header("connection") or "").lower() != "close", (method, path, r.headers)
        assert not conn.is_closed(0.3)
    assert seeded.me(seeded.member.token)["profile"]["job_title"] == "Kept alive"


def test_pipelined_requests_are_answered_in_order(seeded):
    with seeded.raw() as conn:
        conn.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /static/icon.svg HTTP/1.1\r\nHost: x\r\n\r\n")
        assert [conn.read_response().status for _ in range(3)] == [200, 404, 200]


def test_access_log_has_one_line_per_request_without_query(seeded):
    secret = "hunter2-very-private"
    browser = seeded.browser()
    since = len(seeded.access_log())
    responses = [
        ("GET", "/api/v1/me", seeded.get("/api/v1/me?access_token=" + secret)),
        ("GET", "/healthz", seeded.get("/healthz?probe=" + secret)),
        ("GET", "/people", browser.get("/people?q=" + secret)),
        ("PATCH", "/api/v1/me", seeded.api("PATCH", "/api/v1/me?x=" + secret, token=seeded.member.token,
                                           json_body={"profile": {"bio": "about " + secret}})),
        ("POST", "/api/v1/auth/login", seeded.api("POST", "/api/v1/auth/login?next=" + secret,
                                                  json_body={"email": "max@example.org", "password": secret})),
        ("GET", "/static/style.css", seeded.get("/static/style.css?v=" + secret)),
        ("GET", "/no/such/page", seeded.get("/no/such/page?" + secret)),
    ]
    for method, path, response in responses:
        lines = seeded.wait_for_log(lambda l, m=method, p=path: l["method"] == m and l["path"] == p, since=since)
        assert len(lines) == 1, (method, path, lines)
        line = lines[0]
        assert line["status"] == response.status_code, (line, response.status_code)
        assert line["bytes"] == len(response.content), (line, len(response.content))
        assert line["micros"] > 0
    text = seeded.stderr_text()
    assert secret not in text, "a query string or body reached the log"
    assert pc.PASSWORD not in text
    assert seeded.member.token not in text
    # Exactly one line per request.
    assert len(seeded.access_log()[since:]) == len(responses)


def test_log_lines_cannot_be_forged(seeded):
    with seeded.raw() as conn:
        conn.request("GET", "/x%0d%0a2026-01-01T00:00:00Z%20info%20GET%20/forged%20200%200B%201us")
        assert conn.read_response().status == 404
    time.sleep(0.2)
    assert not [l for l in seeded.access_log() if l["path"] == "/forged"]
    for line in seeded.stderr_text().splitlines():
        assert not line.startswith("2026-01-01T00:00:00Z")
