#!/usr/bin/env bash
# text.sh — the verdict for people (`annotate`'s default text format): what it
# says when the publisher is known, when nothing names it, and when the
# evidence fits several outlets equally (the candidates with their evidence).
cd "$(dirname "$0")/../.." || exit 2
. tests/suites/lib.sh
: "${MASTHEAD:=./masthead}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

has() { # description, file, fixed string
  if grep -qF -- "$3" "$2"; then ok; else bad "$1: no '$3' in: $(head -c 600 "$2")"; fi
}

mh annotate tests/cases/footer-name-two-papers-share.txt >"$tmp/tie" 2>&1
has "tie: why" "$tmp/tie" "Publisher:   unknown — the evidence fits 2 outlets equally"
has "tie: first candidate" "$tmp/tie" "candidate: Times Record (aledotimesrecord.com)"
has "tie: second candidate" "$tmp/tie" "candidate: Times Record (timesrecord.com)"
has "tie: evidence quoted" "$tmp/tie" 'evidence: "© 2024 Times Record" (copyright, line 7)'

printf 'Rain is expected on Thursday across the valley.\n' >"$tmp/none.txt"
mh annotate "$tmp/none.txt" >"$tmp/none" 2>&1
has "nothing named" "$tmp/none" "Publisher:   unknown — no marker names the site this copy is on"
if grep -q "candidate:" "$tmp/none"; then bad "nothing named: candidates listed"; else ok; fi

# a footer holder the database lacks: the summary says what the text names
printf 'Rain is expected on Thursday.\n\n\xc2\xa9 2019 Quillmere Gazette. All rights reserved.\n' >"$tmp/unknown-holder.txt"
mh annotate "$tmp/unknown-holder.txt" >"$tmp/unknown-holder" 2>&1
has "unknown holder: named" "$tmp/unknown-holder" \
  'Publisher:   unknown — the text names "Quillmere Gazette" (copyright, line 3), which the database does not know'
mh annotate --format json "$tmp/unknown-holder.txt" | jq -c '{publisher, summary}' >"$tmp/unknown-holder.json" 2>&1
has "unknown holder: json" "$tmp/unknown-holder.json" \
  '{"publisher":null,"summary":"Publisher unknown: the text names \"Quillmere Gazette\" (copyright, line 3), which the database does not know"}'

# what the database lacks: the site's own names before credits, and sources
# the text cites (mostly people) last; past five, a count
{ printf 'He told Benioff so on Monday, according to Jane Roe. Sam Poe told Al Doe.\n\n'
  printf 'Lee Moe spoke to Kim Ray, according to Quillmere Radio. Ann Loe told Quillmere Radio.\n\n'
  printf 'Photo: Quillmere Pictures\n\n\xc2\xa9 2019 Quillmere Gazette. All rights reserved.\n'
} >"$tmp/unresolved.txt"
mh annotate "$tmp/unresolved.txt" >"$tmp/unresolved" 2>&1
sed -n '/^Not in the database:/,/^As of/p' "$tmp/unresolved" | sed -n '2,3p' >"$tmp/unresolved.head"
has "unresolved: copyright first" "$tmp/unresolved.head" '"© 2019 Quillmere Gazette" (copyright, line 7)'
has "unresolved: credit second" "$tmp/unresolved.head" '"Photo: Quillmere Pictures" (credit, line 5)'
if [ "$(grep -c 'Quillmere Pictures' "$tmp/unresolved")" = 1 ]; then ok; else bad "unresolved: one line a name: $(cat "$tmp/unresolved")"; fi
has "unresolved: the rest counted" "$tmp/unresolved" "more (the JSON output lists them all)"

# one brand marker deep inside a long text: a candidate too weak to be named
{ for i in $(seq 1 30); do printf 'Paragraph %s of the story is about prices this week.\n\n' "$i"; done
  printf 'Want more deals? Join the IGN Deals Newsletter.\n\n'
  for i in $(seq 31 60); do printf 'Paragraph %s of the story is about prices this week.\n\n' "$i"; done
} >"$tmp/weak.txt"
mh annotate "$tmp/weak.txt" >"$tmp/weak" 2>&1
has "weak: why" "$tmp/weak" "Publisher:   unknown — the evidence found is too weak to name the site"
has "weak: the candidate" "$tmp/weak" "candidate: IGN (ign.com)"

mh annotate --url https://www.rt.com/news/1-x/ "$tmp/none.txt" >"$tmp/rt" 2>&1
has "known publisher" "$tmp/rt" "Publisher:"
if grep -q "unknown" "$tmp/rt"; then bad "known publisher: said unknown"; else ok; fi
summary
