"""sessions_helpers.py — what the session and feedback tests stand on.

People, programs and partnerships are made through the real API with the
partnership tests' helpers (partnerships_helpers.py): one cast per test
module, a fresh program per partnership so the same people can be paired
again. The only write behind the server's back is time travel:
`started(server, session_id)` moves a scheduled session an hour into the
past, because the API rightly refuses to schedule sessions in the past and
a session can be marked held only once it has started.
"""

import datetime
import sqlite3
import time

import pytest

from partnerships_helpers import (  # noqa: F401  (re-exported for the tests)
    active_partnership,
    browser_for,
    day,
    fetch,
    make_program,
    messages,
    ok,
    start_world,
    stop_world,
)

MARKER = "zqx-confidential-7731"


@pytest.fixture(scope="module")
def world(tmp_path_factory, request):
    w = start_world(tmp_path_factory, request.module.__name__.replace("test_", ""))
    yield w
    stop_world(w)


def partnership(world, members, cadence="weekly", group_size=None):
    """An active partnership of members in a new running program of the
    world's organizer."""
    organizer = world.people.organizer
    size = group_size or (2 if len(members) == 2 else 3)
    program = make_program(world.server, organizer.token, members, group_size=size, cadence=cadence)
    return active_partnership(world.server, organizer.token, program, members)


def program_of(world, partnership_id):
    return world.server.db_rows("SELECT program_id FROM partnerships WHERE id = ?", partnership_id)[0][0]


def at(days, hour=10, minute=0):
    """RFC 3339 UTC instant days from today at hour:minute."""
    d = datetime.date.today() + datetime.timedelta(days=days)
    return "%sT%02d:%02d:00Z" % (d.isoformat(), hour, minute)


def schedule(server, who, partnership_id, status=201, **body):
    body.setdefault("starts_at", at(3))
    r = server.api("POST", "/api/v1/partnerships/%d/sessions" % partnership_id, token=who.token, json_body=body)
    if status != 201:
        return r
    return ok(r, 201)["sessions"]


def session(server, who, session_id):
    return ok(server.get("/api/v1/sessions/%d" % session_id, token=who.token))


def set_status(server, who, session_id, **body):
    return server.api("POST", "/api/v1/sessions/%d/status" % session_id, token=who.token, json_body=body)


def started(server, session_id, seconds_ago=3600):
    """Test-only time travel: the session started seconds_ago."""
    conn = sqlite3.connect(server.db, timeout=10)
    try:
        conn.execute(
            "UPDATE sessions SET starts_at = ? WHERE id = ?", (int(time.time()) - seconds_ago, session_id)
        )
        conn.commit()
    finally:
        conn.close()


def held(server, who, partnership_id, focus=None):
    """A session with focus that took place and was marked held; its id."""
    body = {"focus_user_id": focus.id} if focus else {}
    sid = schedule(server, who, partnership_id, **body)[0]["id"]
    started(server, sid)
    ok(set_status(server, who, sid, status="held"))
    return sid


def feedback_body(value=4, coaching=False, comment=None):
    body = {k: value for k in ("useful", "safe", "listened", "questions_helped", "actionable")}
    if coaching:
        body.update({k: value for k in ("coaching_listening", "coaching_questioning", "coaching_feedback")})
    if comment is not None:
        body["comment"] = comment
    return body


def count(server, sql, *params):
    return server.db_rows(sql, *params)[0][0]
