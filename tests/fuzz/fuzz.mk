# fuzz.mk — libFuzzer harnesses of masthead (issue 5); a make fragment that
# the top Makefile includes, or run alone: make -f tests/fuzz/fuzz.mk fuzz
#
#   make fuzz                   build every harness and run each for FUZZ_SECONDS
#   make fuzz FUZZ_SECONDS=600  the issue's bar: ten minutes each
#   make build/fuzz/fuzz_url    build one harness
#   tests/fuzz/run fuzz_url 60  run one (tests/fuzz/README.md)
#
# The library is compiled again with clang and the sanitizers into
# build/fuzz/obj/ (src/*.c without main.c and cli_*.c), instrumented for
# libFuzzer's coverage (-fsanitize=fuzzer-no-link); each harness links it
# with -fsanitize=fuzzer. Other fragments add harnesses of their own with
# FUZZ_HARNESSES += name (and a rule for build/fuzz/name); `make fuzz` runs
# every name in that list, in order.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     ?= build/fuzz
# the top Makefile's PKGS when included; alone, the same list
FUZZ_PKGS    ?= $(or $(PKGS),libpcre2-8 sqlite3 jansson libpsl libxml-2.0 libutf8proc libhs zlib libzstd nettle)
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -g -O1 $(FUZZ_SAN) -Wall -Wextra -Wno-unused-parameter \
                $(shell pkg-config --cflags $(FUZZ_PKGS)) -DMH_DATADIR='"/nonexistent"'
FUZZ_LIBS     = $(shell pkg-config --libs $(FUZZ_PKGS)) -lpthread -lm

FUZZ_LIB_SRC  = $(filter-out src/main.c src/cli_%.c,$(wildcard src/*.c))
FUZZ_LIB_OBJ  = $(FUZZ_LIB_SRC:src/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_MINE     = fuzz_annotate_text fuzz_annotate_html fuzz_enrich fuzz_rulefile fuzz_tsv fuzz_url \
                fuzz_html_runs
FUZZ_HARNESSES += $(FUZZ_MINE)

# each harness: its own file plus the helpers it needs
FUZZ_HELPERS_fuzz_annotate_text = tests/fuzz/fuzz_engine.c
FUZZ_HELPERS_fuzz_annotate_html = tests/fuzz/fuzz_engine.c
FUZZ_HELPERS_fuzz_enrich        = tests/fuzz/fuzz_engine.c
FUZZ_HELPERS_fuzz_rulefile      = tests/fuzz/fuzz_tmp.c
FUZZ_HELPERS_fuzz_tsv           = tests/fuzz/fuzz_tmp.c
FUZZ_HELPERS_fuzz_url           =
FUZZ_HELPERS_fuzz_html_runs     = tests/unit/html_runs_oracle.c

.PHONY: fuzz fuzz-build

$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_MINE:%=$(FUZZ_DIR)/%): $(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_LIB_OBJ) \
                              $(wildcard tests/fuzz/fuzz_*.h tests/fuzz/fuzz_engine.c tests/fuzz/fuzz_tmp.c \
                                         tests/unit/html_runs_oracle.*)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -Itests/fuzz -Itests/unit -o $@ $< $(FUZZ_HELPERS_$*) \
	    $(FUZZ_LIB_OBJ) $(FUZZ_LIBS)

FUZZ_MAKE = $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST))

fuzz-build:
	+@for h in $(FUZZ_HARNESSES); do $(FUZZ_MAKE) $(FUZZ_DIR)/$$h || exit 2; done

# The harnesses read build/masthead.db and rules/ (the annotate ones) and
# sources-db/codes (fuzz_tsv): build the database first.
fuzz: fuzz-build
	+@test -f build/masthead.db || $(FUZZ_MAKE) build/masthead.db
	tests/fuzz/run --seconds $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

-include $(FUZZ_LIB_OBJ:.o=.d)
