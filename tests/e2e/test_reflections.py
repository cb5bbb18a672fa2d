"""Reflections through the JSON API and the pages (issue 3, "Reflections"):
a private journal in Markdown, tied to a session or a goal, tagged; the
timeline with its tag filter and month groups; the prompt to reflect after
a held session; editing and deleting; bad input; and the rule that a
reflection is its author's alone — partner, other participant, organizer,
admin and manager all get 404 through every route, and a marker written
into it never reaches them or the server's log.

Partnerships and sessions are written into the database directly
(goals_helpers.py), not made through their APIs."""

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
    write_rows,
)


def create(server, person, body, status=201):
    r = server.api("POST", "/api/v1/reflections", token=person.token, json_body=body)
    return ok(r, status) if status < 400 else r


def reflection_count(server):
    return count(server, "SELECT count(*) FROM reflections")


def test_reflection_flow_links_tags_timeline_and_delete(coaching):
    s, ann = coaching, coaching.ann
    goal_id = create_goal(s, ann, number_goal())["goal"]["id"]

    # The held session of two days ago waits for a reflection.
    listing = ok(s.get("/api/v1/reflections", token=ann.token))
    assert listing["reflections"] == [] and [p["id"] for p in listing["pending_sessions"]] == [1]
    assert listing["pending_sessions"][0]["partners"] == s.ben.name

    first = create(s, ann, {"body": "## What worked\n\nAsking *open* questions.", "tag": "insight",
                            "session_id": 1})["reflection"]
    assert first["tag"] == "insight" and first["session"]["id"] == 1 and first["goal"] is None
    assert "<h2>What worked</h2>" in first["body_html"] and "<em>open</em>" in first["body_html"]
    second = create(s, ann, {"body": "Cut the errors by a third.", "tag": "milestone",
                             "goal_id": goal_id})["reflection"]
    assert second["goal"] == {"id": goal_id, "title": number_goal()["title"]}
    third = create(s, ann, {"body": "Untagged thought", "tag": None, "session_id": 2})["reflection"]
    assert third["tag"] is None

    listing = ok(s.get("/api/v1/reflections", token=ann.token))
    assert [r["id"] for r in listing["reflections"]] == [third["id"], second["id"], first["id"]]
    assert listing["pending_sessions"] == []  # reflected on
    tagged = ok(s.get("/api/v1/reflections?tag=milestone", token=ann.token))
    assert [r["id"] for r in tagged["reflections"]] == [second["id"]] and tagged["tag"] == "milestone"

    # Edit: change the tag, untie the session, tie the goal.
    changed = ok(s.api("PATCH", "/api/v1/reflections/%d" % first["id"], token=ann.token,
                       json_body={"tag": "breakthrough", "session_id": None, "goal_id": goal_id}))["reflection"]
    assert changed["tag"] == "breakthrough" and changed["session"] is None and changed["goal"]["id"] == goal_id
    assert changed["body"] == first["body"]
    assert [p["id"] for p in ok(s.get("/api/v1/reflections", token=ann.token))["pending_sessions"]] == [1]

    r = s.api("DELETE", "/api/v1/reflections/%d" % first["id"], token=ann.token)
    assert r.status_code == 204 and r.content == b""
    assert_error(s.get("/api/v1/reflections/%d" % first["id"], token=ann.token), 404)
    assert_error(s.api("DELETE", "/api/v1/reflections/%d" % first["id"], token=ann.token), 404)
    assert reflection_count(s) == 2


def test_links_must_be_the_authors_own(coaching):
    s, ann, ben = coaching, coaching.ann, coaching.ben
    bens_private = create_goal(s, ben, number_goal())["goal"]["id"]
    bens_shared = create_goal(s, ben, milestone_goal(visibility="shared"))["goal"]["id"]
    for body, field in (
        ({"body": "x", "session_id": 3}, "session_id"),  # Cy and Mia's session
        ({"body": "x", "session_id": 999}, "session_id"),  # no such session
        ({"body": "x", "session_id": "1"}, "session_id"),
        ({"body": "x", "goal_id": bens_private}, "goal_id"),
        ({"body": "x", "goal_id": bens_shared}, "goal_id"),  # readable, but not Ann's
        ({"body": "x", "goal_id": 0}, "goal_id"),
    ):
        error = assert_error(create(s, ann, body, status=422), 422, field=field)
        assert "exist" not in error["message"]
    # The same message whether the session exists or not.
    a = create(s, ann, {"body": "x", "session_id": 3}, status=422).json()
    b = create(s, ann, {"body": "x", "session_id": 999}, status=422).json()
    assert a == b
    assert reflection_count(s) == 0
    # Once tied, a link survives leaving the partnership; a new tie does not.
    rid = create(s, ann, {"body": "Before I left", "session_id": 1})["reflection"]["id"]
    write_rows(s, [("UPDATE partnership_members SET left_at = 1 WHERE user_id = ?", (ann.id,))])
    ok(s.api("PATCH", "/api/v1/reflections/%d" % rid, token=ann.token, json_body={"body": "Edited", "session_id": 1}))
    assert_error(create(s, ann, {"body": "x", "session_id": 2}, status=422), 422, field="session_id")


def test_bad_input_on_every_reflection_route_stores_nothing(coaching):
    s, ann = coaching, coaching.ann
    for body, field in (
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": "  \n\t "}, "body"),
        ({"body": 7}, "body"),
        ({"body": None}, "body"),
        ({"body": "b" * 20001}, "body"),
        ({"body": "nul-free but bell \x07"}, "body"),
        ({"body": "x", "tag": "rant"}, "tag"),
        ({"body": "x", "tag": ["insight"]}, "tag"),
        ({"body": "x", "goal_id": "3"}, "goal_id"),
        ({"body": "x", "mood": "fine"}, "mood"),
    ):
        assert_error(create(s, ann, body, status=422), 422, field=field)
    r = s.api("POST", "/api/v1/reflections", token=ann.token, data=b'{"body": "\xc3\x28"}',
              headers={"Content-Type": "application/json"})
    assert_error(r, 400)
    assert_error(s.api("POST", "/api/v1/reflections", token=ann.token, data=b"[]",
                       headers={"Content-Type": "application/json"}), 400)
    assert_error(s.api("POST", "/api/v1/reflections", json_body={"body": "x"}), 401)
    assert create(s, ann, {"body": "b" * 20000})["reflection"]["id"]
    assert reflection_count(s) == 1

    rid = create(s, ann, {"body": "Keep me", "tag": "challenge"})["reflection"]["id"]
    for body, field in (({"body": ""}, "body"), ({"tag": "other"}, "tag"), ({"session_id": 3}, "session_id"),
                        ({"author_id": 2}, "author_id")):
        assert_error(s.api("PATCH", "/api/v1/reflections/%d" % rid, token=ann.token, json_body=body), 422,
                     field=field)
    assert s.db_rows("SELECT body, tag FROM reflections WHERE id = ?", rid) == [("Keep me", "challenge")]
    assert_error(s.get("/api/v1/reflections?tag=rant", token=ann.token), 422, field="tag")
    for path in ("/api/v1/reflections/0", "/api/v1/reflections/x1", "/api/v1/reflections/99999"):
        assert_error(s.get(path, token=ann.token), 404)


def test_reflections_are_never_visible_to_anyone_but_the_author(coaching):
    s, ann = coaching, coaching.ann
    marker = "REFLECTIONMARKER-5f3a9e"
    rid = create(s, ann, {"body": "Private %s about my manager" % marker, "tag": "challenge",
                          "session_id": 1})["reflection"]["id"]
    pending_before = None
    seen = []
    for key in OUTSIDERS:
        person = getattr(s, key)
        for method, path, body in (
            ("GET", "/api/v1/reflections/%d" % rid, None),
            ("PATCH", "/api/v1/reflections/%d" % rid, {"body": "overwritten"}),
            ("DELETE", "/api/v1/reflections/%d" % rid, None),
        ):
            r = s.api(method, path, token=person.token, json_body=body)
            assert_error(r, 404)
            seen.append(r)
        listing = s.get("/api/v1/reflections", token=person.token)
        assert listing.status_code == 200 and listing.json()["reflections"] == []
        seen.append(listing)
        b = browser_for(s, person)
        for path in ("/reflections/%d" % rid, "/reflections/%d/edit" % rid):
            r = b.get(path)
            assert r.status_code == 404, (key, path)
            seen.append(r)
        for path, form in (("/reflections/%d" % rid, {"body": "overwritten"}),
                           ("/reflections/%d/delete" % rid, {"confirm": "yes"})):
            r = b.post(path, data=dict(form, csrf=b.csrf("/reflections")))
            assert r.status_code == 404, (key, path)
            seen.append(r)
        seen.append(b.get("/reflections"))
        seen.append(b.get("/reflections/new?session_id=1"))
        if key == "ben":
            # Ann's reflection does not clear Ben's own prompt for session 1.
            pending_before = [p["id"] for p in listing.json()["pending_sessions"]]
    assert pending_before == [1]
    missing = s.get("/api/v1/reflections/%d" % (rid + 500), token=s.cy.token)
    assert (missing.status_code, missing.text) == (404, seen[0].text)
    for r in seen:
        assert marker not in r.text, r.request.url
    assert marker not in s.stderr_text()
    assert s.db_rows("SELECT body FROM reflections WHERE id = ?", rid) == [("Private %s about my manager" % marker,)]
    assert marker in ok(s.get("/api/v1/reflections/%d" % rid, token=ann.token))["reflection"]["body"]


def test_journal_pages_through_the_forms(coaching):
    s, ann = coaching, coaching.ann
    b = browser_for(s, ann)
    page = b.get("/reflections").text
    assert "Start your journal" in page and "Write your first reflection" in page
    assert "Time to reflect" in page and "/reflections/new?session_id=1" in page and s.ben.name in page

    form = b.get("/reflections/new?session_id=1").text
    assert re.search(r'<option value="1" selected>', form), form[:3000]
    assert "What worked well" in form and "What would you change" in form and "How will you apply" in form
    r = b.submit("/reflections/new?session_id=1", "/reflections",
                 {"body": "   ", "tag": "insight", "session_id": "1", "goal_id": ""})
    assert r.status_code == 422 and "body is required" in r.text
    assert reflection_count(s) == 0
    r = b.submit("/reflections/new?session_id=1", "/reflections",
                 {"body": "I listened **more** than I talked.", "tag": "breakthrough", "session_id": "1",
                  "goal_id": ""})
    assert r.status_code == 303, r.text[:2000]
    rid = int(re.match(r"/reflections/(\d+)\?notice=reflection_saved$", r.headers["Location"]).group(1))
    page = b.get("/reflections/%d" % rid).text
    assert "<strong>more</strong>" in page and "Breakthrough" in page

    timeline = b.get("/reflections").text
    assert "Time to reflect" not in timeline
    month = re.search(r"<h2>(\w+ \d{4})</h2>", timeline)
    assert month and "<strong>more</strong>" in timeline
    assert "No reflection has this tag yet" in b.get("/reflections?tag=challenge").text
    assert "<strong>more</strong>" in b.get("/reflections?tag=breakthrough").text

    edit = b.get("/reflections/%d/edit" % rid).text
    assert pc.field_value(edit, "body") == "I listened **more** than I talked."
    r = b.submit("/reflections/%d/edit" % rid, "/reflections/%d" % rid,
                 {"body": "I listened more.", "tag": "", "session_id": "1", "goal_id": ""})
    assert r.status_code == 303
    assert s.db_rows("SELECT body, tag FROM reflections WHERE id = ?", rid) == [("I listened more.", "")]

    # Deleting needs the box ticked.
    r = b.submit("/reflections/%d" % rid, "/reflections/%d/delete" % rid, {})
    assert r.status_code == 422 and "confirm must be ticked" in r.text
    assert reflection_count(s) == 1
    r = b.submit("/reflections/%d" % rid, "/reflections/%d/delete" % rid, {"confirm": "yes"})
    assert r.status_code == 303 and r.headers["Location"] == "/reflections?notice=reflection_deleted"
    assert reflection_count(s) == 0
    assert "Reflection deleted." in b.get(r.headers["Location"]).text
