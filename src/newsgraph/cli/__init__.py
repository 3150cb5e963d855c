"""The ``newsgraph`` command: a thin shell over the Python API (one function per command).

User errors print one line (with a stable NG code) and exit 2; a run that could read nothing
exits 1; everything else exits 0, however many items were rejected (they are in the summary).
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated, Any, Optional

import typer

from .._version import __version__
from ..errors import NewsgraphError
from .progress import StageProgress

app = typer.Typer(
    name="newsgraph",
    help="Turn raw news pages into clean articles, stories, events and relations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """newsgraph: raw news pages in, structured knowledge out."""


def _open_out(stack: ExitStack, path: Optional[Path]) -> IO[str]:
    if path is None or str(path) == "-":
        return sys.stdout
    path.parent.mkdir(parents=True, exist_ok=True)
    return stack.enter_context(open(path, "w", encoding="utf-8"))


def _write(handle: IO[str], record: dict[str, Any]) -> None:
    handle.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files or directories (read recursively): HTML, .txt page dumps, WARC, JSONL/JSON, "
            "RSS/Atom, any of them gzip'ed; '-' reads standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write Articles here (JSONL); default stdout.")] = None,
    rejects: Annotated[
        Optional[Path], typer.Option("--rejects", help="Write rejected items here instead of into the main output.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes.")] = 1,
    config: Annotated[Optional[Path], typer.Option("--config", help="Settings TOML ([extract] tables).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Extract the article (title, subtitle, byline, date, language, body) from every page.

    One Article per line (docs/schema.md). Rejected items carry status "rejected" and a reason;
    pages that are not articles come back with is_article false. The summary on stderr always
    satisfies read = extracted + rejected.
    """
    from ..api import extract as run_extract
    from ..extract.stage import ExtractStats
    from ..settings import load_settings

    try:
        settings = load_settings(config)["extract"]
        _check_inputs(inputs)
    except NewsgraphError as err:
        typer.echo(f"newsgraph: error: {err}", err=True)
        raise typer.Exit(2) from None
    stats = ExtractStats()
    with ExitStack() as stack:
        out = _open_out(stack, output)
        rej = _open_out(stack, rejects) if rejects is not None else out
        progress = stack.enter_context(StageProgress("extract", enabled=not quiet))
        for article in run_extract(inputs, settings=settings, workers=workers, stats=stats):
            _write(out if article.ok else rej, article.to_dict())
            progress.advance(article.ok)
    if not quiet:
        _summary("extract", stats.to_dict())
    if stats.extracted == 0:
        typer.echo("newsgraph: nothing could be extracted from the inputs", err=True)
        raise typer.Exit(1)


@app.command()
def stories(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="JSONL files of articles (the output of `newsgraph extract`, or any JSONL whose records "
            "have text and/or title; .gz too); '-' reads standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write Story records here (JSONL); default stdout.")] = None,
    articles_out: Annotated[
        Optional[Path],
        typer.Option(
            "--articles-out",
            help="Write every input record here, in input order, with story_id, duplicate_of and duplicate_group added.",
        ),
    ] = None,
    window: Annotated[
        Optional[str],
        typer.Option("--window", help="Time window of the online clusterer: 3d, 36h, 2w... (default: [stories] window, 3d)."),
    ] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Settings TOML ([stories] and [dedup] tables).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Group copies of one article and gather every outlet's coverage of one event into stories.

    Story records (docs/stories.md) go to -o; --articles-out gets every input record back,
    annotated. Rejected and non-article records pass through with a null story_id.
    """
    from .stories_cmd import stories_command

    code = stories_command(inputs, output, articles_out, window, config, quiet)
    if code:
        raise typer.Exit(code)


@app.command()
def events(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="JSONL files of articles (the output of `newsgraph extract` or `stories --articles-out`, or any "
            "JSONL whose records have text, with optional id, published/date, title, language; .gz too); "
            "'-' reads standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write Event records here (JSONL); default stdout.")] = None,
    actors: Annotated[Optional[list[Path]], typer.Option("--actors", help="Actors dictionary (PETRARCH format); repeatable; replaces the built-in actors.")] = None,
    agents: Annotated[Optional[list[Path]], typer.Option("--agents", help="Agents dictionary; repeatable; replaces the built-in agents.")] = None,
    verbs: Annotated[Optional[list[Path]], typer.Option("--verbs", help="Verb patterns dictionary (CAMEO.2.0 format); repeatable; replaces the built-in verbs.")] = None,
    discards: Annotated[Optional[list[Path]], typer.Option("--discards", help="Discards dictionary; repeatable; replaces the built-in discards.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Settings TOML ([events] table).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
) -> None:
    """Code who did what to whom: actors, CAMEO event codes, Goldstein scores and PLOVER types.

    Event records (docs/events.md) go to -o. Rejected, non-article, empty and non-English records
    are skipped and counted by reason.
    """
    from .events_cmd import events_command

    code = events_command(inputs, output, actors, agents, verbs, discards, config, workers, quiet)
    if code:
        raise typer.Exit(code)


@app.command()
def export(
    events_file: Annotated[Optional[str], typer.Argument(help="Event records (JSONL from `newsgraph events`; .gz too); '-' reads standard input. Or use --db.", show_default=False)] = None,
    db: Annotated[Optional[Path], typer.Option("--db", help="Export from this store instead of a JSONL file.")] = None,
    table: Annotated[Optional[str], typer.Option("--table", help="articles, stories, events or inputs (a file without --db: events). With --db and no --table, -o is a directory that receives every table.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, parquet, or gdelt (GDELT 2.0 event table; events only).")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (or directory, see --table); default stdout (not for parquet).")] = None,
    header: Annotated[bool, typer.Option("--header", help="Write a header line (gdelt).")] = False,
    articles: Annotated[Optional[Path], typer.Option("--articles", help="Articles JSONL whose URLs fill SOURCEURL (gdelt from a file).")] = None,
) -> None:
    """Export events (from a JSONL file) or any table of a store as JSONL, Parquet or GDELT 2.0 rows (docs/export.md)."""
    if (events_file is None) == (db is None):
        typer.echo("newsgraph: error: give EVENTS.jsonl or --db DB (one of them)", err=True)
        raise typer.Exit(2)
    if db is not None:
        from .db_cmds import export_db_command

        code = export_db_command(db, table, fmt, output)
    else:
        from .export_cmd import export_command

        code = export_command(events_file or "-", table=table or "events", fmt=fmt, out=output, header=header,
                              articles=articles)
    if code:
        raise typer.Exit(code)


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories (recursive), WARC, JSONL, feeds; '-' reads standard input.", show_default=False)],
    db: Annotated[Path, typer.Option("--db", help="The store file (created when missing).")] = Path("newsgraph.db"),
    config: Annotated[Optional[Path], typer.Option("--config", help="Settings TOML ([extract], [stories], [dedup], [events]).")] = None,
    reprocess: Annotated[bool, typer.Option("--reprocess", help="Redo inputs processed by another newsgraph version or other settings.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Worker processes for extract and events.")] = 1,
    batch_size: Annotated[Optional[int], typer.Option("--batch-size", help="Items per transaction: a crash loses at most one batch (default 64 pages / 32 articles).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars and no summary.")] = False,
) -> None:
    """The main job: raw pages in; articles, stories, events and relations into one store.

    Incremental and crash-safe: inputs already in the store are skipped, an interrupted run resumes
    where it stopped. Then: `newsgraph report --db DB -o report.html` or `newsgraph serve --db DB`.
    """
    from .db_cmds import run_command

    code = run_command(inputs, db, config, reprocess, workers, quiet, batch_size)
    if code:
        raise typer.Exit(code)


@app.command()
def relations(
    a: Annotated[str, typer.Argument(help="Country code (ISO alpha-3), e.g. RUS; or an actor code with its role, e.g. RUSGOV.", show_default=False)],
    b: Annotated[Optional[str], typer.Argument(help="Second country (CHN) or actor code (CHNGOV); omit: A with everyone.", show_default=False)] = None,
    db: Annotated[Path, typer.Option("--db", help="The store file.")] = Path("newsgraph.db"),
    by: Annotated[str, typer.Option("--by", help="day, week or month.")] = "month",
    directed: Annotated[bool, typer.Option("--directed", help="Only events from A to B.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here; default stdout.")] = None,
) -> None:
    """Cooperation and conflict between two countries over time, and the stories behind it."""
    from .db_cmds import relations_command

    code = relations_command(db, a, b, by, directed, fmt, output)
    if code:
        raise typer.Exit(code)


@app.command()
def report(
    db: Annotated[Path, typer.Option("--db", help="The store file.")] = Path("newsgraph.db"),
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="HTML file; default stdout.")] = None,
) -> None:
    """One self-contained HTML report of a store: counts, relation timelines, actors, stories (docs/report.md)."""
    from .report_cmd import report_command

    code = report_command(db, output)
    if code:
        raise typer.Exit(code)


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="The store file.")] = Path("newsgraph.db"),
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
    token: Annotated[Optional[str], typer.Option("--token", envvar="NEWSGRAPH_TOKEN", help="Require this token (Authorization: Bearer, or ?token= once in a browser). Also read from NEWSGRAPH_TOKEN.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Server processes sharing the port.")] = 1,
) -> None:
    """The web UI and JSON API over a store (docs/web.md): stories, search, actors, dyad timelines."""
    from .serve_cmd import serve_command

    code = serve_command(db, host, port, token, workers)
    if code:
        raise typer.Exit(code)


def _check_inputs(inputs: list[str]) -> None:
    from ..errors import InputError

    for given in inputs:
        if given != "-" and not Path(given).exists():
            raise InputError(f"no such file or directory: {given}")


def _summary(stage: str, counts: dict[str, Any]) -> None:
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    by_reason = counts.get("rejected_by_reason") or {}
    reasons = ", ".join(f"{k} {v}" for k, v in by_reason.items())
    console.print(
        f"[bold]{stage}[/]: read {counts['read']}, extracted {counts['extracted']} "
        f"({counts['articles']} articles, {counts['non_articles']} not articles), "
        f"rejected {counts['rejected']}" + (f" ({reasons})" if reasons else "")
    )


def main() -> None:
    """Entry point of the ``newsgraph`` script."""
    app()
