#!/usr/bin/env bash
# One command: ./bench/generate.sh
# Seeds the demo school into a fresh SQLite file (--today 2026-11-23), removes every lesson after that day (the ones
# the seeding made with the timetable generator: all empty), starts the app in Release on 127.0.0.1 and times
# POST /api/v1/timetable/generate for the whole year as the deputy (zavuch): first the missing lessons are created,
# then a second run that finds everything in place. Appends to bench/results/<date>-generate.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=5196
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq; }

work=$(mktemp -d)
app=
trap '[ -n "$app" ] && kill $app 2>/dev/null; rm -rf "$work"' EXIT
export ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True"
export DataProtection__KeysPath="$work/keys"
export Database__SeedDemo=false
export ASPNETCORE_ENVIRONMENT=Production
# The app reads appsettings.json (its log levels: no line per SQL command) from its project folder, not from where the bench runs.
export ASPNETCORE_CONTENTROOT="$PWD/src/SchoolJournal.Web"

dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll
dotnet "$bin" seed-demo --schools 1 --today 2026-11-23 > "$work/seed.log"
removed=$(python3 - "$work/journal.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("DELETE FROM Lessons WHERE Date > '2026-11-23'").rowcount
c.commit()
print(n)
PY
)

dotnet "$bin" --urls "http://127.0.0.1:$PORT" > "$work/app.log" 2>&1 &
app=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null && break; sleep 1; done
token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"zavuch","password":"journal2026"}' | jq -r .accessToken)

run() {
  curl -fs -o "$work/out.json" -w '%{time_total}' -X POST "$base/api/v1/timetable/generate" \
    -H "Authorization: Bearer $token" -H 'content-type: application/json' -d '{}'
}
first=$(run); first_out=$(cat "$work/out.json")
second=$(run); second_out=$(cat "$work/out.json")

result="bench/results/$(date +%F)-generate.md"
{
  echo "## $(date '+%F %T') · generate · $(nproc) cores · $(uname -m) · SQLite"
  echo
  echo "- seed: $(tail -1 "$work/seed.log")"
  echo "- lessons after 2026-11-23 removed before the run: $removed"
  echo "- full year, first run: ${first} s — $first_out"
  echo "- full year, second run: ${second} s — $second_out"
  echo
} | tee -a "$result"
