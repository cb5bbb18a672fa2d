"""goals_helpers.py — the cast the goal and reflection tests stand on.

Six people signed up through the API once per test run (argon2id is slow
under ASan): Ada (the instance admin), Ann (owner of the goals and author of
the reflections), Ben (Ann's partner), Cy (another participant, in another
partnership), Olive (an organizer of the program) and Mia (Ann's manager).

The program, enrollments, partnerships and sessions are written straight
into the seed database file with sqlite3 while no server runs: those areas
have their own APIs and tests, and these tests must not depend on them.
Each test then gets a server on a fresh copy of that database
(`coaching`), like conftest's `seeded`.
"""

import re
import sqlite3
import time
import types
import xml.etree.ElementTree as ET

import pytest

import pc
from pc import day, ok  # noqa: F401 (the tests import them from here)

PEOPLE = {
    "ada": ("ada@example.org", "Ada Admin"),
    "ann": ("ann@example.org", "Ann Owner"),
    "ben": ("ben@example.org", "Ben Partner"),
    "cy": ("cy@example.org", "Cy Other"),
    "olive": ("olive@example.org", "Olive Organizer"),
    "mia": ("mia@example.org", "Mia Manager"),
}
# Who must never see Ann's private things, with why.
OUTSIDERS = ("ben", "cy", "olive", "ada", "mia")


def _write(db, statements):
    conn = sqlite3.connect(db, timeout=10)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        for sql, params in statements:
            conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def _coaching_rows(ids, now):
    """A running program organized by Olive; Ann and Ben paired, Cy and Mia
    paired; sessions: one held two days ago and one scheduled next week for
    Ann and Ben, one held yesterday for Cy and Mia."""
    rows = [
        ("UPDATE users SET role = 'organizer' WHERE id = ?", (ids["olive"],)),
        ("UPDATE profiles SET manager_id = ? WHERE user_id = ?", (ids["mia"], ids["ann"])),
        (
            "INSERT INTO programs (id, name, starts_on, ends_on, enroll_opens_on, enroll_closes_on,"
            " state, created_by, created_at, updated_at) VALUES (1, 'Peer coaching pilot', ?, ?, ?, ?,"
            " 'running', ?, ?, ?)",
            (day(-30), day(120), day(-40), day(-31), ids["olive"], now, now),
        ),
        ("INSERT INTO program_organizers (program_id, user_id) VALUES (1, ?)", (ids["olive"],)),
    ]
    for who in ("ann", "ben", "cy", "mia"):
        rows.append(
            (
                "INSERT INTO enrollments (program_id, user_id, state, applied_at) VALUES (1, ?, 'accepted', ?)",
                (ids[who], now),
            )
        )
    for pid, members in ((1, ("ann", "ben")), (2, ("cy", "mia"))):
        rows.append(
            (
                "INSERT INTO partnerships (id, program_id, state, created_by, created_at, activated_at)"
                " VALUES (?, 1, 'active', ?, ?, ?)",
                (pid, ids["olive"], now, now),
            )
        )
        for who in members:
            rows.append(
                (
                    "INSERT INTO partnership_members (partnership_id, user_id, response, responded_at)"
                    " VALUES (?, ?, 'accepted', ?)",
                    (pid, ids[who], now),
                )
            )
    for sid, pid, offset, status, creator in (
        (1, 1, -2 * 86400, "held", "ann"),
        (2, 1, 7 * 86400, "scheduled", "ann"),
        (3, 2, -86400, "held", "cy"),
    ):
        rows.append(
            (
                "INSERT INTO sessions (id, partnership_id, starts_at, minutes, method, status,"
                " created_by, created_at, updated_at) VALUES (?, ?, ?, 45, 'grow', ?, ?, ?, ?)",
                (sid, pid, now + offset, status, ids[creator], now, now),
            )
        )
    return rows


@pytest.fixture(scope="session")
def coaching_seed(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("coaching-seed")
    server = pc.Server(workdir)
    server.start()
    people = {}
    try:
        for key, (email, name) in PEOPLE.items():
            token, user = server.signup(email, name)
            people[key] = types.SimpleNamespace(key=key, email=email, name=name, token=token, id=user["id"])
    finally:
        server.finish()
    assert server.proc is None
    _write(server.db, _coaching_rows({k: p.id for k, p in people.items()}, int(time.time())))
    return types.SimpleNamespace(db=server.db, people=people)


@pytest.fixture
def coaching(make_server, tmp_path, coaching_seed):
    """A server on a fresh copy of the coaching seed; people as attributes."""
    server = pc.server_on_copy(make_server, tmp_path, coaching_seed.db, "coaching")
    server.people = coaching_seed.people
    for key, person in coaching_seed.people.items():
        setattr(server, key, person)
    return server


def write_rows(server, statements):
    """Write to the running server's database (WAL lets a second writer in
    between the server's transactions)."""
    _write(server.db, statements)


def browser_for(server, person):
    b = server.browser()
    b.use_token(person.token)
    return b


def number_goal(**changes):
    body = {
        "title": "Fewer errors in monthly reports",
        "specific": "Check every figure against the ledger before sending the report.",
        "measure": "number",
        "baseline": 20,
        "target": 5,
        "unit": "errors",
        "target_date": day(90),
        "priority": 1,
    }
    body.update(changes)
    return body


def milestone_goal(**changes):
    body = {
        "title": "Run three workshops",
        "specific": "Share what I learned about data checks with my team.",
        "measure": "milestones",
        "milestones": ["Plan the outline", "Rehearse with my peer", "Deliver the first one"],
        "target_date": day(60),
    }
    body.update(changes)
    return body


def create_goal(server, person, body, status=201):
    return ok(server.api("POST", "/api/v1/goals", token=person.token, json_body=body), status)


def svg_of(page_text):
    """The one inline <svg> of a page, parsed as XML (raises if malformed)."""
    m = re.search(r"<svg\b.*?</svg>", page_text, re.S)
    assert m, "no <svg> on the page"
    return m.group(0), ET.fromstring(m.group(0))


def count(server, sql, *params):
    return server.db_rows(sql, *params)[0][0]
