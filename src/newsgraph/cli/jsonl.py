"""Reading JSONL inputs for the commands that take records (stories, events, export)."""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError


def open_lines(given: str, stdin: IO[bytes] | None = None) -> IO[str]:
    """A text handle on a JSONL file (``.gz`` too) or ``-`` (standard input); bad bytes replaced."""
    if given == "-":
        raw = stdin if stdin is not None else sys.stdin.buffer
        return io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
    path = Path(given)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def iter_records(inputs: list[str], stdin: IO[bytes] | None = None) -> Iterator[dict[str, Any]]:
    """Every JSONL line of every input as a dict. A line that is not a JSON object becomes a
    rejected record (``reason: bad_json``, ``input``/``id`` = ``FILE:LINE``), so it is counted,
    never lost."""
    for given in inputs:
        name = "<stdin>" if given == "-" else given
        try:
            handle = open_lines(given, stdin)
        except OSError as err:
            raise InputError(f"cannot read {given}: {err.strerror}") from err
        with handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    detail = "the line is not a JSON object"
                except ValueError as err:
                    record, detail = None, str(err)[:200]
                if not isinstance(record, dict):
                    where = f"{name}:{n}"
                    record = {"id": where, "input": where, "status": "rejected", "reason": "bad_json",
                              "detail": detail}
                yield record
