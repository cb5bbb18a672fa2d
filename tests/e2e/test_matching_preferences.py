"""test_matching_preferences.py — pairing preferences (issue 4: "people they
asked to be paired with or never with"), through the real binary: a
participant's own lists through the API and the page (with CSRF, typed
values shown again on error), nobody else reading them (404 through every
route, guessed ids included), no account or enrollment oracle, a request
counting only when mutual, a never-with pair never grouped across seeds,
refused at publish when made by hand, and never named in what organizers
see (run, overview, pages, CSV export, the command line's JSON, the
partnership's explanation) nor in the server's logs; bad input gives a
clear 422 and stores nothing.

One cast is signed up per module (argon2id is slow under ASan); each test
runs on its own copy of that database.
"""

import types

import pytest

import pc
from partnerships_helpers import make_program, ok, set_program_state

# Strings that must never reach anyone but the lists' author.
MARKER_EMAIL = "pref-marker-91ab@nowhere.example"
NEVER_MARKER = "never-marker-3c7d@nowhere.example"
LIST_WORDS = ("never-with", "never_with", "never with", "asked to be paired with", "pair_with",
              "pref-marker", "never-marker")

PROFILES = {
    "ana": {"level": 3, "skills_to_develop": ["public speaking"], "skills_to_offer": ["data analysis"]},
    "ben": {"level": 3, "skills_to_develop": ["data analysis"], "skills_to_offer": ["public speaking"]},
    "chloe": {"level": 3, "skills_to_develop": ["negotiation"], "skills_to_offer": ["hiring"]},
    "dev": {"level": 3, "skills_to_develop": ["hiring"], "skills_to_offer": ["negotiation"]},
}
NAMES = {"ana": "Ana Souza", "ben": "Ben Okafor", "chloe": "Chloe Martin", "dev": "Dev Patel"}


@pytest.fixture(scope="module")
def cast(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("preferences-cast")
    server = pc.Server(workdir)
    server.start()
    try:
        admin_token, admin = server.signup("ada@example.org", "Ada Admin")
        people = types.SimpleNamespace(admin=types.SimpleNamespace(token=admin_token, id=admin["id"]))
        people.organizer = pc.person(server, "oscar", "Oscar Organizer", "organizer", admin_token)
        people.outsider = pc.person(server, "zed", "Zed Outsider")
        people.participants = []
        for key, name in NAMES.items():
            p = pc.person(server, key, name)
            profile = {"languages": ["en"], "time_zone": "UTC",
                       "availability": [{"day": "mon", "start": "09:00", "end": "12:00"}]}
            profile.update(PROFILES[key])
            server.patch_me(p.token, profile)
            setattr(people, key, p)
            people.participants.append(p)
    finally:
        server.finish()
    return types.SimpleNamespace(db=server.db, people=people)


@pytest.fixture
def world(make_server, tmp_path, cast):
    server = pc.server_on_copy(make_server, tmp_path, cast.db, "world")
    server.people = cast.people
    server.program_id = make_program(server, cast.people.organizer.token, cast.people.participants)
    return server


def prefs_path(program_id):
    return "/api/v1/programs/%d/matching/preferences" % program_id


def put(server, who, pair=(), never=(), program_id=None, expect=200):
    r = server.api("PUT", prefs_path(program_id or server.program_id), token=who.token,
                   json_body={"pair_with": list(pair), "never_with": list(never)})
    if expect is None:
        return r
    return ok(r, expect)


def stored(server):
    return server.db_rows("SELECT count(*) FROM matching_preferences")[0][0]


def create_run(server, seed, expect=201):
    r = server.api("POST", "/api/v1/programs/%d/matching/runs" % server.program_id,
                   token=server.people.organizer.token, json_body={"seed": seed})
    return ok(r, expect)["run"]


def together(run, a, b):
    return any({a, b} <= {m["id"] for m in g["members"]} for g in run["groups"])


def assert_discreet(text):
    for word in LIST_WORDS:
        assert word not in text, word


# --- the participant's own lists ------------------------------------------------------


def test_api_flow_and_no_oracle(world):
    p = world.people
    body = ok(world.get(prefs_path(world.program_id), token=p.ana.token))
    assert body["pair_with"] == [] and body["never_with"] == []
    assert body["limits"] == {"pair_with": 3, "never_with": 10}
    assert body["can_change"] is True and body["program"]["id"] == world.program_id

    # An enrolled colleague, someone with an account who is not enrolled, and
    # an address nobody has: the answer is the same shape, listing what was typed.
    answers = []
    for email in ("Ben@Example.org", p.outsider.email, "nobody-at-all@nowhere.example"):
        answers.append(put(world, p.ana, pair=[email], never=[NEVER_MARKER]))
    for a, email in zip(answers, ("Ben@Example.org", p.outsider.email, "nobody-at-all@nowhere.example")):
        assert a["pair_with"] == [email] and a["never_with"] == [NEVER_MARKER]
        assert set(a) == set(answers[0])
    assert ok(world.get(prefs_path(world.program_id), token=p.ana.token))["pair_with"] == [
        "nobody-at-all@nowhere.example"]
    # Clearing both lists.
    assert put(world, p.ana)["pair_with"] == []
    assert stored(world) == 0


def test_html_flow_with_csrf(world):
    p = world.people
    b = world.browser()
    b.use_token(p.ana.token)
    page = "/programs/%d/preferences" % world.program_id
    assert page in b.get("/programs/%d" % world.program_id).text
    r = b.get(page)
    assert r.status_code == 200 and "Only you see these lists" in r.text and "Nobody yet" in r.text

    r = b.submit(page, page, {"pair_with": "ben@example.org", "never_with": ""}, csrf=None)
    assert r.status_code == 403 and stored(world) == 0
    # A bad address comes back with the message and everything typed.
    typed = "ben@example.org\nnot an address"
    r = b.submit(page, page, {"pair_with": typed, "never_with": NEVER_MARKER})
    assert r.status_code == 422 and "pair_with" in r.text
    assert pc.field_value(r.text, "pair_with") == typed
    assert pc.field_value(r.text, "never_with") == NEVER_MARKER
    assert stored(world) == 0
    r = b.submit(page, page, {"pair_with": " ben@example.org \r\n\r\nchloe@example.org,dev@example.org",
                              "never_with": NEVER_MARKER})
    assert r.status_code == 303 and "notice=matching_preferences_saved" in r.headers["Location"]
    text = b.get(r.headers["Location"]).text
    assert "Only you see these lists" in text and "<li>chloe@example.org</li>" in text
    assert "<li>%s</li>" % NEVER_MARKER in text
    body = ok(world.get(prefs_path(world.program_id), token=p.ana.token))
    assert body["pair_with"] == ["ben@example.org", "chloe@example.org", "dev@example.org"]
    # Four is one too many: refused, the three kept.
    r = b.submit(page, page, {"pair_with": "ben@example.org\nchloe@example.org\ndev@example.org\nx@y.org",
                              "never_with": ""})
    assert r.status_code == 422 and "at most 3" in r.text
    assert stored(world) == 4


def test_nobody_else_reads_or_writes_them(world):
    p = world.people
    put(world, p.ana, pair=[MARKER_EMAIL], never=[NEVER_MARKER])
    pid = world.program_id
    # Ben, enrolled too, only ever sees his own (empty) lists.
    body = ok(world.get(prefs_path(pid), token=p.ben.token))
    assert body["pair_with"] == [] and body["never_with"] == []
    assert MARKER_EMAIL not in world.get("/programs/%d/preferences" % pid,
                                         cookies={"pc_login": p.ben.token}).text
    # Organizer, admin and a logged-in outsider: 404 everywhere, guessed ids included.
    for who in (p.organizer, p.admin, p.outsider):
        for program_id in (pid, pid + 1, 999999):
            for method, path, body in (("GET", prefs_path(program_id), None),
                                       ("PUT", prefs_path(program_id), {"pair_with": [], "never_with": []})):
                r = world.api(method, path, token=who.token, json_body=body)
                assert r.status_code == 404, (who, path, r.status_code)
                assert MARKER_EMAIL not in r.text
            b = world.browser()
            b.use_token(who.token)
            r = b.get("/programs/%d/preferences" % program_id)
            assert r.status_code == 404 and MARKER_EMAIL not in r.text
            r = b.post("/programs/%d/preferences" % program_id,
                       data={"pair_with": "", "never_with": "", "csrf": b.csrf("/profile")})
            assert r.status_code == 404
    for bad in ("0", "-1", "abc", "1e3"):
        assert world.get("/api/v1/programs/%s/matching/preferences" % bad, token=p.ana.token).status_code == 404
    assert world.get(prefs_path(pid)).status_code == 401
    # Participants of a program they are not in: 404 as well.
    other = make_program(world, p.organizer.token, [p.chloe, p.dev], name="Another")
    assert world.get(prefs_path(other), token=p.ana.token).status_code == 404
    assert stored(world) == 2
    assert MARKER_EMAIL not in world.stderr_text() and NEVER_MARKER not in world.stderr_text()


# --- what runs do with them -------------------------------------------------------


def test_mutual_requests_only(world):
    p = world.people
    pid = world.program_id
    ok(world.api("PATCH", "/api/v1/programs/%d/matching/rules" % pid, token=p.organizer.token,
                 json_body={"weights": {"request": 1000}}))
    # Ana asks for Chloe, who did not ask back: nothing changes (Ana+Ben,
    # Chloe+Dev are the reciprocal pairs).
    put(world, p.ana, pair=["CHLOE@example.org"])
    run = create_run(world, 1)
    assert together(run, p.ana.id, p.ben.id) and together(run, p.chloe.id, p.dev.id)
    # Both ask: they are paired, and the run does not say why.
    put(world, p.chloe, pair=["ana@example.org"])
    run = create_run(world, 1)
    assert together(run, p.ana.id, p.chloe.id) and together(run, p.ben.id, p.dev.id)
    text = str(run)
    assert_discreet(text)
    assert "request" not in str([g["factors"] for g in run["groups"]])


def test_never_with_is_never_grouped_nor_shown(world):
    p = world.people
    pid = world.program_id
    org = p.organizer.token
    # Ana never with Ben, her best fit; Ben does not know, and never will.
    put(world, p.ana, pair=[MARKER_EMAIL], never=["BEN@example.org", NEVER_MARKER])
    runs = [create_run(world, seed) for seed in range(1, 7)]
    for run in runs:
        assert not together(run, p.ana.id, p.ben.id)
        assert_discreet(str(run))
    assert ok(world.get(prefs_path(pid), token=p.ben.token))["never_with"] == []

    # Everything the organizer reads: run and overview (API and pages), the CSV export.
    run_id = runs[-1]["id"]
    b = world.browser()
    b.use_token(org)
    texts = [world.get("/api/v1/matching/runs/%d" % run_id, token=org).text,
             world.get("/api/v1/programs/%d/matching" % pid, token=org).text,
             b.get("/matching/runs/%d" % run_id).text,
             b.get("/programs/%d/matching" % pid).text,
             b.get("/programs/%d" % pid).text]
    csv = world.get("/api/v1/programs/%d/health.csv" % pid, token=org)
    if csv.status_code == 200:
        texts.append(csv.text)
    for text in texts:
        assert_discreet(text)
        assert "ben@example.org" not in text.lower()

    # Put together by hand: flagged like any broken rule, never published,
    # and the refusal names neither who asked nor the rule.
    run = runs[-1]
    bens = next(g for g in run["groups"] if p.ben.id in {m["id"] for m in g["members"]})
    partner = next(m["id"] for m in bens["members"] if m["id"] != p.ben.id)
    r = world.api("POST", "/api/v1/matching/runs/%d/moves" % run_id, token=org,
                  json_body={"user_id": p.ana.id, "swap_with": partner, "reason": "by hand"})
    run = ok(r)["run"]
    group = next(g for g in run["groups"] if p.ana.id in {m["id"] for m in g["members"]})
    assert p.ben.id in {m["id"] for m in group["members"]} and group["breaks_constraints"]
    assert_discreet(str(run))
    r = world.api("POST", "/api/v1/matching/runs/%d/publish" % run_id, token=org, json_body={})
    assert r.status_code == 409 and r.json()["error"]["code"] == "breaks_constraints"
    for word in ("Ana", "Ben", "never", "asked"):
        assert word not in r.json()["error"]["message"]
    assert world.db_rows("SELECT count(*) FROM partnerships")[0][0] == 0
    logs = world.stderr_text()
    assert MARKER_EMAIL not in logs and NEVER_MARKER not in logs and "ben@example.org" not in logs.lower()


# --- bad input --------------------------------------------------------------------


def test_bad_input_stores_nothing(world):
    p = world.people
    path = prefs_path(world.program_id)
    cases = [
        ({"pair_with": "ben@example.org", "never_with": []}, "pair_with"),
        ({"pair_with": [], "never_with": {"a": 1}}, "never_with"),
        ({"pair_with": []}, "never_with"),
        ({"pair_with": [7], "never_with": []}, "pair_with"),
        ({"pair_with": [None], "never_with": []}, "pair_with"),
        ({"pair_with": ["ben@"], "never_with": []}, "pair_with"),
        ({"pair_with": ["ben example.org"], "never_with": []}, "pair_with"),
        ({"pair_with": ["x" * 300 + "@example.org"], "never_with": []}, "pair_with"),
        ({"pair_with": ["ANA@example.org"], "never_with": []}, "pair_with"),
        ({"pair_with": ["ben@example.org"], "never_with": ["Ben@example.org"]}, "never_with"),
        ({"pair_with": ["a%d@example.org" % i for i in range(4)], "never_with": []}, "pair_with"),
        ({"pair_with": [], "never_with": ["n%d@example.org" % i for i in range(11)]}, "never_with"),
        ({"pair_with": [], "never_with": [], "reason": "x"}, "reason"),
    ]
    for body, field in cases:
        r = world.api("PUT", path, token=p.ana.token, json_body=body)
        assert r.status_code == 422, (body, r.status_code, r.text)
        assert r.json()["error"]["field"] == field, (body, r.text)
    for raw in (b'{"pair_with": ["\xff\xfe@example.org"], "never_with": []}', b"[]", b"not json", b""):
        r = world.api("PUT", path, token=p.ana.token, data=raw, headers={"Content-Type": "application/json"})
        assert 400 <= r.status_code < 500, (raw, r.status_code)
    b = world.browser()
    b.use_token(p.ana.token)
    page = "/programs/%d/preferences" % world.program_id
    r = b.post(page, data={"pair_with": b"\xff@example.org", "never_with": b"", "csrf": b.csrf(page)})
    assert 400 <= r.status_code < 500
    assert stored(world) == 0
    # Once the program has closed, a clear 409.
    ok(set_program_state(world, p.organizer.token, world.program_id, "closed"))
    r = world.api("PUT", path, token=p.ana.token, json_body={"pair_with": [], "never_with": []})
    assert r.status_code == 409 and "closed" in r.json()["error"]["message"]
    assert ok(world.get(path, token=p.ana.token))["can_change"] is False


def test_command_line_honours_and_hides_them(world):
    p = world.people
    put(world, p.chloe, pair=["Ana@example.org"])
    put(world, p.ana, pair=["chloe@example.org", MARKER_EMAIL], never=["ben@example.org", NEVER_MARKER])
    world.finish()
    import json
    for seed in ("1", "2", "3"):
        proc = pc.run_cli("match", "--program", str(world.program_id), "--dry-run", "--seed", seed,
                          "--db", world.db)
        assert proc.returncode == 0, proc.stderr
        assert_discreet(proc.stdout + proc.stderr)
        preview = json.loads(proc.stdout)
        assert not together(preview, p.ana.id, p.ben.id)
    # Published from the command line: the mutual request counted, the
    # never-with held, and the explanations members and organizers read say neither.
    proc = pc.run_cli("match", "--program", str(world.program_id), "--db", world.db)
    assert proc.returncode == 0, proc.stderr
    published = json.loads(proc.stdout)
    assert together(published, p.ana.id, p.chloe.id) and not together(published, p.ana.id, p.ben.id)
    texts = [t for (t,) in world.db_rows("SELECT match_explanation FROM partnerships")]
    assert texts and all("asked" not in t and "never" not in t for t in texts)
