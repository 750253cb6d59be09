#!/usr/bin/env python3
"""The reports benchmark's data set: N pending tasks with projects, tags and dates, written twice,
as Taskwarrior's import JSON (one object a line) and as a TSV that bench/PopulateReports.java
applies to a heph store, so that both tools hold the same tasks (same uuids, entry times, fields).

Projects: 12, three of them nested (Home.Garden...); one or two tags of six; priority on half;
a due date on two thirds, spread from 20 days ago to 40 days ahead of today (all-day dates, a
few with a time); entry times over the past 400 days. Seeded: the same set on every run.

usage: gen_report_tasks.py N SEED OUT.json OUT.tsv
"""
import datetime
import json
import random
import sys
import uuid

n, seed, out_json, out_tsv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = random.Random(seed)
projects = ["Home", "Home.Garden", "Home.Kitchen", "Work", "Work.Admin", "Work.Clients", "Errands", "Health",
            "Learning", "Finance", "Car", "Books"]
tags = ["home", "work", "errand", "phone", "later", "next"]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
today = now.date()
with open(out_json, "w") as js, open(out_tsv, "w") as tsv:
    for i in range(n):
        uid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        entry = now - datetime.timedelta(seconds=rng.randrange(400 * 86400))
        t = {"uuid": uid, "status": "pending", "entry": entry.strftime("%Y%m%dT%H%M%SZ"),
             "description": "Task number %d of the reports benchmark" % i}
        project = rng.choice(projects) if rng.random() < 0.8 else ""
        chosen = sorted(set(rng.choice(tags) for _ in range(rng.choice([1, 1, 2]))))
        priority = rng.choice(["H", "M", "L", "", "", ""])
        due = ""
        if rng.random() < 0.67:
            day = today + datetime.timedelta(days=rng.randrange(-20, 41))
            if rng.random() < 0.1:
                at = datetime.datetime.combine(day, datetime.time(rng.randrange(24), 0), datetime.timezone.utc)
                due = at.strftime("%Y-%m-%dT%H:%M:%SZ")
                t["due"] = at.strftime("%Y%m%dT%H%M%SZ")
            else:
                due = day.isoformat()
                t["due"] = day.strftime("%Y%m%dT000000Z")  # local midnight: run with TZ=UTC
        if project:
            t["project"] = project
        t["tags"] = chosen
        if priority:
            t["priority"] = priority
        js.write(json.dumps(t) + "\n")
        tsv.write("\t".join([uid, str(int(entry.timestamp() * 1000)), t["description"], priority, due, project,
                             ",".join(chosen)]) + "\n")
