"""The embedded store (SQLite + FTS5) and the `run` pipeline that fills it (docs/store.md)."""

from .db import STORE_SCHEMA_VERSION, Store, StoreError

__all__ = ["STORE_SCHEMA_VERSION", "Store", "StoreError"]
