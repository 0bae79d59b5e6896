#!/bin/sh
# Benchmark: aliases_canon() over 64 KiB of text with config/aliases.conf.
#   sh bench/aliases_canon.sh [ROUNDS]
set -eu
[ -f build/libprovcheck.a ] || { echo "aliases_canon: skipped, build first (make)"; exit 0; }
T=$(mktemp -d /tmp/provcheck-bench-al.XXXXXX)
trap 'rm -rf "$T"' EXIT
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Ichecker -o "$T/bench" bench/aliases_canon.c \
	build/libprovcheck.a $(pkg-config --libs libcurl libxml-2.0 sqlite3 2>/dev/null) -lm
"$T/bench" "${1:-200}"
