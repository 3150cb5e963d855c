"""The Story record: one real-world event and every article that covers it (docs/stories.md)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..record import stable_hash

STORY_SCHEMA_VERSION = "1.0"


def story_id_for(founding_article_id: str) -> str:
    """A story's id: a stable hash of its founding (earliest) article's id, so it survives growth."""
    return stable_hash("story", founding_article_id)


@dataclass(slots=True)
class Story:
    """One story. ``coverage`` holds ``{article_id, adds, omits}`` per non-duplicate member."""

    story_id: str
    article_ids: list[str] = field(default_factory=list)
    title: str | None = None
    #: 2 to 4 extractive sentences (fewer only when the articles hold fewer)
    summary: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    outlets: list[str] = field(default_factory=list)
    language: str | None = None
    key_terms: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    #: articles flagged as copies of a member (they are in article_ids, not in coverage)
    duplicates: int = 0
    #: "stream" (dated, clustered online in time order) or "batch" (undated, clustered together)
    mode: str = "stream"
    schema_version: str = STORY_SCHEMA_VERSION

    @property
    def size(self) -> int:
        return len(self.article_ids)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        """Build from a dict, ignoring keys this version does not know (forward compatible)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
