#!/usr/bin/env bash
# db.sh — the bundled database: coverage bars, the v2fly RT and Rossiya
# Segodnya lists resolving to their brands, lookups through time, search,
# export, a deterministic build, and clear refusals of a missing, corrupt or
# other-version database.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

mh db stats --format json > "$tmp/stats.json" || bad "db stats fails"
check "at least 15,000 domains resolve to an outlet" jq -e '.domains_resolving_to_outlet >= 15000' "$tmp/stats.json"
check "at least 1,000 state-media classifications" jq -e '.state_media_classifications >= 1000' "$tmp/stats.json"
check "state media covers at least 150 countries" jq -e '.state_media_countries >= 150' "$tmp/stats.json"
check "at least 300 outlets owned two levels up" jq -e '.outlets_with_ultimate_owner_two_levels_up >= 300' "$tmp/stats.json"
check "ratings from at least 3 raters" jq -e '.raters >= 3' "$tmp/stats.json"
check "every fact row cites" jq -e '.fact_rows_without_citation == 0 and .fact_rows > 0' "$tmp/stats.json"
check "zero validation errors" "$MASTHEAD" db check --source sources-db

# every domain of v2fly's rt and rossiyasegodnya lists resolves within its group
# (under valgrind the first 10 of each: one process per domain)
sample=cat
[ -n "${MH_WRAP:-}" ] && sample="head -n 10"
for list in rt rossiyasegodnya; do
  src=$SHARED/data/v2fly-domain-lists/$list
  [ -f "$src" ] || { echo "skip: $src is absent"; continue; }
  while read -r dom; do
    out=$(mh db lookup "$dom" 2>/dev/null)
    id=$(jq -r '.[0].id // empty' <<<"$out")
    group=$(jq -r '[.[0].id, (.[0].owners[]?.id)] | join(" ")' <<<"$out")
    case " $group " in
      *" ano-tv-novosti "*|*" rossiya-segodnya "*|*" rt "*|" ano-tv-novosti "*|" rossiya-segodnya "*) ok ;;
      *) bad "v2fly $list: $dom resolves to '${id:-nothing}' (owners: $group)" ;;
    esac
  done < <(grep -vE '^\s*(#|$|include:|regexp:|keyword:)' "$src" | grep -v '@ads' | sed -E 's/^full://; s/\s+#.*//; s/\s+$//' | $sample)
done
# brands of the Rossiya Segodnya group are their own records
for pair in ria.ru:ria-novosti sputnikglobe.com:sputnik inosmi.ru:inosmi rt.com:rt swentr.site:rt; do
  dom=${pair%%:*} want=${pair#*:}
  check "$dom is $want" sh -c "$MASTHEAD db lookup $dom | jq -e '.[0].id == \"$want\"'"
done

# owners through time (The Washington Post, 2013)
check "WaPo 2012: owned by The Washington Post Company (Graham Holdings)" sh -c "$MASTHEAD db lookup --date 2012-06-01 washingtonpost.com | jq -e '[.[0].owners[] | select(.level == 1) | .id] == [\"graham-holdings\"]'"
check "WaPo 2014: owned by Nash Holdings" sh -c "$MASTHEAD db lookup --date 2014-06-01 washingtonpost.com | jq -e '[.[0].owners[] | select(.level == 1) | .name] | any(test(\"Nash\"))'"
check "lookup carries the citations it uses" sh -c "$MASTHEAD db lookup rt.com | jq -e '.[0].citations | length > 0'"
check "lookup by name" sh -c "$MASTHEAD db lookup 'The Associated Press' | jq -e '.[0].id == \"associated-press\"'"
check "search finds by alias" sh -c "$MASTHEAD db search 'associated press' | jq -e 'map(.id) | index(\"associated-press\") != null'"
n=$(jq -r .entities "$tmp/stats.json")
if [ -n "${MH_WRAP:-}" ]; then
  echo "skip: export of every entity: not under valgrind (a huge output)"
else
  check "export: one line per entity" test "$(mh db export | wc -l)" = "$n"
fi
mh db lookup no-such-outlet-anywhere.example >/dev/null 2>&1; check "lookup of nothing: exit 3" test $? = 3

# a deterministic build: the same data gives the same data version
cp -r sources-db "$tmp/src"
"$MASTHEAD" db build --source "$tmp/src" --output "$tmp/a.db" 2>/dev/null && "$MASTHEAD" db build --source "$tmp/src" --output "$tmp/b.db" 2>/dev/null
check "two builds, one data version" test "$($py -c "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute(\"select value from meta where key='data_version'\").fetchone()[0])" "$tmp/a.db")" = "$($py -c "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute(\"select value from meta where key='data_version'\").fetchone()[0])" "$tmp/b.db")"

# a database of no outlets (codes and the citations they name only) builds,
# verifies and annotates: every marker is then "not in the database"
mkdir -p "$tmp/nosrc/data"
cp -r sources-db/codes sources-db/schema.sql "$tmp/nosrc/"
for f in $(grep -h -o "unknown citation '[^']*'" <("$MASTHEAD" db build --source "$tmp/nosrc" --output "$tmp/none.db" 2>&1) | cut -d"'" -f2 | sort -u); do
  grep -l "^$f	" sources-db/data/*/citations.tsv | head -1
done | sort -u | while read -r c; do
  mkdir -p "$tmp/nosrc/data/$(basename "$(dirname "$c")")"; cp "$c" "$tmp/nosrc/data/$(basename "$(dirname "$c")")/"
done
"$MASTHEAD" db build --source "$tmp/nosrc" --output "$tmp/none.db" >/dev/null 2>"$tmp/err"
check "no outlets: the database builds" test $? = 0
"$MASTHEAD" db verify --db "$tmp/none.db" >/dev/null 2>"$tmp/err"
check "no outlets: verify finds no problem" test $? = 0
check "no outlets: verify says 0 records" grep -q "0 records checked, no problems" "$tmp/err"
# a signature rule naming an outlet this database lacks: a warning for a run,
# an error for `rules check`
"$MASTHEAD" rules check --db "$tmp/none.db" >/dev/null 2>"$tmp/err"
check "no outlets: rules check fails" test $? != 0
check "no outlets: rules check names the rule's outlet" grep -q "outlet '[a-z0-9._:-]*' is not in the database" "$tmp/err"
check "no outlets: a copyright is not in the database" sh -c "printf '© 2024 Foo Media' | $MASTHEAD annotate -f json --db '$tmp/none.db' | jq -e '.publisher == null and (.unresolved | length) == 1'"

# refusals: missing, corrupt, another schema version, not ours
echo x | "$MASTHEAD" annotate --db "$tmp/missing.db" >/dev/null 2>"$tmp/err"; rc=$?
check "missing database: exit 4" test $rc = 4
check "missing database: says so" grep -q "not found" "$tmp/err"
head -c 20000 /dev/urandom > "$tmp/corrupt.db"
echo x | "$MASTHEAD" annotate --db "$tmp/corrupt.db" >/dev/null 2>"$tmp/err"; rc=$?
check "corrupt database: exit 4" test $rc = 4
check "corrupt database: says so" grep -qiE "corrupt|not a" "$tmp/err"
cp "$MASTHEAD_DB" "$tmp/v99.db"
$py -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=99'); c.commit()" "$tmp/v99.db"
echo x | "$MASTHEAD" annotate --db "$tmp/v99.db" >/dev/null 2>"$tmp/err"; rc=$?
check "other schema version: exit 4" test $rc = 4
check "other schema version: names both versions" grep -q "version 99.*version 3" "$tmp/err"
$py -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()" "$tmp/other.db"
echo x | "$MASTHEAD" annotate --db "$tmp/other.db" >/dev/null 2>"$tmp/err"; rc=$?
check "someone else's SQLite file: exit 4" test $rc = 4
check "someone else's SQLite file: says so" grep -q "not a masthead database" "$tmp/err"

# stored entity records (src/recordstore.c): verify checks them against the
# facts; annotations are the same with them, without them, and when one is
# corrupt (it is then built from the facts)
if [ -n "${MH_WRAP:-}" ]; then
  echo "skip: db verify and stored-record comparisons: not under valgrind (every record built)"
else
  "$MASTHEAD" db verify 2>"$tmp/err"
  check "db verify: the bundled database passes" test $? = 0
  check "db verify: says how many records" grep -qE "[0-9]{5,} records checked, no problems" "$tmp/err"
  sql() { $py -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()" "$@"; }
  # the stored records are blobs of 256 record ids each (src/recordpack.h):
  # edited through a helper
  pack() { $py tests/suites/recordpack.py "$@"; }
  cut() { for k in 0 1; do pack "$1" edit "$(pack "$1" id associated-press $k)" 'r[:20]'; done; }
  cp "$MASTHEAD_DB" "$tmp/none.db" && pack "$tmp/none.db" clear
  cp "$MASTHEAD_DB" "$tmp/cut.db" && cut "$tmp/cut.db"
  cp "$MASTHEAD_DB" "$tmp/bad.db" && cut "$tmp/bad.db" &&
    pack "$tmp/bad.db" edit "$(pack "$tmp/bad.db" id sputnik 0)" 'r.replace("\"name\":\"Sputnik\"", "\"name\":\"Spootnik\"")'
  check "the tampered database holds the edit" sh -c 'pack() { $0 tests/suites/recordpack.py "$@"; }; pack "$1" get "$(pack "$1" id sputnik 0)" | grep -q "\"name\":\"Spootnik\""' $py "$tmp/bad.db"
  "$MASTHEAD" db verify --db "$tmp/bad.db" 2>"$tmp/err"; rc=$?
  check "db verify: a tampered database fails (exit 4)" test $rc = 4
  check "db verify: names the cut record" grep -q "entity 'associated-press' .*full record: differs" "$tmp/err"
  check "db verify: names the edited record" grep -q "entity 'sputnik' .*core fields: differs" "$tmp/err"
  check "db verify: counts three problems" grep -q "3 problems in" "$tmp/err"
  "$MASTHEAD" db verify --db "$tmp/none.db" 2>"$tmp/err"
  check "db verify: records missing are named" grep -q "entity 'associated-press' .*full record: not stored" "$tmp/err"
  # a blob cut short (in its data, in its offsets), or of another format:
  # named, and not trusted
  cp "$MASTHEAD_DB" "$tmp/short.db" && pack "$tmp/short.db" cut "$(pack "$tmp/short.db" id sputnik 0)" 2000
  "$MASTHEAD" db verify --db "$tmp/short.db" 2>"$tmp/err"; rc=$?
  check "db verify: a stored records' blob cut short fails (exit 4)" test $rc = 4
  check "db verify: says what is wrong with the blob" grep -qE "record_pack: chunk [1-9][0-9]*: its offsets do not rise from 0 within its data" "$tmp/err"
  check "a cut chunk: its records are built from the facts" sh -c '"$0" annotate --db "$1" --url https://sputniknews.com/x/ < /dev/null | grep -q "^Publisher: *Sputnik .*confidence"' "$MASTHEAD" "$tmp/short.db"
  # a chunk missing: named; its records are built from the facts, and the
  # handle reads other chunks again (BBC's, after Sputnik's failed)
  cp "$MASTHEAD_DB" "$tmp/gap.db" && sql "$tmp/gap.db" "DELETE FROM record_pack WHERE id = $(( $(pack "$tmp/gap.db" id sputnik 0) / 256 ))"
  "$MASTHEAD" db verify --db "$tmp/gap.db" 2>"$tmp/err"; rc=$?
  check "db verify: a missing chunk fails (exit 4)" test $rc = 4
  check "db verify: names the missing chunk" grep -qE "record_pack: chunk [1-9][0-9]*: missing" "$tmp/err"
  cp "$MASTHEAD_DB" "$tmp/extra.db" && sql "$tmp/extra.db" "INSERT INTO record_pack (id, pack) VALUES (1000000, x'00000000')"
  "$MASTHEAD" db verify --db "$tmp/extra.db" 2>"$tmp/err"; rc=$?
  check "db verify: a row past the chunks fails (exit 4)" test $rc = 4
  check "db verify: names the row past the chunks" grep -qE "record_pack: chunk [1-9][0-9]*: a row of no chunk" "$tmp/err"
  printf 'Sputnik reported, according to the BBC.\n' > "$tmp/gap.txt"
  "$MASTHEAD" annotate --format json --db "$MASTHEAD_DB" "$tmp/gap.txt" > "$tmp/gap.want" 2>/dev/null
  "$MASTHEAD" annotate --format json --db "$tmp/gap.db" "$tmp/gap.txt" > "$tmp/gap.got" 2>/dev/null
  check "a missing chunk: the annotation is the same" cmp -s "$tmp/gap.want" "$tmp/gap.got"
  cp "$MASTHEAD_DB" "$tmp/shorter.db" && pack "$tmp/shorter.db" cut 0 1000
  "$MASTHEAD" db verify --db "$tmp/shorter.db" 2>"$tmp/err"; rc=$?
  check "db verify: a blob cut in its offsets fails (exit 4)" test $rc = 4
  check "db verify: its records are not read" grep -q "no readable stored records of format 3" "$tmp/err"
  # the key filters (src/keyfilter.h): a stale one is named; without them
  # every key is looked up
  cp "$MASTHEAD_DB" "$tmp/stale.db" && sql "$tmp/stale.db" "INSERT INTO alias (norm, entity, alias, kind, cite, src) SELECT 'an alias added since', entity, 'An alias added since', kind, cite, src FROM alias LIMIT 1"
  "$MASTHEAD" db verify --db "$tmp/stale.db" 2>"$tmp/err"; rc=$?
  check "db verify: a key filter older than its table fails (exit 4)" test $rc = 4
  check "db verify: names the stale filter" grep -q "key_filter: the filter of alias.norm differs from the one its table gives" "$tmp/err"
  cp "$MASTHEAD_DB" "$tmp/nofilter.db" && sql "$tmp/nofilter.db" "DELETE FROM key_filter"
  "$MASTHEAD" db verify --db "$tmp/nofilter.db" 2>/dev/null
  check "db verify: a database without key filters passes" test $? = 0
  cp "$MASTHEAD_DB" "$tmp/format1.db" && sql "$tmp/format1.db" "UPDATE meta SET value = '1' WHERE key = 'record_format'"
  "$MASTHEAD" db verify --db "$tmp/format1.db" 2>"$tmp/err"
  check "db verify: stored records of another format are named" grep -q "no readable stored records of format 3" "$tmp/err"
  # the traits blob (src/traitstore.h): checked against the entity table;
  # without it, or with one of the wrong length, entities are read one by one
  flip="UPDATE entity_traits SET bits = CAST((SELECT substr(bits, 1, id) FROM entity WHERE key = 'sputnik') || x'0e' || (SELECT substr(bits, id + 2) FROM entity WHERE key = 'sputnik') AS BLOB)"
  cp "$MASTHEAD_DB" "$tmp/flip.db" && sql "$tmp/flip.db" "$flip"
  "$MASTHEAD" db verify --db "$tmp/flip.db" 2>"$tmp/err"; rc=$?
  check "db verify: a changed traits byte fails (exit 4)" test $rc = 4
  check "db verify: names the entity id whose traits differ" grep -q "entity_traits: id $($py -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM entity WHERE key = 'sputnik'\").fetchone()[0])" "$MASTHEAD_DB"): stored as 14" "$tmp/err"
  cp "$MASTHEAD_DB" "$tmp/notraits.db" && sql "$tmp/notraits.db" "DELETE FROM entity_traits"
  cp "$MASTHEAD_DB" "$tmp/shorttraits.db" && sql "$tmp/shorttraits.db" "UPDATE entity_traits SET bits = CAST(substr(bits, 1, 100) AS BLOB)"
  "$MASTHEAD" db verify --db "$tmp/notraits.db" 2>/dev/null
  check "db verify: a database without the traits blob passes" test $? = 0
  "$MASTHEAD" db verify --db "$tmp/shorttraits.db" 2>"$tmp/err"
  check "db verify: a traits blob of the wrong length is named" grep -q "entity_traits: 100 bytes stored for" "$tmp/err"
  cp "$MASTHEAD_DB" "$tmp/texttraits.db" && sql "$tmp/texttraits.db" "UPDATE entity_traits SET bits = CAST(bits AS TEXT)"
  "$MASTHEAD" db verify --db "$tmp/texttraits.db" 2>"$tmp/err"
  check "db verify: traits that are not a blob are named" grep -q "entity_traits: the stored traits are not a blob" "$tmp/err"
  /usr/bin/python3 bench/gen.py text --db "$MASTHEAD_DB" --mb 3 --seed 7 --malformed-every 0 --out "$tmp/corpus.jsonl" >/dev/null 2>&1
  check "a generated corpus for the comparison" test -s "$tmp/corpus.jsonl"
  # a record cut short is not JSON: it is built from the facts instead (an
  # edit that stays valid JSON is what verify is for)
  for db in none cut short shorter format1 notraits shorttraits nofilter; do
    for j in 1 2; do
      "$MASTHEAD" enrich -j$j --db "$MASTHEAD_DB" "$tmp/corpus.jsonl" 2>/dev/null | sed 's/"database_built":"[^"]*"//' > "$tmp/with.jsonl"
      "$MASTHEAD" enrich -j$j --db "$tmp/$db.db" "$tmp/corpus.jsonl" 2>/dev/null | sed 's/"database_built":"[^"]*"//' > "$tmp/without.jsonl"
      check "enrich -j$j: stored records and the $db database give the same output" cmp "$tmp/with.jsonl" "$tmp/without.jsonl"
    done
  done
  check "the comparison compared annotations" test "$(grep -c '"publisher":{"id"' "$tmp/with.jsonl")" -gt 100
  # outlets named again and again, with a class and without (a class read
  # as null once is not read again: src/recordstore.c)
  check "the comparison compared state-media classes" test "$(grep -o '"state_media":{"code"' "$tmp/with.jsonl" | wc -l)" -gt 100
  check "the comparison compared outlets without a class" test "$(grep -o '"state_media":null' "$tmp/with.jsonl" | wc -l)" -gt 1000
  # a publisher's ratings get "applies" as their last member: copied as
  # one run of text when the stored rating has none of its own, member by
  # member without it when it has (src/annotate.c)
  rec='{"url":"https://www.bbc.co.uk/news/world-1","text":"London."}'
  printf '%s\n' "$rec" | "$MASTHEAD" enrich -q > "$tmp/rated.out"
  check "ratings: each of the publisher's ends with a boolean applies" \
    jq -e '.masthead.publisher.ratings | length > 0 and all(.applies | type == "boolean") and all(keys_unsorted | last == "applies")' "$tmp/rated.out"
  cp "$MASTHEAD_DB" "$tmp/applies.db" &&
    pack "$tmp/applies.db" edit "$(pack "$tmp/applies.db" id bbc 1)" 'r.replace("{\"rater\":", "{\"applies\":\"stored\",\"rater\":")'
  check "ratings: the edited record holds an applies of its own" sh -c 'pack() { $0 tests/suites/recordpack.py "$@"; }; pack "$1" get "$(pack "$1" id bbc 1)" | grep -q "\"applies\":\"stored\""' $py "$tmp/applies.db"
  printf '%s\n' "$rec" | "$MASTHEAD" enrich -q --db "$tmp/applies.db" > "$tmp/applies.out"
  check "ratings: a stored applies is left out, the annotation's is written" \
    sh -c '! grep -q "\"applies\":\"stored\"" "$1" && jq -e ".masthead.publisher.ratings | length > 0 and all(.applies | type == \"boolean\")" "$1"' _ "$tmp/applies.out"
  check "ratings: the same annotation either way" cmp -s "$tmp/rated.out" "$tmp/applies.out"
  # more ratings than are read in one pass (64): the rest are read again,
  # in order, for each of the two groups
  cp "$MASTHEAD_DB" "$tmp/many.db" &&
    pack "$tmp/many.db" edit "$(pack "$tmp/many.db" id bbc 1)" '(lambda rec: json.dumps(dict(rec, ratings=[dict(x, metric="%s-%d" % (x["metric"], i)) for i in range(80 // len(rec["ratings"]) + 1) for x in rec["ratings"]]), separators=(",", ":"), ensure_ascii=False))(json.loads(r))'
  printf '%s\n' "$rec" | "$MASTHEAD" enrich -q --db "$tmp/many.db" > "$tmp/many.out"
  check "ratings: over 64, every one written once, those that apply first" \
    jq -e '.masthead.publisher.ratings | length > 64 and (map([.rater, .metric, .domain]) | unique | length) == length and (map(.applies) | . == (sort | reverse))' "$tmp/many.out"
  if have_shared; then
    for f in "$SHARED"/fixtures/*; do
      a=$("$MASTHEAD" annotate --format json "$f" 2>/dev/null | sed 's/"database_built":"[^"]*"//')
      b=$("$MASTHEAD" annotate --format json --db "$tmp/cut.db" "$f" 2>/dev/null | sed 's/"database_built":"[^"]*"//')
      check "$(basename "$f"): the same annotation from a corrupt stored record" test "$a" = "$b"
    done
  fi
fi
summary
