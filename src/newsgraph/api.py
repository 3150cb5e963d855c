"""The Python API: what the CLI calls, usable directly from code and notebooks.

    >>> import newsgraph
    >>> for article in newsgraph.extract(["examples/corpus"]):
    ...     print(article.title)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from .extract.stage import ExtractSettings, ExtractStats, extract_stream
from .ingest.readers import read_inputs
from .record import Article


def extract(
    inputs: Iterable[str],
    settings: ExtractSettings | None = None,
    workers: int = 1,
    stats: ExtractStats | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Article]:
    """Read every input (paths, directories, ``-``) and yield one Article per page, in order.

    Rejected items are yielded too (``status == "rejected"``), so counts always add up; pass an
    ``ExtractStats`` to collect them.
    """
    settings = settings or ExtractSettings()
    docs = read_inputs(inputs, settings.read, stdin=stdin)
    yield from extract_stream(docs, settings, workers=workers, stats=stats)
