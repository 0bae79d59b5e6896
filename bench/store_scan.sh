#!/bin/sh
# Benchmark: 'provcheck scan' into a fresh store, then again (unchanged),
# then with every file modified. Synthetic documents, made here.
#   sh bench/store_scan.sh [FILES] [PARAGRAPHS]
set -eu
BIN=${PROVCHECK_BIN:-./provcheck}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
N=${1:-2000}
P=${2:-30}
T=$(mktemp -d /tmp/provcheck-bench-store.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/docs"
awk -v n="$N" -v p="$P" -v dir="$T/docs" 'BEGIN {
	for (i = 0; i < n; i++) {
		f = sprintf("%s/doc%05d.txt", dir, i)
		for (j = 0; j < p; j++)
			printf("Paragraph %d of document %d says that the survey of %d found\nthe river %d kilometres long, as reported in [%d].\n\n",
			       j, i, 1900 + j, 100 + i % 50, j + 1) > f
		close(f)
	}
}'
bytes=$(cat "$T"/docs/* | wc -c)
now() { date +%s.%N; }
run() {
	t0=$(now)
	(cd "$T" && "$BIN" scan -q --db s.db docs) || true
	t1=$(now)
	awk -v a="$t0" -v b="$t1" -v what="$1" 'BEGIN { printf("%s: %.3f s\n", what, b - a) }'
}
echo "store_scan: $N files, $P paragraphs each, $bytes bytes"
run "first scan (parse + store)"
run "second scan (all unchanged)"
for f in "$T"/docs/*; do echo "One more paragraph." >>"$f"; done
run "third scan (all modified)"
echo "store size: $(du -k "$T/s.db" | cut -f1) KiB"
