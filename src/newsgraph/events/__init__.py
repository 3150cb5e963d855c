"""Events: code who-did-what-to-whom from articles in CAMEO and PLOVER (docs/events.md)."""

from .record import EVENT_SCHEMA_VERSION, Actor, Event

__all__ = ["EVENT_SCHEMA_VERSION", "Actor", "Event"]
