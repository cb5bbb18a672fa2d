"""Goals through the JSON API and the pages (issue 3, "Goals"): SMART fields,
number and milestone measures, check-ins and progress, the adjustment
history, status transitions, the SVG chart, bad input on every route, and
who may see what: a shared goal is visible to the owner's partner, a
private one answers 404 to everyone but its owner, through every route.

The partnership between Ann and Ben is written into the database directly
(goals_helpers.py), not made through the partnerships API."""

import re

import pc
from pc import assert_error
from goals_helpers import (  # noqa: F401  (fixtures)
    OUTSIDERS,
    browser_for,
    coaching,
    coaching_seed,
    count,
    create_goal,
    day,
    milestone_goal,
    number_goal,
    ok,
    svg_of,
    write_rows,
)


def goal_count(server):
    return count(server, "SELECT count(*) FROM goals")


def checkin(server, person, goal_id, body, status=201):
    r = server.api("POST", "/api/v1/goals/%d/checkins" % goal_id, token=person.token, json_body=body)
    return ok(r, status) if status < 400 else r


def patch(server, person, goal_id, body):
    return server.api("PATCH", "/api/v1/goals/%d" % goal_id, token=person.token, json_body=body)


# --- the whole flow through the API ------------------------------------------------


def test_number_goal_flow_progress_adjustments_and_achievement(coaching):
    s, ann = coaching, coaching.ann
    goal = create_goal(s, ann, number_goal(program_id=1))["goal"]
    assert goal["owner"] == {"id": ann.id, "name": ann.name}
    assert goal["program"] == {"id": 1, "name": "Peer coaching pilot"}
    assert (goal["measure"], goal["baseline"], goal["target"], goal["unit"]) == ("number", 20, 5, "errors")
    assert (goal["status"], goal["visibility"], goal["priority"], goal["progress"]) == ("active", "private", 1, 0)
    assert goal["achieved_at"] is None and goal["checkins"] == [] and goal["adjustments"] == []
    gid = goal["id"]

    # A decreasing target: 20 errors down to 5; 14 is 40 % of the way.
    body = checkin(s, ann, gid, {"on_date": day(-3), "value": 14, "confidence": 4, "note": "Checklist helps"})
    assert body["achieved"] is False
    assert body["goal"]["progress"] == 40 and body["goal"]["latest_value"] == 14
    assert body["goal"]["checkins"][0]["note"] == "Checklist helps"
    # An older check-in does not replace the latest value.
    checkin(s, ann, gid, {"on_date": day(-10), "value": 5, "confidence": 2})
    assert ok(s.get("/api/v1/goals/%d" % gid, token=ann.token))["goal"]["progress"] == 40
    assert [c["on_date"] for c in s.get("/api/v1/goals/%d" % gid, token=ann.token).json()["goal"]["checkins"]] == [
        day(-3),
        day(-10),
    ]

    # Changing the target needs a reason, and the change is kept.
    assert_error(patch(s, ann, gid, {"target": 8}), 422, field="reason")
    assert count(s, "SELECT count(*) FROM goal_adjustments") == 0
    goal = ok(patch(s, ann, gid, {"target": 8, "target_date": day(120), "reason": "One quarter is short"}))["goal"]
    assert goal["target"] == 8 and goal["target_date"] == day(120)
    assert goal["progress"] == 50  # (20 - 14) / (20 - 8)
    history = goal["adjustments"]
    assert [(a["field"], a["old_value"], a["new_value"], a["reason"]) for a in history] == [
        ("target_date", day(90), day(120), "One quarter is short"),
        ("target", "5", "8", "One quarter is short"),
    ]
    # Free fields change without a reason and leave no history.
    goal = ok(patch(s, ann, gid, {"title": "Cleaner reports", "priority": 2, "target": 8}))["goal"]
    assert goal["title"] == "Cleaner reports" and len(goal["adjustments"]) == 2

    # Reaching the target achieves the goal.
    body = checkin(s, ann, gid, {"on_date": day(0), "value": 7.5, "confidence": 5})
    assert body["achieved"] is True
    goal = body["goal"]
    assert goal["status"] == "achieved" and goal["progress"] == 100 and goal["achieved_at"]
    assert goal["adjustments"][0]["field"] == "status" and goal["adjustments"][0]["new_value"] == "achieved"
    # Achieved goals take no check-ins until reopened.
    r = checkin(s, ann, gid, {"on_date": day(0), "value": 7, "confidence": 5}, status=409)
    assert_error(r, 409, code="invalid_state")
    goal = ok(patch(s, ann, gid, {"status": "active", "reason": "Want to hold it for a month"}))["goal"]
    assert goal["status"] == "active" and goal["achieved_at"] is None

    mine = ok(s.get("/api/v1/goals", token=ann.token))
    assert [g["id"] for g in mine["goals"]] == [gid] and mine["shared_with_me"] == []
    assert ok(s.get("/api/v1/goals?status=dropped", token=ann.token))["goals"] == []
    assert_error(s.get("/api/v1/goals?status=finished", token=ann.token), 422, field="status")


def test_milestone_goal_flow(coaching):
    s, ann = coaching, coaching.ann
    goal = create_goal(s, ann, milestone_goal())["goal"]
    gid = goal["id"]
    assert goal["baseline"] is None and goal["milestones_total"] == 3 and goal["progress"] == 0
    plan, rehearse, deliver = goal["milestones"]
    assert [m["text"] for m in goal["milestones"]] == ["Plan the outline", "Rehearse with my peer", "Deliver the first one"]

    body = checkin(s, ann, gid, {"on_date": day(-1), "milestone_id": plan["id"], "confidence": 4})
    assert body["goal"]["progress"] == 33 and body["goal"]["milestones"][0]["done"] is True
    # A note-only check-in is fine; the same milestone twice is not.
    checkin(s, ann, gid, {"on_date": day(0), "confidence": 3, "note": "Outline reviewed"})
    assert_error(
        checkin(s, ann, gid, {"on_date": day(0), "milestone_id": plan["id"], "confidence": 4}, status=409), 409
    )
    assert_error(checkin(s, ann, gid, {"on_date": day(0), "milestone_id": 999999, "confidence": 4}, status=422), 422,
                 field="milestone_id")
    assert_error(checkin(s, ann, gid, {"on_date": day(0), "value": 3, "confidence": 4}, status=422), 422, field="value")

    # The list changes with a reason; a kept milestone keeps its done state.
    assert_error(patch(s, ann, gid, {"milestones": ["Plan the outline", "Deliver the first one"]}), 422, field="reason")
    goal = ok(patch(s, ann, gid, {"milestones": ["Plan the outline", "Deliver the first one"],
                                  "reason": "Rehearsing is part of delivering"}))["goal"]
    assert [(m["text"], m["done"]) for m in goal["milestones"]] == [("Plan the outline", True), ("Deliver the first one", False)]
    assert goal["progress"] == 50
    assert goal["adjustments"][0]["old_value"] == "Plan the outline\nRehearse with my peer\nDeliver the first one"
    assert_error(patch(s, ann, gid, {"baseline": 3}), 422, field="baseline")
    assert_error(patch(s, ann, gid, {"measure": "number"}), 422, field="measure")

    body = checkin(s, ann, gid, {"on_date": day(0), "milestone_id": deliver["id"], "confidence": 5})
    assert body["achieved"] is True and body["goal"]["status"] == "achieved"


def test_every_disallowed_transition_is_a_409(coaching):
    s, ann = coaching, coaching.ann
    gid = create_goal(s, ann, number_goal())["goal"]["id"]
    refused = {
        "paused": ["achieved"],
        "dropped": ["achieved", "paused"],
        "achieved": ["paused", "dropped"],
    }
    path = {"paused": ["paused"], "dropped": ["dropped"], "achieved": ["achieved"]}
    for state, targets in refused.items():
        for step in path[state]:
            ok(patch(s, ann, gid, {"status": step}))
        for target in targets:
            error = assert_error(patch(s, ann, gid, {"status": target}), 409, code="invalid_state")
            assert state in error["message"] and target in error["message"]
        # Closed and paused goals refuse check-ins with a clear message.
        error = assert_error(checkin(s, ann, gid, {"on_date": day(0), "value": 9, "confidence": 3}, status=409), 409)
        assert "active" in error["message"]
        if state in ("achieved", "dropped"):
            error = assert_error(patch(s, ann, gid, {"title": "Renamed"}), 409, code="invalid_state")
            assert "reopen" in error["message"]
            ok(patch(s, ann, gid, {"visibility": "shared"}))  # still allowed
        ok(patch(s, ann, gid, {"status": "active"}))
    assert_error(patch(s, ann, gid, {"status": "finished"}), 422, field="status")
    statuses = [r[0] for r in s.db_rows("SELECT new_value FROM goal_adjustments WHERE field = 'status' ORDER BY id")]
    assert statuses == ["paused", "active", "dropped", "active", "achieved", "active"]
    assert count(s, "SELECT count(*) FROM goal_checkins") == 0


# --- bad input ------------------------------------------------------------------------


def test_bad_input_on_every_goal_route_stores_nothing(coaching):
    s, ann = coaching, coaching.ann
    cases = [
        ({k: v for k, v in number_goal().items() if k != "title"}, "title"),
        (number_goal(title=""), "title"),
        (number_goal(title="   "), "title"),
        (number_goal(title=42), "title"),
        (number_goal(title="x" * 121), "title"),
        (number_goal(title="two\nlines"), "title"),
        (number_goal(specific="y" * 2001), "specific"),
        (number_goal(baseline="20"), "baseline"),
        (number_goal(target=None), "target"),
        (number_goal(target=20), "target"),
        (number_goal(target=1e300), "target"),
        (number_goal(target_date=day(-1)), "target_date"),
        (number_goal(target_date="2026-02-30"), "target_date"),
        (number_goal(target_date="next week"), "target_date"),
        (number_goal(target_date=20260101), "target_date"),
        (number_goal(priority=0), "priority"),
        (number_goal(priority="1"), "priority"),
        (number_goal(visibility="public"), "visibility"),
        (number_goal(program_id=99), "program_id"),
        (number_goal(program_id="1"), "program_id"),
        (number_goal(measure="feelings"), "measure"),
        (number_goal(milestones=["a"]), "milestones"),
        (number_goal(unit="u" * 31), "unit"),
        (number_goal(owner_id=2), "owner_id"),
        (milestone_goal(milestones=[]), "milestones"),
        (milestone_goal(milestones="Plan"), "milestones"),
        (milestone_goal(milestones=["a", 3]), "milestones"),
        (milestone_goal(milestones=["same", "same"]), "milestones"),
        (milestone_goal(milestones=["m%d" % i for i in range(31)]), "milestones"),
        (milestone_goal(baseline=1), "baseline"),
    ]
    for body, field in cases:
        assert_error(s.api("POST", "/api/v1/goals", token=ann.token, json_body=body), 422, field=field)
    # Not an object, not JSON, not UTF-8, not JSON's content type.
    for data, status in ((b"[1, 2]", 400), (b"{\"title\": ", 400), (b'{"title": "\xff\xfe"}', 400)):
        r = s.api("POST", "/api/v1/goals", token=ann.token, data=data, headers={"Content-Type": "application/json"})
        assert_error(r, status)
    r = s.api("POST", "/api/v1/goals", token=ann.token, data=b"title=x",
              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(r, 415)
    assert_error(s.api("POST", "/api/v1/goals", json_body=number_goal()), 401)
    assert goal_count(s) == 0

    gid = create_goal(s, ann, number_goal())["goal"]["id"]
    for body, field in [
        ({"title": ""}, "title"),
        ({"priority": 9}, "priority"),
        ({"target_date": day(-5), "reason": "r"}, "target_date"),
        ({"baseline": "x"}, "baseline"),
        ({"milestones": ["a"]}, "milestones"),
        ({"target": 6, "reason": "r" * 501}, "reason"),
        ({"target": 6, "reason": 7}, "reason"),
        ({"status": 3}, "status"),
        ({"unknown": 1}, "unknown"),
    ]:
        assert_error(patch(s, ann, gid, body), 422, field=field)
    for body, field in [
        ({"value": 3, "confidence": 3}, "on_date"),
        ({"on_date": day(1), "value": 3, "confidence": 3}, "on_date"),
        ({"on_date": "2026-13-01", "value": 3, "confidence": 3}, "on_date"),
        ({"on_date": day(0), "confidence": 3}, "value"),
        ({"on_date": day(0), "value": "3", "confidence": 3}, "value"),
        ({"on_date": day(0), "value": 3}, "confidence"),
        ({"on_date": day(0), "value": 3, "confidence": 0}, "confidence"),
        ({"on_date": day(0), "value": 3, "confidence": 2.5}, "confidence"),
        ({"on_date": day(0), "value": 3, "confidence": 3, "note": "n" * 2001}, "note"),
        ({"on_date": day(0), "value": 3, "confidence": 3, "note": "bell\x07"}, "note"),
        ({"on_date": day(0), "value": 3, "confidence": 3, "milestone_id": 1}, "milestone_id"),
    ]:
        assert_error(checkin(s, ann, gid, body, status=422), 422, field=field)
    goal = ok(s.get("/api/v1/goals/%d" % gid, token=ann.token))["goal"]
    assert goal["title"] == number_goal()["title"] and goal["priority"] == 1 and goal["target"] == 5
    assert count(s, "SELECT count(*) FROM goal_checkins") == 0
    assert count(s, "SELECT count(*) FROM goal_adjustments") == 0
    for path in ("/api/v1/goals/0", "/api/v1/goals/abc", "/api/v1/goals/99999", "/api/v1/goals/-1"):
        assert_error(s.get(path, token=ann.token), 404)


# --- the chart ---------------------------------------------------------------------------


def test_goal_page_chart_is_well_formed_accessible_svg(coaching):
    s, ann = coaching, coaching.ann
    title = 'Less <b>rework</b> & "noise"'
    gid = create_goal(s, ann, number_goal(title=title, unit="<i>errs</i>"))["goal"]["id"]
    checkin(s, ann, gid, {"on_date": day(-20), "value": 17, "confidence": 3})
    checkin(s, ann, gid, {"on_date": day(-5), "value": 11.25, "confidence": 4})
    r = browser_for(s, ann).get("/goals/%d" % gid)
    assert r.status_code == 200
    text, svg = svg_of(r.text)
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.tag == ns + "svg" and svg.get("role") == "img"
    title_el, desc_el = svg.find(ns + "title"), svg.find(ns + "desc")
    assert title_el.text == "Progress of “%s”" % title
    assert "11.25 <i>errs</i>" in desc_el.text and "Target 5 <i>errs</i>" in desc_el.text
    assert set(svg.get("aria-labelledby").split()) == {title_el.get("id"), desc_el.get("id")}
    assert "<b>" not in text and "<i>" not in text
    for element in svg.iter():
        assert "style" not in element.attrib and not element.tag.endswith("script")
    circles = svg.findall(ns + "circle")
    assert len(circles) == 3  # the start and two check-ins
    assert svg.find(ns + "polyline") is not None
    assert any(line.get("stroke-dasharray") for line in svg.findall(ns + "line"))
    # A milestone goal draws too, even before any check-in.
    mid = create_goal(s, ann, milestone_goal())["goal"]["id"]
    _, svg = svg_of(browser_for(s, ann).get("/goals/%d" % mid).text)
    assert "0 of 3 milestones" in svg.find(ns + "desc").text


# --- pages ---------------------------------------------------------------------------------


def test_goal_pages_through_the_forms(coaching):
    s, ann = coaching, coaching.ann
    b = browser_for(s, ann)
    page = b.get("/goals")
    assert page.status_code == 200 and "Set your first goal" in page.text and "SMART" in page.text

    # A refused form comes back with the message and what was typed.
    form = {"title": "Speak up in meetings", "specific": "Share one idea per weekly meeting",
            "measure": "number", "baseline": "0", "target": "abc", "unit": "ideas",
            "target_date": day(30), "priority": "2", "visibility": "shared"}
    r = b.submit("/goals/new", "/goals", form)
    assert r.status_code == 422 and "target must be a number" in r.text
    assert pc.field_value(r.text, "title") == "Speak up in meetings"
    assert goal_count(s) == 0
    form["target"] = "4"
    r = b.submit("/goals/new", "/goals", form)
    assert r.status_code == 303, r.text[:2000]
    location = r.headers["Location"]
    gid = int(re.match(r"/goals/(\d+)\?notice=goal_created$", location).group(1))
    page = b.get("/goals/%d" % gid).text
    assert "Speak up in meetings" in page and "shared with your partners" in page and "<svg" in page

    # Check in through the goal page's form.
    r = b.submit("/goals/%d" % gid, "/goals/%d/checkins" % gid,
                 {"on_date": day(0), "value": "1", "confidence": "4", "note": "Proposed the retro format"})
    assert r.status_code == 303 and r.headers["Location"].endswith("notice=checkin_saved")
    r = b.submit("/goals/%d" % gid, "/goals/%d/checkins" % gid, {"on_date": day(3), "value": "2", "confidence": "4"})
    assert r.status_code == 422 and "on_date must not be in the future" in r.text
    page = b.get("/goals/%d" % gid).text
    assert "Proposed the retro format" in page and "25%" in page

    # Edit the plan: a target change without a reason is refused, then kept.
    edit = b.get("/goals/%d/edit" % gid).text
    assert pc.field_value(edit, "target") == "4"
    fields = {"title": "Speak up in meetings", "specific": "Share one idea per weekly meeting",
              "baseline": "0", "target": "6", "unit": "ideas", "target_date": day(30), "priority": "1",
              "visibility": "shared", "program_id": "", "reason": ""}
    r = b.submit("/goals/%d/edit" % gid, "/goals/%d" % gid, fields)
    assert r.status_code == 422 and "reason is required" in r.text and pc.field_value(r.text, "target") == "6"
    fields["reason"] = "Four came easily"
    r = b.submit("/goals/%d/edit" % gid, "/goals/%d" % gid, fields)
    assert r.status_code == 303
    page = b.get("/goals/%d" % gid).text
    assert "History of changes" in page and "Four came easily" in page

    # Status through the page's form; a refused change shows the page again.
    r = b.submit("/goals/%d" % gid, "/goals/%d/status" % gid, {"status": "paused", "reason": "Busy month"})
    assert r.status_code == 303 and r.headers["Location"].endswith("notice=goal_status")
    r = b.submit("/goals/%d" % gid, "/goals/%d/status" % gid, {"status": "achieved"})
    assert r.status_code == 409 and "cannot become achieved" in r.text
    r = b.post("/goals/%d/status" % gid, data={"status": "active"})  # no CSRF token
    assert r.status_code == 403
    listing = b.get("/goals").text
    assert "Speak up in meetings" in listing and 'class="goal-progress"' in listing


# --- who may see what ------------------------------------------------------------------------


def test_shared_goal_visible_to_partner_private_goal_404_to_everyone_else(coaching):
    s, ann, ben = coaching, coaching.ann, coaching.ben
    secret, shared_marker = "GOALMARKER-private-7c1e", "GOALMARKER-shared-2b9d"
    private = create_goal(s, ann, number_goal(title=secret, specific=secret, unit="u" + secret[-4:]))["goal"]["id"]
    checkin(s, ann, private, {"on_date": day(0), "value": 15, "confidence": 3, "note": secret})
    ok(patch(s, ann, private, {"target": 4, "reason": secret}))
    shared = create_goal(s, ann, milestone_goal(title=shared_marker, visibility="shared"))["goal"]["id"]

    # The partner reads the shared goal (API and page) but cannot change it.
    goal = ok(s.get("/api/v1/goals/%d" % shared, token=ben.token))["goal"]
    assert goal["title"] == shared_marker and goal["owner"]["id"] == ann.id
    listing = ok(s.get("/api/v1/goals", token=ben.token))
    assert listing["goals"] == [] and [g["id"] for g in listing["shared_with_me"]] == [shared]
    page = browser_for(s, ben).get("/goals/%d" % shared)
    assert page.status_code == 200 and shared_marker in page.text and "Save check-in" not in page.text
    assert_error(patch(s, ben, shared, {"title": "hijacked"}), 403)
    assert_error(checkin(s, ben, shared, {"on_date": day(0), "confidence": 3}, status=403), 403)
    assert browser_for(s, ben).get("/goals/%d/edit" % shared).status_code == 403

    # Everyone else gets 404 on the shared goal; everyone but Ann on the private one.
    seen = []  # (who, response)
    for key in OUTSIDERS:
        person = getattr(s, key)
        targets = [private] if key == "ben" else [private, shared]
        for gid in targets:
            for method, path, body in (
                ("GET", "/api/v1/goals/%d" % gid, None),
                ("PATCH", "/api/v1/goals/%d" % gid, {"title": "x"}),
                ("POST", "/api/v1/goals/%d/checkins" % gid, {"on_date": day(0), "value": 1, "confidence": 3}),
            ):
                r = s.api(method, path, token=person.token, json_body=body)
                assert_error(r, 404)
                seen.append((key, r))
            b = browser_for(s, person)
            for path in ("/goals/%d" % gid, "/goals/%d/edit" % gid):
                r = b.get(path)
                assert r.status_code == 404, (key, path, r.status_code)
                seen.append((key, r))
            for path, form in (("/goals/%d" % gid, {"title": "x"}),
                               ("/goals/%d/status" % gid, {"status": "dropped"}),
                               ("/goals/%d/checkins" % gid, {"on_date": day(0), "value": "1", "confidence": "3"})):
                r = b.post(path, data=dict(form, csrf=b.csrf("/goals")))
                assert r.status_code == 404, (key, path, r.status_code)
                seen.append((key, r))
        listing = s.get("/api/v1/goals", token=person.token)
        assert private not in [g["id"] for g in listing.json()["shared_with_me"]]
        seen.append((key, listing))
        seen.append((key, browser_for(s, person).get("/goals")))
    # A guessed id that does not exist answers exactly like someone else's goal.
    missing = s.get("/api/v1/goals/%d" % (shared + 1000), token=s.cy.token)
    assert (missing.status_code, missing.text) == (404, seen[0][1].text)
    for key, r in seen:
        assert secret not in r.text, (key, r.request.url)
        assert key == "ben" or shared_marker not in r.text, (key, r.request.url)
    assert secret not in s.stderr_text() and shared_marker not in s.stderr_text()
    # Nothing changed.
    assert s.db_rows("SELECT title, status FROM goals WHERE id = ?", private) == [(secret, "active")]
    assert count(s, "SELECT count(*) FROM goal_checkins") == 1

    # Leaving the partnership ends the partner's view of the shared goal.
    write_rows(s, [("UPDATE partnership_members SET left_at = 1 WHERE user_id = ?", (ben.id,))])
    assert_error(s.get("/api/v1/goals/%d" % shared, token=ben.token), 404)
