"""Fixtures for the end-to-end tests: real peercoach servers on free ports
with temporary databases (see pc.py for the helpers).

  server        a fresh server on an empty database
  seeded        a server on a copy of a database that already holds three
                accounts made through the API: .admin (ada@example.org, the
                instance admin), .member (max@example.org) and .other
                (olga@example.org), each with .email .name .id .token;
                every password is pc.PASSWORD. Signing up costs an argon2id
                hash, so it is done once per test file and the file copied
                for each test (login tokens stay valid in the copy).
  make_server   a factory for servers with extra flags, environment, a
                given database or no --listen/--db flags at all
  make_seeded   the same for seeded servers (make_seeded(args=[...]))

Every server a test started is stopped at teardown with SIGTERM and must
exit 0 without any sanitizer report, so every test is also a shutdown and
sanitizer test.
"""

import os
import types

import pytest

import pc


@pytest.fixture
def make_server(tmp_path):
    servers = []

    def make(args=(), env=None, db=None, start=True, name=None, **kw):
        workdir = tmp_path / (name or "server%d" % (len(servers) + 1))
        server = pc.Server(workdir, args=args, env=env, db=db, **kw)
        servers.append(server)
        if start:
            server.start()
        return server

    yield make
    problems = []
    for server in servers:
        try:
            server.finish()
        except AssertionError as e:
            problems.append(str(e))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def server(make_server):
    return make_server()


SEED_ACCOUNTS = {
    "admin": ("ada@example.org", "Ada Admin"),
    "member": ("max@example.org", "Max Member"),
    "other": ("olga@example.org", "Olga Other"),
}


@pytest.fixture(scope="session")
def seed(tmp_path_factory):
    """A database with three accounts made through the API; the first is
    the instance admin. Tokens stay valid in copies of the file."""
    workdir = tmp_path_factory.mktemp("seed")
    server = pc.Server(workdir)
    server.start()
    accounts = {}
    try:
        for role, (email, name) in SEED_ACCOUNTS.items():
            token, user = server.signup(email, name)
            accounts[role] = types.SimpleNamespace(email=email, name=name, token=token, user=user, id=user["id"])
    finally:
        server.finish()
    assert accounts["admin"].user["role"] == "admin"
    return types.SimpleNamespace(db=server.db, accounts=accounts)


@pytest.fixture
def make_seeded(make_server, tmp_path, seed):
    """Factory: a server on a fresh copy of the seed database."""

    def make(args=(), env=None, name=None):
        name = name or "seeded%d" % len(os.listdir(tmp_path))
        server = pc.server_on_copy(make_server, tmp_path, seed.db, name, args=args, env=env)
        for role, account in seed.accounts.items():
            setattr(server, role, account)
        return server

    return make


@pytest.fixture
def seeded(make_seeded):
    return make_seeded()
