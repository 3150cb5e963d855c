"""Event dates: a date the sentence names, resolved against the article's date."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.events.dates import sentence_date

ARTICLE = "2024-05-16"  # a Thursday


@pytest.mark.parametrize("sentence,expected", [
    ("Russia attacked Ukraine on Tuesday.", "2024-05-14"),
    ("The two presidents met on Thursday.", "2024-05-16"),      # the article's own weekday
    ("Russia attacked Ukraine yesterday.", "2024-05-15"),
    ("Russia attacked Ukraine on 3 March.", "2024-03-03"),
    ("Russia attacked Ukraine on March 3, 2022.", "2022-03-03"),
    ("The treaty was signed on Sept. 8 in Beijing.", "2023-09-08"),  # not yet come in May: last year
    ("Russia attacked Ukraine in May.", ARTICLE),                # a month alone is not a day
    ("About 20 may die in the floods.", ARTICLE),                # "may" the modal
    ("Russia attacked Ukraine.", ARTICLE),
])
def test_sentence_date_resolves_against_the_article_date(sentence: str, expected: str) -> None:
    assert sentence_date(sentence, ARTICLE) == expected


def test_a_date_just_past_new_year_belongs_to_the_year_before() -> None:
    assert sentence_date("Fighting resumed on December 30.", "2024-01-05") == "2023-12-30"


def test_without_an_article_date_only_full_dates_resolve() -> None:
    assert sentence_date("Russia attacked Ukraine on Tuesday.", None) is None
    assert sentence_date("Russia attacked Ukraine on 3 March 2022.", None) == "2022-03-03"


@given(st.text(max_size=200))
def test_sentence_date_never_raises_and_returns_iso_or_the_article_date(text: str) -> None:
    got = sentence_date(text, ARTICLE)
    assert got is not None and len(got) == 10 and got[4] == "-" and got[7] == "-"
