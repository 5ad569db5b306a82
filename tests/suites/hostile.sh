#!/usr/bin/env bash
# hostile.sh — the hostile inputs of issue 5: a 200 MB single line, 1 MB of
# ©, 100,000 nested <div>, a 10 MB run chosen to defeat each rule's regex,
# every byte value 0–255, and a JSONL file in which every tenth line is
# broken in a different way. Each must end with exit 0 and valid output, a
# limit that was hit must be named in the annotation, and batch counts must
# reconcile. `timeout` only guards against a hang; no check is timed.
# Under valgrind only the small inputs run (bytes 0–255, the JSONL file).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3
vg=${MH_WRAP:+1}
guard() { timeout 600 "$@"; }

# ------------------------------------------------------ every byte 0–255
$py - "$tmp" <<'EOF'
import sys
d = sys.argv[1]
b = bytes(range(256))
open(d + '/bytes.txt', 'wb').write(b * 40 + b'\nCopyright 2022 The Associated Press\n' + b[::-1] * 40)
open(d + '/bytes.html', 'wb').write(b'<html><head><link rel="canonical" href="https://www.rt.com/news/1/"></head><body>'
                                    + b * 40 + b'<p>\xa9 2022 TV-Novosti</p></body></html>')
EOF
for f in bytes.txt bytes.html; do
  guard $MH_WRAP "$MASTHEAD" annotate --format json "$tmp/$f" > "$tmp/$f.json" 2>"$tmp/err"; rc=$?
  check "bytes 0-255 ($f): exit 0" test $rc = 0
  check "bytes 0-255 ($f): invalid UTF-8 reported as replaced" jq -e '.input.invalid_utf8_replaced > 0' "$tmp/$f.json"
  size=$(stat -c %s "$tmp/$f")
  check "bytes 0-255 ($f): every evidence span inside the input" \
    jq -e --argjson n "$size" '[.. | objects | select(has("start")) | (.start >= 0 and .end <= $n and .start <= .end)] | all' "$tmp/$f.json"
done
check "bytes 0-255 (text): the AP line still found" jq -e '[.outlets[].id] | index("associated-press") != null' "$tmp/bytes.txt.json"
check "bytes 0-255 (html): the canonical verdict kept, flagged" jq -e '.publisher.id == "rt" and .flagged' "$tmp/bytes.html.json"

# ------------------------------- JSONL: every tenth line broken, each its own way
$py - "$tmp/broken.jsonl" <<'EOF'
import json, sys
good = lambda i: json.dumps({"id": i, "url": "https://www.rt.com/news/%d/" % i if i % 3 == 0 else None,
                             "text": "MOSCOW (Reuters) - Line %d. Copyright 2022 The Associated Press" % i},
                            ensure_ascii=(i % 2 == 0)).encode()
broken = [
    b'{"id": 1, "text": "truncated here',                  # truncated
    b'{"id": 2, "text": "bad \\q escape"}',                # bad escape
    b'[1, 2, 3]',                                          # valid JSON, not an object
    b'{"id": 4, "text": "bad \xff\xfe utf-8"}',            # invalid UTF-8
    b'{"id": 5, "text": "raw \x00 nul"}',                  # a raw NUL byte
    b'{"id": 6 "text": "missing comma"}',                  # syntax error
    b'{"id": 7, "masthead": {"x": 1}, "text": "key"}',     # the annotation key already there
    b'\xef\xbb\xbf{"id": 8, "text": "a BOM mid-file"}',    # a byte order mark past line 1
    b'{"id": 9, "text": "lone \\ud800 surrogate"}',        # an unpaired surrogate escape
    b'{"id": 10, "text": "x"} trailing',                   # garbage after the object
    b'',                                                   # an empty line
    b'{"id": 12, "a": ' + b'[' * 5000 + b']' * 5000 + b'}',  # nesting past the limit
    b'"just a string"',                                    # a scalar
    b'{"id": 14, "text": "tab\there"}',                    # a raw control character
    b'{"id": 15, "text": "x",}',                           # a trailing comma
    b'{"id": 16, "text": "x"}}',                           # an extra brace
    b'{"id": 17, "text": "\\u12"}',                        # a short \\u escape
    b'nul',                                                # not JSON at all
    b'{"id": 19, "text": "overlong \xc0\xaf"}',            # overlong UTF-8
    b'{"id": 20, "text": "cut \xe2\x82"}',                 # a cut UTF-8 sequence
]
with open(sys.argv[1], 'wb') as f:
    for i in range(1, 201):
        f.write((broken[(i // 10 - 1) % len(broken)] if i % 10 == 0 else good(i)) + b'\n')
EOF
guard $MH_WRAP "$MASTHEAD" enrich -j2 -q --stats "$tmp/stats.json" --id-field id "$tmp/broken.jsonl" > "$tmp/broken.out" 2>"$tmp/err"; rc=$?
check "broken JSONL: exit 0" test $rc = 0
check "broken JSONL: 200 lines in, 200 out" test "$(wc -l < "$tmp/broken.out")" = 200
check "broken JSONL: summary reconciles" jq -e '.records_in == 200 and .records_out == 200 and .reconciles' "$tmp/stats.json"
check "broken JSONL: 20 error records, one per broken line" jq -e '.errors == 20 and .annotated == 180' "$tmp/stats.json"
check "broken JSONL: every output line is JSON" $py -c "
import json, sys
for l in open(sys.argv[1], encoding='utf-8'): json.loads(l)" "$tmp/broken.out"
check "broken JSONL: errors exactly on the tenth lines, with their line numbers" $py -c "
import json, sys
for n, l in enumerate(open(sys.argv[1], encoding='utf-8'), 1):
    e = json.loads(l).get('masthead', {}).get('error')
    assert (e is not None) == (n % 10 == 0), n
    if e: assert e['line'] == n, (n, e)" "$tmp/broken.out"
check "broken JSONL: the reasons differ" test "$(jq -r '.masthead.error.reason // empty' "$tmp/broken.out" | sort -u | wc -l)" -ge 8
guard $MH_WRAP "$MASTHEAD" enrich -j2 -q --only-flagged --stats "$tmp/stats2.json" "$tmp/broken.jsonl" > "$tmp/flagged.out"
check "broken JSONL --only-flagged: in = out + filtered" jq -e '.records_in == .records_out + .filtered and .reconciles' "$tmp/stats2.json"
check "broken JSONL --only-flagged: every error record kept" jq -e '.errors == 20' "$tmp/stats2.json"
check "broken JSONL --only-flagged: lines out = records out" test "$(wc -l < "$tmp/flagged.out")" = "$(jq .records_out "$tmp/stats2.json")"

if [ -n "$vg" ]; then
  echo "skip: the huge inputs (200 MB line, 1 MB of ©, nested divs, 10 MB runs): not under valgrind"
  summary; exit
fi

# ------------------------------------------------------ a 200 MB single line
{ printf 'MOSCOW (Sputnik) - '; head -c 200000000 /dev/zero | tr '\0' 'x'; printf ' end\n'; } > "$tmp/line.txt"
guard "$MASTHEAD" annotate --format json --url https://sputnikglobe.com/20220301/x.html "$tmp/line.txt" > "$tmp/line.json"; rc=$?
check "200 MB line: exit 0" test $rc = 0
check "200 MB line: partial, document-size named, full size counted" jq -e '.partial.limit == "document-size" and .input.full_bytes == 200000024' "$tmp/line.json"
check "200 MB line: the URL's verdict kept, flagged" jq -e '.publisher.id == "sputnik" and .flagged' "$tmp/line.json"
rm -f "$tmp/line.txt"

# ----------------------------------------------------------- 1 MB of ©
$py -c "import sys; sys.stdout.write('©' * 524288)" > "$tmp/copy.txt"
guard "$MASTHEAD" annotate --format json "$tmp/copy.txt" > "$tmp/copy.json"; rc=$?
check "1 MB of ©: exit 0" test $rc = 0
check "1 MB of ©: valid annotation" jq -e '.schema | startswith("masthead/annotation/")' "$tmp/copy.json"
check "1 MB of ©: any limit hit is named" jq -e '.partial == false or (.partial.limit | type == "string")' "$tmp/copy.json"

# ------------------------------------------------- 100,000 nested <div>
$py - "$tmp/nested.html" <<'EOF'
import sys
head = '<html><head><link rel="canonical" href="https://www.rt.com/news/1/"></head><body>'
open(sys.argv[1], 'w').write(head + '<div>' * 100000 + '© 2022 TV-Novosti' + '</div>' * 100000 + '</body></html>')
EOF
guard "$MASTHEAD" annotate --format json "$tmp/nested.html" > "$tmp/nested.json"; rc=$?
check "100,000 nested divs: exit 0" test $rc = 0
check "100,000 nested divs: partial, html-depth named" jq -e '.partial.limit == "html-depth"' "$tmp/nested.json"
check "100,000 nested divs: the canonical verdict kept, flagged" jq -e '.publisher.id == "rt" and .flagged' "$tmp/nested.json"

# ------------------------- a 10 MB run chosen to defeat each rule's regex
# Each rule's first example, cut to two thirds (its anchors without the
# completion the pattern wants), repeated to 10 MB: an anchor hit every few
# bytes, each a match attempt that must fail.
$py - "$tmp/runs" rules <<'EOF'
import glob, os, re, sys
out, rules = sys.argv[1], sys.argv[2]
os.makedirs(out)
seen = set()
for f in sorted(glob.glob(rules + '/*.rules')):
    rule = None
    for line in open(f, encoding='utf-8'):
        m = re.match(r'rule\s+(\S+)', line)
        if m:
            rule = m.group(1)
        m = re.match(r'\s+example\s+(.*?)(\s+=>.*)?$', line.rstrip('\n'))
        if m and rule and rule not in seen:
            seen.add(rule)
            e = m.group(1)
            unit = (e[:max(3, len(e) * 2 // 3)] + ' ').encode()
            open('%s/%s.txt' % (out, rule), 'wb').write((unit * (10485760 // len(unit) + 1))[:10485760])
print(len(seen), file=sys.stderr)
EOF
nruns=0 nbad=0
for f in "$tmp"/runs/*.txt; do
  nruns=$((nruns + 1))
  r=$(basename "$f" .txt)
  if ! guard "$MASTHEAD" annotate --format json "$f" > "$tmp/run.json" 2>"$tmp/err"; then
    bad "10 MB run against $r: exit $?"; nbad=$((nbad + 1)); continue
  fi
  jq -e '(.partial == false or (.partial.limit | type == "string")) and (.schema | startswith("masthead/"))' "$tmp/run.json" >/dev/null \
    || { bad "10 MB run against $r: invalid annotation or unnamed limit"; nbad=$((nbad + 1)); }
done
check "10 MB runs: one per rule with an example (at least 40)" test "$nruns" -ge 40
[ "$nbad" = 0 ] && ok
summary
