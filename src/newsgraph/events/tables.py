"""CAMEO and PLOVER code tables: what an event code means (docs/export.md).

``CodeTables().lookup("042")`` gives the code's root, name, Goldstein score, QuadClass and PLOVER
event type and mode, read from the package data in ``events/data/`` (built from the shared
reference tables by ``scripts/convert_event_tables.py``; licences in ``data/NOTICE-tables.md``:
the PLOVER columns are CC BY-SA 4.0, openeventdata/PLOVER).

Rules of ``lookup``:

- the code comes back exactly as given; leading and trailing blanks are ignored for the look-up;
- ``root`` is the first two characters whenever the code starts with two digits, known or not;
- ``name``, ``goldstein`` and ``quad_class`` come from the code's own row only: a code the table
  does not hold gets None for all three (never a parent's score);
- ``plover_type`` and ``plover_mode`` come from the code's own row. For a code the table does not
  hold (``176``, ``0315``, a coder's private ``174K``), ``plover_type`` is taken from the nearest
  ancestor the table holds: the three-digit base code, else the two-digit root; ``plover_mode``
  stays None. Why: CAMEO2PLOVER-2021 lists every sub-code on its own row, not just roots; the
  type of a four-digit code equals its base code's type in 143 of 146 cases but its root's in
  only 139 (the 08x codes split into CONCEDE and RETREAT; 163, 175, 191, 192 leave their root's
  type), while modes are set per code (35 of the 146 four-digit codes have a mode other than
  their base code's). PLOVER drops CAMEO 01 (MAKE PUBLIC STATEMENT) and 02 (APPEAL): those codes, and any
  code under them, have no PLOVER type.

The tables are read once per process (``functools.lru_cache`` on the loader); ``CodeTables``
itself holds no state, so it pickles to nothing and is cheap to pass to worker processes.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass, replace
from importlib import resources
from types import MappingProxyType
from typing import Any, Iterator, Mapping

#: CAMEO QuadClass codes (as in GDELT's QuadClass column)
QUAD_CLASSES: Mapping[int, str] = MappingProxyType({
    1: "Verbal Cooperation",
    2: "Material Cooperation",
    3: "Verbal Conflict",
    4: "Material Conflict",
})

_DATA = "data"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What one CAMEO event code means; None where the tables do not say."""

    code: str
    root: str | None = None
    name: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    plover_type: str | None = None
    plover_mode: str | None = None

    @property
    def known(self) -> bool:
        """True when the code has its own row in the table."""
        return self.name is not None

    @property
    def quad_name(self) -> str | None:
        return QUAD_CLASSES.get(self.quad_class) if self.quad_class is not None else None

    @property
    def base(self) -> str | None:
        """The three-digit base code (GDELT EventBaseCode): the code itself at root or base level."""
        key = self.code.strip()
        return key[:3] if key[:2].isdigit() else None

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class PloverType:
    """One of the 16 PLOVER event types."""

    type: str
    quad_class: int
    requires_recipient: bool
    modes: tuple[str, ...]
    #: (mode, description) pairs, in the manual's order
    mode_descriptions: tuple[tuple[str, str], ...] = ()

    def describe(self, mode: str) -> str | None:
        return dict(self.mode_descriptions).get(mode)

    @property
    def quad_name(self) -> str:
        return QUAD_CLASSES[self.quad_class]


def _read_text(name: str) -> str:
    return resources.files(__package__).joinpath(_DATA, name).read_text(encoding="utf-8")


def _none(value: str) -> str | None:
    return value if value != "" else None


@functools.lru_cache(maxsize=1)
def _load_cameo() -> Mapping[str, CodeInfo]:
    reader = csv.DictReader(_read_text("cameo.tsv").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows: dict[str, CodeInfo] = {}
    for r in reader:
        rows[r["code"]] = CodeInfo(
            code=r["code"],
            root=_none(r["root"]),
            name=_none(r["name"]),
            goldstein=float(r["goldstein"]) if r["goldstein"] else None,
            quad_class=int(r["quad_class"]) if r["quad_class"] else None,
            plover_type=_none(r["plover_type"]),
            plover_mode=_none(r["plover_mode"]),
        )
    return MappingProxyType(rows)


@functools.lru_cache(maxsize=1)
def _load_plover() -> Mapping[str, PloverType]:
    data = json.loads(_read_text("plover_types.json"))
    types = {}
    for t in data["types"]:
        modes = tuple(m["mode"] for m in t["modes"])
        types[t["type"]] = PloverType(
            type=t["type"],
            quad_class=int(t["quad_class"]),
            requires_recipient=bool(t["requires_recipient"]),
            modes=modes,
            mode_descriptions=tuple((m["mode"], m["description"]) for m in t["modes"]),
        )
    return MappingProxyType(types)


@functools.lru_cache(maxsize=1)
def gdelt_event_columns() -> tuple[str, ...]:
    """The 61 column names of the GDELT 2.0 event table, in file order."""
    reader = csv.DictReader(_read_text("gdelt2_event_columns.tsv").splitlines(), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    return tuple(r["column"] for r in reader)


class CodeTables:
    """Look-ups in the packaged CAMEO / PLOVER tables. Stateless: every instance shares the
    process-wide cached tables, and pickling one carries no data."""

    __slots__ = ()

    def lookup(self, code: str | None) -> CodeInfo:
        """What ``code`` means. Never raises for an unknown or malformed code: the fields the
        tables do not give are None (see the module docstring for the rules)."""
        given = "" if code is None else str(code)
        key = given.strip()
        rows = _load_cameo()
        row = rows.get(key)
        if row is not None:
            return row if row.code == given else replace(row, code=given)
        if len(key) < 2 or not key[:2].isdigit():
            return CodeInfo(code=given)
        plover_type = None
        for ancestor in (key[:3], key[:2]):
            if len(ancestor) < len(key) and ancestor in rows:
                plover_type = rows[ancestor].plover_type
                break
        return CodeInfo(code=given, root=key[:2], plover_type=plover_type)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip() in _load_cameo()

    def __iter__(self) -> Iterator[CodeInfo]:
        return iter(_load_cameo().values())

    def __len__(self) -> int:
        return len(_load_cameo())

    def codes(self) -> list[str]:
        return list(_load_cameo())

    def plover_types(self) -> Mapping[str, PloverType]:
        """The 16 PLOVER event types by name (AGREE ... ASSAULT)."""
        return _load_plover()

    def plover_type(self, name: str | None) -> PloverType | None:
        return _load_plover().get((name or "").upper())

    @staticmethod
    def quad_name(quad_class: int | None) -> str | None:
        """1 -> "Verbal Cooperation", 2 -> "Material Cooperation", 3 -> "Verbal Conflict",
        4 -> "Material Conflict"; None for anything else."""
        return QUAD_CLASSES.get(quad_class) if quad_class is not None else None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeTables)

    def __hash__(self) -> int:
        return hash(CodeTables)

    def __repr__(self) -> str:
        return "CodeTables()"


def lookup(code: str | None) -> CodeInfo:
    """``CodeTables().lookup(code)``."""
    return CodeTables().lookup(code)
