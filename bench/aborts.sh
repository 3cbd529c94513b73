#!/usr/bin/env bash
# One command: ./bench/aborts.sh [--rounds N]
# Writes aborted by their clients must not hold up the next teacher's write (issue 16, decision 0021's amendment of 7 December).
# Each round: 16 writers post and remove marks for one second (wrk), and wrk's end aborts the requests in flight, some in the
# middle of their saves; then one lone mark is posted at once. Before the write gate knew a holder whose transaction had ended
# unheard, about every other lone write waited SQLite's 30 s busy timeout and was refused. Prints a Markdown table row: rounds,
# lone writes answered 201, the slowest of them, and how many aborted saves the app logged (EF's "An error occurred using a
# transaction", which shows that the aborts did land in the middle of saves).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ROUNDS=30; PORT=5197
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
need_tools wrk jq

work=$(mktemp -d)
trap stop_app_and_clean EXIT
bench_app_env "$work"
export ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True"
dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll
dotnet "$bin" seed-demo --schools 1 --students-per-school 1000 --today 2026-11-23 > "$work/seed.log"
base="http://127.0.0.1:$PORT"
dotnet "$bin" --urls "$base" --contentRoot "$PWD/src/SchoolJournal.Web" > "$work/app.log" 2>&1 &
app=$!
wait_for_app "$base"
teacher=$(bench_login "$base" uchitel)
maths_5a "$base" "$teacher" "$work"
student=$(echo "$student_ids" | jq '.[0]')

answered=0; slowest=0
for _ in $(seq 1 "$ROUNDS"); do
  wrk -t2 -c16 -d1s -s "$work/marks.lua" "$base" >/dev/null
  read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -m 40 -X POST \
    -H "Authorization: Bearer $teacher" -H 'content-type: application/json' \
    -d "{\"studentId\":$student,\"value\":\"5\"}" "$base/api/v1/lessons/$lesson/marks")
  [ "$code" = 201 ] && answered=$((answered + 1))
  slowest=$(awk -v a="$slowest" -v b="$seconds" 'BEGIN { print (b > a ? b : a) }')
done
aborted=$(grep -c "An error occurred using a transaction" "$work/app.log" || true)
echo "| $(date '+%F %T') · $ROUNDS rounds | $answered of $ROUNDS answered 201 | slowest $(awk -v s="$slowest" 'BEGIN { printf "%.3f s", s }') | $aborted aborted saves logged |"
