#!/usr/bin/env python3
"""State Media Matrix (ASD at GMF, seeded by the MJRC State Media Monitor) -> data/smm/.

usage: python3 import/smm.py PATH/TO/asd-state-media

Decisions (see also README.md):
- One data row = one "Main assets" outlet of one "Media company". Category
  prefixes in the asset name ("Print:", "News agency:", "Television:", ...) are
  dropped from the name and give the outlet kind; without one, the kind comes
  from plain words in the name (TV/Television -> tv, Radio -> radio, both ->
  broadcaster, Agency -> wire_agency), else `other`.
- The URL gives the outlet's host (FQDN as given, without www.). Its path is kept
  as a host+path prefix only when it does more than pick a language or an entry
  page ("/en/", "/index.html" are dropped; "/radio", "/respublika" are kept).
- A location (host or host+path) listed for several different outlets goes to:
  the entity that earlier data already gives it to (the assets named like that
  entity become it, the others get no host); else
  the outlet named in SHARED_LOCATION_OWNER; else the single outlet whose name is
  the company's name; else, when all those rows share one company, to the
  company (the network's common site, which then also carries the class when
  every asset on it has the same class); else to nobody (import/conflicts/smm.tsv).
  Rows whose names are compatible (one contains the other) on a shared location
  are one outlet ("Global Times" / "Global Times (English)").
- "Media company" -> an org that `controls` the asset (the Matrix names the
  company that runs each asset, not its equity: `controls` = operator, see
  codes/kinds.tsv). No edge and no org when the company is the outlet itself
  ("TASS" / "TASS", "Sputnik News" / "Sputnik International").
- "Typology" -> a state_media row, source `smm-matrix`, as_of the snapshot date
  2024-02-07, country = the row's country (ISO alpha-2 by COUNTRY below;
  "Europen Union" -> XX with a note). "ISFM?" -> ISFM with a note that the source
  marks it as uncertain. "Status" values about the site (not functional,
  certificate expired) go into the note; "Merged from ..." provenance does not.
- Social links -> aliases of kind `handle` (platform:handle). A handle that the
  Matrix gives to more than one outlet (copied across rows) is dropped.
- Trailing footnote marks (*, **) on company names are removed.
"""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Source, dataset_dir_arg, read_csv_rows, split_url, location, name_variants,  # noqa: E402
                    names_compatible, fold_name, social_handle)

SNAPSHOT = '2024-02-07'
CITE = 'asd-smm'

COUNTRY = {
    'Afghanistan': 'AF', 'Albania': 'AL', 'Algeria': 'DZ', 'Angola': 'AO', 'Argentina': 'AR', 'Armenia': 'AM',
    'Australia': 'AU', 'Austria': 'AT', 'Azerbaijan': 'AZ', 'Bahrain': 'BH', 'Bangladesh': 'BD', 'Belarus': 'BY',
    'Belgium': 'BE', 'Benin': 'BJ', 'Bhutan': 'BT', 'Bolivia': 'BO', 'Bosnia and Herzegovina': 'BA',
    'Botswana': 'BW', 'Brazil': 'BR', 'Brunei': 'BN', 'Bulgaria': 'BG', 'Burkina Faso': 'BF', 'Burundi': 'BI',
    'Cambodia': 'KH', 'Cameroon': 'CM', 'Canada': 'CA', 'Central African Republic': 'CF', 'Chad': 'TD',
    'Chile': 'CL', 'China': 'CN', 'Colombia': 'CO', 'Congo': 'CG', 'Costa Rica': 'CR', 'Croatia': 'HR',
    'Cuba': 'CU', 'Cyprus': 'CY', 'Czechia': 'CZ', "Côte d'Ivoire": 'CI', 'DR Congo': 'CD', 'Denmark': 'DK',
    'Djibouti': 'DJ', 'Dominican Republic': 'DO', 'Ecuador': 'EC', 'Egypt': 'EG', 'El Salvador': 'SV',
    'Eritrea': 'ER', 'Estonia': 'EE', 'Ethiopia': 'ET', 'Europen Union': 'XX', 'Finland': 'FI', 'France': 'FR',
    'Gabon': 'GA', 'Georgia': 'GE', 'Germany': 'DE', 'Ghana': 'GH', 'Greece': 'GR', 'Guatemala': 'GT',
    'Haiti': 'HT', 'Honduras': 'HN', 'Hong Kong': 'HK', 'Hungary': 'HU', 'Iceland': 'IS', 'India': 'IN',
    'Indonesia': 'ID', 'Iran': 'IR', 'Iraq': 'IQ', 'Ireland': 'IE', 'Israel': 'IL', 'Italy': 'IT',
    'Jamaica': 'JM', 'Japan': 'JP', 'Jordan': 'JO', 'Kazakhstan': 'KZ', 'Kenya': 'KE', 'Kuwait': 'KW',
    'Laos': 'LA', 'Latvia': 'LV', 'Lebanon': 'LB', 'Lesotho': 'LS', 'Liberia': 'LR', 'Libya': 'LY',
    'Liechtenstein': 'LI', 'Lithuania': 'LT', 'Macao': 'MO', 'Madagascar': 'MG', 'Malawi': 'MW',
    'Malaysia': 'MY', 'Malta': 'MT', 'Mauritania': 'MR', 'Mexico': 'MX', 'Moldova': 'MD', 'Mongolia': 'MN',
    'Montenegro': 'ME', 'Morocco': 'MA', 'Mozambique': 'MZ', 'Myanmar': 'MM', 'Namibia': 'NA', 'Nepal': 'NP',
    'Netherlands': 'NL', 'New Zealand': 'NZ', 'Nicaragua': 'NI', 'Niger': 'NE', 'Nigeria': 'NG',
    'North Korea': 'KP', 'North Macedonia': 'MK', 'Norway': 'NO', 'Oman': 'OM', 'Pakistan': 'PK',
    'Palestine territories': 'PS', 'Panama': 'PA', 'Paraguay': 'PY', 'Peru': 'PE', 'Philippines': 'PH',
    'Poland': 'PL', 'Portugal': 'PT', 'Qatar': 'QA', 'Romania': 'RO', 'Russia': 'RU', 'Rwanda': 'RW',
    'Saudi Arabia': 'SA', 'Senegal': 'SN', 'Serbia': 'RS', 'Singapore': 'SG', 'Slovakia': 'SK',
    'Slovenia': 'SI', 'Somalia': 'SO', 'South Africa': 'ZA', 'South Korea': 'KR', 'South Sudan': 'SS',
    'Spain': 'ES', 'Sri Lanka': 'LK', 'Sudan': 'SD', 'Sweden': 'SE', 'Switzerland': 'CH', 'Syria': 'SY',
    'Taiwan': 'TW', 'Tajikistan': 'TJ', 'Tanzania': 'TZ', 'Thailand': 'TH', 'The Gambia': 'GM', 'Togo': 'TG',
    'Tunisia': 'TN', 'Turkey': 'TR', 'Turkmenistan': 'TM', 'UAE': 'AE', 'Uganda': 'UG', 'Ukraine': 'UA',
    'United Kingdom': 'GB', 'United States of America': 'US', 'Uruguay': 'UY', 'Uzbekistan': 'UZ',
    'Vatican City': 'VA', 'Venezuela': 'VE', 'Vietnam': 'VN', 'Yemen': 'YE', 'Zambia': 'ZM', 'Zimbabwe': 'ZW',
}

PREFIX_KIND = {
    'news agency': 'wire_agency', 'print media': 'newspaper', 'print': 'newspaper', 'television': 'tv',
    'radio': 'radio', 'online': 'digital', 'news portals': 'digital',
}

# (company, asset) rows whose URL is not the outlet's own site.
URL_DROP = {
    ('SOCAR Media', 'CBC'): 'the URL is the corporate site of the oil company SOCAR, not the channel',
}
# Shared locations decided by hand: location -> asset name that holds it (None: nobody).
SHARED_LOCATION_OWNER = {
    'rodong.rep.kp': 'Rodong Sinmun',           # the site of Rodong Sinmun; Rodongja Sinmun only points at it
    'bna.bh': 'Bahrain News Agency',            # BNA's own site; BRTC's TV and radio are merely listed there
    'shabait.com': 'Shabait',                   # the portal named after the host
    'tnh.gob.hn': 'TNH',                        # tnh = Televisión Nacional de Honduras
    'chinanews.com': 'China News Service (CNS)',
    'yementv.tv': None,                         # two rival channels both called Yemen TV
    'media.gov.kw': None,                       # the ministry's site, listed for radio and TV
    'dendenmedia.com': None,                    # ministry portal, listed for two broadcasters
}
# Asset names the Matrix writes two ways for one outlet (same host).
SAME_OUTLET = {
    'Fǎzhì Rìbào': 'Legal Daily',               # pinyin of the Chinese title of Legal Daily (legaldaily.com.cn)
    'QNA': 'Qatar News Agency',
}
STATUS_NOTE = {
    'currently not functional': 'site not functional at the snapshot',
    'certificate expired': 'site certificate expired at the snapshot',
}
HANDLE_COLUMNS = [('Instagram Link', 'instagram'), ('Twitter Link', 'twitter'), ('Facebook Link', 'facebook'),
                  ('Youtube Link', 'youtube'), ('Telegram Link', 'telegram'), ('VK Link', 'vk'),
                  ('Linkedin link', 'linkedin'), ('Ok.ru link', 'ok'), ('Tiktok Link', 'tiktok'),
                  ('Rutube Link', 'rutube')]


def clean_asset(s):
    s = ' '.join((s or '').split())
    kind = None
    m = re.match(r'^(News agency|Print media|Print|Television|Radio|Online|News portals)\s*:\s*(.+)$', s, re.I)
    if m:
        kind = PREFIX_KIND[m.group(1).lower()]
        s = m.group(2).strip()
    s = SAME_OUTLET.get(s, s)
    if kind is None:
        low = s.casefold()
        tv = re.search(r'\b(tv|television|televisión|télévision|televizioni|televizija|televisi|telewizja|'
                       r'kanal|canal|channel|телевидение)\b', low) is not None
        radio = re.search(r'\b(radio|radyo|radju|rádio|радио|fm)\b', low) is not None
        agency = re.search(r'\b(news agency|agency|agencia|agence|agência|agenzia)\b', low) is not None
        if agency:
            kind = 'wire_agency'
        elif tv and radio:
            kind = 'broadcaster'
        elif tv:
            kind = 'tv'
        elif radio:
            kind = 'radio'
        else:
            kind = 'other'
    return s, kind


def clean_company(s):
    return ' '.join((s or '').split()).rstrip('*').strip()


def org_kind(name):
    low = name.casefold()
    if re.search(r'\b(ministry|ministère|ministerio|government|gobierno|gouvernement|department|presidency|'
                 r'state press|press unit|state publishing|council of ministers)\b', low):
        return 'government'
    if re.search(r'\b(party|partido|parti)\b', low):
        return 'party'
    if re.search(r'\b(foundation|fundación|fundação|fondation|stiftung)\b', low):
        return 'foundation'
    if re.search(r'\buniversity\b', low):
        return 'university'
    return 'company'


def main():
    d = dataset_dir_arg('asd-state-media')
    rows = read_csv_rows(os.path.join(d, 'State_Media_Matrix.csv'))
    src = Source('smm', CITE, 'smm.py', 'asd-state-media/State_Media_Matrix.csv (ASD at GMF, commit d878fee)')
    reg = src.reg
    src.citation(id=CITE, kind='dataset',
                 title='State Media Matrix (Alliance for Securing Democracy at GMF; seed columns from the State Media Monitor, MJRC)',
                 url='https://github.com/ASD-at-GMF/state-media-profiles', file='State_Media_Matrix.csv',
                 commit='d878fee1e0aecce9bd63a65ae826df84c6d80e59', published=SNAPSHOT, license='MIT',
                 note='Copyright (c) 2023 ASD-at-GMF; Country, Media company, Main assets and Typology provided by the State Media Monitor (statemediamonitor.com). Row keys count data rows from 1.')

    # ---- prepare rows
    recs = []
    for i, r in enumerate(rows, 1):
        asset, kind = clean_asset(r.get('Main assets'))
        company = clean_company(r.get('Media company'))
        if not asset and not company:
            continue
        if not asset:
            src.conflict('no-asset', 'row=%d' % i, company)
            continue
        cname = (r.get('Country') or '').strip()
        cc = COUNTRY.get(cname)
        if not cc:
            src.conflict('no-country', 'row=%d' % i, asset)
            cc = ''
        host, path = split_url(r.get('URL'))
        if (company, asset) in URL_DROP:
            src.conflict('url-dropped', 'row=%d' % i, r.get('URL'), URL_DROP[(company, asset)])
            host, path = None, ''
        elif (r.get('URL') or '').strip() and not host:
            src.conflict('bad-url', 'row=%d' % i, r.get('URL'))
        recs.append({'row': i, 'asset': asset, 'kind': kind, 'company': company, 'cc': cc, 'cname': cname,
                     'loc': location(host, path), 'code': (r.get('Typology') or '').strip(),
                     'status': (r.get('Status') or '').strip(), 'raw': r})

    # ---- dataset-internal outlet keys: same country and folded name
    def okey(rec):
        return (rec['cc'], name_variants(rec['asset'])[0])
    for rec in recs:
        rec['key'] = okey(rec)
    by_loc = {}
    for rec in recs:
        if rec['loc']:
            by_loc.setdefault(rec['loc'], []).append(rec)
    # merge compatible names on a shared location into the first one's key
    for loc, group in by_loc.items():
        if SHARED_LOCATION_OWNER.get(loc, '') is None:
            continue
        for j, rec in enumerate(group):
            for prev in group[:j]:
                if prev['key'] != rec['key'] and names_compatible(name_variants(prev['asset']), name_variants(rec['asset'])):
                    old = rec['key']
                    for x in recs:
                        if x['key'] == old:
                            x['key'] = prev['key']
                    break

    # who holds each location
    loc_holder = {}      # loc -> ('outlet', key) | ('company', (cc, company)) | None
    existing_link = {}  # outlet key -> existing entity that holds the shared location
    existing_company = {}  # (cc, folded company) -> existing entity holding the company's shared site
    for loc, group in by_loc.items():
        keys = []
        for rec in group:
            if rec['key'] not in keys:
                keys.append(rec['key'])
        if len(keys) == 1:
            loc_holder[loc] = ('outlet', keys[0])
            continue
        held, _k = reg.lookup_host(loc, exact_only=True)
        if held:
            # earlier data holds this shared site: the assets named like its holder are that entity
            hits = [k for k in keys if names_compatible(reg.names_of(held),
                                                        name_variants(next(x['asset'] for x in group if x['key'] == k)))]
            for k in hits:
                existing_link[k] = held
            loc_holder[loc] = ('existing', held)
            companies = {(x['cc'], fold_name(x['company'])) for x in group}
            if not hits and len(companies) == 1 and group[0]['company'] and \
                    names_compatible(reg.names_of(held), name_variants(group[0]['company'])):
                # the holder is the company whose assets share the site: the network
                existing_company[companies.pop()] = held
                loc_holder[loc] = ('company', (group[0]['cc'], fold_name(group[0]['company'])))
            elif not hits:
                src.conflict('shared-location-held-elsewhere', loc, held,
                             '; '.join('row=%d %s' % (x['row'], x['asset']) for x in group))
            continue
        if loc in SHARED_LOCATION_OWNER:
            want = SHARED_LOCATION_OWNER[loc]
            hit = [rec['key'] for rec in group if want is not None and rec['asset'] == want]
            loc_holder[loc] = ('outlet', hit[0]) if hit else None
            if not hit:
                src.conflict('shared-location-unassigned', loc, '; '.join('row=%d %s' % (x['row'], x['asset']) for x in group))
            continue
        flag = []
        for rec in group:
            cv = name_variants(rec['company'])
            if set(name_variants(rec['asset'])) & set(cv) and rec['key'] not in flag:
                flag.append(rec['key'])
        if len(flag) == 1:
            loc_holder[loc] = ('outlet', flag[0])
            continue
        companies = {(x['cc'], fold_name(x['company'])) for x in group}
        if len(companies) == 1 and group[0]['company']:
            loc_holder[loc] = ('company', (group[0]['cc'], fold_name(group[0]['company'])))
            continue
        loc_holder[loc] = None
        src.conflict('shared-location-unassigned', loc, '; '.join('row=%d %s' % (x['row'], x['asset']) for x in group))

    # ---- pass 1: outlets
    key_entity = {}
    handle_owner = {}
    order = []
    for rec in recs:
        if rec['key'] not in order:
            order.append(rec['key'])
    by_key = {}
    for rec in recs:
        by_key.setdefault(rec['key'], []).append(rec)

    for key in order:
        group = by_key[key]
        first = group[0]
        my_locs = []
        for rec in group:
            if rec['loc'] and loc_holder.get(rec['loc']) == ('outlet', key) and rec['loc'] not in [l for l, _ in my_locs]:
                my_locs.append((rec['loc'], rec['row']))
        asset_names = []
        for rec in group:
            for v in name_variants(rec['asset']):
                if v not in asset_names:
                    asset_names.append(v)
        comp_names = []
        for rec in group:
            for v in name_variants(rec['company']):
                if v not in comp_names:
                    comp_names.append(v)
        eid, how = existing_link.get(key), ('host' if key in existing_link else None)
        for loc, _ in my_locs:
            if eid:
                break
            held, _k = reg.lookup_host(loc, exact_only=True)
            if held and reg.entities.get(held) and reg.entities[held].table == 'outlets':
                eid, how = held, 'host'
                break
        if eid is None:
            eid = reg.find_by_name(asset_names, first['cc'], tables=('outlets',))
            how = 'name' if eid else None
        if eid is None:
            for loc, _ in my_locs:
                held, k = reg.lookup_host(loc)
                e = reg.entities.get(held) if held else None
                if e and e.table == 'outlets' and e.named_by != 'domain' and \
                        names_compatible(reg.names_of(held), asset_names + comp_names):
                    eid, how = held, 'parent'
                    break
        created = False
        if eid is None:
            eid = src.outlet(reg.new_id('smm', first['asset'], fallback=(my_locs[0][0] if my_locs else 'row-%d' % first['row']),
                                        qualifier=first['cc']),
                             first['asset'], first['kind'], first['cc'], 'row=%d' % first['row'])
            created = True
        elif how == 'host':
            for rec in group:
                if fold_name(rec['asset']) not in reg.names_of(eid):
                    src.alias(eid, rec['asset'], 'brand', 'row=%d' % rec['row'])
        elif how == 'parent':
            pass
        key_entity[key] = eid
        for n, (loc, row) in enumerate(my_locs):
            src.domain(eid, loc, 'primary' if created and n == 0 else 'edition', 'row=%d' % row)
        for rec in group:
            code, note = rec['code'], []
            if not code:
                src.conflict('no-typology', 'row=%d' % rec['row'], rec['asset'])
                continue
            if code.endswith('?'):
                code = code.rstrip('?')
                note.append('the Matrix marks this class as uncertain (%s)' % rec['code'])
            if rec['cname'] == 'Europen Union':
                note.append('listed under the European Union, not a single state')
            st = STATUS_NOTE.get(rec['status'].casefold())
            if st:
                note.append(st)
            src.state_media(eid, code, rec['cc'], SNAPSHOT, 'smm-matrix', 'row=%d' % rec['row'], note='; '.join(note))
            for col, platform in HANDLE_COLUMNS:
                h = social_handle(rec['raw'].get(col))
                if (rec['raw'].get(col) or '').strip() and not h:
                    src.conflict('bad-handle', 'row=%d' % rec['row'], col, rec['raw'].get(col))
                if h:
                    handle_owner.setdefault(h, []).append((eid, rec['row']))

    # ---- pass 2: companies
    comp_entity = dict(existing_company)
    for rec in recs:
        if not rec['company']:
            continue
        out = key_entity[rec['key']]
        cvars = name_variants(rec['company'])
        onames = set(reg.names_of(out)) | set(name_variants(rec['asset']))
        if set(cvars) & onames:
            continue          # the company is the outlet itself
        ck = (rec['cc'], fold_name(rec['company']))
        oid = comp_entity.get(ck)
        if oid is None:
            oid = reg.find_by_name(cvars, rec['cc'], tables=('outlets', 'orgs'))
            if oid is None:
                oid = src.org(reg.new_id('smm', rec['company'], qualifier=rec['cc']), rec['company'],
                              org_kind(rec['company']), rec['cc'], 'row=%d' % rec['row'])
            comp_entity[ck] = oid
        src.ownership(oid, out, 'controls', 'row=%d' % rec['row'], as_of=SNAPSHOT)

    # handles: one outlet -> that outlet; several outlets of one company -> the company
    row_company = {}
    for rec in recs:
        if rec['company']:
            row_company[rec['row']] = comp_entity.get((rec['cc'], fold_name(rec['company']))) or key_entity[rec['key']]
    for h in sorted(handle_owner):
        owners = {e for e, _ in handle_owner[h]}
        eid, row = handle_owner[h][0]
        if len(owners) > 1:
            comps = {row_company.get(r) for _, r in handle_owner[h]}
            if len(comps) == 1 and None not in comps:
                eid = comps.pop()
            else:
                src.conflict('handle-on-several-outlets', h, ' '.join(sorted(owners)))
                continue
        src.alias(eid, h, 'handle', 'row=%d' % row)

    for loc in sorted(by_loc):
        h = loc_holder.get(loc)
        if not h or h[0] != 'company':
            continue
        oid = comp_entity.get(h[1])
        group = by_loc[loc]
        if oid is None:
            src.conflict('network-without-org', loc)
            continue
        if not src.domain(oid, loc, 'primary', 'row=%d' % group[0]['row']):
            continue
        codes = {x['code'].rstrip('?') for x in group if x['code']}
        if len(codes) == 1:
            code = codes.pop()
            src.state_media(oid, code, group[0]['cc'], SNAPSHOT, 'smm-matrix', 'row=%d' % group[0]['row'],
                            note='network site: every asset the Matrix lists on %s (%s) has this class'
                                 % (loc, ', '.join('row=%d' % x['row'] for x in group)))
        else:
            src.conflict('network-classes-differ', loc, ' '.join(sorted(codes)))

    src.write()
    print(src.summary())


if __name__ == '__main__':
    main()
