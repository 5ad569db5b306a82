"""Shared machinery of the dataset importers (Python 3 standard library only).

- TSV reading and deterministic writing in the format of ../README.md;
- name and host normalisation, the Public Suffix List;
- `Registry`: every entity, host, name and ownership edge already present under
  data/ (hand-curated data first, then the output of the importers that run
  before the current one, in the order of ORDER below);
- `Source`: what one importer emits. Every entity it creates and every host it
  claims is also put in the registry, so later rows of the same dataset (and later
  importers) link to it instead of creating a second entity.

Linking rules (the same for every importer; details in README.md):
  * a host (or host+path) already held by an entity belongs to that entity;
    an importer never gives one exact host to a second entity (the disagreement
    goes to import/conflicts/<source>.tsv instead);
  * a name that folds to the same string as an entity's name (or brand, legal,
    former, translated or copyright-holder alias) is that entity when the
    countries agree (see Registry.find_by_name);
  * a host below a host held by a *named* outlet is an edition of that outlet
    only when the names are compatible (one contains the other as whole words).
"""

import csv
import os
import re
import sys
import unicodedata
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
DBROOT = os.path.dirname(HERE)            # sources-db/
DATA = os.path.join(DBROOT, 'data')
CODES = os.path.join(DBROOT, 'codes')
CONFLICTS = os.path.join(HERE, 'conflicts')
PSL_PATH = '/usr/share/publicsuffix/public_suffix_list.dat'

# Fixed run order. Named datasets first (they carry names, owners and classes),
# rating lists last (their unknown domains become domain-named outlets).
ORDER = ['v2fly', 'smm', 'rsp', 'mdiplo', 'lnd', 'lin2023', 'opensources']

COLUMNS = {
    'citations': ['id', 'kind', 'title', 'url', 'file', 'commit', 'published', 'accessed', 'license', 'note'],
    'outlets': ['id', 'name', 'kind', 'country', 'languages', 'founded', 'named_by', 'cite', 'cite_ref'],
    'orgs': ['id', 'name', 'kind', 'country', 'cite', 'cite_ref'],
    'domains': ['entity', 'host', 'kind', 'since', 'until', 'cite', 'cite_ref'],
    'aliases': ['entity', 'alias', 'kind', 'lang', 'since', 'until', 'cite', 'cite_ref'],
    'ownership': ['owner', 'owned', 'relation', 'share', 'share_text', 'since', 'until', 'as_of', 'cite', 'cite_ref'],
    'state_media': ['entity', 'code', 'country', 'since', 'until', 'as_of', 'source', 'funding', 'note', 'cite', 'cite_ref'],
    'ratings': ['entity', 'domain', 'rater', 'metric', 'value', 'as_of', 'cite', 'cite_ref'],
}
TABLE_ORDER = ['citations', 'outlets', 'orgs', 'domains', 'aliases', 'ownership', 'state_media', 'ratings']
SORT_KEYS = {
    'citations': ('id',),
    'outlets': ('id',),
    'orgs': ('id',),
    'domains': ('entity', 'host'),
    'aliases': ('entity', 'kind', 'alias', 'cite_ref'),
    'ownership': ('owned', 'owner', 'relation', 'cite_ref'),
    'state_media': ('entity', 'code', 'country', 'as_of', 'cite_ref'),
    'ratings': ('entity', 'rater', 'metric', 'domain', 'value', 'cite_ref'),
}
# alias kinds that name an entity (used for name linking); handles and
# abbreviations are too ambiguous to link on.
NAMING_ALIAS_KINDS = {'brand', 'legal_entity', 'former_name', 'translation', 'copyright_holder'}


def die(msg):
    sys.stderr.write('error: %s\n' % msg)
    sys.exit(2)


def warn(msg):
    sys.stderr.write('warning: %s\n' % msg)


# ---------------------------------------------------------------- TSV input

def read_tsv(path):
    """Rows of a sources-db TSV file as dicts (comments and blank lines skipped).
    Yields (line_number, dict). Malformed lines are skipped with a warning: the
    files of other helpers may be half-written while we run."""
    with open(path, encoding='utf-8', newline='') as f:
        header = None
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n').rstrip('\r')
            if not line.strip() or line.startswith('#'):
                continue
            fields = line.split('\t')
            if header is None:
                header = [h.strip() for h in fields]
                continue
            if len(fields) < len(header):
                fields += [''] * (len(header) - len(fields))
            elif len(fields) > len(header):
                warn('%s:%d: %d fields for %d columns, line skipped' % (path, n, len(fields), len(header)))
                continue
            yield n, {h: v.strip() for h, v in zip(header, fields)}


def table_of(filename):
    base = os.path.basename(filename)
    if not base.endswith('.tsv'):
        return None
    return base[:-4].split('.')[-1]


def read_codes(name, column):
    return {row[column] for _, row in read_tsv(os.path.join(CODES, name))}


def read_csv_rows(path, **kw):
    with open(path, encoding='utf-8-sig', newline='') as f:
        return list(csv.DictReader(f, **kw))


# ---------------------------------------------------------------- normalisation

_LEGAL = None


def _legal_forms():
    global _LEGAL
    if _LEGAL is None:
        forms = []
        for _, row in read_tsv(os.path.join(CODES, 'legal_forms.tsv')):
            forms.append((fold_plain(row['form']), row['position']))
        # longest first so that "gmbh co kg" goes before "kg"
        forms.sort(key=lambda f: -len(f[0]))
        _LEGAL = forms
    return _LEGAL


def fold_plain(s):
    """NFKC, case-fold, punctuation and symbols to spaces, collapsed spaces."""
    s = unicodedata.normalize('NFKC', s or '').casefold()
    out = []
    for ch in s:
        cat = unicodedata.category(ch)
        if cat[0] in 'PSZC':
            out.append(' ')
        else:
            out.append(ch)
    return ' '.join(''.join(out).split())


def fold_name(s):
    """The lookup form of a name: fold_plain, then legal forms stripped
    (codes/legal_forms.tsv), never down to nothing."""
    s = fold_plain(s)
    changed = True
    while changed and s:
        changed = False
        for form, pos in _legal_forms():
            if not form:
                continue
            if pos in ('suffix', 'either') and s.endswith(' ' + form):
                s = s[:-len(form) - 1].strip()
                changed = True
                break
            if pos in ('prefix', 'either') and s.startswith(form + ' '):
                s = s[len(form) + 1:].strip()
                changed = True
                break
    return s


def name_variants(name):
    """The name, the name without a parenthesised part, and the parenthesised
    part itself ("Xinhua (New China News Agency)" gives all three)."""
    out = []
    name = (name or '').strip()
    if not name:
        return out
    out.append(name)
    m = re.match(r'^(.*?)\s*\(([^()]*)\)\s*(.*)$', name)
    if m:
        base = (m.group(1) + ' ' + m.group(3)).strip()
        if base:
            out.append(base)
        if m.group(2).strip():
            out.append(m.group(2).strip())
    seen, res = set(), []
    for v in out:
        f = fold_name(v)
        if f and f not in seen:
            seen.add(f)
            res.append(f)
    return res


def names_compatible(names_a, names_b, one_way=False):
    """True when some folded name of A equals or is contained (as whole words)
    in some folded name of B (and, unless one_way, the other way round)."""
    for a in names_a:
        for b in names_b:
            if not a or not b:
                continue
            if a == b:
                return True
            if len(a) >= 2 and (' %s ' % a) in (' %s ' % b):
                return True
            if not one_way and len(b) >= 2 and (' %s ' % b) in (' %s ' % a):
                return True
    return False


_CYR = dict(zip('абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў',
                ['a', 'b', 'v', 'g', 'd', 'e', 'e', 'zh', 'z', 'i', 'y', 'k', 'l', 'm', 'n', 'o', 'p', 'r',
                 's', 't', 'u', 'f', 'kh', 'ts', 'ch', 'sh', 'shch', '', 'y', '', 'e', 'yu', 'ya', 'i', 'yi',
                 'ye', 'g', 'u']))


def slugify(s, maxlen=60):
    s = unicodedata.normalize('NFKC', s or '').casefold()
    s = ''.join(_CYR.get(ch, ch) for ch in s)
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace('&', ' and ').replace('+', ' plus ').replace("'", '').replace('’', '')
    s = re.sub(r'[^a-z0-9]+', '-', s).strip('-')
    if len(s) > maxlen:
        s = s[:maxlen].rstrip('-')
    return s


# ---------------------------------------------------------------- hosts

_HOST_RE = re.compile(r'^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$')
LANG_SEGMENTS = {'en', 'fr', 'es', 'ru', 'ar', 'de', 'pt', 'zh', 'cn', 'ko', 'ja', 'jp', 'kz', 'kk', 'ao',
                 'ur', 'tr', 'fa', 'uz', 'it', 'eng', 'english', 'fr-fr', 'en-us', 'en-gb'}
TRIVIAL_SEGMENTS = {'', 'index', 'index.html', 'index.htm', 'index.php', 'index.asp', 'index.aspx',
                    'default.aspx', 'default.asp', 'default.htm', 'default.html', 'home', 'main', 'first',
                    'news', 'portal', 'web', 'site', 'inicio', 'accueil'}


def clean_host(h):
    """Lower-case host without a leading www., trailing dot or port; IDNA-encoded;
    None when it is not a valid DNS name."""
    if not h:
        return None
    h = h.strip().strip('.').lower()
    if ':' in h:
        h = h.split(':', 1)[0]
    if any(ord(c) > 127 and not (c.isalnum() or unicodedata.category(c)[0] == 'M') for c in h):
        return None        # e.g. an en dash typed for a hyphen: not a real IDN label
    try:
        if any(ord(c) > 127 for c in h):
            h = h.encode('idna').decode('ascii')
    except UnicodeError:
        return None
    if h.startswith('www.') and h.count('.') >= 2:
        h = h[4:]
    if not _HOST_RE.match(h):
        return None
    return h


def split_url(u):
    """(host, path) of a URL or a bare host[/path]; path without query/fragment
    and without a trailing slash ('' when none). host None when unusable."""
    u = (u or '').strip()
    if not u:
        return None, ''
    u = u.replace('\\', '/')
    u = re.sub(r'^[a-z]+:/+', lambda m: m.group(0).split(':')[0] + '://', u, flags=re.I)
    if u.startswith('//'):
        u = 'http:' + u
    if '://' not in u:
        u = 'http://' + u
    try:
        p = urllib.parse.urlsplit(u)
    except ValueError:
        return None, ''
    host = clean_host(p.hostname or '')
    path = re.sub(r'/+', '/', p.path or '')
    path = path.rstrip('/')
    return host, path


def trivial_path(path):
    """A path that only selects a language or an entry page ('/en/', '/index.html')."""
    for seg in path.split('/'):
        s = seg.lower()
        if s in TRIVIAL_SEGMENTS or s in LANG_SEGMENTS or s.isdigit():
            continue
        return False
    return True


def location(host, path):
    """The domains.host value: host, or host+path when the path matters."""
    if not host:
        return None
    if path and not trivial_path(path):
        return host + path
    return host


_PSL = None


def _psl():
    global _PSL
    if _PSL is None:
        rules, wild, exc = set(), set(), set()
        with open(PSL_PATH, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith('//'):
                    continue
                line = line.split()[0]
                try:
                    line = line.encode('idna').decode('ascii') if any(ord(c) > 127 for c in line) else line
                except UnicodeError:
                    continue
                line = line.lower()
                if line.startswith('!'):
                    exc.add(line[1:])
                elif line.startswith('*.'):
                    wild.add(line[2:])
                else:
                    rules.add(line)
        _PSL = (rules, wild, exc)
    return _PSL


def public_suffix(host):
    rules, wild, exc = _psl()
    labels = host.split('.')
    for i in range(len(labels)):
        cand = '.'.join(labels[i:])
        if cand in exc:
            return '.'.join(labels[i + 1:])
        if cand in rules:
            return cand
        rest = '.'.join(labels[i + 1:])
        if rest and rest in wild:
            return cand
    return labels[-1]


def registrable(host):
    """Registrable domain by the full Public Suffix List (private section
    included); None when the host is itself a public suffix."""
    host = host.split('/', 1)[0]
    suffix = public_suffix(host)
    if host == suffix:
        return None
    rest = host[:-len(suffix) - 1]
    return rest.split('.')[-1] + '.' + suffix


def host_chain(loc):
    """Lookup keys from most to least specific: host+path prefixes, the host,
    then each parent host down to the registrable domain."""
    out = []
    if '/' in loc:
        host, path = loc.split('/', 1)
        segs = path.split('/')
        for i in range(len(segs), 0, -1):
            out.append(host + '/' + '/'.join(segs[:i]))
    else:
        host = loc
    out.append(host)
    reg = registrable(host)
    labels = host.split('.')
    for i in range(1, len(labels)):
        parent = '.'.join(labels[i:])
        if reg is None or len(parent) < len(reg):
            break
        out.append(parent)
    return out


SOCIAL = {
    'twitter.com': 'twitter', 'x.com': 'twitter', 'mobile.twitter.com': 'twitter',
    'instagram.com': 'instagram', 'facebook.com': 'facebook', 'm.facebook.com': 'facebook',
    'fb.com': 'facebook', 'youtube.com': 'youtube', 'm.youtube.com': 'youtube',
    't.me': 'telegram', 'telegram.me': 'telegram', 'vk.com': 'vk', 'linkedin.com': 'linkedin',
    'ok.ru': 'ok', 'tiktok.com': 'tiktok', 'rutube.ru': 'rutube',
}


def social_handle(url, platform_hint=None):
    """'platform:handle' for a profile URL (or a bare handle when platform_hint
    is given), None when it is not a usable profile address."""
    u = (url or '').strip()
    if not u:
        return None
    if platform_hint and '/' not in u and '.' not in u.split('?')[0].lstrip('@'):
        h = u.lstrip('@').strip()
        if re.match(r'^[A-Za-z0-9_.-]{1,64}$', h):
            return '%s:%s' % (platform_hint, h.lower())
        return None
    if '://' not in u:
        u = 'https://' + u.lstrip('/')
    try:
        p = urllib.parse.urlsplit(u)
    except ValueError:
        return None
    host = (p.hostname or '').lower()
    if host.startswith('www.'):
        host = host[4:]
    platform = SOCIAL.get(host)
    if not platform:
        return None
    segs = [s for s in urllib.parse.unquote(p.path).split('/') if s]
    if not segs:
        return None
    ok = re.compile(r'^@?[A-Za-z0-9_.-]{1,100}$')
    if platform == 'youtube':
        if segs[0] in ('channel', 'user', 'c') and len(segs) >= 2 and ok.match(segs[1]):
            return 'youtube:%s/%s' % (segs[0], segs[1])
        if segs[0].startswith('@') and ok.match(segs[0]):
            return 'youtube:%s' % segs[0].lower()
        return None
    if platform == 'ok':
        if segs[0] == 'group' and len(segs) >= 2 and segs[1].isdigit():
            return 'ok:group/%s' % segs[1]
        if ok.match(segs[0]) and segs[0] not in ('profile',):
            return 'ok:%s' % segs[0].lower()
        return None
    if platform == 'rutube':
        if segs[0] == 'channel' and len(segs) >= 2 and segs[1].isdigit():
            return 'rutube:channel/%s' % segs[1]
        return None
    if platform == 'linkedin':
        if segs[0] in ('company', 'in', 'school') and len(segs) >= 2 and ok.match(segs[1]):
            return 'linkedin:%s/%s' % (segs[0], segs[1].lower())
        return None
    if platform == 'facebook':
        if segs[0] in ('pages', 'groups', 'profile.php', 'people', 'watch', 'sharer', 'share'):
            return None
    h = segs[0]
    if platform == 'tiktok':
        if not h.startswith('@'):
            return None
    h = h.lstrip('@')
    if not ok.match(h) or h.lower() in ('home', 'intent', 'share', 'hashtag', 'search', 'joinchat', 's'):
        return None
    return '%s:%s' % (platform, h.lower())


# ---------------------------------------------------------------- registry

class Entity:
    __slots__ = ('id', 'table', 'name', 'kind', 'country', 'named_by', 'origin')

    def __init__(self, id, table, name, kind, country, named_by, origin):
        self.id, self.table, self.name, self.kind = id, table, name, kind
        self.country, self.named_by, self.origin = country, named_by or 'name', origin


class Registry:
    def __init__(self, current):
        self.current = current
        self.entities = {}
        self.hosts = {}          # host or host/path -> entity id
        self._former_hosts = set()
        self.names = {}          # folded name -> set of ids
        self.entity_names = {}   # id -> set of folded names
        self.edges = {}          # owner -> set(owned)
        self.owners = {}         # owned -> set(owner)
        self.citations = set()
        self.loaded_dirs = []
        self._load()

    # -- loading
    def _dirs(self):
        names = sorted(d for d in os.listdir(DATA) if os.path.isdir(os.path.join(DATA, d))) if os.path.isdir(DATA) else []
        hand = [d for d in names if d not in ORDER]
        hand.sort(key=lambda d: (d != 'curated', d))
        earlier = ORDER[:ORDER.index(self.current)] if self.current in ORDER else []
        return hand + [d for d in earlier if d in names]

    def _load(self):
        for d in self._dirs():
            self.loaded_dirs.append(d)
            files = []
            for root, _, fnames in os.walk(os.path.join(DATA, d)):
                for fn in fnames:
                    if fn.endswith('.tsv'):
                        files.append(os.path.join(root, fn))
            files.sort()
            by_table = {}
            for p in files:
                by_table.setdefault(table_of(p), []).append(p)
            for table in ('citations', 'outlets', 'orgs', 'aliases', 'domains', 'ownership'):
                for p in by_table.get(table, []):
                    for _, row in read_tsv(p):
                        self._load_row(table, row, d)

    def _load_row(self, table, row, origin):
        if table == 'citations':
            if row.get('id'):
                self.citations.add(row['id'])
        elif table in ('outlets', 'orgs'):
            i = row.get('id')
            if not i or i in self.entities:
                return
            self.add_entity(Entity(i, table, row.get('name', ''), row.get('kind', ''), row.get('country', ''),
                                   row.get('named_by', '') or 'name', origin))
        elif table == 'aliases':
            if row.get('kind') in NAMING_ALIAS_KINDS and row.get('entity'):
                self.add_name(row['entity'], row.get('alias', ''))
        elif table == 'domains':
            # every row counts (a host held until some date is still not free to give to
            # another entity for an open period); a current holder wins over a former one
            h = (row.get('host') or '').strip().lower().rstrip('/')
            if h and row.get('entity'):
                if not row.get('until'):
                    if h not in self.hosts or h in self._former_hosts:
                        self.hosts[h] = row['entity']
                        self._former_hosts.discard(h)
                elif h not in self.hosts:
                    self.hosts[h] = row['entity']
                    self._former_hosts.add(h)
        elif table == 'ownership':
            if row.get('owner') and row.get('owned'):
                self.add_edge(row['owner'], row['owned'])

    # -- mutation (also used by Source)
    def add_entity(self, e):
        self.entities[e.id] = e
        if e.named_by != 'domain':
            self.add_name(e.id, e.name)

    def add_name(self, eid, name):
        """Index a name for linking (the full folded name and the name without its
        parenthesised part) and remember every variant for compatibility checks."""
        vs = name_variants(name)
        for n, f in enumerate(vs):
            self.entity_names.setdefault(eid, set()).add(f)
            if n == 0 or (n == 1 and '(' in name and not name.strip().startswith('(')):
                self.names.setdefault(f, set()).add(eid)

    def add_edge(self, owner, owned):
        self.edges.setdefault(owner, set()).add(owned)
        self.owners.setdefault(owned, set()).add(owner)

    # -- queries
    def new_id(self, prefix, name, fallback='x', qualifier=''):
        base = slugify(name) or slugify(fallback) or 'x'
        cand = '%s:%s' % (prefix, base) if prefix else base
        if cand in self.entities and qualifier:
            base = base + '-' + slugify(qualifier)
            cand = '%s:%s' % (prefix, base) if prefix else base
        n = 2
        while cand in self.entities:
            cand = '%s:%s-%d' % (prefix, base, n) if prefix else '%s-%d' % (base, n)
            n += 1
        return cand

    def lookup_host(self, loc, exact_only=False):
        """(entity id, matched key) for the most specific held key, or (None, None)."""
        if not loc:
            return None, None
        if loc in self.hosts:
            return self.hosts[loc], loc
        if exact_only:
            return None, None
        for k in host_chain(loc)[1:]:
            if k in self.hosts:
                return self.hosts[k], k
        return None, None

    def names_of(self, eid):
        return self.entity_names.get(eid, set())

    def find_by_name(self, names, country, tables=('outlets',), require_country=True, allow_empty_country=False):
        """Entity whose folded name equals one of `names` (folded), in one of
        `tables`. Countries must agree: both present and equal; or, with
        allow_empty_country, either side empty. Returns an id only when exactly
        one entity qualifies."""
        found = set()
        for n in names:
            for eid in self.names.get(n, ()):
                e = self.entities.get(eid)
                if e is None or e.table not in tables or e.named_by == 'domain':
                    continue
                if e.country and country:
                    if e.country != country:
                        continue
                elif require_country and not allow_empty_country:
                    continue
                found.add(eid)
            if found:
                break
        if len(found) == 1:
            return found.pop()
        return None

    def reaches(self, a, b):
        """True when b is reachable from a along owner->owned edges."""
        seen, stack = set(), [a]
        while stack:
            x = stack.pop()
            if x == b:
                return True
            if x in seen:
                continue
            seen.add(x)
            stack.extend(self.edges.get(x, ()))
        return False


# ---------------------------------------------------------------- output

class Source:
    """Rows emitted by one importer, written to data/<name>/ by write()."""

    def __init__(self, name, cite, script, dataset_desc):
        self.name, self.cite, self.script, self.dataset_desc = name, cite, script, dataset_desc
        self.reg = Registry(name)
        self.rows = {t: [] for t in TABLE_ORDER}
        self.conflicts = []
        self._alias_seen = set()
        self._dom_seen = {}
        self._edge_seen = set()
        self._sm_seen = set()
        self._rating_seen = set()
        self.created = set()

    # -- entities
    def outlet(self, eid, name, kind, country='', cite_ref='', named_by='name', languages='', founded='', cite=None):
        e = Entity(eid, 'outlets', name, kind, country, named_by, self.name)
        self.reg.add_entity(e)
        self.created.add(eid)
        self.rows['outlets'].append({'id': eid, 'name': name, 'kind': kind, 'country': country or '',
                                     'languages': languages, 'founded': founded,
                                     'named_by': named_by if named_by != 'name' else 'name',
                                     'cite': cite or self.cite, 'cite_ref': cite_ref})
        return eid

    def org(self, eid, name, kind, country='', cite_ref='', cite=None):
        e = Entity(eid, 'orgs', name, kind, country, 'name', self.name)
        self.reg.add_entity(e)
        self.created.add(eid)
        self.rows['orgs'].append({'id': eid, 'name': name, 'kind': kind, 'country': country or '',
                                  'cite': cite or self.cite, 'cite_ref': cite_ref})
        return eid

    # -- facts
    def domain(self, eid, loc, kind, cite_ref, cite=None):
        """Claim `loc` for `eid`. Returns True when the entity holds it afterwards."""
        if not loc:
            return False
        held = self.reg.hosts.get(loc)
        if held == eid:
            return True
        if held is not None:
            self.conflict('host-held', loc, eid, held, cite_ref)
            return False
        self.reg.hosts[loc] = eid
        self.rows['domains'].append({'entity': eid, 'host': loc, 'kind': kind, 'since': '', 'until': '',
                                     'cite': cite or self.cite, 'cite_ref': cite_ref})
        return True

    def alias(self, eid, alias, kind, cite_ref, lang='', cite=None):
        alias = (alias or '').strip()
        if not alias or '\t' in alias or '\n' in alias:
            return
        key = (eid, alias.casefold(), kind)
        if key in self._alias_seen:
            return
        self._alias_seen.add(key)
        if kind in NAMING_ALIAS_KINDS:
            self.reg.add_name(eid, alias)
        self.rows['aliases'].append({'entity': eid, 'alias': alias, 'kind': kind, 'lang': lang, 'since': '',
                                     'until': '', 'cite': cite or self.cite, 'cite_ref': cite_ref})

    def ownership(self, owner, owned, relation, cite_ref, share='', share_text='', as_of='', cite=None,
                  since='', until=''):
        if not owner or not owned or owner == owned:
            return False
        key = (owner, owned, relation, share, share_text)
        if key in self._edge_seen:
            return False
        if self.reg.reaches(owned, owner):
            self.conflict('ownership-cycle', owner, owned, relation, cite_ref)
            return False
        self._edge_seen.add(key)
        self.reg.add_edge(owner, owned)
        self.rows['ownership'].append({'owner': owner, 'owned': owned, 'relation': relation, 'share': share,
                                       'share_text': share_text, 'since': since, 'until': until, 'as_of': as_of,
                                       'cite': cite or self.cite, 'cite_ref': cite_ref})
        return True

    def state_media(self, eid, code, country, as_of, source, cite_ref, note='', funding=''):
        key = (eid, code, country, as_of, source, note)
        if key in self._sm_seen:
            return False
        self._sm_seen.add(key)
        self.rows['state_media'].append({'entity': eid, 'code': code, 'country': country, 'since': '',
                                         'until': '', 'as_of': as_of, 'source': source, 'funding': funding,
                                         'note': note, 'cite': self.cite, 'cite_ref': cite_ref})
        return True

    def rating(self, eid, rater, metric, value, as_of, cite_ref, domain=''):
        # a rating of a listed domain keeps the domain: an outlet's domains can be rated apart
        key = (eid, domain, rater, metric, value)
        if key in self._rating_seen:
            return False
        self._rating_seen.add(key)
        self.rows['ratings'].append({'entity': eid, 'domain': domain, 'rater': rater, 'metric': metric,
                                     'value': value, 'as_of': as_of, 'cite': self.cite,
                                     'cite_ref': cite_ref})
        return True

    def citation(self, **kw):
        row = {c: '' for c in COLUMNS['citations']}
        row.update(kw)
        self.rows['citations'].append(row)

    def conflict(self, what, *detail):
        self.conflicts.append((what,) + tuple(str(d) for d in detail))

    # -- writing
    def write(self):
        outdir = os.path.join(DATA, self.name)
        os.makedirs(outdir, exist_ok=True)
        for fn in os.listdir(outdir):
            if fn.endswith('.tsv'):
                os.remove(os.path.join(outdir, fn))
        head = ('# Generated by sources-db/import/%s from %s.\n'
                '# Do not edit by hand: change the importer (or its mapping files) and re-run it.\n'
                % (self.script, self.dataset_desc))
        for table in TABLE_ORDER:
            rows = self.rows[table]
            if not rows:
                continue
            cols = COLUMNS[table]
            keys = SORT_KEYS[table]
            rows = sorted(rows, key=lambda r: tuple(_natkey(r.get(k, '')) for k in keys) + tuple(r.get(c, '') for c in cols))
            with open(os.path.join(outdir, table + '.tsv'), 'w', encoding='utf-8', newline='\n') as f:
                f.write(head)
                f.write('\t'.join(cols) + '\n')
                for r in rows:
                    vals = []
                    for c in cols:
                        v = str(r.get(c, '') or '')
                        v = v.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').strip()
                        vals.append(v)
                    f.write('\t'.join(vals) + '\n')
        os.makedirs(CONFLICTS, exist_ok=True)
        with open(os.path.join(CONFLICTS, self.name + '.tsv'), 'w', encoding='utf-8', newline='\n') as f:
            f.write('# Report of import/%s (not a data table): rows the importer could not place.\n' % self.script)
            f.write('# what\tdetail...\n')
            for c in sorted(set(self.conflicts)):
                f.write('\t'.join(x.replace('\t', ' ').replace('\n', ' ') for x in c) + '\n')

    def summary(self):
        parts = ['%s=%d' % (t, len(self.rows[t])) for t in TABLE_ORDER if self.rows[t]]
        return '%s: %s; conflicts=%d' % (self.name, ' '.join(parts), len(set(self.conflicts)))


def _natkey(v):
    """Sort key that orders row=9 before row=10."""
    return tuple((0, int(p), '') if p.isdigit() else (1, 0, p) for p in re.split(r'(\d+)', v or ''))


def dataset_dir_arg(default_name):
    if len(sys.argv) != 2:
        die('usage: python3 %s PATH_TO_DATASET_DIR   (e.g. ../shared/data/%s)' % (os.path.basename(sys.argv[0]), default_name))
    d = sys.argv[1]
    if not os.path.isdir(d):
        die('%s: not a directory' % d)
    return d
