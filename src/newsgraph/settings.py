"""Settings files: one TOML file, one table per stage (``[extract]``, ``[extract.read]``,
``[extract.html]``, ``[extract.text]``). Unknown keys are an error, so a typo never passes silently.

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
from .extract.stage import ExtractSettings

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


def load_settings(path: str | Path | None) -> dict[str, Any]:
    """Read a settings file into ``{"extract": ExtractSettings, ...}`` (defaults when None)."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as err:
            raise ConfigError(f"cannot read settings file {path}: {err.strerror}") from err
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"settings file {path} is not valid TOML: {err}") from err
    unknown = set(data) - {"extract"}
    if unknown:
        raise ConfigError(f"unknown section(s) in {path}: {', '.join(sorted(unknown))}")
    return {"extract": _build(ExtractSettings, data.get("extract", {}), "extract")}
