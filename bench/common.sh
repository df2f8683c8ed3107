# Shared by the operations scripts: find or build the app, run it on a throwaway data folder.
# APP_DLL=path/to/Aggregator.Web.dll skips the build.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

app_dll() {
  if [[ -n "${APP_DLL:-}" ]]; then echo "$APP_DLL"; return; fi
  local out="${TMPDIR:-/tmp}/aggregator-bench-app"
  if [[ ! -f "$out/Aggregator.Web.dll" || -n "${REBUILD:-}" ]]; then
    echo "building Release into $out ..." >&2
    dotnet publish "$REPO/src/Aggregator.Web" -c Release -o "$out" >/dev/null
  fi
  echo "$out/Aggregator.Web.dll"
}

# run_app DATA_DIR ARGS... : the app (or one of its verbs) on DATA_DIR, no demo seeding, no live fetching.
run_app() {
  local data="$1"; shift
  Data__Directory="$data" Data__SeedDemoContent=false Ingestion__WorkersEnabled=false \
    DOTNET_gcServer=0 dotnet "$DLL" "$@"
}

# exec_app DATA_DIR ARGS... : the same, replacing the calling process; start it with `exec_app ... &` so that $! is
# the app itself and `kill -9 $!` really kills it (a backgrounded function is otherwise a bash subshell).
exec_app() {
  local data="$1"; shift
  Data__Directory="$data" Data__SeedDemoContent=false Ingestion__WorkersEnabled=false \
    DOTNET_gcServer=0 exec dotnet "$DLL" "$@"
}

db_of() { echo "$1/aggregator.db"; }

q() { sqlite3 -cmd ".timeout 10000" "$(db_of "$1")" "$2"; }

need() { command -v "$1" >/dev/null || { echo "needs $1 (apt-get install $2)" >&2; exit 2; }; }
