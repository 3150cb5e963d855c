"""Dedup behaviour on small invented articles (no text from ../shared)."""

from __future__ import annotations

import pickle

from newsgraph.dedup import DedupSettings, DedupStats, Deduplicator, dedup

WIRE = (
    "The president of Veloria said on Monday that his country would deepen its alliance with "
    "neighbouring Kastan, a day after he won a second term in a close election.\n"
    "Speaking in the capital Orvane, he promised new rail links across the northern border and a "
    "joint council on water rights along the Selva river.\n"
    "Officials in Kastan welcomed the remarks and said a delegation would travel to Orvane next "
    "month to sign an agreement on customs and energy trade.\n"
    "Opposition leaders in Veloria accused the president of ignoring rising prices at home while "
    "courting foreign partners, and called for a recount in two provinces.\n"
    "Election monitors from the regional assembly said the vote had been largely orderly despite "
    "long queues and a few reports of missing ballot papers."
)

OTHER_OUTLET = (
    "Fresh from his re-election, Veloria's leader told supporters that ties with Kastan were the "
    "cornerstone of his foreign policy.\n"
    "He pledged money for a cross-border railway and said the two governments would share the "
    "waters of the Selva more fairly.\n"
    "Kastan's foreign ministry called the speech encouraging.\n"
    "Critics at home said he should focus on the cost of bread and fuel, and two provinces are "
    "demanding that ballots be counted again."
)


def rec(rid: str, text: str, date: str | None = "2026-05-04", **extra: object) -> dict:
    return {"id": rid, "title": extra.pop("title", "Veloria's president reaffirms Kastan ties"), "text": text,
            "published": date, **extra}


def near_copy(text: str) -> str:
    paras = text.split("\n")
    paras[1], paras[2] = paras[2], paras[1]
    body = "\n".join(paras).replace("Monday", "Tuesday").replace("close", "tight").replace("orderly", "calm")
    return "Advertisement\nShare this article\nSign up for our newsletter\n" + body + "\nRead more\nComments are closed"


def test_exact_copies_are_grouped_with_the_earliest_as_canonical() -> None:
    records = [
        rec("late", WIRE.upper(), date="2026-05-05"),
        rec("first", WIRE, date="2026-05-04"),
        rec("spaced", WIRE.replace(" ", "  "), date="2026-05-06"),
    ]
    stats = DedupStats()
    out = dedup(records, stats=stats)
    assert [r["id"] for r in out] == ["late", "first", "spaced"]  # input order kept
    by_id = {r["id"]: r for r in out}
    assert by_id["first"]["duplicate_of"] is None
    assert by_id["late"]["duplicate_of"] == "first"
    assert by_id["spaced"]["duplicate_of"] == "first"
    assert len({r["duplicate_group"] for r in out}) == 1
    assert stats.exact == 2 and stats.near == 0


def test_near_copy_with_chrome_and_edits_is_grouped() -> None:
    out = dedup([rec("orig", WIRE), rec("copy", near_copy(WIRE), date="2026-05-05", title="UPDATE: Veloria")])
    by_id = {r["id"]: r for r in out}
    assert by_id["copy"]["duplicate_of"] == "orig"
    assert by_id["copy"]["duplicate_group"] == by_id["orig"]["duplicate_group"]


def test_same_event_from_another_outlet_is_not_a_duplicate() -> None:
    out = dedup([rec("a", WIRE, site_name="Orvane Herald"), rec("b", OTHER_OUTLET, site_name="Kastan Times")])
    assert all(r["duplicate_of"] is None for r in out)
    assert out[0]["duplicate_group"] != out[1]["duplicate_group"]


def test_canonical_is_earliest_then_most_complete() -> None:
    short = "\n".join(WIRE.split("\n")[:4])  # same story, one paragraph fewer: near copy
    out = dedup([rec("short", short), rec("full", WIRE)])
    by_id = {r["id"]: r for r in out}
    assert by_id["full"]["duplicate_of"] is None
    assert by_id["short"]["duplicate_of"] == "full"
    out = dedup([rec("short", short, date="2026-05-03"), rec("full", WIRE)])
    assert {r["id"]: r["duplicate_of"] for r in out} == {"short": None, "full": "short"}


def test_rejected_and_not_article_records_pass_through() -> None:
    records = [{"id": "x", "status": "rejected", "reason": "empty", "text": ""},
               {"id": "y", "is_article": False, "text": WIRE}, rec("z", WIRE)]
    stats = DedupStats()
    out = dedup(records, stats=stats)
    assert out[0]["duplicate_of"] is None and out[0]["duplicate_group"] is None
    assert out[1]["duplicate_group"] is None
    assert out[2]["duplicate_of"] is None  # the non-article copy does not count
    assert stats.skipped == {"rejected": 1, "not_article": 1}


def test_short_texts_are_only_matched_exactly() -> None:
    out = dedup([rec("a", "Storm closes the port of Marenne."), rec("b", "Storm closes the port at Marenne."),
                 rec("c", "storm closes the PORT of Marenne.")])
    assert [r["duplicate_of"] for r in out] == [None, None, "a"]


def test_index_is_bounded_by_the_window() -> None:
    stage = Deduplicator(DedupSettings(window_days=2))
    stream = [rec(f"d{day}", WIRE.replace("Monday", f"day {day}") + f" Story number {day}.", date=f"2026-05-{day:02d}")
              for day in range(1, 21)]
    list(stage.process(stream))
    assert len(stage._order) <= 3  # the last two days and today only
    stage = Deduplicator(DedupSettings(max_index=5))
    list(stage.process([rec(f"u{i}", f"{WIRE} Variant {i}.", date=None) for i in range(20)]))
    assert len(stage._order) <= 5


def test_stage_pickles_with_settings_only() -> None:
    stage = Deduplicator(DedupSettings(jaccard_threshold=0.7))
    list(stage.process([rec("a", WIRE)]))
    clone = pickle.loads(pickle.dumps(stage))
    assert clone.settings.jaccard_threshold == 0.7
    assert not clone._order
