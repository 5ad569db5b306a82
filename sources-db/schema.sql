-- schema.sql — the compiled source database of masthead.
--
-- Built by `masthead db build` from the text data beside this file; masthead
-- opens it read-only and refuses a file whose application_id or user_version
-- differ from what it was built for (src/sourcedb.h: MH_DB_SCHEMA_VERSION).
-- Every fact row carries its citation and the text file and line it came from.

PRAGMA application_id = 1297307720; -- 'MSTH'
PRAGMA user_version = 3;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE citation (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,        -- dataset | url | unverified
    title     TEXT,
    url       TEXT,
    file      TEXT,
    commit_id TEXT,
    published TEXT,
    accessed  TEXT,
    license   TEXT,
    note      TEXT,
    src       TEXT NOT NULL
);

-- Outlets and organisations share one id space: owners may be outlets too.
CREATE TABLE entity (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    is_outlet      INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    country        TEXT,
    languages      TEXT,
    founded        TEXT,
    named_by       TEXT NOT NULL DEFAULT 'name',
    primary_domain TEXT,
    cite           INTEGER NOT NULL REFERENCES citation(id),
    cite_ref       TEXT,
    src            TEXT NOT NULL
);

CREATE TABLE domain (
    id       INTEGER PRIMARY KEY,
    host     TEXT NOT NULL,
    path     TEXT NOT NULL DEFAULT '',  -- '' or a path prefix starting with '/'
    entity   INTEGER NOT NULL REFERENCES entity(id),
    kind     TEXT NOT NULL,
    since    TEXT,
    until    TEXT,
    cite     INTEGER NOT NULL REFERENCES citation(id),
    cite_ref TEXT,
    src      TEXT NOT NULL
);
-- a host's rows in the order they are read (longest path first, then id),
-- with every column read: the lookup neither sorts nor visits the table
CREATE INDEX domain_host ON domain(host, length(path) DESC, id, entity, path, kind, since, until,
                                   cite, cite_ref);
CREATE INDEX domain_entity ON domain(entity);

CREATE TABLE alias (
    id       INTEGER PRIMARY KEY,
    norm     TEXT NOT NULL,             -- folded by src/normalize.c
    entity   INTEGER NOT NULL REFERENCES entity(id),
    alias    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    lang     TEXT,
    since    TEXT,
    until    TEXT,
    cite     INTEGER NOT NULL REFERENCES citation(id),
    cite_ref TEXT,
    src      TEXT NOT NULL
);
-- a name's rows in id order with every column read (covering)
CREATE INDEX alias_norm ON alias(norm, id, entity, alias, kind, since, until, cite, cite_ref);
CREATE INDEX alias_entity ON alias(entity);

CREATE TABLE ownership (
    id         INTEGER PRIMARY KEY,
    owner      INTEGER NOT NULL REFERENCES entity(id),
    owned      INTEGER NOT NULL REFERENCES entity(id),
    relation   TEXT NOT NULL,           -- owns | controls | funds
    share      REAL,
    share_text TEXT,
    since      TEXT,
    until      TEXT,
    as_of      TEXT,
    cite       INTEGER NOT NULL REFERENCES citation(id),
    cite_ref   TEXT,
    src        TEXT NOT NULL
);
CREATE INDEX ownership_owned ON ownership(owned);
CREATE INDEX ownership_owner ON ownership(owner);

CREATE TABLE state_media (
    id          INTEGER PRIMARY KEY,
    entity      INTEGER NOT NULL REFERENCES entity(id),
    code        TEXT NOT NULL REFERENCES sm_code(code),
    country     TEXT,
    since       TEXT,
    until       TEXT,
    as_of       TEXT,
    source      TEXT NOT NULL,
    source_rank INTEGER NOT NULL,
    funding     TEXT,
    note        TEXT,
    cite        INTEGER NOT NULL REFERENCES citation(id),
    cite_ref    TEXT,
    src         TEXT NOT NULL
);
CREATE INDEX state_media_entity ON state_media(entity);

CREATE TABLE rating (
    id          INTEGER PRIMARY KEY,
    entity      INTEGER NOT NULL REFERENCES entity(id),
    domain      TEXT,                   -- the rated domain, when the rater rates domains
    rater       TEXT NOT NULL,
    metric      TEXT NOT NULL,
    value_num   REAL,
    value_label TEXT,
    as_of       TEXT,
    cite        INTEGER NOT NULL REFERENCES citation(id),
    cite_ref    TEXT,
    src         TEXT NOT NULL
);
CREATE INDEX rating_entity ON rating(entity);

CREATE TABLE rater (
    rater       TEXT NOT NULL,
    metric      TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- numeric | ordinal | tags
    min         REAL,
    max         REAL,
    direction   TEXT,
    labels      TEXT,                   -- ordinal/tags: '|'-separated, best first
    description TEXT,
    cite        TEXT NOT NULL,          -- citation key
    PRIMARY KEY (rater, metric)
) WITHOUT ROWID;

CREATE TABLE sm_code (
    code        TEXT PRIMARY KEY,
    label       TEXT NOT NULL,
    grp         TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    description TEXT NOT NULL,
    cite        TEXT NOT NULL           -- citation key
) WITHOUT ROWID;

CREATE TABLE legal_form (
    form     TEXT NOT NULL,
    position TEXT NOT NULL
);

CREATE TABLE generic_word (
    word TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE country (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;

-- The first label of each outlet's registrable domains ("slashgear" for
-- slashgear.com): a name printed in a footer that spells the domain
-- ("© 2019 SlashGear") finds its outlet even without an alias.
CREATE TABLE domain_label (
    label  TEXT NOT NULL,
    entity INTEGER NOT NULL REFERENCES entity(id),
    host   TEXT NOT NULL
);
CREATE INDEX domain_label_label ON domain_label(label);

-- Each entity's records as the annotator writes them (src/recordstore.c),
-- rendered once at build time from the tables above: its core fields
-- (kind 0), full record (1) and state-media class (2), each as compact JSON.
-- Only records that hold for every date are stored; a record built from a
-- dated fact is built when asked, as of the article's date. Record ids
-- (entity * 4 + kind) go by 256 into chunks, row k holding ids from k * 256
-- (src/recordpack.h): each a little-endian u32 count of its ids, that many
-- plus one u32 offsets into the data after them, then the texts back to
-- back; an empty one is not stored. A read is a read at an offset in a
-- blob, not a statement run; chunks, because SQLite finds a place in a
-- blob by walking its pages from the start. `masthead db verify` checks
-- every stored record against the one built from the facts.
CREATE TABLE record_pack (
    id   INTEGER PRIMARY KEY CHECK (id >= 0),
    pack BLOB NOT NULL
);

-- Every entity's traits in one blob, rendered at build time like the
-- records above (src/traitstore.h): byte i for entity id i, bit 1 an outlet,
-- 2 a wire agency, 4 the id is an entity's, 8 always set; format 1. An
-- engine reads it once instead of the entity table once per id; `masthead
-- db verify` checks it against the table.
CREATE TABLE entity_traits (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    format INTEGER NOT NULL,
    bits   BLOB NOT NULL
);

-- Bloom filters over the keys lookups ask for (src/keyfilter.h): 'alias.norm'
-- (every alias's folded name) and 'domain.host' (every domain's host),
-- format 1, rendered at build time. A key not in its filter is not looked
-- up: most names and hosts an article brings up are in no table. `masthead
-- db verify` checks each against its table.
CREATE TABLE key_filter (
    keys   TEXT PRIMARY KEY,
    format INTEGER NOT NULL,
    filter BLOB NOT NULL
);

-- Full-text search over names and aliases (masthead db search).
CREATE VIRTUAL TABLE entity_fts USING fts5(name, aliases, tokenize = 'unicode61 remove_diacritics 2');
