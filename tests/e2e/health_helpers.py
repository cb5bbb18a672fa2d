"""health_helpers.py — what the dashboard and program-health tests stand
on, on top of the sessions tests' helpers (sessions_helpers.py): one cast
per test module, a fresh program per partnership.

Drop-off steps and at-risk flags depend on history — sessions weeks ago, a
partnership active for a month — which the API rightly refuses to create.
So history is made through the API first (schedule, cancel, mark held or
missed, all as members) and then moved back in time with direct SQLite
writes to the test database: `backdate()` moves when a partnership became
active (and its agreement version), `past_session()` moves one session.
Nothing else is written behind the server's back.
"""

import sqlite3
import time

from sessions_helpers import (  # noqa: F401  (re-exported for the tests)
    MARKER,
    at,
    browser_for,
    day,
    feedback_body,
    fetch,
    make_program,
    ok,
    partnership,
    program_of,
    schedule,
    set_status,
    started,
    world,
)

DAY = 86400


def write(server, sql, *params):
    conn = sqlite3.connect(server.db, timeout=10)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def backdate(server, partnership_id, days, agreement=True):
    """The partnership became active days ago (and, with agreement, its
    current agreement version was made then)."""
    then = int(time.time()) - days * DAY
    write(server, "UPDATE partnerships SET created_at = ?, activated_at = ? WHERE id = ?",
          then, then, partnership_id)
    if agreement:
        write(server, "UPDATE agreement_versions SET created_at = ? WHERE partnership_id = ?",
              then, partnership_id)


def past_session(server, member, partnership_id, days_ago, status="held", by=None):
    """A session days_ago that was held, cancelled (by `by`, with a reason
    holding MARKER) or missed (by `by`). Returns its id."""
    sid = schedule(server, member, partnership_id)[0]["id"]
    if status == "cancelled":
        ok(set_status(server, by, sid, status="cancelled", reason="Cancel " + MARKER))
        started(server, sid, seconds_ago=days_ago * DAY)
        return sid
    started(server, sid, seconds_ago=days_ago * DAY)
    body = {"status": status}
    if status == "missed":
        body["missed_by"] = by.id
    ok(set_status(server, member, sid, **body))
    return sid


def sign(server, who, partnership_id):
    return ok(server.api("POST", "/api/v1/partnerships/%d/agreement/sign" % partnership_id,
                         token=who.token, json_body={}))


def dashboard(server, who):
    return ok(server.get("/api/v1/dashboard", token=who.token))


def nudges(server, who, partnership_id=None, reflections=False):
    """The kinds of who's nudges (about partnership_id only, if given);
    prompts to reflect only with reflections=True, since every held
    session raises one."""
    return [n["kind"] for n in dashboard(server, who)["nudges"]
            if (partnership_id is None or n["partnership_id"] == partnership_id)
            and (reflections or n["kind"] != "reflection_pending")]


def health(server, who, program_id):
    return ok(server.get("/api/v1/programs/%d/health" % program_id, token=who.token))


def health_row(server, who, program_id, partnership_id):
    rows = health(server, who, program_id)["partnerships"]
    return next(r for r in rows if r["id"] == partnership_id)
