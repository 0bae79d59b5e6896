#!/bin/sh
# End-to-end: HTML and XHTML documents through 'provcheck scan' (format
# detection, notes, site chrome, hostile and malformed pages, stdin).
set -u
P="${PROVCHECK_WRAP:-} ${PROVCHECK_BIN:-./provcheck}"
F=tests/fixtures/html
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {	# check DESCRIPTION COMMAND...: the command must succeed
	desc=$1; shift
	if ! "$@"; then echo "FAIL: $desc"; fail=1; fi
}

$P scan --db "$T/s.db" "$F" >"$T/out" 2>"$T/err"
check "scan of the html fixtures exits 0" [ $? -eq 0 ]
check "nothing on stderr" [ ! -s "$T/err" ]
for f in crlf_bom.html hostile.html malformed.html news.html notes.html report.xhtml; do
	check "$f read as html" grep -q "^$F/$f: html," "$T/out"
done
check "news page: breadcrumb set aside" grep -q "news.html: html, .* 1 furniture" "$T/out"
check "notes page: five notes" grep -q "notes.html: html, .* 5 note blocks" "$T/out"

# standard input, detected by content
$P scan --db "$T/s.db" - <"$F/report.xhtml" >"$T/out" 2>&1
check "xhtml on stdin" grep -q '^-: html,' "$T/out"

# a pathological page: deep nesting, garbage, an unclosed attribute
{
	printf '<html><body>\n'
	i=0
	while [ $i -lt 2000 ]; do printf '<div><span><b>\n'; i=$((i + 1)); done
	printf '<<<>>> &#0; &bogus; <p title="never closed>text\n'
} >"$T/bad.html"
$P scan --db "$T/s.db" "$T/bad.html" >"$T/out" 2>&1
check "pathological page exits 0" [ $? -eq 0 ]
check "pathological page read as html" grep -q "bad.html: html," "$T/out"

exit $fail
