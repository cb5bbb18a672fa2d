"""Agreements end to end (issue 3, "Agreement"): generated from the
program's cadence and length for a pair and for a circle, edited by its
members, signed by each, re-signed after any change (earlier versions stay
readable), refused transitions and bad input. Non-members' 404s are in
test_partnerships.py with the other confidentiality rules."""

import json

import pytest

import partnerships_helpers as h
from pc import assert_error

SECTIONS = ["## Confidentiality", "## Meeting schedule and length", "## Where and how we meet",
            "## How we give feedback", "## Boundaries", "## Pausing or ending"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = h.start_world(tmp_path_factory, "agreements")
    yield w
    h.stop_world(w)


def path(pid, rest=""):
    return "/api/v1/partnerships/%d/agreement%s" % (pid, rest)


def show(world, who, pid, rest=""):
    return h.ok(world.server.get(path(pid, rest), token=who.token))


def edit(world, who, pid, body):
    return world.server.api("PATCH", path(pid), token=who.token, json_body=body)


def sign(world, who, pid, body=None):
    return world.server.api("POST", path(pid, "/sign"), token=who.token, json_body=body or {})


def active(world, members, **program):
    s, p = world.server, world.people
    prog = h.make_program(s, p.organizer.token, members, **program)
    return h.active_partnership(s, p.organizer.token, prog, members)


def test_generated_from_the_program_for_a_pair_and_a_circle(world):
    s, p = world.server, world.people
    pair = active(world, [p.ana, p.ben], cadence="weekly", session_minutes=60)
    circle = active(world, [p.chloe, p.dev, p.eli], group_size=3, cadence="monthly", session_minutes=90)
    for pid, words, minutes in ((pair, "every week", 60), (circle, "once a month", 90)):
        a = show(world, p.ana if pid == pair else p.chloe, pid)["agreement"]
        assert a["version"] == 1 and a["is_current"] and a["created_by"] is None
        assert a["cadence_text"] == words and a["session_minutes"] == minutes and a["location"] == ""
        assert "We meet %s, for %d minutes each time." % (words, minutes) in a["body"]
        for section in SECTIONS:
            assert section in a["body"], section
        assert "<h2>Confidentiality</h2>" in a["body_html"]
        assert a["in_force"] is False and a["signatures"] == []
    circle_members = show(world, p.dev, circle)["agreement"]["awaiting"]
    assert {m["id"] for m in circle_members} == {p.chloe.id, p.dev.id, p.eli.id}


def test_sign_edit_and_sign_again(world):
    s, p = world.server, world.people
    pid = active(world, [p.ana, p.ben])
    assert h.ok(sign(world, p.ana, pid, {"version": 1}))["agreement"]["signed_by_me"] is True
    assert_error(sign(world, p.ana, pid), 409, "already_signed")
    view = h.ok(s.get("/api/v1/partnerships/%d" % pid, token=p.ana.token))["partnership"]
    assert view["agreement"]["in_force"] is False
    assert view["agreement"]["awaiting"] == [{"id": p.ben.id, "name": "Ben Okafor"}]
    signed = h.ok(sign(world, p.ben, pid))["agreement"]
    assert signed["in_force"] is True and len(signed["signatures"]) == 2
    assert any("now in force" in m["body"] for m in h.messages(s, p.ana, pid))

    # An edit after signatures: version 2, unsigned, everyone asked again.
    changed = h.ok(edit(world, p.ben, pid, {"location": "Library, room 2", "version": 1}))
    a = changed["agreement"]
    assert a["version"] == 2 and a["location"] == "Library, room 2"
    assert a["signatures"] == [] and a["in_force"] is False and len(a["awaiting"]) == 2
    assert a["created_by"] == {"id": p.ben.id, "name": "Ben Okafor"}
    assert [v["version"] for v in changed["versions"]] == [2, 1]
    assert changed["versions"][1]["signatures"] == 2
    assert any("sign again" in m["body"] for m in h.messages(s, p.ana, pid) if m["is_system"])
    view = h.ok(s.get("/api/v1/partnerships/%d" % pid, token=p.ana.token))["partnership"]
    assert view["agreement"] == {"version": 2, "in_force": False, "signed_by_me": False,
                                 "awaiting": [{"id": p.ana.id, "name": "Ana Souza"},
                                              {"id": p.ben.id, "name": "Ben Okafor"}],
                                 "awaiting_names": "Ana Souza and Ben Okafor"}
    old = show(world, p.ana, pid, "/versions/1")["agreement"]
    assert old["is_current"] is False and old["location"] == "" and len(old["signatures"]) == 2

    # Stale versions are refused: nobody signs or overwrites what they did not read.
    assert_error(sign(world, p.ana, pid, {"version": 1}), 409, "agreement_changed")
    assert_error(edit(world, p.ana, pid, {"location": "Elsewhere", "version": 1}), 409, "agreement_changed")
    # An edit that changes nothing stores nothing.
    assert h.ok(edit(world, p.ana, pid, {"location": "Library, room 2"}))["agreement"]["version"] == 2
    h.ok(sign(world, p.ana, pid, {"version": 2}))
    h.ok(sign(world, p.ben, pid, {"version": 2}))
    assert show(world, p.ana, pid)["agreement"]["in_force"] is True
    # Before anyone signs again, a change is still a new version.
    h.ok(edit(world, p.ana, pid, {"body": "# Short\n\nWe meet and we listen.", "version": 2}))
    h.ok(edit(world, p.ana, pid, {"body": "# Short\n\nWe meet, we listen, we keep time.", "version": 3}))
    current = show(world, p.ben, pid)
    assert current["agreement"]["version"] == 4 and len(current["versions"]) == 4
    assert "keep time" in current["agreement"]["body"]
    assert_error(s.get(path(pid, "/versions/9"), token=p.ana.token), 404)
    assert_error(s.get(path(pid, "/versions/zero"), token=p.ana.token), 404)
    assert_error(s.get(path(pid, "/versions/0"), token=p.ana.token), 404)


def test_changing_the_terms_rewrites_the_schedule_sentence(world):
    p = world.people
    pid = active(world, [p.ana, p.ben], cadence="biweekly", session_minutes=45)
    a = h.ok(edit(world, p.ana, pid, {"cadence": "weekly", "session_minutes": 30}))["agreement"]
    assert a["cadence"] == "weekly" and a["session_minutes"] == 30
    assert "We meet every week, for 30 minutes each time." in a["body"]
    assert "every two weeks" not in a["body"]
    # Text the members wrote themselves is left alone.
    h.ok(edit(world, p.ana, pid, {"body": "We meet whenever we can."}))
    a = h.ok(edit(world, p.ana, pid, {"cadence": "monthly"}))["agreement"]
    assert a["body"] == "We meet whenever we can." and a["cadence"] == "monthly"


def test_only_accepted_members_of_a_running_partnership_change_or_sign(world):
    s, p = world.server, world.people
    prog = h.make_program(s, p.organizer.token, [p.ana, p.ben])
    pid = h.pair(s, p.organizer.token, prog, [p.ana, p.ben])
    # Before accepting: read yes, change or sign no.
    assert show(world, p.ana, pid)["can_sign"] is False
    assert_error(sign(world, p.ana, pid), 409, "invalid_state")
    assert_error(edit(world, p.ana, pid, {"location": "Room 1"}), 409, "invalid_state")
    h.ok(s.api("POST", "/api/v1/partnerships/%d/accept" % pid, token=p.ana.token, json_body={}))
    h.ok(sign(world, p.ana, pid))  # may sign while the others decide
    h.ok(s.api("POST", "/api/v1/partnerships/%d/decline" % pid, token=p.ben.token, json_body={}))
    # Ended: the history is readable, nothing changes.
    view = show(world, p.ana, pid)
    assert view["can_edit"] is False and view["can_sign"] is False
    assert_error(edit(world, p.ana, pid, {"location": "Room 1"}), 409, "invalid_state")
    assert_error(sign(world, p.ana, pid), 409, "invalid_state")


def test_bad_input_is_refused_and_nothing_is_stored(world):
    s, p = world.server, world.people
    pid = active(world, [p.ana, p.ben])
    versions = lambda: s.db_rows("SELECT count(*) FROM agreement_versions WHERE partnership_id = ?", pid)[0][0]
    before = versions()
    cases = [
        ({"session_minutes": "45"}, "session_minutes"),
        ({"session_minutes": 45.5}, "session_minutes"),
        ({"session_minutes": 5}, "session_minutes"),
        ({"session_minutes": 600}, "session_minutes"),
        ({"cadence": "daily"}, "cadence"),
        ({"cadence": 7}, "cadence"),
        ({"body": ""}, "body"),
        ({"body": " \n "}, "body"),
        ({"body": "x" * 20001}, "body"),
        ({"body": ["a"]}, "body"),
        ({"location": "Room\n4"}, "location"),
        ({"location": "x" * 301}, "location"),
        ({"location": "Room 4", "version": "1"}, "version"),
        ({"location": "Room 4", "version": 0}, "version"),
    ]
    for body, field in cases:
        assert_error(edit(world, p.ana, pid, body), 422, field=field)
    assert_error(sign(world, p.ana, pid, {"version": "one"}), 422, field="version")
    raw = b'{"body": "bad \xff\xfe bytes"}'
    r = s.api("PATCH", path(pid), token=p.ana.token, data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_json"
    r = s.api("PATCH", path(pid), token=p.ana.token, data=json.dumps({"location": "x"}),
              headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert versions() == before
    assert s.db_rows("SELECT count(*) FROM agreement_signatures s JOIN agreement_versions v"
                     " ON v.id = s.version_id WHERE v.partnership_id = ?", pid)[0][0] == 0
