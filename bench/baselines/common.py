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

# Markers in text. Each pattern starts with a literal where it can, so that
# `re` skips ahead to it instead of trying every character; where the literal
# comes last ("X reported", "Holder 版权所有") the code finds the literal and
# reads the words before it.
#
# A footer: "© 2024 Holder. All rights reserved.", "Copyright 2024 Holder",
# "(c) 2024 Holder", "© Holder, 2005–2022"; "Holder 版权所有" (ZH_RIGHTS).
COPYRIGHT = re.compile(
    r"(?:©|\([cC]\)|Copyright)(?:\s*©)?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?"
    r"(?P<holder>[^\n]{2,100}?)(?:,\s*\d{4}(?:\s*[-–]\s*\d{4})?)?\.?\s*"
    r"(?:All [Rr]ights [Rr]eserved\.?|Все права защищены\.?|"
    r"Todos los derechos reservados\.?|جميع الحقوق محفوظة\.?|版权所有)?\s*$", re.M)
ZH_RIGHTS = re.compile(r" ?版权所有")
# Datelines: "MOSCOW (Reuters) —", "BEIJING, April 7 (Xinhua) --",
# "Madrid, 7 abr (EFE).-", "MOSCOW, April 7. /TASS/.", "МОСКВА, 7 апр — РИА Новости."
DATELINE = re.compile(
    r"^[^\n()]{2,40}?\((?P<a>[^()\n]{2,30})\)\s*(?:—|–|--?|\.-)"
    r"|^[^\n/]{2,40}?\. /(?P<b>[^/\n]{2,30})/\."
    r"|^[А-ЯЁ -]{3,30}, \d{1,2} [а-я]{3,4} — (?P<c>[^.\n]{2,30})\.", re.M)
URL = re.compile(r"https?://[^\s\"'<>()]+")
# Photo and image credits: "Photo: AFP", "Фото: ТАСС", "图片：新华社";
# "Photo by Jane Doe/AFP via Getty Images"; "(Jane Doe/Reuters)"; "AFP/Jane Doe".
CREDITS = (
    re.compile(r"(?:Photo|Foto|Фото|صورة|Credit|图片)\s*[:：]\s*([^\n()/]{2,40}?)\s*(?:\)|$)",
               re.M),
    re.compile(r"Photo by [^/\n]{2,40}/([^\n()/]{2,40}?) via"),
    re.compile(r"\(([^()/\n]{2,40})/([^()/\n]{2,40})\)"),
    re.compile(r"\b([A-Z][A-Z.\-]{1,15})/[A-Z][a-z]+ [A-Z][a-z]+"),
)
# Outlets named as a source: "according to X", "told X", "по данным X",
# "según X", "بحسب X", "据X报道" (a name: up to five words); "(as) X reported"
# and "X报道称" by the words before the literal (REPORTED).
NAME = r"[\w&'’.\-]+(?: [\w&'’.\-]+){0,4}"
MENTION = re.compile(
    r"(?:according to|told|in an interview with|сообщает|как сообщил|по данным|"
    r"según|informó|de acuerdo con|بحسب|وفقا لـ|ذكرت) (?P<a>%s)|据(?P<c>[^\s，。]{1,20}?)报道"
    % NAME)
REPORTED = re.compile(r" reported|报道称")
HANDLE = re.compile(r"@(\w{2,30})")
# What counts as flagged by default: state-controlled and captured media.
FLAG_CODES = ("SC", "CaPu", "CaPr")


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
        self.handles = {}
        for alias, key in db.execute(
                "SELECT a.alias, e.key FROM alias a JOIN entity e ON e.id = a.entity "
                "WHERE a.kind = 'handle' ORDER BY a.id"):
            self.handles.setdefault(alias.split(":", 1)[-1].lower(), key)
        # The facts the annotation carries: state media, owners, ratings.
        self.state_media = {}
        for key, code in db.execute(
                "SELECT e.key, s.code FROM state_media s JOIN entity e ON e.id = s.entity "
                "WHERE s.until IS NULL ORDER BY s.source_rank, s.id"):
            self.state_media.setdefault(key, code)
        self.owner = {}
        for owned, owner in db.execute(
                "SELECT d.key, r.key FROM ownership o JOIN entity d ON d.id = o.owned "
                "JOIN entity r ON r.id = o.owner WHERE o.until IS NULL ORDER BY o.id"):
            self.owner.setdefault(owned, owner)
        self.ratings = {}
        for key, rater, metric, num, label in db.execute(
                "SELECT e.key, r.rater, r.metric, r.value_num, r.value_label FROM rating r "
                "JOIN entity e ON e.id = r.entity ORDER BY r.id"):
            self.ratings.setdefault(key, []).append(
                {"rater": rater, "metric": metric, "value": label if num is None else num})
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

    def outlet(self, key, role, span):
        """What the annotation says of one outlet: state media, owners, ratings."""
        owners, seen = [], {key}
        o = self.owner.get(key)
        while o and o not in seen:
            owners.append(o)
            seen.add(o)
            o = self.owner.get(o)
        return {"id": key, "role": role, "evidence": span,
                "state_media": self.state_media.get(key), "owners": owners,
                "ratings": self.ratings.get(key, [])}

    def words(self, s, trailing=False):
        """The outlet key of the longest run of (up to five) words that names one,
        from the start of s, or with trailing=True from its end."""
        words = s.split(" ")
        words = words[-5:] if trailing else words[:5]
        for n in range(len(words), 0, -1):
            key = self.aliases.get(norm(" ".join(words[-n:] if trailing else words[:n])))
            if key:
                return key
        return None

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
    """(key, span) of the last copyright line of a text resolved to an outlet, or None."""
    found = None
    for m in COPYRIGHT.finditer(text):
        key = lookup.name(m.group("holder"))
        if key:
            found = (key, m.span())
    for m in ZH_RIGHTS.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        key = lookup.name(text[start:m.start()]) if m.start() - start >= 2 else None
        if key and (not found or found[1][0] < start):
            found = (key, (start, m.end()))
    return found


def dateline(text, lookup):
    """(key, span) of the wire credit of the first dateline of a text, or None."""
    for m in DATELINE.finditer(text):
        credit = m.group("a") or m.group("b") or m.group("c")
        key = lookup.name(credit)
        if key:
            return key, m.span()
    return None


def credits(text, lookup):
    """(key, span) of each photo or image credit naming an outlet."""
    out = []
    for pattern in CREDITS:
        for m in pattern.finditer(text):
            for g in range(1, pattern.groups + 1):
                key = lookup.name(m.group(g))
                if key:
                    out.append((key, m.span(g)))
    return out


def mentions(text, lookup):
    """(key, span) of outlets a text names as a source, links to or tags."""
    out = []
    for m in MENTION.finditer(text):
        name = m.group("a")
        key = lookup.words(name) if name else lookup.name(m.group("c"))
        if key:
            out.append((key, m.span()))
    for m in REPORTED.finditer(text):
        start = max(0, m.start() - 80)
        before = text[start:m.start()]
        if m.group() == "报道称":
            before = re.split(r"[\s，。]", before)[-1]
            key = lookup.name(before) if before else None
        else:
            key = lookup.words(before, trailing=True)
        if key:
            out.append((key, (m.start() - len(before), m.end())))
    for m in URL.finditer(text):
        key = lookup.url(m.group())
        if key:
            out.append((key, m.span()))
    for m in HANDLE.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_@"):
            continue  # an address, not a handle
        key = lookup.handles.get(m.group(1).lower())
        if key:
            out.append((key, m.span()))
    return out


def annotate(lookup, publisher, origins, credited, mentioned):
    """The annotation: each outlet once, in its strongest role, and the flag."""
    outlets, seen = [], set()
    for role, found in (("publisher", [publisher] if publisher else []),
                        ("origin", origins), ("image_credit", credited),
                        ("mentioned", mentioned)):
        for key, span in found:
            if key not in seen:
                seen.add(key)
                outlets.append(lookup.outlet(key, role, span))
    reasons = ["%s %s is %s" % (o["role"], o["id"], o["state_media"]) for o in outlets
               if o["role"] in ("publisher", "origin") and o["state_media"] in FLAG_CODES]
    return {"publisher": outlets[0]["id"] if publisher else None, "outlets": outlets,
            "flagged": bool(reasons), "flag_reasons": reasons}
