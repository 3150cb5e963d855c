"""API latency of ``newsgraph serve`` under concurrent clients on loopback (docs/benchmarks.md).

Starts the app (uvicorn, one process, as ``newsgraph serve`` does) on a free localhost port over
an existing store, then 20 client threads send a bounded number of requests each, cycling through
four queries: the story list, a story page, a full-text search and a relations query. Reports
p50 / p99 latency per query and the overall request rate.

    python bench/run.py --pages 10000 --keep /tmp/ng10k          # makes the store
    python bench/api.py --db /tmp/ng10k/bench.db --clients 20 --requests 50
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=50, help="requests per client")
    ap.add_argument("--workers", type=int, default=1, help="server processes (newsgraph serve --workers)")
    ap.add_argument("--no-cache", action="store_true",
                    help="turn the app's answer cache off (every request hits SQLite; one server process only)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    import httpx
    import uvicorn

    from newsgraph.store.db import Store
    from newsgraph.store.relations import top_dyads
    from newsgraph.web.app import create_app

    with Store(args.db, create=False, readonly=True) as store:
        story_ids = [r[0] for r in store.conn.execute("SELECT story_id FROM stories ORDER BY size DESC LIMIT 200")]
        words = [r[0] for r in store.conn.execute(
            "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY rowid LIMIT 500")]
        dyads = [d["dyad"] for d in top_dyads(store, 20)]
    terms = sorted({w for t in words for w in t.split() if w.isalpha() and len(w) > 4})[:200] or ["news"]
    port = free_port()
    proc = None
    if args.workers > 1:
        # as `newsgraph serve --workers N` runs it: separate server processes
        import subprocess

        proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(args.db), "--port", str(port),
                                 "--workers", str(args.workers)], stderr=subprocess.DEVNULL)
    else:
        server = uvicorn.Server(uvicorn.Config(create_app(args.db, cache_size=0 if args.no_cache else 1024),
                                               host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/api/stories?limit=1", timeout=1.0).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)

    queries = {
        "story_list": lambda rng: "/api/stories?limit=50",
        "story_page": lambda rng: f"/api/stories/{rng.choice(story_ids)}",
        "search": lambda rng: f"/api/articles?q={rng.choice(terms)}&limit=20",
        "relations": lambda rng: "/api/relations?a={}&b={}&by=week".format(*rng.choice(dyads)),
    }
    names = list(queries)
    times: dict[str, list[float]] = {n: [] for n in names}
    errors: list[str] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        rng = random.Random(k)
        with httpx.Client(base_url=base, timeout=30.0) as c:
            for i in range(args.requests):
                name = names[(k + i) % len(names)]
                url = queries[name](rng)
                t = time.perf_counter()
                r = c.get(url)
                dt = (time.perf_counter() - t) * 1000
                with lock:
                    times[name].append(dt)
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {url}")

    t0 = time.perf_counter()
    workers = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    if proc is not None:
        proc.terminate()
        proc.wait(timeout=20)
    else:
        server.should_exit = True
        thread.join(timeout=10)
    total = sum(len(v) for v in times.values())
    res: dict[str, Any] = {
        "machine": {"cores": os.cpu_count()}, "db": str(args.db), "clients": args.clients,
        "cache": not args.no_cache, "server_workers": args.workers, "requests": total, "errors": len(errors), "requests_per_s": round(total / wall, 1),
        "latency_ms": {n: {"p50": round(statistics.median(v), 1), "p99": round(percentile(v, 0.99), 1),
                           "n": len(v)} for n, v in times.items() if v},
    }
    if errors:
        res["first_errors"] = errors[:5]
    print(json.dumps(res, indent=1))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
