"""The extract stage: ``RawDoc -> Article``, with settings, counters and an optional process pool.

``Extractor`` is a picklable callable holding only settings; its models (line classifier,
page-type classifier) load lazily on first use in each worker process, so the same object runs
in-process, in a ``multiprocessing`` pool, or (later) on Ray without change.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..record import Article, IdAllocator, RawDoc, article_id
from ..ingest.readers import ReadSettings
from .html import HtmlError, HtmlSettings, extract_html, load_tree

if TYPE_CHECKING:
    from .pagetype import PageTypeModel
    from .text import TextExtractor, TextSettings


def _default_text_settings() -> TextSettings:
    from .text import TextSettings

    return TextSettings()


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Every knob of the extract stage; ``newsgraph extract --config`` reads them from TOML."""

    read: ReadSettings = field(default_factory=ReadSettings)
    html: HtmlSettings = field(default_factory=HtmlSettings)
    text: TextSettings = field(default_factory=_default_text_settings)
    #: P(article) thresholds; None takes the value chosen by cross-validation (pagetype.py).
    article_threshold_html: float | None = None
    article_threshold_text: float | None = None
    #: a body shorter than this many words is never an article (it may still be extracted).
    min_article_words: int = 40
    #: chars of body used for language identification (longer costs time, gains little).
    language_sample_chars: int = 1000


@dataclass(slots=True)
class ExtractStats:
    """Counts that always add up: read == extracted + rejected."""

    read: int = 0
    extracted: int = 0
    articles: int = 0
    non_articles: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    def add(self, article: Article) -> None:
        self.read += 1
        if article.ok:
            self.extracted += 1
            if article.is_article:
                self.articles += 1
            else:
                self.non_articles += 1
        else:
            self.rejected[article.reason or "unknown"] += 1

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "extracted": self.extracted,
            "articles": self.articles,
            "non_articles": self.non_articles,
            "rejected": self.rejected_total,
            "rejected_by_reason": dict(sorted(self.rejected.items())),
        }


class Extractor:
    """``RawDoc -> Article``. Never raises on page content: failures become rejected Articles."""

    name = "extract.v1"

    def __init__(self, settings: ExtractSettings | None = None) -> None:
        self.settings = settings or ExtractSettings()
        self._text: TextExtractor | None = None
        self._pagetype: PageTypeModel | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings}  # models are reloaded lazily in the receiving process

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["settings"])  # type: ignore[misc]

    @property
    def text_extractor(self) -> TextExtractor:
        if self._text is None:
            from .text import TextExtractor

            self._text = TextExtractor(self.settings.text)
        return self._text

    @property
    def pagetype(self) -> PageTypeModel:
        if self._pagetype is None:
            from .pagetype import PageTypeModel

            self._pagetype = PageTypeModel()
        return self._pagetype

    def __call__(self, doc: RawDoc) -> Article:
        if doc.reason:
            return _rejected(doc, doc.reason, doc.detail)
        try:
            if doc.html is not None:
                article = self._from_html(doc)
            else:
                article = self._from_text(doc)
        except HtmlError as err:
            return _rejected(doc, err.reason, err.detail)
        except (RecursionError, MemoryError) as err:
            return _rejected(doc, "too_large", f"{type(err).__name__} while extracting")
        except Exception as err:  # noqa: BLE001 - one bad page must not stop the run
            return _rejected(doc, "parse_error", f"{type(err).__name__}: {err}"[:300])
        if not article.text.strip():
            return _rejected(doc, "no_content", "no body text could be extracted")
        return article

    def _threshold(self, text_model: bool) -> float:
        """The P(article) threshold: the setting if given, else the one chosen by CV."""
        from .pagetype import DEFAULT_THRESHOLD_HTML, DEFAULT_THRESHOLD_TEXT

        if text_model:
            given, default = self.settings.article_threshold_text, DEFAULT_THRESHOLD_TEXT
        else:
            given, default = self.settings.article_threshold_html, DEFAULT_THRESHOLD_HTML
        return default if given is None else given

    # -- HTML -------------------------------------------------------------------------------
    def _from_html(self, doc: RawDoc) -> Article:
        from .pagetype import html_signals

        assert doc.html is not None
        tree = load_tree(doc.html, self.settings.html)
        # A feed entry's body has no page around it: judge it as text, not as page layout.
        signals = None if doc.fragment else html_signals(tree, doc.url)  # before the tree is consumed
        result = extract_html(tree, doc.url, self.settings.html)
        if signals is None:
            score = self.pagetype.score_text("\n".join(result.paragraphs), result.title, result.paragraphs)
        else:
            score = self.pagetype.score_html(signals, result)
        return self._finish(
            doc,
            method="html",
            title=result.title,
            subtitle=result.subtitle,
            authors=result.authors,
            published=result.published,
            site_name=result.site_name,
            url=doc.url or result.url,
            paragraphs=result.paragraphs,
            article_score=score,
            threshold=self._threshold(text_model=signals is None),
        )

    # -- flattened text -----------------------------------------------------------------------
    def _from_text(self, doc: RawDoc) -> Article:
        page = doc.text or ""
        found = self.text_extractor.extract(page)
        return self._finish(
            doc,
            method="text",
            title=found.title,
            subtitle=found.subtitle,
            authors=found.authors,
            published=found.published,
            site_name=None,
            url=doc.url,
            paragraphs=found.paragraphs,
            article_score=self.pagetype.score_text(page, found.title, found.paragraphs),
            threshold=self._threshold(text_model=True),
        )

    def _finish(
        self,
        doc: RawDoc,
        *,
        method: str,
        title: str | None,
        subtitle: str | None,
        authors: list[str],
        published: str | None,
        site_name: str | None,
        url: str | None,
        paragraphs: list[str],
        article_score: float,
        threshold: float,
    ) -> Article:
        """Merge what the container said (JSON fields, feed entry, WARC URL) with what we found;
        the container wins for metadata it states explicitly."""
        text = "\n\n".join(p for p in paragraphs if p.strip())
        words = len(text.split())
        title = doc.title or title
        return Article(
            id=doc.id or article_id(url, text, doc.input),
            input=doc.input,
            url=url,
            site_name=doc.site_name or site_name,
            title=title,
            subtitle=subtitle if subtitle != title else None,
            authors=doc.authors or authors,
            published=normalise_date(doc.published) or normalise_date(published),
            language=doc.language or self._language(text, title),
            text=text,
            method=method,
            is_article=bool(article_score >= threshold and words >= self.settings.min_article_words),
        )

    def _language(self, text: str, title: str | None) -> str | None:
        sample = text[: self.settings.language_sample_chars] or (title or "")
        if len(sample.strip()) < 20:
            return None
        import py3langid

        lang, _ = py3langid.classify(sample)
        return str(lang)


def _rejected(doc: RawDoc, reason: str, detail: str | None) -> Article:
    return Article(
        id=doc.id or article_id(doc.url, "", doc.input),
        input=doc.input,
        url=doc.url,
        title=doc.title,
        status="rejected",
        reason=reason,
        detail=detail,
    )


def normalise_date(value: str | None) -> str | None:
    """Any date string -> ISO 8601 (date, or datetime when a time is given); None if unparseable."""
    if not value:
        return None
    value = value.strip()
    from dateutil import parser as dateparser

    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dateparser.parse(value)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
        if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and "T" not in value and ":" not in value:
            return parsed.date().isoformat()
        return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")
    if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and ":" not in value:
        return parsed.date().isoformat()
    return parsed.isoformat()


# -- driving the stage over a stream -----------------------------------------------------------

_WORKER: Extractor | None = None


def _init_worker(settings: ExtractSettings) -> None:
    global _WORKER  # one Extractor per worker process; models load on its first page
    _WORKER = Extractor(settings)


def _work(doc: RawDoc) -> Article:
    assert _WORKER is not None
    return _WORKER(doc)


def extract_stream(
    docs: Iterable[RawDoc],
    settings: ExtractSettings | None = None,
    workers: int = 1,
    stats: ExtractStats | None = None,
    on_article: Callable[[Article], None] | None = None,
    assign_id: Callable[[Article], str] | None = None,
) -> Iterator[Article]:
    """Extract every doc, in input order, with run-unique ids (``X#k`` for the k-th repeat).

    ``assign_id`` replaces the per-run allocator (the store passes one that knows the ids it
    already holds, so a resumed run gives the ids an uninterrupted one would)."""
    settings = settings or ExtractSettings()
    ids = IdAllocator()
    stats = stats if stats is not None else ExtractStats()

    def finish(article: Article) -> Article:
        article.id = assign_id(article) if assign_id is not None else ids(article.id)
        stats.add(article)
        if on_article is not None:
            on_article(article)
        return article

    if workers <= 1:
        extractor = Extractor(settings)
        for doc in docs:
            yield finish(extractor(doc))
        return
    # forkserver: no fork of a process whose libraries (OpenMP in LightGBM) hold threads.
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        for article in pool.imap(_work, docs, chunksize=16):
            yield finish(article)
