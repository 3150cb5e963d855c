"""Story-clustering and near-duplicate quality floors on the shared dev sets
(bench/floors-stories.json): a regression below any floor fails. Speed and memory are not run here
(machine-dependent and slow); run ``bench/stories.py`` for them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.slow
@pytest.mark.shared
def test_story_quality_meets_floors(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "stories.json"
    proc = subprocess.run(
        [
            sys.executable, str(REPO / "bench" / "stories.py"), "--shared", str(shared_dir),
            "--sets", "basil-stream", "basil-batch", "googlenews", "neardup",
            "--json", str(out), "--floors", str(REPO / "bench" / "floors-stories.json"), "--check",
        ],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["basil-stream"]["docs"] == 180
    assert results["googlenews"]["docs"] == 5924
    assert results["neardup"]["same_story_false_duplicates"] == 0
