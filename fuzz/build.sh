#!/bin/sh
# Builds every fuzz target fuzz/fuzz_*.c against the library compiled
# with ASan and UBSan, into build-fuzz/ (or $1), for one of two engines:
#
#   libFuzzer  clang -fsanitize=fuzzer (Debian 12: clang, libclang-rt-14-dev)
#   AFL++      afl-clang-fast (else afl-clang-lto, afl-gcc-fast) with AFL++'s
#              libAFLDriver.a, or fuzz/afl_driver.c when that is not installed
#              (Debian 12: afl++)
#
#   sh fuzz/build.sh [OUTDIR]
#   FUZZ_ENGINE=afl sh fuzz/build.sh build-fuzz-afl
#
# FUZZ_ENGINE=auto (the default) takes libFuzzer when clang can build a
# libFuzzer program, AFL++ otherwise; FUZZ_ENGINE=libfuzzer or afl asks
# for one. FUZZ_AFL_DRIVER=own uses fuzz/afl_driver.c even when
# libAFLDriver.a is there; FUZZ_CC and FUZZ_AFL_CC choose the compilers.
# Run as root, the script installs the Debian packages it is missing, as
# scripts/ensure-deps does; otherwise it prints the apt-get command.
#
# The engine built is written to OUTDIR/ENGINE (fuzz/run-smoke reads it).
# A target is one file defining LLVMFuzzerTestOneInput(); adding
# fuzz/fuzz_<name>.c is all it takes to get OUTDIR/fuzz_<name>.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-build-fuzz}
ENGINE=${FUZZ_ENGINE:-auto}
PKGS="libcurl libxml-2.0 sqlite3 libidn2"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer
	-DPROVCHECK_VERSION=\"fuzz\" -DPROVCHECK_DATADIR=\"/nonexistent\"
	-Ichecker -Irefs -Ireports $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm -lpthread"

case $ENGINE in
auto|libfuzzer|afl) ;;
*) echo "fuzz/build.sh: FUZZ_ENGINE is auto, libfuzzer or afl, not '$ENGINE'" >&2; exit 2 ;;
esac

# install_pkgs REASON PKG... - as root with apt-get, installs; else says how.
# Returns non-zero when nothing was installed.
install_pkgs() {
	reason=$1
	shift
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "fuzz/build.sh: $reason; installing: apt-get install -y $*" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 && return 0
		# the package lists may be missing on a fresh machine
		DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 && return 0
		echo "fuzz/build.sh: apt-get install $* failed" >&2
	else
		echo "fuzz/build.sh: $reason; run as root: apt-get install $*" >&2
	fi
	return 1
}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\n'\
'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\n'\
'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"

# libfuzzer_ok: clang builds a program with -fsanitize=fuzzer and the sanitizers
libfuzzer_ok() {
	command -v "$LF_CC" >/dev/null 2>&1 &&
		"$LF_CC" $SAN -fsanitize=fuzzer -o "$probe/lf" "$probe/p.c" >/dev/null 2>&1
}

# afl_driver_lib: prints the path of AFL++'s libAFLDriver.a, if installed
afl_driver_lib() {
	d=$(dirname "$(command -v afl-fuzz 2>/dev/null || echo /usr/bin/afl-fuzz)")
	for lib in ${AFL_PATH:+"$AFL_PATH/libAFLDriver.a"} /usr/lib/afl/libAFLDriver.a \
		/usr/local/lib/afl/libAFLDriver.a "$d/../lib/afl/libAFLDriver.a"; do
		[ -f "$lib" ] && { echo "$lib"; return 0; }
	done
	return 1
}

# afl_pick: sets AFL_CC and DRIVER to a compiler and driver that build
# an instrumented, sanitized program
afl_pick() {
	DRIVER=""
	if [ "${FUZZ_AFL_DRIVER:-}" != own ]; then
		DRIVER=$(afl_driver_lib) || DRIVER=""
	fi
	for AFL_CC in ${FUZZ_AFL_CC:-afl-clang-fast afl-clang-lto afl-gcc-fast}; do
		command -v "$AFL_CC" >/dev/null 2>&1 || continue
		if [ -n "$DRIVER" ]; then
			AFL_QUIET=1 "$AFL_CC" $SAN -o "$probe/afl" "$probe/p.c" "$DRIVER" \
				-lstdc++ >/dev/null 2>&1 && return 0
		else
			AFL_QUIET=1 "$AFL_CC" $SAN -o "$probe/afl" "$probe/p.c" \
				fuzz/afl_driver.c >/dev/null 2>&1 && return 0
		fi
	done
	return 1
}

LF_CC=${FUZZ_CC:-clang}
if [ "$ENGINE" != afl ]; then
	if ! libfuzzer_ok; then
		install_pkgs "clang cannot build a libFuzzer program" clang libclang-rt-14-dev || :
		if ! libfuzzer_ok; then
			if [ "$ENGINE" = libfuzzer ]; then
				echo "fuzz/build.sh: $LF_CC cannot build a libFuzzer target" >&2
				exit 1
			fi
			echo "fuzz/build.sh: no libFuzzer; falling back to AFL++" >&2
			ENGINE=afl
		fi
	fi
	[ "$ENGINE" = auto ] && ENGINE=libfuzzer
fi
if [ "$ENGINE" = afl ]; then
	if ! command -v afl-fuzz >/dev/null 2>&1 || ! afl_pick; then
		install_pkgs "AFL++ is missing" afl++ || :
		afl_pick || {
			echo "fuzz/build.sh: no AFL++ compiler (afl-clang-fast, afl-clang-lto, afl-gcc-fast) builds a target" >&2
			exit 1
		}
	fi
fi

mkdir -p "$OUT/obj-$ENGINE"
if [ "$ENGINE" = libfuzzer ]; then
	CC=$LF_CC
	OBJ_FLAGS="$SAN -fsanitize=fuzzer-no-link"
	echo "fuzz/build.sh: engine libFuzzer ($CC)" >&2
else
	CC=$AFL_CC
	OBJ_FLAGS=$SAN
	# afl-cc prints a banner per file
	export AFL_QUIET=1
	echo "fuzz/build.sh: engine AFL++ ($CC, driver ${DRIVER:-fuzz/afl_driver.c})" >&2
fi
objs=""
for src in checker/*.c refs/*.c reports/*.c; do
	[ -f "$src" ] || continue
	[ "$src" = checker/main.c ] && continue
	obj="$OUT/obj-$ENGINE/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
	   [ -n "$(find checker refs reports -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
		# shellcheck disable=SC2086
		$CC $CFLAGS $OBJ_FLAGS -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done
rm -f "$OUT/libprovcheck-fuzz-$ENGINE.a"
# shellcheck disable=SC2086
ar rcs "$OUT/libprovcheck-fuzz-$ENGINE.a" $objs
for t in fuzz/fuzz_*.c; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .c)
	if [ "$ENGINE" = libfuzzer ]; then
		# shellcheck disable=SC2086
		$CC $CFLAGS $SAN -fsanitize=fuzzer -o "$OUT/$name" "$t" \
			"$OUT/libprovcheck-fuzz-$ENGINE.a" $LIBS
	elif [ -n "$DRIVER" ]; then
		# libAFLDriver.a is C++ in some AFL++ versions
		# shellcheck disable=SC2086
		$CC $CFLAGS $SAN -o "$OUT/$name" "$t" "$OUT/libprovcheck-fuzz-$ENGINE.a" \
			"$DRIVER" $LIBS -lstdc++
	else
		# shellcheck disable=SC2086
		$CC $CFLAGS $SAN -o "$OUT/$name" "$t" fuzz/afl_driver.c \
			"$OUT/libprovcheck-fuzz-$ENGINE.a" $LIBS
	fi
	echo "built $OUT/$name"
done
echo "$ENGINE" >"$OUT/ENGINE"
