"""The Event record: one coded who-did-what-to-whom (docs/events.md).

An event is a (source actor, action, target actor) triple read from one sentence of one article,
coded in CAMEO (event code, root, Goldstein score, QuadClass) and PLOVER (event type and mode).
Codes the tables do not know stay null rather than guessed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ..record import stable_hash

EVENT_SCHEMA_VERSION = "1.0"


@dataclass(slots=True)
class Actor:
    """One side of an event.

    ``code`` is the full CAMEO actor code (``RUSGOV``, ``IGOUNO``, ``---LEG``); ``country`` its
    ISO 3166 alpha-3 part (null for international or unplaced actors); ``role`` the first role
    code after the country (``GOV``, ``MIL``, ``IGO`` ...) or null.
    """

    text: str
    code: str
    country: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(slots=True)
class Event:
    """One coded event. See docs/events.md for every field."""

    event_id: str
    article_id: str
    sentence: str
    sentence_index: int
    source: Actor
    target: Actor | None
    cameo_code: str
    cameo_root: str
    story_id: str | None = None
    #: the article's date (YYYY-MM-DD...) unless the sentence names its own date
    date: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    #: country code or place named in the sentence, when any
    location: str | None = None
    #: the verb (or verb phrase) the code came from
    verb: str | None = None
    #: who reported the event in reported speech ("..., the ministry said"), when any
    attribution: Actor | None = None
    confidence: float = 0.0
    schema_version: str = EVENT_SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Build from a dict, ignoring keys this version does not know (forward compatible)."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in data.items() if k in known}
        for key in ("source", "target", "attribution"):
            if isinstance(kw.get(key), dict):
                kw[key] = Actor.from_dict(kw[key])
        return cls(**kw)


def event_id_for(article_id: str, sentence_index: int, source: str, target: str, code: str) -> str:
    """A stable event id: hash of article id, sentence index and the codes (re-runs agree)."""
    return stable_hash("event", article_id, str(sentence_index), source, target, code)


def split_actor_code(code: str) -> tuple[str | None, str | None]:
    """``RUSGOV`` -> (``RUS``, ``GOV``); ``IGOUNO`` -> (None, ``IGO``); ``---LEG`` -> (None, ``LEG``).

    CAMEO actor codes are 3-character blocks: a country (ISO alpha-3) or an international/
    transnational prefix (IGO, NGO, MNC ...), then role blocks. A compound code (``FRO/BIL/SAM``,
    kept whole with ``compound_actors = "keep"``) has no one country: (None, the members' common
    role or None).
    """
    code = (code or "").upper()
    if "/" in code:
        roles = {m[3:6] or None for m in code.split("/")}
        return None, roles.pop() if len(roles) == 1 else None
    head, rest = code[:3], code[3:6]
    if head in NON_COUNTRY or not head.isalpha():
        return None, head if head in NON_COUNTRY else (rest or None)
    return head, rest or None


#: first blocks that are not countries: international and transnational actors, and the roles
#: Phoenix codes alone (news outlets are [MED], former UN chiefs [ELI]: no country "MED")
NON_COUNTRY = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "UIS", "INT", "ABY", "MED", "ELI"})
#: of those, the roles: with a country they come after it ("Russian news outlet X": RUSMED)
ROLE_FIRST_BLOCKS = frozenset({"MED", "ELI"})
