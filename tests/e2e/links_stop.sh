#!/bin/sh
# End-to-end: stopping the links stage half-way and resuming it. A
# document cites two quick links and two that the loopback server holds
# until a switch is set (/slow/NAME, held while hold-NAME is set). 'check' sent SIGINT while the slow
# ones are in flight stores the quick ones, closes its run as
# interrupted (exit 130) and lists the slow ones as unchecked, not dead;
# the next run fetches only the slow ones (the access log of the server
# says what was asked). The same with max_run_time (a warning, exit 2)
# and with 'links'. A second SIGINT kills at once and the store stays
# usable.
set -u
# P, T, check(), fail, and the loopback server at $B (stopped on exit)
. tests/e2e/serve.inc

cat >"$T/provcheck.conf" <<CONF
[links]
allow_private = true
archive_endpoint =
host_interval = 0
max_per_host = 8
retries = 0
CONF
: >"$T/aliases.conf"
C="--config $T/provcheck.conf"
touch "$T/sw/hold-tides" "$T/sw/hold-berths"

cat >"$T/corpus/notes.txt" <<DOC
Harbour notes

The harbour page $B/ok is up and $B/status/410 is gone for good.
The tide tables are at $B/slow/tides and the berth list at
$B/slow/berths, both slow to answer.
DOC

# waits (at most 20 s) until the access log holds every pattern given
wait_log() {
	n=0
	while [ $n -lt 200 ]; do
		all=1
		for pat in "$@"; do
			grep -q "$pat" "$T/access.log" 2>/dev/null || all=0
		done
		[ $all -eq 1 ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# asks nothing of the quick links, and both slow ones
asked_only_slow() {
	! grep -q "/ok\$" "$T/access.log" && ! grep -q "/status/410" "$T/access.log" &&
	grep -q "/slow/tides" "$T/access.log" && grep -q "/slow/berths" "$T/access.log"
}

# --- check, SIGINT while the slow links are in flight ---
: >"$T/access.log"
$P check --db "$T/db" $C --format json "$T/corpus" >"$T/out" 2>"$T/err" &
cpid=$!
# the quick ones answered (the soft-404 probe comes after /ok's answer), the slow ones asked
check "the slow links are asked" wait_log "HEAD /slow/tides" "HEAD /slow/berths" \
	"HEAD /status/410" "GET /provcheck-"
sleep 1
kill -INT $cpid
wait $cpid
rc=$?
check "interrupted check exits 130" [ $rc -eq 130 ]
check "says what was left" grep -q "provcheck: interrupted; run 1 closed after 1 documents, 2 links not checked" "$T/err"
check "run closed as interrupted" [ "$(sqlite3 "$T/db" "SELECT status FROM runs WHERE id = 1")" = interrupted ]
check "the quick links' checks stored" [ "$(sqlite3 "$T/db" "SELECT group_concat(x, ',') FROM (SELECT u.url || ' ' || c.verdict AS x FROM link_checks c JOIN urls u ON u.id = c.url ORDER BY u.url)")" = "$B/ok ok,$B/status/410 broken" ]
check "their states stored for the run" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_states WHERE run = 1")" = 2 ]
check "the slow ones stored as unchecked findings, not dead" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM findings WHERE run = 1 AND kind = 'link-unchecked'")" = 2 ]
check "nothing called broken but the gone page" [ "$(sqlite3 "$T/db" "SELECT group_concat(quote) FROM findings WHERE run = 1 AND kind IN ('link-broken', 'link-failing', 'link-timeout')")" = "$B/status/410" ]

# --- the next run fetches only the rest ---
touch "$T/sw/tides" "$T/sw/berths"
: >"$T/access.log"
$P check --db "$T/db" $C --format json "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "the resumed check exits 0" [ $rc -eq 0 ]
check "the resumed check asks only the slow links" asked_only_slow
check "the slow links ok now" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_checks c JOIN urls u ON u.id = c.url WHERE u.url LIKE '%/slow/%' AND c.verdict = 'ok'")" = 2 ]
check "the resumed run judged all four" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_states WHERE run = 2")" = 4 ]
rm "$T/sw/tides" "$T/sw/berths"

# --- max_run_time: a warning, the run closed as interrupted, the report says unchecked ---
rm -f "$T/db"
cp "$T/provcheck.conf" "$T/limit.conf"
printf '[limits]\nmax_run_time = 2s\n' >>"$T/limit.conf"
: >"$T/access.log"
$P check --db "$T/db" --config "$T/limit.conf" --format json "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "out of time exits 2" [ $rc -eq 2 ]
check "the warning" grep -q "provcheck: warning: run time limit reached: 2 links not checked" "$T/err"
check "run closed as interrupted (max_run_time)" [ "$(sqlite3 "$T/db" "SELECT status FROM runs WHERE id = 1")" = interrupted ]
check "the report lists the slow links as unchecked" grep -q "link not checked: the run was stopped before it" "$T/out"
check "the gone page reported" grep -q "$B/status/410" "$T/out"
check "no slow link reported broken" sh -c "! grep -q 'link-broken[^}]*slow' '$T/out'"
touch "$T/sw/tides" "$T/sw/berths"
: >"$T/access.log"
$P check --db "$T/db" $C --format json "$T/corpus" >"$T/out" 2>"$T/err"
check "after the time limit, only the rest is asked" asked_only_slow
rm "$T/sw/tides" "$T/sw/berths"

# --- links: the same on SIGINT ---
rm -f "$T/db"
: >"$T/access.log"
$P links --db "$T/db" $C "$T/corpus" >"$T/out" 2>"$T/err" &
cpid=$!
check "links: the slow links are asked" wait_log "HEAD /slow/tides" "HEAD /slow/berths" \
	"HEAD /status/410" "GET /provcheck-"
sleep 1
kill -INT $cpid
wait $cpid
rc=$?
check "interrupted links exits 130" [ $rc -eq 130 ]
check "links says what was left" grep -q "provcheck: interrupted; run 1 closed: 2 links not checked" "$T/err"
check "links run closed as interrupted" [ "$(sqlite3 "$T/db" "SELECT status FROM runs WHERE id = 1")" = interrupted ]
check "links stored the quick links" [ "$(sqlite3 "$T/db" "SELECT COUNT(*) FROM link_checks")" = 2 ]
touch "$T/sw/tides" "$T/sw/berths"
: >"$T/access.log"
$P links --db "$T/db" $C "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "resumed links exits 0" [ $rc -eq 0 ]
check "resumed links asks only the slow links" asked_only_slow
check "resumed links summary" grep -q "^4 urls: 3 ok, 1 broken; 2 from the last check (ttl)" "$T/out"
rm "$T/sw/tides" "$T/sw/berths"

# --- links: max_run_time, JSON ---
rm -f "$T/db"
$P links --db "$T/db" --config "$T/limit.conf" --format json "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "links out of time exits 2" [ $rc -eq 2 ]
check "links: the warning" grep -q "provcheck: warning: run time limit reached: 2 links not checked" "$T/err"
check "links: json summary counts them" grep -q '"unchecked": 2, "not_checked": 2}' "$T/out"
check "links: json says why" grep -q '"verdict": "unchecked", "status": 0, "final_url": null, "redirects": \[\], "error": "not checked: the run was stopped"' "$T/out"
check "links: closed as interrupted (max_run_time)" [ "$(sqlite3 "$T/db" "SELECT status FROM runs WHERE id = 1")" = interrupted ]

# --- a second SIGINT kills at once; the store stays usable ---
rm -f "$T/db"
: >"$T/access.log"
$P check --db "$T/db" $C --format json "$T/corpus" >"$T/out" 2>"$T/err" &
cpid=$!
wait_log "HEAD /slow/tides" "HEAD /slow/berths"
kill -INT $cpid
kill -INT $cpid
wait $cpid
rc=$?
check "twice interrupted check exits 130" [ $rc -eq 130 ]
check "the store is intact" [ "$(sqlite3 "$T/db" "PRAGMA integrity_check")" = ok ]
touch "$T/sw/tides" "$T/sw/berths"
$P check --db "$T/db" $C --format json "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "the next check runs" [ $rc -eq 0 ]
check "the next check closes its run" [ "$(sqlite3 "$T/db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = ok ]

exit $fail
