"""``newsgraph report``: one self-contained HTML page about a store (docs/report.md).

:func:`report_data` reads the store (plain SQL plus :mod:`newsgraph.store.relations`) into plain
values; :func:`render_report` turns them into HTML with a Jinja2 template (``autoescape=True``:
every title, outlet, sentence and actor text from crawled pages is escaped) and inline SVG charts
from :mod:`.svg` (which escapes its own labels). No network is needed to open the page: no
scripts, fonts, images or stylesheets from elsewhere.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .._version import __version__
from ..store.db import STORE_SCHEMA_VERSION, Store
from ..store.relations import period_of, series, top_actors, top_dyads
from . import svg

#: how many dyads get a timeline chart, actors and stories are listed, dyads are tabled
CHART_DYADS = 4
TOP_ACTORS = 12
TOP_STORIES = 10
TABLE_DYADS = 10
SUMMARY_SENTENCES = 3
#: a timeline has at least this many periods: the coarsest of month, week, day that gives as many
#: (a span of fewer days is padded with empty days on both sides)
MIN_POINTS = 5

#: ISO 3166 alpha-3 -> short English name, for the codes news most often carries
COUNTRIES: dict[str, str] = {
    "AFG": "Afghanistan", "ALB": "Albania", "DZA": "Algeria", "AGO": "Angola", "ARG": "Argentina",
    "ARM": "Armenia", "AUS": "Australia", "AUT": "Austria", "AZE": "Azerbaijan", "BHR": "Bahrain",
    "BGD": "Bangladesh", "BLR": "Belarus", "BEL": "Belgium", "BOL": "Bolivia", "BIH": "Bosnia and Herzegovina",
    "BRA": "Brazil", "BGR": "Bulgaria", "KHM": "Cambodia", "CMR": "Cameroon", "CAN": "Canada", "TCD": "Chad",
    "CHL": "Chile", "CHN": "China", "COL": "Colombia", "COD": "DR Congo", "COG": "Congo", "HRV": "Croatia",
    "CUB": "Cuba", "CYP": "Cyprus", "CZE": "Czechia", "DNK": "Denmark", "ECU": "Ecuador", "EGY": "Egypt",
    "EST": "Estonia", "ETH": "Ethiopia", "FIN": "Finland", "FRA": "France", "GEO": "Georgia", "DEU": "Germany",
    "GHA": "Ghana", "GRC": "Greece", "GBR": "United Kingdom", "HUN": "Hungary", "ISL": "Iceland", "IND": "India",
    "IDN": "Indonesia", "IRN": "Iran", "IRQ": "Iraq", "IRL": "Ireland", "ISR": "Israel", "ITA": "Italy",
    "JPN": "Japan", "JOR": "Jordan", "KAZ": "Kazakhstan", "KEN": "Kenya", "PRK": "North Korea",
    "KOR": "South Korea", "KWT": "Kuwait", "KGZ": "Kyrgyzstan", "LVA": "Latvia", "LBN": "Lebanon",
    "LBY": "Libya", "LTU": "Lithuania", "LUX": "Luxembourg", "MYS": "Malaysia", "MLI": "Mali", "MEX": "Mexico",
    "MDA": "Moldova", "MNG": "Mongolia", "MNE": "Montenegro", "MAR": "Morocco", "MOZ": "Mozambique",
    "MMR": "Myanmar", "NPL": "Nepal", "NLD": "Netherlands", "NZL": "New Zealand", "NIC": "Nicaragua",
    "NER": "Niger", "NGA": "Nigeria", "MKD": "North Macedonia", "NOR": "Norway", "OMN": "Oman",
    "PAK": "Pakistan", "PSE": "Palestine", "PAN": "Panama", "PRY": "Paraguay", "PER": "Peru",
    "PHL": "Philippines", "POL": "Poland", "PRT": "Portugal", "QAT": "Qatar", "ROU": "Romania",
    "RUS": "Russia", "RWA": "Rwanda", "SAU": "Saudi Arabia", "SEN": "Senegal", "SRB": "Serbia",
    "SGP": "Singapore", "SVK": "Slovakia", "SVN": "Slovenia", "SOM": "Somalia", "ZAF": "South Africa",
    "SSD": "South Sudan", "ESP": "Spain", "LKA": "Sri Lanka", "SDN": "Sudan", "SWE": "Sweden",
    "CHE": "Switzerland", "SYR": "Syria", "TWN": "Taiwan", "TJK": "Tajikistan", "TZA": "Tanzania",
    "THA": "Thailand", "TUN": "Tunisia", "TUR": "Türkiye", "TKM": "Turkmenistan", "UGA": "Uganda",
    "UKR": "Ukraine", "ARE": "United Arab Emirates", "USA": "United States", "URY": "Uruguay",
    "UZB": "Uzbekistan", "VEN": "Venezuela", "VNM": "Vietnam", "YEM": "Yemen", "ZMB": "Zambia",
    "ZWE": "Zimbabwe", "VAT": "Vatican", "XKX": "Kosovo",
}
#: CAMEO actor codes that are organisations rather than countries (longest prefix wins)
ORGANISATIONS: dict[str, str] = {
    "IGOUNO": "United Nations", "IGOEUREEC": "European Union", "IGOWSTNAT": "NATO",
    "IGOAFRAFU": "African Union", "IGOSEAASN": "ASEAN", "IGOARBARL": "Arab League", "IGOWSTG7": "G7",
    "IGOWTO": "World Trade Organization", "IGOIMF": "IMF", "IGOWBK": "World Bank", "IGOBUSOPC": "OPEC",
    "IGO": "intergovernmental organisation", "NGO": "non-governmental organisation",
    "MNC": "multinational company",
}
#: CAMEO role codes
ROLES: dict[str, str] = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "PTY": "political party",
    "COP": "police", "JUD": "judiciary", "LEG": "legislature", "BUS": "business", "MED": "media",
    "CVL": "civilians", "EDU": "education", "ELI": "elites", "HLH": "health", "HRI": "human rights",
    "LAB": "labour", "REF": "refugees", "SPY": "intelligence", "UAF": "armed group", "AGR": "agriculture",
    "CRM": "criminals", "ENV": "environment", "REL": "religious", "SET": "settlers", "INS": "insurgents",
    "SEP": "separatists", "DEV": "development", "RAD": "radicals", "MOD": "moderates", "IGO": "IGO",
    "NGO": "NGO", "MNC": "multinational",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: actor texts that say nothing on their own (coreference kept the actor, the text is a pronoun)
_PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "them", "this", "that", "these", "those"}


def country_name(code: str | None) -> str:
    """``CHN`` -> ``China``; an unknown code stays as it is."""
    return COUNTRIES.get((code or "").upper(), code or "")


def dyad_title(a: str, b: str) -> str:
    """``CHN``, ``RUS`` -> ``China–Russia (CHN–RUS)``; codes alone when neither name is known."""
    na, nb = country_name(a), country_name(b)
    if na == a and nb == b:
        return f"{a}–{b}"
    return f"{na}–{nb} ({a}–{b})"


def describe_actor(code: str) -> str:
    """``RUSGOV`` -> ``Russia · government``; ``IGOUNO`` -> ``United Nations``; else ''."""
    code = (code or "").upper()
    head, rest = "", code
    for prefix in sorted(ORGANISATIONS, key=len, reverse=True):
        if code.startswith(prefix):
            head, rest = ORGANISATIONS[prefix], code[len(prefix):]
            break
    else:
        if code[:3] in COUNTRIES:
            head, rest = COUNTRIES[code[:3]], code[3:]
    if not head:
        return ""
    roles = [ROLES.get(rest[i:i + 3]) for i in range(0, len(rest), 3)]
    if any(r is None for r in roles):
        return head
    return " · ".join([head, *[r for r in roles if r]])


# ------------------------------------------------------------------------------------ periods
def _parse_day(value: str | None) -> date | None:
    if not value or not _DAY.match(value):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def choose_period(first: date, last: date) -> str:
    """The coarsest of month, week, day that still gives at least :data:`MIN_POINTS` periods (so
    sparse news makes few, well-filled bars rather than many empty ones); day when even days give
    fewer. That keeps a chart within 5-60 points unless the span is over five years (months)."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months >= MIN_POINTS:
        return "month"
    weeks = ((last - timedelta(days=last.weekday())) - (first - timedelta(days=first.weekday()))).days // 7 + 1
    if weeks >= MIN_POINTS:
        return "week"
    return "day"


def period_axis(first: date, last: date, by: str) -> list[str]:
    """Every period from ``first`` to ``last`` in order (the gaps too), padded to
    :data:`MIN_POINTS` days when ``by`` is day and the span is shorter."""
    if by == "day":
        missing = MIN_POINTS - ((last - first).days + 1)
        if missing > 0:
            first -= timedelta(days=missing // 2)
            last += timedelta(days=missing - missing // 2)
    if by == "month":
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        return [f"{(first.month - 1 + k) // 12 + first.year}-{(first.month - 1 + k) % 12 + 1:02d}"
                for k in range(months)]
    step = 1 if by == "day" else 7
    if by == "week":
        first -= timedelta(days=first.weekday())
    out: list[str] = []
    day = first
    while day <= last:
        out.append(period_of(day.isoformat(), by))
        day += timedelta(days=step)
    return out


def period_label(period: str, by: str) -> str:
    """A short axis label: ``8 Sep`` (day), ``7 Sep`` (the Monday of week 37), ``Sep 2026``."""
    try:
        if by == "day":
            d = date.fromisoformat(period)
            return f"{d.day} {_MONTHS[d.month - 1]}"
        if by == "week":   # the week's Monday
            y, w = period.split("-W")
            d = date.fromisocalendar(int(y), int(w), 1)
            return f"{d.day} {_MONTHS[d.month - 1]}"
        y, m = period.split("-")
        return f"{_MONTHS[int(m) - 1]} {y}"
    except (ValueError, IndexError):
        return period


# --------------------------------------------------------------------------------------- data
def _json_list(text: str | None) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else [value]


def _sentences(data: str | None) -> list[str]:
    try:
        story = json.loads(data or "{}")
    except ValueError:
        return []
    summary = story.get("summary") if isinstance(story, dict) else None
    if isinstance(summary, str):
        summary = [summary]
    return [str(s) for s in (summary or []) if s][:SUMMARY_SENTENCES]


def _counts(store: Store) -> dict[str, Any]:
    c = dict(store.counts())
    c["inputs_ok"] = c["inputs"] - c["inputs_rejected"]
    c["rejected_by_reason"] = [
        {"reason": r[0] or "unknown", "count": r[1]}
        for r in store.conn.execute("SELECT reason, count(*) FROM inputs WHERE status='rejected' "
                                    "GROUP BY reason ORDER BY count(*) DESC, reason")]
    q = lambda sql: store.conn.execute(sql).fetchone()  # noqa: E731
    c["outlets"] = q("SELECT count(DISTINCT site_name) FROM articles WHERE status='ok' AND is_article=1 "
                     "AND site_name IS NOT NULL AND site_name != ''")[0]
    c["events_undated"] = q("SELECT count(*) FROM events WHERE date IS NULL OR date = ''")[0]
    c["dyads"] = q("SELECT count(*) FROM (SELECT DISTINCT min(source_country, target_country), "
                   "max(source_country, target_country) FROM events WHERE source_country IS NOT NULL "
                   "AND target_country IS NOT NULL AND source_country != target_country)")[0]
    c["articles_with_events"] = q("SELECT count(DISTINCT article_id) FROM events")[0]
    first, last = q("SELECT min(substr(published, 1, 10)), max(substr(published, 1, 10)) FROM articles "
                    "WHERE status='ok' AND is_article=1 AND published IS NOT NULL AND published != ''")
    c["published_first"], c["published_last"] = first, last
    return c


def _actors(store: Store) -> list[dict[str, Any]]:
    actors = top_actors(store, TOP_ACTORS)
    codes = [a["actor"] for a in actors]
    texts: dict[str, list[str]] = {code: [] for code in codes}
    if codes:
        marks = ", ".join("?" * len(codes))
        rows = store.conn.execute(
            f"SELECT code, text, count(*) AS n FROM (SELECT source_code AS code, source_text AS text FROM events "
            f"UNION ALL SELECT target_code, target_text FROM events WHERE target_code IS NOT NULL) "
            f"WHERE code IN ({marks}) AND text IS NOT NULL AND text != '' "
            f"GROUP BY code, text ORDER BY n DESC, text", codes)
        for code, text, _ in rows:
            if text.strip().lower() not in _PRONOUNS and len(texts[code]) < 4:
                texts[code].append(text.strip())
    peak = max([a["events"] for a in actors] + [1])
    return [{"code": a["actor"], "name": describe_actor(a["actor"]), "events": a["events"],
             "share": round(100 * a["events"] / peak, 1), "texts": texts.get(a["actor"], [])} for a in actors]


def _stories(store: Store) -> list[dict[str, Any]]:
    events = dict(store.conn.execute("SELECT story_id, count(*) FROM events WHERE story_id IS NOT NULL "
                                     "GROUP BY story_id").fetchall())
    out = []
    for r in store.conn.execute("SELECT story_id, title, first_seen, last_seen, size, outlets, data FROM stories "
                                "ORDER BY size DESC, first_seen IS NULL, first_seen, story_id LIMIT ?",
                                (TOP_STORIES,)):
        first, last = (r["first_seen"] or "")[:10], (r["last_seen"] or "")[:10]
        out.append({"story_id": r["story_id"], "title": r["title"] or "(untitled)",
                    "dates": first if first == last or not last else f"{first} to {last}" if first else last,
                    "size": r["size"] or 0, "outlets": [str(o) for o in _json_list(r["outlets"]) if o],
                    "summary": _sentences(r["data"]), "events": events.get(r["story_id"], 0)})
    return out


def _timelines(store: Store) -> dict[str, Any]:
    dyads = top_dyads(store, TABLE_DYADS)
    for d in dyads:
        d["title"] = dyad_title(*d["dyad"])
    days = [d for d in (_parse_day(r[0]) for r in store.conn.execute(
        "SELECT DISTINCT substr(date, 1, 10) FROM events WHERE date IS NOT NULL AND date != '' "
        "AND source_country IS NOT NULL AND target_country IS NOT NULL AND source_country != target_country"))
        if d is not None]
    if not dyads or not days:
        return {"dyads": dyads, "charts": [], "by": None, "first": None, "last": None}
    first, last = min(days), max(days)
    by = choose_period(first, last)
    axis = period_axis(first, last, by)
    labels = [period_label(p, by) for p in axis]
    charts = []
    for d in dyads[:CHART_DYADS]:
        a, b = d["dyad"]
        s = series(store, a, b, by=by)
        per = {row["period"]: row for row in s["series"]}
        tips = [f"{p} (week from {labels[i]})" if by == "week" else p for i, p in enumerate(axis)]
        up = [per[p]["cooperation"] if p in per else 0 for p in axis]
        down = [per[p]["conflict"] if p in per else 0 for p in axis]
        line = [per[p]["goldstein_mean"] if p in per else None for p in axis]
        chart = svg.diverging_timeline(labels, tips, up, down, line,
                                       title=f"{d['title']}: cooperation and conflict per {by}")
        charts.append({**d, "svg": Markup(chart), "undated": s["undated"],
                       "periods_with_events": sum(1 for p in axis if p in per)})
    return {"dyads": dyads, "charts": charts, "by": by, "first": first.isoformat(), "last": last.isoformat()}


def report_data(store: Store, *, generated: str | None = None) -> dict[str, Any]:
    """Everything the report shows, as plain values (the SVG charts already built)."""
    runs = store.conn.execute("SELECT count(*), max(finished) FROM runs").fetchone()
    return {
        "counts": _counts(store),
        "timelines": _timelines(store),
        "actors": _actors(store),
        "stories": _stories(store),
        "footer": {"version": __version__, "store": str(store.path), "schema": STORE_SCHEMA_VERSION,
                   "generated": generated or datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   "runs": runs[0], "last_run": runs[1]},
        "colours": {"coop": svg.COOP, "conflict": svg.CONFLICT},
    }


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 story``, ``6 stories``, ``0 events``."""
    return f"{n} {one if n == 1 else many or one + 's'}"


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["plural"] = plural
    return env


def render_report(data: dict[str, Any]) -> str:
    return str(_environment().get_template("report.html").render(**data))


def build_report(store: Store, *, generated: str | None = None) -> str:
    """The whole report as one HTML string; ``generated`` fixes the time shown (for tests)."""
    return render_report(report_data(store, generated=generated))
