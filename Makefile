# masthead — GNU Makefile.
#
# `make` builds ./masthead (the CLI, linked against build/libmasthead.a) and
# build/masthead.db (the bundled database, compiled from sources-db/ by the
# freshly built binary). `make check` runs every test suite.
#
# How the flags are composed:
#   CFLAGS   = $(STD) $(WARN) $(OPT) $(SAN_FLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
#   LDLIBS   = $(PKG_LIBS) -lpthread -lm
#   WARN     the warning set of ../STYLE.md; WERROR=1 adds -Werror (CI sets it)
#   OPT      -O2 -g by default; override with OPT=-O0 -g for debugging
#   SANITIZE=address,undefined builds everything into build-san/ with the
#            sanitizers and -fno-sanitize-recover=all (make check SANITIZE=...)
# Dependencies come from pkg-config; `make deps` prints the Debian packages.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
LIBDIR   = $(PREFIX)/lib
INCDIR   = $(PREFIX)/include
DATADIR  = $(PREFIX)/share/masthead
MANDIR   = $(PREFIX)/share/man/man1
PCDIR    = $(LIBDIR)/pkgconfig

CC      ?= cc
STD      = -std=c11 -D_GNU_SOURCE
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wcast-qual -Wwrite-strings -Wvla -Wno-format-nonliteral
OPT     ?= -O2 -g
PKGS     = libpcre2-8 sqlite3 jansson libpsl libxml-2.0 libutf8proc libhs zlib libzstd nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ifeq ($(WERROR),1)
WARN += -Werror
endif

ifdef SANITIZE
BUILD     = build-san
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD     = build
SAN_FLAGS =
endif

CFLAGS  = $(STD) $(WARN) $(OPT) $(SAN_FLAGS) $(PKG_CFLAGS) -DMH_DATADIR='"$(DATADIR)"' $(EXTRA_CFLAGS)
LDFLAGS = $(SAN_FLAGS) $(EXTRA_LDFLAGS)
LDLIBS  = $(PKG_LIBS) -lpthread -lm

LIB_SRC = $(filter-out src/main.c src/cli_%.c,$(wildcard src/*.c))
CLI_SRC = src/main.c $(wildcard src/cli_*.c)
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ = $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
LIB_PIC = $(LIB_SRC:src/%.c=$(BUILD)/pic/%.o)

ifdef SANITIZE
BIN = $(BUILD)/masthead
else
BIN = masthead
endif
DB       = build/masthead.db
DB_INPUT = $(shell find sources-db -name '*.tsv' -o -name schema.sql 2>/dev/null)

.PHONY: all lib test check check-unit check-rules check-cases check-db check-asan valgrind eval \
        bench fuzz install uninstall clean deps lint
all: $(BIN) $(DB)

include web/web.mk

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/pic/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -fPIC -MMD -MP -c $< -o $@

$(BUILD)/libmasthead.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libmasthead.so: $(LIB_PIC)
	$(CC) -shared -Wl,-soname,libmasthead.so.0 $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN): $(CLI_OBJ) $(BUILD)/libmasthead.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libmasthead.a $(LDLIBS)

# The database is compiled by the tool itself; a failed build leaves no file.
$(DB): $(BIN) $(DB_INPUT)
	@mkdir -p build
	./$(BIN) db build --source sources-db --output $@

lib: $(BUILD)/libmasthead.a $(BUILD)/libmasthead.so

# ----------------------------------------------------------------- tests
TEST_SRC = $(wildcard tests/unit/*.c)
TEST_BIN = $(BUILD)/unit-tests

# cli_input.c, cli_gather.c and cli_prealloc.c (the CLI's line reader and writer) are tested on their own too.
$(TEST_BIN): $(TEST_SRC) src/cli_input.c src/cli_input.h src/cli_gather.c src/cli_gather.h src/cli_prealloc.c src/cli_prealloc.h $(BUILD)/libmasthead.a
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $(TEST_SRC) src/cli_input.c src/cli_gather.c src/cli_prealloc.c $(BUILD)/libmasthead.a $(LDLIBS)

# Fails each allocation in turn (tests/oom/oom_test.c, run by tests/suites/oom.sh).
OOM_BIN = $(BUILD)/oom-test
$(OOM_BIN): tests/oom/oom_test.c $(BUILD)/libmasthead.a
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libmasthead.a $(LDLIBS)

check: all $(TEST_BIN) $(OOM_BIN)
	MASTHEAD=./$(BIN) MASTHEAD_DB=$(DB) UNIT=$(TEST_BIN) OOM=$(OOM_BIN) tests/run-all

check-asan:
	$(MAKE) check SANITIZE=address,undefined

# Everything CI runs (tests/test-all): the suites, the same under ASan+UBSan,
# the ordinary cases under valgrind, and a one-minute fuzz smoke per harness.
test:
	MAKE="$(MAKE)" tests/test-all

valgrind: all $(TEST_BIN) $(OOM_BIN)
	MASTHEAD=./$(BIN) MASTHEAD_DB=$(DB) UNIT=$(TEST_BIN) OOM=$(OOM_BIN) VALGRIND=1 tests/run-all

eval: all
	tests/eval/run ./$(BIN)

# The Debian packages a fresh machine needs (one list, used by .ci/run and the README).
deps:
	@tr '\n' ' ' < debian-packages.txt; echo

lint:
	clang-format --dry-run --Werror src/*.c src/*.h tests/unit/*.c tests/unit/*.h tests/oom/*.c tests/fuzz/*.c tests/fuzz/*.h

# --------------------------------------------------------------- install
install: $(BIN) $(DB) lib
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	    $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(MANDIR) $(DESTDIR)$(PCDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/masthead
	install -m 644 $(DB) $(DESTDIR)$(DATADIR)/masthead.db
	install -m 644 rules/*.rules rules/VERSION $(DESTDIR)$(DATADIR)/rules/
	install -m 644 docs/masthead.1 $(DESTDIR)$(MANDIR)/masthead.1
	install -m 644 src/masthead.h $(DESTDIR)$(INCDIR)/masthead.h
	install -m 644 $(BUILD)/libmasthead.a $(DESTDIR)$(LIBDIR)/libmasthead.a
	install -m 755 $(BUILD)/libmasthead.so $(DESTDIR)$(LIBDIR)/libmasthead.so.0
	ln -sf libmasthead.so.0 $(DESTDIR)$(LIBDIR)/libmasthead.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/^#define MH_VERSION "\(.*\)"/\1/p' src/masthead.h)|' \
	    -e 's|@REQUIRES@|$(PKGS)|' masthead.pc.in > $(DESTDIR)$(PCDIR)/masthead.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/masthead $(DESTDIR)$(LIBDIR)/libmasthead.* \
	    $(DESTDIR)$(INCDIR)/masthead.h $(DESTDIR)$(MANDIR)/masthead.1 $(DESTDIR)$(PCDIR)/masthead.pc
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san masthead

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(LIB_PIC:.o=.d)

# fuzz harnesses (clang + libFuzzer): make fuzz FUZZ_SECONDS=60
-include tests/fuzz/fuzz.mk tests/fuzz/jsonl.mk
