"""Train the flattened-text line classifier (``newsgraph.extract.text``) from ../shared.

Training data (all flattened with the procedure of ../shared/eval/flatten.py: inscriptis 2.7.6
``get_text`` with default settings, lines stripped, blank runs collapsed):
  * wcxb-dev-plaintext: the 793 WCXB dev article pages + truth (the evaluated set);
  * wcxb-dev non-article pages (service, product, forum, ...): HTML flattened here (extra);
  * readability test pages: HTML flattened here, Readability.js output as truth (extra).
Lines are labelled by aligning them with the truth: a line of >= 4 tokens is positive when at
least half of its 4-token shingles occur in the truth, a shorter line when it equals a truth line
(after tokenisation); repeated copies beyond the truth's own count are negative.

Model: pass 1 LightGBM on ``lines.base_features``; pass 2 LightGBM on
``lines.second_pass_features`` (pass-1 features + smoothed pass-1 scores). Pass-1 scores and the
token log-odds feature used to train pass 2 are cross-fitted (3 inner site-grouped folds) so pass 2
sees the same kind of scores as at runtime. Both boosters are written as LightGBM text models into
one file (``--out``, default src/newsgraph/extract/models/lines.lgb) and the token log-odds + feature
names go to the sibling ``lines.json``.

Cross-validation (``--cv``): 5 folds grouped by site (registered domain of the page URL; the
readability pages get their domain from canonical/og:url or their file name). Each fold's
wcxb-dev-plaintext pages are predicted with a model trained on the other folds (+ extra pages of
other sites) and all 793 predictions are scored together with ../shared/eval/shingle_f1.py.

Commands (from the repo root, 2 cores; deterministic):
  /work/.venv/bin/python scripts/train_line_model.py                 # train + write the model
  /work/.venv/bin/python scripts/train_line_model.py --cv --no-train  # grouped 5-fold CV only
  /work/.venv/bin/python scripts/train_line_model.py --cv --json      # CV (JSON) + train
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsgraph.extract.lines import (  # noqa: E402
    BASE_NAMES,
    PASS2_NAMES,
    WORD_RE,
    PageLines,
    base_features,
    fit_token_logodds,
    norm_key,
    second_pass_features,
    split_page,
)
from newsgraph.extract.text import (  # noqa: E402
    LineModel,
    TextExtractor,
    TextSettings,
)

TWO_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"}
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.15,
    "max_bin": 63,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.7,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "num_threads": 1,  # deterministic, and far faster than 2 OpenMP threads on a busy 2-core box
    "deterministic": True,
    "force_row_wise": True,
}
ROUNDS = (60, 100)  # few trees: prediction cost dominates the runtime


# ------------------------------------------------------------------------------ data

def site_of(url: str) -> str:
    """Registered-domain label used as CV group ('www.news.bbc.co.uk' -> 'bbc')."""
    if not url:
        return ""
    host = (urlparse(url).hostname or url).lower()
    parts = [p for p in host.split(".") if p and p != "www"]
    if len(parts) >= 3 and parts[-2] in TWO_LEVEL and len(parts[-1]) == 2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else host)


def _flatten(html: str) -> str:
    from newsgraph.extract.flatten import flatten_html

    return flatten_html(html)


def _gz(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


URL_RE = re.compile(
    r'(?:rel="canonical"[^>]*href="(https?://[^"]+)"|href="(https?://[^"]+)"[^>]*rel="canonical"'
    r'|og:url"[^>]*content="(https?://[^"]+)"|content="(https?://[^"]+)"[^>]*og:url)', re.I)


def _flatten_job(args: tuple[str, str, str]) -> tuple[str, str, str, str]:
    kind, key, path = args
    html = _gz(Path(path))
    site = ""
    if kind == "rdb":
        m = URL_RE.search(html)
        if m:
            site = site_of(next(g for g in m.groups() if g))
        else:
            site = re.sub(r"[-_]?\d+$", "", key.split("-")[0]).lower()
    return kind, key, site, _flatten(html)


def load_data(shared: Path, extras: str) -> tuple[list[dict], list[dict]]:
    """(articles, extra pages); each page {id, site, text, truth}."""
    ex = shared / "data" / "extraction"
    gt = json.loads(_gz(ex / "wcxb-dev" / "ground-truth.json.gz"))
    arts = []
    pdir = ex / "wcxb-dev-plaintext"
    for d in sorted(p for p in pdir.iterdir() if p.is_dir()):
        arts.append({"id": d.name, "site": site_of(gt[d.name].get("url") or "") or f"unknown-{d.name}",
                     "text": (d / "page.txt").read_text(encoding="utf-8"),
                     "truth": (d / "truth.txt").read_text(encoding="utf-8")})
    jobs = []
    if extras in ("all", "wcxb"):
        for k, v in sorted(gt.items()):
            if v.get("page_type") != "article":
                jobs.append(("wcxb", k, str(ex / "wcxb-dev" / "html" / f"{k}.html.gz")))
    if extras in ("all", "readability"):
        for p in sorted((ex / "readability" / "html").glob("*.html.gz")):
            jobs.append(("rdb", p.name[: -len(".html.gz")], str(p)))
    extra = []
    if jobs:
        with Pool(2) as pool:
            res = pool.map(_flatten_job, jobs, chunksize=8)
        for kind, key, site, text in res:
            if kind == "wcxb":
                truth = _gz(ex / "wcxb-dev" / "truth" / f"{key}.txt.gz")
                site = site_of(gt[key].get("url") or "") or f"unknown-{key}"
            else:
                truth = _gz(ex / "readability" / "truth" / f"{key}.txt.gz")
            extra.append({"id": f"{kind}:{key}", "site": site, "text": text, "truth": truth})
    return arts, extra


# ---------------------------------------------------------------------------- labels

def label_lines(pl: PageLines, truth: str) -> np.ndarray:
    """1 for lines that belong to the truth text (shingle alignment), else 0."""
    ttoks = WORD_RE.findall(truth.lower())
    tsh = Counter(tuple(ttoks[i:i + 4]) for i in range(len(ttoks) - 3))
    tlines = Counter(norm_key(WORD_RE.findall(x.lower())) for x in truth.split("\n") if x.strip())
    y = np.zeros(len(pl.lines), dtype=np.int8)
    for i, toks in enumerate(pl.tokens):
        if len(toks) >= 4:
            sh = [tuple(toks[j:j + 4]) for j in range(len(toks) - 3)]
            hit = sum(1 for s in sh if s in tsh)
            y[i] = 1 if hit >= 0.5 * len(sh) else 0
        elif toks:
            y[i] = 1 if norm_key(toks) in tlines else 0
    # repeated lines: keep only as many positive copies as the truth holds
    keys = [norm_key(t) for t in pl.tokens]
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if y[i]:
            groups.setdefault(k, []).append(i)
    for k, idx in groups.items():
        if len(idx) < 2:
            continue
        toks = pl.tokens[idx[0]]
        if len(toks) >= 4:
            allowed = min(tsh[tuple(toks[j:j + 4])] for j in range(len(toks) - 3))
        else:
            allowed = tlines[k]
        allowed = max(allowed, 1)
        if len(idx) > allowed:
            # prefer copies with positive neighbours (inside the article)
            def ctx(i: int) -> int:
                return int(i > 0 and y[i - 1]) + int(i + 1 < len(y) and y[i + 1])
            ranked = sorted(idx, key=lambda i: (-ctx(i), i))
            for i in ranked[allowed:]:
                y[i] = 0
    return y


def prepare(pages: list[dict]) -> None:
    for p in pages:
        p["pl"] = split_page(p["text"])
        p["y"] = label_lines(p["pl"], p["truth"])


# -------------------------------------------------------------------------- training

def group_folds(sites: list[str], k: int, seed: int) -> list[int]:
    """Fold per item: sites shuffled with seed, assigned greedily to the fold with fewest items."""
    cnt = Counter(sites)
    order = sorted(cnt)
    rng = np.random.RandomState(seed)
    rng.shuffle(order)
    order.sort(key=lambda s: -cnt[s])  # stable: big sites first, ties in shuffled order
    load = [0] * k
    fold_of: dict[str, int] = {}
    for s in order:
        f = int(np.argmin(load))
        fold_of[s] = f
        load[f] += cnt[s]
    return [fold_of[s] for s in sites]


WEIGHTING = "tokens"


def _weights(p: dict) -> np.ndarray:
    """Line weights: pages weigh about the same (the metric averages pages); with "tokens",
    longer lines weigh more (the metric counts shingles, i.e. words)."""
    n = max(len(p["y"]), 1)
    if WEIGHTING == "tokens":
        nw = np.fromiter(map(len, p["pl"].tokens), dtype=np.float64, count=len(p["y"]))
        w = np.sqrt(nw + 1.0)
        return w * (100.0 * np.sqrt(n) / max(float(w.sum()), 1.0))
    return np.full(len(p["y"]), 100.0 / np.sqrt(n))


def _train(x: np.ndarray, y: np.ndarray, w: np.ndarray, rounds: int, seed: int, names: list[str]) -> Any:
    import lightgbm as lgb

    params = dict(PARAMS, seed=seed, bagging_seed=seed, feature_fraction_seed=seed, data_random_seed=seed)
    ds = lgb.Dataset(x, y, weight=w, feature_name=names, free_raw_data=True)
    return lgb.train(params, ds, num_boost_round=rounds)


def train_model(pages: list[dict], seed: int, inner: int = 3, log: bool = False) -> LineModel:
    """Two-pass model on labelled pages (cross-fitted pass-1 scores/token log-odds for pass 2)."""
    t0 = time.time()
    folds = group_folds([p["site"] for p in pages], inner, seed + 1)
    x1s: list[np.ndarray] = [np.zeros(0)] * len(pages)
    tis: list[Any] = [None] * len(pages)
    for f in range(inner):
        nb = fit_token_logodds([(p["pl"], p["y"]) for p, g in zip(pages, folds) if g != f])
        for i, (p, g) in enumerate(zip(pages, folds)):
            if g == f:
                x1s[i], tis[i] = base_features(p["pl"], nb)
    nb_all = fit_token_logodds([(p["pl"], p["y"]) for p in pages])
    ys = [p["y"] for p in pages]
    ws = [_weights(p) for p in pages]
    s1s: list[np.ndarray] = [np.zeros(0)] * len(pages)
    for f in range(inner):
        tr = [i for i, g in enumerate(folds) if g != f]
        b = _train(np.vstack([x1s[i] for i in tr]), np.concatenate([ys[i] for i in tr]),
                   np.concatenate([ws[i] for i in tr]), ROUNDS[0], seed, BASE_NAMES)
        for i, g in enumerate(folds):
            if g == f and len(x1s[i]):
                s1s[i] = b.predict(x1s[i], num_threads=1)
    x1 = np.vstack(x1s)
    y = np.concatenate(ys)
    w = np.concatenate(ws)
    b1 = _train(x1, y, w, ROUNDS[0], seed, BASE_NAMES)
    x2 = np.vstack([second_pass_features(p["pl"], x1s[i], s1s[i], tis[i]) for i, p in enumerate(pages) if len(x1s[i])])
    b2 = _train(x2, y, w, ROUNDS[1], seed, PASS2_NAMES)
    if log:
        print(f"  trained on {len(pages)} pages / {len(y)} lines ({y.mean():.2f} positive) in {time.time() - t0:.0f}s",
              file=sys.stderr)
    return LineModel(b1, b2, nb_all)


# ------------------------------------------------------------------------ evaluation

def _scorer(shared: Path) -> Any:
    sys.path.insert(0, str(shared / "eval"))
    import shingle_f1  # type: ignore[import-not-found]

    return shingle_f1


def predict_text(ex: TextExtractor, text: str) -> str:
    return "\n".join(ex.extract(text).paragraphs)


GRID_THRESHOLDS = [0.4, 0.45, 0.5, 0.55]
GRID_SMOOTH = [0.0, 0.3, 0.5]
GRID_CLUSTER = [(1000, 0.0), (10, 0.1), (20, 0.1)]


def run_cv(arts: list[dict], extra: list[dict], k: int, seed: int, shared: Path, as_json: bool,
           save_scores: Path | None = None) -> dict:
    folds = group_folds([p["site"] for p in arts], k, seed)
    scores: list[np.ndarray] = [np.zeros(0)] * len(arts)
    t0 = time.time()
    for f in range(k):
        test_sites = {p["site"] for p, g in zip(arts, folds) if g == f}
        train = [p for p, g in zip(arts, folds) if g != f] + [p for p in extra if p["site"] not in test_sites]
        model = train_model(train, seed, log=not as_json)
        for i, g in enumerate(folds):
            if g == f:
                scores[i] = model.score(arts[i]["pl"])
        print(f"fold {f + 1}/{k}: {sum(1 for g in folds if g == f)} test pages, {len(test_sites)} sites, "
              f"{len(train)} train pages ({time.time() - t0:.0f}s)", file=sys.stderr)
    cv_time = time.time() - t0
    if save_scores is not None:
        import pickle

        save_scores.write_bytes(pickle.dumps({p["id"]: s for p, s in zip(arts, scores)}))
    return score_cv(arts, scores, shared, k, seed, len(extra), cv_time)


def score_cv(arts: list[dict], scores: list[np.ndarray], shared: Path, k: int, seed: int, n_extra: int,
             cv_time: float) -> dict:
    """Grid over selection settings + the figures at the default and best settings."""
    sf = _scorer(shared)

    class _Fixed:
        """Extractor whose model returns the stored out-of-fold scores."""

        def __init__(self) -> None:
            self.cur = np.zeros(0)

        def score(self, pl: PageLines) -> np.ndarray:
            return self.cur

    fixed = _Fixed()

    def evaluate(st: TextSettings, boot: int) -> dict:
        ex = TextExtractor.from_model(fixed, st)  # type: ignore[arg-type]
        pairs = []
        for p, s in zip(arts, scores):
            fixed.cur = s
            pairs.append((p["truth"], predict_text(ex, p["text"])))
        r = sf.evaluate(pairs, n_bootstrap=boot, seed=0)
        return {"f1": r["f1"], "precision": r["precision"], "recall": r["recall"],
                "f1_std": r["std"]["f1"], "precision_std": r["std"]["precision"], "recall_std": r["std"]["recall"]}

    grid: list[dict] = []
    if NO_GRID:  # CI floors: the default settings' figure only
        default = evaluate(TextSettings(), 200)
        return {"pages": len(arts), "folds": k, "seed": seed, "extra_pages": n_extra, "cv_seconds": round(cv_time),
                "default_settings": default}
    for thr in GRID_THRESHOLDS:
        for sm in GRID_SMOOTH:
            for gap, share in GRID_CLUSTER:
                st = TextSettings(threshold=thr, smooth=sm, max_gap=gap, min_cluster_share=share)
                r = evaluate(st, 0)
                grid.append({"threshold": thr, "smooth": sm, "max_gap": gap, "min_cluster_share": share,
                             "f1": round(r["f1"], 4)})
    best = max(grid, key=lambda g: g["f1"])
    default = evaluate(TextSettings(), 1000)
    tuned = evaluate(TextSettings(threshold=best["threshold"], smooth=best["smooth"], max_gap=best["max_gap"],
                                  min_cluster_share=best["min_cluster_share"]), 1000)
    base_all = sf.evaluate([(p["truth"], p["text"]) for p in arts], n_bootstrap=0)
    base_8 = sf.evaluate([(p["truth"], "\n".join(x for x in p["text"].split("\n") if len(x.split()) >= 8))
                          for p in arts], n_bootstrap=0)
    oracle = sf.evaluate([(p["truth"], "\n".join(x for x, yy in zip(p["pl"].lines, p["y"]) if yy)) for p in arts],
                         n_bootstrap=0)
    return {"pages": len(arts), "folds": k, "seed": seed, "extra_pages": n_extra, "cv_seconds": round(cv_time),
            "default_settings": default, "best_grid": best, "tuned_settings": tuned, "grid": grid,
            "baseline_keep_all_f1": base_all["f1"], "baseline_8plus_words_f1": base_8["f1"],
            "label_oracle_f1": oracle["f1"]}


NO_GRID = False  # --no-grid: score the default settings only (CI floors)


def main(argv: list[str] | None = None) -> int:
    global WEIGHTING, ROUNDS, NO_GRID
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "newsgraph" / "extract" / "models" / "lines.lgb")
    ap.add_argument("--cv", action="store_true", help="run the site-grouped k-fold CV and print the figures")
    ap.add_argument("--no-train", action="store_true", help="with --cv: skip training the final model")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--extras", choices=["all", "wcxb", "readability", "none"], default="all",
                    help="extra training pages besides wcxb-dev-plaintext")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-grid", action="store_true", help="with --cv: skip the settings grid (faster; CI floors)")
    ap.add_argument("--rounds", type=int, nargs=2, default=list(ROUNDS), help="boosting rounds of pass 1 and 2")
    ap.add_argument("--learning-rate", type=float, default=PARAMS["learning_rate"])
    ap.add_argument("--weighting", choices=["page", "tokens"], default="tokens",
                    help="line weights: equal per line (page) or growing with the line's words (tokens)")
    ap.add_argument("--save-scores", type=Path, help="with --cv: pickle the out-of-fold line scores here")
    a = ap.parse_args(argv)

    WEIGHTING = a.weighting
    NO_GRID = a.no_grid
    ROUNDS = (a.rounds[0], a.rounds[1])
    PARAMS["learning_rate"] = a.learning_rate
    t0 = time.time()
    arts, extra = load_data(a.shared, a.extras)
    prepare(arts)
    prepare(extra)
    print(f"loaded {len(arts)} article pages + {len(extra)} extra pages in {time.time() - t0:.0f}s", file=sys.stderr)
    if a.cv:
        res = run_cv(arts, extra, a.folds, a.seed, a.shared, a.json, a.save_scores)
        if a.json:
            print(json.dumps(res, indent=1))
        else:
            for key in ("default_settings", "tuned_settings"):
                if key not in res:
                    continue
                r = res[key]
                print(f"{key:17s} F1 {r['f1']:.3f} ± {r['f1_std']:.3f}  P {r['precision']:.3f} ± {r['precision_std']:.3f}"
                      f"  R {r['recall']:.3f} ± {r['recall_std']:.3f}")
            if "best_grid" in res:
                print(f"best grid point: {res['best_grid']}")
                print(f"baselines: keep-all F1 {res['baseline_keep_all_f1']:.3f}, 8+ words F1 "
                      f"{res['baseline_8plus_words_f1']:.3f}, label oracle F1 {res['label_oracle_f1']:.3f}; "
                      f"CV took {res['cv_seconds']}s")
    if not a.no_train:
        model = train_model(arts + extra, a.seed, log=True)
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(model.dumps(), encoding="utf-8")
        meta = {"version": 1, "base_features": BASE_NAMES, "pass2_features": PASS2_NAMES,
                "params": PARAMS, "rounds": list(ROUNDS), "weighting": WEIGHTING, "seed": a.seed, "extras": a.extras,
                "train_pages": len(arts) + len(extra), "token_logodds": model.nb}
        a.out.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, sort_keys=False), encoding="utf-8")
        print(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.2f} MB) and {a.out.with_suffix('.json').name}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
