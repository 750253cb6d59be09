#!/usr/bin/env bash
# bench/reports.sh: heph's reports beside Taskwarrior 2.6's on the same 10,000 tasks (issue 13):
#
#   heph next                                       vs  task next
#   heph list project:Work +home due.before:eom     vs  task list project:Work +home due.before:eom
#
# The tasks have projects (some nested), tags and due dates around today (bench/gen_report_tasks.py);
# Taskwarrior imports them (`task import`), heph gets the same tasks as ops (bench/PopulateReports.java).
# Both print for the same screen: Taskwarrior with detection=off, defaultwidth=120 and
# defaultheight=40 (its `next` shows a page), heph with COLUMNS=120 LINES=40 (what its launcher
# exports on a terminal). One hyperfine run, so the ratios come from the same minutes; prints a
# Markdown section for BENCHMARKS.md (commands, load, medians, ratios) on stdout.
#
# Needs heph built (bin/heph --version), hyperfine and task 2.6 (bench/run.sh installs both).
# Knobs: BENCH_RUNS (20), BENCH_WARMUP (3), BENCH_NODES (10000), BENCH_KEEP=1 keeps the temp dir.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS=${BENCH_RUNS:-20}
WARMUP=${BENCH_WARMUP:-3}
NODES=${BENCH_NODES:-10000}
work="$(mktemp -d "${TMPDIR:-/tmp}/heph-reports.XXXXXX")"
trap 'if [[ "${BENCH_KEEP:-0}" == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi' EXIT
export TZ=UTC   # the data's all-day dates are midnight UTC for Taskwarrior

command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (bench/run.sh installs it)" >&2; exit 1; }
[[ "$(task --version 2>/dev/null | head -n 1)" == 2.6.* ]] || { echo "bench: Taskwarrior 2.6 is missing" >&2; exit 1; }
bin/heph --version >/dev/null
run_dir="$root/build/run/$(cat build/run/current)"

python3 bench/gen_report_tasks.py "$NODES" 42 "$work/tasks.json" "$work/tasks.tsv"
db="$work/heph.db"
. bin/lib.sh
heph_find_java
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$run_dir/lib/*" bench/PopulateReports.java "$db" "$work/tasks.tsv"

export TASKRC="$work/taskrc" TASKDATA="$work/taskdata"
mkdir -p "$TASKDATA"
cat >"$TASKRC" <<RC
data.location=$TASKDATA
confirmation=off
verbose=nothing
color=off
detection=off
defaultwidth=120
defaultheight=40
hooks=off
news.version=2.6.2
RC
task import "$work/tasks.json" </dev/null >/dev/null

filter=(project:Work +home due.before:eom)
heph_n=$(bin/heph --db "$db" count "${filter[@]}")
task_n=$(task "${filter[@]}" count </dev/null)
echo "filter ${filter[*]}: heph counts $heph_n, task $task_n" >&2
[[ "$heph_n" == "$task_n" ]] || echo "bench: WARNING: the two tools disagree on the filter's tasks" >&2
heph_first=$(COLUMNS=120 LINES=40 bin/heph --db "$db" next --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
task_first=$(task rc.report.next.columns=uuid rc.report.next.labels=UUID next limit:1 </dev/null | tr -d ' \n')
echo "most urgent: heph $heph_first, task $task_first" >&2

load="$(uptime)"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic --export-json "$work/hyperfine.json" \
  --command-name "heph next" "env COLUMNS=120 LINES=40 bin/heph --db $db next" \
  --command-name "task next" "task next" \
  --command-name "heph list FILTER" "bin/heph --db $db list ${filter[*]}" \
  --command-name "task list FILTER" "task list ${filter[*]}" >&2

python3 - "$work/hyperfine.json" "$load" "$NODES" "${filter[*]}" "$heph_n" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
load, nodes, flt, matched = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
med = lambda name: res[name]["median"] * 1000
cpu = lambda name: (res[name]["user"] + res[name]["system"]) * 1000
print(f"{nodes} pending tasks with projects, tags and due dates, the same in both; the filter "
      f"`{flt}` matches {matched} in each. Load at the start: `{load.strip()}`.\n")
print("| command | median wall ms | heph / task (wall) | user + sys ms (mean) | heph / task (CPU) |")
print("|---|---:|---:|---:|---:|")
for h, t in (("heph next", "task next"), ("heph list FILTER", "task list FILTER")):
    print(f"| `{res[h]['command']}` | {med(h):.0f} | {med(h) / med(t):.2f} | {cpu(h):.0f} | {cpu(h) / cpu(t):.2f} |")
    print(f"| `{res[t]['command']}` | {med(t):.0f} | | {cpu(t):.0f} | |")
PY
