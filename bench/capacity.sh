#!/usr/bin/env bash
# ./bench/capacity.sh [--write] — the capacity model of docs/capacity.md, computed from its own input tables.
# Every row of the form "| `name` | number | …" in docs/capacity.md is an input (unit costs from bench/RESULTS.md and the
# workload's assumptions); the script prints the derived tables, and with --write puts them into docs/capacity.md between
# the markers <!-- capacity:begin --> and <!-- capacity:end -->. Change a number in the doc, run this, commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
doc=docs/capacity.md
out=$(awk '
  function ceil(x) { return (x == int(x)) ? x : int(x) + 1 }
  function f(x, d) { return sprintf("%." d "f", x) }
  function num(x) { s = sprintf("%.0f", x); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } return s r }
  /^\| `[a-z0-9_]+` \| -?[0-9.]+ \|/ { split($0, c, "|"); n = c[2]; gsub(/[ `]/, "", n); x = c[3]; gsub(/ /, "", x); v[n] = x + 0 }
  END {
    # ---- traffic ----
    parents = v["students"] * v["parents_per_student"]
    diary_day = parents * v["parent_active_share"] * v["parent_views_per_day"] + v["students"] * v["student_active_share"] * v["student_views_per_day"]
    diary_morning = diary_day * v["morning_hour_share"] / 3600 * v["read_peak_factor"]
    diary_daytime = diary_day * v["daytime_share"] / (v["write_hours"] * 3600) * v["read_peak_factor"]
    lessons_day = v["students"] * v["lessons_per_student_day"]
    writes = lessons_day * v["writes_per_lesson"] / (v["write_hours"] * 3600) * v["write_peak_factor"]
    grids = lessons_day * v["grid_views_per_lesson"] / (v["write_hours"] * 3600) * v["write_peak_factor"]
    # ---- CPU: cores busy at the peak, then with the utilisation target ----
    app_m = diary_morning * v["diary_app_ms"] / 1000 + (writes * v["write_app_ms"] + grids * v["grid_app_ms"]) * v["morning_write_share"] / 1000
    app_d = (diary_daytime * v["diary_app_ms"] + writes * (v["write_app_ms"] + v["write_bg_app_ms"]) + grids * v["grid_app_ms"]) / 1000
    app = (app_m > app_d ? app_m : app_d) / v["target_utilisation"]
    nodes = ceil(app / v["app_node_vcpu"]) + 1
    hit = v["diary_cache_hit"]
    prim = (writes * v["write_pg_ms"] + grids * v["grid_pg_ms"]) / 1000 / v["target_utilisation"]
    repl_m = diary_morning * (1 - hit) * v["diary_pg_ms"] / 1000 / v["target_utilisation"]
    repl_d = diary_daytime * (1 - hit) * v["diary_pg_ms"] / 1000 / v["target_utilisation"]
    repl = repl_m > repl_d ? repl_m : repl_d
    replicas = ceil(repl / v["db_vcpu"]) + 1
    # ---- SQL and storage ----
    prim_trips = writes * (v["write_trips"] + v["write_bg_trips"]) + grids * v["grid_trips"]
    repl_trips = diary_morning * (1 - hit) * v["diary_trips"]
    marks_year = v["students"] * v["marks_per_student_day"] * v["school_days"]
    writes_year = v["students"] * v["lessons_per_student_day"] * v["writes_per_lesson"] * v["school_days"]
    grow = writes_year * v["bytes_per_write"] / 1e9
    kept = writes_year * v["bytes_per_write_kept"] / 1e9
    wal = writes * v["wal_bytes_per_write"] / 1e6
    # ---- the district check: the same model for the district seeded by bench/district.sh ----
    ds = v["district_students"]; k = ds / v["students"]
    d_peak = diary_morning * k; d_writes = writes * k; d_grids = grids * k
    d_cost_m = d_peak * (v["diary_app_ms"] + v["diary_pg_ms"]) / 1000
    d_cost_d = (diary_daytime * k * (v["diary_app_ms"] + v["diary_pg_ms"]) + d_writes * (v["write_app_ms"] + v["write_bg_app_ms"] + v["write_pg_ms"]) + d_grids * (v["grid_app_ms"] + v["grid_pg_ms"])) / 1000
    print "| quantity | formula | value |"
    print "|---|---|---|"
    print "| parents with an account | students × parents_per_student | " num(parents) " |"
    print "| diary views a school day | parents × active × views + students × active × views | " num(diary_day) " |"
    print "| **diary views/s, 8:00–9:00 peak** | day × morning_hour_share ÷ 3600 × read_peak_factor | **" num(diary_morning) "** |"
    print "| diary views/s, 9:00–15:00 peak | day × daytime_share ÷ write_hours ÷ 3600 × read_peak_factor | " num(diary_daytime) " |"
    print "| lessons a school day | students × lessons_per_student_day | " num(lessons_day) " |"
    print "| **journal writes/s, 9:00–15:00 peak** | lessons × writes_per_lesson ÷ write_hours ÷ 3600 × write_peak_factor | **" num(writes) "** |"
    print "| grid views/s, 9:00–15:00 peak | lessons × grid_views_per_lesson ÷ write_hours ÷ 3600 × write_peak_factor | " num(grids) " |"
    print "| app CPU busy at the peak, cores | max(8–9: diary + morning writes; 9–15: writes + background + grid + diary) | " f(app * v["target_utilisation"], 1) " |"
    print "| **app nodes** of " v["app_node_vcpu"] " vCPU | ceil(busy ÷ target_utilisation ÷ vCPU) + 1 spare | **" nodes "** (" f(app, 1) " vCPU needed) |"
    print "| **PostgreSQL primary**, vCPU needed | (writes × write_pg_ms + grid × grid_pg_ms) ÷ target_utilisation | **" f(prim, 1) "** |"
    print "| **replicas** of " v["db_vcpu"] " vCPU for diary reads | ceil(diary × (1 − cache hit) × diary_pg_ms ÷ target_utilisation ÷ vCPU) + 1 spare | **" replicas "** (" f(repl, 1) " vCPU needed) |"
    print "| SQL round trips/s on the primary (peak) | writes × (request + background) + grid × grid_trips | " num(prim_trips) " |"
    print "| SQL round trips/s on the replicas (8:00–9:00) | diary × (1 − cache hit) × diary_trips | " num(repl_trips) " |"
    print "| marks a year | students × marks_per_student_day × school_days | " num(marks_year) " |"
    print "| journal writes a year | students × lessons × writes_per_lesson × school_days | " num(writes_year) " |"
    print "| database growth a year, GB (everything a write adds, outbox and notifications kept) | writes_year × bytes_per_write | " num(grow) " |"
    print "| database growth a year, GB (outbox and delivered notifications pruned) | writes_year × bytes_per_write_kept | " num(kept) " |"
    print "| WAL at the write peak, MB/s | writes × wal_bytes_per_write | " f(wal, 1) " |"
    print ""
    print "The district check (" num(ds) " students, the model scaled by " f(k, 4) "):"
    print ""
    print "| quantity | model | measured by `bench/district.sh` |"
    print "|---|---|---|"
    print "| diary views/s at 8:00–9:00 | " f(d_peak, 1) " | — (an input of the model, not measurable here) |"
    print "| CPU busy at 8:00–9:00 (app + PostgreSQL), cores | " f(d_cost_m, 2) " | — |"
    print "| CPU busy at 9:00–15:00 (app + PostgreSQL), cores | " f(d_cost_d, 2) " | — |"
    print "| diary views/s this 2-core machine can serve (2 cores ÷ (app + PG ms)) | " f(2000 / (v["diary_app_ms"] + v["diary_pg_ms"]), 0) " | " v["district_diary_rps"] " at load " v["district_load"] " |"
    print "| grid views/s this machine can serve | " f(2000 / (v["grid_app_ms"] + v["grid_pg_ms"]), 0) " | " v["district_grid_rps"] " |"
    print "| mark writes/s this machine can serve (request and its dispatch) | " f(2000 / (v["write_app_ms"] + v["write_pg_ms"]), 0) " | " v["district_write_rps"] " |"
    print "| database size, GB (rows × bytes per row of the seeded tables) | " f(v["district_rows_bytes"] / 1e9, 2) " | " f(v["district_db_bytes"] / 1e9, 2) " |"
  }' "$doc")
if [ "${1:-}" = --write ]; then
  awk -v body="$out" '
    /<!-- capacity:begin -->/ { print; print ""; print body; print ""; skip = 1; next }
    /<!-- capacity:end -->/ { skip = 0 }
    !skip' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
else
  echo "$out"
fi
