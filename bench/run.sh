#!/usr/bin/env bash
# bench/run.sh: heph's benchmark, side by side with Taskwarrior 2.6, in one command.
#
#   bench/run.sh            # about 1-2 minutes once heph is built; rewrites BENCHMARKS.md,
#                           # raw data in bench/results/
#
# 1. installs hyperfine and taskwarrior from Debian when missing (apt-get update once first);
# 2. builds heph through its launcher (`bin/heph --version` builds on first use);
# 3. in a temp dir: a heph store with 10,000 tasks (bench/Populate.java) and a Taskwarrior data
#    dir with private TASKRC/TASKDATA holding 10,000 tasks of the same shape (`task import`);
# 4. ONE hyperfine run (so every ratio comes from the same run) of `bin/heph add x`,
#    `bin/heph list --json`, `bin/heph list` against `task add x`, `task export`, `task list`,
#    plus start-up references (bare JVM, JVM with heph's AOT cache, heph --version without and
#    with the launcher script);
# 5. bench/Ingest.java: 100,000 ops applied into a fresh store, 1,000 per transaction, beside a
#    raw SQLite insert of the same rows (the floor);
# 6. bench/summarize.py writes BENCHMARKS.md from the JSON in bench/results/.
#
# Knobs (environment): BENCH_RUNS (30), BENCH_WARMUP (3), BENCH_NODES (10000),
# BENCH_INGEST_OPS (100000), BENCH_INGEST_REPS (5), BENCH_KEEP=1 keeps the temp dir,
# BENCH_RESULTS (bench/results) and BENCH_OUT (BENCHMARKS.md) for a trial run that must not
# replace the published figures, BENCH_WAIT_QUIET=SECONDS to wait (at most that long) before the
# timed part until other processes leave the CPUs alone for 5 s (this machine is shared).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS=${BENCH_RUNS:-30}
WARMUP=${BENCH_WARMUP:-3}
NODES=${BENCH_NODES:-10000}
INGEST_OPS=${BENCH_INGEST_OPS:-100000}
INGEST_REPS=${BENCH_INGEST_REPS:-5}
results="$(mkdir -p "${BENCH_RESULTS:-$root/bench/results}" && cd "${BENCH_RESULTS:-$root/bench/results}" && pwd)"
out="${BENCH_OUT:-$root/BENCHMARKS.md}"
mkdir -p "$results"

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs_since() { local d=$(( $(ms) - $1 )); printf '%d.%03d' $(( d / 1000 )) $(( d % 1000 )); }

work="$(mktemp -d "${TMPDIR:-/tmp}/heph-bench.XXXXXX")"
sampler_pid=""
cleanup() {
  if [[ -n "$sampler_pid" ]] && kill -0 "$sampler_pid" 2>/dev/null; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
started=$(date +%s)

# ---------------------------------------------------------------------------------------------
say "1/6 tools"
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}
apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  if [[ $apt_updated == 0 ]]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
tw_version() { task --version 2>/dev/null | head -n 1 || true; }
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[[ "$(tw_version)" == 2.6.* ]] || missing+=(taskwarrior)
command -v python3 >/dev/null || missing+=(python3)
if (( ${#missing[@]} )); then
  echo "installing from Debian: ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi
command -v hyperfine >/dev/null || die "hyperfine is still missing"
[[ "$(tw_version)" == 2.6.* ]] || die "Taskwarrior 2.6.x needed, found '$(tw_version)' (Debian bookworm's taskwarrior is 2.6.2)"
echo "hyperfine $(hyperfine --version | awk '{print $2}'), task $(tw_version), $(python3 --version)" >&2

# ---------------------------------------------------------------------------------------------
say "2/6 build heph (bin/heph --version builds on first use or after the sources changed)"
bin/heph --version >/dev/null || die "bin/heph failed to build or run (if others are mid-edit, retry in a minute)"
# The timed bin/heph is a frozen copy of this tree as just built (bench/snapshot.sh says why).
snap="$work/heph"
# shellcheck source=snapshot.sh
. bench/snapshot.sh
heph_snapshot "$snap" || die "could not make the frozen copy of heph"
# shellcheck source=../bin/lib.sh
. "$snap/bin/lib.sh"      # read only: heph_find_java, the launcher's own rule for finding JDK 25
heph_find_java
jar="$snap/build/run/bench/heph-cli.jar"
cp_lib="$snap/build/run/bench/lib/*"
# The exact java command line the launcher runs (from its xtrace), to time the JVM without it.
exec_line="$(cd "$snap" && bash -x bin/heph --version 2>&1 >/dev/null | sed -n 's/^+ exec //p' | tail -n 1)"
[[ -n "$exec_line" ]] || die "could not read the launcher's java command (bash -x bin/heph --version)"
eval "launch=($exec_line)"
jar_at=-1
for i in "${!launch[@]}"; do [[ "${launch[$i]}" == -jar ]] && jar_at=$i; done
(( jar_at > 0 )) || die "no -jar in the launcher's command: $exec_line"
jvm=("${launch[@]:0:jar_at}")                # java + flags, AOT cache included
jvm_no_aot=()
aot=""
for a in "${jvm[@]}"; do
  if [[ "$a" == -XX:AOTCache=* ]]; then aot="${a#-XX:AOTCache=}"; else jvm_no_aot+=("$a"); fi
done
direct=("${launch[@]}")                      # java + flags -jar heph-cli.jar --version
# Is the AOT cache really used with the launcher's flags? (-XX:AOTMode=on makes a mismatch an error.)
aot_used=no
if [[ -n "$aot" ]] && "${jvm[0]}" -XX:AOTMode=on "${jvm[@]:1}" -jar "$jar" --version >/dev/null 2>&1; then aot_used=yes; fi
echo "launcher runs: $exec_line" >&2
echo "AOT cache used: $aot_used" >&2
q() { local out="" a; for a in "$@"; do out+="$(printf '%q' "$a") "; done; printf '%s' "${out% }"; }
snap_state() { find "$snap/build/run/bench" -maxdepth 1 -newer "$snap/pom.xml" -printf '%f %T@\n' | sort; }

# ---------------------------------------------------------------------------------------------
say "3/6 data: heph store and Taskwarrior data with $NODES tasks each, in $work"
db="$work/heph.db"
t0=$(ms)
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$cp_lib" bench/Populate.java "$db" "$NODES"
populate_s=$(secs_since "$t0")
heph_count=$("$snap/bin/heph" --db "$db" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[[ "$heph_count" == "$NODES" ]] || die "heph store holds $heph_count open nodes, expected $NODES"

export TASKRC="$work/tw/taskrc" TASKDATA="$work/tw/data"
mkdir -p "$TASKDATA"
cat >"$TASKRC" <<EOF
# private Taskwarrior config for the benchmark: never prompts, no colour, no nag, no hooks
data.location=$TASKDATA
confirmation=off
verbose=nothing
color=off
detection=off
defaultwidth=120
hooks=off
news.version=2.6.2
EOF
python3 bench/gen_tasks.py "$NODES" 42 >"$work/tasks.json"
t0=$(ms)
task import "$work/tasks.json" </dev/null >/dev/null
import_s=$(secs_since "$t0")
tw_count=$(task count status:pending </dev/null)
[[ "$tw_count" == "$NODES" ]] || die "Taskwarrior holds $tw_count pending tasks, expected $NODES"
# task list must run to the end without a terminal (no pager, no prompt): stdin closed, 10 s bound.
tw_lines=$(timeout 10 task list </dev/null | wc -l)
(( tw_lines >= NODES )) || die "task list printed $tw_lines lines, expected at least $NODES"
heph_lines=$(timeout 10 "$snap/bin/heph" --db "$db" list </dev/null | wc -l)
echo "heph: $heph_count nodes (populate ${populate_s}s); Taskwarrior: $tw_count tasks (import ${import_s}s);" \
     "task list prints $tw_lines lines, heph list $heph_lines" >&2

# ---------------------------------------------------------------------------------------------
say "4/6 hyperfine: $RUNS runs + $WARMUP warm-up each, one invocation"
names=(); cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add "heph add x"                 "bin/heph --db $(q "$db") add x"
add "task add x"                 "task add x"
add "heph list --json"           "bin/heph --db $(q "$db") list --json"
add "task export"                "task export"
add "heph list"                  "bin/heph --db $(q "$db") list"
add "task list"                  "task list"
add "java -version (bare JVM)"   "$(q "${jvm_no_aot[@]}") -version"
add "java -version + AOT cache"  "$(q "${jvm[@]}") -version"
add "java -jar heph --version"   "$(q "${direct[@]}")"
add "bin/heph --version"         "bin/heph --version"
hf_args=(-N --warmup "$WARMUP" --runs "$RUNS" --export-json "$results/hyperfine.json" --style basic)
for i in "${!cmds[@]}"; do hf_args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
printf '%s\n' "${cmds[@]}" >"$results/commands.txt"

if (( ${BENCH_WAIT_QUIET:-0} > 0 )); then
  echo "waiting up to ${BENCH_WAIT_QUIET} s for a quiet machine..." >&2
  python3 bench/sampler.py --wait-quiet $$ "$BENCH_WAIT_QUIET" \
    || echo "bench: the machine stayed busy; timing anyway (see the load row of the report)" >&2
fi
# A light sampler of the machine during the run (it is shared), once a second: load average,
# Maven builds, and CPU used by processes that are not this script's (bench/sampler.py).
python3 bench/sampler.py $$ "$results/load.txt" 1200 &
sampler_pid=$!
state_before="$(snap_state)"
hf_started=$(date +%s)
# Run from the snapshot, so the commands read `bin/heph ...` as a person types them.
(cd "$snap" && timeout 900 hyperfine "${hf_args[@]}") 2>&1 | tee "$results/hyperfine.txt" >&2 \
  || die "hyperfine failed (a command exited non-zero?): see $results/hyperfine.txt"
hf_s=$(( $(date +%s) - hf_started ))
rebuilt=no
if [[ "$state_before" != "$(snap_state)" ]]; then
  rebuilt=yes
  echo "bench: WARNING: the timed heph's jar or AOT cache changed during the run; rerun for clean figures" >&2
fi

# ---------------------------------------------------------------------------------------------
say "5/6 ingest: $INGEST_OPS ops, 1,000 per transaction, $INGEST_REPS repetitions (heph and raw SQLite)"
ing_started=$(date +%s)
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$cp_lib" bench/Ingest.java \
  "$work/ingest" "$results/ingest.json" "$INGEST_OPS" 1000 "$INGEST_REPS" | tee "$results/ingest.txt" >&2
ing_s=$(( $(date +%s) - ing_started ))
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""

# ---------------------------------------------------------------------------------------------
say "6/6 BENCHMARKS.md"
dirty=$(git status --porcelain 2>/dev/null | grep -vc '^??' || true)
{
  printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 'git_commit\t%s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo none)"
  printf 'git_modified_files\t%s\n' "$dirty"
  printf 'java\t%s\n' "$("$JAVA" -version 2>&1 | sed -n 2p)"
  printf 'hyperfine\t%s\n' "$(hyperfine --version)"
  printf 'taskwarrior\t%s\n' "$(tw_version)"
  printf 'sqlite_jdbc\t%s\n' "$(cd "$snap/build/run/bench/lib" && ls sqlite-jdbc-*.jar 2>/dev/null | sed 's/^sqlite-jdbc-//; s/\.jar$//')"
  printf 'kernel\t%s\n' "$(uname -sr)"
  printf 'filesystem\t%s\n' "$(df -T "$work" | awk 'NR==2{print $2}')"
  printf 'nodes\t%s\n' "$NODES"
  printf 'runs\t%s\n' "$RUNS"
  printf 'warmup\t%s\n' "$WARMUP"
  printf 'populate_s\t%s\n' "$populate_s"
  printf 'import_s\t%s\n' "$import_s"
  printf 'task_list_lines\t%s\n' "$tw_lines"
  printf 'heph_list_lines\t%s\n' "$heph_lines"
  printf 'launcher_exec\t%s\n' "$exec_line"
  printf 'aot_used\t%s\n' "$aot_used"
  printf 'rebuilt_during_run\t%s\n' "$rebuilt"
  printf 'hyperfine_s\t%s\n' "$hf_s"
  printf 'ingest_s\t%s\n' "$ing_s"
  printf 'total_s\t%s\n' "$(( $(date +%s) - started ))"
  printf 'taskrc\t%s\n' "$(grep -v '^#' "$TASKRC" | grep -v '^data.location' | paste -sd' ')"
} >"$results/run-info.tsv"
python3 bench/summarize.py "$results" "$out"
echo "bench: wrote $out (raw data in $results/) in $(( $(date +%s) - started )) s" >&2
