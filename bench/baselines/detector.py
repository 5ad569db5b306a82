#!/usr/bin/python3
"""detector.py — the Python baseline for text records: masthead's job done
the obvious way.

    detector.py [--db build/masthead.db] [--ids-only] FILE   (or stdin) > out.jsonl

For every input line, one output line, or {"line", "error"} when the line is
not a JSON object. The publisher comes from the record's url (full host, then
the registrable domain by tldextract) else from the last copyright footer of
the text; origins from a wire dateline; image credits from photo credits;
mentions from "according to X" and its kin, URLs and @handles in the text.
Each outlet found carries its role, evidence span, state-media code, owners
and ratings; the record is flagged when its publisher or origin is state-
controlled or captured media (SC, CaPu, CaPr), as `masthead enrich` flags.

--ids-only does the smaller job of the first versions of this baseline:
{"line", "publisher", "origin", "mentions"} with outlet ids, mentions from
URLs only, no facts and no flag.
"""
import argparse
import json
import sys

from common import URL, Lookup, annotate, credits, dateline, footer, mentions


def ids_only(n, text, url, lookup):
    publisher = lookup.url(url) if isinstance(url, str) else None
    if not publisher:
        publisher = (footer(text, lookup) or (None,))[0]
    found = []
    for u in URL.findall(text):
        key = lookup.url(u)
        if key and key not in found:
            found.append(key)
    return {"line": n, "publisher": publisher,
            "origin": (dateline(text, lookup) or (None,))[0], "mentions": found}


def full(n, text, url, lookup):
    publisher = lookup.url(url) if isinstance(url, str) else None
    publisher = (publisher, "url") if publisher else footer(text, lookup)
    origin = dateline(text, lookup)
    res = annotate(lookup, publisher, [origin] if origin else [], credits(text, lookup),
                   mentions(text, lookup))
    res["line"] = n
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="build/masthead.db")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--url-field", default="url")
    ap.add_argument("--ids-only", action="store_true")
    ap.add_argument("file", nargs="?")
    args = ap.parse_args()
    lookup = Lookup(args.db)
    job = ids_only if args.ids_only else full
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
        out.write(json.dumps(job(n, text, rec.get(args.url_field), lookup)) + "\n")


if __name__ == "__main__":
    main()
