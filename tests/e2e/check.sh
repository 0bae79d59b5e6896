#!/bin/sh
# End-to-end: 'provcheck check', the main job, on the bundled examples:
# every stage runs, findings are stored per run, the second run reports
# nothing new, --fail-on and --format work, and bad input is reported.
set -u
P="${PROVCHECK_WRAP:-} ${PROVCHECK_BIN:-./provcheck}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {
	desc=$1; shift
	if ! "$@"; then echo "FAIL: $desc"; fail=1; fi
}

$P check --offline --db "$T/p.db" examples/ >"$T/out" 2>"$T/err"
rc=$?
check "findings at error level exit 1" [ $rc -eq 1 ]
check "references audited" grep -q 'missing-reference-list' "$T/out"
check "uncited entry" grep -q 'entry 5 is never cited' "$T/out"
check "dangling callout" grep -q 'callout-beyond-list' "$T/out"
check "claims reconciled across documents" grep -q 'claim-conflict' "$T/out"
check "title variant" grep -q 'claim-variant' "$T/out"
check "compiler-style location" grep -q '^examples/article-port-security.txt:[0-9]*:[0-9]*: error: ' "$T/out"
check "summary" grep -q '^4 documents, ' "$T/out"
check "conflict points at the value" grep -q "^examples/article-port-security.txt:5:666: error: 'Port Security Resolution No. 12-NQ/MA' adopted: 2019-12 here, 2019-05-12 elsewhere" "$T/out"
check "long line windowed around the column" grep -q '^    5 | …Security Resolution No. 12-NQ/MA, dated December 2019' "$T/out"

$P check --offline --db "$T/p.db" --fail-on never examples/ >"$T/out2" 2>&1
check "fail-on never exits 0" [ $? -eq 0 ]
check "second run: nothing new" grep -q 'since run 1: 0 new, 0 fixed' "$T/out2"

$P check --offline --db "$T/p.db" --fail-on never --format json -o "$T/r.json" examples/ 2>"$T/err"
check "json written" grep -q '"schema_version":1' "$T/r.json"
check "json findings" grep -q '"kind":"claim-conflict"' "$T/r.json"

# claims and their groups are stored with the run
n=$(sqlite3 "$T/p.db" 'SELECT count(*) FROM claims')
check "claims stored" [ "$n" -gt 0 ]
n=$(sqlite3 "$T/p.db" 'SELECT count(*) FROM claim_groups WHERE run = 1')
check "claim groups stored per run" [ "$n" -gt 0 ]

# the stored findings are what 'report' renders
$P report --db "$T/p.db" --format md >"$T/r.md" 2>&1
check "report reads the stored run" grep -q 'claim-conflict' "$T/r.md"

# a bad file among good ones: said, and the rest still checked
mkdir "$T/c"
cp examples/article-port-security.txt "$T/c/"
printf 'x\377y\n' >"$T/c/bad.txt"
$P check --offline --db "$T/p2.db" "$T/c" >"$T/out3" 2>"$T/err3"
check "input error exits 2" [ $? -eq 2 ]
check "input error named" grep -q "cannot read '$T/c/bad.txt': invalid UTF-8" "$T/err3"
check "good file still checked" grep -q 'uncited-entry' "$T/out3"

$P check --offline --db "$T/p.db" >"$T/out" 2>&1
check "no paths exits 2" [ $? -eq 2 ]

[ $fail -eq 0 ] || { cat "$T/err" "$T/out" 2>/dev/null | head -40; exit 1; }
echo ok
