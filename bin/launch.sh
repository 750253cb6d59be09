# The run-time half of the launchers: bin/heph and bin/hephd, and the ones bin/install writes,
# source it (it is installed beside the jars). HOME_DIR below holds heph-cli.jar, hephd.jar, lib/,
# and, where built for this machine, libsqlitejdbc.so and the AOT caches.

# Runs the heph CLI: heph_exec_cli JAVA HOME_DIR ARGS...
heph_exec_cli() {
  local java="$1" home="$2"
  shift 2
  local flags=()
  heph_cli_flags "$home"
  # Two JDK AOT class caches, each trained on its commands: `sync`, `daemon`, `login` and
  # `logout` need the HTTP and socket classes that every other command would only pay to map.
  # Pick by the first word that is a command name.
  local group=local arg
  for arg in "$@"; do
    case "$arg" in
      sync|daemon|login|logout) group=net; break ;;
      add|list|show|edit|done|rm|restore|link|unlink|search|log|conflicts|check|note) break ;;
      next|all|completed|overdue|waiting|projects|tags) break ;;
    esac
  done
  local aot="$home/heph-$group.aot"
  # A cache is only valid for the runtime and jars it was trained with: it lives beside the jars,
  # which never change (a build or an install makes a new copy). Made on first use if missing.
  if [[ ! -f "$aot" && -w "$home" ]]; then
    heph_train "$java" "$home" "$group" || true
  fi
  if [[ -f "$aot" ]]; then
    flags+=(-XX:AOTCache="$aot")
  fi
  heph_export_size
  exec "$java" "${flags[@]}" -jar "$home/heph-cli.jar" "$@"
}

# On a terminal, exports its size as COLUMNS and LINES for the CLI's tables (a shell seldom
# exports them). bash's checkwinsize reads the size after a child ends, and the child can be a
# subshell: no stty or tput is run, and nothing at all happens when stdout is not a terminal.
heph_export_size() {
  if [[ -t 1 && -z "${COLUMNS:-}" ]]; then
    shopt -s checkwinsize
    (:)
    if [[ -n "${COLUMNS:-}" && "$COLUMNS" != 0 ]]; then export COLUMNS LINES; fi
  fi
}

# Makes HOME_DIR/heph-GROUP.aot (GROUP: local or net) with the flags the CLI runs with (a cache
# is refused by a JVM run with other ones): heph_train JAVA HOME_DIR GROUP.
heph_train() {
  local java="$1" home="$2" group="$3" flags=()
  heph_cli_flags "$home"
  local tmp="$home/heph-$group.aot.$$.tmp"
  if "$java" "${flags[@]}" -XX:AOTCacheOutput="$tmp" -cp "$home/heph-cli.jar" dev.heph.cli.Train "$group" \
      >/dev/null 2>&1; then
    chmod 0644 "$tmp" && mv -f "$tmp" "$home/heph-$group.aot"
  else
    rm -f "$tmp"
    return 1
  fi
}

# Sets flags to the CLI's JVM flags: quick start-up matters more than peak speed for one command.
heph_cli_flags() {
  flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k)
  heph_native_flags "$1"
}

# Runs the daemon: heph_exec_hephd JAVA HOME_DIR ARGS...
heph_exec_hephd() {
  local java="$1" home="$2"
  shift 2
  local flags=(-XX:+UseSerialGC)
  heph_native_flags "$home"
  exec "$java" "${flags[@]}" -jar "$home/hephd.jar" "$@"
}

# Adds to flags: sqlite-jdbc loads its native library from HOME_DIR (extracted once, when heph
# was built or installed) instead of extracting and checking it on every start.
heph_native_flags() {
  if [[ -f "$1/libsqlitejdbc.so" ]]; then
    flags+=(-Dorg.sqlite.lib.path="$1" -Dorg.sqlite.lib.name=libsqlitejdbc.so)
  fi
}
