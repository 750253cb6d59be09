#!/usr/bin/env bash
# bench/sync-prepare.sh ACTION DB: the untimed hyperfine --prepare steps of bench/sync.sh.
#   fresh DB        delete DB (and its -wal/-shm/-journal): the next `heph --db DB sync` is a new replica
#   add10 DB        add 10 new tasks to DB (bench/SyncAdd10.java, compiled once by sync.sh), not synced
#   add10-sync DB   add 10 new tasks to DB, then `heph --db DB sync` (someone else pushes 10 nodes)
# Needs (exported by sync.sh): SYNC_JAVA, SYNC_CP (classes + heph's libs), SYNC_HEPH (bin/heph of the snapshot).
set -euo pipefail
action=${1:-}
db=${2:-}
[[ -n "$db" ]] || { echo "usage: sync-prepare.sh fresh|add10|add10-sync DB" >&2; exit 2; }
case "$action" in
  fresh)
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal" ;;
  add10)
    "$SYNC_JAVA" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$SYNC_CP" SyncAdd10 "$db" 10 ;;
  add10-sync)
    "$SYNC_JAVA" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$SYNC_CP" SyncAdd10 "$db" 10
    "$SYNC_HEPH" --db "$db" sync >/dev/null ;;
  *) echo "usage: sync-prepare.sh fresh|add10|add10-sync DB" >&2; exit 2 ;;
esac
