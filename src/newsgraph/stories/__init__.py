"""Stories: every outlet's coverage of one event, gathered into one record (docs/stories.md).

    >>> from newsgraph.stories import stories
    >>> annotated, found = stories(records)          # batch: a finite list of dicts
    >>> for item in stories_stream(endless_records):  # stream: records in time order
    ...     ...                                       # dicts (annotated) and Story objects

Records are plain dicts (the JSON form of an Article, or any record with ``text`` and/or
``title``); the stages add ``duplicate_of``, ``duplicate_group`` and ``story_id`` in place and leave
every other field as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


from ..dedup.stage import DedupStats, Deduplicator, dedup_order
from ..dedup.fields import Record, date_string, parse_date
from .record import STORY_SCHEMA_VERSION, Story, story_id_for
from .stage import StoriesSettings, StoriesStats, StoryClusterer, ensure_ids

__all__ = [
    "STORY_SCHEMA_VERSION", "StoriesSettings", "StoriesStats", "Story", "StoryClusterer",
    "ensure_ids", "stories", "stories_stream", "story_id_for",
]


def story_order(records: list[Record]) -> list[int]:
    """Batch order: dated records by date (ties: input order), then undated ones in input order."""
    stamps = [parse_date(date_string(r)) for r in records]
    return sorted(range(len(records)), key=lambda i: (stamps[i] is None, stamps[i] or 0.0, i))


def stories(records: Iterable[Record], settings: StoriesSettings | None = None,
            stats: StoriesStats | None = None, dedup_stats: DedupStats | None = None,
            on_record: Callable[[Record], None] | None = None,
            ) -> tuple[list[Record], list[Story]]:
    """Batch mode: annotate a finite collection of records and return (records in input order,
    stories sorted by first appearance). The same operator as the stream, over sorted input.
    ``on_record`` is called with each record once it is annotated (for progress displays)."""
    settings = settings or StoriesSettings()
    items = list(ensure_ids(records))
    if settings.dedup:
        dd = Deduplicator(settings.dedup_settings)
        for _ in dd.process([items[i] for i in dedup_order(items)], dedup_stats):
            pass
    else:
        for r in items:
            r.setdefault("duplicate_of", None)
            r.setdefault("duplicate_group", None)
    clusterer = StoryClusterer(settings)
    for record in clusterer.process([items[i] for i in story_order(items)], stats):
        if on_record is not None:
            on_record(record)
    found = clusterer.stories()
    position = {r["id"]: i for i, r in enumerate(items)}
    found.sort(key=lambda s: (s.mode != "stream", s.first_seen is None, position.get(s.article_ids[0], 0)))
    return items, found


def stories_stream(records: Iterable[Record], settings: StoriesSettings | None = None,
                   stats: StoriesStats | None = None, dedup_stats: DedupStats | None = None,
                   ) -> Iterator[Record | Story]:
    """Stream mode: records in time order in; annotated records and closed Story objects out, as
    soon as they are ready. Memory is bounded by the window (plus ``max_undated`` waiting undated
    records); repeated ids are made unique against the last ``stream_id_memory`` ids only."""
    settings = settings or StoriesSettings()
    recs: Iterable[Record] = ensure_ids(records, remember=settings.stream_id_memory)
    if settings.dedup:
        recs = Deduplicator(settings.dedup_settings).process(recs, dedup_stats)
    clusterer = StoryClusterer(settings)
    for record in clusterer.process(recs, stats):
        yield record
        for story in clusterer.stories():
            yield story
    yield from clusterer.stories()


