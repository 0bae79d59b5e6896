#!/bin/sh
# End-to-end: the nightly link-rot report through the real CLI. Four
# simulated nights (PROVCHECK_NOW) of 'provcheck check' / 'provcheck
# links' against the loopback test server (tests/tools/httpd-serve),
# each followed by 'provcheck report --linkrot' as cron would run it:
#   night 1  all links ok                     -> no output, exit 0
#   night 2  two links break                  -> newly broken, exit 1
#   night 3  one still broken, one recovered  -> a report; exit per --fail-on
#   night 4  nothing changed                  -> no output, exit 0
set -u
# P, T, check(), fail, and the loopback server at $B (stopped on exit)
. tests/e2e/serve.inc

cat >"$T/provcheck.conf" <<CONF
# the test server is on loopback
[links]
allow_private = true
archive_endpoint = "$B/wayback/available"
host_interval = 0
retries = 0
ttl = 0
CONF
: >"$T/aliases.conf"     # a configuration file finds its aliases next to it

cat >"$T/corpus/records.txt" <<DOC
Harbour records, checked every night

The board keeps its yearly accounts at $B/switch/gone-accounts
and the pilots keep their register at $B/switch/register online.
The home page $B/ok stays up.

Notes

(1) The accounts again: $B/switch/gone-accounts
DOC

night() {	# night DATE COMMAND: one run, its report in $T/out, exit code in $rc
	PROVCHECK_NOW=$1 $P "$2" --db "$T/db" --config "$T/provcheck.conf" --fail-on never \
		"$T/corpus" >"$T/run.out" 2>"$T/run.err"
	check "night $1: '$2' runs" [ $? -eq 0 ]
}
report() {	# report ARGS...: report --linkrot, output in $T/out, exit code in $rc
	$P report --linkrot --db "$T/db" --config "$T/provcheck.conf" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# no run yet: nothing to report from
$P report --linkrot --db "$T/empty.db" >"$T/out" 2>"$T/err"
check "no history exits 2" [ $? -eq 2 ]
touch "$T/empty.db"

# night 1: everything works
touch "$T/sw/gone-accounts" "$T/sw/register"
night 2026-03-01T02:00:00Z check
report
check "night 1: quiet" [ ! -s "$T/out" ]
check "night 1: exit 0" [ $rc -eq 0 ]
check "night 1: nothing on stderr" [ ! -s "$T/err" ]

# night 2: two links break
rm "$T/sw/gone-accounts" "$T/sw/register"
night 2026-03-02T02:00:00Z check
report
check "night 2: exit 1 (newly broken is an error)" [ $rc -eq 1 ]
check "night 2: two newly broken" grep -q '2 newly broken, 0 recovered, 0 still broken' "$T/out"
check "night 2: first place cited" grep -q "records.txt:3:[0-9]*: $B/switch/gone-accounts (broken 404), cited 2 times" "$T/out"
check "night 2: archived copy" grep -q "archived copy: http://web.archive.org/web/.*gone-accounts" "$T/out"
check "night 2: trend" grep -q 'broken links by run: 1:0/3 2:2/3' "$T/out"
report --fail-on never
check "night 2: --fail-on never exits 0" [ $rc -eq 0 ]
report --format html -o "$T/night2.html"
check "night 2: html written" [ -s "$T/night2.html" ]
check "night 2: html trend chart" grep -q '<svg' "$T/night2.html"
check "night 2: html archive link" grep -q 'href="http://web.archive.org/web/' "$T/night2.html"
report --format json
check "night 2: json newly broken" grep -q '"change": *"new-broken"' "$T/out"

# night 3 (with 'provcheck links'): the accounts are still gone, the register is back
touch "$T/sw/register"
night 2026-03-03T02:00:00Z links
report
check "night 3: a report" grep -q '0 newly broken, 1 recovered, 1 still broken' "$T/out"
check "night 3: exit 0 under --fail-on error" [ $rc -eq 0 ]
check "night 3: still broken for a day" grep -q 'gone-accounts (broken 404), broken for 1 day' "$T/out"
check "night 3: recovered" grep -q "$B/switch/register (ok 200)" "$T/out"
report --fail-on warning
check "night 3: exit 1 under --fail-on warning" [ $rc -eq 1 ]
report --format json
check "night 3: json days broken" grep -q '"days_broken": *1' "$T/out"
report --format md
check "night 3: markdown" grep -q 'Link rot' "$T/out"

# night 4: nothing changed, nothing said
night 2026-03-04T02:00:00Z check
report --fail-on warning
check "night 4: quiet" [ ! -s "$T/out" ]
check "night 4: exit 0" [ $rc -eq 0 ]

# an earlier night by run number
report --run 2 --fail-on never
check "--run 2: night 2's report" grep -q '2 newly broken' "$T/out"
exit $fail
