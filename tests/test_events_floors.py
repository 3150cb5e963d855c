"""Event-coding quality floors on the shared dev sets (bench/floors-events.json): a regression
below any floor fails. Speed is not run here (machine-dependent); run ``bench/events.py`` for it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.slow
@pytest.mark.shared
def test_event_coding_quality_meets_floors(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    proc = subprocess.run(
        [
            sys.executable, str(REPO / "bench" / "events.py"), "--shared", str(shared_dir),
            "--sets", "p2", "udp", "plover",
            "--json", str(out), "--floors", str(REPO / "bench" / "floors-events.json"), "--check",
        ],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text())
    # every usable record of both suites was scored, and the PLOVER set was read whole
    assert results["p2"]["records"] == 271
    assert results["udp"]["records"] == 257
    assert results["plover"]["records"] == 322
