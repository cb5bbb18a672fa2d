// lemon_driver.cpp — LEMON's MaxWeightedMatching on a plain graph file, for
// the matching benchmark only (not part of peercoach; built by run.sh).
//
//   lemon_driver FILE [--max-cardinality]
//
// FILE is "n m" then m lines "u v w" (the format of `peercoach match
// --graph`). With --max-cardinality the weights get the same shift as
// peercoach's (C > n/2 * range), so LEMON solves the same problem. Also
// runs a plain greedy matching (heaviest edge first) as a baseline. Prints
// one JSON object; times cover the solve only, not reading the file.
#include <lemon/matching.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: lemon_driver FILE [--max-cardinality]\n");
        return 2;
    }
    bool max_cardinality = argc > 2 && std::string(argv[2]) == "--max-cardinality";
    std::FILE *f = std::fopen(argv[1], "r");
    long long n, m;
    if (!f || std::fscanf(f, "%lld %lld", &n, &m) != 2)
        return 2;
    std::vector<int> us(m), vs(m);
    std::vector<long long> ws(m);
    long long lo = 0, hi = 0;
    for (long long e = 0; e < m; e++) {
        if (std::fscanf(f, "%d %d %lld", &us[e], &vs[e], &ws[e]) != 3)
            return 2;
        if (e == 0 || ws[e] < lo)
            lo = ws[e];
        if (e == 0 || ws[e] > hi)
            hi = ws[e];
    }
    std::fclose(f);
    long long shift = max_cardinality && m > 0 ? (n / 2) * (hi - lo) + 1 - lo : 0;

    lemon::SmartGraph g;
    g.reserveNode((int)n);
    g.reserveEdge((int)m);
    std::vector<lemon::SmartGraph::Node> nodes(n);
    for (long long v = 0; v < n; v++)
        nodes[v] = g.addNode();
    lemon::SmartGraph::EdgeMap<long long> weight(g);
    std::vector<lemon::SmartGraph::Edge> edges(m);
    for (long long e = 0; e < m; e++) {
        edges[e] = g.addEdge(nodes[us[e]], nodes[vs[e]]);
        weight[edges[e]] = ws[e] + shift;
    }
    auto t0 = std::chrono::steady_clock::now();
    lemon::MaxWeightedMatching<lemon::SmartGraph, lemon::SmartGraph::EdgeMap<long long>> mwm(g,
                                                                                           weight);
    mwm.run();
    auto t1 = std::chrono::steady_clock::now();
    long long total = 0, size = 0;
    for (long long e = 0; e < m; e++)
        if (mwm.matching(edges[e])) {
            total += ws[e];
            size++;
        }

    // Greedy baseline: heaviest edge first, both ends free.
    auto t2 = std::chrono::steady_clock::now();
    std::vector<long long> order(m);
    for (long long e = 0; e < m; e++)
        order[e] = e;
    std::sort(order.begin(), order.end(), [&](long long a, long long b) {
        return ws[a] != ws[b] ? ws[a] > ws[b] : a < b;
    });
    std::vector<char> used(n, 0);
    long long greedy_total = 0, greedy_size = 0;
    for (long long e : order) {
        if (used[us[e]] || used[vs[e]] || (!max_cardinality && ws[e] <= 0))
            continue;
        used[us[e]] = used[vs[e]] = 1;
        greedy_total += ws[e];
        greedy_size++;
    }
    auto t3 = std::chrono::steady_clock::now();
    std::printf("{\"weight\": %lld, \"cardinality\": %lld, \"solve_seconds\": %.3f, "
                "\"greedy_weight\": %lld, \"greedy_cardinality\": %lld, "
                "\"greedy_seconds\": %.3f}\n",
                total, size, std::chrono::duration<double>(t1 - t0).count(), greedy_total,
                greedy_size, std::chrono::duration<double>(t3 - t2).count());
    return 0;
}
