"""HTML pages -> article fields, on trafilatura (body, metadata, htmldate) plus our post-cleaning.

Post-cleaning is kept only where it measurably helps on the dev sets (see docs/benchmarks.md):
- the headline that trafilatura leaves at the top of the body is removed (the body is body only);
- a byline or the standfirst repeated as the first body lines is removed;
- authors are split and cleaned ("Jane Doe; MS; RD" -> ["Jane Doe"]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..record import normalise_text


@dataclass(frozen=True, slots=True)
class HtmlSettings:
    """Options passed to trafilatura, plus our caps."""

    include_tables: bool = True
    include_comments: bool = False
    fast: bool = False  # True skips trafilatura's fallback extractors: faster, lower recall
    favor_precision: bool = False
    favor_recall: bool = False
    max_tree_size: int = 500_000  # elements; larger (or pathologically nested) trees are rejected
    max_depth: int = 250  # nesting levels; libxml2 silently cuts trees at 256, so deeper is lost


@dataclass(slots=True)
class HtmlResult:
    """What HTML extraction found; ``paragraphs`` is the body only."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    language: str | None = None
    pagetype: str | None = None
    paragraphs: list[str] = field(default_factory=list)


class HtmlError(ValueError):
    """A page that cannot be extracted; ``reason`` is a REJECT_REASONS key."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def load_tree(html: str, settings: HtmlSettings) -> HtmlElement:
    """Parse once; the tree is shared by page-type signals and trafilatura."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (ValueError, TypeError) as err:  # lxml raises ValueError on some control characters
        raise HtmlError("parse_error", f"HTML could not be parsed: {err}") from err
    if tree is None:
        raise HtmlError("no_content", "HTML could not be parsed into a document")
    # Both checks run in libxml2's XPath engine: a Python walk over the tree costs 3-5x more.
    size = int(tree.xpath("count(//*)"))
    if size > settings.max_tree_size:
        raise HtmlError("too_large", f"{size} HTML elements > {settings.max_tree_size}")
    if tree.xpath("boolean(" + "/*" * (settings.max_depth + 1) + ")"):
        raise HtmlError("too_large", f"HTML nested deeper than {settings.max_depth} levels")
    return tree


def headings(tree: HtmlElement, limit: int = 3) -> list[str]:
    """The first ``<h1>`` texts of a page (read before trafilatura consumes the tree)."""
    out = []
    for h in tree.iterfind(".//h1"):
        text = _clean_line(h.text_content())
        if text:
            out.append(text)
            if len(out) >= limit:
                break
    return out


_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—›»·:]{1,2}\s+")


def clean_title(title: str | None, h1s: list[str], site_name: str | None, url: str | None) -> str | None:
    """Drop the site name that ``<title>`` tags append ("Headline - Site", "Headline | Site"):
    keep the page's ``<h1>`` when the title starts with it, else cut a last segment that names
    the site or its host."""
    if not title:
        return title
    norm_title = normalise_text(title)
    norm_site = normalise_text(site_name or "")
    for h in h1s:
        norm_h = normalise_text(h)
        if len(norm_h) < 8 or norm_h == norm_site or not norm_title.startswith(norm_h) or norm_title == norm_h:
            continue
        rest = title[len(h):] if title.casefold().startswith(h.casefold()) else ""
        # "Headline - Site": the rest is a separator and a name shorter than the headline
        # (an <h1> that is the site's logo followed by the headline must not win)
        if _TITLE_SEPARATOR.match(rest) and len(rest.split()) <= min(6, len(h.split()) + 1):
            return h
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) >= 2:
        tail = normalise_text(parts[-1])
        host = (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
        compact_tail = re.sub(r"\W+", "", tail)
        if tail and (
            tail == norm_site
            or (host and compact_tail and compact_tail in re.sub(r"\W+", "", host))
            or (host and re.sub(r"\W+", "", host.rsplit(".", 1)[0]) in compact_tail)
        ):
            head = title[: title.rfind(parts[-1])].rstrip()
            head = re.sub(r"[\s|\-–—›»·:]+$", "", head)
            if len(head.split()) >= 2:
                return head
    return title


def extract_html(tree: HtmlElement, url: str | None, settings: HtmlSettings) -> HtmlResult:
    """Run trafilatura on a parsed tree and clean its result. The tree is consumed."""
    from trafilatura import bare_extraction

    h1s = headings(tree)
    doc = bare_extraction(
        tree,
        url=url,
        fast=settings.fast,
        favor_precision=settings.favor_precision,
        favor_recall=settings.favor_recall,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
        with_metadata=True,
        deduplicate=False,
    )
    if doc is None:
        return HtmlResult(url=url)
    title = clean_title(_clean_line(doc.title), h1s, doc.sitename, doc.url or url)
    authors = split_authors(doc.author)
    lines = [ln.strip() for ln in (doc.text or "").split("\n")]
    lines = [ln for ln in lines if ln]
    description = _clean_line(doc.description)
    paragraphs = clean_body(lines, title=title, authors=authors, subtitle=description)
    subtitle = description if _is_standfirst(description, paragraphs) else None
    return HtmlResult(
        title=title,
        subtitle=subtitle,
        authors=authors,
        published=doc.date or None,
        site_name=_clean_line(doc.sitename),
        url=doc.url or url,
        language=(doc.language or None),
        pagetype=doc.pagetype or None,
        paragraphs=paragraphs,
    )


def _clean_line(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,5}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?)$")
_BY = re.compile(r"^(?:by|von|par|por|di|door)\s+", re.I)


def split_authors(value: str | None) -> list[str]:
    """trafilatura joins authors with "; ": split, strip "By", drop credentials and repeats."""
    if not value:
        return []
    out: list[str] = []
    for part in re.split(r";|\s+and\s+|\s+&\s+|\|", value):
        name = _BY.sub("", part.strip()).strip(" ,")
        if not name or _CREDENTIAL.match(name) or len(name) > 80:
            continue
        if name.lower() not in (n.lower() for n in out):
            out.append(name)
    return out


_BYLINE = re.compile(r"^(?:by|written by|von|par|por)\b", re.I)


def clean_body(
    lines: list[str], *, title: str | None, authors: list[str], subtitle: str | None
) -> list[str]:
    """Remove what is not body from trafilatura's lines: the headline, standfirst and byline at
    the top (trafilatura keeps the ``<h1>`` in its text; the body must not)."""
    norm_title = normalise_text(title) if title else None
    norm_sub = normalise_text(subtitle) if subtitle else None
    norm_authors = {normalise_text(a) for a in authors}
    start = 0
    # Only the first few lines can be the page's header block.
    while start < len(lines) and start < 4:
        norm = normalise_text(lines[start])
        if norm_title and (norm == norm_title or (len(norm) > 20 and norm_title.startswith(norm))):
            start += 1
            continue
        if norm_sub and norm == norm_sub and start + 1 < len(lines):
            start += 1
            continue
        if len(norm) < 80 and (
            norm in norm_authors or (_BYLINE.match(lines[start]) and any(a in norm for a in norm_authors))
        ):
            start += 1
            continue
        break
    body = lines[start:]
    if start and len(" ".join(body).split()) < 30:
        return lines  # the header block is all the page has: keep it rather than nothing
    return body


def _is_standfirst(description: str | None, paragraphs: list[str]) -> bool:
    """A meta description is a subtitle only when it is not just the body's opening cut short."""
    if not description or len(description) > 400 or len(description.split()) < 4:
        return False
    norm = normalise_text(description).rstrip(".…").rstrip()
    body_head = normalise_text(" ".join(paragraphs[:2]))
    return not body_head.startswith(norm[: max(20, len(norm) - 5)])
