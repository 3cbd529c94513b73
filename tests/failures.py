#!/usr/bin/env python3
"""The failed tests of a run, for the end of test.sh's output (CI shows only its last lines).

For each failed test in RESULTS/*.trx: its lane, name and time, the start of its message, its stack's frames in the app and the
tests, and the entries the lane's test apps wrote to RESULTS/LANE.app-errors.log while it ran (tests/…/AppErrorLog.cs): the 500
answers, unhandled exceptions and failed connections behind a failure that its own message does not explain.

Usage: failures.py RESULTS
"""
import datetime
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
ENTRY = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) ")


def seconds_of_day(moment):
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


def utc(text):
    # trx times carry seven decimals and an offset: 2026-12-07T06:06:30.5663902+00:00
    text = re.sub(r"(\.\d{6})\d*", r"\1", text)
    return datetime.datetime.fromisoformat(text).astimezone(datetime.timezone.utc)


def entries(path):
    """The log's entries as (second of the day, lines): a timed line and the exception lines under it."""
    found = []
    if not os.path.exists(path):
        return found
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            line = line.rstrip("\n")
            timed = ENTRY.match(line)
            if timed:
                h, m, s, ms = (int(g) for g in timed.groups())
                found.append((h * 3600 + m * 60 + s + ms / 1000, [line]))
            elif found:
                found[-1][1].append(line)
    return found


def short(lines, limit):
    """The entry's first lines and its frames in the app, at most limit lines."""
    kept = [l for i, l in enumerate(lines) if i < 3 or ("SchoolJournal" in l and l.lstrip().startswith("at "))
            or (not l.startswith(" ") and "Exception" in l)]
    return kept[:limit]


def main(results):
    failed = 0
    for trx in sorted(glob.glob(os.path.join(results, "*.trx"))):
        lane = os.path.basename(trx)[:-4]
        log = None
        try:
            root = ET.parse(trx).getroot()
        except ET.ParseError as e:
            print(f"{lane}: {trx} is not readable ({e})")
            continue
        for result in root.iterfind(".//t:UnitTestResult", NS):
            if result.get("outcome") != "Failed":
                continue
            failed += 1
            print(f"{lane}: {result.get('testName')} ({result.get('duration')})")
            message = (result.findtext(".//t:ErrorInfo/t:Message", "", NS) or "").strip().splitlines()[:12]
            stack = [l.strip() for l in (result.findtext(".//t:ErrorInfo/t:StackTrace", "", NS) or "").splitlines()
                     if "SchoolJournal" in l][:8]
            for line in message + stack:
                print("    " + line.strip()[:300])
            if log is None:
                log = entries(os.path.join(results, f"{lane}.app-errors.log"))
            start, end = result.get("startTime"), result.get("endTime")
            if not log or not start or not end:
                continue
            first, last = seconds_of_day(utc(start)), seconds_of_day(utc(end))
            during = [lines for at, lines in log if first - 1 <= at <= last + 1]
            if during:
                print(f"    the lane's test apps' errors while it ran ({len(during)}, the last 6):")
                for lines in during[-6:]:
                    for line in short(lines, 12):
                        print("      " + line.strip()[:300])
    if failed == 0:
        print("none")


if __name__ == "__main__":
    main(sys.argv[1])
