"""Web-layer review checks: a member's location only becomes a link when
it is a plain http(s) URL, the same rule for agreements and sessions
(web/view.c view_is_web_link); notices are shown only for our own codes;
a failed form post never shows a typed *_html field raw; the login form's
next never leaves the site."""

import html
import re

import pytest

import partnerships_helpers as h


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = h.start_world(tmp_path_factory, "review_web")
    yield w
    h.stop_world(w)


@pytest.fixture(scope="module")
def pid(world):
    s, p = world.server, world.people
    prog = h.make_program(s, p.organizer.token, [p.ana, p.ben])
    return h.active_partnership(s, p.organizer.token, prog, [p.ana, p.ben])


def set_location(world, pid, location):
    path = "/api/v1/partnerships/%d/agreement" % pid
    token = world.people.ana.token
    version = world.server.get(path, token=token).json()["agreement"]["version"]
    r = world.server.api("PATCH", path, token=token,
                         json_body={"location": location, "version": version})
    assert r.status_code == 200, r.text[:2000]


def agreement_page(world, pid):
    r = h.fetch(world.server, world.people.ana, "/partnerships/%d/agreement" % pid)
    assert r.status_code == 200, r.text[:2000]
    return r.text


@pytest.mark.parametrize("location, is_link", [
    ("https://meet.example.org/room-7", True),
    ("http://meet.example.org/room-7", True),
    ("javascript:alert(1)", False),
    ("Room 4.12", False),
    ('https://meet.example.org/"onmouseover="x', False),
    ("https://meet.example.org/a b", False),
])
def test_agreement_location_is_a_link_only_when_a_plain_web_url(world, pid, location, is_link):
    set_location(world, pid, location)
    api = world.server.get("/api/v1/partnerships/%d/agreement" % pid,
                           token=world.people.ana.token).json()["agreement"]
    assert ("location_url" in api) is is_link
    page = agreement_page(world, pid)
    assert ('<a href="%s">' % html.escape(location) in page) is is_link
    assert 'onmouseover="' not in page


def test_notices_only_for_our_codes(world):
    who = world.people.ana
    page = h.fetch(world.server, who, "/partnerships?notice=partnership_left").text
    assert "You have left the partnership." in page
    page = h.fetch(world.server, who, "/partnerships?notice=%3Cb%3Ehi%3C%2Fb%3E").text
    assert "<b>hi</b>" not in page and "&lt;b&gt;hi" not in page


def test_failed_form_post_never_shows_a_typed_html_field_raw(world, pid):
    b = h.browser_for(world.server, world.people.ana)
    page = "/partnerships/%d/messages" % pid
    r = b.submit(page, page, {"body": "", "body_html": "<b id=typed>x</b>"})
    assert r.status_code == 422, r.text[:2000]
    assert "<b id=typed>" not in r.text


@pytest.mark.parametrize("next_path", ["//evil.example/", "https://evil.example/",
                                       "/\t/evil.example", "/\\evil.example"])
def test_login_next_stays_on_the_site(world, next_path):
    b = world.server.browser()
    r = b.submit("/login", "/login", {"email": "ana@example.org", "password": h.pc.PASSWORD,
                                      "next": next_path})
    assert r.status_code == 303, r.text[:2000]
    location = r.headers["Location"]
    assert location.startswith("/") and not re.match(r"^/[/\\\s]", location)
