#!/usr/bin/env bash
# Crash safety: kill -9 the import and the clustering in the middle, restart, finish, and compare with a clean run.
# Usage: bench/kill-restart.sh [FEEDS_DIR]   (default ../shared/demo/feeds beside the repository)
source "$(dirname "$0")/common.sh"
need sqlite3 sqlite3
FEEDS="$(cd "${1:-$REPO/../shared/demo/feeds}" && pwd)"
DLL="$(app_dll)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/aggregator-kill.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
CLEAN="$WORK/clean"; CRASH="$WORK/crash"; mkdir -p "$CLEAN" "$CRASH"

echo "== clean run on $FEEDS"
run_app "$CLEAN" import "$FEEDS" 2>/dev/null
run_app "$CLEAN" bench clustering 2>/dev/null
clean_articles=$(q "$CLEAN" "SELECT count(*) FROM Articles")
echo "clean: $clean_articles articles"

# kill_when DATA_DIR SQL THRESHOLD CMD... : start CMD, kill -9 it once SQL's count reaches THRESHOLD (or it ends).
kill_when() {
  local data="$1" sql="$2" threshold="$3"; shift 3
  exec_app "$data" "$@" >/dev/null 2>&1 &
  local pid=$! n=0
  while kill -0 "$pid" 2>/dev/null; do
    n=$(q "$data" "$sql" 2>/dev/null || echo 0)
    if (( n >= threshold )); then
      kill -9 "$pid"; wait "$pid" 2>/dev/null || true
      echo "killed -9 at $n (process $pid gone: $(kill -0 "$pid" 2>/dev/null && echo no || echo yes))"; return
    fi
    sleep 0.1
  done
  wait "$pid" || true
  echo "finished before the kill point ($n)"
}

echo "== crash run: kill -9 during import, restart"
kill_when "$CRASH" "SELECT count(*) FROM Articles" $(( clean_articles / 2 )) import "$FEEDS"
run_app "$CRASH" import "$FEEDS" 2>/dev/null
echo "== crash run: kill -9 during clustering, restart"
kill_when "$CRASH" "SELECT count(*) FROM Articles WHERE ClusteredAt IS NOT NULL" $(( clean_articles / 3 )) bench clustering
run_app "$CRASH" bench clustering 2>/dev/null || true

echo "== checks"
fail=0
check() { # NAME SQL EXPECTED
  local got; got=$(q "$CRASH" "$2")
  if [[ "$got" == "$3" ]]; then echo "ok    $1: $got"; else echo "FAIL  $1: $got (expected $3)"; fail=1; fi
}
clean_topics=$(q "$CLEAN" "SELECT count(*) FROM Topics WHERE MergedIntoId IS NULL AND ArticleCount > 0")
clean_dup_urls=$(q "$CLEAN" "SELECT count(*) FROM (SELECT 1 FROM Articles GROUP BY SourceId, Url HAVING count(*) > 1)")
check "integrity" "PRAGMA integrity_check" ok
check "articles equal the clean run" "SELECT count(*) FROM Articles" "$clean_articles"
check "no duplicate (source, guid)" "SELECT count(*) FROM (SELECT 1 FROM Articles GROUP BY SourceId, Guid HAVING count(*) > 1)" 0
check "duplicate URLs per source as in the clean run" "SELECT count(*) FROM (SELECT 1 FROM Articles GROUP BY SourceId, Url HAVING count(*) > 1)" "$clean_dup_urls"
check "every article clustered" "SELECT count(*) FROM Articles WHERE TopicId IS NULL" 0
check "no topic without members" "SELECT count(*) FROM Topics t WHERE MergedIntoId IS NULL AND NOT EXISTS (SELECT 1 FROM Articles a WHERE a.TopicId = t.Id)" 0
check "no half-written topic (counts match members)" "SELECT count(*) FROM Topics t WHERE MergedIntoId IS NULL AND ArticleCount <> (SELECT count(*) FROM Articles a WHERE a.TopicId = t.Id)" 0
crash_topics=$(q "$CRASH" "SELECT count(*) FROM Topics WHERE MergedIntoId IS NULL AND ArticleCount > 0")
echo "topics: clean $clean_topics, after crashes $crash_topics (the engine is rebuilt from stored topics after a restart, so the split can differ slightly)"
exit $fail
