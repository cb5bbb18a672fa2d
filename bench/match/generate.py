#!/usr/bin/python3
"""generate.py — synthetic inputs for the matching engine's tests and bench.

  generate.py org N SEED [OUT]          an organization of N people (JSON)
  generate.py dense N SEED [OUT]        a complete graph, weights 1..10^6
  generate.py sparse N DEG SEED [OUT]   a random graph of average degree DEG

An organization has departments, a reporting tree per department (levels
fall with depth), time zones on four continents, languages, weekly
availability in local time, skills drawn from a realistic vocabulary with
a skewed (Zipf-like) popularity, interests, free-text goals built from the
skills, a few requests, never-with entries and past partners (round 1).
Everything comes from random.Random(SEED): same arguments, same bytes.
"""
import json
import random
import sys

SKILLS = [
    "giving feedback", "classroom management", "data analysis", "public speaking",
    "differentiated instruction", "formative assessment", "project management",
    "stakeholder communication", "coaching conversations", "conflict resolution",
    "time management", "delegation", "strategic planning", "budgeting", "hiring",
    "onboarding", "writing", "presenting data", "negotiation", "mentoring",
    "curriculum design", "inquiry-based learning", "student engagement",
    "parent communication", "remote facilitation", "running meetings", "prioritization",
    "systems thinking", "change management", "product discovery", "user research",
    "code review", "technical writing", "testing", "cloud architecture", "sql",
    "python", "statistics", "visual design", "storytelling", "active listening",
    "emotional intelligence", "resilience", "cross-cultural communication",
    "decision making", "goal setting", "performance reviews", "accessibility",
    "literacy instruction", "math instruction", "science labs", "special education",
    "assessment design", "lesson observation", "peer observation", "growth mindset",
    "reflective practice", "learning analytics", "instructional technology",
    "community building",
]
INTERESTS = [
    "hiking", "chess", "photography", "cooking", "running", "gardening", "music",
    "reading", "podcasts", "board games", "cycling", "yoga", "travel", "painting",
    "climbing", "languages", "volunteering", "film", "theatre", "birdwatching",
    "sailing", "knitting", "soccer", "basketball", "writing fiction", "poetry",
    "history", "astronomy", "woodworking", "baking",
]
DEPARTMENTS = [
    "Engineering", "Sales", "Marketing", "Finance", "People", "Operations", "Support",
    "Product", "Legal", "Research", "Mathematics", "Science", "Humanities", "Arts",
]
ZONES = [  # (utc offset minutes, share)
    (-480, 2), (-420, 1), (-360, 2), (-300, 4), (-180, 1), (0, 3), (60, 6), (120, 2),
    (330, 2), (480, 1), (540, 1), (600, 1),
]
LANGUAGES = [("en", 90), ("es", 15), ("fr", 12), ("de", 10), ("pt", 6), ("hi", 5),
             ("ja", 3), ("zh", 3)]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
GOAL_TEMPLATES = [
    "I want to get better at {a} and learn how others approach {b}.",
    "Improve my {a} this term; feedback on {b} would help.",
    "Build confidence in {a}. Longer term: {b}.",
    "Grow as a leader through {a} and {b}.",
    "Try new approaches to {a} with my team, and reflect on {b}.",
]


def zipf_choice(rng, items, k):
    """k distinct items, early items far more popular (weights 1/(i+1))."""
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(items))]
    chosen = set()
    while len(chosen) < k:
        chosen.add(rng.choices(range(len(items)), weights)[0])
    return [items[i] for i in sorted(chosen)]


def hhmm(minutes):
    return "%02d:%02d" % (minutes // 60, minutes % 60)


def organization(n, seed):
    rng = random.Random(seed)
    people = []
    depts = DEPARTMENTS[: max(2, min(len(DEPARTMENTS), n // 50 + 2))]
    # Reporting trees: each person's manager is an earlier person of the same
    # department (a random recursive tree), so depth grows like log n.
    heads = {}
    members = {d: [] for d in depts}
    zone_weights = [w for _, w in ZONES]
    for i in range(n):
        pid = 1000 + i
        dept = rng.choice(depts)
        manager = None
        if members[dept]:
            pool = members[dept][-200:] if len(members[dept]) > 200 else members[dept]
            manager = rng.choice(pool)
        depth = 0 if manager is None else heads[manager] + 1
        heads[pid] = depth
        members[dept].append(pid)
        level = max(1, 8 - depth - rng.randint(0, 1))
        offset = rng.choices([z for z, _ in ZONES], zone_weights)[0]
        langs = ["en"] if rng.random() < 0.9 else []
        for code, share in LANGUAGES[1:]:
            if rng.random() * 100 < share:
                langs.append(code)
        if not langs:
            langs = [rng.choice([c for c, _ in LANGUAGES])]
        windows = []
        for _ in range(rng.randint(2, 5)):
            day = rng.choice(DAYS[:5]) if rng.random() < 0.9 else rng.choice(DAYS[5:])
            start = rng.randint(7 * 2, 17 * 2) * 30
            length = rng.randint(2, 6) * 30
            windows.append({"day": day, "start": hhmm(start), "end": hhmm(min(start + length, 1440))})
        wants = zipf_choice(rng, SKILLS, rng.randint(1, 3))
        offers = zipf_choice(rng, [s for s in SKILLS if s not in wants], rng.randint(1, 3))
        interests = zipf_choice(rng, INTERESTS, rng.randint(1, 3))
        goal = rng.choice(GOAL_TEMPLATES).format(a=wants[0], b=rng.choice(SKILLS))
        person = {
            "id": pid,
            "display_name": "P%d" % pid,
            "level": level,
            "department": dept,
            "manager_id": manager,
            "utc_offset_minutes": offset,
            "languages": langs,
            "availability": windows,
            "skills_to_develop": wants,
            "skills_to_offer": offers,
            "interests": interests,
            "goals": goal,
        }
        if i > 10 and rng.random() < 0.03:
            person["requested"] = [1000 + rng.randrange(i)]
        if i > 10 and rng.random() < 0.02:
            person["never"] = [1000 + rng.randrange(i)]
        if i > 10 and rng.random() < 0.2:
            person["past_partners"] = [{"id": 1000 + rng.randrange(i), "round": 1}]
        people.append(person)
    return {"round": 2, "people": people}


def dense(n, seed):
    rng = random.Random(seed)
    lines = ["%d %d" % (n, n * (n - 1) // 2)]
    for u in range(n):
        for v in range(u + 1, n):
            lines.append("%d %d %d" % (u, v, rng.randint(1, 10 ** 6)))
    return "\n".join(lines) + "\n"


def sparse(n, degree, seed):
    rng = random.Random(seed)
    edges = set()
    target = n * degree // 2
    while len(edges) < target:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            edges.add((min(u, v), max(u, v)))
    lines = ["%d %d" % (n, len(edges))]
    lines += ["%d %d %d" % (u, v, rng.randint(1, 10 ** 6)) for u, v in sorted(edges)]
    return "\n".join(lines) + "\n"


def main(argv):
    kind = argv[1]
    if kind == "org":
        text = json.dumps(organization(int(argv[2]), int(argv[3])), separators=(",", ":"))
        out = argv[4] if len(argv) > 4 else None
    elif kind == "dense":
        text = dense(int(argv[2]), int(argv[3]))
        out = argv[4] if len(argv) > 4 else None
    else:
        text = sparse(int(argv[2]), int(argv[3]), int(argv[4]))
        out = argv[5] if len(argv) > 5 else None
    if out:
        with open(out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
