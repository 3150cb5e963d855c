"""Duplicate detection: exact copies (normalised text hash) and near-copies (MinHash LSH).

A stream operator over records in time order (batch mode: the same operator over a finite stream
sorted by :func:`dedup_order`). State is bounded: the index keeps the records of the last
``window_days`` (by their date) and at most ``max_index`` records.

Every clusterable record gets ``duplicate_of`` (the id of the canonical copy, null for the
canonical copy itself and for unique articles) and ``duplicate_group`` (a stable hash of the
canonical id: a unique article is the only member of its own group). The canonical copy is the
earliest; among records with the same date the most complete (longest text), then input order.
Records that do not take part (rejected, not articles, empty) get both fields null.

Different outlets' own articles about the same event share some names and quotes but few runs of
words, so their shingle Jaccard stays far below the threshold: they are left to the stories stage.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..record import normalise_text, stable_hash
from .fields import Record, date_string, is_clusterable, parse_date, text_of

_WORD = re.compile(r"\w+")


def _crc32(data: bytes) -> int:
    """The 32-bit shingle hash under MinHash's permutations: stable across runs, and in C."""
    return zlib.crc32(data)


@dataclass(frozen=True, slots=True)
class DedupSettings:
    """Knobs of the dedup stage (``[dedup]`` in a settings file)."""

    #: words per shingle for MinHash
    shingle_words: int = 3
    #: MinHash permutations (more: a better Jaccard estimate, slower)
    num_perm: int = 128
    #: LSH candidate threshold and the Jaccard (estimated on the MinHashes) a candidate must reach
    lsh_threshold: float = 0.35
    jaccard_threshold: float = 0.45
    #: texts with fewer words than this are only checked for exact copies
    min_words: int = 25
    #: the index forgets records older than this many days before the newest date seen
    window_days: float = 7.0
    #: and never holds more than this many records (undated ones are evicted by count only)
    max_index: int = 200_000
    #: MinHash seed (fixed: results are stable across runs)
    seed: int = 1


@dataclass(slots=True)
class DedupStats:
    seen: int = 0
    checked: int = 0
    exact: int = 0
    near: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def duplicates(self) -> int:
        return self.exact + self.near

    def to_dict(self) -> dict[str, Any]:
        return {"seen": self.seen, "checked": self.checked, "duplicates": self.duplicates,
                "exact": self.exact, "near": self.near, "skipped": dict(self.skipped)}


def dedup_order(records: list[Record]) -> list[int]:
    """Indices in processing order: dated records by date, then longest text, then input order;
    undated ones after them, longest first (so the canonical copy is "earliest, then most complete")."""
    def key(i: int) -> tuple[int, float, int, int]:
        stamp = parse_date(date_string(records[i]))
        return (0 if stamp is not None else 1, stamp or 0.0, -len(text_of(records[i])), i)

    return sorted(range(len(records)), key=key)


class Deduplicator:
    """``dict -> dict`` stream operator adding ``duplicate_of`` and ``duplicate_group``.

    Picklable: only settings travel; the MinHash machinery is built lazily.
    """

    name = "dedup.v1"

    def __init__(self, settings: DedupSettings | None = None) -> None:
        self.settings = settings or DedupSettings()
        self._reset()

    def _reset(self) -> None:
        self._lsh: Any = None
        self._exact: dict[str, str] = {}  # text hash -> canonical id
        self._canonical: dict[str, str] = {}  # indexed id -> canonical id
        self._minhash: dict[str, Any] = {}
        self._order: deque[tuple[float | None, str, str | None, str]] = deque()  # (stamp, id, hash, lsh key)
        self._newest: float | None = None
        self._serial = 0
        self._perms: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]
        self._reset()

    def _make_lsh(self) -> Any:
        from datasketch import MinHashLSH

        return MinHashLSH(threshold=self.settings.lsh_threshold, num_perm=self.settings.num_perm)

    def signature(self, text: str) -> Any | None:
        """The MinHash of a text's word shingles, or None when the text is too short."""
        return self._signature(normalise_text(text))

    def _signature(self, norm: str) -> Any | None:
        from datasketch import MinHash

        words = _WORD.findall(norm)
        k = self.settings.shingle_words
        if len(words) < max(self.settings.min_words, k):
            return None
        shingles = {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}
        if self._perms is None:
            template = MinHash(num_perm=self.settings.num_perm, seed=self.settings.seed)
            self._perms = (template.permutations, template.scheme)
        sig = MinHash(num_perm=self.settings.num_perm, seed=self.settings.seed, hashfunc=_crc32,
                      permutations=self._perms[0], scheme=self._perms[1])
        sig.update_batch(list(shingles))
        return sig

    def _evict(self) -> None:
        s = self.settings
        while self._order:
            stamp, rid, digest, key = self._order[0]
            too_old = stamp is not None and self._newest is not None and self._newest - stamp > s.window_days * 86400.0
            if not too_old and len(self._order) <= s.max_index:
                break
            self._order.popleft()
            self._canonical.pop(rid, None)
            if digest is not None and self._exact.get(digest) is not None:
                self._exact.pop(digest, None)
            if key is not None:
                self._canonical.pop(key, None)
                self._minhash.pop(key, None)
                if self._lsh is not None and key in self._lsh:
                    self._lsh.remove(key)

    def process(self, records: Iterable[Record], stats: DedupStats | None = None) -> Iterator[Record]:
        """Annotate every record (in place, and yield it); see the module docstring."""
        stats = stats if stats is not None else DedupStats()
        for record in records:
            stats.seen += 1
            ok, reason = is_clusterable(record)
            if not ok:
                stats.skipped[reason or "other"] += 1
                record["duplicate_of"] = None
                record["duplicate_group"] = None
                yield record
                continue
            self.add(record, stats)
            yield record

    def add(self, record: Record, stats: DedupStats) -> str | None:
        """Index one clusterable record and annotate it; returns its canonical id if a copy."""
        s = self.settings
        stats.checked += 1
        rid = str(record.get("id") or "")
        if not rid:
            rid = f"_anon{self._serial}"
        self._serial += 1
        stamp = parse_date(date_string(record))
        if stamp is not None and (self._newest is None or stamp > self._newest):
            self._newest = stamp
        text = text_of(record)
        norm = normalise_text(text)
        digest = stable_hash("dedup", norm) if norm else None
        canonical: str | None = None
        key: str | None = None
        if digest is not None and digest in self._exact:
            canonical = self._exact[digest]
            stats.exact += 1
        elif norm:
            sig = self._signature(norm)
            if sig is not None:
                if self._lsh is None:
                    self._lsh = self._make_lsh()
                best, best_j = None, s.jaccard_threshold
                for other in self._lsh.query(sig):
                    jac = sig.jaccard(self._minhash[other])
                    if jac >= best_j:
                        best, best_j = other, jac
                if best is not None:
                    canonical = self._canonical.get(best, best)
                    stats.near += 1
                key = f"{rid}\x1f{self._serial}"
                self._lsh.insert(key, sig)
                self._minhash[key] = sig
                self._canonical[key] = canonical or rid
        if digest is not None and digest not in self._exact:
            self._exact[digest] = canonical or rid
        self._canonical[rid] = canonical or rid
        self._order.append((stamp, rid, digest, key))
        record["duplicate_of"] = canonical
        record["duplicate_group"] = stable_hash("dup", canonical or rid)
        self._evict()
        return canonical


def dedup(records: Iterable[Record], settings: DedupSettings | None = None,
          stats: DedupStats | None = None) -> list[Record]:
    """Batch mode: annotate a finite list of records (returned in input order)."""
    items = list(records)
    stage = Deduplicator(settings)
    ordered = [items[i] for i in dedup_order(items)]
    for _ in stage.process(ordered, stats):
        pass
    return items
