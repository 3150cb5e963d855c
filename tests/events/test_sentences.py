"""The cheap sentence splitter that decides what the events stage parses."""

from __future__ import annotations

from hypothesis import given, strategies as st

from newsgraph.events.stage import split_sentences


def test_sentences_end_at_a_full_stop_before_a_capital():
    assert split_sentences("Russia attacked. Ukraine responded! Was it war? Yes.") == [
        "Russia attacked.", "Ukraine responded!", "Was it war?", "Yes."]


def test_titles_initials_months_and_dotted_abbreviations_do_not_end_a_sentence():
    text = ("Netanyahu told Sens. Dick Durbin and Dianne Feinstein that he regrets it. "
            "The U.S. State Department agreed with Mr. Obama. George W. Bush met Putin in Jan. 2005.")
    assert split_sentences(text) == [
        "Netanyahu told Sens. Dick Durbin and Dianne Feinstein that he regrets it.",
        "The U.S. State Department agreed with Mr. Obama.",
        "George W. Bush met Putin in Jan. 2005."]


def test_a_lower_case_word_that_is_also_an_abbreviation_ends_a_sentence():
    assert split_sentences("The answer was no. Then Russia attacked. Prices rose vs. last year.") == [
        "The answer was no.", "Then Russia attacked.", "Prices rose vs. last year."]


def test_a_paragraph_break_always_ends_a_sentence():
    assert split_sentences("He met Sen.\n\nThe next day Russia protested.") == ["He met Sen.", "The next day Russia protested."]


def test_a_dateline_is_cut():
    assert split_sentences("MOSCOW — Russia accused Ukraine of shelling the plant.") == [
        "Russia accused Ukraine of shelling the plant."]


@given(st.text(alphabet=st.sampled_from(list("abcAB .!?\n\"'Mr.SenU")), max_size=200))
def test_splitting_loses_no_words(text):
    # every non-space character of the text is in exactly one sentence, in order (datelines
    # aside, which need an em dash the alphabet lacks)
    assert "".join("".join(s.split()) for s in split_sentences(text)) == "".join(text.split())


def test_a_dangling_hyphen_before_a_capital_is_joined_so_the_sentence_is_not_cut():
    assert split_sentences("Gollum broke into an anti- Gondor parade. Pro- and anti-war groups met.") == [
        "Gollum broke into an anti-Gondor parade.", "Pro- and anti-war groups met."]
