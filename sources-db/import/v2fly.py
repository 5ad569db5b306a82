#!/usr/bin/env python3
"""v2fly domain-list-community lists -> data/v2fly/.

usage: python3 import/v2fly.py PATH/TO/v2fly-domain-lists

Decisions (see also README.md):
- Which brand a domain serves is decided by hand in import/v2fly-brands.tsv
  (file + domain, or file + the comment section the domain sits under), and the
  brands themselves are described in import/v2fly-entities.tsv. A brand that
  already exists (curated id, a holder of its main host, or the same name and
  country) is reused; otherwise v2fly.py creates v2fly:<brand>. Re-run after
  curated data lands, so that brands link to it.
- List syntax: '#' starts a comment; 'include:' lines and '@ads' lines are not
  domains; 'full:' marks an exact host (a domains row covers subdomains anyway);
  a bare top-level label (the .bbc and .nhk TLD rules) is not a host and is skipped.
- Infrastructure, CDN and shop domains are rows of the group organisation (RT's
  are ANO TV-Novosti's) with kinds infra/cdn/shop.
- The mixed category-media* lists are not state-media lists: only sections whose
  own comment names a brand are taken. v2fly never adds state_media rows.
- Ownership edges are written only for brands with no owner in the data loaded
  before v2fly, from v2fly-entities.tsv: the rossiyasegodnya list itself names
  its media brands (cite v2fly); RT's group comes from two public pages (url
  citations below).
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Source, dataset_dir_arg, read_tsv, clean_host, name_variants, HERE, die  # noqa: E402

CITE = 'v2fly'
SNAPSHOT_COMMIT = 'c975ccef9c19f005a3bfa7a33255d1b406deea64'
FILES = ['rt', 'rossiyasegodnya', 'cctv', 'chinanews', 'phoenix', 'ynet', 'bjyouth', 'chinaso', 'hunantv',
         'aljazeera', 'bbc', 'dw', 'nhk', 'rferl', 'voanews', 'rthk', 'pbs', 'afp', 'category-media',
         'category-media-cn', 'category-media-ir', 'category-news-ir', 'category-media-ru']
URL_CITES = {
    'rt-network-page': dict(kind='url', title='RT (TV network): encyclopedia article (Wikipedia text on a mirror site)',
                            url='https://wiki.gravy.cc/wiki/RT_(TV_network)', accessed='2026-11-29',
                            note='Read for: owner ANO "TV-Novosti"; RT is a brand of TV-Novosti; RT is the parent company of the Ruptly video agency.'),
    'russia-beyond-page': dict(kind='url', title='Russia Beyond: encyclopedia article (French, on a Wikipedia mirror)',
                               url='https://wikiland.org/fr/Russia_Beyond', accessed='2026-11-29',
                               note='Read for: Russia Beyond is operated by ANO TV-Novosti, which it joined on 9 January 2016.'),
}


def parse_list(path):
    """[(line, section, rule)] for the domain rules of a v2fly list."""
    out, section = [], None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if not s:
                continue
            if s.startswith('#'):
                section = s.lstrip('#').strip()
                continue
            rule = s.split('#', 1)[0].strip()
            if not rule or rule.startswith('include:') or rule.startswith('regexp:') or rule.startswith('keyword:'):
                continue
            if '@' in rule:
                if '@ads' in rule.split():
                    continue
                rule = rule.split('@', 1)[0].strip()
            out.append((n, section, rule))
    return out


def main():
    d = dataset_dir_arg('v2fly-domain-lists')
    src = Source('v2fly', CITE, 'v2fly.py', 'v2fly-domain-lists (v2fly/domain-list-community data/, snapshot c975cce)')
    reg = src.reg
    src.citation(id=CITE, kind='dataset', title='v2fly domain-list-community: domain lists of media groups',
                 url='https://github.com/v2fly/domain-list-community', file='data/<list> (the list named in each row key)',
                 commit=SNAPSHOT_COMMIT, published='2026-08-19', license='MIT',
                 note='Copyright (c) 2018-2019 V2Ray. Lists as of master c975cce; data/rt from pull-request commit 02daa72 (adds esrt.space). Row keys: file=<list>,domain=<rule>.')
    for cid, kw in sorted(URL_CITES.items()):
        src.citation(id=cid, **kw)

    ents = {}
    for _, row in read_tsv(os.path.join(HERE, 'v2fly-entities.tsv')):
        if row['brand'] in ents:
            die('v2fly-entities.tsv: brand %s defined twice' % row['brand'])
        ents[row['brand']] = row
    rules = {}
    for _, row in read_tsv(os.path.join(HERE, 'v2fly-brands.tsv')):
        key = (row['file'], row['rule'])
        if key in rules:
            die('v2fly-brands.tsv: %s %s mapped twice' % key)
        if row['brand'] != '-' and row['brand'] not in ents:
            die('v2fly-brands.tsv: brand %s not in v2fly-entities.tsv' % row['brand'])
        rules[key] = row

    resolved = {}

    def brand_entity(b, first_ref):
        if b in resolved:
            return resolved[b]
        e = ents[b]
        eid = None
        if b in reg.entities:
            eid = b
        if eid is None and e['lookup']:
            held, _ = reg.lookup_host(e['lookup'], exact_only=True)
            eid = held
        if eid is None:
            eid = reg.find_by_name(name_variants(e['name']), e['country'], tables=(e['table'],))
        if eid is None:
            nid = 'v2fly:' + b
            if e['table'] == 'orgs':
                src.org(nid, e['name'], e['kind'], e['country'], first_ref)
            else:
                src.outlet(nid, e['name'], e['kind'], e['country'], first_ref)
            eid = nid
        resolved[b] = eid
        for a in filter(None, (e.get('aliases') or '').split(';')):
            kind, _, alias = a.partition(':')
            src.alias(eid, alias, kind, first_ref)
        return eid

    for f in FILES:
        path = os.path.join(d, f)
        if not os.path.exists(path):
            src.conflict('missing-list', f)
            continue
        for n, section, rule in parse_list(path):
            dom = rule[5:] if rule.startswith('full:') else rule
            m = rules.get((f, dom)) or (section and rules.get((f, 'section:' + section))) or rules.get((f, '*'))
            if not m:
                src.conflict('unmapped', f, dom, section or '')
                continue
            if m['brand'] == '-':
                continue
            host = clean_host(dom) if '.' in dom else None
            if not host:
                src.conflict('not-a-host', f, dom)
                continue
            ref = 'file=%s,domain=%s' % (f, dom)
            eid = brand_entity(m['brand'], 'file=%s' % f)
            src.domain(eid, host, m['kind'] or 'other', ref)

    # ownership from v2fly-entities.tsv, for brands without any owner yet
    for b in sorted(resolved):
        e = ents[b]
        if not e.get('owner'):
            continue
        owned = resolved[b]
        if reg.owners.get(owned) and owned not in src.created:
            continue
        if e['owner'] not in ents:
            die('v2fly-entities.tsv: owner %s of %s is not a brand' % (e['owner'], b))
        owner = brand_entity(e['owner'], 'file=%s' % ('rossiyasegodnya' if e['owner_cite'] == 'v2fly' else 'rt'))
        if e['owner_cite'] == CITE:
            src.ownership(owner, owned, e['relation'], e['owner_ref'], since=e.get('since', ''), cite=CITE)
        else:
            src.ownership(owner, owned, e['relation'], e['owner_ref'], since=e.get('since', ''), cite=e['owner_cite'])

    src.write()
    print(src.summary())


if __name__ == '__main__':
    main()
