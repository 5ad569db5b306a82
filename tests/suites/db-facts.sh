#!/usr/bin/env bash
# db-facts.sh — the checked facts of tests/db-facts/*.tsv, asked of the
# bundled database both ways a user would: `masthead db lookup URL --date D`
# and `masthead annotate --url URL --date D` on an empty input.
#
# One check per fact row (format in tests/db-facts/README.md); it passes when
# both answers hold the fact, and a failure names file:line, the fact and
# what each path answered. Rows listed in tests/db-facts/known-failures.txt
# (file:line, field, expected, reason) are skipped and counted apart; an entry
# whose row no longer matches its field and expected value, or whose fact now
# holds, is itself a failure, so the list stays short and true.
# Arguments naming fact files (e.g. us.tsv) run only those. The facts test
# data, not memory: under VALGRIND=1 they run without the valgrind wrapper
# (hundreds of runs), while sanitizer builds still check every call.
cd "$(dirname "$0")/../.." || exit 2
. tests/suites/lib.sh
: "${MASTHEAD:=./masthead}"
MH_WRAP=""
dir=tests/db-facts
known_file=$dir/known-failures.txt

# The record a field is read from: the first entity of a lookup, the
# publisher of an annotation. Prints {ok, got} for one fact.
judge='
def owner_ids: [.owners[]? | .id];
def level1_ids: [.owners[]? | select(.level == 1) | .id];
def ultimate_ids: [.ultimate_owners[]? | .id];
def owners_text: [.owners[]? | "\(.id)@\(.level)"] | join(",");
if . == null then {ok: false, got: "no outlet"}
elif $field == "publisher" then {ok: (.id == $exp), got: "id=\(.id)"}
elif $field == "owner" then {ok: (owner_ids | index($exp) != null), got: "owners=[\(owners_text)]"}
elif $field == "direct_owner" then {ok: (level1_ids | index($exp) != null), got: "owners=[\(owners_text)]"}
elif $field == "ultimate_owner" then {ok: (ultimate_ids | index($exp) != null), got: "ultimate=[\(ultimate_ids | join(","))]"}
elif $field == "not_owner" then
  {ok: ((owner_ids + ultimate_ids) | index($exp) == null), got: "owners=[\(owners_text)]"}
elif $field == "state_media" then
  {ok: ((.state_media.code // "none") == $exp), got: "state_media=\(.state_media.code // "none")"}
elif $field == "country" then {ok: (.country == $exp), got: "country=\(.country)"}
else {ok: false, got: "unknown field \($field)"} end
| "\(.ok)\t\(.got)"'

declare -A known=()
if [ -f "$known_file" ]; then
  while IFS=$'\t' read -r where field exp reason; do
    case $where in '' | '#'*) continue ;; esac
    if [ -z "$reason" ]; then
      bad "$known_file: entry '$where' needs file:line, field, expected and reason (TAB-separated)"
      continue
    fi
    known[$where]="$field"$'\t'"$exp"
  done <"$known_file"
fi

declare -A lookup_cache=() annot_cache=() seen_known=()
skipped=0
run_fact() { # file, line number, url, date, field, expected
  local file=$1 n=$2 url=$3 date=$4 field=$5 exp=$6 key="$3 $4" where
  where="$(basename "$file"):$n"
  if [ -z "${lookup_cache[$key]+x}" ]; then
    lookup_cache[$key]=$(mh db lookup --date "$date" "$url" 2>&1)
    annot_cache[$key]=$(mh annotate --url "$url" --date "$date" --format json /dev/null 2>&1)
  fi
  local a b ok_a ok_b got_a got_b
  a=$(jq -r --arg field "$field" --arg exp "$exp" ".[0] | $judge" <<<"${lookup_cache[$key]}" 2>/dev/null) \
    || a="false	lookup gave no JSON: $(head -c 200 <<<"${lookup_cache[$key]}")"
  b=$(jq -r --arg field "$field" --arg exp "$exp" ".publisher | $judge" <<<"${annot_cache[$key]}" 2>/dev/null) \
    || b="false	annotate gave no JSON: $(head -c 200 <<<"${annot_cache[$key]}")"
  ok_a=${a%%$'\t'*} got_a=${a#*$'\t'} ok_b=${b%%$'\t'*} got_b=${b#*$'\t'}
  local holds=false
  [ "$ok_a" = true ] && [ "$ok_b" = true ] && holds=true
  if [ -n "${known[$where]+x}" ]; then
    seen_known[$where]=1
    if [ "${known[$where]}" != "$field"$'\t'"$exp" ]; then
      bad "$known_file: $where is listed for '${known[$where]//$'\t'/ }' but the row says '$field $exp'"
    elif [ $holds = true ]; then
      bad "$file:$n: $url $date $field $exp now holds: remove it from $known_file"
    else
      skipped=$((skipped + 1))
    fi
    return
  fi
  if [ $holds = true ]; then
    ok
  else
    bad "$file:$n: $url $date $field $exp (lookup: $got_a; annotate: $got_b)"
  fi
}

files=()
if [ $# -gt 0 ]; then
  for a in "$@"; do files+=("$dir/${a##*/}"); done
else
  files=("$dir"/*.tsv)
fi
for f in "${files[@]}"; do
  [ -f "$f" ] || { bad "$f: no such fact file"; continue; }
  n=0 header=""
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    case $line in '' | '#'*) continue ;; esac
    if [ -z "$header" ]; then
      header=$line
      [ "$header" = $'url\tdate\tfield\texpected\tcite' ] || { bad "$f:$n: unexpected header"; break; }
      continue
    fi
    IFS=$'\t' read -r url date field exp cite <<<"$line"
    if [ -z "$url" ] || [ -z "$date" ] || [ -z "$field" ] || [ -z "$exp" ] || [ -z "$cite" ]; then
      bad "$f:$n: a fact needs url, date, field, expected and cite"
      continue
    fi
    run_fact "$f" "$n" "$url" "$date" "$field" "$exp"
  done <"$f"
done
if [ $# -eq 0 ]; then
  for w in "${!known[@]}"; do
    [ -n "${seen_known[$w]+x}" ] || bad "$known_file: $w names no fact row"
  done
fi
echo "skipped $skipped known failures listed in $known_file"
summary
