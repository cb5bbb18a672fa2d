"""Feedback after a held session and the coaching-skill trend (issue 3,
"Sessions", last point): each member once, only after the session is held;
the focus person alone rates the coaching received, and those ratings build
the coaches' trend, readable by them only; comments and ratings reach the
partnership's members and nobody else.

Organizers see feedback only as program averages over at least five
respondents; that rule lives in domain/feedback.c and is tested with seeded
data in tests/unit/test_session.c (the organizer health page that shows
it belongs to another area).
"""

import json

from pc import assert_error
from sessions_helpers import (  # noqa: F401  (world is a fixture)
    MARKER,
    browser_for,
    count,
    feedback_body,
    fetch,
    held,
    ok,
    partnership,
    schedule,
    session,
    world,
)


def give(server, who, session_id, body):
    return server.api("POST", "/api/v1/sessions/%d/feedback" % session_id, token=who.token, json_body=body)


def test_feedback_rules_through_the_api(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.ana, p.ben])
    upcoming = schedule(s, p.ana, pid)[0]["id"]
    error = assert_error(give(s, p.ana, upcoming, feedback_body()), 409, "invalid_state")
    assert "held" in error["message"]

    sid = held(s, p.ana, pid, focus=p.ben)  # Ben was coached, Ana coached
    before = count(s, "SELECT count(*) FROM feedback")
    bad = [
        (p.ana, feedback_body(coaching=True), "coaching_listening"),  # only the focus person rates coaching
        (p.ben, feedback_body(), "coaching_listening"),  # ...and the focus person must
        (p.ana, dict(feedback_body(), useful="4"), "useful"),
        (p.ana, dict(feedback_body(), safe=0), "safe"),
        (p.ana, dict(feedback_body(), listened=6), "listened"),
        (p.ana, dict(feedback_body(), actionable=4.5), "actionable"),
        (p.ana, {k: v for k, v in feedback_body().items() if k != "questions_helped"}, "questions_helped"),
        (p.ana, feedback_body(comment="x" * 2001), "comment"),
        (p.ana, feedback_body(comment=["x"]), "comment"),
        (p.ana, feedback_body(comment="bad \u0000 byte"), None),
        (p.ben, dict(feedback_body(coaching=True), coaching_feedback=9), "coaching_feedback"),
    ]
    for who, body, field in bad:
        r = give(s, who, sid, body)
        if field:
            assert_error(r, 422, field=field)
        else:
            assert r.status_code in (400, 422), r.text
    assert count(s, "SELECT count(*) FROM feedback") == before

    mine = ok(give(s, p.ana, sid, feedback_body(value=4, comment="Your *question* opened it up")), 201)["feedback"]
    assert mine["author"]["id"] == p.ana.id and mine["coaching"] is None
    assert mine["answers"] == {"useful": 4, "safe": 4, "listened": 4, "questions_helped": 4, "actionable": 4}
    assert mine["comment_html"] == "<p>Your <em>question</em> opened it up</p>\n"
    theirs = ok(give(s, p.ben, sid, dict(feedback_body(value=5, coaching=True), coaching_questioning=3)), 201)["feedback"]
    assert theirs["coaching"] == {"coaching_listening": 5, "coaching_questioning": 3, "coaching_feedback": 5}
    assert_error(give(s, p.ana, sid, feedback_body()), 409, "already_given")
    assert_error(give(s, p.ben, sid, feedback_body(coaching=True)), 409, "already_given")
    assert count(s, "SELECT count(*) FROM feedback WHERE session_id = ?", sid) == 2

    # Members see each other's, in full.
    for member in (p.ana, p.ben):
        shown = session(s, member, sid)
        assert {f["author"]["id"] for f in shown["feedback"]} == {p.ana.id, p.ben.id}
        assert not shown["can_give_feedback"]
    assert session(s, p.ben, sid)["is_focus"]


def test_coaching_skills_belong_to_the_coach_alone(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.chloe, p.dev, p.eli])
    # Dev is coached twice by Chloé and Eli, rating them 5/4/3 then 3/4/5.
    for ratings in ((5, 4, 3), (3, 4, 5)):
        sid = held(s, p.chloe, pid, focus=p.dev)
        body = dict(feedback_body(), coaching_listening=ratings[0], coaching_questioning=ratings[1],
                    coaching_feedback=ratings[2])
        ok(give(s, p.dev, sid, body), 201)
    skills = ok(s.get("/api/v1/me/coaching-skills", token=p.chloe.token))["coaching_skills"]
    assert skills["ratings"] == 2
    assert skills["overall"] == {"listening": 4.0, "questioning": 4.0, "feedback": 4.0}
    assert len(skills["months"]) == 1 and skills["months"][0]["ratings"] == 2
    assert ok(s.get("/api/v1/me/coaching-skills", token=p.eli.token))["coaching_skills"]["ratings"] == 2
    # Being coached does not rate your coaching.
    dev = ok(s.get("/api/v1/me/coaching-skills", token=p.dev.token))["coaching_skills"]
    assert dev == {"ratings": 0, "overall": None, "months": []}

    page = fetch(s, p.chloe, "/coaching")
    assert page.status_code == 200 and "Month by month" in page.text and "<meter" in page.text
    assert 'scope="col">Listening' in page.text
    empty = fetch(s, p.dev, "/coaching")
    assert empty.status_code == 200 and "No ratings yet" in empty.text
    # There is no way to ask for someone else's.
    assert s.get("/api/v1/me/coaching-skills").status_code == 401
    assert fetch(s, p.chloe, "/api/v1/users/%d/coaching-skills" % p.dev.id).status_code == 404


def test_feedback_through_the_form(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.eli, p.ana])
    sid = held(s, p.eli, pid, focus=p.eli)
    page = "/sessions/%d" % sid
    browser = browser_for(s, p.eli)
    text = browser.get(page).text
    for key in ("useful", "safe", "listened", "questions_helped", "actionable", "coaching_listening"):
        assert '<input type="radio" id="%s_1" name="%s" value="1" required>' % (key, key) in text
        assert '<label for="%s_5">5</label>' % key in text
    # Missing coaching ratings: the form comes back with what was ticked.
    form = {k: str(v) for k, v in feedback_body(value=3, comment="Kind and clear").items()}
    r = browser.submit(page, page + "/feedback", form)
    assert r.status_code == 422 and "coaching_listening is required" in r.text
    assert 'id="useful_3" name="useful" value="3" required checked' in r.text
    assert "Kind and clear</textarea>" in r.text
    form.update({"coaching_listening": "4", "coaching_questioning": "5", "coaching_feedback": "4"})
    r = browser.submit(page, page + "/feedback", form)
    assert r.status_code == 303 and "notice=feedback_given" in r.headers["Location"]
    text = browser.get(r.headers["Location"]).text
    assert "Thank you for your feedback." in text and "Kind and clear" in text
    assert 'action="%s/feedback"' % page not in text  # given once
    ana_text = browser_for(s, p.ana).get(page).text
    assert "From Eli Cohen" in ana_text and 'name="coaching_listening"' not in ana_text


def test_feedback_stays_inside_the_partnership(world):
    s, p = world.server, world.people
    pid = partnership(world, [p.ana, p.dev])
    sid = held(s, p.ana, pid, focus=p.ana)
    ok(give(s, p.ana, sid, feedback_body(coaching=True, comment="thanks " + MARKER)), 201)
    ok(give(s, p.dev, sid, feedback_body(comment="you too " + MARKER)), 201)
    assert MARKER in json.dumps(session(s, p.dev, sid))
    for person in (p.organizer, p.admin, p.manager, p.chloe, p.outsider):
        for path in ("/api/v1/sessions/%d" % sid, "/sessions/%d" % sid):
            r = fetch(s, person, path)
            assert r.status_code == 404 and MARKER not in r.text, (person.name, path)
        r = give(s, person, sid, feedback_body(coaching=True))
        assert r.status_code == 404 and MARKER not in r.text
        for path in ("/api/v1/me/coaching-skills", "/coaching", "/api/v1/dashboard", "/",
                     "/api/v1/partnerships/%d" % pid, "/api/v1/partnerships/%d/sessions" % pid):
            assert MARKER not in fetch(s, person, path).text, (person.name, path)
    assert count(s, "SELECT count(*) FROM feedback WHERE session_id = ?", sid) == 2
    assert MARKER not in s.stderr_text()
