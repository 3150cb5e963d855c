"""``newsgraph run``: raw pages in, a store of articles, stories and events out (docs/store.md).

Stages, each idempotent and each committing in batches so that a killed run resumes where it
stopped:

1. **extract** every input the store has not seen (or whose content changed; with ``reprocess``
   also those done by another newsgraph version or other settings). An input's row and its
   article land in the same transaction.
2. **stories**: duplicates and stories over every article in the store, in one transaction, when
   articles changed since the last time (a mark written with the articles says so; a re-run with
   nothing new skips this). The clusterer is deterministic, so the same articles give the same
   stories and ids, and new input joins the stories it belongs to.
3. **events** for every article not coded yet; each article's events and its done mark land
   together.

Article ids come from an allocator seeded with the store's ids, so a resumed run allocates
exactly what an uninterrupted one would (``X#2`` for the second page whose id is ``X``).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .._version import __version__
from ..record import Article, RawDoc
from .db import Store

#: inputs (pages) per extraction transaction, articles per events transaction
EXTRACT_BATCH = 64
EVENTS_BATCH = 32

_SUFFIX = re.compile(r"^(.*)#(\d+)$")


@dataclass(slots=True)
class RunStats:
    """What one run did; ``read = skipped_unchanged + extracted + rejected``."""

    read: int = 0
    unchanged: int = 0
    extracted: int = 0
    rejected: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    articles_coded: int = 0
    events: int = 0
    stories: int = 0
    store: dict[str, Any] = field(default_factory=dict)
    #: wall-clock seconds per stage
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "unchanged": self.unchanged, "extracted": self.extracted,
                "rejected": self.rejected, "rejected_by_reason": dict(self.rejected_by_reason),
                "articles_coded": self.articles_coded, "events": self.events, "stories": self.stories,
                "store": self.store, "seconds": {k: round(v, 2) for k, v in self.seconds.items()}}


class StoreIds:
    """Article ids unique across the store: ``X``, then ``X#2``, ``X#3`` ... in input order; a
    re-extracted input keeps the id it had."""

    def __init__(self, existing: Iterable[str], previous: dict[str, str]) -> None:
        self.seen: dict[str, int] = {}
        for rid in existing:
            m = _SUFFIX.match(rid)
            base, k = (m.group(1), int(m.group(2))) if m else (rid, 1)
            self.seen[base] = max(self.seen.get(base, 0), k)
        self.previous = previous  # input -> its article id in the store

    def __call__(self, article: Article) -> str:
        prev = self.previous.get(article.input)
        if prev is not None and (prev == article.id or prev.startswith(article.id + "#")):
            return prev
        count = self.seen.get(article.id, 0) + 1
        self.seen[article.id] = count
        return article.id if count == 1 else f"{article.id}#{count}"


def content_hash(doc: RawDoc) -> str:
    """What identifies a page's content: its bytes as read plus the container's hints."""
    h = hashlib.blake2b(digest_size=16)
    for part in (doc.html or "", doc.text or "", doc.url or "", doc.title or "", doc.published or "",
                 doc.reason or "", doc.detail or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def settings_fingerprint(config: str | Path | None) -> str:
    data = Path(config).read_bytes() if config else b""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def run(inputs: list[str], db: str | Path, config: str | Path | None = None, reprocess: bool = False,
        workers: int = 1, on_progress: Callable[[str, bool], None] | None = None,
        stdin: Any = None, batch_size: int | None = None) -> RunStats:
    """The whole pipeline into the store at ``db``. ``on_progress(stage, ok)`` is called per item;
    ``batch_size`` items go into each transaction (default: 64 pages, 32 articles' events)."""
    extract_batch = batch_size or EXTRACT_BATCH
    events_batch = batch_size or EVENTS_BATCH
    from ..events.stage import Dictionaries, EventCoder, events_stream
    from ..extract.stage import ExtractStats, extract_stream
    from ..ingest.readers import read_inputs
    from ..settings import load_settings
    from ..stories import stories as run_stories

    settings = load_settings(config, sections=("extract", "stories", "events"))
    fingerprint = settings_fingerprint(config)
    stats = RunStats()
    progress = on_progress or (lambda stage, ok: None)
    with Store(db) as store:
        run_id = store.start_run(__version__, fingerprint, _now())
        previous = {r["input"]: r["article_id"] for r in store.inputs() if r["article_id"]}

        # 1. extract --------------------------------------------------------------------------------
        def todo() -> Iterable[RawDoc]:
            for doc in read_inputs(inputs, settings["extract"].read, stdin=stdin):
                stats.read += 1
                state = store.input_state(doc.input)
                h = content_hash(doc)
                if state is not None and state["content_hash"] == h and not (
                        reprocess and (state["version"] != __version__ or state["settings_hash"] != fingerprint)):
                    stats.unchanged += 1
                    progress("extract", True)
                    continue
                doc_hashes[doc.input] = h
                yield doc

        doc_hashes: dict[str, str] = {}
        ids = StoreIds(store.article_ids(), previous)
        batch: list[Article] = []

        def flush() -> None:
            with store.transaction():
                store.set_stories_stale(True)
                for art in batch:
                    if art.ok:
                        store.put_article(art.to_dict())
                    store.put_input(art.input, doc_hashes.pop(art.input, None), art.status, art.reason,
                                    art.detail, art.id if art.ok else None, __version__, fingerprint, run_id)
            batch.clear()

        xstats = ExtractStats()
        t0 = time.perf_counter()
        for art in extract_stream(todo(), settings["extract"], workers=workers, stats=xstats, assign_id=ids):
            batch.append(art)
            progress("extract", art.ok)
            if len(batch) >= extract_batch:
                flush()
        if batch:
            flush()
        stats.extracted = xstats.extracted
        stats.rejected = xstats.rejected_total
        stats.rejected_by_reason = dict(xstats.rejected)
        stats.seconds["extract"] = time.perf_counter() - t0
        t0 = time.perf_counter()

        # 2. duplicates and stories over the whole store, when its articles changed ---------------------
        if store.stories_stale():
            records = list(store.articles())
            for r in records:
                r["story_id"] = r["duplicate_of"] = r["duplicate_group"] = None
            annotated, found = run_stories(records, settings["stories"],
                                           on_record=lambda r: progress("stories", True))
            with store.transaction():
                store.replace_stories((s.to_dict() for s in found), annotated)
                store.set_stories_stale(False)
        stats.stories = store.counts()["stories"]
        stats.seconds["stories"] = time.perf_counter() - t0
        t0 = time.perf_counter()

        # 3. events for articles not coded yet ----------------------------------------------------------
        pending = list(store.articles("WHERE events_done=0"))
        coder = EventCoder(settings["events"], Dictionaries())
        if pending:
            coder.check()  # a missing model is an error before the stage starts, not in a worker
        done: list[tuple[str, list[dict[str, Any]]]] = []

        def on_record(rec: dict[str, Any], events: list[Any], reason: str | None) -> None:
            done.append((rec["id"], [e.to_dict() for e in events]))
            progress("events", reason is None)

        def flush_events() -> None:
            with store.transaction():
                for aid, evs in done:
                    store.put_events(aid, evs)
            stats.articles_coded += len(done)
            stats.events += sum(len(evs) for _, evs in done)
            done.clear()

        # (no worker pool is started when every article is coded already)
        for _ in (events_stream(pending, coder, workers=workers, on_record=on_record) if pending else ()):
            if len(done) >= events_batch:
                flush_events()
        if done:
            flush_events()
        stats.seconds["events"] = time.perf_counter() - t0
        stats.store = store.counts()
        store.finish_run(run_id, _now(), stats.to_dict())
    return stats
