"""``newsgraph stories``: duplicates and stories over a JSONL of articles (docs/stories.md).

A plain function so that the Typer app registers it with one wrapper; it returns the exit code:
0 when some record was clustered, 1 when none could be, 2 for usage errors.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError, InputError, NewsgraphError
from .jsonl import iter_records


def load_stories_settings(path: str | Path | None) -> Any:
    """``[stories]`` and ``[dedup]`` of a settings file -> StoriesSettings (defaults when None)."""
    from ..settings import load_settings

    return load_settings(path, sections=("stories",))["stories"]


def read_records(inputs: list[str], stdin: IO[bytes] | None = None) -> list[dict[str, Any]]:
    """Every JSONL line of every input as a dict; an unreadable line becomes a rejected record."""
    return list(iter_records(inputs, stdin))


def stories_command(inputs: list[str], output: Path | None = None, articles_out: Path | None = None,
                    window: str | None = None, config: Path | None = None, quiet: bool = False,
                    stdin: IO[bytes] | None = None) -> int:
    """Run dedup + stories over JSONL inputs; write Story records and, optionally, the annotated
    input records (input order). Returns the exit code."""
    from ..dedup.stage import DedupStats
    from ..stories import stories as run_stories
    from ..dedup.fields import parse_window
    from .progress import StageProgress

    try:
        for given in inputs:
            if given != "-" and not Path(given).exists():
                raise InputError(f"no such file or directory: {given}")
        settings = load_stories_settings(config)
        if window is not None:
            try:
                parse_window(window)
            except ValueError as err:
                raise ConfigError(str(err)) from None
            settings = dataclasses.replace(settings, window=window)
        if output is not None and articles_out is not None and str(output) == str(articles_out):
            raise ConfigError("-o and --articles-out must be different files")
        if articles_out is not None and str(articles_out) == "-" and (output is None or str(output) == "-"):
            raise ConfigError("only one of -o and --articles-out can go to stdout")
        records = read_records(inputs, stdin)
    except NewsgraphError as err:
        print(f"newsgraph: error: {err}", file=sys.stderr)
        return 2

    from ..stories.stage import StoriesStats

    stats = StoriesStats()
    dstats = DedupStats()
    with ExitStack() as stack:
        progress = stack.enter_context(StageProgress("stories", enabled=not quiet))
        annotated, found = run_stories(records, settings, stats=stats, dedup_stats=dstats,
                                       on_record=lambda r: progress.advance(r.get("story_id") is not None))
        out = _open(stack, output)
        for story in found:
            out.write(json.dumps(story.to_dict(), ensure_ascii=False) + "\n")
        if articles_out is not None:
            arts = _open(stack, articles_out)
            for record in annotated:
                arts.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    if not quiet:
        _summary(stats.to_dict(), dstats.to_dict())
    if stats.clustered == 0:
        print("newsgraph: no record had text or a title to cluster", file=sys.stderr)
        return 1
    return 0


def _open(stack: ExitStack, path: Path | None) -> IO[str]:
    if path is None or str(path) == "-":
        return sys.stdout
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return stack.enter_context(open(path, "w", encoding="utf-8"))


def _summary(counts: dict[str, Any], dedup: dict[str, Any]) -> None:
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    passed = counts.get("passed_by_reason") or {}
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(passed.items()))
    console.print(
        f"[bold]stories[/]: read {counts['read']}, clustered {counts['clustered']} "
        f"({dedup['duplicates']} duplicates: {dedup['exact']} exact, {dedup['near']} near; "
        f"{counts['undated']} undated), passed through {counts['passed_through']}"
        + (f" ({reasons})" if reasons else "")
        + f"; {counts['stories']} stories ({counts['singletons']} single-article)"
    )
