#!/bin/sh
# End-to-end: 'provcheck links' without a network: extraction, JSON
# shape, --offline, mailto syntax, and "network unavailable" when no
# host name resolves (.invalid names never do).
set -u
P="${PROVCHECK_WRAP:-} ${PROVCHECK_BIN:-./provcheck}"
F=tests/fixtures/links
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {	# check DESCRIPTION COMMAND...
	desc=$1; shift
	if ! "$@"; then echo "FAIL: $desc"; fail=1; fi
}

$P links --help >"$T/out" 2>&1
check "help exits 0" [ $? -eq 0 ]
check "help names --since-last" grep -q -- '--since-last' "$T/out"

$P links --db "$T/db" --offline --format json "$F/wrapped-notes.txt" >"$T/out" 2>"$T/err"
rc=$?
check "offline exits 0 (an invalid mailto is a warning)" [ $rc -eq 0 ]
check "json has links" grep -q '^{"links": \[' "$T/out"
check "trailing period dropped" grep -q '"url": "https://news.example.invalid/2016/01/11th-partycentral-committees-report/"' "$T/out"
check "semicolon dropped" grep -q '"url": "http://www.example.invalid/trendlines/9099/relations"' "$T/out"
check "balanced paren kept" grep -q '"url": "http://wiki.example.invalid/Page_(disambiguation)"' "$T/out"
check "markdown mailto" grep -q '"url": "mailto:desk@example.org", "kind": "mailto", "verdict": "ok"' "$T/out"
check "bad mailto" grep -q '"url": "mailto:bad@@example", "kind": "mailto", "verdict": "broken"' "$T/out"
check "doi through the resolver" grep -q '"url": "https://doi.org/10.1234/abcd.5678", "kind": "doi"' "$T/out"
check "bare www" grep -q '"url": "http://www.example.invalid/about"' "$T/out"
check "unchecked offline" grep -q '"verdict": "unchecked", "status": 0, "final_url": null, "redirects": \[\], "error": "offline"' "$T/out"
check "occurrence line and column" grep -q '"document": "tests/fixtures/links/wrapped-notes.txt", "line": 3, "column": 1' "$T/out"
check "network offline" grep -q '"network": "offline"' "$T/out"
check "nothing on stderr when piped" [ ! -s "$T/err" ]

$P links --db "$T/db" --offline "$F/wrapped-notes.txt" >"$T/out" 2>&1
check "text mailto warning" grep -q 'wrapped-notes.txt:6:.*warning: invalid mailto address' "$T/out"
check "text summary" grep -q '^7 urls: 1 ok, 1 broken, 5 unchecked' "$T/out"

# every host fails to resolve: the network is down, not the links
$P links --db "$T/db" --format json "$F/wrapped-notes.txt" >"$T/out" 2>"$T/err"
rc=$?
check "network down exits 2" [ $rc -eq 2 ]
check "network down message" grep -q 'provcheck: network unavailable' "$T/err"
check "network down json" grep -q '"network": "unavailable"' "$T/out"
check "no link called broken" [ "$(grep -c '"kind": "web", "verdict": "broken"' "$T/out")" -eq 0 ]

$P links --db "$T/empty.db" >"$T/out" 2>&1
check "no paths exits 2" [ $? -eq 2 ]
$P links --db "$T/db" --format html "$F/wrapped-notes.txt" >"$T/out" 2>&1
check "html format refused" [ $? -eq 2 ]
# without paths: the documents of the store
$P links --db "$T/db" --offline --format json >"$T/out" 2>&1
check "store documents when no paths" grep -q '"url": "mailto:desk@example.org"' "$T/out"
check "no provcheck.db left in the working directory" [ ! -e provcheck.db ] || [ -n "${KEEP_DB:-}" ]
exit $fail
