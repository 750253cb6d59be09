# Shared by bin/heph, bin/hephd, bin/install, bin/test and bin/simulate (sourced, not run).
# Expects $root (the checkout).

# Sets JAVA to a JDK 25 java: $JAVA_HOME if it is 25, else the usual install paths.
heph_find_java() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-25-openjdk-arm64)
  local home line
  for home in "${candidates[@]}"; do
    [[ -x "$home/bin/java" && -r "$home/release" ]] || continue
    while IFS= read -r line; do
      if [[ "$line" == 'JAVA_VERSION="25'* ]]; then
        export JAVA_HOME="$home"
        JAVA="$home/bin/java"
        return 0
      fi
    done <"$home/release"
  done
  echo "heph: needs a JDK 25 (none found in \$JAVA_HOME or /usr/lib/jvm)." >&2
  echo "      Install Temurin 25 (e.g. apt-get install temurin-25-jdk from Adoptium's repository)" >&2
  echo "      or set JAVA_HOME to a JDK 25." >&2
  exit 1
}

# The launchers run from a copy of the built program, build/run/<build>/ (heph-cli.jar, hephd.jar,
# lib/, libsqlitejdbc.so, AOT caches), named in build/run/current. Maven's target/ folders are the
# tests' to clean and rebuild: `mvn clean verify` must not pull the jars from under a running
# `bin/heph` or `hephd`, and a copy is never rewritten in place.
heph_runs="$root/build/run"

# Sets HEPH_RUN to the copy the launchers run, after building heph (every module heph and hephd
# need, in one Maven run) when there is none or a source changed since. One build at a time per
# checkout: a second launcher started meanwhile waits for it and uses its result.
heph_build_if_needed() {
  if heph_build_fresh; then
    return 0
  fi
  mkdir -p "$heph_runs"
  exec 9>"$heph_runs/.lock"
  if ! flock -n 9; then
    echo "heph: another launcher is building this checkout; waiting for it..." >&2
    flock 9
  fi
  if ! heph_build_fresh; then
    heph_build
  fi
  exec 9>&-
}

# True (and HEPH_RUN set) when the current copy is newer than every pom and main source.
heph_build_fresh() {
  local name
  [[ -r "$heph_runs/current" ]] && IFS= read -r name <"$heph_runs/current" && [[ -f "$heph_runs/$name/STAMP" ]] \
    || return 1
  HEPH_RUN="$heph_runs/$name"
  [[ -z "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main -newer "$HEPH_RUN/STAMP" -print -quit 2>/dev/null)" ]]
}

# One Maven run packages heph-cli and hephd with what they need, saying which module it is on;
# then the result is copied to a new build/run/<build>/ and made current. HEPH_MAVEN_FLAGS adds
# flags to that Maven run (e.g. -o to build offline).
heph_build() {
  local log="$heph_runs/build.log" started="$heph_runs/.started" t0=$SECONDS
  touch "$started" # sources edited during the build are newer than this: the next run rebuilds
  echo "heph: building heph and hephd (first run or sources changed; about a minute); log: $log" >&2
  local status=0
  (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
     mvn -B -ntp ${HEPH_MAVEN_FLAGS:-} -Dmaven.test.skip=true -pl heph-cli,hephd -am package) 2>&1 \
    | tee "$log" \
    | awk 'match($0, /\[[0-9]+\/[0-9]+\]$/) && $1 == "[INFO]" && $2 == "Building" {
             printf "heph: building %s (%s)...\n", $3, substr($0, RSTART + 1, RLENGTH - 2); fflush() }' >&2 \
    || status=$?
  if [[ $status -ne 0 ]] || ! grep -q '^\[INFO\] BUILD SUCCESS' "$log"; then
    echo "heph: build failed; the last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  heph_assemble "$started"
  echo "heph: built in $((SECONDS - t0)) s" >&2
}

# Copies what Maven packaged in target/ to DIR: heph-cli.jar, hephd.jar, lib/ (both modules' jars
# side by side: each jar's manifest names its own, the shared ones are the same), and this
# machine's sqlite-jdbc native library, so that it is not extracted on every start.
heph_collect() {
  local dir="$1" arch jar
  for jar in heph-cli/target/heph-cli.jar hephd/target/hephd.jar; do
    [[ -f "$root/$jar" ]] || { echo "heph: $root/$jar is missing: build first (mvn package)" >&2; return 1; }
  done
  mkdir -p "$dir/lib"
  cp "$root/heph-cli/target/heph-cli.jar" "$root/hephd/target/hephd.jar" "$dir/"
  cp "$root/heph-cli/target/lib/"*.jar "$dir/lib/"
  cp -f "$root/hephd/target/lib/"*.jar "$dir/lib/"
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64|Linux-amd64) arch=x86_64 ;;
    Linux-aarch64|Linux-arm64) arch=aarch64 ;;
    *) arch= ;;
  esac
  if [[ -n "$arch" && -f "$root/heph-cli/target/native/org/sqlite/native/Linux/$arch/libsqlitejdbc.so" ]]; then
    cp "$root/heph-cli/target/native/org/sqlite/native/Linux/$arch/libsqlitejdbc.so" "$dir/"
  fi
}

# Collects the build into a fresh build/run/<build>/, points build/run/current at it, and
# removes older copies that no running process has open.
heph_assemble() {
  local started="$1" name dir
  name="$(date +%Y%m%d-%H%M%S)-$$"
  dir="$heph_runs/$name"
  heph_collect "$dir" || exit 1
  touch -r "$started" "$dir/STAMP"
  echo "$name" >"$heph_runs/current.tmp"
  mv -f "$heph_runs/current.tmp" "$heph_runs/current"
  HEPH_RUN="$dir"
  local old
  for old in "$heph_runs"/*/; do
    old="${old%/}"
    [[ "$old" == "$dir" ]] && continue
    # A daemon started from an old copy keeps it until it exits (it opens jars lazily).
    if [[ -z "$(find /proc/[0-9]*/fd -lname "$old/*" -print -quit 2>/dev/null)" ]]; then
      rm -rf "$old"
    fi
  done
}
