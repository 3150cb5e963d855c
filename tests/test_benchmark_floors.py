"""Quality floors on the shared dev sets (bench/floors.json): a regression below any floor fails.

The figures come from the same benchmark scripts that docs/benchmarks.md quotes; floors are raised
when quality improves and never lowered without a note on the issue."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.slow
@pytest.mark.shared
def test_extraction_quality_meets_floors(shared_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "extract.json"
    proc = subprocess.run(
        [
            sys.executable, str(REPO / "bench" / "extract.py"), "--shared", str(shared_dir),
            "--sets", "wcxb", "snippets", "readability", "--no-baseline", "--workers", "2",
            "--json", str(out), "--floors", str(REPO / "bench" / "floors.json"), "--check",
        ],
        capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["wcxb"]["pages"] == 1497
    assert results["snippets"]["pages"] == 990


@pytest.mark.slow
@pytest.mark.shared
def test_plaintext_line_model_grouped_cv_meets_floor(shared_dir: Path) -> None:
    """The honest quality figure of the text path: site-grouped 5-fold CV (never in-sample)."""
    floors = json.loads((REPO / "bench" / "floors.json").read_text())
    proc = subprocess.run(
        [
            sys.executable, str(REPO / "scripts" / "train_line_model.py"), "--shared", str(shared_dir),
            "--cv", "--no-train", "--no-grid", "--json",
        ],
        capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["pages"] == 793
    f1 = result["default_settings"]["f1"]
    assert f1 >= floors["plaintext_cv.f1"], f"grouped-CV shingle F1 {f1:.4f} < floor {floors['plaintext_cv.f1']}"
