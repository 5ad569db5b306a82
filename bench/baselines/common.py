"""common.py — what both Python detectors share: the database dicts, name
folding, offline tldextract and the text regexes.

The detectors are written the way a competent Python user would write them
in an afternoon: dicts loaded once from build/masthead.db, `re` for the
markers, tldextract (Debian's python3-tldextract, using its bundled Public
Suffix List snapshot, never the network) for registrable domains.
"""
import re
import sqlite3
import unicodedata

import tldextract

# Alias kinds a detector looks names up in.
ALIAS_KINDS = ("copyright_holder", "wire_credit", "brand", "name", "legal_entity")

LEGAL = re.compile(r"\b(?:ltd|limited|llc|inc|plc|gmbh|ag|s\.?a|s\.?l\.?u?|s\.?p\.?a|"
                   r"co|corp|corporation|company|pvt|pty|berhad|pte|m\.?b\.?h)\b\.?")
PUNCT = re.compile(r"[\"'“”«»„‘’`.,;:!?()\[\]{}&/\\|*_-]+")
SPACES = re.compile(r"\s+")

# Markers in text. A footer: "© 2024 Holder. All rights reserved.", "Copyright
# 2024 Holder", "(c) 2024 Holder", "© Holder, 2005–2022", "Holder 版权所有".
COPYRIGHT = re.compile(
    r"(?:©|\([cC]\)|Copyright)(?:\s*©)?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?"
    r"(?P<holder>[^\n]{2,100}?)(?:,\s*\d{4}(?:\s*[-–]\s*\d{4})?)?\.?\s*"
    r"(?:All [Rr]ights [Rr]eserved\.?|Все права защищены\.?|"
    r"Todos los derechos reservados\.?|جميع الحقوق محفوظة\.?|版权所有)?\s*$"
    r"|^(?P<zh>[^\n]{2,100}?) 版权所有\s*$", re.M)
# Datelines: "MOSCOW (Reuters) —", "BEIJING, April 7 (Xinhua) --",
# "Madrid, 7 abr (EFE).-", "MOSCOW, April 7. /TASS/.", "МОСКВА, 7 апр — РИА Новости."
DATELINE = re.compile(
    r"^[^\n()]{2,40}?\((?P<a>[^()\n]{2,30})\)\s*(?:—|–|--?|\.-)"
    r"|^[^\n/]{2,40}?\. /(?P<b>[^/\n]{2,30})/\."
    r"|^[А-ЯЁ -]{3,30}, \d{1,2} [а-я]{3,4} — (?P<c>[^.\n]{2,30})\.", re.M)
URL = re.compile(r"https?://[^\s\"'<>()]+")


def norm(s):
    """Folds a name for lookup: NFKC, case, punctuation, legal suffixes."""
    s = unicodedata.normalize("NFKC", s).casefold()
    s = LEGAL.sub(" ", s)
    s = PUNCT.sub(" ", s)
    return SPACES.sub(" ", s).strip()


class Lookup:
    """The database's domains and aliases as two dicts, and URL resolution."""

    def __init__(self, db_path):
        db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
        self.domains = {}
        for host, path, key in db.execute(
                "SELECT d.host, d.path, e.key FROM domain d JOIN entity e "
                "ON e.id = d.entity ORDER BY d.id"):
            self.domains.setdefault(host + path, key)
        self.aliases = {}
        for alias, key in db.execute(
                "SELECT a.alias, e.key FROM alias a JOIN entity e ON e.id = a.entity "
                "WHERE a.kind IN (%s) ORDER BY a.id" % ",".join("?" * len(ALIAS_KINDS)),
                ALIAS_KINDS):
            self.aliases.setdefault(norm(alias), key)
        db.close()
        # Offline: no suffix list URLs, no cache directory: the bundled snapshot.
        self.tld = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                         include_psl_private_domains=True)

    def url(self, url):
        """The outlet key of a URL: full host, then its registrable domain."""
        try:
            host = url.split("/")[2].split(":")[0].lower()
        except IndexError:
            return None
        if host.startswith("www."):
            host = host[4:]
        key = self.domains.get(host)
        if key:
            return key
        rd = self.tld(host).registered_domain
        return self.domains.get(rd) if rd else None

    def name(self, s):
        """The outlet key of a name (holder, credit, site name), or of a domain-like name."""
        key = self.aliases.get(norm(s))
        if key:
            return key
        s = s.strip().lower()
        if "." in s and " " not in s:
            return self.url("https://" + s + "/")
        return None


def footer(text, lookup):
    """The last copyright line of a text resolved to an outlet, or None."""
    found = None
    for m in COPYRIGHT.finditer(text):
        holder = m.group("holder") or m.group("zh")
        key = lookup.name(holder) if holder else None
        if key:
            found = key
    return found


def dateline(text, lookup):
    """The wire credit of the first dateline of a text, resolved, or None."""
    for m in DATELINE.finditer(text):
        credit = m.group("a") or m.group("b") or m.group("c")
        key = lookup.name(credit)
        if key:
            return key
    return None


def mentions(text, lookup):
    """Outlets whose URLs appear in a text, in order, without repeats."""
    out = []
    for u in URL.findall(text):
        key = lookup.url(u)
        if key and key not in out:
            out.append(key)
    return out
