"""The is-article decision: is a page a story (news, blog post, feature) or something else
(index/category/listing page, product, service, documentation, forum thread)?

Two small LightGBM models, trained by ``scripts/train_pagetype.py`` on the WCXB dev split and
measured by 5-fold cross-validation grouped by site (no site in both train and test folds):

- HTML pages: cheap signals read from the parsed tree and the URL *before* trafilatura consumes
  the tree (:func:`html_signals`), plus what extraction found (body shape, date, author,
  trafilatura's page type) -> :meth:`PageTypeModel.score_html`.
- Flattened text pages (no markup): the shape of the page text and of the extracted body ->
  :meth:`PageTypeModel.score_text`.

Models are stored as LightGBM *text* files (``booster.save_model``), which load across library
versions; no pickles. The feature names stored in the model files are looked up in the computed
features at scoring time, so a feature list that drifts from the trained model fails loudly
instead of scoring garbage.

Thresholds (P(article) >= threshold -> article) were chosen by grouped CV to keep recall of
articles >= 0.95 (a story wrongly flagged as a non-article is lost downstream) while keeping
precision as high as possible; see the module constants and docs in the training script.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

if TYPE_CHECKING:
    from .html import HtmlResult

#: P(article) threshold for HTML pages: the highest out-of-fold threshold keeping recall of
#: articles >= 0.955 in site-grouped 5-fold CV on WCXB dev (P 0.901, R 0.956; nested CV, where each
#: fold's threshold comes from an inner CV on its training sites: P 0.901, R 0.956).
#: Written by scripts/train_pagetype.py into models/pagetype.json; keep the two in sync (a test checks).
DEFAULT_THRESHOLD_HTML: float = 0.301767
#: P(article) threshold for flattened text pages, chosen the same way (P 0.811, R 0.955 over both
#: body stand-ins; nested 0.807/0.958).
DEFAULT_THRESHOLD_TEXT: float = 0.204876

MODEL_DIR = Path(__file__).parent / "models"
HTML_MODEL_FILE = "pagetype_html.lgb"
TEXT_MODEL_FILE = "pagetype_text.lgb"
META_FILE = "pagetype.json"

# --------------------------------------------------------------------------------------------
# Page signals (HTML tree + URL)
# --------------------------------------------------------------------------------------------

#: schema.org / og:type / itemtype values, grouped into families (lower-cased, no namespace).
_TYPE_FAMILIES: dict[str, frozenset[str]] = {
    "news": frozenset({"newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                       "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
                       "liveblogposting"}),
    "article": frozenset({"article", "scholarlyarticle", "report", "socialmediaposting"}),
    "blog": frozenset({"blogposting", "posting"}),
    "tech": frozenset({"techarticle", "apireference", "howto"}),
    "product": frozenset({"product", "offer", "aggregateoffer", "productgroup", "individualproduct",
                          "softwareapplication", "mobileapplication", "webapplication", "vehicle",
                          "car", "book", "productmodel"}),
    "collection": frozenset({"collectionpage", "itemlist", "searchresultspage", "listitem",
                             "offercatalog", "datacatalog"}),
    "qa": frozenset({"faqpage", "qapage", "question", "answer"}),
    "forum": frozenset({"discussionforumposting", "comment"}),
    "service": frozenset({"service", "localbusiness", "professionalservice", "financialservice",
                          "medicalbusiness", "store", "restaurant", "event", "course",
                          "educationalorganization", "governmentorganization", "jobposting"}),
    "webpage": frozenset({"webpage", "aboutpage", "contactpage", "itempage", "profilepage",
                          "medicalwebpage"}),
    "recipe": frozenset({"recipe", "review", "video", "videoobject", "podcastepisode"}),
}
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_WORD = re.compile(r"[A-Za-z]+")
_PRICE = re.compile(
    r"(?:[$€£¥₹]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|£|\$|EUR|USD|GBP|CHF|kr|zł|Kč|руб|₽)(?![A-Za-z]))"
)
#: dates written out in text (English month names or numeric); matched on lower-cased text.
_DATE_TEXT = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? "
    r"(?:19|20)\d\d|\b\d{1,2}\.? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? "
    r"(?:19|20)\d\d|\b(?:19|20)\d\d[-/.][01]?\d[-/.][0-3]?\d\b|\b[0-3]?\d[/.][01]?\d[/.](?:19|20)\d\d\b"
)
_URL_WORDS: dict[str, re.Pattern[str]] = {
    "url_news": re.compile(r"/(?:news|article|articles|story|stories|blog|blogs|post|posts|press|"
                           r"nachrichten|noticias|actualites|notizie|opinion|features?|insights?)"
                           r"(?:/|$|-)"),
    "url_list": re.compile(r"/(?:tag|tags|category|categories|topic|topics|section|archive|"
                           r"archives|page|author|authors|search|index|list|collections?|"
                           r"catalog|browse|wiki/category)(?:/|$|:|\.)", re.I),
    "url_product": re.compile(r"/(?:product|products|shop|store|item|itm|dp|p|buy|pricing|"
                              r"cart|deals?)(?:/|$|\.)"),
    "url_forum": re.compile(r"/(?:forum|forums|community|thread|threads|t|questions|q|discuss|"
                            r"discussion|board|boards|topic|r|comments|answers)(?:/|$|\.)"),
    "url_docs": re.compile(r"/(?:docs?|documentation|guide|guides|manual|reference|api|wiki|help|"
                           r"support|faq|kb|learn|tutorials?)(?:/|$|\.)"),
    "url_service": re.compile(r"/(?:services?|solutions?|about|contact|company|careers|"
                              r"departments?|locations?|pricing|plans|features)(?:/|$|\.|-)"),
}
_URL_DATE = re.compile(r"/(?:19|20)\d\d/(?:[01]?\d)(?:/|$)|/(?:19|20)\d\d[-_]?[01]\d[-_]?[0-3]\d|"
                       r"[-_/](?:19|20)\d\d[-_/][01]\d[-_/][0-3]\d")


@dataclass(frozen=True, slots=True)
class PageSignals:
    """Numbers computed from the raw tree + URL before trafilatura consumes the tree.

    Plain ints/floats only, so the object is cheap to pickle and to pass between processes.
    """

    n_elements: int = 0
    n_a: int = 0
    n_p: int = 0
    n_h1: int = 0
    n_h2: int = 0
    n_h3: int = 0
    n_article: int = 0
    n_time: int = 0
    n_form: int = 0
    n_input: int = 0
    n_button: int = 0
    n_select: int = 0
    n_li: int = 0
    n_img: int = 0
    n_table: int = 0
    n_code: int = 0
    n_blockquote: int = 0
    text_chars: int = 0
    link_chars: int = 0
    p_chars: int = 0
    n_long_p: int = 0
    max_p_chars: int = 0
    scan_chars: int = 0
    price_hits: int = 0
    cart_hits: int = 0
    date_hits: int = 0
    # structured data (JSON-LD @type, itemtype, og:type) by family
    ld_news: int = 0
    ld_article: int = 0
    ld_blog: int = 0
    ld_tech: int = 0
    ld_product: int = 0
    ld_collection: int = 0
    ld_qa: int = 0
    ld_forum: int = 0
    ld_service: int = 0
    ld_webpage: int = 0
    ld_recipe: int = 0
    n_ld_types: int = 0
    og_article: int = 0
    og_product: int = 0
    og_website: int = 0
    og_other: int = 0
    meta_published: int = 0
    meta_author: int = 0
    meta_section: int = 0
    # class/id vocabulary
    cls_product: int = 0
    cls_comment: int = 0
    cls_forum: int = 0
    cls_card: int = 0
    cls_pager: int = 0
    cls_article: int = 0
    cls_author: int = 0
    cls_docs: int = 0
    cls_share: int = 0
    cls_form: int = 0
    # URL shape
    url_known: int = 0
    url_depth: int = 0
    url_date: int = 0
    url_query: int = 0
    url_trailing_slash: int = 0
    url_slug_words: int = 0
    url_slug_chars: int = 0
    url_digits: int = 0
    url_html: int = 0
    url_news: int = 0
    url_list: int = 0
    url_product: int = 0
    url_forum: int = 0
    url_docs: int = 0
    url_service: int = 0


SIGNAL_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PageSignals))

_COUNTED = {
    "a": "n_a", "p": "n_p", "h1": "n_h1", "h2": "n_h2", "h3": "n_h3", "article": "n_article",
    "time": "n_time", "form": "n_form", "input": "n_input", "button": "n_button",
    "select": "n_select", "li": "n_li", "img": "n_img", "table": "n_table", "pre": "n_code",
    "code": "n_code", "blockquote": "n_blockquote",
}
_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
_PUBLISHED = frozenset({"article:published_time", "datepublished", "date", "pubdate", "dc.date",
                       "dc.date.issued", "sailthru.date", "parsely-pub-date", "publish-date"})
_AUTHOR = frozenset({"author", "article:author", "sailthru.author", "parsely-author", "byl",
                     "dc.creator"})
_SECTION = frozenset({"article:section", "article:tag", "news_keywords"})
#: class/id vocabulary families, counted as substrings of the joined class/id values.
_ATTR_WORDS: dict[str, tuple[str, ...]] = {
    "cls_product": ("product", "price", "cart"),
    "cls_comment": ("comment", "reply"),
    "cls_forum": ("forum", "thread", "topic", "post-body", "message"),
    "cls_card": ("card", "teaser", "tile", "item"),
    "cls_pager": ("paginat", "pager"),
    "cls_article": ("article", "story", "entry-content", "post-content"),
    "cls_author": ("author", "byline"),
    "cls_docs": ("docs", "toc", "highlight"),
    "cls_share": ("share", "social"),
    "cls_form": ("form", "contact", "btn", "button"),
}
_CART_WORDS = ("add to cart", "add to bag", "add to basket", "buy now", "in stock", "checkout",
               "warenkorb", "panier", "carrito", "carrello", "winkelwagen")


_SCAN_CHARS = 12_000


def _norm_len(text: str) -> int:
    return len(" ".join(text.split()))


def html_signals(tree: HtmlElement, url: str | None) -> PageSignals:
    """Read page-type signals from a parsed tree: one pass over the elements, a few xpath string
    reads and regex counts. Read-only, so the tree handed to trafilatura afterwards is unchanged."""
    out: dict[str, int] = dict.fromkeys(SIGNAL_NAMES, 0)
    og_type = ""
    types: list[str] = []
    n_elements = 0
    body = tree.find("body")
    root = body if body is not None else tree
    in_body = body is None
    hidden = 0  # script/style text inside the body, which string() would count as text
    attrs: list[str] = []
    for el in tree.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        n_elements += 1
        value = el.get("class")
        if value:
            attrs.append(value)
        value = el.get("id")
        if value:
            attrs.append(value)
        name = _COUNTED.get(tag)
        if name is not None:
            if tag == "input" and el.get("type") == "hidden":
                continue
            out[name] += 1
            if tag == "a" and el.get("rel") == "author":
                out["meta_author"] = 1
        elif tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            if key == "og:type":
                og_type = og_type or (el.get("content") or "").strip().lower()
            elif key in _PUBLISHED:
                out["meta_published"] = 1
            elif key in _AUTHOR:
                out["meta_author"] = 1
            elif key in _SECTION:
                out["meta_section"] = 1
            continue
        elif tag in _NOT_TEXT:
            script = el.text
            if script:
                if in_body:
                    hidden += _norm_len(script)
                if tag == "script" and el.get("type") == "application/ld+json":
                    for match in _LD_TYPE.findall(script):
                        types.extend(_WORD.findall(match))
        elif tag == "body":
            in_body = True
        value = el.get("itemtype")
        if value:
            types.extend(t.rsplit("/", 1)[-1] for t in value.split())
        if el.get("itemprop") == "datePublished":
            out["meta_published"] = 1
    out["n_elements"] = n_elements

    text = " ".join(root.xpath("string()").split())
    out["text_chars"] = max(len(text) - hidden, 0)
    links: list[str] = root.xpath(".//a//text()", smart_strings=False)
    out["link_chars"] = _norm_len(" ".join(links))
    p_lens = [_norm_len(p.text_content()) for p in root.iter("p")]
    out["p_chars"] = sum(p_lens)
    out["n_long_p"] = sum(1 for n in p_lens if n >= 200)
    out["max_p_chars"] = max(p_lens, default=0)
    # regex counts over the head of the text only: bounded cost on very long pages
    sample = text[:_SCAN_CHARS]
    lowered = sample.lower()
    out["scan_chars"] = len(sample)
    out["price_hits"] = len(_PRICE.findall(sample))
    out["cart_hits"] = sum(lowered.count(w) for w in _CART_WORDS)
    out["date_hits"] = len(_DATE_TEXT.findall(lowered))

    types = [t.lower() for t in types]
    for family, members in _TYPE_FAMILIES.items():
        out[f"ld_{family}"] = sum(1 for t in types if t in members)
    out["n_ld_types"] = sum(1 for t in types if t not in {"http", "https", "schema", "org"})
    out["og_article"] = int(og_type.startswith("article"))
    out["og_product"] = int("product" in og_type)
    out["og_website"] = int(og_type == "website")
    out["og_other"] = int(bool(og_type) and not (out["og_article"] or out["og_product"]
                                                 or out["og_website"]))

    joined_attrs = " ".join(attrs).lower()
    for name, words in _ATTR_WORDS.items():
        out[name] = sum(joined_attrs.count(w) for w in words)

    out.update(url_features(url))
    return PageSignals(**out)


def url_features(url: str | None) -> dict[str, int]:
    """URL shape: articles tend to have a long hyphenated slug, a date, no query string."""
    out = {name: 0 for name in SIGNAL_NAMES if name.startswith("url_")}
    if not url:
        return out
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return out
    path = parts.path or "/"
    segments = [s for s in path.split("/") if s]
    slug = segments[-1] if segments else ""
    slug = re.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", slug, flags=re.I)
    out["url_known"] = 1
    out["url_depth"] = len(segments)
    out["url_date"] = int(bool(_URL_DATE.search(path)))
    out["url_query"] = int(bool(parts.query))
    out["url_trailing_slash"] = int(path.endswith("/") and len(path) > 1)
    out["url_slug_words"] = len([w for w in re.split(r"[-_+]", slug) if w]) if slug else 0
    out["url_slug_chars"] = len(slug)
    out["url_digits"] = sum(c.isdigit() for c in path)
    out["url_html"] = int(bool(re.search(r"\.s?html?$", path, re.I)))
    lowered = path.lower()
    for name, pattern in _URL_WORDS.items():
        out[name] = int(bool(pattern.search(lowered)))
    return out


# --------------------------------------------------------------------------------------------
# Feature vectors
# --------------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?。！？…\"'”’»)]$")


def body_features(paragraphs: list[str], prefix: str = "body") -> dict[str, float]:
    """Shape of an extracted body: prose has many long, sentence-like paragraphs."""
    paras = [p.strip() for p in paragraphs if p and p.strip()]
    words = [len(p.split()) for p in paras]
    n = len(paras)
    chars = sum(len(p) for p in paras)
    ends = [_SENTENCE_END.search(p) is not None for p in paras]
    sentence = sum(1 for w, e in zip(words, ends) if w >= 10 and e)
    longest_run = run = 0
    for w, e in zip(words, ends):
        run = run + 1 if (w >= 15 and e) else 0
        longest_run = max(longest_run, run)
    joined = "\n".join(paras)[:_SCAN_CHARS]  # regex counts on the head only: bounded cost
    return {
        f"{prefix}_paras": float(n),
        f"{prefix}_log_chars": math.log1p(chars),
        f"{prefix}_words": float(sum(words)),
        f"{prefix}_mean_words": sum(words) / n if n else 0.0,
        f"{prefix}_max_words": float(max(words, default=0)),
        f"{prefix}_share_sentence": sentence / n if n else 0.0,
        f"{prefix}_share_short": sum(1 for w in words if w <= 4) / n if n else 0.0,
        f"{prefix}_share_long": sum(1 for w in words if w >= 30) / n if n else 0.0,
        f"{prefix}_share_list": sum(1 for p in paras if p[:2] in {"* ", "- ", "• "}) / n if n else 0.0,
        f"{prefix}_longest_prose_run": float(longest_run),
        f"{prefix}_price_hits": float(len(_PRICE.findall(joined))),
        f"{prefix}_date_hits": float(len(_DATE_TEXT.findall(joined.lower()))),
        f"{prefix}_question_share": sum(1 for p in paras if p.endswith("?")) / n if n else 0.0,
    } | _lexical(paras[:_LEXICAL_PARAS], prefix)


_LEXICAL_PARAS = 60
_PAGE_LEXICAL_LINES = 300
_TOKEN = re.compile(r"[a-z']+|\d+")
_LEXICON: dict[str, frozenset[str]] = {
    # who the text speaks to / as: service, product and docs pages address the reader
    "you": frozenset({"you", "your", "you're", "yours", "you'll"}),
    "we": frozenset({"we", "our", "us", "we're", "we'll", "ours"}),
    "i": frozenset({"i", "my", "me", "i'm", "i've", "mine"}),
    # reporting verbs and narrative past: news and features
    "said": frozenset({"said", "says", "told", "according", "reported", "announced", "stated"}),
    "past": frozenset({"was", "were", "had", "did", "became", "went", "came", "made"}),
    "third": frozenset({"he", "she", "they", "his", "her", "their", "him", "them"}),
    "cta": frozenset({"contact", "call", "book", "order", "buy", "download", "install", "click",
                      "sign", "subscribe", "quote", "free", "pricing", "shipping"}),
    "service": frozenset({"services", "solutions", "clients", "customers", "team", "expertise",
                          "professional", "consultation", "support", "business", "businesses"}),
    "product": frozenset({"size", "color", "colour", "warranty", "returns", "reviews", "stock",
                          "delivery", "price", "cart", "item", "specifications"}),
    "docs": frozenset({"function", "returns", "example", "parameter", "parameters", "default",
                       "method", "value", "type", "file", "command", "syntax", "argument"}),
    "forum": frozenset({"thanks", "thank", "hi", "hello", "reply", "replies", "posted", "post",
                        "quote", "joined", "anyone", "solved", "issue", "problem"}),
}


def _lexical(paras: list[str], prefix: str) -> dict[str, float]:
    """Rates of a few word families per token (English words: near zero for other languages,
    where the structural features carry the decision)."""
    tokens = _TOKEN.findall(" ".join(paras).lower())
    n = max(len(tokens), 1)
    counts = Counter(tokens)  # counted in C; the families then look up a few words each
    out = {f"{prefix}_lex_{name}": sum(counts[w] for w in words) / n
           for name, words in _LEXICON.items()}
    out[f"{prefix}_lex_digits"] = sum(c for t, c in counts.items() if t[0].isdigit()) / n
    return out


_PAGETYPES = ("article", "product", "website", "homepage", "object")


def html_features(signals: PageSignals, result: HtmlResult) -> dict[str, float]:
    """Signals + ratios + what trafilatura extracted -> the HTML model's inputs."""
    feats: dict[str, float] = {k: float(getattr(signals, k)) for k in SIGNAL_NAMES}
    text = max(signals.text_chars, 1)
    kchars = text / 1000.0
    feats["link_density"] = signals.link_chars / text
    feats["a_per_kchar"] = signals.n_a / kchars
    feats["p_share"] = signals.p_chars / text
    feats["headings_per_kchar"] = (signals.n_h2 + signals.n_h3) / kchars
    feats["li_per_kchar"] = signals.n_li / kchars
    feats["log_text_chars"] = math.log1p(signals.text_chars)
    scanned = max(signals.scan_chars, 1) / 1000.0
    feats["price_per_kchar"] = signals.price_hits / scanned
    feats["date_per_kchar"] = signals.date_hits / scanned
    feats.update(body_features(result.paragraphs))
    body_chars = sum(len(p) for p in result.paragraphs)
    feats["body_share_of_page"] = body_chars / text
    feats["has_title"] = float(bool(result.title))
    feats["title_words"] = float(len(result.title.split())) if result.title else 0.0
    feats["has_date"] = float(bool(result.published))
    feats["has_author"] = float(bool(result.authors))
    feats["has_subtitle"] = float(bool(result.subtitle))
    pagetype = (result.pagetype or "").lower()
    for name in _PAGETYPES:
        feats[f"tf_{name}"] = float(pagetype == name)
    feats["tf_other"] = float(bool(pagetype) and pagetype not in _PAGETYPES)
    return feats


_TEXT_SCAN_CHARS = 30_000
_BYLINE = re.compile(r"^(?:by|written by|von|par|por|door|di)\s+\S", re.I)
_READ_TIME = re.compile(r"\b\d+\s*(?:min|minute)s?\b(?:\s*read)?", re.I)


def text_features(page_text: str, title: str | None, paragraphs: list[str]) -> dict[str, float]:
    """Shape of a flattened page (lines) and of the body a text extractor kept from it."""
    lines = [ln.strip() for ln in page_text.split("\n")]
    lines = [ln for ln in lines if ln]
    words = [len(ln.split()) for ln in lines]
    n = len(lines)
    chars = sum(len(ln) for ln in lines)
    longest_run = run = 0
    for ln, w in zip(lines, words):
        run = run + 1 if (w >= 15 and _SENTENCE_END.search(ln)) else 0
        longest_run = max(longest_run, run)
    joined = "\n".join(lines)[:_TEXT_SCAN_CHARS]  # regex counts on the head: bounded cost
    lowered = joined.lower()
    price_hits = len(_PRICE.findall(joined))
    feats: dict[str, float] = {
        "page_lines": float(n),
        "page_log_chars": math.log1p(chars),
        "page_share_short": sum(1 for w in words if w <= 3) / n if n else 0.0,
        "page_share_long": sum(1 for w in words if w >= 20) / n if n else 0.0,
        "page_share_list": sum(1 for ln in lines if ln[:2] in {"* ", "- ", "• "}) / n if n else 0.0,
        "page_share_sentence": (
            sum(1 for ln, w in zip(lines, words) if w >= 10 and _SENTENCE_END.search(ln)) / n
            if n else 0.0
        ),
        "page_longest_prose_run": float(longest_run),
        "page_price_per_kchar": price_hits / max(len(joined) / 1000.0, 1.0),
        "page_price_hits": float(price_hits),
        "page_cart_hits": float(sum(lowered.count(w) for w in _CART_WORDS)),
        "page_date_hits": float(len(_DATE_TEXT.findall(lowered))),
        "page_byline": float(any(_BYLINE.match(ln) and len(ln) < 80 for ln in lines[:80])),
        "page_read_time": float(bool(_READ_TIME.search("\n".join(lines[:80])))),
        "page_table_lines": sum(1 for ln in lines if "  " in ln) / n if n else 0.0,
        "title_words": float(len(title.split())) if title else 0.0,
    }
    feats.update(_lexical(lines[:_PAGE_LEXICAL_LINES], "page"))
    feats.update(body_features(paragraphs))
    body_chars = sum(len(p) for p in paragraphs)
    feats["body_share_of_page"] = body_chars / max(chars, 1)
    return feats


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------


class PageTypeModel:
    """Picklable; loads its model files lazily on first use (nothing loaded in __init__), so it can
    be created cheaply and shipped to worker processes, each loading the models once."""

    def __init__(self, model_dir: str | None = None) -> None:
        self.model_dir = model_dir
        self._html: Any = None
        self._text: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"model_dir": self.model_dir}  # boosters are reloaded in the receiving process

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model_dir"])  # type: ignore[misc]

    def _path(self, name: str) -> Path:
        return (Path(self.model_dir) if self.model_dir else MODEL_DIR) / name

    def _load(self, name: str) -> tuple[Any, list[str]]:
        from ._lgb import booster as load_booster

        booster = load_booster(model_file=str(self._path(name)))
        return booster, list(booster.feature_name())

    def _predict(self, model: tuple[Any, list[str]], feats: dict[str, float]) -> float:
        import numpy as np

        booster, names = model
        missing = [n for n in names if n not in feats]
        if missing:
            raise ValueError(f"page-type model expects features not computed: {missing[:5]}")
        row = np.array([[feats[n] for n in names]], dtype=np.float64)
        return float(booster.predict(row, num_threads=1)[0])

    def score_html(self, signals: PageSignals, result: HtmlResult) -> float:
        """P(article) for an HTML page, from its tree signals and trafilatura's result."""
        if self._html is None:
            self._html = self._load(HTML_MODEL_FILE)
        return self._predict(self._html, html_features(signals, result))

    def score_text(self, page_text: str, title: str | None, paragraphs: list[str]) -> float:
        """P(article) for a flattened text page, from the page lines and the extracted body."""
        if self._text is None:
            self._text = self._load(TEXT_MODEL_FILE)
        return self._predict(self._text, text_features(page_text, title, paragraphs))


def load_metadata(model_dir: str | None = None) -> dict[str, Any]:
    """The training metadata written next to the models (feature names, thresholds, CV figures)."""
    path = (Path(model_dir) if model_dir else MODEL_DIR) / META_FILE
    return dict(json.loads(path.read_text(encoding="utf-8")))
