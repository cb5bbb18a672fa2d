"""test_demo.py — `peercoach demo` builds a living example (issue 3, "Demo").

The demo is loaded once on a fresh database; the test then logs in as the
users it prints and checks, through the API only, that the story is there:
a running program with about 30 participants, pairs and a circle with
signed agreements, held sessions with notes and feedback, goals with
check-ins and a celebration, reflections, messages, and one at-risk pair
on the organizer's health page. Loading twice refuses (exit 2) and changes
nothing: demo data belongs in an empty database only.
"""

import re
import sqlite3

import pytest

import pc

DEMO_PASSWORD = "demo-coaching-2026"


def ok(response, status=200):
    assert response.status_code == status, (response.request.url, response.status_code, response.text[:2000])
    return response.json()


def table_counts(db):
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("demo")
    db = str(workdir / "demo.db")
    proc = pc.run_cli("demo", "--db", db)
    assert proc.returncode == 0, proc.stderr
    server = pc.Server(workdir, db=db)
    server.start()
    logins = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"^\s+(\S+@\S+)\s+(.*)$", line)
        if m:
            logins[m.group(2)] = m.group(1)
    tokens = {}

    def token(email):
        if email not in tokens:
            tokens[email] = server.login(email, DEMO_PASSWORD)[0]
        return tokens[email]

    try:
        yield server, proc.stdout, logins, token, db
    finally:
        server.finish()


def login_for(logins, words):
    found = [email for role, email in logins.items() if words in role]
    assert found, (words, logins)
    return found[0]


def test_prints_the_logins_of_each_kind_of_user(demo):
    server, out, logins, token, db = demo
    assert DEMO_PASSWORD in out
    for words in ("organizer", "pair with", "circle", "at risk", "admin"):
        login_for(logins, words)
    assert len([role for role in logins if "participant" in role]) >= 3


def test_the_program_runs_with_about_thirty_participants(demo):
    server, out, logins, token, db = demo
    organizer = token(login_for(logins, "organizer"))
    programs = ok(server.get("/api/v1/programs", token=organizer))["programs"]
    running = [p for p in programs if p["state"] == "running"]
    assert running, programs
    program = running[0]
    accepted = ok(server.get("/api/v1/programs/%d/enrollments?state=accepted" % program["id"], token=organizer))
    assert 25 <= len(accepted["enrollments"]) <= 35
    departments = {e["user"]["department"] for e in accepted["enrollments"]}
    assert len(departments) >= 5, departments
    for e in accepted["enrollments"]:
        assert e["goals"] and all(a["answer"] in (True, False) for a in e["answers"])
    overview = ok(server.get("/api/v1/programs/%d/partnerships" % program["id"], token=organizer))
    sizes = [len(p["members"]) for p in overview["partnerships"] if p["state"] == "active"]
    assert sizes.count(2) >= 5 and sizes.count(3) == 1, sizes
    assert all(p["agreement_signed"] for p in overview["partnerships"])


def test_a_pair_has_sessions_with_notes_actions_feedback_goals_and_messages(demo):
    server, out, logins, token, db = demo
    ana = token(login_for(logins, "pair with Ben"))
    ben = token(login_for(logins, "pair with Ana"))
    mine = ok(server.get("/api/v1/partnerships", token=ana))["partnerships"]
    assert len(mine) == 1 and mine[0]["state"] == "active" and mine[0]["partner_names"] == "Ben Okafor"
    pid = mine[0]["id"]
    agreement = ok(server.get("/api/v1/partnerships/%d/agreement" % pid, token=ana))["agreement"]
    assert agreement["in_force"] and agreement["version"] >= 2
    sessions = ok(server.get("/api/v1/partnerships/%d/sessions" % pid, token=ana))
    held = [s for s in sessions["past"] if s["status"] == "held"]
    assert len(held) >= 6 and sessions["upcoming"], sessions
    detail = ok(server.get("/api/v1/sessions/%d" % held[0]["id"], token=ben))
    assert [n["stage"] for n in detail["notes"]] == ["goal", "reality", "options", "will"]
    assert all(n["body"] for n in detail["notes"])
    assert detail["agenda"] and detail["actions"] and len(detail["feedback"]) == 2
    # Ben's dashboard: one overdue action item, Ana's achievement celebrated.
    dashboard = ok(server.get("/api/v1/dashboard", token=ben))
    assert any(a["is_overdue"] for a in dashboard["actions"])
    assert any(not c["is_mine"] for c in dashboard["celebrations"])
    goals = ok(server.get("/api/v1/goals", token=ana))
    achieved = [g for g in goals["goals"] if g["status"] == "achieved"]
    assert achieved and achieved[0]["visibility"] == "shared"
    goal = ok(server.get("/api/v1/goals/%d" % achieved[0]["id"], token=ana))["goal"]
    assert len(goal["checkins"]) >= 3
    assert ok(server.get("/api/v1/reflections", token=ana))["reflections"]
    thread = ok(server.get("/api/v1/partnerships/%d/messages" % pid, token=ana))["messages"]
    assert len([m for m in thread if not m["is_system"]]) >= 4
    skills = ok(server.get("/api/v1/me/coaching-skills", token=ana))["coaching_skills"]
    assert skills["ratings"] >= 3


def test_the_circle_rotates_its_focus(demo):
    server, out, logins, token, db = demo
    chloe = token(login_for(logins, "circle"))
    mine = ok(server.get("/api/v1/partnerships", token=chloe))["partnerships"]
    assert len(mine) == 1 and len(mine[0]["members"]) == 3
    sessions = ok(server.get("/api/v1/partnerships/%d/sessions" % mine[0]["id"], token=chloe))
    counts = [m["held_as_focus"] for m in sessions["balance"]["members"]]
    assert min(counts) >= 2 and max(counts) - min(counts) <= 1, counts


def test_the_organizer_sees_one_pair_at_risk_and_only_metadata(demo):
    server, out, logins, token, db = demo
    organizer = token(login_for(logins, "organizer"))
    farah = token(login_for(logins, "at risk"))
    program = ok(server.get("/api/v1/programs", token=organizer))["programs"][0]
    health = ok(server.get("/api/v1/programs/%d/health" % program["id"], token=organizer))
    flagged = [p for p in health["partnerships"] if p["at_risk"]]
    assert len(flagged) == 1, flagged
    assert "Farah Haddad" in flagged[0]["members_text"]
    codes = {r["code"] for r in flagged[0]["reasons"]}
    assert "no_recent_session" in codes and "one_sided" in codes
    pid = ok(server.get("/api/v1/partnerships", token=farah))["partnerships"][0]["id"]
    assert pid == flagged[0]["id"]
    # The organizer of the pair still cannot read what it wrote.
    for path in ("/api/v1/partnerships/%d" % pid, "/api/v1/partnerships/%d/messages" % pid,
                 "/api/v1/partnerships/%d/agreement" % pid, "/api/v1/partnerships/%d/sessions" % pid):
        assert server.get(path, token=organizer).status_code == 404, path
    csv = server.get("/api/v1/programs/%d/health.csv" % program["id"], token=organizer)
    assert csv.status_code == 200 and "Farah Haddad" in csv.text
    assert "George" in csv.text and "planning cycle" not in csv.text


def test_loading_twice_refuses_and_changes_nothing(demo):
    server, out, logins, token, db = demo
    before = table_counts(db)
    again = pc.run_cli("demo", "--db", db)
    assert again.returncode == 2
    assert "already has accounts" in again.stderr
    assert table_counts(db) == before


def test_synthetic_people_still_load_for_benchmarks(tmp_path):
    db = str(tmp_path / "people.db")
    proc = pc.run_cli("demo", "--people", "40", "--db", db)
    assert proc.returncode == 0, proc.stderr
    counts = table_counts(db)
    assert counts["users"] == 40 and counts["programs"] == 0


def test_every_page_renders_for_every_demo_login(demo):
    """The demo is the first thing people see: every page of the route
    table, filled with the ids each login can reach, renders (no 5xx)."""
    from cycle_helpers import fill, params_of, routes

    server, out, logins, token, db = demo
    pages = sorted({path for method, path, handler, is_api in routes() if method == "GET"})
    conn = sqlite3.connect(db)
    try:
        ids = {
            "programs": [r[0] for r in conn.execute("SELECT id FROM programs")],
            "partnerships": [r[0] for r in conn.execute("SELECT id FROM partnerships")],
            "sessions": [r[0] for r in conn.execute(
                "SELECT min(id) FROM sessions GROUP BY partnership_id UNION SELECT max(id) FROM sessions"
                " WHERE status = 'held' GROUP BY partnership_id")],
            "goals": [r[0] for r in conn.execute("SELECT id FROM goals")],
            "reflections": [r[0] for r in conn.execute("SELECT id FROM reflections")],
            "users": [r[0] for r in conn.execute("SELECT id FROM users LIMIT 5")],
        }
    finally:
        conn.close()
    family = {"programs": "programs", "partnerships": "partnerships", "sessions": "sessions", "goals": "goals",
              "reflections": "reflections", "people": "users", "users": "users"}
    problems = []
    seen = 0
    for email in logins.values():
        cookie = {"Cookie": "pc_login=" + token(email)}
        for path in pages:
            names = params_of(path)
            if not names:
                urls = [path]
            else:
                head = path.strip("/").split("/")
                kind = family.get(head[2] if head[0] == "api" else head[0])
                if kind is None:
                    continue
                urls = [fill(path, {"id": i, "n": 1, "pid": 1, "qid": 1, "rid": 1}) for i in ids[kind]]
            for url in urls:
                r = server.get(url, headers=cookie) if not url.startswith("/api/") else server.get(url, token=token(email))
                seen += 1
                if r.status_code >= 500:
                    problems.append("%s %s: %d" % (email, url, r.status_code))
    assert seen > 500
    assert not problems, "\n".join(problems)
