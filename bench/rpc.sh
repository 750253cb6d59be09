#!/usr/bin/env bash
# bench/rpc.sh: what a socket client saves. Round trips of hephd's JSON-RPC over its unix socket
# (bench/RpcBench.java) beside the same queries through the CLI (bin/heph, one JVM per call).
#
#   bench/rpc.sh      # a few minutes; prints a markdown table on stdout, progress on stderr
#
# 1. installs hyperfine from Debian when missing; builds hephd and heph through their launchers;
# 2. starts `bin/hephd --mode local` on a temp database and socket (no hub) and fills it with
#    RPC_NODES nodes over the socket;
# 3. hyperfine (-N, no shell): `bin/heph --db DB list --json` and `bin/heph --db DB show ID`
#    on that store, the daemon running and idle;
# 4. RpcBench reads: p50/p99 over RPC_CALLS calls each of node.list and node.get on one
#    connection, and requests/s with RPC_CLIENTS clients, each on its own connection;
# 5. hyperfine: `bin/heph --db DB add x` (so the CLI's and the socket's writes both start from
#    the filled store);
# 6. RpcBench writes: the same for node.create (the store grows by about 2 x RPC_CALLS nodes);
# 7. SIGTERM to the daemon; the table.
#
# Knobs (environment): RPC_NODES (1000), RPC_CALLS (10000), RPC_CLIENTS (8), RPC_RUNS (hyperfine
# runs, 20), RPC_WARMUP (3), RPC_KEEP=1 keeps the temp dir.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
NODES=${RPC_NODES:-1000}
CALLS=${RPC_CALLS:-10000}
CLIENTS=${RPC_CLIENTS:-8}
RUNS=${RPC_RUNS:-20}
WARMUP=${RPC_WARMUP:-3}

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench/rpc.sh: %s\n' "$*" >&2; exit 1; }

# shellcheck source=bin/lib.sh
. "$root/bin/lib.sh"
heph_find_java

if ! command -v hyperfine >/dev/null; then
  say "installing hyperfine"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi

say "building (bin/hephd --help, bin/heph --version)"
bin/hephd --help >/dev/null
bin/heph --version >/dev/null

# A short path: a unix socket path is at most ~107 bytes.
work="$(mktemp -d /tmp/hrpc.XXXXXX)"
db="$work/bench.db"
sock="$work/s/hephd.sock"
daemon_pid=""
cleanup() {
  if [[ -n "$daemon_pid" ]] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  if [[ "${RPC_KEEP:-0}" == 1 ]]; then echo "bench/rpc.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
say "starting hephd on $db"
bin/hephd --mode local --db "$db" --socket "$sock" >"$work/hephd.out" 2>"$work/hephd.err" &
daemon_pid=$!
for _ in $(seq 1 600); do
  grep -q '^hephd: serving' "$work/hephd.out" 2>/dev/null && break
  kill -0 "$daemon_pid" 2>/dev/null || die "hephd exited: $(cat "$work/hephd.err")"
  sleep 0.1
done
grep -q '^hephd: serving' "$work/hephd.out" || die "hephd did not start in 60 s"

cp_bench="$root/hephd/target/hephd.jar:$root/hephd/target/lib/*"
rpcbench() { "$JAVA" -XX:+UseSerialGC -cp "$cp_bench" "$root/bench/RpcBench.java" "$@"; }

say "filling the store with $NODES nodes over the socket"
live=$(rpcbench "$sock" fill "$NODES")
show_id=$(bin/heph --db "$db" add "bench: the show target" --tag bench)
say "store: $((live + 1)) live nodes; show target $show_id"

hf() { # name, command...
  local name="$1"; shift
  hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/hf-$name.json" "$*" >&2
}
say "hyperfine: the CLI's reads"
hf list "$root/bin/heph --db $db list --json"
hf show "$root/bin/heph --db $db show $show_id"

say "RpcBench reads: $CALLS calls per method, $CLIENTS clients"
rpcbench "$sock" "$CALLS" "$CLIENTS" reads | tee "$work/rpcbench.txt" >&2

say "hyperfine: the CLI's write"
hf add "$root/bin/heph --db $db add x"

say "RpcBench writes: $CALLS calls, $CLIENTS clients"
rpcbench "$sock" "$CALLS" "$CLIENTS" writes | tee -a "$work/rpcbench.txt" >&2

kill -TERM "$daemon_pid"
wait "$daemon_pid" || true
daemon_pid=""

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "### hephd JSON-RPC over the unix socket vs the CLI ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"\
  "$("$JAVA" -version 2>&1 | sed -n 2p), heph $(git rev-parse --short HEAD 2>/dev/null || echo '?'),"\
  "load average at the start $load_start, at the end $load_end; $(hyperfine --version)."
echo

python3 - "$work" "$NODES" "$CALLS" "$CLIENTS" "$RUNS" <<'PY'
import json, sys, re
work, nodes, calls, clients, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
lat, rps = {}, {}
for line in open(f"{work}/rpcbench.txt"):
    p = line.split()
    if p and p[0] == "RESULT":
        lat[p[1]] = (float(p[2]), float(p[3]), float(p[4]))
    elif p and p[0] == "RPS":
        rps[p[1]] = float(p[3])
def hf(name):
    r = json.load(open(f"{work}/hf-{name}.json"))["results"][0]
    return r["median"] * 1e6, r["mean"] * 1e6, r["stddev"] * 1e6
def ms(us):
    return f"{us / 1000:.2f} ms" if us >= 1000 else f"{us:.0f} µs"
rows = [("`node.list` (all ~%d live nodes)" % (nodes + 2), "node.list", "`heph list --json`", "list"),
        ("`node.get` (one node by id)", "node.get", "`heph show ID`", "show"),
        ("`node.create`", "node.create", "`heph add x`", "add")]
print(f"| query | socket p50 | socket p99 | socket req/s ({clients} clients) | CLI | CLI median (mean ± σ) | CLI / socket p50 |")
print("|---|---:|---:|---:|---|---:|---:|")
for label, key, cli, h in rows:
    p50, p99, _ = lat[key]
    med, mean, sd = hf(h)
    print(f"| {label} | {ms(p50)} | {ms(p99)} | {rps[key]:,.0f} | {cli} | {ms(med)} ({ms(mean)} ± {ms(sd)}) | {med / p50:,.0f}× |")
print()
print(f"Socket: {calls:,} sequential calls per method on one connection after 1,000 warm-up calls (p50/p99), "
      f"then {calls:,} calls shared by {clients} clients on their own connections (req/s). "
      f"CLI: hyperfine -N, 3 warm-up + {runs} runs, bin/heph (JDK 25 AOT cache), the daemon running and idle.")
PY
