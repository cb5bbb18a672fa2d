"""HTTP/1.1 requirements (RFC 9110, RFC 9112) that go beyond issue 2's
explicit list but guard the same things: clients learn what a resource
allows, and requests whose framing or target is ambiguous are refused
rather than guessed at (the ambiguity is what request smuggling and
host-header confusion exploit behind a proxy)."""

import time

import pytest

from pc import SLOW


def test_405_names_the_allowed_methods(seeded):
    """RFC 9110 §15.5.6: a 405 response MUST carry an Allow header."""
    r = seeded.api("DELETE", "/api/v1/me", token=seeded.member.token)
    assert r.status_code == 405
    allowed = {m.strip() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert {"GET", "PATCH"} <= allowed, r.headers
    r = seeded.api("PUT", "/login")
    assert r.status_code == 405
    allowed = {m.strip() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert {"GET", "POST"} <= allowed, r.headers


def test_two_host_headers_are_400(seeded):
    """RFC 9112 §3.2: a server MUST answer 400 to a request with more than
    one Host header field line."""
    with seeded.raw() as conn:
        conn.send(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n")
        r = conn.read_response()
        assert r.status == 400, r.status


@pytest.mark.parametrize("coding", ["gzip, chunked", "xchunked"])
def test_unknown_transfer_codings_are_refused_promptly(seeded, coding):
    """RFC 9112 §6.1: a body whose framing the server does not understand
    cannot be delimited (400 and close when chunked is not last, 501
    otherwise). Waiting instead lets the next request on the connection be
    read as body, and holds the connection until the timeout."""
    with seeded.raw(timeout=3) as conn:  # a server that knows answers in milliseconds
        started = time.monotonic()
        conn.send(("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Transfer-Encoding: %s\r\n\r\n2\r\n{}\r\n0\r\n\r\n" % coding).encode())
        try:
            r = conn.read_response()
        except OSError as e:
            raise AssertionError("no answer to Transfer-Encoding: %s (%r after %.1f s)"
                                 % (coding, e, time.monotonic() - started))
        assert r.status in (400, 501), r.status
        assert conn.is_closed(3 * SLOW)


def test_bearer_scheme_is_case_insensitive(seeded):
    """RFC 9110 §11.1: the authentication scheme is a case-insensitive
    token, so "bearer" and "BEARER" name the same thing as "Bearer"."""
    for scheme in ("bearer", "BEARER"):
        r = seeded.get("/api/v1/me", headers={"Authorization": "%s %s" % (scheme, seeded.member.token)})
        assert r.status_code == 200, (scheme, r.status_code)
