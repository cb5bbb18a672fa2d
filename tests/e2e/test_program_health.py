"""test_program_health.py — an organizer's view of a program (issue 3,
"Dashboard and health"): enrollments, partnerships with metadata only,
at-risk flags with their reasons, feedback averages only over five
respondents, the CSV export, and who may see any of it.

A marker string is written into every private field a partnership has
(agenda, notes, action items, messages, agreement, cancellation reason,
place, feedback comment, a private goal); it must never appear in the
health API, page or CSV, nor in the server's log.
"""

import csv
import io

import health_helpers as h
import pc
from health_helpers import MARKER, world  # noqa: F401  (the module's fixture)
from partnerships_helpers import apply, person, set_program_state


def paths(program_id):
    return ("/api/v1/programs/%s/health" % program_id, "/programs/%s/health" % program_id,
            "/api/v1/programs/%s/health.csv" % program_id, "/programs/%s/health.csv" % program_id)


def write_private_things(s, p, pid):
    """MARKER in every private field of partnership pid (members Ana, Ben)."""
    sid = h.schedule(s, p.ana, pid, location="Room " + MARKER)[0]["id"]
    h.ok(s.api("POST", "/api/v1/sessions/%d/agenda" % sid, token=p.ana.token, json_body={"body": "Agenda " + MARKER}), 201)
    h.ok(s.api("PUT", "/api/v1/sessions/%d/notes" % sid, token=p.ben.token,
               json_body={"stage": "goal", "body": "Notes " + MARKER}))
    h.ok(s.api("POST", "/api/v1/sessions/%d/actions" % sid, token=p.ana.token,
               json_body={"owner_id": p.ben.id, "body": "Action " + MARKER}), 201)
    h.ok(s.api("POST", "/api/v1/partnerships/%d/messages" % pid, token=p.ben.token,
               json_body={"body": "Message " + MARKER}), 201)
    h.ok(s.api("POST", "/api/v1/goals", token=p.ana.token, json_body={
        "title": "Goal " + MARKER, "specific": MARKER, "measure": "milestones",
        "milestones": [MARKER], "target_date": h.day(30)}), 201)
    h.started(s, sid, seconds_ago=2 * h.DAY)
    h.ok(h.set_status(s, p.ana, sid, status="held"))
    focus = h.ok(s.get("/api/v1/sessions/%d" % sid, token=p.ana.token))["session"]["focus"]["id"]
    for who in (p.ana, p.ben):
        body = h.feedback_body(coaching=who.id == focus, comment="Comment " + MARKER)
        h.ok(s.api("POST", "/api/v1/sessions/%d/feedback" % sid, token=who.token, json_body=body), 201)


def test_health_shows_metadata_flags_and_export(world):
    s, p = world.server, world.people
    org = p.organizer
    program = h.make_program(s, org.token, [p.ana, p.ben, p.chloe, p.dev], cadence="weekly",
                             state="enrolling")
    apply(s, p.eli.token, program)  # one application left to decide
    h.ok(set_program_state(s, org.token, program, "running"))
    one_sided = h.ok(s.api("POST", "/api/v1/programs/%d/partnerships" % program, token=org.token,
                           json_body={"member_ids": [p.ana.id, p.ben.id]}), 201)["partnership"]["id"]
    unsigned = h.ok(s.api("POST", "/api/v1/programs/%d/partnerships" % program, token=org.token,
                          json_body={"member_ids": [p.chloe.id, p.dev.id]}), 201)["partnership"]["id"]
    for pid, members in ((one_sided, (p.ana, p.ben)), (unsigned, (p.chloe, p.dev))):
        for m in members:
            h.ok(s.api("POST", "/api/v1/partnerships/%d/accept" % pid, token=m.token))

    # Ana and Ben: signed, meeting, but Ben called off three sessions.
    h.sign(s, p.ana, one_sided)
    h.sign(s, p.ben, one_sided)
    h.backdate(s, one_sided, 30)
    for days, status in ((25, "held"), (22, "cancelled"), (18, "held"), (15, "cancelled"),
                         (11, "held"), (8, "cancelled"), (5, "held")):
        h.past_session(s, p.ana, one_sided, days, status, by=p.ben)
    write_private_things(s, p, one_sided)

    # Chloé and Dev: monthly, agreement (with private words) unsigned for 15 days.
    h.ok(s.api("PATCH", "/api/v1/partnerships/%d/agreement" % unsigned, token=p.chloe.token,
               json_body={"cadence": "monthly", "body": "Our rules " + MARKER}))
    h.backdate(s, unsigned, 15)

    view = h.health(s, org, program)
    assert view["program"]["id"] == program and view["program"]["cadence"] == "weekly"
    assert view["enrollments"] == {"applied": 1, "accepted": 4, "waitlisted": 0, "declined": 0, "withdrawn": 0}
    assert view["partnership_counts"] == {"total": 2, "proposed": 0, "active": 2, "paused": 0,
                                          "ended": 0, "at_risk": 2}
    rows = {r["id"]: r for r in view["partnerships"]}
    a = rows[one_sided]
    assert [m["name"] for m in a["members"]] == ["Ana Souza", "Ben Okafor"]
    counts = {m["name"]: (m["cancelled"], m["missed"]) for m in a["members"]}
    assert counts == {"Ana Souza": (0, 0), "Ben Okafor": (3, 0)}
    assert a["state"] == "active" and a["cadence"] == "weekly"
    assert a["sessions_held"] == 5 and a["sessions_expected"] == 4
    assert a["last_held_on"] == h.day(-2)
    assert a["agreement_signed"] is True and a["agreement_signed_since"]
    assert a["at_risk"] is True and [r["code"] for r in a["reasons"]] == ["one_sided"]
    assert "3 of 3" in a["reasons"][0]["text"] and "Ben Okafor" in a["reasons"][0]["text"]
    b = rows[unsigned]
    assert b["cadence"] == "monthly" and b["sessions_held"] == 0 and b["sessions_expected"] == 0
    assert b["last_held_on"] is None and b["last_held_at"] is None
    assert b["agreement_signed"] is False and b["agreement_signed_since"] is None
    assert [r["code"] for r in b["reasons"]] == ["agreement_unsigned"]
    # Feedback: two people answered, so nothing is told, not even the count.
    assert view["feedback"] == {"has_enough": False, "min_respondents": 5}

    # The admin sees the same; the page and CSV carry it too.
    assert h.health(s, p.admin, program)["partnership_counts"]["at_risk"] == 2
    browser = h.browser_for(s, org)
    program_page = browser.get("/programs/%d" % program).text
    assert 'href="/programs/%d/health"' % program in program_page
    text = browser.get("/programs/%d/health" % program).text
    assert "Ana Souza and Ben Okafor" in text and "Chloé Martin and Dev Patel" in text
    assert "3 of 3 cancelled or missed sessions were by Ben Okafor." in text
    assert "The agreement has waited 15 days for every signature." in text
    assert "5 / 4" in text and 'href="/programs/%d/health.csv"' % program in text
    assert "Averages appear once at least 5 people" in text

    r = browser.get("/programs/%d/health.csv" % program)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert 'filename="program-%d-health.csv"' % program in r.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(r.text)))
    assert table[0][:3] == ["partnership_id", "state", "members"]
    csv_rows = {int(row[0]): dict(zip(table[0], row)) for row in table[1:]}
    assert set(csv_rows) == {one_sided, unsigned}
    assert csv_rows[one_sided]["members"] == "Ana Souza; Ben Okafor"
    assert csv_rows[one_sided]["cancelled_by_member"] == "Ana Souza: 0; Ben Okafor: 3"
    assert csv_rows[one_sided]["sessions_held"] == "5" and csv_rows[one_sided]["at_risk_reasons"] == "one_sided"
    assert csv_rows[unsigned]["agreement_signed"] == "no"
    assert csv_rows[unsigned]["at_risk_reasons"] == "agreement_unsigned"
    api_csv = s.get("/api/v1/programs/%d/health.csv" % program, token=org.token)
    assert api_csv.status_code == 200 and api_csv.text == r.text

    # Nothing private, anywhere the organizer or admin looks, nor in the log.
    for who in (org, p.admin):
        for path in paths(program):
            r = h.fetch(s, who, path)
            assert r.status_code == 200 and MARKER not in r.text, (who.name, path)
            for secret in ("Agenda", "Notes", "Action", "Message", "Comment", "Room", "Our rules"):
                assert secret + " " + MARKER not in r.text
    assert MARKER not in s.stderr_text()

    # Signing clears the unsigned flag at once.
    h.sign(s, p.chloe, unsigned)
    h.sign(s, p.dev, unsigned)
    row = h.health_row(s, org, program, unsigned)
    assert row["at_risk"] is False and row["agreement_signed"] is True


def test_feedback_averages_only_from_five_people(world):
    s, p = world.server, world.people
    org = p.organizer
    people = [p.ana, p.ben, p.chloe, p.dev, p.eli]
    program = h.make_program(s, org.token, people, cadence="weekly")
    pair = h.ok(s.api("POST", "/api/v1/programs/%d/partnerships" % program, token=org.token,
                      json_body={"member_ids": [p.ana.id, p.ben.id]}), 201)["partnership"]["id"]
    circle = h.ok(s.api("POST", "/api/v1/programs/%d/partnerships" % program, token=org.token,
                        json_body={"member_ids": [p.chloe.id, p.dev.id, p.eli.id]}), 201)["partnership"]["id"]
    given = 0
    for pid, members in ((pair, people[:2]), (circle, people[2:])):
        for m in members:
            h.ok(s.api("POST", "/api/v1/partnerships/%d/accept" % pid, token=m.token))
        sid = h.past_session(s, members[0], pid, 1)
        focus = h.ok(s.get("/api/v1/sessions/%d" % sid, token=members[0].token))["session"]["focus"]["id"]
        for m in members:
            assert h.health(s, org, program)["feedback"]["has_enough"] is False
            body = h.feedback_body(value=4 if given % 2 else 5, coaching=m.id == focus,
                                   comment="Comment " + MARKER)
            h.ok(s.api("POST", "/api/v1/sessions/%d/feedback" % sid, token=m.token, json_body=body), 201)
            given += 1
    feedback = h.health(s, org, program)["feedback"]
    assert feedback["has_enough"] is True and feedback["respondents"] == 5
    assert [a["key"] for a in feedback["answers"]] == ["useful", "safe", "listened", "questions_helped", "actionable"]
    assert all(abs(a["average"] - 4.6) < 1e-9 for a in feedback["answers"])
    text = h.browser_for(s, org).get("/programs/%d/health" % program).text
    assert "Averages from 5 people" in text and "4.6" in text
    assert MARKER not in text and MARKER not in h.fetch(s, org, "/api/v1/programs/%d/health" % program).text


def test_only_the_programs_organizers_and_admins(world):
    s, p = world.server, world.people
    org = p.organizer
    program = h.make_program(s, org.token, [p.ana, p.ben], cadence="weekly")
    other_org = person(s, "olga", "Olga Organizer", "organizer", p.admin.token)
    for who in (p.ana, p.outsider, p.manager, other_org):
        for path in paths(program):
            r = h.fetch(s, who, path)
            assert r.status_code == 403, (who.name, path, r.status_code)
            assert "Ana Souza" not in r.text
        pc.assert_error(s.get(paths(program)[0], token=who.token), 403)
    # Logged out: 401 for the API, the login page for pages.
    assert s.get(paths(program)[0]).status_code == 401
    assert s.get(paths(program)[1]).status_code == 303
    # A draft is not even known to exist outside its organizers.
    draft = h.ok(s.api("POST", "/api/v1/programs", token=org.token, json_body={
        "name": "Draft", "starts_on": h.day(10), "ends_on": h.day(100),
        "enroll_opens_on": h.day(1), "enroll_closes_on": h.day(5)}), 201)["program"]["id"]
    for path in paths(draft):
        assert h.fetch(s, p.ana, path).status_code == 404
        assert h.fetch(s, org, path).status_code == 200
    # An empty program says what to do next.
    text = h.browser_for(s, org).get("/programs/%d/health" % draft).text
    assert "No partnerships yet" in text and "No partnership is at risk" in text
    assert h.health(s, org, draft)["partnerships"] == []


def test_bad_ids_are_not_found(world):
    s, p = world.server, world.people
    for bad in ("abc", "0", "-1", "999999", "1.5", "1e3", "9" * 30):
        for path in paths(bad):
            r = h.fetch(s, p.organizer, path)
            assert r.status_code == 404, (path, r.status_code)
        pc.assert_error(s.get(paths(bad)[0], token=p.organizer.token), 404)
    # Only GET: anything else is 405 naming GET.
    r = s.api("POST", "/api/v1/programs/1/health", token=p.organizer.token, json_body={})
    assert r.status_code == 405 and "GET" in r.headers.get("Allow", "")
