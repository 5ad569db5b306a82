#!/usr/bin/python3
"""lxml_detector.py — the Python baseline for HTML records, on python3-lxml.

    lxml_detector.py [--db build/masthead.db] FILE   (or stdin) > out.jsonl

For every input line, one output line, or {"line", "error"}. The page is
parsed by lxml.html; the publisher comes from, in order, <link rel=canonical>,
og:url, the record's url (full host, then the registrable domain by
tldextract), the JSON-LD publisher (url, then name), og:site_name, and the
last copyright footer of the visible text; origins, image credits and
mentions from the visible text as detector.py finds them in a text record,
with the same facts (state media, owners, ratings) and the same flag.
"""
import argparse
import json
import sys

import lxml.etree
import lxml.html

from common import Lookup, annotate, credits, dateline, footer, mentions


def jsonld_publishers(doc):
    """(name, url) of every JSON-LD publisher on the page."""
    out = []
    for raw in doc.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            items = items + data["@graph"]
        for it in items:
            pub = it.get("publisher") if isinstance(it, dict) else None
            if isinstance(pub, dict):
                out.append((pub.get("name"), pub.get("url")))
    return out


def first(doc, xpath):
    v = doc.xpath(xpath)
    return v[0].strip() if v else None


def detect(page, url, lookup):
    doc = lxml.html.document_fromstring(page)
    # The publisher as (outlet key, where it was found), from the first source that names one.
    ld = jsonld_publishers(doc)
    site = first(doc, '//meta[@property="og:site_name"]/@content')
    sources = [("canonical", lookup.url, first(doc, '//link[@rel="canonical"]/@href')),
               ("og:url", lookup.url, first(doc, '//meta[@property="og:url"]/@content')),
               ("url", lookup.url, url)]
    for name, purl in ld:
        sources += [("json-ld", lookup.url, purl), ("json-ld", lookup.name, name)]
    sources.append(("og:site_name", lookup.name, site))
    publisher = None
    for how, resolve, value in sources:
        key = resolve(value) if isinstance(value, str) and value else None
        if key:
            publisher = (key, how)
            break
    # Visible text: scripts and styles dropped, one line per text node.
    lxml.etree.strip_elements(doc, "script", "style", "noscript", with_tail=False)
    text = "\n".join(t.strip() for t in doc.itertext())
    if not publisher:
        publisher = footer(text, lookup)
    origin = dateline(text, lookup)
    res = annotate(lookup, publisher, [origin] if origin else [], credits(text, lookup),
                   mentions(text, lookup))
    res.update({"site_name": site, "jsonld_publisher": ld[0][0] if ld else None})
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="build/masthead.db")
    ap.add_argument("--html-field", default="html")
    ap.add_argument("--url-field", default="url")
    ap.add_argument("file", nargs="?")
    args = ap.parse_args()
    lookup = Lookup(args.db)
    src = open(args.file, "rb") if args.file else sys.stdin.buffer
    out = sys.stdout
    for n, line in enumerate(src, 1):
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not an object")
            page = rec.get(args.html_field)
            url = rec.get(args.url_field)
            res = {"line": n}
            if isinstance(page, str) and page:
                res.update(detect(page, url if isinstance(url, str) else None, lookup))
        except (ValueError, lxml.etree.ParserError) as e:
            res = {"line": n, "error": str(e)[:200]}
        out.write(json.dumps(res, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
