#!/usr/bin/env bash
# run.sh — load test of `masthead serve` (not part of `make check`): wrk on
# loopback, 64 connections for 20 s, posting real articles (the seed fixture
# and every page of ../shared/corpus/dev with its URL). Reports requests/s
# and p99 latency, fails unless every answer is 200 and the server's resident
# memory after the run is within 10% of what it was after a warm-up.
#
# Usage: tests/load/run.sh [DURATION_S] [CONNECTIONS]   (from the repository root,
# after `make`; needs wrk: apt-get install wrk). MASTHEAD, SHARED override paths.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20}
conns=${2:-64}
MASTHEAD=${MASTHEAD:-./masthead}
SHARED=${SHARED:-../shared}
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -d "$SHARED/corpus/dev/pages" ] || { echo "run.sh: $SHARED/corpus/dev is absent" >&2; exit 2; }

tmp=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# the request bodies: {"text"|"html": page, "url": its true URL}, under the 4 MiB cap
mkdir "$tmp/bodies"
f=$SHARED/fixtures/rt-2022-04-07-pentagon.txt
[ -f "$f" ] && jq -n --rawfile t "$f" '{text: $t}' >"$tmp/bodies/seed.json"
tail -n +2 "$SHARED/corpus/dev/manifest.tsv" | while IFS=$'\t' read -r id url _ _ kind _; do
  case $kind in html) file=$id.html key=html ;; text) file=$id.txt key=text ;; *) continue ;; esac
  [ -f "$SHARED/corpus/dev/pages/$file" ] || continue
  jq -n --rawfile t "$SHARED/corpus/dev/pages/$file" --arg u "$url" --arg k "$key" \
    '{($k): $t, url: $u}' >"$tmp/bodies/$id.json"
done
find "$tmp/bodies" -name '*.json' -size -4096k | sort >"$tmp/list"
echo "bodies: $(wc -l <"$tmp/list") articles, $(du -sh "$tmp/bodies" | cut -f1)"

: >"$tmp/serve.log"
"$MASTHEAD" serve --port 0 --threads "$(nproc)" 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://[^ ]*:\([0-9]*\)/.*|\1|p' "$tmp/serve.log" || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$tmp/serve.log" >&2; exit 1; }
url=http://127.0.0.1:$port
rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }

echo "warm-up: 5 s, $conns connections"
wrk -t2 -c"$conns" -d5s --timeout 10s -s tests/load/post.lua "$url" -- "$tmp/list" >"$tmp/warm.txt"
rss_warm=$(rss)
echo "run: ${duration} s, $conns connections"
wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s --latency -s tests/load/post.lua "$url" -- "$tmp/list" \
  >"$tmp/run.txt"
rss_after=$(rss)
grep -E '^ +(Latency|Req/Sec)|requests in' "$tmp/run.txt" || true
value() { awk -v k="$1" '$1 == "result" && $2 == k {print $3}' "$tmp/$2"; }
requests=$(value requests run.txt); non200=$(value non200 run.txt); errors=$(value socket_errors run.txt)
warm_non200=$(value non200 warm.txt)
growth=$(awk -v a="$rss_warm" -v b="$rss_after" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
echo "requests: $requests, requests/s: $(value rps run.txt), p50: $(value p50_ms run.txt) ms, p99: $(value p99_ms run.txt) ms, max: $(value max_ms run.txt) ms"
echo "answers not 200: $non200 (warm-up: $warm_non200), socket errors: $errors"
echo "resident memory: ${rss_warm} KiB after warm-up, ${rss_after} KiB after the run (${growth}%)"

kill -TERM "$server"
rc=0; wait "$server" || rc=$?
server=
fail=0
[ "$non200" = 0 ] && [ "$warm_non200" = 0 ] || { echo "FAIL: some answers were not 200"; fail=1; }
[ "$errors" = 0 ] || { echo "FAIL: socket errors"; fail=1; }
awk -v g="$growth" 'BEGIN {exit !(g <= 10 && g >= -10)}' || { echo "FAIL: memory moved more than 10%"; fail=1; }
[ "$rc" = 0 ] || { echo "FAIL: the server exited with $rc on SIGTERM"; fail=1; }
[ $fail = 0 ] && echo "load test passed" || echo "load test failed"
exit $fail
