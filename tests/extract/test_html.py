"""HTML extraction details on top of trafilatura: titles, authors, the body's header block."""

from __future__ import annotations

from newsgraph.extract.html import clean_body, clean_title, split_authors


def test_title_drops_site_name_suffix_when_h1_starts_the_title() -> None:
    assert clean_title("Port deal signed after talks | Harbour Courier", ["Port deal signed after talks"], None, None) == (
        "Port deal signed after talks"
    )


def test_title_drops_suffix_naming_the_site_or_host() -> None:
    assert clean_title("Port deal signed - Harbour Courier", [], "Harbour Courier", None) == "Port deal signed"
    assert clean_title("Port deal signed – harbourcourier.example", [], None, "https://www.harbourcourier.example/a") == (
        "Port deal signed"
    )


def test_title_keeps_headlines_whose_parts_are_not_the_site() -> None:
    assert clean_title("Trade talks - what comes next", [], "Harbour Courier", None) == "Trade talks - what comes next"
    # a logo <h1> followed by the headline must not replace the title
    assert clean_title("Harbour Courier - Port deal signed after months of talks", ["Harbour Courier"], None, None) == (
        "Harbour Courier - Port deal signed after months of talks"
    )


def test_authors_are_split_and_credentials_dropped() -> None:
    assert split_authors("By Jane Doe; MS; RD") == ["Jane Doe"]
    assert split_authors("Ana Ruiz and Lee Park") == ["Ana Ruiz", "Lee Park"]
    assert split_authors(None) == []


def test_body_loses_headline_and_byline_but_keeps_a_page_that_is_only_a_header() -> None:
    lines = ["Port Deal Signed", "By Jane Doe", "The ministry signed the deal on Tuesday after weeks of talks " * 3]
    assert clean_body(lines, title="Port Deal Signed", authors=["Jane Doe"], subtitle=None) == lines[2:]
    short = ["Port Deal Signed", "A short note."]
    assert clean_body(short, title="Port Deal Signed", authors=[], subtitle=None) == short
