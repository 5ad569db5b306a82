#!/usr/bin/env python3
"""Wikipedia "Reliable sources/Perennial sources" (scrape of 2021-03-17) -> data/rsp/.

usage: python3 import/rsp.py PATH/TO/wikipedia-perennial-sources

Licence: CC BY-SA 3.0 (Wikipedia contributors; scraped by Kudusch). Share-alike:
everything this importer writes stays in data/rsp/ (see ATTRIBUTION.md).

Decisions (see also README.md):
- Names and hosts only: the `info` summaries are never read.
- Outlet name = the entry name without its parenthesised parts ("Fox News (talk
  shows)" -> "Fox News"); several entries with the same hosts are one outlet with
  one rating row per status and entry ("Fox News" carries three statuses).
- Ratings: rater wikipedia-rsp, metric status, the status label as given (one
  of the labels of codes/raters.tsv; anything else is reported and skipped),
  as_of 2021-03-17, cite_ref row=<id> (the dataset's id equals the data row).
- Hosts come from the `urls` list. Links to reference sites (Wikidata,
  Wikipedia edit pages, library catalogues, stock quotes, YouTube channels,
  streaming shops) are dropped unless they are a bare host (the Wikidata entry
  keeps www.wikidata.org). A host+path is reduced to its host ("www.afp.com/en"
  -> afp.com) unless that host belongs to another outlet ("dailymail.co.uk/
  mailonsunday" stays a path prefix for The Mail on Sunday) or KEEP_PATH says so.
  DROP lists links that name the owner's or an unrelated site, not the source.
- Linking: a host already held by an entity (exact, or a parent host of a named
  outlet with a compatible name) is that entity. Entries with no usable host link
  by exact name only when one entity has that name. No country is inferred.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Source, dataset_dir_arg, read_csv_rows, split_url, registrable, name_variants,  # noqa: E402
                    names_compatible, read_codes, CODES, read_tsv)

CITE = 'wikipedia-rsp'
AS_OF = '2021-03-17'
BLOCK = {'wikidata.org', 'wikipedia.org', 'wiktionary.org', 'wikisource.org', 'toolforge.org', 'nasdaq.com',
         'nyse.com', 'loc.gov', 'psu.edu', 'ub.edu', 'washington.edu', 'issn.org', 'nih.gov', 'jstor.org',
         'ams.org', 'cas.org', 'scopus.com', 'youtube.com', 'fubo.tv', 'hotstar.com', 'github.io',
         'marcinwrochna.github.io'}
DROP = {
    ('Quackwatch', 'sceptiques.qc.ca'),       # a mirror on another organisation's site
    ('The Mary Sue', 'dan-abrams.com'),       # a person's site, not the source
    ('Pride.com', 'heremedia.com'),           # the owner's corporate site
}
KEEP_PATH = {'google.com/maps'}


def base_name(name):
    b = re.sub(r'\s*\([^()]*\)', '', name).strip()
    return b or name.strip()


def main():
    d = dataset_dir_arg('wikipedia-perennial-sources')
    rows = read_csv_rows(os.path.join(d, 'perennial-sources.csv'))
    src = Source('rsp', CITE, 'rsp.py', 'wikipedia-perennial-sources/perennial-sources.csv (Kudusch, commit 1a7c0c2; CC BY-SA 3.0)')
    reg = src.reg
    src.citation(id=CITE, kind='dataset',
                 title='Wikipedia: Reliable sources/Perennial sources, as scraped on 2021-03-17',
                 url='https://github.com/Kudusch/wikipedia-perennial-sources', file='perennial-sources.csv',
                 commit='1a7c0c2d7bfc5346c8272598299382e674725972', published=AS_OF, license='CC BY-SA 3.0',
                 note='Wikipedia contributors (en.wikipedia.org/wiki/Wikipedia:Reliable_sources/Perennial_sources), scraped by GitHub user Kudusch; share-alike. Row keys: row=<id> (= data row).')
    labels = set()
    for _, r in read_tsv(os.path.join(CODES, 'raters.tsv')):
        if r['rater'] == 'wikipedia-rsp' and r['metric'] == 'status':
            labels = set(r['labels'].split('|'))

    for n, r in enumerate(rows, 1):
        rid = int(r['id']) if r.get('id', '').isdigit() else n
        ref = 'row=%d' % rid
        name = base_name(r['name'])
        try:
            urls = json.loads(r['urls'] or '[]')
            statuses = json.loads(r['status'] or '[]')
        except ValueError:
            src.conflict('bad-json', ref, r['name'])
            continue
        entry_names = name_variants(r['name']) + name_variants(name)
        # hosts of the entry
        locs = []
        for u in urls:
            host, path = split_url(u)
            if not host:
                src.conflict('bad-url', ref, u)
                continue
            reg_dom = registrable(host) or host
            if (name, reg_dom) in DROP:
                src.conflict('url-dropped', ref, u)
                continue
            # a block entry covers its subdomains too: toolforge.org is a
            # public suffix, so iw.toolforge.org is its own registrable domain
            if any(host == b or host.endswith('.' + b) for b in BLOCK):
                if path:
                    continue
            loc = host
            if path:
                full = host + path.lower()
                if full in KEEP_PATH:
                    loc = full
                else:
                    held, _ = reg.lookup_host(host)
                    if held and not names_compatible(reg.names_of(held), entry_names):
                        loc = full
            if loc not in locs:
                locs.append(loc)
        # the entity
        eid = None
        for loc in locs:
            held, _ = reg.lookup_host(loc, exact_only=True)
            if held:
                eid = held
                break
        if eid is None:
            for loc in locs:
                held, _ = reg.lookup_host(loc)
                e = reg.entities.get(held) if held else None
                if e and e.table == 'outlets' and e.named_by != 'domain' and names_compatible(reg.names_of(held), entry_names):
                    eid = held
                    break
        if eid is None and not locs:
            eid = reg.find_by_name(name_variants(name), '', tables=('outlets',), require_country=False)
        if eid is None:
            eid = src.outlet(reg.new_id('rsp', name), name, 'other', '', ref)
        first = eid in src.created and not any(x['entity'] == eid for x in src.rows['domains'])
        for i, loc in enumerate(locs):
            src.domain(eid, loc, 'primary' if first and i == 0 else 'other', ref)
        for s in statuses:
            if s not in labels:
                src.conflict('not-a-status-label', ref, r['name'], s)
                continue
            src.rating(eid, 'wikipedia-rsp', 'status', s, AS_OF, ref)

    src.write()
    print(src.summary())


if __name__ == '__main__':
    main()
