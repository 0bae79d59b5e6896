#!/bin/sh
# End-to-end: a re-scan marks unchanged documents seen in batches; every
# one of them must be marked, around changed documents and past a batch.
set -u
BIN=${PROVCHECK_BIN:-./provcheck}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
WRAP=${PROVCHECK_WRAP:-}
T=$(mktemp -d /tmp/provcheck-e2e-batch.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || fail "the sqlite3 shell is needed (apt-get install sqlite3)"
q() { sqlite3 "$T/s.db" "$1"; }

mkdir "$T/docs"
# 600 documents: more than two batches of unchanged ones
i=0
while [ $i -lt 600 ]; do
	printf 'Note %d on the harbour survey of %d.\n' $i $((1900 + i)) >"$T/docs/d$(printf %04d $i).txt"
	i=$((i + 1))
done
(cd "$T" && $WRAP "$BIN" scan -q --db s.db docs) || fail "first scan exited $?"
[ "$(q "SELECT count(*) FROM documents WHERE last_seen_run = 1")" = 600 ] || fail "first scan stored"

# one changed document in the middle, one unreadable one after it
echo "A second note." >>"$T/docs/d0300.txt"
printf 'bad\000' >"$T/docs/d0400.txt"
(cd "$T" && $WRAP "$BIN" scan --db s.db docs) >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || fail "second scan: expected exit 2 for the bad file"
[ "$(grep -c '(unchanged)$' "$T/out")" = 598 ] || fail "598 unchanged documents reported"
[ "$(q "SELECT count(*) FROM documents WHERE last_seen_run = 2")" = 599 ] ||
	fail "every readable document marked seen in run 2: $(q "SELECT count(*) FROM documents WHERE last_seen_run = 2")"
[ "$(q "SELECT last_seen_run FROM documents WHERE path = 'docs/d0400.txt'")" = 1 ] ||
	fail "the unreadable document keeps its last run"
[ "$(q "SELECT count(*) FROM document_errors WHERE run = 2")" = 1 ] || fail "error recorded"
[ "$(q "SELECT first_seen_run FROM documents WHERE path = 'docs/d0300.txt'")" = 1 ] ||
	fail "a changed document keeps its first run"
exit 0
