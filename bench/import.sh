#!/usr/bin/env bash
# bench/import.sh: `heph import taskwarrior` of 10,000 tasks against `task import` of the same file
# (issue 13), in one hyperfine run, each run into a fresh store / data folder.
#
#   bench/import.sh          # prints the table; raw JSON in bench/results/import.json
#
# Data: bench/gen_tasks.py N 42 projects (JSON lines, what `task import` reads): projects, tags,
# priorities, due dates, annotations. Taskwarrior gets a private rc (`rc:FILE`, confirmation off).
# Knobs: BENCH_NODES (10000), BENCH_RUNS (10), BENCH_WARMUP (1), BENCH_KEEP=1 keeps the temp dir.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
NODES=${BENCH_NODES:-10000}
RUNS=${BENCH_RUNS:-10}
WARMUP=${BENCH_WARMUP:-1}
results="$root/bench/results"
mkdir -p "$results"
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
command -v task >/dev/null || { echo "bench: task is missing (apt-get install taskwarrior)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/heph-import.XXXXXX")"
cleanup() { if [[ "${BENCH_KEEP:-0}" == 1 ]]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

bin/heph --version >/dev/null   # builds heph on first use, outside the timed runs
# The timed heph is a frozen copy (bench/snapshot.sh): edits meanwhile cannot rebuild it mid-run.
# shellcheck source=snapshot.sh
. bench/snapshot.sh
heph_snapshot "$work/heph"
heph="$work/heph/bin/heph"
python3 bench/gen_tasks.py "$NODES" 42 projects > "$work/tasks.json"
printf '%s\n' "data.location=$work/tw" confirmation=off verbose=nothing hooks=off news.version=2.6.2 > "$work/taskrc"

# Both must import every task, or the comparison means nothing.
"$heph" --db "$work/check.db" import taskwarrior "$work/tasks.json" >&2
mkdir -p "$work/tw" && task "rc:$work/taskrc" import "$work/tasks.json" >/dev/null
[[ "$(task "rc:$work/taskrc" count)" == "$NODES" ]] || { echo "bench: task import did not import $NODES tasks" >&2; exit 1; }
rm -rf "$work/tw" "$work"/check.db*

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --export-json "$results/import.json" \
  --prepare "rm -f $work/h.db $work/h.db-wal $work/h.db-shm" \
  -n "heph import taskwarrior ($NODES tasks)" "$heph --db $work/h.db import taskwarrior $work/tasks.json" \
  --prepare "sh -c 'rm -rf $work/tw && mkdir $work/tw'" \
  -n "task import ($NODES tasks)" "task rc:$work/taskrc import $work/tasks.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$results/import.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    print(f"{x['command']}: median {x['median']*1000:.0f} ms, mean {x['mean']*1000:.0f} ± {x['stddev']*1000:.0f} ms,"
          f" min {x['min']*1000:.0f} ms, CPU user {x['user']*1000:.0f} + sys {x['system']*1000:.0f} ms")
h, t = r
print(f"ratio of medians {h['median']/t['median']:.2f}x, of mins {h['min']/t['min']:.2f}x,"
      f" of CPU {(h['user']+h['system'])/(t['user']+t['system']):.2f}x")
PY
