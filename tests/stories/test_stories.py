"""Stories behaviour on small invented articles (no text from ../shared)."""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

from hypothesis import given, settings as hsettings, strategies as st

from newsgraph.cli.stories_cmd import stories_command
from newsgraph.stories import StoriesSettings, Story, StoryClusterer, stories, stories_stream, story_id_for

# three invented events, each told by three outlets in their own words
EVENTS = {
    "veloria": [
        ("Veloria's president reaffirms ties with Kastan after re-election",
         "The president of Veloria said on Monday that his country would deepen its alliance with neighbouring "
         "Kastan, a day after he won a second term. Speaking in the capital Orvane, he promised new rail links "
         "across the northern border. He also proposed a joint council on water rights along the Selva river. "
         "Officials in Kastan welcomed the remarks and said a delegation would travel to Orvane next month."),
        ("Re-elected Veloria leader calls Kastan partnership the cornerstone of policy",
         "Fresh from his re-election, Veloria's president told supporters in Orvane that ties with Kastan were "
         "the cornerstone of his foreign policy. He pledged money for a cross-border railway with Kastan. "
         "Kastan's foreign ministry called the speech encouraging. Critics in Veloria said the president should "
         "focus on the cost of bread and fuel instead."),
        ("Kastan welcomes Veloria president's pledge of closer ties",
         "Kastan's government praised the president of Veloria on Monday after he promised closer ties between the "
         "neighbours following his election victory. The Veloria president spoke of rail links and shared water "
         "from the Selva river in his speech in Orvane. A Kastan delegation is expected in Orvane next month."),
    ],
    "marenne": [
        ("Floods force thousands from homes in Marenne",
         "Heavy rain flooded the port city of Marenne on Wednesday, forcing thousands of residents from their "
         "homes. The Dunmore river burst its banks after three days of storms. Emergency crews used boats to "
         "reach families trapped in the old harbour district. The mayor of Marenne opened schools as shelters."),
        ("Marenne harbour district under water as Dunmore river overflows",
         "Rescue teams in Marenne pulled residents from flooded streets after the Dunmore river overflowed "
         "following days of storms. Schools across Marenne were turned into shelters by the mayor. "
         "Forecasters warned that more rain would fall on the coast before the weekend."),
        ("Storms bring worst flooding in decades to Marenne",
         "The worst floods in decades swept through Marenne as the Dunmore river rose after days of storms. "
         "Thousands of people left their homes and boats carried families out of the harbour district. "
         "Shelters opened in Marenne schools, the mayor said."),
    ],
    "quillon": [
        ("Quillon unveils battery factory in Tesside valley",
         "The technology company Quillon announced on Friday that it will build a battery factory in the "
         "Tesside valley, creating two thousand jobs. Quillon's chief executive said production of cells for "
         "electric buses would start in two years. Local councils in Tesside said the plant would revive the region."),
        ("Quillon to create two thousand jobs with Tesside battery plant",
         "Quillon will open a plant making batteries for electric buses in the Tesside valley, the company "
         "said. The chief executive of Quillon told reporters that the factory would employ two thousand people. "
         "Unions in Tesside welcomed the investment but asked for guarantees on wages."),
        ("Battery maker Quillon picks Tesside valley for new factory",
         "Quillon has chosen the Tesside valley for its first battery factory, promising two thousand jobs and "
         "cells for electric buses within two years. Councils in Tesside called the Quillon plant a turning point."),
    ],
}
OUTLETS = ["Orvane Herald", "Kastan Times", "Coastal Wire"]
DAYS = {"veloria": "2026-05-04", "marenne": "2026-05-04", "quillon": "2026-05-05"}


def corpus(dated: bool = True) -> list[dict]:
    out = []
    for event, versions in EVENTS.items():
        for k, (title, text) in enumerate(versions):
            rec = {"id": f"{event}-{k}", "title": title, "text": text, "site_name": OUTLETS[k], "language": "en",
                   "gold": event}
            if dated:
                rec["published"] = f"{DAYS[event]}T{8 + 3 * k:02d}:00:00+00:00"
            out.append(rec)
    return out


def partition(records: list[dict]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for r in records:
        groups.setdefault(r["story_id"], set()).add(r["id"])
    return {frozenset(g) for g in groups.values()}


GOLD = {frozenset(f"{e}-{k}" for k in range(3)) for e in EVENTS}


def test_each_event_is_one_story_and_outlets_are_not_duplicates() -> None:
    records, found = stories(corpus())
    assert partition(records) == GOLD
    assert all(r["duplicate_of"] is None for r in records)
    assert len(found) == 3
    story = next(s for s in found if "veloria-0" in s.article_ids)
    assert story.story_id == story_id_for("veloria-0")  # founded by the earliest article
    assert story.outlets == sorted(OUTLETS)
    assert story.first_seen == "2026-05-04T08:00:00+00:00" and story.last_seen == "2026-05-04T14:00:00+00:00"
    assert 2 <= len(story.summary) <= 4
    assert story.title in {t for t, _ in EVENTS["veloria"]}
    assert "kastan" in story.key_terms or "kastan" in story.entities
    assert {c["article_id"] for c in story.coverage} == set(story.article_ids)


def test_duplicates_join_their_canonical_story() -> None:
    records = corpus()
    title, text = EVENTS["marenne"][0]
    records.append({"id": "copy", "title": "UPDATE: " + title, "text": "Advertisement\n" + text + "\nShare this",
                    "published": "2026-05-04T20:00:00+00:00", "language": "en", "site_name": "Aggregator"})
    annotated, found = stories(records)
    copy = annotated[-1]
    assert copy["duplicate_of"] == "marenne-0"
    assert copy["story_id"] == annotated[3]["story_id"]
    story = next(s for s in found if "copy" in s.article_ids)
    assert story.duplicates == 1 and "copy" not in {c["article_id"] for c in story.coverage}


def test_planted_sentence_lands_in_adds_and_in_the_others_omits() -> None:
    planted = "A spokesman confirmed that the rare purple heron colony on Gull Island survived the surge untouched."
    records = corpus()
    target = next(r for r in records if r["id"] == "marenne-1")
    target["text"] += " " + planted
    _, found = stories(records)
    story = next(s for s in found if "marenne-1" in s.article_ids)
    cov = {c["article_id"]: c for c in story.coverage}
    assert planted in cov["marenne-1"]["adds"]
    for other in ("marenne-0", "marenne-2"):
        assert planted not in cov[other]["adds"]
        assert planted in cov[other]["omits"]
    assert planted not in cov["marenne-1"]["omits"]


def test_window_bounds_memory_and_closes_old_stories() -> None:
    base = corpus()
    stream = []
    for week in range(12):  # the same three events re-told every week: 12 x 3 stories
        for r in base:
            rr = dict(r, id=f"{r['id']}-w{week}")
            day = 1 + week * 7 + (1 if r["gold"] == "quillon" else 0)
            rr["published"] = f"2026-01-{day:02d}T10:00:00" if day <= 31 else None
            if day > 31:
                rr["published"] = f"2026-{(day - 1) // 30 + 1:02d}-{(day - 1) % 30 + 1:02d}T10:00:00"
            stream.append(rr)
    clusterer = StoryClusterer(StoriesSettings(window="2d", batch_size=3, dedup=False))
    open_sizes = []
    closed_during = 0
    for _ in clusterer.process(stream):
        open_sizes.append(len(clusterer._clusters))
        closed_during += len(clusterer.stories())
    assert max(open_sizes) <= 6  # never more than the stories of the window
    assert closed_during >= 30  # stories were written out while the stream went on
    part = next(iter(clusterer._parts.values()))
    assert part.matrix is None or part.matrix.shape[0] <= 9


def test_stream_yields_records_and_stories() -> None:
    items = list(stories_stream(corpus()))
    stories_out = [i for i in items if isinstance(i, Story)]
    records = [i for i in items if not isinstance(i, Story)]
    assert len(records) == 9 and len(stories_out) == 3
    assert partition(records) == GOLD


def test_languages_are_never_merged() -> None:
    records = corpus()
    for r in records:
        if r["id"] == "quillon-2":
            r["language"] = "fr"
    annotated, _ = stories(records)
    by_id = {r["id"]: r["story_id"] for r in annotated}
    assert by_id["quillon-2"] != by_id["quillon-0"]
    assert by_id["quillon-0"] == by_id["quillon-1"]
    merged, _ = stories([dict(r) for r in records], StoriesSettings(cross_language=True))
    assert len({r["story_id"] for r in merged if r["id"].startswith("quillon")}) == 1


def test_undated_records_are_clustered_among_themselves_in_batch() -> None:
    records = corpus(dated=False)
    annotated, found = stories(records)
    assert partition(annotated) == GOLD
    assert {s.mode for s in found} == {"batch"}
    assert all(s.first_seen is None for s in found)
    # the founding article of an undated story is the first in input order
    assert {s.story_id for s in found} == {story_id_for(f"{e}-0") for e in EVENTS}
    # undated records never join a dated story (dedup off: copies would join their canonical's story)
    mixed = corpus() + [dict(r, id=r["id"] + "-undated") for r in corpus(dated=False)]
    annotated, _ = stories(mixed, StoriesSettings(dedup=False))
    by_id = {r["id"]: r["story_id"] for r in annotated}
    assert by_id["veloria-0"] != by_id["veloria-0-undated"]
    assert by_id["veloria-0-undated"] == by_id["veloria-1-undated"]


def test_single_article_story() -> None:
    _, found = stories([corpus()[0]])
    (story,) = found
    assert story.article_ids == ["veloria-0"]
    assert story.coverage == [{"article_id": "veloria-0", "adds": [], "omits": []}]
    assert 2 <= len(story.summary) <= 4


def test_story_id_is_stable_as_the_story_grows() -> None:
    records = [r for r in corpus() if r["gold"] == "veloria"]
    ids = []
    for n in range(1, 4):
        annotated, _ = stories([dict(r) for r in records[:n]])
        ids.append({r["story_id"] for r in annotated})
    assert ids[0] == ids[1] == ids[2] == {story_id_for("veloria-0")}


def test_rejected_empty_and_non_articles_pass_through() -> None:
    records = [{"id": "bad", "status": "rejected", "reason": "binary"},
               {"id": "nav", "is_article": False, "title": "Home", "text": "Menu"},
               {"id": "blank", "title": "", "text": "   "}] + corpus()
    annotated, _ = stories(records)
    assert [r["story_id"] for r in annotated[:3]] == [None, None, None]
    assert annotated[0]["reason"] == "binary"  # unknown fields pass through unchanged


def test_story_record_round_trip() -> None:
    _, found = stories(corpus())
    data = found[0].to_dict()
    assert data["schema_version"] == "1.0"
    assert Story.from_dict(json.loads(json.dumps(data)) | {"future_field": 1}) == found[0]
    assert pickle.loads(pickle.dumps(StoryClusterer(StoriesSettings(window="5d")))).window_seconds == 5 * 86400


@hsettings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_within_a_window_does_not_change_batch_stories(rnd: random.Random) -> None:
    reference, _ = stories(corpus())
    want = {r["id"]: r["story_id"] for r in reference}
    records = corpus()
    rnd.shuffle(records)
    annotated, _ = stories(records)
    assert {r["id"]: r["story_id"] for r in annotated} == want
    undated = corpus(dated=False)
    rnd.shuffle(undated)
    annotated, _ = stories(undated)
    assert partition(annotated) == GOLD


def test_stories_command_end_to_end(tmp_path: Path, capsys) -> None:
    src = tmp_path / "articles.jsonl"
    lines = []
    for r in corpus():
        r = dict(r)
        r.pop("gold")
        if r["id"].startswith("marenne"):  # the other accepted field names
            r["date"] = r.pop("published")
            r["source"] = r.pop("site_name")
        lines.append(json.dumps(r))
    lines.insert(2, json.dumps({"id": "rej", "status": "rejected", "reason": "empty", "text": ""}))
    lines.insert(4, "{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, arts = tmp_path / "stories.jsonl", tmp_path / "annotated.jsonl"
    rc = stories_command([str(src)], output=out, articles_out=arts, window="3d", config=None, quiet=False)
    assert rc == 0
    annotated = [json.loads(x) for x in arts.read_text().splitlines()]
    assert len(annotated) == 11
    assert annotated[2]["id"] == "rej" and annotated[2]["story_id"] is None
    assert annotated[4]["reason"] == "bad_json" and annotated[4]["story_id"] is None
    kept = [r for r in annotated if r.get("status", "ok") == "ok"]
    assert [r["id"] for r in kept] == [r["id"] for r in corpus()]  # input order, given ids kept
    assert partition(kept) == GOLD
    found = [Story.from_dict(json.loads(x)) for x in out.read_text().splitlines()]
    assert sorted(s.size for s in found) == [3, 3, 3]
    err = capsys.readouterr().err
    assert "stories: read 11, clustered 9" in err and "3 stories" in err
    # usage errors exit 2, nothing to cluster exits 1
    assert stories_command([str(tmp_path / "missing.jsonl")], None, None, "3d", None, True) == 2
    assert stories_command([str(src)], None, None, "soon", None, True) == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"id": "x", "text": ""}) + "\n")
    assert stories_command([str(empty)], tmp_path / "o.jsonl", None, None, None, True) == 1
    cfg = tmp_path / "settings.toml"
    cfg.write_text("[stories]\nstream_threshold = 0.99\n[dedup]\nnum_perm = 64\n")
    rc = stories_command([str(src)], out, None, None, cfg, True)
    assert rc == 0 and len(out.read_text().splitlines()) == 9  # a threshold nothing reaches
    cfg.write_text("[stories]\nno_such_knob = 1\n")
    assert stories_command([str(src)], out, None, None, cfg, True) == 2


def test_stream_yields_every_record_annotated_across_languages_and_undated_flushes() -> None:
    records = corpus() + [dict(r, id=r["id"] + "-fr", language="fr") for r in corpus()]
    records += [dict(r, id=r["id"] + "-u") for r in corpus(dated=False)]
    records.sort(key=lambda r: r.get("published") or "9999")
    settings = StoriesSettings(batch_size=2, max_undated=4, dedup=False)
    seen = []
    for item in stories_stream([dict(r) for r in records], settings):
        if not isinstance(item, Story):
            assert item["story_id"] is not None, item["id"]  # annotated when yielded
            seen.append(item["id"])
    assert sorted(seen) == sorted(r["id"] for r in records)
