#!/bin/sh
# End-to-end: 'provcheck scan' and the store. Run by tests/run-tests with
# PROVCHECK_BIN set; reads the store back with the sqlite3 shell.
set -u

BIN=${PROVCHECK_BIN:-./provcheck}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
WRAP=${PROVCHECK_WRAP:-}
FIX=$(pwd)/tests/fixtures/store
T=$(mktemp -d /tmp/provcheck-e2e-store.XXXXXX) || exit 1
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT

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
# Waits (bounded: 30 s) until query gives the expected answer, while a scan runs.
wait_q() {
	n=0
	while [ "$(q "$1" 2>/dev/null)" != "$2" ]; do
		n=$((n + 1))
		[ $n -gt 600 ] && fail "waited in vain: $3"
		sleep 0.05
	done
}

# 0. A count of one is singular.
mkdir "$T/one"
printf 'One short paragraph.\n' >"$T/one/one.txt"
scan one || fail "scan of one paragraph exited $?"
grep -q '^one/one.txt: text, 1 paragraph, 0 furniture, 0 note blocks$' "$T/out" ||
	fail "one paragraph: $(cat "$T/out")"
rm -f "$T/s.db" "$T/s.db-wal" "$T/s.db-shm"

mkdir "$T/docs"
cp "$FIX/essay.txt" "$FIX/article.html" "$FIX/notes.md" "$T/docs/"

# 1. First scan stores every document; the second finds them unchanged.
scan docs || fail "first scan exited $?"
grep -q '^docs/essay.txt: text, [0-9]* paragraphs, 0 furniture, 0 note blocks$' "$T/out" ||
	fail "first scan: essay summary"
paras=$(sed -n 's/^docs\/essay.txt: text, \([0-9]*\) paragraphs.*/\1/p' "$T/out")
[ "$paras" -ge 3 ] || fail "first scan: essay has $paras paragraphs"
expect_eq "$(grep -c '' "$T/out")" 3 "first scan: documents listed"
grep -q unchanged "$T/out" && fail "first scan: nothing can be unchanged"
expect_eq "$(q "SELECT count(*) FROM documents")" 3 "documents stored"
expect_eq "$(q "SELECT status FROM runs WHERE id = 1")" ok "first run status"
scan docs || fail "second scan exited $?"
expect_eq "$(grep -c ' (unchanged)$' "$T/out")" 3 "second scan: all unchanged"
expect_eq "$(q "SELECT count(*) FROM documents WHERE last_seen_run = 2 AND first_seen_run = 1")" 3 \
	"second scan marks documents seen"

# 2. A modified file is parsed again; the others stay unchanged.
ids_before=$(q "SELECT id FROM documents WHERE path = 'docs/essay.txt'")
printf '\nA paragraph added after the first scan.\n' >>"$T/docs/essay.txt"
scan docs || fail "third scan exited $?"
grep -q "^docs/essay.txt: text, $((paras + 1)) paragraphs, 0 furniture, 0 note blocks\$" "$T/out" ||
	fail "modified essay not re-parsed"
expect_eq "$(grep -c ' (unchanged)$' "$T/out")" 2 "third scan: others unchanged"
[ "$(q "SELECT id FROM documents WHERE path = 'docs/essay.txt'")" != "$ids_before" ] ||
	fail "modified essay kept its old row"
expect_eq "$(q "SELECT d.blocks = (SELECT count(*) FROM blocks b WHERE b.doc = d.id)
		FROM documents d WHERE path = 'docs/essay.txt'")" 1 "essay blocks replaced"
expect_eq "$(q "SELECT first_seen_run FROM documents WHERE path = 'docs/essay.txt'")" 1 \
	"first_seen_run kept"

# 3. A bad file among good ones is reported and recorded; the others are stored.
cp "$FIX/latin1.txt" "$T/docs/bad.txt"
cp "$FIX/notes.md" "$T/docs/zz-new.md"
scan --format json docs
rc=$?
expect_eq $rc 2 "scan with a bad file: exit status"
grep -q "^provcheck: cannot read 'docs/bad.txt': invalid UTF-8 at line 1, column 29" "$T/err" ||
	fail "bad file not reported"
expect_eq "$(grep -c '' "$T/out")" 1 "json: one object per run"
grep -q '"status":"failed"' "$T/out" || fail "json: run status"
grep -q '"path":"docs/zz-new.md","format":"markdown"' "$T/out" || fail "json: new document"
grep -q '"path":"docs/bad.txt","error":"cannot read' "$T/out" || fail "json: error listed"
grep -q '"unchanged":true' "$T/out" || fail "json: unchanged flag"
if command -v python3 >/dev/null 2>&1; then
	python3 -m json.tool "$T/out" >/dev/null || fail "json: not valid JSON"
fi
expect_eq "$(q "SELECT count(*) FROM documents")" 4 "good documents stored, none lost"
expect_eq "$(q "SELECT count(*) FROM document_errors WHERE path = 'docs/bad.txt' AND run = 4")" 1 \
	"error recorded"
expect_eq "$(q "SELECT status FROM runs WHERE id = 4")" failed "run with input errors"
rm "$T/docs/bad.txt"

# 4. SIGTERM in the middle of a run: the current document is finished,
#    the run is closed as interrupted, exit 130, later files untouched.
mkfifo "$T/fifo"
printf 'Later file.\n' >"$T/docs/later.txt"
prev=$(q "SELECT max(id) FROM runs")
(cd "$T" && exec "$BIN" scan --db s.db docs/essay.txt - docs/later.txt <fifo >out 2>err) &
pid=$!
exec 3>"$T/fifo"
# once the essay is stored, scan is blocked reading standard input
wait_q "SELECT last_seen_run FROM documents WHERE path = 'docs/essay.txt'" $((prev + 1)) \
	"essay.txt stored"
kill -TERM $pid
printf 'Text that came through standard input.\n' >&3
exec 3>&-
wait $pid
rc=$?
expect_eq $rc 130 "interrupted scan: exit status"
grep -q 'interrupted' "$T/err" || fail "interruption not reported"
expect_eq "$(q "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" interrupted "run closed as interrupted"
expect_eq "$(q "SELECT count(*) FROM runs WHERE ended_at IS NULL")" 0 "no run left open"
expect_eq "$(q "SELECT count(*) FROM documents WHERE path = '-'")" 1 "current document finished"
expect_eq "$(q "SELECT count(*) FROM documents WHERE path = 'docs/later.txt'")" 0 "later file not scanned"

# 5. SIGINT, the same (background jobs start with SIGINT ignored; scan
#    installs its own handler).
prev=$(q "SELECT max(id) FROM runs")
(cd "$T" && exec "$BIN" scan --db s.db docs/notes.md - docs/later.txt <fifo >out 2>err) &
pid=$!
exec 3>"$T/fifo"
wait_q "SELECT last_seen_run FROM documents WHERE path = 'docs/notes.md'" $((prev + 1)) \
	"notes.md touched"
kill -INT $pid
printf 'Other text on standard input.\n' >&3
exec 3>&-
wait $pid
expect_eq $? 130 "SIGINT: exit status"
expect_eq "$(q "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" interrupted "SIGINT: run status"

# 6. SIGKILL leaves a consistent store; the next run closes the killed
#    run as interrupted and finds the stored documents unchanged.
prev=$(q "SELECT max(id) FROM runs")
(cd "$T" && exec "$BIN" scan --db s.db docs/article.html - <fifo >out 2>err) &
pid=$!
exec 3>"$T/fifo"
killed_run=$((prev + 1))
wait_q "SELECT last_seen_run FROM documents WHERE path = 'docs/article.html'" $killed_run \
	"article.html touched"
kill -KILL $pid
exec 3>&-
wait $pid
expect_eq $? 137 "killed scan"
expect_eq "$(q "PRAGMA integrity_check")" ok "integrity after SIGKILL"
expect_eq "$(q "SELECT count(*) FROM documents d WHERE d.blocks <>
		(SELECT count(*) FROM blocks b WHERE b.doc = d.id)")" 0 "documents whole after SIGKILL"
expect_eq "$(q "SELECT status FROM runs WHERE id = $killed_run")" running "killed run left open"
scan docs/article.html || fail "scan after SIGKILL exited $?"
grep -q '^docs/article.html: .* (unchanged)$' "$T/out" || fail "scan after SIGKILL: unchanged"
expect_eq "$(q "SELECT status FROM runs WHERE id = $killed_run")" interrupted "killed run closed"

# 7. A file that is not a store is refused and left alone.
cp "$T/docs/essay.txt" "$T/essay.copy"
(cd "$T" && $WRAP "$BIN" scan --db docs/essay.txt docs/notes.md) >"$T/out" 2>"$T/err"
expect_eq $? 2 "non-store --db: exit status"
grep -q "^provcheck: cannot open store 'docs/essay.txt': not an sqlite database$" "$T/err" ||
	fail "non-store --db: message"
cmp -s "$T/docs/essay.txt" "$T/essay.copy" || fail "non-store --db: file modified"

# 8. --db in a read-only directory: a clear error, nothing else written.
mkdir "$T/ro"
chmod 555 "$T/ro"
chmod 755 "$T"
chmod -R a+rX "$T/docs"
as_user=""
if [ "$(id -u)" = 0 ]; then
	# root writes anywhere: run as nobody to see the permission
	if command -v setpriv >/dev/null 2>&1; then
		as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		echo "skipped: read-only directory (root without setpriv)"
		exit 0
	fi
fi
(cd "$T" && $as_user "$BIN" scan --db ro/s.db docs/notes.md) >"$T/out" 2>"$T/err"
expect_eq $? 2 "read-only directory: exit status"
grep -q "^provcheck: cannot open store 'ro/s.db': cannot create files in 'ro': permission denied$" "$T/err" ||
	fail "read-only directory: message"
[ -s "$T/out" ] && fail "read-only directory: output"
expect_eq "$(ls -A "$T/ro")" "" "read-only directory: files created"

echo "store_scan: all passed"
