/* blossom.c — exact maximum-weight matching on a general graph: Edmonds'
 * primal-dual blossom algorithm, our own implementation.
 *
 * The shape follows the classic description (Edmonds 1965; Galil's 1986
 * survey "Efficient algorithms for finding maximum matching in graphs"):
 * vertex duals y, blossom duals z, an alternating forest of S and T
 * blossoms, and four kinds of dual-change events. Four decisions make it
 * fast on the graphs peercoach solves (up to millions of edges):
 *
 * 1. Every exposed vertex roots its own tree and trees persist across
 *    augmentations: an augmentation dissolves only the two trees it joins,
 *    not the whole forest (as Kolmogorov's Blossom V does).
 * 2. Duals are never updated in bulk. A global clock D is the sum of all
 *    dual changes so far, and each vertex stores its dual relative to the
 *    clock according to its label (S: y = ys - D, T: y = ys + D, free:
 *    y = ys). Every event then happens at a fixed clock value, so one heap
 *    of events, keyed by clock time, replaces the per-step scan for the
 *    smallest delta. Stale events are dropped when popped (see heap.h).
 * 3. Only the earliest grow event towards each free vertex is queued
 *    (best_grow); a stale one triggers a rescan of that vertex.
 * 4. A greedy jump start: duals lowered until each vertex has a tight edge,
 *    then a greedy matching on tight edges and short tight augmenting
 *    paths; the search only has to repair.
 *
 * Weights are doubled internally (slack = y_u + y_v - 2w) and the initial
 * duals are even, so every vertex of every tree has the parity of its root,
 * all roots share one parity, and the S-S event time (slack / 2) is always
 * an integer: all arithmetic is exact in int64.
 *
 * Recursion is replaced by explicit stacks: nested blossoms can be deep.
 * The top-level blossom of a vertex is found lazily (top_of). */
#include "match/blossom.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/heap.h"

enum { LABEL_FREE = 0, LABEL_S = 1, LABEL_T = 2 };
enum { EVENT_ZERO = 0, EVENT_GROW = 1, EVENT_SHRINK = 2, EVENT_EXPAND = 3 };

struct int_list {
    int32_t *items;
    size_t count, capacity;
};

/* One entry of a vertex's adjacency: the far end and the doubled weight are
 * copied here so scanning a vertex reads one sequential array instead of
 * jumping to the edge arrays for every neighbour. */
struct adjacent {
    int32_t head;
    int32_t edge; /* directed edge 2e (u->v) or 2e+1 (v->u), from this vertex */
    int64_t cost; /* 2 * weight */
};

/* What a scan reads for each neighbour, packed so it costs two cache
 * misses instead of four: the vertex's dual and top-blossom hint, then the
 * top blossom's parent (to confirm it is top-level) and label. */
struct vertex_hot {
    int64_t y;   /* dual, encoded by the label of the top blossom */
    int32_t top; /* a live blossom holding the vertex; see top_of */
    int32_t unused;
};

struct node_hot {
    int32_t parent; /* containing blossom, -1 at top level */
    uint8_t label;
};

struct match_blossom {
    size_t n, m;
    const int32_t *edge_u, *edge_v;
    const int64_t *weight;
    int32_t *adjacency_start;   /* n + 1 offsets into adjacency */
    struct adjacent *adjacency; /* by tail vertex */

    /* Per vertex. */
    int32_t *mate;             /* directed edge from v to its partner, or -1 */
    struct vertex_hot *vertex; /* dual and top hint, read together in scans */
    int64_t *best_grow;        /* earliest grow event queued towards a free vertex */
    int32_t *next_vertex;

    /* Per blossom: ids 0..n-1 are vertices, n..2n-1 nontrivial blossoms. */
    struct node_hot *node; /* parent blossom and label, read together */
    int32_t *base, *tree, *label_edge, *first_vertex, *last_vertex, *size;
    int64_t *z_stored;
    int32_t **children, **child_edges; /* child_edges[i]: children[i] -> [i+1] */
    int32_t *child_count, *child_capacity;
    int32_t *free_ids;
    size_t free_id_count;
    uint32_t *mark;
    uint32_t mark_now;

    struct int_list *tree_members; /* per root vertex: top blossoms ever added */
    size_t live_trees;
    int64_t clock;
    struct match_heap heap;
    size_t heap_limit;
    struct int_list scratch, stack, path_a, path_b;
    bool is_out_of_memory;
    struct match_blossom_counters counters;
};

/* ---- small helpers ---------------------------------------------------------- */

static int list_push(struct match_blossom *s, struct int_list *list, int32_t value)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 8;
        int32_t *items = realloc(list->items, capacity * sizeof *items);
        if (!items) {
            s->is_out_of_memory = true;
            return -1;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count++] = value;
    return 0;
}

static int list_reserve(struct match_blossom *s, struct int_list *list, size_t capacity)
{
    if (list->capacity >= capacity)
        return 0;
    int32_t *items = realloc(list->items, capacity * sizeof *items);
    if (!items) {
        s->is_out_of_memory = true;
        return -1;
    }
    list->items = items;
    list->capacity = capacity;
    return 0;
}

static inline int32_t edge_tail(const struct match_blossom *s, int32_t d)
{
    return (d & 1) ? s->edge_v[d >> 1] : s->edge_u[d >> 1];
}

static inline int32_t edge_head(const struct match_blossom *s, int32_t d)
{
    return (d & 1) ? s->edge_u[d >> 1] : s->edge_v[d >> 1];
}

/* Doubled weight of the edge under directed edge d. */
static inline int64_t edge_cost(const struct match_blossom *s, int32_t d)
{
    return 2 * s->weight[d >> 1];
}

/* The top-level blossom holding v. top[v] is only a hint: some live
 * blossom holding v (forming a blossom re-points only the vertices of its
 * smaller children, so absorbing a few vertices into a huge blossom stays
 * cheap); the climb to the top is shortened on every lookup. Expanding a
 * blossom re-points all its vertices, so a hint never names a dead one. */
static inline int32_t top_of(struct match_blossom *s, int32_t v)
{
    int32_t b = s->vertex[v].top;
    if (s->node[b].parent < 0)
        return b;
    do
        b = s->node[b].parent;
    while (s->node[b].parent >= 0);
    s->vertex[v].top = b;
    return b;
}

static inline int64_t decode_y(int64_t stored, int label, int64_t clock)
{
    return label == LABEL_S ? stored - clock : label == LABEL_T ? stored + clock : stored;
}

static inline int64_t encode_y(int64_t y, int label, int64_t clock)
{
    return label == LABEL_S ? y + clock : label == LABEL_T ? y - clock : y;
}

static inline int64_t decode_z(int64_t stored, int label, int64_t clock)
{
    return label == LABEL_S ? stored + 2 * clock : label == LABEL_T ? stored - 2 * clock : stored;
}

static inline int64_t encode_z(int64_t z, int label, int64_t clock)
{
    return label == LABEL_S ? z - 2 * clock : label == LABEL_T ? z + 2 * clock : z;
}

static inline int64_t vertex_dual(struct match_blossom *s, int32_t v)
{
    return decode_y(s->vertex[v].y, s->node[top_of(s, v)].label, s->clock);
}

static void push_event(struct match_blossom *s, int64_t time, uint32_t id, uint32_t kind)
{
    if (match_heap_push(&s->heap, time, id, kind) != 0)
        s->is_out_of_memory = true;
    s->counters.heap_pushes++;
}

/* Relabels top-level blossom b, re-encoding the duals it holds. */
static void set_label(struct match_blossom *s, int32_t b, int label)
{
    int old = s->node[b].label;
    if (old == label)
        return;
    for (int32_t v = s->first_vertex[b];; v = s->next_vertex[v]) {
        s->vertex[v].y = encode_y(decode_y(s->vertex[v].y, old, s->clock), label, s->clock);
        if (v == s->last_vertex[b])
            break;
    }
    if (b >= (int32_t)s->n)
        s->z_stored[b] = encode_z(decode_z(s->z_stored[b], old, s->clock), label, s->clock);
    s->node[b].label = (uint8_t)label;
}

/* The S blossom above S blossom b in its tree, or -1 at the root. */
static int32_t tree_up(struct match_blossom *s, int32_t b)
{
    if (s->label_edge[b] < 0)
        return -1;
    int32_t t = top_of(s, edge_tail(s, s->label_edge[b]));
    return top_of(s, edge_tail(s, s->label_edge[t]));
}

/* ---- event generation ----------------------------------------------------- */

/* Vertex v just became S: its own zero-dual event and its edges' events. */
static void scan_s_vertex(struct match_blossom *s, int32_t v)
{
    int32_t bv = top_of(s, v);
    int64_t yv = s->vertex[v].y;
    push_event(s, yv, (uint32_t)v, EVENT_ZERO);
    const struct adjacent *end = s->adjacency + s->adjacency_start[v + 1];
    for (const struct adjacent *a = s->adjacency + s->adjacency_start[v]; a < end; a++) {
        int32_t d = a->edge;
        int32_t w = a->head;
        int32_t bw = top_of(s, w);
        if (bw == bv)
            continue;
        if (s->node[bw].label == LABEL_S) {
            int64_t twice = yv + s->vertex[w].y - a->cost;
            assert((twice & 1) == 0);
            push_event(s, twice / 2, (uint32_t)(d >> 1), EVENT_SHRINK);
        } else if (s->node[bw].label == LABEL_FREE) {
            int64_t time = yv + s->vertex[w].y - a->cost;
            if (time < s->best_grow[w]) {
                s->best_grow[w] = time;
                push_event(s, time, (uint32_t)d, EVENT_GROW);
            }
        }
    }
}

/* Vertex w just became free (or its best grow event went stale): only the
 * earliest grow event towards it is queued. Any later one can wait: if the
 * earliest fires, w leaves the free state; if it turns out stale when
 * popped, w is scanned again (see match_blossom_solve), and every S
 * neighbour that appeared meanwhile queued its own event if it was earlier
 * (scan_s_vertex compares with best_grow). One entry per free vertex
 * instead of one per S neighbour. */
static void scan_free_vertex(struct match_blossom *s, int32_t w)
{
    int32_t bw = top_of(s, w);
    int64_t yw = s->vertex[w].y;
    int64_t best = INT64_MAX;
    int32_t best_edge = -1;
    const struct adjacent *end = s->adjacency + s->adjacency_start[w + 1];
    for (const struct adjacent *a = s->adjacency + s->adjacency_start[w]; a < end; a++) {
        int32_t bx = top_of(s, a->head);
        if (bx == bw || s->node[bx].label != LABEL_S)
            continue;
        int64_t time = s->vertex[a->head].y + yw - a->cost;
        if (time < best) {
            best = time;
            best_edge = a->edge ^ 1;
        }
    }
    s->best_grow[w] = best;
    if (best_edge >= 0)
        push_event(s, best, (uint32_t)best_edge, EVENT_GROW);
}

/* A grow event that is the earliest queued for a vertex still free: when it
 * is stale, the vertex must be scanned again rather than forgotten. */
static bool is_best_grow(struct match_blossom *s, const struct match_heap_entry *e)
{
    int32_t w = edge_head(s, (int32_t)e->id);
    return s->best_grow[w] == e->key && s->node[top_of(s, w)].label == LABEL_FREE;
}

/* Whether a heap entry still describes the current state; the event time it
 * carries must equal the one computed now, so a state that changed and came
 * back is recognized and handled once. */
static bool event_is_live(struct match_blossom *s, const struct match_heap_entry *e)
{
    switch (e->kind) {
    case EVENT_ZERO: {
        int32_t v = (int32_t)e->id;
        return s->node[top_of(s, v)].label == LABEL_S && s->vertex[v].y == e->key;
    }
    case EVENT_GROW: {
        int32_t d = (int32_t)e->id;
        int32_t x = edge_tail(s, d), w = edge_head(s, d);
        return s->node[top_of(s, x)].label == LABEL_S &&
               s->node[top_of(s, w)].label == LABEL_FREE &&
               s->vertex[x].y + s->vertex[w].y - edge_cost(s, d) == e->key;
    }
    case EVENT_SHRINK: {
        int32_t d = (int32_t)e->id << 1;
        int32_t u = edge_tail(s, d), v = edge_head(s, d);
        int32_t bu = top_of(s, u), bv = top_of(s, v);
        return bu != bv && s->node[bu].label == LABEL_S && s->node[bv].label == LABEL_S &&
               s->vertex[u].y + s->vertex[v].y - edge_cost(s, d) == 2 * e->key;
    }
    default: {
        int32_t b = (int32_t)e->id;
        return s->child_count[b] > 0 && s->node[b].parent < 0 && s->node[b].label == LABEL_T &&
               s->z_stored[b] == 2 * e->key;
    }
    }
}

static bool keep_live(void *ctx, const struct match_heap_entry *e)
{
    return event_is_live(ctx, e) || (e->kind == EVENT_GROW && is_best_grow(ctx, e));
}

/* ---- blossom ids and tree bookkeeping ----------------------------------- */

static int32_t blossom_alloc(struct match_blossom *s, int32_t count)
{
    int32_t b = s->free_ids[--s->free_id_count];
    if (s->child_capacity[b] < count) {
        int32_t *c = realloc(s->children[b], (size_t)count * sizeof *c);
        if (c)
            s->children[b] = c;
        int32_t *e = realloc(s->child_edges[b], (size_t)count * sizeof *e);
        if (e)
            s->child_edges[b] = e;
        if (!c || !e) {
            s->free_id_count++;
            s->is_out_of_memory = true;
            return -1;
        }
        s->child_capacity[b] = count;
    }
    s->child_count[b] = count;
    return b;
}

static void blossom_release(struct match_blossom *s, int32_t b)
{
    s->child_count[b] = 0;
    s->node[b].parent = -1;
    s->node[b].label = LABEL_FREE;
    s->label_edge[b] = -1;
    s->free_ids[s->free_id_count++] = b;
}

static void tree_add(struct match_blossom *s, int32_t root, int32_t b)
{
    s->tree[b] = root;
    list_push(s, &s->tree_members[root], b);
}

/* Dissolves trees: every top blossom in them becomes free (keeping its
 * matching and duals), then their vertices offer themselves to the
 * remaining trees. */
static void destroy_trees(struct match_blossom *s, int32_t root_a, int32_t root_b)
{
    s->mark_now++;
    s->scratch.count = 0;
    int32_t roots[2] = {root_a, root_b};
    for (int r = 0; r < 2; r++) {
        int32_t root = roots[r];
        if (root < 0)
            continue;
        struct int_list *members = &s->tree_members[root];
        for (size_t i = 0; i < members->count; i++) {
            int32_t b = members->items[i];
            if (s->node[b].parent >= 0 || s->node[b].label == LABEL_FREE || s->tree[b] != root ||
                s->mark[b] == s->mark_now)
                continue;
            s->mark[b] = s->mark_now;
            set_label(s, b, LABEL_FREE);
            s->label_edge[b] = -1;
            for (int32_t v = s->first_vertex[b];; v = s->next_vertex[v]) {
                list_push(s, &s->scratch, v);
                if (v == s->last_vertex[b])
                    break;
            }
        }
        members->count = 0;
        s->live_trees--;
    }
    for (size_t i = 0; i < s->scratch.count; i++)
        scan_free_vertex(s, s->scratch.items[i]);
}

/* ---- augmenting ------------------------------------------------------------- */

/* Makes vertex v the base of blossom b by flipping the even path inside b
 * from v's child to the base child, recursively (with an explicit stack:
 * sub-blossoms are independent, so their order does not matter). */
static void augment_blossom(struct match_blossom *s, int32_t b, int32_t v)
{
    s->stack.count = 0;
    list_push(s, &s->stack, b);
    list_push(s, &s->stack, v);
    while (s->stack.count > 0 && !s->is_out_of_memory) {
        v = s->stack.items[--s->stack.count];
        b = s->stack.items[--s->stack.count];
        int32_t t = v;
        while (s->node[t].parent != b)
            t = s->node[t].parent;
        if (t >= (int32_t)s->n) {
            list_push(s, &s->stack, t);
            list_push(s, &s->stack, v);
        }
        int32_t k = s->child_count[b];
        int32_t *children = s->children[b], *edges = s->child_edges[b];
        int32_t i = 0;
        while (children[i] != t)
            i++;
        if (i & 1) {
            for (int32_t j = i + 1; j < k; j += 2) {
                int32_t d = edges[j];
                int32_t w = edge_tail(s, d), x = edge_head(s, d);
                int32_t next = children[(j + 1) % k];
                if (children[j] >= (int32_t)s->n) {
                    list_push(s, &s->stack, children[j]);
                    list_push(s, &s->stack, w);
                }
                if (next >= (int32_t)s->n) {
                    list_push(s, &s->stack, next);
                    list_push(s, &s->stack, x);
                }
                s->mate[w] = d;
                s->mate[x] = d ^ 1;
            }
        } else {
            for (int32_t j = i - 1; j > 0; j -= 2) {
                int32_t d = edges[j - 1];
                int32_t x = edge_tail(s, d), w = edge_head(s, d);
                if (children[j] >= (int32_t)s->n) {
                    list_push(s, &s->stack, children[j]);
                    list_push(s, &s->stack, w);
                }
                if (children[j - 1] >= (int32_t)s->n) {
                    list_push(s, &s->stack, children[j - 1]);
                    list_push(s, &s->stack, x);
                }
                s->mate[w] = d ^ 1;
                s->mate[x] = d;
            }
        }
        if (i > 0) {
            /* Rotate so the new base child comes first (through scratch
             * space at the end of the stack list, which is free here). */
            if (list_reserve(s, &s->stack, 2 * (s->stack.count + (size_t)k)) != 0)
                return;
            int32_t *tmp = s->stack.items + s->stack.count;
            for (int32_t j = 0; j < k; j++)
                tmp[j] = children[(i + j) % k];
            memcpy(children, tmp, (size_t)k * sizeof *tmp);
            for (int32_t j = 0; j < k; j++)
                tmp[j] = edges[(i + j) % k];
            memcpy(edges, tmp, (size_t)k * sizeof *tmp);
        }
        s->base[b] = v;
    }
}

/* Flips the tree path from S vertex sv up to its root; sv's new partner
 * is along directed edge d (from sv), or none when d < 0. */
static void alternate_from(struct match_blossom *s, int32_t sv, int32_t d)
{
    for (;;) {
        int32_t bs = top_of(s, sv);
        if (bs >= (int32_t)s->n)
            augment_blossom(s, bs, sv);
        s->mate[sv] = d;
        if (s->label_edge[bs] < 0)
            break;
        int32_t t = edge_tail(s, s->label_edge[bs]);
        int32_t bt = top_of(s, t);
        int32_t entering = s->label_edge[bt];
        int32_t j = edge_head(s, entering);
        if (bt >= (int32_t)s->n)
            augment_blossom(s, bt, j);
        s->mate[j] = entering ^ 1;
        sv = edge_tail(s, entering);
        d = entering;
    }
}

/* ---- the four events ------------------------------------------------------ */

static void on_grow(struct match_blossom *s, int32_t d)
{
    int32_t x = edge_tail(s, d), w = edge_head(s, d);
    int32_t root = s->tree[top_of(s, x)];
    int32_t bw = top_of(s, w);
    int32_t mate_edge = s->mate[s->base[bw]];
    if (mate_edge < 0) {
        /* A free blossom with an exposed base: a vertex whose dual reached
         * zero earlier. Reaching it on a tight edge is an augmenting path. */
        alternate_from(s, x, d);
        alternate_from(s, w, d ^ 1);
        s->counters.augmentations++;
        destroy_trees(s, root, -1);
        /* bw stays free, and this event was w's earliest: queue its next. */
        scan_free_vertex(s, w);
        return;
    }
    set_label(s, bw, LABEL_T);
    s->label_edge[bw] = d;
    tree_add(s, root, bw);
    if (bw >= (int32_t)s->n)
        push_event(s, s->z_stored[bw] / 2, (uint32_t)bw, EVENT_EXPAND);
    int32_t bp = top_of(s, edge_head(s, mate_edge));
    set_label(s, bp, LABEL_S);
    s->label_edge[bp] = mate_edge;
    tree_add(s, root, bp);
    for (int32_t v = s->first_vertex[bp];; v = s->next_vertex[v]) {
        scan_s_vertex(s, v);
        if (v == s->last_vertex[bp])
            break;
    }
}

static void add_blossom(struct match_blossom *s, int32_t d)
{
    int32_t bu = top_of(s, edge_tail(s, d)), bv = top_of(s, edge_head(s, d));
    /* Lowest common S ancestor: climb both paths in turn. */
    s->mark_now++;
    int32_t a = bu, b = bv, lca = -1;
    while (a >= 0) {
        if (s->mark[a] == s->mark_now) {
            lca = a;
            break;
        }
        s->mark[a] = s->mark_now;
        a = tree_up(s, a);
        if (b >= 0) {
            int32_t swap = a;
            a = b;
            b = swap;
        }
    }
    assert(lca >= 0);
    s->path_a.count = s->path_b.count = 0;
    for (int32_t x = bu; x != lca; x = top_of(s, edge_tail(s, s->label_edge[x])))
        list_push(s, &s->path_a, x);
    for (int32_t x = bv; x != lca; x = top_of(s, edge_tail(s, s->label_edge[x])))
        list_push(s, &s->path_b, x);
    if (s->is_out_of_memory)
        return;
    int32_t na = (int32_t)s->path_a.count, nb = (int32_t)s->path_b.count;
    int32_t k = 1 + na + nb;
    int32_t nb_id = blossom_alloc(s, k);
    if (nb_id < 0)
        return;
    int32_t *children = s->children[nb_id], *edges = s->child_edges[nb_id];
    children[0] = lca;
    for (int32_t i = 0; i < na; i++)
        children[1 + i] = s->path_a.items[na - 1 - i];
    for (int32_t i = 0; i < nb; i++)
        children[1 + na + i] = s->path_b.items[i];
    for (int32_t i = 0; i < na; i++)
        edges[i] = s->label_edge[children[i + 1]];
    edges[na] = d;
    for (int32_t i = na + 1; i < k; i++)
        edges[i] = s->label_edge[children[i]] ^ 1;

    s->base[nb_id] = s->base[lca];
    s->node[nb_id].parent = -1;
    s->node[nb_id].label = LABEL_S;
    s->label_edge[nb_id] = s->label_edge[lca];
    s->z_stored[nb_id] = encode_z(0, LABEL_S, s->clock);
    tree_add(s, s->tree[lca], nb_id);
    s->scratch.count = 0;
    for (int32_t i = 0; i < k; i++) {
        int32_t c = children[i];
        if (c >= (int32_t)s->n)
            s->z_stored[c] = decode_z(s->z_stored[c], s->node[c].label, s->clock);
        if (s->node[c].label == LABEL_T)
            for (int32_t v = s->first_vertex[c];; v = s->next_vertex[v]) {
                s->vertex[v].y =
                    encode_y(decode_y(s->vertex[v].y, LABEL_T, s->clock), LABEL_S, s->clock);
                list_push(s, &s->scratch, v);
                if (v == s->last_vertex[c])
                    break;
            }
        s->node[c].parent = nb_id;
        if (i + 1 < k)
            s->next_vertex[s->last_vertex[c]] = s->first_vertex[children[i + 1]];
    }
    s->first_vertex[nb_id] = s->first_vertex[children[0]];
    s->last_vertex[nb_id] = s->last_vertex[children[k - 1]];
    int32_t largest = 0;
    s->size[nb_id] = 0;
    for (int32_t i = 0; i < k; i++) {
        s->size[nb_id] += s->size[children[i]];
        if (s->size[children[i]] > s->size[children[largest]])
            largest = i;
    }
    for (int32_t i = 0; i < k; i++) {
        if (i == largest)
            continue; /* its vertices still reach nb_id by climbing */
        int32_t c = children[i];
        for (int32_t v = s->first_vertex[c];; v = s->next_vertex[v]) {
            s->vertex[v].top = nb_id;
            if (v == s->last_vertex[c])
                break;
        }
    }
    s->counters.blossoms_formed++;
    for (size_t i = 0; i < s->scratch.count; i++)
        scan_s_vertex(s, s->scratch.items[i]);
}

/* A T blossom whose dual reached zero: its children become top-level; the
 * even path from the entering child to the base child keeps its place in
 * the tree (T, S, …, T), the other children become free. */
static void expand_blossom(struct match_blossom *s, int32_t b)
{
    int32_t k = s->child_count[b];
    int32_t *children = s->children[b], *edges = s->child_edges[b];
    int32_t root = s->tree[b];
    int32_t entering = s->label_edge[b];
    int32_t t = edge_head(s, entering);
    while (s->node[t].parent != b)
        t = s->node[t].parent;
    int32_t start = 0;
    while (children[start] != t)
        start++;
    for (int32_t i = 0; i < k; i++) {
        int32_t c = children[i];
        s->node[c].parent = -1;
        s->node[c].label = LABEL_FREE;
        s->label_edge[c] = -1;
        for (int32_t v = s->first_vertex[c];; v = s->next_vertex[v]) {
            s->vertex[v].y = decode_y(s->vertex[v].y, LABEL_T, s->clock);
            s->vertex[v].top = c;
            if (v == s->last_vertex[c])
                break;
        }
    }
    /* Walk the even path, forward when start is odd, backward when even. */
    s->scratch.count = 0;
    int32_t step = (start & 1) ? 1 : -1;
    int32_t j = start, position = 0;
    int32_t edge_in = entering;
    for (;;) {
        int32_t c = children[j];
        int label = (position & 1) ? LABEL_S : LABEL_T;
        set_label(s, c, label);
        s->label_edge[c] = edge_in;
        tree_add(s, root, c);
        if (label == LABEL_T && c >= (int32_t)s->n)
            push_event(s, s->z_stored[c] / 2, (uint32_t)c, EVENT_EXPAND);
        if (j == 0)
            break;
        int32_t next = (j + step + k) % k;
        edge_in = step == 1 ? edges[j] : edges[next] ^ 1;
        j = next;
        position++;
    }
    blossom_release(s, b);
    for (int32_t i = 0; i < k; i++) {
        int32_t c = children[i];
        if (s->node[c].label == LABEL_T)
            continue;
        for (int32_t v = s->first_vertex[c];; v = s->next_vertex[v]) {
            if (s->node[c].label == LABEL_S)
                scan_s_vertex(s, v);
            else
                scan_free_vertex(s, v);
            if (v == s->last_vertex[c])
                break;
        }
    }
    s->counters.blossoms_expanded++;
}

static void on_shrink(struct match_blossom *s, int32_t e)
{
    int32_t d = e << 1;
    int32_t u = edge_tail(s, d), v = edge_head(s, d);
    int32_t root_u = s->tree[top_of(s, u)], root_v = s->tree[top_of(s, v)];
    if (root_u == root_v) {
        add_blossom(s, d);
        return;
    }
    alternate_from(s, u, d);
    alternate_from(s, v, d ^ 1);
    s->counters.augmentations++;
    destroy_trees(s, root_u, root_v);
}

/* An S vertex whose dual reached zero: it becomes exposed instead of the
 * root (flipping the path between them), and its tree is dissolved. */
static void on_zero(struct match_blossom *s, int32_t v)
{
    int32_t root = s->tree[top_of(s, v)];
    alternate_from(s, v, -1);
    destroy_trees(s, root, -1);
}

/* ---- set-up ------------------------------------------------------------------- */

struct match_blossom *match_blossom_new(size_t n, size_t m, const int32_t *edge_u,
                                        const int32_t *edge_v, const int64_t *weight)
{
    struct match_blossom *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n = n;
    s->m = m;
    s->edge_u = edge_u;
    s->edge_v = edge_v;
    s->weight = weight;
    size_t nb = 2 * n + 1;
    s->adjacency_start = calloc(n + 1, sizeof *s->adjacency_start);
    s->adjacency = malloc((2 * m + 1) * sizeof *s->adjacency);
    s->mate = malloc((n + 1) * sizeof *s->mate);
    s->vertex = calloc(n + 1, sizeof *s->vertex);
    s->best_grow = malloc((n + 1) * sizeof *s->best_grow);
    s->next_vertex = malloc((n + 1) * sizeof *s->next_vertex);
    s->node = calloc(nb, sizeof *s->node);
    s->base = malloc(nb * sizeof *s->base);
    s->tree = malloc(nb * sizeof *s->tree);
    s->label_edge = malloc(nb * sizeof *s->label_edge);
    s->first_vertex = malloc(nb * sizeof *s->first_vertex);
    s->last_vertex = malloc(nb * sizeof *s->last_vertex);
    s->size = malloc(nb * sizeof *s->size);
    s->z_stored = calloc(nb, sizeof *s->z_stored);
    s->children = calloc(nb, sizeof *s->children);
    s->child_edges = calloc(nb, sizeof *s->child_edges);
    s->child_count = calloc(nb, sizeof *s->child_count);
    s->child_capacity = calloc(nb, sizeof *s->child_capacity);
    s->free_ids = malloc(nb * sizeof *s->free_ids);
    s->mark = calloc(nb, sizeof *s->mark);
    s->tree_members = calloc(n + 1, sizeof *s->tree_members);
    match_heap_init(&s->heap);
    if (!s->adjacency_start || !s->adjacency || !s->mate || !s->vertex || !s->best_grow ||
        !s->next_vertex || !s->node || !s->base || !s->tree || !s->label_edge || !s->first_vertex ||
        !s->last_vertex || !s->size || !s->z_stored || !s->children || !s->child_edges ||
        !s->child_count || !s->child_capacity || !s->free_ids || !s->mark || !s->tree_members) {
        match_blossom_free(s);
        return NULL;
    }
    /* Adjacency in edge order: deterministic, and counting sort is O(n + m). */
    for (size_t e = 0; e < m; e++) {
        s->adjacency_start[edge_u[e] + 1]++;
        s->adjacency_start[edge_v[e] + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        s->adjacency_start[v + 1] += s->adjacency_start[v];
    int32_t *fill = s->next_vertex; /* borrowed as a cursor until set-up below */
    for (size_t v = 0; v < n; v++)
        fill[v] = s->adjacency_start[v];
    for (size_t e = 0; e < m; e++) {
        s->adjacency[fill[edge_u[e]]++] =
            (struct adjacent){edge_v[e], (int32_t)(2 * e), 2 * weight[e]};
        s->adjacency[fill[edge_v[e]]++] =
            (struct adjacent){edge_u[e], (int32_t)(2 * e + 1), 2 * weight[e]};
    }
    for (size_t b = 0; b < nb; b++) {
        s->node[b].parent = -1;
        s->label_edge[b] = -1;
        s->tree[b] = -1;
        s->base[b] = (int32_t)b;
        s->size[b] = 1;
    }
    for (size_t v = 0; v < n; v++) {
        s->mate[v] = -1;
        s->best_grow[v] = INT64_MAX;
        s->vertex[v].top = (int32_t)v;
        s->next_vertex[v] = -1;
        s->first_vertex[v] = s->last_vertex[v] = (int32_t)v;
    }
    for (size_t i = 0; i < n; i++)
        s->free_ids[i] = (int32_t)(2 * n - 1 - i); /* hand out n, n+1, … first */
    s->free_id_count = n;
    return s;
}

void match_blossom_free(struct match_blossom *s)
{
    if (!s)
        return;
    size_t nb = 2 * s->n + 1;
    if (s->children)
        for (size_t b = 0; b < nb; b++)
            free(s->children[b]);
    if (s->child_edges)
        for (size_t b = 0; b < nb; b++)
            free(s->child_edges[b]);
    if (s->tree_members)
        for (size_t v = 0; v <= s->n; v++)
            free(s->tree_members[v].items);
    free(s->adjacency_start);
    free(s->adjacency);
    free(s->mate);
    free(s->vertex);
    free(s->best_grow);
    free(s->next_vertex);
    free(s->node);
    free(s->base);
    free(s->tree);
    free(s->label_edge);
    free(s->first_vertex);
    free(s->last_vertex);
    free(s->size);
    free(s->z_stored);
    free(s->children);
    free(s->child_edges);
    free(s->child_count);
    free(s->child_capacity);
    free(s->free_ids);
    free(s->mark);
    free(s->tree_members);
    free(s->scratch.items);
    free(s->stack.items);
    free(s->path_a.items);
    free(s->path_b.items);
    match_heap_cleanup(&s->heap);
    free(s);
}

/* The jump start: each vertex takes half its heaviest edge (rounded up to
 * even), then lowers its dual until its tightest edge is tight; tight edges
 * between unmatched vertices are matched greedily. */
static void jump_start(struct match_blossom *s)
{
    for (size_t v = 0; v < s->n; v++) {
        int64_t best = 0;
        for (int32_t i = s->adjacency_start[v]; i < s->adjacency_start[v + 1]; i++) {
            int64_t w = s->adjacency[i].cost / 2;
            if (w > best)
                best = w;
        }
        s->vertex[v].y = best + (best & 1);
    }
    for (size_t v = 0; v < s->n; v++) {
        int64_t lowest = INT64_MAX;
        for (int32_t i = s->adjacency_start[v]; i < s->adjacency_start[v + 1]; i++) {
            int64_t slack =
                s->vertex[v].y + s->vertex[s->adjacency[i].head].y - s->adjacency[i].cost;
            if (slack < lowest)
                lowest = slack;
        }
        if (lowest != INT64_MAX && lowest > 0)
            s->vertex[v].y = lowest < s->vertex[v].y ? s->vertex[v].y - lowest : 0;
    }
    for (size_t v = 0; v < s->n; v++) {
        if (s->mate[v] >= 0)
            continue;
        for (int32_t i = s->adjacency_start[v]; i < s->adjacency_start[v + 1]; i++) {
            int32_t d = s->adjacency[i].edge;
            int32_t w = s->adjacency[i].head;
            if (s->mate[w] < 0 && s->vertex[v].y + s->vertex[w].y == s->adjacency[i].cost) {
                s->mate[v] = d;
                s->mate[w] = d ^ 1;
                s->counters.greedy_matched += 2;
                break;
            }
        }
    }
    /* Short augmenting paths on tight edges (v - u = u' - w, v and w
     * exposed) are cheap to find here and each saves a tree search. */
    for (size_t v = 0; v < s->n; v++) {
        if (s->mate[v] >= 0)
            continue;
        for (int32_t i = s->adjacency_start[v]; i < s->adjacency_start[v + 1]; i++) {
            int32_t d = s->adjacency[i].edge;
            int32_t u = s->adjacency[i].head;
            if (s->mate[u] < 0 || s->vertex[v].y + s->vertex[u].y != s->adjacency[i].cost)
                continue;
            int32_t partner = edge_head(s, s->mate[u]);
            int32_t found = -1;
            for (int32_t j = s->adjacency_start[partner]; j < s->adjacency_start[partner + 1];
                 j++) {
                int32_t e = s->adjacency[j].edge;
                int32_t w = s->adjacency[j].head;
                if (w != (int32_t)v && s->mate[w] < 0 &&
                    s->vertex[partner].y + s->vertex[w].y == s->adjacency[j].cost) {
                    found = e;
                    break;
                }
            }
            if (found < 0)
                continue;
            int32_t w = edge_head(s, found);
            s->mate[v] = d;
            s->mate[u] = d ^ 1;
            s->mate[partner] = found;
            s->mate[w] = found ^ 1;
            s->counters.greedy_matched += 2;
            break;
        }
    }
}

int match_blossom_solve(struct match_blossom *s)
{
    jump_start(s);
    for (size_t v = 0; v < s->n; v++) {
        if (s->mate[v] >= 0 || s->vertex[v].y == 0)
            continue; /* matched, or exposed with zero dual: already optimal */
        s->node[v].label = LABEL_S;
        s->vertex[v].y = encode_y(s->vertex[v].y, LABEL_S, 0);
        s->label_edge[v] = -1;
        tree_add(s, (int32_t)v, (int32_t)v);
        s->live_trees++;
    }
    for (size_t v = 0; v < s->n; v++)
        if (s->node[v].label == LABEL_S)
            scan_s_vertex(s, (int32_t)v);
    s->heap_limit = 4 * (s->m + s->n) + 4096;

    struct match_heap_entry e;
    while (s->live_trees > 0 && !s->is_out_of_memory) {
        if (s->heap.count > s->heap_limit) {
            match_heap_filter(&s->heap, keep_live, s);
            if (s->heap.count > s->heap_limit / 2)
                s->heap_limit *= 2;
        }
        if (!match_heap_pop(&s->heap, &e))
            break; /* cannot happen: every S vertex has a zero-dual event */
        if (!event_is_live(s, &e)) {
            if (e.kind == EVENT_GROW && is_best_grow(s, &e))
                scan_free_vertex(s, edge_head(s, (int32_t)e.id));
            continue;
        }
        assert(e.key >= s->clock);
        s->clock = e.key;
        s->counters.events++;
        switch (e.kind) {
        case EVENT_ZERO:
            on_zero(s, (int32_t)e.id);
            break;
        case EVENT_GROW:
            on_grow(s, (int32_t)e.id);
            break;
        case EVENT_SHRINK:
            on_shrink(s, (int32_t)e.id);
            break;
        default:
            expand_blossom(s, (int32_t)e.id);
            break;
        }
    }
    match_heap_cleanup(&s->heap);
    return s->is_out_of_memory ? -1 : 0;
}

int32_t match_blossom_mate_edge(const struct match_blossom *s, int32_t v)
{
    return s->mate[v] < 0 ? -1 : s->mate[v] >> 1;
}

void match_blossom_counters(const struct match_blossom *s, struct match_blossom_counters *out)
{
    *out = s->counters;
}

/* ---- the certificate ------------------------------------------------------- */

static bool fail(char *why, size_t size, const char *text, long long a, long long b)
{
    snprintf(why, size, "%s (%lld, %lld)", text, a, b);
    return false;
}

bool match_blossom_verify(struct match_blossom *s, char *why, size_t why_size)
{
    int32_t n = (int32_t)s->n;
    for (int32_t v = 0; v < n; v++) {
        int64_t y = vertex_dual(s, v);
        if (y < 0)
            return fail(why, why_size, "negative vertex dual", v, y);
        if (s->mate[v] < 0 && y != 0)
            return fail(why, why_size, "exposed vertex with nonzero dual", v, y);
        if (s->mate[v] >= 0 && edge_head(s, s->mate[v]) >= 0) {
            int32_t w = edge_head(s, s->mate[v]);
            if (s->mate[w] != (s->mate[v] ^ 1))
                return fail(why, why_size, "mate not symmetric", v, w);
        }
    }
    /* Blossom duals: nested ones are stored plainly, top ones by label. */
    int64_t *z = calloc(2 * s->n + 1, sizeof *z);
    int32_t *inside = calloc(2 * s->n + 1, sizeof *inside);
    if (!z || !inside) {
        free(z);
        free(inside);
        return fail(why, why_size, "out of memory", 0, 0);
    }
    bool ok = true;
    for (int32_t b = n; b < 2 * n && ok; b++) {
        if (s->child_count[b] == 0)
            continue;
        z[b] = s->node[b].parent < 0 ? decode_z(s->z_stored[b], s->node[b].label, s->clock)
                                     : s->z_stored[b];
        if (z[b] < 0)
            ok = fail(why, why_size, "negative blossom dual", b, z[b]);
    }
    for (size_t e = 0; e < s->m && ok; e++) {
        int32_t u = s->edge_u[e], v = s->edge_v[e];
        int64_t slack = vertex_dual(s, u) + vertex_dual(s, v) - 2 * s->weight[e];
        /* Blossoms holding both ends: ancestors of u that are ancestors of v. */
        for (int32_t b = s->node[u].parent; b >= 0; b = s->node[b].parent) {
            bool holds_v = false;
            for (int32_t c = s->node[v].parent; c >= 0; c = s->node[c].parent)
                if (c == b) {
                    holds_v = true;
                    break;
                }
            if (holds_v)
                slack += z[b];
        }
        if (slack < 0)
            ok = fail(why, why_size, "negative slack on edge", (long long)e, slack);
        else if (s->mate[u] >= 0 && (s->mate[u] >> 1) == (int32_t)e && slack != 0)
            ok = fail(why, why_size, "matched edge not tight", (long long)e, slack);
    }
    /* A blossom with positive dual must be full: (size-1)/2 matched edges. */
    for (int32_t v = 0; v < n && ok; v++)
        for (int32_t b = s->node[v].parent; b >= 0; b = s->node[b].parent)
            inside[b]++;
    for (int32_t b = n; b < 2 * n && ok; b++) {
        if (s->child_count[b] == 0 || z[b] == 0)
            continue;
        int32_t matched_inside = 0;
        for (int32_t v = 0; v < n; v++) {
            if (s->mate[v] < 0)
                continue;
            int32_t w = edge_head(s, s->mate[v]);
            bool v_in = false, w_in = false;
            for (int32_t c = s->node[v].parent; c >= 0; c = s->node[c].parent)
                v_in |= c == b;
            for (int32_t c = s->node[w].parent; c >= 0; c = s->node[c].parent)
                w_in |= c == b;
            matched_inside += v_in && w_in;
        }
        if (matched_inside != inside[b] - 1)
            ok = fail(why, why_size, "blossom with positive dual not full", b, matched_inside);
    }
    free(z);
    free(inside);
    return ok;
}
