#!/usr/bin/env python3
"""Local News Dataset 2018 (Leon Yin, NYU SMaPP) -> data/lnd/.

usage: python3 import/lnd.py PATH/TO/local-news-dataset

Decisions (see also README.md):
- One row = one US local outlet: kind from `medium` (Newspapers -> newspaper,
  TV station -> tv, College Newspapers -> college, Magazines -> magazine),
  country US (MX for the Mexican border stations the dataset files under state
  "MX"). The state is not imported. Rows with the same name and the same site
  are one outlet.
- The site comes from `website` (host, plus a path when the path tells papers
  apart: mercurynews.com/campbell), else from `domain`. Profiles on social
  platforms (facebook.com/...) are not sites: they become handles.
- A site listed for several different outlets goes to the one outlet whose name
  is the site's name (kark.com -> KARK, not its subchannels); else, for a
  network's common site (comettv.com, tbn.org, unctv.org), to their owner when they all have the
  same owner (the network's operator), else to nobody (import/conflicts/lnd.tsv).
- Linking: only by site (the exact site, or a parent host of a named outlet with
  a compatible name). Local names repeat across towns ("Free Press", "Daily
  News"), so outlets are never linked by name alone.
- `owner` -> an org that `owns` the outlet, as_of the row's collection date
  (2018-08-02 for most rows): an observation, no since/until. Owner names are
  folded (case, punctuation, legal forms: "Local TV, LLC" = "Local TV") and the
  variants in OWNER_SAME below are merged; nothing else is merged (Hearst and
  Hearst Television, Cox Enterprises and Cox Media Group stay distinct). Owners
  get no country (the dataset does not give one).
- twitter / facebook / youtube -> handle aliases; a handle given to several
  outlets goes to their common owner, else it is dropped.
"""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Source, dataset_dir_arg, read_csv_rows, split_url, location, name_variants,  # noqa: E402
                    names_compatible, fold_name, social_handle, SOCIAL, registrable)

CITE = 'lnd-2018'
KIND = {'Newspapers': 'newspaper', 'TV station': 'tv', 'College Newspapers': 'college', 'Magazines': 'magazine'}
# Owner spellings that name the same company (left) -> the name kept (right).
OWNER_SAME = {
    'Sinclair': 'Sinclair Broadcast Group',
    'Sinclair Broadcasting Group': 'Sinclair Broadcast Group',
    'Nexstar': 'Nexstar Media Group',
    'Nexstar Broadcasting': 'Nexstar Media Group',
    'Nexstar Broadcasting Group': 'Nexstar Media Group',       # renamed Nexstar Media Group in 2017
    'Ion Media Networks': 'ION Media Networks',
    'Entravision': 'Entravision Communications',
    'E.W. Scripps': 'The E.W. Scripps Company',
    'E. W. Scripps Company': 'The E.W. Scripps Company',
    'Raycom': 'Raycom Media',
    'Meredith': 'Meredith Corporation',
    'Univision': 'Univision Communications',
    'Daystar': 'Daystar Television Network',
    'Word of God Fellowship (Daystar)': 'Daystar Television Network',
    'LeSea': 'LeSEA Broadcasting',
    'LeSea Broadcasting': 'LeSEA Broadcasting',
    'Lesea Broadcasting': 'LeSEA Broadcasting',
    'Tribune': 'Tribune Media',                               # the TV company (source tribunemedia.com)
    'Evening Post Publishing Company': 'Evening Post Publishing',
    'Coastal Television Broadcasting Company': 'Coastal Television Broadcasting',
    'Red River Broadcasting Company': 'Red River Broadcasting',
    'Drewry Communications Group': 'Drewry Communications',
    'Bahakel': 'Bahakel Communications',
    'Better Life Television': 'Better Life Television Network',
    'Alabama Educational Television': 'Alabama Educational Television Commission',
    'South Carolina Educational TV': 'South Carolina Educational Television Commission',
    'South Carolina Educational TV Commission': 'South Carolina Educational Television Commission',
    'South Corolina Educational Television': 'South Carolina Educational Television Commission',
    'Gray Televisoin': 'Gray Television',
    'University of Noth Carolina': 'University of North Carolina',
    'State Board of Education, Stateof Idaho': 'State Board of Education, State of Idaho',
    'Sainte': 'Sainte Partners',
    'Televisa': 'Grupo Televisa',
    'Televisa Grupo Televisa': 'Grupo Televisa',
    'Tri-State Christian TV': 'Tri-State Christian Television',
    'Multicultural Television': 'Multicultural Television Broadcasting',
    'Spanish Broadcasting Systems': 'Spanish Broadcasting System',
    'United Communcations Corporation': 'United Communications',
    'Alpha & Omega Communications': 'Alpha and Omega Communications',
    'Rocky Mountain Public Broadcasting': 'Rocky Mountain Public Broadcasting Network',
    'Maryland Public Broadcasting': 'Maryland Public Broadcasting Commission',
}


def owner_kind(name):
    low = name.casefold()
    if re.search(r'\b(university|college|school district|institute)\b', low):
        return 'university'
    if re.search(r'\b(church|fellowship|diocese|ministries|ministry|adventists|evangelistic|catholic|gospel)\b', low):
        return 'religious'
    if re.search(r'\bfoundation\b', low):
        return 'foundation'
    if re.search(r'\b(authority|commission|board of education|educational communications board|'
                 r'telecommunications council|public tv council|state of)\b', low):
        return 'public_body'
    return 'company'


def main():
    d = dataset_dir_arg('local-news-dataset')
    rows = read_csv_rows(os.path.join(d, 'local_news_dataset_2018.csv'))
    src = Source('lnd', CITE, 'lnd.py', 'local-news-dataset/local_news_dataset_2018.csv (Leon Yin, commit d97f2f8)')
    reg = src.reg
    src.citation(id=CITE, kind='dataset', title='Local News Dataset 2018 (Leon Yin, NYU SMaPP)',
                 url='https://github.com/yinleon/LocalNewsDataset', file='data/local_news_dataset_2018.csv',
                 commit='d97f2f86aa7da3813f6e388e637f9e7350e53178', published='2018-08-02', license='MIT',
                 note='Copyright (c) 2018 Leon Yin; doi:10.5281/zenodo.1345145. Collected from usnpl.com, stationindex.com and owner websites; a 2018 snapshot. Row keys count data rows from 1.')

    canon = {}
    for a, b in OWNER_SAME.items():
        canon[fold_name(a)] = b

    def owner_name(raw):
        raw = ' '.join((raw or '').split())
        if not raw:
            return None
        if raw in OWNER_SAME:
            return OWNER_SAME[raw]
        return canon.get(fold_name(raw), raw)

    recs = []
    for i, r in enumerate(rows, 1):
        name = ' '.join((r.get('name') or '').split())
        if not name:
            continue
        state = (r.get('state') or '').strip()
        cc = 'MX' if state == 'MX' else 'US'
        site, handles = None, []
        for col in ('website', 'domain'):
            raw = (r.get(col) or '').strip()
            if not raw:
                continue
            host, path = split_url(raw)
            if not host:
                continue
            if host in SOCIAL or (registrable(host) or host) in SOCIAL:
                h = social_handle(raw)
                if h:
                    handles.append(h)
                continue
            site = location(host, path)
            break
        tw = (r.get('twitter') or '').strip().strip('/')
        if tw:
            h = social_handle(tw, platform_hint='twitter') if '/' not in tw else social_handle(tw)
            if h:
                handles.append(h)
        for col in ('facebook', 'youtube'):
            h = social_handle(r.get(col))
            if h:
                handles.append(h)
        date = (r.get('collection_date') or '')[:10]
        if not re.match(r'^\d{4}-\d{2}-\d{2}$', date):
            date = '2018-08-02'
        recs.append({'row': i, 'name': name, 'cc': cc, 'state': state, 'kind': KIND.get(r.get('medium'), 'other'),
                     'site': site, 'handles': handles, 'owner': owner_name(r.get('owner')), 'date': date})

    # one outlet per (country, folded name, site)
    for rec in recs:
        rec['key'] = (rec['cc'], fold_name(rec['name']), rec['site'] or ('row', rec['row']))
    by_site = {}
    for rec in recs:
        if rec['site']:
            by_site.setdefault(rec['site'], []).append(rec)
    site_holder = {}
    for site, group in by_site.items():
        keys = {x['key'] for x in group}
        if len(keys) == 1:
            site_holder[site] = ('outlet', group[0]['key'])
            continue
        label = (registrable(site.split('/')[0]) or site).split('.')[0]
        flag = {x['key'] for x in group if re.sub(r'[^a-z0-9]', '', fold_name(x['name'])) == label}
        if len(flag) == 1:
            site_holder[site] = ('outlet', flag.pop())
            continue
        owners = {x['owner'] for x in group}
        if len(owners) == 1 and None not in owners:
            site_holder[site] = ('owner', group[0]['owner'])
        else:
            site_holder[site] = None
            src.conflict('shared-site-unassigned', site, '%d outlets' % len(keys),
                         '; '.join('row=%d %s' % (x['row'], x['name']) for x in group[:6]))

    key_entity, order, by_key = {}, [], {}
    for rec in recs:
        if rec['key'] not in by_key:
            order.append(rec['key'])
        by_key.setdefault(rec['key'], []).append(rec)

    for key in order:
        group = by_key[key]
        first = group[0]
        site = first['site'] if first['site'] and site_holder.get(first['site']) == ('outlet', key) else None
        names = name_variants(first['name'])
        eid, how = None, None
        if site:
            held, _ = reg.lookup_host(site, exact_only=True)
            if held and reg.entities.get(held) and reg.entities[held].table == 'outlets':
                eid, how = held, 'host'
        if eid is None and site:
            held, _ = reg.lookup_host(site)
            e = reg.entities.get(held) if held else None
            if e and e.table == 'outlets' and e.named_by != 'domain' and names_compatible(reg.names_of(held), names):
                eid, how = held, 'parent'
        created = eid is None
        if created:
            eid = src.outlet(reg.new_id('lnd', first['name'], qualifier=first['state'] or first['cc']),
                             first['name'], first['kind'], first['cc'], 'row=%d' % first['row'])
        elif how == 'host' and fold_name(first['name']) not in reg.names_of(eid):
            src.alias(eid, first['name'], 'brand', 'row=%d' % first['row'])
        key_entity[key] = eid
        if site:
            src.domain(eid, site, 'primary' if created else 'edition', 'row=%d' % first['row'])

    # owners
    owner_entity = {}

    def owner_of(name, rec):
        if name in owner_entity:
            return owner_entity[name]
        oid = reg.find_by_name(name_variants(name), rec['cc'], tables=('orgs', 'outlets'), allow_empty_country=True)
        if oid is None:
            oid = src.org(reg.new_id('lnd', name), name, owner_kind(name), '', 'row=%d' % rec['row'])
        owner_entity[name] = oid
        return oid

    for rec in recs:
        if not rec['owner']:
            continue
        oid = owner_of(rec['owner'], rec)
        src.ownership(oid, key_entity[rec['key']], 'owns', 'row=%d' % rec['row'], as_of=rec['date'])

    for site in sorted(site_holder):
        h = site_holder[site]
        if h and h[0] == 'owner':
            rec = by_site[site][0]
            src.domain(owner_of(h[1], rec), site, 'primary', 'row=%d' % rec['row'])

    # handles
    handle_rows = {}
    for rec in recs:
        for h in rec['handles']:
            handle_rows.setdefault(h, []).append(rec)
    for h in sorted(handle_rows):
        group = handle_rows[h]
        ents = {key_entity[x['key']] for x in group}
        if len(ents) == 1:
            src.alias(ents.pop(), h, 'handle', 'row=%d' % group[0]['row'])
            continue
        owners = {x['owner'] for x in group}
        if len(owners) == 1 and None not in owners:
            src.alias(owner_of(group[0]['owner'], group[0]), h, 'handle', 'row=%d' % group[0]['row'])
        else:
            src.conflict('handle-on-several-outlets', h, ' '.join(sorted(ents)[:6]))

    src.write()
    print(src.summary())


if __name__ == '__main__':
    main()
