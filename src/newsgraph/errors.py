"""Errors newsgraph raises to its callers.

    NewsgraphError            base; every message carries a stable code (NG1xx)
    ├── ConfigError (NG101)   a settings file or option is wrong
    ├── InputError  (NG102)   an input path does not exist or cannot be listed
    ├── ExtraMissing (NG103)  an optional extra is needed: the message names the pip install
    └── ModelMismatch (NG104) the installed spaCy pipeline is not the verified build (events/nlp.py)

A store that is missing or of another schema version is an InputError too (store.StoreError).

Bad *content* never raises: it becomes a rejected record with a reason (see record.REJECT_REASONS).
"""

from __future__ import annotations


class NewsgraphError(Exception):
    code = "NG100"

    def __str__(self) -> str:
        return f"{self.code}: {super().__str__()}"


class ConfigError(NewsgraphError, ValueError):
    code = "NG101"


class InputError(NewsgraphError, FileNotFoundError):
    code = "NG102"


class ExtraMissing(NewsgraphError, ImportError):
    code = "NG103"
