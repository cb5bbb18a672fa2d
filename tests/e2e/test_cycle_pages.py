"""test_cycle_pages.py — the pair cycle once through the HTML forms, as a
browser without JavaScript would go through it (issue 3, "Tests"): every
POST carries the CSRF token parsed from the page it was sent from, every
success is a 303 that the test follows, and each page is checked for what
it should show. A forged token is refused without storing anything, and a
refused form comes back with the message and what was typed.
"""

import re

import pc
from pc import day
from partnerships_helpers import browser_for
from sessions_helpers import started, world  # noqa: F401


def follow(browser, r, starts_with=None):
    """A successful form post: 303 to a page that renders; its text."""
    assert r.status_code == 303, (r.request.url, r.status_code, r.text[:3000])
    location = r.headers["Location"]
    if starts_with:
        assert location.startswith(starts_with), location
    page = browser.get(location)
    assert page.status_code == 200, (location, page.status_code)
    assert 'name="csrf"' in page.text or "<form" not in page.text
    return page.text


def only_id(server, sql, *params):
    rows = server.db_rows(sql, *params)
    assert len(rows) == 1, rows
    return rows[0][0]


def test_pair_cycle_through_the_pages(world):
    s, p = world.server, world.people
    org, ana, ben = browser_for(s, p.organizer), browser_for(s, p.ana), browser_for(s, p.ben)

    # --- the organizer creates the program and opens enrollment ---
    form = {"name": "Pages pilot", "description": "Pairs that meet every week.", "objectives": "Listen more.",
            "method": "grow", "group_size": "2", "cadence": "weekly", "session_minutes": "45",
            "enroll_opens_on": day(0), "enroll_closes_on": day(10), "starts_on": day(12), "ends_on": day(100)}
    r = org.submit("/programs/new", "/programs", dict(form, name="Forged"), csrf="forged")
    assert r.status_code == 403
    r = org.submit("/programs/new", "/programs", dict(form, ends_on=day(-1)))
    assert r.status_code == 422 and "ends_on" in r.text and pc.field_value(r.text, "name") == "Pages pilot"
    assert s.db_rows("SELECT count(*) FROM programs")[0][0] == 0
    text = follow(org, org.submit("/programs/new", "/programs", form), "/programs/")
    prog = only_id(s, "SELECT id FROM programs WHERE name = 'Pages pilot'")
    assert "Pages pilot" in text and "draft" in text.lower()
    home = "/programs/%d" % prog
    follow(org, org.submit(home, home + "/state", {"state": "enrolling"}), home)

    # --- two people apply through the form ---
    for browser in (ana, ben):
        apply_page = browser.get(home + "/apply").text
        answers = {name: "yes" for name in re.findall(r'name="(q_\d+)"', apply_page)}
        assert len(answers) == 5
        text = follow(browser, browser.submit(home + "/apply", home + "/apply",
                                              dict(answers, goal_1="Ask better questions",
                                                   availability_confirmed="on")), home)
        assert "Your application is in" in text

    # --- accepted, running, paired ---
    for who in (p.ana, p.ben):
        eid = only_id(s, "SELECT id FROM enrollments WHERE program_id = ? AND user_id = ?", prog, who.id)
        follow(org, org.submit(home + "/enrollments", "/enrollments/%d" % eid, {"state": "accepted"}))
    follow(org, org.submit(home, home + "/state", {"state": "running"}), home)
    pairing = home + "/partnerships"
    r = org.submit(pairing, pairing, {"member_ids": [str(p.ana.id)]})
    assert r.status_code == 422 and "member_ids" in r.text
    text = follow(org, org.submit(pairing, pairing, {"member_ids": [str(p.ana.id), str(p.ben.id)]}), pairing)
    assert "Ana Souza" in text and "Ben Okafor" in text
    pid = only_id(s, "SELECT id FROM partnerships WHERE program_id = ?", prog)
    pair = "/partnerships/%d" % pid
    for browser in (ana, ben):
        assert "Accept" in browser.get(pair).text
        follow(browser, browser.submit(pair, pair + "/accept", {}), pair)
    assert "The agreement is not signed yet" in ana.get(pair).text

    # --- the agreement: edited (version 2), signed by both ---
    agreement = pair + "/agreement"
    body = pc.field_value(ana.get(agreement).text, "body")
    text = follow(ana, ana.submit(agreement, agreement, {"body": body + "\n\nPhones away during sessions.",
                                                         "cadence": "weekly", "session_minutes": "45",
                                                         "location": "Room 4B", "version": "1"}), agreement)
    assert "Version 2" in text and "Phones away during sessions." in text
    for browser in (ana, ben):
        follow(browser, browser.submit(agreement, agreement + "/sign", {"version": "2"}), agreement)
    assert "Signed by everyone" in ben.get(agreement).text

    # --- a shared goal with a check-in ---
    text = follow(ana, ana.submit("/goals/new", "/goals", {
        "title": "Speak up in reviews", "specific": "One question in every design review.", "measure": "number",
        "baseline": "0", "target": "4", "unit": "reviews", "target_date": day(40), "priority": "1",
        "visibility": "shared"}), "/goals/")
    gid = only_id(s, "SELECT id FROM goals WHERE owner_id = ?", p.ana.id)
    goal = "/goals/%d" % gid
    assert "Speak up in reviews" in text
    r = ana.submit(goal, goal + "/checkins", {"on_date": day(2), "value": "1", "confidence": "4"})
    assert r.status_code == 422 and "on_date" in r.text
    text = follow(ana, ana.submit(goal, goal + "/checkins", {"on_date": day(0), "value": "1", "confidence": "4",
                                                             "note": "Asked about the cache"}), goal)
    assert "Asked about the cache" in text and "25" in text and "<svg" in text
    assert "Speak up in reviews" in ben.get("/goals").text  # shared with the partner

    # --- sessions: a series of two, agenda, notes, actions, held ---
    sessions = pair + "/sessions"
    text = follow(ana, ana.submit(sessions, sessions, {"date": day(3), "time": "10:00", "repeat": "2",
                                                       "location": "Room 4B", "method": "grow",
                                                       "focus_user_id": str(p.ana.id)}), sessions)
    sid = s.db_rows("SELECT id FROM sessions WHERE partnership_id = ? ORDER BY starts_at", pid)[0][0]
    page = "/sessions/%d" % sid
    follow(ben, ben.submit(page, page + "/agenda", {"body": "Preparing the design review"}), page)
    notes = {"stage_goal": "Ask **one** question", "stage_reality": "Usually silent",
             "stage_options": "Write it down first", "stage_will": "Thursday's review"}
    follow(ben, ben.submit(page, page + "/notes", notes), page)
    text = follow(ben, ben.submit(page, page + "/actions", {"owner_id": str(p.ana.id),
                                                            "body": "Read the doc the day before", "due_on": day(6)}))
    assert "Preparing the design review" in text and "<strong>one</strong>" in text
    assert "Read the doc the day before" in text
    started(s, sid)
    text = follow(ben, ben.submit(page, page + "/status", {"status": "held"}), page)
    assert "Marked as held" in text

    # --- feedback from both; Ana, the focus, rates the coaching ---
    ratings = {k: "5" for k in ("useful", "safe", "listened", "questions_helped", "actionable")}
    coaching = {"coaching_listening": "5", "coaching_questioning": "4", "coaching_feedback": "4"}
    r = ana.submit(page, page + "/feedback", ratings)
    assert r.status_code == 422 and "coaching_listening is required" in r.text
    follow(ana, ana.submit(page, page + "/feedback", dict(ratings, **coaching, comment="Great questions.")), page)
    text = follow(ben, ben.submit(page, page + "/feedback", dict(ratings, comment="Thanks for trusting me.")), page)
    assert "Great questions." in text and "Thanks for trusting me." in text

    # --- a reflection on the session, a message ---
    assert "/reflections/new?session_id=%d" % sid in ana.get("/reflections").text
    new = "/reflections/new?session_id=%d" % sid
    text = follow(ana, ana.submit(new, "/reflections", {"body": "I *can* ask early.", "tag": "breakthrough",
                                                         "session_id": str(sid), "goal_id": ""}), "/reflections/")
    assert "<em>can</em>" in text
    thread = pair + "/messages"
    text = follow(ben, ben.submit(thread, thread, {"body": "See you **next week**"}), thread)
    assert "<strong>next week</strong>" in text

    # --- Ben leaves; Ana still reads the whole history ---
    leave = pair + "/leave"
    follow(ben, ben.submit(leave, leave, {"reason": "Changing teams", "wants_rematch": "on"}))
    text = ana.get(pair).text
    assert "Ended" in text or "ended" in text
    text = ana.get(page).text
    assert "<strong>one</strong>" in text and "Thanks for trusting me." in text
    text = ana.get(thread).text
    assert "See you" in text and "Ben Okafor has left the partnership" in text and "Changing teams" not in text
    # Ben's leave ended the pair, so he keeps its history too, read-only.
    r = ben.get(page)
    assert r.status_code == 200 and "Thanks for trusting me." in r.text
    assert ben.get(thread).status_code == 200
    assert "Changing teams" not in org.get(pairing).text
