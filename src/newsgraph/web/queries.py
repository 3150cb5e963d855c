"""Read queries of the web app over a :class:`~newsgraph.store.db.Store` (read-only).

Everything returns plain dicts and lists (JSON-ready); paged queries return ``(total, items)``.
Every value comes from the store as stored: escaping is the templates' job (Jinja2 autoescape),
never done here.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Any

from ..store.db import Store, fts_query

#: article fields in list views (the body is left out; ``excerpt`` stands for it)
LIST_FIELDS = ("id", "title", "site_name", "published", "language", "url", "story_id", "duplicate_of",
               "is_article")
EVENT_FIELDS = ("event_id", "article_id", "story_id", "date", "source_code", "source_country", "source_role",
                "source_text", "target_code", "target_country", "target_role", "target_text", "cameo_code",
                "cameo_root", "quad_class", "goldstein", "plover_type", "plover_mode", "location", "verb",
                "sentence", "sentence_index", "confidence")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@lru_cache(maxsize=4096)
def cameo_name(code: str | None) -> str | None:
    """``057`` -> ``sign formal agreement`` (None when the tables do not know the code)."""
    if not code:
        return None
    try:
        from ..events.tables import lookup

        return lookup(code).name
    except Exception:  # the tables are optional for browsing
        return None


def excerpt(text: str | None, chars: int = 600) -> str:
    """The first ``chars`` characters of a body, cut at a word boundary."""
    text = (text or "").strip()
    if len(text) <= chars:
        return text
    cut = text[:chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > chars // 2 else cut).rstrip(" ,;:") + " …"


def _article_row(row: Any, with_excerpt: int = 0) -> dict[str, Any]:
    d = {k: row[k] for k in LIST_FIELDS}
    d["is_article"] = bool(d["is_article"])
    if with_excerpt:
        d["excerpt"] = excerpt(row["text"], with_excerpt)
    return d


# ------------------------------------------------------------------------------------- articles
def list_articles(store: Store, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """The latest articles first (undated last)."""
    total = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = store.conn.execute(
        f"SELECT {', '.join(LIST_FIELDS)}, text FROM articles "
        "ORDER BY published IS NULL, published DESC, rowid DESC LIMIT ? OFFSET ?", (limit, offset))
    return total, [_article_row(r, 240) for r in rows]


def search_articles(store: Store, q: str, limit: int, offset: int,
                    marks: tuple[str, str] = ("[", "]")) -> tuple[int, list[dict[str, Any]]]:
    """Full-text search as Store.search does it (same query, same order), with the total and
    the snippet's match markers of one's choice (Store.search uses ``[`` and ``]``)."""
    match = fts_query(q)
    if match == '""':
        return 0, []
    total = store.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0]
    sql = ("SELECT a.id, a.title, a.site_name, a.published, a.story_id, a.duplicate_of, "
           "snippet(articles_fts, 1, ?, ?, ' ... ', 24) AS snippet "
           "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
           "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?")
    return total, [dict(r) for r in store.conn.execute(sql, (marks[0], marks[1], match, limit, offset))]


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    found = list(store.articles("WHERE id=?", (article_id,)))
    if not found:
        return None
    art = found[0]
    art["events"] = store.conn.execute("SELECT count(*) FROM events WHERE article_id=?", (article_id,)).fetchone()[0]
    return art


def article_events(store: Store, article_id: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE article_id=? ORDER BY sentence_index, event_id",
        (article_id,)).fetchall()
    return [_event_row(r) for r in rows]


# -------------------------------------------------------------------------------------- stories
def list_stories(store: Store, limit: int, offset: int, sort: str = "size") -> tuple[int, list[dict[str, Any]]]:
    """Stories, largest first (``sort="size"``) or latest first (``sort="latest"``)."""
    order = ("size DESC, coalesce(last_seen, first_seen) DESC, story_id" if sort == "size"
             else "coalesce(last_seen, first_seen) IS NULL, coalesce(last_seen, first_seen) DESC, size DESC, story_id")
    total = store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    # only the fields a list shows are pulled out of the stored Story JSON (its coverage can be
    # large), and the event count comes from the events_story index
    rows = store.conn.execute(
        "SELECT s.story_id, s.title, s.first_seen, s.last_seen, s.size, s.language, s.mode, s.outlets, "
        "json_extract(s.data, '$.duplicates') AS duplicates, json_extract(s.data, '$.summary') AS summary, "
        "json_extract(s.data, '$.key_terms') AS key_terms, "
        "(SELECT count(*) FROM events e WHERE e.story_id = s.story_id) AS events "
        f"FROM stories s ORDER BY {order} LIMIT ? OFFSET ?", (limit, offset))
    out = []
    for r in rows:
        out.append({"story_id": r["story_id"], "title": r["title"], "first_seen": r["first_seen"],
                    "last_seen": r["last_seen"], "size": r["size"], "language": r["language"], "mode": r["mode"],
                    "outlets": json.loads(r["outlets"] or "[]"), "duplicates": r["duplicates"] or 0,
                    "summary": json.loads(r["summary"] or "[]"), "key_terms": json.loads(r["key_terms"] or "[]"),
                    "events": r["events"]})
    return total, out


def get_story(store: Store, story_id: str, excerpt_chars: int = 420) -> dict[str, Any] | None:
    """A story with its members side by side: each member's title, outlet, date, excerpt, and
    what it adds and omits (from the Story record's ``coverage``)."""
    row = store.conn.execute("SELECT data FROM stories WHERE story_id=?", (story_id,)).fetchone()
    if row is None:
        return None
    story = json.loads(row[0])
    coverage = {c.get("article_id"): c for c in story.get("coverage") or []}
    rows = store.conn.execute(
        f"SELECT {', '.join('a.' + f for f in LIST_FIELDS)}, a.text, m.position FROM story_members m JOIN articles a ON a.id = m.article_id "
        "WHERE m.story_id=? ORDER BY m.position", (story_id,)).fetchall()
    members = []
    for r in rows:
        d = _article_row(r, excerpt_chars)
        cov = coverage.get(d["id"]) or {}
        d["adds"] = list(cov.get("adds") or [])
        d["omits"] = list(cov.get("omits") or [])
        members.append(d)
    # originals first (in story order), then the copies
    members.sort(key=lambda m: m["duplicate_of"] is not None)
    story["members"] = members
    events = store.conn.execute(
        f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE story_id=? "
        "ORDER BY date, article_id, sentence_index, event_id", (story_id,)).fetchall()
    story["events"] = [_event_row(e) for e in events]
    return story


# --------------------------------------------------------------------------------------- events
def _event_row(row: Any) -> dict[str, Any]:
    d = {k: row[k] for k in EVENT_FIELDS}
    d["cameo_name"] = cameo_name(d["cameo_code"])
    d["quad_name"] = QUAD_NAMES.get(d["quad_class"])
    return d


def _side(prefix: str, code: str) -> tuple[str, tuple[str, ...]]:
    """One side of an event is ``code``: its actor code, or its country."""
    return f"({prefix}_code=? OR {prefix}_country=?)", (code, code)


def find_events(store: Store, *, actor: str | None = None, source: str | None = None, target: str | None = None,
                dyad: tuple[str, str] | None = None, cameo: str | None = None, root: str | None = None,
                start: str | None = None, end: str | None = None, limit: int = 50,
                offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Events by actor (either side), source, target (actor code or country), an undirected
    country dyad, CAMEO code prefix, CAMEO root, and date range (inclusive); in date order."""
    where: list[str] = []
    params: tuple[Any, ...] = ()
    if actor:
        s, p = _side("source", actor)
        t, q = _side("target", actor)
        where.append(f"({s} OR {t})")
        params += p + q
    if source:
        s, p = _side("source", source)
        where.append(s)
        params += p
    if target:
        t, q = _side("target", target)
        where.append(t)
        params += q
    if dyad:
        a, b = dyad
        where.append("((source_country=? AND target_country=?) OR (source_country=? AND target_country=?))")
        params += (a, b, b, a)
    if cameo:
        where.append("cameo_code LIKE ? ESCAPE '\\'")
        params += (cameo.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",)
    if root:
        where.append("cameo_root=?")
        params += (root,)
    if start:
        where.append("substr(date, 1, 10) >= ?")
        params += (start,)
    if end:
        where.append("substr(date, 1, 10) <= ?")
        params += (end,)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = store.conn.execute(f"SELECT count(*) FROM events {clause}", params).fetchone()[0]
    rows = store.conn.execute(
        f"SELECT {', '.join(EVENT_FIELDS)} FROM events {clause} "
        "ORDER BY date IS NULL, date, article_id, sentence_index, event_id LIMIT ? OFFSET ?", params + (limit, offset))
    return total, [_event_row(r) for r in rows]


def auto_period(store: Store, a: str, b: str) -> str:
    """The period that gives a dyad's timeline a readable number of bars: day for a span of up to
    three weeks, week up to half a year, month beyond."""
    lo, hi = store.conn.execute(
        "SELECT min(substr(date, 1, 10)), max(substr(date, 1, 10)) FROM events WHERE date IS NOT NULL AND "
        "((source_country=? AND target_country=?) OR (source_country=? AND target_country=?))",
        (a, b, b, a)).fetchone()
    try:
        days = (date.fromisoformat(hi) - date.fromisoformat(lo)).days
    except (TypeError, ValueError):
        return "week"
    return "day" if days <= 21 else ("week" if days <= 183 else "month")


# --------------------------------------------------------------------------------------- actors
def actor_summary(store: Store, code: str, partners: int = 20) -> dict[str, Any] | None:
    """How often ``code`` (an actor code such as RUSGOV, or a country such as RUS, which takes in
    its agents) is in an event (``events``, each event once), source and target, its partners (the other side, by country where known),
    and the actor codes it covers. None when it has no events."""
    c = store.conn
    src_n = c.execute("SELECT count(*) FROM events WHERE source_code=? OR source_country=?", (code, code)).fetchone()[0]
    tgt_n = c.execute("SELECT count(*) FROM events WHERE target_code=? OR target_country=?", (code, code)).fetchone()[0]
    if src_n + tgt_n == 0:
        return None
    # an event within one country (RUSGOV -> RUSOPP) counts once, on both sides
    n = c.execute("SELECT count(*) FROM events WHERE source_code=? OR source_country=? OR target_code=? "
                  "OR target_country=?", (code, code, code, code)).fetchone()[0]
    rows = c.execute(
        "SELECT coalesce(target_country, target_code) AS partner, 'source' AS side, quad_class, goldstein "
        "FROM events WHERE (source_code=? OR source_country=?) AND target_code IS NOT NULL "
        "UNION ALL SELECT coalesce(source_country, source_code), 'target', quad_class, goldstein "
        "FROM events WHERE (target_code=? OR target_country=?) AND source_code IS NOT NULL",
        (code, code, code, code)).fetchall()
    agg: dict[str, dict[str, Any]] = {}
    for partner, side, quad, g in rows:
        if not partner or partner == code or partner == "---":
            continue
        p = agg.setdefault(partner, {"partner": partner, "events": 0, "as_source": 0, "as_target": 0,
                                     "cooperation": 0, "conflict": 0, "_g": []})
        p["events"] += 1
        p["as_source" if side == "source" else "as_target"] += 1
        if quad in (1, 2):
            p["cooperation"] += 1
        elif quad in (3, 4):
            p["conflict"] += 1
        if g is not None:
            p["_g"].append(g)
    ranked = sorted(agg.values(), key=lambda p: (-p["events"], p["partner"]))[:partners]
    for p in ranked:
        gs = p.pop("_g")
        p["goldstein_mean"] = round(sum(gs) / len(gs), 2) if gs else None
        p["is_country"] = len(p["partner"]) == 3 and p["partner"].isalpha()
    codes = c.execute(
        "SELECT code, count(*) AS n FROM (SELECT source_code AS code FROM events WHERE source_code=? OR source_country=? "
        "UNION ALL SELECT target_code FROM events WHERE target_code=? OR target_country=?) "
        "GROUP BY code ORDER BY n DESC, code", (code, code, code, code)).fetchall()
    texts = c.execute(
        "SELECT txt, count(*) AS n FROM (SELECT source_text AS txt FROM events WHERE source_code=? OR source_country=? "
        "UNION ALL SELECT target_text FROM events WHERE target_code=? OR target_country=?) WHERE txt IS NOT NULL "
        "GROUP BY txt ORDER BY n DESC, txt LIMIT 12", (code, code, code, code)).fetchall()
    return {"code": code, "events": n, "as_source": src_n, "as_target": tgt_n,
            "is_country": len(code) == 3 and code.isalpha(),
            "codes": [{"code": r[0], "events": r[1]} for r in codes],
            "names": [{"text": r[0], "events": r[1]} for r in texts],
            "partners": ranked}
