"""Programs and enrollment through the HTML pages and forms, as a browser
without JavaScript uses them (CSRF on every form; a refused form is shown
again with the reason and what was typed; helpful empty states), and who
may open which page."""

import html
import re

from pc import csrf_from, field_value
from programs_helpers import (  # noqa: F401  (program_cast and world are fixtures)
    apply,
    browser_for,
    create_program,
    day,
    enrolling_program,
    get_program,
    program_cast,
    program_count,
    world,
)


def page(response, status=200):
    """The page's text as a reader sees it: no tags, spaces collapsed."""
    assert response.status_code == status, (response.status_code, response.text[:3000])
    assert response.headers["Content-Type"].startswith("text/html"), response.headers
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.text)))


def redirected(response, prefix):
    assert response.status_code == 303, (response.status_code, response.text[:3000])
    location = response.headers["Location"]
    assert location.startswith(prefix), location
    return location


def program_id_from(location):
    return int(re.match(r"/programs/(\d+)", location).group(1))


def checked(text, input_id):
    tag = re.search(r'<input[^>]*id="%s"[^>]*>' % re.escape(input_id), text)
    assert tag, input_id
    return " checked" in tag.group(0)


def form_fields(**changes):
    fields = {
        "name": "Teaching peers",
        "description": "Colleagues observing each other's classes.",
        "objectives": "One new practice a month.",
        "method": "observation",
        "group_size": "2",
        "cadence": "weekly",
        "session_minutes": "50",
        "enroll_opens_on": day(0),
        "enroll_closes_on": day(10),
        "starts_on": day(14),
        "ends_on": day(120),
    }
    fields.update(changes)
    return fields


def test_program_cycle_through_the_forms(world):
    p = world.people
    olu = browser_for(world, p.olu)
    r = olu.get("/programs")
    assert "Create your first program" in page(r) and 'href="/programs/new"' in r.text

    # A refused form comes back with the reason and what was typed.
    r = olu.submit("/programs/new", "/programs", form_fields(starts_on=day(-2), name="Typed name"))
    text = page(r, 422)
    assert "starts_on must not be in the past" in text
    assert field_value(r.text, "name") == "Typed name"
    assert re.search(r'<option value="observation" selected>', r.text)
    assert re.search(r'<option value="weekly" selected>', r.text)
    r = olu.submit("/programs/new", "/programs", form_fields(session_minutes="fifty"))
    assert "session_minutes must be a whole number" in page(r, 422)
    assert program_count(world) == 0

    location = redirected(olu.submit("/programs/new", "/programs", form_fields()), "/programs/")
    pid = program_id_from(location)
    text = page(olu.get(location))
    assert "Program created as a draft" in text
    assert "Teaching peers" in text and "Observation cycle" in text and "every week, 50 minutes" in text
    assert "keeping what is said in our sessions confidential" in text

    # Its own question and a co-organizer, from the program page.
    redirected(olu.submit(location, "/programs/%d/questions" % pid,
                          {"text": "I teach at least one class a week.", "is_required": "on"}), "/programs/%d" % pid)
    r = olu.submit(location, "/programs/%d/organizers" % pid, {"email": p.ana.email})
    assert "must name an organizer" in page(r, 422)
    assert field_value(r.text, "email") == p.ana.email
    redirected(olu.submit(location, "/programs/%d/organizers" % pid, {"email": p.oz.email}), "/programs/%d" % pid)
    program = get_program(world, p.olu.token, pid)
    assert program["questions"][-1]["text"] == "I teach at least one class a week."
    assert program["questions"][-1]["is_required"] is True
    assert [o["name"] for o in program["organizers"]] == ["Olu Organizer", "Oz Organizer"]

    # A forbidden transition shows the program page again with the reason.
    r = olu.submit(location, "/programs/%d/state" % pid, {"state": "running"})
    assert "Open enrollment first" in page(r, 409)
    redirected(olu.submit(location, "/programs/%d/state" % pid, {"state": "enrolling"}), "/programs/%d" % pid)

    # Edit: the stored values fill the form.
    edit = page(olu.get("/programs/%d/edit" % pid))
    assert field_value(olu.get("/programs/%d/edit" % pid).text, "session_minutes") == "50"
    assert "Save changes" in edit
    redirected(olu.submit("/programs/%d/edit" % pid, "/programs/%d" % pid,
                          form_fields(name="Teaching peers 2027")), "/programs/%d" % pid)
    assert get_program(world, p.olu.token, pid)["name"] == "Teaching peers 2027"

    # Ana finds it, applies; a refused pledge names itself and keeps her goals.
    ana = browser_for(world, p.ana)
    r = ana.get("/programs")
    assert "Teaching peers 2027" in page(r) and 'href="/programs/%d/apply"' % pid in r.text
    form = page(ana.get("/programs/%d/apply" % pid))
    questions = program["questions"]
    assert all(q["text"] in form for q in questions)
    answers = {"q_%d" % q["id"]: "yes" for q in questions}
    pledge = next(q for q in questions if q["is_required"])
    bad = dict(answers, **{"q_%d" % pledge["id"]: "no", "goal_1": "Ask better questions"})
    r = ana.submit("/programs/%d/apply" % pid, "/programs/%d/apply" % pid, bad)
    text = page(r, 422)
    assert "must accept these pledges" in text and pledge["text"] in text
    assert field_value(r.text, "goal_1") == "Ask better questions"
    assert checked(r.text, "q_%d_no" % pledge["id"])
    r = ana.submit("/programs/%d/apply" % pid, "/programs/%d/apply" % pid, dict(answers, goal_1="Ask better questions"))
    assert "availability_confirmed must be true" in page(r, 422)
    good = dict(answers, goal_1="Ask better questions", goal_2="", goal_3="Observe a colleague",
                availability_confirmed="on")
    location = redirected(ana.submit("/programs/%d/apply" % pid, "/programs/%d/apply" % pid, good), "/programs/%d" % pid)
    text = page(ana.get(location))
    assert "Your application is in" in text and "Your application is applied" in text
    assert "Ask better questions" in text and "Observe a colleague" in text
    assert "You have already applied" in page(ana.get("/programs/%d/apply" % pid))

    # Olu reads it and accepts it.
    text = page(olu.get("/programs/%d/enrollments" % pid))
    assert "Ana Souza" in text and "Ask better questions" in text
    enrollment = get_program(world, p.ana.token, pid)["my_enrollment"]
    redirected(olu.submit("/programs/%d/enrollments" % pid, "/enrollments/%d" % enrollment["id"], {"state": "accepted"}),
               "/programs/%d/enrollments" % pid)
    r = olu.submit("/programs/%d/enrollments" % pid, "/enrollments/%d" % enrollment["id"], {"state": "declined"})
    assert "already accepted" in page(r, 409)
    assert "Ana Souza" in page(olu.get("/programs/%d/enrollments?state=accepted" % pid))

    # Ana withdraws.
    redirected(ana.submit("/programs/%d" % pid, "/enrollments/%d/withdraw" % enrollment["id"], {}), "/programs/%d" % pid)
    text = page(ana.get("/programs/%d?notice=withdrawn" % pid))
    assert "Your application is withdrawn" in text and "Apply to this program" in text


def test_forms_need_their_csrf_token(world):
    p = world.people
    pid = enrolling_program(world, p.olu)
    olu, ana = browser_for(world, p.olu), browser_for(world, p.ana)
    for browser, path in ((olu, "/programs"), (olu, "/programs/%d" % pid), (olu, "/programs/%d/state" % pid),
                          (olu, "/programs/%d/questions" % pid), (olu, "/programs/%d/organizers" % pid),
                          (ana, "/programs/%d/apply" % pid)):
        r = browser.post(path, data={"state": "closed", "name": "x", "text": "Forged question"})
        assert r.status_code == 403, (path, r.status_code)
    assert get_program(world, p.olu.token, pid)["state"] == "enrolling"
    assert len(get_program(world, p.olu.token, pid)["questions"]) == 5
    assert program_count(world) == 1


def test_empty_states(world):
    p = world.people
    r = browser_for(world, p.ana).get("/programs")
    assert "No program is open for enrollment right now; your organizer will announce one." in page(r)
    assert 'href="/programs/new"' not in r.text
    pid = enrolling_program(world, p.olu)
    text = page(browser_for(world, p.olu).get("/programs/%d/enrollments" % pid))
    assert "No applications here yet" in text


def test_who_may_open_which_page(world):
    p = world.people
    draft = create_program(world, p.olu.token)["id"]
    visible = enrolling_program(world, p.olu)
    ana = browser_for(world, p.ana)
    assert ana.get("/programs/new").status_code == 403
    for path in ("/programs/%d", "/programs/%d/edit", "/programs/%d/apply", "/programs/%d/enrollments"):
        assert ana.get(path % draft).status_code == 404, path
    assert ana.get("/programs/%d/edit" % visible).status_code == 403
    assert ana.get("/programs/%d/enrollments" % visible).status_code == 403
    text = page(ana.get("/programs/%d" % visible))
    assert "Run this program" not in text and "Readiness questions" not in text
    r = ana.submit("/programs/%d" % visible, "/programs/%d/state" % visible, {"state": "closed"})
    assert r.status_code == 403
    assert get_program(world, p.olu.token, visible)["state"] == "enrolling"
    assert browser_for(world, p.oz).get("/programs/%d/edit" % draft).status_code == 404
    # Logged out: to the login page.
    r = world.browser().get("/programs/%d" % visible)
    assert r.status_code == 303 and r.headers["Location"] == "/login"


def test_bad_form_input_stores_nothing(world):
    p = world.people
    olu = browser_for(world, p.olu)
    r = olu.get("/programs/new")
    token = csrf_from(r.text)
    for body in ("name=%FF%FE&csrf=" + token, "name=a&name=b&csrf=" + token):
        r = olu.post("/programs", data=body.encode(),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert 400 <= r.status_code < 500, (body, r.status_code)
    r = olu.submit("/programs/new", "/programs", form_fields(name="n" * 121))
    assert "name must be at most 120 characters" in page(r, 422)
    r = olu.submit("/programs/new", "/programs", form_fields(group_size="9"))
    assert "group_size must be between 2 and 4" in page(r, 422)
    assert program_count(world) == 0
    pid = enrolling_program(world, p.olu)
    ana = browser_for(world, p.ana)
    questions = get_program(world, p.ana.token, pid)["questions"]
    answers = {"q_%d" % q["id"]: "yes" for q in questions}
    r = ana.submit("/programs/%d/apply" % pid, "/programs/%d/apply" % pid,
                   dict(answers, **{"q_%d" % questions[0]["id"]: "maybe", "goal_1": "Something"}))
    assert "answers must be yes or no" in page(r, 422)
    r = ana.submit("/programs/%d/apply" % pid, "/programs/%d/apply" % pid,
                   dict(answers, goal_1="g" * 201, availability_confirmed="on"))
    assert "goals must be at most 200 characters" in page(r, 422)
    assert world.db_rows("SELECT count(*) FROM enrollments")[0][0] == 0
