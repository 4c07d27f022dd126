"""The store's schema, as an ordered list of migrations.

A database records which migrations it has in ``schema_migrations`` (and the
latest one in ``PRAGMA user_version``); opening it applies the missing ones in
order, each in its own transaction. A migration is SQL or a function of the
connection (for data that needs Python to move). Never edit a released
migration: add a new one at the end.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Callable, Union

from aimaq import monitor


def _subjects(conn: sqlite3.Connection) -> None:
    """Items compared by subject (word stems of measure, name, action...) through an index of terms;
    existing items are re-keyed with the current rules."""
    conn.execute("ALTER TABLE items ADD COLUMN subject TEXT NOT NULL DEFAULT '{}'")
    conn.execute("CREATE TABLE item_terms (term TEXT NOT NULL, item INTEGER NOT NULL REFERENCES items(id),"
                 " PRIMARY KEY (term, item)) WITHOUT ROWID")
    for item, typ, data in conn.execute("SELECT id, type, data FROM items").fetchall():
        fact = json.loads(data)
        subj = monitor.subject(fact)
        conn.execute("UPDATE items SET key=?, subject=? WHERE id=?",
                     (monitor.item_key(fact), json.dumps(subj, ensure_ascii=False), item))
        conn.executemany("INSERT OR IGNORE INTO item_terms VALUES (?, ?)",
                         [(t, item) for t in monitor.subject_terms(typ, subj)])


Migration = Union[str, Callable[[sqlite3.Connection], None]]

MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "documents, mentions, facts, full-text search", """
CREATE TABLE documents (
    pk          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,          -- sha256 of the text: the identity of a document
    id          TEXT NOT NULL,                 -- the record id (file stem or JSONL id)
    title       TEXT,
    published   TEXT,                          -- YYYY-MM-DD or NULL
    language    TEXT,
    script      TEXT,
    source      TEXT,
    url         TEXT,
    regions     TEXT NOT NULL DEFAULT '[]',    -- JSON list of KATO codes, main first
    region      TEXT,                          -- the main region (first of regions)
    origin      TEXT,                          -- where it was read from (path[:line])
    text        TEXT NOT NULL,                 -- the original decoded text offsets point into
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_id ON documents(id);
CREATE INDEX documents_region ON documents(region);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE mentions (
    document INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,                 -- position in the record's mentions list
    type     TEXT NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL,
    amount   REAL,                             -- value.amount when the mention has one
    unit     TEXT,                             -- value.currency or value.unit
    kato     TEXT,                             -- value.kato or value.region
    value    TEXT NOT NULL DEFAULT '{}',       -- the whole value object, JSON
    PRIMARY KEY (document, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_type ON mentions(type);
CREATE INDEX mentions_kato ON mentions(kato);

CREATE TABLE facts (
    document       INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,           -- position in the record's facts list
    type           TEXT NOT NULL,
    region         TEXT,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    period_start   TEXT,
    period_end     TEXT,
    amount         REAL,                       -- the main figure (see aimaq.monitor.main_value)
    unit           TEXT,                       -- its currency or unit
    flow           TEXT,
    status         TEXT,
    projects       REAL,
    jobs           REAL,
    deadline_start TEXT,
    deadline_end   TEXT,
    item           INTEGER,                    -- the tracked item it is evidence of (items.id)
    data           TEXT NOT NULL,              -- the whole fact record (Fact.to_dict()), JSON
    PRIMARY KEY (document, idx)
) WITHOUT ROWID;
CREATE INDEX facts_type_region ON facts(type, region);
CREATE INDEX facts_item ON facts(item);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='pk', tokenize='unicode61'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.pk, coalesce(old.title, ''), old.text);
END;
"""),
    (2, "monitoring: tracked items, conflicts, commitment status history", """
CREATE TABLE items (
    id             INTEGER PRIMARY KEY,
    type           TEXT NOT NULL,
    region         TEXT,
    key            TEXT NOT NULL,              -- what the fact is about (flow, measure, name...), normalized
    period_start   TEXT,
    period_end     TEXT,
    amount         REAL,                       -- the main figure as first reported (never averaged)
    unit           TEXT,
    values_json    TEXT NOT NULL DEFAULT '{}', -- all figures as first reported
    conflict       INTEGER NOT NULL DEFAULT 0, -- 1 when some evidence reports a different value
    commitment     INTEGER NOT NULL DEFAULT 0, -- targets and instructions
    deadline_start TEXT,
    deadline_end   TEXT,
    published      TEXT,                       -- publication date of the first evidence
    first_document INTEGER NOT NULL REFERENCES documents(pk),
    data           TEXT NOT NULL               -- the first fact record, JSON
);
CREATE INDEX items_lookup ON items(type, region, key);
CREATE INDEX items_commitment ON items(commitment, region);

CREATE TABLE item_evidence (
    item        INTEGER NOT NULL REFERENCES items(id),
    document    INTEGER NOT NULL REFERENCES documents(pk),
    fact_idx    INTEGER NOT NULL,
    agrees      INTEGER NOT NULL,              -- 0: this evidence is the conflicting value
    values_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (item, document, fact_idx)
) WITHOUT ROWID;
CREATE INDEX item_evidence_document ON item_evidence(document);

CREATE TABLE status_history (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    item        INTEGER NOT NULL REFERENCES items(id),
    status      TEXT NOT NULL,                 -- no_deadline, upcoming, due_this_year, overdue, reported_met
    as_of       TEXT NOT NULL,                 -- the "today" the status was computed against
    document    INTEGER REFERENCES documents(pk),  -- the evidence that moved it (NULL: the calendar did)
    fact_idx    INTEGER,
    reason      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX status_history_item ON status_history(item, seq);
CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history BEGIN
    SELECT RAISE(ABORT, 'status_history is append-only');
END;
CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history BEGIN
    SELECT RAISE(ABORT, 'status_history is append-only');
END;
"""),
    (3, "tracked items compared by subject (term index)", _subjects),
]

LATEST = MIGRATIONS[-1][0]
