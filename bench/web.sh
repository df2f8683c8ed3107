#!/usr/bin/env bash
# Reader-page throughput: publish the app, import a folder of feed snapshots into a temporary database,
# cluster it, serve it on loopback and run wrk against the topic index, its first topic page and the largest topic page.
# Installs nothing; needs wrk (Debian: apt-get install -y wrk) and curl.
#
#   bench/web.sh [FEEDS_FOLDER]        default: ../shared/demo/feeds beside the checkout
#   DURATION=30s CONNECTIONS=32 THREADS=2 PORT=5099 bench/web.sh
#   DURING_IMPORT=1 bench/web.sh       also measure while a second import writes to the database
#   POSTGRES='Host=127.0.0.1;Port=5432;Username=postgres;Password=...' bench/web.sh
#                                      the same on PostgreSQL: a database of its own is created on that server
#                                      (aggregator_bench_PID) and dropped at the end; needs psql
#   APP=path/to/published/app bench/web.sh   skip the publish step and measure that build
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
feeds=${1:-$root/../shared/demo/feeds}
port=${PORT:-5099}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}

for tool in wrk curl dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (wrk: apt-get install -y wrk)" >&2; exit 2; }
done
[ -d "$feeds" ] || { echo "no feed folder at $feeds" >&2; exit 2; }
if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
  echo "port $port is already serving; stop that server or set PORT" >&2; exit 2
fi

# PostgreSQL: the server named by $POSTGRES, reached with psql through the PG* variables for creating and dropping
# the benchmark's own database; the app gets the same connection string with that database.
connection=""
bench_db=""
if [ -n "${POSTGRES:-}" ]; then
  command -v psql >/dev/null || { echo "psql is missing (Debian: postgresql-client)" >&2; exit 2; }
  while IFS='=' read -r key value; do
    case "${key,,}" in
      host|server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      username|user|"user id") export PGUSER=$value ;;
      password) export PGPASSWORD=$value ;;
    esac
  done < <(tr ';' '\n' <<<"$POSTGRES")
  bench_db="aggregator_bench_$$"
  psql -q -d postgres -c "CREATE DATABASE $bench_db" >/dev/null
  connection="$POSTGRES;Database=$bench_db"
fi

work=$(mktemp -d)
app_pid=""
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  if [ -n "$bench_db" ]; then psql -q -d postgres -c "DROP DATABASE IF EXISTS $bench_db" >/dev/null || true; fi
}
trap cleanup EXIT

app=${APP:-$work/app}
if [ -z "${APP:-}" ]; then
  echo "== publishing (Release)"
  dotnet publish "$root/src/Aggregator.Web" -c Release -o "$app" --nologo -v quiet >/dev/null
fi

# Quiet per-request logging: the benchmark measures the pages, not the console.
run() {
  env "Data__Directory=$work/data" "ConnectionStrings__Aggregator=$connection" Data__SeedDemoContent=false \
      Ingestion__WorkersEnabled=false Clustering__WorkerEnabled=false \
      "Serilog__MinimumLevel__Default=Warning" \
      DOTNET_gcServer=1 ASPNETCORE_ENVIRONMENT=Production \
      dotnet "$app/Aggregator.Web.dll" "$@"
}

if [ -n "$bench_db" ]; then echo "== database: PostgreSQL $bench_db"; else echo "== database: SQLite in $work/data"; fi
echo "== importing $feeds"
run import "$feeds"
echo "== clustering"
run bench clustering

echo "== serving on 127.0.0.1:$port"
# exec, so that the recorded pid is the server itself and the exit trap stops it.
(exec env "Data__Directory=$work/data" "ConnectionStrings__Aggregator=$connection" Data__SeedDemoContent=false \
    Ingestion__WorkersEnabled=false Clustering__WorkerEnabled=false \
    "Serilog__MinimumLevel__Default=Warning" DOTNET_gcServer=1 ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$app/Aggregator.Web.dll" --urls "http://127.0.0.1:$port") >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "app did not start" >&2; cat "$work/app.log" >&2; exit 1; }

topic=$(curl -fs "http://127.0.0.1:$port/" | grep -o 'href="/topics/[^"]*"' | head -n 1 | cut -d'"' -f2)
[ -n "$topic" ] || { echo "the index lists no topics" >&2; exit 1; }
topics=$(curl -fs "http://127.0.0.1:$port/" | grep -o '[0-9,]* topics</p>' | head -n 1 || true)
echo "== index shows ${topics%</p>}; topic page $topic"

measure() {
  local label=$1 path=$2
  curl -fs -o /dev/null "http://127.0.0.1:$port$path"   # fill the output cache
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port$path")
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' || true)
  printf '%-28s %12s req/s   p99 %8s   %s\n' "$label" "$rps" "$p99" "$errors"
}

# The largest topic's page too: it is the heaviest page a reader meets.
largest_sql='SELECT "Id" FROM "Topics" WHERE "MergedIntoId" IS NULL AND NOT "IsHidden" ORDER BY "ArticleCount" DESC LIMIT 1'
if [ -n "$bench_db" ]; then
  largest=$(psql -d "$bench_db" -tAc "$largest_sql")
elif command -v sqlite3 >/dev/null; then
  largest=$(sqlite3 "$work/data/aggregator.db" "$largest_sql")
else
  largest=""
fi

echo "== wrk -t$threads -c$connections -d$duration"
measure "index /" "/"
measure "topic $topic" "$topic"
if [ -n "$largest" ]; then
  # The address with its slug, as the index links it: the bare id answers with a redirect.
  canonical=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$port/topics/$largest")
  canonical=${canonical#http://127.0.0.1:$port}
  measure "largest ${canonical:-/topics/$largest}" "${canonical:-/topics/$largest}"
fi

if [ "${DURING_IMPORT:-0}" = "1" ]; then
  echo "== again while an import writes to the same database"
  copy="$work/feeds-again"
  cp -r "$feeds" "$copy"
  # Rewritten ids and links make every item new, so the import really writes.
  find "$copy" -name '*.xml' -exec sed -i 's#<link>\(http[^<]*\)</link>#<link>\1?again</link>#; s#<guid\([^>]*\)>\([^<]*\)</guid>#<guid\1>\2-again</guid>#' {} +
  run import "$copy" >"$work/import2.log" 2>&1 &
  import_pid=$!
  measure "index / (importing)" "/"
  measure "topic (importing)" "$topic"
  wait "$import_pid" || true
  tail -n 1 "$work/import2.log"
fi
