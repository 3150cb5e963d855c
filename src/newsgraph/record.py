"""The records that flow through newsgraph.

``RawDoc`` is what a reader yields: one page (or one reader failure) with the hints its container
carried. ``Article`` is the one record type every later stage reads and extends; its JSON form is
versioned (``SCHEMA_VERSION``) and described by ``docs/schema/article.schema.json``.

A rejected item is still an ``Article`` (``status="rejected"`` plus a machine-readable ``reason``)
so that read = extracted + rejected holds at every stage.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

Status = Literal["ok", "rejected"]

#: Machine-readable rejection reasons. Stable: users filter on them.
REJECT_REASONS: dict[str, str] = {
    "empty": "the input holds no bytes or only whitespace",
    "binary": "the input is not text (NUL bytes or control characters)",
    "too_large": "the input is larger than extract.max_bytes",
    "truncated": "a compressed stream or archive ends early",
    "bad_json": "a JSON/JSONL record cannot be parsed or is not an object",
    "bad_record": "a JSON record has neither `html` nor `text`",
    "bad_feed": "an RSS/Atom feed cannot be parsed",
    "bad_warc": "a WARC archive cannot be parsed",
    "unreadable": "the file cannot be opened or read",
    "unsupported_type": "a WARC record whose content type is not a page (image, PDF, ...)",
    "no_content": "the page holds no extractable text",
    "parse_error": "the extractor failed on this page",
}


@dataclass(slots=True)
class RawDoc:
    """One page as a reader found it, before extraction.

    Exactly one of ``html``/``text`` is set for a readable page; ``reason`` is set instead when the
    reader could not produce a page (the item then becomes a rejected Article).
    """

    input: str
    html: str | None = None
    text: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    site_name: str | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    #: True when ``html`` is an article body fragment (a feed entry's content), not a whole page:
    #: page-structure signals (navigation, link lists) do not apply to it.
    fragment: bool = False
    reason: str | None = None
    detail: str | None = None


@dataclass(slots=True)
class Article:
    """One extracted page (or one rejected input item). See docs/schema.md."""

    id: str
    input: str
    url: str | None = None
    site_name: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    language: str | None = None
    text: str = ""
    method: str | None = None
    is_article: bool = False
    status: Status = "ok"
    reason: str | None = None
    detail: str | None = None
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build from a dict, ignoring keys this version does not know (forward compatible)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def ok(self) -> bool:
        return self.status == "ok"


_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Casefolded, NFKC, whitespace-collapsed text: the basis of content hashes."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def stable_hash(*parts: str, length: int = 16) -> str:
    """A short hex digest of the parts; stable across runs, machines and Python versions."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def canonical_url(url: str) -> str:
    """The URL without fragment, default ports, tracking parameters or a trailing slash."""
    from courlan import normalize_url  # trafilatura's own URL library

    try:
        norm = normalize_url(url.strip(), strict=True)
    except (ValueError, TypeError):
        norm = url.strip()
    return norm.rstrip("/")


def article_id(url: str | None, text: str, input_name: str) -> str:
    """Stable id: from the canonical URL when there is one, else the normalised text.

    A page with neither (an empty or rejected item) is keyed by where it came from.
    """
    if url:
        return stable_hash("url", canonical_url(url))
    norm = normalise_text(text)
    if norm:
        return stable_hash("text", norm)
    return stable_hash("input", input_name)


class IdAllocator:
    """Makes ids unique within one run: the k-th repeat of ``X`` (k >= 2) becomes ``X#k``."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, wanted: str) -> str:
        count = self._seen.get(wanted, 0) + 1
        self._seen[wanted] = count
        return wanted if count == 1 else f"{wanted}#{count}"
