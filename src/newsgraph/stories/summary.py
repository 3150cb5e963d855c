"""Story descriptions: representative title, centroid summary, key terms and entities, and the
coverage comparison (what each article adds, what it omits).

Sentences are compared as hashed TF-IDF vectors (the clustering's document frequencies); two
sentences "report the same thing" when their cosine reaches ``coverage_match``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .features import _SPLIT, Analysis, analyse, words

if TYPE_CHECKING:
    from .features import Vectoriser



def sentences(text: str, min_words: int = 4) -> list[str]:
    out = []
    for part in _SPLIT.split(text or ""):
        part = part.strip()
        if part and len(part.split()) >= min_words:
            out.append(part)
    return out


@dataclass(slots=True)
class Member:
    """What a story keeps of each article until it is written out (bounded by the window)."""

    id: str
    title: str
    text: str
    outlet: str | None
    date: str | None
    stamp: float | None
    duplicate_of: str | None
    analysis: Analysis | None = None


def describe(members: list[Member], vec: Vectoriser, settings: Any) -> dict[str, Any]:
    """title, summary, key_terms, entities, coverage of a story's members."""
    originals = [m for m in members if m.duplicate_of is None] or members[:1]
    if not settings.describe:
        founder = originals[0]
        return {"title": founder.title.strip() or None, "summary": [], "key_terms": [], "entities": [],
                "coverage": []}
    analyses = [m.analysis if m.analysis is not None and m.analysis.sentences else analyse(m.title, m.text, 1.0)
                for m in originals]
    flat = [s for a in analyses for s in a.sentences]
    tokens = [t for a in analyses for t in a.tokens]
    owner = np.array([i for i, a in enumerate(analyses) for _ in a.sentences], dtype=np.int64)
    result: dict[str, Any] = {"title": None, "summary": [], "key_terms": [], "entities": [], "coverage": []}
    if flat:
        S = vec.transform_words(vec.hash_tokens(tokens))
        sim = (S @ S.T).toarray()
        # centroid scores without a dense centroid: c = sum of rows, c.s_j = sum_i sim_ij
        scores = sim.sum(axis=0) / (float(np.sqrt(max(sim.sum(), 1e-12))))
        result["summary"] = _pick(sim, scores, flat, settings.summary_sentences, settings.summary_redundancy)
        art_scores = np.zeros(len(originals))
        for i in range(len(originals)):
            rows = scores[owner == i]
            art_scores[i] = float(rows.mean()) if len(rows) else 0.0
        titled = [i for i, m in enumerate(originals) if m.title.strip()]
        if titled:
            result["title"] = originals[max(titled, key=lambda i: (art_scores[i], -i))].title.strip()
        if len(originals) > 1:
            result["coverage"] = _coverage(originals, sim, owner, flat, settings)
        else:
            result["coverage"] = [{"article_id": m.id, "adds": [], "omits": []} for m in originals]
    else:
        titled = [m for m in originals if m.title.strip()]
        result["title"] = titled[0].title.strip() if titled else None
        result["coverage"] = [{"article_id": m.id, "adds": [], "omits": []} for m in originals]
    # key terms and entities: how many articles use them, terms weighted by idf
    term_docs: Counter[str] = Counter()
    ent_docs: Counter[str] = Counter()
    for i, m in enumerate(originals):
        vocab = set(words(m.title))
        for j in np.flatnonzero(owner == i):
            vocab.update(tokens[j])
        term_docs.update(t for t in vocab if not t.isdigit())
        ent_docs.update(set(analyses[i].ents))
    weights = vec.term_weights(dict(term_docs.most_common(200)))
    result["key_terms"] = [t for t, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: settings.key_terms]]
    result["entities"] = [e.replace("_", " ") for e, _ in sorted(ent_docs.items(), key=lambda kv: (-kv[1], kv[0]))[: settings.key_terms]]
    return result


def _pick(sim: np.ndarray, scores: np.ndarray, flat: list[str], n: int, redundancy: float) -> list[str]:
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if len(chosen) >= n:
            break
        if chosen and float(sim[int(i), chosen].max()) >= redundancy:
            continue
        chosen.append(int(i))
    return [flat[i] for i in chosen]


def _coverage(originals: list[Member], sim: np.ndarray, owner: np.ndarray, flat: list[str],
              settings: Any) -> list[dict[str, Any]]:
    thr = settings.coverage_match
    n_art = len(originals)
    # matched[i, a]: sentence i has a counterpart in article a
    matched = np.zeros((len(flat), n_art), dtype=bool)
    for a in range(n_art):
        cols = owner == a
        if cols.any():
            matched[:, a] = sim[:, cols].max(axis=1) >= thr
    support_all = matched.sum(axis=1)
    out = []
    cap = settings.coverage_max_items
    for a, m in enumerate(originals):
        mine = owner == a
        # a sentence of mine always matches article a itself: it is an "add" when that is all
        own_match = matched[:, a].astype(np.int64)
        adds = [flat[i] for i in np.flatnonzero(mine & (support_all - own_match == 0))]
        omit_idx = np.flatnonzero(~mine & ~matched[:, a])
        # one representative per fact, the facts most other articles report first
        support = support_all[omit_idx]
        omit_idx = omit_idx[np.lexsort((omit_idx, -support))]
        picked: list[int] = []
        for i in omit_idx:
            if picked and float(sim[i, picked].max()) >= thr:
                continue
            picked.append(int(i))
        out.append({"article_id": m.id, "adds": adds[:cap] if cap else adds,
                    "omits": [flat[i] for i in (picked[:cap] if cap else picked)]})
    return out
