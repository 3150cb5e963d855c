"""``newsgraph export``: write Event records as GDELT 2.0 rows, Parquet or JSONL (docs/export.md).

A plain function so that the Typer app registers it with one wrapper; it returns the exit code:
0 when some record was written, 1 when none was, 2 for usage errors (an unknown table or format,
a missing input, Parquet without -o or without pyarrow).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import ConfigError, InputError, NewsgraphError
from .jsonl import open_lines

TABLES = ("events",)


def read_article_urls(path: Path) -> dict[str, str]:
    """Article id -> URL from an articles JSONL (``newsgraph extract`` output; .gz too). Lines
    that are not JSON objects, and articles with no id or URL, are skipped."""
    urls: dict[str, str] = {}
    try:
        handle = open_lines(str(path), None)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror}") from err
    try:
        with handle:
            for line in handle:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and isinstance(record.get("id"), str) and isinstance(record.get("url"), str):
                    urls.setdefault(record["id"], record["url"])
    except (OSError, EOFError) as err:  # a truncated .gz: keep what was read
        print(f"newsgraph: warning: {path}: {err}", file=sys.stderr)
    return urls


class _Counts:
    __slots__ = ("read", "rejected")

    def __init__(self) -> None:
        self.read = 0
        self.rejected = 0


def _events(handle: IO[str], name: str, counts: _Counts) -> Iterator[Any]:
    """The valid events of a JSONL stream; every other non-blank line is counted and reported."""
    from ..events.export import coerce_event

    n = 0
    try:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            counts.read += 1
            try:
                record = json.loads(line)
            except ValueError as err:
                _reject(counts, name, n, "bad_json", str(err))
                continue
            if not isinstance(record, dict):
                _reject(counts, name, n, "bad_json", "the line is not a JSON object")
                continue
            if record.get("status") == "rejected":
                _reject(counts, name, n, "rejected_upstream", str(record.get("reason") or ""))
                continue
            try:
                yield coerce_event(record)
            except ValueError as err:
                _reject(counts, name, n, "bad_event", str(err))
    except (OSError, EOFError) as err:  # a truncated .gz: what came before the cut is kept
        counts.read += 1
        _reject(counts, name, n + 1, "truncated", str(err))


def _reject(counts: _Counts, name: str, n: int, reason: str, detail: str) -> None:
    counts.rejected += 1
    print(f"export: rejected {name}:{n}: {reason}: {detail[:200]}", file=sys.stderr)


def export_command(events_path: str, table: str = "events", fmt: str = "jsonl", out: Path | None = None,
                   header: bool = False, articles: Path | None = None, stdin: IO[bytes] | None = None) -> int:
    """Export ``events_path`` (EVENTS.jsonl, .jsonl.gz or ``-`` for stdin) as ``fmt`` to ``out``
    (stdout when None or ``-``; Parquet needs a file). Returns the exit code."""
    from ..events.export import FORMATS, write_events

    try:
        if table not in TABLES:
            raise ConfigError(f"unknown table {table!r}; one of: {', '.join(TABLES)}")
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
        if events_path != "-" and not Path(events_path).exists():
            raise InputError(f"no such file or directory: {events_path}")
        if articles is not None and not Path(articles).exists():
            raise InputError(f"no such file or directory: {articles}")
        if fmt == "parquet":
            if out is None or str(out) == "-":
                raise ConfigError("--format parquet needs -o FILE")
            from ..events.export import parquet_schema

            parquet_schema()  # ExtraMissing now, before anything is read or written
        if out is not None and str(out) != "-" and events_path != "-" and Path(out).resolve() == Path(events_path).resolve():
            raise ConfigError("-o must not be the input file")
        urls = read_article_urls(articles) if articles is not None else None
        name = "<stdin>" if events_path == "-" else events_path
        try:
            handle = open_lines(events_path, stdin)
        except OSError as err:
            raise InputError(f"cannot read {events_path}: {err.strerror}") from err
    except NewsgraphError as err:
        print(f"newsgraph: error: {err}", file=sys.stderr)
        return 2

    counts = _Counts()
    with handle:
        written = write_events(_events(handle, name, counts), fmt, out, header=header, urls=urls)
    print(f"export: read {counts.read}, written {written}, rejected {counts.rejected}", file=sys.stderr)
    if written == 0:
        print("newsgraph: no event could be exported", file=sys.stderr)
        return 1
    return 0
