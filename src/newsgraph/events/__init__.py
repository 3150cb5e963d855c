"""Events: code who-did-what-to-whom from articles in CAMEO and PLOVER (docs/events.md)."""

from .record import EVENT_SCHEMA_VERSION, Actor, Event
from .stage import SKIP_REASONS, Dictionaries, EventCoder, EventsSettings, EventsStats, events_stream
from .tables import CodeInfo, CodeTables

__all__ = ["EVENT_SCHEMA_VERSION", "SKIP_REASONS", "Actor", "CodeInfo", "CodeTables", "Dictionaries", "Event",
           "EventCoder", "EventsSettings", "EventsStats", "events_stream"]
