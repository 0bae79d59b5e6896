#!/bin/sh
# End-to-end: 'provcheck links' and 'provcheck check' through the real
# CLI against the loopback test server (tests/tools/httpd-serve): ok,
# broken, a permanent redirect and its new address, a URL that lost its
# hyphen at a line break repaired, --since-last over two simulated days,
# --offline, and the link problems table of each document in the report.
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
: >"$T/aliases.conf"     # a configuration file finds its aliases next to it
C="--config $T/provcheck.conf"

cat >"$T/corpus/sources.txt" <<DOC
Sources for the coastal note

The port authority's page $B/ok is up, its old address
$B/moved moved for good, and $B/notfound is gone.
The political report of the party to its central committees was
printed as $B/2016/01/11th-partycentral-committees-report/ in the
annex. The tide table is at $B/switch/tides for now.
DOC
touch "$T/sw/tides"

# --- links, JSON ---
PROVCHECK_NOW=2026-02-01T00:00:00Z $P links --db "$T/db" $C --format json "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "links exits 0 (a first failure is a warning)" [ $rc -eq 0 ]
check "nothing on stderr" [ ! -s "$T/err" ]
check "ok" grep -q "\"url\": \"$B/ok\", \"kind\": \"web\", \"verdict\": \"ok\", \"status\": 200" "$T/out"
check "broken" grep -q "\"url\": \"$B/notfound\", \"kind\": \"web\", \"verdict\": \"broken\", \"status\": 404" "$T/out"
check "permanent redirect" grep -q "\"url\": \"$B/moved\", \"kind\": \"web\", \"verdict\": \"redirect\", \"status\": 200, \"final_url\": \"$B/ok\", \"redirects\": \[{\"url\": \"$B/moved\", \"status\": 301}\]" "$T/out"
check "repaired url" grep -q "\"suggestion\": \"$B/2016/01/11th-party-central-committees-report/\"" "$T/out"
check "summary" grep -q '"summary": {"urls": 5, "checked": 5, "reused": 0, "repaired": 1' "$T/out"

# --- links, text, the next day: the tide table is gone ---
rm "$T/sw/tides"
PROVCHECK_NOW=2026-02-02T00:00:00Z $P links --db "$T/db" $C --since-last --fail-on warning "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?
check "--fail-on warning exits 1" [ $rc -eq 1 ]
check "redirect finding" grep -q "sources.txt:4:1: info: link moved permanently to $B/ok; update it" "$T/out"
check "repair suggestion" grep -q "suggestion: $B/2016/01/11th-party-central-committees-report/" "$T/out"
check "since-last newly broken" sed -n '/^newly broken:/,/^[a-z]/p' "$T/out" >"$T/new"
check "tides newly broken" grep -q "$B/switch/tides (failing, 0 days broken)" "$T/new"
check "since-last still broken" grep -q "^still broken:" "$T/out"
check "notfound still broken, a day" grep -q "$B/notfound (failing, 1 day broken)" "$T/out"
check "summary line" grep -q '^5 urls: 1 ok, 1 redirect, 3 broken; 1 repaired' "$T/out"
PROVCHECK_NOW=2026-02-02T00:00:00Z $P links --db "$T/db" $C --since-last --format json "$T/corpus" >"$T/out" 2>&1
check "since-last json" grep -q "\"since_last\": {\"newly_broken\": \[\], \"recovered\": \[\], \"still_broken\": \[" "$T/out"

# --- offline: nothing asked, nothing judged ---
$P links --db "$T/db" $C --offline --format json "$T/corpus" >"$T/out" 2>&1
check "offline exits 0" [ $? -eq 0 ]
check "offline unchecked" grep -q "\"url\": \"$B/notfound\", \"kind\": \"web\", \"verdict\": \"unchecked\", \"status\": 0, \"final_url\": null, \"redirects\": \[\], \"error\": \"offline\"" "$T/out"
check "offline network" grep -q '"network": "offline"' "$T/out"
check "offline no suggestion" grep -q '"repaired": 0' "$T/out"

# --- check: the link problems of each document in the report ---
PROVCHECK_NOW=2026-02-03T00:00:00Z $P check --db "$T/db" $C --fail-on never --format json "$T/corpus" >"$T/out" 2>"$T/err"
check "check exits 0" [ $? -eq 0 ]
check "check json has the links table" grep -q '"name": *"links"' "$T/out"
check "links table title" grep -q '"Link problems"' "$T/out"
PROVCHECK_NOW=2026-02-03T00:00:00Z $P check --db "$T/db" $C --fail-on never --format html -o "$T/report.html" "$T/corpus" 2>"$T/err"
check "check html" grep -q 'Link problems' "$T/report.html"
check "html suggestion link" grep -q "href=\"$B/2016/01/11th-party-central-committees-report/\"" "$T/report.html"
PROVCHECK_NOW=2026-02-03T00:00:00Z $P check --db "$T/db" $C --fail-on never "$T/corpus" >"$T/out" 2>"$T/err"
check "check text: broken link" grep -q "sources.txt:4:[0-9]*: warning: link failing" "$T/out"
exit $fail
