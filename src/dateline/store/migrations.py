"""Numbered schema migrations for the SQLite store, tracked by ``PRAGMA user_version``.

Migration ``i`` (0-based in :data:`MIGRATIONS`) moves a database from ``user_version == i`` to ``i + 1``.
Never edit a released migration: append a new one. Kept in Python (not a ``.sql`` file) so it ships inside
the wheel without package-data rules.

Layout (v1):

- ``articles``      one row per article (id = content hash); the analysis (sentences, tokens, entities,
                    timexes, toponyms) is a zlib-compressed JSON blob because it is only ever read whole.
- ``removed``       boilerplate stretches the cleaner blanked (span + rule), per article.
- ``mentions``      one row per event mention; indexed columns for blocking, the record as JSON.
- ``place_names``   folded place names (canonical and as written in articles) -> geonameid, for place filters
                    that accept alternate spellings.
- ``events``        merged events; filter columns + the record as JSON.
- ``event_actors``  event <-> actor (any role), for the actor filter.
- ``citations``     event <-> article links (which sentence of which article supports the event).
- ``rejections``    inputs that could not be used (unique, so re-running a batch does not double them).
- ``runs``          one row per batch run (command, counts, start/finish times).
- ``articles_fts``  FTS5 over article title + text (external content: the text is stored once).
- ``events_fts``    FTS5 over event summaries and citation quotes (rowid = events.rowid).
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

_V1 = """
CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    text          TEXT NOT NULL,
    title         TEXT,
    url           TEXT,
    outlet        TEXT,
    source        TEXT,
    language      TEXT,
    published     TEXT,            -- JSON ArticleDate from metadata, or NULL
    dated         TEXT,            -- JSON ArticleDate decided by the dating stage, or NULL
    date_start    TEXT,            -- ISO day, NULL when undated
    date_end      TEXT,
    analysis      BLOB NOT NULL,   -- zlib(JSON) of the per-article analysis
    added_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX articles_date ON articles (date_start, date_end);

CREATE TABLE removed (
    article_id    TEXT NOT NULL REFERENCES articles (id),
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    rule          TEXT NOT NULL
);
CREATE INDEX removed_article ON removed (article_id);

CREATE TABLE mentions (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles (id),
    ordinal        INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start     TEXT,
    date_end       TEXT,
    geonameid      INTEGER,
    data           TEXT NOT NULL,
    UNIQUE (article_id, ordinal)
);
CREATE INDEX mentions_date ON mentions (date_start, date_end);

CREATE TABLE place_names (
    name_key      TEXT NOT NULL,
    geonameid     INTEGER NOT NULL,
    PRIMARY KEY (name_key, geonameid)
) WITHOUT ROWID;

CREATE TABLE events (
    id             TEXT PRIMARY KEY,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start     TEXT,
    date_end       TEXT,
    place_key      TEXT,
    admin1_key     TEXT,
    geonameid      INTEGER,
    parent         INTEGER,
    country        TEXT,
    salience       REAL NOT NULL,
    background     INTEGER NOT NULL,
    summary        TEXT NOT NULL,
    data           TEXT NOT NULL
);
CREATE INDEX events_date ON events (date_start, date_end);
CREATE INDEX events_geonameid ON events (geonameid);
CREATE INDEX events_parent ON events (parent);
CREATE INDEX events_place_key ON events (place_key);
CREATE INDEX events_type ON events (event_type);

CREATE TABLE event_actors (
    event_id      TEXT NOT NULL REFERENCES events (id),
    actor_id      TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    role          TEXT NOT NULL
);
CREATE INDEX event_actors_event ON event_actors (event_id);
CREATE INDEX event_actors_actor ON event_actors (actor_id);
CREATE INDEX event_actors_name ON event_actors (name_key);

CREATE TABLE citations (
    event_id       TEXT NOT NULL REFERENCES events (id),
    ordinal        INTEGER NOT NULL,
    article_id     TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    PRIMARY KEY (event_id, ordinal)
);
CREATE INDEX citations_article ON citations (article_id);

CREATE TABLE rejections (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    stage         TEXT NOT NULL,
    code          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    UNIQUE (source, stage, code, reason)
);

CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    command       TEXT NOT NULL,
    options       TEXT NOT NULL DEFAULT '',
    started_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at   TEXT,
    articles      INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT ''
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, content='articles', tokenize='unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE events_fts USING fts5 (
    summary, quotes, tokenize='unicode61 remove_diacritics 2'
);
"""

# v2: articles whose mentions have been merged into events. Analysis and merging are separate transactions;
# a run killed between them leaves ``merged = 0`` rows that the next run merges first.
_V2 = """
ALTER TABLE articles ADD COLUMN merged INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_unmerged ON articles (merged) WHERE merged = 0;
"""

# v3: the merge asks for the events at one place within a few weeks, once per block of new mentions; with the
# place and the start day in one index that is a range scan however many events the place has over the years.
_V3 = """
CREATE INDEX events_place_date ON events (geonameid, date_start);
CREATE INDEX events_parent_date ON events (parent, date_start);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)
