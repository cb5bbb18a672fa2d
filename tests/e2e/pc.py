"""pc.py — driving a real peercoach binary from end-to-end tests.

The fixtures in conftest.py build on this module; tests import it for the
helpers that need no fixture (raw sockets, HTML scraping, timing knobs).

Every server runs on a free port with its own temporary database and writes
stderr to a file, so a test can read the access log and teardown can look
for sanitizer reports. A server is stopped with SIGTERM and must exit 0:
graceful shutdown is a feature under test, not a formality.
"""

import datetime
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import types

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))


def _find_binary():
    path = os.environ.get("PEERCOACH_BIN")
    if path:
        return os.path.abspath(path)
    for build in ("build", "build-e2e", "build-asan"):
        candidate = os.path.join(SOURCE_DIR, build, "peercoach")
        if os.path.exists(candidate):
            return candidate
    raise RuntimeError("set PEERCOACH_BIN to the peercoach binary")


BIN = _find_binary()


def _is_sanitized(path):
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


IS_ASAN = _is_sanitized(BIN)
# Under AddressSanitizer our code runs several times slower (libsodium's
# argon2id, not instrumented, much less); timeouts scale by this.
SLOW = 4 if IS_ASAN else 1

PASSWORD = "violet harbour lantern"
OTHER_PASSWORD = "copper meadow whistle"
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error")
LOG_LINE = re.compile(
    r"^\S+ info (?P<method>[A-Z-]+) (?P<path>\S+) (?P<status>\d{3}) (?P<bytes>\d+)B (?P<micros>\d+)us$"
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port):
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def run_cli(*args, env=None, cwd=None, input=None, timeout=60 * SLOW):
    """Run a peercoach subcommand to completion; returns CompletedProcess."""
    full_env = dict(os.environ)
    full_env.update(_sanitizer_env())
    for key in list(full_env):
        if key.startswith("PEERCOACH_") and key != "PEERCOACH_BIN":
            del full_env[key]
    full_env.update(env or {})
    proc = subprocess.run(
        [BIN, *args],
        env=full_env,
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    check_no_sanitizer_report(proc.stderr)
    return proc


def _sanitizer_env():
    """Leak checks on and a stack trace with every report; options the
    caller set (as dev.sh does) come last, so they win."""
    env = {}
    for name, ours in (("ASAN_OPTIONS", "detect_leaks=1:halt_on_error=1"),
                       ("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")):
        theirs = os.environ.get(name)
        env[name] = ours + (":" + theirs if theirs else "")
    return env


def check_no_sanitizer_report(text):
    for mark in SANITIZER_MARKS:
        assert mark not in text, "sanitizer report in stderr:\n" + text[-6000:]


def _cookieless_session():
    """Server.api() sends exactly what the test says: a login cookie from
    an earlier answer must never authenticate a later request."""
    import http.cookiejar

    session = requests.Session()
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return session


class Server:
    """One peercoach serve process (restartable on the same database)."""

    def __init__(self, workdir, args=(), env=None, db=None, listen=None, cwd=None):
        self.workdir = str(workdir)
        os.makedirs(self.workdir, exist_ok=True)
        # db=False / listen=False: pass no --db / --listen flag at all (the
        # test then sets .db and .port to what it expects the server to use).
        self.db_flag = db is not False
        self.db = db or os.path.join(self.workdir, "peercoach.db")
        self.port = free_port()
        self.listen = listen
        self.args = list(args)
        self.env = dict(env or {})
        self.cwd = cwd or self.workdir
        self.proc = None
        self.incarnation = 0
        self.stderr_paths = []
        self.http = _cookieless_session()

    # --- lifecycle -------------------------------------------------------
    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.port

    def command(self):
        cmd = [BIN, "serve"]
        if self.listen is not False:
            cmd += ["--listen", self.listen or "127.0.0.1:%d" % self.port]
        if self.db_flag:
            cmd += ["--db", self.db]
        return cmd + self.args

    def start(self, wait=True):
        env = dict(os.environ)
        for key in list(env):
            if key.startswith("PEERCOACH_") and key != "PEERCOACH_BIN":
                del env[key]
        env.update(_sanitizer_env())
        env.update(self.env)
        self.incarnation += 1
        path = os.path.join(self.workdir, "server-%d.stderr" % self.incarnation)
        self.stderr_paths.append(path)
        self._stderr = open(path, "wb")
        self.proc = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env=env,
            cwd=self.cwd,
        )
        self.http = _cookieless_session()
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=20 * SLOW, probe=True):
        """Wait until the server answers GET /healthz with 200 (or, with
        probe=False, until it accepts connections, without sending a
        request)."""
        deadline = time.monotonic() + timeout
        logged = len(self.access_log())
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    "server exited with %s before it was ready:\n%s"
                    % (self.proc.returncode, self.stderr_text()[-4000:])
                )
            try:
                if probe:
                    r = requests.get(self.base + "/healthz", timeout=2 * SLOW)
                    if r.status_code == 200:
                        # Let the probe's access-log line land first, so
                        # tests that read the log see only their own.
                        if "--access-log" not in self.args and "PEERCOACH_ACCESS_LOG" not in self.env:
                            self.wait_for_log(lambda line: line["path"] == "/healthz", timeout=2 * SLOW,
                                              since=logged)
                        return
                elif "serving http://" in self.stderr_text():
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        return
            except (requests.ConnectionError, OSError):
                pass
            time.sleep(0.05)
        raise AssertionError("server not ready after %ss:\n%s" % (timeout, self.stderr_text()[-4000:]))

    def stop(self, sig=signal.SIGTERM, timeout=15 * SLOW):
        """Stop with SIGTERM; returns the exit status (None if it hung and
        had to be killed)."""
        if self.proc is None:
            return 0
        self.http.close()
        proc, self.proc = self.proc, None
        if proc.poll() is None:
            proc.send_signal(sig)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = None
        self._stderr.close()
        return rc

    def kill9(self):
        """kill -9: no chance to flush or close anything."""
        proc, self.proc = self.proc, None
        self.http.close()
        proc.kill()
        proc.wait()
        self._stderr.close()

    def restart(self):
        self.port = self.port if port_is_free(self.port) else free_port()
        return self.start()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stderr_text(self):
        text = []
        for path in self.stderr_paths:
            with open(path, "rb") as f:
                text.append(f.read().decode("utf-8", "replace"))
        return "".join(text)

    def access_log(self):
        """The access-log lines so far, as dicts (method, path, status, bytes, micros)."""
        lines = []
        for line in self.stderr_text().splitlines():
            m = LOG_LINE.match(line)
            if m:
                d = m.groupdict()
                for key in ("status", "bytes", "micros"):
                    d[key] = int(d[key])
                lines.append(d)
        return lines

    def wait_for_log(self, predicate, timeout=5 * SLOW, since=0):
        """The access-log lines (from index since) matching predicate. The
        completed callback writes a line just after the response goes out,
        so give it a moment."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.access_log()[since:] if predicate(line)]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)

    def finish(self):
        """Teardown: SIGTERM, exit 0, no sanitizer report."""
        was_running = self.proc is not None
        crashed = was_running and self.proc.poll() is not None
        rc = self.stop()
        text = self.stderr_text()
        check_no_sanitizer_report(text)
        if was_running:
            assert not crashed, "server died during the test (status %s):\n%s" % (rc, text[-4000:])
            assert rc == 0, "SIGTERM must end the server with status 0, got %s:\n%s" % (rc, text[-4000:])

    # --- HTTP helpers ---------------------------------------------------------
    def url(self, path):
        return self.base + path

    def db_rows(self, sql, *params):
        """Read the database directly (read-only, beside the server: WAL
        lets readers in while it runs) to check what was really stored."""
        import sqlite3

        conn = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=10)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def api(self, method, path, token=None, json_body=None, headers=None, **kw):
        """One API request; json_body=None sends no body."""
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        if json_body is not None:
            kw["data"] = json.dumps(json_body).encode()
            h.setdefault("Content-Type", "application/json")
        kw.setdefault("timeout", 30 * SLOW)
        kw.setdefault("allow_redirects", False)
        return self.http.request(method, self.url(path), headers=h, **kw)

    def get(self, path, token=None, **kw):
        return self.api("GET", path, token=token, **kw)

    def signup(self, email, name, password=PASSWORD, invitation=None, expect=201):
        body = {"email": email, "name": name, "password": password}
        if invitation is not None:
            body["invitation"] = invitation
        r = self.api("POST", "/api/v1/auth/signup", json_body=body)
        assert r.status_code == expect, r.text
        if expect != 201:
            return r
        data = r.json()
        return data["token"], data["user"]

    def login(self, email, password=PASSWORD, expect=200):
        r = self.api("POST", "/api/v1/auth/login", json_body={"email": email, "password": password})
        assert r.status_code == expect, r.text
        if expect != 200:
            return r
        data = r.json()
        return data["token"], data["user"]

    def me(self, token):
        r = self.get("/api/v1/me", token=token)
        assert r.status_code == 200, r.text
        return r.json()["user"]

    def patch_me(self, token, profile, expect=200):
        r = self.api("PATCH", "/api/v1/me", token=token, json_body={"profile": profile})
        assert r.status_code == expect, r.text
        return r

    def client(self, token=None):
        """A requests.Session for the API that sends the bearer token."""
        return ApiClient(self.base, token)

    def browser(self):
        """A cookie-keeping session that uses the HTML pages and forms."""
        return Browser(self.base)

    def raw(self, timeout=10 * SLOW):
        return RawConnection(self.port, timeout)


class _ServerSession(requests.Session):
    """A session on one server: paths starting with "/" are relative to
    base, a timeout always applies, and no redirect is followed."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kw):
        if url.startswith("/"):
            url = self.base + url
        kw.setdefault("timeout", 30 * SLOW)
        kw.setdefault("allow_redirects", False)
        return super().request(method, url, *args, **kw)

    def get(self, url, **kw):
        # requests.Session.get would follow redirects; tests look at them.
        kw.setdefault("allow_redirects", False)
        return self.request("GET", url, **kw)


class ApiClient(_ServerSession):
    def __init__(self, base, token=None):
        super().__init__(base)
        if token:
            self.headers["Authorization"] = "Bearer " + token


CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf" value="([^"]*)">')


def csrf_from(page_text):
    """The CSRF token of the first form on a page."""
    m = CSRF_INPUT.search(page_text)
    assert m, "no CSRF field on the page:\n" + page_text[:3000]
    return html.unescape(m.group(1))


def field_value(page_text, name):
    """The value attribute of <input name=NAME>, or a textarea's text,
    unescaped; None if absent."""
    m = re.search(r'<input[^>]*\bname="%s"[^>]*>' % re.escape(name), page_text)
    if m:
        v = re.search(r'\bvalue="([^"]*)"', m.group(0))
        return html.unescape(v.group(1)) if v else None
    m = re.search(r'<textarea[^>]*\bname="%s"[^>]*>(.*?)</textarea>' % re.escape(name), page_text, re.S)
    return html.unescape(m.group(1)) if m else None


class Browser(_ServerSession):
    """Like a browser without JavaScript: follows nothing by itself, keeps
    cookies, submits urlencoded forms with the page's CSRF token."""

    def csrf(self, page_path):
        r = self.get(page_path)
        assert r.status_code == 200, (page_path, r.status_code, r.text[:2000])
        return csrf_from(r.text)

    def submit(self, page_path, action, fields, csrf=True):
        """GET page_path, then POST fields to action with its CSRF token
        (csrf=True), none (csrf=None) or the given string."""
        data = dict(fields)
        if csrf is True:
            data["csrf"] = self.csrf(page_path)
        elif csrf is not None:
            data["csrf"] = csrf
        return self.post(action, data=data)

    def login(self, email, password=PASSWORD):
        r = self.submit("/login", "/login", {"email": email, "password": password})
        assert r.status_code == 303, r.text[:2000]
        assert self.cookies.get("pc_login"), "login did not set the pc_login cookie"
        return r

    def use_token(self, token):
        """Act as logged in with this login token, as if the form had set it."""
        self.cookies.set("pc_login", token, domain="127.0.0.1", path="/")


# --- raw sockets ----------------------------------------------------------------


class RawResponse:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (lower-case name, value)
        self.body = body

    def header(self, name):
        values = [v for k, v in self.headers if k == name.lower()]
        return values[0] if values else None

    def header_all(self, name):
        return [v for k, v in self.headers if k == name.lower()]

    def json(self):
        return json.loads(self.body)


class RawConnection:
    """A plain TCP connection for what requests would refuse to send or
    would hide (smuggling headers, unnormalised paths, keep-alive)."""

    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.buffer = b""

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def request(self, method, path, headers=None, body=b"", host="127.0.0.1"):
        lines = ["%s %s HTTP/1.1" % (method, path), "Host: %s" % host]
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        if body and not any(k.lower() in ("content-length", "transfer-encoding") for k in (headers or {})):
            lines.append("Content-Length: %d" % len(body))
        head = ("\r\n".join(lines) + "\r\n\r\n").encode()
        self.send(head + (body.encode() if isinstance(body, str) else body))

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by the server")
        self.buffer += chunk

    def read_response(self, head_only=False):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        _, status, reason = (lines[0].split(" ", 2) + [""])[:3]
        headers = []
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers.append((k.strip().lower(), v.strip()))
        response = RawResponse(int(status), reason, headers, b"")
        if head_only or int(status) in (204, 304) or 100 <= int(status) < 200:
            return response
        length = response.header("content-length")
        if length is not None:
            n = int(length)
            while len(self.buffer) < n:
                self._fill()
            response.body, self.buffer = self.buffer[:n], self.buffer[n:]
        elif (response.header("transfer-encoding") or "").lower() == "chunked":
            body = b""
            while True:
                while b"\r\n" not in self.buffer:
                    self._fill()
                size_line, self.buffer = self.buffer.split(b"\r\n", 1)
                size = int(size_line.split(b";")[0], 16)
                while len(self.buffer) < size + 2:
                    self._fill()
                body += self.buffer[:size]
                self.buffer = self.buffer[size + 2 :]
                if size == 0:
                    break
            response.body = body
        else:
            try:
                while True:
                    self._fill()
            except ConnectionError:
                pass
            response.body, self.buffer = self.buffer, b""
        return response

    def is_closed(self, wait=2.0):
        """True if the server closes (or resets) the connection within wait
        seconds and sends nothing more."""
        self.sock.settimeout(wait)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True
        if data:
            self.buffer += data
            return False
        return True

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def copy_database(src, dst):
    for suffix in ("", "-wal"):
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)


def server_on_copy(make_server, directory, source_db, name, **kw):
    """A server (from the make_server fixture) on a fresh copy of source_db,
    in directory/name."""
    os.makedirs(os.path.join(str(directory), name), exist_ok=True)
    db = os.path.join(str(directory), name, "peercoach.db")
    copy_database(source_db, db)
    return make_server(db=db, name=name, **kw)


def person(server, key, name, role=None, admin_token=None):
    """A new account KEY@example.org, made an organizer or admin (role) by
    admin_token's owner if asked: token, id, name, key and email."""
    token, user = server.signup("%s@example.org" % key, name)
    if role:
        ok(server.api("PATCH", "/api/v1/users/%d" % user["id"], token=admin_token, json_body={"role": role}))
    return types.SimpleNamespace(token=token, id=user["id"], name=name, key=key, email=user["email"])


def day(offset):
    """The ISO date offset days from today."""
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def ok(response, status=200):
    """A successful API answer: the status, then the JSON body (None when empty)."""
    assert response.status_code == status, (response.request.method, response.request.url,
                                            response.status_code, response.text[:3000])
    return response.json() if response.content else None


def assert_error(response, status, code=None, field=None):
    """An API error: the status, {"error":{"code","message"}}, and for 422
    the message names the field."""
    assert response.status_code == status, (response.status_code, response.text[:2000])
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    error = response.json()["error"]
    assert isinstance(error.get("code"), str) and error["code"], error
    assert isinstance(error.get("message"), str) and error["message"], error
    if code is not None:
        assert error["code"] == code, error
    if field is not None:
        assert field in error["message"], error
        assert error.get("field", field) == field, error
    return error
