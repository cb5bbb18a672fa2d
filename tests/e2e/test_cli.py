"""The command line and configuration (issue 2, "The program"): serve's
defaults, flags, environment, INI and their precedence, one-line errors
with exit 2, version, help, migrate, create-admin, demo, and /healthz."""

import os
import socket
import sqlite3

import pytest

import pc
from pc import PASSWORD, run_cli

DEMO_PASSWORD = "demo-coaching-2026"


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def tables(db):
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def count_users(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM users").fetchone()[0]
    finally:
        conn.close()


def test_serve_without_arguments_uses_the_defaults(make_server, tmp_path):
    if not pc.port_is_free(8080):
        pytest.skip("port 8080 is in use on this machine")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    server = make_server(listen=False, db=False, cwd=str(cwd), start=False)
    server.port = 8080
    server.db = str(cwd / "peercoach.db")
    server.start()
    assert server.get("/healthz").json() == {"status": "ok"}
    assert (cwd / "peercoach.db").exists()
    assert "serving http://127.0.0.1:8080" in server.stderr_text()
    # Only on the loopback address.
    try:
        addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        addresses = set()
    for address in addresses - {"127.0.0.1"}:
        with pytest.raises(OSError):
            socket.create_connection((address, 8080), timeout=0.5).close()


def test_listen_and_db_flags_pick_both(make_server, tmp_path):
    db = tmp_path / "deep" / "x.db"
    db.parent.mkdir()
    port = pc.free_port()
    server = make_server(listen=False, db=False, args=["--listen", "127.0.0.1:%d" % port, "--db=%s" % db], start=False)
    server.port = port
    server.start()
    token, _ = server.signup("a@example.org", "A")
    assert count_users(str(db)) == 1
    assert {"users", "profiles", "login_tokens", "settings", "audit_log"} <= tables(str(db))


def test_environment_configures_serve(make_server, tmp_path):
    port = pc.free_port()
    db = str(tmp_path / "from-env.db")
    server = make_server(listen=False, db=False, start=False,
                         env={"PEERCOACH_LISTEN": "127.0.0.1:%d" % port, "PEERCOACH_DB": db})
    server.port = port
    server.start()
    assert os.path.exists(db)
    assert "database %s" % db in server.stderr_text()


def test_ini_file_configures_serve(make_server, tmp_path):
    port = pc.free_port()
    db = str(tmp_path / "from-ini.db")
    ini = tmp_path / "peercoach.ini"
    ini.write_text("# peercoach settings\n; another comment\n\n[server]\nlisten = 127.0.0.1:%d\n"
                   "max_body = 2k\n\n[storage]\ndb=%s\n" % (port, db))
    server = make_server(listen=False, db=False, start=False, args=["--config", str(ini)])
    server.port = port
    server.start()
    assert os.path.exists(db)
    # max_body from the file is in force.
    r = server.api("POST", "/api/v1/auth/login", data=b"{" + b" " * 3000 + b"}",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    server.stop()
    # The file may also be named by PEERCOACH_CONFIG.
    server.env = {"PEERCOACH_CONFIG": str(ini)}
    server.args = []
    server.start()
    assert server.get("/healthz").status_code == 200


def test_flags_beat_environment_beat_ini(make_server, tmp_path):
    ports = {name: pc.free_port() for name in ("ini", "env", "flag")}
    dbs = {name: str(tmp_path / ("%s.db" % name)) for name in ("ini", "env", "flag")}
    ini = tmp_path / "peercoach.ini"
    ini.write_text("listen = 127.0.0.1:%d\ndb = %s\n" % (ports["ini"], dbs["ini"]))
    # Environment over INI, for both settings.
    a = make_server(listen=False, db=False, start=False, args=["--config", str(ini)],
                    env={"PEERCOACH_LISTEN": "127.0.0.1:%d" % ports["env"], "PEERCOACH_DB": dbs["env"]})
    a.port = ports["env"]
    a.start()
    assert os.path.exists(dbs["env"]) and not os.path.exists(dbs["ini"])
    assert not listening(ports["ini"])
    assert a.stop() == 0
    # Flag over environment over INI, setting by setting.
    b = make_server(listen=False, db=False, start=False,
                    args=["--config", str(ini), "--listen", "127.0.0.1:%d" % ports["flag"]],
                    env={"PEERCOACH_LISTEN": "127.0.0.1:%d" % ports["env"]})
    b.port = ports["flag"]
    b.start()
    assert not listening(ports["env"]) and not listening(ports["ini"])
    assert os.path.exists(dbs["ini"]), "the INI's db applies when nothing overrides it"
    assert not os.path.exists(dbs["flag"])


@pytest.mark.parametrize("args,env,ini,mentions", [
    (["serve", "--nope"], {}, None, "--nope"),
    (["serve", "--max-body", "lots"], {}, None, "max-body"),
    (["serve", "--max-body", "10"], {}, None, "max-body"),
    (["serve", "--listen", "nowhere"], {}, None, "nowhere"),
    (["serve", "--listen", "127.0.0.1:99999"], {}, None, "127.0.0.1:99999"),
    (["serve", "--idle-timeout", "0"], {}, None, "timeout"),
    (["serve", "--request-timeout", "-3"], {}, None, "request-timeout"),
    (["serve", "--access-log", "maybe"], {}, None, "access-log"),
    (["serve", "--db"], {}, None, "--db"),
    (["serve", "stray"], {}, None, "stray"),
    (["frobnicate"], {}, None, "frobnicate"),
    (["serve"], {"PEERCOACH_MAX_BODY": "huge"}, None, "PEERCOACH_MAX_BODY"),
    (["serve"], {"PEERCOACH_THREADS": "many"}, None, "PEERCOACH_THREADS"),
    (["serve", "--config", "/nonexistent/peercoach.ini"], {}, None, "/nonexistent/peercoach.ini"),
    (["serve"], {}, "colour = blue\n", "colour"),
    (["serve"], {}, "just some words\n", "expected name = value"),
    (["serve"], {}, "max_body = twelve\n", "max_body"),
    (["migrate", "--bogus"], {}, None, "--bogus"),
    (["demo", "--people", "1"], {}, None, "--people"),
    (["create-admin", "--name", "X"], {}, None, "--email"),
])
def test_bad_flags_and_config_exit_2_with_one_line(tmp_path, args, env, ini, mentions):
    args = list(args)
    if ini is not None:
        path = tmp_path / "bad.ini"
        path.write_text(ini)
        args += ["--config", str(path)]
    if args[0] != "frobnicate" and "--db" not in args:
        args += ["--db", str(tmp_path / "x.db")]
    proc = run_cli(*args, env=env, cwd=str(tmp_path))
    assert proc.returncode == 2, (args, proc.returncode, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, (args, proc.stderr)
    assert mentions in lines[0], (args, lines[0])
    assert proc.stdout == ""
    assert not os.path.exists(tmp_path / "x.db") or args[0] == "demo", "a refused command must not touch the database"


def test_version_and_help(tmp_path):
    proc = run_cli("version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("peercoach ")
    version = proc.stdout.split()[1]
    assert all(part.isdigit() for part in version.split(".")), proc.stdout
    proc = run_cli("help")
    assert proc.returncode == 0
    for word in ("serve", "migrate", "create-admin", "demo", "version", "help", "--listen", "--db", "--config",
                 "PEERCOACH_LISTEN", "PEERCOACH_DB", "127.0.0.1:8080"):
        assert word in proc.stdout, word
    assert run_cli("--help").stdout == proc.stdout
    assert run_cli(cwd=str(tmp_path)).returncode == 0


def test_migrate_creates_the_schema_once(tmp_path):
    db = str(tmp_path / "m.db")
    proc = run_cli("migrate", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "schema version" in proc.stdout
    version = proc.stdout.strip().split()[-1]
    assert {"users", "profiles", "login_tokens", "invitations", "settings", "audit_log"} <= tables(db)
    again = run_cli("migrate", "--db", db)
    assert again.returncode == 0 and again.stdout.strip().split()[-1] == version
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_create_admin(make_server, tmp_path):
    db = str(tmp_path / "admin.db")
    proc = run_cli("create-admin", "--email", "Boss@Example.org", "--name", "The Boss", "--db", db,
                   env={"PEERCOACH_ADMIN_PASSWORD": PASSWORD})
    assert proc.returncode == 0, proc.stderr
    assert "boss@example.org" in proc.stdout
    assert PASSWORD not in proc.stdout + proc.stderr
    # From standard input too.
    proc = run_cli("create-admin", "--email", "second@example.org", "--name", "Second", "--db", db,
                   input=pc.OTHER_PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    # Refusals: a taken email, a weak password, no password at all.
    proc = run_cli("create-admin", "--email", "boss@example.org", "--name", "Again", "--db", db,
                   env={"PEERCOACH_ADMIN_PASSWORD": PASSWORD})
    assert proc.returncode == 2 and "already exists" in proc.stderr
    proc = run_cli("create-admin", "--email", "weak@example.org", "--name", "Weak", "--db", db,
                   env={"PEERCOACH_ADMIN_PASSWORD": "password1"})
    assert proc.returncode == 2 and "password" in proc.stderr
    proc = run_cli("create-admin", "--email", "none@example.org", "--name", "None", "--db", db, input="")
    assert proc.returncode == 2
    assert count_users(db) == 2
    server = make_server(db=db)
    token, user = server.login("boss@example.org")
    assert user["role"] == "admin"
    assert server.login("second@example.org", pc.OTHER_PASSWORD)[1]["role"] == "admin"
    # Sign-up after that makes members: the admin already exists.
    assert server.signup("member@example.org", "Member")[1]["role"] == "member"


def test_demo_loads_an_organization_and_refuses_a_non_empty_database(make_server, tmp_path):
    db = str(tmp_path / "demo.db")
    proc = run_cli("demo", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "ada@northwind.example" in proc.stdout and DEMO_PASSWORD in proc.stdout
    users = count_users(db)
    assert users >= 10
    again = run_cli("demo", "--db", db)
    assert again.returncode != 0
    assert "already has accounts" in again.stderr
    assert len(again.stderr.splitlines()) == 1
    assert count_users(db) == users
    server = make_server(db=db)
    token, ada = server.login("ada@northwind.example", DEMO_PASSWORD)
    assert ada["role"] == "admin"
    directory = server.get("/api/v1/users", token=token).json()["users"]
    assert any(u["email"] == "ana@northwind.example" and u["role"] == "member" for u in directory)
    ben = [u for u in directory if u["email"] == "ben@northwind.example"][0]
    assert ben["profile"]["manager_id"] is not None and ben["profile"]["time_zone"] == "Europe/London"
    # The synthetic organization for benchmarks.
    db2 = str(tmp_path / "people.db")
    proc = run_cli("demo", "--people", "25", "--db", db2)
    assert proc.returncode == 0, proc.stderr
    assert count_users(db2) == 25


def test_healthz_is_200_with_the_database_reachable(server):
    r = server.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}
    head = server.api("HEAD", "/healthz")
    assert head.status_code == 200 and head.content == b""


def test_healthz_is_503_when_the_database_cannot_be_opened(make_server):
    """Each worker thread opens its database connection on its first
    request. With one worker and no request yet, replacing the database
    file by a directory makes that open fail: the honest "unreachable"
    case. (An already-open SQLite connection keeps working on a deleted
    file, so that case cannot be arranged from outside.)"""
    server = make_server(args=["--threads", "1"], start=False)
    server.start(wait=False)
    server.wait_ready(probe=False)
    moved = server.db + ".moved"
    os.rename(server.db, moved)
    os.mkdir(server.db)
    try:
        r = server.get("/healthz")
        assert r.status_code == 503, r.text
        pc.assert_error(r, 503)
        r = server.get("/api/v1/me", token="x" * 43)
        assert r.status_code == 503
    finally:
        os.rmdir(server.db)
        os.rename(moved, server.db)
    # Once it is back, the next request reconnects.
    assert server.get("/healthz").status_code == 200
    token, user = server.signup("back@example.org", "Back")
    assert user["role"] == "admin"
