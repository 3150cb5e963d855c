"""End-to-end behaviour of ``newsgraph events`` and ``newsgraph export`` through the real command
line: extract the example corpus, code its events, export them GDELT-style."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsgraph", *args], input=stdin, capture_output=True, timeout=600, cwd=REPO
    )


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus_events(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict], str]:
    tmp = tmp_path_factory.mktemp("events")
    arts = tmp / "articles.jsonl"
    proc = run_cli("extract", str(EXAMPLES), "-o", str(arts), "--quiet")
    assert proc.returncode == 0, proc.stderr.decode()
    out = tmp / "events.jsonl"
    proc = run_cli("events", str(arts), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    return arts, records(out.read_text("utf-8")), proc.stderr.decode()


def test_events_of_the_example_corpus_name_the_dyads_its_stories_are_about(corpus_events) -> None:
    _, events, summary = corpus_events
    dyads = {(e["source"]["country"], e["target"]["country"]) for e in events if e["target"]}
    # the corpus's stories: Russia-China summit, Taiwan's rebuke of Russia, Germany-Ukraine aid,
    # India-Pakistan fire, Brazil-Argentina trade
    for pair in [("RUS", "CHN"), ("TWN", "RUS"), ("DEU", "UKR"), ("IND", "PAK"), ("BRA", "ARG")]:
        assert pair in dyads, pair
    assert "events: read 23, coded 22" in summary and "not_article 1" in summary


def test_events_records_carry_codes_scores_and_stable_ids(corpus_events) -> None:
    _, events, _ = corpus_events
    assert events
    for e in events:
        assert e["schema_version"] == "1.0"
        assert e["cameo_root"] == e["cameo_code"][:2]
        assert e["sentence"] and e["article_id"] and e["event_id"]
    assert len({e["event_id"] for e in events}) == len(events)
    accusations = [e for e in events if e["cameo_root"] == "11" and e["source"]["country"] == "TWN"]
    assert accusations and all(e["quad_class"] == 3 and e["goldstein"] < 0 for e in accusations)


def test_events_rerun_gives_identical_output(corpus_events, tmp_path: Path) -> None:
    arts, events, _ = corpus_events
    again = tmp_path / "again.jsonl"
    assert run_cli("events", str(arts), "-o", str(again), "--quiet").returncode == 0
    assert records(again.read_text("utf-8")) == events


def test_events_with_two_workers_give_the_single_process_output(corpus_events, tmp_path: Path) -> None:
    arts, events, _ = corpus_events
    out = tmp_path / "two.jsonl"
    proc = run_cli("events", str(arts), "-o", str(out), "--workers", "2", "--quiet")
    assert proc.returncode == 0, proc.stderr.decode()
    assert records(out.read_text("utf-8")) == events


@pytest.mark.parametrize("workers", ["1", "2"])
def test_events_missing_model_is_a_usage_error_with_or_without_workers(tmp_path: Path, workers: str) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[events]\nmodel = "no_such_pipeline"\n', encoding="utf-8")
    proc = run_cli("events", "-", "--config", str(config), "--workers", workers,
                   stdin=b'{"text": "Russia accused Ukraine of spying."}\n')
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "NG103" in err and "no_such_pipeline" in err and "Traceback" not in err


def test_events_reads_stdin_and_counts_bad_lines(tmp_path: Path) -> None:
    data = (b'{"id": "s1", "text": "Russia accused Ukraine of shelling the plant.", "date": "2024-03-01"}\n'
            b"not json\n"
            b'{"id": "s2", "text": "Die Regierung in Berlin hat neue Sanktionen gegen Russland beschlossen."}\n')
    proc = run_cli("events", "-", stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    out = records(proc.stdout.decode())
    assert [(e["article_id"], e["source"]["code"], e["cameo_code"], e["target"]["code"]) for e in out] == \
        [("s1", "RUS", "112", "UKR")]
    err = proc.stderr.decode()
    assert "read 3" in err and "rejected 1" in err and "language 1" in err


def test_events_user_dictionary_replaces_builtin_actors(tmp_path: Path) -> None:
    actors = tmp_path / "my.actors.txt"
    actors.write_text("ARNOR_ [ARN]\nGONDOR_ [GON]\n", encoding="utf-8")
    data = b'{"id": "x", "text": "Arnor accused Gondor of spying. Russia accused Ukraine of spying."}\n'
    proc = run_cli("events", "-", "--actors", str(actors), "--quiet", stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [(e["source"]["code"], e["target"]["code"]) for e in records(proc.stdout.decode())] == [("ARN", "GON")]


def test_events_missing_dictionary_file_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("events", "-", "--verbs", str(tmp_path / "nope.txt"), stdin=b"")
    assert proc.returncode == 2
    assert "nope.txt" in proc.stderr.decode()


def test_export_gdelt_rows_have_61_columns_and_source_urls(corpus_events, tmp_path: Path) -> None:
    arts, events, _ = corpus_events
    ev_file = tmp_path / "events.jsonl"
    ev_file.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    out = tmp_path / "events.gdelt.tsv"
    proc = run_cli("export", str(ev_file), "--table", "events", "--format", "gdelt", "-o", str(out),
                   "--articles", str(arts))
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [line.split("\t") for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == len(events)
    assert all(len(r) == 61 for r in rows)
    assert any(r[-1].startswith("http") for r in rows)
