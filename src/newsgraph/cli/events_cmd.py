"""``newsgraph events``: code who-did-what-to-whom from a JSONL of articles (docs/events.md).

A plain function so that the Typer app registers it with one wrapper; it returns the exit code:
0 when some record was coded, 1 when none could be, 2 for usage errors. Records stream: memory
does not grow with the input.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError, InputError, NewsgraphError
from .jsonl import iter_records
from .stories_cmd import _open


def events_command(inputs: list[str], output: Path | None = None, actors: list[Path] | None = None,
                   agents: list[Path] | None = None, verbs: list[Path] | None = None,
                   discards: list[Path] | None = None, config: Path | None = None, workers: int = 1,
                   quiet: bool = False, stdin: IO[bytes] | None = None) -> int:
    """Code events of every record; write Event records (JSONL) to ``output`` (default stdout)."""
    from ..events.stage import Dictionaries, EventCoder, EventsStats, events_stream, load_events_settings
    from .progress import StageProgress

    try:
        for given in inputs:
            if given != "-" and not Path(given).exists():
                raise InputError(f"no such file or directory: {given}")
        for kind, files in (("actors", actors), ("agents", agents), ("verbs", verbs), ("discards", discards)):
            for f in files or ():
                if not Path(f).is_file():
                    raise InputError(f"--{kind} {f}: no such file")
        if workers < 1:
            raise ConfigError("--workers must be 1 or more")
        settings = load_events_settings(config)
        dicts = Dictionaries(*([str(p) for p in x] if x else None for x in (actors, agents, verbs, discards)))
        coder = EventCoder(settings, dicts)
        # a broken dictionary or a missing model is a usage error now, not a crash later; with
        # workers, they load what they need and this process only checks
        if workers > 1:
            coder.check()
        else:
            coder.warm(settle_heap=True)
    except NewsgraphError as err:
        print(f"newsgraph: error: {err}", file=sys.stderr)
        return 2

    stats = EventsStats()
    with ExitStack() as stack:
        progress = stack.enter_context(StageProgress("events", enabled=not quiet))
        out = _open(stack, output)
        stream = events_stream(iter_records(inputs, stdin), coder, workers=workers, stats=stats,
                               on_record=lambda r, evs, reason: progress.advance(reason is None))
        for event in stream:
            out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
    counts = stats.to_dict()
    if not quiet:
        _summary(counts)
    if stats.coded == 0:
        print("newsgraph: no record could be coded (see the skip reasons above)", file=sys.stderr)
        return 1
    return 0


def _summary(counts: dict[str, Any]) -> None:
    from rich.console import Console

    skipped = counts["skipped"]
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(skipped.items()))
    Console(stderr=True, highlight=False).print(
        f"[bold]events[/]: read {counts['read']}, coded {counts['coded']} "
        f"({counts['with_events']} with events), skipped {sum(skipped.values())}"
        + (f" ({reasons})" if reasons else "")
        + f"; {counts['events']} events from {counts['parsed']} of {counts['sentences']} sentences parsed "
        f"({counts['parsed_share']:.0%})")
