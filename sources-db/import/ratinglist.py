"""Shared logic of the rating-list importers (lin2023, opensources): a list of
domains, each with ratings, where a domain nobody holds becomes an outlet named
by its domain.

Linking rule for a listed domain (host or host+path):
  1. the entity holding that exact host (or host+path);
  2. else the entity holding its nearest parent (host+path -> host -> parent
     hosts down to the registrable domain): a section or subdomain of a known
     outlet is that outlet (news.bbc.co.uk is the BBC's);
  3. else a new outlet, kind `website`, named_by `domain`, named after the
     domain; its id is the host itself (the registrable domain in the usual
     case) or, for a host+path, <source>:<slug>.
The listed string becomes a domains row of the entity when the entity does not
already hold it. Domains are processed parents first (fewest labels, then
shortest path), so the result does not depend on the order of the list.
"""

import re

from common import clean_host, slugify


def normalise_listed(raw):
    """(location, note) for a listed domain string, or (None, reason)."""
    s = (raw or '').strip().lower().replace(' ', '')
    if not s:
        return None, 'empty'
    s = re.sub(r'^[a-z]+://', '', s)
    s = s.split('#', 1)[0].split('?', 1)[0].rstrip('/')
    host, _, path = s.partition('/')
    h = clean_host(host)
    if not h:
        return None, 'not a host name'
    path = path.strip('/')
    return (h + '/' + path) if path else h, ''


def order_key(loc):
    host, _, path = loc.partition('/')
    return (host.count('.'), len(path), loc)


def resolve(src, loc, cite_ref):
    """The entity id for a listed location, creating a domain-named outlet when
    needed, and the domains row when the entity does not hold it yet."""
    reg = src.reg
    held, key = reg.lookup_host(loc)
    if held is not None:
        if key != loc:
            src.domain(held, loc, 'other', cite_ref)
        return held
    if '/' in loc:
        eid = reg.new_id(src.name, loc.replace('/', ' '))
    else:
        eid = loc
        if eid in reg.entities:
            eid = reg.new_id(src.name, loc)
    src.outlet(eid, loc, 'website', '', cite_ref, named_by='domain')
    src.domain(eid, loc, 'primary', cite_ref)
    return eid
