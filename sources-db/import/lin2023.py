#!/usr/bin/env python3
"""Aggregate news-domain quality ratings (Lin et al. 2023, PNAS Nexus) -> data/lin2023/.

usage: python3 import/lin2023.py PATH/TO/domain-quality-ratings

Decisions (see also README.md and ratinglist.py):
- Only the `pc1` column (data/domain_pc1.csv): rater lin2023, metric pc1, value
  as given (0 lowest .. 1 highest quality), as_of 2023-09 (the paper's
  publication), cite_ref domain=<the listed string>. The commercial raters'
  columns are not in the shared copy and are not imported.
- A listed domain is linked by host to an existing entity (exact host, else
  nearest parent host); otherwise it becomes an outlet named by its domain
  (kind website). Entries that are not host names (e.g. "wvec–13newsnow.com",
  with an en dash) are reported and skipped.
- Licence: none stated; the README invites reuse with a citation of the paper.
  See ATTRIBUTION.md.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Source, dataset_dir_arg, read_csv_rows  # noqa: E402
from ratinglist import normalise_listed, order_key, resolve  # noqa: E402

CITE = 'lin2023-pc1'
AS_OF = '2023-09'


def main():
    d = dataset_dir_arg('domain-quality-ratings')
    rows = read_csv_rows(os.path.join(d, 'domain_pc1.csv'))
    src = Source('lin2023', CITE, 'lin2023.py', 'domain-quality-ratings/domain_pc1.csv (hauselin/domain-quality-ratings, commit 5671d57)')
    src.citation(id=CITE, kind='dataset',
                 title='Lin et al. (2023), High level of correspondence across different news domain quality rating sets, PNAS Nexus 2(9) pgad286: aggregate rating pc1',
                 url='https://github.com/hauselin/domain-quality-ratings', file='data/domain_pc1.csv',
                 commit='5671d57e545e48225ef2cbf559a6ab7f8f77a9de', published=AS_OF,
                 license='none stated (README invites reuse with a citation of the paper)',
                 note='Paper: doi:10.1093/pnasnexus/pgad286 (Lin, Lasser, Lewandowsky, Cole, Gully, Rand, Pennycook). pc1 rescaled 0 (lowest) to 1 (highest quality). Row keys: domain=<listed domain>.')
    items = []
    seen = set()
    for r in rows:
        raw = (r.get('domain') or '').strip()
        val = (r.get('pc1') or '').strip()
        loc, why = normalise_listed(raw)
        if not loc:
            src.conflict('not-a-domain', raw, why)
            continue
        try:
            v = float(val)
        except ValueError:
            src.conflict('bad-value', raw, val)
            continue
        if not 0 <= v <= 1:
            src.conflict('value-out-of-range', raw, val)
            continue
        if loc in seen:
            src.conflict('duplicate', raw)
            continue
        seen.add(loc)
        items.append((loc, raw, val))
    for loc, raw, val in sorted(items, key=lambda x: order_key(x[0])):
        ref = 'domain=%s' % raw
        eid = resolve(src, loc, ref)
        src.rating(eid, 'lin2023', 'pc1', val, AS_OF, ref, domain=loc)
    src.write()
    print(src.summary())


if __name__ == '__main__':
    main()
