#!/usr/bin/env bash
# One command: ./bench/crash.sh [--db sqlite|postgres] [--trials N] [--writers N] [--students N]
# The crash trial of issue 14 (durability): a small demo school; then N times: start the app in Release, write marks through the
# API from several writers at once (POST /api/v1/lessons/{id}/marks, one new audited mark per request), `kill -9` the app at a
# random moment (1–7 s into the load), start it again, check that every mark the API acknowledged (201 with its id) is in the
# database and that `verify` (the chain, the signed anchors and every mark against its last event) finds nothing.
# PostgreSQL: the server of SJ_TEST_POSTGRES (source /work/notes/infra.env), a database of its own dropped at the end.
# Appends to bench/results/<date>-crash.md; the figures worth keeping go into bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=sqlite; TRIALS=20; WRITERS=4; STUDENTS=120; PORT=5193
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB=$2; shift 2 ;;
    --trials) TRIALS=$2; shift 2 ;;
    --writers) WRITERS=$2; shift 2 ;;
    --students) STUDENTS=$2; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq; }

work=$(mktemp -d)
app=""
pgdb="sj_crash_$$"
cleanup() {
  [ -n "$app" ] && kill -9 "$app" 2>/dev/null || true
  jobs -p | xargs -r kill 2>/dev/null || true
  if [ "$DB" = postgres ]; then psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export DataProtection__KeysPath="$work/keys" Database__SeedDemo=false ASPNETCORE_ENVIRONMENT=Production Backup__Enabled=false \
  Audit__KeyFile="$work/anchor.key" Audit__AnchorDirectory="$work/anchors" Audit__ResultFile="$work/verify.json" \
  Archive__Directory="$work/archive" Backup__Directory="$work/backups" Files__Path="$work/files"
# The app reads appsettings.json (its log levels: no line per SQL command) from its project folder, not from where the bench runs.
export ASPNETCORE_CONTENTROOT="$PWD/src/SchoolJournal.Web"
if [ "$DB" = postgres ]; then
  : "${SJ_TEST_POSTGRES:?source /work/notes/infra.env first}"
  host=$(echo "$SJ_TEST_POSTGRES" | sed -n 's/.*Host=\([^;]*\).*/\1/p'); port=$(echo "$SJ_TEST_POSTGRES" | sed -n 's/.*Port=\([^;]*\).*/\1/p')
  user=$(echo "$SJ_TEST_POSTGRES" | sed -n 's/.*Username=\([^;]*\).*/\1/p')
  PGURL="postgresql://$user@$host:$port"
  psql "$PGURL/postgres" -qc "CREATE DATABASE $pgdb" >/dev/null
  export Database__Provider=Postgres ConnectionStrings__Postgres="$SJ_TEST_POSTGRES;Database=$pgdb"
  sql() { psql "$PGURL/$pgdb" -Atc "$1"; }
  label="PostgreSQL"
else
  export Database__Provider=Sqlite ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True"
  sql() { sqlite3 "$work/journal.db" "$1"; }
  label="SQLite"
fi

dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
# A copy of its own: a build in the tree during the trials does not change the app under test.
cp -r src/SchoolJournal.Web/bin/Release/net10.0 "$work/app"
bin=$work/app/SchoolJournal.Web.dll
dotnet "$bin" seed-demo --schools 1 --students-per-school "$STUDENTS" --today 2026-11-23 > "$work/seed.log"
base="http://127.0.0.1:$PORT"

start_app() {
  dotnet "$bin" --urls "$base" >> "$work/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do curl -fs "$base/health" >/dev/null && return 0; sleep 0.5; done
  echo "приложение не поднялось" >&2; tail -20 "$work/app.log" >&2; exit 1
}

# writer N: posts marks until the app dies; each acknowledged mark's id goes to acked.N as soon as the 201 arrives.
writer() {
  local n=$1 i=0 body code
  while true; do
    i=$((i + 1))
    body=$(printf '{"studentId":%s,"value":"%d"}' "${students[$(( (i + n) % ${#students[@]} ))]}" $(( (i % 4) + 2 )))
    code=$(curl -s -o "$work/out.$n" -w '%{http_code}' -m 10 -X POST "$base/api/v1/lessons/$lesson/marks" \
      -H "Authorization: Bearer $token" -H 'content-type: application/json' -d "$body") || return 0
    if [ "$code" = 201 ]; then jq -r .id "$work/out.$n" >> "$work/acked.$n"; else echo "$code" >> "$work/refused"; fi
  done
}

start_app
token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"uchitel","password":"journal2026"}' | jq -r .accessToken)
auth=(-H "Authorization: Bearer $token")
class=$(curl -fs "${auth[@]}" "$base/api/v1/classes" | jq '[.[] | select(.name == "5А")][0].id')
group=$(curl -fs "${auth[@]}" "$base/api/v1/groups" | jq --argjson c "$class" '[.[] | select(.subject == "Математика" and (.classIds | index($c)))][0].id')
for period in $(curl -fs "${auth[@]}" "$base/api/v1/periods" | jq '[.[] | select(.kind == "quarter")] | sort_by(.start) | .[].id'); do
  curl -fs "${auth[@]}" "$base/api/v1/groups/$group/journal?periodId=$period" > "$work/journal.json" && break
done
lesson=$(jq '.lessons[-1].id' "$work/journal.json")
mapfile -t students < <(jq '.students[].id' "$work/journal.json")

result="bench/results/$(date +%F)-crash.md"
{
  echo "## $(date '+%F %T') · crash trial · $(nproc) cores · $label · $WRITERS writers · $TRIALS trials"
  echo
  echo "- seed: $(tail -1 "$work/seed.log")"
  echo
  echo "| trial | killed after | acknowledged | in the database | lost | restart | verify |"
  echo "|---|---|---|---|---|---|---|"
} | tee -a "$result"
total_acked=0; total_lost=0; verify_failed=0; total_refused=0
for t in $(seq 1 "$TRIALS"); do
  rm -f "$work"/acked.* "$work/refused"; touch "$work/acked.0" "$work/refused"
  pids=()
  for n in $(seq 1 "$WRITERS"); do writer "$n" & pids+=($!); done
  delay=$(( RANDOM % 6000 + 1000 ))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$app"; wait "$app" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  clock=$(date +%s%N); start_app; restart_ms=$(( ($(date +%s%N) - clock) / 1000000 ))
  cat "$work"/acked.* | sort -n | uniq > "$work/acked"
  acked=$(wc -l < "$work/acked")
  if [ "$acked" -gt 0 ]; then
    found=$(sql "SELECT count(*) FROM \"Marks\" WHERE \"Id\" IN ($(paste -sd, "$work/acked"))")
  else found=0; fi
  lost=$((acked - found))
  if dotnet "$bin" verify > "$work/verify.out" 2>&1; then verdict="цел"; else verdict="НАРУШЕН"; verify_failed=$((verify_failed + 1)); cat "$work/verify.out" >&2; fi
  total_acked=$((total_acked + acked)); total_lost=$((total_lost + lost)); total_refused=$((total_refused + $(wc -l < "$work/refused")))
  echo "| $t | $((delay / 1000)).$(printf '%03d' $((delay % 1000))) s | $acked | $found | $lost | $restart_ms ms | $verdict |" | tee -a "$result"
done
{
  echo
  echo "Total: $TRIALS kills, $total_acked acknowledged marks, $total_lost lost, verify failed $verify_failed times," \
    "writes answered other than 201: $total_refused."
  echo
} | tee -a "$result"
[ "$total_lost" -eq 0 ] && [ "$verify_failed" -eq 0 ]
