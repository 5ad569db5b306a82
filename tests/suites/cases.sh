#!/usr/bin/env bash
# cases.sh — the case corpus: each tests/cases/NAME.expect holds jq checks on
# the JSON annotation of its input NAME.txt or NAME.html.
#
# An expect file opens with optional directives:
#   # args: --url https://... --date YYYY-MM-DD   extra `annotate` arguments
#   # about: one sentence saying what the case proves
# Other lines starting with `#` are comments; blank lines are skipped; every
# other line is a jq expression that must evaluate to exactly `true` on the
# output of `masthead annotate --format json [args] NAME.*`. A failing line is
# reported as file:line with the expression and what it gave. One more check
# per case holds the span contract of DESIGN §6: for plain text every evidence
# span with offsets satisfies input[start:end] == text; for HTML every span
# lies inside the input (its bytes are the source the text was decoded from).
#
# Cases in tests/cases/pending/ wait for a fix in the engine, rules or data
# and are not run (`bash tests/suites/cases.sh --pending` runs them alone).
# Arguments naming cases (NAME or path/NAME.expect) run only those.
cd "$(dirname "$0")/../.." || exit 2
. tests/suites/lib.sh
: "${MASTHEAD:=./masthead}"
dir=tests/cases

expects=()
if [ "${1:-}" = --pending ]; then
  shift
  dir=$dir/pending
fi
if [ $# -gt 0 ]; then
  for a in "$@"; do
    case $a in
      *.expect) expects+=("$a") ;;
      *) expects+=("$dir/$a.expect") ;;
    esac
  done
else
  shopt -s nullglob
  expects=("$dir"/*.expect)
  shopt -u nullglob
fi
[ ${#expects[@]} -gt 0 ] || { echo "no case found in $dir"; summary; exit; }

run_case() { # expect file
  local exp=$1 base=${1%.expect} input="" n=0 line args=() out rc
  for ext in txt html; do
    if [ -f "$base.$ext" ]; then
      [ -n "$input" ] && { bad "$exp:1: two inputs ($input and $base.$ext)"; return; }
      input=$base.$ext
    fi
  done
  [ -n "$input" ] || { bad "$exp:1: no input $base.txt or $base.html"; return; }
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      '# args:'*) read -r -a args <<<"${line#'# args:'}" ;;
    esac
  done <"$exp"
  out=$(mh annotate --format json "${args[@]}" "$input" 2>"$errf")
  rc=$?
  if [ $rc -ne 0 ] || ! jq -e 'type == "object"' >/dev/null 2>&1 <<<"$out"; then
    bad "$exp:1: masthead annotate ${args[*]} $input exited $rc: $(head -c 300 "$errf")"
    return
  fi
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    local got
    got=$(jq -c "$line" <<<"$out" 2>&1 | head -c 300)
    if [ "$got" = true ]; then
      ok
    else
      bad "$exp:$n: $line (gave: ${got//$'\n'/ })"
    fi
  done <"$exp"
  if [ "${input##*.}" = txt ]; then
    check_spans "$exp" "$input" "$out"
  else
    check_span_bounds "$exp" "$input" "$out"
  fi
}

check_span_bounds() { # expect file, input, annotation: 0 <= start < end <= size
  local size wrong
  size=$(wc -c <"$2")
  wrong=$(jq -r --argjson size "$size" '[.. | objects | select((.start | type) == "number")
            | select(.start < 0 or .end <= .start or .end > $size) | "\(.start)..\(.end)"] | join(" ")' <<<"$3")
  if [ -z "$wrong" ]; then ok; else bad "$1:0: evidence spans outside $2 ($size bytes): $wrong"; fi
}

check_spans() { # expect file, input, annotation: input[start:end] == text
  local exp=$1 input=$2 out=$3 s e t slice wrong=""
  while read -r s e t; do
    [ -n "$s" ] || continue
    slice=$(tail -c +$((s + 1)) "$input" | head -c $((e - s)) | base64 -w0)
    [ "$slice" = "$t" ] || wrong="$wrong $s..$e"
  done < <(jq -r '[.. | objects | select((.start | type) == "number" and (.end | type) == "number"
                    and (.text | type) == "string")] | unique[] | "\(.start) \(.end) \(.text | @base64)"' <<<"$out")
  if [ -z "$wrong" ]; then ok; else bad "$exp:0: evidence spans of $input are not input[start:end]:$wrong"; fi
}

errf=$(mktemp) || exit 2
trap 'rm -f "$errf"' EXIT
for e in "${expects[@]}"; do
  if [ -f "$e" ]; then run_case "$e"; else bad "$e:0: no such case"; fi
done
summary
