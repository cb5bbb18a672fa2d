"""Partnerships end to end (issue 3, "Partnerships" and "Confidentiality"):
forming pairs and circles by hand, each member's answer, pause and resume,
the no-fault exit, problem reports, the organizers' metadata-only view, the
HTML forms, and every rule about who may see what — a non-member gets 404
on every route and page, guessed ids included, and private text (decline
reason, leave reason, report, agreement, messages) never reaches anyone it
is not for, nor the server's log."""

import re

import pytest

import partnerships_helpers as h
import sessions_helpers as sh
import pc
from pc import assert_error


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = h.start_world(tmp_path_factory, "partnerships")
    yield w
    h.stop_world(w)


def program_with(world, *members, **kw):
    return h.make_program(world.server, world.people.organizer.token, members, **kw)


def get(world, who, path):
    r = h.fetch(world.server, who, path)
    assert r.status_code != 303, (path, "pages need a cookie")
    return r


def post(world, who, path, body=None):
    return world.server.api("POST", path, token=who.token, json_body=body if body is not None else {})


def partnership(world, who, pid):
    return h.ok(get(world, who, "/api/v1/partnerships/%d" % pid))["partnership"]


def overview(world, program_id, who=None):
    who = who or world.people.organizer
    return h.ok(get(world, who, "/api/v1/programs/%d/partnerships" % program_id))


def meta_of(world, program_id, pid):
    return next(p for p in overview(world, program_id)["partnerships"] if p["id"] == pid)


# --- forming and answering -------------------------------------------------------


def test_pair_lifecycle_through_the_api(world):
    s, p = world.server, world.people
    prog = program_with(world, p.ana, p.ben, p.chloe)
    r = post(world, p.organizer, "/api/v1/programs/%d/partnerships" % prog,
             {"member_ids": [p.ana.id, p.ben.id]})
    created = h.ok(r, 201)["partnership"]
    pid = created["id"]
    assert created["state"] == "proposed"
    assert {m["id"] for m in created["members"]} == {p.ana.id, p.ben.id}
    assert all(m["response"] == "pending" for m in created["members"])
    assert created["agreement_signed"] is False

    mine = h.ok(get(world, p.ana, "/api/v1/partnerships"))["partnerships"]
    listed = next(x for x in mine if x["id"] == pid)
    assert listed["program"] == {"id": prog, "name": "Peer coaching pilot"}
    assert listed["state"] == "proposed" and listed["can_accept"] is True
    assert listed["agreement"]["version"] == 1 and listed["agreement"]["in_force"] is False
    assert listed["unread_messages"] >= 1  # the proposal's system line

    view = partnership(world, p.ana, pid)
    assert view["links"]["agreement"] == "/api/v1/partnerships/%d/agreement" % pid
    assert {a["id"] for a in view["agreement"]["awaiting"]} == {p.ana.id, p.ben.id}

    h.ok(post(world, p.ana, "/api/v1/partnerships/%d/accept" % pid))
    assert partnership(world, p.ben, pid)["state"] == "proposed"
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/accept" % pid), 409, "invalid_state")
    after = h.ok(post(world, p.ben, "/api/v1/partnerships/%d/accept" % pid))["partnership"]
    assert after["state"] == "active" and after["activated_at"]
    assert after["can_pause"] and after["can_leave"] and not after["can_accept"]

    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/accept" % pid), 409, "invalid_state")
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/decline" % pid), 409, "invalid_state")
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/resume" % pid), 409, "invalid_state")
    paused = h.ok(post(world, p.ana, "/api/v1/partnerships/%d/pause" % pid))["partnership"]
    assert paused["state"] == "paused" and paused["can_resume"]
    assert_error(post(world, p.ben, "/api/v1/partnerships/%d/pause" % pid), 409, "invalid_state")
    assert h.ok(post(world, p.ben, "/api/v1/partnerships/%d/resume" % pid))["partnership"]["state"] == "active"
    lines = [m["body"] for m in h.messages(s, p.ana, pid) if m["is_system"]]
    assert "Ana Souza paused the partnership." in lines
    assert "Ben Okafor resumed the partnership." in lines

    meta = meta_of(world, prog, pid)
    assert meta["state"] == "active" and meta["activated_at"]
    assert {m["id"] for m in overview(world, prog)["pool"]} == {p.chloe.id}


def test_decline_frees_everyone_and_reason_reaches_organizers_only(world):
    s, p = world.server, world.people
    marker = "DECLINE-MARKER-5c1e"
    prog = program_with(world, p.ana, p.ben, p.chloe)
    pid = h.pair(s, p.organizer.token, prog, [p.ana, p.ben])
    h.ok(post(world, p.ana, "/api/v1/partnerships/%d/accept" % pid))
    assert_error(post(world, p.ben, "/api/v1/partnerships/%d/decline" % pid, {"reason": 5}), 422,
                 field="reason")
    assert_error(post(world, p.ben, "/api/v1/partnerships/%d/decline" % pid, {"reason": "x" * 2001}),
                 422, field="reason")
    assert partnership(world, p.ben, pid)["state"] == "proposed"
    r = post(world, p.ben, "/api/v1/partnerships/%d/decline" % pid, {"reason": marker + " not a fit"})
    assert h.ok(r)["partnership"] == {"id": pid, "state": "ended", "end_kind": "declined"}

    view = partnership(world, p.ana, pid)
    assert view["state"] == "ended" and view["end_kind"] == "declined"
    assert not view["can_accept"] and not view["can_decline"]
    assert_error(get(world, p.ben, "/api/v1/partnerships/%d" % pid), 404, "not_found")
    seen_by_ana = [get(world, p.ana, path).text for path in (
        "/api/v1/partnerships", "/api/v1/partnerships/%d" % pid,
        "/api/v1/partnerships/%d/messages" % pid, "/partnerships/%d" % pid)]
    assert not any(marker in text for text in seen_by_ana)
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/accept" % pid), 409, "invalid_state")

    # Ben's own list keeps his reason; the organizers see it; no one else.
    former = h.ok(get(world, p.ben, "/api/v1/partnerships"))["former"]
    assert any(f["kind"] == "declined" and marker in f["reason"] for f in former)
    meta = meta_of(world, prog, pid)
    ben = next(m for m in meta["members"] if m["id"] == p.ben.id)
    assert ben["response"] == "declined" and marker in ben["decline_reason"]
    assert "decline_reason" not in next(m for m in meta["members"] if m["id"] == p.ana.id)
    assert marker in get(world, p.organizer, "/programs/%d/partnerships" % prog).text

    # Everyone is back in the pool and can be paired again.
    assert {m["id"] for m in overview(world, prog)["pool"]} == {p.ana.id, p.ben.id, p.chloe.id}
    h.pair(s, p.organizer.token, prog, [p.ana, p.ben])
    assert marker not in s.stderr_text()


def test_pairing_rules(world):
    s, p = world.server, world.people
    prog = program_with(world, p.ana, p.ben, p.chloe, p.dev, p.eli)
    path = "/api/v1/programs/%d/partnerships" % prog

    def create(ids, who=None):
        return post(world, who or p.organizer, path, {"member_ids": ids})

    assert_error(create([p.ana.id]), 422, field="member_ids")
    assert_error(create([p.ana.id, p.ben.id, p.chloe.id, p.dev.id]), 422, field="member_ids")
    assert_error(create([p.ana.id, p.ana.id]), 422, field="member_ids")
    assert_error(create([p.ana.id, p.outsider.id]), 422, field="member_ids")
    assert_error(create([p.ana.id, 999999]), 422, field="member_ids")
    assert_error(create(["%d" % p.ana.id, "%d" % p.ben.id]), 422, field="member_ids")
    assert_error(create("%d,%d" % (p.ana.id, p.ben.id)), 422, field="member_ids")
    assert_error(post(world, p.organizer, path, {}), 422, field="member_ids")
    assert_error(create([p.ana.id, 1.5]), 422, field="member_ids")
    assert h.stored(s, "SELECT count(*) FROM partnerships WHERE program_id = ?", prog)[0][0] == 0

    # Only the program's organizers (and admins) pair people.
    assert_error(create([p.ana.id, p.ben.id], who=p.ana), 403)
    other_organizer = h.person(s, "olive", "Olive Elsewhere", "organizer", p.admin.token)
    assert_error(create([p.ana.id, p.ben.id], who=other_organizer), 403)

    h.pair(s, p.organizer.token, prog, [p.ana, p.ben])
    error = assert_error(create([p.ben.id, p.chloe.id]), 409, "already_paired")
    assert "Ben Okafor" in error["message"]
    # An odd person out may join a circle of 3 in a pairs program.
    circle = h.pair(s, p.admin.token, prog, [p.chloe, p.dev, p.eli])
    assert len(meta_of(world, prog, circle)["members"]) == 3

    # Not while the program is a draft or closed.
    draft = h.ok(s.api("POST", "/api/v1/programs", token=p.organizer.token, json_body={
        "name": "Draft", "starts_on": h.day(1), "ends_on": h.day(60),
        "enroll_opens_on": h.day(0), "enroll_closes_on": h.day(20)}), 201)["program"]["id"]
    assert_error(post(world, p.organizer, "/api/v1/programs/%d/partnerships" % draft,
                      {"member_ids": [p.ana.id, p.ben.id]}), 409, "invalid_state")
    h.ok(h.set_program_state(s, p.organizer.token, prog, "closed"))
    assert_error(create([p.ana.id, p.ben.id]), 409, "invalid_state")
    assert_error(post(world, p.organizer, "/api/v1/programs/999999/partnerships",
                      {"member_ids": [p.ana.id, p.ben.id]}), 404)


def test_circle_goes_on_while_two_remain(world):
    s, p = world.server, world.people
    prog = program_with(world, p.ana, p.ben, p.chloe, p.dev, group_size=3)
    path = "/api/v1/programs/%d/partnerships" % prog
    assert_error(post(world, p.organizer, path, {"member_ids": [p.ana.id, p.ben.id]}), 422,
                 field="member_ids")
    members = [p.ana, p.ben, p.chloe]
    pid = h.active_partnership(s, p.organizer.token, prog, members)
    r = h.ok(post(world, p.chloe, "/api/v1/partnerships/%d/leave" % pid, {"wants_rematch": True}))
    assert r["left"] == {"partnership_id": pid, "partnership_ended": False, "wants_rematch": True}
    view = partnership(world, p.ana, pid)
    assert view["state"] == "active"
    chloe = next(m for m in view["members"] if m["id"] == p.chloe.id)
    assert chloe["has_left"] is True
    assert "Chloé Martin has left the partnership." in [m["body"] for m in h.messages(s, p.ben, pid)]
    assert_error(get(world, p.chloe, "/api/v1/partnerships/%d" % pid), 404)
    # Chloé is free again; Ana and Ben are not.
    assert {m["id"] for m in overview(world, prog)["pool"]} == {p.chloe.id, p.dev.id}
    meta = meta_of(world, prog, pid)
    assert [m["id"] for m in meta["members"] if m["has_left"]] == [p.chloe.id]
    assert meta["rematch_requested_by"] == [{"id": p.chloe.id, "name": "Chloé Martin"}]
    r = h.ok(post(world, p.ben, "/api/v1/partnerships/%d/leave" % pid, {}))
    assert r["left"]["partnership_ended"] is True
    view = partnership(world, p.ana, pid)
    assert view["state"] == "ended" and view["end_kind"] == "left"
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/leave" % pid), 409, "invalid_state")
    # Ben's leave ended it: he keeps the history. Chloé left while the
    # circle went on, so what Ana and Ben said after that is not hers.
    assert partnership(world, p.ben, pid)["state"] == "ended"
    assert_error(get(world, p.chloe, "/api/v1/partnerships/%d" % pid), 404)


def test_leave_is_no_fault_and_its_reason_private_to_the_leaver(world):
    s, p = world.server, world.people
    marker = "LEAVE-MARKER-91d0"
    prog = program_with(world, p.ana, p.ben)
    proposed = h.pair(s, p.organizer.token, prog, [p.ana, p.ben])
    error = assert_error(post(world, p.ana, "/api/v1/partnerships/%d/leave" % proposed), 409,
                         "invalid_state")
    assert "decline" in error["message"]
    h.accept_all(s, proposed, [p.ana, p.ben])
    pid = proposed
    h.ok(post(world, p.ben, "/api/v1/partnerships/%d/messages" % pid, {"body": "See you Tuesday"}), 201)
    sid = sh.schedule(s, p.ben, pid)[0]["id"]
    h.ok(post(world, p.ben, "/api/v1/sessions/%d/agenda" % sid, {"body": "Delegation"}), 201)
    h.ok(s.api("PUT", "/api/v1/sessions/%d/notes" % sid, token=p.ana.token,
               json_body={"stage": "goal", "body": "Lead the retro"}))

    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/leave" % pid,
                      {"reason": marker, "wants_rematch": "yes"}), 422, field="wants_rematch")
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/leave" % pid, {"reason": 7}), 422,
                 field="reason")
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/leave" % pid, {"reason": "x" * 2001}),
                 422, field="reason")
    assert partnership(world, p.ana, pid)["state"] == "active"

    r = h.ok(post(world, p.ana, "/api/v1/partnerships/%d/leave" % pid,
                  {"reason": marker + " it felt unsafe", "wants_rematch": True}))
    assert r["left"]["partnership_ended"] is True
    assert marker not in str(r)

    # Ben is told neutrally and keeps the history, read-only.
    view = partnership(world, p.ben, pid)
    assert view["state"] == "ended" and view["end_kind"] == "left" and not view["can_post"]
    thread = h.messages(s, p.ben, pid)
    assert "Ana Souza has left the partnership, so it has ended." in [m["body"] for m in thread]
    assert "See you Tuesday" in [m["body"] for m in thread]
    assert_error(post(world, p.ben, "/api/v1/partnerships/%d/messages" % pid, {"body": "hello?"}),
                 409, "invalid_state")
    # Ana's leave ended it, so its history stays hers too, read-only.
    mine = partnership(world, p.ana, pid)
    assert mine["state"] == "ended" and not mine["can_post"] and not mine["can_leave"]
    assert "See you Tuesday" in [m["body"] for m in h.messages(s, p.ana, pid)]
    assert marker not in str(mine)
    # ... sessions, agenda and notes included.
    kept = sh.session(s, p.ana, sid)
    assert "Delegation" in str(kept) and "Lead the retro" in str(kept)
    assert_error(post(world, p.ana, "/api/v1/partnerships/%d/messages" % pid, {"body": "one more"}),
                 409, "invalid_state")

    # The organizers see that it ended and who asked for rematching: no reason.
    meta = meta_of(world, prog, pid)
    assert meta["end_kind"] == "left" and meta["ended_at"]
    assert meta["rematch_requested_by"] == [{"id": p.ana.id, "name": "Ana Souza"}]
    # ... but not which member left.
    assert all(m["left_at"] is None and not m["has_left"] for m in meta["members"])
    # Only Ana reads her reason, in her own list.
    former = h.ok(get(world, p.ana, "/api/v1/partnerships"))["former"]
    assert any(f["kind"] == "left" and marker in f["reason"] and f["wants_rematch"] for f in former)
    assert marker in get(world, p.ana, "/partnerships").text
    for who in (p.ben, p.organizer, p.admin, p.manager, p.outsider):
        for path in ("/api/v1/partnerships", "/api/v1/programs/%d/partnerships" % prog,
                     "/programs/%d/partnerships" % prog, "/api/v1/programs/%d/problem-reports" % prog,
                     "/api/v1/partnerships/%d" % pid, "/api/v1/partnerships/%d/messages" % pid,
                     "/partnerships/%d" % pid, "/partnerships", "/api/v1/audit"):
            assert marker not in get(world, who, path).text, (who.name, path)
    assert marker not in s.stderr_text()
    assert marker in h.stored(s, "SELECT leave_reason FROM partnership_members WHERE partnership_id = ?"
                              " AND user_id = ?", pid, p.ana.id)[0][0]


def test_problem_reports_reach_organizers_only(world):
    s, p = world.server, world.people
    marker = "REPORT-MARKER-33ab"
    prog = program_with(world, p.ana, p.ben)
    pid = h.active_partnership(s, p.organizer.token, prog, [p.ana, p.ben])
    path = "/api/v1/partnerships/%d/reports" % pid
    count = lambda: h.stored(s, "SELECT count(*) FROM problem_reports")[0][0]
    before = count()
    assert_error(post(world, p.ana, path, {"kind": "rudeness", "body": "x"}), 422, field="kind")
    assert_error(post(world, p.ana, path, {"kind": "boundary"}), 422, field="body")
    assert_error(post(world, p.ana, path, {"kind": "boundary", "body": "   "}), 422, field="body")
    assert_error(post(world, p.ana, path, {"kind": "boundary", "body": "x" * 4001}), 422, field="body")
    assert_error(post(world, p.ana, path, {"kind": ["boundary"], "body": "x"}), 422, field="kind")
    assert_error(post(world, p.ana, path, {"kind": "boundary", "body": 12}), 422, field="body")
    assert count() == before

    r = h.ok(post(world, p.ana, path, {"kind": "confidentiality", "body": marker + " shared my notes"}), 201)
    report = r["problem_report"]
    assert report["kind"] == "confidentiality" and marker not in str(r)
    # Not a word of it in the thread.
    assert all(marker not in m["body"] for m in h.messages(s, p.ben, pid))

    reports = h.ok(get(world, p.organizer, "/api/v1/programs/%d/problem-reports" % prog))["problem_reports"]
    assert reports[0]["id"] == report["id"] and marker in reports[0]["body"]
    assert reports[0]["reporter"] == {"id": p.ana.id, "name": "Ana Souza"}
    assert marker in str(meta_of(world, prog, pid)["problem_reports"])
    assert marker in get(world, p.organizer, "/programs/%d/partnerships" % prog).text
    assert h.ok(get(world, p.admin, "/api/v1/programs/%d/problem-reports" % prog))["problem_reports"]
    for who in (p.ana, p.ben, p.manager, p.outsider, p.chloe):
        assert_error(get(world, who, "/api/v1/programs/%d/problem-reports" % prog), 404)
        assert_error(post(world, who, "/api/v1/programs/%d/problem-reports/%d/resolve" % (prog, report["id"])), 404)
        for page in ("/api/v1/partnerships", "/api/v1/partnerships/%d" % pid, "/partnerships/%d" % pid):
            assert marker not in get(world, who, page).text
    assert_error(get(world, p.organizer, "/api/v1/programs/999999/problem-reports"), 404)

    resolve = "/api/v1/programs/%d/problem-reports/%d/resolve" % (prog, report["id"])
    assert h.ok(post(world, p.organizer, resolve))["problem_report"]["is_resolved"] is True
    assert_error(post(world, p.organizer, resolve), 409, "invalid_state")
    other = program_with(world, p.chloe, p.dev)
    assert_error(post(world, p.organizer, "/api/v1/programs/%d/problem-reports/%d/resolve"
                      % (other, report["id"])), 404)
    assert marker not in s.stderr_text()


def test_organizer_ends_a_partnership(world):
    s, p = world.server, world.people
    prog = program_with(world, p.ana, p.ben)
    other = program_with(world, p.chloe, p.dev)
    pid = h.active_partnership(s, p.organizer.token, prog, [p.ana, p.ben])
    assert_error(post(world, p.ana, "/api/v1/programs/%d/partnerships/%d/end" % (prog, pid)), 403)
    assert_error(post(world, p.organizer, "/api/v1/programs/%d/partnerships/%d/end" % (other, pid)), 404)
    meta = h.ok(post(world, p.organizer, "/api/v1/programs/%d/partnerships/%d/end" % (prog, pid)))["partnership"]
    assert meta["state"] == "ended" and meta["end_kind"] == "organizer"
    assert_error(post(world, p.organizer, "/api/v1/programs/%d/partnerships/%d/end" % (prog, pid)), 409,
                 "invalid_state")
    view = partnership(world, p.ben, pid)
    assert view["state"] == "ended" and view["end_kind"] == "organizer"
    assert "The program's organizers ended this partnership." in [m["body"] for m in h.messages(s, p.ben, pid)]
    assert {m["id"] for m in overview(world, prog)["pool"]} == {p.ana.id, p.ben.id}


# --- confidentiality -------------------------------------------------------------------


MEMBER_ROUTES = [
    ("GET", "/api/v1/partnerships/{id}", None),
    ("POST", "/api/v1/partnerships/{id}/accept", {}),
    ("POST", "/api/v1/partnerships/{id}/decline", {"reason": "x"}),
    ("POST", "/api/v1/partnerships/{id}/pause", {}),
    ("POST", "/api/v1/partnerships/{id}/resume", {}),
    ("POST", "/api/v1/partnerships/{id}/leave", {"reason": "x", "wants_rematch": True}),
    ("POST", "/api/v1/partnerships/{id}/reports", {"kind": "other", "body": "x"}),
    ("GET", "/api/v1/partnerships/{id}/agreement", None),
    ("PATCH", "/api/v1/partnerships/{id}/agreement", {"location": "Room 1"}),
    ("POST", "/api/v1/partnerships/{id}/agreement/sign", {}),
    ("GET", "/api/v1/partnerships/{id}/agreement/versions/1", None),
    ("GET", "/api/v1/partnerships/{id}/messages", None),
    ("POST", "/api/v1/partnerships/{id}/messages", {"body": "hi"}),
]
MEMBER_PAGES = ["/partnerships/{id}", "/partnerships/{id}/agreement",
                "/partnerships/{id}/agreement/versions/1", "/partnerships/{id}/messages",
                "/partnerships/{id}/leave", "/partnerships/{id}/report"]
MEMBER_FORMS = ["/partnerships/{id}/accept", "/partnerships/{id}/decline", "/partnerships/{id}/pause",
                "/partnerships/{id}/resume", "/partnerships/{id}/leave", "/partnerships/{id}/report",
                "/partnerships/{id}/agreement", "/partnerships/{id}/agreement/sign",
                "/partnerships/{id}/messages"]


def test_non_members_get_404_everywhere(world):
    """Organizer, admin, manager of a member, another participant of the
    program, an outsider: 404 on every route and page of a partnership,
    exactly as for an id that does not exist, and nothing changes."""
    s, p = world.server, world.people
    agreement_marker, message_marker = "AGREEMENT-MARKER-0b7e", "MESSAGE-MARKER-d41c"
    prog = program_with(world, p.ana, p.ben, p.chloe)
    pid = h.active_partnership(s, p.organizer.token, prog, [p.ana, p.ben])
    h.ok(s.api("PATCH", "/api/v1/partnerships/%d/agreement" % pid, token=p.ana.token,
               json_body={"body": "# Ours\n\n" + agreement_marker, "location": agreement_marker + " room"}))
    h.ok(post(world, p.ben, "/api/v1/partnerships/%d/messages" % pid, {"body": message_marker}), 201)
    state_before = h.stored(s, "SELECT state FROM partnerships WHERE id = ?", pid)
    counts = lambda: [h.stored(s, "SELECT count(*) FROM %s" % t)[0][0] for t in
                      ("messages", "agreement_versions", "agreement_signatures", "problem_reports")]
    before = counts()
    missing = pid + 100000
    outsiders = {"organizer": p.organizer, "admin": p.admin, "manager": p.manager,
                 "participant": p.chloe, "outsider": p.outsider}
    for label, who in outsiders.items():
        for method, template, body in MEMBER_ROUTES:
            for target in (pid, missing):
                r = s.api(method, template.format(id=target), token=who.token, json_body=body)
                assert_error(r, 404, "not_found")
                assert r.json() == {"error": {"code": "not_found", "message": "Not found."}}, (label, template)
        browser = h.browser_for(s, who)
        csrf = browser.csrf("/profile")
        for template in MEMBER_PAGES:
            for target in (pid, missing):
                r = browser.get(template.format(id=target))
                assert r.status_code == 404, (label, template, r.status_code)
                assert agreement_marker not in r.text and message_marker not in r.text
        for template in MEMBER_FORMS:
            r = browser.post(template.format(id=pid), data={"csrf": csrf, "body": "x", "reason": "x",
                                                            "kind": "other"})
            assert r.status_code == 404, (label, template, r.status_code)
        for path in ("/api/v1/partnerships", "/partnerships", "/api/v1/programs/%d/partnerships" % prog,
                     "/programs/%d/partnerships" % prog, "/api/v1/audit", "/api/v1/dashboard", "/"):
            text = get(world, who, path).text
            assert agreement_marker not in text and message_marker not in text, (label, path)
    assert counts() == before
    assert h.stored(s, "SELECT state FROM partnerships WHERE id = ?", pid) == state_before
    # The members themselves read both.
    assert agreement_marker in get(world, p.ben, "/partnerships/%d/agreement" % pid).text
    assert message_marker in get(world, p.ana, "/partnerships/%d/messages" % pid).text
    stderr = s.stderr_text()
    assert agreement_marker not in stderr and message_marker not in stderr


def test_organizer_view_is_metadata_only(world):
    s, p = world.server, world.people
    markers = ["AGREE-META-71c2", "MSG-META-0a9f"]
    prog = program_with(world, p.ana, p.ben)
    pid = h.active_partnership(s, p.organizer.token, prog, [p.ana, p.ben])
    h.ok(s.api("PATCH", "/api/v1/partnerships/%d/agreement" % pid, token=p.ben.token,
               json_body={"body": "We agree. " + markers[0]}))
    h.ok(post(world, p.ana, "/api/v1/partnerships/%d/messages" % pid, {"body": markers[1]}), 201)
    body = overview(world, prog)
    meta = body["partnerships"][0]
    assert set(meta) == {"id", "state", "state_text", "round", "created_at", "activated_at",
                         "ended_at", "end_kind", "end_text", "match", "agreement_signed", "members",
                         "rematch_requested_by", "problem_reports"}
    assert set(meta["members"][0]) <= {"id", "name", "response", "responded_at", "left_at",
                                       "has_left", "wants_rematch", "decline_reason"}
    page = get(world, p.organizer, "/programs/%d/partnerships" % prog).text
    for marker in markers:
        assert marker not in str(body) and marker not in page
    # Participants who can see the program cannot see its partnerships list.
    assert_error(get(world, p.ana, "/api/v1/programs/%d/partnerships" % prog), 403)


# --- pages ---------------------------------------------------------------------------------


def test_pair_cycle_through_the_html_forms(world):
    s, p = world.server, world.people
    prog = program_with(world, p.ana, p.ben, p.chloe)
    org = h.browser_for(s, p.organizer)
    page = "/programs/%d/partnerships" % prog
    r = org.get(page)
    assert r.status_code == 200 and "Ana Souza" in r.text and 'name="member_ids"' in r.text
    r = org.submit(page, page, {"member_ids": [str(p.ana.id)]})
    assert r.status_code == 422 and "member_ids" in r.text
    assert re.search(r'value="%d" checked' % p.ana.id, r.text), "the ticked box stays ticked"
    r = org.submit(page, page, {"member_ids": [str(p.ana.id), str(p.ben.id)]}, csrf="forged")
    assert r.status_code == 403
    r = org.submit(page, page, {"member_ids": [str(p.ana.id), str(p.ben.id)]})
    assert r.status_code == 303 and r.headers["Location"].startswith(page)
    pid = h.stored(s, "SELECT id FROM partnerships WHERE program_id = ?", prog)[0][0]

    ana, ben = h.browser_for(s, p.ana), h.browser_for(s, p.ben)
    home = "/partnerships/%d" % pid
    assert "Accept" in ana.get(home).text
    r = ana.submit(home, home + "/decline", {"reason": "x" * 2001})
    assert r.status_code == 422 and "reason" in r.text and "x" * 2001 in r.text
    for browser in (ana, ben):
        r = browser.submit(home, home + "/accept", {})
        assert r.status_code == 303 and r.headers["Location"].startswith(home)
    assert "The agreement is not signed yet" in ana.get(home).text

    agreement = home + "/agreement"
    text = ana.get(agreement).text
    body = pc.field_value(text, "body")
    assert "## Confidentiality" in body
    r = ana.submit(agreement, agreement, {"body": body, "cadence": "weekly", "session_minutes": "sixty",
                                          "location": "Room 4B", "version": "1"})
    assert r.status_code == 422 and "session_minutes" in r.text and "Room 4B" in r.text
    r = ana.submit(agreement, agreement, {"body": body, "cadence": "weekly", "session_minutes": "60",
                                          "location": "https://meet.example.org/ana-ben", "version": "1"})
    assert r.status_code == 303
    text = ana.get(agreement).text
    assert "every week" in text and 'href="https://meet.example.org/ana-ben"' in text
    assert "Version 2" in text
    for browser in (ana, ben):
        r = browser.submit(agreement, agreement + "/sign", {"version": "2"})
        assert r.status_code == 303
    assert "Signed by everyone" in ben.get(agreement).text
    assert "your agreement is in force" in ben.get(home).text

    thread = home + "/messages"
    r = ben.submit(thread, thread, {"body": "   "})
    assert r.status_code == 422
    r = ben.post(thread, data=("csrf=%s&body=%%FF%%FE" % ben.csrf(thread)).encode(),
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    r = ben.submit(thread, thread, {"body": "Looking forward to **Tuesday**"})
    assert r.status_code == 303
    assert "<strong>Tuesday</strong>" in ana.get(thread).text

    leave = home + "/leave"
    assert "never your reason" in ana.get(leave).text
    r = ana.submit(leave, leave, {"reason": "Changing teams", "wants_rematch": "yes"})
    assert r.status_code == 303 and r.headers["Location"].startswith("/partnerships")
    assert "Changing teams" in ana.get("/partnerships").text
    assert "Ana Souza has left the partnership, so it has ended." in ben.get(thread).text
    assert "Changing teams" not in ben.get(thread).text
    assert "Changing teams" not in org.get(page).text

    report = home + "/report"
    r = ben.submit(report, report, {"kind": "boundary", "body": "Page report text"})
    assert r.status_code == 303
    assert "Page report text" in org.get(page).text
    r = org.submit(page, "/programs/%d/problem-reports/%d/resolve" % (
        prog, h.stored(s, "SELECT max(id) FROM problem_reports")[0][0]), {})
    assert r.status_code == 303
