"""newsgraph: raw news pages in; clean articles, stories, events and relations out."""

from ._version import __version__
from .api import events, extract, stories
from .record import SCHEMA_VERSION, Article, RawDoc

__all__ = ["SCHEMA_VERSION", "Article", "RawDoc", "__version__", "events", "extract", "stories"]
