"""Duplicate detection (exact and near copies); see :mod:`newsgraph.dedup.stage`."""

from .stage import DedupSettings, DedupStats, Deduplicator, dedup, dedup_order

__all__ = ["DedupSettings", "DedupStats", "Deduplicator", "dedup", "dedup_order"]
