"""Accounts through the JSON API: sign-up, login, logout, the people
directory, reporting lines, roles, deactivation, password change, the
sign-up policy, invitations and the audit log (issue 2, "API contract" and
"Accounts and security")."""

import os
import re
import threading

from pc import PASSWORD, OTHER_PASSWORD, assert_error


def user_count(server):
    return server.db_rows("SELECT count(*) FROM users")[0][0]


def set_cookie_headers(response):
    return response.raw.headers.getlist("Set-Cookie")


# --- sign-up ---------------------------------------------------------------------


def test_first_signup_becomes_admin(server):
    r = server.api(
        "POST",
        "/api/v1/auth/signup",
        json_body={"email": "First@Example.ORG", "password": PASSWORD, "name": "First Person"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) >= {"user", "token"}
    user = body["user"]
    assert {"id", "email", "name", "role"} <= set(user)
    assert isinstance(user["id"], int)
    assert user["email"] == "first@example.org"
    assert user["name"] == "First Person"
    assert user["role"] == "admin"
    assert isinstance(body["token"], str) and len(body["token"]) >= 40
    me = server.me(body["token"])
    assert me["id"] == user["id"] and me["role"] == "admin"


def test_later_signups_become_members(server):
    _, first = server.signup("one@example.org", "One")
    token, second = server.signup("two@example.org", "Two")
    assert first["role"] == "admin"
    assert second["role"] == "member"
    assert second["id"] != first["id"]
    assert server.me(token)["role"] == "member"


def test_concurrent_first_signups_make_exactly_one_admin(server):
    """The "first account is admin" rule is decided inside the write
    transaction, so sign-ups racing on an empty server cannot both win."""
    results = [None] * 4

    def sign_up(i):
        r = server.client().post("/api/v1/auth/signup", json={
            "email": "racer%d@example.org" % i, "name": "Racer %d" % i, "password": PASSWORD})
        results[i] = r.json()["user"] if r.status_code == 201 else {"role": r.status_code}

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(len(results))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    roles = sorted(user["role"] for user in results)
    assert roles == ["admin", "member", "member", "member"], roles
    assert user_count(server) == 4


def test_signup_email_is_case_insensitive(seeded):
    r = seeded.api(
        "POST",
        "/api/v1/auth/signup",
        json_body={"email": "MAX@Example.Org", "password": OTHER_PASSWORD, "name": "Impostor"},
    )
    assert_error(r, 409, code="email_taken")
    assert user_count(seeded) == 3
    assert seeded.db_rows("SELECT name FROM users WHERE email = 'max@example.org'") == [("Max Member",)]
    # Logging in ignores case too, and reaches the same account.
    _, user = seeded.login("mAx@EXAMPLE.org")
    assert user["id"] == seeded.member.id


def test_signup_password_policy(server):
    cases = [
        "short pw",  # under 10 characters
        "Password123!",  # a common base word padded
        "1234567890",  # a sequence
        "aaaaaaaaaaaa",  # a repetition
        "someone@example.org",  # the email address
    ]
    for password in cases:
        r = server.api(
            "POST",
            "/api/v1/auth/signup",
            json_body={"email": "someone@example.org", "password": password, "name": "Someone"},
        )
        assert_error(r, 422, code="invalid_field", field="password")
    assert user_count(server) == 0
    # Nothing was stored: the first valid sign-up is still the first account.
    _, user = server.signup("someone@example.org", "Someone")
    assert user["role"] == "admin"


# --- login, logout, tokens -----------------------------------------------------------


def test_login_returns_token_and_httponly_cookie(seeded):
    r = seeded.api("POST", "/api/v1/auth/login", json_body={"email": "max@example.org", "password": PASSWORD})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"]["id"] == seeded.member.id
    assert {"id", "email", "name", "role"} <= set(body["user"])
    token = body["token"]
    assert token != seeded.member.token, "a login must issue a new token"
    cookies = [c for c in set_cookie_headers(r) if c.startswith("pc_login=")]
    assert len(cookies) == 1, set_cookie_headers(r)
    cookie = cookies[0]
    assert cookie.startswith("pc_login=%s;" % token)
    attributes = [a.strip().lower() for a in cookie.split(";")[1:]]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "path=/" in attributes
    assert "secure" not in attributes  # plain HTTP here; see test_https_public_url…
    assert seeded.me(token)["id"] == seeded.member.id


def test_login_failure_is_401_and_does_not_reveal_accounts(seeded):
    wrong = seeded.login("max@example.org", "not my password at all", expect=401)
    unknown = seeded.login("nobody@example.org", PASSWORD, expect=401)
    e1 = assert_error(wrong, 401, code="invalid_credentials")
    e2 = assert_error(unknown, 401, code="invalid_credentials")
    assert e1["message"] == e2["message"]
    assert "pc_login" not in wrong.headers.get("Set-Cookie", "")


def test_logout_revokes_that_token_only(seeded):
    token, _ = seeded.login("max@example.org")
    before = seeded.db_rows("SELECT count(*) FROM login_tokens WHERE user_id = ?", seeded.member.id)[0][0]
    r = seeded.api("POST", "/api/v1/auth/logout", token=token)
    assert r.status_code == 204, r.text
    assert r.content == b""
    after = seeded.db_rows("SELECT count(*) FROM login_tokens WHERE user_id = ?", seeded.member.id)[0][0]
    assert after == before - 1
    # A token stolen before logout is worthless after it.
    assert_error(seeded.get("/api/v1/me", token=token), 401, code="unauthenticated")
    assert_error(seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {"job_title": "Thief"}}), 401)
    assert_error(seeded.api("POST", "/api/v1/auth/logout", token=token), 401)
    assert seeded.me(seeded.member.token)["profile"]["job_title"] == ""
    # The member's other login is untouched.
    assert seeded.me(seeded.member.token)["id"] == seeded.member.id


def test_tokens_are_stored_only_as_hashes(seeded):
    token, _ = seeded.login("olga@example.org")
    stored = [row[0] for row in seeded.db_rows("SELECT token_hash FROM login_tokens")]
    assert stored and token not in stored
    for path in (seeded.db, seeded.db + "-wal"):
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
            assert token.encode() not in data, "a login token was written to " + path
            assert PASSWORD.encode() not in data, "a password was written to " + path


def test_me_requires_authentication(seeded):
    assert_error(seeded.get("/api/v1/me"), 401, code="unauthenticated")
    assert_error(seeded.get("/api/v1/me", token="x" * 43), 401)
    assert_error(seeded.get("/api/v1/me", headers={"Authorization": "Bearer"}), 401)
    assert_error(seeded.get("/api/v1/me", headers={"Authorization": "Basic bWF4OnB3"}), 401)
    # A token for one user never reads as another.
    assert seeded.me(seeded.other.token)["email"] == "olga@example.org"


def test_cookie_authenticated_api_writes_must_be_json(seeded):
    """The API accepts the login cookie, but a cookie-carrying write must be
    JSON, which a cross-site HTML form cannot send."""
    client = seeded.client()
    client.cookies.set("pc_login", seeded.member.token, domain="127.0.0.1", path="/")
    r = client.get("/api/v1/me")
    assert r.status_code == 200 and r.json()["user"]["id"] == seeded.member.id
    assert_error(client.post("/api/v1/auth/logout"), 415, code="unsupported_media_type")
    r = client.post(
        "/api/v1/auth/logout", data=b"x=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert_error(r, 415)
    assert seeded.me(seeded.member.token)["id"] == seeded.member.id
    r = client.post("/api/v1/auth/logout", headers={"Content-Type": "application/json"})
    assert r.status_code == 204
    assert_error(seeded.get("/api/v1/me", token=seeded.member.token), 401)


# --- the people directory and admin edits ---------------------------------------------------


def test_users_list_is_for_admins_only(seeded):
    r = seeded.get("/api/v1/users", token=seeded.admin.token)
    assert r.status_code == 200, r.text
    users = r.json()["users"]
    assert sorted(u["email"] for u in users) == ["ada@example.org", "max@example.org", "olga@example.org"]
    for u in users:
        assert {"id", "email", "name", "role", "profile"} <= set(u)
    assert_error(seeded.get("/api/v1/users", token=seeded.member.token), 403, code="forbidden")
    assert_error(seeded.get("/api/v1/users"), 401, code="unauthenticated")
    assert_error(seeded.get("/api/v1/users/%d" % seeded.other.id, token=seeded.member.token), 403)


def test_users_search(seeded):
    admin = seeded.client(seeded.admin.token)

    def search(q):
        r = admin.get("/api/v1/users", params={"q": q})
        assert r.status_code == 200, r.text
        return sorted(u["email"] for u in r.json()["users"])

    assert search("olga") == ["olga@example.org"]
    assert search("MEMBER") == ["max@example.org"]
    assert search("example.org") == ["ada@example.org", "max@example.org", "olga@example.org"]
    assert search("nobody-by-this-name") == []
    # LIKE wildcards are searched for literally.
    assert search("%") == []
    assert search("_") == []
    seeded.patch_me(seeded.other.token, {"department": "Research & Development"})
    assert search("research") == ["olga@example.org"]


def test_admin_sets_manager_and_reporting_cycles_are_refused(seeded):
    admin = seeded.client(seeded.admin.token)
    member, other, boss = seeded.member.id, seeded.other.id, seeded.admin.id

    def manager_of(user_id):
        r = admin.get("/api/v1/users/%d" % user_id)
        assert r.status_code == 200, r.text
        return r.json()["user"]["profile"]["manager_id"]

    r = admin.patch("/api/v1/users/%d" % member, json={"manager_id": other})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["profile"]["manager_id"] == other
    assert r.json()["user"]["profile"]["manager"]["name"] == "Olga Other"
    assert admin.patch("/api/v1/users/%d" % other, json={"manager_id": boss}).status_code == 200
    # boss -> member -> other -> boss would be a loop, as would two people
    # managing each other or someone managing themselves.
    assert_error(admin.patch("/api/v1/users/%d" % boss, json={"manager_id": member}), 422, field="manager_id")
    assert_error(admin.patch("/api/v1/users/%d" % other, json={"manager_id": member}), 422, field="manager_id")
    assert_error(admin.patch("/api/v1/users/%d" % member, json={"manager_id": member}), 422, field="manager_id")
    assert_error(admin.patch("/api/v1/users/%d" % member, json={"manager_id": 999999}), 422, field="manager_id")
    assert (manager_of(boss), manager_of(member), manager_of(other)) == (None, other, boss)
    # The member sees their manager too.
    assert seeded.me(seeded.member.token)["profile"]["manager_id"] == other
    r = admin.patch("/api/v1/users/%d" % member, json={"manager_id": None})
    assert r.status_code == 200
    assert manager_of(member) is None


def test_members_cannot_edit_other_people(seeded):
    member = seeded.client(seeded.member.token)
    url = "/api/v1/users/%d" % seeded.other.id
    assert_error(member.patch(url, json={"role": "admin"}), 403)
    assert_error(member.patch("/api/v1/users/%d" % seeded.member.id, json={"role": "admin"}), 403)
    assert_error(member.patch(url, json={"is_active": False}), 403)
    assert_error(seeded.api("PATCH", url, json_body={"role": "admin"}), 401)
    assert seeded.db_rows("SELECT role, is_active FROM users WHERE id IN (?, ?) ORDER BY id",
                          seeded.member.id, seeded.other.id) == [("member", 1), ("member", 1)]


def test_admin_changes_roles(seeded):
    admin = seeded.client(seeded.admin.token)
    url = "/api/v1/users/%d" % seeded.member.id
    r = admin.patch(url, json={"role": "organizer"})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["role"] == "organizer"
    assert seeded.me(seeded.member.token)["role"] == "organizer"
    assert_error(admin.patch(url, json={"role": "emperor"}), 422, field="role")
    assert_error(admin.patch("/api/v1/users/%d" % seeded.admin.id, json={"role": "member"}), 409)
    assert seeded.me(seeded.admin.token)["role"] == "admin"
    assert seeded.me(seeded.member.token)["role"] == "organizer"
    r = admin.patch(url, json={"role": "admin"})
    assert r.status_code == 200
    # The new admin can now use admin routes.
    assert seeded.get("/api/v1/users", token=seeded.member.token).status_code == 200


def test_admin_user_change_is_all_or_nothing(seeded):
    admin = seeded.client(seeded.admin.token)
    url = "/api/v1/users/%d" % seeded.member.id
    r = admin.patch(url, json={"manager_id": seeded.other.id, "role": "emperor", "is_active": False})
    assert_error(r, 422, field="role")
    user = admin.get(url).json()["user"]
    assert user["profile"]["manager_id"] is None
    assert user["role"] == "member" and user["is_active"] is True
    assert seeded.me(seeded.member.token)["id"] == seeded.member.id


def test_deactivated_user_is_locked_out(seeded):
    admin = seeded.client(seeded.admin.token)
    url = "/api/v1/users/%d" % seeded.member.id
    r = admin.patch(url, json={"is_active": False})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["is_active"] is False
    # Every token the member had stops working at once…
    assert_error(seeded.get("/api/v1/me", token=seeded.member.token), 401)
    # …and the right password no longer logs in.
    assert_error(seeded.login("max@example.org", expect=403), 403)
    listed = {u["email"]: u for u in admin.get("/api/v1/users").json()["users"]}
    assert listed["max@example.org"]["is_active"] is False
    # An admin cannot lock themselves out.
    assert_error(admin.patch("/api/v1/users/%d" % seeded.admin.id, json={"is_active": False}), 409)
    assert seeded.me(seeded.admin.token)["is_active"] is True
    # Reactivation lets the member log in again; old tokens stay dead.
    assert admin.patch(url, json={"is_active": True}).status_code == 200
    token, _ = seeded.login("max@example.org")
    assert seeded.me(token)["id"] == seeded.member.id
    assert_error(seeded.get("/api/v1/me", token=seeded.member.token), 401)


def test_unknown_user_is_404(seeded):
    admin = seeded.client(seeded.admin.token)
    for path in ("/api/v1/users/999999", "/api/v1/users/abc", "/api/v1/users/01", "/api/v1/users/-1",
                 "/api/v1/users/99999999999999999999999"):
        assert_error(admin.get(path), 404, code="not_found")
        assert_error(admin.patch(path, json={"role": "member"}), 404)


# --- password change ------------------------------------------------------------------


def test_password_change_keeps_this_login_and_ends_the_others(seeded):
    second, _ = seeded.login("max@example.org")
    r = seeded.api(
        "POST",
        "/api/v1/me/password",
        token=seeded.member.token,
        json_body={"current_password": PASSWORD, "new_password": OTHER_PASSWORD},
    )
    assert r.status_code == 204, r.text
    assert seeded.me(seeded.member.token)["id"] == seeded.member.id
    assert_error(seeded.get("/api/v1/me", token=second), 401)
    seeded.login("max@example.org", PASSWORD, expect=401)
    token, _ = seeded.login("max@example.org", OTHER_PASSWORD)
    assert seeded.me(token)["id"] == seeded.member.id
    # Other people's logins are not touched.
    assert seeded.me(seeded.other.token)["id"] == seeded.other.id


def test_password_change_checks_both_passwords(seeded):
    def change(body):
        return seeded.api("POST", "/api/v1/me/password", token=seeded.member.token, json_body=body)

    assert_error(change({"current_password": "wrong password here", "new_password": OTHER_PASSWORD}),
                 422, field="current_password")
    assert_error(change({"current_password": PASSWORD, "new_password": "short"}), 422, field="new_password")
    assert_error(change({"current_password": PASSWORD, "new_password": "max@example.org"}), 422,
                 field="new_password")
    assert_error(change({"current_password": PASSWORD}), 422, field="new_password")
    assert_error(change({"new_password": OTHER_PASSWORD}), 422, field="current_password")
    assert_error(seeded.api("POST", "/api/v1/me/password",
                            json_body={"current_password": PASSWORD, "new_password": OTHER_PASSWORD}), 401)
    # Still the old password.
    seeded.login("max@example.org", PASSWORD)


# --- sign-up policy and invitations ---------------------------------------------------------


def test_signup_limited_to_domains(seeded):
    admin = seeded.client(seeded.admin.token)
    r = admin.patch("/api/v1/settings", json={"signup_mode": "domains", "signup_domains": "example.com, peers.example"})
    assert r.status_code == 200, r.text
    assert r.json()["settings"] == {"signup_mode": "domains", "signup_domains": "example.com, peers.example"}
    assert admin.get("/api/v1/settings").json()["settings"]["signup_mode"] == "domains"
    r = seeded.signup("someone@elsewhere.org", "Someone", expect=403)
    assert_error(r, 403)
    assert seeded.signup("someone@example.com.evil.org", "Someone", expect=403).status_code == 403
    _, user = seeded.signup("new@Peers.Example", "Newcomer")
    assert user["role"] == "member"
    assert user_count(seeded) == 4
    # Bad settings are refused and change nothing.
    assert_error(admin.patch("/api/v1/settings", json={"signup_mode": "everyone"}), 422, field="signup_mode")
    assert_error(admin.patch("/api/v1/settings", json={"signup_mode": "domains", "signup_domains": ""}), 422,
                 field="signup_domains")
    assert_error(admin.patch("/api/v1/settings", json={"signup_domains": "a.org; DROP"}), 422,
                 field="signup_domains")
    assert admin.get("/api/v1/settings").json()["settings"]["signup_domains"] == "example.com, peers.example"
    member = seeded.client(seeded.member.token)
    assert_error(member.patch("/api/v1/settings", json={"signup_mode": "open"}), 403)
    assert_error(member.get("/api/v1/settings"), 403)
    # Back to open.
    assert admin.patch("/api/v1/settings", json={"signup_mode": "open"}).status_code == 200
    seeded.signup("someone@elsewhere.org", "Someone")


def test_signup_by_invitation(seeded):
    admin = seeded.client(seeded.admin.token)
    assert admin.patch("/api/v1/settings", json={"signup_mode": "invitation"}).status_code == 200
    assert_error(seeded.signup("guest@example.org", "Guest", expect=403), 403)
    r = admin.post("/api/v1/invitations", json={"email": "Guest@Example.org"})
    assert r.status_code == 201, r.text
    invitation = r.json()["invitation"]
    code = invitation["code"]
    assert invitation["email"].lower() == "guest@example.org"
    assert "/signup?invitation=" + code in invitation["link"]
    # Only a hash of the code is stored.
    assert code not in str(seeded.db_rows("SELECT * FROM invitations"))
    # The code is for that address only, and a made-up code does nothing.
    assert seeded.signup("intruder@example.org", "Intruder", invitation=code, expect=403).status_code == 403
    assert seeded.signup("guest@example.org", "Guest", invitation="A" * 43, expect=403).status_code == 403
    token, user = seeded.signup("guest@example.org", "Guest", invitation=code)
    assert user["role"] == "member"
    # It works once.
    assert seeded.signup("guest@example.org", "Guest Again", invitation=code, expect=403).status_code == 403
    listed = admin.get("/api/v1/invitations").json()["invitations"]
    assert [(i["email"], i["state"]) for i in listed] == [("guest@example.org", "used")]
    member = seeded.client(seeded.member.token)
    assert_error(member.post("/api/v1/invitations", json={"email": "friend@example.org"}), 403)
    assert_error(admin.post("/api/v1/invitations", json={"email": "not an email"}), 422, field="email")
    assert user_count(seeded) == 4


def test_audit_log_records_account_events(seeded):
    admin = seeded.client(seeded.admin.token)
    member_url = "/api/v1/users/%d" % seeded.member.id
    assert admin.patch(member_url, json={"role": "organizer"}).status_code == 200
    assert admin.patch(member_url, json={"manager_id": seeded.other.id}).status_code == 200
    assert admin.patch("/api/v1/users/%d" % seeded.other.id, json={"is_active": False}).status_code == 200
    assert admin.patch("/api/v1/settings", json={"signup_mode": "invitation"}).status_code == 200
    assert admin.post("/api/v1/invitations", json={"email": "guest@example.org"}).status_code == 201
    r = admin.get("/api/v1/audit")
    assert r.status_code == 200, r.text
    entries = r.json()["entries"]
    seen = {(e["action"], e["actor_id"], e["subject_id"]) for e in entries}
    assert ("create_account", seeded.admin.id, seeded.admin.id) in seen
    assert ("create_account", seeded.member.id, seeded.member.id) in seen
    assert ("role_change", seeded.admin.id, seeded.member.id) in seen
    assert ("manager_change", seeded.admin.id, seeded.member.id) in seen
    assert ("deactivate", seeded.admin.id, seeded.other.id) in seen
    assert any(e["action"] == "settings" and e["detail"] == "signup_mode=invitation" for e in entries)
    assert any(e["action"] == "invite" for e in entries)
    for e in entries:
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", e["at"]), e
    assert_error(seeded.get("/api/v1/audit", token=seeded.member.token), 403)
