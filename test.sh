#!/usr/bin/env bash
# Builds once and runs every test lane: unit, integration on SQLite, integration on PostgreSQL (a throwaway
# cluster and its streaming replica started here), browser, and two app nodes behind HAProxy over PgBouncer (nodes). Prints one
# line per lane and, last, "N passed, N failed".
# Exits non-zero when a test failed, a lane did not run, or a lane ran no tests.
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Every test host watches its config and content files; with inotify that takes one instance of the user's 128
# (fs.inotify.max_user_instances) per watcher, and a suite of 1,500 hosts side by side can run out ("The configured user
# limit (128) on the number of inotify instances has been reached"). Polling watchers take none.
export DOTNET_USE_POLLING_FILE_WATCHER=true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
exec </dev/null

say() { printf '== %s\n' "$*"; }
# A failure before any lane ran still ends with the summary line.
die() { echo "test.sh: $*" >&2; echo "0 passed, 0 failed"; exit 2; }

# --- system packages (a fresh Debian 12 with only the .NET SDK) ---------------------------------------
# What is missing goes in with one apt-get run and without the packages' recommendations: Chromium's alone pulled in some 95
# packages no test uses (udev, avahi, CUPS's printer set-up, GTK, upower, a terminal, Perl's web modules). 7 December, from an
# emptied package cache: 34 packages in 11.6 s instead of 130 in 29 s. The pages and the PDFs set their type in DejaVu
# (fonts-dejavu-core), which the browser also takes for system-ui and sans-serif.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
have_sbin() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]; }
MISSING=()
if ! command -v psql >/dev/null || [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then MISSING+=(postgresql); fi
# The browser tests drive Chromium's headless shell (tests/SchoolJournal.BrowserTests/DemoSchool.cs): half the CPU of the full browser.
[ -x /usr/bin/chromium-headless-shell ] || MISSING+=(chromium-headless-shell)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || MISSING+=(fonts-dejavu-core)
# The mail tests send through a real SMTP server (Debian's aiosmtpd, writing a Maildir); the scale-out tests run two
# app nodes over a real Redis (SignalR backplane).
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || MISSING+=(python3-aiosmtpd)
command -v redis-server >/dev/null || MISSING+=(redis-server)
# The two-node lane puts HAProxy in front of two app nodes and PgBouncer (transaction mode) in front of PostgreSQL.
have_sbin haproxy || MISSING+=(haproxy)
have_sbin pgbouncer || MISSING+=(pgbouncer)
if [ "${#MISSING[@]}" -gt 0 ]; then
    say "installing ${MISSING[*]}"
    [ "$(id -u)" -eq 0 ] || die "${MISSING[*]} missing, and only root can install them"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null || die "apt-get install failed"
fi
PGBIN="$(pg_bin)"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"

# --- a throwaway PostgreSQL cluster ----------------------------------------------------------------------
PGDIR="$(mktemp -d /tmp/sj-pg.XXXXXX)"
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
SMTP_PID=""; REDIS_PID=""
cleanup() {
    if [ -f "$PGDIR/replica/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGDIR/replica" -m immediate -w stop >/dev/null 2>&1; fi
    if [ -f "$PGDIR/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1; fi
    [ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null
    [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null
    # What the two-node lane started (nodes, PgBouncer, HAProxy) and a crashed test host could not stop.
    for pidfile in "$PGDIR"/nodes/*.pid; do [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null; done
    rm -rf "$PGDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" -eq 0 ] && chown postgres: "$PGDIR"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PGPORT=55432
while ! port_free "$PGPORT"; do PGPORT=$((PGPORT + 1)); done

say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT ($PGDIR)"
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 \
    || { cat "$PGDIR/initdb.log" >&2; die "initdb failed"; }
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { cat "$PGDIR/server.log" >&2; die "PostgreSQL did not start"; }

# --- its streaming replica (reports and the diary read from it: decision 0019) ----------------------------------------
# PostgreSQL's defaults already stream: wal_level=replica, max_wal_senders=10, and initdb's pg_hba.conf lets local
# replication connections in with trust. A physical slot keeps the WAL the replica has not received yet; replay can be
# paused by the tests, receiving cannot.
PGREPLICAPORT=$((PGPORT + 1)); while ! port_free "$PGREPLICAPORT"; do PGREPLICAPORT=$((PGREPLICAPORT + 1)); done
say "PostgreSQL streaming replica on 127.0.0.1:$PGREPLICAPORT"
as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U postgres -D "$PGDIR/replica" -R -X stream -C -S sj_test_replica -c fast \
    >"$PGDIR/basebackup.log" 2>&1 || { cat "$PGDIR/basebackup.log" >&2; die "pg_basebackup failed"; }
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/replica" -l "$PGDIR/replica.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGREPLICAPORT -k $PGDIR -c hot_standby=on -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$PGDIR/replica.log" >&2; die "the PostgreSQL replica did not start"; }

# --- an SMTP server writing every message it accepts into a Maildir; Redis --------------------------------
SMTPPORT=$((PGREPLICAPORT + 1)); while ! port_free "$SMTPPORT"; do SMTPPORT=$((SMTPPORT + 1)); done
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTPPORT" -c aiosmtpd.handlers.Mailbox "$PGDIR/maildir" >"$PGDIR/smtp.log" 2>&1 &
SMTP_PID=$!
REDISPORT=$((SMTPPORT + 1)); while ! port_free "$REDISPORT"; do REDISPORT=$((REDISPORT + 1)); done
redis-server --port "$REDISPORT" --bind 127.0.0.1 --save '' --appendonly no >"$PGDIR/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 50); do ! port_free "$SMTPPORT" && ! port_free "$REDISPORT" && break; sleep 0.2; done
port_free "$SMTPPORT" && { cat "$PGDIR/smtp.log" >&2; die "the SMTP server did not start"; }
port_free "$REDISPORT" && { cat "$PGDIR/redis.log" >&2; die "Redis did not start"; }
export SJ_TEST_SMTP="127.0.0.1:$SMTPPORT" SJ_TEST_MAILDIR="$PGDIR/maildir" SJ_TEST_REDIS="127.0.0.1:$REDISPORT"
say "SMTP on $SJ_TEST_SMTP (Maildir $SJ_TEST_MAILDIR), Redis on $SJ_TEST_REDIS"

# --- build once -------------------------------------------------------------------------------------------
say "dotnet build -c Release"
# The compiler runs without tiered PGO: each project's csc is a process of its own (this machine sets UseSharedCompilation=false),
# and with PGO it spent its minutes in instrumented code and the runtime's profiling helpers (perf, 7 December: a fifth of the
# compile in libcoreclr, called from the parser's hottest methods). The web project alone compiled in 90-94 s instead of
# 139-152 s; a rebuild of the solution took 181 s instead of 238 s. The compiler's output is the same either way.
DOTNET_TieredPGO=0 dotnet build SchoolJournal.slnx -c Release -v q -nologo -clp:ErrorsOnly || die "build failed"

# --- lanes ------------------------------------------------------------------------------------------------
# The tests' own databases and files go to memory when the machine has /dev/shm: a test's SQLite file is synced on
# every commit (about 2 ms each on this disk), which a throwaway database does not need — as PostgreSQL runs with
# fsync=off above. The app's own durability settings are unchanged.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi

RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
declare -a SUMMARY=()
TOTAL_PASSED=0; TOTAL_FAILED=0; BROKEN=0

attr() { grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' | head -n 1; }

# run_lane NAME PROJECT [VAR=value…]: one `dotnet test` run; its console output goes to TestResults/NAME.log, its exit code
# and seconds beside it, so two lanes can run at once and be reported one after the other.
# Arguments after a `--` go to dotnet test itself (a --filter).
run_lane() {
    local name="$1" project="$2"; shift 2
    local -a vars=() args=()
    while [ $# -gt 0 ]; do
        if [ "$1" = "--" ]; then shift; args=("$@"); break; fi
        vars+=("$1"); shift
    done
    local start=$SECONDS
    rm -f "$RESULTS/$name.app-errors.log"
    env "SJ_TEST_APP_ERRORS=$RESULTS/$name.app-errors.log" "${vars[@]}" dotnet test "$project" --no-build -c Release -v q \
        --logger "console;verbosity=minimal" --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" "${args[@]}" \
        >"$RESULTS/$name.log" 2>&1
    echo "$? $((SECONDS - start))" >"$RESULTS/$name.rc"
}

# report_lane NAME PROJECT: prints the lane's output and adds its line to the summary.
report_lane() {
    local name="$1" project="$2"
    say "lane $name: $project"
    cat "$RESULTS/$name.log" 2>/dev/null
    local rc=1 secs=0 trx="$RESULTS/$name.trx"
    [ -f "$RESULTS/$name.rc" ] && read -r rc secs <"$RESULTS/$name.rc"
    if [ ! -f "$trx" ]; then
        SUMMARY+=("$(printf '%-10s did not run (dotnet test exit %s, no %s.trx), %ss' "$name" "$rc" "$name" "$secs")")
        BROKEN=$((BROKEN + 1)); return
    fi
    local total passed failed executed
    total=$(attr "$trx" total); executed=$(attr "$trx" executed)
    passed=$(attr "$trx" passed); failed=$(attr "$trx" failed)
    total=${total:-0}; executed=${executed:-0}; passed=${passed:-0}; failed=${failed:-0}
    TOTAL_PASSED=$((TOTAL_PASSED + passed)); TOTAL_FAILED=$((TOTAL_FAILED + failed))
    local note=""
    if [ "$executed" -eq 0 ]; then note=" — FAILED: the lane ran no tests"; BROKEN=$((BROKEN + 1))
    elif [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then note=" — FAILED: dotnet test exit $rc"; BROKEN=$((BROKEN + 1))
    fi
    SUMMARY+=("$(printf '%-10s %4s passed, %3s failed, %4s total, %4ss%s' "$name" "$passed" "$failed" "$total" "$secs" "$note")")
    # A failed test's 500 is explained by the apps' errors (tests/…/AppErrorLog.cs); the provoked ones are there too.
    if [ "$failed" -gt 0 ] && [ -s "$RESULTS/$name.app-errors.log" ]; then
        say "lane $name: the last 80 lines of the test apps' errors ($RESULTS/$name.app-errors.log)"
        tail -n 80 "$RESULTS/$name.app-errors.log"
    fi
}

lane() { run_lane "$@"; report_lane "$1" "$2"; }

INTEGRATION=tests/SchoolJournal.IntegrationTests
lane unit tests/SchoolJournal.Tests
# The browser, SQLite and PostgreSQL lanes run side by side from the start, the two-node lane when two of them have ended. Each
# alone leaves part of the two cores idle — a test waits on its database, its SMTP server, its background services; the browser
# lane on Chromium and its pages (25-45 % of the cores idle while it ran after the integration lanes) — and they share nothing
# but the SMTP server and Redis, where every test keeps to its own addresses and channels. 6 December, back to back: the lanes
# 749 s of wall time this way, 857 s with the browser lane started when the SQLite lane ended (the cores 98-100 % busy
# throughout instead of idle for a fifth of the browser lane's last minutes).
say "lanes browser, sqlite and postgres side by side, then nodes beside the last of them"
LANES_START=$SECONDS
# The machine's busy CPU seconds (user, nice, system, irq, softirq in /proc/stat) while the lanes run: the cores are not both busy
# all along, so the CPU says more of the tests' cost than the wall time, though both move with this machine's pace by the hour.
busy_cpu() { awk -v hz="$(getconf CLK_TCK)" '/^cpu /{ printf "%d", ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat 2>/dev/null || echo 0; }
LANES_CPU=$(busy_cpu)
# The replica's tests (trait Database=Postgres) are the PostgreSQL lane's only; the SQLite write gate's and the demo seeder's two-school
# runs (Database=Sqlite) the SQLite lane's.
# The integration lanes run without tiered PGO: their process builds thousands of short-lived apps, each compiling its own EF
# queries and endpoints, and PGO instruments that code and compiles it once more. 156 of their tests on SQLite alone took 45–54 s
# without it instead of 56–74 s (alternating runs, 6 December); the whole SQLite and PostgreSQL lanes 440–456 and 482–509 s
# instead of 486 and 512 s. The browser lane's one app serves pages for minutes, as a server does; its time varied 348–437 s with
# PGO and without, so it keeps the runtime's default. The app's own runtimeconfig has PGO off; a test process runs under its own.
NO_PGO=DOTNET_TieredPGO=0
# The page lane's screenshots are for a person (tests/…/EveryPageBrowserTests.cs): 126 of its 418 s beside the other lanes.
run_lane browser tests/SchoolJournal.BrowserTests SJ_PAGE_SHOTS=0 &
BROWSER_PID=$!
run_lane sqlite "$INTEGRATION" SJ_TEST_DB=Sqlite "$NO_PGO" -- --filter "Database!=Postgres" &
SQLITE_PID=$!
run_lane postgres "$INTEGRATION" SJ_TEST_DB=Postgres "$NO_PGO" "SJ_TEST_POSTGRES=Host=127.0.0.1;Port=$PGPORT;Username=postgres" \
    "SJ_TEST_POSTGRES_REPLICA=Host=127.0.0.1;Port=$PGREPLICAPORT;Username=postgres" -- --filter "Database!=Sqlite" &
POSTGRES_PID=$!
# The two-node lane (PgBouncer, two app processes, HAProxy; under a minute) starts when only one of the three is left: it kills a
# node with -9 and waits out leases, so it wants the cores less crowded than three lanes at once.
running() { local n=0 pid; for pid in "$@"; do kill -0 "$pid" 2>/dev/null && n=$((n + 1)); done; echo "$n"; }
while [ "$(running "$BROWSER_PID" "$SQLITE_PID" "$POSTGRES_PID")" -gt 1 ]; do sleep 2; done
mkdir -p "$PGDIR/nodes"
run_lane nodes tests/SchoolJournal.NodeTests "SJ_TEST_POSTGRES=Host=127.0.0.1;Port=$PGPORT;Username=postgres" "SJ_TEST_NODES_DIR=$PGDIR/nodes" \
    "SJ_TEST_NODES_REPLICA=Host=127.0.0.1;Port=$PGREPLICAPORT;Username=postgres" &
wait "$BROWSER_PID" "$SQLITE_PID" "$POSTGRES_PID" "$!"
say "lanes sqlite, postgres, browser and nodes: $((SECONDS - LANES_START))s wall, $(( $(busy_cpu) - LANES_CPU ))s of the machine's CPU"
report_lane sqlite "$INTEGRATION"
report_lane postgres "$INTEGRATION"
report_lane browser tests/SchoolJournal.BrowserTests
report_lane nodes tests/SchoolJournal.NodeTests

# The slowest tests of the run, from the trx files (duration="hh:mm:ss.fffffff"), to show where the time goes.
slowest() {
    grep -ho '<UnitTestResult [^>]*' "$RESULTS"/*.trx 2>/dev/null \
        | sed -n 's/.*testName="\([^"]*\)".*duration="\([0-9:.]*\)".*/\2 \1/p' \
        | awk '{ split($1, t, ":"); printf "%8.2fs %s\n", t[1] * 3600 + t[2] * 60 + t[3], substr($0, index($0, " ") + 1) }' \
        | sort -rn | head -n 20
}
echo
say "the 20 slowest tests"
slowest

# Last before the summary, as CI shows only the end of this output: each failed test, its message and the errors its lane's
# test apps wrote while it ran.
echo
say "the failed tests (tests/failures.py)"
/usr/bin/python3 tests/failures.py "$RESULTS"

echo
say "summary (trx files in $RESULTS)"
printf '%s\n' "${SUMMARY[@]}"
[ "$BROKEN" -gt 0 ] && echo "$BROKEN lane(s) did not run properly"
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ] && [ "$BROKEN" -eq 0 ]
