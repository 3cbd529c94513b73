# Shared by the bench scripts: source it after `cd` to the repository root.

# marks_lua TOKEN LESSON_ID STUDENT_IDS_JSON — a wrk script that posts marks 2…5 in turn for the students into a lesson.
marks_lua() {
  cat <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $1"
local students = {$(echo "$3" | tr -d '[]')}
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"studentId":%d,"value":"%d"}', students[(n % #students) + 1], (n % 4) + 2)
  return wrk.format(nil, "/api/v1/lessons/$2/marks", nil, body)
end
LUA
}

# marks_churn_lua TOKEN LESSON_ID STUDENT_IDS_JSON [PAUSE_MS] — a wrk script whose every connection posts a mark (2…5, the students in turn)
# into the lesson and then removes a mark it posted: two mark writes, each with its checks, audit event and outbox row, while
# the lesson keeps its size. (Writing only new marks, a 10 s run at 600 writes/s left 200 marks a student in the one lesson,
# and the grid the readers load meanwhile grew tenfold within the run.) Each wrk thread keeps the ids its posts got back.
# PAUSE_MS: each connection waits that long before its next write (a teacher's pace; wrk does not count the pause as latency).
marks_churn_lua() {
  cat <<LUA
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $1"
local students = {$(echo "$3" | tr -d '[]')}
local n = 0
local posted = {}
request = function()
  if #posted > 0 then
    return wrk.format("DELETE", "/api/v1/marks/" .. table.remove(posted, 1), nil, nil)
  end
  n = n + 1
  local body = string.format('{"studentId":%d,"value":"%d"}', students[(n % #students) + 1], (n % 4) + 2)
  return wrk.format("POST", "/api/v1/lessons/$2/marks", nil, body)
end
$( [ -n "${4:-}" ] && echo "delay = function() return $4 end" )
response = function(status, headers, body)
  if status == 201 then
    local id = body:match('"id":(%d+)')
    if id then table.insert(posted, id) end
  end
end
LUA
}

# bench_app_env WORK_DIR — the app's settings for a bench run: keys and mail in WORK_DIR, no demo seeding, Production, the
# project folder as content root (its appsettings.json: no log line per SQL command) and no rate limits (wrk is one client at
# thousands of requests a second; the limits protect a school from one client).
bench_app_env() {
  export DataProtection__KeysPath="$1/keys" Database__SeedDemo=false Notifications__MailDropPath="$1/outbox-mail"
  export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_CONTENTROOT="$PWD/src/SchoolJournal.Web" RateLimits__Enabled=false
}

# row NAME WRK_OUTPUT — one Markdown table row: req/s, p50, p99, non-2xx answers.
row() {
  printf '| %s | %s | %s | %s | %s |\n' "$1" \
    "$(echo "$2" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$2" | awk '$1=="50%" {print $2}')" \
    "$(echo "$2" | awk '$1=="99%" {print $2}')" \
    "$(echo "$2" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)"
}

# cpu_ticks PID — the process's user + system CPU time so far, in clock ticks (1/100 s).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# cpu_ms_per_request PID TICKS_BEFORE WRK_OUTPUT — the app's CPU milliseconds per answered request over a wrk run
# (garbage collection and background work included: what a request costs the machine, not only its own thread).
cpu_ms_per_request() {
  local after requests
  after=$(cpu_ticks "$1")
  requests=$(echo "$3" | awk '/requests in/ {print $1}')
  awk -v d=$((after - $2)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (n > 0 ? d * 1000 / hz / n : 0) }'
}

# need_tools TOOL… — installs from Debian the ones this machine lacks.
need_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool"; }
  done
}

# need_counters — dotnet-counters (NuGet's diagnostics tool, pinned) in bench/.tools unless this machine has it on its PATH;
# sets counters to the command.
need_counters() {
  counters=$(command -v dotnet-counters || true)
  if [ -z "$counters" ]; then
    counters=bench/.tools/dotnet-counters
    [ -x "$counters" ] || dotnet tool install --tool-path bench/.tools dotnet-counters --version 10.0.750501 >/dev/null
  fi
}

# write_figures PID SECONDS — the writes over the next SECONDS, from the app's own meters (read with dotnet-counters; needs
# need_counters): how long writers waited for SQLite's one writer and held it (SchoolJournal.Sqlite, decision 0021), how many
# marks went into one transaction of the group commit (the same meter, decision 0026; "—" when it is off), and how long
# a mark's POST and DELETE took inside the app, from Kestrel's hand-over of the parsed request to the end of the response
# (Microsoft.AspNetCore.Hosting's request duration). wrk's latency minus the app's is the time in the sockets, Kestrel's reading
# and writing, and the wait for a thread of the pool. p50/p99 in ms.
write_figures() {
  local csv
  csv=$(mktemp --suffix .csv)
  "$counters" collect -p "$1" --counters SchoolJournal.Sqlite,Microsoft.AspNetCore.Hosting --refresh-interval "$2" \
    --duration "$(date -u -d "@$(( $2 + 1 ))" +%T)" --format csv -o "$csv" >/dev/null 2>&1 || true
  if ! grep -q write_gate "$csv"; then echo "the app's figures not read"; rm -f "$csv"; return; fi
  awk -F, '$3 ~ /Percentile=(50|99)\]/ { split($3, p, "Percentile="); sub(/\].*/, "", p[2])
      if ($3 ~ /^sqlite\.(write_gate|group_commit)\./) { split($3, a, " "); v[a[1] " p" p[2]] = sprintf("%.1f", $5) }
      else if ($3 ~ /^http\.server\.request\.duration/ && $3 ~ /marks/ && match($3, /method=(POST|DELETE)/))
        v[substr($3, RSTART + 7, RLENGTH - 7) " p" p[2]] = sprintf("%.1f", $5 * 1000) }
    function f(k) { return k in v ? v[k] : "—" }
    END { printf "gate wait p50 %s, p99 %s ms; hold p50 %s, p99 %s ms; marks a group commit p50 %s, p99 %s; " \
        "in the app POST p50 %s, p99 %s ms, DELETE p50 %s, p99 %s ms",
      f("sqlite.write_gate.wait p50"), f("sqlite.write_gate.wait p99"), f("sqlite.write_gate.hold p50"), f("sqlite.write_gate.hold p99"),
      f("sqlite.group_commit.size p50"), f("sqlite.group_commit.size p99"),
      f("POST p50"), f("POST p99"), f("DELETE p50"), f("DELETE p99") }' "$csv"
  rm -f "$csv"
}

# wait_for_app BASE_URL — until the app answers its health check (90 s at most).
wait_for_app() {
  for _ in $(seq 1 90); do curl -fs "$1/health" >/dev/null && break; sleep 1; done
}

# bench_login BASE_URL LOGIN — a bearer token of a demo account.
bench_login() {
  curl -fs -X POST "$1/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"login\":\"$2\",\"password\":\"journal2026\"}" | jq -r .accessToken
}

# maths_5a BASE_URL TOKEN WORK_DIR — the benches' grid: 5А's maths group in its current period. Sets group, period, lesson (the
# last one up to the seed's day, which the writers write into) and student_ids; leaves the journal in WORK_DIR/journal.json and
# the writers' wrk scripts (flat out, every 50 ms) in WORK_DIR/marks.lua and WORK_DIR/paced.lua.
maths_5a() {
  local auth=(-H "Authorization: Bearer $2") class
  class=$(curl -fs "${auth[@]}" "$1/api/v1/classes" | jq '[.[] | select(.name == "5А")][0].id')
  group=$(curl -fs "${auth[@]}" "$1/api/v1/groups" \
    | jq --argjson c "$class" '[.[] | select(.subject == "Математика" and (.classIds | index($c)))][0].id')
  curl -fs "${auth[@]}" "$1/api/v1/groups/$group/journal" > "$3/journal.json"
  period=$(jq '.period.id' "$3/journal.json")
  lesson=$(jq '[.lessons[] | select(.date <= "2026-11-23")][-1].id' "$3/journal.json")
  student_ids=$(jq -c '[.students[].id]' "$3/journal.json")
  marks_churn_lua "$2" "$lesson" "$student_ids" > "$3/marks.lua"
  marks_churn_lua "$2" "$lesson" "$student_ids" 50 > "$3/paced.lua"
}

# mixed_load MODE SECONDS — issue 16's mixed rows: 16 writers (MODE paced: each every 50 ms; saturated: no pause) beside 16
# readers of the benches' grid for SECONDS. Uses base, teacher, group, period and work (set by maths_5a and the caller); leaves
# the writers' wrk output in $work/writes.txt, the readers' in $work/readers.txt, and the row's label in mixed_label.
mixed_load() {
  local script=$work/marks.lua readers
  mixed_label="16 writers, no pause"
  if [ "$1" = paced ]; then script=$work/paced.lua; mixed_label="16 writers, each every 50 ms"; fi
  wrk -t2 -c16 -d"$2s" --latency -H "Authorization: Bearer $teacher" "$base/Journal/Group/$group?periodId=$period" \
    > "$work/readers.txt" &
  readers=$!
  wrk -t2 -c16 -d"$2s" --latency -s "$script" "$base" > "$work/writes.txt"
  wait "$readers"
}

# stop_app_and_clean — an EXIT trap: stops the app started as $app and removes $work.
stop_app_and_clean() {
  if [ -n "${app:-}" ]; then kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; fi
  rm -rf "$work"
}
