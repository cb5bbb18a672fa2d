"""cycle_helpers.py — what the cross-cutting issue-3 tests share: the route
table parsed from src/web/dispatch.c (so routes other areas add are covered
without editing the tests), row counts of every table, and small request
helpers. People, programs and partnerships come from
partnerships_helpers.py and sessions_helpers.py.
"""

import os
import re
import sqlite3

import pc
from pc import ok  # noqa: F401 (the tests import it from here)

DISPATCH = os.path.join(pc.SOURCE_DIR, "src", "web", "dispatch.c")

# One row of the table: {"METHOD /api/path" | NULL, "METHOD /page" | NULL, handler, …}
ROW = re.compile(r'^\s*\{(?:NULL|"([A-Z]+) (/[^"]*)"),\s*(?:NULL|"([A-Z]+) (/[^"]*)"),\s*(\w+),')


def routes():
    """Every (method, path, handler, is_api) of the route table, API and page twins alike."""
    found = []
    with open(DISPATCH, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line)
            if not m:
                continue
            method, path, page_method, page_path, handler = m.groups()
            if path:
                found.append((method, path, handler, path.startswith("/api/")))
            if page_path:
                found.append((page_method, page_path, handler, False))
    assert len(found) > 50, "the route table could not be parsed from " + DISPATCH
    return found


PARAM = re.compile(r":(\w+)")


def params_of(path):
    return PARAM.findall(path)


def fill(path, values):
    """path with each :param replaced by values[param_name] (in order)."""
    out = path
    for name in params_of(path):
        out = out.replace(":" + name, str(values[name]), 1)
    return out


def table_counts(db):
    """Rows in every table (login tokens and the audit log excepted: logins
    and throttling write them on their own)."""
    conn = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute('SELECT count(*) FROM "%s"' % t).fetchone()[0]
                for t in tables if t not in ("login_tokens",)}
    finally:
        conn.close()


def refused(response, status, words=None):
    """An API refusal: the status, {"error":{"code","message"}} and, if
    given, words in the message."""
    error = pc.assert_error(response, status)
    if words:
        assert words.lower() in error["message"].lower(), error
    return error
