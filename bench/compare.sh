#!/usr/bin/env bash
# One command: ./bench/compare.sh [--seconds S] [--students N]
# Seeds one demo school (N students, default 1000) into a fresh SQLite file, starts the app in Release on 127.0.0.1 and
# runs every hot page at 1, 16 and 64 connections beside Kestrel's static-file ceiling (the same app, the same run):
# the teacher's grid page, the journal API, the parent's diary week and marks, the lesson page; then mark writes (a mark
# posted, then removed, so the lesson keeps its size: bench/lib.sh) at one writer, at 16 writers while 16 readers load the
# grid, and at 16 writers each writing every 50 ms (a teacher's fastest pace; at most 320 writes/s) beside the same readers.
# Page sizes, the app's CPU time per request (user + system, from /proc), its peak RSS and the load average go beside the
# figures; each page is warmed up for 5 s before its runs.
# Appends a dated table to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_RUN=10; PORT=5193; STUDENTS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --students) STUDENTS=$2; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
need_tools wrk jq

work=$(mktemp -d)
trap stop_app_and_clean EXIT
export ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True"
bench_app_env "$work"

dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll
dotnet "$bin" seed-demo --schools 1 --students-per-school "$STUDENTS" --today 2026-11-23 > "$work/seed.log"

# The content root is the project folder: its wwwroot holds the static file of the ceiling row (a Release build does not copy it).
dotnet "$bin" --urls "http://127.0.0.1:$PORT" --contentRoot "$PWD/src/SchoolJournal.Web" > "$work/app.log" 2>&1 &
app=$!
base="http://127.0.0.1:$PORT"
wait_for_app "$base"
teacher=$(bench_login "$base" uchitel); parent=$(bench_login "$base" roditel)
maths_5a "$base" "$teacher" "$work"
child=$(curl -fs -H "Authorization: Bearer $parent" "$base/api/v1/me" | jq '.children[0].studentId')

static=$(ls src/SchoolJournal.Web/wwwroot/css/ | head -1)
declare -A pages=(
  [static]="/css/$static|$teacher"
  [grid]="/Journal/Group/$group?periodId=$period|$teacher"
  [api]="/api/v1/groups/$group/journal?periodId=$period|$teacher"
  [week]="/Diary?studentId=$child&date=2026-11-23|$parent"
  [marks]="/Diary/Marks?studentId=$child|$parent"
  [lesson]="/Journal/Lesson/$lesson|$teacher"
)
order=(static grid api week marks lesson)
declare -A names=(
  [static]="static file (Kestrel's ceiling)" [grid]="teacher's grid page, 5А maths, quarter" [api]="journal API, same data"
  [week]="parent's diary week" [marks]="parent's marks page" [lesson]="lesson page"
)

rows=""
for key in "${order[@]}"; do
  IFS='|' read -r path token <<< "${pages[$key]}"
  size=$(curl -fs -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $token" "$base$path")
  # Warm-up: the JIT's first tier is slow code; the measured runs start once the page's methods are optimised.
  wrk -t2 -c16 -d5s -H "Authorization: Bearer $token" "$base$path" >/dev/null
  for c in 1 16 64; do
    t=$(( c < 2 ? 1 : 2 ))
    ticks=$(cpu_ticks "$app")
    out=$(wrk -t$t -c$c -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $token" "$base$path")
    load=$(cut -d' ' -f1 /proc/loadavg)
    cpu=$(cpu_ms_per_request "$app" "$ticks" "$out")
    rows+=$(row "${names[$key]} · c=$c · $((size / 1024)) KB · $cpu CPU ms/req · load $load" "$out")$'\n'
  done
done

# Mark writes: warmed up first like the pages (16 writers, 10 s), then alone at one writer (the unit cost), at 16 writers
# with no pause while 16 readers load the grid (saturation: each writer waits for the 15 before it), and at 16 writers each
# pausing 50 ms between writes beside the same readers.
wrk -t2 -c16 -d10s -s "$work/marks.lua" "$base" >/dev/null
ticks=$(cpu_ticks "$app")
single_out=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -s "$work/marks.lua" "$base")
cpu=$(cpu_ms_per_request "$app" "$ticks" "$single_out")
rows+=$(row "mark write (post, remove) · 1 writer · $cpu CPU ms/write · load $(cut -d' ' -f1 /proc/loadavg)" "$single_out")$'\n'
# The issue's memory target is the app's RSS under this load: the peak so far (every page at c=64 included) is read, then the
# kernel's high-water mark is reset (clear_refs 5) so that the mixed rows' own peak is read after them.
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$app/status")
echo 5 > "/proc/$app/clear_refs"
for mode in saturated paced; do
  mixed_load "$mode" "$SECONDS_PER_RUN"
  load=$(cut -d' ' -f1 /proc/loadavg)
  rows+=$(row "mark write · $mixed_label · 16 readers on the grid · load $load" "$(cat "$work/writes.txt")")$'\n'
  rows+=$(row "… grid page read at the same time · 16 readers" "$(cat "$work/readers.txt")")$'\n'
done
rss_mixed=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$app/status")

{
  echo
  echo "## $(date '+%F %T') · bench/compare.sh · $(nproc) cores · SQLite · ${SECONDS_PER_RUN}s per run"
  echo
  echo "- seed: $(tail -1 "$work/seed.log")"
  echo "- grid: group $group (5А, Математика), period $period: $(jq '.students | length' "$work/journal.json") students," \
    "$(jq '.lessons | length' "$work/journal.json") lessons; marks written into (and removed from) lesson $lesson"
  echo "- app's peak RSS: $rss MB over the pages' runs (c=1, 16, 64) and the single writer; $rss_mixed MB over the 16 writers" \
    "beside 16 grid readers (its high-water mark reset before them); load average (1 min, taken after each run) beside each row"
  echo
  echo "| page · connections · page size · load | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  printf '%s' "$rows"
} | tee -a bench/RESULTS.md
