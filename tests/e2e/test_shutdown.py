"""Graceful shutdown on SIGTERM and SIGINT: stop accepting, finish the
requests in flight, close the database cleanly, exit 0 (issue 2, "HTTP
layer")."""

import os
import signal
import socket
import threading
import time

import pc
from pc import PASSWORD, SLOW


def test_sigterm_lets_logins_in_flight_finish(make_seeded):
    server = make_seeded()
    proc = server.proc
    # Eight logins queue on the hashing threads (two on this machine), so
    # most are still waiting when the signal arrives.
    conns = []
    body = ('{"email":"max@example.org","password":"%s"}' % PASSWORD).encode()
    for _ in range(8):
        conn = server.raw(timeout=60 * SLOW)
        conn.request("POST", "/api/v1/auth/login", {"Content-Type": "application/json"}, body)
        conns.append(conn)
    # A request on a connection opened after those eight is answered only
    # once the server has accepted them all (one backlog, first in first
    # out), so from here on they are the server's to finish.
    with server.raw() as probe:
        probe.request("GET", "/healthz")
        assert probe.read_response().status == 200
    time.sleep(0.05)
    signalled = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    # New connections are refused while those requests finish.
    refused_at = None
    results = [None] * len(conns)
    done_at = [None] * len(conns)

    def finish(i):
        try:
            results[i] = conns[i].read_response()
        except Exception as e:  # reported below
            results[i] = e
        done_at[i] = time.monotonic()

    threads = [threading.Thread(target=finish, args=(i,)) for i in range(len(conns))]
    for t in threads:
        t.start()
    deadline = signalled + 10 * SLOW
    while refused_at is None and time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=0.5):
                pass
        except OSError:
            refused_at = time.monotonic()
        time.sleep(0.01)
    for t in threads:
        t.join(60 * SLOW)
    for r in results:
        assert isinstance(r, pc.RawResponse), "a request in flight at SIGTERM was dropped: %r" % (r,)
        assert r.status == 200, r.body
    rc = server.stop(timeout=30 * SLOW)
    assert rc == 0, server.stderr_text()[-3000:]
    assert refused_at is not None, "the server kept accepting connections after SIGTERM"
    assert refused_at < max(done_at), "new connections should be refused while requests finish"
    log = server.stderr_text()
    assert "received SIGTERM" in log and "stopped cleanly" in log
    after_signal = log.split("received SIGTERM", 1)[1]
    assert "POST /api/v1/auth/login 200" in after_signal, "no login was still in flight at SIGTERM"
    # Every token handed out was stored before exit.
    server.start()
    for r in results:
        assert server.me(r.json()["token"])["email"] == "max@example.org"


def test_sigterm_closes_the_database_cleanly(make_seeded):
    server = make_seeded()
    server.patch_me(server.member.token, {"job_title": "Before shutdown"})
    assert server.stop() == 0
    # The last connection to close checkpoints the write-ahead log and
    # removes it; a server that skipped closing would leave it behind.
    assert not os.path.exists(server.db + "-wal"), "the database was not closed cleanly"
    server.start()
    assert server.me(server.member.token)["profile"]["job_title"] == "Before shutdown"


def test_sigint_also_stops_cleanly(server):
    assert server.get("/healthz").status_code == 200
    rc = server.stop(sig=signal.SIGINT)
    assert rc == 0
    assert "received SIGINT" in server.stderr_text()


def test_idle_keep_alive_connections_do_not_hold_up_shutdown(server):
    conn = server.raw()
    conn.request("GET", "/healthz")
    assert conn.read_response().status == 200
    started = time.monotonic()
    rc = server.stop()
    assert rc == 0
    assert time.monotonic() - started < 5 * SLOW
    conn.close()
