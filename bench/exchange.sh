#!/usr/bin/env bash
# One command: ./bench/exchange.sh [--students N] [--runs R]
# Issue 15's speed: seeds two demo schools of N students each (default 1000) into a fresh SQLite file, starts the app in
# Release on 127.0.0.1, downloads the first school's lists (classes, staff, students, parents) as XLSX as its director, and
# imports them into the second school as its director — preview, then confirm, file by file (curl time_total), so 1,000
# students, their parents and the staff are created in a school of the same size whose own people stay. Then the first
# school's OneRoster 1.2 package: one warm-up and R timed downloads (median, max). Appends to bench/results/<date>-exchange.md.
set -euo pipefail
cd "$(dirname "$0")/.."
STUDENTS=1000; RUNS=5; PORT=5196
while [ $# -gt 0 ]; do
  case "$1" in
    --students) STUDENTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
for tool in jq sqlite3; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool"; }
done

work=$(mktemp -d)
cleanup() { kill "${app:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export DataProtection__KeysPath="$work/keys"
export Database__SeedDemo=false
export ASPNETCORE_ENVIRONMENT=Production
# The app reads appsettings.json (its log levels: no line per SQL command) from its project folder, not from where the bench runs.
export ASPNETCORE_CONTENTROOT="$PWD/src/SchoolJournal.Web"
export Database__Provider=Sqlite
export ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True"

dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll
dotnet "$bin" migrate > "$work/migrate.log"
dotnet "$bin" seed-demo --schools 2 --students-per-school "$STUDENTS" --today 2026-11-23 > "$work/seed.log"
# The second school's director: the demo gives him a login that must change its password first; the bench signs in as him.
director2=$(sqlite3 "$work/journal.db" "SELECT u.UserName FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id
  JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE r.Name = 'director' AND u.SchoolId = (SELECT MAX(Id) FROM Schools) LIMIT 1;")
sqlite3 "$work/journal.db" "UPDATE AspNetUsers SET MustChangePassword = 0 WHERE UserName = '$director2';"

dotnet "$bin" --urls "http://127.0.0.1:$PORT" > "$work/app.log" 2>&1 &
app=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null && break; sleep 1; done
login() {
  curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"journal2026\"}" | jq -r .accessToken
}
from=(-H "Authorization: Bearer $(login direktor)")
into=(-H "Authorization: Bearer $(login "$director2")")

count() { sqlite3 "$work/journal.db" "SELECT COUNT(*) FROM $1 WHERE SchoolId = (SELECT MAX(Id) FROM Schools);"; }
before="$(count Students) $(count Parents) $(count StaffMembers)"
result="bench/results/$(date +%F)-exchange.md"
{
  echo
  echo "## $(date '+%F %T') · bench/exchange.sh · $(nproc) cores · SQLite · $STUDENTS students per school"
  echo
  echo "Seed: $(tail -1 "$work/seed.log")"
  echo
  echo "| list | rows | bytes (XLSX) | export, ms | preview, ms | confirm, ms | created | changed | unchanged |"
  echo "|---|---|---|---|---|---|---|---|---|"
} | tee -a "$result"
total=0
for list in classes staff students parents; do
  export_ms=$(curl -fs "${from[@]}" -o "$work/$list.xlsx" -w '%{time_total}' "$base/api/v1/exports/$list?format=xlsx" | awk '{printf "%.0f", $1*1000}')
  preview_ms=$(curl -s "${into[@]}" -F "file=@$work/$list.xlsx" -o "$work/$list.preview.json" -w '%{time_total}' \
    "$base/api/v1/imports/$list/preview" | awk '{printf "%.0f", $1*1000}')
  batch=$(jq -r '.batchId // empty' "$work/$list.preview.json")
  if [ -z "$batch" ]; then echo "предпросмотр $list не принят:"; head -c 2000 "$work/$list.preview.json"; exit 1; fi
  confirm_ms=$(curl -fs "${into[@]}" -X POST -o "$work/$list.confirm.json" -w '%{time_total}' "$base/api/v1/imports/$batch/confirm" \
    | awk '{printf "%.0f", $1*1000}')
  rows=$(jq '.rows | length' "$work/$list.preview.json")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$list" "$rows" "$(stat -c %s "$work/$list.xlsx")" "$export_ms" \
    "$preview_ms" "$confirm_ms" "$(jq .created "$work/$list.confirm.json")" "$(jq .changed "$work/$list.confirm.json")" \
    "$(jq .unchanged "$work/$list.confirm.json")" | tee -a "$result"
  total=$((total + preview_ms + confirm_ms))
done
after="$(count Students) $(count Parents) $(count StaffMembers)"
{
  echo
  echo "Import into the second school, preview + confirm of the four files: **$total ms** (target ≤ 10,000 ms)."
  echo "The second school's students, parents, staff before → after: $before → $after."
} | tee -a "$result"

curl -fs "${from[@]}" -o "$work/oneroster.zip" "$base/api/v1/exports/oneroster"
times=$(for _ in $(seq 1 "$RUNS"); do curl -fs -o /dev/null -w '%{time_total}\n' "${from[@]}" "$base/api/v1/exports/oneroster"; done \
  | sort -n | awk '{t[NR]=$1*1000} END {printf "median %.0f ms, max %.0f ms", t[int((NR+1)/2)], t[NR]}')
{
  echo "OneRoster 1.2 package of the first school ($(stat -c %s "$work/oneroster.zip") bytes, $(unzip -l "$work/oneroster.zip" | tail -1 | awk '{print $2}') files), $RUNS downloads after a warm-up: **$times** (target ≤ 5,000 ms)."
} | tee -a "$result"
