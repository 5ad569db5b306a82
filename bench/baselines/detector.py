#!/usr/bin/python3
"""detector.py — the Python baseline for text records: masthead's job done
the obvious way.

    detector.py [--db build/masthead.db] FILE   (or stdin) > out.jsonl

For every input line, one output line: {"line", "publisher", "origin",
"mentions"} with outlet ids, or {"line", "error"} when the line is not a JSON
object. The publisher comes from the record's url (full host, then the
registrable domain by tldextract) else from the last copyright footer of the
text; the origin from a wire dateline; mentions from URLs in the text.
"""
import argparse
import json
import sys

from common import Lookup, dateline, footer, mentions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="build/masthead.db")
    ap.add_argument("--text-field", default="text")
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
        except ValueError as e:
            out.write(json.dumps({"line": n, "error": str(e)[:200]}) + "\n")
            continue
        text = rec.get(args.text_field)
        text = text if isinstance(text, str) else ""
        url = rec.get(args.url_field)
        publisher = lookup.url(url) if isinstance(url, str) else None
        if not publisher:
            publisher = footer(text, lookup)
        res = {"line": n, "publisher": publisher, "origin": dateline(text, lookup),
               "mentions": mentions(text, lookup)}
        out.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
