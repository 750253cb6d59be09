#!/usr/bin/env bash
# bench/sync.sh: heph's sync benchmark (issue 5, "Performance"), side by side with the peer,
# Taskwarrior 2.6.2 syncing through taskd 1.1.0 on loopback (../shared/peers/taskd), in one command.
#
#   bench/sync.sh        # about 8-12 minutes; writes bench/results/sync.md and prints it
#
# 1. installs what is missing from Debian (hyperfine taskwarrior taskd gnutls-bin jq; apt-get update once);
# 2. builds heph and hephd through their launchers, then times a frozen copy of that build (so a
#    rebuild triggered by someone else's edit cannot happen inside a timed run);
# 3. data, in a temp dir: hub databases with 1,000 / 10,000 / 100,000 nodes (bench/Populate.java),
#    one hephd --mode server on each; the peer's taskd instance (setup.sh) in /tmp/twsync/hephsync-PID
#    with 10,000 tasks imported on device A and synced;
# 4. full sync of a fresh replica from the 10k and the 100k hub, and the peer's first download of
#    10,000 tasks by a new device: ONE hyperfine invocation;
# 5. incremental sync of 10 new nodes (push) with the 1k and the 100k hub, and the peer's
#    incr10k_A_push10: one hyperfine invocation; the same for the pull side (a second spoke pulls
#    10 nodes the first one pushed) beside the peer's incr10k_B_pull10;
# 6. hub ingest: 100,000 ops pushed in bodies of 1,000 through POST /sync/push of a fresh hephd
#    (bench/SyncIngest.java), beside a raw SQLite insert of the same rows;
# 7. bench/sync-report.py writes bench/results/sync.md (raw data next to it: sync-*.json, logs).
#
# Every hephd and taskd started here is stopped on exit (by recorded PID, after checking its
# command line). Knobs (environment): SYNC_FULL_RUNS (5), SYNC_INCR_RUNS (10), SYNC_INGEST_OPS
# (100000), SYNC_INGEST_REPS (3), SYNC_KEEP=1 keeps the temp dir and the peer's instance.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
FULL_RUNS=${SYNC_FULL_RUNS:-5}
INCR_RUNS=${SYNC_INCR_RUNS:-10}
INGEST_OPS=${SYNC_INGEST_OPS:-100000}
INGEST_REPS=${SYNC_INGEST_REPS:-3}
PEER_DIR="$(cd "$root/.." && pwd)/shared/peers/taskd"
results="$root/bench/results"
mkdir -p "$results"
rm -f "$results"/sync-*

say() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'sync bench: %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%03d' $(( d / 1000 )) $(( d % 1000 )); }
info() { printf '%s\t%s\n' "$1" "$2" >>"$results/sync-info.tsv"; }
phase() { printf '%s\t%s\t%s\n' "$(date +%s.%N)" "$1" "$2" >>"$results/sync-phases.tsv"; }

work="$(mktemp -d /tmp/heph-sync.XXXXXX)"
export TWSYNC_ROOT="/tmp/twsync/hephsync-$$"
hub_pids=()
sampler_pid=""
peer_started=0

# Stops one hephd we started: only if that PID still runs a hephd on a database in $work.
stop_hephd() {
  local pid=$1 i
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "hephd.jar --mode server --db $work/" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 150); do [[ -d "/proc/$pid" ]] || return 0; sleep 0.1; done   # bounded: 15 s
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? pid
  set +e
  if [[ -n "$sampler_pid" ]]; then kill "$sampler_pid" 2>/dev/null; wait "$sampler_pid" 2>/dev/null; fi
  for pid in "${hub_pids[@]}"; do stop_hephd "$pid"; done
  if [[ -f "$work/ingest-pids" ]]; then
    while read -r pid; do [[ -n "$pid" ]] && stop_hephd "$pid"; done <"$work/ingest-pids"
  fi
  if [[ $peer_started == 1 ]]; then
    bash -c ". '$PEER_DIR/lib.sh'; stop_server" >&2
  fi
  if [[ "${SYNC_KEEP:-0}" == 1 ]]; then
    echo "sync bench: kept $work and $TWSYNC_ROOT" >&2
  else
    rm -rf "$work"
    case "$TWSYNC_ROOT" in /tmp/twsync/hephsync-*) rm -rf "$TWSYNC_ROOT" ;; esac
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
started=$(date +%s)
phase start all

# ---------------------------------------------------------------------------------------------
say "1/7 tools"
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
command -v taskd >/dev/null || missing+=(taskd)
command -v certtool >/dev/null || missing+=(gnutls-bin)
command -v jq >/dev/null || missing+=(jq)
command -v python3 >/dev/null || missing+=(python3)
command -v ss >/dev/null || missing+=(iproute2)
if (( ${#missing[@]} )); then
  echo "installing from Debian: ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi
for bin in hyperfine task taskd certtool jq python3; do command -v "$bin" >/dev/null || die "$bin is still missing"; done
[[ "$(tw_version)" == 2.6.* ]] || die "Taskwarrior 2.6.x needed, found '$(tw_version)'"
[[ -f "$PEER_DIR/setup.sh" ]] || die "the peer's scripts are not at $PEER_DIR"

# ---------------------------------------------------------------------------------------------
say "2/7 build heph and hephd, then freeze a copy of the build"
bin/heph --version >/dev/null || die "bin/heph failed to build or run (if others are mid-edit, retry in a minute)"
bin/hephd --version >/dev/null || die "bin/hephd failed to build or run"
snap="$work/heph"
mkdir -p "$snap/heph-cli/target" "$snap/hephd/target"
cp -a bin pom.xml "$snap/"
for m in heph-* hephd; do
  [[ -d "$m" ]] || continue
  mkdir -p "$snap/$m/src"
  if [[ -f "$m/pom.xml" ]]; then cp -a "$m/pom.xml" "$snap/$m/"; fi
  if [[ -d "$m/src/main" ]]; then cp -a "$m/src/main" "$snap/$m/src/"; fi
done
cp -a heph-cli/target/heph-cli.jar heph-cli/target/lib "$snap/heph-cli/target/"
if [[ -d heph-cli/target/native ]]; then cp -a heph-cli/target/native "$snap/heph-cli/target/"; fi
cp -a hephd/target/hephd.jar hephd/target/lib "$snap/hephd/target/"
touch "$snap/heph-cli/target/heph-cli.jar" "$snap/hephd/target/hephd.jar"   # newer than every copied source
info git_commit "$(git rev-parse --short HEAD 2>/dev/null || echo none)"
info git_modified_files "$(git status --porcelain 2>/dev/null | grep -vc '^??' || true)"
info jar_built "$(date -u -r heph-cli/target/heph-cli.jar +%Y-%m-%dT%H:%M:%SZ)"
"$snap/bin/heph" --version >/dev/null || die "the frozen copy of bin/heph does not run"
"$snap/bin/hephd" --version >/dev/null || die "the frozen copy of bin/hephd does not run"
# shellcheck source=../bin/lib.sh
. "$snap/bin/lib.sh"
heph_find_java
lib_cp="$snap/heph-cli/target/lib/*"
mkdir -p "$work/classes"
"$JAVA_HOME/bin/javac" -nowarn -d "$work/classes" -cp "$lib_cp" bench/SyncAdd10.java bench/SyncIngest.java bench/IngestKit.java \
  || die "could not compile bench/SyncAdd10.java, bench/SyncIngest.java and bench/IngestKit.java"
export SYNC_JAVA="$JAVA" SYNC_CP="$work/classes:$lib_cp" SYNC_HEPH="$snap/bin/heph"
jrun() { "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$lib_cp" "$@"; }
q() { local out="" a; for a in "$@"; do out+="$(printf '%q' "$a") "; done; printf '%s' "${out% }"; }
# The launcher's exact java command for `sync` (from its xtrace), for the diagnostic row that runs
# the same jar, flags and AOT cache but with the JVM's full JIT (no -XX:TieredStopAtLevel=1).
net_line="$(cd "$snap" && bash -x bin/heph --db "$work/xtrace.db" sync --hub-url http://127.0.0.1:9 2>&1 >/dev/null | sed -n 's/^+ exec //p' | tail -n 1 || true)"
rm -f "$work/xtrace.db"*
[[ "$net_line" == *" -jar "* ]] || die "could not read the launcher's java command (bash -x bin/heph sync)"
eval "net_cmd=($net_line)"
jvm_c2=()
for a in "${net_cmd[@]}"; do
  [[ "$a" == -jar ]] && break
  [[ "$a" == -XX:TieredStopAtLevel=1 ]] || jvm_c2+=("$a")
done
jvm_c2_cmd="$(q "${jvm_c2[@]}") -jar $snap/heph-cli/target/heph-cli.jar"
info launcher_sync_exec "$net_line"
snap_state() { find "$snap/heph-cli/target" "$snap/hephd/target" -maxdepth 1 -newer "$snap/pom.xml" -printf '%f %T@\n' | sort; }

# Load sampler (the machine is shared): load averages and running Maven builds, once a second.
( for _ in $(seq 1 1800); do
    echo "$(date +%s.%N) $(cut -d' ' -f1-3 /proc/loadavg) $(pgrep -fc plexus-classworlds || true)"
    sleep 1
  done ) >"$results/sync-load.txt" &
sampler_pid=$!

# ---------------------------------------------------------------------------------------------
say "3/7 data: hubs with 1k / 10k / 100k nodes, the peer with 10k tasks ($work, $TWSYNC_ROOT)"
phase start data
declare -A populate_s
t_pop=$(now_ms)
( jrun bench/Populate.java "$work/hub100k.db" 100000 && echo "$(secs_since "$t_pop")" >"$work/pop100k.s" ) \
  >"$work/populate100k.log" 2>&1 &
pop100k_pid=$!
for n in 1000 10000; do
  t0=$(now_ms); jrun bench/Populate.java "$work/hub$((n / 1000))k.db" "$n"; populate_s[$n]=$(secs_since "$t0")
done

# The peer: a fresh taskd instance (setup.sh), on a free port, A holds 10,000 tasks synced to it.
port=""
for p in 53590 53591 53592 53593 53594 53595 53596 53597 53598 53599; do
  if ! ss -Hltn "sport = :$p" | grep -q .; then port=$p; break; fi
done
[[ -n "$port" ]] || die "no free port in 53590-53599 for taskd"
export TWSYNC_PORT=$port
peer_started=1
bash "$PEER_DIR/setup.sh" >"$results/sync-peer-setup.log" 2>&1 || die "the peer's setup.sh failed: see $results/sync-peer-setup.log"
. "$PEER_DIR/lib.sh"    # ROOT, ta, tb, user_dir (read-only use of the peer's helpers)
python3 "$PEER_DIR/gen_tasks.py" 10000 1 >"$ROOT/tasks.json"
t0=$(now_ms); ta import "$ROOT/tasks.json" >/dev/null; peer_import_s=$(secs_since "$t0")
t0=$(now_ms); ta sync >/dev/null; peer_push_s=$(secs_since "$t0")
peer_tx=$(grep -c '^{' "$(user_dir)/tx.data")
wait "$pop100k_pid" || die "Populate 100k failed: $(cat "$work/populate100k.log")"
populate_s[100000]=$(cat "$work/pop100k.s")

# One hephd --mode server per hub database; its URL from the line it prints when ready.
declare -A url
start_hub() {   # start_hub NAME
  local name=$1 i
  "$snap/bin/hephd" --mode server --db "$work/$name.db" --http-addr 127.0.0.1:0 --auth none \
    >"$work/$name.out" 2>"$work/$name.log" </dev/null &
  hub_pids+=($!)
  for i in $(seq 1 600); do   # bounded: 60 s
    if grep -q '^hephd: hub .* serving ' "$work/$name.out" 2>/dev/null; then
      url[$name]=$(sed -n 's/^hephd: hub .* serving .* on \(http:[^ ]*\)$/\1/p' "$work/$name.out" | head -n 1)
      echo "$name: $(head -n 1 "$work/$name.out")" >&2
      return 0
    fi
    [[ -d "/proc/${hub_pids[-1]}" ]] || break
    sleep 0.1
  done
  die "hephd on $name.db did not start: $(tail -n 5 "$work/$name.log")"
}
for h in hub1k hub10k hub100k; do start_hub "$h"; done

# Untimed probe syncs: how many ops each hub holds (and the frozen heph's AOT cache for sync is trained).
declare -A hub_ops
for h in hub10k hub100k; do
  hub_ops[$h]=$("$snap/bin/heph" --db "$work/probe-$h.db" sync --hub-url "${url[$h]}" --json | jq .pulled)
  rm -f "$work/probe-$h.db"*
done
# Spokes for the incremental figures, fully synced (untimed): a and b on the 1k hub and on the 100k hub.
for h in hub1k hub100k; do
  for s in a b; do "$snap/bin/heph" --db "$work/spoke-$h-$s.db" sync --hub-url "${url[$h]}" --json >"$work/spoke-$h-$s.first.json"; done
done
hub_ops[hub1k]=$(jq .pulled "$work/spoke-hub1k-a.first.json")
info populate_1k_s "${populate_s[1000]}"
info populate_10k_s "${populate_s[10000]}"
info populate_100k_s "${populate_s[100000]}"
for h in hub1k hub10k hub100k; do info "${h}_ops" "${hub_ops[$h]}"; done
info peer_import_10k_s "$peer_import_s"
info peer_first_push_10k_s "$peer_push_s"
info peer_server_history "$peer_tx"
info peer_port "$port"
phase end data

# ---------------------------------------------------------------------------------------------
hf() {   # hf NAME RUNS WARMUP then triples: COMMAND-NAME PREPARE COMMAND
  local name=$1 runs=$2 warm=$3; shift 3
  local args=(-N --style basic --runs "$runs" --warmup "$warm" --export-json "$results/sync-$name.json")
  local names=() preps=() cmds=()
  while (( $# )); do names+=("$1"); preps+=("$2"); cmds+=("$3"); shift 3; done
  local i
  for i in "${!cmds[@]}"; do args+=(--prepare "${preps[$i]}"); done
  for i in "${!cmds[@]}"; do
    args+=(--command-name "${names[$i]}" "${cmds[$i]}")
    printf '%s\t%s\t%s\t%s\n' "$name" "${names[$i]}" "${preps[$i]}" "${cmds[$i]}" >>"$results/sync-commands.tsv"
  done
  phase start "$name"
  local before; before="$(snap_state)"
  (cd "$snap" && timeout 900 hyperfine "${args[@]}") 2>&1 | tee "$results/sync-$name.txt" >&2 \
    || die "hyperfine $name failed (a command exited non-zero?): see $results/sync-$name.txt"
  phase end "$name"
  [[ "$before" == "$(snap_state)" ]] || info "rebuilt_during_$name" yes
}
prep="bash $root/bench/sync-prepare.sh"
peer_ops="bash $PEER_DIR/ops.sh"

say "4/7 full sync of a fresh replica (10k, 100k) and the peer's first download of 10k: one hyperfine run"
hf full "$FULL_RUNS" 1 \
  "heph full sync, hub 10k nodes" "$prep fresh $work/fresh10k.db" "bin/heph --db $work/fresh10k.db sync --hub-url ${url[hub10k]}" \
  "heph full sync, hub 100k nodes" "$prep fresh $work/fresh100k.db" "bin/heph --db $work/fresh100k.db sync --hub-url ${url[hub100k]}" \
  "peer pull10k_B_initial" "$peer_ops wipe-B" "task rc:$ROOT/B/taskrc sync" \
  "diagnostic: heph full sync 100k, JIT not capped at C1" "$prep fresh $work/fresh100k-c2.db" \
    "$jvm_c2_cmd --db $work/fresh100k-c2.db sync --hub-url ${url[hub100k]}"
count_nodes() { "$snap/bin/heph" --db "$1" list --all --json | jq length; }
info check_fresh10k_nodes "$(count_nodes "$work/fresh10k.db")"
info check_fresh100k_nodes "$(count_nodes "$work/fresh100k.db")"
info check_peer_B_tasks "$(tb count)"

say "5/7 incremental sync of 10 new nodes: push (1k vs 100k hub, peer push10), then pull (peer pull10)"
# The 100k spoke is pushed to right after it pulled everything; nothing else changed since.
hf incr-push "$INCR_RUNS" 1 \
  "heph push 10, hub 1k nodes" "$prep add10 $work/spoke-hub1k-a.db" "bin/heph --db $work/spoke-hub1k-a.db sync" \
  "heph push 10, hub 100k nodes" "$prep add10 $work/spoke-hub100k-a.db" "bin/heph --db $work/spoke-hub100k-a.db sync" \
  "peer incr10k_A_push10" "$peer_ops add10-A" "task rc:$ROOT/A/taskrc sync" \
  "reference: heph no-op sync (1k spoke)" "true" "bin/heph --db $work/spoke-hub1k-a.db sync" \
  "reference: peer noop10k_A" "true" "task rc:$ROOT/A/taskrc sync" \
  "reference: heph --version" "true" "bin/heph --version"
# Catch the pulling side up (untimed), so each timed run pulls exactly what its prepare pushed.
for h in hub1k hub100k; do "$snap/bin/heph" --db "$work/spoke-$h-b.db" sync >/dev/null; done
tb sync >/dev/null
hf incr-pull "$INCR_RUNS" 1 \
  "heph pull 10, hub 1k nodes" "$prep add10-sync $work/spoke-hub1k-a.db" "bin/heph --db $work/spoke-hub1k-b.db sync" \
  "heph pull 10, hub 100k nodes" "$prep add10-sync $work/spoke-hub100k-a.db" "bin/heph --db $work/spoke-hub100k-b.db sync" \
  "peer incr10k_B_pull10" "$peer_ops add10-A-sync" "task rc:$ROOT/B/taskrc sync"
for h in hub1k hub100k; do
  for s in a b; do info "check_spoke_${h}_${s}_nodes" "$(count_nodes "$work/spoke-$h-$s.db")"; done
  info "check_spoke_${h}_b_last_sync" "$("$snap/bin/heph" --db "$work/spoke-$h-b.db" sync --json | jq -c .)"
done
info check_peer_A_tasks "$(ta count)"
info check_peer_B_tasks_after_incr "$(tb count)"
info peer_server_history_after "$(grep -c '^{' "$(user_dir)/tx.data")"

# Hub logs (one line per request, with the hub's own time) are kept beside the results.
for h in hub1k hub10k hub100k; do cp "$work/$h.log" "$results/sync-$h.log"; done
cp "$SERVER/taskd.log" "$results/sync-taskd.log" 2>/dev/null || true
# The hubs and taskd are no longer needed: stop them before the ingest runs.
for pid in "${hub_pids[@]}"; do stop_hephd "$pid"; done
hub_pids=()
bash -c ". '$PEER_DIR/lib.sh'; stop_server" >&2
peer_started=0

# ---------------------------------------------------------------------------------------------
say "6/7 hub ingest: $INGEST_OPS ops in pushes of 1,000 through a fresh hephd, $INGEST_REPS repetitions, beside raw SQLite"
phase start ingest
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$SYNC_CP" SyncIngest "$work/ingest" "$results/sync-ingest.json" \
  "$snap/bin/hephd" "$work/ingest-pids" "$INGEST_OPS" 1000 "$INGEST_REPS" | tee "$results/sync-ingest.txt" >&2
phase end ingest
for f in "$work"/ingest/hub-*.log; do [[ -f "$f" ]] && cp "$f" "$results/sync-ingest-$(basename "$f")"; done
printf '%s\t%s\t%s\t%s\n' ingest "hub ingest" "(fresh hephd per repetition, started by SyncIngest)" \
  "$JAVA --enable-native-access=ALL-UNNAMED -cp $SYNC_CP SyncIngest $work/ingest $results/sync-ingest.json $snap/bin/hephd $work/ingest-pids $INGEST_OPS 1000 $INGEST_REPS" \
  >>"$results/sync-commands.tsv"
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""

# ---------------------------------------------------------------------------------------------
say "7/7 report"
phase end all
info date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
info java "$("$JAVA" -version 2>&1 | sed -n 2p)"
info hyperfine "$(hyperfine --version)"
info taskwarrior "$(tw_version)"
info taskd "$(taskd --version 2>/dev/null | grep -o 'taskd [0-9][0-9.]*' | head -n 1)"
info sqlite_jdbc "$(cd "$snap/heph-cli/target/lib" && ls sqlite-jdbc-*.jar 2>/dev/null | sed 's/^sqlite-jdbc-//; s/\.jar$//')"
info cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cpus"
info memory "$(free -g | awk '/^Mem:/{print $2" GiB"}')"
info kernel "$(uname -sr)"
info filesystem "$(df -T "$work" | awk 'NR==2{print $2}') ($work)"
info work "$work"
info peer_root "$TWSYNC_ROOT"
info snapshot "$snap"
info full_runs "$FULL_RUNS"
info incr_runs "$INCR_RUNS"
info total_s "$(( $(date +%s) - started ))"
python3 bench/sync-report.py "$results" "$results/sync.md"
cat "$results/sync.md"
echo "sync bench: wrote $results/sync.md in $(( $(date +%s) - started )) s" >&2
