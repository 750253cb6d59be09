#!/usr/bin/env bash
# bench/auth.sh: what auth costs a sync, and the hub under many users at once (issue 11, "Performance").
#
#   bench/auth.sh            # both parts, about 6 minutes; writes bench/results/auth-*.{txt,json,tsv}
#   bench/auth.sh sync       # part 1 only: token vs no token on an incremental sync
#   bench/auth.sh load       # part 2 only: 100 users x 2 devices syncing at once
#   bench/auth.sh control    # A/A control for 1c: two --auth none hubs, the same in-process run
#
# Part 1. Two hubs on loopback holding the same data (1,000 nodes, bench/Populate.java): one
#   `hephd --mode server --auth none`, one `--auth token` whose first user owns that data (made
#   with `hephd user add` / `hephd token create`). One spoke synced with each; the token one logged
#   in with `heph login URL --token T` (the token is kept in DB.login and sent by `heph sync`).
#   a) hyperfine -N, both commands in one invocation, each run after an untimed prepare that adds
#      10 tasks (bench/sync-prepare.sh add10): `heph --db SPOKE sync`.
#   b) the same two commands interleaved ABBA (bench/auth-interleave.py), for a paired ratio.
#   c) in one warmed-up JVM, no start-up (bench/AuthSync.java): SyncService.sync of each replica,
#      alternating, 10 tasks added to each before each round.
# Part 2. One `hephd --mode server --auth token` on a fresh database, AUTH_USERS users with
#   AUTH_DEVICES tokens each (bench/AuthLoad.java setup); bench/AuthLoad.java run: one device
#   client per token, all at once, closed loop (add AUTH_OPS_NODES tasks, sync) for AUTH_WARMUP_S
#   then AUTH_MEASURE_S measured seconds; zero errors and per-user convergence are checked. The
#   load generator runs on the same 2 cores as the hub, under `nice -n AUTH_GEN_NICE` (10): its
#   200 busy threads would otherwise take most of the CPU from the hub's few (the kernel shares
#   CPU per thread), and the hub's figures would be the generator's. Hub-side times per route
#   from its log. AUTH_JFR=1 also records a JFR of the hub (results/auth-load-hub.jfr) and lists
#   its pinned virtual threads and contended monitors.
#
# The machine is shared: bench/sampler.py records, once a second, the CPU other processes use
# (results/auth-machine.txt), summarized per part; AUTH_WAIT_QUIET=SECONDS waits (at most that
# long) before each part until others leave the CPUs alone for 5 s.
#
# Knobs (environment): AUTH_RUNS (40), AUTH_INPROC_ROUNDS (600), AUTH_USERS (100), AUTH_DEVICES (2),
# AUTH_WARMUP_S (15), AUTH_MEASURE_S (60), AUTH_OPS_NODES (3), AUTH_GEN_NICE (10), AUTH_JFR (0),
# AUTH_WAIT_QUIET (0), AUTH_HUB_JAVA_OPTS (JVM options for part 2's hub, through JAVA_TOOL_OPTIONS;
# e.g. -Djdk.virtualThreadScheduler.parallelism=16), AUTH_KEEP=1 keeps the temp dirs.
# Every hephd started here is stopped on exit (by recorded PID, after checking its command line).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
what=${1:-all}
RUNS=${AUTH_RUNS:-40}
INPROC_ROUNDS=${AUTH_INPROC_ROUNDS:-600}
USERS=${AUTH_USERS:-100}
DEVICES=${AUTH_DEVICES:-2}
WARMUP_S=${AUTH_WARMUP_S:-15}
MEASURE_S=${AUTH_MEASURE_S:-60}
OPS_NODES=${AUTH_OPS_NODES:-3}
GEN_NICE=${AUTH_GEN_NICE:-10}
results="$root/bench/results"
mkdir -p "$results"

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench/auth.sh: %s\n' "$*" >&2; exit 1; }
machine() {
  echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/{print $2" GiB"}'),"\
    "$(uname -sr), $("$JAVA" -version 2>&1 | sed -n 2p), heph $(git rev-parse --short HEAD 2>/dev/null || echo '?')"\
    "($(git status --porcelain 2>/dev/null | grep -vc '^??' || true) modified files)"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

work="$(mktemp -d /tmp/heph-auth.XXXXXX)"
shm="$(mktemp -d /dev/shm/heph-authload.XXXXXX)"
hub_pids=()
sampler_pid=""
stop_hephd() {
  local pid=$1 i
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "hephd.jar --mode server --db $work/" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 150); do [[ -d "/proc/$pid" ]] || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? pid
  set +e
  if [[ -n "$sampler_pid" ]]; then kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null; fi
  for pid in "${hub_pids[@]}"; do stop_hephd "$pid"; done
  if [[ "${AUTH_KEEP:-0}" == 1 ]]; then echo "bench/auth.sh: kept $work and $shm" >&2; else rm -rf "$work" "$shm"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v hyperfine >/dev/null || die "needs hyperfine (apt-get install hyperfine)"
command -v jq >/dev/null || die "needs jq (apt-get install jq)"

say "build (through the launchers), then freeze a copy of the build in $work/heph"
bin/heph --version >/dev/null || die "bin/heph failed to build or run"
bin/hephd --version >/dev/null || die "bin/hephd failed to build or run"
snap="$work/heph"
mkdir -p "$snap/heph-cli/target" "$snap/hephd/target"
cp -a bin pom.xml "$snap/"
for m in heph-* hephd; do
  [[ -d "$m" ]] || continue
  mkdir -p "$snap/$m/src"
  [[ -f "$m/pom.xml" ]] && cp -a "$m/pom.xml" "$snap/$m/"
  [[ -d "$m/src/main" ]] && cp -a "$m/src/main" "$snap/$m/src/"
done
cp -a heph-cli/target/heph-cli.jar heph-cli/target/lib "$snap/heph-cli/target/"
[[ -d heph-cli/target/native ]] && cp -a heph-cli/target/native "$snap/heph-cli/target/"
cp -a hephd/target/hephd.jar hephd/target/lib "$snap/hephd/target/"
touch "$snap/heph-cli/target/heph-cli.jar" "$snap/hephd/target/hephd.jar"
"$snap/bin/heph" --version >/dev/null || die "the frozen copy of bin/heph does not run"
# shellcheck source=../bin/lib.sh
. "$snap/bin/lib.sh"
heph_find_java
cp_all="$snap/hephd/target/lib/*"
mkdir -p "$work/classes"
"$JAVA_HOME/bin/javac" -nowarn -d "$work/classes" -cp "$cp_all" bench/SyncAdd10.java bench/AuthSync.java bench/AuthLoad.java \
  || die "could not compile the bench programs"
export SYNC_JAVA="$JAVA" SYNC_CP="$work/classes:$cp_all" SYNC_HEPH="$snap/bin/heph"
jrun() { "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$work/classes:$cp_all" "$@"; }
echo "machine: $(machine)" >&2
python3 bench/sampler.py $$ "$results/auth-machine.txt" 3600 &
sampler_pid=$!
# Waits for a quiet machine when asked; then notes the time, for others_cpu.
quiet_start() {
  if (( ${AUTH_WAIT_QUIET:-0} > 0 )); then
    echo "waiting up to $AUTH_WAIT_QUIET s for a quiet machine..." >&2
    python3 bench/sampler.py --wait-quiet $$ "$AUTH_WAIT_QUIET" || echo "the machine stayed busy; timing anyway" >&2
  fi
  date +%s
}
# CPU other processes used since unix time $1 (bench/sampler.py's samples): mean and max, % of one core.
others_cpu() {
  awk -v t0="$1" '$1 >= t0 { n++; s += $4; if ($4 > m) m = $4; if ($4 >= 10) busy++ }
    END { if (n) printf "other processes used %.0f %% of one core on average (max %.0f %%; >= 10 %% in %d of %d one-second samples)", s / n, m, busy, n; else printf "no samples" }' \
    "$results/auth-machine.txt"
}

declare -A url
start_hub() {   # start_hub NAME AUTH [JAVA_TOOL_OPTIONS]
  local name=$1 auth=$2 opts=${3:-} i
  env ${opts:+JAVA_TOOL_OPTIONS="$opts"} "$snap/bin/hephd" --mode server --db "$work/$name.db" --http-addr 127.0.0.1:0 --auth "$auth" \
    >"$work/$name.out" 2>"$work/$name.log" </dev/null &
  hub_pids+=($!)
  for i in $(seq 1 600); do
    if grep -q '^hephd: hub .* serving ' "$work/$name.out" 2>/dev/null; then
      url[$name]=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/$name.out" | head -n 1)
      [[ -n "${url[$name]}" ]] || die "no URL in: $(cat "$work/$name.out")"
      echo "$name: ${url[$name]} (pid ${hub_pids[-1]})" >&2
      return 0
    fi
    [[ -d "/proc/${hub_pids[-1]}" ]] || break
    sleep 0.1
  done
  die "hephd $name did not start: $(tail -n 5 "$work/$name.log") $(cat "$work/$name.out")"
}

# ---------------------------------------------------------------------------------------------
part_sync() {
  local out="$results/auth-sync.txt"
  : >"$out"
  say "part 1: data, hubs, spokes"
  jrun bench/Populate.java "$work/hub-open.db" 1000 >/dev/null
  for f in "$work"/hub-open.db*; do cp "$f" "$work/hub-token.db${f#"$work/hub-open.db"}"; done
  "$snap/bin/hephd" user add bench --db "$work/hub-token.db" >/dev/null
  local token
  token=$("$snap/bin/hephd" token create bench --device spoke --db "$work/hub-token.db")
  [[ "$token" == heph_* ]] || die "token create printed '$token'"
  start_hub hub-open none
  start_hub hub-token token
  local so="$work/spoke-open.db" st="$work/spoke-token.db"
  "$snap/bin/heph" --db "$so" sync --hub-url "${url[hub-open]}" >/dev/null
  "$snap/bin/heph" --db "$st" login "${url[hub-token]}" --token "$token" >/dev/null
  "$snap/bin/heph" --db "$st" sync >/dev/null
  # Without the login the token hub refuses the same sync: the figure below is of an authenticated one.
  if "$snap/bin/heph" --db "$work/nologin.db" sync --hub-url "${url[hub-token]}" >/dev/null 2>&1; then
    die "the token hub accepted a sync without a token"
  fi
  local prep="bash $root/bench/sync-prepare.sh add10"
  local cmd_o="$snap/bin/heph --db $so sync" cmd_t="$snap/bin/heph --db $st sync"
  {
    echo "machine: $(machine)"
    echo "hubs: ${url[hub-open]} (--auth none), ${url[hub-token]} (--auth token), 1,000 nodes each (bench/Populate.java)"
    echo "commands: '$cmd_o' and '$cmd_t', each after '$prep SPOKE'"
  } >>"$out"

  local t0
  t0=$(quiet_start)
  say "part 1a: hyperfine, both commands, $RUNS runs each"
  echo "load average before 1a: $(loadavg)" | tee -a "$out" >&2
  (cd "$snap" && hyperfine -N --style basic --runs "$RUNS" --warmup 2 --export-json "$results/auth-sync-hyperfine.json" \
    --prepare "$prep $so" --command-name "no token (--auth none)" "$cmd_o" \
    --prepare "$prep $st" --command-name "token (--auth token)" "$cmd_t") 2>&1 | tee -a "$out" >&2
  echo "load average after 1a: $(loadavg); during 1a $(others_cpu "$t0")" | tee -a "$out" >&2
  t0=$(quiet_start)

  say "part 1b: the same, interleaved ABBA, $RUNS rounds"
  echo "load average before 1b: $(loadavg)" | tee -a "$out" >&2
  (cd "$snap" && python3 "$root/bench/auth-interleave.py" "$RUNS" 2 "$results/auth-sync-interleaved.json" \
    "no token" "$prep $so" "$cmd_o" "token" "$prep $st" "$cmd_t") | tee -a "$out" >&2
  echo "load average after 1b: $(loadavg); during 1b $(others_cpu "$t0")" | tee -a "$out" >&2
  t0=$(quiet_start)

  say "part 1c: in-process, $INPROC_ROUNDS rounds"
  echo "load average before 1c: $(loadavg)" | tee -a "$out" >&2
  jrun AuthSync "$so" "$st" "$INPROC_ROUNDS" 60 10 "${hub_pids[0]}" "${hub_pids[1]}" | tee -a "$out" >&2
  echo "load average after 1c: $(loadavg); during 1c $(others_cpu "$t0")" | tee -a "$out" >&2
  for pid in "${hub_pids[@]}"; do stop_hephd "$pid"; done
  hub_pids=()
  cp "$work/hub-token.log" "$results/auth-sync-hub-token.log"
}

# ---------------------------------------------------------------------------------------------
# A/A control for 1c: the same in-process run with two open hubs (the second as the "token" side,
# no token): how far two hub processes differ when nothing differs but the process.
part_control() {
  local out="$results/auth-control.txt"
  : >"$out"
  say "control: 1c with two --auth none hubs"
  jrun bench/Populate.java "$work/hub-a.db" 1000 >/dev/null
  for f in "$work"/hub-a.db*; do cp "$f" "$work/hub-b.db${f#"$work/hub-a.db"}"; done
  start_hub hub-a none
  start_hub hub-b none
  "$snap/bin/heph" --db "$work/spoke-a.db" sync --hub-url "${url[hub-a]}" >/dev/null
  "$snap/bin/heph" --db "$work/spoke-b.db" sync --hub-url "${url[hub-b]}" >/dev/null
  local t0
  t0=$(quiet_start)
  echo "machine: $(machine)" >>"$out"
  echo "load average before: $(loadavg)" | tee -a "$out" >&2
  jrun AuthSync "$work/spoke-a.db" "$work/spoke-b.db" "$INPROC_ROUNDS" 60 10 "${hub_pids[0]}" "${hub_pids[1]}" \
    | tee -a "$out" >&2
  echo "load average after: $(loadavg); during the run $(others_cpu "$t0")" | tee -a "$out" >&2
  for pid in "${hub_pids[@]}"; do stop_hephd "$pid"; done
  hub_pids=()
}

# ---------------------------------------------------------------------------------------------
part_load() {
  local out="$results/auth-load.txt"
  : >"$out"
  say "part 2: $USERS users x $DEVICES devices on one hub"
  mkdir -p "$work/load"
  jrun AuthLoad setup "$work/load.db" "$USERS" "$DEVICES" "$work/load-tokens" | tee -a "$out" >&2
  start_hub load token "${AUTH_HUB_JAVA_OPTS:-}"
  local hub_pid=${hub_pids[-1]}
  if [[ "${AUTH_JFR:-0}" == 1 ]]; then
    "$JAVA_HOME/bin/jcmd" "$hub_pid" JFR.start name=authload settings=profile >/dev/null
  fi
  local t0
  t0=$(quiet_start)
  {
    echo "machine: $(machine)"
    echo "hub: $(tr '\0' ' ' <"/proc/$hub_pid/cmdline")${AUTH_HUB_JAVA_OPTS:+ (JAVA_TOOL_OPTIONS=$AUTH_HUB_JAVA_OPTS)}"
    echo "load generator: nice -n $GEN_NICE $JAVA --enable-native-access=ALL-UNNAMED -cp CLASSES:hephd/target/lib/* AuthLoad run URL TOKENS $shm $hub_pid $WARMUP_S $MEASURE_S $OPS_NODES OUT"
    echo "load average before: $(loadavg)"
  } | tee -a "$out" >&2
  local rc=0
  nice -n "$GEN_NICE" "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$work/classes:$cp_all" AuthLoad run "${url[load]}" \
    "$work/load-tokens" "$shm" "$hub_pid" "$WARMUP_S" "$MEASURE_S" "$OPS_NODES" "$results/auth-load.tsv" \
    | tee -a "$out" >&2 || rc=$?
  echo "load average after: $(loadavg); during the run (other than this script's processes) $(others_cpu "$t0")" \
    | tee -a "$out" >&2
  if [[ "${AUTH_JFR:-0}" == 1 ]]; then
    "$JAVA_HOME/bin/jcmd" "$hub_pid" JFR.dump name=authload filename="$results/auth-load-hub.jfr" >/dev/null
    {
      echo "JFR of the hub: pinned virtual threads (>= 20 ms) by top frame, contended monitors (>= 20 ms) by class:"
      "$JAVA_HOME/bin/jfr" print --events jdk.VirtualThreadPinned --stack-depth 3 "$results/auth-load-hub.jfr" \
        | grep -A1 'stackTrace = \[' | grep -v 'stackTrace\|^--' | sed 's/line:.*//' | sort | uniq -c | sort -rn | head -5
      "$JAVA_HOME/bin/jfr" print --events jdk.JavaMonitorEnter "$results/auth-load-hub.jfr" \
        | grep 'monitorClass' | sort | uniq -c | sort -rn | head -5
      "$JAVA_HOME/bin/jfr" summary "$results/auth-load-hub.jfr" | grep -E 'VirtualThreadPinned|JavaMonitorEnter|FileForce|ThreadPark ' || true
    } | tee -a "$out" >&2
  fi
  echo "hub threads at the end: $(awk '/^Threads:/{print $2}' "/proc/$hub_pid/status")" | tee -a "$out" >&2
  # Hub-side time per route (hephd's own log line: request handling, ms resolution), in the window.
  local ws we
  ws=$(sed -n 's/.*window_start_ms=\([0-9]*\).*/\1/p' "$out")
  we=$(sed -n 's/.*window_end_ms=\([0-9]*\).*/\1/p' "$out")
  stop_hephd "$hub_pid"
  hub_pids=()
  cp "$work/load.log" "$results/auth-load-hub.log"
  python3 - "$results/auth-load-hub.log" "$ws" "$we" <<'PY' | tee -a "$out" >&2
import re, sys, datetime, collections
log, ws, we = sys.argv[1], int(sys.argv[2]) / 1000, int(sys.argv[3]) / 1000
line = re.compile(r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+):INFO\s*:heph\.hub:[^ ]*: (GET|POST) (/[a-z/]+)\S* (\d{3}) (\d+)ms')
times = collections.defaultdict(list)
statuses = collections.Counter()
for l in open(log, errors="replace"):
    m = line.match(l)
    if not m:
        continue
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()
    if ws <= t <= we:
        times[m.group(2) + " " + m.group(3)].append(int(m.group(5)))
        statuses[m.group(4)] += 1
def pct(v, q):
    v = sorted(v); return v[min(len(v) - 1, max(0, -(-int(q * len(v) * 1000) // 1000) - 1))]
print("hub-side handling time (hephd's log line, whole ms), in the window; statuses:", dict(statuses))
for k, v in sorted(times.items()):
    print(f"HUBROUTE {k.replace(' ', '_')} count={len(v)} p50={pct(v, .5)} p95={pct(v, .95)} p99={pct(v, .99)} max={max(v)}")
PY
  return $rc
}

case "$what" in
  sync) part_sync ;;
  load) part_load ;;
  control) part_control ;;
  all) part_sync; part_load ;;
  *) die "usage: bench/auth.sh [all|sync|load|control]" ;;
esac
echo "bench/auth.sh: done; results in $results/auth-*" >&2
