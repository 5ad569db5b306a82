#!/usr/bin/env bash
# charset.sh — documents that are not UTF-8: UTF-16 and UTF-32 behind a byte
# order mark, and HTML pages that declare their charset (meta charset, the
# http-equiv Content-Type, an XML declaration). Each is decoded, the outlet
# found, the encoding reported, and every evidence span maps back exactly:
# the input's bytes [start, end) decode to the evidence text. A page that is
# valid UTF-8 is read as UTF-8 whatever it declares (scraped pages keep their
# old declaration), and a label iconv does not know falls back to repair.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3

# file, charset, declaration kind (bom|meta|http-equiv|xml|none), type, text
make_doc() {
  $py - "$@" <<'EOF'
import sys
path, cs, decl, kind, text = sys.argv[1:6]
if kind == 'html':
    head = {'meta': '<meta charset="%s">' % cs,
            'http-equiv': '<meta http-equiv="Content-Type" content="text/html; charset=%s">' % cs,
            'none': '', 'bom': ''}.get(decl, '')
    doc = '<html><head>%s<title>x</title></head><body><p>Text.</p><footer>%s</footer></body></html>' % (head, text)
    if decl == 'xml':
        doc = '<?xml version="1.0" encoding="%s"?>\n' % cs + doc
else:
    doc = 'Some text first.\n' + text + '\n'
data = doc.encode(cs)
if decl == 'bom':
    data = {'utf-16-le': b'\xff\xfe', 'utf-16-be': b'\xfe\xff', 'utf-32-le': b'\xff\xfe\x00\x00',
            'utf-32-be': b'\x00\x00\xfe\xff'}[cs] + data
open(path, 'wb').write(data)
EOF
}

# every evidence span decodes (in the document's charset) to its text
spans_exact() { # file, python codec
  $py - "$1" "$2" "$3" <<'EOF'
import json, sys
data = open(sys.argv[1], 'rb').read()
ann = json.load(open(sys.argv[2]))
codec = sys.argv[3]
n = 0
def walk(o):
    global n
    if isinstance(o, dict):
        if 'start' in o and 'end' in o and 'text' in o:
            got = data[o['start']:o['end']].decode(codec, 'replace')
            import html
            assert html.unescape(got) == o['text'], (got, o['text'])
            n += 1
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(ann)
assert n > 0
EOF
}

run() { # name, file, codec, jq checks...
  local name=$1 f=$2 codec=$3; shift 3
  $MH_WRAP "$MASTHEAD" annotate --format json "$f" > "$f.json" 2>"$tmp/err"; local rc=$?
  check "$name: exit 0" test $rc = 0
  for q in "$@"; do check "$name: $q" jq -e "$q" "$f.json"; done
  check "$name: evidence spans exact in the original bytes" spans_exact "$f" "$f.json" "$codec"
}

make_doc "$tmp/u16le.txt" utf-16-le bom text 'MOSCOW (Reuters) - Talks. Copyright 2022 The Associated Press'
run "UTF-16LE text (BOM)" "$tmp/u16le.txt" utf-16-le '.input.encoding == "utf-16le" and .input.encoding_source == "bom"' \
    '[.outlets[].id] | index("associated-press") != null' '[.outlets[].id] | index("reuters") != null'
make_doc "$tmp/u16be.txt" utf-16-be bom text 'MOSCOW (Reuters) - Talks. Copyright 2022 The Associated Press'
run "UTF-16BE text (BOM)" "$tmp/u16be.txt" utf-16-be '.input.encoding == "utf-16be"' '[.outlets[].id] | index("associated-press") != null'
make_doc "$tmp/u32le.txt" utf-32-le bom text '© 朝日新聞 無断転載・複製を禁じます'
run "UTF-32LE text (BOM)" "$tmp/u32le.txt" utf-32-le '.input.encoding == "utf-32le"' '.publisher.id == "asahi-shimbun"'
make_doc "$tmp/u16.html" utf-16-le bom html '© 2022 ТАСС'
run "UTF-16LE HTML (BOM), detected as HTML" "$tmp/u16.html" utf-16-le '.input.type == "html"' '[.outlets[].id] | index("tass") != null'

make_doc "$tmp/cp1251.html" windows-1251 meta html '© 2022 ТАСС'
run "windows-1251 (meta charset)" "$tmp/cp1251.html" cp1251 '.input.encoding == "windows-1251" and .input.encoding_source == "meta"' \
    '[.outlets[].id] | index("tass") != null' '.input | has("invalid_utf8_replaced") | not'
make_doc "$tmp/koi8.html" koi8-r http-equiv html '© 2022 ТАСС'
run "KOI8-R (http-equiv)" "$tmp/koi8.html" koi8-r '.input.encoding == "koi8-r"' '[.outlets[].id] | index("tass") != null'
make_doc "$tmp/sjis.html" shift_jis meta html '東京都心で今年初の猛暑日。(c) 2022 The Asahi Shimbun Company. 無断転載・複製を禁じます'
run "Shift_JIS (meta charset)" "$tmp/sjis.html" shift_jis '.input.encoding == "shift_jis"' '.publisher.id == "asahi-shimbun"'
make_doc "$tmp/eucjp.html" euc-jp http-equiv html '東京都心で今年初の猛暑日。(c) 2022 The Asahi Shimbun Company. 無断転載・複製を禁じます'
run "EUC-JP (http-equiv)" "$tmp/eucjp.html" euc-jp '.input.encoding == "euc-jp"' '.publisher.id == "asahi-shimbun"'
make_doc "$tmp/iso2022.html" iso2022_jp meta html '東京都心で今年初の猛暑日。(c) 2022 The Asahi Shimbun Company. 無断転載・複製を禁じます'
sed -i 's/charset="iso2022_jp"/charset="iso-2022-jp"/' "$tmp/iso2022.html"
run "ISO-2022-JP, a stateful encoding" "$tmp/iso2022.html" iso2022_jp '.input.encoding == "iso-2022-jp"' '.publisher.id == "asahi-shimbun"'
make_doc "$tmp/gbk.html" gbk meta html '人民网 新闻 版权所有：人民网'
sed -i 's/charset="gbk"/charset="gb2312"/' "$tmp/gbk.html"
run "GB2312 label read as GBK" "$tmp/gbk.html" gbk '.input.encoding == "gbk"' '.publisher.id == "peoples-daily"' '.flagged'
make_doc "$tmp/latin1.html" cp1252 xml html '© 2022 Le Monde – Tous droits réservés'
sed -i 's/encoding="cp1252"/encoding="iso-8859-1"/' "$tmp/latin1.html"
run "ISO-8859-1 label read as windows-1252 (XML declaration)" "$tmp/latin1.html" cp1252 '.input.encoding == "windows-1252"' '.publisher.id == "le-monde"'

# a page that is valid UTF-8 is UTF-8, whatever it declares
make_doc "$tmp/u8decl.html" utf-8 meta html '© 2022 ТАСС'
sed -i 's/charset="utf-8"/charset="windows-1251"/' "$tmp/u8decl.html"
run "valid UTF-8 declaring windows-1251: read as UTF-8" "$tmp/u8decl.html" utf-8 '.input | has("encoding") | not' '[.outlets[].id] | index("tass") != null'
# a label iconv does not know: repaired as UTF-8, never a failure
make_doc "$tmp/bogus.html" windows-1251 meta html '© 2022 ТАСС'
sed -i 's/charset="windows-1251"/charset="x-no-such-charset"/' "$tmp/bogus.html"
$MH_WRAP "$MASTHEAD" annotate --format json "$tmp/bogus.html" > "$tmp/bogus.json"; rc=$?
check "unknown label: exit 0" test $rc = 0
check "unknown label: bytes repaired as UTF-8, reported" jq -e '.input.invalid_utf8_replaced > 0 and (.input | has("encoding") | not)' "$tmp/bogus.json"
# plain text is not read for declarations
printf 'Some text <meta charset="windows-1251"> \xa9 2022 \xd2\xc0\xd1\xd1\n' > "$tmp/textdecl.txt"
$MH_WRAP "$MASTHEAD" annotate --type text --format json "$tmp/textdecl.txt" > "$tmp/textdecl.json"
check "--type text: no declaration read, bytes repaired" jq -e '.input.invalid_utf8_replaced > 0 and (.input | has("encoding") | not)' "$tmp/textdecl.json"
# a cut UTF-16 document (odd length) ends in one U+FFFD
make_doc "$tmp/odd.txt" utf-16-le bom text 'Copyright 2022 The Associated Press'
printf 'x' >> "$tmp/odd.txt"
$MH_WRAP "$MASTHEAD" annotate --format json "$tmp/odd.txt" > "$tmp/odd.json"
check "UTF-16 with an odd last byte: replaced, still found" jq -e '.input.invalid_utf8_replaced == 1 and ([.outlets[].id] | index("associated-press") != null)' "$tmp/odd.json"
# JSONL text fields are Unicode already: a declaration inside is ignored
$py -c "import json; print(json.dumps({'html': open('$tmp/u8decl.html', encoding='utf-8').read()}))" > "$tmp/rec.jsonl"
$MH_WRAP "$MASTHEAD" enrich -q --html-field html "$tmp/rec.jsonl" > "$tmp/rec.out"
check "enrich: a decoded HTML field is never re-decoded" jq -e '([.masthead.outlets[].id] | index("tass") != null) and (.masthead.input | has("encoding") | not)' "$tmp/rec.out"
summary
