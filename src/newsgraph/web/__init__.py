"""The web app behind ``newsgraph serve``: a JSON API under ``/api`` and server-rendered pages over a
store, read-only (docs/web.md)."""

from .app import create_app

__all__ = ["create_app"]
