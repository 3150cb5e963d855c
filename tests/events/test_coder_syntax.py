"""The coder on parses that the small English model gets wrong or odd: coordination the parser
attached as modifiers, two subjects of one verb, roles shared along a coordination."""

from __future__ import annotations

import pytest

from newsgraph.events.record import Event
from newsgraph.events.stage import Dictionaries, EventCoder, EventsSettings

DATE = "2024-05-16"


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder()


def triples(coder: EventCoder, text: str) -> set[tuple[str, str, str]]:
    events, reason, _, _ = coder.code({"text": text, "published": DATE, "language": "en"}, "a1")
    assert reason is None
    return {(e.source.code, e.cameo_code, e.target.code) for e in events if isinstance(e, Event)}


@pytest.fixture(scope="module")
def fiction_coder(tmp_path_factory) -> EventCoder:
    """Our own invented countries, so that the built-in actors cannot hide what the syntax does."""
    d = tmp_path_factory.mktemp("fiction")
    (d / "a.actors.txt").write_text("ARNOR  [ARN]\nGONDOR  [GON]\nOSGILIATH  [OSG]\nFORNOST  [FOR]\n")
    return EventCoder(dictionaries=Dictionaries(actors=[str(d / "a.actors.txt")]))


def test_second_of_two_subjects_is_the_actor_when_the_first_names_none(fiction_coder):
    # parsed with two nsubj children: "Lions" (no actor) and "Gondor"
    got = triples(fiction_coder, "Lions, tigers, and Gondor welcomed a resumption of formal diplomatic ties with Osgiliath.")
    assert {s for s, _, t in got if t == "OSG"} == {"GON"}


def test_of_two_subjects_an_actor_in_a_clause_hung_on_the_first_is_not_the_source(fiction_coder):
    # parsed with two subjects, "Raddatz" (whose participle clause names Gondor) and "Ryan"
    got = triples(fiction_coder, "With the moderator, ABC News' Martha Raddatz, opening the debate with a question "
                                 "about the Gondor strike, which happened a month ago Thursday, Ryan criticized "
                                 "Arnor for waiting more than a week.")
    assert not {s for s, _, _ in got} & {"GON"}


def test_countries_joined_by_and_are_two_actors_whatever_the_words_between(fiction_coder):
    # the small parser reads "Fornost and the evil awful" as modifiers of Gondor
    got = triples(fiction_coder, "Fornost and the evil awful Gondor welcomed a resumption of formal diplomatic ties with Osgiliath.")
    assert {s for s, _, t in got if t == "OSG"} == {"FOR", "GON"}


def test_role_named_before_a_coordinated_country_list_applies_to_each(coder):
    got = triples(coder, "Lawmakers and ministers in Greece and Turkey welcomed a resumption of formal diplomatic ties with Egypt.")
    sources = {s for s, _, t in got if t[:3] == "EGY"}
    assert {"GRCGOV", "TURGOV", "GRCLEG", "TURLEG"} <= sources


def test_role_after_a_country_does_not_spread_to_the_next_country(coder):
    got = triples(coder, "Greece's army and Turkey welcomed a resumption of formal diplomatic ties with Egypt.")
    sources = {s for s, _, t in got if t[:3] == "EGY"}
    assert "GRCMIL" in sources and "TURMIL" not in sources


def test_purpose_infinitive_names_the_target_when_the_verb_has_none(fiction_coder):
    # "signed an accord" has no target of its own; the purpose clause says whom it concerns
    got = triples(fiction_coder, "Arnor signed an accord on Thursday to supply Gondor with some 50,000 tonnes "
                                 "of wheat, an Arnorian embassy spokesman said.")
    assert ("ARN", "057", "GON") in got


# ----------------------------------------------------------------------------- pattern matching


@pytest.fixture(scope="module")
def pattern_coder(tmp_path_factory) -> EventCoder:
    d = tmp_path_factory.mktemp("patterns")
    (d / "a.actors.txt").write_text("ARNOR  [ARN]\nGONDOR  [GON]\nOSGILIATH  [OSG]\n")
    (d / "a.verbs.txt").write_text(
        "&CURRENCY\n+FLORIN\n\n&HYPERCURR\n+AUSTRIAN GOLD FLORIN\n\n"
        "--- CELEBRATE  [043] ---\nCELEBRATE\n- * IFTAR IN ^ +  [045]\n\n"
        "--- CONTRIBUTE  [070] ---\nCONTRIBUTE\n- * &CURRENCY  [071]\n- * &HYPERCURR  [190]\n")
    return EventCoder(dictionaries=Dictionaries(actors=[str(d / "a.actors.txt")], verbs=[str(d / "a.verbs.txt")]))


def test_skip_element_passes_over_one_noun_phrase(pattern_coder):
    got = triples(pattern_coder, "Arnor celebrated Iftar in Osgiliath with the leaders of Gondor.")
    assert ("ARN", "045", "GON") in got and not any(t == "OSG" for _, _, t in got)


def test_longer_synset_match_wins_at_equal_specificity(pattern_coder):
    got = triples(pattern_coder, "Arnor will contribute a million austrian gold florin to Gondor.")
    assert got == {("ARN", "190", "GON")}
    assert triples(pattern_coder, "Arnor will contribute a million florin to Gondor.") == {("ARN", "071", "GON")}


# ----------------------------------------------------------------------------- hyphenated names


@pytest.mark.parametrize("text,source", [
    ("Al-Qaeda attacked Iraq.", "IMGMUSALQ"),  # the dictionary writes AL_QAEDA
    ("Al Qaeda attacked Iraq.", "IMGMUSALQ"),
])
def test_hyphenated_names_match_dictionary_phrases(coder, text, source):
    assert triples(coder, text) == {(source, "190", "IRQ")}


def test_hyphenated_country_is_not_read_as_its_first_part(coder):
    # "Guinea-Bissau" is GNB, not Guinea (GIN) followed by noise
    events, _, _, _ = coder.code({"text": "Guinea-Bissau attacked Senegal.", "language": "en"}, "a1")
    assert {(e.source.code, e.target.code) for e in events} == {("GNB", "SEN")}


def test_dictionary_phrase_with_a_hyphen_matches_the_split_tokens(tmp_path):
    (tmp_path / "a.actors.txt").write_text("BARAD-DUR  [MOR]\nITHILEN  [ITH]\n")
    c = EventCoder(dictionaries=Dictionaries(actors=[str(tmp_path / "a.actors.txt")]))
    assert triples(c, "Barad-dur attacked Ithilen.") == {("MOR", "190", "ITH")}


def test_words_joined_with_underscores_in_the_text_match_their_phrase(coder):
    # some preprocessed corpora join multiword names with "_" (the dictionaries' own convention)
    assert triples(coder, "Russia accused Saudi_Arabia of spying.") == {("RUS", "112", "SAU")}


# ----------------------------------------------------------------------------- reciprocity


def test_coordinated_subjects_of_a_non_reciprocal_verb_do_not_act_on_each_other(coder):
    events, _, _, _ = coder.code({"text": "The presidents of Brazil and Argentina watched on Tuesday as "
                                  "their foreign ministers signed a trade agreement.", "language": "en"}, "a1")
    assert not [e for e in events if e.verb == "watched"]


def test_coordinated_subjects_of_a_reciprocal_verb_act_on_each_other(coder):
    got = triples(coder, "India and Pakistan clashed on Tuesday.")
    assert {(s, t) for s, _, t in got} == {("IND", "PAK"), ("PAK", "IND")}


# ----------------------------------------------------------------------------- stems


@pytest.mark.parametrize("text,expected", [
    ("Indian troops attacked Pakistani positions.", ("INDMIL", "PAK")),  # India -> Indian
    ("Israeli police arrested Palestinian activists.", ("ISRCOP", "PSEOPP")),  # Israel -> Israeli
    ("Sudanese soldiers attacked Chadian villages.", ("SDNMIL", "TCDCVL")),  # Sudan -> Sudanese
])
def test_a_country_stem_matches_its_demonyms(coder, text, expected):
    got = triples(coder, text)
    assert any((s, t) == expected for s, _, t in got), got


def test_a_country_stem_does_not_match_other_words_it_begins(coder):
    # INDIA (a stem in the Phoenix dictionary) must not read "Indiana" as India
    events, _, _, _ = coder.code({"text": "The White House repeated its opposition to the Indiana law.",
                                  "language": "en"}, "a1")
    assert not [e for e in events if e.target and e.target.code.startswith("IND")]


def test_a_pickled_lexicon_matches_names_as_the_original_does(coder):
    # worker processes may receive the lexicon pickled: stems and plural demonyms must survive
    import pickle

    lex = coder.coder.lex
    clone = pickle.loads(pickle.dumps(lex))
    for words in (["algerians"], ["indians"], ["indiana"], ["argentina"]):
        got, want = clone.actors.match(words, 0), lex.actors.match(words, 0)
        assert (got and (got[0], got[1].code_on(None))) == (want and (want[0], want[1].code_on(None))), words
    assert clone.actors.match(["algerians"], 0) is not None


def test_a_role_stem_does_not_match_a_derived_noun_with_another_meaning(coder):
    # CONVICT is a role (criminal): "convicts" are, "conviction" is not
    mentions = coder.coder.mentions
    assert [m[2] for m in mentions(["convicts"], None)] == ["agent"]
    assert mentions(["his", "conviction"], None) == []


# ----------------------------------------------------------------------------- prefilter


def test_sentence_with_only_roles_and_pronouns_is_not_parsed(coder):
    # no country or organisation named: under require_dyad it cannot give a dyad worth coding
    _, _, n_sent, n_parsed = coder.code({"text": "He told the vice president that officials had accused the ministry.",
                                         "language": "en"}, "a1")
    assert (n_sent, n_parsed) == (1, 0)


def test_sentence_naming_an_actor_and_a_pronoun_is_still_parsed(coder):
    events, _, _, n_parsed = coder.code({"text": "Russia condemned the sanctions. It also accused Japan of spying.",
                                         "language": "en"}, "a1")
    assert n_parsed == 1  # the second: an actor and a pronoun that refers back to Russia
    assert ("RUS", "JPN") in {(e.source.code, e.target.code) for e in events}


# ----------------------------------------------------------------------------- what did not happen


def test_act_on_no_one_is_not_coded(coder):
    events, _, _, _ = coder.code({"text": "Taiwan's foreign ministry said it had summoned no Russian diplomat.",
                                  "language": "en"}, "a1")
    assert not [e for e in events if e.verb == "summoned"]


def test_act_in_a_condition_is_not_coded(coder):
    events, _, _, _ = coder.code({"text": "Western governments warned Chinese banks that they risk penalties "
                                  "if they help Russia obtain weapons.", "language": "en"}, "a1")
    assert not [e for e in events if e.verb == "help"]


@pytest.mark.parametrize("text", [
    "European Union foreign ministers approved a new package of sanctions against Russia.",
    "European Union governments agreed their latest round of sanctions on Russia.",
])
def test_adopting_sanctions_against_a_country_imposes_them(coder, text):
    got = triples(coder, text)
    assert any(c == "163" and t == "RUS" for _, c, t in got), got


def test_noun_clause_takes_its_source_from_the_noun_not_its_prepositional_phrases(coder):
    events, _, _, _ = coder.code({"text": "The foreign office in Islamabad said India's accusations were an "
                                  "attempt to \"malign Pakistan\" before the UN General Assembly's debate "
                                  "on Kashmir.", "language": "en"}, "a1")
    assert not [e for e in events if e.source.code.startswith("IGOUNO")]


# ----------------------------------------------------------------------------- speakers and participles


def test_a_bare_spokesperson_speaks_for_the_actor_named_before_not_for_whom_the_quote_names(coder):
    # "a spokesperson for the Chinese foreign ministry" is the ministry (CHNGOV), and the later
    # "the spokesperson" speaks for it, not for the Taiwan authorities its quote names
    events, _, _, _ = coder.code({"text": "A spokesperson for the Chinese foreign ministry told a news conference "
                                  "that Taiwan was a province of China. \"The Taiwan authorities should stop "
                                  "their provocations,\" the spokesperson said.", "language": "en"}, "a1")
    assert ("CHNGOV", "100", "TWNGOV") in [(e.source.code, e.cameo_code, e.target.code) for e in events]


def test_a_sentence_opening_past_participle_is_done_to_the_main_subject(coder):
    # "Rebuked by Egypt, Israel ...": Egypt rebuked Israel, not the other way round
    got = triples(coder, "Rebuked by Egypt, Israel withdrew its envoy.")
    assert ("EGY", "111", "ISR") in got and ("ISR", "111", "EGY") not in got


def test_an_office_with_no_country_takes_the_sole_country_of_the_sentence(fiction_coder):
    got = triples(fiction_coder, "Rebels in Gondor dismissed an appeal from President Laurent Smith.")
    assert ("GONREB", "GONGOV") in {(s, t) for s, _, t in got}


def test_an_office_with_no_country_stays_unknown_when_two_countries_are_named(fiction_coder):
    got = triples(fiction_coder, "President Laurent Smith criticized Gondor and Arnor.")
    assert not got  # Smith's country is unknown, so nothing is coded (require_country)


def test_sole_country_agents_can_be_turned_off(tmp_path):
    (tmp_path / "a.actors.txt").write_text("GONDOR  [GON]\n")
    coder = EventCoder(EventsSettings(sole_country_agents=False), Dictionaries(actors=[str(tmp_path / "a.actors.txt")]))
    assert not triples(coder, "Rebels in Gondor dismissed an appeal from President Laurent Smith.")


def test_he_does_not_refer_to_a_group(coder):
    # the last actor before "He" is "the rebels in Syria", a plural group: he is Putin
    text = "Putin met the rebels in Syria. He accused Turkey of aggression."
    events, _, _, _ = coder.code({"text": text, "published": "2016-01-01", "language": "en"}, "a1")
    assert [e.source.code for e in events if e.sentence_index == 1] == ["RUSGOV"]


def test_a_participle_with_a_passive_preposition_is_done_to_its_noun(coder):
    # "companies accused of supplying ...": the companies are accused, they accuse no one
    got = triples(coder, "The EU sanctioned Chinese companies accused of supplying Russia's arms industry.")
    assert not [s for s, c, _ in got if c[:2] == "11" and s.startswith("CHN")]
