#!/usr/bin/python3
"""test_networkx.py — the solver against networkx's max_weight_matching.

Random graphs of growing size (up to n = 300), sparse to dense, with
positive, mixed-sign and small-integer (tie-heavy) weights, in both modes
(maximum cardinality first, and plain maximum weight). For each: the total
weight equals networkx's, the cardinality too in maximum-cardinality mode,
and the printed pairs form a valid matching whose weights add up to the
printed total. networkx is Debian's python3-networkx, a test-only
dependency: without it the test is skipped (exit 77).

usage: test_networkx.py DRIVER   (the offline command, e.g. match_offline_driver)
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

try:
    import networkx as nx
except ImportError:
    print("networkx not installed; skipping")
    sys.exit(77)


def run_driver(driver, n, edges, any_cardinality):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("%d %d\n" % (n, len(edges)))
        for u, v, w in edges:
            f.write("%d %d %d\n" % (u, v, w))
        path = f.name
    try:
        args = [driver, "--graph", path] + (["--any-cardinality"] if any_cardinality else [])
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    return json.loads(out)


def check(driver, n, edges, max_cardinality, label):
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for u, v, w in edges:
        G.add_edge(u, v, weight=w)
    want = nx.max_weight_matching(G, maxcardinality=max_cardinality)
    want_weight = sum(G[u][v]["weight"] for u, v in want)
    got = run_driver(driver, n, edges, not max_cardinality)
    used = set()
    total = 0
    for u, v in got["pairs"]:
        assert G.has_edge(u, v), "%s: pair %d-%d is not an edge" % (label, u, v)
        assert u not in used and v not in used, "%s: vertex matched twice" % label
        used.update((u, v))
        total += G[u][v]["weight"]
    assert total == got["weight"], "%s: pairs add up to %d, printed %d" % (label, total, got["weight"])
    assert got["weight"] == want_weight, "%s: weight %d, networkx %d" % (label, got["weight"], want_weight)
    if max_cardinality:
        assert got["cardinality"] == len(want), "%s: cardinality %d, networkx %d" % (
            label, got["cardinality"], len(want))


def random_edges(rng, n, density, low, high):
    edges = []
    for u in range(n):
        for v in range(u + 1, n):
            if rng.random() < density:
                edges.append((u, v, rng.randint(low, high)))
    return edges


def main():
    driver = sys.argv[1]
    rng = random.Random(20240601)
    started = time.time()
    count = 0
    sizes = [10, 20, 30, 40, 60, 80, 100, 130, 160, 200, 240, 300]
    for n in sizes:
        for density, low, high in ((4.0 / n, 1, 1000), (0.3, -50, 200), (min(1.0, 12.0 / n), 0, 3)):
            edges = random_edges(rng, n, density, low, high)
            for max_cardinality in (True, False):
                label = "n=%d m=%d weights %d..%d %s" % (
                    n, len(edges), low, high, "maxcard" if max_cardinality else "maxweight")
                check(driver, n, edges, max_cardinality, label)
                count += 1
    # One denser graph at the top size.
    edges = random_edges(rng, 300, 0.5, 1, 10 ** 6)
    check(driver, 300, edges, True, "n=300 dense")
    count += 1
    print("%d graphs equal to networkx in %.1f s" % (count, time.time() - started))


if __name__ == "__main__":
    main()
