#!/usr/bin/env bash
# limits.sh — every limit, proved with tiny settings (never with a clock): a
# document that reaches one is annotated as partial, names the limit, and
# keeps what was found — its URL and metadata verdict and any flag.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
{
  for i in $(seq 1 40); do echo "The ministry said on Tuesday, according to Reuters, that talks would resume."; done
  echo "© 2022 Autonomous Nonprofit Organization \"TV-Novosti\""
} > "$tmp/many.txt"
url=https://www.rt.com/news/553501-pentagon-russia-phone/

limit() { # name value expected-limit [file] [extra args]
  local name=$1 value=$2 want=$3 f=${4:-$tmp/many.txt}; shift 4 2>/dev/null || shift $#
  local out; out=$(mh annotate --format json --url "$url" --limit "$name=$value" "$f" "$@") || { bad "$name=$value: annotate failed"; return; }
  check "$name=$value: partial, limit $want" jq -e --arg w "$want" '.partial.limit == $w' <<<"$out"
  check "$name=$value: the URL's verdict kept" jq -e '.publisher.id == "rt"' <<<"$out"
  check "$name=$value: the flag kept" jq -e '.flagged == true' <<<"$out"
}
limit markers 3 markers
limit budget 2 budget
limit doc-bytes 64 document-size
out=$(mh annotate --format json --url "$url" --limit match-limit=1 "$tmp/many.txt")
check "match-limit=1: partial, limit regex, the rule named" jq -e '.partial.limit == "regex" and (.partial.rule | length > 0)' <<<"$out"
check "match-limit=1: the flag kept" jq -e '.flagged == true' <<<"$out"

# HTML: nesting, and padding that cannot buy a way past a flag
/usr/bin/python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
head = '<html><head><link rel="canonical" href="https://www.rt.com/news/1/"></head><body>'
open(d + '/nested.html', 'w').write(head + '<div>' * 50 + 'text' + '</div>' * 50 + '</body></html>')
open(d + '/padded.html', 'w').write(head + '<p>' + 'lorem ipsum ' * 2_000_000 + '</p></body></html>')
PY
out=$(mh annotate --format json --limit html-depth=10 "$tmp/nested.html")
check "html-depth=10: partial, limit html-depth" jq -e '.partial.limit == "html-depth"' <<<"$out"
check "html-depth=10: the canonical verdict kept, flagged" jq -e '.publisher.id == "rt" and .flagged' <<<"$out"
out=$(mh annotate --format json --limit doc-bytes=4096 "$tmp/padded.html")
check "24 MB of padding: partial, still RT and flagged" jq -e '.partial.limit == "document-size" and .publisher.id == "rt" and .flagged' <<<"$out"
out=$(mh annotate --format json "$tmp/padded.html")
check "24 MB of padding, default limits: still flagged" jq -e '.publisher.id == "rt" and .flagged' <<<"$out"

# enrich counts partial records and still flags them
jq -Rsc --arg url "$url" '{url: $url, text: .}' "$tmp/many.txt" > "$tmp/one.jsonl"
mh enrich -q --limit markers=2 --stats "$tmp/stats.json" "$tmp/one.jsonl" > "$tmp/one.out"
check "enrich --limit markers=2: partial and flagged" jq -e '.masthead.partial.limit == "markers" and .masthead.flagged' "$tmp/one.out"
check "enrich --limit: stats count the partial record" jq -e '.partial == 1 and .flagged == 1' "$tmp/stats.json"
mh annotate --limit bogus=1 /dev/null >/dev/null 2>&1; check "unknown limit: usage error (2)" test $? = 2
summary
