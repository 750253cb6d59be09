# Shared by bin/heph and bin/hephd (sourced, not run).

# Sets JAVA to a JDK 25 java: $JAVA_HOME if it is 25, else the usual install paths.
heph_find_java() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-25-openjdk-arm64)
  local home
  for home in "${candidates[@]}"; do
    if [[ -x "$home/bin/java" ]] && grep -q '^JAVA_VERSION="25' "$home/release" 2>/dev/null; then
      export JAVA_HOME="$home"
      JAVA="$home/bin/java"
      return 0
    fi
  done
  echo "heph: needs a JDK 25 (none found in \$JAVA_HOME or /usr/lib/jvm)." >&2
  echo "      Install Temurin 25 (e.g. apt-get install temurin-25-jdk from Adoptium's repository)" >&2
  echo "      or set JAVA_HOME to a JDK 25." >&2
  exit 1
}

# Builds the given module (and what it needs) when its jar is missing or older than any source.
heph_build_if_needed() {
  local module="$1"
  local jar="$root/$module/target/$module.jar"
  if [[ -f "$jar" ]] && [[ -z "$(find "$root" -maxdepth 1 -name pom.xml -newer "$jar" -print -quit)" ]] \
      && [[ -z "$(find "$root"/heph-{core,sync,auth,cli}/src/main "$root"/heph-{core,sync,auth,cli}/pom.xml \
                 "$root"/hephd/src/main "$root"/hephd/pom.xml \
                 -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    return 0
  fi
  echo "heph: building $module (first run or sources changed; this takes a minute)..." >&2
  local log="$root/$module/target/build.log"
  mkdir -p "$root/$module/target"
  if ! (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
        mvn -q -B -Dmaven.test.skip=true -pl "$module" -am package >"$log" 2>&1); then
    echo "heph: build failed; the last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  touch "$jar"
}

# JVM flags that point sqlite-jdbc at its native library, extracted once at build time.
heph_sqlite_flags() {
  local arch
  case "$(uname -m)" in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=aarch64 ;;
    *) return 0 ;;
  esac
  local dir="$1/native/org/sqlite/native/Linux/$arch"
  if [[ "$(uname -s)" == Linux && -f "$dir/libsqlitejdbc.so" ]]; then
    echo "-Dorg.sqlite.lib.path=$dir -Dorg.sqlite.lib.name=libsqlitejdbc.so"
  fi
}
