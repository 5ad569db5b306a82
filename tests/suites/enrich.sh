#!/usr/bin/env bash
# enrich.sh — masthead enrich: one line out per line in, in order, records
# preserved byte for byte, every bad line an error record, filters that
# reconcile, compressed inputs, threads, TSV, --files, a closed pipe.
. "$(dirname "$0")/lib.sh"
# expect DESC FILE COND EXPR: some record of FILE satisfies COND, and all those satisfy EXPR
expect() { local desc=$1 f=$2 cond=$3 expr=$4; shift 4
  if jq -e -s "$@" "[.[] | select($cond) | ($expr)] | length > 0 and all" "$f" >/dev/null 2>&1; then ok; else bad "$desc"; fi; }
d=tests/enrich
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

mh enrich -q "$d/records.jsonl" > "$tmp/rec.out" || bad "enrich records.jsonl exits non-zero"
check "one output line per input line (records)" test "$(wc -l < "$d/records.jsonl")" = "$(wc -l < "$tmp/rec.out")"
# the record's own bytes, with the annotation member taken out again, are the input line
out=$($py - "$d/records.jsonl" "$tmp/rec.out" <<'PY'
import json, sys
ins = open(sys.argv[1], 'rb').read().split(b'\n')[:-1]
outs = open(sys.argv[2], 'rb').read().split(b'\n')[:-1]
dec = json.JSONDecoder()
for i, (a, b) in enumerate(zip(ins, outs), 1):
    s = b.decode('utf-8')
    k = s.rfind('"masthead":')
    obj, end = dec.raw_decode(s, k + len('"masthead":'))
    start = k - 1 if s[k - 1] == ',' else k
    back = (s[:start] + s[end:]).encode('utf-8')
    ok = back == a and isinstance(obj, dict) and 'schema' in obj
    print(('ok' if ok else 'FAIL') + ' line %d' % i)
PY
)
while read -r r l n; do [ "$r" = ok ] && ok || bad "record preserved byte for byte: $l $n"; done <<<"$out"
expect "a1: publisher from the url field" "$tmp/rec.out" '.id=="a1"' '.masthead.publisher.id == "rt"'
expect "a2: a Sputnik dateline flags through the origin" "$tmp/rec.out" '.id=="a2"' '.masthead.flagged and (.masthead.flag.reasons[0].role == "origin")'
expect "a4: AP is the origin, not the publisher" "$tmp/rec.out" '.id=="a4"' '([.masthead.outlets[] | select(.role=="origin") | .id] | index("associated-press")) != null'
expect "evidence names its field" "$tmp/rec.out" '.id=="a2"' '[.masthead.outlets[].evidence[].field] | all(. == "text")'
expect "empty object annotated" "$tmp/rec.out" '.masthead != null and (keys | length) == 1' '.masthead.schema'
mh enrich -q --url-field meta.source.url "$d/records.jsonl" > "$tmp/dotted.out"
expect "dotted --url-field" "$tmp/dotted.out" '.id=="a3"' '.masthead.publisher.id == "bbc"'

# bad lines: one error record each, with the line kept
mh enrich -q "$d/bad.jsonl" > "$tmp/bad.out"
check "one output line per input line (bad)" test "$(wc -l < "$d/bad.jsonl")" = "$(wc -l < "$tmp/bad.out")"
for n in 1 2 3 4 5 6 7 10 11; do
  expect "bad line $n is an error record" "$tmp/bad.out" '.masthead.error.line == $n' '.masthead.error.reason | length > 0' --argjson n $n
done
expect "error record keeps the line" "$tmp/bad.out" '.masthead.error.line == 1' '.masthead.error.text == "not json at all"'
expect "error record of a key clash keeps the original" "$tmp/bad.out" '.masthead.error.line == 5' '(.masthead.error.text | fromjson | .masthead.already) == "annotated"'
expect "non-UTF-8 line kept as base64" "$tmp/bad.out" '.masthead.error.line == 10' '.masthead.error.encoding == "base64"'
expect "valid lines between bad ones annotated" "$tmp/bad.out" '.id=="b8"' '.masthead.schema'
expect "deep but valid nesting annotated" "$tmp/bad.out" '.id=="b9"' '.masthead.schema'
check "sha256 is of the line" test "$(jq -r 'select(.masthead.error.line == 1) | .masthead.error.sha256' "$tmp/bad.out")" = "$(printf 'not json at all' | sha256sum | cut -d' ' -f1)"

# filters reconcile; error records are never filtered out
cat "$d/records.jsonl" "$d/bad.jsonl" > "$tmp/all.jsonl"
mh enrich -q --only-flagged --stats "$tmp/stats.json" "$tmp/all.jsonl" > "$tmp/flagged.out"
check "--only-flagged: in = out + filtered" jq -e '.records_in == .records_out + .filtered and .reconciles' "$tmp/stats.json"
check "--only-flagged keeps error records" test "$(jq -c 'select(.masthead.error)' "$tmp/flagged.out" | wc -l)" = "$(jq -r .errors "$tmp/stats.json")"
expect "--only-flagged keeps only flagged annotations" "$tmp/flagged.out" '.masthead.error == null' '.masthead.flagged'
check "stats count the input" jq -e --argjson n "$(wc -l < "$tmp/all.jsonl")" '.records_in == $n' "$tmp/stats.json"

# compressed inputs, threads and order
# 2,100 records: five batches of at most 512 records for the threads to reorder
for i in $(seq 1 300); do cat "$d/records.jsonl"; done > "$tmp/big.jsonl"
mh enrich -q -j1 "$tmp/big.jsonl" > "$tmp/j1.out"
mh enrich -q -j3 "$tmp/big.jsonl" > "$tmp/j3.out"
check "-j3 output equals -j1 output (order kept)" cmp -s "$tmp/j1.out" "$tmp/j3.out"
gzip -c "$tmp/big.jsonl" > "$tmp/big.jsonl.gz"
mh enrich -q -j2 "$tmp/big.jsonl.gz" > "$tmp/gz.out"
check "gzip input reads the same" cmp -s "$tmp/j1.out" "$tmp/gz.out"
if command -v zstd >/dev/null; then
  zstd -q -c "$tmp/big.jsonl" > "$tmp/big.jsonl.zst"
  mh enrich -q -j2 "$tmp/big.jsonl.zst" > "$tmp/zst.out"
  check "zstd input reads the same" cmp -s "$tmp/j1.out" "$tmp/zst.out"
fi
check "stdin reads the same" sh -c "$MASTHEAD enrich -q < '$tmp/big.jsonl' | cmp -s - '$tmp/j1.out'"
# an output file's blocks are reserved ahead of the writes: the bytes are
# those written to a pipe, and nothing stays reserved past the file's end
# (allocated blocks within one block of its size); appending (>>) is left alone
check "output to a pipe equals output to a file" sh -c "$MASTHEAD enrich -q -j2 '$tmp/big.jsonl' | cmp -s - '$tmp/j1.out'"
mh enrich -q -j2 --no-preallocate "$tmp/big.jsonl" > "$tmp/nopre.out"
check "--no-preallocate writes the same bytes" cmp -s "$tmp/j1.out" "$tmp/nopre.out"
alloc_ok() { [ $(( $(stat -c '%b * %B' "$1") )) -le $(( ($(stat -c %s "$1") / 4096 + 2) * 4096 )) ]; }
check "nothing reserved past the end of the output" alloc_ok "$tmp/j1.out"
cp "$tmp/j1.out" "$tmp/twice.out"
mh enrich -q -j2 "$tmp/big.jsonl" >> "$tmp/twice.out"
check "appending to an output file adds the output" sh -c "cat '$tmp/j1.out' '$tmp/j1.out' | cmp -s - '$tmp/twice.out'"
check "nothing reserved past the end of an appended output" alloc_ok "$tmp/twice.out"

# projections and TSV
mh enrich -q --fields publisher.id,flagged "$d/records.jsonl" > "$tmp/fields.out"
expect "--fields keeps only the listed paths" "$tmp/fields.out" '.id=="a1"' '.masthead == {"publisher":{"id":"rt"},"flagged":true}'
# each chosen value is the full annotation's; below a null parent the next key is null
mh enrich -q --fields publisher.state_media.code,flag.reasons,summary,outlets "$d/records.jsonl" > "$tmp/fields2.out"
check "--fields: the values of the full annotation" jq -e -n --slurpfile a "$tmp/rec.out" --slurpfile b "$tmp/fields2.out" \
  '[range(0; $a | length) | . as $i | ($a[$i].masthead // null) as $m | ($b[$i].masthead // null) as $p
    | if $m == null then $p == null
      else $p.flag.reasons == $m.flag.reasons and $p.summary == $m.summary and $p.outlets == $m.outlets
        and (if $m.publisher == null then $p.publisher == {"state_media": null}
             else $p.publisher.state_media.code == $m.publisher.state_media.code end) end] | all'
# every top-level member chosen alone (the annotation is then written without
# the members no chosen path reads) is the full annotation's
for m in schema publisher flagged flag outlets organizations unresolved date input partial versions citations summary; do
  mh enrich -q --fields "$m" "$d/records.jsonl" > "$tmp/field-$m.out"
  check "--fields $m: the full annotation's" jq -e -n --arg m "$m" --slurpfile a "$tmp/rec.out" --slurpfile b "$tmp/field-$m.out" \
    '[range(0; $a | length) | . as $i | ($a[$i].masthead // null) as $full | ($b[$i].masthead // null) as $p
      | if $full == null then $p == null else $p == {($m): $full[$m]} end] | all'
done
# a path inside another (projected from the tree): below a string, a key set to null
mh enrich -q --fields flag,flag.policy.x "$d/records.jsonl" > "$tmp/fields3.out" || bad "--fields flag,flag.policy.x exits non-zero"
expect "--fields: a path inside another" "$tmp/fields3.out" '.id=="a1"' '.masthead.flag.policy == {"x": null} and .masthead.flag.codes == ["SC","CaPu","CaPr"]'
mh enrich -q --format tsv --id-field id "$d/records.jsonl" > "$tmp/out.tsv"
check "TSV: header plus one row per line" test "$(wc -l < "$tmp/out.tsv")" = "$(( $(wc -l < "$d/records.jsonl") + 1 ))"
check "TSV: 12 columns in every row" awk -F'\t' 'NF != 12 { exit 1 }' "$tmp/out.tsv"
check "TSV: publisher of a1" awk -F'\t' '$2 == "a1" && $3 == "rt" { f = 1 } END { exit !f }' "$tmp/out.tsv"

# --files: a tree of text and HTML files
mkdir -p "$tmp/tree/sub"
printf 'MOSCOW (Reuters) - A story.\n\n(c) 2022 Reuters\n' > "$tmp/tree/a.txt"
printf '<html><head><link rel="canonical" href="https://www.bbc.co.uk/news/1"></head><body><p>x</p></body></html>' > "$tmp/tree/sub/b.html"
mh enrich -q --files "$tmp/tree" > "$tmp/files.out"
check "--files: one line per file" test "$(wc -l < "$tmp/files.out")" = 2
expect "--files: the HTML file's publisher" "$tmp/files.out" '.path | endswith("b.html")' '.masthead.publisher.id == "bbc"'
expect "--files: the text file's origin" "$tmp/files.out" '.path | endswith("a.txt")' '[.masthead.outlets[] | select(.role == "origin") | .id] == ["reuters"]'
# a file name that is not UTF-8 is still named (its bad byte as U+FFFD)
printf 'MOSCOW (Reuters) - A story.\n' > "$tmp/tree/$(printf 'bad\377.txt')"
mh enrich -q --files "$tmp/tree" > "$tmp/files2.out"
check "--files: one line per file, a non-UTF-8 name too" test "$(wc -l < "$tmp/files2.out")" = 3
expect "--files: a non-UTF-8 name kept, its bad byte replaced" "$tmp/files2.out" '.path | endswith("bad\ufffd.txt")' '.masthead.schema != null'

# a file's number in the TSV's line column counts files, also past a
# batch's worth of bytes (three 200 KB files fill more than one)
mkdir -p "$tmp/big"
for i in 1 2 3 4 5; do
  { printf 'MOSCOW (Reuters) - Story %s.\n' "$i"; head -c 200000 /dev/zero | tr '\0' 'x'; } > "$tmp/big/f$i.txt"
done
mh enrich -q --files "$tmp/big" -f tsv > "$tmp/big.tsv"
check "--files TSV: the line column numbers the files 1..5" \
  test "$(tail -n +2 "$tmp/big.tsv" | cut -f1 | sort -n | tr '\n' ' ')" = "1 2 3 4 5 "

# over-size records stay one line each, annotated from a stream (tests/suites/oversize.sh)
{ printf '{"text":"'; head -c 5000 /dev/zero | tr '\0' 'x'; printf '"}\n{"text":"short"}\n'; } > "$tmp/long.jsonl"
mh enrich -q --max-record 1024 "$tmp/long.jsonl" > "$tmp/long.out"
check "over-size line: still one output line each" test "$(wc -l < "$tmp/long.out")" = 2
expect "over-size line: annotated as partial, its whole length noted" "$tmp/long.out" '.text | length > 100' '.masthead.partial.limit == "input-size" and .masthead.input.full_bytes == 5000'

# a closed pipe is a clean end; an unreadable input is exit 3 with the rest done
"$MASTHEAD" enrich -q "$tmp/big.jsonl" 2>"$tmp/pipe.err" | head -1 > /dev/null
check "| head: exit 0, no message" test "${PIPESTATUS[0]}" = 0 -a ! -s "$tmp/pipe.err"
mh enrich -q /nonexistent "$d/records.jsonl" > "$tmp/partial.out" 2>/dev/null; rc=$?
check "unreadable input: exit 3" test $rc = 3
check "unreadable input: the others still annotated" test "$(wc -l < "$tmp/partial.out")" = "$(wc -l < "$d/records.jsonl")"
# record ids: a string and a number both show in TSV and in input.id
printf '{"id":2,"url":"https://www.rt.com/news/1/","text":"x"}\n{"id":"a7","text":"x"}\n' > "$tmp/ids.jsonl"
mh enrich -q --format tsv --id-field id "$tmp/ids.jsonl" > "$tmp/ids.tsv"
check "TSV: a numeric id shown as written" test "$(awk -F'\t' 'NR == 2 {print $2}' "$tmp/ids.tsv")" = 2
check "TSV: a string id shown" test "$(awk -F'\t' 'NR == 3 {print $2}' "$tmp/ids.tsv")" = a7
check "JSONL: a numeric id in input.id" sh -c "$MASTHEAD enrich -q --id-field id '$tmp/ids.jsonl' | head -1 | jq -e '.masthead.input.id == \"2\"'"
# caches shared by records (names, entity records) give each record the
# answer it gets alone, also when a dated alias holds on one date only
printf '%s\n' '{"id":1,"text":"Story.\n© 2025 The London Standard. All rights reserved.","date":"2025-03-01"}' \
  '{"id":2,"text":"Story.\n© 2025 The London Standard. All rights reserved.","date":"2023-03-01"}' \
  '{"id":3,"text":"Story.\n© 2025 The London Standard. All rights reserved.","date":"2025-06-01"}' \
  '{"id":4,"text":"Story.\n© 2025 The London Standard. All rights reserved.","date":"2023-09-01"}' > "$tmp/dated.jsonl"
mh enrich -q -j1 --date-field date "$tmp/dated.jsonl" > "$tmp/dated.out"
for i in 1 2 3 4; do sed -n "${i}p" "$tmp/dated.jsonl" | mh enrich -q -j1 --date-field date; done > "$tmp/dated.one"
check "a batch answers each record as alone (dated alias)" cmp -s "$tmp/dated.out" "$tmp/dated.one"
check "dated alias: the brand of 2024 names its outlet in 2025 only" \
  test "$(jq -c '.masthead.publisher.id' "$tmp/dated.out" | tr '\n' ' ')" = '"evening-standard" null "evening-standard" null '
# an entity record cached for every date, or for one date when an owner
# changed: The Observer, Guardian Media Group's until 2025-04, then Tortoise
for d in 2024-01-10 2025-06-01 2020-02-02 2026-01-05; do
  printf '{"url":"https://www.observer.co.uk/news/x","text":"Story.","date":"%s"}\n' "$d"
done > "$tmp/owner.jsonl"
mh enrich -q -j1 --date-field date "$tmp/owner.jsonl" > "$tmp/owner.out"
for i in 1 2 3 4; do sed -n "${i}p" "$tmp/owner.jsonl" | mh enrich -q -j1 --date-field date; done > "$tmp/owner.one"
check "a batch answers each record as alone (dated owner)" cmp -s "$tmp/owner.out" "$tmp/owner.one"
check "dated owner: Guardian Media Group before 2025-04, Tortoise Media after" \
  test "$(jq -r '[.masthead.publisher.owners[] | select(.level == 1) | .id] | join(",")' "$tmp/owner.out" | tr '\n' ' ')" = 'guardian-media-group tortoise-media guardian-media-group tortoise-media '
# a record built from dated facts is kept for the dates it holds for
# (recordstore.h): The Telegraph's owner changed on 2023-06, 2023-12 and
# 2026-04-14; each date on either side of a change, and dates inside a
# span already built, get the answer they get alone
for d in 2023-05-31 2023-06-01 2023-11-30 2023-12-01 2026-04-13 2026-04-14 2024-07-01 2023-06-15 2023-01-01 2026-05-01; do
  printf '{"url":"https://www.telegraph.co.uk/news/x","text":"Story.","date":"%s"}\n' "$d"
done > "$tmp/spans.jsonl"
mh enrich -q -j1 --date-field date "$tmp/spans.jsonl" > "$tmp/spans.out"
while IFS= read -r line; do printf '%s\n' "$line" | mh enrich -q -j1 --date-field date; done < "$tmp/spans.jsonl" > "$tmp/spans.one"
check "a batch answers each record as alone (records kept for the dates they hold for)" cmp -s "$tmp/spans.out" "$tmp/spans.one"
check "dated owners on each side of a change" \
  test "$(jq -r '[.masthead.publisher.owners[] | select(.level == 2) | .id] | join(",")' "$tmp/spans.out" | tr '\n' ' ')" = 'barclay-family lloyds-banking-group lloyds-banking-group redbird-imi redbird-imi axel-springer redbird-imi lloyds-banking-group barclay-family axel-springer '
# domain rows kept by host (hostmemo.h) are chosen among on every lookup:
# a path prefix in force on one date only (theguardian.com/observer until
# 2025-04), and a host with more rows than an entry holds (bbc.com)
for r in "theguardian.com/observer/2024/x 2024-05-01" "theguardian.com/observer/2025/y 2025-06-01" \
         "theguardian.com/world/z 2024-05-01" "theguardian.com/observer/2024/w 2024-07-01" \
         "bbc.com/russian/news-1 2024-01-01" "bbc.com/news/world-2 2024-01-01" "bbc.com/russian/news-3 2024-01-01"; do
  printf '{"url":"https://www.%s","text":"Story.","date":"%s"}\n' "${r% *}" "${r#* }"
done > "$tmp/hosts.jsonl"
mh enrich -q -j1 --date-field date "$tmp/hosts.jsonl" > "$tmp/hosts.out"
for i in 1 2 3 4 5 6 7; do sed -n "${i}p" "$tmp/hosts.jsonl" | mh enrich -q -j1 --date-field date; done > "$tmp/hosts.one"
check "a batch answers each record as alone (domain rows by host)" cmp -s "$tmp/hosts.out" "$tmp/hosts.one"
check "domain rows: path prefix in force, then the host; a host of many rows" \
  test "$(jq -r '.masthead.publisher.id + ":" + (.masthead.publisher.evidence[0].resolution.step // "")' "$tmp/hosts.out" | tr '\n' ' ')" = 'the-observer:host_path the-guardian:registrable_domain the-guardian:registrable_domain the-observer:host_path bbc:host_path bbc:registrable_domain bbc:host_path '
# groups of outlets (group.h) are read once and kept apart: a batch that
# names the same group footers again answers each record as alone
for round in 1 2; do
  for f in tests/cases/group-footer-*.txt; do jq -Rsc '{text: .}' "$f"; done
done > "$tmp/groups.jsonl"
mh enrich -q -j1 "$tmp/groups.jsonl" > "$tmp/groups.out"
while IFS= read -r line; do printf '%s\n' "$line" | mh enrich -q -j1; done < "$tmp/groups.jsonl" > "$tmp/groups.one"
check "a batch answers each record as alone (group footers)" cmp -s "$tmp/groups.out" "$tmp/groups.one"
check "group footers: a title through its group's footer (or none when two are named), both times" \
  test "$(jq -r '[.masthead.publisher.id, (.masthead.publisher.evidence // [] | map(.resolution.step) | map(select(startswith("owner_"))) | .[0])] | map(. // "-") | join(":")' "$tmp/groups.out" | tr '\n' ' ')" = 'florida-today:owner_brand nytimes:owner_brand chron:owner_alias -:- florida-today:owner_brand nytimes:owner_brand chron:owner_alias -:- '
# a name looked up once is answered from the memo after (records after the
# first): the answer, host and domain included, is the first one's
jq -Rs -c '{text: .}' tests/cases/footer-holder-spells-domain-with-generic-tail.txt > "$tmp/memo1.jsonl"
cat "$tmp/memo1.jsonl" "$tmp/memo1.jsonl" "$tmp/memo1.jsonl" > "$tmp/memo3.jsonl"
mh enrich -q -j1 "$tmp/memo3.jsonl" | jq -c '.masthead | del(.input)' > "$tmp/memo3.out"
check "the memo answers a name as the lookup did (domain_label, three times)" \
  test "$(sort -u "$tmp/memo3.out" | wc -l)-$(grep -c '"step":"domain_label","host":"healthline.com"' "$tmp/memo3.out")" = "1-3"
# on a terminal, a progress line: records, rates, and the percent of the
# input's bytes read (counted by the reader, gzip's compressed bytes too)
if command -v script >/dev/null 2>&1 && [ -z "${MH_WRAP:-}" ]; then
  recs=tests/enrich/records.jsonl
  gzip -c "$recs" > "$tmp/records.jsonl.gz"
  for f in "$recs" "$tmp/records.jsonl.gz"; do
    script -qc "$MASTHEAD enrich --db $MASTHEAD_DB --progress $f > /dev/null" /dev/null < /dev/null \
      | tr '\r' '\n' > "$tmp/progress.txt" 2>&1
    check "progress on a terminal reaches 100% ($(basename "$f"))" grep -q "7 records .* 100\.0%" "$tmp/progress.txt"
  done
else
  echo "skip: progress on a terminal (no script(1), or under valgrind)"
fi
summary
