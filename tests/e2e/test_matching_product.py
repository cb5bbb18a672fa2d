"""test_matching_product.py — matching wired into programs (issue 4, "In the
product"), through the real binary: the organizer's rules, a run's preview
with scores, explanations and reasons, locks, hand-made moves with a
reason, rerun keeping locks, publish (partnerships proposed, members told,
"why you were matched" on their page), rotation between rounds,
determinism, the command line (`peercoach match --program`), who may see
what, and bad input on every route.

One cast of people is signed up per module (argon2id is slow under ASan);
each test runs on its own copy of that database.
"""

import types

import pytest

import pc
from partnerships_helpers import make_program, ok

MARKER = "reason-marker-7f3a"

# Everyone shares Monday morning (UTC) and English, so the default rules
# (60 shared minutes, a shared language, level gap 2) let anyone pair with
# anyone outside their reporting line; skills make some pairs better.
PROFILES = {
    "ana": {"department": "Sales", "level": 3, "skills_to_develop": ["public speaking"],
            "skills_to_offer": ["data analysis"], "interests": ["hiking"]},
    "ben": {"department": "Engineering", "level": 3, "skills_to_develop": ["data analysis"],
            "skills_to_offer": ["public speaking"], "interests": ["hiking"]},
    "chloe": {"department": "People", "level": 4, "skills_to_develop": ["negotiation"],
              "skills_to_offer": ["hiring"]},
    "dev": {"department": "Sales", "level": 4, "skills_to_develop": ["hiring"],
            "skills_to_offer": ["negotiation"]},
    "eli": {"department": "Finance", "level": 2, "skills_to_develop": ["budgeting"],
            "skills_to_offer": ["writing"]},
    "fay": {"department": "Legal", "level": 2, "skills_to_develop": ["writing"],
            "skills_to_offer": ["budgeting"]},
}


@pytest.fixture(scope="module")
def cast(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("matching-cast")
    server = pc.Server(workdir)
    server.start()
    try:
        admin_token, admin = server.signup("ada@example.org", "Ada Admin")
        people = types.SimpleNamespace(admin=types.SimpleNamespace(token=admin_token, id=admin["id"], name="Ada Admin"))
        people.organizer = pc.person(server, "oscar", "Oscar Organizer", "organizer", admin_token)
        people.other_organizer = pc.person(server, "olga", "Olga Organizer", "organizer", admin_token)
        people.manager = pc.person(server, "mia", "Mia Manager")
        names = {"ana": "Ana Souza", "ben": "Ben Okafor", "chloe": "Chloe Martin", "dev": "Dev Patel",
                 "eli": "Eli Cohen", "fay": "Fay Wong"}
        people.participants = []
        for key, name in names.items():
            p = pc.person(server, key, name)
            profile = {"languages": ["en"], "time_zone": "UTC",
                       "availability": [{"day": "mon", "start": "09:00", "end": "12:00"}]}
            profile.update(PROFILES[key])
            server.patch_me(p.token, profile)
            setattr(people, key, p)
            people.participants.append(p)
        # Mia manages Ana: they must never be paired together.
        profile = {"languages": ["en"], "time_zone": "UTC", "level": 4,
                   "availability": [{"day": "mon", "start": "09:00", "end": "12:00"}]}
        server.patch_me(people.manager.token, profile)
        ok(server.api("PATCH", "/api/v1/users/%d" % people.ana.id, token=admin_token,
                      json_body={"manager_id": people.manager.id}))
    finally:
        server.finish()
    return types.SimpleNamespace(db=server.db, people=people)


@pytest.fixture
def world(make_server, tmp_path, cast):
    server = pc.server_on_copy(make_server, tmp_path, cast.db, "world")
    server.people = cast.people
    return server


def program_with_everyone(server, **kw):
    p = server.people
    return make_program(server, p.organizer.token, p.participants, **kw)


def create_run(server, program_id, token=None, body=None, expect=201):
    r = server.api("POST", "/api/v1/programs/%d/matching/runs" % program_id,
                   token=token or server.people.organizer.token, json_body=body or {})
    if expect is None:
        return r
    return ok(r, expect)["run"]


def run_post(server, run_id, path, body=None, token=None, expect=200):
    r = server.api("POST", "/api/v1/matching/runs/%d%s" % (run_id, path),
                   token=token or server.people.organizer.token, json_body=body or {})
    if expect is None:
        return r
    return ok(r, expect)["run"] if expect == 200 else r


def get_run(server, run_id, token=None):
    return ok(server.get("/api/v1/matching/runs/%d" % run_id, token=token or server.people.organizer.token))["run"]


def member_sets(run):
    return sorted(sorted(m["id"] for m in g["members"]) for g in run["groups"])


def group_of(run, user_id):
    for g in run["groups"]:
        if any(m["id"] == user_id for m in g["members"]):
            return g
    return None


def count(server, table):
    return server.db_rows("SELECT count(*) FROM %s" % table)[0][0]


# --- the whole flow through the API -------------------------------------------


def test_preview_lock_move_rerun_publish(world):
    p = world.people
    program_id = program_with_everyone(world)

    rules = ok(world.get("/api/v1/programs/%d/matching/rules" % program_id, token=p.organizer.token))["rules"]
    assert rules["weights"]["complement"] == 30 and rules["min_overlap_minutes"] == 60
    assert rules["max_level_gap"] == 2 and rules["department_mode"] == "cross"

    run = create_run(world, program_id)
    assert run["state"] == "draft" and run["round"] == 1 and run["people_count"] == 6
    assert len(run["groups"]) == 3 and run["unmatched"] == []
    for g in run["groups"]:
        assert len(g["members"]) == 2 and g["score"] > 0 and g["explanation"]
        assert g["factors"] and all(f["points"] > 0 for f in g["factors"])
        assert not g["is_locked"] and g["partnership_id"] is None
    # Ana and Ben complement each other both ways.
    assert sorted(m["id"] for m in group_of(run, p.ana.id)["members"]) == sorted([p.ana.id, p.ben.id])
    assert sorted(m["id"] for m in group_of(run, p.chloe.id)["members"]) == sorted([p.chloe.id, p.dev.id])
    assert "Dev Patel offers negotiation" in group_of(run, p.chloe.id)["explanation"]
    assert run["history"][0]["action"] == "create"

    # Lock Chloe and Dev's pair.
    locked = group_of(run, p.chloe.id)["number"]
    run = run_post(world, run["id"], "/groups/%d/lock" % locked, {"reason": "they asked"})
    assert [g["is_locked"] for g in run["groups"] if g["number"] == locked] == [True]

    # Swap Eli with whoever is paired with Ana: a hand-made change, locked.
    ana_group = group_of(run, p.ana.id)
    partner = [m["id"] for m in ana_group["members"] if m["id"] != p.ana.id][0]
    other = p.eli.id if partner != p.eli.id else p.fay.id
    run = run_post(world, run["id"], "/moves", {"user_id": other, "swap_with": partner, "reason": MARKER})
    g = group_of(run, p.ana.id)
    assert sorted(m["id"] for m in g["members"]) == sorted([p.ana.id, other])
    assert g["is_manual"] and g["is_locked"] and g["score"] > 0 and g["explanation"]
    assert run["history"][-1]["action"] == "swap" and run["history"][-1]["reason"] == MARKER

    # Both groups of a swap are locked; unlock one, then rerun with another
    # seed: every locked group is kept.
    run = run_post(world, run["id"], "/groups/%d/unlock" % group_of(run, partner)["number"])
    assert not group_of(run, partner)["is_locked"]
    assert run["history"][-1]["action"] == "unlock"
    before = {tuple(sorted(m["id"] for m in g["members"])) for g in run["groups"] if g["is_locked"]}
    run = run_post(world, run["id"], "/rerun", {"seed": 99})
    assert run["seed"] == 99
    after = {tuple(sorted(m["id"] for m in g["members"])) for g in run["groups"] if g["is_locked"]}
    assert before == after and len(run["groups"]) == 3
    assert run["history"][-1]["action"] == "rerun"

    # Split someone out: the group left behind and the new one are incomplete,
    # so publishing is refused until they are put right.
    loose = [g for g in run["groups"] if not g["is_locked"]][0]
    mover = loose["members"][0]["id"]
    run = run_post(world, run["id"], "/moves", {"user_id": mover, "new_group": True, "reason": "try"})
    assert len(run["groups"]) == 4
    r = run_post(world, run["id"], "/publish", expect=None)
    assert r.status_code == 409 and "Group" in r.json()["error"]["message"]
    assert count(world, "partnerships") == 0
    new_number = group_of(run, mover)["number"]
    back = [m["id"] for m in loose["members"] if m["id"] != mover][0]
    run = run_post(world, run["id"], "/moves", {"user_id": back, "to_group": new_number, "reason": "undo"})
    assert len(run["groups"]) == 3

    # Publish: one partnership per group, members told, explanation kept.
    run = run_post(world, run["id"], "/publish")
    assert run["state"] == "published"
    assert all(g["partnership_id"] for g in run["groups"])
    assert count(world, "partnerships") == 3
    for g in run["groups"]:
        member = next(x for x in p.participants if x.id == g["members"][0]["id"])
        shown = ok(world.get("/api/v1/partnerships/%d" % g["partnership_id"], token=member.token))
        assert shown["partnership"]["match"]["explanation"] == g["explanation"]
        browser = world.browser()
        browser.use_token(member.token)
        page = browser.get("/partnerships/%d" % g["partnership_id"])
        assert page.status_code == 200 and "Why you were matched" in page.text
        msgs = ok(world.get("/api/v1/partnerships/%d/messages" % g["partnership_id"], token=member.token))
        assert "proposed" in str(msgs)
    rows = world.db_rows("SELECT DISTINCT round FROM partnerships")
    assert rows == [(1,)]

    # Publishing twice, or changing a published run: 409, nothing new.
    r = run_post(world, run["id"], "/publish", expect=None)
    assert r.status_code == 409
    r = run_post(world, run["id"], "/rerun", expect=None)
    assert r.status_code == 409
    r = run_post(world, run["id"], "/groups/1/unlock", expect=None)
    assert r.status_code == 409
    assert count(world, "partnerships") == 3

    overview = ok(world.get("/api/v1/programs/%d/matching" % program_id, token=p.organizer.token))
    assert [x["state"] for x in overview["runs"]] == ["published"]
    # The marker reason is the organizers' alone: never in members' answers, never logged.
    for member in p.participants:
        browser = world.browser()
        browser.use_token(member.token)
        for path in ("/api/v1/partnerships", "/api/v1/dashboard"):
            assert MARKER not in world.get(path, token=member.token).text
        for path in ("/partnerships", "/"):
            r = browser.get(path)
            assert r.status_code == 200 and MARKER not in r.text
    assert MARKER not in world.stderr_text()


def test_rotation_avoids_past_partners_and_is_deterministic(world):
    p = world.people
    program_id = program_with_everyone(world)
    first = create_run(world, program_id, body={"seed": 5})
    again = create_run(world, program_id, body={"seed": 5})
    assert member_sets(first) == member_sets(again)
    assert [g["explanation"] for g in first["groups"]] == [g["explanation"] for g in again["groups"]]
    published = run_post(world, first["id"], "/publish")
    # The other draft of the round is superseded and can no longer change.
    assert get_run(world, again["id"])["state"] == "superseded"
    assert run_post(world, again["id"], "/publish", expect=None).status_code == 409

    # End every partnership: everyone is back in the pool for round 2.
    for g in published["groups"]:
        ok(world.api("POST", "/api/v1/programs/%d/partnerships/%d/end" % (program_id, g["partnership_id"]),
                     token=p.organizer.token))
    second = create_run(world, program_id)
    assert second["round"] == 2 and len(second["groups"]) == 3
    old = {tuple(s) for s in member_sets(published)}
    for s in member_sets(second):
        assert tuple(s) not in old
    ok(world.api("POST", "/api/v1/matching/runs/%d/publish" % second["id"], token=p.organizer.token))
    assert world.db_rows("SELECT DISTINCT round FROM partnerships ORDER BY round") == [(1,), (2,)]

    # avoid_recent_rounds 0 switches the rule off: a stored rule, used next run.
    ok(world.api("PATCH", "/api/v1/programs/%d/matching/rules" % program_id, token=p.organizer.token,
                 json_body={"avoid_recent_rounds": 0, "weights": {"timezone": 0}}))
    rules = ok(world.get("/api/v1/programs/%d/matching/rules" % program_id, token=p.organizer.token))["rules"]
    assert rules["avoid_recent_rounds"] == 0 and rules["weights"]["timezone"] == 0
    assert rules["weights"]["complement"] == 30


def test_unmatched_people_are_told_why(world):
    p = world.people
    # Ana and her manager Mia only: nobody can be paired.
    program_id = make_program(world, p.organizer.token, [p.ana, p.manager])
    run = create_run(world, program_id)
    assert run["groups"] == []
    reasons = {u["id"]: u for u in run["unmatched"]}
    assert set(reasons) == {p.ana.id, p.manager.id}
    assert reasons[p.ana.id]["reason"] == "reporting_chain"
    assert "reporting line" in reasons[p.ana.id]["explanation"]
    r = run_post(world, run["id"], "/publish", expect=None)
    assert r.status_code == 409 and "no groups" in r.json()["error"]["message"]
    # A hand-made pair across the reporting line is the organizer's call:
    # it is kept, flagged as breaking a rule.
    r = run_post(world, run["id"], "/moves", {"user_id": p.ana.id, "swap_with": p.manager.id, "reason": "x"},
                 expect=None)
    assert r.status_code == 422 and "both unmatched" in r.text
    assert count(world, "matching_edits") == 1


# --- who may see what -----------------------------------------------------------


def test_access(world):
    p = world.people
    program_id = program_with_everyone(world)
    run = create_run(world, program_id)
    rid = run["id"]
    for who in (p.ana, p.manager, p.other_organizer):
        browser = world.browser()
        browser.use_token(who.token)
        assert world.get("/api/v1/matching/runs/%d" % rid, token=who.token).status_code == 404
        assert browser.get("/matching/runs/%d" % rid).status_code == 404, who.name
        assert browser.get("/programs/%d/matching" % program_id).status_code == 403, who.name
        for path in ("/groups/1/lock", "/groups/1/unlock", "/rerun", "/publish"):
            r = world.api("POST", "/api/v1/matching/runs/%d%s" % (rid, path), token=who.token, json_body={})
            assert r.status_code == 404, (who.name, path, r.status_code)
        r = world.api("POST", "/api/v1/matching/runs/%d/moves" % rid, token=who.token,
                      json_body={"user_id": p.ana.id, "new_group": True, "reason": "x"})
        assert r.status_code == 404
        # The program is visible to them: its rules and runs are a 403.
        assert world.get("/api/v1/programs/%d/matching" % program_id, token=who.token).status_code == 403
        assert world.get("/api/v1/programs/%d/matching/rules" % program_id, token=who.token).status_code == 403
        r = world.api("PATCH", "/api/v1/programs/%d/matching/rules" % program_id, token=who.token,
                      json_body={"avoid_recent_rounds": 1})
        assert r.status_code == 403
        assert create_run(world, program_id, token=who.token, expect=None).status_code == 403
    # A guessed run id answers as a missing one.
    assert world.get("/api/v1/matching/runs/%d" % (rid + 1000), token=p.organizer.token).status_code == 404
    # Logged out: 401 for the API.
    assert world.get("/api/v1/matching/runs/%d" % rid).status_code == 401
    # The admin may.
    assert get_run(world, rid, token=p.admin.token)["id"] == rid
    assert count(world, "matching_runs") == 1 and count(world, "partnerships") == 0


def test_draft_program_is_404_to_others(world):
    p = world.people
    body = {"name": "Hidden", "description": "x", "group_size": 2, "cadence": "biweekly",
            "session_minutes": 45, "starts_on": "2099-01-01", "ends_on": "2099-06-01",
            "enroll_opens_on": "2098-12-01", "enroll_closes_on": "2098-12-20"}
    program_id = ok(world.api("POST", "/api/v1/programs", token=p.organizer.token, json_body=body), 201)["program"]["id"]
    assert world.get("/api/v1/programs/%d/matching/rules" % program_id, token=p.ana.token).status_code == 404
    browser = world.browser()
    browser.use_token(p.ana.token)
    assert browser.get("/programs/%d/matching" % program_id).status_code == 404
    # A draft program does not match yet.
    r = create_run(world, program_id, expect=None)
    assert r.status_code == 409 and "enrolling or running" in r.json()["error"]["message"]


# --- bad input ----------------------------------------------------------------------


BAD_RULES = [
    ({"weights": {"complement": "30"}}, "weights.complement"),
    ({"weights": {"complement": 1001}}, "weights.complement"),
    ({"weights": {"complement": -1}}, "weights.complement"),
    ({"weights": {"charisma": 5}}, "weights.charisma"),
    ({"weights": [1, 2]}, "weights"),
    ({"min_overlap_minutes": "60"}, "min_overlap_minutes"),
    ({"min_overlap_minutes": 1.5}, "min_overlap_minutes"),
    ({"min_overlap_minutes": 100000}, "min_overlap_minutes"),
    ({"avoid_recent_rounds": -1}, "avoid_recent_rounds"),
    ({"max_level_gap": "none"}, "max_level_gap"),
    ({"require_shared_language": "yes"}, "require_shared_language"),
    ({"department_mode": "diagonal"}, "department_mode"),
    ({"odd_person": 3}, "odd_person"),
    ({"favourite_colour": "blue"}, "favourite_colour"),
    ({"avoid_recent_rounds": 1, "department_mode": "nope"}, "department_mode"),
]


def test_bad_input_is_refused_and_nothing_stored(world):
    p = world.people
    program_id = program_with_everyone(world)
    tok = p.organizer.token
    rules_path = "/api/v1/programs/%d/matching/rules" % program_id
    for body, field in BAD_RULES:
        r = world.api("PATCH", rules_path, token=tok, json_body=body)
        assert r.status_code == 422, (body, r.status_code, r.text)
        assert field in r.json()["error"]["message"], (body, r.text)
    r = world.api("PATCH", rules_path, token=tok, data=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    r = world.api("PATCH", rules_path, token=tok, json_body=[1])
    assert 400 <= r.status_code < 500
    assert count(world, "matching_rules") == 0

    for body in ({"seed": "1"}, {"seed": -1}, {"seed": 2 ** 60}, {"seed": 1.5}):
        r = create_run(world, program_id, body=body, expect=None)
        assert r.status_code == 422 and "seed" in r.json()["error"]["message"], (body, r.text)
    assert count(world, "matching_runs") == 0

    run = create_run(world, program_id)
    rid = run["id"]
    edits = count(world, "matching_edits")
    snapshot = member_sets(run)
    g1, g2 = run["groups"][0], run["groups"][1]
    someone = g1["members"][0]["id"]
    bad_moves = [
        ({"swap_with": g2["members"][0]["id"], "reason": "x"}, 422, "user_id"),
        ({"user_id": str(someone), "new_group": True, "reason": "x"}, 422, "user_id"),
        ({"user_id": someone, "new_group": "yes", "reason": "x"}, 422, "new_group"),
        ({"user_id": someone, "to_group": "2", "reason": "x"}, 422, "to_group"),
        ({"user_id": someone, "swap_with": 1.5, "reason": "x"}, 422, "swap_with"),
        ({"user_id": someone, "new_group": True}, 422, "reason"),
        ({"user_id": someone, "new_group": True, "reason": ""}, 422, "reason"),
        ({"user_id": someone, "new_group": True, "reason": 5}, 422, "reason"),
        ({"user_id": someone, "new_group": True, "reason": "r" * 501}, 422, "reason"),
        ({"user_id": someone, "new_group": True, "reason": "a\nb"}, 422, "reason"),
        ({"user_id": someone, "reason": "x"}, 422, "to_group"),
        ({"user_id": someone, "new_group": True, "to_group": g2["number"], "reason": "x"}, 422, "to_group"),
        ({"user_id": someone, "to_group": g1["number"], "reason": "x"}, 422, "to_group"),
        ({"user_id": someone, "to_group": 999, "reason": "x"}, 422, "to_group"),
        ({"user_id": someone, "swap_with": someone, "reason": "x"}, 422, "swap_with"),
        ({"user_id": p.manager.id, "new_group": True, "reason": "x"}, 422, "user_id"),
        ({"user_id": someone, "swap_with": 987654, "reason": "x"}, 422, "swap_with"),
        ({"user_id": someone, "swap_with": g1["members"][1]["id"], "reason": "x"}, 422, "swap_with"),
    ]
    for body, status, field in bad_moves:
        r = world.api("POST", "/api/v1/matching/runs/%d/moves" % rid, token=tok, json_body=body)
        assert r.status_code == status, (body, r.status_code, r.text)
        assert field in r.json()["error"]["message"], (body, r.text)
    # Invalid UTF-8 in the reason.
    r = world.api("POST", "/api/v1/matching/runs/%d/moves" % rid, token=tok,
                  data=b'{"user_id": %d, "new_group": true, "reason": "\xc3\x28"}' % someone,
                  headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    # A full group cannot take a third member of a pairs program... it can
    # (a circle of 3), but not a fourth.
    third = g2["members"][0]["id"]
    r = world.api("POST", "/api/v1/matching/runs/%d/moves" % rid, token=tok,
                  json_body={"user_id": third, "to_group": g1["number"], "reason": "circle"})
    assert r.status_code == 200
    fourth = g2["members"][1]["id"]
    r = world.api("POST", "/api/v1/matching/runs/%d/moves" % rid, token=tok,
                  json_body={"user_id": fourth, "to_group": g1["number"], "reason": "too many"})
    assert r.status_code == 409 and "Group" in r.json()["error"]["message"]
    edits += 1

    for path, body in (("/groups/999/lock", {}), ("/groups/0/lock", {}), ("/groups/x/lock", {})):
        assert world.api("POST", "/api/v1/matching/runs/%d%s" % (rid, path), token=tok, json_body=body).status_code == 404
    r = world.api("POST", "/api/v1/matching/runs/%d/groups/1/lock" % rid, token=tok, json_body={"reason": 7})
    assert r.status_code == 422 and "reason" in r.text
    r = world.api("POST", "/api/v1/matching/runs/%d/groups/1/lock" % rid, token=tok, json_body={"reason": "x" * 501})
    assert r.status_code == 422
    for body in ({"seed": "2"}, {"seed": -5}):
        r = world.api("POST", "/api/v1/matching/runs/%d/rerun" % rid, token=tok, json_body=body)
        assert r.status_code == 422 and "seed" in r.text
    for bad in ("abc", "0", "-1", "99999999999999999999"):
        assert world.get("/api/v1/matching/runs/%s" % bad, token=tok).status_code == 404
        assert world.get("/api/v1/programs/%s/matching" % bad, token=tok).status_code == 404
        r = world.api("PATCH", "/api/v1/programs/%s/matching/rules" % bad, token=tok, json_body={})
        assert r.status_code == 404
    assert count(world, "matching_edits") == edits
    assert count(world, "partnerships") == 0
    assert len(snapshot) == 3


def test_published_pool_changes_make_a_stale_run(world):
    """A draft made before someone was paired by hand cannot be published."""
    p = world.people
    program_id = program_with_everyone(world)
    run = create_run(world, program_id)
    g = run["groups"][0]
    ok(world.api("POST", "/api/v1/programs/%d/partnerships" % program_id, token=p.organizer.token,
                 json_body={"member_ids": [m["id"] for m in g["members"]]}), 201)
    r = run_post(world, run["id"], "/publish", expect=None)
    assert r.status_code == 409 and "no longer free to be paired" in r.json()["error"]["message"]
    assert count(world, "partnerships") == 1  # all or nothing: only the hand-made one
    assert get_run(world, run["id"])["state"] == "draft"
    r = run_post(world, run["id"], "/rerun", expect=None)
    assert r.status_code == 200
    again = r.json()["run"]
    assert len(again["groups"]) == 2
    run_post(world, run["id"], "/publish")
    assert count(world, "partnerships") == 3


# --- the pages ----------------------------------------------------------------------


def test_html_flow_with_csrf(world):
    p = world.people
    program_id = program_with_everyone(world)
    b = world.browser()
    b.use_token(p.organizer.token)
    page = "/programs/%d/matching" % program_id
    r = b.get("/programs/%d" % program_id)
    assert page in r.text
    r = b.get(page)
    assert r.status_code == 200 and "Run matching" in r.text and "No runs yet" in r.text

    # Rules form: a bad value comes back with the message and what was typed.
    fields = {"weight_complement": "abc", "weight_similarity": "25", "weight_level": "10",
              "weight_department": "10", "weight_timezone": "5", "weight_availability": "5",
              "weight_request": "15", "min_overlap_minutes": "30", "avoid_recent_rounds": "2",
              "max_level_gap": "", "require_shared_language": "yes", "department_mode": "cross",
              "odd_person": "join"}
    r = b.submit(page, page + "/rules", fields)
    assert r.status_code == 422 and "weight_complement" in r.text and 'value="abc"' in r.text
    assert world.db_rows("SELECT count(*) FROM matching_rules")[0][0] == 0
    fields["weight_complement"] = "40"
    r = b.submit(page, page + "/rules", fields)
    assert r.status_code == 303 and "notice=matching_rules_saved" in r.headers["Location"]
    rules = ok(world.get("/api/v1/programs/%d/matching/rules" % program_id, token=p.organizer.token))["rules"]
    assert rules["weights"]["complement"] == 40 and rules["min_overlap_minutes"] == 30
    assert rules["max_level_gap"] is None

    # Without the CSRF token: refused, nothing stored.
    r = b.submit(page, page + "/runs", {}, csrf=None)
    assert r.status_code == 403
    r = b.submit(page, page + "/runs", {"seed": "x"})
    assert r.status_code == 422 and "seed" in r.text
    assert count(world, "matching_runs") == 0
    r = b.submit(page, page + "/runs", {"seed": "3"})
    assert r.status_code == 303
    run_page = r.headers["Location"].split("?")[0]
    run_id = int(run_page.rsplit("/", 1)[1])
    r = b.get(run_page)
    assert r.status_code == 200 and "Lock group" in r.text and "Why" in r.text
    run = get_run(world, run_id)
    for g in run["groups"]:
        assert g["explanation"].split(";")[0].replace("'", "&#39;") in r.text

    n = run["groups"][0]["number"]
    r = b.submit(run_page, "%s/groups/%d/lock" % (run_page, n), {})
    assert r.status_code == 303
    assert "Unlock group %d" % n in b.get(run_page).text

    # The move form: a swap without a reason comes back; with one it is done.
    a = run["groups"][1]["members"][0]["id"]
    c = run["groups"][2]["members"][0]["id"]
    r = b.submit(run_page, run_page + "/moves", {"user_id": str(a), "to": "swap-%d" % c, "reason": ""})
    assert r.status_code == 422 and "reason" in r.text
    r = b.submit(run_page, run_page + "/moves", {"user_id": str(a), "to": "elsewhere", "reason": "x"})
    assert r.status_code == 422
    r = b.submit(run_page, run_page + "/moves", {"user_id": str(a), "to": "swap-%d" % c, "reason": MARKER})
    assert r.status_code == 303
    text = b.get(run_page).text
    assert MARKER in text and "changed by hand" in text

    r = b.submit(run_page, run_page + "/rerun", {"seed": ""})
    assert r.status_code == 303
    r = b.submit(run_page, run_page + "/publish", {})
    assert r.status_code == 303 and "notice=matching_published" in r.headers["Location"]
    assert count(world, "partnerships") == 3
    text = b.get(run_page).text
    assert "Published" in text and "Run again" not in text

    # A member sees why they were matched, and nothing of the run.
    member = b.__class__(world.base)
    member.use_token(p.ana.token)
    pid = world.db_rows("SELECT p.id FROM partnerships p JOIN partnership_members m ON m.partnership_id = p.id"
                        " WHERE m.user_id = ?", p.ana.id)[0][0]
    text = member.get("/partnerships/%d" % pid).text
    assert "Why you were matched" in text
    assert member.get(run_page).status_code == 404
    assert member.get(page).status_code == 403


# --- the command line ---------------------------------------------------------------


def test_cli_dry_run_and_publish(world):
    p = world.people
    program_id = program_with_everyone(world)
    world.finish()
    db = world.db
    proc = pc.run_cli("match", "--program", str(program_id), "--dry-run", "--seed", "4", "--db", db)
    assert proc.returncode == 0, proc.stderr
    import json
    preview = json.loads(proc.stdout)
    assert preview["id"] is None and preview["state"] == "preview" and len(preview["groups"]) == 3
    again = json.loads(pc.run_cli("match", "--program", str(program_id), "--dry-run", "--seed", "4",
                                  "--db", db).stdout)
    assert [g["members"] for g in again["groups"]] == [g["members"] for g in preview["groups"]]
    assert world.db_rows("SELECT count(*) FROM matching_runs")[0][0] == 0

    for args, mentions in ((["--program", "abc"], "program"), (["--program", str(program_id + 99)], "Not found"),
                           (["--program", str(program_id), "--seed", "-3"], "seed")):
        proc = pc.run_cli("match", *args, "--db", db)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.splitlines()) == 1 and mentions in proc.stderr

    proc = pc.run_cli("match", "--program", str(program_id), "--seed", "4", "--db", db)
    assert proc.returncode == 0, proc.stderr
    published = json.loads(proc.stdout)
    assert published["state"] == "published" and published["created_by"] is None
    assert [g["members"] for g in published["groups"]] == [g["members"] for g in preview["groups"]]
    assert all(g["partnership_id"] for g in published["groups"])
    assert world.db_rows("SELECT count(*) FROM partnerships WHERE round = 1")[0][0] == 3
    assert world.db_rows("SELECT count(*) FROM audit_log WHERE action = 'matching_publish'")[0][0] == 1
    # Everyone is paired now: publishing again has nothing to publish.
    proc = pc.run_cli("match", "--program", str(program_id), "--db", db)
    assert proc.returncode == 2 and "no groups" in proc.stderr
    # The offline mode still answers as before.
    proc = pc.run_cli("match", "--graph", "/nonexistent/graph.txt")
    assert proc.returncode in (1, 2) and proc.stdout == ""
