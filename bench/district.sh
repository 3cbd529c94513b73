#!/usr/bin/env bash
# One command: ./bench/district.sh [--seconds S] [--rounds R] [--schools N] [--students N] [--postgres CONNSTR] [--reseed]
# Issue 16, item 3: is a school as cheap inside a district as alone? On PostgreSQL (default: the dev server
# Host=127.0.0.1;Port=55432;Username=postgres), two template databases named by their size:
#   sj_school_1x800       — one demo school of 800 students (--students), seeded here when missing;
#   sj_district_100x800   — 100 schools (--schools) of the same size, the first one the same demo school (same seed, same
#                           ids), seeded here when missing (10–30 s a school on 2 shared cores), then kept between runs.
# Each run measures copies of the two (CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY, dropped at the end), so the
# writes of a run never reach the next one and both sides start from the same rows. Two app instances (Release, one per
# copy) run side by side; for each page the 1-school run and the district run come back to back (R rounds), so the
# machine's load — shared with other work — is the same for both:
#   the teacher's grid page (uchitel, 5А maths, the current quarter), the parent's diary week (roditel's son, 2026-11-23)
#   and a mark write (POST /api/v1/lessons/{id}/marks into uchitel's last lesson of another class, so the grid and the
#   diary never see the bench's marks), each at 16 connections after a 5 s warm-up;
# beside each: the app's CPU ms per request (user + system, /proc), PostgreSQL's CPU ms per request (the backends serving
# that database, /proc; a write's run ends when the outbox has dispatched its marks, so the dispatch is in its cost), and
# the SQL round trips per request (counted first, by a quiet instance per copy with EF's command log on: 5 sequential
# requests, the request's own commands and the background work they cause — outbox dispatch, visits — apart). Then the bytes a
# mark write adds and the bytes per row of the district's largest tables (pg_total_relation_size ÷ rows). Appends a dated
# table to bench/RESULTS.md.
# SJ_BENCH_DLL=path/SchoolJournal.Web.dll: measure that build and build nothing (while another process runs from bin/Release).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_RUN=10; ROUNDS=3; SCHOOLS=100; STUDENTS=800; RESEED=false; PORT=5211
PG="Host=127.0.0.1;Port=55432;Username=postgres"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --schools) SCHOOLS=$2; shift 2 ;;
    --students) STUDENTS=$2; shift 2 ;;
    --postgres) PG=$2; shift 2 ;;
    --reseed) RESEED=true; shift ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
for tool in wrk jq psql; do
  command -v $tool >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool/psql/postgresql-client}"; }
done
# psql's connection from the same string: Host, Port, Username (trust or ~/.pgpass for a password).
pg_part() { echo "$PG" | tr ';' '\n' | awk -F= -v k="$1" 'tolower($1) == tolower(k) {print $2}'; }
PGHOST=$(pg_part Host); PGPORT=$(pg_part Port); PGUSER=$(pg_part Username)
export PGHOST PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "${2:-postgres}" -c "$1"; }

work=$(mktemp -d)
apps=()
cleanup() {
  local rc=$?
  for p in "${apps[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  for db in "${one_db:-}" "${district_db:-}"; do [ -n "$db" ] && { sql "DROP DATABASE IF EXISTS ${db}_run WITH (FORCE)" 2>/dev/null || true; }; done
  if [ "$rc" -eq 0 ]; then rm -rf "$work"; else echo "district.sh: код $rc, журналы приложений оставлены в $work" >&2; fi
}
trap cleanup EXIT
export Database__Provider=Postgres
bench_app_env "$work"

[ -n "${SJ_BENCH_DLL:-}" ] || dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
bin=${SJ_BENCH_DLL:-src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll}
app_cmd() { ConnectionStrings__Postgres="$PG;Database=$1" dotnet "$bin" "${@:2}"; }

# ---------- the two templates: seeded when missing (or --reseed), migrated, vacuumed ----------
seeding=""
ensure() { # DB SCHOOLS
  local db=$1 n=$2 have=""
  if [ "$RESEED" = false ] && [ -n "$(sql "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
    have=$(sql 'SELECT count(*) FROM "Schools"' "$db" 2>/dev/null || true)
  fi
  if [ "$have" != "$n" ]; then
    sql "DROP DATABASE IF EXISTS $db WITH (FORCE)"; sql "CREATE DATABASE $db"
    app_cmd "$db" migrate > "$work/migrate-$db.log" 2>&1
    local load0 t0 t1 s0
    load0=$(cut -d' ' -f1-3 /proc/loadavg); t0=$(date +%s)
    app_cmd "$db" seed-demo --schools "$n" --students-per-school "$STUDENTS" --today 2026-11-23 > "$work/seed-$db.log" 2>&1
    t1=$(date +%s)
    sql "VACUUM (ANALYZE)" "$db"
    s0=$(date +%s)
    seeding+="- seeded \`$db\` in this run: $(tail -1 "$work/seed-$db.log"); VACUUM ANALYZE $((s0 - t1)) s; wall $((t1 - t0)) s;"
    seeding+=" load average before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"$'\n'
  else
    app_cmd "$db" migrate > "$work/migrate-$db.log" 2>&1
  fi
}
one_db=sj_school_1x$STUDENTS; district_db=sj_district_${SCHOOLS}x$STUDENTS
ensure "$one_db" 1
ensure "$district_db" "$SCHOOLS"
for db in "$one_db" "$district_db"; do
  sql "DROP DATABASE IF EXISTS ${db}_run WITH (FORCE)"
  sql "CREATE DATABASE ${db}_run TEMPLATE $db STRATEGY FILE_COPY"
done

# ---------- two apps, one per copy ----------
declare -A base pid
start_app() { # KEY DB PORT [extra args]
  local log="$work/app-$1.log"
  if (exec 3<>"/dev/tcp/127.0.0.1/$3") 2>/dev/null; then echo "порт $3 занят другим процессом" >&2; exit 1; fi
  # exec: $! is the app itself (its /proc/PID/stat is what the CPU columns read), not a shell waiting for it.
  (export ConnectionStrings__Postgres="$PG;Database=$2"
   exec dotnet "$bin" --urls "http://127.0.0.1:$3" --contentRoot "$PWD/src/SchoolJournal.Web" --Database:Migrate=false "${@:4}" > "$log" 2>&1) &
  pid[$1]=$!; apps+=($!); base[$1]="http://127.0.0.1:$3"
  for _ in $(seq 1 120); do curl -fs "${base[$1]}/health" >/dev/null && return 0; sleep 1; done
  echo "приложение ($1) не ответило на /health, см. $log:" >&2; tail -20 "$log" >&2; exit 1
}
# First a quiet instance per copy with EF's command log (JSON, with the request's scope) counts the SQL of each request; the
# measured instances start after it on the same copies (same key ring: the tokens stay valid). A command logged inside a
# request's scope is the request's own; one without it is background work the request caused (the outbox's dispatch of a
# mark: live update, notifications). Idle polls are pushed out of the window (PollInterval 1 h; the node's own commits still
# wake the dispatcher at once).
declare -A dbs=([one]="${one_db}_run" [district]="${district_db}_run")
sql_log=(--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information --Logging:Json=true
  --Logging:Console:FormatterOptions:IncludeScopes=true --Outbox:PollInterval=01:00:00)
start_app one "${dbs[one]}" "$PORT" "${sql_log[@]}"
start_app district "${dbs[district]}" $((PORT + 1)) "${sql_log[@]}"

declare -A teacher parent grid week lesson_of students_of grid_info write_info
discover() { # KEY — the same logins and the same rows on both sides
  local b=${base[$1]} t p class group journal other ojournal child
  login() { curl -fs -X POST "$b/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"journal2026\"}" | jq -r .accessToken; }
  t=$(login uchitel); p=$(login roditel)
  class=$(curl -fs -H "Authorization: Bearer $t" "$b/api/v1/classes" | jq '[.[] | select(.name == "5А")][0].id')
  curl -fs -H "Authorization: Bearer $t" "$b/api/v1/groups" > "$work/groups-$1.json"
  group=$(jq --argjson c "$class" '[.[] | select(.subject == "Математика" and (.classIds | index($c)))][0].id' "$work/groups-$1.json")
  journal=$(curl -fs -H "Authorization: Bearer $t" "$b/api/v1/groups/$group/journal")
  # The write goes into another class's group of the same teacher: its marks are in neither the measured grid nor the diary.
  other=$(jq --argjson c "$class" '[.[] | select((.classIds | index($c)) == null)][0].id' "$work/groups-$1.json")
  ojournal=$(curl -fs -H "Authorization: Bearer $t" "$b/api/v1/groups/$other/journal")
  child=$(curl -fs -H "Authorization: Bearer $p" "$b/api/v1/me" | jq '.children[0].studentId')
  teacher[$1]=$t; parent[$1]=$p
  grid[$1]="/Journal/Group/$group?periodId=$(echo "$journal" | jq '.period.id')"
  week[$1]="/Diary?studentId=$child&date=2026-11-23"
  lesson_of[$1]=$(echo "$ojournal" | jq '[.lessons[] | select(.date <= "2026-11-23")][-1].id')
  students_of[$1]=$(echo "$ojournal" | jq -c '[.students[].id]')
  grid_info[$1]="group $group: $(echo "$journal" | jq '.students | length') students, $(echo "$journal" | jq '.lessons | length') lessons"
  write_info[$1]="group $other ($(jq -r --argjson g "$other" '.[] | select(.id == $g) | .name // .subject' "$work/groups-$1.json")), lesson ${lesson_of[$1]}"
  marks_lua "$t" "${lesson_of[$1]}" "${students_of[$1]}" > "$work/marks-$1.lua"
}
discover one
discover district
[ "${grid[one]}" = "${grid[district]}" ] && [ "${week[one]}" = "${week[district]}" ] && [ "${lesson_of[one]}" = "${lesson_of[district]}" ] \
  || { echo "школа 1 района не совпадает с отдельной школой: ${grid[one]} / ${grid[district]}" >&2; exit 1; }

# ---------- SQL per request (the quiet instances) ----------
declare -A trips
count_trips() { # KEY
  local k=$1 log="$work/app-$1.log" b=${base[$1]} before sid page
  sid=$(echo "${students_of[$k]}" | jq '.[0]')
  for page in grid week write; do
    local -a req
    case $page in
      grid) req=(-H "Authorization: Bearer ${teacher[$k]}" "$b${grid[$k]}") ;;
      week) req=(-H "Authorization: Bearer ${parent[$k]}" "$b${week[$k]}") ;;
      write) req=(-X POST -H "Authorization: Bearer ${teacher[$k]}" -H 'content-type: application/json'
                  -d "{\"studentId\":$sid,\"value\":\"4\"}" "$b/api/v1/lessons/${lesson_of[$k]}/marks") ;;
    esac
    curl -fs -o /dev/null "${req[@]}"; sleep 2   # the first request fills the app's own caches
    before=$(wc -l < "$log")
    for _ in 1 2 3 4 5; do curl -fs -o /dev/null "${req[@]}"; done
    sleep 2                                      # background work the requests caused
    # "request round trips (statements) + background round trips", per request
    trips[$k.$page]=$(tail -n +$((before + 1)) "$log" | grep '"EventId":20101' | jq -rs '
      map({req: ([.Scopes[]? | .RequestPath] | any), n: (.State.commandText | split(";\n") | length)})
      | "\(map(select(.req)) | length / 5) (\(map(select(.req) | .n) | add // 0 | . / 5)) + \(map(select(.req | not)) | length / 5)"')
  done
}
count_trips one
count_trips district
for k in one district; do kill "${pid[$k]}"; wait "${pid[$k]}" 2>/dev/null || true; done
apps=()
start_app one "${dbs[one]}" "$PORT"
start_app district "${dbs[district]}" $((PORT + 1))

# ---------- PostgreSQL's CPU: the backends serving one database ----------
pg_ticks() { # DB → "pid ticks" lines of its backends
  for p in $(sql "SELECT pid FROM pg_stat_activity WHERE datname = '$1'"); do
    if [ -r "/proc/$p/stat" ]; then echo "$p $(cpu_ticks "$p" 2>/dev/null || echo 0)"; fi   # a backend may end meanwhile
  done
}
pg_cpu_ms_per_request() { # DB BEFORE_FILE WRK_OUTPUT
  local requests
  requests=$(echo "$3" | awk '/requests in/ {print $1}')
  pg_ticks "$1" | awk -v n="$requests" -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next } { d += $2 - before[$1] }
    END { printf "%.2f", (n > 0 ? d * 1000 / hz / n : 0) }' "$2" -
}

declare -A sides=([one]="1 school" [district]="$SCHOOLS schools")
declare -A cpu_sum pg_sum rps_sum
rows=""
measure() { # KEY PAGE — appends one table row to $rows and adds to the sums of the ratios (no subshell: it sets globals)
  local k=$1 page=$2 ticks out cpu pgc load
  local -a req
  case $page in
    grid) req=(-H "Authorization: Bearer ${teacher[$k]}" "${base[$k]}${grid[$k]}") ;;
    week) req=(-H "Authorization: Bearer ${parent[$k]}" "${base[$k]}${week[$k]}") ;;
    write) req=(-s "$work/marks-$k.lua" "${base[$k]}") ;;
  esac
  pg_ticks "${dbs[$k]}" > "$work/pg-before"
  ticks=$(cpu_ticks "${pid[$k]}")
  out=$(wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency "${req[@]}")
  # A mark's dispatch (live update, notifications) runs after the answer: its CPU belongs to the write, so wait for the outbox.
  if [ "$page" = write ]; then
    for _ in $(seq 1 120); do
      [ "$(sql 'SELECT count(*) FROM "DiaryEvents" WHERE "ProcessedAtMs" IS NULL' "${dbs[$k]}")" = 0 ] && break; sleep 0.5
    done
  fi
  cpu=$(cpu_ms_per_request "${pid[$k]}" "$ticks" "$out")
  pgc=$(pg_cpu_ms_per_request "${dbs[$k]}" "$work/pg-before" "$out")
  load=$(cut -d' ' -f1 /proc/loadavg)
  cpu_sum[$k.$page]=$(awk -v a="${cpu_sum[$k.$page]:-0}" -v b="$cpu" 'BEGIN {print a + b}')
  pg_sum[$k.$page]=$(awk -v a="${pg_sum[$k.$page]:-0}" -v b="$pgc" 'BEGIN {print a + b}')
  rps_sum[$k.$page]=$(awk -v a="${rps_sum[$k.$page]:-0}" -v b="$(echo "$out" | awk '/Requests\/sec/ {print $2}')" 'BEGIN {print a + b}')
  rows+=$(row5 "$page · ${sides[$k]} · round $r · load $load" "$out" "$cpu" "$pgc")$'\n'
}
# row5 NAME WRK_OUTPUT APP_CPU PG_CPU — req/s, p50, p99, non-2xx, app CPU ms/req, PostgreSQL CPU ms/req.
row5() {
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" \
    "$(echo "$2" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$2" | awk '$1=="50%" {print $2}')" \
    "$(echo "$2" | awk '$1=="99%" {print $2}')" \
    "$(echo "$2" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)" "$3" "$4"
}

# What a mark write adds to the database: the growth of the tables it writes (heap + indexes + TOAST) over the write runs of the
# district's copy, divided by the marks written (autovacuum may reuse space meanwhile: an upper bound, not a floor).
write_tables="'Marks', 'AuditEvents', 'DiaryEvents', 'Notifications'"
write_sizes() {
  psql -X -q -At -F ' ' -d "${dbs[district]}" -c "SELECT relname, pg_total_relation_size(oid) FROM pg_class
    WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname IN ($write_tables) ORDER BY relname"
  echo "marks $(sql 'SELECT count(*) FROM "Marks"' "${dbs[district]}")"
}
for page in grid week write; do
  [ "$page" = write ] && write_sizes > "$work/sizes-before"
  # Warm-up of both sides: the JIT's first tier, PostgreSQL's caches of the copy.
  for k in one district; do
    case $page in
      grid) wrk -t2 -c16 -d5s -H "Authorization: Bearer ${teacher[$k]}" "${base[$k]}${grid[$k]}" >/dev/null ;;
      week) wrk -t2 -c16 -d5s -H "Authorization: Bearer ${parent[$k]}" "${base[$k]}${week[$k]}" >/dev/null ;;
      write) wrk -t2 -c16 -d5s -s "$work/marks-$k.lua" "${base[$k]}" >/dev/null ;;
    esac
  done
  for r in $(seq 1 "$ROUNDS"); do
    for k in one district; do measure "$k" "$page"; done
  done
done
write_sizes > "$work/sizes-after"
per_write=$(awk 'NR == FNR { b[$1] = $2; next } { d[$1] = $2 - b[$1] } END {
    n = d["marks"]; for (t in d) if (t != "marks") printf "%s %s B · ", t, (n > 0 ? int(d[t] / n) : "?"); printf "(%d marks written)", n }' \
  "$work/sizes-before" "$work/sizes-after")
rss_one=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/${pid[one]}/status")
rss_district=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/${pid[district]}/status")
for p in "${apps[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
apps=()


# ---------- bytes per row in the district ----------
sizes=$(psql -X -q -At -F ' | ' -d "$district_db" -c "
  WITH t AS (SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12)
  SELECT relname, pg_size_pretty(pg_total_relation_size(oid)), rows,
         CASE WHEN rows > 0 THEN round(pg_total_relation_size(oid)::numeric / rows) END,
         round(pg_relation_size(oid)::numeric / greatest(rows, 1))
  FROM t, LATERAL (SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM public.%I', relname), false, true, '')))[1]::text::bigint AS rows) r
  ORDER BY pg_total_relation_size(oid) DESC")
dbsize=$(sql "SELECT pg_size_pretty(pg_database_size('$district_db'))")
students_total=$(sql 'SELECT count(*) FROM "Students"' "$district_db")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'; }
{
  echo
  echo "## $(date '+%F %T') · bench/district.sh · $(nproc) cores · PostgreSQL $(sql 'SHOW server_version' | cut -d' ' -f1) · ${SECONDS_PER_RUN}s per run, c=16, $ROUNDS rounds"
  echo
  printf '%s' "$seeding"
  echo "- one school: \`$one_db\` (1 × $STUDENTS students); district: \`$district_db\` ($SCHOOLS × $STUDENTS students, $students_total in all, $dbsize);" \
    "both measured on copies made for the run; PostgreSQL settings: fsync $(sql 'SHOW fsync'), synchronous_commit $(sql 'SHOW synchronous_commit')," \
    "shared_buffers $(sql 'SHOW shared_buffers')"
  echo "- grid: ${grid_info[one]} (district: ${grid_info[district]}); diary week ${week[one]}; writes into ${write_info[one]}"
  echo "- app's peak RSS: one school $rss_one MB, district $rss_district MB; load average (1 min) after each run in its row"
  echo
  echo "| page · side · round · load | req/s | p50 | p99 | non-2xx | app CPU ms/req | PostgreSQL CPU ms/req |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "| page | app CPU ms/req, 1 → $SCHOOLS schools | PostgreSQL CPU ms/req | SQL round trips (statements) + background round trips, per req | req/s | cost ratio (app + PG CPU), $SCHOOLS ÷ 1 |"
  echo "|---|---|---|---|---|---|"
  for page in grid week write; do
    a1=$(awk -v s="${cpu_sum[one.$page]}" -v n="$ROUNDS" 'BEGIN { printf "%.2f", s / n }')
    a2=$(awk -v s="${cpu_sum[district.$page]}" -v n="$ROUNDS" 'BEGIN { printf "%.2f", s / n }')
    p1=$(awk -v s="${pg_sum[one.$page]}" -v n="$ROUNDS" 'BEGIN { printf "%.2f", s / n }')
    p2=$(awk -v s="${pg_sum[district.$page]}" -v n="$ROUNDS" 'BEGIN { printf "%.2f", s / n }')
    q1=$(awk -v s="${rps_sum[one.$page]}" -v n="$ROUNDS" 'BEGIN { printf "%.0f", s / n }')
    q2=$(awk -v s="${rps_sum[district.$page]}" -v n="$ROUNDS" 'BEGIN { printf "%.0f", s / n }')
    echo "| $page | $a1 → $a2 | $p1 → $p2 | ${trips[one.$page]} → ${trips[district.$page]} | $q1 → $q2 |" \
      "$(ratio "$(awk -v a="$a1" -v b="$p1" 'BEGIN {print a + b}')" "$(awk -v a="$a2" -v b="$p2" 'BEGIN {print a + b}')") |"
  done
  echo
  echo "Bytes a mark write adds (district copy, growth over the write runs ÷ marks written): $per_write"
  echo
  echo "Bytes per row in \`$district_db\` (total = table + indexes + TOAST; rows counted exactly):"
  echo
  echo "| table | total size | rows | bytes/row, total | bytes/row, heap only |"
  echo "|---|---|---|---|---|"
  echo "$sizes" | sed 's/^/| /; s/$/ |/'
} | tee -a bench/RESULTS.md
