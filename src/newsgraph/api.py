"""The Python API: what the CLI calls, usable directly from code and notebooks.

    >>> import newsgraph
    >>> articles = list(newsgraph.extract(["examples/corpus"]))
    >>> annotated, stories = newsgraph.stories(articles)
    >>> events = list(newsgraph.events(annotated))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from .extract.stage import ExtractSettings, ExtractStats, extract_stream
from .ingest.readers import read_inputs
from .record import Article

if TYPE_CHECKING:
    from .events import Event
    from .events.stage import Dictionaries, EventsSettings, EventsStats
    from .stories import StoriesSettings, Story


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


def stories(
    records: Iterable[dict[str, Any] | Article], settings: StoriesSettings | None = None
) -> tuple[list[dict[str, Any]], list[Story]]:
    """Duplicates and stories over a finite collection of articles (batch mode).

    Takes Articles or their dict form (any dict with ``text`` and/or ``title``); returns the
    records as dicts, in input order, with ``duplicate_of``, ``duplicate_group`` and ``story_id``
    added, and the Story records. For an endless stream use ``newsgraph.stories.stories_stream``.
    """
    from .stories import stories as run_stories

    dicts = [r.to_dict() if isinstance(r, Article) else r for r in records]
    return run_stories(dicts, settings)


def events(
    records: Iterable[dict[str, Any] | Article],
    settings: EventsSettings | None = None,
    dictionaries: Dictionaries | None = None,
    workers: int = 1,
    stats: EventsStats | None = None,
) -> Iterator[Event]:
    """Code who did what to whom in every record, in input order (docs/events.md).

    Takes Articles or dicts with ``text`` (and optional ``id``, ``published``/``date``,
    ``language``, ``story_id``); yields Event records. Rejected, non-article, empty and
    non-English records yield nothing and are counted by reason in ``stats``.

        >>> evs = list(newsgraph.events([{"id": "s1", "text": "Russia accused Ukraine of shelling the plant."}]))
        >>> (evs[0].source.code, evs[0].cameo_code, evs[0].target.code)
        ('RUS', '112', 'UKR')
    """
    from .events.stage import EventCoder, events_stream

    dicts = (r.to_dict() if isinstance(r, Article) else r for r in records)
    yield from events_stream(dicts, EventCoder(settings, dictionaries), workers=workers, stats=stats)
