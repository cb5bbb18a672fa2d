"""Messages end to end (issue 3, "Messages"): one thread per partnership,
Markdown rendered safely, newest last, paged, unread counts per member,
read-only once the partnership has ended, and bad input refused. Non-
members' 404s are in test_partnerships.py with the other confidentiality
rules."""

import pytest

import partnerships_helpers as h
from pc import assert_error


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = h.start_world(tmp_path_factory, "messages")
    yield w
    h.stop_world(w)


def thread_path(pid):
    return "/api/v1/partnerships/%d/messages" % pid


def send(world, who, pid, body):
    return world.server.api("POST", thread_path(pid), token=who.token, json_body={"body": body})


def read(world, who, pid, query=""):
    return h.ok(world.server.get(thread_path(pid) + query, token=who.token))


def unread(world, who, pid):
    view = h.ok(world.server.get("/api/v1/partnerships/%d" % pid, token=who.token))
    return view["partnership"]["unread_messages"]


def active(world, members):
    s, p = world.server, world.people
    prog = h.make_program(s, p.organizer.token, members)
    return h.active_partnership(s, p.organizer.token, prog, members)


def test_thread_markdown_and_unread_counts(world):
    p = world.people
    pid = active(world, [p.ana, p.ben])
    read(world, p.ana, pid)
    read(world, p.ben, pid)
    assert unread(world, p.ana, pid) == 0

    r = send(world, p.ana, pid, "Shall we meet **Tuesday**? <script>alert(1)</script> [x](javascript:alert(1))")
    message = h.ok(r, 201)["message"]
    assert message["author"] == {"id": p.ana.id, "name": "Ana Souza"} and message["is_system"] is False
    assert "<strong>Tuesday</strong>" in message["body_html"]
    assert "<script>" not in message["body_html"] and "javascript:" not in message["body_html"]
    assert unread(world, p.ana, pid) == 0  # one's own messages are read
    assert unread(world, p.ben, pid) == 1
    h.ok(send(world, p.ana, pid, "Or Wednesday."), 201)
    assert unread(world, p.ben, pid) == 2

    body = read(world, p.ben, pid)
    assert [m["body"] for m in body["messages"]][-2:] == [
        "Shall we meet **Tuesday**? <script>alert(1)</script> [x](javascript:alert(1))", "Or Wednesday."]
    assert body["can_post"] is True and body["older_before"] is None
    assert body["partnership"]["id"] == pid
    assert unread(world, p.ben, pid) == 0
    system = [m for m in body["messages"] if m["is_system"]]
    assert system and system[0]["author"] is None

    page = h.browser_for(world.server, p.ben).get("/partnerships/%d/messages" % pid).text
    assert "<strong>Tuesday</strong>" in page and "<script>alert(1)" not in page

    # The dashboard can read them all at once from the list.
    h.ok(send(world, p.ben, pid, "Tuesday works."), 201)
    mine = h.ok(world.server.get("/api/v1/partnerships", token=p.ana.token))["partnerships"]
    assert next(x for x in mine if x["id"] == pid)["unread_messages"] == 1


def test_newest_last_and_paged(world):
    p = world.people
    pid = active(world, [p.chloe, p.dev])
    for i in range(55):
        h.ok(send(world, p.chloe if i % 2 else p.dev, pid, "message %02d" % i), 201)
    assert unread(world, p.chloe, pid) > 27
    first = read(world, p.chloe, pid)
    bodies = [m["body"] for m in first["messages"]]
    assert len(bodies) == 50 and bodies[-1] == "message 54" and bodies[0] == "message 05"
    ids = [m["id"] for m in first["messages"]]
    assert ids == sorted(ids)
    assert first["older_before"] == ids[0]
    assert unread(world, p.chloe, pid) == 0
    older = read(world, p.chloe, pid, "?before=%d" % first["older_before"])
    assert [m["body"] for m in older["messages"] if not m["is_system"]] == [
        "message %02d" % i for i in range(5)]
    assert older["older_before"] is None
    for bad in ("?before=abc", "?before=-3", "?before=1.5", "?before=0"):
        assert_error(world.server.get(thread_path(pid) + bad, token=p.chloe.token), 422, field="before")


def test_ended_thread_is_read_only(world):
    s, p = world.server, world.people
    pid = active(world, [p.ana, p.eli])
    h.ok(send(world, p.eli, pid, "Thanks for everything."), 201)
    h.ok(s.api("POST", "/api/v1/partnerships/%d/leave" % pid, token=p.ana.token, json_body={}))
    body = read(world, p.eli, pid)
    assert body["can_post"] is False
    assert "Thanks for everything." in [m["body"] for m in body["messages"]]
    assert_error(send(world, p.eli, pid, "Hello?"), 409, "invalid_state")
    assert "can be read but not added to" in h.browser_for(s, p.eli).get("/partnerships/%d/messages" % pid).text


def test_bad_input_is_refused_and_nothing_is_stored(world):
    s, p = world.server, world.people
    pid = active(world, [p.ben, p.eli])
    count = lambda: s.db_rows("SELECT count(*) FROM messages WHERE partnership_id = ?", pid)[0][0]
    before = count()
    for body in ({}, {"body": None}, {"body": ""}, {"body": "  \n\t "}, {"body": 5}, {"body": ["hi"]},
                 {"body": "x" * 5001}, {"body": "bell\x07"}):
        assert_error(s.api("POST", thread_path(pid), token=p.ben.token, json_body=body), 422, field="body")
    r = s.api("POST", thread_path(pid), token=p.ben.token, data=b'{"body": "\xc3\x28"}',
              headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    h.ok(send(world, p.ben, pid, "x" * 5000), 201)
    assert count() == before + 1
