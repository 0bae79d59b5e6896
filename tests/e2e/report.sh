#!/bin/sh
# End-to-end: 'provcheck report' through the CLI on the built-in demo
# corpus: formats, exit codes per --fail-on, -o, colour only on request.
set -u
# under make valgrind, PROVCHECK_WRAP runs provcheck through valgrind
bin="${PROVCHECK_WRAP:+$PROVCHECK_WRAP }${PROVCHECK_BIN:-./provcheck}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "report.sh: $*" >&2; exit 1; }

$bin report --demo >"$tmp/out.txt" 2>"$tmp/err"
[ $? -eq 1 ] || fail "demo has errors: exit 1 expected under --fail-on error"
grep -q '^papers/harbour-study.txt:14:37: error: callout 12 has no matching note \[dangling-callout\]$' "$tmp/out.txt" ||
	fail "compiler-style line missing"
grep -q '^4 documents, 8 findings: 2 errors, 3 warnings, 3 info$' "$tmp/out.txt" || fail "summary missing"
grep -q "$(printf '\033')" "$tmp/out.txt" && fail "colour codes when piped"
[ -s "$tmp/err" ] && fail "unexpected stderr: $(cat "$tmp/err")"

$bin report --demo --fail-on never >/dev/null || fail "--fail-on never must exit 0"

for f in md html json junit; do
	$bin report --demo --format $f -o "$tmp/r.$f" --fail-on never >"$tmp/stdout" || fail "--format $f failed"
	[ -s "$tmp/r.$f" ] || fail "-o wrote nothing for $f"
	[ -s "$tmp/stdout" ] && fail "-o must leave standard output empty ($f)"
done
grep -q '"schema_version":1' "$tmp/r.json" || fail "json without schema_version"
grep -q '^<!DOCTYPE html>' "$tmp/r.html" || fail "html without doctype"
grep -q '<testsuites ' "$tmp/r.junit" || fail "junit without testsuites"
grep -q '^| Document | Format | Errors | Warnings | Info | New |$' "$tmp/r.md" || fail "md summary table missing"

$bin report --demo --linkrot --fail-on never >"$tmp/lr.txt" || fail "--linkrot failed"
grep -q '2 newly broken, 1 recovered, 1 still broken' "$tmp/lr.txt" || fail "link rot summary missing"
grep -q 'broken for 12 days' "$tmp/lr.txt" || fail "days broken missing"
$bin report --demo --linkrot >/dev/null
[ $? -eq 1 ] || fail "newly broken links must fail under --fail-on error"

$bin report --demo --format pdf >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "unknown format must exit 2"
$bin report --demo --run x >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "bad --run must exit 2"
grep -q "^provcheck: --run takes a positive run number, not 'x'$" "$tmp/err" || fail "bad --run message: $(cat "$tmp/err")"
$bin report --db "$tmp/none.db" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "report without findings in the store must exit 2"
grep -q "^provcheck: cannot read '$tmp/none.db'" "$tmp/err" || fail "store message: $(cat "$tmp/err")"
# from the store: a scanned corpus with no findings yet
$bin scan --db "$tmp/s.db" tests/fixtures/docs >/dev/null 2>&1 || fail "scan failed"
$bin report --db "$tmp/s.db" --format json >"$tmp/s.json" || fail "report from the store failed"
grep -q '"findings":0' "$tmp/s.json" || fail "stored run: findings count"
grep -q '"documents":\[{"path":"tests/fixtures/docs/' "$tmp/s.json" || fail "stored documents missing"
$bin report --help | grep -q -- '--linkrot' || fail "help lists --linkrot"
exit 0
