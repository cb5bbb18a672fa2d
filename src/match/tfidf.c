/* tfidf.c — goal and interest similarity: TF-IDF vectors and cosine.
 *
 * A person's document is their free-text goals plus their interests and
 * skills to develop. Terms are lower-case words with stop words removed
 * and simple English plurals folded ("skills" -> "skill", "stories" ->
 * "story", "classes" -> "class"), which is as much stemming as short goal
 * statements need without mangling words the way a full Porter stemmer
 * does in explanations. Weights are (1 + ln tf) * idf with a smoothed idf,
 * vectors are L2-normalized, so the cosine is a plain sparse dot product. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match/intern.h"
#include "match/pool.h"
#include "match/util.h"

static const char *const stop_words[] = {
    "a",     "about", "all",   "also",   "an",   "and",   "any",     "are",   "as",    "at",
    "be",    "been",  "being", "better", "but",  "by",    "can",     "could", "do",    "does",
    "for",   "from",  "get",   "good",   "had",  "has",   "have",    "how",   "i",     "if",
    "im",    "in",    "into",  "is",     "it",   "its",   "like",    "make",  "me",    "more",
    "most",  "my",    "need",  "new",    "no",   "not",   "of",      "on",    "or",    "other",
    "our",   "out",   "over",  "so",     "some", "than",  "that",    "the",   "their", "them",
    "then",  "there", "these", "they",   "this", "those", "through", "to",    "too",   "up",
    "us",    "very",  "want",  "was",    "way",  "we",    "well",    "were",  "what",  "when",
    "which", "while", "who",   "will",   "with", "would", "you",     "your",
};

static bool is_stop_word(const char *word, size_t length)
{
    size_t low = 0, high = sizeof stop_words / sizeof stop_words[0];
    while (low < high) {
        size_t mid = (low + high) / 2;
        int c = strncmp(stop_words[mid], word, length);
        if (c == 0 && stop_words[mid][length] != '\0')
            c = 1;
        if (c == 0)
            return true;
        if (c < 0)
            low = mid + 1;
        else
            high = mid;
    }
    return false;
}

static bool ends_with(const char *word, size_t length, const char *suffix)
{
    size_t n = strlen(suffix);
    return length >= n && memcmp(word + length - n, suffix, n) == 0;
}

size_t match_stem(char *word, size_t length)
{
    if (length <= 3)
        return length;
    if (ends_with(word, length, "ies") && length > 4) {
        word[length - 3] = 'y';
        return length - 2;
    }
    if (ends_with(word, length, "sses") || ends_with(word, length, "xes") ||
        ends_with(word, length, "ches") || ends_with(word, length, "shes"))
        return length - 2;
    if (word[length - 1] == 's' && !ends_with(word, length, "ss") &&
        !ends_with(word, length, "us") && !ends_with(word, length, "is"))
        return length - 1;
    return length;
}

void match_tokenize(const char *text, void (*emit)(void *ctx, const char *term, size_t length),
                    void *ctx)
{
    char word[64];
    size_t length = 0;
    for (const char *p = text;; p++) {
        unsigned char c = (unsigned char)*p;
        bool is_word = isalnum(c) || c >= 0x80;
        if (is_word) {
            if (length + 1 < sizeof word)
                word[length++] = (char)tolower(c);
            continue;
        }
        if (c == '\'' && length > 0)
            continue; /* "teacher's" -> "teachers" -> "teacher" */
        if (length >= 2 && !is_stop_word(word, length)) {
            length = match_stem(word, length);
            emit(ctx, word, length);
        }
        length = 0;
        if (c == '\0')
            break;
    }
}

struct collect {
    struct match_intern *terms;
    int32_t *items;
    size_t count, capacity;
    bool is_broken;
};

static void collect_term(void *ctx, const char *term, size_t length)
{
    struct collect *c = ctx;
    int32_t id = match_intern_add(c->terms, term, length);
    if (id < 0) {
        c->is_broken = true;
        return;
    }
    if (c->count == c->capacity) {
        size_t capacity = c->capacity ? c->capacity * 2 : 64;
        int32_t *grown = realloc(c->items, capacity * sizeof *grown);
        if (!grown) {
            c->is_broken = true;
            return;
        }
        c->items = grown;
        c->capacity = capacity;
    }
    c->items[c->count++] = id;
}

static int compare_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void collect_list(struct collect *c, struct match_strings list)
{
    for (size_t i = 0; list.items && i < list.count; i++)
        if (list.items[i])
            match_tokenize(list.items[i], collect_term, c);
}

int match_tfidf_prepare(struct match_pool *pool, struct match_error *err)
{
    struct match_intern terms;
    match_intern_init(&terms);
    struct collect c = {&terms, NULL, 0, 0, false};
    /* Pass 1: every person's raw term ids, sorted, in one array. */
    uint32_t *start = malloc((pool->n + 1) * sizeof *start);
    if (!start)
        goto nomem;
    for (size_t a = 0; a < pool->n; a++) {
        const struct match_person *p = &pool->input->people[a];
        size_t before = c.count;
        start[a] = (uint32_t)before;
        if (p->goals)
            match_tokenize(p->goals, collect_term, &c);
        collect_list(&c, p->interests);
        collect_list(&c, p->skills_to_develop);
        if (c.is_broken)
            goto nomem;
        if (c.count - before > 1)
            qsort(c.items + before, c.count - before, sizeof *c.items, compare_int32);
    }
    start[pool->n] = (uint32_t)c.count;
    pool->term_df = calloc(terms.count + 1, sizeof *pool->term_df);
    pool->terms = malloc((c.count + 1) * sizeof *pool->terms);
    if (!pool->term_df || !pool->terms)
        goto nomem;
    for (size_t a = 0; a < pool->n; a++)
        for (uint32_t i = start[a]; i < start[a + 1]; i++)
            if (i == start[a] || c.items[i] != c.items[i - 1])
                pool->term_df[c.items[i]]++;
    /* Pass 2: weights. */
    double documents = (double)pool->n;
    size_t out = 0;
    for (size_t a = 0; a < pool->n; a++) {
        struct match_profile *profile = &pool->people[a];
        profile->terms.start = (uint32_t)out;
        double norm = 0;
        for (uint32_t i = start[a]; i < start[a + 1];) {
            uint32_t j = i;
            while (j < start[a + 1] && c.items[j] == c.items[i])
                j++;
            int32_t term = c.items[i];
            double idf = log((1.0 + documents) / (1.0 + pool->term_df[term])) + 1.0;
            double weight = (1.0 + log((double)(j - i))) * idf;
            pool->terms[out++] = (struct match_term){term, (float)weight};
            norm += weight * weight;
            i = j;
        }
        profile->terms.count = (uint32_t)(out - profile->terms.start);
        norm = sqrt(norm);
        for (size_t i = profile->terms.start; i < out; i++)
            pool->terms[i].weight = (float)(pool->terms[i].weight / norm);
    }
    pool->term_count = out;
    free(start);
    free(c.items);
    match_intern_cleanup(&terms, &pool->term_text, &pool->term_text_count);
    return 0;
nomem:
    free(start);
    free(c.items);
    match_intern_cleanup(&terms, NULL, NULL);
    return match_fail(err, MATCH_ERR_NOMEM, 0, "out of memory");
}

double match_tfidf_cosine(const struct match_pool *pool, size_t a, size_t b)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    const struct match_term *x = pool->terms + pa->terms.start, *y = pool->terms + pb->terms.start;
    size_t nx = pa->terms.count, ny = pb->terms.count, i = 0, j = 0;
    double dot = 0;
    while (i < nx && j < ny) {
        if (x[i].term < y[j].term)
            i++;
        else if (x[i].term > y[j].term)
            j++;
        else
            dot += (double)x[i++].weight * (double)y[j++].weight;
    }
    return dot > 1.0 ? 1.0 : dot;
}

size_t match_tfidf_shared(const struct match_pool *pool, size_t a, size_t b, int32_t *terms,
                          size_t max)
{
    const struct match_profile *pa = &pool->people[a], *pb = &pool->people[b];
    const struct match_term *x = pool->terms + pa->terms.start, *y = pool->terms + pb->terms.start;
    size_t nx = pa->terms.count, ny = pb->terms.count, i = 0, j = 0, count = 0;
    float best[16];
    if (max > 16)
        max = 16;
    while (i < nx && j < ny) {
        if (x[i].term < y[j].term) {
            i++;
        } else if (x[i].term > y[j].term) {
            j++;
        } else {
            float product = x[i].weight * y[j].weight;
            /* Insert into the small sorted list (largest first, then term id). */
            size_t at = count < max ? count : max;
            while (at > 0 && best[at - 1] < product)
                at--;
            if (at < max) {
                size_t last = count < max ? count : max - 1;
                for (size_t k = last; k > at; k--) {
                    best[k] = best[k - 1];
                    terms[k] = terms[k - 1];
                }
                best[at] = product;
                terms[at] = x[i].term;
                if (count < max)
                    count++;
            }
            i++;
            j++;
        }
    }
    return count;
}
