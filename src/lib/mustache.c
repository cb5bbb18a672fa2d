/* mustache.c — compiles Mustache templates into trees and renders them.
 *
 * mustache_set_add() makes one pass over the source. Text between tags is
 * gathered in a buffer and becomes one text node when a tag that renders
 * something arrives, so comments and standalone lines leave no seams; open
 * sections wait on a frame stack (no recursion, so hostile nesting costs
 * nothing but a clean error) and their nodes are copied into the template's
 * arena when they close. Names are split at the dots here, and partials
 * point at a slot of the set that mustache_set_add() fills in whenever that
 * template arrives. So rendering never parses, never looks a partial up by
 * name (dynamic names aside) and allocates nothing but output: the context
 * stack, the indentation and the block overrides are linked lists living in
 * the renderer's stack frames.
 *
 * Whitespace follows the spec. A tag alone on its line ("standalone") takes
 * the line with it. Indentation is not copied into partials' text: a node
 * that begins a source line carries a flag, and the renderer writes the
 * current indentation there, so one compiled partial serves every indent.
 * Template inheritance follows the rules the spec's ~inheritance tests
 * encode (mustache/spec issues #130 and #131): a block's content is a small
 * template of its own, always starting a line; when its opening tag ends its
 * line, the block's intrinsic indentation (that of its first content line)
 * is removed from each content line here and added back, at render time,
 * where the block is expanded; the whitespace before a parent or block pair
 * that stands alone becomes indentation; the outermost override of a block
 * wins. */
#include "lib/mustache.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"

#define MUSTACHE_MAX_DELIMITER 16 /* bytes in one {{=open close=}} delimiter */
#define MUSTACHE_QUOTE_MAX     40 /* bytes of template text quoted in an error */

/* --- compiled form ------------------------------------------------------ */

struct mustache_str {
    const char *s;
    size_t len;
};

/* A dotted name split at compile time; no keys stands for "." */
struct mustache_name {
    const struct mustache_str *keys;
    size_t n_keys;
};

enum mustache_node_kind {
    MUSTACHE_NODE_TEXT,
    MUSTACHE_NODE_ESCAPED,  /* {{name}} */
    MUSTACHE_NODE_RAW,      /* {{{name}}}, {{&name}} */
    MUSTACHE_NODE_SECTION,  /* {{#name}} */
    MUSTACHE_NODE_INVERTED, /* {{^name}} */
    MUSTACHE_NODE_PARTIAL,  /* {{>name}} */
    MUSTACHE_NODE_PARENT,   /* {{<name}} */
    MUSTACHE_NODE_BLOCK,    /* {{$name}} */
};

struct mustache_slot;

struct mustache_node {
    enum mustache_node_kind kind;
    /* The node begins a source line: the current indentation goes first. */
    bool at_line_start;
    union {
        struct mustache_str text;
        struct mustache_name name; /* ESCAPED, RAW */
        struct {
            struct mustache_name name;
            const struct mustache_node *body;
            size_t n_body;
        } section; /* SECTION, INVERTED */
        struct {
            const struct mustache_slot *slot; /* NULL for a dynamic name */
            struct mustache_name dynamic;
            /* The whitespace before the tag: added indentation when the tag
             * (or pair) stands alone, literal text otherwise. */
            struct mustache_str lead;
            bool is_standalone;
            const struct mustache_node *overrides; /* PARENT: its blocks */
            size_t n_overrides;
        } include; /* PARTIAL, PARENT */
        struct {
            struct mustache_str name;
            struct mustache_str lead;   /* literal text before the block */
            struct mustache_str indent; /* added to each line of the content */
            const struct mustache_node *body;
            size_t n_body;
        } block;
    };
};

struct mustache_template {
    const struct mustache_node *nodes;
    size_t n_nodes;
    struct arena *arena; /* holds the template, its nodes and strings */
};

/* A name in the set, referenced by partial nodes before or after the
 * template itself is added. */
struct mustache_slot {
    struct mustache_str name;
    const struct mustache_template *template;
};

struct mustache_set {
    enum mustache_mode mode;
    struct arena *arena;          /* slots and their names */
    struct mustache_slot **table; /* open addressing, power-of-two size */
    size_t table_cap, n_slots;
};

static void *checked_realloc(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        abort();
    p = realloc(p, n * size);
    if (!p) {
        fprintf(stderr, "peercoach: out of memory (%zu bytes)\n", n * size);
        abort();
    }
    return p;
}

/* Make room for need elements of size bytes in a growable array. */
static void *reserve(void *array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return array;
    size_t cap_new = *cap ? *cap * 2 : 16;
    while (cap_new < need)
        cap_new *= 2;
    *cap = cap_new;
    return checked_realloc(array, cap_new, size);
}

static bool str_equal(struct mustache_str a, struct mustache_str b)
{
    return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* memmem() is a GNU extension; delimiters are short, so memchr on the first
 * byte and a compare is all it takes. */
static const char *find(const char *s, size_t len, const char *needle, size_t needle_len)
{
    const char *end = s + len;
    while ((size_t)(end - s) >= needle_len) {
        const char *c = memchr(s, needle[0], (size_t)(end - s) - needle_len + 1);
        if (!c)
            return NULL;
        if (memcmp(c, needle, needle_len) == 0)
            return c;
        s = c + 1;
    }
    return NULL;
}

/* --- the set ------------------------------------------------------------ */

static size_t hash_name(const char *s, size_t len)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)h;
}

static size_t set_index(const struct mustache_set *set, const char *name, size_t len)
{
    size_t mask = set->table_cap - 1;
    for (size_t i = hash_name(name, len) & mask;; i = (i + 1) & mask) {
        const struct mustache_slot *slot = set->table[i];
        if (!slot || str_equal(slot->name, (struct mustache_str){name, len}))
            return i;
    }
}

static const struct mustache_slot *set_lookup(const struct mustache_set *set, const char *name,
                                              size_t len)
{
    return set->table[set_index(set, name, len)];
}

static struct mustache_slot *set_slot(struct mustache_set *set, const char *name, size_t len)
{
    if ((set->n_slots + 1) * 2 > set->table_cap) {
        struct mustache_slot **old = set->table;
        size_t old_cap = set->table_cap;
        set->table_cap *= 2;
        set->table = checked_realloc(NULL, set->table_cap, sizeof *set->table);
        memset(set->table, 0, set->table_cap * sizeof *set->table);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i])
                set->table[set_index(set, old[i]->name.s, old[i]->name.len)] = old[i];
        free(old);
    }
    size_t i = set_index(set, name, len);
    if (!set->table[i]) {
        struct mustache_slot *slot = arena_zalloc(set->arena, sizeof *slot);
        slot->name = (struct mustache_str){arena_strndup(set->arena, name, len), len};
        set->table[i] = slot;
        set->n_slots++;
    }
    return set->table[i];
}

struct mustache_set *mustache_set_new(enum mustache_mode mode)
{
    struct mustache_set *set = checked_realloc(NULL, 1, sizeof *set);
    set->mode = mode;
    set->arena = arena_new();
    set->table_cap = 32;
    set->n_slots = 0;
    set->table = checked_realloc(NULL, set->table_cap, sizeof *set->table);
    memset(set->table, 0, set->table_cap * sizeof *set->table);
    return set;
}

void mustache_set_free(struct mustache_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->table_cap; i++)
        if (set->table[i] && set->table[i]->template)
            arena_free(set->table[i]->template->arena);
    free(set->table);
    arena_free(set->arena);
    free(set);
}

/* --- compiling ---------------------------------------------------------- */

/* An opened section, inverted section, parent or block. */
struct mustache_frame {
    struct mustache_node node;    /* as far as the opening tag tells */
    struct mustache_str tag_name; /* as written, to match the closing tag */
    bool is_dynamic_name;
    bool is_override;        /* a block directly inside a parent */
    bool is_left_clear;      /* only whitespace before the opening tag */
    bool is_standalone_open; /* the opening tag took its line */
    struct mustache_str lead;
    struct mustache_str strip; /* intrinsic indentation, removed from content lines */
    size_t first_node;         /* its content starts here on the node stack */
    size_t line;
};

struct mustache_parser {
    struct mustache_set *set;
    struct arena *arena;
    const char *template_name;
    const char *src;
    size_t len, pos;
    char open[MUSTACHE_MAX_DELIMITER], close[MUSTACHE_MAX_DELIMITER];
    size_t open_len, close_len;
    size_t line, line_counted; /* line number at offset line_counted */

    /* The source line being read, for the standalone rules. */
    bool is_line_start;    /* nothing of this line kept yet */
    bool is_line_stripped; /* the intrinsic indentation is already removed */
    bool line_has_tag;
    bool line_is_blank; /* only spaces and tabs so far */

    /* Text waiting for the next node; text_line_start is where the current
     * line begins in it. */
    struct strbuf text;
    size_t text_line_start;
    bool text_at_line_start;

    struct mustache_node *nodes;
    size_t n_nodes, nodes_cap;
    struct mustache_frame *frames;
    size_t n_frames, frames_cap;
    char *error;
};

struct mustache_tag {
    char sigil;                  /* '#', '^', '/', '!', '>', '<', '$', '=', '&', '{' or 0 */
    struct mustache_str content; /* after the sigil, trimmed */
    size_t end;                  /* offset just past the closing delimiter */
    size_t line;
    bool is_left_clear;  /* only whitespace, no tag, before it on its line */
    bool is_right_clear; /* only whitespace after it on its line */
    bool is_standalone;  /* both */
    size_t next_line;    /* if right clear: where the next line starts */
};

/* Quote template text for an error message: short, one line, printable. */
static const char *quote(char *buf, size_t size, const char *s, size_t len)
{
    size_t n = 0;
    buf[n++] = '"';
    for (size_t i = 0; i < len && n + 5 < size; i++) {
        if (i == MUSTACHE_QUOTE_MAX) {
            memcpy(buf + n, "...", 3);
            n += 3;
            break;
        }
        unsigned char c = (unsigned char)s[i];
        buf[n++] = c < ' ' || c == 0x7f ? '?' : (char)c;
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return buf;
}

#define QUOTE_SIZE (MUSTACHE_QUOTE_MAX + 8)

static int fail(struct mustache_parser *p, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct mustache_parser *p, size_t line, const char *fmt, ...)
{
    char name[QUOTE_SIZE], problem[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "template %s line %zu: %s",
                  quote(name, sizeof name, p->template_name, strlen(p->template_name)), line,
                  problem);
    p->error = strbuf_detach(&sb, NULL);
    return -1;
}

/* Tags arrive in source order, so lines are counted once, incrementally. */
static size_t line_at(struct mustache_parser *p, size_t pos)
{
    for (; p->line_counted < pos; p->line_counted++)
        if (p->src[p->line_counted] == '\n')
            p->line++;
    return p->line;
}

static bool in_parent(const struct mustache_parser *p)
{
    return p->n_frames && p->frames[p->n_frames - 1].node.kind == MUSTACHE_NODE_PARENT;
}

static void begin_line(struct mustache_parser *p)
{
    p->is_line_start = true;
    p->is_line_stripped = false;
    p->line_has_tag = false;
    p->line_is_blank = true;
    p->text_line_start = p->text.len;
}

static void truncate_text(struct mustache_parser *p, size_t len)
{
    p->text.len = len;
    if (p->text.data)
        p->text.data[len] = '\0';
}

static struct mustache_str copy_str(struct mustache_parser *p, const char *s, size_t len)
{
    if (!len)
        return (struct mustache_str){"", 0};
    return (struct mustache_str){arena_strndup(p->arena, s, len), len};
}

/* Skip, at pos (a line start), what the open blocks' intrinsic indentation
 * matches; outer blocks first, as each was measured inside the others. */
static size_t skip_intrinsic(const struct mustache_parser *p, size_t pos, size_t end)
{
    for (size_t f = 0; f < p->n_frames; f++) {
        struct mustache_str strip = p->frames[f].strip;
        for (size_t i = 0; i < strip.len && pos < end && p->src[pos] == strip.s[i]; i++)
            pos++;
    }
    return pos;
}

/* Read template text up to end into the pending text. */
static void read_text(struct mustache_parser *p, size_t end)
{
    while (p->pos < end) {
        if (p->is_line_start && !p->is_line_stripped) {
            p->is_line_stripped = true;
            p->pos = skip_intrinsic(p, p->pos, end);
            continue;
        }
        char c = p->src[p->pos++];
        if (!p->text.len)
            p->text_at_line_start = p->is_line_start;
        strbuf_putc(&p->text, c);
        if (c == '\n') {
            begin_line(p);
        } else {
            p->is_line_start = false;
            if (c != ' ' && c != '\t')
                p->line_is_blank = false;
        }
    }
}

/* Turn the pending text into a node; inside a parent, text is dropped. */
static void flush_text(struct mustache_parser *p)
{
    if (p->text.len && !in_parent(p)) {
        p->nodes = reserve(p->nodes, &p->nodes_cap, p->n_nodes + 1, sizeof *p->nodes);
        p->nodes[p->n_nodes++] = (struct mustache_node){
            .kind = MUSTACHE_NODE_TEXT,
            .at_line_start = p->text_at_line_start,
            .text = copy_str(p, p->text.data, p->text.len),
        };
    }
    truncate_text(p, 0);
    p->text_line_start = 0;
}

static void push_node(struct mustache_parser *p, const struct mustache_node *node)
{
    p->nodes = reserve(p->nodes, &p->nodes_cap, p->n_nodes + 1, sizeof *p->nodes);
    p->nodes[p->n_nodes++] = *node;
}

/* Move the nodes from first on into the arena. */
static const struct mustache_node *take_nodes(struct mustache_parser *p, size_t first, size_t *n)
{
    *n = p->n_nodes - first;
    struct mustache_node *nodes = NULL;
    if (*n) {
        nodes = arena_alloc(p->arena, *n * sizeof *nodes);
        memcpy(nodes, p->nodes + first, *n * sizeof *nodes);
    }
    p->n_nodes = first;
    return nodes;
}

/* Whether only spaces and tabs follow pos up to the end of its line; if so,
 * *next_line is where the next line starts. */
static bool rest_is_blank(const struct mustache_parser *p, size_t pos, size_t *next_line)
{
    while (pos < p->len && (p->src[pos] == ' ' || p->src[pos] == '\t'))
        pos++;
    if (pos == p->len)
        *next_line = pos;
    else if (p->src[pos] == '\n')
        *next_line = pos + 1;
    else if (p->src[pos] == '\r' && pos + 1 < p->len && p->src[pos + 1] == '\n')
        *next_line = pos + 2;
    else
        return false;
    return true;
}

/* The whitespace before a tag, taken out of the pending text. */
static struct mustache_str take_lead(struct mustache_parser *p)
{
    if (p->text.len == p->text_line_start)
        return (struct mustache_str){"", 0};
    struct mustache_str lead =
        copy_str(p, p->text.data + p->text_line_start, p->text.len - p->text_line_start);
    truncate_text(p, p->text_line_start);
    return lead;
}

/* A standalone tag takes its whole line, indentation and newline included. */
static void drop_line(struct mustache_parser *p, const struct mustache_tag *tag)
{
    truncate_text(p, p->text_line_start);
    p->pos = tag->next_line;
    begin_line(p);
}

static void pass_tag(struct mustache_parser *p, const struct mustache_tag *tag)
{
    p->pos = tag->end;
    p->line_has_tag = true;
    p->is_line_start = false;
}

/* A block's content is a template of its own, so it starts a line; the
 * rest of the tag's line keeps its indentation. */
static void start_block_content(struct mustache_parser *p)
{
    p->is_line_start = true;
    p->is_line_stripped = true;
}

static struct mustache_str measure_intrinsic(const struct mustache_parser *p)
{
    size_t start = skip_intrinsic(p, p->pos, p->len), end = start;
    while (end < p->len && (p->src[end] == ' ' || p->src[end] == '\t'))
        end++;
    return (struct mustache_str){p->src + start, end - start};
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name_char(char c)
{
    return (unsigned char)c > ' ' && c != 0x7f;
}

/* Split a dotted name into keys in the arena. */
static int parse_name(struct mustache_parser *p, const struct mustache_tag *tag,
                      struct mustache_str text, struct mustache_name *name)
{
    char q[QUOTE_SIZE];
    *name = (struct mustache_name){NULL, 0};
    if (text.len == 1 && text.s[0] == '.')
        return 0;
    size_t n_keys = 1;
    for (size_t i = 0; i < text.len; i++) {
        bool at_segment_edge = i == 0 || i + 1 == text.len || text.s[i + 1] == '.';
        if (!is_name_char(text.s[i]) || (text.s[i] == '.' && at_segment_edge))
            return fail(p, tag->line, "invalid name %s", quote(q, sizeof q, text.s, text.len));
        n_keys += text.s[i] == '.';
    }
    if (!text.len)
        return fail(p, tag->line, "tag without a name");
    const char *copy = arena_strndup(p->arena, text.s, text.len);
    struct mustache_str *keys = arena_alloc(p->arena, n_keys * sizeof *keys);
    for (size_t k = 0, start = 0; k < n_keys; k++) {
        const char *dot = memchr(copy + start, '.', text.len - start);
        size_t end = dot ? (size_t)(dot - copy) : text.len;
        keys[k] = (struct mustache_str){copy + start, end - start};
        start = end + 1;
    }
    *name = (struct mustache_name){keys, n_keys};
    return 0;
}

/* A name that is written as is: partials, parents and blocks. */
static int check_plain_name(struct mustache_parser *p, const struct mustache_tag *tag,
                            struct mustache_str text)
{
    char q[QUOTE_SIZE];
    if (!text.len)
        return fail(p, tag->line, "tag without a name");
    for (size_t i = 0; i < text.len; i++)
        if (!is_name_char(text.s[i]))
            return fail(p, tag->line, "invalid name %s", quote(q, sizeof q, text.s, text.len));
    return 0;
}

/* "*name" asks for the template named by the value of name. */
static bool split_dynamic(struct mustache_str *text)
{
    if (!text->len || text->s[0] != '*')
        return false;
    text->s++, text->len--;
    while (text->len && is_space(text->s[0]))
        text->s++, text->len--;
    return true;
}

static int parse_include(struct mustache_parser *p, const struct mustache_tag *tag,
                         struct mustache_node *node)
{
    struct mustache_str text = tag->content;
    if (split_dynamic(&text))
        return parse_name(p, tag, text, &node->include.dynamic);
    if (check_plain_name(p, tag, text))
        return -1;
    node->include.slot = set_slot(p->set, text.s, text.len);
    return 0;
}

static int parse_tag(struct mustache_parser *p, size_t start, struct mustache_tag *tag)
{
    size_t inner = start + p->open_len;
    char sigil = inner < p->len ? p->src[inner] : '\0';
    if (!sigil || !strchr("#^/!><$=&{", sigil))
        sigil = '\0';
    /* Triple mustaches and delimiter changes end in a sigil of their own. */
    char needle[MUSTACHE_MAX_DELIMITER + 1];
    size_t needle_len = 0;
    if (sigil == '{' || sigil == '=')
        needle[needle_len++] = sigil == '{' ? '}' : '=';
    memcpy(needle + needle_len, p->close, p->close_len);
    needle_len += p->close_len;

    size_t from = inner + (sigil ? 1 : 0);
    tag->line = line_at(p, start);
    const char *found = find(p->src + from, p->len - from, needle, needle_len);
    if (!found) {
        char q[QUOTE_SIZE];
        return fail(p, tag->line, "tag opened with %s is never closed",
                    quote(q, sizeof q, p->open, p->open_len));
    }
    struct mustache_str content = {p->src + from, (size_t)(found - (p->src + from))};
    while (content.len && is_space(content.s[0]))
        content.s++, content.len--;
    while (content.len && is_space(content.s[content.len - 1]))
        content.len--;
    tag->sigil = sigil;
    tag->content = content;
    tag->end = (size_t)(found - p->src) + needle_len;
    tag->is_left_clear = !p->line_has_tag && p->line_is_blank;
    tag->next_line = tag->end;
    tag->is_right_clear = rest_is_blank(p, tag->end, &tag->next_line);
    tag->is_standalone = tag->is_left_clear && tag->is_right_clear;
    return 0;
}

static int set_delimiters(struct mustache_parser *p, const struct mustache_tag *tag)
{
    struct mustache_str text = tag->content;
    size_t open_len = 0;
    while (open_len < text.len && !is_space(text.s[open_len]))
        open_len++;
    const char *close = text.s + open_len;
    while (close < text.s + text.len && is_space(*close))
        close++;
    size_t close_len = (size_t)(text.s + text.len - close);
    bool is_valid = open_len && close_len && open_len <= MUSTACHE_MAX_DELIMITER &&
                    close_len <= MUSTACHE_MAX_DELIMITER && !memchr(text.s, '=', open_len) &&
                    !memchr(close, '=', close_len);
    for (size_t i = 0; is_valid && i < close_len; i++)
        is_valid = !is_space(close[i]);
    if (!is_valid) {
        char q[QUOTE_SIZE];
        return fail(p, tag->line, "invalid delimiters %s", quote(q, sizeof q, text.s, text.len));
    }
    memcpy(p->open, text.s, open_len);
    memcpy(p->close, close, close_len);
    p->open_len = open_len;
    p->close_len = close_len;
    return 0;
}

static bool is_html_name(struct mustache_str name)
{
    static const char suffix[] = "_html";
    size_t n = sizeof suffix - 1;
    return name.len >= n && memcmp(name.s + name.len - n, suffix, n) == 0;
}

static int compile_variable(struct mustache_parser *p, const struct mustache_tag *tag)
{
    struct mustache_node node = {.kind = tag->sigil ? MUSTACHE_NODE_RAW : MUSTACHE_NODE_ESCAPED,
                                 .at_line_start = p->is_line_start};
    if (parse_name(p, tag, tag->content, &node.name))
        return -1;
    if (tag->sigil && p->set->mode == MUSTACHE_STRICT && !is_html_name(tag->content)) {
        char q[QUOTE_SIZE];
        return fail(p, tag->line,
                    "unescaped output of %s refused: only names ending in _html may be raw",
                    quote(q, sizeof q, tag->content.s, tag->content.len));
    }
    flush_text(p);
    push_node(p, &node);
    pass_tag(p, tag);
    return 0;
}

static int compile_partial(struct mustache_parser *p, const struct mustache_tag *tag)
{
    struct mustache_node node = {.kind = MUSTACHE_NODE_PARTIAL,
                                 .at_line_start = !tag->is_standalone && p->is_line_start};
    if (parse_include(p, tag, &node))
        return -1;
    node.include.is_standalone = tag->is_standalone;
    node.include.lead = (struct mustache_str){"", 0};
    if (tag->is_standalone) {
        node.include.lead = take_lead(p);
        drop_line(p, tag);
    } else {
        pass_tag(p, tag);
    }
    flush_text(p);
    push_node(p, &node);
    return 0;
}

static struct mustache_frame *push_frame(struct mustache_parser *p, const struct mustache_tag *tag,
                                         enum mustache_node_kind kind)
{
    p->frames = reserve(p->frames, &p->frames_cap, p->n_frames + 1, sizeof *p->frames);
    struct mustache_frame *frame = &p->frames[p->n_frames++];
    *frame =
        (struct mustache_frame){.node.kind = kind, .first_node = p->n_nodes, .line = tag->line};
    frame->tag_name = tag->content;
    frame->is_dynamic_name = split_dynamic(&frame->tag_name);
    return frame;
}

static int check_depth(struct mustache_parser *p, const struct mustache_tag *tag)
{
    if (p->n_frames < MUSTACHE_MAX_DEPTH)
        return 0;
    return fail(p, tag->line, "sections nested more than %d deep", MUSTACHE_MAX_DEPTH);
}

static int open_section(struct mustache_parser *p, const struct mustache_tag *tag)
{
    struct mustache_name name;
    if (check_depth(p, tag) || parse_name(p, tag, tag->content, &name))
        return -1;
    bool at_line_start = !tag->is_standalone && p->is_line_start;
    if (tag->is_standalone)
        drop_line(p, tag);
    else
        pass_tag(p, tag);
    flush_text(p);
    struct mustache_frame *frame =
        push_frame(p, tag, tag->sigil == '#' ? MUSTACHE_NODE_SECTION : MUSTACHE_NODE_INVERTED);
    frame->node.at_line_start = at_line_start;
    frame->node.section.name = name;
    return 0;
}

static int open_parent(struct mustache_parser *p, const struct mustache_tag *tag)
{
    struct mustache_node node = {.kind = MUSTACHE_NODE_PARENT};
    if (check_depth(p, tag) || parse_include(p, tag, &node))
        return -1;
    struct mustache_str lead = {"", 0};
    if (tag->is_left_clear)
        lead = take_lead(p);
    pass_tag(p, tag);
    flush_text(p);
    struct mustache_frame *frame = push_frame(p, tag, MUSTACHE_NODE_PARENT);
    frame->node = node;
    frame->is_left_clear = tag->is_left_clear;
    frame->lead = lead;
    return 0;
}

static int open_block(struct mustache_parser *p, const struct mustache_tag *tag)
{
    if (check_depth(p, tag) || check_plain_name(p, tag, tag->content))
        return -1;
    bool is_override = in_parent(p);
    struct mustache_str lead = {"", 0}, strip = {"", 0};
    /* An argument's opening tag owns the newline after it, whatever comes
     * before it on the line: the parent ignores that text anyway. */
    bool is_standalone = tag->is_right_clear && (is_override || tag->is_left_clear);
    if (!is_override && tag->is_left_clear)
        lead = take_lead(p);
    if (is_standalone) {
        drop_line(p, tag);
        strip = measure_intrinsic(p);
    } else {
        pass_tag(p, tag);
        start_block_content(p);
    }
    flush_text(p);
    struct mustache_frame *frame = push_frame(p, tag, MUSTACHE_NODE_BLOCK);
    frame->node.block.name = copy_str(p, tag->content.s, tag->content.len);
    frame->is_override = is_override;
    frame->is_left_clear = tag->is_left_clear;
    frame->is_standalone_open = is_standalone;
    frame->lead = lead;
    frame->strip = strip;
    return 0;
}

static int close_parent(struct mustache_parser *p, struct mustache_frame *frame,
                        const struct mustache_tag *tag)
{
    bool is_pair_standalone = frame->is_left_clear && tag->is_right_clear;
    flush_text(p);
    if (is_pair_standalone || tag->is_standalone) {
        p->pos = tag->next_line;
        begin_line(p);
    } else {
        pass_tag(p, tag);
    }
    struct mustache_node node = frame->node;
    node.at_line_start = frame->is_left_clear && !is_pair_standalone;
    node.include.is_standalone = is_pair_standalone;
    node.include.lead = frame->lead;
    node.include.overrides = take_nodes(p, frame->first_node, &node.include.n_overrides);
    p->n_frames--;
    push_node(p, &node);
    return 0;
}

static int close_block(struct mustache_parser *p, struct mustache_frame *frame,
                       const struct mustache_tag *tag)
{
    struct mustache_node node = frame->node;
    if (frame->is_override) {
        /* Only whitespace before the closing tag: that line is not content.
         * What follows is the parent's, which ignores it. */
        if (tag->is_left_clear)
            truncate_text(p, p->text_line_start);
        pass_tag(p, tag);
    } else if (tag->is_standalone) {
        drop_line(p, tag);
    } else {
        pass_tag(p, tag);
    }
    flush_text(p);
    node.block.body = take_nodes(p, frame->first_node, &node.block.n_body);
    if (!frame->is_override) {
        bool is_pair_standalone = frame->is_left_clear && tag->is_right_clear;
        node.block.lead = node.block.indent = (struct mustache_str){"", 0};
        if (frame->is_standalone_open && node.block.n_body)
            node.block.indent = copy_str(p, frame->strip.s, frame->strip.len);
        else if (is_pair_standalone)
            node.block.indent = frame->lead;
        if (frame->is_left_clear && !frame->is_standalone_open && !is_pair_standalone) {
            node.block.lead = frame->lead;
            node.at_line_start = true;
        }
    }
    p->n_frames--;
    if (frame->is_override) {
        const struct mustache_frame *parent = &p->frames[p->n_frames - 1];
        for (size_t i = parent->first_node; i < p->n_nodes; i++) {
            if (str_equal(p->nodes[i].block.name, node.block.name)) {
                char q[QUOTE_SIZE];
                return fail(p, tag->line, "block %s given twice",
                            quote(q, sizeof q, node.block.name.s, node.block.name.len));
            }
        }
    }
    push_node(p, &node);
    return 0;
}

static int close_tag(struct mustache_parser *p, const struct mustache_tag *tag)
{
    char q[QUOTE_SIZE], q2[QUOTE_SIZE];
    struct mustache_str name = tag->content;
    bool is_dynamic = split_dynamic(&name);
    if (!p->n_frames)
        return fail(p, tag->line, "closing tag %s without an opening tag",
                    quote(q, sizeof q, tag->content.s, tag->content.len));
    struct mustache_frame *frame = &p->frames[p->n_frames - 1];
    if (is_dynamic != frame->is_dynamic_name || !str_equal(name, frame->tag_name))
        return fail(p, tag->line, "closing tag %s does not match %s opened on line %zu",
                    quote(q, sizeof q, tag->content.s, tag->content.len),
                    quote(q2, sizeof q2, frame->tag_name.s, frame->tag_name.len), frame->line);
    switch (frame->node.kind) {
    case MUSTACHE_NODE_PARENT:
        return close_parent(p, frame, tag);
    case MUSTACHE_NODE_BLOCK:
        return close_block(p, frame, tag);
    default:
        break;
    }
    if (tag->is_standalone)
        drop_line(p, tag);
    else
        pass_tag(p, tag);
    flush_text(p);
    struct mustache_node node = frame->node;
    node.section.body = take_nodes(p, frame->first_node, &node.section.n_body);
    p->n_frames--;
    push_node(p, &node);
    return 0;
}

/* Between a parent's tags only its arguments count; anything else that
 * would render is surely a mistake, so it is refused rather than ignored. */
static bool is_allowed_in_parent(char sigil)
{
    return sigil == '$' || sigil == '/' || sigil == '!' || sigil == '=';
}

static int compile_tag(struct mustache_parser *p, const struct mustache_tag *tag)
{
    if (in_parent(p) && !is_allowed_in_parent(tag->sigil)) {
        const struct mustache_frame *parent = &p->frames[p->n_frames - 1];
        char q[QUOTE_SIZE];
        return fail(p, tag->line, "only blocks may appear inside parent %s",
                    quote(q, sizeof q, parent->tag_name.s, parent->tag_name.len));
    }
    switch (tag->sigil) {
    case '!':
    case '=':
        if (tag->sigil == '=' && set_delimiters(p, tag))
            return -1;
        if (tag->is_standalone)
            drop_line(p, tag);
        else
            pass_tag(p, tag);
        return 0;
    case '#':
    case '^':
        return open_section(p, tag);
    case '/':
        return close_tag(p, tag);
    case '>':
        return compile_partial(p, tag);
    case '<':
        return open_parent(p, tag);
    case '$':
        return open_block(p, tag);
    default:
        return compile_variable(p, tag);
    }
}

static int compile(struct mustache_parser *p)
{
    begin_line(p);
    while (p->pos < p->len) {
        const char *open = find(p->src + p->pos, p->len - p->pos, p->open, p->open_len);
        read_text(p, open ? (size_t)(open - p->src) : p->len);
        if (!open)
            break;
        struct mustache_tag tag = {0};
        if (parse_tag(p, p->pos, &tag) || compile_tag(p, &tag))
            return -1;
    }
    if (p->n_frames) {
        const struct mustache_frame *frame = &p->frames[p->n_frames - 1];
        char q[QUOTE_SIZE];
        return fail(p, frame->line, "%s is never closed",
                    quote(q, sizeof q, frame->tag_name.s, frame->tag_name.len));
    }
    flush_text(p);
    return 0;
}

int mustache_set_add(struct mustache_set *set, const char *name, const char *text, size_t len,
                     char **error)
{
    struct mustache_parser p = {
        .set = set,
        .template_name = name,
        .src = text,
        .len = len,
        .open = "{{",
        .close = "}}",
        .open_len = 2,
        .close_len = 2,
        .line = 1,
    };
    size_t name_len = strlen(name);
    const struct mustache_slot *existing = set_lookup(set, name, name_len);
    int rc = -1;
    if (!name_len) {
        fail(&p, 1, "a template needs a name");
    } else if (existing && existing->template) {
        fail(&p, 1, "a template of this name was already added");
    } else {
        p.arena = arena_new();
        strbuf_init(&p.text);
        rc = compile(&p);
        if (rc == 0) {
            struct mustache_template *template = arena_alloc(p.arena, sizeof *template);
            template->nodes = take_nodes(&p, 0, &template->n_nodes);
            template->arena = p.arena;
            set_slot(set, name, name_len)->template = template;
        } else {
            arena_free(p.arena);
        }
        strbuf_cleanup(&p.text);
        free(p.nodes);
        free(p.frames);
    }
    if (error)
        *error = p.error;
    else
        free(p.error);
    return rc;
}

/* --- rendering ---------------------------------------------------------- */

struct mustache_context {
    json_t *value;
    const struct mustache_context *outer;
};

struct mustache_indent {
    struct mustache_str text;
    const struct mustache_indent *outer;
};

/* The blocks passed to the parents being rendered, innermost first. */
struct mustache_overrides {
    const struct mustache_node *blocks;
    size_t n_blocks;
    const struct mustache_overrides *outer;
};

struct mustache_scope {
    const struct mustache_context *context;
    const struct mustache_indent *indent; /* NULL: none */
    const struct mustache_overrides *overrides;
};

struct mustache_renderer {
    const struct mustache_set *set;
    struct strbuf *out;
    size_t out_start;
    unsigned depth;
};

static int render_nodes(struct mustache_renderer *r, const struct mustache_node *nodes, size_t n,
                        struct mustache_scope scope);

/* Dotted names: the first key is looked up through the context stack, the
 * rest only inside what it found (the spec's "Broken Chain" rules). */
static json_t *lookup(const struct mustache_context *context, const struct mustache_name *name)
{
    if (!name->n_keys)
        return context->value;
    json_t *value = NULL;
    for (; context && !value; context = context->outer)
        if (json_is_object(context->value))
            value = json_object_getn(context->value, name->keys[0].s, name->keys[0].len);
    for (size_t i = 1; value && i < name->n_keys; i++)
        value = json_is_object(value) ? json_object_getn(value, name->keys[i].s, name->keys[i].len)
                                      : NULL;
    return value;
}

static bool is_truthy(const json_t *value)
{
    if (!value || json_is_null(value) || json_is_false(value))
        return false;
    return !json_is_array(value) || json_array_size(value) > 0;
}

static void write_indent(struct strbuf *out, const struct mustache_indent *indent)
{
    if (!indent)
        return;
    write_indent(out, indent->outer);
    strbuf_append(out, indent->text.s, indent->text.len);
}

/* Indentation goes before a node that begins a source line, unless the
 * output is mid-line: a block expanded inline starts its content there. */
static void write_line_start(struct mustache_renderer *r, const struct mustache_node *node,
                             const struct mustache_indent *indent)
{
    struct strbuf *out = r->out;
    if (node->at_line_start && indent &&
        (out->len == r->out_start || out->data[out->len - 1] == '\n'))
        write_indent(out, indent);
}

static void write_text(struct mustache_renderer *r, const struct mustache_node *node,
                       const struct mustache_indent *indent)
{
    const char *s = node->text.s, *end = s + node->text.len;
    if (!indent) {
        strbuf_append(r->out, s, node->text.len);
        return;
    }
    write_line_start(r, node, indent);
    while (s < end) {
        const char *newline = memchr(s, '\n', (size_t)(end - s));
        const char *line_end = newline ? newline + 1 : end;
        strbuf_append(r->out, s, (size_t)(line_end - s));
        s = line_end;
        if (s < end)
            write_indent(r->out, indent);
    }
}

/* Reals as the shortest text that reads back the same (1.21, not
 * 1.2099999999999999), with ".0" kept on whole numbers as json_dumps does. */
static void write_real(struct strbuf *out, double value)
{
    char text[32];
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*g", precision, value);
        if (strtod(text, NULL) == value)
            break;
    }
    strbuf_puts(out, text);
    if (!strpbrk(text, ".e"))
        strbuf_puts(out, ".0");
}

static void write_value(struct strbuf *out, const json_t *value, bool is_escaped)
{
    if (!value)
        return;
    switch (json_typeof(value)) {
    case JSON_STRING:
        if (is_escaped)
            strbuf_append_html(out, json_string_value(value), json_string_length(value));
        else
            strbuf_append(out, json_string_value(value), json_string_length(value));
        break;
    case JSON_INTEGER:
        strbuf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        break;
    case JSON_REAL:
        write_real(out, json_real_value(value));
        break;
    case JSON_TRUE:
        strbuf_puts(out, "true");
        break;
    case JSON_FALSE:
        strbuf_puts(out, "false");
        break;
    default: /* null, objects and arrays have no text */
        break;
    }
}

/* Every nested body goes through here, which bounds the stack. */
static int render_nested(struct mustache_renderer *r, const struct mustache_node *nodes, size_t n,
                         struct mustache_scope scope)
{
    if (r->depth == MUSTACHE_MAX_DEPTH)
        return -1;
    r->depth++;
    int rc = render_nodes(r, nodes, n, scope);
    r->depth--;
    return rc;
}

static int render_section(struct mustache_renderer *r, const struct mustache_node *node,
                          struct mustache_scope scope)
{
    json_t *value = lookup(scope.context, &node->section.name);
    if (node->kind == MUSTACHE_NODE_INVERTED)
        return is_truthy(value) ? 0
                                : render_nested(r, node->section.body, node->section.n_body, scope);
    if (!is_truthy(value))
        return 0;
    struct mustache_context context = {value, scope.context};
    struct mustache_scope inner = scope;
    inner.context = &context;
    if (!json_is_array(value))
        return render_nested(r, node->section.body, node->section.n_body, inner);
    size_t i;
    json_t *item;
    json_array_foreach(value, i, item)
    {
        context.value = item;
        if (render_nested(r, node->section.body, node->section.n_body, inner))
            return -1;
    }
    return 0;
}

static const struct mustache_template *find_template(const struct mustache_renderer *r,
                                                     const struct mustache_node *node,
                                                     const struct mustache_context *context)
{
    const struct mustache_slot *slot = node->include.slot;
    if (!slot) {
        json_t *name = lookup(context, &node->include.dynamic);
        if (!json_is_string(name))
            return NULL;
        slot = set_lookup(r->set, json_string_value(name), json_string_length(name));
    }
    return slot ? slot->template : NULL;
}

/* Partials and parents: a parent is a partial that passes blocks. */
static int render_include(struct mustache_renderer *r, const struct mustache_node *node,
                          struct mustache_scope scope)
{
    const struct mustache_template *template = find_template(r, node, scope.context);
    struct mustache_indent indent = {node->include.lead, scope.indent};
    struct mustache_overrides overrides = {node->include.overrides, node->include.n_overrides,
                                           scope.overrides};
    struct mustache_scope inner = scope;
    if (node->include.is_standalone) {
        if (node->include.lead.len)
            inner.indent = &indent;
    } else {
        /* Inline, the included template's lines are not indented. */
        inner.indent = NULL;
        if (node->include.lead.len)
            strbuf_append(r->out, node->include.lead.s, node->include.lead.len);
    }
    if (node->kind == MUSTACHE_NODE_PARENT)
        inner.overrides = &overrides;
    return template ? render_nested(r, template->nodes, template->n_nodes, inner) : 0;
}

/* The outermost parent's argument wins, so a page overrides its layout's
 * layout ("Multi-level inheritance" in the spec). */
static const struct mustache_node *find_override(const struct mustache_overrides *overrides,
                                                 struct mustache_str name)
{
    const struct mustache_node *found = NULL;
    for (; overrides; overrides = overrides->outer)
        for (size_t i = 0; i < overrides->n_blocks; i++)
            if (str_equal(overrides->blocks[i].block.name, name))
                found = &overrides->blocks[i];
    return found;
}

static int render_block(struct mustache_renderer *r, const struct mustache_node *node,
                        struct mustache_scope scope)
{
    if (node->block.lead.len)
        strbuf_append(r->out, node->block.lead.s, node->block.lead.len);
    const struct mustache_node *source = find_override(scope.overrides, node->block.name);
    if (!source)
        source = node;
    struct mustache_indent indent = {node->block.indent, scope.indent};
    struct mustache_scope inner = scope;
    if (node->block.indent.len)
        inner.indent = &indent;
    return render_nested(r, source->block.body, source->block.n_body, inner);
}

static int render_nodes(struct mustache_renderer *r, const struct mustache_node *nodes, size_t n,
                        struct mustache_scope scope)
{
    for (size_t i = 0; i < n; i++) {
        const struct mustache_node *node = &nodes[i];
        if (node->kind != MUSTACHE_NODE_TEXT)
            write_line_start(r, node, scope.indent);
        int rc = 0;
        switch (node->kind) {
        case MUSTACHE_NODE_TEXT:
            write_text(r, node, scope.indent);
            break;
        case MUSTACHE_NODE_ESCAPED:
        case MUSTACHE_NODE_RAW:
            write_value(r->out, lookup(scope.context, &node->name),
                        node->kind == MUSTACHE_NODE_ESCAPED);
            break;
        case MUSTACHE_NODE_SECTION:
        case MUSTACHE_NODE_INVERTED:
            rc = render_section(r, node, scope);
            break;
        case MUSTACHE_NODE_PARTIAL:
        case MUSTACHE_NODE_PARENT:
            rc = render_include(r, node, scope);
            break;
        case MUSTACHE_NODE_BLOCK:
            rc = render_block(r, node, scope);
            break;
        }
        if (rc)
            return -1;
    }
    return 0;
}

int mustache_render(const struct mustache_set *set, const char *name, json_t *view,
                    struct strbuf *out)
{
    const struct mustache_slot *slot = set_lookup(set, name, strlen(name));
    if (!slot || !slot->template)
        return -1;
    struct mustache_renderer r = {.set = set, .out = out, .out_start = out->len};
    struct mustache_context base = {view, NULL};
    struct mustache_scope scope = {&base, NULL, NULL};
    if (render_nodes(&r, slot->template->nodes, slot->template->n_nodes, scope)) {
        out->len = r.out_start;
        if (out->data)
            out->data[out->len] = '\0';
        return -1;
    }
    return 0;
}
