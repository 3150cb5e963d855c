"""Reading the loosely typed JSONL records the stories and dedup stages accept.

Both stages take and return plain dicts (the JSON form of an Article, or any record with ``text``
and/or ``title``), so fields they do not know pass through unchanged. These helpers read the
fields under their accepted aliases: ``published`` or ``date``, ``site_name`` or ``source``.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

Record = dict[str, Any]


def text_of(record: Record) -> str:
    value = record.get("text")
    return value if isinstance(value, str) else ""


def title_of(record: Record) -> str:
    value = record.get("title")
    return value if isinstance(value, str) else ""


def outlet_of(record: Record) -> str | None:
    for key in ("site_name", "source"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def language_of(record: Record) -> str | None:
    value = record.get("language")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def date_string(record: Record) -> str | None:
    for key in ("published", "date"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def parse_date(value: str | None) -> float | None:
    """POSIX seconds of an ISO 8601 date or datetime (naive means UTC); None when unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    stamp = moment.timestamp()
    return stamp if math.isfinite(stamp) else None


def is_clusterable(record: Record) -> tuple[bool, str | None]:
    """Whether a record takes part in dedup/stories, else the pass-through reason.

    Rejected records (``status == "rejected"``) and pages the extractor judged not to be articles
    (``is_article`` false) pass through; a record without the ``is_article`` key (user data) counts
    as an article. A record with neither text nor title is ``empty``.
    """
    if record.get("status", "ok") != "ok":
        return False, "rejected"
    if record.get("is_article", True) is False:
        return False, "not_article"
    if not text_of(record).strip() and not title_of(record).strip():
        return False, "empty"
    return True, None


def parse_window(value: str | float | int) -> float:
    """A window such as ``3d``, ``36h``, ``90m``, ``2w`` or a number of days -> seconds."""
    if isinstance(value, (int, float)):
        seconds = float(value) * 86400.0
    else:
        text = value.strip().lower()
        units = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
        try:
            if text and text[-1] in units:
                seconds = float(text[:-1]) * units[text[-1]]
            else:
                seconds = float(text) * 86400.0
        except ValueError:
            raise ValueError(f"bad window {value!r}: use a number and a unit, e.g. 3d, 36h, 90m, 2w") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"bad window {value!r}: it must be positive")
    return seconds
