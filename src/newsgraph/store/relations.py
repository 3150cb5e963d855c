"""Relations: what the events between two countries add up to, per day, week or month.

A dyad is a pair of country codes (``RUS``, ``CHN``: every role), or of actor codes with roles
(``RUSGOV``, ``CHNMIL``). Undirected (the default) counts events either way; directed counts only
``a -> b``. Per period: events by QuadClass (1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict), mean and summed Goldstein score, and the
events and stories that weigh most. Events without a date are left out of time series (counted
in ``undated``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from .db import Store

PERIODS = ("day", "week", "month")


def period_of(day: str, by: str) -> str:
    """``2024-05-16`` -> ``2024-05-16`` (day), ``2024-W20`` (ISO week), ``2024-05`` (month)."""
    if by == "day":
        return day[:10]
    if by == "month":
        return day[:7]
    y, w, _ = date.fromisoformat(day[:10]).isocalendar()
    return f"{y}-W{w:02d}"


def _side(code: str) -> str:
    """A 3-letter code is a country (every role); a longer one an actor with its roles (RUSGOV)."""
    return "{}_country" if len(code) <= 3 else "{}_code"


def _dyad_where(a: str, b: str | None, directed: bool) -> tuple[str, tuple[str, ...]]:
    sa = _side(a)
    if b is None:
        return f"({sa.format('source')}=? OR {sa.format('target')}=?)", (a, a)
    sb = _side(b)
    ab = f"{sa.format('source')}=? AND {sb.format('target')}=?"
    if directed:
        return ab, (a, b)
    ba = f"{sb.format('source')}=? AND {sa.format('target')}=?"
    return f"(({ab}) OR ({ba}))", (a, b, b, a)


def series(store: Store, a: str, b: str | None = None, by: str = "month", directed: bool = False,
           start: str | None = None, end: str | None = None) -> dict[str, Any]:
    """The time series of a dyad (or of one country with everyone when ``b`` is None)."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}")
    a, b = a.upper(), (b.upper() if b else None)
    where, params = _dyad_where(a, b, directed)
    if start:
        where += " AND date >= ?"
        params += (start,)
    if end:
        where += " AND date <= ?"
        params += (end,)
    rows = store.conn.execute(
        f"SELECT date, quad_class, goldstein FROM events WHERE {where} AND target_country IS NOT NULL "
        "AND source_country != target_country", params).fetchall()
    buckets: dict[str, dict[str, Any]] = defaultdict(lambda: {"events": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0,
                                                               "goldstein_sum": 0.0, "scored": 0})
    undated = 0
    for day, quad, g in rows:
        if not day:
            undated += 1
            continue
        bk = buckets[period_of(day, by)]
        bk["events"] += 1
        if quad in (1, 2, 3, 4):
            bk[f"q{quad}"] += 1
        if g is not None:
            bk["goldstein_sum"] += g
            bk["scored"] += 1
    out = []
    for period in sorted(buckets):
        bk = buckets[period]
        out.append({"period": period, "events": bk["events"],
                    "verbal_coop": bk["q1"], "material_coop": bk["q2"],
                    "verbal_conflict": bk["q3"], "material_conflict": bk["q4"],
                    "cooperation": bk["q1"] + bk["q2"], "conflict": bk["q3"] + bk["q4"],
                    "goldstein_sum": round(bk["goldstein_sum"], 2),
                    "goldstein_mean": round(bk["goldstein_sum"] / bk["scored"], 2) if bk["scored"] else None})
    return {"dyad": [a, b], "directed": directed, "by": by, "undated": undated, "series": out}


def top_events(store: Store, a: str, b: str | None = None, directed: bool = False, limit: int = 10) -> list[dict[str, Any]]:
    """The events of a dyad that weigh most (largest |Goldstein|, then confidence)."""
    a, b = a.upper(), (b.upper() if b else None)
    where, params = _dyad_where(a, b, directed)
    rows = store.conn.execute(
        f"SELECT event_id, date, source_code, cameo_code, target_code, goldstein, quad_class, sentence, "
        f"article_id, story_id FROM events WHERE {where} AND target_country IS NOT NULL "
        "AND source_country != target_country "
        "ORDER BY abs(coalesce(goldstein, 0)) DESC, confidence DESC, event_id LIMIT ?", params + (limit,))
    return [dict(r) for r in rows]


def top_stories(store: Store, a: str, b: str | None = None, directed: bool = False, limit: int = 10) -> list[dict[str, Any]]:
    """The stories behind a dyad's events, by how many of its events they hold."""
    a, b = a.upper(), (b.upper() if b else None)
    where, params = _dyad_where(a, b, directed)
    rows = store.conn.execute(
        f"SELECT e.story_id, count(*) AS events, avg(e.goldstein) AS goldstein_mean, s.title, s.first_seen, "
        f"s.size FROM events e JOIN stories s ON s.story_id = e.story_id WHERE {where.replace('source_', 'e.source_').replace('target_', 'e.target_')} "
        "AND e.target_country IS NOT NULL AND e.source_country != e.target_country "
        "GROUP BY e.story_id ORDER BY events DESC, s.first_seen LIMIT ?", params + (limit,))
    out = []
    for r in rows:
        d = dict(r)
        d["goldstein_mean"] = round(d["goldstein_mean"], 2) if d["goldstein_mean"] is not None else None
        out.append(d)
    return out


def top_dyads(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    """The busiest undirected country pairs: events, cooperation/conflict counts, mean Goldstein."""
    rows = store.conn.execute(
        "SELECT source_country, target_country, quad_class, goldstein FROM events "
        "WHERE source_country IS NOT NULL AND target_country IS NOT NULL AND source_country != target_country")
    agg: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    gsum: dict[tuple[str, str], list[float]] = defaultdict(list)
    for s, t, q, g in rows:
        key = (s, t) if s < t else (t, s)
        agg[key]["events"] += 1
        if q in (1, 2):
            agg[key]["cooperation"] += 1
        elif q in (3, 4):
            agg[key]["conflict"] += 1
        if g is not None:
            gsum[key].append(g)
    ranked = sorted(agg.items(), key=lambda kv: (-kv[1]["events"], kv[0]))[:limit]
    return [{"dyad": list(k), "events": c["events"], "cooperation": c["cooperation"], "conflict": c["conflict"],
             "goldstein_mean": round(sum(gsum[k]) / len(gsum[k]), 2) if gsum[k] else None} for k, c in ranked]


def top_actors(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    """Actor codes by how many events they take part in (as source or target)."""
    rows = store.conn.execute(
        "SELECT code, count(*) AS n FROM (SELECT source_code AS code FROM events UNION ALL "
        "SELECT target_code FROM events WHERE target_code IS NOT NULL) WHERE code != '---' "
        "GROUP BY code ORDER BY n DESC, code LIMIT ?", (limit,))
    return [{"actor": r[0], "events": r[1]} for r in rows]
