#!/usr/bin/env bash
# One command: ./bench/run.sh [--schools N] [--students-per-school N] [--seconds S]
# Seeds a district into a fresh SQLite file, measures the seeding time and the database size, starts the
# app in Release, and loads the read API with wrk (loopback only, bounded in time). Results are appended
# to bench/results/<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SCHOOLS=1; STUDENTS=720; SECONDS_PER_RUN=10; PORT=5190
while [ $# -gt 0 ]; do
  case "$1" in
    --schools) SCHOOLS=$2; shift 2 ;;
    --students-per-school) STUDENTS=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

work=$(mktemp -d)
trap 'kill $app 2>/dev/null || true; rm -rf "$work"' EXIT
export ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True"
export DataProtection__KeysPath="$work/keys"
export Database__SeedDemo=false
export ASPNETCORE_ENVIRONMENT=Production
# The app reads appsettings.json (its log levels: no line per SQL command) from its project folder, not from where the bench runs.
export ASPNETCORE_CONTENTROOT="$PWD/src/SchoolJournal.Web"

dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll

start=$(date +%s%N)
dotnet "$bin" seed-demo --schools "$SCHOOLS" --students-per-school "$STUDENTS" --today 2026-11-23 > "$work/seed.log"
seed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
db_mb=$(du -cm "$work"/journal.db* | tail -1 | cut -f1)

dotnet "$bin" --urls "http://127.0.0.1:$PORT" > "$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
token=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"uchitel","password":"journal2026"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
director=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"direktor","password":"journal2026"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')

load() { # name token path
  local out
  out=$(wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $2" "http://127.0.0.1:$PORT$3")
  printf '| %s | %s | %s | %s |\n' "$1" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" \
    "$(echo "$out" | awk '$1=="99%" {print $2}')"
}

result="bench/results/$(date +%F).md"
{
  echo "## $(date '+%F %T') · schools=$SCHOOLS students-per-school=$STUDENTS · $(nproc) cores"
  echo
  echo "- seed: $(tail -1 "$work/seed.log")"
  echo "- seed wall time (incl. start-up and migration): $((seed_ms / 1000)).$(( (seed_ms % 1000) / 100 )) s; SQLite size: ${db_mb} MB"
  echo
  echo "| request (wrk -t2 -c16, ${SECONDS_PER_RUN}s) | req/s | p50 | p99 |"
  echo "|---|---|---|---|"
  load "GET /health" "" /health
  load "GET /api/v1/groups (teacher)" "$token" /api/v1/groups
  load "GET /api/v1/classes (director)" "$director" /api/v1/classes
  load "GET /api/v1/periods (teacher)" "$token" /api/v1/periods
  echo
} | tee -a "$result"
