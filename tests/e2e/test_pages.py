"""The HTML pages and their forms: sign-up, login, profile, logout, the
admin pages, CSRF on every state-changing form, and failed forms shown
again with what was typed (issue 2, "Templates and pages")."""

import re
import urllib.parse

import pytest

import pc
from pc import PASSWORD, OTHER_PASSWORD, csrf_from, field_value


def cookie_header(response, name):
    for value in response.raw.headers.getlist("Set-Cookie"):
        if value.startswith(name + "="):
            return value
    return None


def cookie_attributes(header):
    return {a.strip().split("=")[0].lower(): a.strip() for a in header.split(";")[1:]}


def user_count(server):
    return server.db_rows("SELECT count(*) FROM users")[0][0]


def logged_in_browser(server, account):
    browser = server.browser()
    browser.use_token(account.token)
    return browser


def assert_page(response, status=200):
    assert response.status_code == status, (response.status_code, response.text[:3000])
    assert response.headers["Content-Type"].startswith("text/html"), response.headers
    assert "<!doctype html>" in response.text.lower()
    return response.text


# --- visitors, sign-up, login, logout ------------------------------------------------


def test_welcome_page_for_visitors(server):
    browser = server.browser()
    text = assert_page(browser.get("/"))
    assert 'href="/signup"' in text and 'href="/login"' in text
    assert "Log out" not in text
    # Forms for visitors are keyed by an HttpOnly pc_csrf cookie, set once.
    r = server.browser().get("/login")
    header = cookie_header(r, "pc_csrf")
    assert header and "httponly" in cookie_attributes(header)
    assert cookie_attributes(header).get("samesite") == "SameSite=Lax"
    assert csrf_from(r.text)
    assert browser.cookies.get("pc_csrf")
    assert cookie_header(browser.get("/login"), "pc_csrf") is None


def test_signup_through_the_form(server):
    browser = server.browser()
    r = browser.submit("/signup", "/signup", {"name": "Form Person", "email": "Form@Example.org", "password": PASSWORD})
    assert r.status_code == 303, r.text[:3000]
    assert r.headers["Location"] == "/profile?notice=welcome"
    header = cookie_header(r, "pc_login")
    assert header, r.headers
    attributes = cookie_attributes(header)
    assert "httponly" in attributes and attributes.get("samesite") == "SameSite=Lax"
    text = assert_page(browser.get("/profile?notice=welcome"))
    assert "Welcome to peercoach" in text
    assert field_value(text, "display_name") == "Form Person"
    token = browser.cookies.get("pc_login")
    me = server.me(token)
    assert me["email"] == "form@example.org" and me["role"] == "admin"
    # A logged-in visitor to /signup or /login is sent to the dashboard.
    assert browser.get("/signup").headers.get("Location") == "/"
    assert browser.get("/login").headers.get("Location") == "/"


def test_login_and_logout_through_the_forms(seeded):
    browser = seeded.browser()
    r = browser.login("max@example.org")
    assert r.headers["Location"] == "/"
    attributes = cookie_attributes(cookie_header(r, "pc_login"))
    assert "httponly" in attributes and attributes["samesite"] == "SameSite=Lax"
    token = browser.cookies.get("pc_login")
    text = assert_page(browser.get("/"))
    assert "Hello, Max Member" in text
    assert 'action="/logout"' in text
    r = browser.post("/logout", data={"csrf": csrf_from(text)})
    assert r.status_code == 303
    assert r.headers["Location"] == "/login?notice=logged_out"
    cleared = cookie_header(r, "pc_login")
    assert cleared and "max-age=0" in cleared.lower()
    assert not browser.cookies.get("pc_login")
    assert "You are logged out." in assert_page(browser.get("/login?notice=logged_out"))
    # The old cookie, replayed, no longer logs anyone in.
    thief = seeded.browser()
    thief.use_token(token)
    r = thief.get("/profile")
    assert r.status_code == 303 and r.headers["Location"] == "/login"
    pc.assert_error(seeded.get("/api/v1/me", token=token), 401)


def test_login_follows_only_local_next(seeded):
    browser = seeded.browser()
    r = browser.submit("/login?next=/profile", "/login",
                       {"email": "max@example.org", "password": PASSWORD, "next": "/profile"})
    assert r.status_code == 303 and r.headers["Location"] == "/profile"
    page = seeded.browser().get("/login?next=/people")
    assert field_value(page.text, "next") == "/people"
    browser = seeded.browser()
    r = browser.submit("/login", "/login",
                       {"email": "olga@example.org", "password": PASSWORD, "next": "//evil.example/phish"})
    assert r.status_code == 303 and r.headers["Location"] == "/"


@pytest.mark.parametrize("next_path", [
    "//evil.example/phish", "/\\evil.example", "https://evil.example/", "/\t/evil.example", "/\n/evil.example",
    " //evil.example",
])
def test_login_never_redirects_to_another_site(seeded, next_path):
    """Browsers drop tabs and newlines from URLs and read a backslash as a
    slash, so "/\t/evil.example" is "//evil.example" to them: whatever
    next says, the Location must stay on this site."""
    browser = seeded.browser()
    r = browser.submit("/login", "/login", {"email": "max@example.org", "password": PASSWORD, "next": next_path})
    assert r.status_code == 303, r.text[:2000]
    location = r.headers["Location"]
    # urljoin parses like a browser here (it strips tab and newline too).
    target = urllib.parse.urljoin(seeded.base + "/login", location.replace("\\", "/"))
    assert urllib.parse.urlsplit(target).netloc == "127.0.0.1:%d" % seeded.port, (next_path, location, target)


def test_pages_that_need_login_redirect_to_login(server):
    browser = server.browser()
    for path in ("/profile", "/password", "/people", "/admin/settings"):
        r = browser.get(path)
        assert r.status_code == 303, (path, r.status_code)
        assert r.headers["Location"] == "/login"


def test_members_cannot_open_admin_pages(seeded):
    browser = logged_in_browser(seeded, seeded.member)
    for path in ("/people", "/people/%d" % seeded.other.id, "/admin/settings", "/admin/invitations", "/admin/audit"):
        text = assert_page(browser.get(path), 403)
        assert "Not allowed" in text
    assert 'href="/people"' not in assert_page(browser.get("/"))


# --- the profile form ------------------------------------------------------------------


def test_profile_form_saves_lists_and_availability(seeded):
    browser = logged_in_browser(seeded, seeded.member)
    r = browser.submit("/profile", "/profile", {
        "display_name": "Max M.",
        "job_title": "Analyst",
        "department": "Finance",
        "level": "4",
        "time_zone": "Europe/Paris",
        "languages": "en, fr,  EN ,, de",
        "availability": "tue 14:00-15:00\r\nmon 09:00-10:00\r\n\r\n  mon 10:00-11:30  \r\n",
        "skills_to_develop": "negotiation, public speaking",
        "skills_to_offer": "Excel",
        "interests": "",
        "bio": "Hello,\r\nI count things.",
    })
    assert r.status_code == 303, r.text[:3000]
    assert r.headers["Location"] == "/profile?notice=saved"
    me = seeded.me(seeded.member.token)
    assert me["name"] == "Max M."
    profile = me["profile"]
    assert profile["languages"] == ["en", "fr", "de"]
    assert profile["availability"] == [
        {"day": "mon", "start": "09:00", "end": "11:30"},
        {"day": "tue", "start": "14:00", "end": "15:00"},
    ]
    assert profile["skills_to_develop"] == ["negotiation", "public speaking"]
    assert profile["interests"] == []
    assert profile["level"] == 4 and profile["time_zone"] == "Europe/Paris"
    assert profile["bio"] == "Hello,\r\nI count things."
    text = assert_page(browser.get("/profile?notice=saved"))
    assert "Saved." in text
    assert field_value(text, "languages") == "en, fr, de"
    assert field_value(text, "skills_to_develop") == "negotiation, public speaking"
    assert field_value(text, "availability") == "mon 09:00-11:30\ntue 14:00-15:00"
    assert field_value(text, "level") == "4"
    # An empty level clears it.
    r = browser.submit("/profile", "/profile", {"display_name": "Max M.", "level": ""})
    assert r.status_code == 303
    assert seeded.me(seeded.member.token)["profile"]["level"] is None


def test_profile_form_error_keeps_what_was_typed(seeded):
    browser = logged_in_browser(seeded, seeded.member)
    typed = {
        "display_name": "Max Typed",
        "job_title": "Chief Tester",
        "department": "Quality",
        "level": "5",
        "time_zone": "Atlantis/Capital",
        "languages": "en, tlh",
        "availability": "mon 09:00-10:00\nwed 13:00-14:00",
        "skills_to_develop": "patience",
        "skills_to_offer": "",
        "interests": "",
        "bio": "Please keep this text.",
    }
    r = browser.submit("/profile", "/profile", typed)
    text = assert_page(r, 422)
    assert "time_zone must be a time zone name" in text
    assert 'class="field-error"' in text
    for key, value in typed.items():
        assert field_value(text, key) == value, key
    me = seeded.me(seeded.member.token)
    assert me["name"] == "Max Member"
    assert me["profile"]["job_title"] == "" and me["profile"]["availability"] == []
    # The form shown again carries a working CSRF token.
    typed["time_zone"] = "Europe/Oslo"
    r = browser.post("/profile", data=dict(typed, csrf=csrf_from(text)))
    assert r.status_code == 303
    assert seeded.me(seeded.member.token)["profile"]["time_zone"] == "Europe/Oslo"


def test_profile_form_rejects_bad_availability_and_level(seeded):
    browser = logged_in_browser(seeded, seeded.member)
    for fields, message in [
        ({"availability": "mon 09:00-10:00\nmonday 9-5"}, "line 2 must look like"),
        ({"availability": "mon 10:00-09:00"}, "must end after it starts"),
        ({"level": "four"}, "level must be a whole number"),
        ({"level": "4x"}, "level must be a whole number"),
        ({"display_name": ""}, "display_name is required"),
    ]:
        data = dict({"display_name": "Max Member", "job_title": "Should not be saved"}, **fields)
        text = assert_page(browser.submit("/profile", "/profile", data), 422)
        assert message in text, message
    assert seeded.me(seeded.member.token)["profile"]["job_title"] == ""


# --- CSRF ------------------------------------------------------------------------------


def test_forms_without_csrf_are_refused(seeded):
    browser = logged_in_browser(seeded, seeded.member)
    r = browser.post("/profile", data={"display_name": "No Token", "job_title": "Forged"})
    assert_page(r, 403)
    assert "expired or came from another site" in r.text
    r = browser.post("/logout", data={})
    assert r.status_code == 403
    assert seeded.me(seeded.member.token)["name"] == "Max Member"
    assert seeded.me(seeded.member.token)["profile"]["job_title"] == ""
    admin = logged_in_browser(seeded, seeded.admin)
    r = admin.post("/people/%d" % seeded.member.id, data={"role": "admin", "is_active": "on", "manager_email": ""})
    assert r.status_code == 403
    r = admin.post("/admin/settings", data={"signup_mode": "invitation", "signup_domains": ""})
    assert r.status_code == 403
    r = admin.post("/admin/invitations", data={"email": "guest@example.org"})
    assert r.status_code == 403
    assert seeded.db_rows("SELECT count(*) FROM invitations")[0][0] == 0
    visitor = seeded.browser()
    visitor.get("/signup")
    r = visitor.post("/signup", data={"name": "Sneaky", "email": "sneaky@example.org", "password": PASSWORD})
    assert r.status_code == 403
    r = visitor.post("/login", data={"email": "max@example.org", "password": PASSWORD})
    assert r.status_code == 403
    assert not visitor.cookies.get("pc_login")
    assert user_count(seeded) == 3
    assert seeded.me(seeded.member.token)["role"] == "member"
    settings = seeded.get("/api/v1/settings", token=seeded.admin.token).json()["settings"]
    assert settings["signup_mode"] == "open"


def test_forged_csrf_tokens_are_refused(seeded):
    member = logged_in_browser(seeded, seeded.member)
    other = logged_in_browser(seeded, seeded.other)
    visitor = seeded.browser()
    own = member.csrf("/profile")
    forged = [
        "A" * len(own),  # right shape, wrong value
        own[:-1] + ("A" if own[-1] != "A" else "B"),  # one character off
        other.csrf("/profile"),  # another person's token
        visitor.csrf("/login"),  # a visitor's token
        own + "A",  # too long
        "",
    ]
    for token in forged:
        r = member.post("/profile", data={"display_name": "Forged", "job_title": "Forged", "csrf": token})
        assert r.status_code == 403, token
    assert seeded.me(seeded.member.token)["name"] == "Max Member"
    # A member's token does not work for a visitor either.
    r = visitor.post("/signup", data={"name": "X", "email": "x@example.org", "password": PASSWORD, "csrf": own})
    assert r.status_code == 403
    assert user_count(seeded) == 3
    # The real one does.
    r = member.post("/profile", data={"display_name": "Max Member", "job_title": "Real", "csrf": own})
    assert r.status_code == 303
    assert seeded.me(seeded.member.token)["profile"]["job_title"] == "Real"


def test_login_form_works_with_a_dead_login_cookie(seeded):
    """Someone logged out elsewhere (or whose login expired) still has the
    old pc_login cookie; opening /login and logging in must just work."""
    browser = seeded.browser()
    token, _ = seeded.login("max@example.org")
    assert seeded.api("POST", "/api/v1/auth/logout", token=token).status_code == 204
    browser.use_token(token)
    r = browser.get("/login")
    assert_page(r)
    r = browser.post("/login", data={"email": "max@example.org", "password": PASSWORD, "csrf": csrf_from(r.text)})
    assert r.status_code == 303, "the login form of a visitor with a dead cookie failed with %d:\n%s" % (
        r.status_code, re.sub(r"\s+", " ", r.text)[-800:])
    assert seeded.me(browser.cookies.get("pc_login"))["id"] == seeded.member.id


# --- failed forms keep input, never passwords -----------------------------------------------


def test_failed_signup_form_keeps_input_but_not_the_password(seeded):
    visitor = seeded.browser()
    secret = "a secret phrase nobody should see"
    r = visitor.submit("/signup", "/signup", {"name": "Second Max", "email": "MAX@example.org", "password": secret})
    text = assert_page(r, 409)
    assert "already exists" in text
    assert field_value(text, "name") == "Second Max"
    assert field_value(text, "email") == "MAX@example.org"
    assert secret not in text and field_value(text, "password") is None
    r = visitor.post("/signup", data={"name": "Shorty", "email": "shorty@example.org", "password": "short",
                                      "csrf": csrf_from(text)})
    text = assert_page(r, 422)
    assert "password must be at least 10 characters" in text
    assert field_value(text, "name") == "Shorty"
    assert 'value="short"' not in text
    assert user_count(seeded) == 3


def test_failed_invitation_signup_keeps_the_invitation(seeded):
    """Someone who followed an invitation link and mistyped must be able to
    correct the form and send it again: the code must still be in it."""
    admin = seeded.client(seeded.admin.token)
    assert admin.patch("/api/v1/settings", json={"signup_mode": "invitation"}).status_code == 200
    code = admin.post("/api/v1/invitations", json={"email": "guest@example.org"}).json()["invitation"]["code"]
    visitor = seeded.browser()
    page = "/signup?invitation=" + code
    r = visitor.submit(page, "/signup", {"name": "Guest", "email": "guest@example.org", "password": "short",
                                         "invitation": code})
    text = assert_page(r, 422)
    assert field_value(text, "invitation") == code
    r = visitor.post("/signup", data={"name": "Guest", "email": "guest@example.org", "password": PASSWORD,
                                      "invitation": field_value(text, "invitation"), "csrf": csrf_from(text)})
    assert r.status_code == 303, r.text[:2000]


def test_failed_login_form_shows_the_error_and_keeps_the_email(seeded):
    visitor = seeded.browser()
    wrong = "not the right password"
    r = visitor.submit("/login", "/login", {"email": "max@example.org", "password": wrong})
    text = assert_page(r, 401)
    assert "The email or password is not right." in text
    assert field_value(text, "email") == "max@example.org"
    assert wrong not in text
    assert not visitor.cookies.get("pc_login")


# --- admin pages -----------------------------------------------------------------------


def test_people_directory_and_search(seeded):
    admin = logged_in_browser(seeded, seeded.admin)
    text = assert_page(admin.get("/people"))
    for name in ("Ada Admin", "Max Member", "Olga Other"):
        assert name in text
    assert 'href="/people/%d"' % seeded.member.id in text
    text = assert_page(admin.get("/people?q=olga"))
    assert "Olga Other" in text and "Max Member" not in text
    assert field_value(text, "q") == "olga"
    text = assert_page(admin.get("/people?q=zebra"))
    assert "No one matches" in text


def test_person_form_edits_manager_role_and_active(seeded):
    admin = logged_in_browser(seeded, seeded.admin)
    page = "/people/%d" % seeded.member.id
    text = assert_page(admin.get(page))
    assert "Max Member" in text and "max@example.org" in text
    r = admin.submit(page, page, {"manager_email": "OLGA@example.org", "role": "organizer", "is_active": "on"})
    assert r.status_code == 303 and r.headers["Location"] == page + "?notice=saved"
    me = seeded.me(seeded.member.token)
    assert me["role"] == "organizer" and me["profile"]["manager_id"] == seeded.other.id
    text = assert_page(admin.get(page + "?notice=saved"))
    assert "Saved." in text and field_value(text, "manager_email") == "olga@example.org"
    # An unknown manager is an error on the form, and nothing changes.
    r = admin.submit(page, page, {"manager_email": "ghost@example.org", "role": "member", "is_active": "on"})
    text = assert_page(r, 422)
    assert "manager_email is not the email of anyone here" in text
    assert field_value(text, "manager_email") == "ghost@example.org"
    assert seeded.me(seeded.member.token)["role"] == "organizer"
    # A reporting cycle is refused through the form too.
    other_page = "/people/%d" % seeded.other.id
    r = admin.submit(other_page, other_page, {"manager_email": "max@example.org", "role": "member", "is_active": "on"})
    assert "would make a reporting cycle" in assert_page(r, 422)
    # Unticking "active" deactivates: the member's logins end.
    r = admin.submit(page, page, {"manager_email": "", "role": "member"})
    assert r.status_code == 303
    pc.assert_error(seeded.get("/api/v1/me", token=seeded.member.token), 401)
    listed = assert_page(admin.get("/people"))
    assert "(deactivated)" in listed


def test_settings_and_invitation_pages(seeded):
    admin = logged_in_browser(seeded, seeded.admin)
    r = admin.submit("/admin/settings", "/admin/settings", {"signup_mode": "invitation", "signup_domains": ""})
    assert r.status_code == 303 and r.headers["Location"] == "/admin/settings?notice=saved"
    text = assert_page(admin.get("/admin/settings"))
    assert re.search(r'value="invitation" checked', text)
    r = admin.submit("/admin/invitations", "/admin/invitations", {"email": "newbie@example.org"})
    text = assert_page(r)
    m = re.search(r"/signup\?invitation=([A-Za-z0-9_-]+)", text)
    assert m, text
    code = m.group(1)
    assert "newbie@example.org" in text
    # The invitee opens the link and signs up through the form.
    visitor = seeded.browser()
    page = assert_page(visitor.get("/signup?invitation=" + code))
    assert field_value(page, "invitation") == code
    assert "by invitation" in page
    r = visitor.post("/signup", data={"name": "Newbie", "email": "newbie@example.org", "password": PASSWORD,
                                      "invitation": code, "csrf": csrf_from(page)})
    assert r.status_code == 303, r.text[:3000]
    assert seeded.me(visitor.cookies.get("pc_login"))["role"] == "member"
    # Without one, the form explains and nothing is created.
    stranger = seeded.browser()
    r = stranger.submit("/signup", "/signup", {"name": "Stranger", "email": "stranger@example.org", "password": PASSWORD})
    text = assert_page(r, 403)
    assert "Sign-up is by invitation only." in text
    assert user_count(seeded) == 4
    audit = assert_page(admin.get("/admin/audit"))
    assert "invite" in audit and "create_account" in audit


def test_password_change_form(seeded):
    browser = logged_in_browser(seeded, seeded.member)
    r = browser.submit("/password", "/password", {"current_password": "wrong current one", "new_password": OTHER_PASSWORD})
    text = assert_page(r, 422)
    assert "current_password is not right" in text
    assert "wrong current one" not in text and OTHER_PASSWORD not in text
    r = browser.submit("/password", "/password", {"current_password": PASSWORD, "new_password": OTHER_PASSWORD})
    assert r.status_code == 303 and r.headers["Location"] == "/profile?notice=password_changed"
    assert "Other devices have been logged out" in assert_page(browser.get("/profile?notice=password_changed"))
    seeded.login("max@example.org", OTHER_PASSWORD)


def test_dashboard_suggests_next_steps(seeded):
    browser = logged_in_browser(seeded, seeded.member)
    text = assert_page(browser.get("/"))
    assert "Next steps" in text
    assert "Complete your profile" in text and "Add availability" in text
    seeded.patch_me(seeded.member.token, {
        "job_title": "Analyst", "department": "Finance", "level": 3, "languages": ["en"],
        "availability": [{"day": "mon", "start": "09:00", "end": "10:00"}],
        "skills_to_develop": ["a"], "skills_to_offer": ["b"],
    })
    text = assert_page(browser.get("/"))
    assert "Next steps" not in text and "Your profile is ready" in text
