#!/bin/sh
# End-to-end: 'provcheck links --since-last' compares the link states of
# this run with those of the last run that judged each link (as 'report
# --linkrot' does), over simulated nights: newly broken, newly blocked,
# recovered, still broken; an offline run in between changes nothing.
# And [links] history_days prunes the history at the end of a run.
set -u
# P, T, check(), fail, and the loopback server at $B (stopped on exit)
. tests/e2e/serve.inc

cat >"$T/provcheck.conf" <<CONF
[links]
allow_private = true
archive_endpoint =
host_interval = 0
retries = 0
ttl = 0
CONF
: >"$T/aliases.conf"
C="--config $T/provcheck.conf"

cat >"$T/corpus/log.txt" <<DOC
Harbour log

The tide table $B/switch/tides, the berth list $B/gate/berths
and the harbour page $B/ok.
DOC
touch "$T/sw/tides" "$T/sw/berths"

links() {	# links DAY [OPTIONS...]
	day=$1; shift
	PROVCHECK_NOW=$day $P links --db "${DB:-$T/db}" $C --since-last "$@" "$T/corpus" >"$T/out" 2>"$T/err"
}

links 2026-06-01T02:00:00Z
check "night 1: nothing changed" sh -c "! grep -q '^newly\|^recovered\|^still' '$T/out'"

# night 2: the tide table is gone, the berth list behind a bot wall
rm "$T/sw/tides" "$T/sw/berths"
cp "$T/db" "$T/db2"
DB="$T/db2" links 2026-06-02T02:00:00Z --format json
check "night 2 json: newly_blocked" grep -q "\"newly_blocked\": \[{\"url\": \"$B/gate/berths\", \"state\": \"ok\", \"days_broken\": 0}\]" "$T/out"
links 2026-06-02T02:00:00Z
check "night 2: tides newly broken" sh -c "sed -n '/^newly broken:/,/^[a-z]/p' '$T/out' | grep -q '$B/switch/tides (failing, 0 days broken)'"
check "night 2: berths newly blocked" sh -c "sed -n '/^newly blocked:/,/^[a-z]/p' '$T/out' | grep -q '$B/gate/berths (blocked)'"
check "night 2: blocked is not broken" sh -c "! grep -q 'gate/berths (failing' '$T/out'"

# an offline run judges nothing: the next night still compares with night 2
links 2026-06-02T12:00:00Z --offline
links 2026-06-03T02:00:00Z
check "night 3: tides still broken, not newly" sh -c "sed -n '/^still broken:/,/^[a-z]/p' '$T/out' | grep -q '$B/switch/tides (failing, 1 day broken)'"
check "night 3: nothing newly broken" sh -c "! grep -q '^newly broken:' '$T/out'"
check "night 3: berths no longer news" sh -c "! grep -q '^newly blocked:' '$T/out'"

# night 4: fixed
touch "$T/sw/tides"
links 2026-06-04T02:00:00Z
check "night 4: tides recovered" sh -c "sed -n '/^recovered:/,/^[a-z]/p' '$T/out' | grep -q '$B/switch/tides (ok)'"
check "report --linkrot agrees" sh -c "$P report --db '$T/db' --linkrot --format json | grep -q 'recovered'"

# history_days: a run ends by forgetting what is older
n=$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_checks")
check "four online runs of three links checked" [ "$n" -eq 12 ]
printf 'history_days = 2\n' >>"$T/provcheck.conf"
links 2026-06-05T02:00:00Z
check "older than two days pruned from link_checks" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_checks WHERE checked_at < '2026-06-03T02:00:00Z'")" -eq 0 ]
check "the last two days kept" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_checks")" -eq 9 ]
check "older link states pruned" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_states WHERE at < '2026-06-03T02:00:00Z'")" -eq 0 ]
check "the run closed" [ "$(sqlite3 "$T/db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = ok ]

exit $fail
