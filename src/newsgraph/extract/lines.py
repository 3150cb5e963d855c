"""Line features for extracting the article from already-flattened page text.

A flattened page (inscriptis output: one block per line, lines stripped, blank runs collapsed)
is split into its non-blank lines. Every line gets a feature row describing the line itself, its
neighbours and its place in the page; a LightGBM classifier scores the rows (see ``text.py``).

Two passes:
  * pass 1 (``base_features``): surface features of the line (length, punctuation, capitals,
    stopwords, learned token log-odds), its neighbours and page context (position, distance to the
    densest prose region, word overlap with that region, repeats, preceding heading);
  * pass 2 (``second_pass_features``): pass-1 features plus features of the smoothed pass-1 scores
    (window means, the score of the preceding heading, distance to confident lines, overlap with
    the words of the confident lines) so the model sees which region of the page is the article.

Everything here is shared by training (``scripts/train_line_model.py``) and runtime, so the two
can never drift apart. Pure functions over numpy arrays; the per-line Python loop is kept minimal
because the runtime target is hundreds of pages per second on one core.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import repeat

import numpy as np

WORD_RE = re.compile(r"\w+")
CAP_RE = re.compile(r"(?<!\w)[A-Z]")
# End-of-sentence: terminal punctuation, optionally followed by closing quotes/brackets.
SENT_END_RE = re.compile(r"[.!?\u3002\u2026][\"'\u201d\u2019)\]]*$")
SENT_INNER_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+[A-Z\"\u201c]")
SEP_CHARS = "|\u00bb\u203a\u2022\u00b7/>"

# Function words: the share of them separates running prose from labels, names and menus.
# A language property, not a chrome phrase list.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves also said says may might must one
    new like even still many much since though yet le la les de des du et en un une est der die das
    und ist el los las y que del por con para""".split()
)

HEADING_MAX_WORDS = 10
# Line endings of truncated teasers / "read more" links.
ELLIPSIS_ENDS = ("...", "\u2026", "[\u2026]", "[...]", "\u2026)", "\u2026 \u00bb", "\u00bb", "\u203a")


@dataclass(slots=True)
class PageLines:
    """The non-blank lines of a flattened page with their blank-line context and tokens."""

    lines: list[str]
    blank_before: np.ndarray  # 1.0 when a blank line (block break) precedes the line
    blank_after: np.ndarray
    tokens: list[list[str]]  # lower-cased \\w+ tokens per line
    keys: list[str]  # normalised line identity (tokens joined by spaces), for repeats


def split_page(text: str) -> PageLines:
    """Split flattened text into non-blank stripped lines; blank lines become block-break flags."""
    lines: list[str] = []
    low: list[str] = []
    bb: list[float] = []
    blank = True
    for raw, lraw in zip(text.split("\n"), text.lower().split("\n")):
        s = raw.strip()
        if not s:
            blank = True
            continue
        lines.append(s)
        low.append(lraw)
        bb.append(1.0 if blank else 0.0)
        blank = False
    before = np.asarray(bb, dtype=np.float64)
    after = np.ones(len(lines), dtype=np.float64)
    if len(lines) > 1:
        after[:-1] = before[1:]
    findall = WORD_RE.findall
    tokens = [findall(x) for x in low]
    return PageLines(lines, before, after, tokens, [" ".join(t) for t in tokens])


def norm_key(tokens: list[str]) -> str:
    """Normalised identity of a line (its lower-cased word tokens) for repeat detection."""
    return " ".join(tokens)


def _smooth(x: np.ndarray, half: int) -> np.ndarray:
    """Centered moving average with window 2*half+1 (edges averaged over the part inside)."""
    n = len(x)
    if half <= 0 or n == 0:
        return x.astype(np.float64, copy=True)
    c = np.zeros(n + 1)
    np.cumsum(x, out=c[1:])
    idx = np.arange(n)
    lo = np.maximum(idx - half, 0)
    hi = np.minimum(idx + half + 1, n)
    return (c[hi] - c[lo]) / (hi - lo)


def _shift(x: np.ndarray, off: int, fill: float) -> np.ndarray:
    """x shifted so row i holds x[i+off] (neighbour features); out of range -> fill."""
    out = np.full_like(x, fill)
    n = len(x)
    if off > 0:
        if off < n:
            out[: n - off] = x[off:]
    elif off < 0:
        if -off < n:
            out[-off:] = x[: n + off]
    else:
        out[:] = x
    return out


def _region(density: np.ndarray, frac: float) -> tuple[int, int]:
    """Contiguous run around the density peak where density stays above frac * peak."""
    if len(density) == 0:
        return 0, -1
    peak = int(np.argmax(density))
    lim = density[peak] * frac
    lo = peak
    while lo > 0 and density[lo - 1] > lim:
        lo -= 1
    hi = peak
    n = len(density)
    while hi < n - 1 and density[hi + 1] > lim:
        hi += 1
    return lo, hi


@dataclass(slots=True)
class _TokenIndex:
    """Flat per-page token arrays (all lines concatenated) for vectorised per-line statistics."""

    line: np.ndarray  # line index of every token
    ids: np.ndarray  # page-local integer id of every token
    content: np.ndarray  # bool: content word (>= 3 chars, not a stopword)
    in_line: np.ndarray  # how often the token occurs in its own line
    n_ids: int


def _token_index(pl: PageLines, flat: list[str], lens: np.ndarray) -> tuple[_TokenIndex, list[str]]:
    """Token arrays of a page plus its distinct tokens (ids index into that list)."""
    n = len(pl.tokens)
    line = np.repeat(np.arange(n), lens)
    uniq = list(set(flat))
    table = dict(zip(uniq, range(len(uniq))))
    ids = np.fromiter(map(table.__getitem__, flat), dtype=np.int64, count=len(flat))
    nid = max(len(uniq), 1)
    ul = np.fromiter(map(len, uniq), dtype=np.int64, count=len(uniq))
    ustop = np.fromiter(map(STOPWORDS.__contains__, uniq), dtype=bool, count=len(uniq))
    content = ((ul >= 3) & ~ustop)[ids]
    key = line * nid + ids
    if len(key):
        _, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
        in_line = cnt[inv]
    else:
        in_line = np.zeros(0, dtype=np.int64)
    return _TokenIndex(line, ids, content, in_line, nid), uniq


def _overlap(ti: _TokenIndex, n: int, mask: np.ndarray) -> np.ndarray:
    """Share of a line's content words found in the masked lines, not counting the line itself.

    Why: teaser paragraphs and bios next to the article are prose too, but about other topics;
    word overlap with the main text (topic coherence) separates them.
    """
    tmask = mask[ti.line] & ti.content
    counts = np.bincount(ti.ids[tmask], minlength=ti.n_ids)
    c = counts[ti.ids] - np.where(mask[ti.line], ti.in_line, 0)
    hit = ((c > 0) & ti.content).astype(np.float64)
    m = np.bincount(ti.line, weights=ti.content.astype(np.float64), minlength=n)
    h = np.bincount(ti.line, weights=hit, minlength=n)
    return np.where(m > 0, h / np.maximum(m, 1), -1.0)


RAW_NAMES = [
    "nw", "log_chars", "mean_wlen", "end_sent", "end_colon", "bullet", "cap_ratio", "digit_ratio",
    "stop_ratio", "comma_pw", "sep_chars", "copyright", "urlish", "n_sent", "all_upper",
    "first_lower", "nb_mean", "nb_min", "nb_max", "nb_first", "nb_cover", "prose", "ellipsis",
]
NEIGHBOUR_COLS = ["nw", "end_sent", "prose", "stop_ratio", "nb_mean", "cap_ratio", "topic"]
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
PAGE_NAMES = [
    "blank_before", "blank_after", "rel_pos", "rel_char_pos", "block_size", "block_idx",
    "repeat", "first_occ", "in_region", "dist_region", "topic", "log_n", "log_words",
    "nw_rel_max", "head_then_prose", "prev_head_nb", "since_head", "prose_before", "prose_after",
    "head_nb_to_region",
]
BASE_NAMES = (
    RAW_NAMES
    + PAGE_NAMES
    + [f"{c}@{o:+d}" for o in NEIGHBOUR_OFFSETS for c in NEIGHBOUR_COLS]
)
PASS2_NAMES = BASE_NAMES + [
    "s1", "s1_w1", "s1_w2", "s1_w5", "s1_w10", "s1_prev3", "s1_next3", "s1_head", "s1_block",
    "s1_frac_before", "s1_frac_after", "dist_conf_up", "dist_conf_down", "in_s1_region",
    "topic_conf", "s1_rank", "s1_page_mean", "s1_rep_max", "s1_next_prose",
    "clu_share", "clu_is_main", "clu_gap", "clu_lines", "head_s1_to_main",
]


def _min_between(v: np.ndarray, mask: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Lowest v of the masked lines between each line and the region [lo, hi] (0 inside/none).

    Why: once a chrome heading ("Related", "More in ...") separates a line from the main text,
    everything behind it is chrome, however prose-like; v is the heading's learned token score.
    """
    n = len(v)
    vm = np.where(mask, v, 0.0)
    out = np.zeros(n)
    if hi < lo:
        return out
    after = np.minimum.accumulate(np.minimum(vm[hi + 1:], 0.0)) if hi + 1 < n else np.zeros(0)
    out[hi + 1:] = after
    if lo > 0:
        before = np.minimum.accumulate(np.minimum(vm[:lo][::-1], 0.0))[::-1]
        out[:lo] = before
    return out


def base_features(pl: PageLines, nb: dict[str, float]) -> tuple[np.ndarray, "_TokenIndex"]:
    """Pass-1 feature matrix (one row per non-blank line, columns ``BASE_NAMES``) + token index.

    nb maps lower-cased tokens to learned log-odds of occurring in an article line (fitted on
    training pages by ``fit_token_logodds``); it captures chrome vocabulary ("share", "related",
    "cookies", ...) from data instead of a hand-written phrase list.
    """
    lines = pl.lines
    n = len(lines)
    flat = [t for toks in pl.tokens for t in toks]
    lens = np.fromiter(map(len, pl.tokens), dtype=np.int64, count=n)
    ti, uniq = _token_index(pl, flat, lens)
    if n == 0:
        return np.zeros((0, len(BASE_NAMES))), ti
    # per distinct token, then spread to every occurrence (pages repeat most words)
    nan = float("nan")
    nu = len(uniq)
    unb = np.fromiter(map(nb.get, uniq, repeat(nan)), dtype=np.float64, count=nu)
    udig = np.fromiter(map(str.isdigit, uniq), dtype=bool, count=nu)
    unb[udig] = nb.get("<num>", nan)
    ids = ti.ids
    nbv = unb[ids]
    dig = udig[ids]
    cov = ~np.isnan(nbv)
    nbz = np.where(cov, nbv, 0.0)
    tlen = np.fromiter(map(len, uniq), dtype=np.float64, count=nu)[ids]
    stop = np.fromiter(map(STOPWORDS.__contains__, uniq), dtype=np.float64, count=nu)[ids]
    L = ti.line
    nw = lens.astype(np.float64)
    nw1 = np.maximum(nw, 1.0)
    raw = np.zeros((n, len(RAW_NAMES)))
    raw[:, 0] = nw
    raw[:, 2] = np.bincount(L, weights=tlen, minlength=n) / nw1
    raw[:, 7] = np.bincount(L, weights=dig.astype(np.float64), minlength=n) / nw1
    raw[:, 8] = np.bincount(L, weights=stop, minlength=n) / nw1
    ncov = np.bincount(L, weights=cov.astype(np.float64), minlength=n)
    raw[:, 16] = np.bincount(L, weights=nbz, minlength=n) / np.maximum(ncov, 1.0)
    nz = np.flatnonzero(lens)
    if len(nz):
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))[nz]
        raw[nz, 17] = np.minimum(np.minimum.reduceat(nbz, starts), 0.0)
        raw[nz, 18] = np.maximum(np.maximum.reduceat(nbz, starts), 0.0)
        raw[nz, 19] = nbz[starts]
    raw[:, 20] = ncov / nw1
    end = SENT_END_RE.search
    inner = SENT_INNER_RE.findall
    caps = CAP_RE.findall

    def col(values: object) -> np.ndarray:
        return np.fromiter(values, dtype=np.float64, count=n)  # type: ignore[arg-type]

    e = col(end(s) is not None for s in lines)
    raw[:, 1] = col(map(len, lines))
    raw[:, 3] = e
    raw[:, 4] = col(s[-1] == ":" for s in lines)
    raw[:, 5] = col(s[0] in "*+-\u2022" and s[1:2] == " " for s in lines)
    raw[:, 6] = col(len(caps(s)) for s in lines)
    raw[:, 9] = col(s.count(",") + s.count(";") for s in lines)
    raw[:, 10] = col(
        s.count("|") + s.count("\u00bb") + s.count("\u203a") + s.count("\u2022") + s.count("\u00b7")
        + s.count("/") + s.count(">")
        for s in lines
    )
    raw[:, 11] = col("\u00a9" in s for s in lines)
    raw[:, 12] = col("http" in s or "www." in s or "@" in s for s in lines)
    raw[:, 13] = col(len(inner(s)) for s in lines) + e
    raw[:, 14] = col(map(str.isupper, lines))
    raw[:, 15] = col(s[0].islower() for s in lines)
    raw[:, 22] = col(s.endswith(ELLIPSIS_ENDS) for s in lines)
    raw[:, 1] = np.log1p(raw[:, 1])
    raw[:, 6] /= nw1
    raw[:, 9] /= nw + 1.0
    raw[:, 14] *= nw > 0
    raw[:, 21] = np.where((raw[:, 3] > 0) & (nw >= 8), nw, 0.0)
    nwv = nw
    prose = raw[:, 21]

    page = np.zeros((n, len(PAGE_NAMES)))
    page[:, 0] = pl.blank_before
    page[:, 1] = pl.blank_after
    page[:, 2] = np.arange(n) / max(n - 1, 1)
    clen = np.cumsum(np.fromiter(map(len, lines), dtype=np.float64, count=n))
    page[:, 3] = clen / clen[-1]
    # blocks: runs of lines between blank lines
    bid = (np.cumsum(pl.blank_before) - 1).astype(np.int64)
    bsize = np.bincount(bid)
    page[:, 4] = bsize[bid]
    bstarts = np.flatnonzero(pl.blank_before)
    page[:, 5] = np.arange(n) - bstarts[bid]
    keys = pl.keys
    kc = Counter(keys)
    seen: set[str] = set()
    for i, k in enumerate(keys):
        page[i, 6] = kc[k]
        page[i, 7] = 0.0 if k in seen else 1.0
        seen.add(k)
    dens = _smooth(prose, 6)
    lo, hi = _region(dens, 0.2)
    idx = np.arange(n)
    page[:, 8] = ((idx >= lo) & (idx <= hi)).astype(np.float64)
    dist = np.where(idx < lo, idx - lo, np.where(idx > hi, idx - hi, 0))
    page[:, 9] = dist / max(n, 1) * 10.0
    main = (page[:, 8] > 0) & (nwv >= 8)
    topic = _overlap(ti, n, main)
    page[:, 10] = topic
    page[:, 11] = math.log1p(n)
    page[:, 12] = math.log1p(float(nwv.sum()))
    page[:, 13] = nwv / max(float(nwv.max()), 1.0)
    nxt_prose = _shift(prose, 1, 0.0)
    heading = (nwv > 0) & (nwv <= HEADING_MAX_WORDS) & (raw[:, 3] == 0)
    page[:, 14] = (heading & (nxt_prose > 0)).astype(np.float64)
    # nearest preceding heading-like line: its learned token score and distance
    hpos = np.flatnonzero(heading)
    k = np.searchsorted(hpos, idx) - 1  # index into hpos of the last heading strictly before
    has = k >= 0
    prev_h = hpos[np.maximum(k, 0)] if len(hpos) else np.zeros(n, dtype=np.int64)
    page[:, 15] = np.where(has, raw[prev_h, 16], 0.0)
    page[:, 16] = np.where(has, np.minimum(idx - prev_h, 50), 50)
    page[:, 19] = _min_between(raw[:, 16], heading, lo, hi)
    cp = np.cumsum(prose)
    tot = cp[-1] if cp[-1] > 0 else 1.0
    page[:, 17] = (cp - prose) / tot
    page[:, 18] = (tot - cp) / tot if cp[-1] > 0 else 0.0

    col = {name: raw[:, j] for j, name in enumerate(RAW_NAMES)}
    col["topic"] = topic
    neigh = []
    for o in NEIGHBOUR_OFFSETS:
        for c in NEIGHBOUR_COLS:
            neigh.append(_shift(col[c], o, -1.0))
    return np.hstack([raw, page, np.column_stack(neigh)]), ti


def second_pass_features(pl: PageLines, x1: np.ndarray, s1: np.ndarray, ti: _TokenIndex) -> np.ndarray:
    """Pass-2 matrix: pass-1 features plus context of the pass-1 scores (``PASS2_NAMES``).

    Why: a teaser paragraph looks like prose on its own, but it sits after a low-scoring heading,
    far from the confident lines and shares few words with them.
    """
    n = len(s1)
    if n == 0:
        return np.zeros((0, len(PASS2_NAMES)))
    f = np.zeros((n, len(PASS2_NAMES) - x1.shape[1]))
    f[:, 0] = s1
    f[:, 1] = _smooth(s1, 1)
    f[:, 2] = _smooth(s1, 2)
    f[:, 3] = _smooth(s1, 5)
    f[:, 4] = _smooth(s1, 10)
    prev = np.maximum.reduce([_shift(s1, -k, 0.0) for k in (1, 2, 3)])
    nxt = np.maximum.reduce([_shift(s1, k, 0.0) for k in (1, 2, 3)])
    f[:, 5] = prev
    f[:, 6] = nxt
    nwv = x1[:, 0]
    end_sent = x1[:, 3]
    heading = (nwv > 0) & (nwv <= HEADING_MAX_WORDS) & (end_sent == 0)
    idx = np.arange(n)
    hpos = np.flatnonzero(heading)
    k = np.searchsorted(hpos, idx) - 1
    prev_h = hpos[np.maximum(k, 0)] if len(hpos) else np.zeros(n, dtype=np.int64)
    f[:, 7] = np.where(k >= 0, s1[prev_h], -1.0)
    bid = (np.cumsum(pl.blank_before) - 1).astype(np.int64)
    bsum = np.bincount(bid, weights=s1)
    bcnt = np.bincount(bid)
    f[:, 8] = (bsum / bcnt)[bid]
    conf = s1 >= 0.5
    cc = np.cumsum(conf)
    total = max(int(cc[-1]), 1)
    f[:, 9] = (cc - conf) / total
    f[:, 10] = (cc[-1] - cc) / total
    idx = np.arange(n)
    ci = np.flatnonzero(conf)
    if len(ci):
        pos = np.searchsorted(ci, idx)
        up = np.where(pos > 0, idx - ci[np.maximum(pos - 1, 0)], 99)
        # nearest confident line strictly below (or the line itself when confident)
        pos2 = np.searchsorted(ci, idx, side="right")
        down = np.where(pos2 < len(ci), ci[np.minimum(pos2, len(ci) - 1)] - idx, 99)
        f[:, 11] = np.minimum(up, 99)
        f[:, 12] = np.minimum(down, 99)
    else:
        f[:, 11] = 99
        f[:, 12] = 99
    lo, hi = _region(_smooth(s1 * np.minimum(nwv, 40), 4), 0.25)
    f[:, 13] = ((idx >= lo) & (idx <= hi)).astype(np.float64)
    f[:, 14] = _overlap(ti, n, conf)
    order = np.argsort(-s1, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    f[:, 15] = rank / max(n - 1, 1)
    f[:, 16] = float(s1.mean())
    f[:, 17] = s1
    rep = np.flatnonzero(x1[:, BASE_NAMES.index("repeat")] > 1)
    if len(rep):
        keys = pl.keys
        best: dict[str, float] = {}
        for i in rep:
            best[keys[i]] = max(best.get(keys[i], 0.0), float(s1[i]))
        for i in rep:
            f[i, 17] = best[keys[i]]
    f[:, 18] = _shift(s1 * (x1[:, RAW_NAMES.index("prose")] > 0), 1, 0.0)
    f[:, 19:23] = _cluster_features(s1, nwv)
    f[:, 23] = _min_between(s1 - 1.0, heading, lo, hi) + 1.0
    return np.hstack([x1, f])


def _cluster_features(s1: np.ndarray, nw: np.ndarray, gap: int = 2) -> np.ndarray:
    """Clusters of confident lines (s1 >= 0.5) split by >= gap unconfident lines.

    Columns: words of the line's cluster / words of the biggest cluster, 1 if it is the biggest,
    unconfident lines between the cluster and the biggest one, lines in the cluster. Lines outside
    any cluster get the values of the nearest cluster above. Why: related-article teasers form a
    small prose cluster separated from the article by a run of chrome lines.
    """
    n = len(s1)
    out = np.zeros((n, 4))
    conf = np.flatnonzero(s1 >= 0.5)
    if len(conf) == 0:
        out[:, 0] = -1.0
        out[:, 2] = 99.0
        return out
    brk = np.flatnonzero(np.diff(conf) > gap) + 1
    cid_conf = np.zeros(len(conf), dtype=np.int64)
    cid_conf[brk] = 1
    cid_conf = np.cumsum(cid_conf)
    words = np.bincount(cid_conf, weights=nw[conf])
    nlines = np.bincount(cid_conf)
    main = int(np.argmax(words))
    starts = conf[np.concatenate(([0], brk))]
    ends = conf[np.concatenate((brk - 1, [len(conf) - 1]))]
    # cluster of each line: last cluster starting at or before it (first cluster for lines above)
    cid = np.maximum(np.searchsorted(starts, np.arange(n), side="right") - 1, 0)
    share = words / max(words[main], 1.0)
    # unconfident lines between cluster c and the main cluster
    between = np.zeros(len(words))
    for c in range(len(words)):
        if c < main:
            between[c] = starts[main] - ends[c] - 1 - (np.sum(nlines[c + 1:main]) if c + 1 < main else 0)
        elif c > main:
            between[c] = starts[c] - ends[main] - 1 - (np.sum(nlines[main + 1:c]) if c > main + 1 else 0)
    out[:, 0] = share[cid]
    out[:, 1] = (cid == main).astype(np.float64)
    out[:, 2] = np.minimum(between[cid], 99.0)
    out[:, 3] = nlines[cid]
    return out


def fit_token_logodds(
    pages: list[tuple[PageLines, np.ndarray]], min_pages: int = 8, max_vocab: int = 4000
) -> dict[str, float]:
    """Learn per-token log-odds of a line being article text, from labelled training pages.

    Counts each token once per line; keeps tokens seen on at least ``min_pages`` pages (so the
    vocabulary is generic, not site-specific); Laplace-smoothed log((pos+1)/(neg+1)) minus the
    prior log-odds, rounded to keep the stored model small.
    """
    pos: Counter = Counter()
    neg: Counter = Counter()
    npages: Counter = Counter()
    n_pos = n_neg = 0
    for pl, y in pages:
        on_page: set[str] = set()
        for toks, lab in zip(pl.tokens, y):
            ts = {"<num>" if t.isdigit() else t for t in toks}
            on_page |= ts
            if lab:
                pos.update(ts)
                n_pos += 1
            else:
                neg.update(ts)
                n_neg += 1
        npages.update(on_page)
    prior = math.log((n_pos + 1) / (n_neg + 1))
    cands = [t for t, c in npages.items() if c >= min_pages]
    cands.sort(key=lambda t: (-(pos[t] + neg[t]), t))
    out: dict[str, float] = {}
    for t in cands[:max_vocab]:
        out[t] = round(math.log((pos[t] + 1) / (neg[t] + 1)) - prior, 2)
    return out
