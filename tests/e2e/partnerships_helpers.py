"""partnerships_helpers.py — building what the partnership tests stand on
through the real API: people, a program that is enrolling or running, and
accepted enrollments; then pairs and circles.

Everything goes through the programs and enrollment API (issue 3,
"Programs" and "Enrollment"); nothing is written to the database behind the
server's back. Signing up costs an argon2id hash, so a test module builds
one cast of people once and each test forms its own partnerships from them.
"""

import datetime
import types

import pc
from pc import day, ok, person  # noqa: F401 (the tests import them from here)


def today():
    return datetime.date.today()


def make_program(server, token, participants=(), name="Peer coaching pilot", group_size=2,
                 cadence="biweekly", session_minutes=45, state="running"):
    """A program created by token's owner (an organizer or admin), open for
    enrollment, with participants applied and accepted, then moved to state
    ("enrolling" or "running", which needs 2 accepted). Returns its id."""
    body = {
        "name": name,
        "description": "Colleagues helping each other grow.",
        "group_size": group_size,
        "cadence": cadence,
        "session_minutes": session_minutes,
        "starts_on": day(1),
        "ends_on": day(120),
        "enroll_opens_on": day(0),
        "enroll_closes_on": day(30),
    }
    program_id = ok(server.api("POST", "/api/v1/programs", token=token, json_body=body), 201)["program"]["id"]
    ok(set_program_state(server, token, program_id, "enrolling"))
    enroll_all(server, token, program_id, participants)
    if state == "running":
        ok(set_program_state(server, token, program_id, "running"))
    return program_id


def set_program_state(server, token, program_id, state):
    return server.api("POST", "/api/v1/programs/%d/state" % program_id, token=token,
                      json_body={"state": state})


def apply(server, token, program_id):
    """token's owner applies, accepting every readiness question."""
    program = ok(server.get("/api/v1/programs/%d" % program_id, token=token))["program"]
    answers = {str(q["id"]): True for q in program["questions"]}
    body = {"answers": answers, "goals": ["Give clearer feedback"], "availability_confirmed": True}
    return ok(server.api("POST", "/api/v1/programs/%d/enrollments" % program_id, token=token,
                         json_body=body), 201)["enrollment"]["id"]


def accept(server, organizer_token, enrollment_id):
    ok(server.api("PATCH", "/api/v1/enrollments/%d" % enrollment_id, token=organizer_token,
                  json_body={"state": "accepted"}))


def enroll_all(server, organizer_token, program_id, people):
    """Each person applies and is accepted."""
    for who in people:
        accept(server, organizer_token, apply(server, who.token, program_id))


def cast(server):
    """The people of a test module: an admin (first account), an organizer,
    five participants, a manager of one of them and an outsider."""
    admin_token, admin_user = server.signup("ada@example.org", "Ada Admin")
    admin = types.SimpleNamespace(token=admin_token, id=admin_user["id"], name="Ada Admin")
    people = types.SimpleNamespace(admin=admin)
    people.organizer = person(server, "oscar", "Oscar Organizer", "organizer", admin_token)
    people.ana = person(server, "ana", "Ana Souza")
    people.ben = person(server, "ben", "Ben Okafor")
    people.chloe = person(server, "chloe", "Chloé Martin")
    people.dev = person(server, "dev", "Dev Patel")
    people.eli = person(server, "eli", "Eli Cohen")
    people.manager = person(server, "mia", "Mia Manager")
    people.outsider = person(server, "otto", "Otto Outsider")
    ok(server.api("PATCH", "/api/v1/users/%d" % people.ana.id, token=admin_token,
                  json_body={"manager_id": people.manager.id}))
    return people


def pair(server, organizer_token, program_id, members, expect=201):
    r = server.api("POST", "/api/v1/programs/%d/partnerships" % program_id, token=organizer_token,
                   json_body={"member_ids": [m.id for m in members]})
    if expect is None:
        return r
    body = ok(r, expect)
    return body["partnership"]["id"] if expect == 201 else body


def accept_all(server, partnership_id, members):
    for m in members:
        ok(server.api("POST", "/api/v1/partnerships/%d/accept" % partnership_id, token=m.token))


def active_partnership(server, organizer_token, program_id, members):
    pid = pair(server, organizer_token, program_id, members)
    accept_all(server, pid, members)
    return pid


def browser_for(server, who):
    b = server.browser()
    b.use_token(who.token)
    return b


def start_world(tmp_path_factory, name):
    """A server for a whole test module, with the cast signed up once.
    Stop it with stop_world(); it must exit cleanly without sanitizer
    reports, like every server the conftest fixtures start."""
    server = pc.Server(tmp_path_factory.mktemp(name))
    server.start()
    try:
        people = cast(server)
    except BaseException:
        server.finish()
        raise
    return types.SimpleNamespace(server=server, people=people)


def stop_world(world):
    world.server.finish()


def fetch(server, who, path):
    """GET path as who: the bearer token for the API, the login cookie for
    pages (pages never read bearer tokens)."""
    if path.startswith("/api/"):
        return server.get(path, token=who.token)
    return server.get(path, headers={"Cookie": "pc_login=" + who.token})


def messages(server, member, partnership_id):
    return ok(server.get("/api/v1/partnerships/%d/messages" % partnership_id, token=member.token))["messages"]


def stored(server, sql, *params):
    return server.db_rows(sql, *params)
