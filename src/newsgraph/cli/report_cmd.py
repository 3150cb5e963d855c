"""``newsgraph report --db DB [-o report.html]``: the store as one self-contained HTML page
(docs/report.md). A plain function returning an exit code (0 ok, 2 usage errors such as a missing
store), wired into Typer by ``cli/__init__.py``."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from ..errors import NewsgraphError


def _error(message: object) -> int:
    print(f"newsgraph: error: {message}", file=sys.stderr)
    return 2


def report_command(db: Path, output: Path | None = None, generated: str | None = None) -> int:
    """Write the report of the store at ``db`` to ``output`` (stdout when None); a one-line
    summary goes to stderr. ``generated`` fixes the time shown in the footer."""
    from ..report.build import render_report, report_data
    from ..store.db import Store

    db = Path(db)
    if db.is_dir():
        return _error(f"{db} is a directory, not a store file")
    try:
        store = Store(db, create=False, readonly=True)
    except NewsgraphError as err:
        return _error(err)
    except sqlite3.Error as err:
        return _error(f"cannot read the store {db}: {err}")
    try:
        with store:
            data = report_data(store, generated=generated)
    except sqlite3.Error as err:
        return _error(f"cannot read the store {db}: {err} (is it a newsgraph store?)")
    page = render_report(data)
    if output is None or str(output) == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
        where = "stdout"
    else:
        output = Path(output)
        if output.is_dir():
            return _error(f"{output} is a directory; give a file name such as {output / 'report.html'}")
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(page, encoding="utf-8")
        except OSError as err:
            return _error(f"cannot write {output}: {err}")
        where = str(output)
    c = data["counts"]
    print(f"report: {c['stories']} stories, {c['events']} events, {c['dyads']} dyads -> {where}",
          file=sys.stderr)
    return 0
