"""Login tokens expire after a time unused (--login-idle) and after a time
at most (--login-max-age) (issue 2, "Sessions: … idle and absolute
expiry"). Short limits make the test quick; the rules are the same."""

import time

import pc
from pc import assert_error


def test_an_unused_login_expires_after_the_idle_time(make_seeded):
    server = make_seeded(args=["--login-idle", "2s"])
    token, _ = server.login("max@example.org")
    assert server.me(token)["id"] == server.member.id
    time.sleep(3.5)
    assert_error(server.get("/api/v1/me", token=token), 401)
    # An expired token is deleted, not merely refused.
    assert server.db_rows("SELECT count(*) FROM login_tokens WHERE user_id = ?", server.member.id)[0][0] <= 1
    # The browser's dead cookie is cleared.
    browser = server.browser()
    browser.use_token(token)
    r = browser.get("/")
    assert "pc_login=;" in r.headers.get("Set-Cookie", "")


def test_a_login_expires_after_the_maximum_age_even_when_used(make_seeded):
    # Times are stored in whole seconds, so a 4 s login lives at least 3 s
    # after it was made; the clock starts before the login (whose password
    # hash is slow under sanitizers and load) so that time is counted.
    server = make_seeded(args=["--login-max-age", "4s"])
    started = time.monotonic()
    token, _ = server.login("max@example.org")
    alive_until = None
    while time.monotonic() - started < 9:
        if server.get("/api/v1/me", token=token).status_code != 200:
            break
        alive_until = time.monotonic() - started
        time.sleep(0.25)
    else:
        raise AssertionError("a login outlived --login-max-age while in use")
    assert alive_until is not None and alive_until >= 2.0, alive_until
    assert_error(server.get("/api/v1/me", token=token), 401)
    # The login cookie says the same.
    r = server.api("POST", "/api/v1/auth/login", json_body={"email": "max@example.org", "password": pc.PASSWORD})
    assert "Max-Age=4;" in r.headers["Set-Cookie"]


def test_activity_keeps_a_login_alive_past_the_idle_time(make_seeded):
    """--login-idle is time *unused*: a login used every half second must
    outlive it."""
    server = make_seeded(args=["--login-idle", "3s"])
    token, _ = server.login("max@example.org")
    started = time.monotonic()
    while time.monotonic() - started < 7:
        r = server.get("/api/v1/me", token=token)
        assert r.status_code == 200, "logged out after %.1f s of constant use" % (time.monotonic() - started)
        time.sleep(0.5)
