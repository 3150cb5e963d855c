"""Progress display: a rich progress bar on stderr when it is a terminal, nothing when piped."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class StageProgress:
    """Counts items as they leave a stage; the total is unknown while inputs stream in."""

    def __init__(self, stage: str, enabled: bool = True) -> None:
        self.stage = stage
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Progress | None = None
        self._task: int | None = None
        self.ok = 0
        self.rejected = 0

    def __enter__(self) -> StageProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.stage, total=None, detail="")
        return self

    def advance(self, ok: bool = True) -> None:
        if ok:
            self.ok += 1
        else:
            self.rejected += 1
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, detail=f"rejected {self.rejected}")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
