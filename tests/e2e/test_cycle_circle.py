"""test_cycle_circle.py — the peer coaching cycle for a circle of three
through the JSON API (issue 3, "Tests"): a circles program, the agreement
signed by all three and again after an edit, a session series whose focus
rotates, the give-and-take balance and its swap suggestion, notes in
another method's stages, feedback from everyone, a member leaving while the
circle goes on, and the organizer ending it with the history still
readable by the members who stayed. Disallowed steps answer 409 or 422.
"""

from cycle_helpers import ok, refused
from partnerships_helpers import make_program, messages
from sessions_helpers import at, feedback_body, schedule, set_status, started, world  # noqa: F401


def api(world, who, method, path, body=None):
    return world.server.api(method, path, token=who.token, json_body=body)


def hold(world, who, sid):
    started(world.server, sid)
    ok(set_status(world.server, who, sid, status="held"))


def test_a_circle_of_three_rotates_meets_and_ends(world):
    s, p = world.server, world.people
    org, chloe, dev, eli = p.organizer, p.chloe, p.dev, p.eli
    circle = [chloe, dev, eli]
    prog = make_program(s, org.token, circle + [p.ana], group_size=3, cadence="biweekly")

    # --- forming: a circles program takes 3-4 accepted participants ---
    refused(api(world, org, "POST", "/api/v1/programs/%d/partnerships" % prog,
                {"member_ids": [chloe.id, dev.id]}), 422, "member_ids")
    refused(api(world, org, "POST", "/api/v1/programs/%d/partnerships" % prog,
                {"member_ids": [chloe.id, dev.id, p.outsider.id]}), 422, "member_ids")
    refused(api(world, org, "POST", "/api/v1/programs/%d/partnerships" % prog,
                {"member_ids": [chloe.id, dev.id, dev.id]}), 422, "member_ids")
    pid = ok(api(world, org, "POST", "/api/v1/programs/%d/partnerships" % prog,
                 {"member_ids": [m.id for m in circle]}), 201)["partnership"]["id"]
    for i, who in enumerate(circle):
        state = ok(api(world, who, "POST", "/api/v1/partnerships/%d/accept" % pid))["partnership"]["state"]
        assert state == ("active" if i == 2 else "proposed")

    # --- one agreement for the three: sign, edit, sign again ---
    agreement = ok(api(world, dev, "GET", "/api/v1/partnerships/%d/agreement" % pid))["agreement"]
    assert agreement["cadence"] == "biweekly" and len(agreement["awaiting"]) == 3
    for who in (chloe, dev):
        ok(api(world, who, "POST", "/api/v1/partnerships/%d/agreement/sign" % pid, {}))
    edited = ok(api(world, eli, "PATCH", "/api/v1/partnerships/%d/agreement" % pid,
                    {"cadence": "weekly", "location": "Room 4.2", "version": 1}))["agreement"]
    assert edited["version"] == 2 and edited["signatures"] == [] and "every week" in edited["body"]
    for who in circle:
        ok(api(world, who, "POST", "/api/v1/partnerships/%d/agreement/sign" % pid, {"version": 2}))
    assert ok(api(world, chloe, "GET", "/api/v1/partnerships/%d/agreement" % pid))["agreement"]["in_force"]

    # --- a series rotates the focus through the circle ---
    listing = ok(api(world, eli, "GET", "/api/v1/partnerships/%d/sessions" % pid))
    assert listing["partnership"]["cadence"] == "weekly" and listing["partnership"]["location"] == "Room 4.2"
    refused(api(world, chloe, "POST", "/api/v1/partnerships/%d/sessions" % pid,
                {"starts_at": at(2), "focus_user_id": p.ana.id}), 422, "focus_user_id")
    series = schedule(s, chloe, pid, starts_at=at(2, 15, 0), repeat=4, method="reciprocal")
    focus = [x["focus"]["id"] for x in series]
    assert sorted(focus[:3]) == sorted(m.id for m in circle) and focus[3] == focus[0], focus
    assert all(x["method"] == "reciprocal" and x["location"] == "Room 4.2" for x in series)

    # --- the first session: agenda by all, notes by stage, actions, feedback ---
    first = series[0]["id"]
    for who in circle:
        ok(api(world, who, "POST", "/api/v1/sessions/%d/agenda" % first, {"body": "Topic from " + who.name}), 201)
    detail = ok(api(world, dev, "GET", "/api/v1/sessions/%d" % first))
    assert [n["stage"] for n in detail["notes"]] == ["predict", "question", "clarify", "summarize"]
    assert len(detail["agenda"]) == 3
    refused(api(world, dev, "PUT", "/api/v1/sessions/%d/notes" % first, {"stage": "goal", "body": "x"}), 422, "stage")
    for i, note in enumerate(detail["notes"]):
        ok(api(world, circle[i % 3], "PUT", "/api/v1/sessions/%d/notes" % first,
               {"stage": note["stage"], "body": "- point %d" % i}))
    ok(api(world, eli, "POST", "/api/v1/sessions/%d/actions" % first,
           {"owner_id": focus[0], "body": "Try the new opening"}), 201)
    hold(world, eli, first)
    for who in circle:
        is_focus = who.id == focus[0]
        refused(api(world, who, "POST", "/api/v1/sessions/%d/feedback" % first,
                    feedback_body(4, coaching=not is_focus)), 422)
        ok(api(world, who, "POST", "/api/v1/sessions/%d/feedback" % first,
               feedback_body(4, coaching=is_focus, comment="Thanks, " + who.name)), 201)
    assert len(ok(api(world, chloe, "GET", "/api/v1/sessions/%d" % first))["feedback"]) == 3
    coached = [m for m in circle if m.id != focus[0]]
    for who in coached:
        assert ok(api(world, who, "GET", "/api/v1/me/coaching-skills"))["coaching_skills"]["ratings"] == 1

    # --- balance: the same focus twice tilts it, and a swap is suggested ---
    second = series[1]["id"]
    ok(api(world, chloe, "PATCH", "/api/v1/sessions/%d" % second, {"focus_user_id": focus[0]}))
    hold(world, chloe, second)
    balance = ok(api(world, chloe, "GET", "/api/v1/partnerships/%d/sessions" % pid))["balance"]
    counts = {m["id"]: m["held_as_focus"] for m in balance["members"]}
    assert counts[focus[0]] == 2 and sorted(counts.values()) == [0, 0, 2]
    assert balance["suggest_swap"] is True and balance["suggested_focus"]["id"] != focus[0]
    refused(api(world, chloe, "PATCH", "/api/v1/sessions/%d" % second, {"minutes": 30}), 409)
    refused(set_status(s, chloe, series[2]["id"], status="missed", missed_by=dev.id), 409)
    ok(set_status(s, dev, series[2]["id"], status="cancelled", reason="Team offsite"))
    refused(api(world, dev, "POST", "/api/v1/sessions/%d/agenda" % series[2]["id"], {"body": "Late"}), 409)

    # --- one member leaves: the circle goes on with two ---
    ok(api(world, dev, "POST", "/api/v1/partnerships/%d/messages" % pid, {"body": "Thank you both."}), 201)
    left = ok(api(world, dev, "POST", "/api/v1/partnerships/%d/leave" % pid,
                  {"reason": "New role, less time", "wants_rematch": False}))["left"]
    assert left["partnership_ended"] is False
    view = ok(api(world, chloe, "GET", "/api/v1/partnerships/%d" % pid))["partnership"]
    assert view["state"] == "active" and dev.id not in [m["id"] for m in view["members"] if not m["has_left"]]
    lines = [m["body"] for m in messages(s, eli, pid)]
    assert any("has left the partnership" in line for line in lines)
    assert not any("New role" in line for line in lines)
    refused(api(world, dev, "GET", "/api/v1/partnerships/%d" % pid), 404)

    # --- the organizer ends it; members who stayed still read everything ---
    ok(api(world, org, "POST", "/api/v1/programs/%d/partnerships/%d/end" % (prog, pid)))
    refused(api(world, org, "POST", "/api/v1/programs/%d/partnerships/%d/end" % (prog, pid)), 409)
    for who in (chloe, eli):
        view = ok(api(world, who, "GET", "/api/v1/partnerships/%d" % pid))["partnership"]
        assert view["state"] == "ended" and view["end_kind"] == "organizer"
        detail = ok(api(world, who, "GET", "/api/v1/sessions/%d" % first))
        assert detail["notes"][0]["body"] == "- point 0" and len(detail["feedback"]) == 3
        assert "Thank you both." in [m["body"] for m in messages(s, who, pid)]
        ok(api(world, who, "GET", "/api/v1/partnerships/%d/agreement/versions/1" % pid))
    refused(api(world, eli, "POST", "/api/v1/partnerships/%d/messages" % pid, {"body": "Bye"}), 409)
    refused(api(world, eli, "PUT", "/api/v1/sessions/%d/notes" % first, {"stage": "predict", "body": "x"}), 409)
    refused(api(world, eli, "POST", "/api/v1/partnerships/%d/leave" % pid, {}), 409)
    refused(api(world, eli, "POST", "/api/v1/partnerships/%d/pause" % pid), 409)
    # The organizer sees metadata only.
    overview = str(ok(api(world, org, "GET", "/api/v1/programs/%d/partnerships" % prog)))
    assert "point 0" not in overview and "Thank you both" not in overview and "New role" not in overview
