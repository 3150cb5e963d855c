"""Reading TABARI/PETRARCH dictionaries (newsgraph.events.dictionaries, newsgraph.events.lexicon).

Small fixture dictionaries pin how each construct of the format is read: actors with synonyms and
dated codes, the stem rule, comments, agents with plurals and substitutions, verb blocks with
synsets, patterns, paired and blocking codes, and discards. The last group runs fixture
dictionaries through the coder, so that what a construct *means* is pinned, not only its parse.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsgraph.events.coder import Coder, Context
from newsgraph.events.dictionaries import (
    LIT,
    SRC,
    SYN,
    TGT,
    Codes,
    DatedCode,
    Word,
    parse_actors,
    parse_agents,
    parse_discards,
    parse_verbs,
    phrase_words,
    read_text,
)
from newsgraph.errors import InputError
from newsgraph.events.lexicon import Lexicon, check_dictionaries

ACTORS = """\
# fixture actors: a full-line comment
ARNOR  [ARN]
+NORTH_KINGDOM
+ARNORIAN_
GONDOR  # the dated entry
    [GONOLD <950601]
    [GON 950601-990815]
    [GONREB >990816]
HOBBITON  [HOB 950601-990815] [HOBREB >990816]
ARGENTIN  [ARG]
ENT  [ENT]
MINAS_TIRITH_  [GONGOV]# comment right after the code
MORDOR  [MOR]   # comment after spaces
NEW_MORDOR  [---]
OSGILIATH  [OSG]
"""

AGENTS = """\
!MINIST! = MINISTER, MINISTRY
PRESIDENT_  [~GOV]
FOREIGN_!MINIST!  [~GOV]
POLICEMAN  [~COP]
PARTY  [~PTY]
SOLDIER {TROOPS}  [~MIL]
ARMED_FORCES {}  [~MIL]
PEACEKEEPER  [IGO~]
"""

VERBS = """\
####### SYNONYM SETS #######
&CURRENCY
+DOLLARS
+EURO_
+HARD_CURRENCY

&MONEY
+&CURRENCY
+FUNDS

####### VERB PATTERNS #######
---  VISIT   [042:043]  ---
VISIT {VISITS VISITED VISITING}
+GO_TO {+WENT_TO +GOES_TO}
- * SECRETLY  [---]   # a blocking pattern
- * (TO) CAPITAL  [042]

---  GIVE   [070]  ---
SEND {SENDS SENT SENDING}
DONATE [071]
- * &MONEY  [071]

---  ACCUSE   [112]  ---
ACCUSE {ACCUSES ACCUSED ACCUSING}
WARN [130]
"""

DISCARDS = """\
# story-level discards start with '+'
SOCCER_MATCH
+HOROSCOPE   # comment
WORLD_CUP_
"""


def by_name(text: str) -> dict:
    return {e.name: e for e in parse_actors(text)}


# ----------------------------------------------------------------------------- words and stems


def test_trailing_underscore_makes_a_word_exact_and_joins_phrases():
    assert phrase_words("MINAS_TIRITH_") == (Word("minas", True), Word("tirith", True))
    assert phrase_words("NORTH_KINGDOM") == (Word("north", True), Word("kingdom", False))
    assert phrase_words("NORTH KINGDOM") == (Word("north", False), Word("kingdom", False))


def test_stems_of_five_letters_or_more_match_longer_words_short_stems_do_not():
    argentin = Word("argentin", False)
    assert argentin.matches("argentina") and argentin.matches("argentine")
    assert not argentin.matches("argent")
    ent = Word("ent", False)
    assert ent.matches("ent")
    assert not ent.matches("enter")
    exact = Word("arnorian", True)
    assert exact.matches("arnorian") and not exact.matches("arnorians")


# ----------------------------------------------------------------------------- actors


def test_actor_synonyms_on_plus_lines_share_the_entry_code():
    arnor = by_name(ACTORS)["ARNOR"]
    assert arnor.phrases == [(Word("arnor", False),), (Word("north", True), Word("kingdom", False)),
                             (Word("arnorian", True),)]
    assert arnor.codes == [DatedCode("ARN")]
    assert arnor.code_on(20240101) == "ARN" and arnor.code_on(None) == "ARN"


def test_dated_actor_codes_parse_ranges_open_starts_and_open_ends():
    gondor = by_name(ACTORS)["GONDOR"]
    assert gondor.codes == [DatedCode("GONOLD", end=19950601), DatedCode("GON", 19950601, 19990815),
                            DatedCode("GONREB", start=19990816)]


@pytest.mark.parametrize("date,code", [
    (19900101, "GONOLD"),   # [GONOLD <950601]
    (19970101, "GON"),      # [GON 950601-990815]
    (19990815, "GON"),      # the end day is inclusive
    (19990816, "GONREB"),   # [GONREB >990816]
    (20240516, "GONREB"),
    (None, "GONREB"),       # no date: the most recent period
])
def test_dated_actor_code_is_the_one_valid_on_the_date(date, code):
    assert by_name(ACTORS)["GONDOR"].code_on(date) == code


def test_dated_codes_on_the_entry_line_and_nearest_period_outside_all():
    hobbiton = by_name(ACTORS)["HOBBITON"]
    assert hobbiton.code_on(19960101) == "HOB"
    assert hobbiton.code_on(20010101) == "HOBREB"
    assert hobbiton.code_on(19800101) == "HOB"  # before every period: the nearest one


def test_two_digit_years_below_40_are_this_century():
    entry = by_name("KINGDOM  [KGD >150301]\n")["KINGDOM"]
    assert entry.codes == [DatedCode("KGD", start=20150301)]
    entry = by_name("KINGDOM  [KGD <450301]\n")["KINGDOM"]
    assert entry.codes == [DatedCode("KGD", end=19450301)]


def test_comments_after_codes_and_on_entry_lines_are_ignored():
    actors = by_name(ACTORS)
    assert actors["MINAS_TIRITH"].codes == [DatedCode("GONGOV")]
    assert actors["MINAS_TIRITH"].phrases == [(Word("minas", True), Word("tirith", True))]
    assert actors["MORDOR"].codes == [DatedCode("MOR")]
    assert actors["MORDOR"].phrases == [(Word("mordor", False),)]
    # nothing of a comment becomes an entry or a phrase
    assert not any("comment" in w.text or "fixture" in w.text
                   for e in actors.values() for p in e.phrases for w in p)


def test_an_agent_code_in_an_actors_file_is_not_an_actor():
    assert by_name("ELVES  [~ELF]\nARNOR  [ARN]\n").keys() == {"ARNOR"}


def test_actor_trie_applies_the_stem_rule_and_longest_match(tmp_path):
    path = tmp_path / "a.actors.txt"
    path.write_text(ACTORS)
    lex = Lexicon.load(actors=[path], agents=[], verbs=[], discards=[])
    assert lex.sources["actors"] == [str(path)]

    def code(words, date=20240101):
        hit = lex.actors.match(words, 0)
        return (hit[0], hit[1].code_on(date)) if hit else None

    assert code(["argentina"]) == (1, "ARG")
    assert code(["argentine"]) == (1, "ARG")
    assert code(["ent"]) == (1, "ENT")
    assert code(["enter"]) is None            # a 3-letter stem matches only itself
    assert code(["arnorian"]) == (1, "ARN")
    assert code(["arnorians"]) == (1, "ARN")  # not ARNORIAN_ (exact), but the stem ARNOR
    assert code(["minas", "tiriths"]) is None   # MINAS_TIRITH_ is exact
    assert code(["north", "kingdoms"]) == (2, "ARN")
    assert code(["minas", "tirith"]) == (2, "GONGOV")
    assert code(["gondor"], 19970101) == (1, "GON")
    assert code(["gondor"], 20050101) == (1, "GONREB")


def test_null_coded_actor_phrase_masks_the_shorter_actor_inside_it(tmp_path):
    path = tmp_path / "a.actors.txt"
    path.write_text(ACTORS)
    coder = Coder(Lexicon.load(actors=[path], agents=[], verbs=[], discards=[]))
    codes = [m[3] for m in coder.mentions(["new", "mordor", "and", "mordor"], 20240101)]
    assert "MOR" in codes
    assert codes.count("MOR") == 1  # "new mordor" is not Mordor


def test_later_actor_file_overrides_the_same_phrase(tmp_path):
    first, second = tmp_path / "1.txt", tmp_path / "2.txt"
    first.write_text("ARNOR  [ARN]\n")
    second.write_text("ARNOR  [ARNGOV]\n")
    lex = Lexicon.load(actors=[first, second], agents=[], verbs=[], discards=[])
    assert lex.actors.match(["arnor"], 0)[1].code_on(None) == "ARNGOV"


def test_dictionary_files_read_as_latin1_when_not_utf8(tmp_path):
    path = tmp_path / "old.actors.txt"
    path.write_bytes("CURA\xc7AO  [CUW]\n".encode("latin-1"))
    assert by_name(read_text(path))["CURAÇAO"].codes == [DatedCode("CUW")]


@pytest.mark.parametrize("content", [b"not gzip at all", gzip.compress(b"ARNOR [ARN]\n" * 50)[:20]],
                         ids=["not-gzip", "cut-short"])
def test_a_gz_dictionary_that_cannot_be_unpacked_is_an_input_error_naming_it(tmp_path, content):
    path = tmp_path / "mine.actors.txt.gz"
    path.write_bytes(content)
    with pytest.raises(InputError, match="mine.actors.txt.gz"):
        read_text(path)
    with pytest.raises(InputError):
        check_dictionaries(actors=[path])


def test_checking_dictionaries_reads_only_the_given_files(tmp_path):
    path = tmp_path / "mine.actors.txt.gz"
    path.write_bytes(gzip.compress(b"ARNOR [ARN]\n"))
    check_dictionaries(actors=[path])  # no error, and nothing built
    with pytest.raises(InputError):
        check_dictionaries(verbs=[tmp_path / "missing.verbs.txt"])


# ----------------------------------------------------------------------------- agents


def agent_forms(text: str) -> dict[str, tuple[str, bool]]:
    return {" ".join(w.text for w in a.phrase): (a.code, a.prefix) for a in parse_agents(text)}


def test_agent_codes_drop_the_tilde_and_mark_prefix_agents():
    forms = agent_forms(AGENTS)
    assert forms["president"] == ("GOV", False)
    assert forms["peacekeeper"] == ("IGO", True)   # [IGO~] goes before the country
    assert forms["policeman"] == ("COP", False)


def test_agents_get_an_automatic_regular_plural():
    forms = agent_forms(AGENTS)
    assert forms["presidents"] == ("GOV", False)
    assert forms["policemen"] == ("COP", False)    # -MAN -> -MEN
    assert forms["parties"] == ("PTY", False)      # consonant + Y -> IES
    assert forms["peacekeepers"] == ("IGO", True)


def test_agent_plurals_in_braces_replace_the_automatic_plural_and_empty_braces_mean_none():
    forms = agent_forms(AGENTS)
    assert forms["troops"] == ("MIL", False)
    assert "soldiers" not in forms
    assert forms["armed forces"] == ("MIL", False)
    assert not any(f.startswith("armed") and f != "armed forces" for f in forms)


def test_agent_substitutions_expand_every_listed_word():
    forms = agent_forms(AGENTS)
    assert forms["foreign minister"] == ("GOV", False)
    assert forms["foreign ministry"] == ("GOV", False)
    assert not any("!" in f for f in forms)


# ----------------------------------------------------------------------------- verbs


def test_paired_and_blocking_code_blocks():
    assert Codes.parse("042:043") == Codes("042", "043")
    assert Codes.parse(" 1305 ") == Codes("1305", None)
    assert Codes.parse("---") == Codes(None, None)


def test_synsets_are_read_with_phrases_and_nested_synsets():
    vd = parse_verbs(VERBS)
    assert vd.synsets["CURRENCY"] == [(Word("dollars", False),), (Word("euro", True),),
                                      (Word("hard", True), Word("currency", False))]
    assert (Word("&CURRENCY", True),) in vd.synsets["MONEY"]
    assert (Word("funds", False),) in vd.synsets["MONEY"]


def test_verb_block_code_applies_to_its_verbs_and_forms_index_the_entry():
    vd = parse_verbs(VERBS)
    visit = vd.verbs["visit"][0]
    assert visit.codes == Codes("042", "043")
    assert set(visit.forms) == {"visits", "visited", "visiting"}
    for form in ("visits", "visited", "visiting"):
        assert vd.verbs[form] == [visit]
    assert vd.verbs["accused"][0].codes == Codes("112")


def test_a_verb_line_code_overrides_the_block_code():
    vd = parse_verbs(VERBS)
    assert vd.verbs["warn"][0].codes == Codes("130")
    assert vd.verbs["donate"][0].codes == Codes("071")
    assert vd.verbs["send"][0].codes == Codes("070")


def test_phrasal_verbs_are_indexed_by_their_first_word_and_their_forms():
    vd = parse_verbs(VERBS)
    go_to = vd.verbs["go"][0]
    assert go_to.words == ("go", "to")
    assert vd.verbs["went"] == [go_to] and vd.verbs["goes"] == [go_to]


def test_block_patterns_apply_to_every_verb_of_the_block():
    vd = parse_verbs(VERBS)
    visit, go_to = vd.verbs["visit"][0], vd.verbs["go"][0]
    assert visit.patterns == go_to.patterns
    assert len(visit.patterns) == 2
    by_words = {tuple(e.word.text for e in p.after if e.word is not None): p for p in visit.patterns}
    blocking, capital = by_words[("secretly",)], by_words[("to", "capital")]
    assert blocking.codes == Codes(None) and blocking.before == ()
    assert [(e.kind, e.word.text) for e in blocking.after] == [(LIT, "secretly")]
    assert capital.codes == Codes("042")
    assert [e.word.text for e in capital.after] == ["to", "capital"]  # ( ) groups dropped
    assert capital.weight == 2
    money = vd.verbs["send"][0].patterns[0]
    assert [(e.kind, e.synset) for e in money.after] == [(SYN, "MONEY")]
    assert money.codes == Codes("071")
    # the ACCUSE block has no patterns: WARN after it does not inherit GIVE's
    assert vd.verbs["accuse"][0].patterns == [] and vd.verbs["warn"][0].patterns == []


def test_semicolon_comment_after_a_verb_line_is_ignored():
    vd = parse_verbs("---  END   [---]  ---\nSCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93\n")
    scrap = vd.verbs["scrap"][0]
    assert scrap.words == ("scrap",)
    assert set(scrap.forms) == {"scrapping", "scraps", "scrapped"}


def test_pattern_actor_slots():
    vd = parse_verbs("--- MEET [040] ---\nMEET\n- $ * + TOGETHER [043]\n")
    pat = vd.verbs["meet"][0].patterns[0]
    assert [e.kind for e in pat.before] == [SRC]
    assert [e.kind for e in pat.after] == [TGT, LIT]
    assert pat.weight == 1  # slots do not count


# ----------------------------------------------------------------------------- discards


def test_discards_sentence_and_story_level():
    ds = {" ".join(w.text for w in d.phrase): d.story for d in parse_discards(DISCARDS)}
    assert ds == {"soccer match": False, "horoscope": True, "world cup": False}


# ----------------------------------------------------------------------------- through the coder


@pytest.fixture(scope="module")
def fixture_coder(tmp_path_factory) -> Coder:
    d: Path = tmp_path_factory.mktemp("dicts")
    files = {}
    for kind, text in (("actors", ACTORS), ("agents", AGENTS), ("verbs", VERBS), ("discards", DISCARDS)):
        files[kind] = d / f"fixture.{kind}.txt"
        files[kind].write_text(text)
    lex = Lexicon.load(actors=[files["actors"]], agents=[files["agents"]], verbs=[files["verbs"]],
                       discards=[files["discards"]])
    return Coder(lex)


@pytest.fixture(scope="module")
def nlp():
    from newsgraph.events.nlp import load_pipeline

    return load_pipeline()


def coded(coder: Coder, nlp, text: str, date: int | None = 20240516) -> list[tuple[str, str, str]]:
    return [(e.source.code, e.code, e.target.code) for e in coder.code_sentence(nlp(text), date, Context())]


def test_paired_verb_code_gives_the_event_and_its_reciprocal(fixture_coder, nlp):
    assert coded(fixture_coder, nlp, "Arnor visited Mordor.") == [("ARN", "042", "MOR"), ("MOR", "043", "ARN")]


def test_blocking_pattern_stops_coding(fixture_coder, nlp):
    assert coded(fixture_coder, nlp, "Arnor visited Mordor secretly.") == []


def test_synset_pattern_gives_its_code_over_the_verb_code(fixture_coder, nlp):
    assert coded(fixture_coder, nlp, "Arnor sent dollars to Mordor.") == [("ARN", "071", "MOR")]
    assert coded(fixture_coder, nlp, "Arnor sent funds to Mordor.") == [("ARN", "071", "MOR")]  # nested synset
    assert coded(fixture_coder, nlp, "Arnor sent envoys to Mordor.") == [("ARN", "070", "MOR")]


def test_dated_actor_code_follows_the_sentence_date(fixture_coder, nlp):
    assert coded(fixture_coder, nlp, "Gondor accused Mordor.", 19970101) == [("GON", "112", "MOR")]
    assert coded(fixture_coder, nlp, "Gondor accused Mordor.", 20240101) == [("GONREB", "112", "MOR")]


def test_stemmed_and_synonym_actors_code_through_the_coder(fixture_coder, nlp):
    assert coded(fixture_coder, nlp, "The North Kingdom accused Argentina.") == [("ARN", "112", "ARG")]


def test_fixture_agent_and_actor_compose_a_role_code(fixture_coder, nlp):
    assert coded(fixture_coder, nlp, "The Arnorian foreign minister accused Mordor.") == [("ARNGOV", "112", "MOR")]


def test_discard_phrase_stops_coding_the_sentence(fixture_coder, nlp):
    assert coded(fixture_coder, nlp, "Arnor accused Mordor.") == [("ARN", "112", "MOR")]
    assert coded(fixture_coder, nlp, "Arnor accused Mordor after the soccer match.") == []


def test_a_null_agent_in_a_later_file_unmakes_an_earlier_files_phrase():
    # Phoenix lists BORDER_SECURITY [~MIL]; newsgraph.agents.txt makes it [---], while the forces
    # stay a role
    from newsgraph.events.stage import EventCoder

    coder = EventCoder()
    assert agent_forms("BORDER_SECURITY {} [---]\n")["border security"] == ("---", False)
    events = coder.code({"text": "Trump demanded that Democrats in Congress fund border security.",
                         "language": "en", "published": "2019-01-10"}, "a1")[0]
    assert [(e.source.code, e.cameo_root, e.target.code) for e in events] == [("USAGOV", "10", "USALEG")]
    events = coder.code({"text": "Pakistani border security forces attacked Indian positions.",
                         "language": "en", "published": "2019-01-10"}, "a1")[0]
    assert [e.source.code for e in events] == ["PAKMIL"]


def test_a_phrasal_verbs_particle_pattern_stays_with_that_verb():
    vd = parse_verbs("---  BREAK_BEAT   [190]  ---\nBREAK\nBEAT\n"
                     "- * (WITH)      [130]  # BREAK\n"
                     "- * &MONEY      [071]  # BREAK\n"
                     "- * (FOR)       [111]  # BREAK\n")
    on = lambda v: sorted(p.codes.code for p in vd.verbs[v][0].patterns)  # noqa: E731
    # "break with" is BREAK's idiom; "beat up detainees with the knowledge of officers" is no 130
    assert on("break") == ["071", "111", "130"]
    assert on("beat") == ["071", "111"]
