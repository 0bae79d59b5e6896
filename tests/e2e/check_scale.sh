#!/bin/sh
# End-to-end: 'check' over a corpus whose documents repeat the same
# claims with other dates, so that every document has many findings of
# one kind: the text and Markdown reports list ten of a kind per document
# and say how many more, the counts and the JSON report keep every one,
# JSON written to -o comes out whole, and a second run compares with the
# first without losing what was fixed.
set -u
P="${PROVCHECK_WRAP:-} ${PROVCHECK_BIN:-./provcheck}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {
	desc=$1; shift
	if ! "$@"; then echo "FAIL: $desc"; fail=1; fi
}

# four documents, each dating the same twelve decrees to its own day
mkdir "$T/c"
for i in 1 2 3 4; do
	{
		printf 'Harbour notes %s\n\n' "$i"
		# sentences that differ, or the layout takes them for running headers
		set -- dredging pilots tugs moorings fisheries lighthouses ferries customs berths cranes tolls surveys
		for n in 41 42 43 44 45 46 47 48 49 50 51 52; do
			printf 'As every port authority knows, Decree No. %s-ND/CP, dated May %s, 2015, set out the rules for %s along the coast.\n\n' "$n" "$i" "$1"
			shift
		done
	} >"$T/c/d$i.txt"
done

$P check --offline --db "$T/p.db" --fail-on never "$T/c" >"$T/out" 2>"$T/err"
check "check runs" [ $? -eq 0 ]
check "every conflict counted" grep -q '^4 documents, 48 findings: 48 errors' "$T/out"
n=$(grep -c "^$T/c/d1.txt:[0-9]*:[0-9]*: error: .*\[claim-conflict\]" "$T/out")
check "ten of a kind listed per document ($n)" [ "$n" -eq 10 ]
check "the rest said, and how to see them" grep -qx "$T/c/d1.txt: note: and 2 more like this (claim-conflict); --max-per-kind 0 or --format json lists every finding" "$T/out"

$P check --offline --db "$T/p.db" --fail-on never --format md "$T/c" >"$T/out.md" 2>"$T/err"
check "markdown: the rest said" grep -qx '_and 2 more like this (claim-conflict); `--max-per-kind 0` or the JSON report lists every finding._' "$T/out.md"
$P check --offline --db "$T/p.db" --fail-on never --format html -o "$T/out.html" "$T/c" 2>"$T/err"
check "html: the rest said" grep -q 'and 2 more like this (claim-conflict); --max-per-kind 0 or the JSON report lists every finding' "$T/out.html"

# --max-per-kind: 0 lists every finding, N lists N; [report] max_per_kind the same
$P check --offline --db "$T/p.db" --fail-on never --max-per-kind 0 "$T/c" >"$T/out" 2>"$T/err"
n=$(grep -c "^$T/c/d1.txt:[0-9]*:[0-9]*: error: .*\[claim-conflict\]" "$T/out")
check "--max-per-kind 0 lists all twelve ($n)" [ "$n" -eq 12 ]
check "--max-per-kind 0: no 'more' line" sh -c "! grep -q 'more like this' '$T/out'"
$P check --offline --db "$T/p.db" --fail-on never --max-per-kind=3 --format md "$T/c" >"$T/out.md" 2>"$T/err"
n=$(grep -c "^| .* error | $T/c/d1.txt:[0-9]*:[0-9]* | claim-conflict |" "$T/out.md")
check "--max-per-kind 3 lists three in markdown ($n)" [ "$n" -eq 3 ]
check "--max-per-kind 3: nine more" grep -q '^_and 9 more like this (claim-conflict)' "$T/out.md"
: >"$T/aliases.conf"
printf '[report]\nmax_per_kind = 5\n' >"$T/five.conf"
$P check --offline --db "$T/p.db" --config "$T/five.conf" --fail-on never "$T/c" >"$T/out" 2>"$T/err"
check "[report] max_per_kind = 5" grep -qx "$T/c/d1.txt: note: and 7 more like this (claim-conflict); --max-per-kind 0 or --format json lists every finding" "$T/out"
# the option wins over the configuration, in 'report' too
$P report --db "$T/p.db" --config "$T/five.conf" --fail-on never --max-per-kind 0 >"$T/out" 2>"$T/err"
check "report --max-per-kind 0 exits 0" [ $? -eq 0 ]
n=$(grep -c "^$T/c/d4.txt:[0-9]*:[0-9]*: error: .*\[claim-conflict\]" "$T/out")
check "report --max-per-kind 0 lists all twelve ($n)" [ "$n" -eq 12 ]
$P report --db "$T/p.db" --fail-on never >"$T/out" 2>"$T/err"
check "report: ten by default" grep -q "^$T/c/d4.txt: note: and 2 more like this (claim-conflict)" "$T/out"
$P report --db "$T/p.db" --max-per-kind -1 >"$T/out" 2>"$T/err"
check "--max-per-kind -1 exits 2" [ $? -eq 2 ]
check "--max-per-kind -1 said" grep -qx "provcheck: --max-per-kind takes a whole number from 0 to 1000000000, not '-1'" "$T/err"
$P check --offline --db "$T/p.db" --max-per-kind ten "$T/c" >"$T/out" 2>"$T/err"
check "--max-per-kind ten exits 2" [ $? -eq 2 ]

$P check --offline --db "$T/p.db" --fail-on never --format json -o "$T/r.json" "$T/c" 2>"$T/err"
check "json exits 0" [ $? -eq 0 ]
n=$(grep -o '"kind":"claim-conflict"' "$T/r.json" | wc -l)
check "json lists every finding ($n)" [ "$n" -eq 48 ]
check "json whole" sh -c "tail -c 20 '$T/r.json' | grep -q '\"linkrot\":null}\$'"
check "json: no 'more' lines" sh -c "! grep -q 'more like this' '$T/r.json'"

# JUnit, streamed a document at a time: every finding, and well-formed XML
$P check --offline --db "$T/p.db" --fail-on never --format junit -o "$T/r.xml" "$T/c" 2>"$T/err"
check "junit exits 0" [ $? -eq 0 ]
n=$(grep -c '<testcase name="claim-conflict ' "$T/r.xml")
check "junit lists every finding ($n)" [ "$n" -eq 48 ]
check "junit totals" grep -q '^<testsuites name="provcheck report" tests="48" failures="0">$' "$T/r.xml"
if command -v xmllint >/dev/null 2>&1; then
	check "junit well-formed (xmllint)" xmllint --noout "$T/r.xml"
else
	echo "check_scale.sh: xmllint not installed (apt-get install libxml2-utils); JUnit not validated here"
fi

# a document corrected: its findings are fixed, the others not new
printf 'Harbour notes 1, corrected\n\nNo decree is dated here any more.\n' >"$T/c/d1.txt"
$P check --offline --db "$T/p.db" --fail-on never --format json -o "$T/r2.json" "$T/c" 2>"$T/err"
check "second json exits 0" [ $? -eq 0 ]
check "fixed and new counted" grep -q '"new":0,"fixed":12}' "$T/r2.json"
check "fixed listed in full" grep -q '"fixed":\[{"id":"[0-9a-f]*","kind":"claim-conflict","stage":"claims","severity":"error","document":"[^"]*/d1.txt"' "$T/r2.json"

# the output cannot be written: said, exit 2
$P check --offline --db "$T/p.db" --fail-on never --format json -o "$T/nodir/r.json" "$T/c" >"$T/out" 2>"$T/err"
check "unwritable output exits 2" [ $? -eq 2 ]
check "unwritable output said" grep -q "cannot write '$T/nodir/r.json'" "$T/err"

[ $fail -eq 0 ] || { cat "$T/err" "$T/out" 2>/dev/null | head -40; exit 1; }
echo ok
