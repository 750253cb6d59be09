#!/usr/bin/env python3
"""bench/sync-report.py RESULTS_DIR OUT.md: the markdown report of bench/sync.sh.

Reads what sync.sh left in RESULTS_DIR: sync-{full,incr-push,incr-pull}.json (hyperfine exports),
sync-ingest.json (bench/SyncIngest.java), sync-commands.tsv, sync-info.tsv, sync-phases.tsv,
sync-load.txt and the hubs' logs sync-hub*.log (one line per request, with the hub's own time).
"""
import json
import os
import re
import statistics
import sys
import time

res, out = sys.argv[1], sys.argv[2]


def load_json(name):
    with open(os.path.join(res, name)) as f:
        return json.load(f)


info = {}
with open(os.path.join(res, "sync-info.tsv")) as f:
    for line in f:
        k, _, v = line.rstrip("\n").partition("\t")
        info[k] = v

commands = []  # (bench, name, prepare, command)
with open(os.path.join(res, "sync-commands.tsv")) as f:
    for line in f:
        commands.append(tuple(line.rstrip("\n").split("\t")))

work = info.get("work", "")
peer_root = info.get("peer_root", "")
repo = os.path.dirname(os.path.dirname(os.path.abspath(res)))


def shorten(s):
    """Readable commands: the temp dir as $WORK, the peer's instance as $ROOT."""
    if work:
        s = s.replace(work, "$WORK")
    if peer_root:
        s = s.replace(peer_root, "$ROOT")
    return s


def fmt_s(x):
    if x >= 1:
        return "%.2f s" % x
    return "%.0f ms" % (x * 1000)


def fmt_sd(mean, sd):
    if mean >= 1:
        return "%.2f ± %.2f s" % (mean, sd)
    return "%.0f ± %.0f ms" % (mean * 1000, sd * 1000)


def results(bench):
    data = load_json("sync-%s.json" % bench)
    names = [c[1] for c in commands if c[0] == bench]
    out = {}
    for name, r in zip(names, data["results"]):
        t = r["times"]
        out[name] = {
            "median": r["median"],
            "mean": r["mean"],
            "sd": r["stddev"] if r["stddev"] is not None else 0.0,
            "min": r["min"],
            "max": r["max"],
            "runs": len(t),
        }
    return out


def yes(ok):
    return "**met**" if ok else "**NOT met**"


lines = []
w = lines.append

w("# heph sync benchmark (issue 5, \"Performance\")")
w("")
w("Written by `bench/sync.sh` on %s (commit %s, %s modified tracked files). Whole-process wall times "
  "from hyperfine (`-N`, one `--prepare` step per command, untimed); each comparison below comes from "
  "commands timed in the same hyperfine invocation, so they saw the same machine state."
  % (info.get("date", "?"), info.get("git_commit", "?"), info.get("git_modified_files", "?")))
w("")
w("Machine: %s, %s RAM, %s, temp files on %s. %s; %s; %s %s; sqlite-jdbc %s. The machine is shared "
  "(other engineers' builds and tests may run): see the load averages below."
  % (info.get("cpu", "?"), info.get("memory", "?"), info.get("kernel", "?"), info.get("filesystem", "?").split(" ")[0],
     info.get("java", "?"), info.get("hyperfine", "?"), "Taskwarrior", info.get("taskwarrior", "?"),
     info.get("sqlite_jdbc", "?")) + " Peer server: %s." % info.get("taskd", "?"))
w("")

# --------------------------------------------------------------------------------------------
full = results("full")
h10 = full["heph full sync, hub 10k nodes"]
h100 = full["heph full sync, hub 100k nodes"]
p10 = full["peer pull10k_B_initial"]
ops10 = int(info.get("hub10k_ops", "0") or 0)
ops100 = int(info.get("hub100k_ops", "0") or 0)

w("## 1. Full sync of a fresh replica")
w("")
w("`heph --db FRESH sync --hub-url URL` as a whole process (JVM start-up, HTTP, every page applied and "
  "committed), FRESH deleted by the prepare step, from a hub holding 10,000 / 100,000 nodes "
  "(%s / %s ops, made by bench/Populate.java); beside the peer's first download of 10,000 tasks by a new "
  "device (`pull10k_B_initial`)." % (format(ops10, ","), format(ops100, ",")))
w("")
w("| figure | median | mean ± σ | min–max | runs | per node | target | |")
w("|---|---:|---:|---:|---:|---:|---|---|")
w("| heph full sync, 10k nodes | **%s** | %s | %s–%s | %d | %.1f µs | ≤ 0.5 s | %s |" % (
    fmt_s(h10["median"]), fmt_sd(h10["mean"], h10["sd"]), fmt_s(h10["min"]), fmt_s(h10["max"]), h10["runs"],
    h10["median"] / 10000 * 1e6, yes(h10["median"] <= 0.5)))
w("| heph full sync, 100k nodes | **%s** | %s | %s–%s | %d | %.1f µs | ≤ 5 s | %s |" % (
    fmt_s(h100["median"]), fmt_sd(h100["mean"], h100["sd"]), fmt_s(h100["min"]), fmt_s(h100["max"]), h100["runs"],
    h100["median"] / 100000 * 1e6, yes(h100["median"] <= 5.0)))
w("| peer pull10k_B_initial (10k tasks) | **%s** | %s | %s–%s | %d | %.1f µs | | |" % (
    fmt_s(p10["median"]), fmt_sd(p10["mean"], p10["sd"]), fmt_s(p10["min"]), fmt_s(p10["max"]), p10["runs"],
    p10["median"] / 10000 * 1e6))
c2 = full.get("diagnostic: heph full sync 100k, JIT not capped at C1")
if c2:
    w("| diagnostic: 100k, same java line without `-XX:TieredStopAtLevel=1` | %s | %s | %s–%s | %d | %.1f µs | | |" % (
        fmt_s(c2["median"]), fmt_sd(c2["mean"], c2["sd"]), fmt_s(c2["min"]), fmt_s(c2["max"]), c2["runs"],
        c2["median"] / 100000 * 1e6))
w("")
lin = (h100["median"] / 100000) / (h10["median"] / 10000)
w("* Linearity: time per node at 100k ÷ time per node at 10k = **%.2f** (target: linear, i.e. ≤ 1.20; "
  "the fixed start-up cost makes it < 1 for a linear cost) → %s. Per op: %.1f µs (10k), %.1f µs (100k); "
  "%s ops/s and %s ops/s end to end." % (
      lin, yes(lin <= 1.2), h10["median"] / max(ops10, 1) * 1e6, h100["median"] / max(ops100, 1) * 1e6,
      format(int(ops10 / h10["median"]), ","), format(int(ops100 / h100["median"]), ",")))
w("* heph 10k ÷ peer 10k (same run): **%.2f×** (heph takes %.0f %% of the peer's time)." % (
    h10["median"] / p10["median"], 100 * h10["median"] / p10["median"]))
if c2:
    w("* Diagnostic row: the launcher runs the CLI with `-XX:TieredStopAtLevel=1` (C1 only, for start-up); "
      "without it the same 100k sync takes %.2f× the time (%s vs %s)." % (
          c2["median"] / h100["median"], fmt_s(c2["median"]), fmt_s(h100["median"])))
w("")

# --------------------------------------------------------------------------------------------
def incr_section(bench, title, what, peer_name, peer_desc, heph1, heph100):
    r = results(bench)
    a, b, p = r[heph1], r[heph100], r[peer_name]
    w("| figure | median | mean ± σ | min–max | runs | ÷ peer (≤ 1.0×) | |")
    w("|---|---:|---:|---:|---:|---:|---|")
    for label, x in ((heph1, a), (heph100, b)):
        ratio = x["median"] / p["median"]
        w("| %s | **%s** | %s | %s–%s | %d | %.2f× | %s |" % (
            label, fmt_s(x["median"]), fmt_sd(x["mean"], x["sd"]), fmt_s(x["min"]), fmt_s(x["max"]), x["runs"],
            ratio, yes(ratio <= 1.0)))
    w("| %s | **%s** | %s | %s–%s | %d | 1 | |" % (
        peer_desc, fmt_s(p["median"]), fmt_sd(p["mean"], p["sd"]), fmt_s(p["min"]), fmt_s(p["max"]), p["runs"]))
    for label in sorted(k for k in r if k.startswith("reference:")):
        x = r[label]
        w("| %s | %s | %s | %s–%s | %d | %.2f× | |" % (
            label, fmt_s(x["median"]), fmt_sd(x["mean"], x["sd"]), fmt_s(x["min"]), fmt_s(x["max"]), x["runs"],
            x["median"] / p["median"]))
    w("")
    g = b["median"] / a["median"]
    w("* Growth with history: 100k-node hub ÷ 1k-node hub = **%.2f** (target: within ±20 %%, 0.80–1.20) → %s." % (
        g, yes(0.8 <= g <= 1.2)))
    w("")


w("## 2. Incremental sync of 10 new nodes")
w("")
w("Push: a spoke already fully synced with the hub; the prepare step adds 10 nodes to it (bench/SyncAdd10.java, "
  "untimed; 10 nodes = 30 ops); timed: `heph --db SPOKE sync` (info, cursor checks, pull of what is new, push of the 10 nodes' ops). "
  "Beside it the peer's `incr10k_A_push10` (10k tasks, 10k history: prepare `ops.sh add10-A`, command "
  "`task rc:$ROOT/A/taskrc sync`).")
w("")
incr_section("incr-push", "push", "", "peer incr10k_A_push10", "peer incr10k_A_push10 (10k tasks)",
             "heph push 10, hub 1k nodes", "heph push 10, hub 100k nodes")
w("Pull: a second spoke, fully synced, pulls 10 nodes the first spoke added and pushed in the prepare step "
  "(SyncAdd10 + `heph sync` on spoke 1, untimed); timed: `heph --db SPOKE2 sync`. Beside it the peer's "
  "`incr10k_B_pull10` (prepare `ops.sh add10-A-sync`, command `task rc:$ROOT/B/taskrc sync`). The targets are "
  "the push side's, applied here too.")
w("")
incr_section("incr-pull", "pull", "", "peer incr10k_B_pull10", "peer incr10k_B_pull10 (10k tasks)",
             "heph pull 10, hub 1k nodes", "heph pull 10, hub 100k nodes")

# --------------------------------------------------------------------------------------------
ing = load_json("sync-ingest.json")


def stats(xs):
    return statistics.median(xs), statistics.mean(xs), (statistics.stdev(xs) if len(xs) > 1 else 0.0)


w("## 3. Hub ingest")
w("")
w("bench/SyncIngest.java: %s ops (%s nodes, Populate's shape, one remote device) pushed to `POST /sync/push` "
  "of a real `hephd --mode server` over loopback HTTP, %d bodies of %s ops (`{\"ops\":[...]}`, "
  "`Content-Type: application/json`, java.net.http.HttpClient, one request at a time, bodies serialized "
  "before timing); a fresh hephd on a fresh database file for each of %d repetitions (its start-up untimed, "
  "its JIT warm-up included). Floor: a raw SQLite insert of the same rows (seq, hlc, node, body; WAL; "
  "synchronous=FULL; %s per transaction) in the benchmark's JVM, warmed up, same disk. The in-process "
  "`Heph.applyRemote` row (no HTTP, warmed up) is for reference. The three alternate."
  % (format(ing["ops"], ","), format(ing["nodes"], ","), ing["pushes"], format(ing["batch"], ","), ing["reps"],
     format(ing["batch"], ",")))
w("")
w("| path | median ops/s | mean ± σ ops/s | runs | ÷ raw | target | |")
w("|---|---:|---:|---:|---:|---|---|")
raw_m = stats(ing["raw_ops_per_s"])[0]
rows = [
    ("hub: POST /sync/push, whole run", ing["hub_ops_per_s"], True),
    ("hub: second half of the pushes (warmed up)", ing["hub_second_half_ops_per_s"], False),
    ("in-process Heph.applyRemote (reference)", ing["inproc_ops_per_s"], False),
    ("raw SQLite insert (floor)", ing["raw_ops_per_s"], False),
]
for label, xs, target in rows:
    m, mean, sd = stats(xs)
    w("| %s | **%s** | %s ± %s | %d | %.1f %% | %s | %s |" % (
        label, format(int(m), ","), format(int(mean), ","), format(int(sd), ","), len(xs), 100 * m / raw_m,
        "≥ 50 %" if target else "", yes(m / raw_m >= 0.5) if target else ""))
w("")
hub_ms = []
for i in range(ing["reps"]):
    path = os.path.join(res, "sync-ingest-hub-%d.log" % i)
    if os.path.exists(path):
        with open(path) as f:
            xs = [int(m.group(1)) for m in (re.search(r"POST /sync/push 200 (\d+)ms", l) for l in f) if m]
        if xs:
            hub_ms.append(xs)
if hub_ms:
    w("Hub-side time per push of %s ops (hephd's own log line, request handling only), per repetition: %s." % (
        format(ing["batch"], ","), "; ".join("median %.0f ms, first %d ms, sum %.2f s" % (
            statistics.median(xs), xs[0], sum(xs) / 1000) for xs in hub_ms)))
    w("")
w("Per repetition (ops/s): hub %s; hub second half %s; raw %s; in-process %s. Hub database after 100k ops: %s bytes."
  % (ing["hub_ops_per_s"], ing["hub_second_half_ops_per_s"], ing["raw_ops_per_s"], ing["inproc_ops_per_s"],
     format(ing["hub_file_bytes"][0], ",") if ing["hub_file_bytes"] else "?"))
w("")

# --------------------------------------------------------------------------------------------
phases = {}
with open(os.path.join(res, "sync-phases.tsv")) as f:
    for line in f:
        t, kind, name = line.rstrip("\n").split("\t")
        phases.setdefault(name, {})[kind] = float(t)
samples = []
with open(os.path.join(res, "sync-load.txt")) as f:
    for line in f:
        parts = line.split()
        if len(parts) >= 5:
            samples.append((float(parts[0]), float(parts[1]), int(parts[4])))

w("## Load average during the runs (2-CPU machine, shared)")
w("")
w("| phase | duration | 1-min load: min / median / max | samples with a Maven build running |")
w("|---|---:|---|---:|")
for name in ("data", "full", "incr-push", "incr-pull", "ingest"):
    p = phases.get(name)
    if not p or "end" not in p:
        continue
    s = [x for x in samples if p["start"] <= x[0] <= p["end"]]
    if not s:
        continue
    loads = [x[1] for x in s]
    w("| %s | %.0f s | %.2f / %.2f / %.2f | %d of %d |" % (
        name, p["end"] - p["start"], min(loads), statistics.median(loads), max(loads),
        sum(1 for x in s if x[2] > 0), len(s)))
w("")

# --------------------------------------------------------------------------------------------
LOG = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{3}):INFO :heph\.hub:: (GET|POST) (\S+) (\d{3}) (\d+)ms")


def route(method, target):
    if target.startswith("/sync/info"):
        return "GET /sync/info"
    if target.startswith("/sync/pull"):
        return "GET /sync/pull limit=0 (cursor check)" if "limit=0" in target else "GET /sync/pull (page)"
    if target.startswith("/sync/push"):
        return "POST /sync/push"
    return method + " " + target.split("?")[0]


w("## Hub-side time per request (from each hephd's log line, during each timed phase)")
w("")
w("| phase | hub | request | count | median ms | max ms | total ms |")
w("|---|---|---|---:|---:|---:|---:|")
for name, hubs in (("full", ("hub10k", "hub100k")), ("incr-push", ("hub1k", "hub100k")),
                   ("incr-pull", ("hub1k", "hub100k"))):
    p = phases.get(name)
    if not p or "end" not in p:
        continue
    for hub in hubs:
        path = os.path.join(res, "sync-%s.log" % hub)
        if not os.path.exists(path):
            continue
        per = {}
        with open(path) as f:
            for line in f:
                m = LOG.match(line)
                if not m:
                    continue
                t = time.mktime(time.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")) + int(m.group(2)) / 1000
                if not (p["start"] <= t <= p["end"]):
                    continue
                per.setdefault(route(m.group(3), m.group(4)), []).append(int(m.group(6)))
        for r_name in sorted(per):
            xs = per[r_name]
            w("| %s | %s | %s | %d | %.0f | %d | %d |" % (name, hub, r_name, len(xs), statistics.median(xs), max(xs), sum(xs)))
w("")

# --------------------------------------------------------------------------------------------
w("## Set-up and checks")
w("")
for k in ("populate_1k_s", "populate_10k_s", "populate_100k_s", "hub1k_ops", "hub10k_ops", "hub100k_ops",
          "peer_import_10k_s", "peer_first_push_10k_s", "peer_server_history", "check_fresh10k_nodes",
          "check_fresh100k_nodes", "check_peer_B_tasks", "check_spoke_hub1k_a_nodes", "check_spoke_hub1k_b_nodes",
          "check_spoke_hub1k_b_last_sync", "check_spoke_hub100k_a_nodes", "check_spoke_hub100k_b_nodes",
          "check_spoke_hub100k_b_last_sync", "check_peer_A_tasks", "check_peer_B_tasks_after_incr",
          "peer_server_history_after", "jar_built", "launcher_sync_exec", "full_runs", "incr_runs", "total_s"):
    if k in info:
        w("* `%s`: %s" % (k, shorten(info[k])))
for k in sorted(info):
    if k.startswith("rebuilt_during_"):
        w("* WARNING `%s`: the timed heph's jar or AOT cache changed during that run" % k)
w("")

# --------------------------------------------------------------------------------------------
w("## Commands")
w("")
w("`$WORK` was %s (a temp dir, deleted afterwards); `$WORK/heph` is a frozen copy of the build "
  "(bin/, sources, jars), and the timed commands run from it, so `bin/heph` below is that copy's launcher. "
  "`$ROOT` was the peer's instance %s (set up by `%s/setup.sh` with TWSYNC_PORT=%s). Reproduce everything with "
  "`bench/sync.sh`. The prepare steps read these variables, exported by sync.sh: `TWSYNC_ROOT=$ROOT`, "
  "`TWSYNC_PORT` (the peer's ops.sh), `SYNC_JAVA` (JDK 25 java), `SYNC_CP=$WORK/classes:$WORK/heph/heph-cli/target/lib/*` "
  "(SyncAdd10 compiled once) and `SYNC_HEPH=$WORK/heph/bin/heph` (bench/sync-prepare.sh)."
  % (work, peer_root, shorten(os.path.join(os.path.dirname(repo), "shared/peers/taskd")), info.get("peer_port", "?")))
w("")
w("```sh")
w("cd $WORK/heph")
for bench, runs_key, warm in (("full", "full_runs", 1), ("incr-push", "incr_runs", 1), ("incr-pull", "incr_runs", 1)):
    cs = [c for c in commands if c[0] == bench]
    parts = ["hyperfine -N --runs %s --warmup %d" % (info.get(runs_key, "?"), warm)]
    parts += ["  --prepare '%s'" % shorten(c[2]) for c in cs]
    parts += ["  -n '%s' '%s'" % (c[1], shorten(c[3])) for c in cs]
    w(" \\\n".join(parts))
for c in commands:
    if c[0] == "ingest":
        w(shorten(c[3]).replace(" -cp $WORK/classes:$WORK/heph/heph-cli/target/lib/* ",
                                " -cp '$WORK/classes:$WORK/heph/heph-cli/target/lib/*' "))
w("```")
w("")

text = "\n".join(lines) + "\n"
with open(out, "w") as f:
    f.write(text)
