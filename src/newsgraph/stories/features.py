"""Text features for story clustering: hashed TF-IDF over the body, with a title boost, title
bigrams and the named things of the text (capitalised word sequences), in a fixed-size hashed
space so that memory does not grow with the vocabulary.

Document frequencies are counted over every record seen so far (an array of ``2**hash_bits``
counters per block): bounded memory, and IDF that improves as the stream goes on.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.feature_extraction import FeatureHasher

_WORD = re.compile(r"\w\w+", re.UNICODE)
_CAP_SEQ = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+(?:(?:of|the|de|la|van|von|al)[ \t]+)?[A-Z][\w'’-]*)*")
_SENT_START = {
    "the", "a", "an", "he", "she", "it", "in", "on", "but", "and", "this", "that", "these", "those",
    "mr", "mrs", "ms", "dr", "we", "they", "i", "his", "her", "their", "at", "as", "for", "if",
    "when", "after", "before", "while", "there", "what", "who", "how", "why", "so", "yet", "by",
    "with", "from", "to", "of", "or", "not", "no", "yes", "our", "its", "you", "your", "my",
}
_LINKS = {"of", "the", "de", "la", "van", "von", "al"}
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "mr", "mrs", "ms", "like", "just", "also"}


def words(text: str) -> list[str]:
    """Lower-cased content words (stop words and one-character words dropped)."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP]


def entities(text: str) -> list[str]:
    """Named things: runs of capitalised words, leading sentence-initial function words stripped."""
    out = []
    for match in _CAP_SEQ.findall(text):
        if " " not in match and "\t" not in match:  # the common case: one word
            word = match.strip(".'’-").lower()
            if word.endswith("'s") or word.endswith("’s"):
                word = word[:-2]
            if len(word) > 1 and word not in _SENT_START and word not in STOP:
                out.append(word)
            continue
        parts = [p.strip(".'’-").lower() for p in match.split()]
        if parts[-1].endswith("'s") or parts[-1].endswith("’s"):
            parts[-1] = parts[-1][:-2]
        while parts and parts[0] in _SENT_START:
            parts = parts[1:]
        while parts and parts[-1] in _LINKS:
            parts = parts[:-1]
        if parts and not (len(parts) == 1 and (parts[0] in STOP or len(parts[0]) < 2)):
            out.append("_".join(parts))
    return out


_SPLIT = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9À-Ý])|\n+")


@dataclass(slots=True)
class Analysis:
    """One document read once: its sentences (with their words) for the description, its boosted
    word counts and its named things for clustering."""

    sentences: list[str]
    tokens: list[list[str]]
    counts: dict[str, float]
    ents: list[str]


def analyse(title: str, text: str, title_boost: float, min_sentence_words: int = 4,
            split: bool = True) -> Analysis:
    """Read a document; ``split=False`` skips the sentences (clustering only, faster)."""
    counts: Counter[str] = Counter()
    sents: list[str] = []
    toks: list[list[str]] = []
    every: list[str] = []
    for part in (_SPLIT.split(text or "") if split else ([] if not text else [])):
        part = part.strip()
        if not part:
            continue
        found = words(part)
        every.extend(found)
        if part.count(" ") + 1 >= min_sentence_words:
            sents.append(part)
            toks.append(found)
    counts.update(every)
    if not split and text:
        counts.update(words(text))
    title_words = words(title)
    for w in title_words:
        counts[w] += title_boost
    for a, b in zip(title_words, title_words[1:]):
        counts[f"{a} {b}"] += title_boost
    if not sents and split:
        fallback = title.strip() or (text or "").strip()
        if fallback:
            sents, toks = [fallback], [words(fallback)]
    source = text or title
    if title and text and not text.startswith(title):
        source = title + "\n" + text
    return Analysis(sents, toks, dict(counts), entities(source))


def doc_terms(title: str, text: str, title_boost: float) -> tuple[dict[str, float], dict[str, float]]:
    """(word counts with the title boosted and title bigrams, entity counts) of one document."""
    a = analyse(title, text, title_boost)
    return a.counts, dict(Counter(a.ents))


class Vectoriser:
    """Hashed TF-IDF (sublinear tf, smoothed idf, l2) of words and of entities, concatenated with
    the entity block weighted by ``entity_weight`` and the whole row l2-normalised."""

    def __init__(self, hash_bits: int = 20, title_boost: float = 3.0, entity_weight: float = 0.5) -> None:
        self.n_features = 2**hash_bits
        self.title_boost = title_boost
        self.entity_weight = entity_weight
        self._hasher = FeatureHasher(n_features=self.n_features, input_type="dict", alternate_sign=False)
        self._string_hasher: FeatureHasher | None = None
        self.df_words = np.zeros(self.n_features, dtype=np.int32)
        self.df_ents = np.zeros(self.n_features, dtype=np.int32)
        self.n_docs = 0

    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("n_features", "title_boost", "entity_weight", "df_words", "df_ents", "n_docs")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            setattr(self, k, v)
        self._hasher = FeatureHasher(n_features=self.n_features, input_type="dict", alternate_sign=False)
        self._string_hasher = None

    def counts_of(self, analyses: Sequence[Analysis]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        w = self._hasher.transform([a.counts for a in analyses]).tocsr()
        e = self._hasher.transform([Counter(a.ents) for a in analyses]).tocsr()
        return w, e

    def counts(self, docs: Sequence[tuple[str, str]]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        terms = [doc_terms(title, text, self.title_boost) for title, text in docs]
        w = self._hasher.transform([t[0] for t in terms]).tocsr()
        e = self._hasher.transform([t[1] for t in terms]).tocsr()
        return w, e

    def observe(self, w: sparse.csr_matrix, e: sparse.csr_matrix) -> None:
        """Count the documents of these rows into the document frequencies."""
        for mat, df in ((w, self.df_words), (e, self.df_ents)):
            cols = mat.indices
            if len(cols):
                np.add.at(df, cols, 1)
        self.n_docs += w.shape[0]

    def idf_words(self, cols: np.ndarray) -> np.ndarray:
        return np.log((1.0 + self.n_docs) / (1.0 + self.df_words[cols])) + 1.0

    def _weight(self, mat: sparse.csr_matrix, df: np.ndarray) -> sparse.csr_matrix:
        mat = mat.copy().astype(np.float64)
        if mat.nnz:
            mat.data = (1.0 + np.log(np.maximum(mat.data, 1e-12))) * (np.log((1.0 + self.n_docs) / (1.0 + df[mat.indices])) + 1.0)
            mat.data[mat.data < 0] = 0.0
        return _l2(mat)

    def transform(self, w: sparse.csr_matrix, e: sparse.csr_matrix) -> sparse.csr_matrix:
        """TF-IDF rows with the current document frequencies."""
        ww = self._weight(w, self.df_words)
        if self.entity_weight > 0:
            ee = self._weight(e, self.df_ents) * self.entity_weight
            return _l2(sparse.hstack([ww, ee], format="csr"))
        return ww

    def hash_counts(self, counts: Sequence[dict[str, float]]) -> sparse.csr_matrix:
        return self._hasher.transform(counts).tocsr()

    def hash_tokens(self, token_lists: Sequence[list[str]]) -> sparse.csr_matrix:
        """Token lists -> hashed counts (the same columns as ``hash_counts``)."""
        if self._string_hasher is None:
            self._string_hasher = FeatureHasher(n_features=self.n_features, input_type="string", alternate_sign=False)
        mat = self._string_hasher.transform(token_lists).tocsr()
        mat.sum_duplicates()
        return mat

    def transform_words(self, w: sparse.csr_matrix) -> sparse.csr_matrix:
        """TF-IDF rows of the word block alone (sentences, for summaries and coverage)."""
        return self._weight(w, self.df_words)

    def term_weights(self, terms: dict[str, float]) -> dict[str, float]:
        """tf-idf weight of named (unhashed) word terms, for key terms."""
        if not terms:
            return {}
        from sklearn.utils import murmurhash3_32

        keys = list(terms)
        cols = np.asarray([abs(murmurhash3_32(k, seed=0)) % self.n_features for k in keys], dtype=np.int64)
        idf = self.idf_words(cols)
        return {k: (1.0 + math.log(max(terms[k], 1.0))) * float(i) for k, i in zip(keys, idf)}


def _l2(mat: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ mat)
