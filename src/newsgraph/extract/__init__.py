"""Extract: ``RawDoc -> Article`` for HTML (trafilatura + cleaning) and flattened page text
(a learned line classifier), with language identification and the is-article decision."""

from .html import HtmlResult, HtmlSettings, extract_html, load_tree
from .stage import ExtractSettings, ExtractStats, Extractor, extract_stream, normalise_date

__all__ = [
    "ExtractSettings",
    "ExtractStats",
    "Extractor",
    "HtmlResult",
    "HtmlSettings",
    "extract_html",
    "extract_stream",
    "load_tree",
    "normalise_date",
]
