#!/usr/bin/env bash
# One command: ./bench/writes.sh [--runs N] [--seconds S] [--label TEXT]
# Issue 16's last target alone — a mark write's p99 at 16 writers while 16 readers load the grid — measured the way compare.sh
# measures it (one 1,000-student school, the same writers and readers), repeated on fresh copies of one seeded database, with
# where the app's CPU went meanwhile: the CPU seconds per second of its threads by name and nice value (/proc/PID/task), so a
# run shows whether the writes wait for the readers (the read lane, nice 10, or SCHED_IDLE when asked) or for the other writes
# and their background work (the thread pool, nice 0), how long the writes waited for SQLite's one writer and held it (the
# app's meter SchoolJournal.Sqlite), and how long a write took inside the app (ASP.NET Core's request duration; wrk's latency
# minus it is the time in sockets, Kestrel and the pool's queue), both read with dotnet-counters, which the script installs in
# bench/.tools. App settings in the environment pass through (e.g. `Outbox__Enabled=false ./bench/writes.sh`): runs of two
# settings back to back compare; runs hours apart do not (this machine's speed varies by the hour).
# Prints a Markdown table; paste what is kept into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
RUNS=2; SECONDS_PER_RUN=10; PORT=5194; LABEL=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --label) LABEL="$2 · "; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
need_tools wrk jq
need_counters

work=$(mktemp -d)
trap stop_app_and_clean EXIT
bench_app_env "$work"
dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll
ConnectionStrings__Sqlite="Data Source=$work/seed.db;Foreign Keys=True" \
  dotnet "$bin" seed-demo --schools 1 --students-per-school 1000 --today 2026-11-23 > "$work/seed.log"
base="http://127.0.0.1:$PORT"

# thread_split PID SECONDS — CPU cores used over the window by the app's threads, summed by thread name and nice value.
thread_split() {
  local snap=$work/threads
  take() {
    for t in /proc/$1/task/*; do
      local stat name
      stat=$(cat "$t/stat" 2>/dev/null) || continue
      # The kernel keeps 15 bytes of a name, which can cut a Cyrillic letter in two: the broken byte is dropped.
      name=$(iconv -f UTF-8 -t UTF-8 -c "$t/comm" 2>/dev/null || true)
      [ -n "$name" ] || continue
      # Fields after the ")" that closes the name: utime is the 12th, stime the 13th, nice the 17th, the policy the 39th.
      set -- ${stat##*) }
      echo "${t##*/}|$name (nice ${17}$([ "${39}" = 5 ] && echo ", SCHED_IDLE"))|$(( ${12} + ${13} ))"
    done | LC_ALL=C sort -t"|" -k1,1
  }
  take "$1" > "$snap.0"; sleep "$2"; take "$1" > "$snap.1"
  LC_ALL=C join -t"|" "$snap.0" "$snap.1" | awk -F'|' -v s="$2" -v hz="$(getconf CLK_TCK)" \
    '{ used[$2] += $5 - $3 } END { for (k in used) if (used[k] > 0) printf "%.2f %s\n", used[k] / hz / s, k }' \
    | sort -rn | awk '{ n = $1; $1 = ""; printf "%s%s %s", (NR > 1 ? ", " : ""), substr($0, 2), n }'
}

rows=""
for run in $(seq 1 "$RUNS"); do
  cp "$work/seed.db" "$work/journal.db"; rm -f "$work/journal.db-wal" "$work/journal.db-shm"
  ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True" \
    dotnet "$bin" --urls "$base" --contentRoot "$PWD/src/SchoolJournal.Web" > "$work/app.log" 2>&1 &
  app=$!
  wait_for_app "$base"
  teacher=$(bench_login "$base" uchitel)
  auth=(-H "Authorization: Bearer $teacher")
  maths_5a "$base" "$teacher" "$work"
  grid="$base/Journal/Group/$group?periodId=$period"

  # Warm-up as in compare.sh: the grid, then the writes.
  wrk -t2 -c16 -d5s "${auth[@]}" "$grid" >/dev/null
  wrk -t2 -c16 -d10s -s "$work/marks.lua" "$base" >/dev/null
  ticks=$(cpu_ticks "$app")
  out=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -s "$work/marks.lua" "$base")
  rows+=$(row "${LABEL}run $run · 1 writer · $(cpu_ms_per_request "$app" "$ticks" "$out") CPU ms/write" "$out")" — |"$'\n'
  for mode in paced saturated; do
    (sleep 2; thread_split "$app" $(( SECONDS_PER_RUN > 5 ? SECONDS_PER_RUN - 4 : 1 )) > "$work/split.txt") &
    split=$!
    write_figures "$app" $(( SECONDS_PER_RUN > 2 ? SECONDS_PER_RUN - 1 : 1 )) > "$work/figures.txt" &
    figures=$!
    ticks=$(cpu_ticks "$app")
    mixed_load "$mode" "$SECONDS_PER_RUN"
    wait "$split" "$figures"
    out=$(cat "$work/writes.txt")
    grid_rps=$(awk '/Requests\/sec/ {print $2}' "$work/readers.txt")
    # The slowest write and page show a stall that a p99 over a short run may hide (decision 0024: the whole app stopped for most
    # of a second with the lane under SCHED_IDLE).
    slowest="slowest write $(awk '/Latency/ {print $4; exit}' <<< "$out"), page $(awk '/Latency/ {print $4; exit}' "$work/readers.txt")"
    rows+=$(row "${LABEL}run $run · $mixed_label · grid $grid_rps req/s beside · $slowest · $(cpu_ms_per_request "$app" "$ticks" "$out") CPU ms/write" \
      "$out")" $(cat "$work/split.txt"); $(cat "$work/figures.txt") |"$'\n'
  done
  kill "$app"; wait "$app" 2>/dev/null || true; app=""
done

echo
echo "## $(date '+%F %T') · bench/writes.sh · $(nproc) cores · SQLite · ${SECONDS_PER_RUN}s per run · $RUNS runs"
echo
echo "- seed: $(tail -1 "$work/seed.log")"
echo "- settings from the environment: $(env | grep -E '^[A-Z][A-Za-z]+__' | grep -v -E '^(DataProtection|Database|Notifications|ASPNETCORE|RateLimits)__' \
  | tr '\n' ' ' | sed 's/ $//' | grep . || echo none)"
echo
echo "| writes · load beside | writes/s | p50 | p99 | non-2xx | app's threads, CPU cores used (middle of the run); SQLite's write gate; the write inside the app |"
echo "|---|---|---|---|---|---|"
printf '%s' "$rows"
