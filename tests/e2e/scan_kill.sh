#!/bin/sh
# End-to-end: 'provcheck scan' writes documents in batches, one
# transaction each. A file named on the command line that is a FIFO
# holds scan in the middle of a batch (opening it waits for a writer,
# and the test's opening of the writer returns once scan has reached
# it), which lets these tests look at the store between two commits.
set -u

BIN=${PROVCHECK_BIN:-./provcheck}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
WRAP=${PROVCHECK_WRAP:-}
FIX=$(pwd)/tests/fixtures/store
PFIX=$(pwd)/tests/fixtures/pipeline
T=$(mktemp -d /tmp/provcheck-e2e-kill.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT

fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/out "$T"/err; do
		[ -f "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }
	done
	exit 1
}
command -v sqlite3 >/dev/null 2>&1 || fail "the sqlite3 shell is needed (apt-get install sqlite3)"

q() { sqlite3 "$T/s.db" "$1"; }
scan() { (cd "$T" && $WRAP "$BIN" scan --db s.db "$@") >"$T/out" 2>"$T/err"; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }
# Every stored document has all its blocks, and nothing points nowhere.
expect_whole() {
	expect_eq "$(q "PRAGMA integrity_check")" ok "$1: integrity"
	expect_eq "$(q "PRAGMA foreign_key_check")" "" "$1: foreign keys"
	expect_eq "$(q "SELECT count(*) FROM documents d WHERE d.blocks <>
			(SELECT count(*) FROM blocks b WHERE b.doc = d.id)")" 0 "$1: documents whole"
	expect_eq "$(q "SELECT count(*) FROM claims c WHERE NOT EXISTS
			(SELECT 1 FROM documents d WHERE d.id = c.doc)")" 0 "$1: no stray claims"
}

mkdir "$T/docs"
# 70 documents with claims and references, each its own bytes
i=0
while [ $i -lt 70 ]; do
	n=$(printf '%02d' $i)
	{ cat "$PFIX/report.txt"; printf '\nCopy %s of the report, %s pages.\n' $n $i; } \
		>"$T/docs/e$n.txt"
	i=$((i + 1))
done
cp "$FIX/notes.md" "$T/docs/a.md"
cp "$FIX/article.html" "$T/docs/b.html"
scan docs/a.md || fail "first scan exited $?"
mkfifo "$T/fifo"

# 1. The document stored before scan waits is in the open batch, not
#    committed; SIGKILL then loses the batch and leaves the store whole.
#    (One document only: the batch's half-second bound must not close
#    it first, even on a loaded machine under ASan.)
prev=$(q "SELECT max(id) FROM runs")
(cd "$T" && exec "$BIN" scan --db s.db docs/e00.txt fifo >out 2>err) &
pid=$!
exec 3>"$T/fifo"
# scan has opened the FIFO: e00.txt is written, not committed
expect_eq "$(q "SELECT count(*) FROM documents WHERE path = 'docs/e00.txt'")" 0 \
	"open batch invisible"
kill -KILL $pid
exec 3>&-
wait $pid
expect_eq $? 137 "killed scan"
expect_whole "after SIGKILL"
expect_eq "$(q "SELECT count(*) FROM documents")" 1 "the open batch is lost, a.md kept"
expect_eq "$(q "SELECT status FROM runs WHERE id = $((prev + 1))")" running "killed run left open"
# the next scan parses the lost documents again and finishes the job
scan docs/a.md docs/b.html docs/e00.txt || fail "scan after SIGKILL exited $?"
grep -q '^docs/a.md: .* (unchanged)$' "$T/out" || fail "after SIGKILL: a.md unchanged"
grep -q '^docs/b.html: html, ' "$T/out" || fail "after SIGKILL: b.html stored"
grep -q '^docs/e00.txt: text, .* blocks\{0,1\}$' "$T/out" || fail "after SIGKILL: e00.txt parsed again"
expect_eq "$(q "SELECT count(*) FROM documents")" 3 "all stored after the re-scan"
expect_eq "$(q "SELECT count(*) > 0 FROM claims c JOIN documents d ON d.id = c.doc
		WHERE d.path = 'docs/e00.txt'")" 1 "e00.txt claims stored"
expect_eq "$(q "SELECT count(*) > 0 FROM callouts c JOIN documents d ON d.id = c.doc
		WHERE d.path = 'docs/e00.txt'")" 1 "e00.txt callouts stored"
expect_whole "after the re-scan"
expect_eq "$(q "SELECT status FROM runs WHERE id = $((prev + 1))")" interrupted "killed run closed"

# 2. A batch is committed once it holds 64 documents (or earlier, after
#    half a second): scan waiting at the 71st file has committed some.
(cd "$T" && exec "$BIN" scan --db s.db docs fifo >out 2>err) &
pid=$!
exec 3>"$T/fifo"
n=$(q "SELECT count(*) FROM documents")
[ "$n" -ge 64 ] || fail "scan waiting after 72 documents has committed $n"
# 3. SIGTERM: the document at hand is finished and the batch committed.
kill -TERM $pid
printf 'Text that came through the FIFO on 4 May 2022.\n' >&3
exec 3>&-
wait $pid
expect_eq $? 130 "SIGTERM: exit status"
expect_eq "$(q "SELECT count(*) FROM documents")" 73 "SIGTERM: the whole batch committed"
expect_eq "$(q "SELECT count(*) FROM documents WHERE path = 'fifo'")" 1 "SIGTERM: the document at hand"
expect_eq "$(q "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" interrupted "SIGTERM: run status"
expect_whole "after SIGTERM"

# 4. A file that cannot be read costs the batch nothing.
cp "$FIX/latin1.txt" "$T/docs/bad.txt"
printf 'A new document of 9 June 2020.\n' >"$T/docs/new.txt"
rm -f "$T/s.db" "$T/s.db-wal" "$T/s.db-shm"
scan docs/e01.txt docs/bad.txt docs/new.txt
expect_eq $? 2 "bad file: exit status"
expect_eq "$(q "SELECT group_concat(path, ' ') FROM (SELECT path FROM documents ORDER BY path)")" \
	"docs/e01.txt docs/new.txt" "bad file: the others stored"
expect_eq "$(q "SELECT count(*) FROM document_errors WHERE path = 'docs/bad.txt'")" 1 \
	"bad file: error recorded"
expect_whole "after a bad file"

# 5. check stores its documents in batches too.
(cd "$T" && exec "$BIN" check --offline -q --db s.db docs/e02.txt fifo >out 2>err) &
pid=$!
exec 3>"$T/fifo"
expect_eq "$(q "SELECT count(*) FROM documents WHERE path = 'docs/e02.txt'")" 0 \
	"check: open batch invisible"
kill -KILL $pid
exec 3>&-
wait $pid
expect_eq $? 137 "killed check"
expect_whole "after a killed check"
expect_eq "$(q "SELECT count(*) FROM documents")" 2 "killed check: the open batch is lost"
(cd "$T" && "$BIN" check --offline -q --db s.db docs/b.html docs/e02.txt) >"$T/out" 2>"$T/err"
expect_eq "$(q "SELECT count(*) FROM documents")" 4 "check after the kill stores them"
expect_whole "after check"
exit 0
