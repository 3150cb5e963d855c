"""Tests of the flattened-text article extractor on invented pages (no shared data needed)."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.lines import BASE_NAMES, PASS2_NAMES, base_features, second_pass_features, split_page
from newsgraph.extract.text import (
    TextExtractor,
    TextPage,
    TextSettings,
    parse_byline,
    parse_date,
)

SUMMIT_BODY = [
    "The two presidents met for three hours on Tuesday and agreed to expand cooperation on ports, "
    "rail freight and customs, according to officials who briefed reporters after the session ended.",
    "Both delegations described the talks as frank but constructive. Negotiators have spent most of "
    "the past year arguing over tariffs on steel and farm goods, and neither side expected a deal "
    "this quickly.",
    "Investment Plans",
    "Under the plan, the two governments will create a joint fund to finance new warehouses near the "
    "border, where lorries now wait for up to two days to clear inspections during the harvest.",
    "Economists said the pledge could lift trade between the neighbours by a fifth within five years, "
    "although they cautioned that similar promises made a decade ago were never carried out.",
    "The leaders are due to meet again in the autumn, when officials hope to sign a formal treaty "
    "that would lock in the lower tariffs and set up a permanent dispute panel.",
]

SUMMIT_PAGE = "\n".join(
    [
        "Follow us",
        "Search this site...",
        "* Home",
        "* World",
        "* Business",
        "* Sport",
        "",
        "Summit Diplomacy",
        "",
        "Leaders Pledge Deeper Trade Ties at Summit",
        "By Maria Lopez",
        "March 3, 2025",
        "",
        "Trade Talks Deepen",
        "",
        *[p + "\n" for p in SUMMIT_BODY],
        "Share this article",
        "* Facebook",
        "* Twitter",
        "",
        "Related Posts",
        "",
        "How a garage startup became a household name, and what its founders learned about growing "
        "too fast in a market that punishes every mistake ...",
        "",
        "Beyond football: the surprising rise of the country's handball league and the small towns "
        "that keep filling its arenas every weekend ...",
        "",
        "Widget error: feed could not be loaded.",
        "Only site administrators can see this message.",
        "\u00a9 2025 Example News. All rights reserved.",
    ]
)

PORT_BODY = [
    "Following weeks of negotiation, the ministry confirmed on Friday that the harbour authority and "
    "a consortium of shipping firms had signed a thirty-year agreement to modernise the eastern docks.",
    "The deal includes new cranes, a deeper channel for container ships and a rail spur that will "
    "carry goods inland without passing through the crowded city centre.",
    "Dock workers' unions, which had threatened to strike over automation, said they had won "
    "guarantees that no permanent jobs would be cut during the first ten years of the contract.",
    "Opposition politicians questioned the cost, which they put at twice the figure announced by the "
    "government, and called for the full text of the agreement to be published.",
    "Construction is expected to start next spring and to last about four years, the ministry said.",
]

PORT_PAGE = "\n".join(
    [
        "Menu",
        "Subscribe",
        "",
        "Minister hails new port deal as a turning point.",
        "Minister hails new port deal as a turning point.",
        "",
        "New Port Deal Signed After Months of Talks",
        "",
        *[p + "\n" for p in PORT_BODY],
        "Jane Doe",
        "Jane Doe writes about city life for Example Daily, where she has covered transport, housing "
        "and local politics since joining the paper as a trainee reporter.",
        "",
        "Older Post",
        "Mayor Opens New Library Wing",
        "Newer Post",
        "City Council Debates Budget",
        "",
        "More in Politics",
        "Widget error: feed could not be loaded.",
        "Only site administrators can see this message.",
    ]
)


def _extract(page: str) -> TextPage:
    return TextExtractor().extract(page)


# ------------------------------------------------------------------ model-backed behaviour

def test_text_finds_title_byline_and_date_before_body() -> None:
    out = _extract(SUMMIT_PAGE)
    assert out.title == "Leaders Pledge Deeper Trade Ties at Summit"
    assert out.authors == ["Maria Lopez"]
    assert out.published == "2025-03-03"


def test_text_keeps_body_paragraphs_and_section_headings() -> None:
    out = _extract(SUMMIT_PAGE)
    for p in SUMMIT_BODY:
        assert p in out.paragraphs
    assert "Investment Plans" in out.paragraphs
    assert out.paragraphs.index("Investment Plans") == out.paragraphs.index(SUMMIT_BODY[2])


def test_text_keeps_title_and_category_out_of_body() -> None:
    out = _extract(SUMMIT_PAGE)
    assert "Leaders Pledge Deeper Trade Ties at Summit" not in out.paragraphs
    assert "Summit Diplomacy" not in out.paragraphs
    assert "By Maria Lopez" not in out.paragraphs


def test_text_drops_related_teasers() -> None:
    out = _extract(SUMMIT_PAGE)
    body = "\n".join(out.paragraphs)
    assert "garage startup" not in body
    assert "handball" not in body
    assert "Related Posts" not in body


def test_text_drops_navigation_share_and_footer() -> None:
    out = _extract(SUMMIT_PAGE)
    body = "\n".join(out.paragraphs)
    for chrome in ("Follow us", "Search this site", "Home", "Share this article", "Facebook", "\u00a9"):
        assert chrome not in body


def test_text_drops_widget_errors_after_article() -> None:
    body = "\n".join(_extract(PORT_PAGE).paragraphs)
    assert "Widget error" not in body and "administrators" not in body


@pytest.mark.xfail(reason="known weakness: after the teasers of this short page the widget error line scores "
                   "~0.55", strict=False)
def test_text_drops_widget_errors_after_teasers() -> None:
    body = "\n".join(_extract(SUMMIT_PAGE).paragraphs)
    assert "Widget error" not in body and "administrators" not in body


def test_text_subtitle_printed_twice_comes_back_once() -> None:
    out = _extract(PORT_PAGE)
    assert out.title == "New Port Deal Signed After Months of Talks"
    assert out.subtitle == "Minister hails new port deal as a turning point."
    assert all("turning point" not in p for p in out.paragraphs)


def test_text_author_bio_is_byline_not_body() -> None:
    out = _extract(PORT_PAGE)
    assert out.authors == ["Jane Doe"]
    body = "\n".join(out.paragraphs)
    assert "writes about city life" not in body
    assert "Jane Doe" not in body


def test_text_drops_prev_next_links() -> None:
    out = _extract(PORT_PAGE)
    body = "\n".join(out.paragraphs)
    for chrome in ("Older Post", "Newer Post", "Mayor Opens New Library Wing", "City Council Debates Budget",
                   "More in Politics", "Widget error", "administrators"):
        assert chrome not in body
    assert out.paragraphs[0] == PORT_BODY[0]
    assert out.paragraphs[-1] == PORT_BODY[-1]


def test_text_empty_input_gives_empty_page() -> None:
    out = _extract("")
    assert out == TextPage(None, None, [], [])
    assert _extract("\n\n  \n").paragraphs == []


def test_text_extractor_is_picklable_and_lazy() -> None:
    ex = TextExtractor(TextSettings(threshold=0.4))
    assert ex._model is None
    ex.extract(PORT_PAGE)
    clone = pickle.loads(pickle.dumps(ex))
    assert clone._model is None and clone.settings.threshold == 0.4
    assert clone.extract(PORT_PAGE) == ex.extract(PORT_PAGE)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), max_size=40))
def test_text_any_input_gives_paragraphs_from_input_lines(lines: list[str]) -> None:
    page = "\n".join(lines)
    out = _extract(page)
    assert isinstance(out, TextPage)
    stripped = {x.strip() for x in page.split("\n")}
    for p in out.paragraphs:
        assert p and p == p.strip() and p in stripped
    if out.title is not None:
        assert out.title in stripped


# ------------------------------------------------------------------------ rules and features

def test_parse_byline_splits_authors_and_drops_dates() -> None:
    assert parse_byline("By Maria Lopez") == ["Maria Lopez"]
    assert parse_byline("By Ann Lee and Tom Berg | May 2, 2024") == ["Ann Lee", "Tom Berg"]
    assert parse_byline("Bypass road closed") == []


def test_parse_date_reads_common_formats() -> None:
    assert parse_date("March 3, 2025") == "2025-03-03"
    assert parse_date("Published 4 September 2025, 10:00") == "2025-09-04"
    assert parse_date("2024-11-30T08:00") == "2024-11-30"
    assert parse_date("Chapter 13") is None


def test_features_have_one_row_per_nonblank_line() -> None:
    pl = split_page(SUMMIT_PAGE)
    x1, ti = base_features(pl, {"the": 0.5})
    assert x1.shape == (len([x for x in SUMMIT_PAGE.split("\n") if x.strip()]), len(BASE_NAMES))
    x2 = second_pass_features(pl, x1, np.linspace(0, 1, len(x1)), ti)
    assert x2.shape == (len(x1), len(PASS2_NAMES))
    assert np.isfinite(x2).all()


class _FixedScores:
    """Stands in for the line model: body lines (given as a set) score 0.95, others 0.05."""

    def __init__(self, body: set[str]):
        self.body = body

    def score(self, pl):  # type: ignore[no-untyped-def]
        return np.array([0.95 if line in self.body else 0.05 for line in pl.lines])


def test_head_rules_pick_title_subtitle_byline_from_lines_before_body() -> None:
    paras = [
        "The county opened its third recycling centre on Monday, months ahead of the schedule set "
        "by the council when the project was approved two winters ago.",
        "Residents can now drop off glass, paper and garden waste seven days a week, and staff will "
        "collect bulky items from homes on request for a small fee.",
    ]
    page = "\n".join(["Local News", "Recycling Centre Opens Early", "A smaller site will follow in the north next year.",
                      "By Omar Haddad and Lena Fischer", "Published 12 June 2024", *paras, "Comments (4)"])
    ex = TextExtractor.from_model(_FixedScores(set(paras)))  # type: ignore[arg-type]
    out = ex.extract(page)
    assert out.title == "Recycling Centre Opens Early"
    assert out.subtitle == "A smaller site will follow in the north next year."
    assert out.authors == ["Omar Haddad", "Lena Fischer"]
    assert out.published == "2024-06-12"
    assert out.paragraphs == paras


def test_head_rules_take_kept_headline_out_of_body() -> None:
    paras = [
        "Storm Damage Closes Coastal Road",
        "Engineers said on Sunday that the coast road would stay shut for at least a month after "
        "waves undermined a long stretch of the sea wall overnight.",
        "Buses will use a diversion through the hills, adding about twenty minutes to each trip.",
    ]
    ex = TextExtractor.from_model(_FixedScores(set(paras)))  # type: ignore[arg-type]
    out = ex.extract("\n".join(["Menu", *paras, "Newsletter"]))
    assert out.title == "Storm Damage Closes Coastal Road"
    assert out.paragraphs == paras[1:]
