"""Settings files: the documented example is valid and every documented key reaches its stage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from newsgraph.errors import ConfigError
from newsgraph.settings import load_settings


def test_settings_documented_example_loads_with_documented_values(tmp_path: Path) -> None:
    doc = (REPO / "docs" / "settings.md").read_text("utf-8")
    block = re.search(r"```toml\n(.*?)```", doc, re.S)
    assert block is not None
    path = tmp_path / "settings.toml"
    path.write_text(block.group(1))
    extract = load_settings(path)["extract"]
    assert extract.read.max_bytes == 5_000_000
    assert extract.html.max_depth == 250
    assert extract.text.drop_unrelated_teasers is True


def test_settings_unknown_key_or_section_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[extract.text]\nthreshhold = 0.5\n")
    with pytest.raises(ConfigError, match="threshhold"):
        load_settings(path)
    path.write_text("[extrakt]\nx = 1\n")
    with pytest.raises(ConfigError, match="extrakt"):
        load_settings(path)


def test_settings_stories_and_dedup_tables_build_one_object(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[stories]\nwindow = "2d"\n\n[dedup]\njaccard_threshold = 0.5\n')
    stories = load_settings(path, sections=("stories",))["stories"]
    assert stories.dedup_settings.jaccard_threshold == 0.5
