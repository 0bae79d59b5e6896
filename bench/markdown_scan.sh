#!/bin/sh
# Benchmark: 'provcheck scan' of synthetic Markdown commentaries (made
# here): headings, emphasis, inline and reference links, footnotes.
#   sh bench/markdown_scan.sh [FILES] [PARAGRAPHS]
set -eu
BIN=${PROVCHECK_BIN:-./provcheck}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
N=${1:-500}
P=${2:-60}
T=$(mktemp -d /tmp/provcheck-bench-md.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/docs"
awk -v n="$N" -v p="$P" -v dir="$T/docs" 'BEGIN {
	for (i = 0; i < n; i++) {
		f = sprintf("%s/doc%05d.md", dir, i)
		printf("## **Commentary %d on river basins** by A. Writer\n\n*A. Writer ([a%d@example.org](mailto:a%d@example.org)) is a fellow.*\n\n", i, i, i) > f
		for (j = 0; j < p; j++)
			printf("Paragraph %d says that the _survey_ of %d found the **river** %d km long,\nas the [report](https://example.org/r/%d/%d \"R\") and [the atlas][atlas] show.[^%d]\n\n",
			       j, 1900 + j, 100 + i % 50, i, j, j + 1) > f
		printf("[atlas]: https://example.org/atlas\n\n") > f
		for (j = 0; j < p; j++)
			printf("[^%d]: Source %d, *Journal of Rivers*, Vol. %d, %d, pp. %d-%d.\n", j + 1, j, j % 30, 1990 + j % 30, j, j + 9) > f
		close(f)
	}
}'
bytes=$(cat "$T"/docs/* | wc -c)
echo "markdown_scan: $N files, $P paragraphs each, $bytes bytes"
t0=$(date +%s.%N)
(cd "$T" && "$BIN" scan -q --db s.db docs) || true
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v n="$bytes" 'BEGIN { printf("scan (store included): %.3f s, %.1f MB/s\n", b - a, n / (b - a) / 1e6) }'
