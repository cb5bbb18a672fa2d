"""test_cycle_pair.py — the whole peer coaching cycle for one pair through
the JSON API, end to end (issue 3, "Tests"): from a draft program to a pair
that ended and can still read its history. Along the way every step that
the current state does not allow is tried and must answer 409 or 422 with
a clear {"error": {"code", "message"}} naming what is wrong.

The area tests cover each area in depth; this one checks that the areas
fit together: enrollment feeds pairing, the agreement's cadence feeds the
session series, goals flow into sessions and reflections, feedback into
the coaching-skill trend, and ending keeps everything readable.
"""

import datetime

from cycle_helpers import ok, refused
from pc import day
from partnerships_helpers import messages
from sessions_helpers import at, feedback_body, schedule, set_status, started, world  # noqa: F401


def api(world, who, method, path, body=None):
    return world.server.api(method, path, token=who.token, json_body=body)


def test_one_pair_from_enrollment_to_an_ended_partnership(world):
    s, p = world.server, world.people
    org, ana, ben = p.organizer, p.ana, p.ben

    # --- the organizer creates a program: a draft, invisible to others ---
    program = ok(api(world, org, "POST", "/api/v1/programs", {
        "name": "Cycle pilot", "objectives": "Everyone makes progress on one goal.", "method": "grow",
        "group_size": 2, "cadence": "weekly", "session_minutes": 50, "starts_on": day(1),
        "ends_on": day(120), "enroll_opens_on": day(0), "enroll_closes_on": day(20)}), 201)["program"]
    prog = program["id"]
    assert program["state"] == "draft"
    refused(api(world, ana, "GET", "/api/v1/programs/%d" % prog), 404)
    refused(api(world, org, "POST", "/api/v1/programs/%d/state" % prog, {"state": "running"}), 409)
    refused(api(world, org, "POST", "/api/v1/programs/%d/state" % prog, {"state": "paused"}), 422)
    refused(api(world, ana, "POST", "/api/v1/programs/%d/state" % prog, {"state": "enrolling"}), 404)
    ok(api(world, org, "POST", "/api/v1/programs/%d/state" % prog, {"state": "enrolling"}))

    # --- two people apply with readiness answers and goals ---
    questions = ok(api(world, ana, "GET", "/api/v1/programs/%d" % prog))["program"]["questions"]
    answers = {str(q["id"]): True for q in questions}
    pledge = [q for q in questions if q["is_required"]][0]
    no_pledge = dict(answers, **{str(pledge["id"]): False})
    refused(api(world, ana, "POST", "/api/v1/programs/%d/enrollments" % prog,
                {"answers": no_pledge, "goals": ["Listen better"], "availability_confirmed": True}),
            422, "pledges")
    refused(api(world, ana, "POST", "/api/v1/programs/%d/enrollments" % prog,
                {"answers": answers, "goals": [], "availability_confirmed": True}), 422, "goals")
    enrollments = {}
    for who, goals in ((ana, ["Present to leaders with confidence", "Give specific feedback"]),
                       (ben, ["Make my code reviews actionable"])):
        e = ok(api(world, who, "POST", "/api/v1/programs/%d/enrollments" % prog,
                   {"answers": answers, "goals": goals, "availability_confirmed": True}), 201)["enrollment"]
        assert e["state"] == "applied" and e["goals"] == goals
        enrollments[who.id] = e["id"]
    refused(api(world, ana, "POST", "/api/v1/programs/%d/enrollments" % prog,
                {"answers": answers, "goals": ["Again"], "availability_confirmed": True}), 409)

    # --- accepted; the program runs ---
    refused(api(world, org, "POST", "/api/v1/programs/%d/state" % prog, {"state": "running"}), 409, "accepted")
    refused(api(world, ana, "PATCH", "/api/v1/enrollments/%d" % enrollments[ana.id], {"state": "accepted"}), 403)
    for eid in enrollments.values():
        assert ok(api(world, org, "PATCH", "/api/v1/enrollments/%d" % eid, {"state": "accepted"}))["enrollment"][
            "state"] == "accepted"
    refused(api(world, org, "PATCH", "/api/v1/enrollments/%d" % enrollments[ana.id], {"state": "waitlisted"}), 409)
    ok(api(world, org, "POST", "/api/v1/programs/%d/state" % prog, {"state": "running"}))
    refused(api(world, p.chloe, "POST", "/api/v1/programs/%d/enrollments" % prog,
                {"answers": answers, "goals": ["Late"], "availability_confirmed": True}), 409)
    refused(api(world, org, "PATCH", "/api/v1/programs/%d" % prog, {"cadence": "monthly"}), 409)

    # --- the organizer forms the pair; both accept ---
    refused(api(world, org, "POST", "/api/v1/programs/%d/partnerships" % prog,
                {"member_ids": [ana.id, p.outsider.id]}), 422, "member_ids")
    pid = ok(api(world, org, "POST", "/api/v1/programs/%d/partnerships" % prog,
                 {"member_ids": [ana.id, ben.id]}), 201)["partnership"]["id"]
    refused(api(world, org, "POST", "/api/v1/programs/%d/partnerships" % prog,
                {"member_ids": [ana.id, ben.id]}), 409)
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/sessions" % pid, {"starts_at": at(3)}), 409)
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/pause" % pid), 409)
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/leave" % pid, {}), 409)
    ok(api(world, ana, "POST", "/api/v1/partnerships/%d/accept" % pid))
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/accept" % pid), 409)
    view = ok(api(world, ben, "POST", "/api/v1/partnerships/%d/accept" % pid))["partnership"]
    assert view["state"] == "active"
    refused(api(world, ben, "POST", "/api/v1/partnerships/%d/decline" % pid, {}), 409)

    # --- the agreement: generated, signed, edited (new version), signed again ---
    agreement = ok(api(world, ana, "GET", "/api/v1/partnerships/%d/agreement" % pid))["agreement"]
    assert agreement["version"] == 1 and agreement["cadence"] == "weekly" and agreement["session_minutes"] == 50
    assert "confidential" in agreement["body"].lower() and agreement["in_force"] is False
    ok(api(world, ana, "POST", "/api/v1/partnerships/%d/agreement/sign" % pid, {"version": 1}))
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/agreement/sign" % pid, {}), 409)
    edited = ok(api(world, ben, "PATCH", "/api/v1/partnerships/%d/agreement" % pid,
                    {"location": "https://meet.example.org/ana-ben", "version": 1}))["agreement"]
    assert edited["version"] == 2 and edited["signatures"] == [] and edited["in_force"] is False
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/agreement/sign" % pid, {"version": 1}), 409)
    refused(api(world, ana, "PATCH", "/api/v1/partnerships/%d/agreement" % pid, {"session_minutes": "sixty"}),
            422, "session_minutes")
    for who in (ana, ben):
        ok(api(world, who, "POST", "/api/v1/partnerships/%d/agreement/sign" % pid, {"version": 2}))
    assert ok(api(world, ben, "GET", "/api/v1/partnerships/%d" % pid))["partnership"]["agreement"]["in_force"]
    assert len(ok(api(world, ana, "GET", "/api/v1/partnerships/%d/agreement/versions/1" % pid))["agreement"][
        "signatures"]) == 1

    # --- goals with SMART fields and check-ins up to achieved ---
    goal_body = {"title": "Present to the leadership team", "specific": "Fifteen minutes, one recommendation.",
                 "measure": "number", "baseline": 0, "target": 3, "unit": "presentations",
                 "target_date": day(60), "priority": 1, "visibility": "shared", "program_id": prog}
    refused(api(world, ana, "POST", "/api/v1/goals", dict(goal_body, target_date=day(-1))), 422, "target_date")
    refused(api(world, ana, "POST", "/api/v1/goals", dict(goal_body, priority="high")), 422, "priority")
    goal = ok(api(world, ana, "POST", "/api/v1/goals", goal_body), 201)["goal"]
    gid = goal["id"]
    assert goal["progress"] == 0 and goal["status"] == "active"
    refused(api(world, ana, "PATCH", "/api/v1/goals/%d" % gid, {"target": 4}), 422, "reason")
    ok(api(world, ana, "PATCH", "/api/v1/goals/%d" % gid, {"target": 2, "reason": "Two is ambitious enough"}))
    refused(api(world, ana, "POST", "/api/v1/goals/%d/checkins" % gid,
                {"on_date": day(2), "value": 1, "confidence": 3}), 422, "on_date")
    refused(api(world, ben, "POST", "/api/v1/goals/%d/checkins" % gid,
                {"on_date": day(0), "value": 1, "confidence": 3}), 403)
    first = ok(api(world, ana, "POST", "/api/v1/goals/%d/checkins" % gid,
                   {"on_date": day(-1), "value": 1, "confidence": 3, "note": "The dry run went fine"}), 201)
    assert first["achieved"] is False and first["goal"]["progress"] == 50
    milestones = ok(api(world, ben, "POST", "/api/v1/goals", {
        "title": "Actionable reviews", "specific": "Suggest, don't just point out.", "measure": "milestones",
        "milestones": ["Label comments", "Pair on a review"], "target_date": day(30),
        "visibility": "private"}), 201)["goal"]

    # --- sessions as a series, following the agreement's cadence ---
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/sessions" % pid, {"starts_at": at(-1)}), 422,
            "starts_at")
    refused(api(world, ana, "POST", "/api/v1/partnerships/%d/sessions" % pid, {"starts_at": at(2), "repeat": "3"}),
            422, "repeat")
    series = schedule(s, ana, pid, starts_at=at(2, 9, 0), repeat=3, focus_user_id=ana.id)
    assert [x["focus"]["id"] for x in series] == [ana.id, ben.id, ana.id]
    assert all(x["minutes"] == 50 and x["location"] == "https://meet.example.org/ana-ben" for x in series)
    starts = [datetime.datetime.fromisoformat(x["starts_at"].replace("Z", "+00:00")) for x in series]
    assert [(b - a).days for a, b in zip(starts, starts[1:])] == [7, 7]
    sid, second = series[0]["id"], series[1]["id"]
    refused(set_status(s, ana, sid, status="held"), 409)
    refused(api(world, ana, "POST", "/api/v1/sessions/%d/feedback" % sid, feedback_body(5, coaching=True)), 409)

    ok(api(world, ben, "POST", "/api/v1/sessions/%d/agenda" % sid, {"body": "Rehearse the opening"}), 201)
    detail = ok(api(world, ana, "GET", "/api/v1/sessions/%d" % sid))
    stages = [n["stage"] for n in detail["notes"]]
    assert stages == ["goal", "reality", "options", "will"]
    refused(api(world, ben, "PUT", "/api/v1/sessions/%d/notes" % sid, {"stage": "predict", "body": "x"}), 422, "stage")
    for stage in stages:
        ok(api(world, ben, "PUT", "/api/v1/sessions/%d/notes" % sid, {"stage": stage, "body": "Notes on *" + stage + "*"}))
    ok(api(world, ana, "POST", "/api/v1/sessions/%d/goals" % sid, {"goal_id": gid}))
    action = ok(api(world, ben, "POST", "/api/v1/sessions/%d/actions" % sid,
                    {"owner_id": ana.id, "body": "Write the three key messages", "due_on": day(6)}), 201)["action"]
    refused(api(world, ben, "POST", "/api/v1/sessions/%d/actions" % sid,
                {"owner_id": p.outsider.id, "body": "Nope"}), 422, "owner_id")
    started(s, sid)
    ok(set_status(s, ben, sid, status="held"))
    refused(set_status(s, ben, sid, status="cancelled", reason="Too late"), 409)
    nxt = ok(api(world, ana, "GET", "/api/v1/sessions/%d" % second))
    assert [a["id"] for a in nxt["previous_actions"]] == [action["id"]]
    assert ok(api(world, ana, "PATCH", "/api/v1/actions/%d" % action["id"], {"done": True}))["action"]["done"]

    # --- feedback from both sides; the focus person rates the coaching ---
    refused(api(world, ben, "POST", "/api/v1/sessions/%d/feedback" % sid, feedback_body(4, coaching=True)), 422)
    refused(api(world, ana, "POST", "/api/v1/sessions/%d/feedback" % sid, feedback_body(4)), 422)
    ok(api(world, ana, "POST", "/api/v1/sessions/%d/feedback" % sid,
           feedback_body(5, coaching=True, comment="Your questions helped me find the ask.")), 201)
    ok(api(world, ben, "POST", "/api/v1/sessions/%d/feedback" % sid, feedback_body(4, comment="Clear goal, thanks.")),
       201)
    refused(api(world, ben, "POST", "/api/v1/sessions/%d/feedback" % sid, feedback_body(4)), 409)
    shown = ok(api(world, ben, "GET", "/api/v1/sessions/%d" % sid))
    assert len(shown["feedback"]) == 2 and shown["can_give_feedback"] is False
    skills = ok(api(world, ben, "GET", "/api/v1/me/coaching-skills"))["coaching_skills"]
    assert skills["ratings"] == 1 and skills["overall"]["listening"] == 5
    balance = ok(api(world, ana, "GET", "/api/v1/partnerships/%d/sessions" % pid))["balance"]
    assert {m["id"]: m["held_as_focus"] for m in balance["members"]} == {ana.id: 1, ben.id: 0}

    # --- the goal is achieved; a closed goal takes no more check-ins ---
    done = ok(api(world, ana, "POST", "/api/v1/goals/%d/checkins" % gid,
                  {"on_date": day(0), "value": 2, "confidence": 5, "note": "Presented!"}), 201)
    assert done["achieved"] is True and done["goal"]["status"] == "achieved" and done["goal"]["progress"] == 100
    refused(api(world, ana, "POST", "/api/v1/goals/%d/checkins" % gid,
                {"on_date": day(0), "value": 3, "confidence": 5}), 409)
    refused(api(world, ana, "PATCH", "/api/v1/goals/%d" % gid, {"status": "paused"}), 409)
    celebrations = ok(api(world, ben, "GET", "/api/v1/dashboard"))["celebrations"]
    assert [c["id"] for c in celebrations] == [gid]
    mid = milestones["milestones"][0]["id"]
    ok(api(world, ben, "POST", "/api/v1/goals/%d/checkins" % milestones["id"],
           {"on_date": day(0), "milestone_id": mid, "confidence": 4}), 201)
    refused(api(world, ben, "POST", "/api/v1/goals/%d/checkins" % milestones["id"],
                {"on_date": day(0), "milestone_id": mid, "confidence": 4}), 409)

    # --- a reflection tied to the session; messages ---
    pending = ok(api(world, ana, "GET", "/api/v1/reflections"))["pending_sessions"]
    assert [x["id"] for x in pending] == [sid]
    ok(api(world, ana, "POST", "/api/v1/reflections",
           {"body": "Story before numbers.", "tag": "breakthrough", "session_id": sid, "goal_id": gid}), 201)
    assert ok(api(world, ana, "GET", "/api/v1/reflections"))["pending_sessions"] == []
    refused(api(world, ana, "POST", "/api/v1/reflections", {"body": "x", "tag": "mood"}), 422, "tag")
    ok(api(world, ana, "POST", "/api/v1/partnerships/%d/messages" % pid, {"body": "Thanks for **today**!"}), 201)
    ok(api(world, ben, "POST", "/api/v1/partnerships/%d/messages" % pid, {"body": "See you next week."}), 201)
    refused(api(world, ben, "POST", "/api/v1/partnerships/%d/messages" % pid, {"body": "   "}), 422, "body")

    # --- the pair ends with a reason; the history stays readable ---
    left = ok(api(world, ana, "POST", "/api/v1/partnerships/%d/leave" % pid,
                  {"reason": "Moving to another office", "wants_rematch": True}))["left"]
    assert left["partnership_ended"] is True
    # The one who left is no longer a member (partnerships area rule); she
    # keeps her own reason in her list of former partnerships.
    former = ok(api(world, ana, "GET", "/api/v1/partnerships"))["former"]
    assert [(f["kind"], f["reason"], f["wants_rematch"]) for f in former] == [
        ("left", "Moving to another office", True)]
    for who in (ben,):
        view = ok(api(world, who, "GET", "/api/v1/partnerships/%d" % pid))["partnership"]
        assert view["state"] == "ended" and view["end_kind"] == "left"
        assert "Moving" not in str(view)
        past = ok(api(world, who, "GET", "/api/v1/partnerships/%d/sessions" % pid))
        assert sid in [x["id"] for x in past["past"]]
        detail = ok(api(world, who, "GET", "/api/v1/sessions/%d" % sid))
        assert detail["notes"][0]["body"] == "Notes on *goal*" and len(detail["feedback"]) == 2
        bodies = [m["body"] for m in messages(s, who, pid)]
        assert "See you next week." in bodies
        assert not any("Moving" in b for b in bodies)
        assert ok(api(world, who, "GET", "/api/v1/partnerships/%d/agreement" % pid))["agreement"]["version"] == 2
    assert "Moving" not in str(ok(api(world, ben, "GET", "/api/v1/partnerships")))
    refused(api(world, ben, "POST", "/api/v1/partnerships/%d/messages" % pid, {"body": "Hello?"}), 409)
    refused(api(world, ben, "POST", "/api/v1/sessions/%d/agenda" % second, {"body": "More"}), 409)
    refused(api(world, ben, "POST", "/api/v1/partnerships/%d/sessions" % pid, {"starts_at": at(9)}), 409)
    refused(api(world, ben, "POST", "/api/v1/partnerships/%d/agreement/sign" % pid, {}), 409)
    refused(api(world, ben, "POST", "/api/v1/partnerships/%d/resume" % pid), 409)
    overview = ok(api(world, org, "GET", "/api/v1/programs/%d/partnerships" % prog))
    ended = [x for x in overview["partnerships"] if x["id"] == pid][0]
    assert ended["state"] == "ended" and [m["id"] for m in ended["rematch_requested_by"]] == [ana.id]
    assert "Moving" not in str(overview)
