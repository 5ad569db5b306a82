#!/usr/bin/env bash
# bench.sh — the benchmark's own parts (bench/README.md), on a small scale:
# the generator is deterministic, and the Python baselines do masthead's job
# (one output line per input line; the same flag as masthead on nearly every
# record; a state-media origin flags a record republished elsewhere). The
# timings themselves are `make bench`'s, never a test's.
cd "$(dirname "$0")/../.." || exit 2
. tests/suites/lib.sh
: "${MASTHEAD:=./masthead}" "${MASTHEAD_DB:=build/masthead.db}"
PY=/usr/bin/python3
if [ "${VALGRIND:-0}" = 1 ]; then # the baselines are Python; enrich.sh runs masthead under valgrind
  echo "skip: bench.sh under valgrind"
  summary; exit
fi
if ! $PY -c 'import tldextract, lxml.html' 2>/dev/null; then
  echo "skip: $PY lacks python3-tldextract or python3-lxml (tests/debian-packages.txt)"
  summary; exit
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$PY bench/gen.py text --db "$MASTHEAD_DB" --mb 1 --seed 3 --malformed-every 20 --out "$tmp/a.jsonl" 2>/dev/null
$PY bench/gen.py text --db "$MASTHEAD_DB" --mb 1 --seed 3 --malformed-every 20 --out "$tmp/b.jsonl" 2>/dev/null
check "gen.py text: same seed, same bytes" cmp -s "$tmp/a.jsonl" "$tmp/b.jsonl"
$PY bench/gen.py html --db "$MASTHEAD_DB" --mb 1 --seed 3 --out "$tmp/h.jsonl" 2>/dev/null
check "gen.py html: a corpus written" test -s "$tmp/h.jsonl"

lines() { wc -l <"$1" | tr -d ' '; }
# agree MASTHEAD_OUT DETECTOR_OUT: "records same-flag" over records neither calls an error.
agree() {
  $PY - "$1" "$2" <<'PY'
import json, sys
n = same = flagged = 0
for a, d in zip(open(sys.argv[1], "rb"), open(sys.argv[2], "rb")):
    a, d = json.loads(a).get("masthead", {}), json.loads(d)
    if "error" in a or "error" in d:
        continue
    n += 1
    same += bool(a.get("flagged")) == d["flagged"]
    flagged += d["flagged"]
print(n, same, flagged)
PY
}

mh enrich -j1 -q --db "$MASTHEAD_DB" "$tmp/a.jsonl" >"$tmp/mh.jsonl"
$PY bench/baselines/detector.py --db "$MASTHEAD_DB" "$tmp/a.jsonl" >"$tmp/det.jsonl"
$PY bench/baselines/detector.py --ids-only --db "$MASTHEAD_DB" "$tmp/a.jsonl" >"$tmp/ids.jsonl"
n=$(lines "$tmp/a.jsonl")
check "detector.py: one line per input line" test "$(lines "$tmp/det.jsonl")" = "$n"
check "detector.py --ids-only: one line per input line" test "$(lines "$tmp/ids.jsonl")" = "$n"
check "detector.py: malformed lines are error lines" grep -q '"error"' "$tmp/det.jsonl"
read -r recs same flagged <<<"$(agree "$tmp/mh.jsonl" "$tmp/det.jsonl")"
check "detector.py: some records flagged ($flagged of $recs)" test "${flagged:-0}" -gt 0
check "detector.py: the same flag as masthead on >= 90% ($same of $recs)" \
  test $((${same:-0} * 100)) -ge $((${recs:-1} * 90))

mh enrich -j1 -q --html-field html --db "$MASTHEAD_DB" "$tmp/h.jsonl" >"$tmp/mhh.jsonl"
$PY bench/baselines/lxml_detector.py --db "$MASTHEAD_DB" "$tmp/h.jsonl" >"$tmp/lx.jsonl"
check "lxml_detector.py: one line per input line" test "$(lines "$tmp/lx.jsonl")" = "$(lines "$tmp/h.jsonl")"
read -r recs same flagged <<<"$(agree "$tmp/mhh.jsonl" "$tmp/lx.jsonl")"
check "lxml_detector.py: the same flag as masthead on >= 90% ($same of $recs)" \
  test $((${same:-0} * 100)) -ge $((${recs:-1} * 90))

# Flagged through its origin: a wire story of a state-controlled agency on a
# site the database does not know; not flagged: the same story's own words.
printf '%s\n' \
  '{"text": "MOSCOW (Sputnik) - Officials met on Tuesday.\n\nMore later."}' \
  '{"text": "Officials met on Tuesday in Moscow.\n\nMore later."}' \
  '[1, 2]' >"$tmp/o.jsonl"
$PY bench/baselines/detector.py --db "$MASTHEAD_DB" "$tmp/o.jsonl" >"$tmp/o.out"
check "detector.py: flagged through a state-media origin" \
  grep -q '"flagged": true, "flag_reasons": \["origin sputnik is SC"\]' <(sed -n 1p "$tmp/o.out")
check "detector.py: plain text not flagged" grep -q '"flagged": false' <(sed -n 2p "$tmp/o.out")
check "detector.py: an array is an error line" grep -q '"error": "not an object"' <(sed -n 3p "$tmp/o.out")
summary
