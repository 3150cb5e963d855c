"""``newsgraph run``, ``relations`` and ``export --db``: the commands over the store (docs/store.md).

Plain functions returning exit codes (0 ok, 1 nothing done, 2 usage errors), wired into Typer by
``cli/__init__.py``.
"""

from __future__ import annotations

import csv
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, Iterator

from ..errors import ConfigError, InputError, NewsgraphError

DB_TABLES = ("articles", "stories", "events", "inputs")
TABLE_FORMATS = {"articles": ("jsonl", "parquet"), "stories": ("jsonl", "parquet"),
                 "inputs": ("jsonl", "parquet"), "events": ("jsonl", "parquet", "gdelt")}
_EXT = {"jsonl": "jsonl", "parquet": "parquet", "gdelt": "gdelt.tsv"}


def _error(err: Exception) -> int:
    print(f"newsgraph: error: {err}", file=sys.stderr)
    return 2


# ---------------------------------------------------------------------------------------- run
def run_command(inputs: list[str], db: Path, config: Path | None = None, reprocess: bool = False,
                workers: int = 1, quiet: bool = False, batch_size: int | None = None) -> int:
    from ..store.run import run
    from .progress import StageProgress

    try:
        for given in inputs:
            if given != "-" and not Path(given).exists():
                raise InputError(f"no such file or directory: {given}")
        if workers < 1:
            raise ConfigError("--workers must be 1 or more")
        if batch_size is not None and batch_size < 1:
            raise ConfigError("--batch-size must be 1 or more")
        from ..settings import load_settings

        load_settings(config, sections=("extract", "stories", "events"))  # a bad file fails now
    except NewsgraphError as err:
        return _error(err)
    with ExitStack() as stack:
        bars = {name: stack.enter_context(StageProgress(name, enabled=not quiet))
                for name in ("extract", "stories", "events")}
        stats = run(inputs, db, config=config, reprocess=reprocess, workers=workers,
                    on_progress=lambda stage, ok: bars[stage].advance(ok), batch_size=batch_size)
    d = stats.to_dict()
    if not quiet:
        from rich.console import Console

        s = d["store"]
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(d["rejected_by_reason"].items()))
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"[bold]run[/]: read {d['read']}: unchanged {d['unchanged']}, extracted {d['extracted']}, "
            f"rejected {d['rejected']}" + (f" ({reasons})" if reasons else "")
            + f"; coded {d['articles_coded']} articles, {d['events']} new events\n"
            f"[bold]store[/] {db}: {s['articles']} articles ({s['non_articles']} non-articles, "
            f"{s['duplicates']} duplicates), {s['stories']} stories, {s['events']} events, "
            f"{s['inputs']} inputs ({s['inputs_rejected']} rejected)\n"
            f"next: newsgraph report --db {db} -o report.html   |   newsgraph serve --db {db}")
    if d["read"] == 0:
        print("newsgraph: the inputs held no pages", file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------------------------- relations
def relations_command(db: Path, a: str, b: str | None, by: str = "month", directed: bool = False,
                      fmt: str = "table", out: Path | None = None) -> int:
    from ..store.db import Store
    from ..store.relations import PERIODS, series, top_events, top_stories

    try:
        if by not in PERIODS:
            raise ConfigError(f"--by must be one of {', '.join(PERIODS)}")
        if fmt not in ("table", "csv", "json"):
            raise ConfigError("--format must be table, csv or json")
        store = Store(db, create=False, readonly=True)
    except NewsgraphError as err:
        return _error(err)
    with store:
        data = series(store, a, b, by=by, directed=directed)
        data["top_events"] = top_events(store, a, b, directed)
        data["top_stories"] = top_stories(store, a, b, directed)
    with ExitStack() as stack:
        handle: IO[str] = sys.stdout if out is None or str(out) == "-" else stack.enter_context(
            open(out, "w", encoding="utf-8", newline=""))
        if fmt == "json":
            handle.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        elif fmt == "csv":
            cols = ["period", "events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
                    "cooperation", "conflict", "goldstein_sum", "goldstein_mean"]
            w = csv.DictWriter(handle, fieldnames=cols)
            w.writeheader()
            w.writerows(data["series"])
        else:
            _table(handle, data)
    if not data["series"]:
        print(f"newsgraph: no dated events between {a.upper()} and {b.upper() if b else 'anyone'}", file=sys.stderr)
        return 1
    return 0


def _table(handle: IO[str], data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    a, b = data["dyad"]
    arrow = "->" if data["directed"] else "<->"
    t = Table(title=f"{a} {arrow} {b or 'all'} by {data['by']}")
    for col in ("period", "events", "coop (verbal/material)", "conflict (verbal/material)", "Goldstein mean", "sum"):
        t.add_column(col, justify="right" if col != "period" else "left")
    for r in data["series"]:
        t.add_row(r["period"], str(r["events"]), f"{r['cooperation']} ({r['verbal_coop']}/{r['material_coop']})",
                  f"{r['conflict']} ({r['verbal_conflict']}/{r['material_conflict']})",
                  "" if r["goldstein_mean"] is None else f"{r['goldstein_mean']:+.2f}", f"{r['goldstein_sum']:+.1f}")
    console = Console(file=handle, highlight=False, width=120)
    console.print(t)
    if data["top_stories"]:
        console.print("[bold]stories behind them[/]")
        for s in data["top_stories"][:5]:
            console.print(f"  {s['first_seen'] or '':10}  {s['events']:3} events  {s['title'] or s['story_id']}",
                          markup=False)


# ------------------------------------------------------------------------------------- export
def _records(store: Any, table: str) -> Iterator[dict[str, Any]]:
    if table == "articles":
        yield from store.articles()
    elif table == "stories":
        yield from store.stories()
    elif table == "events":
        yield from store.events()
    else:
        for r in store.inputs():
            r.pop("run_id", None)  # which run did it is bookkeeping, not data: re-runs agree
            yield r


def _write_table(records: Iterator[dict[str, Any]], table: str, fmt: str, out: Path | None) -> int:
    if table == "events":
        from ..events.export import write_events

        return write_events(records, fmt, out)
    if fmt == "parquet":
        from ..events.export import _pyarrow

        pa, pq = _pyarrow()
        rows = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in r.items()}
                for r in records]
        if not rows:
            return 0
        pq.write_table(pa.Table.from_pylist(rows), str(out))
        return len(rows)
    n = 0
    with ExitStack() as stack:
        handle: IO[str] = sys.stdout if out is None or str(out) == "-" else stack.enter_context(
            open(out, "w", encoding="utf-8"))
        for r in records:
            handle.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


def export_db_command(db: Path, table: str | None, fmt: str, out: Path | None) -> int:
    """``export --db``: one table to a file, or (no --table) every table into a directory."""
    from ..store.db import Store

    try:
        tables = [table] if table else list(DB_TABLES)
        for t in tables:
            if t not in DB_TABLES:
                raise ConfigError(f"unknown table {t!r}; one of: {', '.join(DB_TABLES)}")
        if table and fmt not in TABLE_FORMATS[table]:
            raise ConfigError(f"--format {fmt} is not available for {table} (one of: {', '.join(TABLE_FORMATS[table])})")
        if not table:
            if fmt == "gdelt":
                raise ConfigError("--format gdelt is for --table events only")
            if out is None or str(out) == "-":
                raise ConfigError("without --table, -o names a directory that receives every table")
            Path(out).mkdir(parents=True, exist_ok=True)
        elif fmt == "parquet" and (out is None or str(out) == "-"):
            raise ConfigError("--format parquet needs -o FILE")
        if fmt == "parquet":
            from ..events.export import parquet_schema

            parquet_schema()
        store = Store(db, create=False, readonly=True)
    except NewsgraphError as err:
        return _error(err)
    total = 0
    with store:
        for t in tables:
            target = out if table else Path(out) / f"{t}.{_EXT[fmt]}"  # type: ignore[arg-type]
            n = _write_table(_records(store, t), t, fmt, target)
            print(f"export: {t}: {n} records" + (f" -> {target}" if target and str(target) != "-" else ""),
                  file=sys.stderr)
            total += n
    return 0 if total else 1
