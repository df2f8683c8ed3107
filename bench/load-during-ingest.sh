#!/usr/bin/env bash
# Reads during writes: wrk against the front page and a topic page, first idle, then while an import of the
# second half of the demo feeds runs and the clustering worker of the serving app keeps up.
# Usage: bench/load-during-ingest.sh [FEEDS_DIR] [SECONDS]   (defaults ../shared/demo/feeds, 20)
source "$(dirname "$0")/common.sh"
need sqlite3 sqlite3
need wrk wrk
FEEDS="$(cd "${1:-$REPO/../shared/demo/feeds}" && pwd)"
SECONDS_PER_RUN="${2:-20}"
PORT="${PORT:-5187}"
DLL="$(app_dll)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/aggregator-load.XXXXXX")"
SERVER=""
cleanup() { [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
DATA="$WORK/data"; mkdir -p "$DATA" "$WORK/first" "$WORK/second"

# The first five days of every source make the idle site; the rest arrive during the load run.
for dir in "$FEEDS"/*/; do
  name=$(basename "$dir"); mkdir -p "$WORK/first/$name" "$WORK/second/$name"
  mapfile -t files < <(ls "$dir" | sort)
  half=$(( (${#files[@]} + 1) / 2 ))
  for f in "${files[@]:0:$half}"; do ln -s "$dir$f" "$WORK/first/$name/$f"; done
  for f in "${files[@]:$half}"; do ln -s "$dir$f" "$WORK/second/$name/$f"; done
done

echo "== preparing: import and cluster the first half"
run_app "$DATA" import "$WORK/first" 2>/dev/null
run_app "$DATA" bench clustering 2>/dev/null
TOPIC=$(q "$DATA" "SELECT Id FROM Topics WHERE MergedIntoId IS NULL AND NOT IsHidden ORDER BY Importance DESC, ArticleCount DESC LIMIT 1")

Clustering__PollInterval=00:00:01 Serilog__MinimumLevel__Default=Warning exec_app "$DATA" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.3; done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "server did not start"; cat "$WORK/server.log"; exit 1; }

# Both pages at once (one wrk each, 8 connections), so both runs overlap the same stretch of ingestion.
load() { # LABEL
  wrk -t1 -c8 -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/" >"$WORK/wrk-front.txt" &
  local a=$!
  wrk -t1 -c8 -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/topics/$TOPIC" >"$WORK/wrk-topic.txt" &
  local b=$!
  wait $a $b
  for f in front topic; do
    local out; out=$(cat "$WORK/wrk-$f.txt")
    local rps p99 non2xx errors
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors/ {sub(/^ +/, ""); print}' <<<"$out"); errors=${errors:-none}
    printf '%-7s %-6s %10s req/s   p99 %9s   non-2xx %s   socket errors: %s\n' "$1" "$f" "$rps" "$p99" "$non2xx" "$errors"
  done
}

echo "== idle (front page /, topic page /topics/$TOPIC)"
load idle

echo "== during import + clustering of the second half"
before=$(q "$DATA" "SELECT count(*) FROM Articles")
( start=$(date +%s%N); run_app "$DATA" import "$WORK/second" >"$WORK/import.log" 2>&1; rc=$?
  echo "$rc $(( ($(date +%s%N) - start) / 1000000 ))" >"$WORK/import.done" ) &
IMPORT=$!
load ingest
running="no"; [[ -f "$WORK/import.done" ]] || running="yes"
wait "$IMPORT" || true
read -r import_exit import_ms <"$WORK/import.done"
echo "import took ${import_ms} ms (load run ${SECONDS_PER_RUN} s; import still running when it ended: $running)"
after=$(q "$DATA" "SELECT count(*) FROM Articles")
pending=$(q "$DATA" "SELECT count(*) FROM Articles WHERE TopicId IS NULL")
echo "import exit $import_exit: articles $before -> $after, still unclustered at the end: $pending"
grep -E "Imported" "$WORK/import.log" || true
