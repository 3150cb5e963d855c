"""Train the page-type (is-article) models of ``newsgraph.extract.pagetype`` from ../shared.

Data: WCXB dev (``../shared/data/extraction/wcxb-dev``): 1,497 pages, ``page_type`` article (793)
vs collection/listing/product/service/documentation/forum. Every page is run through the real
HTML path (``load_tree`` -> ``html_signals`` -> ``extract_html``) and flattened to text exactly like
``../shared/eval/flatten.py`` (inscriptis, lines stripped, blank runs collapsed).

- HTML model: ``html_features(signals, result)``.
- Text model: ``text_features(page_text, title, paragraphs)``. The text-line extractor is not used
  (it may not exist yet); each page appears twice in training, with two stand-ins for the body it
  would keep: (a) the truth body lines with trafilatura's title, (b) every page line of >= 8 words
  without a title. CV figures are reported for each stand-in.

Evaluation: 5-fold cross-validation grouped by site (registered domain of the URL; no site in both
train and test folds). Thresholds (always computed, written to models/pagetype.json and to be
copied into the DEFAULT_THRESHOLD_* constants of pagetype.py): the highest threshold whose
out-of-fold recall of ``article`` is >= ``--recall`` (0.95 by default) + 0.005, because an article
flagged as a non-article is lost downstream. ``--cv`` also prints the figures and a nested
estimate (each outer fold's threshold chosen by an inner CV on its training sites only), the
honest figure for unseen sites.

Deterministic (fixed seed, single-threaded LightGBM, deterministic=true).

Commands (from the repo root):
  /work/.venv/bin/python scripts/train_pagetype.py --cv                       # CV figures + write models
  /work/.venv/bin/python scripts/train_pagetype.py --cv --json /tmp/pt.json   # also a JSON report
  /work/.venv/bin/python scripts/train_pagetype.py --cache /tmp/pt-cache      # reuse extraction runs
  /work/.venv/bin/python scripts/train_pagetype.py --cv --no-write            # measure only
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing as mp
import pickle
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsgraph.extract import pagetype as pt  # noqa: E402
from newsgraph.extract.html import HtmlError, HtmlResult, HtmlSettings, extract_html, load_tree  # noqa: E402

LGB_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "max_depth": 5,
    "min_data_in_leaf": 15,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "num_threads": 1,
    "deterministic": True,
    "force_col_wise": True,
    "verbose": -1,
}
NUM_ROUNDS = 300
RECALL_MARGIN = 0.005  # aim a little above the target: thresholds move on unseen sites
CACHE_VERSION = 1


# -- data -------------------------------------------------------------------------------------


def flatten(html: str) -> str:
    """Same procedure as ../shared/eval/flatten.py (see newsgraph.extract.flatten)."""
    from newsgraph.extract.flatten import flatten_html

    return flatten_html(html)


def site_of(url: str, page_id: str) -> str:
    """Registered domain (eTLD+1) of the URL; the page id when there is no URL."""
    import tld

    if url:
        fld = tld.get_fld(url, fail_silently=True, fix_protocol=True)
        if fld:
            return str(fld).lower()
    return f"id:{page_id}"


def _read_html(path: str) -> str:
    return gzip.decompress(Path(path).read_bytes()).decode("utf-8", errors="replace")


def _extract(args: tuple[str, str, str]) -> dict[str, Any]:
    """One page through trafilatura (after html_signals, as in the pipeline) + flattened text."""
    page_id, path, url = args
    html = _read_html(path)
    settings = HtmlSettings()
    out: dict[str, Any] = {"id": page_id}
    try:
        tree = load_tree(html, settings)
        pt.html_signals(tree, url or None)
        out["result"] = asdict(extract_html(tree, url or None, settings))
    except HtmlError as err:
        out["error"] = err.reason
        out["result"] = asdict(HtmlResult(url=url or None))
    out["page_text"] = flatten(html)
    return out


def _signals(args: tuple[str, str, str]) -> dict[str, Any]:
    """Parse and read the page signals (timed); cheap, so never cached."""
    page_id, path, url = args
    try:
        tree = load_tree(_read_html(path), HtmlSettings())
    except HtmlError:
        return {"id": page_id, "signals": asdict(pt.PageSignals(**pt.url_features(url or None)))}
    t0 = time.perf_counter()
    signals = pt.html_signals(tree, url or None)
    ms = (time.perf_counter() - t0) * 1000
    return {"id": page_id, "signals": asdict(signals), "signals_ms": ms}


def _run(func: Any, tasks: list[tuple[str, str, str]], jobs: int) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    t0 = time.time()
    if jobs > 1:
        ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
        with ctx.Pool(jobs) as pool:
            for k, row in enumerate(pool.imap(func, tasks, chunksize=4)):
                out[row["id"]] = row
                if (k + 1) % 500 == 0:
                    print(f"  {func.__name__}: {k + 1}/{len(tasks)} ({time.time() - t0:.0f}s)",
                          file=sys.stderr)
    else:
        for task in tasks:
            row = func(task)
            out[row["id"]] = row
    return out


def load_pages(shared: Path, cache: Path | None, jobs: int) -> list[dict[str, Any]]:
    import trafilatura

    base = shared / "data" / "extraction" / "wcxb-dev"
    truth = json.loads(gzip.decompress((base / "ground-truth.json.gz").read_bytes()))
    ids = sorted(truth)
    tasks = [(i, str(base / "html" / f"{i}.html.gz"), truth[i].get("url") or "") for i in ids]
    cache_file = cache / f"wcxb-dev-extract-v{CACHE_VERSION}.pkl" if cache else None
    stamp = (REPO / "src/newsgraph/extract/html.py").read_bytes() + trafilatura.__version__.encode()
    extracted: dict[str, dict[str, Any]] | None = None
    if cache_file and cache_file.exists():
        with cache_file.open("rb") as fh:
            cached_stamp, extracted = pickle.load(fh)
        if cached_stamp != stamp:
            print("extraction cache is stale (html.py or trafilatura changed)", file=sys.stderr)
            extracted = None
    if extracted is None:
        extracted = _run(_extract, tasks, jobs)
        if cache_file:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            with cache_file.open("wb") as fh:
                pickle.dump((stamp, extracted), fh)
    signals = _run(_signals, tasks, jobs)
    pages = []
    for i in ids:
        row = dict(extracted[i])
        row.update(signals[i])
        rec = truth[i]
        row["url"] = rec.get("url") or ""
        row["page_type"] = rec["page_type"]
        row["label"] = int(rec["page_type"] == "article")
        row["site"] = site_of(row["url"], i)
        row["truth"] = rec.get("articleBody") or ""
        pages.append(row)
    return pages


def html_rows(pages: list[dict[str, Any]]) -> list[dict[str, float]]:
    return [
        pt.html_features(pt.PageSignals(**p["signals"]), HtmlResult(**p["result"])) for p in pages
    ]


def text_rows(pages: list[dict[str, Any]], variant: str) -> list[dict[str, float]]:
    rows = []
    for p in pages:
        if variant == "truth":
            paras = [ln.strip() for ln in p["truth"].split("\n") if ln.strip()]
            title = p["result"].get("title")
        else:  # "lines8": every page line of >= 8 words, no title
            paras = [ln for ln in p["page_text"].split("\n") if len(ln.split()) >= 8]
            title = None
        rows.append(pt.text_features(p["page_text"], title, paras))
    return rows


def matrix(rows: list[dict[str, float]], names: list[str]) -> np.ndarray:
    return np.array([[r[n] for n in names] for r in rows], dtype=np.float64)


# -- model + CV -------------------------------------------------------------------------------


def grouped_folds(groups: list[str], k: int, seed: int) -> list[np.ndarray]:
    """Site-grouped folds, balanced by page count (largest sites first, greedy), deterministic."""
    rng = np.random.RandomState(seed)
    sizes = Counter(groups)
    order = sorted(sizes, key=lambda g: (-sizes[g], rng.random_sample()))
    fold_of: dict[str, int] = {}
    load = [0] * k
    for g in order:
        f = min(range(k), key=lambda j: (load[j], j))
        fold_of[g] = f
        load[f] += sizes[g]
    fold = np.array([fold_of[g] for g in groups])
    return [np.where(fold == j)[0] for j in range(k)]


def train(x: np.ndarray, y: np.ndarray, names: list[str], seed: int) -> Any:
    import lightgbm as lgb

    params = dict(LGB_PARAMS, seed=seed, bagging_seed=seed, feature_fraction_seed=seed)
    data = lgb.Dataset(x, label=y, feature_name=names, free_raw_data=False)
    return lgb.train(params, data, num_boost_round=NUM_ROUNDS)


def oof_scores(
    x: np.ndarray, y: np.ndarray, groups: list[str], names: list[str], seed: int,
    k: int = 5, expand: np.ndarray | None = None,
) -> np.ndarray:
    """Out-of-fold P(article). ``expand`` maps training rows to pages (augmented text rows)."""
    page_groups = groups
    row_page = expand if expand is not None else np.arange(len(y))
    oof = np.zeros(len(y))
    for test_pages in grouped_folds(page_groups, k, seed):
        test_mask = np.isin(row_page, test_pages)
        model = train(x[~test_mask], y[~test_mask], names, seed)
        oof[test_mask] = model.predict(x[test_mask], num_threads=1)
    return oof


def pick_threshold(scores: np.ndarray, y: np.ndarray, recall: float) -> float:
    """Highest threshold whose recall of articles is >= ``recall``."""
    pos = np.sort(scores[y == 1])
    n = len(pos)
    allowed_misses = int(math.floor((1.0 - recall) * n))
    thr = float(pos[allowed_misses])  # scores >= thr keep n - allowed_misses positives
    return round(thr - 1e-6, 6)


def figures(scores: np.ndarray, y: np.ndarray, types: list[str], thr: float) -> dict[str, Any]:
    pred = scores >= thr
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    per_type: dict[str, dict[str, int]] = {}
    for t in sorted(set(types)):
        idx = np.array([tt == t for tt in types])
        per_type[t] = {
            "pages": int(idx.sum()),
            "as_article": int(np.sum(pred[idx])),
            "as_non_article": int(np.sum(~pred[idx])),
        }
    return {
        "threshold": thr, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
        "tp": tp, "fp": fp, "fn": fn, "tn": tn, "per_page_type": per_type,
    }


def nested(
    x: np.ndarray, y: np.ndarray, groups: list[str], names: list[str], seed: int, recall: float,
    types: list[str], expand: np.ndarray | None = None, eval_rows: np.ndarray | None = None,
) -> dict[str, Any]:
    """Threshold chosen by an inner grouped CV on each outer training fold, applied to its test
    fold: no test page influences its own threshold."""
    row_page = expand if expand is not None else np.arange(len(y))
    pred = np.zeros(len(y), dtype=bool)
    thresholds = []
    for test_pages in grouped_folds(groups, 5, seed):
        test_mask = np.isin(row_page, test_pages)
        train_pages = np.setdiff1d(np.arange(len(groups)), test_pages)
        sub_groups = [groups[i] for i in train_pages]
        remap = {p: j for j, p in enumerate(train_pages)}
        tr_rows = np.where(~test_mask)[0]
        sub_expand = np.array([remap[row_page[r]] for r in tr_rows])
        inner = oof_scores(x[tr_rows], y[tr_rows], sub_groups, names, seed, k=4, expand=sub_expand)
        thr = pick_threshold(inner, y[tr_rows], recall + RECALL_MARGIN)
        thresholds.append(thr)
        model = train(x[tr_rows], y[tr_rows], names, seed)
        pred[test_mask] = model.predict(x[test_mask], num_threads=1) >= thr
    rows = eval_rows if eval_rows is not None else np.arange(len(y))
    scores = pred[rows].astype(float)
    out = figures(scores, y[rows], [types[i] for i in rows], 0.5)
    out["threshold"] = [round(t, 4) for t in thresholds]
    return out


# -- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"), help="shared data root (../shared)")
    ap.add_argument("--cv", action="store_true",
                    help="print grouped-CV figures (and compute the nested estimates)")
    ap.add_argument("--json", help="write the report (CV figures, thresholds, timings) to this file")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--recall", type=float, default=0.95, help="minimum recall of articles")
    ap.add_argument("--cache", help="directory caching the extraction run (speeds up re-runs)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=str(pt.MODEL_DIR), help="model directory")
    ap.add_argument("--no-write", action="store_true", help="do not write model files")
    a = ap.parse_args(argv)

    pages = load_pages(Path(a.shared), Path(a.cache) if a.cache else None, a.jobs)
    y = np.array([p["label"] for p in pages])
    groups = [p["site"] for p in pages]
    types = [p["page_type"] for p in pages]
    print(f"{len(pages)} pages, {int(y.sum())} articles, {len(set(groups))} sites", file=sys.stderr)
    report: dict[str, Any] = {"pages": len(pages), "articles": int(y.sum()), "sites": len(set(groups)),
                              "seed": a.seed, "target_recall": a.recall}

    # baselines
    everything = np.ones(len(y))
    tf = np.array([float((p["result"].get("pagetype") or "") == "article") for p in pages])
    report["baseline_all_article"] = figures(everything, y, types, 0.5)
    report["baseline_trafilatura_pagetype"] = figures(tf, y, types, 0.5)
    min_words = np.array([float(sum(len(s.split()) for s in p["result"]["paragraphs"]) >= 40) for p in pages])
    report["baseline_body_40_words"] = figures(min_words, y, types, 0.5)

    # HTML
    hrows = html_rows(pages)
    hnames = list(hrows[0])
    xh = matrix(hrows, hnames)
    # text: two body stand-ins per page
    trows_truth = text_rows(pages, "truth")
    trows_lines = text_rows(pages, "lines8")
    tnames = list(trows_truth[0])
    xt = np.vstack([matrix(trows_truth, tnames), matrix(trows_lines, tnames)])
    yt = np.concatenate([y, y])
    expand = np.concatenate([np.arange(len(y)), np.arange(len(y))])

    # Out-of-fold scores always: the thresholds written next to the models come from them.
    n = len(y)
    oof_h = oof_scores(xh, y, groups, hnames, a.seed)
    thr_html = pick_threshold(oof_h, y, a.recall + RECALL_MARGIN)
    report["html_cv"] = figures(oof_h, y, types, thr_html)
    report["html_cv_at_0.5"] = figures(oof_h, y, types, 0.5)
    report["html_cv_with_40_words"] = figures(oof_h * min_words, y, types, thr_html)
    oof_t = oof_scores(xt, yt, groups, tnames, a.seed, expand=expand)
    thr_text = pick_threshold(oof_t, yt, a.recall + RECALL_MARGIN)
    report["text_cv"] = figures(oof_t, yt, types + types, thr_text)
    report["text_cv_truth_body"] = figures(oof_t[:n], y, types, thr_text)
    report["text_cv_lines8_body"] = figures(oof_t[n:], y, types, thr_text)
    if a.cv:  # nested estimates (slower: an inner CV per outer fold) and the printout
        report["html_nested"] = nested(xh, y, groups, hnames, a.seed, a.recall, types)
        report["text_nested"] = nested(xt, yt, groups, tnames, a.seed, a.recall, types + types,
                                       expand=expand)
        for key in ("baseline_all_article", "baseline_trafilatura_pagetype", "baseline_body_40_words",
                    "html_cv", "html_cv_at_0.5", "html_cv_with_40_words", "html_nested", "text_cv",
                    "text_cv_truth_body", "text_cv_lines8_body", "text_nested"):
            print_figures(key, report[key])

    html_model = train(xh, y, hnames, a.seed)
    text_model = train(xt, yt, tnames, a.seed)
    imp = sorted(zip(hnames, html_model.feature_importance("gain")), key=lambda t: -t[1])
    report["html_top_features"] = [[n, round(float(g), 1)] for n, g in imp[:15]]
    imp = sorted(zip(tnames, text_model.feature_importance("gain")), key=lambda t: -t[1])
    report["text_top_features"] = [[n, round(float(g), 1)] for n, g in imp[:15]]
    report["signals_ms_median"] = round(statistics.median(p.get("signals_ms", 0.0) for p in pages), 3)

    out = Path(a.out)
    if not a.no_write:
        out.mkdir(parents=True, exist_ok=True)
        html_model.save_model(str(out / pt.HTML_MODEL_FILE))
        text_model.save_model(str(out / pt.TEXT_MODEL_FILE))
        meta = {
            "html": {"model": pt.HTML_MODEL_FILE, "features": hnames, "threshold": thr_html},
            "text": {"model": pt.TEXT_MODEL_FILE, "features": tnames, "threshold": thr_text},
            "trained_on": "WCXB dev (1,497 pages), 5-fold CV grouped by registered domain",
            "seed": a.seed, "lgb_params": LGB_PARAMS, "rounds": NUM_ROUNDS,
            "cv": {k: {kk: v[kk] for kk in ("threshold", "precision", "recall", "f1")}
                   for k, v in report.items()
                   if k.startswith(("html_cv", "text_cv"))},
        }
        (out / pt.META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out / pt.HTML_MODEL_FILE}, {out / pt.TEXT_MODEL_FILE}, {out / pt.META_FILE}",
              file=sys.stderr)
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


def print_figures(name: str, f: dict[str, Any]) -> None:
    thr = f["threshold"]
    thr_s = ",".join(f"{t:.3f}" for t in thr) if isinstance(thr, list) else f"{thr:.4f}"
    print(f"{name:32s} thr={thr_s}  P={f['precision']:.3f} R={f['recall']:.3f} F1={f['f1']:.3f}  "
          f"tp={f['tp']} fp={f['fp']} fn={f['fn']} tn={f['tn']}")
    cells = "  ".join(f"{t}:{c['as_article']}/{c['pages']}" for t, c in f["per_page_type"].items())
    print(f"{'':32s} kept as article: {cells}")


if __name__ == "__main__":
    sys.exit(main())
