#!/usr/bin/python3
"""test_offline.py — the offline command (`peercoach match --input/--graph`).

- the documented example (tests/match/data, also in docs/MATCHING.md) gives
  the documented groups and words, with IANA time zones converted;
- generated organizations (bench/match/generate.py): an independent Python
  oracle finds no hard constraint broken, every person appears once, every
  factor scored, and the output is byte-identical for the same seed and for
  1 or 2 threads;
- bad usage and bad input exit with status 2 and one line on stderr.

usage: test_offline.py DRIVER
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench", "match"))
import generate  # noqa: E402

DRIVER = sys.argv[1]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def run(*args, expect=0):
    p = subprocess.run([DRIVER, *args], capture_output=True, text=True)
    assert p.returncode == expect, "%s: exit %d, stderr %r" % (args, p.returncode, p.stderr)
    return p


def write(text, suffix=".json"):
    f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False)
    f.write(text)
    f.close()
    return f.name


def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def week(person):
    slots = set()
    for w in person.get("availability", []):
        for m in range(minutes(w["start"]), minutes(w["end"])):
            utc = DAYS.index(w["day"]) * 1440 + m - person["utc_offset_minutes"]
            slots.add(utc % 10080)
    return slots


def in_chain(by_id, a, b):
    seen = 0
    x = by_id[b].get("manager_id")
    while x is not None and seen < len(by_id):
        if x == a:
            return True
        x = by_id[x].get("manager_id") if x in by_id else None
        seen += 1
    return False


def compatible(doc, by_id, weeks, a, b, rules):
    pa, pb = by_id[a], by_id[b]
    if in_chain(by_id, a, b) or in_chain(by_id, b, a):
        return False
    if not set(pa["languages"]) & set(pb["languages"]):
        return False
    if abs(pa["level"] - pb["level"]) > rules["max_level_gap"]:
        return False
    if b in pa.get("never", []) or a in pb.get("never", []):
        return False
    oldest = doc["round"] - rules["avoid_recent_rounds"]
    for x, y in ((pa, b), (pb, a)):
        for past in x.get("past_partners", []):
            if past["id"] == y and past["round"] >= oldest:
                return False
    return len(weeks[a] & weeks[b]) >= rules["min_overlap_minutes"]


def test_documented_example():
    out = json.loads(run("--input", os.path.join(HERE, "data", "people.json"),
                         "--rules", os.path.join(HERE, "data", "rules.json")).stdout)
    groups = {tuple(g["members"]): g for g in out["groups"]}
    assert (1, 2) in groups, groups.keys()
    text = groups[(1, 2)]["explanation"]
    for words in ("Ben offers public speaking that Ana wants to learn",
                  "Ana offers data analysis that Ben wants to learn",
                  "both want to grow in giving feedback", "5 h a week of shared availability",
                  "different departments (Sales and Engineering)"):
        assert words in text, (words, text)
    assert (3, 4, 5) in groups  # the odd person joined a pair as a circle of 3
    assert out["unmatched"] == []
    rules = write(json.dumps({"odd_person": "unmatched"}))
    out = json.loads(run("--input", os.path.join(HERE, "data", "people.json"), "--rules", rules).stdout)
    os.unlink(rules)
    assert len(out["unmatched"]) == 1 and out["unmatched"][0]["reason"] == "odd_one_out"


def test_generated_orgs():
    rules = {"max_level_gap": 2, "avoid_recent_rounds": 2, "min_overlap_minutes": 60}
    for n, seed, extra in ((60, 1, {}), (400, 2, {}), (700, 3, {"full_graph_limit": 0}),
                           (300, 4, {"group_size": 4}), (300, 5, {"group_size": 3})):
        doc = generate.organization(n, seed)
        people = write(json.dumps(doc))
        rules_file = write(json.dumps(dict(rules, **extra)))
        one = run("--input", people, "--rules", rules_file, "--seed", "9", "--threads", "1").stdout
        two = run("--input", people, "--rules", rules_file, "--seed", "9", "--threads", "2").stdout
        assert one == two, "output depends on the thread count (n=%d)" % n
        again = run("--input", people, "--rules", rules_file, "--seed", "9").stdout
        assert one == again, "output differs between runs (n=%d)" % n
        out = json.loads(one)
        by_id = {p["id"]: p for p in doc["people"]}
        weeks = {p["id"]: week(p) for p in doc["people"]}
        seen = []
        for g in out["groups"]:
            members = g["members"]
            seen += members
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    assert compatible(doc, by_id, weeks, a, b, rules), (n, a, b)
            assert all(f["points"] > 0 for f in g["factors"])
            assert sum(f["points"] for f in g["factors"]) == g["score"]
        seen += [u["id"] for u in out["unmatched"]]
        assert sorted(seen) == sorted(by_id), "someone is missing or twice (n=%d)" % n
        for u in out["unmatched"]:
            if u["compatible_peers"] == 0:
                assert not any(compatible(doc, by_id, weeks, u["id"], b, rules)
                               for b in by_id if b != u["id"]), u
        os.unlink(people)
        os.unlink(rules_file)


def test_graph_mode():
    g = write("4 3\n0 1 5\n1 2 11\n2 3 5\n", ".txt")
    out = json.loads(run("--graph", g).stdout)
    assert out["weight"] == 10 and out["cardinality"] == 2
    out = json.loads(run("--graph", g, "--any-cardinality").stdout)
    assert out["weight"] == 11 and out["pairs"] == [[1, 2]]
    os.unlink(g)


def test_bad_input_exits_2():
    cases = [
        ([], None),
        (["--input"], None),
        (["--input", "/nonexistent.json"], None),
        (["--input", write("{not json")], None),
        (["--input", write('{"people": [{"id": 1, "manager_id": 99}]}')], "unknown manager"),
        (["--input", write('{"people": [{"id": 1, "manager_id": 2}, {"id": 2, "manager_id": 1}]}')],
         "loops back"),
        (["--input", write('{"people": [{"id": 1, "time_zone": "Mars/Olympus"}]}')], "time zone"),
        (["--input", write('{"people": [{"id": 1, "availability": [{"day": "mon"}]}]}')], "window"),
        (["--input", write('{"people": [{"id": 1}, {"id": 1}]}')], "twice"),
        (["--input", write('{"people": []}'), "--rules", write('{"weights": {"level": 5000}}')],
         "between"),
        (["--graph", write("3 2\n0 1 4\n", ".txt")], "expected"),
        (["--graph", write("3 1\n0 7 4\n", ".txt")], "out of range"),
        (["--graph", write("3 1\n0 0 4\n", ".txt")], "self-loop"),
        (["--graph", write("3 1\n0 1 99999999999999999\n", ".txt")], "2^40"),
        (["--graph", write("2 0\n", ".txt"), "--input", "x"], None),
    ]
    for args, words in cases:
        p = run(*args, expect=2)
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1, (args, p.stderr)
        if words:
            assert words in lines[0], (args, lines[0])
    # Empty and single-person pools are not errors.
    out = json.loads(run("--input", write('{"people": []}')).stdout)
    assert out["groups"] == [] and out["unmatched"] == []
    out = json.loads(run("--input", write('{"people": [{"id": 7}]}')).stdout)
    assert out["unmatched"][0]["reason"] == "alone"


if __name__ == "__main__":
    test_documented_example()
    test_graph_mode()
    test_bad_input_exits_2()
    test_generated_orgs()
    print("offline command: all checks passed")
