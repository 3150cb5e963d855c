"""End-to-end behaviour of ``newsgraph extract`` through the real command line."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

EXPECTED = REPO / "examples" / "expected"


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsgraph", *args], input=stdin, capture_output=True, timeout=600, cwd=REPO
    )


def records(data: bytes | str) -> list[dict]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], str]:
    out = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    proc = run_cli("extract", str(EXAMPLES), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    return records(out.read_text("utf-8")), proc.stderr.decode()


def test_extract_corpus_every_page_extracted_or_rejected_with_reason(corpus_run: tuple[list[dict], str]) -> None:
    arts, summary = corpus_run
    assert len(arts) == 23
    for art in arts:
        assert art["schema_version"] == "1.0"
        if art["status"] == "rejected":
            assert art["reason"], art["input"]
        else:
            assert art["text"].strip(), art["input"]
            assert art["method"] in ("html", "text")
    assert "read 23" in summary
    assert len({a["id"] for a in arts}) == len(arts), "ids are unique within a run"


def test_extract_corpus_news_pages_are_articles_and_the_section_page_is_not(corpus_run: tuple[list[dict], str]) -> None:
    arts, _ = corpus_run
    by_input = {a["input"]: a for a in arts}
    section = by_input[str(EXAMPLES / "html" / "northgate-post-world-section.html")]
    assert section["is_article"] is False
    news = [a for a in arts if a is not section]
    assert all(a["is_article"] for a in news), [a["input"] for a in news if not a["is_article"]]
    assert all(a["language"] == "en" for a in news)
    assert all(a["published"] and a["published"].startswith("2026-") for a in news)


def test_extract_corpus_keeps_given_ids_and_container_metadata(corpus_run: tuple[list[dict], str]) -> None:
    arts, _ = corpus_run
    wire = [a for a in arts if a["input"].startswith(str(EXAMPLES / "wire.jsonl") + "#")]
    given = [json.loads(line) for line in (EXAMPLES / "wire.jsonl").read_text("utf-8").splitlines() if line.strip()]
    assert [a["id"] for a in wire] == [g["id"] for g in given]
    assert [a["title"] for a in wire] == [g["title"] for g in given]
    assert [a["site_name"] for a in wire] == [g["source"] for g in given]


def test_extract_flattened_pages_come_back_without_their_chrome(corpus_run: tuple[list[dict], str]) -> None:
    arts, _ = corpus_run
    by_input = {a["input"]: a for a in arts}
    expectations = sorted(EXPECTED.glob("*.json"))
    assert expectations
    for exp_path in expectations:
        exp = json.loads(exp_path.read_text("utf-8"))
        art = by_input[str(EXAMPLES / "text" / f"{exp_path.stem}.txt")]
        assert art["method"] == "text"
        assert art["title"] == exp["title"], exp_path.name
        assert art["subtitle"] == exp["subtitle"], exp_path.name
        assert art["authors"] == exp["authors"], exp_path.name
        for sentence in exp["body_must_contain"]:
            assert sentence in art["text"], (exp_path.name, sentence)
        for chrome in exp["body_must_not_contain"]:
            assert chrome not in art["text"], (exp_path.name, chrome)
        assert exp["title"] not in art["text"]
        if exp["subtitle"]:
            assert exp["subtitle"] not in art["text"]


def test_extract_rejects_bad_inputs_and_counts_add_up(tmp_path: Path) -> None:
    bad = tmp_path / "crawl"
    bad.mkdir()
    (bad / "empty.html").write_bytes(b"")
    (bad / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    words = " ".join(f"word{i}" for i in range(5000)).encode()
    packed = gzip.compress(b"<html><body><p>" + words + b"</p></body></html>")
    (bad / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    (bad / "nested.html").write_text("<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>")
    (bad / "broken.jsonl").write_text('{"id": "a", "text": "fine"}\n{not json\n')
    good = (EXAMPLES / "html" / "harbour-courier-russia-china-energy-pact.html").read_bytes()
    (bad / "good.html").write_bytes(good)
    out, rej = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    proc = run_cli("extract", str(bad), "-o", str(out), "--rejects", str(rej))
    assert proc.returncode == 0, proc.stderr.decode()
    kept, rejected = records(out.read_bytes()), records(rej.read_bytes())
    assert all(a["status"] == "ok" for a in kept)
    assert all(a["status"] == "rejected" and a["reason"] for a in rejected)
    reasons = {Path(a["input"].split("#")[0]).name: a["reason"] for a in rejected}
    assert reasons["empty.html"] == "empty"
    assert reasons["image.html"] == "binary"
    assert reasons["cut.html.gz"] == "truncated"
    assert reasons["nested.html"] == "too_large"
    assert "bad_json" in [a["reason"] for a in rejected if a["input"].endswith("broken.jsonl#2")]
    summary = proc.stderr.decode()
    assert f"read {len(kept) + len(rejected)}" in summary
    assert f"rejected {len(rejected)}" in summary
    assert any(a["input"].endswith("good.html") and a["is_article"] for a in kept)


def test_extract_reads_stdin_and_writes_stdout_for_piping() -> None:
    page = (EXAMPLES / "html" / "harbour-courier-russia-china-energy-pact.html").read_bytes()
    proc = run_cli("extract", "-", stdin=page)
    assert proc.returncode == 0, proc.stderr.decode()
    (art,) = records(proc.stdout)
    assert art["input"] == "-" and art["method"] == "html" and art["title"]


def test_extract_rerun_is_idempotent_and_workers_do_not_change_output(tmp_path: Path) -> None:
    one = run_cli("extract", str(EXAMPLES), "--quiet")
    again = run_cli("extract", str(EXAMPLES), "--quiet")
    two = run_cli("extract", str(EXAMPLES), "--quiet", "--workers", "2")
    assert one.returncode == again.returncode == two.returncode == 0
    assert one.stdout == again.stdout == two.stdout
    assert one.stderr == b""


def test_extract_usage_errors_exit_2_and_nothing_readable_exits_1(tmp_path: Path) -> None:
    missing = run_cli("extract", str(tmp_path / "nope"))
    assert missing.returncode == 2 and b"NG102" in missing.stderr
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[extract]\nno_such_key = 1\n")
    bad_cfg = run_cli("extract", str(EXAMPLES), "--config", str(cfg))
    assert bad_cfg.returncode == 2 and b"no_such_key" in bad_cfg.stderr
    (tmp_path / "empty.txt").write_bytes(b"")
    nothing = run_cli("extract", str(tmp_path / "empty.txt"))
    assert nothing.returncode == 1
    (rec,) = records(nothing.stdout)
    assert rec["reason"] == "empty"


def test_extract_settings_file_changes_caps(tmp_path: Path) -> None:
    cfg = tmp_path / "small.toml"
    cfg.write_text("[extract.read]\nmax_bytes = 1000\n")
    proc = run_cli("extract", str(EXAMPLES / "html"), "--config", str(cfg), "--quiet")
    assert proc.returncode == 1  # every page is over the cap
    assert {r["reason"] for r in records(proc.stdout)} == {"too_large"}


def test_cli_version_and_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.decode().startswith("newsgraph ")
    helptext = run_cli("extract", "--help")
    assert helptext.returncode == 0
    for option in (b"--output", b"--rejects", b"--workers", b"--config"):
        assert option in helptext.stdout
