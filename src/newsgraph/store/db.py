"""The embedded store: one SQLite file (WAL mode, FTS5 full-text search) holding inputs, articles,
stories, story members, events and runs (docs/store.md).

Writes happen in transactions the caller owns (``with store.transaction():``): a crash loses at
most the batch in flight, which the next run redoes. Reads are plain SQL through the helpers
below, so the CLI, the report and the web app see the same data.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import InputError

#: bump when the tables change; a store of another version is refused with a clear message
STORE_SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT, finished TEXT, version TEXT, settings_hash TEXT, counts TEXT
);
CREATE TABLE IF NOT EXISTS inputs (
    input TEXT PRIMARY KEY,          -- where the page came from (path, path#N for a record inside)
    content_hash TEXT,               -- of the page's bytes as read: a changed page is new input
    status TEXT NOT NULL,            -- ok | rejected
    reason TEXT, detail TEXT,
    article_id TEXT,
    version TEXT, settings_hash TEXT, run_id INTEGER
);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT UNIQUE NOT NULL,
    input TEXT, url TEXT, site_name TEXT, title TEXT, subtitle TEXT, authors TEXT,
    published TEXT, language TEXT, text TEXT, method TEXT, is_article INTEGER,
    status TEXT, reason TEXT, detail TEXT,
    duplicate_of TEXT, duplicate_group TEXT, story_id TEXT,
    events_done INTEGER NOT NULL DEFAULT 0,
    schema_version TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TABLE IF NOT EXISTS stories (
    story_id TEXT PRIMARY KEY,
    title TEXT, first_seen TEXT, last_seen TEXT, size INTEGER, language TEXT, mode TEXT,
    outlets TEXT, data TEXT         -- data: the whole Story record as JSON
);
CREATE TABLE IF NOT EXISTS story_members (
    story_id TEXT NOT NULL, article_id TEXT NOT NULL, position INTEGER,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_members_article ON story_members(article_id);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL, story_id TEXT, date TEXT,
    source_code TEXT, source_country TEXT, source_role TEXT, source_text TEXT,
    target_code TEXT, target_country TEXT, target_role TEXT, target_text TEXT,
    cameo_code TEXT, cameo_root TEXT, quad_class INTEGER, goldstein REAL,
    plover_type TEXT, plover_mode TEXT, location TEXT, verb TEXT,
    sentence TEXT, sentence_index INTEGER, confidence REAL,
    data TEXT                       -- the whole Event record as JSON
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_story ON events(story_id);
CREATE INDEX IF NOT EXISTS events_target ON events(target_country, date);
CREATE INDEX IF NOT EXISTS stories_size ON stories(size DESC);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
"""

ARTICLE_COLUMNS = ("id", "input", "url", "site_name", "title", "subtitle", "authors", "published", "language",
                   "text", "method", "is_article", "status", "reason", "detail", "duplicate_of",
                   "duplicate_group", "story_id", "schema_version")


class StoreError(InputError):
    """The store file is missing, unreadable or of another schema version."""


class Store:
    """One store file. Not thread-safe: one Store per process (or per request in the web app)."""

    def __init__(self, path: str | Path, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"no store at {self.path} (create one with `newsgraph run INPUT --db {self.path}`)")
        try:
            if readonly:
                uri = f"file:{self.path}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path} cannot be opened as a newsgraph store ({err})") from err
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA busy_timeout=10000")
            if not readonly:
                self._migrate()
            else:
                self._check_version()
        except sqlite3.DatabaseError as err:
            self.conn.close()
            raise StoreError(f"{self.path} is not a newsgraph store ({err})") from err

    # -- schema ----------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, STORE_SCHEMA_VERSION):
            raise StoreError(f"{self.path} is a store of schema version {version}; this newsgraph reads "
                             f"version {STORE_SCHEMA_VERSION}: export it with the newsgraph that wrote it")
        self.conn.executescript(_SCHEMA)
        self.conn.execute(f"PRAGMA user_version={STORE_SCHEMA_VERSION}")

    def _check_version(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version != STORE_SCHEMA_VERSION:
            raise StoreError(f"{self.path} is not a newsgraph store of schema version {STORE_SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic batch: everything written inside lands together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- writes (inside a transaction) -------------------------------------------------------------
    def put_article(self, art: dict[str, Any]) -> None:
        row = {k: art.get(k) for k in ARTICLE_COLUMNS}
        row["authors"] = json.dumps(art.get("authors") or [], ensure_ascii=False)
        row["is_article"] = int(bool(art.get("is_article")))
        cols = ", ".join(ARTICLE_COLUMNS)
        marks = ", ".join(f":{c}" for c in ARTICLE_COLUMNS)
        updates = ", ".join(f"{c}=excluded.{c}" for c in ARTICLE_COLUMNS if c != "id")
        self.conn.execute(
            f"INSERT INTO articles ({cols}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}, events_done=0",
            row)

    def put_input(self, input_name: str, content_hash: str | None, status: str, reason: str | None,
                  detail: str | None, article_id: str | None, version: str, settings_hash: str, run_id: int) -> None:
        self.conn.execute(
            "INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(input) DO UPDATE SET "
            "content_hash=excluded.content_hash, status=excluded.status, reason=excluded.reason, "
            "detail=excluded.detail, article_id=excluded.article_id, version=excluded.version, "
            "settings_hash=excluded.settings_hash, run_id=excluded.run_id",
            (input_name, content_hash, status, reason, detail, article_id, version, settings_hash, run_id))

    def replace_stories(self, stories: Iterable[dict[str, Any]], annotations: Iterable[dict[str, Any]]) -> None:
        """Replace every story and the articles' story/duplicate fields in one go."""
        c = self.conn
        c.execute("DELETE FROM story_members")
        c.execute("DELETE FROM stories")
        for st in stories:
            c.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (st["story_id"], st.get("title"), st.get("first_seen"), st.get("last_seen"),
                       len(st.get("article_ids") or []), st.get("language"), st.get("mode"),
                       json.dumps(st.get("outlets") or [], ensure_ascii=False), json.dumps(st, ensure_ascii=False)))
            c.executemany("INSERT OR IGNORE INTO story_members VALUES (?, ?, ?)",
                          [(st["story_id"], aid, k) for k, aid in enumerate(st.get("article_ids") or [])])
        c.executemany("UPDATE articles SET story_id=?, duplicate_of=?, duplicate_group=? WHERE id=?",
                      [(a.get("story_id"), a.get("duplicate_of"), a.get("duplicate_group"), a["id"])
                       for a in annotations])
        c.execute("UPDATE events SET story_id=(SELECT story_id FROM articles WHERE articles.id=events.article_id)")

    def put_events(self, article_id: str, events: Iterable[dict[str, Any]]) -> None:
        """The events of one article (replacing any it had) and its events_done mark."""
        c = self.conn
        c.execute("DELETE FROM events WHERE article_id=?", (article_id,))
        rows = []
        for e in events:
            src, tgt = e.get("source") or {}, e.get("target") or {}
            rows.append((e["event_id"], e["article_id"], e.get("story_id"), e.get("date"),
                         src.get("code"), src.get("country"), src.get("role"), src.get("text"),
                         tgt.get("code"), tgt.get("country"), tgt.get("role"), tgt.get("text"),
                         e.get("cameo_code"), e.get("cameo_root"), e.get("quad_class"), e.get("goldstein"),
                         e.get("plover_type"), e.get("plover_mode"), e.get("location"), e.get("verb"),
                         e.get("sentence"), e.get("sentence_index"), e.get("confidence"),
                         json.dumps(e, ensure_ascii=False)))
        c.executemany("INSERT OR REPLACE INTO events VALUES (" + ", ".join("?" * 24) + ")", rows)
        c.execute("UPDATE articles SET events_done=1 WHERE id=?", (article_id,))

    def set_stories_stale(self, stale: bool) -> None:
        """Whether the articles changed since the stories were last computed (written in the
        transaction that changes them, so a crash in between leaves the mark set)."""
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('stories_stale', ?)", ("1" if stale else "0",))

    def stories_stale(self) -> bool:
        row = self.conn.execute("SELECT value FROM meta WHERE key='stories_stale'").fetchone()
        return row is None or row[0] != "0"

    def start_run(self, version: str, settings_hash: str, started: str) -> int:
        cur = self.conn.execute("INSERT INTO runs (started, version, settings_hash) VALUES (?, ?, ?)",
                                (started, version, settings_hash))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, finished: str, counts: dict[str, Any]) -> None:
        self.conn.execute("UPDATE runs SET finished=?, counts=? WHERE run_id=?",
                          (finished, json.dumps(counts), run_id))

    # -- reads -----------------------------------------------------------------------------------
    def input_state(self, input_name: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM inputs WHERE input=?", (input_name,)).fetchone()

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    def articles(self, where: str = "", params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
        """Article records (the Article JSON form), in store order."""
        sql = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles {where} ORDER BY rowid"
        for row in self.conn.execute(sql, params):
            d = dict(row)
            d["authors"] = json.loads(d["authors"] or "[]")
            d["is_article"] = bool(d["is_article"])
            yield d

    def stories(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute("SELECT data FROM stories ORDER BY first_seen IS NULL, first_seen, story_id"):
            yield json.loads(row[0])

    def events(self, where: str = "", params: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute(f"SELECT data, story_id FROM events {where} ORDER BY date, event_id", params):
            e = json.loads(row[0])
            e["story_id"] = row[1]
            yield e

    def inputs(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute("SELECT * FROM inputs ORDER BY input"):
            yield dict(row)

    def counts(self) -> dict[str, Any]:
        q = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "inputs": q("SELECT count(*) FROM inputs"),
            "inputs_rejected": q("SELECT count(*) FROM inputs WHERE status='rejected'"),
            "articles": q("SELECT count(*) FROM articles WHERE status='ok' AND is_article=1"),
            "non_articles": q("SELECT count(*) FROM articles WHERE status='ok' AND is_article=0"),
            "duplicates": q("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "stories": q("SELECT count(*) FROM stories"),
            "events": q("SELECT count(*) FROM events"),
        }

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Full-text search over titles and bodies (FTS5 syntax; plain words are ANDed)."""
        sql = ("SELECT a.id, a.title, a.site_name, a.published, a.story_id, "
               "snippet(articles_fts, 1, '[', ']', ' ... ', 12) AS snippet "
               "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
               "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?")
        return [dict(r) for r in self.conn.execute(sql, (fts_query(query), limit, offset))]


def fts_query(text: str) -> str:
    """User words -> a safe FTS5 query: each word quoted (no operators can be injected)."""
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text).split() if w]
    return " ".join('"' + w.replace('"', '') + '"' for w in words) or '""'
