#!/bin/sh
# End-to-end: 'provcheck scan' runs the per-document stages (references
# and claims) and stores their rows with each document; a re-scan of an
# unchanged file writes nothing again, a changed one replaces its rows,
# and 'check' writes the same rows as 'scan'. Reads the store back with
# the sqlite3 shell.
set -u

BIN=${PROVCHECK_BIN:-./provcheck}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
WRAP=${PROVCHECK_WRAP:-}
FIX=$(pwd)/tests/fixtures/pipeline
T=$(mktemp -d /tmp/provcheck-e2e-stages.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT

fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/out "$T"/err; do
		[ -f "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }
	done
	exit 1
}
command -v sqlite3 >/dev/null 2>&1 || fail "the sqlite3 shell is needed (apt-get install sqlite3)"

q() { sqlite3 "$T/${DB:-s.db}" "$1"; }
scan() { (cd "$T" && $WRAP "$BIN" scan --db "${DB:-s.db}" "$@") >"$T/out" 2>"$T/err"; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }

mkdir "$T/docs"
cp "$FIX/report.txt" "$FIX/notes.md" "$T/docs/"

# 1. scan stores callouts, entries, notes and claims with the documents
scan docs || fail "first scan exited $?"
[ -s "$T/err" ] && fail "first scan: unexpected messages"
expect_eq "$(q "SELECT count(*) FROM callouts c JOIN documents d ON d.id = c.doc
	WHERE d.path = 'docs/report.txt'")" 3 "callouts of report.txt"
expect_eq "$(q "SELECT count(*) FROM callouts c JOIN documents d ON d.id = c.doc
	WHERE d.path = 'docs/notes.md'")" 2 "callouts of notes.md"
expect_eq "$(q "SELECT text || ' ' || scheme || ' ' || targets || ' ' || locators || ' ' || line
	FROM callouts WHERE text LIKE '[1%'")" '[1; p.7] bracket [1] ["p.7"] 3' "first callout"
expect_eq "$(q "SELECT count(*) FROM entries")" 3 "entries"
expect_eq "$(q "SELECT json_extract(fields, '$.publisher') FROM entries WHERE number = 2")" \
	"Port Press" "parsed fields of entry 2"
expect_eq "$(q "SELECT count(*) FROM notes WHERE kind = 'footnote'")" 2 "notes"
expect_eq "$(q "SELECT text FROM notes WHERE label = '1'")" \
	"Port archive, ferry licences, box 4." "note 1"
expect_eq "$(q "SELECT value || ' ' || line || ' ' || json_extract(sources, '$[0].label')
	FROM claims WHERE name = 'Resolution No. 8-HB/ET'")" "2014-03-02 5 3" \
	"claim with its source's label"
# the source names its entry by idx, not by a copy of its text (schema v6)
expect_eq "$(q "SELECT json_extract(c.sources, '$[0].label') || ': ' || e.raw
	FROM claims c JOIN entries e ON e.doc = c.doc
		AND e.idx = json_extract(c.sources, '$[0].entry')
	WHERE c.name = 'Resolution No. 8-HB/ET'")" \
	"3: Jonas Wiik: Opening the North Quay, River Books, Trondheim, 2015." \
	"claim with its source's entry"
expect_eq "$(q "SELECT count(*) FROM claims WHERE sources LIKE '%Jonas%'")" 0 \
	"no entry text in claims.sources"
snap() { q "SELECT 'c', doc, idx, text FROM callouts UNION ALL SELECT 'e', doc, idx, raw FROM entries
	UNION ALL SELECT 'n', doc, idx, text FROM notes UNION ALL SELECT 'k', doc, id, value FROM claims
	ORDER BY 1, 2, 3"; }
before=$(snap)

# 2. a re-scan of unchanged files (stat data, then bytes) writes no row again
scan docs || fail "second scan exited $?"
expect_eq "$(grep -c ' (unchanged)$' "$T/out")" 2 "second scan: unchanged"
expect_eq "$(snap)" "$before" "rows after an unchanged re-scan"
touch -d '2001-01-01' "$T/docs/report.txt"
scan docs || fail "third scan exited $?"
expect_eq "$(grep -c ' (unchanged)$' "$T/out")" 2 "touched file unchanged by its bytes"
expect_eq "$(snap)" "$before" "rows after a re-scan of a touched file"

# 3. a changed file replaces its rows, the other keeps its own
sed -i 's/ \[2\]\././' "$T/docs/report.txt"
scan docs || fail "fourth scan exited $?"
expect_eq "$(q "SELECT count(*) FROM callouts c JOIN documents d ON d.id = c.doc
	WHERE d.path = 'docs/report.txt'")" 2 "callouts after the edit"
expect_eq "$(q "SELECT count(*) FROM callouts WHERE doc NOT IN (SELECT id FROM documents)")" 0 \
	"no orphan callouts"
expect_eq "$(q "SELECT count(*) FROM claims WHERE doc NOT IN (SELECT id FROM documents)")" 0 \
	"no orphan claims"
expect_eq "$(q "SELECT count(*) FROM entries")" 3 "entries after the edit"
expect_eq "$(q "SELECT count(*) FROM notes")" 2 "notes of the unchanged file"

# 4. a store written by the parser before the stages (version 1) is re-parsed
sqlite3 "$T/s.db" "UPDATE documents SET parser_version = 1; DELETE FROM callouts;
	DELETE FROM entries; DELETE FROM notes; DELETE FROM claims" || fail "cannot age the store"
scan docs || fail "fifth scan exited $?"
grep -q unchanged "$T/out" && fail "an older parser's documents must be parsed again"
expect_eq "$(q "SELECT count(*) FROM callouts")" 4 "callouts after re-parsing"
expect_eq "$(q "SELECT count(*) FROM notes")" 2 "notes after re-parsing"

# 5. check stores the same rows as scan
(cd "$T" && $WRAP "$BIN" check --offline --db c.db docs) >"$T/out" 2>"$T/err"
[ $? -le 1 ] || fail "check exited badly"
rows() { DB=$1 q "SELECT 'c', d.path, x.line, x.col, x.src_start, x.src_end, x.text, x.scheme,
		x.targets, x.locators FROM callouts x JOIN documents d ON d.id = x.doc
	UNION ALL SELECT 'e', d.path, x.line, x.col, x.src_start, x.src_end, x.raw, x.kind,
		x.number, x.fields FROM entries x JOIN documents d ON d.id = x.doc
	UNION ALL SELECT 'n', d.path, x.line, x.col, x.src_start, x.src_end, x.text, x.kind,
		x.label, NULL FROM notes x JOIN documents d ON d.id = x.doc
	UNION ALL SELECT 'k', d.path, x.line, x.col, x.src_start, x.src_end, x.value, x.entity,
		x.claim_key, x.sources FROM claims x JOIN documents d ON d.id = x.doc
	ORDER BY 1, 2, 5"; }
[ -n "$(rows c.db)" ] || fail "check stored no rows"
expect_eq "$(rows c.db)" "$(rows s.db)" "rows written by check and by scan"
# a second check keeps the claims rows of the unchanged documents (their
# sources, which name entries, compare equal): same ids
ids=$(DB=c.db q "SELECT group_concat(id) FROM (SELECT id FROM claims ORDER BY id)")
[ -n "$ids" ] && [ "$(DB=c.db q "SELECT count(*) FROM claims WHERE sources LIKE '%\"entry\":%'")" -gt 0 ] ||
	fail "check stored no claim whose source names an entry"
# (a rewrite could give the new rows the old ids: a trigger counts deletions)
DB=c.db q "CREATE TABLE test_deleted (id INTEGER);
	CREATE TRIGGER test_claims_deleted AFTER DELETE ON claims
	BEGIN INSERT INTO test_deleted VALUES (old.id); END" || fail "cannot add the trigger"
(cd "$T" && $WRAP "$BIN" check --offline --db c.db docs) >"$T/out" 2>"$T/err"
[ $? -le 1 ] || fail "second check exited badly"
expect_eq "$(DB=c.db q "SELECT group_concat(id) FROM (SELECT id FROM claims ORDER BY id)")" "$ids" \
	"claims kept by a second check"
expect_eq "$(DB=c.db q "SELECT count(*) FROM test_deleted")" 0 "claims deleted by a second check"

# 6. the JSON columns hold valid JSON (no CHECK says so on callouts and entries since
# schema version 6): every callout, entry and claim of the refs fixtures
mkdir "$T/refs"
cp "$(pwd)"/tests/fixtures/refs/* "$T/refs/"
DB=j.db scan refs || fail "scan of the refs fixtures exited $?"
[ "$(DB=j.db q "SELECT count(*) FROM callouts")" -gt 20 ] || fail "refs fixtures: few callouts"
[ "$(DB=j.db q "SELECT count(*) FROM entries WHERE fields IS NOT NULL")" -gt 5 ] ||
	fail "refs fixtures: few parsed entries"
expect_eq "$(DB=j.db q "SELECT count(*) FROM callouts WHERE NOT json_valid(targets)
	OR json_type(targets) <> 'array' OR NOT json_valid(coalesce(locators, '[]'))")" 0 \
	"callouts with invalid JSON"
expect_eq "$(DB=j.db q "SELECT count(*) FROM entries WHERE NOT json_valid(coalesce(fields, '{}'))")" \
	0 "entries with invalid JSON"
expect_eq "$(DB=j.db q "SELECT count(*) FROM claims WHERE NOT json_valid(coalesce(sources, '[]'))")" \
	0 "claims with invalid JSON"

# 7. scan --format json still lists the documents
scan --format json --force docs || fail "json scan exited $?"
grep -q '"stored":2,"unchanged":0' "$T/out" || fail "json scan: counts"
echo "ok: scan_stages"
