"""test_confidentiality.py — a sweep that tries to break every
confidentiality rule of issue 3 at once ("Confidentiality").

A pair (Ana and Ben) writes a unique marker into every private field: the
agreement's text and place, agenda, notes of every stage, action items, a
cancellation reason, feedback comments, messages; Ana writes a reflection,
a private goal with a check-in note and a shared goal; Ben a private goal.
Then every outsider — the program's organizer, the instance admin, Ana's
manager, another participant of the program (Chloé, in a circle) and a
stranger — requests every GET route of the route table (parsed from
src/web/dispatch.c at test time, so routes other areas add are covered),
API and page, with the real ids and guessed neighbours. Private resources
answer 404 (never 403, never 200), and no marker appears in any answer to
an outsider, nor in the server's stderr and access log. Writes by outsiders
to the pair's routes answer 404 too and store nothing. The organizer sees
feedback only as averages, and only from 5 respondents on.
"""

import datetime

import pytest

from cycle_helpers import fill, ok, params_of, routes, table_counts
from sessions_helpers import at, feedback_body, make_program, schedule, set_status, started, world  # noqa: F401
from partnerships_helpers import active_partnership, fetch

MARK = "zqxmark"


def mark(field):
    return "%s-%s-7731" % (MARK, field)


@pytest.fixture(scope="module")
def secrets(world):
    server, p = world.server, world.people
    members = [p.ana, p.ben, p.chloe, p.dev, p.eli]
    program = make_program(server, p.organizer.token, members, cadence="weekly")
    pair = active_partnership(server, p.organizer.token, program, [p.ana, p.ben])
    circle = active_partnership(server, p.organizer.token, program, [p.chloe, p.dev, p.eli])
    ids = {"program": program, "pair": pair, "circle": circle}

    # The agreement: a new version with private words and place, signed.
    agreement = ok(server.get("/api/v1/partnerships/%d/agreement" % pair, token=p.ana.token))["agreement"]
    ok(server.api("PATCH", "/api/v1/partnerships/%d/agreement" % pair, token=p.ana.token,
                  json_body={"body": agreement["body"] + "\n\n" + mark("agreement"),
                             "location": "Room " + mark("location")}))
    for who in (p.ana, p.ben):
        ok(server.api("POST", "/api/v1/partnerships/%d/agreement/sign" % pair, token=who.token, json_body={}))

    # Goals: Ana's private one with a check-in, her shared one, Ben's private one.
    def goal(who, key, visibility):
        body = {"title": mark(key + "-title"), "specific": mark(key + "-specific"), "measure": "number",
                "baseline": 1, "target": 10, "unit": "talks", "target_date": pc_day(60),
                "visibility": visibility}
        return ok(server.api("POST", "/api/v1/goals", token=who.token, json_body=body), 201)["goal"]["id"]

    ids["ana_private_goal"] = goal(p.ana, "anaprivate", "private")
    ids["ana_shared_goal"] = goal(p.ana, "anashared", "shared")
    ids["ben_private_goal"] = goal(p.ben, "benprivate", "private")
    ok(server.api("POST", "/api/v1/goals/%d/checkins" % ids["ana_private_goal"], token=p.ana.token,
                  json_body={"on_date": pc_day(0), "value": 3, "confidence": 4, "note": mark("checkin")}), 201)

    # Sessions: one held with everything, one cancelled with a reason.
    held, cancelled = [s["id"] for s in schedule(server, p.ana, pair, repeat=2, focus_user_id=p.ana.id)]
    ids["session"], ids["cancelled"] = held, cancelled
    ok(server.api("POST", "/api/v1/sessions/%d/agenda" % held, token=p.ben.token,
                  json_body={"body": mark("agenda")}), 201)
    detail = ok(server.get("/api/v1/sessions/%d" % held, token=p.ana.token))
    for note in detail["notes"]:
        ok(server.api("PUT", "/api/v1/sessions/%d/notes" % held, token=p.ben.token,
                      json_body={"stage": note["stage"], "body": mark("note-" + note["stage"])}))
    ok(server.api("POST", "/api/v1/sessions/%d/goals" % held, token=p.ana.token,
                  json_body={"goal_id": ids["ana_shared_goal"]}))
    action = ok(server.api("POST", "/api/v1/sessions/%d/actions" % held, token=p.ben.token,
                           json_body={"owner_id": p.ana.id, "body": mark("action"), "due_on": pc_day(5)}), 201)
    ids["action"] = action["action"]["id"]
    started(server, held)
    ok(set_status(server, p.ben, held, status="held"))
    ok(set_status(server, p.ben, cancelled, status="cancelled", reason=mark("cancel")))
    ok(server.api("POST", "/api/v1/sessions/%d/feedback" % held, token=p.ana.token,
                  json_body=feedback_body(5, coaching=True, comment=mark("feedback-ana"))), 201)
    ok(server.api("POST", "/api/v1/sessions/%d/feedback" % held, token=p.ben.token,
                  json_body=feedback_body(4, comment=mark("feedback-ben"))), 201)
    for who in (p.ana, p.ben):
        ok(server.api("POST", "/api/v1/partnerships/%d/messages" % pair, token=who.token,
                      json_body={"body": mark("message-" + who.name.split()[0].lower())}), 201)
    reflection = ok(server.api("POST", "/api/v1/reflections", token=p.ana.token,
                               json_body={"body": mark("reflection"), "tag": "insight", "session_id": held}), 201)
    ids["reflection"] = reflection["reflection"]["id"]
    return ids


def pc_day(offset):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def outsiders(world):
    p = world.people
    return {"organizer": p.organizer, "admin": p.admin, "manager": p.manager, "participant": p.chloe,
            "stranger": p.outsider}


# Route families whose first id names something private: the id kinds to
# try, the real private ids first.
def private_ids(path, secrets):
    if path.startswith(("/api/v1/partnerships/:id", "/partnerships/:id")):
        return [secrets["pair"]]
    if path.startswith(("/api/v1/sessions/:id", "/sessions/:id")):
        return [secrets["session"], secrets["cancelled"]]
    if path.startswith(("/api/v1/goals/:id", "/goals/:id")):
        return [secrets["ana_private_goal"], secrets["ana_shared_goal"], secrets["ben_private_goal"]]
    if path.startswith(("/api/v1/reflections/:id", "/reflections/:id")):
        return [secrets["reflection"]]
    if path.startswith(("/api/v1/actions/:id", "/actions/:id")):
        return [secrets["action"]]
    return None


def other_ids(path, secrets):
    """Ids that are not private (programs, people, runs) or not a real private one."""
    if path.startswith(("/api/v1/programs/:id", "/programs/:id")):
        return [secrets["program"], secrets["program"] + 1]
    return [1, 2]


def guesses(real):
    """Neighbouring ids an attacker would try."""
    out = []
    for r in real:
        out += [r - 1, r + 1, r + 1000]
    return [g for g in out if g > 0 and g not in real]


def requests_for(path, secrets):
    """(url, must_be_404) for one path template."""
    names = params_of(path)
    if path in ("/reflections/new", "/goals/new"):
        # Pre-links by query: a private session or goal must not show through.
        return [(path, False)] + [("%s?%s=%d" % (path, key, secrets[name]), False)
                                  for key, name in (("session_id", "session"), ("session_id", "cancelled"),
                                                    ("goal_id", "ana_private_goal"), ("goal_id", "ana_shared_goal"))]
    if not names:
        return [(path, False)]
    private = private_ids(path, secrets)
    first = private or other_ids(path, secrets)
    rest = {"n": 1, "pid": secrets["pair"], "qid": 1, "rid": 1}
    out = []
    for value in first + guesses(first):
        values = dict(rest)
        values[names[0]] = value
        for name in names[1:]:
            values.setdefault(name, 1)
        is_real_private = bool(private) and value in private
        out.append((fill(path, values), is_real_private))
    if private and "n" in names:
        for n in (2, 3):
            out.append((fill(path, dict(rest, id=secrets["pair"], n=n)), True))
    return out


def test_members_see_their_own_markers(world, secrets):
    """Not vacuous: what the sweep hunts for is there, for the members."""
    server, p = world.server, world.people
    session = server.get("/api/v1/sessions/%d" % secrets["session"], token=p.ben.token).text
    for field in ("agenda", "note-goal", "action", "feedback-ana", "feedback-ben"):
        assert mark(field) in session, field
    assert mark("reflection") in server.get("/api/v1/reflections", token=p.ana.token).text
    assert mark("reflection") not in server.get("/api/v1/reflections", token=p.ben.token).text
    assert mark("anashared-title") in server.get("/api/v1/goals", token=p.ben.token).text
    assert mark("anaprivate-title") not in server.get("/api/v1/goals", token=p.ben.token).text
    assert mark("message-ben") in server.get("/api/v1/partnerships/%d/messages" % secrets["pair"],
                                             token=p.ana.token).text
    assert server.get("/api/v1/goals/%d" % secrets["ana_private_goal"], token=p.ben.token).status_code == 404
    assert server.get("/api/v1/reflections/%d" % secrets["reflection"], token=p.ben.token).status_code == 404


def test_every_get_route_hides_private_things_from_every_outsider(world, secrets):
    server = world.server
    gets = sorted({path for method, path, handler, is_api in routes() if method == "GET"})
    problems = []
    for role, who in outsiders(world).items():
        for template in gets:
            for url, must_be_404 in requests_for(template, secrets):
                r = fetch(server, who, url)
                if r.status_code >= 500:
                    problems.append("%s %s: %d" % (role, url, r.status_code))
                if MARK in r.text:
                    problems.append("%s %s: %d shows a private marker" % (role, url, r.status_code))
                if must_be_404 and r.status_code != 404:
                    problems.append("%s %s: %d, want 404" % (role, url, r.status_code))
                if private_ids(template, secrets) and r.status_code == 403:
                    problems.append("%s %s: 403 hints that it exists" % (role, url))
    assert not problems, "\n".join(problems)


def write_with_known_fields(server, who, method, url, body):
    """The answer to body less the fields the route refuses as unknown: a
    route checks its body's keys before anything else (an answer that is the
    same whether the thing exists or not), so the union body would be
    refused before the access rule under test is reached."""
    body = dict(body)
    while True:
        r = server.api(method, url, token=who.token, json_body=body)
        field = r.json().get("error", {}).get("field") if r.status_code == 422 else None
        if field not in body or "is not a" not in r.json()["error"]["message"]:
            return r
        del body[field]


def test_outsiders_cannot_write_to_the_pair_and_nothing_is_stored(world, secrets):
    server = world.server
    writes = sorted({(method, path) for method, path, handler, is_api in routes()
                     if method != "GET" and is_api and private_ids(path, secrets)})
    assert len(writes) >= 15, writes
    body = {"body": mark("write"), "stage": "goal", "status": "cancelled", "reason": mark("write"),
            "done": True, "version": 1, "starts_at": at(5), "goal_id": secrets["ana_shared_goal"],
            "owner_id": world.people.ana.id, "on_date": pc_day(0), "value": 4, "confidence": 3,
            "kind": "other", "wants_rematch": False, "title": mark("write")}
    before = table_counts(server.db)
    problems = []
    for role, who in outsiders(world).items():
        for method, path in writes:
            for value in private_ids(path, secrets):
                url = fill(path, {"id": value, "n": 1})
                r = write_with_known_fields(server, who, method, url, body)
                if r.status_code != 404:
                    problems.append("%s %s %s: %d %s" % (role, method, url, r.status_code, r.text[:200]))
    assert not problems, "\n".join(problems)
    assert table_counts(server.db) == before


def test_the_organizer_sees_feedback_only_as_averages_from_five_respondents(world, secrets):
    server, p = world.server, world.people
    health = "/api/v1/programs/%d/health" % secrets["program"]
    feedback = ok(server.get(health, token=p.organizer.token))["feedback"]
    assert feedback["has_enough"] is False and "respondents" not in feedback and "answers" not in feedback
    # The circle meets: three more respondents make five.
    circle = secrets["circle"]
    sid = schedule(server, p.chloe, circle, focus_user_id=p.chloe.id)[0]["id"]
    started(server, sid)
    ok(set_status(server, p.chloe, sid, status="held"))
    for who in (p.chloe, p.dev, p.eli):
        ok(server.api("POST", "/api/v1/sessions/%d/feedback" % sid, token=who.token,
                      json_body=feedback_body(3, coaching=who is p.chloe, comment="circle words " + MARK)), 201)
    page = ok(server.get(health, token=p.organizer.token))
    feedback = page["feedback"]
    assert feedback["has_enough"] is True and feedback["respondents"] == 5
    assert all(1 <= a["average"] <= 5 for a in feedback["answers"])
    assert MARK not in str(page)
    csv = server.get(health + ".csv", token=p.organizer.token)
    assert MARK not in csv.text


def test_no_marker_reaches_the_log(world, secrets):
    text = world.server.stderr_text()
    assert MARK not in text
    assert world.server.access_log(), "the access log is empty"
