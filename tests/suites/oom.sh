#!/usr/bin/env bash
# oom.sh — fail every allocation in turn (tests/oom/oom_test.c): annotating
# text, HTML, the repo's example and a few case pages, enriching a record,
# and opening the engine. Each failure must come back as out-of-memory with
# no output and no leak (LeakSanitizer in the ASan build), and must not
# poison the next run. Under valgrind it runs on its two built-in documents
# and an enrich record only (--quick): each sweep annotates a document
# hundreds of times, and opening the engine thousands.
set -u
cd "$(dirname "$0")/../.."
. tests/suites/lib.sh
: "${OOM:=build/oom-test}"
if [ ! -x "$OOM" ]; then
  echo "oom: $OOM is not built (make $OOM)"; bad "oom-test binary"; summary; exit
fi
files=(examples/republished-wire-story.txt tests/cases/cgtn-first-appeared.html
       tests/cases/html-meta-copyright-sputnik.html tests/cases/bbc-quotes-rt-ap-photo.txt)
quick=()
[ -n "$MH_WRAP" ] && files=() quick=(--quick)
# libxml2 prints its own "Memory allocation failed" lines: expected here.
out=$($MH_WRAP "$OOM" "${quick[@]}" "$MASTHEAD_DB" rules "${files[@]}" 2>&1); rc=$?
printf '%s\n' "$out" | grep -E '^(FAIL|[a-z./-]+ +[0-9]+ allocations)'
line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ -z "$line" ]; then
  printf '%s\n' "$out" | tail -20
  bad "oom-test ended without a summary (exit $rc)"
else
  pass=$((pass + ${line%% passed*})); f=${line#*, }; fail=$((fail + ${f%% failed}))
  [ $rc -ne 0 ] && [ "${f%% failed}" = 0 ] && bad "oom-test exit $rc"
fi
summary
