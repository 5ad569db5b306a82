#!/usr/bin/env python3
"""OpenSources (Melissa Zimdars, Merrimack College) source tags, v2.1.0 -> data/opensources/.

usage: python3 import/opensources.py PATH/TO/opensources

Decisions (see also README.md and ratinglist.py):
- Read sources.csv (it has row numbers; sources.json holds the same domains).
  One rating row per tag in the type / 2nd type / 3rd type columns: rater
  opensources, metric tag, value the tag, as_of 2017-04-28 (the last commit),
  cite_ref row=<data row>. Tags are lower-cased and obvious misspellings folded
  (TAG_FIX); a tag outside the labels of codes/raters.tsv ("blog") is reported
  and skipped. The "Source Notes" prose is not imported.
- Keys are cleaned to a host (or host+path) prefix: lower case, spaces, scheme,
  "#..." and trailing "/" removed, www. dropped. Duplicate rows of one domain add
  their tags once (first row's key).
- A listed domain is linked by host to an existing entity (exact, else nearest
  parent host); otherwise it becomes an outlet named by its domain (kind website).
- Licence: the repository's LICENSE file is the GNU LGPL v3 (see ATTRIBUTION.md).
"""

import csv
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Source, dataset_dir_arg, read_tsv, CODES  # noqa: E402
from ratinglist import normalise_listed, order_key, resolve  # noqa: E402

CITE = 'opensources'
AS_OF = '2017-04-28'
TAG_FIX = {'fake news': 'fake', 'satirical': 'satire', 'unrealiable': 'unreliable'}


def main():
    d = dataset_dir_arg('opensources')
    src = Source('opensources', CITE, 'opensources.py', 'opensources/sources.csv (OpenSourcesGroup/opensources v2.1.0, commit 2fb428d)')
    src.citation(id=CITE, kind='dataset', title='OpenSources curated source tags v2.1.0 (Melissa Zimdars, Merrimack College)',
                 url='https://github.com/OpenSourcesGroup/opensources', file='sources/sources.csv',
                 commit='2fb428d0e132baae5ed8ab034d4eafbe9dc77cbb', published=AS_OF, license='LGPL-3.0',
                 note='Credit: OpenSources.co. An unmaintained 2016-2017 list. Row keys count data rows of sources.csv from 1.')
    labels = set()
    for _, r in read_tsv(os.path.join(CODES, 'raters.tsv')):
        if r['rater'] == 'opensources' and r['metric'] == 'tag':
            labels = set(r['labels'].split('|'))
    with open(os.path.join(d, 'sources.csv'), encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f))
    items = {}
    for n, r in enumerate(rows[1:], 1):
        if not r or not r[0].strip():
            continue
        loc, why = normalise_listed(r[0])
        if not loc:
            src.conflict('not-a-domain', 'row=%d' % n, r[0], why)
            continue
        tags = []
        for t in r[1:4]:
            t = TAG_FIX.get(t.strip().lower(), t.strip().lower())
            if not t:
                continue
            if t not in labels:
                src.conflict('not-a-tag-label', 'row=%d' % n, r[0], t)
                continue
            if t not in tags:
                tags.append(t)
        if loc in items:
            src.conflict('duplicate-domain', 'row=%d' % n, r[0], 'first at ' + items[loc][0])
            for t in tags:
                if t not in items[loc][1]:
                    items[loc][1].append(t)
                    items[loc][2][t] = 'row=%d' % n
            continue
        items[loc] = ('row=%d' % n, tags, {t: 'row=%d' % n for t in tags})
    for loc in sorted(items, key=order_key):
        ref, tags, refs = items[loc]
        eid = resolve(src, loc, ref)
        for t in tags:
            src.rating(eid, 'opensources', 'tag', t, AS_OF, refs[t], domain=loc)
    src.write()
    print(src.summary())


if __name__ == '__main__':
    main()
