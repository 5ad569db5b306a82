#!/usr/bin/env bash
# schema.sh — every annotation validates against docs/annotation.schema.json
# (inputs: the examples, the case corpus, and the seed fixture when present).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0
for f in examples/* tests/cases/*.txt tests/cases/*.html "$SHARED"/fixtures/*.txt; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  mh annotate --format json "$f" > "$tmp/$n.json" 2>/dev/null || bad "annotate $f failed"
done
mh annotate --format json --url https://web.archive.org/web/20220408000000/https://www.rt.com/news/1/ /dev/null > "$tmp/url.json" || bad "annotate --url failed"
out=$(/usr/bin/python3 - "$tmp" <<'PY'
import json, sys, glob, jsonschema
schema = json.load(open('docs/annotation.schema.json'))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for p in sorted(glob.glob(sys.argv[1] + '/*.json')):
    errs = list(v.iter_errors(json.load(open(p))))
    print(('ok ' if not errs else 'FAIL ') + p + ''.join('\n  %s: %s' % (list(e.path), e.message) for e in errs[:5]))
PY
)
while read -r line; do
  case "$line" in ok*) ok ;; FAIL*) bad "$line" ;; "  "*) echo "$line" ;; esac
done <<<"$out"
summary
