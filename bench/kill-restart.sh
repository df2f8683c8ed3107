#!/usr/bin/env bash
# Crash safety: kill -9 the import and the clustering in the middle, restart, finish, and compare with a clean run:
# the same articles, nothing half-written, and the same stories (B-cubed F1 of the crash run against the clean one;
# a killed and restarted import alone gives F1 1.0000, so the figure measures the restarts of the clustering).
# Usage: bench/kill-restart.sh [FEEDS_DIR]   (default ../shared/demo/feeds beside the repository)
#   KILLS=3       times the clustering is killed (at 1/4, 2/4, 3/4 of the articles for 3)
#   SIGNAL=TERM   stop it cleanly instead of kill -9
#   MIN_F1=0.95   the B-cubed F1 below which the run fails
#   CLEAN_FROM=DIR  reuse the data folder of an earlier clean run (same feeds) instead of clustering it again
#   KEEP=1        keep the data folders (their path is printed)
source "$(dirname "$0")/common.sh"
need sqlite3 sqlite3
FEEDS="$(cd "${1:-$REPO/../shared/demo/feeds}" && pwd)"
DLL="$(app_dll)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/aggregator-kill.XXXXXX")"
if [[ -n "${KEEP:-}" ]]; then echo "data folders kept in $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
CLEAN="$WORK/clean"; CRASH="$WORK/crash"; mkdir -p "$CLEAN" "$CRASH"

if [[ -n "${CLEAN_FROM:-}" ]]; then
  echo "== clean run taken from $CLEAN_FROM"
  sqlite3 "$(db_of "$CLEAN_FROM")" ".backup '$(db_of "$CLEAN")'"
else
  echo "== clean run on $FEEDS"
  run_app "$CLEAN" import "$FEEDS" 2>/dev/null
  run_app "$CLEAN" bench clustering 2>/dev/null
fi
clean_articles=$(q "$CLEAN" "SELECT count(*) FROM Articles")
echo "clean: $clean_articles articles"

KILLS="${KILLS:-1}"; SIGNAL="${SIGNAL:-KILL}"; MIN_F1="${MIN_F1:-0.95}"

# kill_when DATA_DIR SQL THRESHOLD CMD... : start CMD, send it SIGNAL once SQL's count reaches THRESHOLD (or it ends).
kill_when() {
  local data="$1" sql="$2" threshold="$3"; shift 3
  exec_app "$data" "$@" >/dev/null 2>&1 &
  local pid=$! n=0
  while kill -0 "$pid" 2>/dev/null; do
    n=$(q "$data" "$sql" 2>/dev/null || echo 0)
    if (( n >= threshold )); then
      kill -s "$SIGNAL" "$pid"; wait "$pid" 2>/dev/null || true
      echo "SIG$SIGNAL at $n (process $pid gone: $(kill -0 "$pid" 2>/dev/null && echo no || echo yes))"; return
    fi
    sleep 0.1
  done
  wait "$pid" || true
  echo "finished before the kill point ($n)"
}

echo "== crash run: kill -9 during import, restart"
kill_when "$CRASH" "SELECT count(*) FROM Articles" $(( clean_articles / 2 )) import "$FEEDS"
run_app "$CRASH" import "$FEEDS" 2>/dev/null
for (( k = 1; k <= KILLS; k++ )); do
  echo "== crash run: SIG$SIGNAL during clustering ($k of $KILLS), restart"
  kill_when "$CRASH" "SELECT count(*) FROM Articles WHERE ClusteredAt IS NOT NULL" $(( clean_articles * k / (KILLS + 1) )) bench clustering
done
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
echo "topics: clean $clean_topics, after crashes $crash_topics"
# B-cubed over the articles both runs hold (matched by feed and guid, as ids differ after a killed import): for each
# article, the share of its crash-run topic that the clean run also put with it (precision) and the reverse (recall).
bcubed() { # DATA_DIR : "precision recall F1" of the crash run against DATA_DIR's clustering
  sqlite3 -cmd ".timeout 10000" "$(db_of "$CRASH")" "ATTACH '$(db_of "$1")' AS other;
WITH a AS (SELECT s.FeedUrl || ' ' || x.Guid AS k, x.TopicId AS t FROM main.Articles x JOIN main.Sources s ON s.Id = x.SourceId),
     b AS (SELECT s.FeedUrl || ' ' || x.Guid AS k, x.TopicId AS t FROM other.Articles x JOIN other.Sources s ON s.Id = x.SourceId),
     j AS (SELECT a.t AS ta, b.t AS tb FROM a JOIN b ON a.k = b.k),
     pair AS (SELECT ta, tb, count(*) AS n FROM j GROUP BY ta, tb),
     sa AS (SELECT ta, count(*) AS n FROM j GROUP BY ta),
     sb AS (SELECT tb, count(*) AS n FROM j GROUP BY tb),
     pr AS (SELECT sum(p.n * p.n * 1.0 / sa.n) / (SELECT count(*) FROM j) AS p, sum(p.n * p.n * 1.0 / sb.n) / (SELECT count(*) FROM j) AS r
            FROM pair p JOIN sa ON sa.ta = p.ta JOIN sb ON sb.tb = p.tb)
SELECT printf('%.4f %.4f %.4f', p, r, 2 * p * r / (p + r)) FROM pr;"
}
read -r bp br bf <<< "$(bcubed "$CLEAN")"
echo "B-cubed against the clean run: precision $bp, recall $br, F1 $bf (at least $MIN_F1 expected)"
if awk -v f="$bf" -v m="$MIN_F1" 'BEGIN { exit !(f < m) }'; then echo "FAIL  the restarted clustering grouped the stories differently"; fail=1; fi
exit $fail
