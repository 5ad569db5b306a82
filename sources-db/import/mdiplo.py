#!/usr/bin/env python3
""""Médias français : qui possède quoi ?" (Le Monde diplomatique & Acrimed, update of
December 2024) -> data/mdiplo/.

usage: python3 import/mdiplo.py PATH/TO/mdiplo-medias-francais

Licence: ODC-By 1.0. Contains information from Médias français
(mdiplo/Medias_francais) which is made available under the ODC Attribution
License (see ATTRIBUTION.md).

Decisions (see also README.md):
- medias.tsv -> outlets. Kind from Type: Télévision -> tv, Radio -> radio, Site ->
  digital; Presse -> newspaper when daily (Quotidien) or a regional weekly, else
  magazine. Country FR, except Echelle "Suisse" -> CH, "Monaco" -> MC, "Europe"
  (Arte) -> XX, and three overseas titles (COUNTRY_OVERRIDE). "Disparu" is not
  imported (outlets have no column for it). A target missing from medias.tsv
  ("Le Un Hebdo") is still created as an outlet of kind other.
- organisations.tsv -> orgs (kinds and the few certain countries in ORG_KIND);
  personnes.tsv -> orgs of kind person ("Famille ..." -> family; heirs -> other).
  Their Challenges/Forbes ranks are not imported. Comments that give an earlier
  or legal name become aliases (ORG_COMMENT_ALIASES).
- The four edge files -> ownership, as_of 2024-12 (the dataset's update):
    "égal à N%"            -> owns, share N (a number; "0.00%" stays 0)
    "supérieur à / inférieur à N%" -> owns, share empty, share_text the wording
    "contrôle"             -> controls, share_text "contrôle"
    "participe"            -> owns, share_text "participe" (a stake of unstated size)
  cite_ref file=<edge file>,row=<data row> (the files' own id column repeats ids).
- Domains: the dataset has none. import/mdiplo-domains.tsv maps an outlet name to
  its primary host for outlets whose site was confirmed on a public page (each
  row cites that page). Most outlets stay without a domain.
- Linking: an outlet whose host or exact name (same country) an entity already
  holds is that entity; orgs link by exact name.
"""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (Source, dataset_dir_arg, read_tsv, name_variants, names_compatible, HERE, slugify,  # noqa: E402
                    clean_host)
import csv  # noqa: E402

CITE = 'mdiplo'
AS_OF = '2024-12'
COUNTRY_OVERRIDE = {
    'Les Nouvelles calédoniennes': 'NC',
    'Le Journal de l’Île de la Réunion': 'RE',
    'France Guyane': 'GF',
}
ECHELLE_COUNTRY = {'Suisse': 'CH', 'Monaco': 'MC', 'Europe': 'XX'}
ORG_KIND = {
    'République française': ('state', 'FR'),
    'République fédérale d’Allemagne': ('state', 'DE'),
    'Province de Liège': ('government', 'BE'),
    'ARD / ZDF': ('public_body', 'DE'),
    'France Télévision': ('public_body', 'FR'),
    'Radio France': ('public_body', 'FR'),
    'France Médias Monde': ('public_body', 'FR'),
    'Arte France': ('public_body', 'FR'),
    'Fondation Varenne': ('foundation', ''),
    'Fonds de Dotation pour une Presse Indépendante': ('foundation', ''),
    "Fonds pour l'indépendance de la presse": ('foundation', ''),
    'Association Günter-Holzmann': ('nonprofit', ''),
    'Les Amis du Monde diplomatique': ('nonprofit', ''),
    'Les Augustins de l’Assomption': ('religious', ''),
    'Qatar Investment Authority': ('fund', 'QA'),
}
ORG_COMMENT_ALIASES = {
    'Combat Solutions': [('former_name', 'Les Nouvelles Éditions indépendantes')],
    'ESH Médias': [('former_name', 'Rhône Médias')],
    'Groupe Le Monde': [('legal_entity', 'Le Monde SA')],
    'Lagardère News': [('former_name', 'Lagardère Active')],
    'Lagardère SA': [('former_name', 'Lagardère SCA')],
    'Les éditions Croque Futur': [('former_name', 'Sophia Publications')],
    'NJJ': [('brand', 'NJJ Presse')],
}
EDGE_FILES = ['organisation-organisation.tsv', 'personne-organisation.tsv', 'organisation-media.tsv',
              'personne-media.tsv']


def rd(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f, delimiter='\t'))


def outlet_kind(r):
    t = (r.get('Type') or '').strip()
    if t.startswith('Télévision'):
        return 'tv'
    if t.startswith('Radio'):
        return 'radio'
    if t.startswith('Site'):
        return 'digital'
    if t.startswith('Presse'):
        per = (r.get('Periodicite') or '').strip()
        if per == 'Quotidien' or (per == 'Hebdomadaire' and (r.get('Echelle') or '').strip() == 'Régional'):
            return 'newspaper'
        return 'magazine'
    return 'other'


def parse_share(qual, val):
    qual, val = (qual or '').strip(), (val or '').strip()
    m = re.match(r'^(\d+(?:\.\d+)?)\s*%$', val)
    if qual == 'égal à' and m:
        num = ('%f' % float(m.group(1))).rstrip('0').rstrip('.')
        return 'owns', num, ''
    if qual in ('supérieur à', 'inférieur à') and m:
        return 'owns', '', '%s %s' % (qual, val)
    if qual == 'contrôle':
        return 'controls', '', 'contrôle'
    if qual == 'participe':
        return 'owns', '', 'participe'
    return None, '', ''


def main():
    d = dataset_dir_arg('mdiplo-medias-francais')
    src = Source('mdiplo', CITE, 'mdiplo.py', 'mdiplo-medias-francais (mdiplo/Medias_francais, commit 231814e; ODC-By 1.0)')
    reg = src.reg
    src.citation(id=CITE, kind='dataset',
                 title='Médias français : qui possède quoi ? (Le Monde diplomatique & Acrimed), update of December 2024',
                 url='https://github.com/mdiplo/Medias_francais',
                 file='medias.tsv, organisations.tsv, personnes.tsv, organisation-media.tsv, organisation-organisation.tsv, personne-media.tsv, personne-organisation.tsv',
                 commit='231814eab6aa48b355a87b73258c357bf3bbd457', published='2024-12-17', license='ODC-By-1.0',
                 note='Contains information from Médias français (mdiplo/Medias_francais) which is made available under the ODC Attribution License (https://opendatacommons.org/licenses/by/1.0/). Row keys: file=<file>,row=<data row>.')

    # hand-made domains, each with the page that confirmed it
    domains = {}
    page_cites = {}
    for _, row in read_tsv(os.path.join(HERE, 'mdiplo-domains.tsv')):
        host = clean_host(row['host'])
        if not host:
            src.conflict('bad-host-in-mapping', row['name'], row['host'])
            continue
        url = row['url']
        if url not in page_cites:
            cid = 'mdiplo-site-' + slugify(host)
            page_cites[url] = cid
            src.citation(id=cid, kind='url', title='Page naming the website of %s' % row['name'], url=url,
                         accessed=row['accessed'], note='Read for: %s' % row['note'] if row.get('note') else
                         'Read for: the official website of %s is %s' % (row['name'], host))
        domains.setdefault(row['name'], []).append((host, page_cites[url]))
    medias_names = {(r.get('Nom') or '').strip() for r in rd(os.path.join(d, 'medias.tsv'))}
    for name in sorted(domains):
        if name not in medias_names:
            src.conflict('mapping-name-not-in-medias', name)

    medias = rd(os.path.join(d, 'medias.tsv'))
    ent = {}       # dataset name -> entity id

    def make_outlet(name, kind, cc, ref):
        locs = domains.get(name, [])
        eid = None
        for host, _ in locs:
            held, _k = reg.lookup_host(host, exact_only=True)
            if held:
                eid = held
                break
        if eid is None:
            eid = reg.find_by_name(name_variants(name), cc, tables=('outlets',))
        if eid is None:
            for host, _ in locs:
                held, _k = reg.lookup_host(host)
                e = reg.entities.get(held) if held else None
                if e and e.table == 'outlets' and e.named_by != 'domain' and names_compatible(reg.names_of(held), name_variants(name)):
                    eid = held
                    break
        if eid is None:
            eid = src.outlet(reg.new_id('mdiplo', name), name, kind, cc, ref)
        for host, cid in locs:
            src.domain(eid, host, 'primary', '', cite=cid)
        return eid

    for n, r in enumerate(medias, 1):
        name = (r.get('Nom') or '').strip()
        if not name:
            continue
        cc = COUNTRY_OVERRIDE.get(name) or ECHELLE_COUNTRY.get((r.get('Echelle') or '').strip(), 'FR')
        ent[('media', name)] = make_outlet(name, outlet_kind(r), cc, 'file=medias.tsv,row=%d' % n)

    for fname, kind_of in (('organisations.tsv', 'org'), ('personnes.tsv', 'person')):
        for n, r in enumerate(rd(os.path.join(d, fname)), 1):
            name = (r.get('nom') or r.get('Nom') or '').strip()
            if not name:
                continue
            ref = 'file=%s,row=%d' % (fname, n)
            if kind_of == 'person':
                kind, cc = ('family' if name.startswith('Famille ') else 'other' if name.startswith('Ayant droit') else 'person'), ''
                tables = ('orgs',)
            else:
                kind, cc = ORG_KIND.get(name, ('company', ''))
                tables = ('orgs', 'outlets')
            eid = reg.find_by_name(name_variants(name), cc, tables=tables, allow_empty_country=True)
            if eid is None:
                eid = src.org(reg.new_id('mdiplo', name), name, kind, cc, ref)
            ent[(kind_of, name)] = eid
            for akind, alias in ORG_COMMENT_ALIASES.get(name, []):
                src.alias(eid, alias, akind, ref)

    def resolve(name, kinds, ref):
        for k in kinds:
            if (k, name) in ent:
                return ent[(k, name)]
        src.conflict('unknown-name', ref, name)
        if 'media' in kinds:
            eid = make_outlet(name, 'other', 'FR', ref)
            ent[('media', name)] = eid
            return eid
        eid = src.org(reg.new_id('mdiplo', name), name, 'company', '', ref)
        ent[('org', name)] = eid
        return eid

    for fname in EDGE_FILES:
        origin_kind = ['person'] if fname.startswith('personne') else ['org']
        target_kind = ['media'] if fname.endswith('-media.tsv') else ['org']
        for n, r in enumerate(rd(os.path.join(d, fname)), 1):
            ref = 'file=%s,row=%d' % (fname, n)
            o, t = (r.get('origine') or '').strip(), (r.get('cible') or '').strip()
            if not o or not t:
                continue
            rel, share, text = parse_share(r.get('qualificatif'), r.get('valeur'))
            if rel is None:
                src.conflict('unknown-qualifier', ref, r.get('qualificatif'), r.get('valeur'))
                continue
            owner = resolve(o, origin_kind, ref)
            owned = resolve(t, target_kind, ref)
            src.ownership(owner, owned, rel, ref, share=share, share_text=text, as_of=AS_OF)

    src.write()
    print(src.summary())


if __name__ == '__main__':
    main()
