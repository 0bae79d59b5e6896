#!/bin/sh
# End-to-end: a Markdown commentary through 'provcheck scan' and
# 'provcheck refs': the format is recognized, the bold headings, the
# italic bio with its mailto link and the footnotes come out as blocks,
# links and notes.
bin=${PROVCHECK_BIN:-./provcheck}
run() { $PROVCHECK_WRAP "$bin" "$@"; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "markdown.sh: $*" >&2; exit 1; }
unset PROVCHECK_CONFIG

run scan --db "$tmp/s.db" --format json tests/fixtures/markdown/commentary.md >"$tmp/out" 2>"$tmp/err" ||
	fail "scan: $(cat "$tmp/err")"
grep -q '"format":"markdown"' "$tmp/out" || fail "not read as Markdown: $(cat "$tmp/out")"
grep -q '"paragraphs":8,' "$tmp/out" || fail "blocks: $(cat "$tmp/out")"
grep -q '"links":1,' "$tmp/out" || fail "links: $(cat "$tmp/out")"

# footnote references and definitions reach the refs stage; a callout is
# located at its label (the "1" of "[^1]", column 34)
cat >"$tmp/notes.md" <<'MD'
## **A short note** by A. Writer

The claim rests on two sources.[^1] A second claim too.[^2]

[^1]: First Author, *A Book*, 2001.
[^2]: Second Author, "An Article", 2003.
MD
run refs --db "$tmp/s.db" "$tmp/notes.md" >"$tmp/out" 2>"$tmp/err"
grep -q "2 callouts, 2 entries" "$tmp/out" || fail "refs: $(cat "$tmp/out" "$tmp/err")"
grep -q "callout 3:34 markdown *1 -> 1" "$tmp/out" || fail "refs callout position: $(cat "$tmp/out")"
exit 0
