#!/usr/bin/env bash
# serve.sh — `masthead serve`: the API's status codes and headers, answers
# equal to `masthead annotate --format json`, the Host check, the body cap,
# the per-request budget, a clean stop; then the classroom page in headless
# Chromium (tests/browser/classroom.mjs) when node, Chromium and the test's
# node modules are there (CI installs them; elsewhere it is skipped, saying why).
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "skip: curl is not installed"; summary; exit; }
if ! "$MASTHEAD" --help 2>/dev/null | grep -q '^  serve'; then
  echo "skip: $MASTHEAD has no serve command"; summary; exit
fi
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME ARGS...: run `masthead serve --port 0 ARGS` in the background;
# sets port and pid once it says where it listens (valgrind may take a while).
start() {
  local name=$1; shift
  : >"$tmp/$name.log"
  # exec: $! is then the server itself (or valgrind running it), not a subshell
  (exec $MH_WRAP "$MASTHEAD" serve --port 0 --threads 2 "$@") >"$tmp/$name.log" 2>&1 &
  pid=$!; pids+=("$pid"); port=
  for _ in $(seq 1 300); do
    port=$(sed -n 's|.*listening on http://[^ ]*:\([0-9]*\)/.*|\1|p' "$tmp/$name.log")
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  bad "serve $* did not start: $(head -3 "$tmp/$name.log")"; return 1
}

# stop PID SIGNAL LOG: the server stops cleanly on the signal, exit status 0.
stop() {
  kill -"$2" "$1"
  local rc; wait "$1"; rc=$?
  check "serve stops on SIG$2 with status 0 (got $rc)" test "$rc" = 0
  [ "$rc" = 0 ] || tail -40 "$3" | sed 's/^/# /'
  check "serve says it stops on SIG$2" grep -q "stopping (SIG$2)" "$3"
}

# req OUT METHOD PATH [curl args...]: the status code; body to $tmp/OUT,
# headers to $tmp/OUT.h.
req() {
  local out=$1 method=$2 path=$3; shift 3
  curl -s --path-as-is -o "$tmp/$out" -D "$tmp/$out.h" -w '%{http_code}' -X "$method" "$@" \
    "http://127.0.0.1:$port$path"
}
post() { # OUT JSON-FILE: POST it as application/json
  req "$1" POST /api/annotate -H 'Content-Type: application/json' --data-binary "@$2"
}
status() { # description, expected code, actual code
  [ "$2" = "$3" ] && ok || bad "$1: expected HTTP $2, got $3"
}
header() { # description, response name, header regex
  grep -qiE "$3" "$tmp/$2.h" && ok || bad "$1: no header matching '$3'"
}

# ------------------------------------------------------------- options
mh serve --port 70000 >/dev/null 2>&1; check "bad --port is a usage error" test $? = 2
mh serve --bind not-an-address >/dev/null 2>&1; check "bad --bind is a usage error" test $? = 2
mh serve --threads 0 >/dev/null 2>&1; check "bad --threads is a usage error" test $? = 2
mh serve --limit nonsense=1 >/dev/null 2>&1; check "bad --limit is a usage error" test $? = 2
check "serve --help documents the API" sh -c "'$MASTHEAD' serve --help | grep -q '413'"

start main || { summary; exit; }
main_pid=$pid

# ---------------------------------------------------------- the page
status "GET /" 200 "$(req page GET /)"
header "page content type" page '^Content-Type: text/html; charset=utf-8'
header "strict CSP" page "^Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
header "nosniff" page '^X-Content-Type-Options: nosniff'
header "no referrer" page '^Referrer-Policy: no-referrer'
check "the page loads its own script and style only" grep -q 'src="/static/app.js"' "$tmp/page"
check "the page loads nothing from elsewhere" sh -c "! grep -qiE 'src=\"(https?:)?//|<link[^>]+href=\"(https?:)?//' '$tmp/page'"
status "GET /static/app.js" 200 "$(req js GET /static/app.js)"
header "script content type" js '^Content-Type: text/javascript; charset=utf-8'
header "CSP on assets too" js "^Content-Security-Policy: default-src 'none'"
status "GET /static/app.css" 200 "$(req css GET /static/app.css)"
header "style content type" css '^Content-Type: text/css; charset=utf-8'
check "assets are the files of web/" cmp -s "$tmp/css" web/app.css
status "HEAD /" 200 "$(req head HEAD / -I)"
status "GET /api/health" 200 "$(req health GET /api/health)"
header "JSON content type" health '^Content-Type: application/json; charset=utf-8'
check "health names the versions" jq -e '.status == "ok" and (.database | length > 0) and (.rules | length > 0)' "$tmp/health"

# ------------------------------------------------------ status codes
status "unknown path" 404 "$(req nf GET /nope)"
status "unknown asset" 404 "$(req nf2 GET /static/nope.js)"
status "no path tricks" 404 "$(req nf3 GET /static/../cli_serve.c)"
check "404 body is JSON with a message" jq -e '.status == 404 and (.message | length > 0)' "$tmp/nf"
status "GET /api/annotate" 405 "$(req m1 GET /api/annotate)"
header "405 says Allow: POST" m1 '^Allow: POST'
status "POST /" 405 "$(req m2 POST / -d x)"
header "405 says Allow: GET, HEAD" m2 '^Allow: GET, HEAD'
status "DELETE /api/health" 405 "$(req m3 DELETE /api/health)"
status "wrong content type" 415 "$(req ct POST /api/annotate -H 'Content-Type: text/plain' -d '{"text":"x"}')"
printf '{"text": "unterminated' >"$tmp/bad1.json"
status "malformed JSON" 400 "$(post bad1 "$tmp/bad1.json")"
check "400 says what is wrong" jq -e '.message | test("malformed JSON")' "$tmp/bad1"
echo '[1, 2]' >"$tmp/bad2.json"; status "not an object" 400 "$(post bad2 "$tmp/bad2.json")"
echo '{}' >"$tmp/bad3.json"; status "nothing to annotate" 400 "$(post bad3 "$tmp/bad3.json")"
echo '{"text": "a", "html": "<p>b</p>"}' >"$tmp/bad4.json"; status "text and html" 400 "$(post bad4 "$tmp/bad4.json")"
echo '{"text": 5}' >"$tmp/bad5.json"; status "text not a string" 400 "$(post bad5 "$tmp/bad5.json")"
echo '{"text": "a", "date": "7 April 2022"}' >"$tmp/bad6.json"; status "bad date" 400 "$(post bad6 "$tmp/bad6.json")"
echo '{"txt": "a"}' >"$tmp/bad7.json"; status "unknown member" 400 "$(post bad7 "$tmp/bad7.json")"
: >"$tmp/bad8.json"; status "empty body" 400 "$(post bad8 "$tmp/bad8.json")"

# over the 4 MiB cap: with a Content-Length, and streamed in chunks
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$tmp/big.json"
status "oversize body" 413 "$(post big "$tmp/big.json")"
check "413 says the limit" jq -e '.message | test("4 MiB")' "$tmp/big"
status "oversize chunked body" 413 "$(req bigc POST /api/annotate -H 'Content-Type: application/json' \
  -H 'Transfer-Encoding: chunked' --data-binary "@$tmp/big.json")"
# just under the cap is fine
{ printf '{"text": "'; head -c $((4 * 1024 * 1024 - 64)) /dev/zero | tr '\0' 'a'; printf '"}'; } >"$tmp/under.json"
status "a body just under the cap" 200 "$(post under "$tmp/under.json")"

# DNS rebinding: only localhost names with this port
status "foreign Host" 421 "$(req h1 GET / -H 'Host: attacker.example')"
status "foreign Host with our port" 421 "$(req h2 GET / -H "Host: rebind.attacker.example:$port")"
status "localhost with another port" 421 "$(req h3 GET / -H 'Host: localhost:1')"
status "Host localhost:PORT" 200 "$(req h4 GET / -H "Host: localhost:$port")"
status "Host [::1]:PORT" 200 "$(req h5 GET / -H "Host: [::1]:$port")"
status "foreign Host on the API" 421 "$(req h6 POST /api/annotate -H 'Host: attacker.example' \
  -H 'Content-Type: application/json' -d '{"text":"x"}')"

# -------------------------------------------- answers equal the CLI's
# own-words inputs with real markers: a wire dateline, an RT-style page
cat >"$tmp/wire.txt" <<'EOF'
MOSCOW (Reuters) — Officials in the capital said on Tuesday that the new bridge
would open in the spring, according to TASS, after two years of delays.
EOF
cat >"$tmp/page.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Bridge opening delayed again — RT World News</title>
<link rel="canonical" href="https://www.rt.com/news/000001-bridge-opening-delayed/">
<meta property="og:site_name" content="RT International">
<meta property="article:published_time" content="2022-04-07T10:00:00+00:00">
</head><body><article><h1>Bridge opening delayed again</h1>
<p>Officials said the bridge would open in the spring.</p></article>
<footer><p>© Autonomous Nonprofit Organization “TV-Novosti”, 2005–2022. All rights reserved.</p></footer>
</body></html>
EOF
same() { # description, request json, CLI args...
  local d=$1 body=$2; shift 2
  local code; code=$(post same "$body")
  if [ "$code" != 200 ]; then bad "$d: HTTP $code"; return; fi
  mh annotate --format json "$@" >"$tmp/cli.json" 2>/dev/null
  cmp -s "$tmp/same" "$tmp/cli.json" && ok || bad "$d: the answer differs from masthead annotate --format json"
}
jq -n --rawfile t "$tmp/wire.txt" '{text: $t}' >"$tmp/r1.json"
same "text" "$tmp/r1.json" --type text "$tmp/wire.txt"
jq -n --rawfile t "$tmp/page.html" '{html: $t}' >"$tmp/r2.json"
same "html" "$tmp/r2.json" --type html "$tmp/page.html"
check "html: the page's footer names RT" jq -e '.publisher.id == "rt"' "$tmp/same"
echo '{"url": "https://www.rt.com/news/553201-pentagon/"}' >"$tmp/r3.json"
same "url only" "$tmp/r3.json" --type text --url https://www.rt.com/news/553201-pentagon/ /dev/null
check "url only: the address names RT" jq -e '.publisher.id == "rt"' "$tmp/same"
jq -n --rawfile t "$tmp/wire.txt" '{text: $t, url: "https://example.org/a", date: "2022-04-07"}' >"$tmp/r4.json"
same "text, url and date" "$tmp/r4.json" --type text --url https://example.org/a --date 2022-04-07 "$tmp/wire.txt"
check "the date given is used" jq -e '.date.source == "option" and .date.value == "2022-04-07"' "$tmp/same"
printf '{"text": "nul \\u0000 inside, (AP) — text"}' >"$tmp/r5.json"
status "a NUL in the text" 200 "$(post r5 "$tmp/r5.json")"
if have_shared; then
  f=$SHARED/fixtures/rt-2022-04-07-pentagon.txt
  jq -n --rawfile t "$f" '{text: $t}' >"$tmp/seed.json"
  same "seed fixture" "$tmp/seed.json" --type text "$f"
  check "seed: RT, flagged" jq -e '.publisher.id == "rt" and .flagged == true' "$tmp/same"
  page=$(ls "$SHARED"/corpus/dev/pages/*.html 2>/dev/null | head -1)
  if [ -n "$page" ]; then
    jq -n --rawfile t "$page" '{html: $t}' >"$tmp/corpus.json"
    if [ "$(stat -c %s "$tmp/corpus.json")" -lt $((4 * 1024 * 1024)) ]; then
      same "corpus page $(basename "$page")" "$tmp/corpus.json" --type html "$page"
    fi
  fi
else
  echo "skip: $SHARED/fixtures is absent (seed and corpus comparisons)"
fi

# concurrent requests all answered, through the pool
par=()
for i in 1 2 3 4 5 6 7 8; do
  post "par$i" "$tmp/r1.json" >"$tmp/par$i.code" &
  par+=($!)
done
wait "${par[@]}"
codes=$(for i in 1 2 3 4 5 6 7 8; do cat "$tmp/par$i.code"; echo; done | sort | uniq -c | xargs)
check "8 concurrent requests all 200 (got $codes)" test "$codes" = "8 200"
check "concurrent answers are identical" sh -c "for i in 2 3 4 5 6 7 8; do cmp -s $tmp/par1 $tmp/par\$i || exit 1; done"

# ------------------------------------------------ the classroom page
browser_skip=
if [ "${VALGRIND:-0}" = 1 ]; then browser_skip="not under valgrind"
elif ! command -v node >/dev/null; then browser_skip="node is not installed"
elif [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then browser_skip="${CHROMIUM:-/usr/bin/chromium} is not installed"
elif [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  browser_skip="run 'npm ci' in tests/browser first"
elif ! have_shared; then browser_skip="$SHARED/fixtures is absent"
fi
if [ -n "$browser_skip" ]; then
  echo "skip: browser test: $browser_skip"
else
  out=$(timeout 300 node tests/browser/classroom.mjs "http://127.0.0.1:$port" \
    "$SHARED/fixtures/rt-2022-04-07-pentagon.txt" build/screenshots 2>&1)
  printf '%s\n' "$out" | grep -E '^(FAIL|# axe|screenshots:)' 
  line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
  if [ -z "$line" ]; then
    bad "browser test gave no summary: $(printf '%s\n' "$out" | tail -5)"
  else
    pass=$((pass + ${line%% passed*})); f=${line#*, }; fail=$((fail + ${f%% failed}))
  fi
fi

stop "$main_pid" TERM "$tmp/main.log"

# ------------------------------------ the budget: counted, not clocked
if have_shared && start tiny --limit budget=1; then
  post tiny "$tmp/seed.json" >/dev/null
  check "a tiny budget gives a partial annotation" jq -e '.partial.limit == "budget"' "$tmp/tiny"
  stop "$pid" INT "$tmp/tiny.log"
fi
summary
