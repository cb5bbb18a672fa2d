"""test_dashboard.py — the participant's dashboard (issue 3, "Dashboard and
health"): next session, open action items, goals with progress,
celebrations, unread messages per partnership, nudges that appear and go
away, the drop-off steps shown only to the right people, helpful empty
states, and nothing private reaching anyone it does not belong to.
"""

import datetime

import health_helpers as h
from health_helpers import MARKER, world  # noqa: F401  (the module's fixture)


def page(world, who, path="/"):
    r = h.fetch(world.server, who, path)
    assert r.status_code == 200, (path, r.status_code, r.text[:2000])
    return r.text


def test_empty_states_say_what_to_do_next(world):
    p = world.people
    d = h.dashboard(world.server, p.outsider)
    assert d["nudges"] == [] and d["next_session"] is None and d["actions"] == []
    assert d["goals"] == [] and d["celebrations"] == [] and d["unread"] == []
    assert d["has_partnerships"] is False and d["partnerships"] == []
    assert d["next_steps"]  # the profile steps of the foundation stay
    text = page(world, p.outsider)
    assert "Apply to a program" in text and "/programs" in text
    assert "No active goal" in text and "/goals/new" in text
    assert "No open action items" in text
    assert "Nothing needs your attention right now." in text


def test_logged_out_visitors_get_the_welcome(world):
    r = world.server.get("/api/v1/dashboard")
    assert r.status_code == 200 and r.json() == {"welcome": True}
    assert "Create your account" in world.server.get("/").text


def test_nudges_appear_and_go_away(world):
    s, p = world.server, world.people
    pid = h.partnership(world, [p.ana, p.ben])
    assert h.nudges(s, p.ana, pid) == ["agreement_unsigned", "no_session"]
    assert h.nudges(s, p.ben, pid) == ["agreement_unsigned", "no_session"]
    text = page(world, p.ana)
    assert "Read and sign your agreement with Ben Okafor" in text
    assert 'href="/partnerships/%d/agreement"' % pid in text
    nudge = next(n for n in h.dashboard(s, p.ana)["nudges"] if n["kind"] == "agreement_unsigned")
    assert nudge["href"] == "/api/v1/partnerships/%d/agreement" % pid

    # Signing removes the nudge for the signer only.
    h.sign(s, p.ana, pid)
    assert h.nudges(s, p.ana, pid) == ["no_session"]
    assert h.nudges(s, p.ben, pid) == ["agreement_unsigned", "no_session"]
    h.sign(s, p.ben, pid)
    assert h.nudges(s, p.ben, pid) == ["no_session"]

    # Scheduling removes "no session" and fills "next session".
    sid = h.schedule(s, p.ana, pid, starts_at=h.at(2, 9, 30), location="Room 4")[0]["id"]
    assert h.nudges(s, p.ana, pid) == [] and h.nudges(s, p.ben, pid) == []
    nxt = h.dashboard(s, p.ben)["next_session"]
    assert nxt["id"] == sid and nxt["partners"] == "Ana Souza" and nxt["location"] == "Room 4"
    assert nxt["starts_at"] == h.at(2, 9, 30) and nxt["href"] == "/api/v1/sessions/%d" % sid
    text = page(world, p.ben)
    assert 'href="/sessions/%d"' % sid in text and "with Ana Souza" in text and "Room 4" in text

    # An overdue action item (due dates in the past are refused, so the
    # date is moved back) raises a nudge; done, it goes.
    action = h.ok(s.api("POST", "/api/v1/sessions/%d/actions" % sid, token=p.ana.token,
                        json_body={"owner_id": p.ana.id, "body": "Draft the plan",
                                   "due_on": h.day(0)}), 201)["action"]
    d = h.dashboard(s, p.ana)
    assert [(a["id"], a["is_overdue"]) for a in d["actions"]] == [(action["id"], False)]
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    h.write(s, "UPDATE action_items SET due_on = ? WHERE id = ?", yesterday, action["id"])
    assert "action_overdue" in h.nudges(s, p.ana)
    assert "One of your action items is past its due date." in page(world, p.ana)
    assert "action_overdue" not in h.nudges(s, p.ben)  # Ben owns none
    assert h.dashboard(s, p.ben)["actions"] == []
    h.ok(s.api("PATCH", "/api/v1/actions/%d" % action["id"], token=p.ana.token, json_body={"done": True}))
    assert "action_overdue" not in h.nudges(s, p.ana) and h.dashboard(s, p.ana)["actions"] == []

    # Held: each member is asked to reflect, until they tie a reflection to it.
    h.started(s, sid)
    h.ok(h.set_status(s, p.ana, sid, status="held"))
    assert "reflection_pending" in h.nudges(s, p.ana, reflections=True)
    assert "reflection_pending" in h.nudges(s, p.ben, reflections=True)
    assert 'href="/reflections/new?session_id=%d"' % sid in page(world, p.ana)
    h.ok(s.api("POST", "/api/v1/reflections", token=p.ana.token,
               json_body={"body": "It went well.", "session_id": sid}), 201)
    assert "reflection_pending" not in h.nudges(s, p.ana, reflections=True)
    assert "reflection_pending" in h.nudges(s, p.ben, reflections=True)


def test_proposal_waiting_for_my_answer(world):
    s, p = world.server, world.people
    organizer = p.organizer
    program = h.make_program(s, organizer.token, [p.eli, p.dev], cadence="weekly")
    pid = h.ok(s.api("POST", "/api/v1/programs/%d/partnerships" % program, token=organizer.token,
                     json_body={"member_ids": [p.eli.id, p.dev.id]}), 201)["partnership"]["id"]
    assert h.nudges(s, p.eli, pid) == ["proposal"]
    h.ok(s.api("POST", "/api/v1/partnerships/%d/accept" % pid, token=p.eli.token))
    assert h.nudges(s, p.eli, pid) == [] and h.nudges(s, p.dev, pid) == ["proposal"]
    h.ok(s.api("POST", "/api/v1/programs/%d/partnerships/%d/end" % (program, pid), token=organizer.token))


def test_goals_progress_celebrations_and_unread(world):
    s, p = world.server, world.people
    pid = h.partnership(world, [p.chloe, p.eli])
    goal = h.ok(s.api("POST", "/api/v1/goals", token=p.chloe.token, json_body={
        "title": "Fewer report errors", "specific": "Check figures.", "measure": "number",
        "baseline": 20, "target": 10, "unit": "errors", "target_date": h.day(60),
        "visibility": "shared"}), 201)["goal"]
    h.ok(s.api("POST", "/api/v1/goals/%d/checkins" % goal["id"], token=p.chloe.token,
               json_body={"on_date": h.day(0), "value": 15, "confidence": 4}), 201)
    mine = h.dashboard(s, p.chloe)["goals"]
    assert [(g["id"], g["percent"]) for g in mine] == [(goal["id"], 50)]
    assert "Fewer report errors" in page(world, p.chloe) and "50%" in page(world, p.chloe)
    assert h.dashboard(s, p.eli)["goals"] == []  # only my own goals are listed as mine

    private = h.ok(s.api("POST", "/api/v1/goals", token=p.chloe.token, json_body={
        "title": "Private " + MARKER, "specific": "Mine alone.", "measure": "milestones",
        "milestones": ["One"], "target_date": h.day(30)}), 201)["goal"]
    for g in (goal, private):
        body = {"on_date": h.day(0), "confidence": 5}
        if g is goal:
            body["value"] = 10
        else:
            body["milestone_id"] = h.ok(s.get("/api/v1/goals/%d" % g["id"], token=p.chloe.token))["goal"]["milestones"][0]["id"]
        h.ok(s.api("POST", "/api/v1/goals/%d/checkins" % g["id"], token=p.chloe.token, json_body=body), 201)

    celebrated = h.dashboard(s, p.chloe)["celebrations"]
    assert {c["id"] for c in celebrated} == {goal["id"], private["id"]}
    assert all(c["is_mine"] for c in celebrated)
    partner_view = h.dashboard(s, p.eli)["celebrations"]
    assert [(c["id"], c["is_mine"], c["owner"]["name"]) for c in partner_view] == [
        (goal["id"], False, "Chloé Martin")]
    text = page(world, p.eli)
    assert "Chloé Martin achieved" in text and "Fewer report errors" in text
    assert MARKER not in text and MARKER not in h.fetch(s, p.eli, "/api/v1/dashboard").text
    assert "You achieved" in page(world, p.chloe)

    # Unread messages per partnership.
    h.ok(s.api("POST", "/api/v1/partnerships/%d/messages" % pid, token=p.chloe.token,
               json_body={"body": "Hello " + MARKER}), 201)
    unread = h.dashboard(s, p.eli)["unread"]
    own = next(u for u in unread if u["partnership_id"] == pid)
    assert own["count"] >= 2 and own["partners"] == "Chloé Martin"  # with the system lines
    assert own["href"] == "/api/v1/partnerships/%d/messages" % pid
    assert "unread from Chloé Martin" in page(world, p.eli)
    assert MARKER not in page(world, p.eli)  # counts, never the text
    h.ok(s.get("/api/v1/partnerships/%d/messages" % pid, token=p.eli.token))
    assert all(u["partnership_id"] != pid for u in h.dashboard(s, p.eli)["unread"])


def test_drop_off_steps_reach_the_right_people_in_order(world):
    s, p = world.server, world.people
    pid = h.partnership(world, [p.ana, p.dev])
    program = h.program_of(world, pid)
    h.sign(s, p.ana, pid)
    h.sign(s, p.dev, pid)
    h.backdate(s, pid, 30)
    h.past_session(s, p.ana, pid, 9)

    def row():
        return h.health_row(s, p.organizer, program, pid)

    # Step 1: Dev cancelled; only Dev is nudged, the organizer sees nothing.
    h.past_session(s, p.ana, pid, 6, "cancelled", by=p.dev)
    assert h.nudges(s, p.dev, pid) == ["dropoff_nudge", "no_session"]
    assert h.nudges(s, p.ana, pid) == ["no_session"]
    assert "You cancelled the last session with Ana Souza" in page(world, p.dev)
    assert "You cancelled the last session" not in page(world, p.ana)
    assert row()["at_risk"] is False and row()["reasons"] == []

    # Step 2: it continues (Ana misses one): both are asked to check in.
    h.past_session(s, p.ana, pid, 4, "missed", by=p.ana)
    for who in (p.ana, p.dev):
        d = h.dashboard(s, who)
        check = [n for n in d["nudges"] if n["partnership_id"] == pid and n["kind"] != "reflection_pending"]
        assert [n["kind"] for n in check] == ["check_in"], (who.name, check)
        assert check[0]["organizer_sees"] is False
        assert check[0]["href"] == "/api/v1/partnerships/%d/agreement" % pid
    assert "check in together on your agreement" in page(world, p.ana).lower()
    assert row()["at_risk"] is False

    # Step 3: a third lapse in a row; now the organizer sees the pair.
    h.past_session(s, p.dev, pid, 2, "cancelled", by=p.dev)
    for who in (p.ana, p.dev):
        check = [n for n in h.dashboard(s, who)["nudges"] if n["kind"] == "check_in" and n["partnership_id"] == pid]
        assert len(check) == 1 and check[0]["organizer_sees"] is True
    assert "organizers can now see that sessions have lapsed" in page(world, p.dev)
    r = row()
    assert r["at_risk"] is True and r["dropoff_step"] == 3
    assert [x["code"] for x in r["reasons"]] == ["repeated_lapses"]
    # Only members ever see nudges about it: nobody else's dashboard.
    for other in (p.eli, p.outsider, p.organizer, p.manager):
        assert all(n["partnership_id"] != pid for n in h.dashboard(s, other)["nudges"])

    # A held session clears every step.
    h.past_session(s, p.ana, pid, 1)
    assert h.nudges(s, p.ana, pid) == ["no_session"] and h.nudges(s, p.dev, pid) == ["no_session"]
    assert row()["at_risk"] is False


def test_quiet_partnership_is_asked_then_flagged(world):
    s, p = world.server, world.people
    pid = h.partnership(world, [p.ben, p.eli])
    program = h.program_of(world, pid)
    h.sign(s, p.ben, pid)
    h.sign(s, p.eli, pid)
    h.backdate(s, pid, 11)  # weekly: 1.5 periods without a held session
    assert h.nudges(s, p.ben, pid) == ["check_in"] and h.nudges(s, p.eli, pid) == ["check_in"]
    assert h.health_row(s, p.organizer, program, pid)["at_risk"] is False
    h.backdate(s, pid, 15)  # twice the cadence
    r = h.health_row(s, p.organizer, program, pid)
    assert r["at_risk"] is True and [x["code"] for x in r["reasons"]] == ["no_recent_session"]
    check = [n for n in h.dashboard(s, p.ben)["nudges"] if n["kind"] == "check_in" and n["partnership_id"] == pid]
    assert check[0]["organizer_sees"] is True
    h.ok(s.api("POST", "/api/v1/programs/%d/partnerships/%d/end" % (program, pid), token=p.organizer.token))


def test_private_content_never_reaches_another_dashboard(world):
    s, p = world.server, world.people
    pid = h.partnership(world, [p.chloe, p.dev])
    sid = h.schedule(s, p.chloe, pid, location="Room " + MARKER)[0]["id"]
    h.ok(s.api("POST", "/api/v1/sessions/%d/agenda" % sid, token=p.chloe.token,
               json_body={"body": "Agenda " + MARKER}), 201)
    h.ok(s.api("PUT", "/api/v1/sessions/%d/notes" % sid, token=p.chloe.token,
               json_body={"stage": "goal", "body": "Notes " + MARKER}))
    h.ok(s.api("POST", "/api/v1/sessions/%d/actions" % sid, token=p.chloe.token,
               json_body={"owner_id": p.chloe.id, "body": "Action " + MARKER}), 201)
    h.ok(s.api("POST", "/api/v1/partnerships/%d/messages" % pid, token=p.chloe.token,
               json_body={"body": "Message " + MARKER}), 201)
    h.ok(s.api("POST", "/api/v1/goals", token=p.chloe.token, json_body={
        "title": "Goal " + MARKER, "specific": MARKER, "measure": "milestones",
        "milestones": [MARKER], "target_date": h.day(30)}), 201)
    # Chloé sees her own things; her partner sees the session, not her
    # action item or private goal; nobody else sees anything.
    assert MARKER in h.fetch(s, p.chloe, "/api/v1/dashboard").text
    partner = h.fetch(s, p.dev, "/api/v1/dashboard").text
    assert "Action " + MARKER not in partner and "Goal " + MARKER not in partner
    for who in (p.outsider, p.organizer, p.admin, p.manager, p.eli):
        for path in ("/api/v1/dashboard", "/"):
            r = h.fetch(s, who, path)
            assert r.status_code == 200 and MARKER not in r.text, (who.name, path)
    assert MARKER not in s.stderr_text()
