"""Sessions through the JSON API and the HTML forms (issue 3, "Sessions"):
scheduling one session or a series at the agreement's cadence in the
scheduler's time zone (across daylight-saving changes), the focus person
alternating in a pair and rotating in a circle, the give-and-take balance,
agenda, notes by the method's stages, goals discussed, action items and
last time's open ones, every status transition that is not allowed, bad
input on every route, and confidentiality: organizers, admins, managers
and other participants get 404 everywhere and never see a word written in
a session.
"""

import datetime
import json
import re
import zoneinfo

import pc
from pc import assert_error, csrf_from
from sessions_helpers import (  # noqa: F401  (world is a fixture)
    MARKER,
    at,
    browser_for,
    count,
    feedback_body,
    fetch,
    held,
    messages,
    ok,
    partnership,
    program_of,
    schedule,
    session,
    set_status,
    started,
    world,
)


def local_instant(zone, date, hour, minute):
    """The UTC RFC 3339 text of a local wall-clock time in zone."""
    local = datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))
    return local.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_dst_change(zone):
    """The first local date from tomorrow on whose UTC offset differs from
    the day before, and the day one week before it."""
    tz = zoneinfo.ZoneInfo(zone)
    d = datetime.date.today() + datetime.timedelta(days=8)
    offset = lambda day: datetime.datetime(day.year, day.month, day.day, 12, tzinfo=tz).utcoffset()
    while offset(d) == offset(d - datetime.timedelta(days=1)):
        d += datetime.timedelta(days=1)
    return d


# --- the whole flow for a pair ---------------------------------------------------------


def test_pair_cycle_through_the_api(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.ana, p.ben])
    ok(s.api("PATCH", "/api/v1/me", token=p.ana.token, json_body={"profile": {"time_zone": "Europe/Paris"}}))

    listing = ok(s.get("/api/v1/partnerships/%d/sessions" % pid, token=p.ben.token))
    assert listing["upcoming"] == [] and listing["past"] == []
    assert listing["partnership"]["cadence"] == "weekly"
    assert listing["proposed_focus"]["id"] in (p.ana.id, p.ben.id)
    first_focus = listing["proposed_focus"]["id"]

    created = schedule(s, p.ana, pid, starts_at=at(2, 9, 30), repeat=3, location="https://meet.jit.si/ab")
    assert len(created) == 3
    focus = [c["focus"]["id"] for c in created]
    other = p.ben.id if first_focus == p.ana.id else p.ana.id
    assert focus == [first_focus, other, first_focus]  # a pair alternates
    assert all(c["minutes"] == 45 and c["method"] == "grow" and c["status"] == "scheduled" for c in created)
    assert [c["location"] for c in created] == ["https://meet.jit.si/ab"] * 3
    sid = created[0]["id"]

    # Everyone was told, neutrally, in the thread.
    lines = [m["body"] for m in messages(s, p.ben, pid)]
    assert any("Ana Souza scheduled 3 sessions" in line for line in lines), lines

    ok(s.api("POST", "/api/v1/sessions/%d/agenda" % sid, token=p.ben.token, json_body={"body": "The pilot"}), 201)
    notes = ok(
        s.api("PUT", "/api/v1/sessions/%d/notes" % sid, token=p.ana.token, json_body={"stage": "goal", "body": "**Lead** it"})
    )["notes"]
    assert [n["stage"] for n in notes] == ["goal", "reality", "options", "will"]
    assert notes[0]["body_html"].startswith("<p><strong>Lead</strong>")
    assert all(n["prompts"] for n in notes)
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    action = ok(
        s.api("POST", "/api/v1/sessions/%d/actions" % sid, token=p.ana.token,
              json_body={"owner_id": p.ben.id, "body": "Draft the plan", "due_on": due}),
        201,
    )["action"]
    assert action["owner"]["id"] == p.ben.id and action["due_on"] == due and not action["done"]
    other_action = ok(
        s.api("POST", "/api/v1/sessions/%d/actions" % sid, token=p.ben.token,
              json_body={"owner_id": p.ana.id, "body": "Ask the team"}),
        201,
    )["action"]
    done = ok(s.api("PATCH", "/api/v1/actions/%d" % other_action["id"], token=p.ben.token, json_body={"done": True}))
    assert done["action"]["done"] and done["action"]["done_at"]

    goal = ok(s.api("POST", "/api/v1/goals", token=p.ben.token,
                    json_body={"title": "Plan the pilot", "specific": "A written plan for the pilot.",
                               "measure": "milestones", "milestones": ["Draft"],
                               "target_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
                               "visibility": "shared"}), 201)["goal"]
    linked = ok(s.api("POST", "/api/v1/sessions/%d/goals" % sid, token=p.ana.token, json_body={"goal_id": goal["id"]}))
    assert [g["id"] for g in linked["goals"]] == [goal["id"]]
    assert_error(s.api("POST", "/api/v1/sessions/%d/goals" % sid, token=p.ana.token,
                       json_body={"goal_id": goal["id"]}), 409, "already_linked")

    # Rescheduling moves the session and says so in the thread.
    moved = ok(s.api("PATCH", "/api/v1/sessions/%d" % sid, token=p.ben.token,
                     json_body={"starts_at": at(2, 14, 0), "minutes": 60}))["session"]
    assert moved["starts_at"] == at(2, 14, 0) and moved["minutes"] == 60
    assert any("moved a session" in m["body"] for m in messages(s, p.ana, pid))

    # It takes place; held; the next session opens with the open item.
    started(s, sid)
    ok(set_status(s, p.ana, sid, status="held"))
    shown = session(s, p.ben, sid)
    assert shown["session"]["status"] == "held" and shown["can_give_feedback"]
    nxt = session(s, p.ana, created[1]["id"])
    assert [a["id"] for a in nxt["previous_actions"]] == [action["id"]]
    listing = ok(s.get("/api/v1/partnerships/%d/sessions" % pid, token=p.ana.token))
    assert [x["id"] for x in listing["past"]] == [sid]
    assert [x["id"] for x in listing["upcoming"]] == [created[1]["id"], created[2]["id"]]
    balance = {m["id"]: m["held_as_focus"] for m in listing["balance"]["members"]}
    assert balance == {first_focus: 1, other: 0}
    assert listing["proposed_focus"]["id"] == other  # after the series: alternate again

    # Cancelled: who and why, visible to the members.
    r = ok(set_status(s, p.ben, created[2]["id"], status="cancelled", reason="Away that week"))
    assert r["session"]["cancelled_by"]["id"] == p.ben.id and r["session"]["cancel_reason"] == "Away that week"
    assert any("cancelled the session" in m["body"] and "Away" not in m["body"] for m in messages(s, p.ana, pid))


def test_circle_rotates_the_focus_and_shows_the_balance(world):
    s, p = world.server, world.people
    members = [p.chloe, p.dev, p.eli]
    pid = partnership(world, members, cadence="biweekly")
    created = schedule(s, p.dev, pid, starts_at=at(1, 8), repeat=4)
    # Members in name order: Chloé, Dev, Eli; each has been focus 0 times.
    assert [c["focus"]["id"] for c in created] == [p.chloe.id, p.dev.id, p.eli.id, p.chloe.id]
    starts = [datetime.datetime.fromisoformat(c["starts_at"].replace("Z", "+00:00")) for c in created]
    assert all((b - a).days == 14 for a, b in zip(starts, starts[1:]))

    # Chloé is coached three times in a row: the balance tilts.
    for c in created[:3]:
        ok(s.api("PATCH", "/api/v1/sessions/%d" % c["id"], token=p.chloe.token, json_body={"focus_user_id": p.chloe.id}))
        started(s, c["id"])
        ok(set_status(s, p.chloe, c["id"], status="held"))
    listing = ok(s.get("/api/v1/partnerships/%d/sessions" % pid, token=p.eli.token))
    balance = listing["balance"]
    assert {m["id"]: m["held_as_focus"] for m in balance["members"]} == {p.chloe.id: 3, p.dev.id: 0, p.eli.id: 0}
    assert balance["suggest_swap"] and balance["suggested_focus"]["id"] == p.dev.id
    assert listing["proposed_focus"]["id"] == p.dev.id
    page = fetch(s, p.eli, "/partnerships/%d/sessions" % pid)
    assert page.status_code == 200 and "let Dev Patel be the focus person next" in page.text


def test_series_keep_local_time_across_daylight_saving(world):
    s, p = world.server, world.people
    zone = "America/New_York"
    ok(s.api("PATCH", "/api/v1/me", token=p.ana.token, json_body={"profile": {"time_zone": zone}}))
    change = next_dst_change(zone)
    first = change - datetime.timedelta(days=3)
    pid = partnership(world, [p.ana, p.dev])
    created = schedule(s, p.ana, pid, starts_at=local_instant(zone, first, 9, 0), repeat=3)
    expected = [local_instant(zone, first + datetime.timedelta(days=7 * i), 9, 0) for i in range(3)]
    assert [c["starts_at"] for c in created] == expected
    assert created[0]["starts_at"][11:13] != created[1]["starts_at"][11:13]  # the UTC hour moved

    # Monthly: the same weekday of the month ("2nd Tuesday").
    pid = partnership(world, [p.ana, p.eli], cadence="monthly")
    today = datetime.date.today()
    d = datetime.date(today.year + 1, 1, 1)
    while d.weekday() != 1:
        d += datetime.timedelta(days=1)
    second_tuesday = d + datetime.timedelta(days=7)
    created = schedule(s, p.ana, pid, starts_at=local_instant(zone, second_tuesday, 17, 30), repeat=4)
    for i, c in enumerate(created):
        local = datetime.datetime.fromisoformat(c["starts_at"].replace("Z", "+00:00")).astimezone(zoneinfo.ZoneInfo(zone))
        assert local.weekday() == 1 and 8 <= local.day <= 14 and (local.hour, local.minute) == (17, 30)
        assert local.month == (second_tuesday.month - 1 + i) % 12 + 1


# --- transitions that are not allowed ------------------------------------------------


def test_every_disallowed_transition_answers_409_or_422(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.ana, p.ben])
    sid = schedule(s, p.ana, pid)[0]["id"]
    assert_error(set_status(s, p.ana, sid, status="held"), 409, "invalid_state")
    assert_error(set_status(s, p.ana, sid, status="missed", missed_by=p.ben.id), 409, "invalid_state")
    assert_error(set_status(s, p.ana, sid, status="scheduled"), 422, field="status")
    assert_error(set_status(s, p.ana, sid, status="cancelled"), 422, field="reason")
    assert_error(set_status(s, p.ana, sid), 422, field="status")
    assert count(s, "SELECT count(*) FROM sessions WHERE id = ? AND status = 'scheduled'", sid) == 1

    ok(set_status(s, p.ana, sid, status="cancelled", reason="Clash"))
    started(s, sid)
    for body in ({"status": "cancelled", "reason": "again"}, {"status": "held"},
                 {"status": "missed", "missed_by": p.ben.id}):
        error = assert_error(set_status(s, p.ben, sid, **body), 409, "invalid_state")
        assert "already marked cancelled" in error["message"]
    assert_error(s.api("PATCH", "/api/v1/sessions/%d" % sid, token=p.ana.token, json_body={"minutes": 30}), 409, "invalid_state")
    assert_error(s.api("POST", "/api/v1/sessions/%d/agenda" % sid, token=p.ana.token, json_body={"body": "x"}), 409, "invalid_state")
    assert_error(s.api("PUT", "/api/v1/sessions/%d/notes" % sid, token=p.ana.token, json_body={"stage": "goal", "body": "x"}), 409, "invalid_state")
    assert_error(s.api("POST", "/api/v1/sessions/%d/feedback" % sid, token=p.ana.token, json_body=feedback_body()), 409, "invalid_state")

    # Missed: who missed it, a member; then final.
    missed = schedule(s, p.ana, pid)[0]["id"]
    started(s, missed)
    assert_error(set_status(s, p.ana, missed, status="missed"), 422, field="missed_by")
    assert_error(set_status(s, p.ana, missed, status="missed", missed_by=p.outsider.id), 422, field="missed_by")
    assert_error(set_status(s, p.ana, missed, status="missed", missed_by=str(p.ben.id)), 422, field="missed_by")
    r = ok(set_status(s, p.ana, missed, status="missed", missed_by=p.ben.id))
    assert r["session"]["missed_by"]["id"] == p.ben.id
    assert_error(set_status(s, p.ana, missed, status="held"), 409, "invalid_state")

    # Held is final too, and a method cannot change under written notes.
    done = held(s, p.ana, pid)
    assert_error(set_status(s, p.ben, done, status="cancelled", reason="oops"), 409, "invalid_state")
    later = schedule(s, p.ana, pid)[0]["id"]
    ok(s.api("PUT", "/api/v1/sessions/%d/notes" % later, token=p.ana.token, json_body={"stage": "will", "body": "Try"}))
    assert_error(s.api("PATCH", "/api/v1/sessions/%d" % later, token=p.ana.token, json_body={"method": "open"}), 409, "invalid_state")

    # Paused: nothing new is scheduled; resumed: again.
    ok(s.api("POST", "/api/v1/partnerships/%d/pause" % pid, token=p.ben.token))
    assert_error(schedule(s, p.ana, pid, status=409), 409, "invalid_state")
    assert_error(s.api("PATCH", "/api/v1/sessions/%d" % later, token=p.ana.token, json_body={"minutes": 30}), 409, "invalid_state")
    ok(s.api("POST", "/api/v1/partnerships/%d/resume" % pid, token=p.ben.token))
    schedule(s, p.ana, pid)

    # Ended: readable, unchangeable.
    ok(s.api("POST", "/api/v1/partnerships/%d/leave" % pid, token=p.ben.token, json_body={}))
    assert session(s, p.ana, later)["session"]["status"] == "scheduled"
    assert_error(set_status(s, p.ana, later, status="cancelled", reason="over"), 409, "invalid_state")
    assert_error(s.api("POST", "/api/v1/sessions/%d/agenda" % later, token=p.ana.token, json_body={"body": "x"}), 409, "invalid_state")
    assert_error(schedule(s, p.ana, pid, status=409), 409, "invalid_state")


# --- bad input -------------------------------------------------------------------------


def test_bad_input_on_every_route_stores_nothing(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.ana, p.ben])
    sid = schedule(s, p.ana, pid)[0]["id"]
    aid = ok(s.api("POST", "/api/v1/sessions/%d/actions" % sid, token=p.ana.token,
                   json_body={"owner_id": p.ana.id, "body": "Base"}), 201)["action"]["id"]
    yesterday = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    long_line = "x" * 501
    tables = ("sessions", "agenda_items", "session_notes", "action_items", "session_goals", "feedback")

    def snapshot():
        return [count(s, "SELECT count(*) FROM %s" % t) for t in tables] + [
            s.db_rows("SELECT starts_at, minutes, location, method, status, focus_user_id FROM sessions WHERE id = ?", sid),
            s.db_rows("SELECT done_at FROM action_items WHERE id = ?", aid)]

    before = snapshot()
    sessions_path = "/api/v1/partnerships/%d/sessions" % pid
    cases = [
        ("POST", sessions_path, {}, 422, "starts_at"),
        ("POST", sessions_path, {"starts_at": "2026-13-01T09:00:00Z"}, 422, "starts_at"),
        ("POST", sessions_path, {"starts_at": "next tuesday"}, 422, "starts_at"),
        ("POST", sessions_path, {"starts_at": 1767225600}, 422, "starts_at"),
        ("POST", sessions_path, {"starts_at": at(-1)}, 422, "starts_at"),
        ("POST", sessions_path, {"starts_at": at(3 * 366)}, 422, "starts_at"),
        ("POST", sessions_path, {"starts_at": at(3), "repeat": "3"}, 422, "repeat"),
        ("POST", sessions_path, {"starts_at": at(3), "repeat": 0}, 422, "repeat"),
        ("POST", sessions_path, {"starts_at": at(3), "repeat": 27}, 422, "repeat"),
        ("POST", sessions_path, {"starts_at": at(3), "repeat": 2.5}, 422, "repeat"),
        ("POST", sessions_path, {"starts_at": at(3), "minutes": 5}, 422, "minutes"),
        ("POST", sessions_path, {"starts_at": at(3), "minutes": "45"}, 422, "minutes"),
        ("POST", sessions_path, {"starts_at": at(3), "location": long_line}, 422, "location"),
        ("POST", sessions_path, {"starts_at": at(3), "location": "a\nb"}, 422, "location"),
        ("POST", sessions_path, {"starts_at": at(3), "location": 7}, 422, "location"),
        ("POST", sessions_path, {"starts_at": at(3), "method": "hypnosis"}, 422, "method"),
        ("POST", sessions_path, {"starts_at": at(3), "focus_user_id": p.outsider.id}, 422, "focus_user_id"),
        ("POST", sessions_path, {"starts_at": at(3), "focus_user_id": True}, 422, "focus_user_id"),
        ("PATCH", "/api/v1/sessions/%d" % sid, {"starts_at": at(-2)}, 422, "starts_at"),
        ("PATCH", "/api/v1/sessions/%d" % sid, {"minutes": 1000}, 422, "minutes"),
        ("PATCH", "/api/v1/sessions/%d" % sid, {"focus_user_id": "me"}, 422, "focus_user_id"),
        ("PATCH", "/api/v1/sessions/%d" % sid, {"method": ["grow"]}, 422, "method"),
        ("POST", "/api/v1/sessions/%d/status" % sid, {"status": 1}, 422, "status"),
        ("POST", "/api/v1/sessions/%d/status" % sid, {"status": "cancelled", "reason": long_line}, 422, "reason"),
        ("POST", "/api/v1/sessions/%d/agenda" % sid, {}, 422, "body"),
        ("POST", "/api/v1/sessions/%d/agenda" % sid, {"body": "   "}, 422, "body"),
        ("POST", "/api/v1/sessions/%d/agenda" % sid, {"body": long_line}, 422, "body"),
        ("POST", "/api/v1/sessions/%d/agenda" % sid, {"body": ["a"]}, 422, "body"),
        ("PUT", "/api/v1/sessions/%d/notes" % sid, {"body": "x"}, 422, "stage"),
        ("PUT", "/api/v1/sessions/%d/notes" % sid, {"stage": "dream", "body": "x"}, 422, "stage"),
        ("PUT", "/api/v1/sessions/%d/notes" % sid, {"stage": "goal"}, 422, "body"),
        ("PUT", "/api/v1/sessions/%d/notes" % sid, {"stage": "goal", "body": "y" * 20001}, 422, "body"),
        ("PUT", "/api/v1/sessions/%d/notes" % sid, {"stage": "goal", "body": "bell\u0007"}, 422, "body"),
        ("POST", "/api/v1/sessions/%d/goals" % sid, {}, 422, "goal_id"),
        ("POST", "/api/v1/sessions/%d/goals" % sid, {"goal_id": "1"}, 422, "goal_id"),
        ("POST", "/api/v1/sessions/%d/actions" % sid, {"body": "x"}, 422, "owner_id"),
        ("POST", "/api/v1/sessions/%d/actions" % sid, {"owner_id": p.outsider.id, "body": "x"}, 422, "owner_id"),
        ("POST", "/api/v1/sessions/%d/actions" % sid, {"owner_id": p.ana.id}, 422, "body"),
        ("POST", "/api/v1/sessions/%d/actions" % sid, {"owner_id": p.ana.id, "body": long_line}, 422, "body"),
        ("POST", "/api/v1/sessions/%d/actions" % sid, {"owner_id": p.ana.id, "body": "x", "due_on": yesterday}, 422, "due_on"),
        ("POST", "/api/v1/sessions/%d/actions" % sid, {"owner_id": p.ana.id, "body": "x", "due_on": "2026-02-30"}, 422, "due_on"),
        ("POST", "/api/v1/sessions/%d/actions" % sid, {"owner_id": p.ana.id, "body": "x", "due_on": 20261201}, 422, "due_on"),
        ("PATCH", "/api/v1/actions/%d" % aid, {}, 422, "done"),
        ("PATCH", "/api/v1/actions/%d" % aid, {"done": "true"}, 422, "done"),
        ("PATCH", "/api/v1/actions/%d" % aid, {"done": 1}, 422, "done"),
    ]
    for method, path, body, status, field in cases:
        r = s.api(method, path, token=p.ana.token, json_body=body)
        assert_error(r, status, field=field)
    # Malformed bodies: not JSON, invalid UTF-8, not an object, wrong type.
    for path in (sessions_path, "/api/v1/sessions/%d/agenda" % sid, "/api/v1/sessions/%d/feedback" % sid):
        for raw in (b'{"body": "\xff\xfe"}', b"{not json", b"[1, 2]"):
            r = s.api("POST", path, token=p.ana.token, data=raw, headers={"Content-Type": "application/json"})
            assert_error(r, 400)
        r = s.api("POST", path, token=p.ana.token, data=b"body=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert_error(r, 415)
    # Ids that are not ids.
    for path in ("/api/v1/sessions/abc", "/api/v1/sessions/0", "/api/v1/sessions/-1", "/api/v1/sessions/1e3"):
        assert_error(s.get(path, token=p.ana.token), 404)
    assert_error(s.api("PATCH", "/api/v1/actions/0x10", token=p.ana.token, json_body={"done": True}), 404)
    assert snapshot() == before

    # Pages: invalid UTF-8 in a form is refused before any handler runs.
    browser = browser_for(s, p.ana)
    page = "/sessions/%d" % sid
    token = csrf_from(browser.get(page).text)
    r = browser.post(page + "/agenda", data="csrf=%s&body=%%FF%%FE" % token,
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "malformed" in r.text
    r = browser.post(page + "/agenda", data={"body": "no token"})
    assert r.status_code == 403
    assert snapshot() == before


# --- confidentiality ---------------------------------------------------------------------


def test_nobody_outside_the_partnership_sees_anything(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.ana, p.ben])
    program = program_of(world, pid)
    # Chloé and Dev: participants of the same program, in another partnership.
    other_pid = partnership(world, [p.chloe, p.dev])
    created = schedule(s, p.ana, pid, repeat=2, location="Room " + MARKER)
    sid, cancelled = created[0]["id"], created[1]["id"]
    ok(s.api("POST", "/api/v1/sessions/%d/agenda" % sid, token=p.ana.token, json_body={"body": "agenda " + MARKER}), 201)
    ok(s.api("PUT", "/api/v1/sessions/%d/notes" % sid, token=p.ben.token, json_body={"stage": "reality", "body": "notes " + MARKER}))
    aid = ok(s.api("POST", "/api/v1/sessions/%d/actions" % sid, token=p.ana.token,
                   json_body={"owner_id": p.ben.id, "body": "action " + MARKER}), 201)["action"]["id"]
    ok(set_status(s, p.ben, cancelled, status="cancelled", reason="reason " + MARKER))
    started(s, sid)
    ok(set_status(s, p.ana, sid, status="held"))
    focus = session(s, p.ana, sid)["session"]["focus"]["id"]
    for member in (p.ana, p.ben):
        ok(s.api("POST", "/api/v1/sessions/%d/feedback" % sid, token=member.token,
                 json_body=feedback_body(coaching=member.id == focus, comment="comment " + MARKER)), 201)
    assert MARKER in json.dumps(session(s, p.ben, sid))  # the members do see it

    outsiders = {
        "organizer": p.organizer, "admin": p.admin, "manager of Ana": p.manager,
        "other participant": p.chloe, "outsider": p.outsider,
    }
    guesses = [sid, cancelled, sid + 1000]
    for who, person in outsiders.items():
        for x in guesses:
            checks = [
                ("GET", "/api/v1/sessions/%d" % x, None),
                ("PATCH", "/api/v1/sessions/%d" % x, {"minutes": 30}),
                ("POST", "/api/v1/sessions/%d/status" % x, {"status": "cancelled", "reason": "no"}),
                ("POST", "/api/v1/sessions/%d/agenda" % x, {"body": "intrude"}),
                ("PUT", "/api/v1/sessions/%d/notes" % x, {"stage": "goal", "body": "intrude"}),
                ("POST", "/api/v1/sessions/%d/goals" % x, {"goal_id": 1}),
                ("POST", "/api/v1/sessions/%d/actions" % x, {"owner_id": person.id, "body": "intrude"}),
                ("POST", "/api/v1/sessions/%d/feedback" % x, feedback_body(coaching=True)),
            ]
            for method, path, body in checks:
                r = s.api(method, path, token=person.token, json_body=body)
                assert r.status_code == 404, (who, method, path, r.status_code, r.text[:500])
                assert MARKER not in r.text
            r = fetch(s, person, "/sessions/%d" % x)
            assert r.status_code == 404 and MARKER not in r.text, (who, x, r.status_code)
        for path in ("/api/v1/partnerships/%d/sessions" % pid, "/partnerships/%d/sessions" % pid):
            r = fetch(s, person, path)
            assert r.status_code == 404 and MARKER not in r.text, (who, path)
        r = s.api("POST", "/api/v1/partnerships/%d/sessions" % pid, token=person.token, json_body={"starts_at": at(3)})
        assert r.status_code == 404, (who, r.text)
        for action_id in (aid, aid + 1000):
            r = s.api("PATCH", "/api/v1/actions/%d" % action_id, token=person.token, json_body={"done": True})
            assert r.status_code == 404 and MARKER not in r.text, (who, r.text)
        # Pages too, with a valid CSRF token of the person's own.
        browser = browser_for(s, person)
        token = csrf_from(browser.get("/profile").text)
        for path, form in (("/sessions/%d/agenda" % sid, {"body": "intrude"}),
                           ("/sessions/%d/status" % sid, {"status": "held"}),
                           ("/sessions/%d/notes" % sid, {"stage_goal": "intrude"}),
                           ("/sessions/%d/feedback" % sid, feedback_body()),
                           ("/actions/%d" % aid, {"done": "1", "from_session": str(sid)}),
                           ("/partnerships/%d/sessions" % pid, {"date": "2030-01-01", "time": "10:00"})):
            r = browser.post(path, data=dict(form, csrf=token))
            assert r.status_code == 404 and MARKER not in r.text, (who, path, r.status_code)
        # Whatever else they may open shows none of it.
        for path in ("/api/v1/dashboard", "/", "/coaching", "/api/v1/me/coaching-skills",
                     "/api/v1/programs/%d" % program, "/api/v1/programs/%d/partnerships" % program,
                     "/programs/%d/partnerships" % program, "/api/v1/partnerships/%d" % pid,
                     "/partnerships/%d" % pid, "/api/v1/partnerships/%d/messages" % pid):
            r = fetch(s, person, path)
            assert MARKER not in r.text, (who, path)

    # Nothing an outsider tried was stored, and nothing private reached the log.
    assert count(s, "SELECT count(*) FROM agenda_items WHERE body = 'intrude'") == 0
    assert count(s, "SELECT count(*) FROM session_notes WHERE body = 'intrude'") == 0
    assert count(s, "SELECT count(*) FROM action_items WHERE body = 'intrude'") == 0
    assert count(s, "SELECT count(*) FROM sessions WHERE partnership_id = ?", pid) == 2
    assert count(s, "SELECT count(*) FROM sessions WHERE partnership_id = ?", other_pid) == 0
    assert MARKER not in s.stderr_text()


# --- the pages and their forms ------------------------------------------------------------


def test_pair_cycle_through_the_html_forms(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.ben, p.eli])
    ok(s.api("PATCH", "/api/v1/me", token=p.ben.token, json_body={"profile": {"time_zone": "Asia/Tokyo"}}))
    browser = browser_for(s, p.ben)
    list_page = "/partnerships/%d/sessions" % pid
    text = browser.get(list_page).text
    assert "No session scheduled" in text and "Asia/Tokyo" in text
    assert re.search(r'<label for="date">', text) and re.search(r'<label for="focus_user_id">', text)

    # A mistake shows the form again with what was typed.
    date = (datetime.date.today() + datetime.timedelta(days=4)).isoformat()
    r = browser.submit(list_page, list_page, {"date": date, "time": "25:99", "repeat": "2", "location": "Room 9",
                                              "method": "grow", "focus_user_id": str(p.eli.id)})
    assert r.status_code == 422 and "time must be a time like 09:30" in r.text
    assert 'value="Room 9"' in r.text and 'value="%s"' % date in r.text
    assert count(s, "SELECT count(*) FROM sessions WHERE partnership_id = ?", pid) == 0

    r = browser.submit(list_page, list_page, {"date": date, "time": "09:30", "repeat": "2", "minutes": "50",
                                              "location": "Room 9", "method": "reciprocal",
                                              "focus_user_id": str(p.eli.id)})
    assert r.status_code == 303 and r.headers["Location"].startswith(list_page)
    rows = s.db_rows("SELECT id, starts_at, minutes, method, focus_user_id FROM sessions WHERE partnership_id = ? ORDER BY starts_at", pid)
    assert len(rows) == 2
    d = datetime.date.fromisoformat(date)
    assert datetime.datetime.fromtimestamp(rows[0][1], datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") == local_instant("Asia/Tokyo", d, 9, 30)
    assert rows[0][2] == 50 and rows[0][3] == "reciprocal" and rows[0][4] == p.eli.id and rows[1][4] == p.ben.id
    sid = rows[0][0]
    page = "/sessions/%d" % sid
    text = browser.get(page).text
    assert "9:30" in text and "Predict" in text and "What do you expect to happen, and why?" in text

    assert browser.submit(page, page + "/agenda", {"body": "Open with the pilot"}).status_code == 303
    r = browser.submit(page, page + "/notes", {"stage_predict": "It will *work*", "stage_clarify": "Roles"})
    assert r.status_code == 303
    r = browser.submit(page, page + "/actions", {"owner_id": str(p.eli.id), "body": "Book the room", "due_on": ""})
    assert r.status_code == 303
    text = browser.get(page).text
    assert "Open with the pilot" in text and "Book the room" in text
    assert "<em>work</em>" in text and "It will *work*</textarea>" in text  # shown, and editable
    # Two writers: Eli changes Clarify after Ben opened the page; Ben's save
    # does not overwrite it, and keeps what Ben typed.
    stale = browser.get(page).text
    ok(s.api("PUT", "/api/v1/sessions/%d/notes" % sid, token=p.eli.token, json_body={"stage": "clarify", "body": "Eli view"}))
    form = {"stage_%s" % k: pc.field_value(stale, "stage_%s" % k) for k in ("predict", "question", "clarify", "summarize")}
    form.update({"was_%s" % k: pc.field_value(stale, "was_%s" % k) for k in ("predict", "question", "clarify", "summarize")})
    form["stage_clarify"] = "Ben view"
    r = browser.submit(page, page + "/notes", form)
    assert r.status_code == 409 and "Someone changed the notes on Clarify" in r.text
    assert "Ben view</textarea>" in r.text and "Eli view" in r.text
    assert s.db_rows("SELECT body FROM session_notes WHERE session_id = ? AND stage = 'clarify'", sid) == [("Eli view",)]
    form["was_clarify"] = pc.field_value(r.text, "was_clarify")  # merged on top of Eli's: saved
    form["stage_question"] = "Why now?"
    assert browser.submit(page, page + "/notes", form).status_code == 303
    rows = dict(s.db_rows("SELECT stage, body FROM session_notes WHERE session_id = ?", sid))
    assert rows == {"predict": "It will *work*", "clarify": "Ben view", "question": "Why now?"}

    aid = s.db_rows("SELECT id FROM action_items WHERE session_id = ?", sid)[0][0]
    r = browser.submit(page, "/actions/%d" % aid, {"done": "1", "from_session": str(sid)})
    assert r.status_code == 303 and r.headers["Location"].startswith(page)
    assert s.db_rows("SELECT done_at IS NOT NULL FROM action_items WHERE id = ?", aid) == [(1,)]

    # A cancel without a reason: the error shows in the status form.
    r = browser.submit(page, page + "/status", {"status": "cancelled", "reason": ""})
    assert r.status_code == 422 and "reason is required" in r.text
    # Reschedule to 18:00 local.
    r = browser.submit(page, page, {"date": date, "time": "18:00", "minutes": "50", "location": "Room 9",
                                    "method": "reciprocal", "focus_user_id": str(p.eli.id)})
    assert r.status_code == 303
    assert s.db_rows("SELECT starts_at FROM sessions WHERE id = ?", sid)[0][0] == int(
        datetime.datetime.fromisoformat(local_instant("Asia/Tokyo", d, 18, 0).replace("Z", "+00:00")).timestamp())
    # Held once it started; then the page asks for feedback.
    started(s, sid)
    r = browser.submit(page, page + "/status", {"status": "held"})
    assert r.status_code == 303 and "notice=session_held" in r.headers["Location"]
    text = browser.get(r.headers["Location"]).text
    assert "Marked as held" in text and 'action="/sessions/%d/feedback"' % sid in text
    # Ben is not the focus person: no coaching questions for him.
    assert 'name="coaching_listening"' not in text and 'name="useful"' in text
    eli_text = browser_for(s, p.eli).get(page).text
    assert 'name="coaching_listening"' in eli_text
