"""Extract the article (title, subtitle, byline, body paragraphs) from already-flattened page text.

Input is the whole visible text of a web page, one block per line, as produced by inscriptis
(lines stripped, blank-line runs collapsed), site chrome included. A two-pass LightGBM line
classifier (features in ``lines.py``, model in ``models/lines.lgb``, trained by
``scripts/train_line_model.py``) scores every non-blank line; lines scoring at least
``TextSettings.threshold`` form the body, minus repeated lines and minus small clusters far from
the main text. Title, subtitle, byline and date are then picked from the lines around the start
(and, for the byline, the end) of the body with simple rules, and removed from the body.

    >>> from newsgraph.extract.text import TextExtractor
    >>> page = TextExtractor().extract(flattened_text)
    >>> page.title, page.authors, page.paragraphs[:2]
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .lines import (
    SENT_END_RE,
    STOPWORDS,
    PageLines,
    base_features,
    second_pass_features,
    split_page,
    _smooth,
)

MODEL_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = MODEL_DIR / "lines.lgb"
PASS_MARKER = "#### newsgraph-line-model pass 2 ####"
# Lines whose pass-1 score is below this keep it (they are navigation/chrome with near certainty);
# skipping them in pass 2 roughly halves prediction time. Applied identically in the CV.
PASS2_MIN = 0.02


@dataclass(slots=True)
class TextPage:
    """The article found in a flattened page."""

    title: str | None
    subtitle: str | None
    authors: list[str]
    paragraphs: list[str]  # body only; section headings as their own paragraphs
    published: str | None = None  # ISO date if a date line is found near the title/byline


@dataclass(frozen=True, slots=True)
class TextSettings:
    """Knobs of line selection. Defaults were chosen by site-grouped 5-fold CV on WCXB dev
    (grid over threshold 0.4-0.55, smooth 0-0.5, cluster filter off/on: F1 0.933 at these values,
    0.929 with threshold 0.5 and no smoothing/cluster filter; differences are within the +-0.004
    bootstrap noise, so the exact values matter little).

    threshold: minimum pass-2 line score (probability of being article text) to keep a line.
    smooth: weight of the 3-line moving average mixed into each line's score before the
        threshold (0 = raw scores); fills single low-scoring lines inside the article.
    max_gap: selected lines further apart than this many lines start a new cluster ...
    min_cluster_share: ... and clusters with fewer words than this share of the largest cluster
        are dropped (stray chrome far from the article).
    dedupe_window: drop a body line whose words repeat a body line at most this many lines above
        (a subtitle printed twice); 0 keeps all copies. Repeats further apart are kept: bodies
        do repeat lines, and dropping distant copies lowered CV F1.
    head_window: how many lines before the body are searched for title/subtitle/byline/date.
    drop_unrelated_teasers: drop a selected line cut off with an ellipsis ("...", "…") when
        few of its content words occur in the rest of the body: a teaser for another story
        (page-level topic context the line model alone can miss on short pages).
    fill_headings: keep an unselected short heading-like line (<= 10 words, no closing full
        stop) whose neighbours above and below are both selected: a section heading inside the
        body, which the model alone sometimes misses.
    tail_heading_max: when > 0, drop selected clusters after the main one that follow an
        unselected heading-like line scoring below this (a "Related posts" cut). Off: in CV it
        only trades recall for precision (F1 0.933 at 0.1, 0.932 at 0.2, 0.925 at 0.3).
    """

    threshold: float = 0.45
    fill_headings: bool = True
    drop_unrelated_teasers: bool = True
    smooth: float = 0.5
    max_gap: int = 20
    min_cluster_share: float = 0.1
    dedupe_window: int = 3
    tail_heading_max: float = 0.0
    head_window: int = 10


class LineModel:
    """The two LightGBM boosters plus the learned token log-odds used by the features."""

    def __init__(self, pass1: Any, pass2: Any, token_logodds: dict[str, float]):
        self.pass1 = pass1
        self.pass2 = pass2
        self.nb = token_logodds

    @classmethod
    def load(cls, model_path: str | Path) -> "LineModel":
        """Load ``lines.lgb`` (both boosters as LightGBM text models) and its ``lines.json``."""
        from ._lgb import booster

        path = Path(model_path)
        text = path.read_text(encoding="utf-8")
        part1, _, part2 = text.partition("\n" + PASS_MARKER + "\n")
        if not part2:
            raise ValueError(f"{path}: not a two-pass line model (marker missing)")
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        b1 = booster(model_str=part1)
        b2 = booster(model_str=part2)
        return cls(b1, b2, meta["token_logodds"])

    def dumps(self) -> str:
        """Serialise both boosters into the one text file format read by ``load``."""
        return (
            self.pass1.model_to_string().rstrip("\n")
            + "\n" + PASS_MARKER + "\n"
            + self.pass2.model_to_string()
        )

    def score(self, pl: PageLines) -> np.ndarray:
        """Pass-2 probability that each non-blank line is article text (one predict per pass)."""
        if not pl.lines:
            return np.zeros(0)
        x1, ti = base_features(pl, self.nb)
        s1 = self.pass1.predict(x1, num_threads=1)
        x2 = second_pass_features(pl, x1, s1, ti)
        # pass 2 only re-scores lines pass 1 is not sure are chrome (speed; same rule in CV)
        todo = np.flatnonzero(s1 >= PASS2_MIN)
        s2 = s1.copy()
        if len(todo):
            s2[todo] = self.pass2.predict(x2[todo], num_threads=1)
        return s2


# ---------------------------------------------------------------------------- selection

def select_lines(pl: PageLines, scores: np.ndarray, st: TextSettings) -> list[int]:
    """Indices of body lines: threshold on (optionally smoothed) scores, cluster filter, dedupe."""
    n = len(scores)
    if n == 0:
        return []
    s = scores
    if st.smooth > 0:
        s = (1 - st.smooth) * scores + st.smooth * _smooth(scores, 1)
    mask = s >= st.threshold
    if st.fill_headings and n > 2:
        for i in np.flatnonzero(~mask[1:-1] & mask[:-2] & mask[2:]).tolist():
            line, ntok = pl.lines[i + 1], len(pl.tokens[i + 1])
            if 1 <= ntok <= 10 and not line.endswith((".", ",", ";")):
                mask[i + 1] = True
    keep = np.flatnonzero(mask).tolist()
    if not keep:
        return []
    if st.min_cluster_share > 0:
        clusters: list[list[int]] = [[keep[0]]]
        for i in keep[1:]:
            if i - clusters[-1][-1] > st.max_gap:
                clusters.append([i])
            else:
                clusters[-1].append(i)
        if len(clusters) > 1:
            words = [sum(len(pl.tokens[i]) for i in c) for c in clusters]
            top = max(words)
            keep = [i for c, w in zip(clusters, words) if w >= st.min_cluster_share * top for i in c]
    if st.tail_heading_max > 0 and len(keep) > 1:
        keep = _cut_tail(pl, s, keep, st.tail_heading_max)
    if st.drop_unrelated_teasers and len(keep) > 2:
        keep = _drop_unrelated_teasers(pl, keep)
    if st.dedupe_window > 0:
        last: dict[str, int] = {}
        out = []
        for i in keep:
            k = pl.keys[i]
            j = last.get(k)
            if k and j is not None and i - j <= st.dedupe_window:
                continue
            last[k] = i
            out.append(i)
        keep = out
    return keep


_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*\W{0,3}$")


def _content(tokens: list[str]) -> set[str]:
    return {t for t in tokens if len(t) >= 4 and t not in STOPWORDS and not t.isdigit()}


def _drop_unrelated_teasers(pl: PageLines, keep: list[int]) -> list[int]:
    """Drop cut-off (ellipsis-ended) lines that share under a fifth of their content words with
    the other selected lines: teasers of other stories, not part of this article."""
    teasers = [i for i in keep if _ELLIPSIS_END.search(pl.lines[i])]
    if not teasers:
        return keep
    teaser_set = set(teasers)
    vocab: set[str] = set()
    for i in keep:
        if i not in teaser_set:
            vocab |= _content(pl.tokens[i])
    drop = set()
    for i in teasers:
        words = _content(pl.tokens[i])
        if words and len(words & vocab) / len(words) < 0.2:
            drop.add(i)
    return [i for i in keep if i not in drop]


def _cut_tail(pl: PageLines, s: np.ndarray, keep: list[int], head_max: float) -> list[int]:
    """Drop everything after the main text that follows a rejected heading-like line.

    Why: "Related posts" / "More in X" headings score low, but the teaser paragraphs under them
    read like prose; once the main cluster has ended, a rejected heading marks the end of the
    article. Clusters are split at any unselected line; the main cluster has the most words.
    """
    clusters: list[list[int]] = [[keep[0]]]
    for i in keep[1:]:
        if i - clusters[-1][-1] > 1:
            clusters.append([i])
        else:
            clusters[-1].append(i)
    if len(clusters) == 1:
        return keep
    words = [sum(len(pl.tokens[i]) for i in c) for c in clusters]
    main = words.index(max(words))
    out = [i for c in clusters[: main + 1] for i in c]
    for c in clusters[main + 1:]:
        gap = range(out[-1] + 1, c[0])
        if any(2 <= len(pl.tokens[j]) <= 8 and s[j] < head_max and not SENT_END_RE.search(pl.lines[j])
               and not pl.lines[j].startswith(("* ", "+ ", "- ")) for j in gap):
            break
        out.extend(c)
    return out


# ---------------------------------------------------------------------- head/byline rules

BYLINE_RE = re.compile(
    r"^(?:by|written by|words by|story by|author:?|von|par|por|door)\s+(.{3,120})$", re.IGNORECASE
)
NAME_RE = re.compile(r"^[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|de|van|von|der|da|di|del|la|le|bin|al-\w+)){1,3}$")
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DATE_MDY_RE = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
DATE_DMY_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(\d{4})\b", re.IGNORECASE)
SPLIT_AUTHORS_RE = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*")


def parse_date(line: str) -> str | None:
    """ISO date (YYYY-MM-DD) of the first date written in a short line, else None."""
    if len(line) > 120:
        return None
    m = DATE_ISO_RE.search(line)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = DATE_MDY_RE.search(line)
        if m:
            mo, d, y = MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)), int(m.group(3))
        else:
            m = DATE_DMY_RE.search(line)
            if not m:
                return None
            d, mo, y = int(m.group(1)), MONTHS[m.group(2).lower().rstrip(".")], int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_byline(line: str) -> list[str]:
    """Author names of a "By A and B" line (date/role parts after '|' or ' - ' dropped)."""
    m = BYLINE_RE.match(line.strip())
    if not m:
        return []
    rest = re.split(r"\s+[|\u2022\u00b7\u2013\u2014-]\s+|\s*\|\s*|\bon\s+\w+\s+\d", m.group(1))[0]
    rest = DATE_MDY_RE.split(rest)[0].strip(" ,.;:")
    names = [p.strip(" ,.;:") for p in SPLIT_AUTHORS_RE.split(rest)]
    return [p for p in names if p and p[0].isupper() and len(p.split()) <= 5]


def is_name(line: str) -> bool:
    """A person-name-like line: 2-4 capitalised words, no sentence punctuation."""
    return bool(NAME_RE.match(line)) and not line.endswith((".", ":", "!", "?"))


def _headline_like(line: str, ntok: int) -> bool:
    """Short line that reads as a headline: 3-25 words, no closing full stop/colon, not a list item."""
    return 3 <= ntok <= 25 and not line.endswith((".", ":", ";", ",")) and not line.startswith(("* ", "+ ", "- ", "\u2022"))


def _sentence_like(line: str, ntok: int) -> bool:
    return 5 <= ntok <= 60


@dataclass(slots=True)
class _Head:
    title: int | None = None
    subtitle: str | None = None
    drop: set[int] = field(default_factory=set)
    authors: list[str] = field(default_factory=list)
    published: str | None = None


def find_head(pl: PageLines, body: list[int], st: TextSettings) -> _Head:
    """Choose title, subtitle, byline and date around the body start (and byline after the end).

    Rules: the title is the nearest headline-like line before the first body line (skipping
    byline/date/label lines of <= 2 words); if there is none, a headline-like first body line
    followed by more body. The subtitle is a sentence-like line adjacent to the title that is not
    body prose, or that is printed twice; all its copies leave the body. Bylines are "By ..." lines
    near the title, or a name line just after the body followed by a bio starting with that name.
    """
    h = _Head()
    if not body:
        return h
    lines, toks = pl.lines, pl.tokens
    n = len(lines)
    body_set = set(body)
    b0 = body[0]
    lo = max(0, b0 - st.head_window)
    keys = pl.keys

    def meta(i: int) -> bool:
        # bylines, dates, and short lines with numbers ("4 min read", "12 comments") are not titles
        short_numeric = len(toks[i]) <= 4 and any(ch.isdigit() for ch in lines[i])
        return (
            bool(BYLINE_RE.match(lines[i]))
            or short_numeric
            or (parse_date(lines[i]) is not None and len(toks[i]) <= 12)
        )

    # bylines and dates in the head window and the first body lines
    for i in range(lo, min(n, b0 + 4)):
        a = parse_byline(lines[i])
        if a and not h.authors:
            h.authors = a
            if i in body_set:
                h.drop.add(i)
        if h.published is None and len(toks[i]) <= 12:
            d = parse_date(lines[i])
            if d:
                h.published = d
                if i in body_set and len(toks[i]) <= 8:
                    h.drop.add(i)
    # title: nearest headline-like line before the body
    for i in range(b0 - 1, lo - 1, -1):
        if meta(i) or len(toks[i]) <= 2:
            continue
        if _headline_like(lines[i], len(toks[i])):
            h.title = i
            break
    if h.title is not None:
        # headline then dek: when the line above (past byline/date lines) is headline-like too,
        # the upper one is the title and the nearer one the subtitle
        j = h.title - 1
        while j >= lo and meta(j):
            j -= 1
        if j >= lo and j not in body_set and len(toks[j]) >= 4 and _headline_like(lines[j], len(toks[j])):
            h.title = j
    if h.title is None:
        # the model kept the headline: a headline-like line among the first body lines, followed
        # by more body
        first = [i for i in body[:4] if i not in h.drop]
        for j, i in enumerate(first[:-1]):
            if _headline_like(lines[i], len(toks[i])) and len(toks[i]) >= 4:
                h.title = i
                break
    if h.title is not None:
        h.drop.add(h.title)
        t = h.title
        # subtitle: repeated sentence near the title, or a non-body sentence right after it
        cands = list(range(max(lo, t - 3), t)) + list(range(t + 1, min(n, t + 4)))
        for i in cands:
            if i == t or meta(i) or not _sentence_like(lines[i], len(toks[i])):
                continue
            if keys[i] == keys[t]:
                continue
            repeated = keys.count(keys[i]) >= 2
            after_before_body = t < i and (i not in body_set) and i < b0 + 1
            if repeated or after_before_body:
                h.subtitle = lines[i]
                for j in range(max(lo, t - 4), min(n, t + 6)):
                    if keys[j] == keys[i]:
                        h.drop.add(j)
                break
        # the title repeated inside the body
        for j in body[:4]:
            if keys[j] == keys[t]:
                h.drop.add(j)
    # byline after the body: "Name" followed by a bio line starting with the name
    last = body[-1]
    for i in range(max(b0, last - 2), min(n - 1, last + 3)):
        if is_name(lines[i]) and lines[i + 1].startswith(lines[i]) and len(toks[i + 1]) > len(toks[i]):
            if not h.authors:
                h.authors = [lines[i]]
            h.drop.update((i, i + 1))
            break
    if not h.authors:
        # a bare name line right before the title / body start
        for i in range(b0 - 1, lo - 1, -1):
            if i != h.title and is_name(lines[i]) and i + 1 < n and (i + 1 == h.title or i + 1 == b0 or meta(i + 1)):
                h.authors = [lines[i]]
                break
    return h


class TextExtractor:
    """Picklable: loads the model lazily on first use (no model object created in __init__)."""

    def __init__(self, settings: TextSettings | None = None, model_path: str | None = None):
        self.settings = settings or TextSettings()
        self.model_path = model_path
        self._model: LineModel | None = None

    @classmethod
    def from_model(cls, model: LineModel, settings: TextSettings | None = None) -> "TextExtractor":
        """An extractor around an in-memory model (used by training / cross-validation)."""
        ex = cls(settings)
        ex._model = model
        return ex

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "model_path": self.model_path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]
        self.model_path = state["model_path"]
        self._model = None

    @property
    def model(self) -> LineModel:
        if self._model is None:
            self._model = LineModel.load(self.model_path or DEFAULT_MODEL)
        return self._model

    def body_indices(self, pl: PageLines) -> list[int]:
        """Selected body line indices before title/subtitle/byline removal."""
        return select_lines(pl, self.model.score(pl), self.settings)

    def extract(self, page: str) -> TextPage:
        """Title, subtitle, authors, body paragraphs and date of one flattened page."""
        pl = split_page(page or "")
        if not pl.lines:
            return TextPage(None, None, [], [])
        body = self.body_indices(pl)
        h = find_head(pl, body, self.settings)
        paras = [pl.lines[i] for i in body if i not in h.drop]
        title = pl.lines[h.title] if h.title is not None else None
        return TextPage(title, h.subtitle, h.authors, paras, h.published)
