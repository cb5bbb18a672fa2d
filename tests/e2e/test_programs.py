"""Programs through the JSON API (issue 3, "Programs (organizer)"): the
whole lifecycle, every transition it forbids, what each state allows to
edit, readiness questions, co-organizers, who may see and change a program,
and bad input on every program route."""

import pytest

import pc
from pc import assert_error
from programs_helpers import (  # noqa: F401  (program_cast and world are fixtures)
    apply,
    create_program,
    day,
    decide,
    enrolling_program,
    get_program,
    ok,
    program_cast,
    program_count,
    program_fields,
    set_state,
    world,
)

STATES = ("draft", "enrolling", "running", "closed")


def test_program_lifecycle_through_the_api(world):
    p = world.people
    created = create_program(world, p.olu.token, method="observation", group_size=2, session_minutes=50)
    pid = created["id"]
    assert created["state"] == "draft"
    assert created["method"] == "observation" and created["method_name"] == "Observation cycle"
    assert created["session_minutes"] == 50 and created["group_label"] == "pairs"
    assert created["description_html"].startswith("<p>") and "<em>grow</em>" in created["description_html"]
    assert created["can_manage"] is True
    assert [o["id"] for o in created["organizers"]] == [p.olu.id]
    questions = created["questions"]
    assert len(questions) == 5 and all(q["is_default"] for q in questions)
    pledges = [q["text"] for q in questions if q["is_required"]]
    assert len(pledges) == 2
    assert any("confidential" in t for t in pledges) and any("regularly" in t for t in pledges)
    assert created["next_states"] == ["enrolling"]
    assert created["my_enrollment"] is None

    # A draft is the organizers' own: invisible to participants.
    assert_error(world.get("/api/v1/programs/%d" % pid, token=p.ana.token), 404)
    assert ok(world.get("/api/v1/programs", token=p.ana.token))["programs"] == []
    listed = ok(world.get("/api/v1/programs", token=p.olu.token))
    assert [x["id"] for x in listed["programs"]] == [pid] and listed["can_create"] is True
    assert listed["programs"][0]["is_organizer"] is True

    # Its own question, a co-organizer.
    q = ok(world.api("POST", "/api/v1/programs/%d/questions" % pid, token=p.olu.token,
                     json_body={"text": "I teach at least one class a week.", "is_required": True}), 201)["question"]
    assert q["position"] == 6 and q["is_required"] is True and q["is_default"] is False
    org = ok(world.api("POST", "/api/v1/programs/%d/organizers" % pid, token=p.olu.token,
                       json_body={"email": "OZ@example.org"}), 201)["organizer"]
    assert org == {"id": p.oz.id, "name": "Oz Organizer"}
    assert get_program(world, p.oz.token, pid)["can_manage"] is True

    # Enrolling: visible to everyone; people apply; organizers decide.
    opened = ok(set_state(world, p.oz.token, pid, "enrolling"))["program"]
    assert opened["state"] == "enrolling" and opened["enrollment_open"] is True
    assert sorted(opened["next_states"]) == ["closed", "draft", "running"]
    seen = ok(world.get("/api/v1/programs", token=p.ana.token))["programs"]
    assert [x["id"] for x in seen] == [pid] and seen[0]["my_enrollment"] is None
    assert "enrollment_counts" not in seen[0]
    as_ana = get_program(world, p.ana.token, pid)
    assert as_ana["can_manage"] is False and "enrollment_counts" not in as_ana
    ana = apply(world, p.ana.token, pid)
    ben = apply(world, p.ben.token, pid)
    ok(decide(world, p.olu.token, ana["id"], "accepted"))
    ok(decide(world, p.olu.token, ben["id"], "waitlisted"))
    ok(decide(world, p.oz.token, ben["id"], "accepted"))
    counts = get_program(world, p.olu.token, pid)["enrollment_counts"]
    assert counts == {"applied": 0, "accepted": 2, "waitlisted": 0, "declined": 0, "withdrawn": 0}

    running = ok(set_state(world, p.olu.token, pid, "running"))["program"]
    assert running["state"] == "running" and running["enrollment_open"] is False
    mine = get_program(world, p.ana.token, pid)["my_enrollment"]
    assert mine["state"] == "accepted" and mine["decided_by"]["id"] == p.olu.id
    assert [x["my_enrollment"]["state"] for x in ok(world.get("/api/v1/programs", token=p.ben.token))["programs"]] == ["accepted"]

    closed = ok(set_state(world, p.olu.token, pid, "closed"))["program"]
    assert closed["state"] == "closed" and closed["next_states"] == []
    # Closed programs stay readable by those who took part, listed last.
    assert get_program(world, p.ana.token, pid)["state"] == "closed"
    assert world.db_rows("SELECT action, detail FROM audit_log WHERE action = 'program_state' ORDER BY id") == [
        ("program_state", "state=enrolling"),
        ("program_state", "state=running"),
        ("program_state", "state=closed"),
    ]


def test_every_forbidden_transition_is_409(world):
    p = world.people
    allowed = {("draft", "enrolling"), ("enrolling", "draft"), ("enrolling", "running"),
               ("enrolling", "closed"), ("running", "closed")}

    def program_in(state):
        pid = create_program(world, p.olu.token)["id"]
        if state == "draft":
            return pid
        ok(set_state(world, p.olu.token, pid, "enrolling"))
        if state == "running":
            for person in (p.ana, p.ben):
                ok(decide(world, p.olu.token, apply(world, person.token, pid)["id"], "accepted"))
            ok(set_state(world, p.olu.token, pid, "running"))
        elif state == "closed":
            ok(set_state(world, p.olu.token, pid, "closed"))
        return pid

    for source in STATES:
        pid = program_in(source)
        for target in STATES:
            if (source, target) in allowed:
                continue
            error = assert_error(set_state(world, p.olu.token, pid, target), 409, code="invalid_state")
            assert len(error["message"]) > 20, error
            assert get_program(world, p.olu.token, pid)["state"] == source
    assert_error(set_state(world, p.olu.token, pid, "archived"), 422, field="state")


def test_transition_conditions(world):
    p = world.people
    # Running needs a full group of accepted participants: a circle of 3 needs 3.
    pid = enrolling_program(world, p.olu, (p.ana, p.ben), group_size=3)
    error = assert_error(set_state(world, p.olu.token, pid, "running"), 409, code="invalid_state")
    assert "At least 3 accepted" in error["message"] and "2 accepted so far" in error["message"]
    ok(decide(world, p.olu.token, apply(world, p.cy.token, pid)["id"], "accepted"))
    ok(set_state(world, p.olu.token, pid, "running"))

    # Back to draft only while nobody has applied.
    empty = enrolling_program(world, p.olu)
    ok(set_state(world, p.olu.token, empty, "draft"))
    ok(set_state(world, p.olu.token, empty, "enrolling"))
    apply(world, p.ana.token, empty)
    error = assert_error(set_state(world, p.olu.token, empty, "draft"), 409, code="invalid_state")
    assert "already applied" in error["message"]


def test_what_each_state_allows_to_edit(world):
    p = world.people
    pid = create_program(world, p.olu.token)["id"]
    patch = lambda body: world.api("PATCH", "/api/v1/programs/%d" % pid, token=p.olu.token, json_body=body)
    changed = ok(patch({"method": "appreciative", "group_size": 4, "cadence": "weekly", "session_minutes": 60,
                        "enroll_closes_on": day(12), "objectives": "- one\n- two"}))["program"]
    assert changed["group_label"] == "circles of 4" and changed["cadence_label"] == "every week"
    assert "<li>two</li>" in changed["objectives_html"]
    ok(patch({"group_size": 2}))
    ok(set_state(world, p.olu.token, pid, "enrolling"))
    ok(patch({"session_minutes": 30}))  # still setting up
    for person in (p.ana, p.ben):
        ok(decide(world, p.olu.token, apply(world, person.token, pid)["id"], "accepted"))
    ok(set_state(world, p.olu.token, pid, "running"))

    for field, value in (("method", "open"), ("group_size", 3), ("cadence", "monthly"), ("session_minutes", 90),
                         ("starts_on", day(20)), ("enroll_opens_on", day(1)), ("enroll_closes_on", day(11))):
        error = assert_error(patch({field: value}), 409, code="invalid_state")
        assert field in error["message"] and "running" in error["message"]
    # Sending the whole object back unchanged is fine; texts and the end may change.
    current = get_program(world, p.olu.token, pid)
    body = {k: current[k] for k in program_fields()}
    body.update(name="Pilot, second half", ends_on=day(150))
    assert ok(patch(body))["program"]["name"] == "Pilot, second half"
    # A question cannot be added once running.
    assert_error(world.api("POST", "/api/v1/programs/%d/questions" % pid, token=p.olu.token,
                           json_body={"text": "A late question"}), 409, code="invalid_state")

    ok(set_state(world, p.olu.token, pid, "closed"))
    assert_error(patch({"name": "After the end"}), 409, code="invalid_state")
    assert_error(world.api("POST", "/api/v1/programs/%d/organizers" % pid, token=p.olu.token,
                           json_body={"email": p.oz.email}), 409, code="invalid_state")
    assert get_program(world, p.olu.token, pid)["name"] == "Pilot, second half"


def test_readiness_questions(world):
    p = world.people
    pid = create_program(world, p.olu.token)["id"]
    url = "/api/v1/programs/%d/questions" % pid
    mine = ok(world.api("POST", url, token=p.olu.token, json_body={"text": "  I mentor new staff.  "}), 201)["question"]
    assert mine["text"] == "I mentor new staff." and mine["is_required"] is False
    default = get_program(world, p.olu.token, pid)["questions"][0]
    assert_error(world.api("DELETE", "%s/%d" % (url, default["id"]), token=p.olu.token), 409, code="default_question")
    r = world.api("DELETE", "%s/%d" % (url, mine["id"]), token=p.olu.token)
    assert r.status_code == 204 and r.content == b""
    assert_error(world.api("DELETE", "%s/%d" % (url, mine["id"]), token=p.olu.token), 404)
    # A question of another program is not this program's.
    other = create_program(world, p.olu.token)["id"]
    theirs = get_program(world, p.olu.token, other)["questions"][0]
    assert_error(world.api("DELETE", "%s/%d" % (url, theirs["id"]), token=p.olu.token), 404)
    for i in range(15):
        ok(world.api("POST", url, token=p.olu.token, json_body={"text": "Question number %d" % i}), 201)
    assert_error(world.api("POST", url, token=p.olu.token, json_body={"text": "One too many"}), 409,
                 code="too_many_questions")
    assert len(get_program(world, p.olu.token, pid)["questions"]) == 20


def test_co_organizers(world):
    p = world.people
    pid = create_program(world, p.olu.token)["id"]
    url = "/api/v1/programs/%d/organizers" % pid
    error = assert_error(world.api("POST", url, token=p.olu.token, json_body={"email": p.ana.email}), 422, field="email")
    assert "organizer role" in error["message"]
    assert_error(world.api("POST", url, token=p.olu.token, json_body={"email": "nobody@example.org"}), 422, field="email")
    assert_error(world.api("POST", url, token=p.olu.token, json_body={"user_id": 99999}), 422, field="user_id")
    assert_error(world.api("POST", url, token=p.olu.token, json_body={"user_id": "7"}), 422, field="user_id")
    assert_error(world.api("POST", url, token=p.olu.token, json_body={}), 422, field="email")
    ok(world.api("POST", url, token=p.olu.token, json_body={"user_id": p.admin.id}), 201)
    assert_error(world.api("POST", url, token=p.olu.token, json_body={"user_id": p.admin.id}), 409, code="already_organizer")
    # Oz is not an organizer of this draft: it does not exist for him.
    assert_error(world.api("POST", url, token=p.oz.token, json_body={"user_id": p.oz.id}), 404)
    names = [o["name"] for o in get_program(world, p.olu.token, pid)["organizers"]]
    assert names == ["Ada Admin", "Olu Organizer"]


def test_who_may_see_and_change_a_program(world):
    p = world.people
    draft = create_program(world, p.olu.token)["id"]
    visible = enrolling_program(world, p.olu)
    mine = apply(world, p.ana.token, visible)

    # Creating needs the organizer role.
    assert_error(world.api("POST", "/api/v1/programs", token=p.ana.token, json_body=program_fields()), 403)
    assert_error(world.api("POST", "/api/v1/programs", json_body=program_fields()), 401)

    def managing_routes(pid):
        return [
            ("PATCH", "/api/v1/programs/%d" % pid, {"name": "Taken over"}),
            ("POST", "/api/v1/programs/%d/state" % pid, {"state": "closed"}),
            ("POST", "/api/v1/programs/%d/questions" % pid, {"text": "Smuggled question"}),
            ("DELETE", "/api/v1/programs/%d/questions/1" % pid, None),
            ("POST", "/api/v1/programs/%d/organizers" % pid, {"user_id": p.ana.id}),
            ("GET", "/api/v1/programs/%d/enrollments" % pid, None),
        ]

    for person in (p.ana, p.ben, p.mia, p.oz):
        # A draft is not there for them, whatever the route.
        assert_error(world.get("/api/v1/programs/%d" % draft, token=person.token), 404)
        for method, path, body in managing_routes(draft):
            assert_error(world.api(method, path, token=person.token, json_body=body), 404)
        assert_error(apply(world, person.token, draft, body={}, expect=None), 404)
        # A visible program: they may know it, not run it.
        for method, path, body in managing_routes(visible):
            assert_error(world.api(method, path, token=person.token, json_body=body), 403)
        # Nobody but the organizers decides, and the applicant only sees that she cannot.
        expected = 403 if person is p.ana else 404
        assert_error(decide(world, person.token, mine["id"], "accepted"), expected)
    assert draft not in [x["id"] for x in ok(world.get("/api/v1/programs", token=p.oz.token))["programs"]]
    # Guessed ids answer like missing ones.
    for pid in (0, 999999, "abc", "-1", "1e3"):
        assert_error(world.get("/api/v1/programs/%s" % pid, token=p.olu.token), 404)
    assert get_program(world, p.olu.token, visible)["name"] == "Peer coaching pilot"
    assert [o["id"] for o in get_program(world, p.olu.token, visible)["organizers"]] == [p.olu.id]
    # The admin runs every program, drafts included.
    assert get_program(world, p.admin.token, draft)["can_manage"] is True


@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "two\nlines"}, "name"),
        ({"name": 42}, "name"),
        ({"description": "d" * 5001}, "description"),
        ({"method": "coaching"}, "method"),
        ({"group_size": "2"}, "group_size"),
        ({"group_size": 1}, "group_size"),
        ({"group_size": 2.5}, "group_size"),
        ({"cadence": "daily"}, "cadence"),
        ({"session_minutes": 600}, "session_minutes"),
        ({"session_minutes": True}, "session_minutes"),
        ({"starts_on": "2027-02-30"}, "starts_on"),
        ({"starts_on": "next monday"}, "starts_on"),
        ({"starts_on": day(-1)}, "starts_on"),
        ({"enroll_opens_on": day(-3)}, "enroll_opens_on"),
        ({"ends_on": day(14)}, "ends_on"),
        ({"enroll_closes_on": day(200)}, "enroll_closes_on"),
        ({"enroll_opens_on": day(11)}, "enroll_closes_on"),
        ({"state": "running"}, "state"),
        ({"owner_id": 1}, "owner_id"),
    ],
)
def test_bad_program_input_is_refused_and_nothing_stored(world, change, field):
    body = program_fields()
    for key, value in change.items():
        if value is None:
            del body[key]
        else:
            body[key] = value
    assert_error(world.api("POST", "/api/v1/programs", token=world.people.olu.token, json_body=body), 422, field=field)
    assert program_count(world) == 0


def test_malformed_bodies(world):
    p = world.people
    token = p.olu.token
    raw = lambda method, path, data, ctype="application/json": world.api(
        method, path, token=token, data=data, headers={"Content-Type": ctype})
    assert_error(raw("POST", "/api/v1/programs", b'{"name": "Bad \xff byte"}'), 400)
    assert_error(raw("POST", "/api/v1/programs", b'["not", "an", "object"]'), 400)
    assert_error(raw("POST", "/api/v1/programs", b'{"name": "a", "name": "b"}'), 400)
    assert_error(raw("POST", "/api/v1/programs", b"name=x", "application/x-www-form-urlencoded"), 415)
    assert program_count(world) == 0
    pid = create_program(world, token)["id"]
    before = get_program(world, token, pid)
    assert_error(raw("PATCH", "/api/v1/programs/%d" % pid, b'{"name": "\xc3\x28"}'), 400)
    assert_error(world.api("PATCH", "/api/v1/programs/%d" % pid, token=token, json_body={"name": "ok", "cadence": 3}), 422, field="cadence")
    assert_error(world.api("PATCH", "/api/v1/programs/%d" % pid, token=token, json_body={"ends_on": day(-5)}), 422, field="ends_on")
    assert_error(world.api("POST", "/api/v1/programs/%d/state" % pid, token=token, json_body={"state": 1}), 422, field="state")
    assert_error(world.api("POST", "/api/v1/programs/%d/state" % pid, token=token, json_body={}), 422, field="state")
    url = "/api/v1/programs/%d/questions" % pid
    assert_error(world.api("POST", url, token=token, json_body={}), 422, field="text")
    assert_error(world.api("POST", url, token=token, json_body={"text": "q" * 301}), 422, field="text")
    assert_error(world.api("POST", url, token=token, json_body={"text": "Fine text", "is_required": "yes"}), 422, field="is_required")
    assert_error(world.api("POST", url, token=token, json_body={"text": ["a list"]}), 422, field="text")
    assert_error(world.api("DELETE", url + "/abc", token=token), 404)
    after = get_program(world, token, pid)
    assert after == before  # nothing changed: name, fields and questions
