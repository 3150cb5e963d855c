"""Extraction benchmark: quality (shingle F1, snippet F1, metadata accuracy) and speed.

Runs newsgraph's extract stage and trafilatura alone on the same pages of the shared dev sets
(defaults under ../shared/data/extraction) and scores both with the shared scorers.

    python bench/extract.py                          # every set, 2 workers, text report
    python bench/extract.py --sets wcxb snippets --limit 200
    python bench/extract.py --json out.json --floors bench/floors.json --check   # CI gate

Sets: ``wcxb`` (HTML, all 1,497 pages and the 793 articles), ``snippets`` (trafilatura's 990
pages: snippet F1 and title/author/date accuracy), ``readability`` (130 pages), ``plaintext``
(the 793 flattened WCXB articles; IN-SAMPLE for the shipped line model, which was trained on
them: the honest figure is the grouped CV of scripts/train_line_model.py), ``speed-text`` (the
text path on the flattened wcxb pages against trafilatura on their HTML). Speed ratios compare
newsgraph with ``--workers`` processes against trafilatura in one process, as the issue asks.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"


def _gz_text(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def _score(script: Path, args: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(script), *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _write_preds(folder: Path, preds: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for pid, text in preds.items():
        (folder / f"{pid}.txt").write_text(text, encoding="utf-8")


def run_newsgraph(pages: list[tuple[str, bytes, str | None]], workers: int) -> tuple[dict[str, Any], float]:
    """Extract (id, html bytes, url) pages with the real stage; returns {id: Article}, seconds."""
    from newsgraph.extract import extract_stream
    from newsgraph.ingest import decode_bytes
    from newsgraph.record import RawDoc

    docs = [RawDoc(input=pid, id=pid, html=decode_bytes(data), url=url) for pid, data, url in pages]
    start = time.perf_counter()
    out = {a.id: a for a in extract_stream(docs, workers=workers)}
    return out, time.perf_counter() - start


def run_newsgraph_text(pages: list[tuple[str, str]], workers: int) -> tuple[dict[str, Any], float]:
    from newsgraph.extract import extract_stream
    from newsgraph.record import RawDoc

    docs = [RawDoc(input=pid, id=pid, text=text) for pid, text in pages]
    start = time.perf_counter()
    out = {a.id: a for a in extract_stream(docs, workers=workers)}
    return out, time.perf_counter() - start


BASELINE = True  # --no-baseline turns trafilatura-alone runs off (CI floors need only ours)


def run_trafilatura(pages: list[tuple[str, bytes, str | None]]) -> tuple[dict[str, Any], float]:
    """trafilatura 2.x alone, one process, the options of its own evaluation + metadata."""
    from trafilatura import bare_extraction

    out: dict[str, Any] = {}
    start = time.perf_counter()
    if not BASELINE:
        return {pid: None for pid, _, _ in pages}, float("nan")
    for pid, data, url in pages:
        try:
            out[pid] = bare_extraction(
                data, url=url, fast=False, include_comments=False, include_tables=True, with_metadata=True
            )
        except Exception:  # noqa: BLE001 - count as an empty result, as its CLI would
            out[pid] = None
    return out, time.perf_counter() - start


def _norm(value: str | None) -> str:
    import re

    return re.sub(r"\W+", " ", (value or "").casefold()).strip()


def metadata_accuracy(annotations: dict[str, Any], found: dict[str, tuple[str | None, list[str], str | None]]) -> dict[str, Any]:
    """Title/author/date accuracy over the pages annotated with each field.

    title: equal after case/punctuation normalisation; author: the annotated names equal ours
    (as a set, or joined); date: the same calendar day."""
    hits = {"title": 0, "author": 0, "date": 0}
    totals = {"title": 0, "author": 0, "date": 0}
    for pid, ann in annotations.items():
        title, authors, date = found.get(pid, (None, [], None))
        if isinstance(ann.get("title"), str) and ann["title"]:
            totals["title"] += 1
            hits["title"] += _norm(ann["title"]) == _norm(title)
        if ann.get("author"):
            totals["author"] += 1
            given = ann["author"] if isinstance(ann["author"], list) else str(ann["author"]).replace(";", ",").split(",")
            want = {_norm(a) for a in given if _norm(a)}
            got = {_norm(a) for a in authors if _norm(a)}
            hits["author"] += bool(want) and (want == got or _norm(" ".join(given)) == _norm(" ".join(authors)))
        if ann.get("date"):
            totals["date"] += 1
            hits["date"] += (date or "")[:10] == str(ann["date"])[:10]
    return {k: round(hits[k] / totals[k], 4) if totals[k] else None for k in hits} | {
        f"{k}_pages": totals[k] for k in totals
    }


def bench_wcxb(shared: Path, workers: int, limit: int | None, tmp: Path) -> dict[str, Any]:
    base = shared / "data/extraction/wcxb-dev"
    gt = json.loads(gzip.decompress((base / "ground-truth.json.gz").read_bytes()))
    ids = sorted(gt)[:limit] if limit else sorted(gt)
    pages = [(pid, _gz_text(base / "html" / f"{pid}.html.gz"), gt[pid].get("url") or None) for pid in ids]
    ours, t_ours = run_newsgraph(pages, workers)
    theirs, t_theirs = run_trafilatura(pages)
    scorer = shared / "eval/shingle_f1.py"
    res: dict[str, Any] = {"pages": len(pages)}
    for name, texts in (
        ("newsgraph", {pid: a.text if a.ok else "" for pid, a in ours.items()}),
        ("trafilatura", {pid: (d.text or "") if d is not None else "" for pid, d in theirs.items()}),
    ):
        if name == "trafilatura" and not BASELINE:
            continue
        folder = tmp / f"wcxb-{name}"
        _write_preds(folder, texts)
        all_pages = _score(scorer, [str(base / "truth"), str(folder)] + (["--bootstrap", "0"] if limit else []))
        articles = _score(
            scorer, [str(base / "truth"), str(folder), "--gt", str(base / "ground-truth.json.gz"), "--page-type", "article"]
        )
        res[name] = {
            "all_f1": all_pages["f1"], "all_p": all_pages["precision"], "all_r": all_pages["recall"],
            "article_f1": articles["f1"], "article_p": articles["precision"], "article_r": articles["recall"],
            "article_f1_std": articles.get("f1_std"),
        }
    _speed(res, len(pages), t_ours, t_theirs)
    res["workers"] = workers
    # is-article decision against page_type (in-sample for the shipped model: see train_pagetype.py)
    tp = sum(1 for pid, a in ours.items() if a.ok and a.is_article and gt[pid]["page_type"] == "article")
    fp = sum(1 for pid, a in ours.items() if a.ok and a.is_article and gt[pid]["page_type"] != "article")
    fn = sum(1 for pid, a in ours.items() if not (a.ok and a.is_article) and gt[pid]["page_type"] == "article")
    res["is_article_in_sample"] = {"precision": round(tp / max(1, tp + fp), 4), "recall": round(tp / max(1, tp + fn), 4)}
    res["rejected"] = sum(1 for a in ours.values() if not a.ok)
    return res


def bench_snippets(shared: Path, workers: int, limit: int | None, tmp: Path) -> dict[str, Any]:
    base = shared / "data/extraction/trafilatura-snippets"
    ann = json.loads((base / "annotations.json").read_text(encoding="utf-8"))
    ids = sorted(ann)[:limit] if limit else sorted(ann)
    ann = {pid: ann[pid] for pid in ids}
    pages = []
    for pid in ids:
        url = ann[pid].get("url") or None
        url = None if url and url.startswith("hard::") else url
        pages.append((pid, _gz_text(base / "html" / f"{pid}.html.gz"), url))
    ours, t_ours = run_newsgraph(pages, workers)
    theirs, t_theirs = run_trafilatura(pages)
    scorer = shared / "eval/snippets.py"
    res: dict[str, Any] = {"pages": len(pages)}
    from newsgraph.extract.html import split_authors

    for name, texts, meta in (
        (
            "newsgraph",
            {pid: _full_text(a) if a.ok else "" for pid, a in ours.items()},
            {pid: (a.title, a.authors, a.published) for pid, a in ours.items()},
        ),
        (
            "trafilatura",
            {pid: (d.text or "") if d is not None else "" for pid, d in theirs.items()},
            {pid: (d.title, split_authors(d.author), d.date) if d is not None else (None, [], None) for pid, d in theirs.items()},
        ),
    ):
        if name == "trafilatura" and not BASELINE:
            continue
        folder = tmp / f"snip-{name}"
        _write_preds(folder, texts)
        s = _score(scorer, [str(base / "annotations.json"), str(folder)])
        res[name] = {"snippet_f1": s["f1"], "snippet_p": s["precision"], "snippet_r": s["recall"]}
        res[name] |= metadata_accuracy(ann, meta)
    _speed(res, len(pages), t_ours, t_theirs)
    return res


def _speed(res: dict[str, Any], pages: int, t_ours: float, t_theirs: float) -> None:
    res["newsgraph"]["pages_per_s"] = round(pages / t_ours, 1)
    if BASELINE:
        res["trafilatura"]["pages_per_s"] = round(pages / t_theirs, 1)
        res["speed_ratio"] = round(t_theirs / t_ours, 2)
    else:
        res.pop("trafilatura", None)


def _full_text(article: Any) -> str:
    """Snippet scoring looks for any article text; trafilatura's text keeps the headline and the
    standfirst in its body, while ours moves them to their own fields: score the same whole."""
    return "\n".join(x for x in (article.title, article.subtitle, article.text) if x)


def bench_readability(shared: Path, workers: int, limit: int | None, tmp: Path) -> dict[str, Any]:
    base = shared / "data/extraction/readability"
    ids = sorted(p.name.split(".")[0] for p in (base / "html").iterdir())
    ids = ids[:limit] if limit else ids
    pages = [(pid, _gz_text(next((base / "html").glob(f"{pid}.*"))), None) for pid in ids]
    ours, _ = run_newsgraph(pages, workers)
    theirs, _ = run_trafilatura(pages)
    scorer = shared / "eval/shingle_f1.py"
    res: dict[str, Any] = {"pages": len(pages)}
    # Readability's expected output is the body without the headline, as our `text` is.
    for name, texts in (
        ("newsgraph", {pid: a.text if a.ok else "" for pid, a in ours.items()}),
        ("trafilatura", {pid: (d.text or "") if d is not None else "" for pid, d in theirs.items()}),
    ):
        if name == "trafilatura" and not BASELINE:
            continue
        folder = tmp / f"read-{name}"
        _write_preds(folder, texts)
        s = _score(scorer, [str(base / "truth"), str(folder)])
        res[name] = {"f1": s["f1"], "p": s["precision"], "r": s["recall"]}
    return res


def _flatten(html: bytes) -> str:
    """The flattening of ../shared/eval/flatten.py (inscriptis, stripped lines, collapsed blanks)."""
    from inscriptis import get_text

    text = get_text(html.decode("utf-8", errors="replace"))
    lines = [ln.strip() for ln in text.splitlines()]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip() + "\n"


def bench_plaintext(shared: Path, workers: int, limit: int | None, tmp: Path) -> dict[str, Any]:
    base = shared / "data/extraction/wcxb-dev-plaintext"
    ids = sorted(p.name for p in base.iterdir() if p.is_dir())
    ids = ids[:limit] if limit else ids
    pages = [(pid, (base / pid / "page.txt").read_text(encoding="utf-8")) for pid in ids]
    ours, t_ours = run_newsgraph_text(pages, workers)
    folder = tmp / "plain-newsgraph"
    _write_preds(folder, {pid: a.text if a.ok else "" for pid, a in ours.items()})
    s = _score(shared / "eval/shingle_f1.py", [str(base), str(folder)])
    return {
        "pages": len(pages),
        "note": "in-sample: the shipped line model was trained on these pages; see the grouped CV",
        "newsgraph_in_sample": {"f1": s["f1"], "p": s["precision"], "r": s["recall"]},
        "pages_per_s": round(len(pages) / t_ours, 1),
    }


def bench_speed_text(shared: Path, workers: int, limit: int | None, tmp: Path) -> dict[str, Any]:
    """The text path on flattened wcxb pages vs trafilatura on the same pages' HTML."""
    base = shared / "data/extraction/wcxb-dev"
    gt = json.loads(gzip.decompress((base / "ground-truth.json.gz").read_bytes()))
    ids = sorted(gt)[:limit] if limit else sorted(gt)
    html_pages = [(pid, _gz_text(base / "html" / f"{pid}.html.gz"), None) for pid in ids]
    text_pages = [(pid, _flatten(data)) for pid, data, _ in html_pages]
    # trafilatura once (its run is long enough to be stable); ours three times, median
    _, t_theirs = run_trafilatura(html_pages)
    t_ours = statistics.median(run_newsgraph_text(text_pages, 1)[1] for _ in range(3))
    t_ours_w = statistics.median(run_newsgraph_text(text_pages, workers)[1] for _ in range(3))
    return {
        "pages": len(ids),
        "text_pages_per_s_1proc": round(len(ids) / t_ours, 1),
        f"text_pages_per_s_{workers}proc": round(len(ids) / t_ours_w, 1),
        "trafilatura_pages_per_s": round(len(ids) / t_theirs, 1),
        "ratio_1proc": round(t_theirs / t_ours, 1),
        f"ratio_{workers}proc": round(t_theirs / t_ours_w, 1),
    }


SETS: dict[str, Callable[[Path, int, int | None, Path], dict[str, Any]]] = {
    "wcxb": bench_wcxb,
    "snippets": bench_snippets,
    "readability": bench_readability,
    "plaintext": bench_plaintext,
    "speed-text": bench_speed_text,
}


def check_floors(results: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """Every floor is a dotted path into the results with a minimum value."""
    failures = []
    for path, minimum in floors.items():
        if path.startswith("_"):
            continue
        value: Any = results
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            continue  # set not run
        if value < minimum:
            failures.append(f"{path} = {value} < floor {minimum}")
    return failures


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("NEWSGRAPH_SHARED", DEFAULT_SHARED)))
    ap.add_argument("--sets", nargs="+", choices=sorted(SETS), default=["wcxb", "snippets", "readability", "plaintext", "speed-text"])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, help="only the first N pages of each set (smoke runs)")
    ap.add_argument("--json", type=Path, help="write results here")
    ap.add_argument("--floors", type=Path, help="floors.json to compare against")
    ap.add_argument("--check", action="store_true", help="exit 1 when a figure is below its floor")
    ap.add_argument("--no-baseline", action="store_true", help="skip the trafilatura-alone runs")
    args = ap.parse_args(list(argv) if argv is not None else None)
    global BASELINE
    BASELINE = not args.no_baseline
    if not (args.shared / "data/extraction").is_dir():
        print(f"shared data not found at {args.shared} (set --shared or NEWSGRAPH_SHARED)", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"cores": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets:
            t0 = time.perf_counter()
            results[name] = SETS[name](args.shared, args.workers, args.limit, Path(tmp))
            print(f"[{name}] {time.perf_counter() - t0:.0f}s {json.dumps(results[name])}", file=sys.stderr)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if args.floors:
        failures = check_floors(results, json.loads(args.floors.read_text()))
        for f in failures:
            print("BELOW FLOOR:", f, file=sys.stderr)
        if failures and args.check:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
