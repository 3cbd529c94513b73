#!/usr/bin/env bash
# One command: ./bench/diary.sh [--seconds S] [--parents N]
# Many parents reading their children's diaries while teachers write marks, on the demo school (SQLite, Release):
#  - N demo parents get a login for the bench (the demo gives one only to roditel; the bench copies his password hash
#    into a fresh database of its own), each logs in over the API;
#  - wrk reads the diary week (the page /Diary and GET /api/v1/students/{id}/diary) with the parents' tokens in turn,
#    while a second wrk posts marks as the teacher uchitel into his 5А maths lesson;
#  - bench/DiaryProbe measures the delay from a mark's POST to its "changed" message on 50 open SignalR connections
#    (roditel's son's diary), once while the parents keep reading and once on a quiet app.
# Appends to bench/results/<date>-diary.md; the figures worth keeping go into bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_RUN=15; PARENTS=200; PORT=5193
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --parents) PARENTS=$2; shift 2 ;;
    *) echo "неизвестный параметр: $1" >&2; exit 2 ;;
  esac
done
need_tools wrk jq sqlite3

work=$(mktemp -d)
trap 'kill $app 2>/dev/null || true; rm -rf "$work"' EXIT
export ConnectionStrings__Sqlite="Data Source=$work/journal.db;Foreign Keys=True"
export DataProtection__KeysPath="$work/keys"
export Database__SeedDemo=false
export Notifications__MailDropPath="$work/outbox-mail"
export ASPNETCORE_ENVIRONMENT=Production
# The app reads appsettings.json (its log levels: no line per SQL command) from its project folder, not from where the bench runs.
export ASPNETCORE_CONTENTROOT="$PWD/src/SchoolJournal.Web"

dotnet build src/SchoolJournal.Web -c Release -v q -nologo >/dev/null
dotnet build bench/DiaryProbe -c Release -v q -nologo >/dev/null
bin=src/SchoolJournal.Web/bin/Release/net10.0/SchoolJournal.Web.dll
dotnet "$bin" seed-demo --schools 1 --today 2026-11-23 > "$work/seed.log"

# Bench-only logins for N parents of the demo school: same password and role as roditel.
sqlite3 "$work/journal.db" <<SQL
INSERT INTO AspNetUsers (Id, SchoolId, DisplayName, MustChangePassword, CreatedAt, UserName, NormalizedUserName, EmailConfirmed,
    PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
SELECT 'bench-parent-' || p.Id, p.SchoolId, 'Родитель ' || p.Id, 0, r.CreatedAt, 'bench' || p.Id, 'BENCH' || p.Id, 0,
    r.PasswordHash, lower(hex(randomblob(16))), lower(hex(randomblob(16))), 0, 0, 1, 0
FROM Parents p JOIN AspNetUsers r ON r.UserName = 'roditel' AND p.SchoolId = r.SchoolId
WHERE p.UserId IS NULL ORDER BY p.Id LIMIT $PARENTS;
INSERT INTO AspNetUserRoles (UserId, RoleId)
SELECT u.Id, (SELECT ur.RoleId FROM AspNetUserRoles ur JOIN AspNetUsers r ON r.Id = ur.UserId WHERE r.UserName = 'roditel')
FROM AspNetUsers u WHERE u.Id LIKE 'bench-parent-%';
UPDATE Parents SET UserId = 'bench-parent-' || Id WHERE UserId IS NULL AND EXISTS (SELECT 1 FROM AspNetUsers u WHERE u.Id = 'bench-parent-' || Parents.Id);
SQL

dotnet "$bin" --urls "http://127.0.0.1:$PORT" > "$work/app.log" 2>&1 &
app=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null && break; sleep 1; done

login() { curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' -d "{\"login\":\"$1\",\"password\":\"journal2026\"}" | jq -r .accessToken; }
# Each parent's token and first child, as Lua table rows.
: > "$work/parents.lua"
for id in $(sqlite3 "$work/journal.db" "SELECT Id FROM Parents WHERE UserId LIKE 'bench-parent-%' ORDER BY Id"); do
  t=$(login "bench$id")
  child=$(curl -fs -H "Authorization: Bearer $t" "$base/api/v1/me" | jq '.children[0].studentId')
  echo "{\"$t\", $child}," >> "$work/parents.lua"
done
readers=$(wc -l < "$work/parents.lua")

teacher=$(login uchitel)
auth=(-H "Authorization: Bearer $teacher")
class=$(curl -fs "${auth[@]}" "$base/api/v1/classes" | jq '[.[] | select(.name == "5А")][0].id')
group=$(curl -fs "${auth[@]}" "$base/api/v1/groups" | jq --argjson c "$class" '[.[] | select(.subject == "Математика" and (.classIds | index($c)))][0].id')
for period in $(curl -fs "${auth[@]}" "$base/api/v1/periods" | jq '[.[] | select(.kind == "quarter")] | sort_by(.start) | .[].id'); do
  curl -fs "${auth[@]}" "$base/api/v1/groups/$group/journal?periodId=$period" > "$work/journal.json" || continue
  jq -e '[.lessons[] | select(.date <= "2026-11-23")] | length > 0' "$work/journal.json" >/dev/null && lesson=$(jq '[.lessons[] | select(.date <= "2026-11-23")][-1].id' "$work/journal.json")
done
student_ids=$(jq -c '[.students[].id]' "$work/journal.json")

reader_lua() { # path-template → script
cat <<LUA
local parents = {
$(cat "$work/parents.lua")
}
local n = 0
request = function()
  n = n + 1
  local p = parents[(n % #parents) + 1]
  local path = string.format("$1", p[2])
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. p[1] })
end
LUA
}
reader_lua "/api/v1/students/%d/diary?from=2026-11-23&to=2026-11-29" > "$work/api.lua"
reader_lua "/Diary?studentId=%d&date=2026-11-23" > "$work/page.lua"
marks_lua "$teacher" "$lesson" "$student_ids" > "$work/marks.lua"

# Readers and writers at once: the diary API and the page, each against the teacher's marks.
wrk -t1 -c2 -d"${SECONDS_PER_RUN}s" --latency -s "$work/marks.lua" "$base" > "$work/w1.txt" &
w=$!
api_out=$(wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$work/api.lua" "$base")
wait $w; write1=$(cat "$work/w1.txt")
wrk -t1 -c2 -d"${SECONDS_PER_RUN}s" --latency -s "$work/marks.lua" "$base" > "$work/w2.txt" &
w=$!
page_out=$(wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$work/page.lua" "$base")
wait $w; write2=$(cat "$work/w2.txt")

# Delay from a mark's write to its arrival on open diaries (SignalR "changed"): 50 open diaries of roditel's son,
# uchitel marks him 100 times; once while the parents keep reading the week page, once on a quiet app.
probe=(dotnet bench/DiaryProbe/bin/Release/net10.0/DiaryProbe.dll --url "$base" --parents roditel --watchers 50 --marks 100 --pause-ms 100)
wrk -t2 -c16 -d"$((SECONDS_PER_RUN * 4))s" --latency -s "$work/page.lua" "$base" > "$work/r3.txt" &
r=$!
probe_load=$("${probe[@]}" 2>&1 || true)
kill $r 2>/dev/null || true; wait $r 2>/dev/null || true
probe_quiet=$("${probe[@]}" 2>&1 || true)

result="bench/results/$(date +%F)-diary.md"
{
  echo "## $(date '+%F %T') · diary · $(nproc) cores · SQLite"
  echo
  echo "- seed: $(tail -1 "$work/seed.log")"
  echo "- $readers parents with logins read their first child's week (2026-11-23…29) in turn; uchitel writes marks into 5А maths lesson $lesson"
  echo
  echo "| request (${SECONDS_PER_RUN}s, at the same time) | req/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
  row "GET /api/v1/students/{id}/diary, a week (wrk -t2 -c16)" "$api_out"
  row "… while POST mark (wrk -t1 -c2)" "$write1"
  row "GET /Diary?studentId= page, a week (wrk -t2 -c16)" "$page_out"
  row "… while POST mark (wrk -t1 -c2)" "$write2"
  echo
  echo "Mark → open diary (SignalR \"changed\"), bench/DiaryProbe, while the parents read the week page:"
  echo
  echo '```'
  echo "$probe_load"
  echo '```'
  echo
  echo "… and on a quiet app:"
  echo
  echo '```'
  echo "$probe_quiet"
  echo '```'
  echo
  echo '```'
  echo "$api_out"; echo "$write1"; echo "$page_out"; echo "$write2"
  echo '```'
  echo
} | tee -a "$result"
