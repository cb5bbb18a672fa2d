/* demo.c — `peercoach demo`: fill an empty database with a living example
 * organization, so the first thing a new user sees is the product at work.
 *
 *   peercoach demo [--db FILE]           the Northwind example (prints logins)
 *   peercoach demo --people N            N synthetic people (benchmarks)
 *
 * Every demo account shares one password, hashed once: hashing is slow on
 * purpose, and a demo (or a benchmark of 100,000 people) should not take
 * minutes to load. Everything is written in one transaction.
 *
 * The Northwind example also plays eight weeks of a peer coaching program
 * (demo_coaching.c), so its accounts are made on the day that story
 * starts. The demo needs an empty database: run twice, it refuses (exit 2)
 * rather than mixing a second story into the first or into real data. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "cli/demo_coaching.h"
#include "domain/account.h"
#include "domain/password.h"
#include "domain/profile.h"
#include "store/pool.h"

static const char *const skills[] = {
    "giving feedback",   "public speaking",        "data analysis",     "negotiation",
    "delegation",        "coaching conversations", "project planning",  "stakeholder management",
    "technical writing", "conflict resolution",    "time management",   "strategic thinking",
    "mentoring",         "presentation design",    "hiring interviews", "facilitation",
    "budgeting",         "customer empathy",       "prioritisation",    "active listening",
};
#define NSKILLS (sizeof skills / sizeof *skills)

static const char *const interests[] = {"leadership", "wellbeing",   "innovation", "career growth",
                                        "diversity",  "remote work", "learning",   "mentoring"};
#define NINTERESTS (sizeof interests / sizeof *interests)

struct demo_person {
    const char *name, *email, *title, *department, *zone, *languages;
    int level;
    int manager; /* index in the table, -1 for none */
};

/* The Northwind example: two department heads, their teams, an organizer
 * from Learning & Development and the instance admin (index 0). */
static const struct demo_person northwind[] = {
    {"Ada Lovelace", "ada@northwind.example", "IT Administrator", "Operations", "Europe/London",
     "en", 5, -1},
    {"Olivia Ortiz", "olivia@northwind.example", "Learning & Development Lead", "People",
     "Europe/Madrid", "en,es", 5, -1},
    {"Marcus Chen", "marcus@northwind.example", "Head of Engineering", "Engineering",
     "America/New_York", "en,zh", 7, -1},
    {"Priya Natarajan", "priya@northwind.example", "Head of Sales", "Sales", "Europe/London",
     "en,hi", 7, -1},
    {"Ana Souza", "ana@northwind.example", "Data Analyst", "Finance", "Europe/Lisbon", "pt,en", 3,
     -1},
    {"Ben Okafor", "ben@northwind.example", "Software Engineer", "Engineering", "Europe/London",
     "en", 3, 2},
    {"Chloe Martin", "chloe@northwind.example", "Account Executive", "Sales", "Europe/Paris",
     "fr,en", 3, 3},
    {"Daniel Weber", "daniel@northwind.example", "Senior Engineer", "Engineering", "Europe/Berlin",
     "de,en", 4, 2},
    {"Elena Rossi", "elena@northwind.example", "Marketing Manager", "Marketing", "Europe/Rome",
     "it,en", 4, -1},
    {"Farah Haddad", "farah@northwind.example", "Customer Success Lead", "Support", "Europe/Paris",
     "fr,en,ar", 4, -1},
    {"George Kim", "george@northwind.example", "Product Manager", "Product", "America/Los_Angeles",
     "en,ko", 4, -1},
    {"Hana Sato", "hana@northwind.example", "UX Researcher", "Product", "Asia/Tokyo", "ja,en", 3,
     10},
    {"Ivan Petrov", "ivan@northwind.example", "Site Reliability Engineer", "Engineering",
     "Europe/Berlin", "en,ru", 3, 7},
    {"Julia Novak", "julia@northwind.example", "Financial Controller", "Finance", "Europe/Prague",
     "cs,en", 4, -1},
    {"Kwame Mensah", "kwame@northwind.example", "Sales Engineer", "Sales", "Europe/London", "en", 3,
     3},
    {"Laura Fischer", "laura@northwind.example", "HR Business Partner", "People", "Europe/Berlin",
     "de,en", 4, -1},
    {"Mateo Garcia", "mateo@northwind.example", "Support Specialist", "Support", "Europe/Madrid",
     "es,en", 2, 9},
    {"Nadia Rahman", "nadia@northwind.example", "Content Strategist", "Marketing", "Europe/London",
     "en,bn", 3, 8},
    {"Oscar Lindqvist", "oscar@northwind.example", "Backend Engineer", "Engineering",
     "Europe/Stockholm", "sv,en", 2, 7},
    {"Paula Mendes", "paula@northwind.example", "Payroll Specialist", "Finance", "Europe/Lisbon",
     "pt,en", 2, 13},
    {"Quentin Dubois", "quentin@northwind.example", "Sales Manager", "Sales", "Europe/Paris",
     "fr,en", 5, 3},
    {"Rosa Jimenez", "rosa@northwind.example", "Recruiter", "People", "America/Mexico_City",
     "es,en", 3, 15},
    {"Sam Taylor", "sam@northwind.example", "Frontend Engineer", "Engineering", "America/New_York",
     "en", 3, 2},
    {"Tara Walsh", "tara@northwind.example", "Brand Designer", "Marketing", "Europe/Dublin", "en",
     3, 8},
    {"Umar Farouk", "umar@northwind.example", "Support Engineer", "Support", "Africa/Lagos", "en",
     3, 9},
    {"Valentina Greco", "valentina@northwind.example", "Product Designer", "Product", "Europe/Rome",
     "it,en", 3, 10},
    {"William Brown", "william@northwind.example", "Data Engineer", "Engineering",
     "America/Chicago", "en", 4, 2},
    {"Xiao Li", "xiao@northwind.example", "Financial Analyst", "Finance", "Asia/Singapore", "zh,en",
     3, 13},
    {"Yusuf Demir", "yusuf@northwind.example", "Operations Coordinator", "Operations",
     "Europe/Istanbul", "tr,en", 2, -1},
    {"Zoe Adams", "zoe@northwind.example", "Customer Success Manager", "Support", "America/Toronto",
     "en,fr", 3, 9},
    {"Amir Karimi", "amir@northwind.example", "QA Engineer", "Engineering", "Asia/Dubai", "fa,en",
     2, 7},
    {"Beatriz Lopes", "beatriz@northwind.example", "Growth Marketer", "Marketing",
     "America/Sao_Paulo", "pt,en,es", 3, 8},
};
#define NNORTHWIND (sizeof northwind / sizeof *northwind)

/* Deterministic pseudo-random numbers (xorshift), so the demo is the same
 * every time it is loaded. */
static unsigned long long demo_rand_state = 88172645463325252ULL;
static unsigned demo_rand(unsigned below)
{
    demo_rand_state ^= demo_rand_state << 13;
    demo_rand_state ^= demo_rand_state >> 7;
    demo_rand_state ^= demo_rand_state << 17;
    return (unsigned)(demo_rand_state % below);
}

static json_t *pick(const char *const *from, unsigned n, unsigned count)
{
    json_t *list = json_array();
    for (unsigned i = 0; i < count; i++)
        json_array_append_new(list, json_string(from[demo_rand(n)]));
    return list;
}

static json_t *split_languages(const char *languages)
{
    json_t *list = json_array();
    for (const char *p = languages; *p;) {
        size_t n = strcspn(p, ",");
        json_array_append_new(list, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return list;
}

/* Two or three weekly windows in working hours. */
static json_t *availability(void)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri"};
    json_t *list = json_array();
    unsigned windows = 2 + demo_rand(2);
    for (unsigned i = 0; i < windows; i++) {
        unsigned start = 8 + demo_rand(8);
        char from[8], to[8];
        snprintf(from, sizeof from, "%02u:00", start);
        snprintf(to, sizeof to, "%02u:00", start + 1 + demo_rand(2));
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "day", days[demo_rand(5)], "start",
                                              from, "end", to));
    }
    return list;
}

static int fill_profile(struct ctx *ctx, int64_t id, const struct demo_person *p, int64_t manager)
{
    json_t *changes =
        json_pack("{s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:s}", "job_title", p->title,
                  "department", p->department, "level", p->level, "time_zone", p->zone, "languages",
                  split_languages(p->languages), "availability", availability(),
                  "skills_to_develop", pick(skills, NSKILLS, 3), "skills_to_offer",
                  pick(skills, NSKILLS, 3), "interests", pick(interests, NINTERESTS, 2), "bio",
                  "Here to learn from colleagues and to help them think things through.");
    if (manager)
        json_object_set_new(changes, "manager_id", json_integer(manager));
    int rc = profile_update(ctx, id, changes);
    json_decref(changes);
    return rc;
}

static int load_people(struct ctx *ctx, const struct demo_person *people, size_t n,
                       const char *hash, struct demo_org *org)
{
    org->ids = arena_alloc(ctx->arena, sizeof *org->ids * n);
    org->count = n;
    for (size_t i = 0; i < n; i++) {
        const struct demo_person *p = &people[i];
        const char *role = i == 0 ? "admin" : i == 1 ? "organizer" : "member";
        struct signup in = {.email = p->email, .name = p->name, .password = DEMO_PASSWORD};
        struct user user;
        if (account_create(ctx, &in, role, hash, &user) != 0)
            return -1;
        org->ids[i] = user.id;
        if (i == 0)
            org->admin = user; /* acts for the rest: reporting lines need an admin */
        ctx->user = &org->admin;
        if (fill_profile(ctx, user.id, p, p->manager >= 0 ? org->ids[p->manager] : 0) != 0)
            return -1;
    }
    return 0;
}

/* N synthetic people in departments of ~50 under one head each. */
static int load_synthetic(struct ctx *ctx, long n, const char *hash, struct demo_org *org)
{
    static const char *const departments[] = {"Engineering", "Sales",   "Marketing", "Finance",
                                              "People",      "Support", "Product",   "Operations"};
    static const char *const zones[] = {"Europe/London",   "Europe/Paris", "America/New_York",
                                        "America/Chicago", "Asia/Kolkata", "Asia/Singapore"};
    struct demo_person *people = arena_alloc(ctx->arena, sizeof *people * (size_t)n);
    for (long i = 0; i < n; i++) {
        struct demo_person *p = &people[i];
        p->name = arena_printf(ctx->arena, "Person %06ld", i + 1);
        p->email = arena_printf(ctx->arena, "person%06ld@example.org", i + 1);
        p->department = departments[(i / 50) % 8];
        p->title = i % 50 == 0 ? "Team Lead" : "Specialist";
        p->zone = zones[demo_rand(6)];
        p->languages = demo_rand(3) ? "en" : "en,fr";
        p->level = i % 50 == 0 ? 6 : 1 + (int)demo_rand(5);
        p->manager = i % 50 == 0 || i < 2 ? -1 : (int)(i - i % 50);
    }
    return load_people(ctx, people, (size_t)n, hash, org);
}

int cli_demo(int argc, char **argv)
{
    const char *people_text;
    if (cli_take_option(&argc, argv, "--people", &people_text) != 0) {
        fprintf(stderr, "peercoach: --people needs a number\n");
        return 2;
    }
    long synthetic = people_text ? strtol(people_text, NULL, 10) : 0;
    if (people_text && (synthetic < 2 || synthetic > 1000000)) {
        fprintf(stderr, "peercoach: --people must be between 2 and 1000000\n");
        return 2;
    }
    struct config cfg;
    struct db *db;
    config_init(&cfg);
    int status = cli_open(&cfg, argc, argv, &db);
    if (status != 0) {
        config_cleanup(&cfg);
        return status;
    }
    struct ctx ctx;
    cli_ctx_init(&ctx, db, &cfg, NULL);
    int64_t existing = store_user_count(db);
    if (existing != 0) {
        fprintf(stderr, "peercoach: %s already has accounts; demo data needs an empty database\n",
                cfg.db);
        status = existing < 0 ? 1 : 2;
        goto done;
    }
    char hash[PASSWORD_HASH_SIZE];
    password_hash(DEMO_PASSWORD, hash);
    struct demo_org org = {0};
    db_begin(db);
    int rc;
    if (synthetic) {
        rc = load_synthetic(&ctx, synthetic, hash, &org);
    } else {
        time_t today = ctx.now;
        ctx.now = today - (time_t)DEMO_COACHING_HISTORY_DAYS * 86400;
        rc = load_people(&ctx, northwind, NNORTHWIND, hash, &org);
        if (rc == 0)
            rc = demo_coaching_load(&ctx, &org, today);
        ctx.now = today;
    }
    if (rc != 0 || db_commit(db) != 0) {
        if (db_in_transaction(db))
            db_rollback(db);
        cli_print_failure(&ctx);
        status = 1;
        goto done;
    }
    if (synthetic) {
        printf("loaded %ld people; every password is %s\n", synthetic, DEMO_PASSWORD);
    } else {
        printf("Demo loaded into %s. Log in with any of these (password: %s):\n", cfg.db,
               DEMO_PASSWORD);
        printf("  %-28s organizer of Northwind Peer Coaching\n", northwind[1].email);
        printf("  %-28s participant, in a pair with Ben\n", northwind[DEMO_PAIR_A].email);
        printf("  %-28s participant, in a pair with Ana\n", northwind[DEMO_PAIR_B].email);
        printf("  %-28s participant, in a circle of three\n", northwind[DEMO_CIRCLE].email);
        printf("  %-28s participant, in a pair at risk\n", northwind[DEMO_AT_RISK].email);
        printf("  %-28s instance admin\n", northwind[0].email);
    }
done:
    arena_free(ctx.arena);
    store_pool_close_all();
    config_cleanup(&cfg);
    return status;
}
