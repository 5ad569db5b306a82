#!/usr/bin/env python3
"""Self-check of every TSV under sources-db/data/ against ../README.md, for use
until (and beside) `masthead db check`. Standard library only.

usage: python3 import/check_tsv.py [--quiet] [DIR ...]   (default: all of data/)

Reports file:line: message for: wrong field counts, unknown or missing columns,
duplicate entity ids, dangling entity references, unknown citations, missing
row keys of dataset citations, bad dates and since >= until, unknown codes
(kinds, countries, state-media codes and sources, raters, metrics, labels),
numeric ratings out of range, one host given to two entities, ownership cycles.
Exit status 1 when it found errors.
"""

import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import DATA, CODES, COLUMNS, read_tsv, table_of  # noqa: E402

REQUIRED = {
    'citations': ['id', 'kind'],
    'outlets': ['id', 'name', 'kind', 'cite'],
    'orgs': ['id', 'name', 'kind', 'cite'],
    'domains': ['entity', 'host', 'cite'],
    'aliases': ['entity', 'alias', 'kind', 'cite'],
    'ownership': ['owner', 'owned', 'relation', 'cite'],
    'state_media': ['entity', 'code', 'country', 'source', 'cite'],
    'ratings': ['entity', 'rater', 'metric', 'value', 'cite'],
}
DATE = re.compile(r'^\d{4}(-\d{2}(-\d{2})?)?$')
ID = re.compile(r'^[a-z0-9][a-z0-9._:-]*$')


def load_codes():
    kinds = {}
    for _, r in read_tsv(os.path.join(CODES, 'kinds.tsv')):
        kinds.setdefault(r['column'], set()).add(r['value'])
    countries = {r['code'] for _, r in read_tsv(os.path.join(CODES, 'countries.tsv'))}
    sm = {r['code'] for _, r in read_tsv(os.path.join(CODES, 'state_media_codes.tsv'))}
    prec = {r['source'] for _, r in read_tsv(os.path.join(CODES, 'state_media_precedence.tsv'))}
    raters = {(r['rater'], r['metric']): r for _, r in read_tsv(os.path.join(CODES, 'raters.tsv'))}
    return kinds, countries, sm, prec, raters


def main(argv):
    quiet = '--quiet' in argv
    roots = [a for a in argv if not a.startswith('--')] or [DATA]
    kinds, countries, smcodes, precedence, raters = load_codes()
    errors = []

    def err(path, line, msg):
        errors.append('%s:%d: %s' % (os.path.relpath(path, os.path.dirname(DATA)), line, msg))

    files = []
    for root in roots:
        for dp, _, fns in os.walk(root):
            for fn in fns:
                if fn.endswith('.tsv'):
                    files.append(os.path.join(dp, fn))
    # always load all of data/ for references, check only `roots`
    allfiles = []
    for dp, _, fns in os.walk(DATA):
        for fn in fns:
            if fn.endswith('.tsv'):
                allfiles.append(os.path.join(dp, fn))
    rows = {t: [] for t in COLUMNS}
    for p in sorted(allfiles):
        t = table_of(p)
        if t not in COLUMNS:
            if p in files:
                err(p, 1, 'unknown table %r' % t)
            continue
        with open(p, encoding='utf-8') as f:
            header = None
            for n, line in enumerate(f, 1):
                line = line.rstrip('\n')
                if not line.strip() or line.startswith('#'):
                    continue
                fields = line.split('\t')
                if header is None:
                    header = fields
                    for c in header:
                        if c not in COLUMNS[t] and p in files:
                            err(p, n, 'unknown column %r' % c)
                    for c in REQUIRED[t]:
                        if c not in header and p in files:
                            err(p, n, 'missing column %r' % c)
                    continue
                if len(fields) != len(header):
                    if p in files:
                        err(p, n, '%d fields for %d columns' % (len(fields), len(header)))
                    continue
                rows[t].append((p, n, dict(zip(header, fields))))

    cites = {}
    for p, n, r in rows['citations']:
        if r['id'] in cites and p in files:
            err(p, n, 'citation %s defined twice' % r['id'])
        cites[r['id']] = r
        if p in files:
            if r['kind'] not in ('dataset', 'url', 'unverified'):
                err(p, n, 'citation kind %r' % r['kind'])
            if r['kind'] == 'url' and (not r.get('url') or not r.get('accessed')):
                err(p, n, 'url citation without url/accessed')
            if r['kind'] == 'unverified' and not r.get('note'):
                err(p, n, 'unverified citation without note')
    ents = {}
    for t in ('outlets', 'orgs'):
        for p, n, r in rows[t]:
            if r['id'] in ents and p in files:
                err(p, n, 'duplicate id %s (also %s:%d)' % (r['id'], os.path.basename(ents[r['id']][0]), ents[r['id']][1]))
            ents.setdefault(r['id'], (p, n, t))
            if p not in files:
                continue
            if not ID.match(r['id']):
                err(p, n, 'bad id %r' % r['id'])
            if r['kind'] not in kinds.get(t + '.kind', ()):
                err(p, n, 'unknown %s kind %r' % (t, r['kind']))
            if r.get('country') and r['country'] not in countries:
                err(p, n, 'unknown country %r' % r['country'])
            if t == 'outlets' and r.get('named_by') and r['named_by'] not in kinds.get('outlets.named_by', ()):
                err(p, n, 'bad named_by %r' % r['named_by'])

    def check_common(t, p, n, r):
        c = r.get('cite', '')
        if c not in cites:
            err(p, n, 'unknown citation %r' % c)
        elif cites[c].get('kind') == 'dataset' and not r.get('cite_ref'):
            err(p, n, 'dataset citation %s without cite_ref' % c)
        for col in ('since', 'until', 'as_of'):
            if r.get(col) and not DATE.match(r[col]):
                err(p, n, 'bad date %s=%r' % (col, r[col]))
        if r.get('since') and r.get('until') and r['since'] >= r['until']:
            err(p, n, 'since >= until')

    for t in ('outlets', 'orgs', 'domains', 'aliases', 'ownership', 'state_media', 'ratings'):
        for p, n, r in rows[t]:
            if p not in files:
                continue
            check_common(t, p, n, r)
            for col in ('entity', 'owner', 'owned'):
                if col in r and r[col] not in ents:
                    err(p, n, '%s %r is not defined' % (col, r[col]))
            if t == 'domains' and r.get('kind') and r['kind'] not in kinds.get('domains.kind', ()):
                err(p, n, 'unknown domain kind %r' % r['kind'])
            if t == 'domains' and (r['host'] != r['host'].strip() or ' ' in r['host'] or not r['host']):
                err(p, n, 'bad host %r' % r['host'])
            if t == 'aliases' and r['kind'] not in kinds.get('aliases.kind', ()):
                err(p, n, 'unknown alias kind %r' % r['kind'])
            if t == 'ownership':
                if r['relation'] not in kinds.get('ownership.relation', ()):
                    err(p, n, 'unknown relation %r' % r['relation'])
                if r.get('share'):
                    try:
                        v = float(r['share'])
                        if not 0 <= v <= 100:
                            err(p, n, 'share out of range')
                    except ValueError:
                        err(p, n, 'share is not a number')
            if t == 'state_media':
                if r['code'] not in smcodes:
                    err(p, n, 'unknown state-media code %r' % r['code'])
                if r['country'] not in countries:
                    err(p, n, 'unknown country %r' % r['country'])
                if r['source'] not in precedence:
                    err(p, n, 'unknown state-media source %r' % r['source'])
            if t == 'ratings':
                spec = raters.get((r['rater'], r['metric']))
                if spec is None:
                    err(p, n, 'unknown rater/metric %s/%s' % (r['rater'], r['metric']))
                elif spec['kind'] == 'numeric':
                    try:
                        v = float(r['value'])
                        if not float(spec['min']) <= v <= float(spec['max']):
                            err(p, n, 'value out of range')
                    except ValueError:
                        err(p, n, 'value is not a number')
                elif r['value'] not in spec['labels'].split('|'):
                    err(p, n, 'value %r not a label of %s/%s' % (r['value'], r['rater'], r['metric']))

    hosts = {}
    for p, n, r in rows['domains']:
        h = r['host'].lower().rstrip('/')
        a0, a1 = r.get('since') or '0000', r.get('until') or '9999'
        for (q, m, ent, b0, b1) in hosts.get(h, []):
            if ent != r['entity'] and a0 < b1 and b0 < a1 and (p in files or q in files):
                err(p, n, 'host %s given to %s and %s (%s:%d) for overlapping periods'
                    % (h, r['entity'], ent, os.path.basename(q), m))
        hosts.setdefault(h, []).append((p, n, r['entity'], a0, a1))

    graph = {}
    for p, n, r in rows['ownership']:
        graph.setdefault(r['owner'], set()).add(r['owned'])
    state = {}

    def visit(u, stack):
        state[u] = 1
        for v in graph.get(u, ()):
            if state.get(v) == 1:
                errors.append('ownership cycle: %s' % ' -> '.join(stack + [u, v]))
            elif not state.get(v):
                visit(v, stack + [u])
        state[u] = 2
    sys.setrecursionlimit(100000)
    for u in sorted(graph):
        if not state.get(u):
            visit(u, [])

    for e in errors:
        print(e)
    if not quiet or errors:
        print('check_tsv: %d files, %d errors' % (len(files), len(errors)), file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
