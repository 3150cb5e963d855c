"""``newsgraph run`` into the store: idempotent re-runs, incremental input, and resuming after a
SIGKILL at random points (including inside a commit) to exactly the state of an uninterrupted run."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO


def run_cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], capture_output=True, timeout=timeout, cwd=REPO)


def export(db: Path, out: Path) -> dict[str, list[str]]:
    """Every table of the store as sorted JSON lines (what must be identical across runs)."""
    proc = run_cli("export", "--db", str(db), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    return {t: sorted((out / f"{t}.jsonl").read_text("utf-8").splitlines())
            for t in ("articles", "stories", "events", "inputs")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus twice over (46 pages): copies keep their URLs, so their ids
    become X#2, X#3 ... and the allocator is exercised; text pages get a distinct last line."""
    root = tmp_path_factory.mktemp("corpus")
    for k in range(2):
        dst = root / f"copy{k}"
        shutil.copytree(EXAMPLES, dst)
        for txt in dst.rglob("*.txt"):
            txt.write_text(txt.read_text("utf-8") + f"\nCopy {k} of the page.\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """An uninterrupted run: its store and its export."""
    tmp = tmp_path_factory.mktemp("ref")
    db = tmp / "ref.db"
    proc = run_cli("run", str(corpus), "--db", str(db), "--quiet", "--batch-size", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    return db, export(db, tmp / "export")


def test_run_on_the_example_corpus_fills_every_table(tmp_path: Path) -> None:
    db = tmp_path / "ng.db"
    proc = run_cli("run", str(EXAMPLES), "--db", str(db))
    assert proc.returncode == 0, proc.stderr.decode()
    err = proc.stderr.decode()
    assert "run: read 23: unchanged 0, extracted 23, rejected 0" in err
    assert "6 stories" in err and "newsgraph serve --db" in err
    tables = export(db, tmp_path / "export")
    assert len(tables["inputs"]) == 23 and len(tables["articles"]) == 23
    assert len(tables["stories"]) == 6 and len(tables["events"]) > 40
    events = [json.loads(line) for line in tables["events"]]
    assert all(e["story_id"] for e in events)  # every event knows its story


def test_rerun_on_the_same_input_adds_nothing(reference: tuple[Path, dict[str, list[str]]], corpus: Path,
                                              tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    shutil.copy(reference[0], db)
    proc = run_cli("run", str(corpus), "--db", str(db))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "extracted 0" in proc.stderr.decode() and "0 new events" in proc.stderr.decode()
    assert export(db, tmp_path / "export") == reference[1]


def test_overlapping_input_joins_existing_stories_with_stable_ids(corpus: Path, reference, tmp_path: Path) -> None:
    db = tmp_path / "inc.db"
    for part in ("copy0", "copy1"):  # the same pages, added half at a time
        proc = run_cli("run", str(corpus / part), "--db", str(db), "--quiet")
        assert proc.returncode == 0, proc.stderr.decode()
    assert export(db, tmp_path / "export") == reference[1]


def _progress(db: Path) -> tuple[int, int]:
    """(inputs recorded, articles whose events are coded) as committed so far; (0, 0) before the
    store exists. Read-only, beside the writer (WAL)."""
    if not db.exists():
        return 0, 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            ins = con.execute("SELECT count(*) FROM inputs").fetchone()[0]
            ev = con.execute("SELECT count(*) FROM articles WHERE events_done=1").fetchone()[0]
        finally:
            con.close()
        return int(ins), int(ev)
    except sqlite3.Error:
        return 0, 0


@pytest.mark.slow
def test_run_killed_at_random_points_resumes_to_the_uninterrupted_result(corpus: Path, reference,
                                                                         tmp_path: Path) -> None:
    """Kills land at random points of every stage, whatever the machine's speed: once in start-up
    (after a random delay), then when the committed progress passes random marks of extraction
    and of event coding; with a transaction per item, a kill often lands inside a commit."""
    db = tmp_path / "killed.db"
    rng = random.Random(20261123)
    cmd = [sys.executable, "-m", "newsgraph", "run", str(corpus), "--db", str(db), "--quiet", "--batch-size", "1"]
    marks = [("start", 0)] + sorted(("extract", rng.randint(3, 40)) for _ in range(3)) \
        + sorted(("events", rng.randint(3, 40)) for _ in range(3))
    kills = 0
    for stage, mark in marks:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + (rng.uniform(0.2, 1.0) if stage == "start" else 300)
        while proc.poll() is None:
            done_inputs, done_events = _progress(db)
            reached = {"start": False, "extract": done_inputs >= mark, "events": done_events >= mark}[stage]
            if reached or time.monotonic() > deadline:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                kills += 1
                break
            time.sleep(0.01)
        else:
            assert proc.returncode == 0
    assert kills >= 5, f"only {kills} kills landed before the run finished"
    final = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=600)
    assert final.returncode == 0, final.stderr.decode()
    assert export(db, tmp_path / "export") == reference[1]


def test_relations_by_country_and_by_actor_with_role(reference, tmp_path: Path) -> None:
    db = reference[0]
    by_country = run_cli("relations", "RUS", "CHN", "--db", str(db), "--by", "day", "--format", "json")
    assert by_country.returncode == 0, by_country.stderr.decode()
    countries = json.loads(by_country.stdout)
    by_role = run_cli("relations", "RUSGOV", "CHNGOV", "--db", str(db), "--by", "day", "--format", "json")
    assert by_role.returncode == 0, by_role.stderr.decode()
    roles = json.loads(by_role.stdout)
    total = lambda d: sum(p["events"] for p in d["series"])  # noqa: E731
    assert 0 < total(roles) < total(countries)  # governments only: a part of all Russia-China events
    assert all(p["cooperation"] + p["conflict"] <= p["events"] for p in countries["series"])
    bad = run_cli("relations", "RUS", "CHN", "--db", str(db), "--by", "year")
    assert bad.returncode == 2


def test_stories_are_recomputed_only_when_articles_changed(tmp_path: Path) -> None:
    from newsgraph.store.db import Store
    from newsgraph.store.run import run

    db = tmp_path / "ng.db"
    stages: list[str] = []
    first = run([str(EXAMPLES)], db, on_progress=lambda stage, ok: stages.append(stage))
    assert "stories" in stages and first.stories == 6
    stages.clear()
    again = run([str(EXAMPLES)], db, on_progress=lambda stage, ok: stages.append(stage))
    assert "stories" not in stages and again.stories == 6  # nothing new: the stage is skipped
    with Store(db) as store, store.transaction():
        store.set_stories_stale(True)  # as a run killed between extraction and stories leaves it
    stages.clear()
    run([str(EXAMPLES)], db, on_progress=lambda stage, ok: stages.append(stage))
    assert "stories" in stages
    with Store(db, create=False, readonly=True) as store:
        assert not store.stories_stale()
