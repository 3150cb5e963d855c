"""Settings files: one TOML file, one table per stage (``[extract]`` with ``[extract.read]``,
``[extract.html]``, ``[extract.text]``; ``[stories]``; ``[dedup]``; ``[events]``). Unknown keys are an error, so
a typo never passes silently. See docs/settings.md.

Example::

    [extract]
    min_article_words = 60
    article_threshold_html = 0.4

    [extract.read]
    max_bytes = 10_000_000
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigError

T = TypeVar("T")


def _build(cls: type[T], values: dict[str, Any], where: str) -> T:
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting [{where}] {key}; known: {', '.join(sorted(known))}")
        default = getattr(cls(), key)
        if dataclasses.is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"[{where}.{key}] must be a table")
            kwargs[key] = _build(type(default), value, f"{where}.{key}")
        else:
            kwargs[key] = value
    return cls(**kwargs)


SECTIONS = ("extract", "stories", "dedup", "events")


def load_settings(path: str | Path | None, sections: tuple[str, ...] = ("extract",)) -> dict[str, Any]:
    """Read a settings file into ``{"extract": ExtractSettings, "stories": StoriesSettings}``
    (defaults when ``path`` is None). Only the stages named in ``sections`` are built, so a
    command imports only what it runs; ``dedup`` settings live inside ``StoriesSettings``."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as err:
            raise ConfigError(f"cannot read settings file {path}: {err.strerror}") from err
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"settings file {path} is not valid TOML: {err}") from err
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise ConfigError(f"unknown section(s) in {path}: {', '.join(sorted(unknown))}")
    for name in SECTIONS:
        if not isinstance(data.get(name, {}), dict):
            raise ConfigError(f"[{name}] must be a table")
    out: dict[str, Any] = {}
    if "extract" in sections:
        from .extract.stage import ExtractSettings

        out["extract"] = _build(ExtractSettings, data.get("extract", {}), "extract")
    if "stories" in sections:
        from .dedup.stage import DedupSettings
        from .stories.stage import StoriesSettings

        table = dict(data.get("stories", {}))
        if "dedup_settings" in table:
            raise ConfigError("put dedup settings in a [dedup] table")
        dedup = _build(DedupSettings, data.get("dedup", {}), "dedup")
        out["stories"] = dataclasses.replace(_build(StoriesSettings, table, "stories"), dedup_settings=dedup)
    if "events" in sections:
        from .events.stage import EventsSettings

        out["events"] = _build(EventsSettings, data.get("events", {}), "events")
    return out
