#!/bin/sh
# End-to-end: the command line's dispatch, help, exit codes and the
# handling of bad input files (each reported by name and reason while
# the other files are still processed).
set -u
P="${PROVCHECK_WRAP:-} ${PROVCHECK_BIN:-./provcheck}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {	# check DESCRIPTION COMMAND...: the command must succeed
	desc=$1; shift
	if ! "$@"; then echo "FAIL: $desc"; fail=1; fi
}

$P --version >"$T/out" 2>&1
check "--version" grep -q '^provcheck [0-9]' "$T/out"
$P --help >"$T/out" 2>&1
check "--help lists commands" grep -q 'check' "$T/out"
for c in check scan refs claims dates links report; do
	$P $c --help >"$T/out" 2>&1
	rc=$?
	check "$c --help exits 0" [ $rc -eq 0 ]
	check "$c --help prints usage" grep -q "usage: provcheck $c" "$T/out"
done
$P frob >"$T/out" 2>&1
check "unknown command exits 2" [ $? -eq 2 ]
check "unknown command message" grep -q "provcheck: 'frob' is not a provcheck command" "$T/out"
$P scan --bogus x >"$T/out" 2>&1
check "unknown option exits 2" [ $? -eq 2 ]
check "unknown option message" grep -q "unknown option '--bogus'" "$T/out"
$P scan --fail-on sometimes x >"$T/out" 2>&1
check "bad --fail-on exits 2" [ $? -eq 2 ]
$P >"$T/out" 2>&1
check "no command exits 2" [ $? -eq 2 ]

# bad inputs among good ones
mkdir "$T/corpus"
printf 'A good document.\n\nIt has two paragraphs.\n' >"$T/corpus/good.txt"
printf 'bin\000ary\n' >"$T/corpus/binary.txt"
printf 'caf\351 latin-1\n' >"$T/corpus/latin1.txt"
: >"$T/corpus/empty.txt"
truncate -s 200M "$T/corpus/huge.txt"
head -c 10485760 /dev/zero | tr '\0' 'a' >"$T/corpus/longline.txt"
$P scan --db "$T/p.db" "$T/corpus" "$T/missing.txt" >"$T/out" 2>"$T/err"
rc=$?
check "bad input exits 2" [ $rc -eq 2 ]
check "good file processed" grep -q "good.txt" "$T/out"
check "binary named" grep -q "cannot read '$T/corpus/binary.txt': binary file" "$T/err"
check "latin-1 named with position" grep -q "cannot read '$T/corpus/latin1.txt': invalid UTF-8 at line 1, column 4" "$T/err"
check "empty named" grep -q "cannot read '$T/corpus/empty.txt': empty file" "$T/err"
check "200 MB named" grep -q "cannot read '$T/corpus/huge.txt': file too large" "$T/err"
check "10 MB line named" grep -q "cannot read '$T/corpus/longline.txt': line too long at line 1" "$T/err"
check "missing path named" grep -q "cannot read '$T/missing.txt': no such file" "$T/err"

# standard input
printf 'From standard input.\n' | $P scan --db "$T/p.db" - >"$T/out" 2>&1
check "stdin scanned" grep -q '^-' "$T/out"

[ $fail -eq 0 ] || { cat "$T/err" 2>/dev/null; exit 1; }
echo ok
