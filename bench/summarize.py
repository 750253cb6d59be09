#!/usr/bin/env python3
"""Rewrite BENCHMARKS.md from the files bench/run.sh leaves in bench/results/.

usage: summarize.py RESULTS_DIR BENCHMARKS.md

Reads hyperfine.json (one hyperfine run), ingest.json (bench/Ingest.java), run-info.tsv and
load.txt (written by run.sh). Text between the notes markers of an existing BENCHMARKS.md is kept.
"""
import json
import os
import re
import statistics
import sys

NOTES_BEGIN = "<!-- notes:begin (kept by bench/summarize.py; edit freely) -->"
NOTES_END = "<!-- notes:end -->"
WORK_RE = re.compile(r"/[^ ]*/heph-bench\.[A-Za-z0-9]+")

# heph command, Taskwarrior command, target ratio (heph median / Taskwarrior median), from issue 4.
PAIRS = [
    ("heph add x", "task add x", 1.5),
    ("heph list --json", "task export", 1.0),
    ("heph list", "task list", 1.0),
]


def read_tsv(path):
    info = {}
    with open(path) as f:
        for line in f:
            if "\t" in line:
                k, v = line.rstrip("\n").split("\t", 1)
                info[k] = v
    return info


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return "%.0f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return "unknown"


def ms(seconds):
    return seconds * 1000.0


def cpu_ms(r):
    return ms(r["user"] + r["system"])


def fmt_ms(x):
    return "%.0f" % x if x >= 100 else "%.1f" % x


def main():
    results, out_path = sys.argv[1], sys.argv[2]
    hf = json.load(open(os.path.join(results, "hyperfine.json")))["results"]
    ing = json.load(open(os.path.join(results, "ingest.json")))
    info = read_tsv(os.path.join(results, "run-info.tsv"))
    commands = open(os.path.join(results, "commands.txt")).read().splitlines()
    by_name = {r["command"]: r for r in hf}

    load, other_cpu, tops = [], [], {}
    builds = 0
    try:
        with open(os.path.join(results, "load.txt")) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 5:
                    load.append(float(parts[1]))
                    builds += int(parts[2]) > 0
                    other_cpu.append(float(parts[3]))
                    if float(parts[3]) >= 10:
                        tops[parts[4]] = tops.get(parts[4], 0) + 1
    except OSError:
        pass
    busy = sum(1 for c in other_cpu if c >= 10)

    old_notes = None
    if os.path.exists(out_path):
        text = open(out_path).read()
        m = re.search(re.escape(NOTES_BEGIN) + r"\n(.*?)" + re.escape(NOTES_END), text, re.S)
        if m:
            old_notes = m.group(1)

    L = []
    w = L.append
    w("# Benchmarks")
    w("")
    w("Written by `bench/run.sh` (through `bench/summarize.py`): rerunning it rewrites this file, except")
    w("the notes section at the end. Raw data of the last run: `bench/results/` (not committed).")
    w("")
    w("Reproduce, from the repository root (installs hyperfine and Taskwarrior from Debian when missing,")
    w("builds heph, makes the data, runs everything; %d s here with heph already built, about a minute" % int(info.get("total_s", "0") or 0))
    w("more when it builds):")
    w("")
    w("```sh")
    w("bench/run.sh")
    w("```")
    w("")
    w("## The run")
    w("")
    w("| | |")
    w("|---|---|")
    w("| date | %s |" % info.get("date", "?"))
    w("| machine | %d CPUs (`nproc`), %s, %s RAM, %s, %s |" % (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        cpu_model(), mem_total(), info.get("kernel", "?"), info.get("filesystem", "?")))
    w("| JDK | %s |" % info.get("java", "?"))
    w("| tools | %s; Taskwarrior %s; sqlite-jdbc %s |" % (
        info.get("hyperfine", "?"), info.get("taskwarrior", "?"), info.get("sqlite_jdbc", "?")))
    modified = int(info.get("git_modified_files", "0") or 0)
    w("| heph | commit %s%s |" % (info.get("git_commit", "?"),
        " plus %d modified files (a working tree, not a clean commit)" % modified if modified else ""))
    w("| launcher's java command | `%s` |" % WORK_RE.sub("$WORK", info.get("launcher_exec", "?")))
    w("| AOT cache in use | %s (checked with `-XX:AOTMode=on`, which fails when the cache is refused) |" % info.get("aot_used", "?"))
    if load:
        w("| load during the timed runs | load average %.2f–%.2f (1 min, this benchmark included); other processes"
          " used %.0f %% of one core on average (max %.0f %%), at least 10 %% in %d of %d one-second samples%s;"
          " a Maven build ran in %d samples |" % (
              min(load), max(load), statistics.mean(other_cpu), max(other_cpu), busy, len(other_cpu),
              " (mostly: %s)" % ", ".join("`%s`" % k for k, _ in sorted(tops.items(), key=lambda kv: -kv[1])[:3])
              if tops else "", builds))
    w("| data | %s tasks each: heph store made by `bench/Populate.java` in %s s, Taskwarrior data by `task import` in %s s |"
      % (format(int(info.get("nodes", "0") or 0), ","), info.get("populate_s", "?"), info.get("import_s", "?")))
    w("| hyperfine | one invocation, `-N` (no shell), %s warm-up + %s runs per command, %s s |"
      % (info.get("warmup", "?"), info.get("runs", "?"), info.get("hyperfine_s", "?")))
    w("")
    if info.get("rebuilt_during_run") == "yes":
        w("**Warning: heph was rebuilt during the timed run** (its sources changed meanwhile, and the")
        w("launcher rebuilds on the next call). Some `bin/heph` runs include a build: rerun `bench/run.sh`.")
        w("")
    if builds or busy > len(other_cpu) // 10:
        w("This machine is shared (2 vCPUs) and other engineers' builds, tests or benchmarks ran during")
        w("part of the timed run.")
        w("Expect noise of ±25 % between runs. The heph/Taskwarrior ratios come from the same run, so they")
        w("are steadier than the absolute times, but the pairs were not measured at the same instant.")
        w("")

    w("## Wall time, %s nodes" % format(int(info.get("nodes", "0") or 0), ","))
    w("")
    w("Milliseconds, whole process (start-up included). Stores on disk, page cache warm. `add` grows each")
    w("store by one node per run (both alike).")
    w("")
    w("| command | median | mean ± σ | min–max | user + sys (mean) | runs |")
    w("|---|---:|---:|---:|---:|---:|")
    for r in hf:
        w("| `%s` | **%s** | %s ± %s | %s–%s | %s + %s | %d |" % (
            r["command"], fmt_ms(ms(r["median"])), fmt_ms(ms(r["mean"])), fmt_ms(ms(r["stddev"] or 0)),
            fmt_ms(ms(r["min"])), fmt_ms(ms(r["max"])), fmt_ms(ms(r["user"])), fmt_ms(ms(r["system"])),
            len(r["times"])))
    w("")
    w("## heph / Taskwarrior (same run)")
    w("")
    w("Ratio of medians, judged against the targets of issue 4. For a noisy machine two more views of")
    w("the same runs: the ratio of the fastest runs (least disturbed), and of CPU time (user + sys, which")
    w("waiting for a busy CPU does not inflate; the JVM's extra threads do count there).")
    w("")
    w("| heph | Taskwarrior | heph median | Taskwarrior median | ratio | target | met? | ratio of min | ratio of CPU |")
    w("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for h, t, target in PAIRS:
        if h in by_name and t in by_name:
            a, b = by_name[h], by_name[t]
            hm, tm = ms(a["median"]), ms(b["median"])
            ratio = hm / tm
            cpu = (a["user"] + a["system"]) / max(1e-9, b["user"] + b["system"])
            w("| `%s` | `%s` | %s | %s | **%.2f×** | ≤ %.1f× | %s | %.2f× | %.2f× |" % (
                h, t, fmt_ms(hm), fmt_ms(tm), ratio, target, "yes" if ratio <= target else "**no**",
                a["min"] / b["min"], cpu))
    w("")

    w("## Where the time goes")
    w("")
    w("Differences between medians of the same run (so only approximate, and noisy at the few-ms")
    w("level), and the same for CPU time (all threads, so it can exceed the wall time; wall time well")
    w("above CPU time means waiting: for a busy CPU, or for the disk). Each step adds one thing to")
    w("the one before:")
    w("")
    steps = [
        ("java -version (bare JVM)", None, "bare JVM with the launcher's flags, JDK's default CDS archive"),
        ("java -version + AOT cache", "java -version (bare JVM)", "+ mapping heph's AOT cache (`-XX:AOTCache`)"),
        ("java -jar heph --version", "java -version + AOT cache", "+ heph's main and picocli (`--version`), no DB"),
        ("bin/heph --version", "java -jar heph --version", "+ the `bin/heph` bash launcher (JDK lookup, source-freshness `find`, flags)"),
        ("heph add x", "bin/heph --version", "`add x`: + open the store, one write transaction (fsync), print the id"),
        ("heph list --json", "bin/heph --version", "`list --json`: + open the store, read all nodes, write JSON"),
        ("heph list", "bin/heph --version", "`list`: + open the store, read all nodes, print the table"),
    ]
    w("| step | median | adds | CPU user + sys (mean) | adds |")
    w("|---|---:|---:|---:|---:|")
    for name, base, what in steps:
        if name not in by_name or (base and base not in by_name):
            continue
        m = ms(by_name[name]["median"])
        add = "" if base is None else "%+.0f" % (m - ms(by_name[base]["median"]))
        c = cpu_ms(by_name[name])
        cadd = "" if base is None else "%+.0f" % (c - cpu_ms(by_name[base]))
        w("| %s | %s | %s | %s | %s |" % (what, fmt_ms(m), add, fmt_ms(c), cadd))
    w("")
    w("For Taskwarrior, for scale: `task add x` %s ms, `task export` %s ms, `task list` %s ms (a native"
      " binary: no JVM start-up; it reads its whole pending.data on every command)." % tuple(
          fmt_ms(ms(by_name[n]["median"])) if n in by_name else "?" for n in ("task add x", "task export", "task list")))
    w("")
    w("The split inside the heph process (JVM, picocli model, store open, the transaction) was measured")
    w("once by hand; see the Notes at the end.")
    w("")

    w("## Ingest: %s ops into a fresh store" % format(ing["ops"], ","))
    w("")
    hm, rm = ing["heph_median_ops_per_s"], ing["raw_median_ops_per_s"]
    w("`bench/Ingest.java`: %s ops (%s nodes, made like Populate's: create, title, status, some priority and"
      % (format(ing["ops"], ","), format(ing["nodes"], ",")))
    w("due, one tag add each; stamped by one remote device), %s per transaction, %d repetitions each in"
      % (format(ing["batch"], ","), ing["reps"]))
    w("fresh files, alternating, after one untimed warm-up round of each with all the ops (one JVM, default JIT, `%s`)."
      % ing.get("java", "?"))
    w("The floor inserts the same rows (hlc, node, the op's canonical JSON, made before timing) into a")
    w("bare `ops(seq INTEGER PRIMARY KEY, hlc TEXT UNIQUE, node TEXT, body TEXT)` table, WAL,")
    w("`synchronous=FULL`, `BEGIN IMMEDIATE` … `COMMIT` per batch, through sqlite-jdbc.")
    w("")
    w("| path | median ops/s | µs per op | each repetition, ops/s |")
    w("|---|---:|---:|---|")
    w("| `Heph.applyRemote(batch, null)` | **%s** | %.1f | %s |" % (
        format(round(hm), ","), 1e6 / hm, ", ".join(format(round(x), ",") for x in ing["heph_ops_per_s"])))
    w("| raw SQLite insert (floor) | **%s** | %.1f | %s |" % (
        format(round(rm), ","), 1e6 / rm, ", ".join(format(round(x), ",") for x in ing["raw_ops_per_s"])))
    w("")
    w("heph takes **%.1f×** the floor's time per op (it also keeps the materialized node row, register" % (rm / hm))
    w("heads, the node index and the full-text index up to date in the same transaction).")
    w("")

    w("## How the data and commands are made")
    w("")
    w("- heph: `bench/Populate.java DB N` applies, 1,000 ops per transaction, what `heph add` would")
    w("  write for each task: create, title (`Task number i of the benchmark`), status open, priority H")
    w("  on every third, a due date on every fourth, one of five tags.")
    w("- Taskwarrior: `bench/gen_tasks.py N` prints the same shape as JSON lines for `task import`")
    w("  (seeded UUIDs). Private `TASKRC`/`TASKDATA` in the temp dir; the rc holds `%s`, so nothing"
      % info.get("taskrc", "?"))
    w("  prompts, pages or colours; `task list` prints %s lines without a terminal, `heph list` %s."
      % (info.get("task_list_lines", "?"), info.get("heph_list_lines", "?")))
    w("- hyperfine runs each command %s times after %s warm-up runs, with output sent to /dev/null." % (
        info.get("runs", "?"), info.get("warmup", "?")))
    w("  `bin/heph` is run from `$WORK/heph`, a frozen copy of this tree as `bin/heph --version` had just")
    w("  built it (launcher, sources, jar and libs; it trains its own AOT cache on first use, as a fresh")
    w("  clone does), so edits and builds in the working tree during the run cannot trigger a rebuild")
    w("  inside a timed run. The exact commands (`$WORK` is the temp dir, removed afterwards):")
    w("")
    w("```")
    for c in commands:
        w(WORK_RE.sub("$WORK", c))
    w("```")
    w("")
    w("## Notes")
    w("")
    w(NOTES_BEGIN)
    if old_notes is not None:
        L.append(old_notes.rstrip("\n"))
    else:
        w("(Free text: observations and analysis that a rerun of `bench/run.sh` keeps.)")
    w(NOTES_END)
    w("")

    with open(out_path, "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    main()
