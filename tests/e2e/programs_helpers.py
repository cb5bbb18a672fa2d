"""programs_helpers.py — what the programs and enrollment tests stand on:
a cast of people signed up once per test module (argon2id is slow under
ASan), copied into a fresh server for each test, and small helpers to
create programs and apply through the real API.

The cast: Ada (admin, first account), Olu and Oz (organizers), Ana, Ben and
Cy (participants), Mia (Ana's manager). Tests import the `world` fixture
from here; each test gets its own server on its own copy of the database.
"""

import types

import pytest

import pc
from pc import day, ok  # noqa: F401 (the tests import them from here)


@pytest.fixture(scope="module")
def program_cast(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("programs-cast")
    server = pc.Server(workdir)
    server.start()
    try:
        admin_token, admin = server.signup("ada@example.org", "Ada Admin")
        people = types.SimpleNamespace(
            admin=types.SimpleNamespace(token=admin_token, id=admin["id"], name="Ada Admin", email=admin["email"])
        )
        people.olu = pc.person(server, "olu", "Olu Organizer", "organizer", admin_token)
        people.oz = pc.person(server, "oz", "Oz Organizer", "organizer", admin_token)
        people.ana = pc.person(server, "ana", "Ana Souza")
        people.ben = pc.person(server, "ben", "Ben Okafor")
        people.cy = pc.person(server, "cy", "Cy Tran")
        people.mia = pc.person(server, "mia", "Mia Manager")
        ok(server.api("PATCH", "/api/v1/users/%d" % people.ana.id, token=admin_token, json_body={"manager_id": people.mia.id}))
    finally:
        server.finish()
    return types.SimpleNamespace(db=server.db, people=people)


@pytest.fixture
def world(make_server, tmp_path, program_cast):
    """A server on a fresh copy of the cast's database; server.people is the cast."""
    server = pc.server_on_copy(make_server, tmp_path, program_cast.db, "world")
    server.people = program_cast.people
    return server


def program_fields(**changes):
    body = {
        "name": "Peer coaching pilot",
        "description": "Colleagues helping each other *grow*.",
        "objectives": "Try one new practice a month.",
        "method": "grow",
        "group_size": 2,
        "cadence": "biweekly",
        "session_minutes": 45,
        "starts_on": day(14),
        "ends_on": day(120),
        "enroll_opens_on": day(0),
        "enroll_closes_on": day(10),
    }
    body.update(changes)
    return body


def create_program(server, token, **changes):
    return ok(server.api("POST", "/api/v1/programs", token=token, json_body=program_fields(**changes)), 201)["program"]


def set_state(server, token, program_id, state):
    return server.api("POST", "/api/v1/programs/%d/state" % program_id, token=token, json_body={"state": state})


def get_program(server, token, program_id):
    return ok(server.get("/api/v1/programs/%d" % program_id, token=token))["program"]


def answers_for(program, overrides=None):
    """Every question answered yes, except those overrides ({question id: answer}) names."""
    answers = {str(q["id"]): True for q in program["questions"]}
    answers.update({str(k): v for k, v in (overrides or {}).items()})
    return answers


def application(server, token, program_id, goals=("Give clearer feedback",), overrides=None):
    program = get_program(server, token, program_id)
    return {"answers": answers_for(program, overrides), "goals": list(goals), "availability_confirmed": True}


def apply(server, token, program_id, body=None, expect=201):
    body = body if body is not None else application(server, token, program_id)
    r = server.api("POST", "/api/v1/programs/%d/enrollments" % program_id, token=token, json_body=body)
    if expect is None:
        return r
    return ok(r, expect)["enrollment"] if expect == 201 else r


def decide(server, token, enrollment_id, state):
    return server.api("PATCH", "/api/v1/enrollments/%d" % enrollment_id, token=token, json_body={"state": state})


def enrolling_program(server, organizer, participants=(), **changes):
    """A program open for enrollment with participants applied and accepted."""
    program = create_program(server, organizer.token, **changes)
    ok(set_state(server, organizer.token, program["id"], "enrolling"))
    for person in participants:
        e = apply(server, person.token, program["id"])
        ok(decide(server, organizer.token, e["id"], "accepted"))
    return program["id"]


def program_count(server):
    return server.db_rows("SELECT count(*) FROM programs")[0][0]


def browser_for(server, person):
    browser = server.browser()
    browser.use_token(person.token)
    return browser
