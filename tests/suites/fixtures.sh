#!/usr/bin/env bash
# fixtures.sh — the real inputs of ../shared/fixtures must come out right.
. "$(dirname "$0")/lib.sh"
if ! have_shared; then echo "skip: $SHARED/fixtures is absent"; summary; exit; fi
f=$SHARED/fixtures/rt-2022-04-07-pentagon.txt
out=$(mh annotate --format json "$f") || bad "annotate $f exits non-zero"
gen=$(mh annotate --generic-only --format json "$f") || bad "annotate --generic-only $f exits non-zero"
for j in "$out" "$gen"; do
  check "seed: publisher is RT" jq -e '.publisher.id == "rt"' <<<"$j"
  check "seed: publisher domain rt.com" jq -e '.publisher.domain == "rt.com"' <<<"$j"
  check "seed: owner ANO TV-Novosti" jq -e '[.publisher.owners[].id] | index("ano-tv-novosti") != null' <<<"$j"
  check "seed: state media SC (RU)" jq -e '.publisher.state_media.code == "SC" and .publisher.state_media.country == "RU"' <<<"$j"
  check "seed: AP is an image credit" jq -e '[.outlets[] | select(.role == "image_credit") | .id] | index("associated-press") != null' <<<"$j"
  check "seed: AP is never publisher" jq -e '[.outlets[] | select(.role == "publisher") | .id] | index("associated-press") == null' <<<"$j"
  check "seed: flagged" jq -e '.flagged == true' <<<"$j"
done
# the © footer with exact byte offsets: input[start:end] == text
ev=$(jq -c '[.publisher.evidence[] | select(.kind == "copyright")][0]' <<<"$out")
start=$(jq .start <<<"$ev"); end=$(jq .end <<<"$ev"); text=$(jq -r .text <<<"$ev")
slice=$(tail -c +$((start + 1)) "$f" | head -c $((end - start)))
check "seed: © evidence text" grep -q '© Autonomous Nonprofit Organization “TV-Novosti”' <<<"$text"
check "seed: © evidence offsets are exact" test "$slice" = "$text"
# every evidence span of plain text is exact
while read -r s e t; do
  [ -z "$s" ] && continue
  sl=$(tail -c +$((s + 1)) "$f" | head -c $((e - s)) | base64 -w0)
  [ "$sl" = "$t" ] && ok || bad "seed: evidence at $s..$e is not input[start:end]"
done < <(jq -r '[.publisher.evidence[], (.outlets[].evidence[])] | .[] | select(.start != null) | "\(.start) \(.end) \(.text | @base64)"' <<<"$out")
# generic-only uses no outlet-specific rule
check "seed: generic-only fires no outlet rule" jq -e '[.. | objects | select(has("rule")) | .rule | select(startswith("outlet."))] | length == 0' <<<"$gen"
summary
