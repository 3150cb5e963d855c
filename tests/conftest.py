"""Shared fixtures. ``shared_dir``: the ../shared dev data beside the repo (or $NEWSGRAPH_SHARED);
tests that need it skip with a clear message when it is absent, and fail under CI=true."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = Path(os.environ.get("NEWSGRAPH_SHARED", REPO.parent / "shared"))
    if not (path / "data").is_dir():
        message = f"the shared dev data is not at {path} (set NEWSGRAPH_SHARED)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; under CI=true it is required")
        pytest.skip(message)
    return path
