"""Duplicates and stories benchmark: clustering quality, near-duplicate detection, speed, memory.

Runs on the shared dev sets (../shared/data/clustering) and scores with
../shared/eval/cluster_metrics.py:

* ``basil-stream``: basil-dev.jsonl, dated, in time order (the online clusterer);
* ``basil-batch``: basil-dev.jsonl with the dates withheld and the records shuffled (seeded);
* ``googlenews``: googlenews-t-dev.jsonl (short titles, no dates: batch mode);
* ``neardup``: a synthetic syndication set built in memory from basil-dev (seeded): for half of
  the articles two copies each, with 2-4 chrome lines added at the top and at the bottom, one pair
  of adjacent paragraphs swapped, 2-3% of the words replaced and a changed headline; the hard
  negatives are the other outlets' articles of the same story. Pair precision/recall, and the
  number of same-story/different-outlet pairs flagged as duplicates;
* ``speed``: articles/s for stories (with and without descriptions) on a stream of basil-dev
  copies shifted in time, and for dedup on the near-duplicate set (median of 3);
* ``memory``: peak RSS of a synthetic stream at two sizes (``--memory-sizes``), in fresh processes.

    python bench/stories.py                              # everything but memory, text report
    python bench/stories.py --sets memory --memory-sizes 100000 1000000
    python bench/stories.py --json out.json --floors bench/floors-stories.json --check
    python bench/stories.py --features hybrid --sets googlenews basil-stream basil-batch speed-embed

``--features embed|hybrid`` (the ``[embed]`` extra) overrides ``[stories] features``; the quality
floors of that path are ``features.<name>`` in the floors file, checked instead of the top-level
ones. ``speed-embed``: articles/s of the dense path, encoding included (a fresh process-level
embedding cache for each repeat), on BASIL-length articles and on GoogleNews-T titles.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
ALL_SETS = ["basil-stream", "basil-batch", "googlenews", "neardup", "speed"]


def _load(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _score(shared: Path, gold: Path, preds: dict[str, str | None]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for rid, sid in preds.items():
            f.write(json.dumps({"id": rid, "story_id": sid}) + "\n")
    out = subprocess.run([sys.executable, str(shared / "eval" / "cluster_metrics.py"), str(gold), f.name,
                          "--pred-field", "story_id", "--json"], capture_output=True, text=True, check=True)
    Path(f.name).unlink()
    full = json.loads(out.stdout)
    keep = ("standard_P", "standard_R", "standard_F1", "bcubed_P", "bcubed_R", "bcubed_F1", "NMI", "ARI",
            "docs", "gold_clusters", "pred_clusters")
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in full.items() if k in keep}


def _cluster(records: list[dict[str, Any]], settings: Any = None) -> tuple[dict[str, str | None], float]:
    from newsgraph.stories import stories

    items = [{k: v for k, v in r.items() if k != "cluster"} for r in records]
    start = time.perf_counter()
    annotated, _ = stories(items, settings)
    return {r["id"]: r["story_id"] for r in annotated}, time.perf_counter() - start


def run_basil_stream(shared: Path, settings: Any) -> dict[str, Any]:
    gold = shared / "data" / "clustering" / "basil-dev.jsonl"
    recs = sorted(_load(gold), key=lambda r: (r["date"] or "", r["id"]))
    preds, secs = _cluster(recs, settings)
    return {**_score(shared, gold, preds), "seconds": round(secs, 2)}


def run_basil_batch(shared: Path, settings: Any, seed: int) -> dict[str, Any]:
    gold = shared / "data" / "clustering" / "basil-dev.jsonl"
    recs = _load(gold)
    for r in recs:
        r["date"] = None
    random.Random(seed).shuffle(recs)
    preds, secs = _cluster(recs, settings)
    return {**_score(shared, gold, preds), "seconds": round(secs, 2)}


def run_googlenews(shared: Path, settings: Any) -> dict[str, Any]:
    gold = shared / "data" / "clustering" / "googlenews-t-dev.jsonl"
    preds, secs = _cluster(_load(gold), settings)
    return {**_score(shared, gold, preds), "seconds": round(secs, 2)}


# -- near-duplicates ------------------------------------------------------------------------------
CHROME = [
    "Advertisement", "Share this article", "Sign up for our newsletter", "Follow us on social media",
    "Read more: latest headlines", "Related coverage", "Copyright 2024 All rights reserved",
    "Click here to subscribe", "Comments are closed", "Most read today", "Skip to main content",
    "Photo: staff photographer", "This story has been updated", "Listen to this article",
    "Terms of use | Privacy policy", "More from our partners", "Trending now", "Back to top",
]
REPLACEMENTS = ["reportedly", "official", "week", "statement", "people", "government", "city", "new",
                "local", "national", "major", "recent", "public", "former", "several", "early"]


def _copy(rec: dict[str, Any], rng: random.Random, n: int) -> dict[str, Any]:
    paras = [p for p in rec["text"].split("\n") if p.strip()]
    if len(paras) >= 2:
        i = rng.randrange(len(paras) - 1)
        paras[i], paras[i + 1] = paras[i + 1], paras[i]
    words_total = sum(len(p.split()) for p in paras)
    n_replace = max(1, round(words_total * rng.uniform(0.02, 0.03)))
    tokens = [p.split() for p in paras]
    slots = [(pi, wi) for pi, ws in enumerate(tokens) for wi in range(len(ws))]
    for pi, wi in rng.sample(slots, min(n_replace, len(slots))):
        tokens[pi][wi] = rng.choice(REPLACEMENTS)
    top = rng.sample(CHROME, rng.randint(2, 4))
    bottom = rng.sample(CHROME, rng.randint(2, 4))
    body = "\n".join(top + [" ".join(ws) for ws in tokens] + bottom)
    title = rng.choice(["UPDATE: ", "", "Watch: ", "Breaking: "]) + rec["title"] + rng.choice([" | Wire", " - Report", "", " (updated)"])
    return {"id": f"{rec['id']}~copy{n}", "title": title, "text": body, "date": rec["date"],
            "source": f"{rec['source']}-syndicated-{n}", "language": rec.get("language"), "cluster": rec["cluster"]}


def neardup_set(shared: Path, seed: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """(records, base article of each record)."""
    recs = _load(shared / "data" / "clustering" / "basil-dev.jsonl")
    rng = random.Random(seed)
    chosen = set(rng.sample(range(len(recs)), len(recs) // 2))
    out: list[dict[str, Any]] = []
    base: dict[str, str] = {}
    for i, rec in enumerate(recs):
        out.append(rec)
        base[rec["id"]] = rec["id"]
        if i in chosen:
            for n in (1, 2):
                cp = _copy(rec, rng, n)
                out.append(cp)
                base[cp["id"]] = rec["id"]
    rng.shuffle(out)
    return out, base


def run_neardup(shared: Path, seed: int, settings: Any) -> dict[str, Any]:
    from newsgraph.dedup import DedupStats, dedup

    recs, base = neardup_set(shared, seed)
    cluster = {r["id"]: r["cluster"] for r in recs}
    items = [{k: v for k, v in r.items() if k != "cluster"} for r in recs]
    stats = DedupStats()
    start = time.perf_counter()
    dedup(items, settings.dedup_settings, stats)
    secs = time.perf_counter() - start
    groups: dict[str, list[str]] = {}
    for r in items:
        groups.setdefault(r["duplicate_group"], []).append(r["id"])
    pred = {tuple(sorted(p)) for ids in groups.values() for p in combinations(ids, 2)}
    by_base: dict[str, list[str]] = {}
    for rid, b in base.items():
        by_base.setdefault(b, []).append(rid)
    gold = {tuple(sorted(p)) for ids in by_base.values() for p in combinations(ids, 2)}
    tp = len(pred & gold)
    false_same_story = sum(1 for a, b in pred if base[a] != base[b] and cluster[a] == cluster[b])
    return {
        "records": len(items), "gold_pairs": len(gold), "pred_pairs": len(pred), "true_pairs": tp,
        "precision": round(tp / len(pred), 4) if pred else 1.0, "recall": round(tp / len(gold), 4) if gold else 1.0,
        "same_story_false_duplicates": false_same_story, "false_pairs": len(pred) - tp,
        "exact": stats.exact, "near": stats.near,
        "seconds": round(secs, 2),
    }


# -- speed ------------------------------------------------------------------------------------------
def _shifted_stream(shared: Path, copies: int) -> list[dict[str, Any]]:
    recs = _load(shared / "data" / "clustering" / "basil-dev.jsonl")
    out = []
    for k in range(copies):
        for r in recs:
            d = date.fromisoformat(r["date"]) + timedelta(days=4000 * k)
            out.append({"id": f"{r['id']}~{k}", "title": r["title"], "text": r["text"], "date": d.isoformat(),
                        "source": r["source"], "language": r["language"]})
    out.sort(key=lambda r: r["date"])
    return out


def run_speed(shared: Path, seed: int, settings: Any, repeats: int = 3) -> dict[str, Any]:
    import dataclasses

    from newsgraph.dedup import dedup
    from newsgraph.stories import stories

    stream = _shifted_stream(shared, 10)
    result: dict[str, Any] = {"stories_articles": len(stream)}

    def rate(fn: Any, n: int) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return round(n / statistics.median(times), 1)

    no_dedup = dataclasses.replace(settings, dedup=False)
    result["stories_per_s"] = rate(lambda: stories([dict(r) for r in stream], no_dedup), len(stream))
    result["stories_cluster_only_per_s"] = rate(
        lambda: stories([dict(r) for r in stream], dataclasses.replace(no_dedup, describe=False)), len(stream))
    result["stories_with_dedup_per_s"] = rate(lambda: stories([dict(r) for r in stream], settings), len(stream))
    nd, _ = neardup_set(shared, seed)
    nd = [{k: v for k, v in r.items() if k != "cluster"} for r in nd]
    # every record distinct (no exact copies), so every one goes through MinHash + LSH
    result["dedup_articles"] = len(nd)
    result["dedup_per_s"] = rate(lambda: dedup([dict(r) for r in nd], settings.dedup_settings), len(nd))
    return result


def run_speed_embed(shared: Path, settings: Any, repeats: int = 3) -> dict[str, Any]:
    """Dense path speed: stories (clustering only) with the model's encoding in the timing; the
    model is loaded before timing (a one-off per process, reported separately)."""
    import dataclasses

    from newsgraph.stories import stories
    from newsgraph.stories import embed

    cfg = dataclasses.replace(settings, dedup=False, describe=False)
    start = time.perf_counter()
    embed.load_model(cfg.embed_model or None)
    result: dict[str, Any] = {"features": cfg.features, "model_load_s": round(time.perf_counter() - start, 2)}

    def rate(recs: list[dict[str, Any]]) -> float:
        times = []
        for _ in range(repeats):
            embed._CACHES.clear()  # encode everything again
            start = time.perf_counter()
            stories([dict(r) for r in recs], cfg)
            times.append(time.perf_counter() - start)
        return round(len(recs) / statistics.median(times), 1)

    stream = _shifted_stream(shared, 3)
    result["basil_articles"] = len(stream)
    result["basil_per_s"] = rate(stream)
    titles = [{k: v for k, v in r.items() if k != "cluster"}
              for r in _load(shared / "data" / "clustering" / "googlenews-t-dev.jsonl")]
    result["titles_articles"] = len(titles)
    result["titles_per_s"] = rate(titles)
    embed._CACHES.clear()
    start = time.perf_counter()
    embed.Encoder(cfg.embed_model, cfg.embed_max_chars, cfg.embed_batch_size).encode_records(
        [(r["title"], r["text"]) for r in titles])
    result["titles_encode_only_per_s"] = round(len(titles) / (time.perf_counter() - start), 1)
    return result


# -- memory -----------------------------------------------------------------------------------------
_VOCAB = [f"w{i}" for i in range(5000)]
_NAMES = [f"Name{i}" for i in range(2000)]


def synthetic_stream(n: int, seed: int = 0):  # noqa: ANN201 - generator
    """n short dated articles, in time order: stories of 1-5 articles, 40 per hour."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    story_words: list[str] = []
    left = 0
    for i in range(n):
        if left == 0:
            story_words = rng.sample(_VOCAB, 12) + rng.sample(_NAMES, 3)
            left = rng.randint(1, 5)
        left -= 1
        body = " ".join(rng.choice(story_words) if rng.random() < 0.5 else rng.choice(_VOCAB) for _ in range(60))
        yield {"id": f"s{i}", "title": " ".join(rng.sample(story_words, 5)), "text": body,
               "published": (start + timedelta(seconds=90 * i)).isoformat(), "source": f"o{i % 7}", "language": "en"}


def memory_child(n: int) -> None:
    from newsgraph.stories import StoriesSettings, Story, stories_stream

    settings = StoriesSettings(window="1d")
    articles = stories_ = 0
    start = time.perf_counter()
    for item in stories_stream(synthetic_stream(n), settings):
        if isinstance(item, Story):
            stories_ += 1
        else:
            articles += 1
    secs = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"articles": articles, "stories": stories_, "peak_rss_mb": round(peak_kb / 1024, 1),
                      "seconds": round(secs, 1), "per_s": round(articles / secs, 1)}))


def run_memory(sizes: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in sizes:
        proc = subprocess.run([sys.executable, __file__, "--memory-child", str(n)], capture_output=True, text=True, check=True)
        out[str(n)] = json.loads(proc.stdout.strip().splitlines()[-1])
    if len(sizes) >= 2:
        a, b = out[str(sizes[0])]["peak_rss_mb"], out[str(sizes[-1])]["peak_rss_mb"]
        out["ratio_largest_to_smallest"] = round(b / a, 3)
    return out


# -- floors -----------------------------------------------------------------------------------------
from floors import check_floors  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--sets", nargs="+", default=ALL_SETS, choices=ALL_SETS + ["memory", "speed-embed"])
    ap.add_argument("--features", choices=["tfidf", "embed", "hybrid"],
                    help="override [stories] features (embed/hybrid need the [embed] extra)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--config", type=Path, help="settings TOML ([stories], [dedup])")
    ap.add_argument("--memory-sizes", nargs="+", type=int, default=[100_000, 1_000_000])
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--floors", type=Path)
    ap.add_argument("--check", action="store_true", help="exit 1 when a result is below its floor")
    ap.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.cli.stories_cmd import load_stories_settings

    settings = load_stories_settings(args.config)
    if args.features:
        import dataclasses

        settings = dataclasses.replace(settings, features=args.features)
    from newsgraph.stories.stage import effective

    results: dict[str, Any] = {"settings": {k: getattr(settings, k) for k in (
        "window", "stream_threshold", "time_decay", "batch_threshold", "batch_threshold_short", "title_boost",
        "entity_weight", "features")}}
    if settings.features != "tfidf":
        results["settings"].update({f"effective_{k}": effective(settings, k) for k in (
            "stream_threshold", "batch_threshold", "batch_threshold_short", "graph_min_similarity")})
        results["settings"].update({k: getattr(settings, k) for k in (
            "embed_weight", "embed_max_chars", "batch_method", "graph_neighbours", "graph_resolution")})
    runners = {
        "basil-stream": lambda: run_basil_stream(args.shared, settings),
        "basil-batch": lambda: run_basil_batch(args.shared, settings, args.seed),
        "googlenews": lambda: run_googlenews(args.shared, settings),
        "neardup": lambda: run_neardup(args.shared, args.seed, settings),
        "speed": lambda: run_speed(args.shared, args.seed, settings),
        "memory": lambda: run_memory(args.memory_sizes),
        "speed-embed": lambda: run_speed_embed(args.shared, settings),
    }
    for name in args.sets:
        results[name] = runners[name]()
        print(f"{name}: {json.dumps(results[name])}", file=sys.stderr)
    results["machine"] = {"python": sys.version.split()[0], "date": datetime.now(timezone.utc).date().isoformat()}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.floors and args.check:
        floors = json.loads(args.floors.read_text(encoding="utf-8"))
        if settings.features != "tfidf":  # the dense path has its own floors
            floors = floors.get("features", {}).get(settings.features, {})
        failures = check_floors(results, floors)
        for failure in failures:
            print(f"FLOOR: {failure}", file=sys.stderr)
        if failures:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
