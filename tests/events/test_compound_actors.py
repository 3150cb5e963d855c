"""Compound actor codes (``[FRO/BIL/SAM]`` in a dictionary): split into members by default, as
PETRARCH2 does, or kept as one actor (``compound_actors = "keep"``), as UD-PETRARCH does."""

from __future__ import annotations

import pytest

from newsgraph.errors import ConfigError
from newsgraph.events.record import split_actor_code
from newsgraph.events.stage import Dictionaries, EventCoder, EventsSettings

TEXT = "The Shire government criticized Gondor."


@pytest.fixture(scope="module")
def actors(tmp_path_factory) -> Dictionaries:
    d = tmp_path_factory.mktemp("compound")
    (d / "c.actors.txt").write_text("THE_SHIRE  [FRO/BIL/SAM]\nGONDOR  [GON]\n")
    return Dictionaries(actors=[str(d / "c.actors.txt")])


def coded(actors: Dictionaries, mode: str) -> list[tuple[str, str | None, str | None, str, str]]:
    coder = EventCoder(EventsSettings(compound_actors=mode), actors)
    events, reason, _, _ = coder.code({"text": TEXT, "published": "2024-05-16", "language": "en"}, "a1")
    assert reason is None
    return sorted((e.source.code, e.source.country, e.source.role, e.cameo_root, e.target.code) for e in events)


def test_a_compound_actor_is_split_into_one_event_per_member_by_default(actors):
    assert coded(actors, "split") == [("BILGOV", "BIL", "GOV", "11", "GON"), ("FROGOV", "FRO", "GOV", "11", "GON"),
                                      ("SAMGOV", "SAM", "GOV", "11", "GON")]


def test_a_kept_compound_actor_is_one_event_with_the_role_on_each_member_and_no_country(actors):
    assert coded(actors, "keep") == [("FROGOV/BILGOV/SAMGOV", None, "GOV", "11", "GON")]


def test_a_compound_code_has_no_one_country():
    assert split_actor_code("FRO/BIL/SAM") == (None, None)
    assert split_actor_code("FROGOV/BILMIL") == (None, None)


def test_an_unknown_compound_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="compound_actors"):
        EventsSettings(compound_actors="both")
