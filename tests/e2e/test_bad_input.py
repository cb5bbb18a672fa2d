"""Bad input: each kind gets its clear error and stores nothing, checked
by reading back (issue 2, "Tests": malformed JSON, wrong types, missing and
oversized fields, invalid UTF-8, a 2 MiB body, unknown routes and methods,
SQL and HTML metacharacters)."""

import html
import json

import pc
from cycle_helpers import routes
from pc import PASSWORD, assert_error, field_value

SQL = "'; DROP TABLE users; --"
SCRIPT = "<script>alert(1)</script>"
MARKUP = '"&<>'
NASTY = [SQL, SCRIPT, MARKUP]


def user_count(server):
    return server.db_rows("SELECT count(*) FROM users")[0][0]


def raw_patch_me(server, token, body, content_type="application/json"):
    return server.api("PATCH", "/api/v1/me", token=token, data=body, headers={"Content-Type": content_type})


def raw_signup(server, body, content_type="application/json"):
    return server.api("POST", "/api/v1/auth/signup", data=body, headers={"Content-Type": content_type})


def unchanged_profile(server, account):
    me = server.me(account.token)
    assert me["name"] == account.name
    assert me["profile"]["job_title"] == ""
    assert me["profile"]["languages"] == []
    return me


# --- JSON that does not parse ---------------------------------------------------------------


def test_malformed_json_is_400(seeded):
    for body in [b'{"profile": {"job_title": "x"', b"{profile: 1}", b'{"profile": {"job_title": "x"}} trailing',
                 b"\x00", b'{"a":1,}', b"   "]:
        r = raw_patch_me(seeded, seeded.member.token, body)
        assert_error(r, 400, code="malformed_json")
    r = raw_signup(seeded, b'{"email": "new@example.org", "password": "violet harbour lantern", "name": "N"')
    assert_error(r, 400, code="malformed_json")
    unchanged_profile(seeded, seeded.member)
    assert user_count(seeded) == 3


def test_json_body_must_be_one_object(seeded):
    for body in [b"[]", b'"profile"', b"null", b"42", b'[{"profile": {"job_title": "x"}}]']:
        assert_error(raw_patch_me(seeded, seeded.member.token, body), 400, code="malformed_json")
    # Duplicate keys are ambiguous (which one wins?), so they are refused.
    body = b'{"profile": {"job_title": "first", "job_title": "second"}}'
    assert_error(raw_patch_me(seeded, seeded.member.token, body), 400, code="malformed_json")
    unchanged_profile(seeded, seeded.member)


def test_deeply_nested_and_huge_numbers_are_refused(seeded):
    deep = b'{"profile": {"languages": ' + b"[" * 100000 + b"]" * 100000 + b"}}"
    assert_error(raw_patch_me(seeded, seeded.member.token, deep), 400)
    for level in [b"1e400", b"99999999999999999999999", b"-99999999999999999999999"]:
        r = raw_patch_me(seeded, seeded.member.token, b'{"profile": {"level": ' + level + b"}}")
        assert r.status_code in (400, 422), r.text
        assert_error(r, r.status_code)
    assert seeded.me(seeded.member.token)["profile"]["level"] is None
    assert seeded.get("/healthz").status_code == 200


# --- wrong types, missing and oversized fields ------------------------------------------------


def test_wrong_types_are_422_naming_the_field(seeded):
    signups = [
        ({"email": 5, "password": PASSWORD, "name": "N"}, "email"),
        ({"email": ["a@example.org"], "password": PASSWORD, "name": "N"}, "email"),
        ({"email": "n@example.org", "password": 1234567890123, "name": "N"}, "password"),
        ({"email": "n@example.org", "password": PASSWORD, "name": {"first": "N"}}, "name"),
        ({"email": "n@example.org", "password": PASSWORD, "name": True}, "name"),
    ]
    for body, field in signups:
        assert_error(seeded.api("POST", "/api/v1/auth/signup", json_body=body), 422, code="invalid_field", field=field)
    assert_error(seeded.api("POST", "/api/v1/auth/login", json_body={"email": True, "password": PASSWORD}), 422,
                 field="email")
    assert_error(seeded.api("POST", "/api/v1/auth/login", json_body={"email": "max@example.org", "password": 7}),
                 422, field="password")
    token = seeded.member.token
    for profile, field in [
        ({"job_title": 5}, "job_title"),
        ({"department": ["x"]}, "department"),
        ({"bio": {"text": "x"}}, "bio"),
        ({"languages": "en"}, "languages"),
        ({"availability": "mon 09:00-10:00"}, "availability"),
        ({"level": "3"}, "level"),
        ({"time_zone": 1}, "time_zone"),
        ({"display_name": None}, "display_name"),
    ]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": profile})
        assert_error(r, 422, code="invalid_field", field=field)
    assert_error(seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": "job_title=x"}), 422,
                 field="profile")
    assert_error(seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": ["x"]}), 422, field="profile")
    admin = seeded.client(seeded.admin.token)
    url = "/api/v1/users/%d" % seeded.member.id
    assert_error(admin.patch(url, json={"is_active": "no"}), 422, field="is_active")
    assert_error(admin.patch(url, json={"manager_id": str(seeded.other.id)}), 422, field="manager_id")
    assert_error(admin.patch(url, json={"role": 1}), 422, field="role")
    assert_error(admin.patch("/api/v1/settings", json={"signup_mode": 1}), 422, field="signup_mode")
    assert_error(admin.post("/api/v1/invitations", json={"email": ["a@example.org"]}), 422, field="email")
    assert user_count(seeded) == 3
    me = unchanged_profile(seeded, seeded.member)
    assert me["role"] == "member" and me["is_active"] is True and me["profile"]["manager_id"] is None


def test_missing_fields_are_422(seeded):
    full = {"email": "new@example.org", "password": PASSWORD, "name": "New"}
    for missing in ("email", "password", "name"):
        body = {k: v for k, v in full.items() if k != missing}
        assert_error(seeded.api("POST", "/api/v1/auth/signup", json_body=body), 422, field=missing)
    assert_error(seeded.api("POST", "/api/v1/auth/signup", json_body={}), 422)
    assert_error(seeded.api("POST", "/api/v1/auth/login", json_body={"email": "max@example.org"}), 422,
                 field="password")
    assert_error(seeded.api("POST", "/api/v1/auth/login", json_body={"password": PASSWORD}), 422, field="email")
    assert_error(seeded.api("POST", "/api/v1/auth/login"), 422)
    assert_error(seeded.api("PATCH", "/api/v1/me", token=seeded.member.token, json_body={}), 422, field="profile")
    # A profile field at the top level is not the profile: the key is named.
    assert_error(seeded.api("PATCH", "/api/v1/me", token=seeded.member.token, json_body={"job_title": "x"}), 422,
                 field="job_title")
    admin = seeded.client(seeded.admin.token)
    assert_error(admin.post("/api/v1/invitations", json={}), 422, field="email")
    assert user_count(seeded) == 3
    assert seeded.db_rows("SELECT count(*) FROM invitations")[0][0] == 0
    unchanged_profile(seeded, seeded.member)


def test_oversized_fields_are_422(seeded):
    long_email = "a" * 250 + "@example.org"
    for body, field in [
        ({"email": "new@example.org", "password": PASSWORD, "name": "x" * 101}, "name"),
        ({"email": long_email, "password": PASSWORD, "name": "New"}, "email"),
        ({"email": "new@example.org", "password": "long phrase " * 22, "name": "New"}, "password"),
    ]:
        assert_error(seeded.api("POST", "/api/v1/auth/signup", json_body=body), 422, field=field)
    assert user_count(seeded) == 3
    token = seeded.member.token
    for profile, field in [
        ({"display_name": "x" * 101}, "display_name"),
        ({"job_title": "x" * 101}, "job_title"),
        ({"department": "\u00e9" * 101}, "department"),
        ({"bio": "x" * 2001}, "bio"),
        ({"languages": ["x" * 61]}, "languages"),
        ({"interests": ["i%d" % i for i in range(31)]}, "interests"),
        ({"availability": [{"day": "mon", "start": "09:00", "end": "10:00"}] * 43}, "availability"),
    ]:
        if field != "job_title":
            profile = dict(profile, job_title="not stored either")
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": profile})
        assert_error(r, 422, field=field)
    unchanged_profile(seeded, seeded.member)
    # Exactly at the limits is fine (characters, not bytes).
    seeded.patch_me(token, {"job_title": "\u00e9" * 100, "bio": "\u4e2d" * 2000})
    profile = seeded.me(token)["profile"]
    assert profile["job_title"] == "\u00e9" * 100 and profile["bio"] == "\u4e2d" * 2000


# --- invalid UTF-8 and control characters ------------------------------------------------------


def test_invalid_utf8_in_json_is_400(seeded):
    token = seeded.member.token
    for text in [b"\xff\xfe", b"caf\xe9", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf"]:
        body = b'{"profile": {"job_title": "' + text + b'"}}'
        assert_error(raw_patch_me(seeded, token, body), 400, code="malformed_json")
    # Escapes that name no character, or NUL, are refused as well.
    for escape in [b"\\ud800", b"\\udfff x", b"a\\u0000b"]:
        body = b'{"profile": {"job_title": "' + escape + b'"}}'
        assert_error(raw_patch_me(seeded, token, body), 400, code="malformed_json")
    body = b'{"email": "n@example.org", "password": "violet harbour lantern", "name": "\xff"}'
    assert_error(raw_signup(seeded, body), 400)
    unchanged_profile(seeded, seeded.member)
    assert user_count(seeded) == 3


def test_invalid_utf8_in_forms_is_400(seeded):
    browser = seeded.browser()
    browser.use_token(seeded.member.token)
    csrf = browser.csrf("/profile")
    for value in [b"%FF", b"caf%E9", b"%C3%28", b"%ED%A0%80", b"\xff", b"abc%00def", b"%zz", b"%4"]:
        body = b"csrf=" + csrf.encode() + b"&display_name=Max+Member&job_title=" + value
        r = browser.post("/profile", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 400, (value, r.status_code, r.text[:500])
        assert "<script" not in r.text
    unchanged_profile(seeded, seeded.member)
    visitor = seeded.browser()
    csrf = visitor.csrf("/signup")
    body = "csrf=%s&name=%%C3%%28&email=n%%40example.org&password=violet+harbour+lantern" % csrf
    r = visitor.post("/signup", data=body.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    assert user_count(seeded) == 3


def test_malformed_query_strings_are_400(seeded):
    # Raw, because requests would re-encode a stray "%".
    for query in ["q=%zz", "q=%FF", "q=%00", "q=%C3", "q=%4"]:
        with seeded.raw() as conn:
            conn.request("GET", "/api/v1/users?" + query, {"Authorization": "Bearer " + seeded.admin.token})
            r = conn.read_response()
            assert r.status == 400, (query, r.status, r.body)
            assert r.json()["error"]["code"] == "bad_query"


# --- body size --------------------------------------------------------------------------


def test_two_mib_body_is_413(seeded):
    token = seeded.member.token
    padding = "x" * (2 * 1024 * 1024)
    body = json.dumps({"profile": {"job_title": "Too big", "bio": padding}}).encode()
    r = raw_patch_me(seeded, token, body)
    assert_error(r, 413, code="too_large")
    r = raw_signup(seeded, json.dumps({"email": "big@example.org", "password": PASSWORD, "name": padding}).encode())
    assert_error(r, 413)
    unchanged_profile(seeded, seeded.member)
    assert user_count(seeded) == 3
    # A body just under the limit is read and judged on its content.
    body = json.dumps({"profile": {"bio": "y" * (1024 * 1024 - 100)}}).encode()
    assert_error(raw_patch_me(seeded, token, body), 422, field="bio")


def test_far_larger_bodies_are_refused_at_once(seeded):
    # Announced: answered before the body is read, and the connection closed.
    with seeded.raw() as conn:
        conn.send("PATCH /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                  "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (seeded.member.token, 1 << 30))
        conn.send(b'{"profile": {"job_title": "huge", "bio": "' + b"x" * 65536)
        r = conn.read_response()
        assert r.status == 413
        assert r.header("connection") == "close"
        assert conn.is_closed(5 * pc.SLOW)
    # Chunked, so the size is only known by reading: cut off, answered or not.
    with seeded.raw() as conn:
        conn.send("PATCH /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                  "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" % seeded.member.token)
        chunk = b"x" * 65536
        refused = False
        try:
            for _ in range(16 * 16):  # 16 MiB
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        except OSError:
            refused = True
        if not refused:
            try:
                refused = conn.read_response().status == 413
            except (ConnectionError, OSError):
                refused = True
        assert refused
    assert seeded.get("/healthz").status_code == 200
    unchanged_profile(seeded, seeded.member)


# --- routes, methods, content types ---------------------------------------------------------------


def test_unknown_routes_are_404(seeded):
    token = seeded.member.token
    for path in ["/api/v1/nope", "/api/v1/me/", "/api/v1/Me", "/api/v2/me", "/api/v1/users/1/extra", "/api/"]:
        assert_error(seeded.get(path, token=token), 404, code="not_found")
    browser = seeded.browser()
    for path in ["/nope", "/profile/", "/static/nope.css", "/people/1/x", "/index.html"]:
        r = browser.get(path)
        assert r.status_code == 404, path
        assert r.headers["Content-Type"].startswith("text/html")
        assert "Not found" in r.text


def test_wrong_methods_are_405(seeded):
    token = seeded.member.token
    for method, path in [("DELETE", "/api/v1/me"), ("PUT", "/api/v1/auth/login"), ("GET", "/api/v1/auth/logout"),
                         ("POST", "/api/v1/me"), ("DELETE", "/api/v1/users/1"), ("PUT", "/api/v1/settings")]:
        r = seeded.api(method, path, token=token)
        assert_error(r, 405, code="method_not_allowed")
    browser = seeded.browser()
    for method, path in [("PUT", "/login"), ("DELETE", "/"), ("PATCH", "/profile"), ("POST", "/healthz")]:
        r = browser.request(method, path)
        assert r.status_code == 405, (method, path)
        assert r.headers["Content-Type"].startswith("text/html")
    unchanged_profile(seeded, seeded.member)


def test_wrong_content_types_are_415(seeded):
    body = json.dumps({"email": "n@example.org", "password": PASSWORD, "name": "N"}).encode()
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                         "application/jsonp", "application/json-seq", ""]:
        headers = {"Content-Type": content_type} if content_type else {}
        r = seeded.api("POST", "/api/v1/auth/signup", data=body, headers=headers)
        assert_error(r, 415, code="unsupported_media_type")
    r = seeded.api("PATCH", "/api/v1/me", token=seeded.member.token,
                   data=b'{"profile": {"job_title": "x"}}', headers={"Content-Type": "text/json"})
    assert_error(r, 415)
    # Pages take forms only.
    browser = seeded.browser()
    csrf = browser.csrf("/login")
    r = browser.post("/login", data=json.dumps({"email": "max@example.org", "password": PASSWORD, "csrf": csrf}),
                     headers={"Content-Type": "application/json"})
    assert r.status_code == 415
    assert not browser.cookies.get("pc_login")
    assert user_count(seeded) == 3
    unchanged_profile(seeded, seeded.member)
    # Parameters and case are fine.
    r = seeded.api("PATCH", "/api/v1/me", token=seeded.member.token,
                   data=b'{"profile": {"job_title": "ok"}}', headers={"Content-Type": "Application/JSON; charset=utf-8"})
    assert r.status_code == 200, r.text


# --- SQL and HTML metacharacters ------------------------------------------------------------------


def escaped(text):
    """How the templates must show text: & < > " ' escaped."""
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def assert_safe_page(response):
    assert response.status_code == 200, (response.status_code, response.text[:2000])
    text = response.text
    assert "<script" not in text.lower(), text
    for bad in ["<script>", '"&<>']:
        assert bad not in text
    return text


def test_metacharacters_are_stored_verbatim_and_shown_escaped(seeded):
    name = "%s %s" % (SCRIPT, SQL)
    profile = {
        "display_name": name,
        "job_title": MARKUP + " " + SQL,
        "department": SCRIPT,
        "bio": SQL + "\n" + SCRIPT + "\n" + MARKUP,
        "languages": NASTY,
        "skills_to_develop": [SCRIPT, "x' OR '1'='1"],
        "skills_to_offer": [MARKUP],
        "interests": ["Robert'); DROP TABLE profiles;--"],
    }
    seeded.patch_me(seeded.member.token, profile)
    seeded.patch_me(seeded.admin.token, {"display_name": MARKUP + " admin"})
    _, apostrophe = seeded.signup("o'brien@example.org", SQL + " " + SCRIPT)
    # Stored verbatim: the API gives back exactly what was sent.
    me = seeded.me(seeded.member.token)
    assert me["name"] == name
    for key, value in profile.items():
        if key != "display_name":
            assert me["profile"][key] == value, key
    assert apostrophe["email"] == "o'brien@example.org"
    assert apostrophe["name"] == SQL + " " + SCRIPT
    users = seeded.get("/api/v1/users", token=seeded.admin.token).json()["users"]
    assert len(users) == 4  # the users table is still there
    assert seeded.db_rows("SELECT count(*) FROM profiles")[0][0] == 4
    # Shown escaped, on every page that shows them.
    member = seeded.browser()
    member.use_token(seeded.member.token)
    text = assert_safe_page(member.get("/profile"))
    assert field_value(text, "display_name") == name
    assert escaped(name) in text
    assert field_value(text, "job_title") == profile["job_title"]
    assert field_value(text, "languages") == ", ".join(NASTY)
    assert field_value(text, "bio") == profile["bio"]
    text = assert_safe_page(member.get("/"))
    assert "Hello, " + escaped(name) in text
    admin = seeded.browser()
    admin.use_token(seeded.admin.token)
    text = assert_safe_page(admin.get("/people"))
    assert escaped(name) in text and escaped(SCRIPT) in text
    assert escaped(MARKUP + " admin") in text
    text = assert_safe_page(admin.get("/people/%d" % seeded.member.id))
    assert escaped(name) in text and escaped(profile["job_title"]) in text
    text = assert_safe_page(admin.get("/people/%d" % apostrophe["id"]))
    assert "o&#39;brien@example.org" in text
    text = assert_safe_page(admin.get("/people", params={"q": SCRIPT}))
    assert escaped(name) in text
    assert field_value(text, "q") == SCRIPT
    text = assert_safe_page(admin.get("/people", params={"q": SQL}))
    assert escaped(SQL) in text
    text = assert_safe_page(admin.get("/admin/audit"))
    assert escaped(MARKUP + " admin") in text
    # Searching with SQL in the query finds text, not trouble.
    r = seeded.get("/api/v1/users", token=seeded.admin.token, params={"q": SQL})
    assert sorted(u["id"] for u in r.json()["users"]) == sorted([seeded.member.id, apostrophe["id"]])
    r = seeded.get("/api/v1/users", token=seeded.admin.token, params={"q": "' OR '1'='1"})
    assert r.json()["users"] == []
    assert len(seeded.get("/api/v1/users", token=seeded.admin.token).json()["users"]) == 4


def test_metacharacters_in_failed_forms_are_escaped(seeded):
    visitor = seeded.browser()
    r = visitor.submit("/login", "/login", {"email": SCRIPT + "@example.org", "password": "x" * 10,
                                            "next": '"><script>alert(1)</script>'})
    assert r.status_code in (401, 422)
    assert "<script" not in r.text.lower()
    member = seeded.browser()
    member.use_token(seeded.member.token)
    r = member.submit("/profile", "/profile", {"display_name": SCRIPT, "job_title": MARKUP, "time_zone": SCRIPT})
    assert r.status_code == 422
    assert "<script" not in r.text.lower()
    assert field_value(r.text, "job_title") == MARKUP
    assert field_value(r.text, "time_zone") == SCRIPT
    r = visitor.get("/login", params={"next": '"><script>alert(1)</script>'})
    assert "<script" not in r.text.lower()
    r = visitor.get("/nope" + "%3Cscript%3Ealert(1)%3C/script%3E")
    assert r.status_code == 404 and "<script" not in r.text.lower()
    unchanged_profile(seeded, seeded.member)


# --- unknown fields -------------------------------------------------------------------------------

UNKNOWN = "zz_unknown"
COACHING = ("/api/v1/programs", "/api/v1/enrollments", "/api/v1/partnerships", "/api/v1/goals",
            "/api/v1/sessions", "/api/v1/actions", "/api/v1/reflections", "/api/v1/matching")


def account_rows(server):
    """Every row a write to an account route could touch; login tokens by
    count, since each request may note when its token was last seen."""
    tables = ["users", "profiles", "settings", "invitations", "audit_log"]
    rows = {t: server.db_rows('SELECT * FROM "%s" ORDER BY rowid' % t) for t in tables}
    rows["login_tokens"] = server.db_rows("SELECT count(*) FROM login_tokens")
    return rows


def test_an_unknown_field_is_refused_by_name_on_every_account_route(seeded):
    """A misspelt field must not be dropped silently: a valid body plus one
    unknown key answers 422 naming it, and nothing is stored — no account,
    no login, no logout, no new password. The coaching routes have the
    same check in test_bad_input_coaching.py."""
    member, admin = seeded.member, seeded.admin
    cases = {
        ("POST", "/api/v1/auth/signup"): (None, {"email": "new@example.org", "password": PASSWORD, "name": "New"}),
        ("POST", "/api/v1/auth/login"): (None, {"email": "max@example.org", "password": PASSWORD}),
        ("POST", "/api/v1/auth/logout"): (member, {}),
        ("POST", "/api/v1/me/password"): (member, {"current_password": PASSWORD,
                                                  "new_password": "amber canyon tortoise"}),
        ("PATCH", "/api/v1/me"): (member, {"profile": {"job_title": "Changed"}}),
        ("PATCH", "/api/v1/users/:id"): (admin, {"role": "organizer", "is_active": False}),
        ("PATCH", "/api/v1/settings"): (admin, {"signup_mode": "invitation"}),
        ("POST", "/api/v1/invitations"): (admin, {"email": "invited@example.org"}),
    }
    writes = {(m, path) for m, path, handler, is_api in routes()
              if is_api and m != "GET" and not path.startswith(COACHING)}
    assert writes == set(cases), "account routes without an unknown-field check: %s" % (writes - set(cases))
    before = account_rows(seeded)
    for (method, path), (who, body) in sorted(cases.items()):
        url = path.replace(":id", str(member.id))
        r = seeded.api(method, url, token=who.token if who else None, json_body=dict(body, **{UNKNOWN: 1}))
        error = assert_error(r, 422, code="invalid_field", field=UNKNOWN)
        assert error["message"].startswith(UNKNOWN + " is not a field"), error
        assert account_rows(seeded) == before, (method, url)
    # The logout was refused: the member's token still works.
    assert seeded.me(member.token)["role"] == "member"


def test_odd_unknown_fields_are_named_without_echoing_them(seeded):
    token = seeded.member.token
    long_key = "k" * 300
    error = assert_error(seeded.api("PATCH", "/api/v1/me", token=token, json_body={long_key: 1}), 422)
    assert error["field"] == "k" * 64 + "..." and long_key not in error["message"]
    error = assert_error(seeded.api("PATCH", "/api/v1/me", token=token,
                                    json_body={"a\nb" + SCRIPT: 1}), 422)
    assert error["field"] == "a?b?script?alert?1???script?"
    assert "<" not in error["message"] and "\n" not in error["message"]
    unchanged_profile(seeded, seeded.member)


def test_forms_may_carry_fields_the_api_would_refuse(seeded):
    """Page forms carry csrf and button names: only API bodies are checked."""
    member = seeded.browser()
    member.use_token(seeded.member.token)
    r = member.submit("/profile", "/profile", {"display_name": "Max Member", "job_title": "Form", UNKNOWN: "x"})
    assert r.status_code in (200, 303), (r.status_code, r.text[:500])
    assert seeded.me(seeded.member.token)["profile"]["job_title"] == "Form"
