"""End-to-end benchmark of ``newsgraph run`` on a generated corpus (docs/benchmarks.md).

The corpus is synthetic and written here: N HTML pages of 400-800 words with site chrome
(navigation, related links, footer), from 12 invented outlets over 60 days, in stories of 1-4
pages that share invented place and organisation names; 35% of the stories (``--actor-share``)
tell of two countries acting on each other, in sentences built from templates ("The Russian
president met the Chinese foreign minister in Beijing"), the rest are domestic news with no
foreign actor. It measures the whole run (extract -> duplicates -> stories ->
events into the store): articles/s per stage and in total, peak memory (RSS of the process and its
workers) and the store's size on disk.

    python bench/run.py --pages 10000 --workers 2 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

COUNTRIES = [
    ("Russia", "Russian", "Moscow"), ("China", "Chinese", "Beijing"), ("Germany", "German", "Berlin"),
    ("France", "French", "Paris"), ("India", "Indian", "New Delhi"), ("Pakistan", "Pakistani", "Islamabad"),
    ("Brazil", "Brazilian", "Brasilia"), ("Argentina", "Argentine", "Buenos Aires"), ("Japan", "Japanese", "Tokyo"),
    ("Turkey", "Turkish", "Ankara"), ("Iran", "Iranian", "Tehran"), ("Ukraine", "Ukrainian", "Kyiv"),
    ("Poland", "Polish", "Warsaw"), ("Egypt", "Egyptian", "Cairo"), ("Mexico", "Mexican", "Mexico City"),
]
ROLES = ["president", "foreign minister", "prime minister", "government", "foreign ministry"]
ACTS = [
    "{a} {ra} met the {bd} {rb} in {cap} on {day} to discuss trade and security.",
    "{a} accused {b} of violating the ceasefire along the border.",
    "The {ad} {ra} criticised {b} for its decision to expel two diplomats.",
    "{a} and {b} signed an agreement to expand cooperation in energy and transport.",
    "{a} promised {b} economic aid worth several billion dollars.",
    "The {ad} government condemned the attack by {bd} forces on the border post.",
    "{a} threatened to impose sanctions on {b} if the talks failed.",
    "{bcap} rejected the proposal from {acap} and recalled its ambassador.",
    "The {ad} {ra} praised {b} for its role in the negotiations.",
    "{a} will host the {bd} {rb} next month, officials said.",
]
SUBJECTS = ["The ministry", "The regional council", "A spokesperson for the agency", "The city's mayor",
            "Union leaders", "The central bank", "Researchers at the university", "The transport authority",
            "Local residents", "The health service", "Several lawmakers", "The energy regulator",
            "Police officials", "The tourism board", "Hospital managers", "The port operator"]
VERBS = ["announced", "postponed", "reviewed", "defended", "questioned", "published", "revised", "approved",
         "delayed", "outlined", "welcomed", "criticised"]
OBJECTS = ["a plan to modernise {n} rail stations", "new rules for {n} small businesses",
           "a budget of {n} million for road repairs", "a study of {n} coastal villages",
           "a scheme to hire {n} nurses", "the closure of {n} branch offices", "a tax break for {n} farms",
           "a review of {n} housing projects", "a grant for {n} schools", "a proposal to build {n} wind turbines",
           "a report on {n} flooded streets", "a pilot programme in {n} districts"]
TAILS = ["after months of debate", "despite objections from the opposition", "ahead of the winter season",
         "following a public consultation", "in a statement on {day}", "citing rising costs",
         "as part of a wider reform", "to the surprise of many observers", "after a sharp fall in demand",
         "in response to complaints from residents"]


def filler(rng: random.Random, names: list[str]) -> str:
    """A domestic-news sentence with no foreign actor; combinatorial, and naming the story's own
    places and organisations, so that pages of one story resemble each other and no others."""
    obj = rng.choice(OBJECTS).format(n=rng.randint(2, 900))
    tail = rng.choice(TAILS).format(day=rng.choice(DAYS))
    where = f" in {rng.choice(names)}" if rng.random() < 0.7 else ""
    who = rng.choice(SUBJECTS) if rng.random() < 0.5 else f"The {rng.choice(names)} {rng.choice(['council', 'group', 'company', 'committee'])}"
    return f"{who} {rng.choice(VERBS)} {obj}{where} {tail}."


_SYL = ["var", "nel", "quor", "tha", "bri", "mon", "sel", "dra", "kin", "lo", "pet", "ra", "gus", "ten", "vo", "la"]


def pseudo_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
OUTLETS = [f"The {n} {k}" for n, k in zip(["Northern", "Capital", "Harbour", "Evening", "Daily", "Coastal",
                                           "Midland", "Valley", "Metro", "Western", "Eastern", "Union"],
                                          ["Herald", "Post", "Courier", "Standard", "Ledger", "Times",
                                           "Observer", "Gazette", "Record", "Journal", "Tribune", "Mail"])]


def page(rng: random.Random, n: int, with_actors: bool, story: tuple[int, list[str], Any]) -> str:
    """One page of a story (day, the story's own names, its two countries or None)."""
    outlet = rng.choice(OUTLETS)
    day, names, pair = story
    date = f"2026-{7 + (day - 1) // 30:02d}-{1 + (day - 1) % 30:02d}"
    words_target = rng.randint(400, 800)
    paras: list[str] = []
    title = f"Report {n}: " + rng.choice(["talks", "budget", "markets", "security", "weather", "trade"])
    if with_actors:
        (a, ad, acap), (b, bd, bcap) = pair
        title = f"{a} and {b}: " + rng.choice(["talks", "tensions", "trade deal", "border dispute", "visit"])
    words = 0
    while words < words_target:
        sents = []
        for _ in range(rng.randint(2, 4)):
            if with_actors and rng.random() < 0.35:
                t = rng.choice(ACTS)
                sents.append(t.format(a=a, b=b, ad=ad, bd=bd, acap=acap, bcap=bcap, cap=rng.choice([acap, bcap]),
                                      ra=rng.choice(ROLES), rb=rng.choice(ROLES), day=rng.choice(DAYS)))
            else:
                sents.append(filler(rng, names))
        para = " ".join(sents)
        paras.append(para)
        words += len(para.split())
    nav = "".join(f"<li><a href='/s/{k}'>Section {k}</a></li>" for k in range(8))
    related = "".join(f"<li><a href='/a/{rng.randrange(10**6)}'>Related story {k}</a></li>" for k in range(5))
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)} | {escape(outlet)}</title>"
            f"<meta property='og:site_name' content='{escape(outlet)}'>"
            f"<meta property='article:published_time' content='{date}'>"
            f"<link rel='canonical' href='https://news.example/{n}'></head><body>"
            f"<nav><ul>{nav}</ul></nav><article><h1>{escape(title)}</h1><p class='byline'>By Staff Reporter</p>"
            f"{body}</article><aside><h3>Related</h3><ul>{related}</ul></aside>"
            f"<footer>&copy; 2026 {escape(outlet)}. All rights reserved.</footer></body></html>")


def make_corpus(root: Path, pages: int, actor_share: float, seed: int) -> int:
    rng = random.Random(seed)
    n_actor = 0
    n = 0
    while n < pages:
        # a story: 1-4 pages from different outlets on nearby days
        with_actors = rng.random() < actor_share
        story = (1 + rng.randrange(58), [pseudo_name(rng) for _ in range(6)],
                 rng.sample(COUNTRIES, 2) if with_actors else None)
        for _ in range(min(rng.randint(1, 4), pages - n)):
            n_actor += with_actors
            sub = root / f"{n // 1000:03d}"
            sub.mkdir(parents=True, exist_ok=True)
            day = story[0] + rng.randrange(2)
            (sub / f"page{n:05d}.html").write_text(page(rng, n, with_actors, (day, story[1], story[2])),
                                                   encoding="utf-8")
            n += 1
    return n_actor


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--actor-share", type=float, default=0.35)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep the corpus and store in this directory")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from newsgraph.store.run import run

    work = args.keep or Path(tempfile.mkdtemp(prefix="ngbench-"))
    corpus, db = work / "corpus", work / "bench.db"
    if db.exists():
        db.unlink()
    t = time.perf_counter()
    n_actor = make_corpus(corpus, args.pages, args.actor_share, args.seed)
    gen = time.perf_counter() - t
    t = time.perf_counter()
    stats = run([str(corpus)], db, workers=args.workers).to_dict()
    total = time.perf_counter() - t
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = sum(p.stat().st_size for p in work.glob("bench.db*")) / 1e6
    sec = stats["seconds"]
    res: dict[str, Any] = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "pages": args.pages, "pages_with_two_countries": n_actor, "workers": args.workers,
        "generate_seconds": round(gen, 1), "total_seconds": round(total, 1),
        "articles_per_s": round(args.pages / total, 1),
        "per_stage_articles_per_s": {k: round(args.pages / v, 1) if v else None for k, v in sec.items()},
        "seconds": sec, "peak_rss_mb": {"main": round(rss_self), "largest_worker": round(rss_children)},
        "store_mb": round(size, 1), "run": stats,
    }
    print(json.dumps(res, indent=1))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
