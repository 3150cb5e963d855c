"""Quality floors shared by the benchmarks: ``{"min": {"dotted.key": value}, "max": {...}}``."""

from __future__ import annotations

from typing import Any


def get(results: dict[str, Any], dotted: str) -> Any:
    """``results["a"]["b"]`` for ``"a.b"``; None when a part is missing (a set not run)."""
    cur: Any = results
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def check_floors(results: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """Every figure below its ``min`` or above its ``max`` floor; keys of sets not run are skipped."""
    failures = []
    for kind in ("min", "max"):
        for key, bound in floors.get(kind, {}).items():
            value = get(results, key)
            if value is None:
                continue
            if (kind == "min" and value < bound) or (kind == "max" and value > bound):
                failures.append(f"{key} = {value} is {'below' if kind == 'min' else 'above'} the floor {bound}")
    return failures
