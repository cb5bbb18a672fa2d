"""Enrollment through the JSON API (issue 3, "Enrollment (participant)"):
applying with readiness answers, goals and availability; required pledges;
the enrollment window; applying twice; the organizers' decisions and the
transitions they forbid; withdrawing; who may read and move an application;
and bad input on every enrollment route."""

import pytest

from pc import assert_error
from programs_helpers import (  # noqa: F401  (program_cast and world are fixtures)
    application,
    apply,
    create_program,
    day,
    decide,
    enrolling_program,
    get_program,
    ok,
    program_cast,
    set_state,
    world,
)


def enrollment_count(server):
    return server.db_rows("SELECT count(*) FROM enrollments")[0][0]


def withdraw(server, token, enrollment_id):
    return server.api("POST", "/api/v1/enrollments/%d/withdraw" % enrollment_id, token=token)


def test_application_and_decisions_through_the_api(world):
    p = world.people
    pid = enrolling_program(world, p.olu)
    program = get_program(world, p.ana.token, pid)
    optional = [q for q in program["questions"] if not q["is_required"]]
    body = application(world, p.ana.token, pid, goals=["  Give feedback that is specific ", "", "Observe a peer"],
                       overrides={optional[1]["id"]: False})
    e = apply(world, p.ana.token, pid, body)
    assert e["state"] == "applied" and e["program_id"] == pid
    assert e["user"]["id"] == p.ana.id and e["user"]["name"] == "Ana Souza"
    assert e["goals"] == ["Give feedback that is specific", "Observe a peer"]
    assert e["availability_confirmed"] is True and e["decided_by"] is None
    answers = {a["question_id"]: a["answer"] for a in e["answers"]}
    assert answers[optional[1]["id"]] is False and list(answers.values()).count(True) == 4
    assert [a["text"] for a in e["answers"]] == [q["text"] for q in program["questions"]]
    assert get_program(world, p.ana.token, pid)["my_enrollment"]["id"] == e["id"]

    # The organizers see every application with its answers and goals.
    listed = ok(world.get("/api/v1/programs/%d/enrollments" % pid, token=p.olu.token))["enrollments"]
    assert [x["id"] for x in listed] == [e["id"]]
    assert listed[0]["goals"] == e["goals"] and listed[0]["answers"] == e["answers"]
    ben = apply(world, p.ben.token, pid)
    cy = apply(world, p.cy.token, pid)

    accepted = ok(decide(world, p.olu.token, e["id"], "accepted"))["enrollment"]
    assert accepted["state"] == "accepted" and accepted["decided_by"] == {"id": p.olu.id, "name": "Olu Organizer"}
    assert accepted["decided_at"] is not None
    ok(decide(world, p.olu.token, ben["id"], "waitlisted"))
    ok(decide(world, p.olu.token, cy["id"], "declined"))
    by_state = lambda s: [x["id"] for x in ok(world.get("/api/v1/programs/%d/enrollments?state=%s" % (pid, s),
                                                         token=p.olu.token))["enrollments"]]
    assert by_state("accepted") == [e["id"]]
    assert by_state("waitlisted") == [ben["id"]]
    assert by_state("declined") == [cy["id"]]
    assert by_state("applied") == []
    assert_error(world.get("/api/v1/programs/%d/enrollments?state=maybe" % pid, token=p.olu.token), 422, field="state")

    # Forbidden decisions: 409 with the reason, nothing changes.
    for enrollment, target in ((e, "declined"), (e, "waitlisted"), (e, "accepted"), (cy, "accepted"),
                               (cy, "waitlisted"), (ben, "waitlisted")):
        assert_error(decide(world, p.olu.token, enrollment["id"], target), 409, code="invalid_state")
    assert_error(decide(world, p.olu.token, e["id"], "withdrawn"), 422, field="state")
    assert_error(decide(world, p.olu.token, e["id"], "applied"), 422, field="state")
    ok(decide(world, p.olu.token, ben["id"], "accepted"))

    # Withdrawing: the participant, from applied, accepted or waitlisted.
    gone = ok(withdraw(world, p.ben.token, ben["id"]))["enrollment"]
    assert gone["state"] == "withdrawn"
    assert_error(withdraw(world, p.ben.token, ben["id"]), 409, code="invalid_state")
    assert_error(withdraw(world, p.cy.token, cy["id"]), 409, code="invalid_state")  # declined is final
    assert_error(decide(world, p.olu.token, ben["id"], "accepted"), 409, code="invalid_state")
    # Withdrawn, one may apply again while enrollment is open.
    again = apply(world, p.ben.token, pid, application(world, p.ben.token, pid, goals=["Second thoughts"]))
    assert again["id"] == ben["id"] and again["state"] == "applied" and again["goals"] == ["Second thoughts"]
    assert again["decided_by"] is None
    assert world.db_rows("SELECT count(*) FROM audit_log WHERE subject_type = 'enrollment'")[0][0] == 9


def test_required_pledges_must_be_accepted(world):
    p = world.people
    pid = enrolling_program(world, p.olu)
    program = get_program(world, p.ana.token, pid)
    pledges = [q for q in program["questions"] if q["is_required"]]
    body = application(world, p.ana.token, pid, overrides={q["id"]: False for q in pledges})
    error = assert_error(apply(world, p.ana.token, pid, body, expect=None), 422, field="answers")
    for q in pledges:
        assert q["text"] in error["message"]
    body = application(world, p.ana.token, pid, overrides={pledges[1]["id"]: False})
    error = assert_error(apply(world, p.ana.token, pid, body, expect=None), 422, field="answers")
    assert pledges[1]["text"] in error["message"] and pledges[0]["text"] not in error["message"]
    # An organizer's own pledge counts the same.
    q = ok(world.api("POST", "/api/v1/programs/%d/questions" % pid, token=p.olu.token,
                     json_body={"text": "I teach at least one class a week.", "is_required": True}), 201)["question"]
    body = application(world, p.ana.token, pid, overrides={q["id"]: False})
    error = assert_error(apply(world, p.ana.token, pid, body, expect=None), 422, field="answers")
    assert "I teach at least one class a week." in error["message"]
    # Every question needs an answer: the missing one is named.
    body = application(world, p.ana.token, pid)
    del body["answers"][str(q["id"])]
    error = assert_error(apply(world, p.ana.token, pid, body, expect=None), 422, field="answers")
    assert "I teach at least one class a week." in error["message"]
    assert enrollment_count(world) == 0


def test_enrollment_only_when_open(world):
    p = world.people
    draft = create_program(world, p.olu.token)["id"]
    assert_error(apply(world, p.ana.token, draft, {}, expect=None), 404)
    later = create_program(world, p.olu.token, enroll_opens_on=day(3))["id"]
    ok(set_state(world, p.olu.token, later, "enrolling"))
    body = application(world, p.ana.token, later)
    error = assert_error(apply(world, p.ana.token, later, body, expect=None), 409, code="invalid_state")
    assert "opens on" in error["message"]
    assert get_program(world, p.ana.token, later)["enrollment_closed_why"].startswith("Enrollment opens on")

    pid = enrolling_program(world, p.olu, (p.ana, p.ben))
    body = application(world, p.cy.token, pid)
    ok(set_state(world, p.olu.token, pid, "running"))
    error = assert_error(apply(world, p.cy.token, pid, body, expect=None), 409, code="invalid_state")
    assert "running" in error["message"]
    ok(set_state(world, p.olu.token, pid, "closed"))
    assert_error(apply(world, p.cy.token, pid, body, expect=None), 409, code="invalid_state")
    # Nothing moves once closed.
    ana = get_program(world, p.ana.token, pid)["my_enrollment"]
    assert_error(withdraw(world, p.ana.token, ana["id"]), 409, code="invalid_state")
    assert enrollment_count(world) == 2


def test_applying_twice_is_409(world):
    p = world.people
    pid = enrolling_program(world, p.olu)
    body = application(world, p.ana.token, pid)
    apply(world, p.ana.token, pid, body)
    error = assert_error(apply(world, p.ana.token, pid, body, expect=None), 409, code="already_applied")
    assert "already applied" in error["message"]
    assert enrollment_count(world) == 1


def test_who_may_read_and_move_an_application(world):
    p = world.people
    pid = enrolling_program(world, p.olu)
    marker = "GOAL-MARKER-7f3a"
    ana = apply(world, p.ana.token, pid, application(world, p.ana.token, pid, goals=[marker]))
    ben = apply(world, p.ben.token, pid)
    # Another participant, a manager, an organizer of other programs: 404.
    for person in (p.ben, p.cy, p.mia, p.oz):
        assert_error(withdraw(world, person.token, ana["id"]), 404)
        assert_error(decide(world, person.token, ana["id"], "declined"), 404)
    # The applicant cannot decide on her own application.
    assert_error(decide(world, p.ana.token, ana["id"], "accepted"), 403)
    # The program's organizer cannot withdraw for her; they decline instead.
    assert_error(withdraw(world, p.olu.token, ana["id"]), 403)
    for guess in (ana["id"] + 100, 999999):
        assert_error(withdraw(world, p.ana.token, guess), 404)
        assert_error(decide(world, p.olu.token, guess, "accepted"), 404)
    assert_error(withdraw(world, p.ana.token, ben["id"]), 404)
    assert world.db_rows("SELECT state FROM enrollments ORDER BY id") == [("applied",), ("applied",)]
    # Her goals reach only her and the program's organizers.
    for person in (p.ben, p.cy, p.mia, p.oz):
        for path in ("/api/v1/programs", "/api/v1/programs/%d" % pid, "/api/v1/programs/%d/enrollments" % pid,
                     "/programs", "/programs/%d" % pid, "/programs/%d/enrollments" % pid):
            r = world.get(path, token=person.token, headers={"Cookie": "pc_login=" + person.token})
            assert marker not in r.text, (person.name, path)
    assert marker in world.get("/api/v1/programs/%d" % pid, token=p.ana.token).text
    assert marker in world.get("/api/v1/programs/%d/enrollments" % pid, token=p.olu.token).text
    assert marker not in world.stderr_text()


def test_withdrawal_waits_for_partnerships_and_closing_ends_them(world):
    p = world.people
    pid = enrolling_program(world, p.olu, (p.ana, p.ben))
    r = world.api("POST", "/api/v1/programs/%d/partnerships" % pid, token=p.olu.token,
                  json_body={"member_ids": [p.ana.id, p.ben.id]})
    assert r.status_code == 201, r.text
    partnership = r.json()["partnership"]["id"]
    mine = get_program(world, p.ana.token, pid)["my_enrollment"]
    assert_error(withdraw(world, p.ana.token, mine["id"]), 409, code="in_partnership")
    ok(set_state(world, p.olu.token, pid, "running"))
    ok(set_state(world, p.olu.token, pid, "closed"))
    assert world.db_rows("SELECT state, end_kind FROM partnerships WHERE id = ?", partnership) == [
        ("ended", "program_closed")]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"answers": None}, "answers"),
        ({"answers": [True, True]}, "answers"),
        ({"answers": {"999999": True}}, "answers"),
        ({"answers": "all yes"}, "answers"),
        ({"goals": None}, "goals"),
        ({"goals": "one goal"}, "goals"),
        ({"goals": []}, "goals"),
        ({"goals": ["   "]}, "goals"),
        ({"goals": ["ab"]}, "goals"),
        ({"goals": ["one", "two", "three", "four"]}, "goals"),
        ({"goals": [1]}, "goals"),
        ({"goals": ["g" * 201]}, "goals"),
        ({"goals": ["line one\nline two"]}, "goals"),
        ({"availability_confirmed": None}, "availability_confirmed"),
        ({"availability_confirmed": False}, "availability_confirmed"),
        ({"availability_confirmed": "yes"}, "availability_confirmed"),
    ],
)
def test_bad_application_input_is_refused_and_nothing_stored(world, change, field):
    p = world.people
    pid = enrolling_program(world, p.olu)
    body = application(world, p.ana.token, pid)
    for key, value in change.items():
        if value is None:
            del body[key]
        else:
            body[key] = value
    assert_error(apply(world, p.ana.token, pid, body, expect=None), 422, field=field)
    assert enrollment_count(world) == 0


def test_bad_input_on_decisions_and_bodies(world):
    p = world.people
    pid = enrolling_program(world, p.olu)
    e = apply(world, p.ana.token, pid)
    assert_error(world.api("PATCH", "/api/v1/enrollments/%d" % e["id"], token=p.olu.token, json_body={}), 422, field="state")
    assert_error(world.api("PATCH", "/api/v1/enrollments/%d" % e["id"], token=p.olu.token, json_body={"state": True}), 422, field="state")
    assert_error(world.api("PATCH", "/api/v1/enrollments/abc", token=p.olu.token, json_body={"state": "accepted"}), 404)
    bad = world.api("POST", "/api/v1/programs/%d/enrollments" % pid, token=p.ben.token,
                    data=b'{"goals": ["\xed\xa0\x80"]}', headers={"Content-Type": "application/json"})
    assert_error(bad, 400)
    assert world.db_rows("SELECT state FROM enrollments") == [("applied",)]
