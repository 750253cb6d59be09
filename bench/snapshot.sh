# bench/snapshot.sh (sourced by bench/run.sh and bench/import.sh): heph_snapshot DIR makes DIR a
# frozen copy of this tree as bin/heph just built it: its launcher, the sources it checks for
# freshness (so its `find` costs the same), and the copy the launcher runs (build/run/<build>/:
# the jars, their libs and the extracted native library). Edits (or builds) in the real tree
# during a run then cannot trigger a rebuild or an AOT re-training inside a timed run. The copy
# trains its own AOT caches on its first run, as a fresh clone does (a cache is tied to the jar's
# path). Run from the repository root, after bin/heph --version.
heph_snapshot() {
  local snap="$1" m
  mkdir -p "$snap/build/run"
  cp -a bin pom.xml "$snap/"
  for m in heph-* hephd; do
    [[ -d "$m" ]] || continue
    mkdir -p "$snap/$m/src"
    if [[ -f "$m/pom.xml" ]]; then cp -a "$m/pom.xml" "$snap/$m/"; fi
    if [[ -d "$m/src/main" ]]; then cp -a "$m/src/main" "$snap/$m/src/"; fi
  done
  cp -a "build/run/$(cat build/run/current)" "$snap/build/run/bench"
  rm -f "$snap/build/run/bench/"*.aot
  echo bench >"$snap/build/run/current"
  touch "$snap/build/run/bench/STAMP"     # newer than every copied source: no rebuild
  "$snap/bin/heph" --version >/dev/null || { echo "bench: the snapshot of bin/heph does not run" >&2; return 1; }
  "$snap/bin/heph" --version >/dev/null   # (trains the AOT cache on the first call)
}
