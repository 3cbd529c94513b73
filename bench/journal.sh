#!/usr/bin/env bash
# One command: ./bench/journal.sh [--seconds S]
# Seeds the demo school into a fresh SQLite file, starts the app in Release on 127.0.0.1 and measures with wrk
# (bounded in time) the journal of a full class for a full quarter (uchitel, 5А Математика, 1st quarter) and
# a mark write under load (POST /api/v1/lessons/{id}/marks, one new mark per request). Appends to
# bench/results/<date>-journal.md; the figures worth keeping go into bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_RUN=10; PORT=5191
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq; }

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
dotnet "$bin" seed-demo --schools 1 --today 2026-11-23 > "$work/seed.log"

dotnet "$bin" --urls "http://127.0.0.1:$PORT" > "$work/app.log" 2>&1 &
app=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null && break; sleep 1; done
token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"uchitel","password":"journal2026"}' | jq -r .accessToken)
auth=(-H "Authorization: Bearer $token")

class=$(curl -fs "${auth[@]}" "$base/api/v1/classes" | jq '[.[] | select(.name == "5А")][0].id')
group=$(curl -fs "${auth[@]}" "$base/api/v1/groups" | jq --argjson c "$class" '[.[] | select(.subject == "Математика" and (.classIds | index($c)))][0].id')
# The 1st quarter of 5А's level: /periods lists every level's quarters, the journal answers 404 for another level's.
for period in $(curl -fs "${auth[@]}" "$base/api/v1/periods" | jq '[.[] | select(.kind == "quarter")] | sort_by(.start) | .[].id'); do
  curl -fs "${auth[@]}" "$base/api/v1/groups/$group/journal?periodId=$period" > "$work/journal.json" && break
done
lessons=$(jq '.lessons | length' "$work/journal.json")
students=$(jq '.students | length' "$work/journal.json")
marks=$(jq '[.students[].marks | length] | add' "$work/journal.json")
lesson=$(jq '.lessons[-1].id' "$work/journal.json")
student_ids=$(jq -c '[.students[].id]' "$work/journal.json")

marks_lua "$token" "$lesson" "$student_ids" > "$work/marks.lua"

result="bench/results/$(date +%F)-journal.md"
read_out=$(wrk -t2 -c8 -d"${SECONDS_PER_RUN}s" --latency "${auth[@]}" "$base/api/v1/groups/$group/journal?periodId=$period")
write_out=$(wrk -t1 -c4 -d"${SECONDS_PER_RUN}s" --latency -s "$work/marks.lua" "$base")
{
  echo "## $(date '+%F %T') · journal · $(nproc) cores · SQLite"
  echo
  echo "- seed: $(tail -1 "$work/seed.log")"
  echo "- journal of group $group (5А, Математика), period $period (1st quarter): $students students, $lessons lessons, $marks marks"
  echo
  echo "| request (${SECONDS_PER_RUN}s) | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  row "GET journal, 5А maths, 1st quarter (wrk -t2 -c8)" "$read_out"
  row "POST mark into lesson $lesson (wrk -t1 -c4)" "$write_out"
  echo
  echo '```'
  echo "$read_out"
  echo "$write_out"
  echo '```'
  echo
} | tee -a "$result"
