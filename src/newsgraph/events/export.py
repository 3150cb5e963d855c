"""Write Event records as JSONL, GDELT 2.0 event rows or Parquet (docs/export.md).

Pure functions: ``to_gdelt_row`` turns one event into the 61 cells of a GDELT 2.0 event-table row,
``write_events`` writes many in one of three formats. Nothing depends on the clock, the machine or
the order of dict keys, so a re-run on the same events writes byte-identical JSONL and GDELT files.

Parquet needs the optional extra ``parquet`` (pyarrow); its schema is fixed (``PARQUET_SCHEMA``)
and flat: the actors become ``source_*``, ``target_*`` and ``attribution_*`` columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

from ..errors import ConfigError, ExtraMissing
from .record import Actor, Event
from .tables import CodeTables, gdelt_event_columns

FORMATS = ("jsonl", "gdelt", "parquet")

_ID_MASK = (1 << 63) - 1
_ACTOR_FIELDS = ("text", "code", "country", "role")
_ACTOR_SIDES = ("source", "target", "attribution")

#: the flat Parquet layout: (column, arrow type name, nullable); see PARQUET_SCHEMA
PARQUET_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("schema_version", "string", False),
    ("event_id", "string", False),
    ("article_id", "string", False),
    ("story_id", "string", True),
    ("date", "string", True),
    ("sentence_index", "int32", False),
    ("sentence", "string", False),
    *((f"source_{f}", "string", f in ("country", "role")) for f in _ACTOR_FIELDS),
    *((f"target_{f}", "string", True) for f in _ACTOR_FIELDS),
    ("cameo_code", "string", False),
    ("cameo_root", "string", False),
    ("quad_class", "int8", True),
    ("goldstein", "float64", True),
    ("plover_type", "string", True),
    ("plover_mode", "string", True),
    ("location", "string", True),
    ("verb", "string", True),
    *((f"attribution_{f}", "string", True) for f in _ACTOR_FIELDS),
    ("confidence", "float64", False),
)


# ---------------------------------------------------------------------------------------------
# records


def coerce_event(record: Event | Mapping[str, Any]) -> Event:
    """An Event from an Event or a dict; ValueError (with a short reason) when the dict cannot
    make a valid one: a required field missing or of the wrong type."""
    if isinstance(record, Event):
        event = record
    elif isinstance(record, Mapping):
        try:
            event = Event.from_dict(dict(record))
        except TypeError as err:  # a missing required field, or an actor that is not an object
            raise ValueError(_short(err)) from None
    else:
        raise ValueError(f"not an event object: {type(record).__name__}")
    for name in ("event_id", "article_id", "sentence", "cameo_code", "cameo_root"):
        if not isinstance(getattr(event, name), str):
            raise ValueError(f"{name} must be a string")
    if not event.event_id:
        raise ValueError("event_id is empty")
    if not isinstance(event.sentence_index, int) or isinstance(event.sentence_index, bool):
        raise ValueError("sentence_index must be an integer")
    if not isinstance(event.source, Actor):
        raise ValueError("source must be an actor object")
    for side in _ACTOR_SIDES:
        actor = getattr(event, side)
        if actor is None and side != "source":
            continue
        if not isinstance(actor, Actor):
            raise ValueError(f"{side} must be an actor object or null")
        if not isinstance(actor.text, str) or not isinstance(actor.code, str):
            raise ValueError(f"{side}.text and {side}.code must be strings")
    for name in ("story_id", "date", "plover_type", "plover_mode", "location", "verb", "schema_version"):
        value = getattr(event, name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} must be a string or null")
    if event.quad_class is not None and (isinstance(event.quad_class, bool) or event.quad_class not in (1, 2, 3, 4)):
        raise ValueError("quad_class must be 1, 2, 3, 4 or null")
    for name in ("goldstein", "confidence"):
        value = getattr(event, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError(f"{name} must be a number")
    return event


def _short(err: Exception) -> str:
    """``Event.__init__() missing 1 required positional argument: 'x'`` -> ``missing ...: 'x'``."""
    return re.sub(r"^[\w.]*__init__\(\) ", "", str(err))


# ---------------------------------------------------------------------------------------------
# GDELT


def global_event_id(event_id: str) -> int:
    """A positive 63-bit integer from the event id (blake2b, 8 bytes): stable across runs and
    machines, so it fits GDELT's integer GLOBALEVENTID column and BigQuery's INT64."""
    digest = hashlib.blake2b(event_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return (int.from_bytes(digest, "big") & _ID_MASK) or 1


def event_date(value: str | None) -> dt.date | None:
    """The calendar date of ``Event.date`` (``YYYY-MM-DD`` with or without a time, or
    ``YYYYMMDD``); None when there is none or it does not parse."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) >= 10 and text[4] == "-":
            return dt.date.fromisoformat(text[:10])
        if len(text) >= 8 and text[:8].isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return None


def fraction_date(day: dt.date) -> str:
    """GDELT's FractionDate, YYYY.FFFF with FFFF = ((month - 1) * 30 + day) / 365.

    The codebook prints the formula as (MONTH * 30 + DAY) / 365, which is above 1 for every date
    from 6 December on and contradicts its own "0 to 0.9999" range; counting months from 0 keeps
    the value in that range (2015-02-19 -> 2015.1342)."""
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    return format(float(value), "g")


def _cell(value: Any) -> str:
    """One GDELT cell: text with no tab or line break (they would break the row)."""
    if value is None:
        return ""
    text = str(value)
    if "\t" in text or "\n" in text or "\r" in text:
        text = " ".join(text.split())
    return text


def to_gdelt_row(event: Event | Mapping[str, Any], *, url: str | None = None,
                 tables: CodeTables | None = None) -> list[str]:
    """The 61 cells of a GDELT 2.0 event-table row (column order of the GDELT Event Codebook
    V2.0). Cells for facts a single coded sentence does not give are empty strings; see
    docs/export.md for the column-by-column mapping. ``url`` fills SOURCEURL; without it the
    event's article id stands in as the citation."""
    ev = coerce_event(event)
    tables = tables or CodeTables()
    info = tables.lookup(ev.cameo_code)
    key = ev.cameo_code.strip()
    day = event_date(ev.date)
    cells: dict[str, Any] = {
        "GLOBALEVENTID": global_event_id(ev.event_id),
        "IsRootEvent": "1" if ev.sentence_index == 0 else "0",
        "EventCode": key,
        "EventBaseCode": key[:3] if key[:2].isdigit() else "",
        "EventRootCode": ev.cameo_root or info.root,
        "QuadClass": ev.quad_class if ev.quad_class is not None else info.quad_class,
        "GoldsteinScale": _num(ev.goldstein if ev.goldstein is not None else info.goldstein),
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "SOURCEURL": url or ev.article_id,
    }
    if day is not None:
        cells.update({
            "SQLDATE": f"{day:%Y%m%d}",
            "MonthYear": f"{day:%Y%m}",
            "Year": f"{day:%Y}",
            "FractionDate": fraction_date(day),
            "DATEADDED": f"{day:%Y%m%d}000000",
        })
    for prefix, actor in (("Actor1", ev.source), ("Actor2", ev.target)):
        if actor is None:
            continue
        cells[f"{prefix}Code"] = actor.code
        cells[f"{prefix}Name"] = actor.text
        cells[f"{prefix}CountryCode"] = actor.country
        cells[f"{prefix}Type1Code"] = actor.role
    if ev.location and not _is_country_code(ev.location):
        cells["ActionGeo_FullName"] = ev.location
    return [_cell(cells.get(column)) for column in gdelt_event_columns()]


def _is_country_code(value: str) -> bool:
    text = value.strip()
    return len(text) == 3 and text.isalpha() and text.isupper()


def gdelt_header() -> str:
    """The tab-separated column names (GDELT files have no header; ``header=True`` adds this)."""
    return "\t".join(gdelt_event_columns())


# ---------------------------------------------------------------------------------------------
# Parquet


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ExtraMissing('Parquet output needs pyarrow: pip install "newsgraph[parquet]"') from None
    return pyarrow, pyarrow.parquet


def parquet_schema() -> Any:
    """The fixed pyarrow schema of ``fmt="parquet"`` (ExtraMissing without pyarrow)."""
    pa, _ = _pyarrow()
    fields = [pa.field(name, getattr(pa, kind)(), nullable=nullable) for name, kind, nullable in PARQUET_COLUMNS]
    return pa.schema(fields, metadata={
        "newsgraph.record": "Event",
        "newsgraph.actors": "flattened: source_*, target_*, attribution_* = text, code, country, role",
    })


def to_flat(event: Event | Mapping[str, Any]) -> dict[str, Any]:
    """One Parquet row: the event with its actors flattened into ``<side>_<field>`` columns."""
    ev = coerce_event(event)
    row: dict[str, Any] = {}
    for name, _, _ in PARQUET_COLUMNS:
        side, _, field = name.partition("_")
        if side in _ACTOR_SIDES and field in _ACTOR_FIELDS:
            actor = getattr(ev, side)
            row[name] = getattr(actor, field) if actor is not None else None
        else:
            row[name] = getattr(ev, name)
    if row["goldstein"] is not None:
        row["goldstein"] = float(row["goldstein"])
    row["confidence"] = float(row["confidence"] or 0.0)
    return row


def from_flat(row: Mapping[str, Any]) -> Event:
    """The inverse of ``to_flat``: an Event from one Parquet row (a side whose columns are all
    null becomes a null actor)."""
    data: dict[str, Any] = {}
    actors: dict[str, dict[str, Any]] = {side: {} for side in _ACTOR_SIDES}
    for key, value in row.items():
        side, _, field = key.partition("_")
        if side in _ACTOR_SIDES and field in _ACTOR_FIELDS:
            actors[side][field] = value
        else:
            data[key] = value
    for side, values in actors.items():
        data[side] = None if all(v is None for v in values.values()) else Actor.from_dict(values)
    return Event.from_dict(data)


def read_parquet_events(path: str | Path) -> list[Event]:
    """Events back from a Parquet file written by ``write_events`` (ExtraMissing without pyarrow)."""
    _, pq = _pyarrow()
    return [from_flat(row) for row in pq.read_table(path).to_pylist()]


# ---------------------------------------------------------------------------------------------
# writing


def _text_out(stack: ExitStack, path: str | Path | IO[str] | None) -> IO[str]:
    if path is None or str(path) == "-":
        return sys.stdout
    if isinstance(path, io.TextIOBase):
        return path
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return stack.enter_context(open(target, "w", encoding="utf-8", newline=""))


def write_events(events: Iterable[Event | Mapping[str, Any]], fmt: str, path: str | Path | IO[str] | None,
                 header: bool = False, urls: Mapping[str, str] | None = None,
                 batch_size: int = 50_000) -> int:
    """Write events in ``fmt`` ("jsonl", "gdelt" or "parquet") to ``path`` ("-" or None: stdout,
    text formats only). Returns how many were written. ``header`` adds the column-name line to
    GDELT output; ``urls`` maps article ids to URLs for GDELT's SOURCEURL. Dicts are read with
    ``Event.from_dict``; one that makes no valid event raises ValueError (callers that must not
    stop, like ``newsgraph export``, check each record with ``coerce_event`` first)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    records = (coerce_event(e) for e in events)
    if fmt == "parquet":
        return _write_parquet(records, path, batch_size)
    written = 0
    with ExitStack() as stack:
        out = _text_out(stack, path)
        if fmt == "gdelt":
            tables = CodeTables()
            if header:
                out.write(gdelt_header() + "\n")
            for ev in records:
                url = urls.get(ev.article_id) if urls else None
                out.write("\t".join(to_gdelt_row(ev, url=url, tables=tables)) + "\n")
                written += 1
        else:
            for ev in records:
                out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
                written += 1
        out.flush()
    return written


def _write_parquet(records: Iterator[Event], path: str | Path | IO[str] | None, batch_size: int) -> int:
    if path is None or str(path) == "-" or not isinstance(path, (str, Path)):
        raise ConfigError("Parquet output needs a file: give -o FILE")
    pa, pq = _pyarrow()
    schema = parquet_schema()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with pq.ParquetWriter(target, schema) as writer:
        batch: list[dict[str, Any]] = []
        for ev in records:
            batch.append(to_flat(ev))
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                written += len(batch)
                batch = []
        if batch or written == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            written += len(batch)
    return written
