"""PLOVER typing, round 2 (docs/events.md): which pattern of a Phoenix synonym block applies to
which verb, and the event types the PLOVER suite showed missing."""

from __future__ import annotations

import pytest

from newsgraph.events.dictionaries import parse_verbs
from newsgraph.events.record import Event
from newsgraph.events.stage import EventCoder, EventsSettings

DATE = "2024-05-16"


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(EventsSettings(require_dyad=False, require_country=False))


def codes(coder: EventCoder, text: str) -> set[tuple[str, str, str | None]]:
    events, _, _, _ = coder.code({"text": text, "published": DATE, "language": "en"}, "a1")
    return {(e.source.code, e.cameo_code, e.target.code if e.target else None)
            for e in events if isinstance(e, Event)}


BLOCK = """
---  DEMAND   [100]  ---
DEMAND
PRESS
WANT [030]
- * ELECTIONS                                         [0241]        # WANT
- * ELECTION                                          [1041]        # DEMAND
- * TALKS                                             [026]         # URGE
- * TALKS                                             [106]         # DEMAND
- * RULES                                             [1043]        # PRESSED
"""


def _codes(vd, verb: str) -> set[str]:
    return {p.codes.code for e in vd.verbs[verb] for p in e.patterns}


def test_pattern_for_a_verb_with_its_own_code_stays_with_that_verb():
    vd = parse_verbs(BLOCK)
    assert "0241" in _codes(vd, "want")
    assert "0241" not in _codes(vd, "demand") and "0241" not in _codes(vd, "press")


def test_pattern_for_a_verb_of_the_block_sense_applies_to_the_whole_block():
    vd = parse_verbs(BLOCK)
    assert {"1041", "106", "1043"} <= _codes(vd, "press")


def test_pattern_written_for_a_verb_outside_the_block_with_another_root_is_dropped():
    vd = parse_verbs(BLOCK)
    assert "026" not in _codes(vd, "demand") | _codes(vd, "want")


def test_demanding_talks_is_a_demand_not_an_appeal(coder):
    got = codes(coder, "Rwandan rebels demanded talks with Uganda.")
    assert ("RWAREB", "106", "UGA") in got


def test_plural_of_a_demonym_listed_in_the_singular_is_the_country(coder):
    got = codes(coder, "Young Algerians blocked roads in Oran.")
    assert any(s == "DZA" and c == "144" for s, c, _ in got)


def test_plural_demonym_as_modifier_and_actor(coder):
    got = codes(coder, "Iraqi Kurds attacked Turkish troops.")
    assert ("IRQ", "190", "TURMIL") in got


def test_infinitive_attached_as_advcl_to_an_intent_verb_is_intended(coder):
    # the small parser makes "to fight" an advcl of "sworn"; swearing to fight is a threat (138)
    got = codes(coder, "Albanian rebels have sworn to fight until they gain control of the villages.")
    assert {c for _, c, _ in got} == {"138"}


def test_dismissing_an_offer_or_call_is_a_rejection(coder):
    assert ("SRB", "120", "KSV") in codes(coder, "Serbia dismissed an offer of talks from Kosovo.")
    assert ("SRB", "120", "ALB") in codes(coder, "Serbia brushed aside calls from Albania for talks.")


def test_dismissing_a_report_stays_a_denial(coder):
    got = codes(coder, "Serbia dismissed the report, calling it a fabrication by Kosovo.")
    assert all(c != "120" for _, c, _ in got)


def test_future_act_announced_by_a_spokesman_for_the_actor_is_intent(coder):
    got = codes(coder, "Israel will evacuate the settlements in Gaza, said a spokesman for the Israeli prime minister.")
    assert any(s == "ISR" and c == "033" for s, c, _ in got)


def test_future_act_reported_by_a_spokesman_for_another_actor_stays_the_act(coder):
    got = codes(coder, "Israel will evacuate the settlements in Gaza, said a spokesman for the Egyptian government.")
    assert any(s == "ISR" and c == "070" for s, c, _ in got)


def test_agreeing_to_reject_or_postpone_is_an_intent_not_a_threat(coder):
    got = codes(coder, "Leaders of the Azerbaijani opposition agreed to postpone the demonstration in Baku.")
    assert {c for _, c, _ in got} == {"030"}


def test_rejection_made_conditional_by_unless_is_still_a_threat(coder):
    got = codes(coder, "Russia will reject the proposal from Ukraine unless Kiev holds elections.")
    assert ("RUS", "130", "UKR") in got


def test_urging_is_an_appeal_with_the_patterns_written_for_urge(coder):
    assert ("FRA", "020", "DEU") in codes(coder, "France urged Germany to lift the sanctions.")
    assert ("FRA", "022", "DEU") in codes(coder, "France urged Germany to support talks with Italy.")


def test_plural_of_a_consonant_demonym_is_the_country(coder):
    got = codes(coder, "Turks began a hunger strike in Sofia.")
    assert any(s == "TUR" and c == "142" for s, c, _ in got)


def test_turkeys_are_not_turkey(coder):
    assert ("TUR", "190", "GRCMIL") in codes(coder, "Turks attacked Greek troops.")
    assert all(not s.startswith("TUR") for s, _, _ in codes(coder, "Turkeys attacked Greek troops."))


def test_going_on_strike_is_a_strike_not_a_trip(coder):
    # the government of the one country named: Bulgaria's (sole_country_agents)
    assert ("BGRLAB", "143", "BGRGOV") in codes(coder, "Bulgarian workers went on strike against the government.")
    assert {c for _, c, _ in codes(coder, "Bulgarian troops went on patrol.")} == {"040"}


def test_launching_a_general_strike_is_a_strike(coder):
    got = codes(coder, "Bulgarian unions launched a general strike against the government.")
    assert any(c == "143" for _, c, _ in got)


@pytest.mark.parametrize("text", [
    "Japan plans to accuse China of violating its airspace.",
    "Germany is determined to prevent Russia from getting the gas field.",
])
def test_an_intended_accusation_or_rejection_is_not_coded_as_cooperation(coder, text):
    # CAMEO has no intent code for verbal conflict short of a threat; 030 would flip its quad class
    assert codes(coder, text) == set()


@pytest.mark.parametrize("text,want", [
    ("Cairo's security chief has warned that police will no longer tolerate rallies by the Kifaya group.", "130"),
    ("Russia warned that it would impose sanctions on Ukraine.", "131"),
])
def test_what_a_warning_warns_of_is_a_threat(coder, text, want):
    got = {c for _, c, _ in codes(coder, text)}
    assert want in got and all(c.startswith("13") for c in got)
