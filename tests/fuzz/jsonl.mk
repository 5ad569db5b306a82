# jsonl.mk — fuzzing and benchmarking the JSONL record scanner (src/jsonl.c,
# src/jsonl_stream.c).
#
# Included from the Makefile beside fuzz.mk:
#   make fuzz-jsonl FUZZ_SECONDS=600    make bench-jsonl BENCH_MB=200
#
#   build/fuzz/fuzz_jsonl    libFuzzer harness (clang, -fsanitize=fuzzer,
#                            address,undefined): scanner vs jansson, and
#                            stream vs one-shot under chunkings taken from
#                            the input, aborting on any disagreement. Listed in
#                            FUZZ_HARNESSES, so fuzz.mk's `make fuzz` runs it.
#   fuzz-jsonl               run it alone for FUZZ_SECONDS (fuzz.mk's default) on
#                            build/fuzz/corpus/fuzz_jsonl, seeded with a few
#                            records, with a dictionary of JSON tokens
#   build/bench/jsonl_bench  the micro-benchmark (bench/jsonl_bench.c, -O2)
#   bench-jsonl              run it: MB/s of the scanner (one-shot, and
#                            streamed in 64 KiB chunks) and of json_loadb on
#                            a generated news-like corpus (BENCH_MB, default 100)
# Only the scanner's files (JSONL_SRC, plus jansson) are linked: it stands alone.

FUZZ_CC      ?= clang
FUZZ_DIR     ?= build/fuzz
FUZZ_HARNESSES += fuzz_jsonl
BENCH_MB     ?= 100
JSONL_SRC     = src/jsonl.c src/jsonl_stream.c
JSONL_HDR     = src/jsonl.h src/jsonl_impl.h
JSONL_STD     = -std=c11 -D_GNU_SOURCE
JSONL_WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
                -Wcast-qual -Wwrite-strings -Wvla
JANSSON_CFLAGS := $(shell pkg-config --cflags jansson)
JANSSON_LIBS   := $(shell pkg-config --libs jansson)
FUZZ_JSONL_SRC  = tests/fuzz/fuzz_jsonl.c tests/unit/test_jsonl_diff.c \
                  tests/unit/test_jsonl_stream.c tests/unit/jsonl_gen.c $(JSONL_SRC)

.PHONY: fuzz-jsonl bench-jsonl

$(FUZZ_DIR)/fuzz_jsonl: $(FUZZ_JSONL_SRC) $(JSONL_HDR) tests/unit/harness.h tests/unit/tests.def \
                        tests/unit/jsonl_gen.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(JSONL_STD) $(JSONL_WARN) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -Isrc -Itests/unit $(JANSSON_CFLAGS) \
	    -o $@ $(FUZZ_JSONL_SRC) $(JANSSON_LIBS)

$(FUZZ_DIR)/jsonl.dict:
	@mkdir -p $(@D)
	printf '%s\n' '"{"' '"}"' '"["' '"]"' '":"' '","' '"\""' '"\\"' '"\\u"' \
	    '"\\uD83D\\uDE00"' '"\\u0000"' '"\\n"' '"true"' '"false"' '"null"' \
	    '"-0.5e+3"' '"1e400"' '"\"text\""' '"\"url\""' '"\"meta\""' '"\"source\""' \
	    '"\"masthead\""' '"\xc3\xa9"' '"\xe2\x80\x94"' '"\xf0\x9f\x93\xb0"' \
	    '"\xed\xa0\x80"' '"\xef\xbb\xbf"' > $@

$(FUZZ_DIR)/corpus/fuzz_jsonl/.seeded:
	@mkdir -p $(@D)
	printf '%s' '{"text":"MOSCOW, May 1 (Reuters) \u2014 Talks.","url":"https://www.reuters.com/x"}' > $(@D)/seed1
	printf '%s' '{"meta":{"source":{"url":"https://tass.com/politics/1"}},"id":18446744073709551616}' > $(@D)/seed2
	printf '%s' '{"masthead":{"publisher":null},"a":[1,-0.5e3,true,false,null,{}],"k\u00e9y":"\ud83d\udcf0"}' > $(@D)/seed3
	@touch $@

fuzz-jsonl: $(FUZZ_DIR)/fuzz_jsonl $(FUZZ_DIR)/jsonl.dict $(FUZZ_DIR)/corpus/fuzz_jsonl/.seeded
	$(FUZZ_DIR)/fuzz_jsonl -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
	    -dict=$(FUZZ_DIR)/jsonl.dict -artifact_prefix=$(FUZZ_DIR)/ -print_final_stats=1 \
	    $(FUZZ_DIR)/corpus/fuzz_jsonl

build/bench/jsonl_bench: bench/jsonl_bench.c $(JSONL_SRC) $(JSONL_HDR)
	@mkdir -p $(@D)
	$(CC) $(JSONL_STD) $(JSONL_WARN) -O2 -g -Isrc $(JANSSON_CFLAGS) \
	    -o $@ bench/jsonl_bench.c $(JSONL_SRC) $(JANSSON_LIBS)

bench-jsonl: build/bench/jsonl_bench
	build/bench/jsonl_bench $(BENCH_MB)
