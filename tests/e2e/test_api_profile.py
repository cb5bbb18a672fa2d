"""Profiles through the JSON API: GET and PATCH /api/v1/me, and the rules
for each field (issue 2, "Profiles")."""

from pc import assert_error

PROFILE_KEYS = {
    "job_title", "department", "level", "manager_id", "time_zone", "languages", "availability",
    "skills_to_develop", "skills_to_offer", "interests", "bio",
}


def test_me_returns_user_and_profile(seeded):
    r = seeded.get("/api/v1/me", token=seeded.member.token)
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert user["id"] == seeded.member.id
    assert user["email"] == "max@example.org"
    assert user["name"] == "Max Member"
    assert user["role"] == "member"
    profile = user["profile"]
    assert PROFILE_KEYS <= set(profile), profile
    assert profile["time_zone"] == "UTC"
    assert profile["level"] is None and profile["manager_id"] is None
    for key in ("languages", "availability", "skills_to_develop", "skills_to_offer", "interests"):
        assert profile[key] == []
    assert profile["job_title"] == "" and profile["bio"] == ""


def test_profile_update_is_stored_and_read_back(seeded):
    change = {
        "display_name": "  Maximilian Member  ",
        "job_title": "Data Engineer",
        "department": "Platform",
        "level": 4,
        "time_zone": "America/Argentina/Buenos_Aires",
        "languages": ["es", "en"],
        "availability": [{"day": "tue", "start": "09:00", "end": "11:30"}],
        "skills_to_develop": ["public speaking"],
        "skills_to_offer": ["SQL", "data modelling"],
        "interests": ["cycling"],
        "bio": "Two lines\nabout me.",
    }
    r = seeded.patch_me(seeded.member.token, change)
    user = r.json()["user"]
    expected = dict(change)
    del expected["display_name"]
    for key, value in expected.items():
        assert user["profile"][key] == value, key
    assert user["name"] == "Maximilian Member"  # trimmed
    again = seeded.me(seeded.member.token)
    assert again["name"] == "Maximilian Member"
    for key, value in expected.items():
        assert again["profile"][key] == value, key
    # A partial update leaves the other fields alone.
    seeded.patch_me(seeded.member.token, {"job_title": "Staff Data Engineer"})
    again = seeded.me(seeded.member.token)
    assert again["profile"]["job_title"] == "Staff Data Engineer"
    assert again["profile"]["skills_to_offer"] == ["SQL", "data modelling"]
    # Other people's profiles are not touched.
    assert seeded.me(seeded.other.token)["profile"]["job_title"] == ""
    # The admin directory shows the same profile.
    admin_view = seeded.get("/api/v1/users/%d" % seeded.member.id, token=seeded.admin.token).json()["user"]
    assert admin_view["profile"]["department"] == "Platform"


def test_time_zone_must_be_an_iana_name(seeded):
    token = seeded.member.token
    for bad in ["Mars/Olympus_Mons", "Europe", "../../../etc/passwd", "/etc/localtime", "Europe/Paris ",
                "Europe/Paris\n", "", "europe/paris", 5, None, ["UTC"]]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {"time_zone": bad}})
        assert_error(r, 422, code="invalid_field", field="time_zone")
    assert seeded.me(token)["profile"]["time_zone"] == "UTC"
    for good in ["Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Asia/Kolkata", "UTC"]:
        seeded.patch_me(token, {"time_zone": good})
        assert seeded.me(token)["profile"]["time_zone"] == good


def test_lists_are_normalised(seeded):
    token = seeded.member.token
    r = seeded.patch_me(token, {
        "languages": ["  en ", "EN", "fr", "", "   ", "En", "pt-BR"],
        "skills_to_develop": ["Negotiation", "negotiation ", "Giving feedback"],
        "skills_to_offer": [],
        "interests": ["Running", "running ", "Chess", "\u00e9t\u00e9"],
    })
    profile = r.json()["user"]["profile"]
    assert profile["languages"] == ["en", "fr", "pt-BR"]
    assert profile["skills_to_develop"] == ["Negotiation", "Giving feedback"]
    assert profile["skills_to_offer"] == []
    assert profile["interests"] == ["Running", "Chess", "\u00e9t\u00e9"]
    assert seeded.me(token)["profile"]["languages"] == ["en", "fr", "pt-BR"]


def test_list_limits(seeded):
    token = seeded.member.token
    seeded.patch_me(token, {"skills_to_offer": ["kept"]})
    for bad in [
        ["s%d" % i for i in range(31)],  # too many items
        ["x" * 61],  # an item too long
        ["ok", 5],  # not a string
        ["ok", None],
        "one, two",  # not a list
        {"0": "a"},
        ["line\nbreak"],
    ]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {"skills_to_offer": bad}})
        assert_error(r, 422, field="skills_to_offer")
    assert seeded.me(token)["profile"]["skills_to_offer"] == ["kept"]
    # The limits themselves are allowed: 30 items of 60 characters (not bytes).
    items = [("%02d" % i) + "\u00e9" * 58 for i in range(30)]
    seeded.patch_me(token, {"skills_to_offer": items})
    assert seeded.me(token)["profile"]["skills_to_offer"] == items


def test_availability_is_sorted_and_merged(seeded):
    token = seeded.member.token
    r = seeded.patch_me(token, {"availability": [
        {"day": "wed", "start": "14:00", "end": "15:00"},
        {"day": "mon", "start": "10:00", "end": "12:00"},
        {"day": "sun", "start": "22:00", "end": "24:00"},
        {"day": "mon", "start": "09:00", "end": "10:30"},
        {"day": "mon", "start": "12:00", "end": "13:00"},  # touches the one before
        {"day": "mon", "start": "16:00", "end": "17:00"},
        {"day": "wed", "start": "14:15", "end": "14:45"},  # inside another
    ]})
    expected = [
        {"day": "mon", "start": "09:00", "end": "13:00"},
        {"day": "mon", "start": "16:00", "end": "17:00"},
        {"day": "wed", "start": "14:00", "end": "15:00"},
        {"day": "sun", "start": "22:00", "end": "24:00"},
    ]
    assert r.json()["user"]["profile"]["availability"] == expected
    assert seeded.me(token)["profile"]["availability"] == expected
    seeded.patch_me(token, {"availability": []})
    assert seeded.me(token)["profile"]["availability"] == []


def test_availability_rejects_bad_windows(seeded):
    token = seeded.member.token
    kept = [{"day": "fri", "start": "08:00", "end": "09:00"}]
    seeded.patch_me(token, {"availability": kept})

    def window(day="mon", start="09:00", end="10:00"):
        return {"day": day, "start": start, "end": end}

    for bad in [
        [window(day="monday")],
        [window(day="MON")],
        [window(start="9:00")],
        [window(start="25:00")],
        [window(end="12:60")],
        [window(end="24:01")],
        [window(start="10:00", end="10:00")],
        [window(start="11:00", end="10:00")],
        [{"day": "mon", "start": "09:00"}],
        [{"day": "mon", "start": 900, "end": 1000}],
        ["mon 09:00-10:00"],
        {"day": "mon", "start": "09:00", "end": "10:00"},
        [window() for _ in range(43)],
    ]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {"availability": bad}})
        assert_error(r, 422, field="availability")
    assert seeded.me(token)["profile"]["availability"] == kept


def test_level_is_a_whole_number_in_range(seeded):
    token = seeded.member.token
    for good in [0, 100, 7]:
        seeded.patch_me(token, {"level": good})
        assert seeded.me(token)["profile"]["level"] == good
    for bad in [101, -1, 3.5, "3", True, [3]]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {"level": bad}})
        assert_error(r, 422, field="level")
    assert seeded.me(token)["profile"]["level"] == 7
    seeded.patch_me(token, {"level": None})
    assert seeded.me(token)["profile"]["level"] is None


def test_display_name_rules(seeded):
    token = seeded.member.token
    for bad in ["", "   ", "x" * 101, "two\nlines", 42]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {"display_name": bad}})
        assert_error(r, 422, field="display_name")
    assert seeded.me(token)["name"] == "Max Member"
    # 100 characters is the limit, counted in characters, not bytes.
    name = "\u00e9" * 100
    seeded.patch_me(token, {"display_name": name})
    assert seeded.me(token)["name"] == name


def test_bio_may_span_lines_but_short_fields_may_not(seeded):
    token = seeded.member.token
    seeded.patch_me(token, {"bio": "first line\nsecond line\r\n\tindented"})
    assert seeded.me(token)["profile"]["bio"] == "first line\nsecond line\r\n\tindented"
    for field, bad in [("bio", "bell\x07"), ("bio", "esc\x1b[31m"), ("bio", "c1\u0085"), ("job_title", "a\nb"),
                       ("department", "tab\there"), ("bio", "x" * 2001), ("job_title", "x" * 101),
                       ("department", "x" * 101)]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {field: bad}})
        assert_error(r, 422, field=field)
    profile = seeded.me(token)["profile"]
    assert profile["bio"] == "first line\nsecond line\r\n\tindented"
    assert profile["job_title"] == "" and profile["department"] == ""


def test_unknown_profile_fields_are_refused(seeded):
    token = seeded.member.token
    for change in [{"shoe_size": 44}, {"email": "evil@example.org"}, {"role": "admin"}, {"id": 1}]:
        r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": change})
        assert_error(r, 422, field=list(change)[0])
    me = seeded.me(token)
    assert me["email"] == "max@example.org" and me["role"] == "member"


def test_members_cannot_set_their_own_manager(seeded):
    token = seeded.member.token
    r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {"manager_id": seeded.other.id}})
    assert_error(r, 403)
    assert seeded.me(token)["profile"]["manager_id"] is None


def test_profile_update_is_all_or_nothing(seeded):
    token = seeded.member.token
    r = seeded.api("PATCH", "/api/v1/me", token=token, json_body={"profile": {
        "job_title": "Chef", "languages": ["fr"], "display_name": "Renamed", "time_zone": "Nowhere/Land"}})
    assert_error(r, 422, field="time_zone")
    me = seeded.me(token)
    assert me["name"] == "Max Member"
    assert me["profile"]["job_title"] == "" and me["profile"]["languages"] == []
