#!/usr/bin/env bash
# One command: ./bench/reports.sh [--students N] [--postgres] [--runs R] [--skip-overdue]
# Seeds the demo school with N students (default 1000) into a fresh SQLite file — or, with --postgres, into a
# fresh database «bench_reports» on the server of SJ_TEST_POSTGRES when it is set (the test lane's PostgreSQL), else
# into a throwaway PostgreSQL cluster of its own (/tmp/pg-bench-reports, port 55471) — starts the app in Release on
# 127.0.0.1 and times the whole-school reports as the director (direktor) asks for them: «Успеваемость и качество»
# for every 1st quarter and the year, «Ведение журналов» over that quarter, «Пропуски», «Неудовлетворительные отметки»
# and the operational analysis of the first quarter for the whole school, «Анализ класса» of one class, every
# teacher's overdue list. One warm-up, then R timed requests each (curl time_total); prints median and max.
# Appends to bench/results/<date>-reports.md.
set -euo pipefail
cd "$(dirname "$0")/.."
STUDENTS=1000; POSTGRES=0; RUNS=5; PORT=5195; PG_PORT=55471; OVERDUE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --students) STUDENTS=$2; shift 2 ;;
    --postgres) POSTGRES=1; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --skip-overdue) OVERDUE=0; shift ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq; }

work=$(mktemp -d)
pgdir=/tmp/pg-bench-reports
cleanup() {
  kill "${app:-}" 2>/dev/null || true
  if [ "$POSTGRES" = 1 ] && [ -z "${SJ_TEST_POSTGRES:-}" ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; fi
  rm -rf "$work"
}
trap cleanup EXIT
export DataProtection__KeysPath="$work/keys"
export Database__SeedDemo=false
export ASPNETCORE_ENVIRONMENT=Production
# The app reads appsettings.json (its log levels: no line per SQL command) from its project folder, not from where the bench runs.
export ASPNETCORE_CONTENTROOT="$PWD/src/SchoolJournal.Web"
if [ "$POSTGRES" = 1 ] && [ -n "${SJ_TEST_POSTGRES:-}" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
  pg_host=$(echo "$SJ_TEST_POSTGRES" | tr ';' '\n' | sed -n 's/^Host=//p'); pg_port=$(echo "$SJ_TEST_POSTGRES" | tr ';' '\n' | sed -n 's/^Port=//p')
  "$pgbin/dropdb" -h "$pg_host" -p "$pg_port" -U postgres --if-exists bench_reports
  "$pgbin/createdb" -h "$pg_host" -p "$pg_port" -U postgres bench_reports
  export Database__Provider=Postgres
  export ConnectionStrings__Postgres="$SJ_TEST_POSTGRES;Database=bench_reports"
  provider=PostgreSQL
elif [ "$POSTGRES" = 1 ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
  rm -rf "$pgdir"; mkdir -p "$pgdir"; chown postgres "$pgdir"
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir" -A trust >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir" -l "$pgdir/log" -w \
    -o "-p $PG_PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  export Database__Provider=Postgres
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench_reports"
  provider=PostgreSQL
else
  export Database__Provider=Sqlite
  export ConnectionStrings__Sqlite="Data Source=$work/journal.db;Cache=Shared;Foreign Keys=True"
  provider=SQLite
fi

dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll
dotnet "$bin" migrate > "$work/migrate.log"
dotnet "$bin" seed-demo --schools 1 --students-per-school "$STUDENTS" --today 2026-11-23 > "$work/seed.log"

dotnet "$bin" --urls "http://127.0.0.1:$PORT" > "$work/app.log" 2>&1 &
app=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null && break; sleep 1; done
token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"login":"direktor","password":"journal2026"}' | jq -r .accessToken)
auth=(-H "Authorization: Bearer $token")

# time URL → "median max" in ms over RUNS requests after one warm-up; the answer's size checks it was a report.
time_it() {
  curl -fs "${auth[@]}" "$base$1" -o "$work/answer.json"
  for _ in $(seq 1 "$RUNS"); do curl -fs -o /dev/null -w '%{time_total}\n' "${auth[@]}" "$base$1"; done \
    | sort -n | awk '{t[NR]=$1*1000} END {printf "%.0f ms | %.0f ms", t[int((NR+1)/2)], t[NR]}'
}

periods=$(curl -fs "${auth[@]}" "$base/api/v1/periods")
result="bench/results/$(date +%F)-reports.md"
{
  echo "## $(date '+%F %T') · reports · $(nproc) cores · $provider"
  echo
  echo "- seed: $(grep 'школ:' "$work/seed.log" | tail -1)"
  echo
  echo "| request | median | max | answer |"
  echo "|---|---|---|---|"
  # The first period of each level (a quarter, or a half-year for 10–11), then the year if the school has one.
  for id in $(echo "$periods" | jq '[.[] | select(.kind != "year")] | group_by(.level) | map(min_by(.start)) | .[].id') \
            $(echo "$periods" | jq '[.[] | select(.kind == "year")] | .[].id'); do
    url="/api/v1/reports/progress?periodId=$id"
    t=$(time_it "$url")
    echo "| \`GET $url\` | $t | $(jq -r '"\(.school.students) students, \(.classes | length) classes, успеваемость \(.school.progressPercent) %"' "$work/answer.json") |"
  done
  q=$(echo "$periods" | jq -r '[.[] | select(.kind == "quarter")] | min_by(.start) | "\(.start)&to=\(.end)"')
  url="/api/v1/reports/journal-keeping?from=$q"
  t=$(time_it "$url")
  echo "| \`GET $url\` | $t | $(jq 'length' "$work/answer.json") teacher × journal rows, $(jq '[.[].lessonsHeld] | add' "$work/answer.json") lessons, answer sha256 $(jq -S -c . "$work/answer.json" | sha256sum | cut -c1-12) |"
  p1=$(echo "$periods" | jq -r '[.[] | select(.kind == "quarter")] | min_by(.start) | .id')
  url="/api/v1/reports/absences?periodId=$p1"
  t=$(time_it "$url")
  echo "| \`GET $url\` | $t | $(jq -r '"\(.total.students) students, \(.total.lessons.held) lessons held, \(.total.lessons.missed) missed"' "$work/answer.json") |"
  url="/api/v1/reports/failing-marks?periodId=$p1"
  t=$(time_it "$url")
  echo "| \`GET $url\` | $t | $(jq -r '"\(.total.students) students, \(.total.marks) «2»"' "$work/answer.json") |"
  url="/api/v1/reports/averages?periodId=$p1"
  t=$(time_it "$url")
  echo "| \`GET $url\` | $t | $(jq -r '"\(.classes | length) classes, \(.atRisk | length) at risk"' "$work/answer.json") |"
  # The first 5th class, over the first period of its level (the quarters of its level answer; the others are not its).
  class=$(curl -fs "${auth[@]}" "$base/api/v1/classes" | jq -r 'map(select(.grade == 5)) | .[0].id')
  for id in $(echo "$periods" | jq '[.[] | select(.kind != "year")] | sort_by(.start) | .[].id'); do
    curl -fs -o /dev/null "${auth[@]}" "$base/api/v1/reports/class-analysis?periodId=$id&classId=$class" && { ca=$id; break; }
  done
  url="/api/v1/reports/class-analysis?periodId=$ca&classId=$class"
  t=$(time_it "$url")
  echo "| \`GET $url\` | $t | $(jq -r '"\(.class): \(.students | length) students, \(.subjects | length) subjects"' "$work/answer.json") |"
  if [ "$OVERDUE" = 1 ]; then
    url="/api/v1/reports/overdue"
    t=$(time_it "$url")
    echo "| \`GET $url\` | $t | $(jq 'length' "$work/answer.json") items |"
  fi
  echo
} | tee -a "$result"
