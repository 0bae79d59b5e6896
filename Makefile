# provcheck - audits the citations and provenance of a set of documents.
#
#   make            build ./provcheck
#   make test       install missing Debian packages, build, run unit + end-to-end tests
#   make demo       install missing packages, build, run `provcheck check examples/`
#   make asan       the tests under AddressSanitizer + UBSan
#   make valgrind   the tests under valgrind
#   make bench      benchmarks (bench/)
#   make fuzz-smoke short fuzzing runs of every fuzz target (libFuzzer, else AFL++)
#   make install PREFIX=/usr/local DESTDIR=

VERSION := 0.1.0
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/provcheck
DESTDIR ?=

CC ?= cc
PKGS = libcurl libxml-2.0 sqlite3 libidn2
TEST_PKGS = cmocka libmicrohttpd

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O2 -g \
	-DPROVCHECK_VERSION='"$(VERSION)"' -DPROVCHECK_DATADIR='"$(DATADIR)"' \
	-Ichecker -Irefs -Ireports
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
ALL_CFLAGS = $(BASE_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)
# Link-time optimization of provcheck itself: scan -8% CPU time, -3%
# instructions (bench/README.md, "Parsers of scan"). The objects are fat
# (their plain code too), so that the tests link the library without
# it; LTO= turns it off (make asan does).
LTO = -flto=auto
LTO_OBJ = $(if $(LTO),$(LTO) -ffat-lto-objects)
ALL_LDFLAGS = $(LDFLAGS)
LIBS = $(PKG_LIBS) -lm

BUILD ?= build
LIB_SRC := $(filter-out checker/main.c,$(wildcard checker/*.c refs/*.c reports/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRC := $(wildcard tests/helpers/*.c)
TEST_HELPER_OBJ := $(TEST_HELPER_SRC:%.c=$(BUILD)/%.o)
# programs the end-to-end scripts run (a loopback HTTP server...)
TEST_TOOL_SRC := $(wildcard tests/tools/*.c)
TEST_TOOL_BIN := $(TEST_TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
# every fuzz target linked with fuzz/replay.c instead of a fuzzer: the
# end-to-end script fuzz_regressions.sh replays fuzz/regressions/ with them
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_REPLAY_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/tests/tools/replay_%)
LIB = $(BUILD)/libprovcheck.a
PROG = provcheck

.PHONY: all deps test test-run demo demo-run asan valgrind clean install uninstall \
	bench fuzz fuzz-smoke check-tree

all: $(PROG)

.SECONDARY:

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LTO_OBJ) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(PROG): $(BUILD)/checker/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(LTO) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(TEST_HELPER_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(TEST_LIBS) -lpthread

$(BUILD)/tests/tools/replay_%: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) -lpthread

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_HELPER_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(TEST_LIBS) -lpthread

deps:
	@sh scripts/ensure-deps

# `make test` installs what is missing, then re-reads this Makefile so
# that pkg-config sees the fresh packages.
test: deps
	@$(MAKE) --no-print-directory test-run

test-run: $(PROG) $(TEST_BIN) $(TEST_TOOL_BIN) $(FUZZ_REPLAY_BIN)
	@PROVCHECK_BIN=./$(PROG) sh tests/run-tests $(BUILD)/tests

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: $(PROG)
	@rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	./$(PROG) check --config config/provcheck.conf --db $(BUILD)/demo.db --offline --fail-on never examples/

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan CC=gcc LTO= \
		CFLAGS="-O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined" PROG=build-asan/provcheck test-run

valgrind: deps
	@$(MAKE) --no-print-directory $(PROG) $(TEST_BIN) $(TEST_TOOL_BIN) $(FUZZ_REPLAY_BIN)
	@VALGRIND=1 PROVCHECK_BIN=./$(PROG) sh tests/run-tests $(BUILD)/tests

bench: deps
	@$(MAKE) --no-print-directory $(PROG)
	@sh bench/run-all

# FUZZ_SECONDS per target; FUZZ_ENGINE=afl for AFL++ (fuzz/README.md)
FUZZ_SECONDS ?= 60
fuzz-smoke: deps
	@sh fuzz/run-smoke $(FUZZ_SECONDS)

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/provcheck
	install -m 644 config/provcheck.conf config/aliases.conf $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/provcheck
	rm -f $(DESTDIR)$(DATADIR)/provcheck.conf $(DESTDIR)$(DATADIR)/aliases.conf
	-rmdir $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz build-fuzz-afl $(PROG)

-include $(LIB_OBJ:.o=.d) $(BUILD)/checker/main.d $(TEST_BIN:=.d) $(TEST_HELPER_OBJ:.o=.d) \
	$(TEST_TOOL_BIN:=.d) $(FUZZ_SRC:%.c=$(BUILD)/%.d) $(BUILD)/fuzz/replay.d
