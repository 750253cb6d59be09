#!/usr/bin/env python3
"""Print N Taskwarrior tasks as JSON, one object per line (the format `task import` reads).

The same shape as the heph store that bench/Populate.java makes: a description, status pending,
priority H on every third task, a due date on every fourth (2026-12-01..28), one tag each from
the same five. UUIDs are seeded, so the set is the same on every run.

With a third argument `projects` (bench/import.sh), every task also gets one of twelve projects
(`Home`, `Home.Garden`, `Work.Q4`...) and every fifth an annotation, as a person's real export has.

usage: gen_tasks.py N [SEED] [projects]
"""
import json
import random
import sys
import uuid

n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
projects = len(sys.argv) > 3 and sys.argv[3] == "projects"
tags = ["home", "work", "errand", "phone", "later"]
names = ["Home", "Home.Garden", "Home.Shop", "Work", "Work.Q4", "Work.Hiring", "Fun", "Fun.Trips", "Health",
         "Money", "Money.Taxes", "Learn"]
for i in range(n):
    t = {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "status": "pending",
        "entry": "20260101T%02d%02d%02dZ" % (i // 3600 % 24, i // 60 % 60, i % 60),
        "description": "Task number %d of the benchmark" % i,
        "tags": [rng.choice(tags)],
    }
    if i % 3 == 0:
        t["priority"] = "H"  # as Populate.java: "HML".substring(i % 3, ...) with i % 3 == 0
    if i % 4 == 0:
        t["due"] = "202612%02dT000000Z" % (1 + i % 28)
    if projects:
        t["project"] = names[i % len(names)]
        if i % 5 == 0:
            t["annotations"] = [{"entry": t["entry"], "description": "note on task %d" % i}]
    print(json.dumps(t))
