"""The event coder: one parsed sentence in, (source, code, target) triples out.

How a sentence is coded (docs/events.md has the long form):

1. **Mentions.** Actor and agent phrases from the dictionaries are matched longest-first on the
   sentence's tokens. Mentions that share a noun phrase (``Dagolath's Deputy Prime Minister
   Telemar``, ``the Russian president``, ``activists in Arnor``) merge into one *unit*: the
   country comes from the actor, the role from the agent (``RUS`` + ``GOV`` = ``RUSGOV``). A unit
   with only an agent (``the ministry``) takes its country from the last unit of the same role in
   this or the previous sentence (light coreference); pronouns refer back the same way.
2. **Verbs.** Every verb whose lemma or form is in the verb dictionary is a candidate; its patterns
   (``- * DIPLOMATIC TIES [064]``) are matched in order around it, and the most specific pattern
   that matches gives the code (else the verb's own code). ``[---]`` blocks coding.
3. **Actors of the verb.** Source: the subject (the ``by`` agent in the passive, the controller of
   an infinitive, the subject of the governing verb for coordinated verbs); target: the direct
   object, else the first prepositional object, else the subject of a clausal complement. Pattern
   slots (``$`` source, ``+`` target, ``%`` both) override the syntax. Coordinated actors give one
   event per pair; a compound subject with no target gives the events among its members when the
   act is reciprocal ("signed an agreement", "blamed each other").
4. **Filters.** Negated verbs code nothing (unless the pattern itself names the negation), nor
   do denied ("denied that it had attacked") or refused ("refused to deploy") acts; a verb under
   an intent verb (``plans to visit``) is recoded as intent (CAMEO 03x/13x); a verb inside
   reported speech records who said it (``attribution``); nobody acts on itself; sentences with a
   discard phrase code nothing.

The coder only needs tokens with ``text``, ``lemma_``, ``pos_``, ``tag_``, ``dep_``, ``head`` and
``i`` (spaCy's API); it holds no spaCy objects itself, so it pickles.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import AbstractSet, Any, Iterator, Sequence

from .dictionaries import BOTH, LIT, Codes, MIN_STEM, SKIP, SRC, SYN, TGT, ActorEntry, AgentEntry, Element, Pattern, VerbEntry
from .lexicon import Lexicon
from .record import NON_COUNTRY, ROLE_FIRST_BLOCKS

#: verbs whose infinitive complement is an intention, not an act ("plans to visit")
INTENT_VERBS = frozenset({
    "plan", "intend", "aim", "hope", "want", "wish", "seek", "expect", "prepare", "propose",
    "consider", "mull", "weigh", "vow", "pledge", "promise", "threaten", "offer", "agree", "decide",
    "swear", "vote",
})
#: nouns whose infinitive is an intention, not an act ("his plan to visit China")
INTENT_NOUNS = frozenset({
    "plan", "decision", "proposal", "offer", "intention", "bid", "pledge", "promise", "vow",
    "readiness", "willingness", "desire", "wish", "hope", "threat",
})
#: nouns whose infinitive is an act tried, which CAMEO codes as the act ("an attempt to assassinate")
ATTEMPT_NOUNS = frozenset({"attempt"})
#: adjectives whose infinitive is an intention, not an act ("is ready to contribute troops")
INTENT_ADJECTIVES = frozenset({
    "willing", "ready", "prepared", "determined", "eager", "keen", "committed", "poised",
})
#: what an intended act of each CAMEO root is coded as (root -> CAMEO intent/threat code)
INTENT_CODE = {
    "01": "030", "02": "030", "03": "030", "04": "036", "05": "032", "06": "031", "07": "033",
    "08": "035", "09": "030", "10": "030", "11": "030", "12": "030", "13": "130", "14": "133",
    "15": "138", "16": "131", "17": "131", "18": "138", "19": "138", "20": "1384",
}
#: roots whose intended or announced future acts are not coded (see _intent): verbal conflict
#: short of a threat (investigate, demand, disapprove, reject)
UNCODED_INTENT_ROOTS = frozenset({"09", "10", "11", "12"})
#: intent verbs that are a preparation: what is prepared is done in earnest (see _intent)
PREPARE_VERBS = frozenset({"prepare"})
#: verbs of agreeing: what the agreeing sides say they will do is their intention (_agreed_own_act)
AGREE_VERBS = frozenset({"agree"})
FUTURE_OR_OUGHT_MODALS = frozenset({"will", "would", "shall", "should", "must"})
COUNTERFACTUAL_MODALS = frozenset({"would", "could", "might", "may"})
#: roles of sectors of society, no side in a war: a "war on" one of them is a figure of speech
SECTOR_ROLES = frozenset({"REL", "MED", "EDU", "BUS", "LAB", "CVL", "AGR", "ENV", "HLH", "SCI", "ELI", "DEV"})
#: verbs whose object is a topic, not a partner ("discussed the sanctions with Japan")
TOPIC_VERBS = frozenset({"discuss", "debate"})
#: roots whose direct object is whom the act is done to (disapprove: criticise, accuse, blame)
OBJECT_TARGET_ROOTS = frozenset({"11"})
#: nouns of conflicts as subjects: what they do is done by no actor named in their phrases
CONFLICT_NOUNS = frozenset({"war", "conflict", "fighting", "violence", "clash", "crisis", "unrest", "insurgency"})
#: nouns whose clause is only possible, feared or looked for ("any sign that", "fears that"): not asserted
POSSIBILITY_NOUNS = frozenset({
    "sign", "evidence", "indication", "possibility", "prospect", "chance", "risk", "danger", "fear",
    "suspicion", "speculation", "rumor", "rumour", "likelihood", "hypothesis", "scenario", "doubt",
})
#: prepositions of comparison: their object is no target ("hurt Europe more than Russia")
COMPARISON_PREPS = frozenset({"than"})
#: prepositions of time: what they date the act by is no target ("announced the indictments days
#: before the planned summit with Putin"); "after" is left out, as it is also a particle ("went
#: after the Romney/Ryan ticket": attacked it)
TIME_PREPS = frozenset({"before", "since", "until"})
#: verbs of banning, and the dealings a ban on them is a sanction on the other side of (_dealt_with)
BAR_VERBS = frozenset({"bar", "ban", "prohibit", "forbid"})
DEALING_VERBS = frozenset({"deal", "trade", "do", "work", "transact", "invest", "cooperate"})
SANCTIONS_CODE = "163"
#: verbs that say whom a measure hits: a participle of one after a sanction is that sanction
TARGET_VERBS = frozenset({"target", "hit", "cover", "affect"})
#: roots of measures against another side (reduce relations, coerce)
MEASURE_ROOTS = frozenset({"16", "17"})
#: roots whose events are never done to the place they are done in (the last-resort target)
UNPLACED_ROOTS = frozenset({"01", "02"})
#: verbs of protesting: with a clause of what is protested, a complaint in words
PROTEST_VERBS = frozenset({"protest"})
CRITICISM_CODE = "111"
#: verbs of encouraging: with an infinitive, an appeal to do it
ENCOURAGE_VERBS = frozenset({"encourage"})
#: what one leaves when one travels ("left the country for Paris"): other objects are things left
LEFT_PLACES = frozenset({"country", "city", "capital", "town", "region", "area", "home", "island", "port", "base"})
#: verbs of directing someone: with an infinitive, an order (a demand) to do it
ORDER_VERBS = frozenset({"direct", "instruct"})
#: verbs of weighing a choice: with "whether" nothing is decided or intended yet
UNDECIDED_VERBS = frozenset({"decide", "consider", "weigh", "debate", "ponder", "mull"})
#: verbs of asking: for something (an appeal, 02) or a question (no event: _asks_a_question)
ASK_VERBS = frozenset({"ask", "inquire", "enquire"})
#: verbs of proposing that also report claims ("suggested he had lied"): see _claims
SUGGEST_VERBS = frozenset({"suggest", "hint"})
CLAIM_MODALS = frozenset({"would", "will", "could", "might", "may", "can"})
STATEMENT_CODE = "010"
#: CAMEO's demonstrate military or police power
SHOW_OF_FORCE_CODE = "150"
#: intent verbs that are themselves a deal with another party: what is agreed or offered is an
#: intent to cooperate whatever its root ("agreed to postpone the demonstration": 030)
BARGAIN_VERBS = frozenset({"agree", "offer", "propose"})
#: verbs of saying: a clause under one is reported speech
SAY_VERBS = frozenset({
    "say", "tell", "report", "announce", "state", "claim", "add", "note", "declare", "insist",
    "confirm", "write", "quote", "allege", "assert", "argue", "warn",
})
#: verbs of speaking that are no act on a place named with them ("spoke in Beijing")
SPEAK_VERBS = frozenset({"speak", "talk", "comment", "testify", "remark", "lecture", "preach", "appear"})
SUBJ = frozenset({"nsubj", "csubj", "expl"})
PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
#: dependencies that keep a mention inside its owner's noun phrase
NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nn", "appos", "det", "case", "npadvmod", "nummod", "dep"})
#: prepositions whose object belongs to the noun it attaches to ("activists in Arnor")
NP_PREPS = frozenset({"in", "of", "from", "for"})
#: clauses a unit search does not enter (they hold other events)
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj", "pcomp"})
#: prepositions of the verb that name where it happened, never whom it was done to
PLACE_PREPS = frozenset({"in", "at", "inside", "outside", "near", "around", "throughout", "within"})
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their"})
#: pronouns of a person: they refer to a person or office, never to a bare country or place
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
#: parts of speech a one-word name never has: "us" (PRON) is not the US
FUNCTION_POS = frozenset({"PRON", "NUM", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART"})
#: possessive pronouns: "its troops", "their ambassador"
POSSESSIVES = frozenset({"its", "their", "his", "her"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})
#: formal variants of prepositions the verb patterns spell one way: "agreed upon a new free-trade
#: pact" is CAMEO's AGREE * (ON TRADE) (0311)
PREPOSITION_VARIANTS = {"upon": "on"}


@dataclass(slots=True)
class Unit:
    """One actor reference: a noun phrase that the dictionaries resolve to a CAMEO code."""

    owner: int
    start: int
    end: int
    code: str
    text: str
    #: a role with no country of its own (``the ministry``): resolved by coreference or ``---``
    agent_only: bool = False
    role: str | None = None
    #: a plural noun phrase ("rebels", "officials"): ``he``/``she`` cannot refer to it
    plural: bool = False
    #: a capital or seat of government standing for its government ("Moscow"): no ``he``/``she``
    place: bool = False
    #: its head noun names a body, not a person ("the agriculture industry", "the Senate Judiciary
    #: Committee"): no ``he``/``she`` either
    body: bool = False


@dataclass(slots=True)
class CodedEvent:
    """One event of a sentence before it becomes an ``Event`` record."""

    source: Unit
    target: Unit
    code: str
    verb: str
    pattern_line: int = 0
    via_pattern: bool = False
    attribution: Unit | None = None
    location: Unit | None = None
    intent: bool = False
    #: the verb heads the sentence (or a clause coordinated with or reported by its head), not a
    #: subordinate clause: the sentence's main news rather than background
    main_clause: bool = True
    #: token index of the verb, and of the verb it is the infinitive of (-1: none)
    verb_i: int = -1
    head_i: int = -1


@dataclass(slots=True)
class Context:
    """What coreference needs from earlier sentences of the same article."""

    #: units of the previous sentence and this one, most recent last
    recent: list[Unit] = field(default_factory=list)
    #: the person named last so far is one the dictionaries do not know ("Mr. Cohen said ..."):
    #: a later sentence's ``he``/``she`` is more likely that person than an earlier actor
    unknown_person: bool = False

    def push(self, units: Sequence[Unit], unknown_person_last: bool | None = None) -> None:
        """Add a sentence's units; ``unknown_person_last`` says whether the last person it names
        is unknown (True), known (False), or that it names no person at all (None: unchanged)."""
        self.recent = [u for u in self.recent[-12:] if not u.agent_only] + [u for u in units if not u.agent_only]
        if unknown_person_last is not None:
            self.unknown_person = unknown_person_last


class Coder:
    """Codes parsed sentences with one ``Lexicon``. Stateless between articles."""

    def __init__(self, lexicon: Lexicon, *, require_dyad: bool = True, require_country: bool = True,
                 future_as_intent: bool = False, split_compounds: bool = True,
                 sole_country_agents: bool = True) -> None:
        self.lex = lexicon
        #: ``FRO/BIL/SAM``: one actor per member (PETRARCH2), or one compound actor (UD-PETRARCH)
        self.split_compounds = split_compounds
        #: an office or group with no country, in a sentence naming one country only, is of it
        self.sole_country_agents = sole_country_agents
        self.require_dyad = require_dyad
        self._syn_cache: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
        #: code "will visit" as the intent to visit (CAMEO 036), as PLOVER does; off by default,
        #: as in PETRARCH and GDELT, which code announced future acts as the acts
        self.future_as_intent = future_as_intent
        #: drop events whose source or target has no known country or organisation (``---GOV``)
        self.require_country = require_country

    # ---------------------------------------------------------------- mentions and units
    def mentions(self, words: Sequence[str], date: int | None,
                 pos: Sequence[str] | None = None) -> list[tuple[int, int, str, Any]]:
        """(start, end, kind, code-or-entry) of the longest non-overlapping dictionary phrases.

        With part-of-speech tags, an agent phrase must end in a noun ("diplomatic" is not a
        diplomat).
        """
        if any("’" in w for w in words):
            words = [w.replace("’", "'") for w in words]  # "People’s" as the dictionaries write it
        # hyphens left out ("Al-Qaeda" is al, -, qaeda to spaCy; see lexicon.split_hyphens), and
        # words joined with "_" in the text split as the dictionaries split them ("New_York")
        if any(w == "-" or "_" in w.strip("_") for w in words):
            view = [(part, k) for k, w in enumerate(words) if w != "-"
                    for part in (w.split("_") if "_" in w.strip("_") else (w,)) if part]
            inner = self.mentions([w for w, _ in view], date, [pos[k] for _, k in view] if pos else None)
            return [(view[s][1], view[e - 1][1] + 1, kind, v) for s, e, kind, v in inner]
        out: list[tuple[int, int, str, Any]] = []
        i = 0
        while i < len(words):
            a = self.lex.actors.match(words, i)
            g = self.lex.agents.match(words, i)
            if a and (not g or a[0] >= g[0]):
                entry: ActorEntry = a[1]
                code = entry.code_on(date)
                if pos is not None and a[0] - i == 1 and pos[i] in FUNCTION_POS:
                    code = None  # the pronoun "us" is not the US, nor "zero" a group
                if code == "---":
                    # TABARI's null code: the phrase is no actor ("organization", which Phoenix
                    # lists as a synonym of TANZIM); longer phrases holding it still match
                    i = a[0]
                    continue
                if code:
                    out.append((i, a[0], "actor", code))
                    i = a[0]
                    continue
            if g and (pos is None or pos[g[0] - 1] in ("NOUN", "PROPN")):
                agent: AgentEntry = g[1]
                if agent.code == "---":
                    i = g[0]  # a null agent: the phrase is no actor ("border security")
                    continue
                out.append((i, g[0], "agent", agent))
                i = g[0]
                continue
            i += 1
        return out

    def discarded(self, words: Sequence[str], story: bool | None = None) -> bool:
        """Whether a discard phrase occurs (``story``: only story-level ones, ``+`` in the file)."""
        words = [w for w in words if w != "-"]
        for i in range(len(words)):
            hit = self.lex.discards.match(words, i)
            if hit and (story is None or hit[1].story == story):
                return True
        return False

    def dated_spans(self, words: Sequence[str]) -> list[tuple[int, int]] | None:
        """Spans of the sentence's sentence-level discards that only date something ("in 1988",
        "two years ago", "World War Two"), or None when another discard (a topic: sports,
        weather) skips the whole sentence. A date dates the clause it sits in, not the sentence:
        "offered to hand over two suspects of blowing up a plane in 1988" is still an offer."""
        spans: list[tuple[int, int]] = []
        for i in range(len(words)):
            hit = self.lex.discards.match(words, i)
            if hit and not hit[1].story:
                if not _time_phrase([w.text for w in hit[1].phrase]):
                    return None
                spans.append((i, hit[0]))
        return spans

    def units(self, sent: Any, date: int | None, ctx: Context | None = None) -> list[Unit]:
        """Merge mentions that share a noun phrase into units (see module doc)."""
        toks = list(sent)
        base = toks[0].i if toks else 0
        words = [t.text.lower() for t in toks]
        found = self.mentions(words, date, [t.pos_ for t in toks])
        named = {k for m in found for k in range(m[0], m[1])}
        found = [m for m in found if not _surname(m, toks, named)]
        groups: dict[int, list[tuple[int, int, str, Any]]] = {}
        in_mention = {toks[k].i: m[2] for m in found for k in range(m[0], m[1])}
        countries = {toks[k].i for m in found if m[2] == "actor" and _bare_country(m[3])
                     for k in range(m[0], m[1])}
        for m in found:
            head = _span_head(toks, m[0], m[1])
            if m[2] == "actor" and _bare_country(m[3]) and _names_a_thing(head, in_mention):
                continue  # "the Russia case", "the Iran deal": a topic, not the country acting
            if head.dep_ == "compound" and head.head.lower_ in PLACE_NOUNS and head.head.i not in in_mention:
                continue  # "on the Senate floor", "the White House lawn": a place, not the actor
            if m[2] == "agent" and head.dep_ in ("compound", "amod") and head.head.tag_ == "NN" \
                    and head.head.i not in in_mention and \
                    not any(in_mention.get(t.i) == "actor" for t in head.head.subtree):
                # "college debt", "his CEO experience", "a guerrilla stronghold": a thing, not a
                # group that acts ("Israeli police custody" keeps its country; "army bulldozers",
                # "Moslem forces" are plural: a group)
                continue
            groups.setdefault(_np_owner(head, in_mention, m[2], countries).i - base, []).append(m)
        units: list[Unit] = []
        for owner, ms in groups.items():
            owner_tok = toks[owner]
            ms = sorted(ms, key=lambda m: m[0])
            lo = min(ms[0][0], owner)
            hi = max(max(m[1] for m in ms), owner + 1)
            segs = _segments(ms, words, toks)
            composed = _compose(segs, self.split_compounds, owner, words)
            for code, role, agent_only, seg_i in composed:
                text = owner_tok.doc[toks[lo].i:toks[hi - 1].i + 1].text
                if len(segs) > 1 and seg_i is not None:
                    # one actor of a coordination: its own words ("the Chinese president", not
                    # "the Russian president and the Chinese president")
                    s0, s1 = segs[seg_i][0][0], max(m[1] for m in segs[seg_i])
                    if s0 <= owner < s1 or seg_i == len(segs) - 1:
                        s1 = max(s1, owner + 1)
                    text = owner_tok.doc[toks[s0].i:toks[s1 - 1].i + 1].text
                unit = Unit(owner_tok.i, toks[lo].i, toks[hi - 1].i + 1, code, text, agent_only=agent_only, role=role,
                            plural=owner_tok.tag_ in ("NNS", "NNPS"), place=is_place(text, self.lex.places),
                            body=owner_tok.lower_ in BODY_NOUNS)
                units.append(self._resolve(unit, owner_tok, ctx) if agent_only else unit)
        if self.sole_country_agents:
            units = _sole_country(units, _quoted_tokens(toks))
        units = _ethnic_residents(units, toks[0].doc if toks else None)
        # a subject pronoun refers back to the last actor before it: in this sentence, else in
        # the previous one (light coreference)
        taken = {t for u in units for t in range(u.start, u.end)}
        for t in toks:
            if (t.lower_ in PRONOUNS or _bare_speaker(t)) and t.dep_ in SUBJ | PASS_SUBJ and t.i not in taken:
                if t.lower_ == "it" and _expletive(t):
                    continue  # "it takes more than a tweet to ...", "it would be wrong to meet"
                # "India's foreign ministry rejected the protest. A spokesperson said ...": a
                # spokesperson of nobody named speaks for the actor named last, as a pronoun does
                ref = _participle_speaker(t, units) or _referent(t, units, ctx)
                if ref is not None:
                    units.append(Unit(t.i, t.i, t.i + 1, ref.code, t.text, role=ref.role,
                                      plural=t.lower_ in ("they", "them", "their")))
            elif t.lower_ in POSSESSIVES and t.dep_ == "poss":
                # "Syria says it will withdraw its troops": an office or force with no country of
                # its own is that of the actor the possessive refers back to
                k = next((k for k, u in enumerate(units) if u.agent_only and u.owner == t.head.i), None)
                if k is None:
                    continue
                ref = _subject_of_object(t, units) or _referent(t, units, ctx)
                if ref is not None and ref.code[:3] != "---":
                    units[k] = replace(units[k], code=ref.code[:3] + units[k].code[3:], agent_only=False)
        return sorted(units, key=lambda u: u.start)

    @staticmethod
    def _resolve(unit: Unit, owner: Any, ctx: Context | None) -> Unit:
        """``the ministry`` / ``the president`` -> the last unit with that role (or GOV) if the
        phrase is definite; otherwise the country stays unknown (``---GOV``)."""
        if ctx is None or not ctx.recent:
            return unit
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in owner.children)
        if not definite:
            return unit
        # the same office named before ("Russia's foreign ministry ... The ministry") wins over
        # the last unit of the same role
        head = owner.lower_
        for ref in reversed(ctx.recent):
            if ref.code[:3] != "---" and head in ref.text.lower().split():
                return replace(unit, code=ref.code[:3] + (unit.role or ""), agent_only=False)
        # then the last unit of the same role; a country named bare ("Iraq", "the U.S.") stands
        # for its government, so it is the president's or the ministry's, but not the senator's,
        # the attorney general's or the newspaper's (in basil-dev "the senator" had been RUSLEG
        # and "the attorney general" IRQJUD after a bare "Russia" / "Iraq")
        for ref in reversed(ctx.recent):
            if ref.code[:3] != "---" and (ref.role == unit.role or (ref.role is None and unit.role == "GOV")):
                return replace(unit, code=ref.code[:3] + (unit.role or ""), agent_only=False)
        return unit

    # ---------------------------------------------------------------- verbs and patterns
    def verb_entries(self, tok: Any, toks: Sequence[Any]) -> list[tuple[VerbEntry, int]]:
        """Dictionary entries for a verb token, with the index after the verb's last word."""
        # the written form first ("left" [032:033] before the lemma "leave" [012]); the lemma's
        # entries stay candidates, since a written form may only start longer phrases
        # ("attacked" in ATTACKED_AND_STABBED) that do not match here
        cands: list[VerbEntry] = list(self.lex.verbs.verbs.get(tok.lower_, ()))
        cands += self.lex.verbs.verbs.get(tok.lemma_.lower(), ())
        if not cands:
            # the lemmatizer's miss ("staged" -> "stag"): try the regular stems of the word
            for stem in verb_stems(tok.lower_):
                cands += self.lex.verbs.verbs.get(stem, ())
        out: list[tuple[VerbEntry, int]] = []
        seen: set[int] = set()
        for entry in cands:
            if id(entry) in seen:
                continue
            seen.add(id(entry))
            end = tok.i + 1
            ok = True
            for w in entry.words[1:]:
                # particles may follow within two tokens ("broken down", "went by")
                # not the "to" of an infinitive: "is going to attack" is the future, not a trip
                nxt = next((t for t in toks if end <= t.i <= end + 1 and (t.lower_ == w or t.lemma_.lower() == w)
                            and not (t.tag_ == "TO" and t.dep_ == "aux")), None)
                if nxt is None:
                    ok = False
                    break
                end = nxt.i + 1
            if ok:
                out.append((entry, end))
        out.sort(key=lambda x: -len(x[0].words))  # stable: file order among equals
        return out

    def match_pattern(self, pat: Pattern, toks: Sequence[Any], vstart: int, vend: int, lo: int, hi: int,
                      units: Sequence[Unit]) -> tuple[dict[str, list[Unit]], int, int] | None:
        """Match ``pat`` around the verb: ``before`` backwards from the verb, ``after`` forwards.

        Returns the actor slots it filled ({"src": [...], "tgt": [...], "both": [...]}), how
        many words beyond one per element its synsets covered, and how many words from the verb
        the match reaches, or None.
        """
        slots: dict[str, list[Unit]] = {}
        extra = [0]
        pos = vend
        for k, el in enumerate(pat.after):
            tight = k > 0 and pat.after[k - 1].tight
            nxt = self._match_el(el, toks, pos, hi, +1, tight, units, slots, extra, toks[vstart].i)
            if nxt is None:
                return None
            pos = nxt
        reach = pos - vend
        pos = vstart - 1
        for k, el in enumerate(reversed(pat.before)):
            tight = el.tight
            nxt = self._match_el(el, toks, pos, lo, -1, tight, units, slots, extra, subject_of=toks[vstart].i)
            if nxt is None:
                return None
            pos = nxt
        return slots, extra[0], reach + (vstart - 1 - pos)

    def _match_el(self, el: Element, toks: Sequence[Any], pos: int, limit: int, step: int, tight: bool,
                  units: Sequence[Unit], slots: dict[str, list[Unit]], extra: list[int],
                  verb: int | None = None, subject_of: int | None = None) -> int | None:
        """Index after (step +1) / before (step -1) the element's match at or past ``pos``."""
        rng = range(pos, limit, step) if step > 0 else range(pos, limit - 1, -1)
        for j in rng:
            if el.kind == LIT:
                assert el.word is not None
                t = toks[j]
                if (el.word.matches(t.lower_) or el.word.matches(t.lemma_.lower())
                        or el.word.text == PREPOSITION_VARIANTS.get(t.lower_)) and not _time_preposition(t) \
                        and not (verb is not None and _in_noun_clause(t, verb)) \
                        and not (verb is not None and _other_verbs_particle(t, verb)) \
                        and not (t.tag_ == "TO" and t.dep_ == "aux") and t.dep_ != "quantmod" \
                        and not (t.dep_ == "amod" and t.tag_ in ("VBN", "VBD") and t.lower_ != el.word.text) \
                        and not (t.tag_ == "VBG" and t.dep_ == "pcomp" and t.head.lower_ == "for"):
                    # an infinitive's "to" is no preposition: "congratulated Clinton for
                    # securing the delegates necessary to clinch" is no WELCOME * (TO); nor is
                    # a number's "up to" a particle: "supply up to 20 million" is no GIVE UP (080);
                    # nor a participle describing a noun the pattern's noun: "praised his defeated
                    # opponent" is no HAIL * DEFEAT (110); nor what the target is praised or
                    # blamed for doing: "praised police for quickly arresting a suspect" is no
                    # HAIL * ARREST (110, hailing an arrest made of the target)
                    return j + step
            elif el.kind == SYN:
                if subject_of is not None and _in_phrase_of_subject(toks[j], subject_of):
                    continue
                if verb is not None and _in_noun_clause(toks[j], verb):
                    continue
                n = self._syn_len(el.synset or "", toks, j, step)
                if n:
                    extra[0] += n - 1
                    return j + step * n
            elif el.kind in (SRC, TGT, BOTH):
                u = next((u for u in units if u.start <= toks[j].i < u.end), None)
                if u is not None:
                    # "%" after the verb ("agrees with %") is a compound target; before it, a
                    # compound whose members act on each other
                    kind = TGT if el.kind == BOTH and step > 0 else el.kind
                    slots.setdefault(kind, []).append(u)
                    return (u.end - toks[0].i) if step > 0 else (u.start - toks[0].i - 1)
            elif el.kind == SKIP:
                return _skip_phrase(toks, j, limit, step, units)
            if tight:
                return None  # joined with "_": the element must match right here
        return None

    def _syn_index(self, name: str, last: bool = False) -> dict[str, list[tuple[Any, ...]]]:
        """A synset's phrases (nested synsets expanded) keyed by the lookup key of their first
        (``last``: last) word: the word itself when it must match exactly, else its first
        MIN_STEM letters."""
        cache_key = name + ("\0last" if last else "")
        idx = self._syn_cache.get(cache_key)
        if idx is None:
            idx = {}
            for phrase in _expand_synset(self.lex.verbs.synsets, name, 0):
                w = phrase[-1] if last else phrase[0]
                key = w.text if w.exact or len(w.text) < MIN_STEM else w.text[:MIN_STEM]
                idx.setdefault(key, []).append(phrase)
            self._syn_cache[cache_key] = idx
        return idx

    def _syn_len(self, name: str, toks: Sequence[Any], j: int, step: int, depth: int = 0) -> int:
        """Tokens a synset phrase covers at ``j`` (reading in ``step`` direction), 0 if none."""
        # forwards the phrase starts at j, backwards it ends there
        idx = self._syn_index(name, last=step < 0)
        best = 0
        t = toks[j]
        cands: list[tuple[Any, ...]] = []
        for w in {t.lower_, t.lemma_.lower()}:
            cands.extend(idx.get(w, ()))
            cands.extend(idx.get(w[:MIN_STEM], ()) if len(w) >= MIN_STEM else ())
        for phrase in cands:
            words = phrase if step > 0 else tuple(reversed(phrase))
            n = 0
            for w in words:
                k = j + step * n
                if not 0 <= k < len(toks):
                    break
                t = toks[k]
                if not (w.matches(t.lower_) or w.matches(t.lemma_.lower())):
                    break
                n += 1
            if n == len(words):
                best = max(best, n)
        return best

    # ---------------------------------------------------------------- syntax: who and whom
    def _unit_of(self, tok: Any, units: Sequence[Unit], deep: bool = True, late: bool = True) -> list[Unit]:
        """The unit(s) a noun token stands for: its own unit, else the first one in its noun
        phrase (not entering clauses; ``late``: also its phrases of place and participles, last),
        with coordinated units added."""
        own = [u for u in units if u.owner == tok.i] or [u for u in units if u.start <= tok.i < u.end]
        if own:
            first = own[0]
        elif deep:
            first = None
            for t in _np_walk(tok, late):
                hit = [u for u in units if u.owner == t.i]
                if hit:
                    first = hit[0]
                    break
            if first is None:
                return []
        else:
            return []
        out = [u for u in units if u.owner == first.owner]
        owner_tok = tok.doc[first.owner]
        for c in _conjuncts(owner_tok):
            hit = [u for u in units if u.owner == c.i] or [u for u in units if u.start <= c.i < u.end]
            if not hit:
                # "the evil awful Gondor": the conjunct's own noun phrase holds the unit
                for t in _np_walk(c):
                    hit = [u for u in units if u.owner == t.i]
                    if hit:
                        break
            if hit:
                for u in units:
                    if u.owner == hit[0].owner and u not in out:
                        if u.agent_only and not first.agent_only:
                            # "Danish media and government": the conjunct shares the country
                            u = replace(u, code=first.code[:3] + (u.role or ""), agent_only=False)
                        out.append(u)
        return out

    def _coordination(self, unit: Unit, doc: Any, units: Sequence[Unit]) -> list[Unit]:
        """A unit and every unit coordinated with it ("Gondor and Osgiliath")."""
        tok = doc[unit.owner]
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        found = self._unit_of(tok, units)
        return found if unit in found else [unit] + found

    def subjects(self, verb: Any, units: Sequence[Unit], depth: int = 0,
                 reaction: bool = True) -> tuple[list[Unit], bool]:
        """(source units, passive?) of a verb, following control and coordination upwards;
        ``reaction``: the verb may be a reaction to the clause before it (", which drew
        criticism"), whose subject a non-restrictive ``which`` then stands for."""
        # a past participle describing a noun ("companies accused of supplying") is passive: the
        # noun is the one it was done to
        passive = any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children) or \
            _passive_participle_clause(verb) or _passive_acl(verb)
        if verb.lower_ in STATIVE_PARTICIPLES and not any(c.dep_ == "agent" for c in verb.children):
            # "Israel is opposed to French mediation": a state of the subject, not a passive
            passive = False
            if verb.dep_ == "acomp" and depth < 3:
                return self.subjects(verb.head, units, depth + 1)[0], False
            subj = [c for c in verb.children if c.dep_ in PASS_SUBJ]
            if subj:
                return self._unit_of(subj[0], units), False
        subj_children = [c for c in verb.children if c.dep_ in SUBJ]
        for c in subj_children[:-1]:
            # two subjects is a parse error ("Old foes Gondor and Osgiliath"): take the one that
            # names an actor (in its own words: not in a clause or place hung on it, "Raddatz,
            # opening the debate with a question about the Libya strike, ... Ryan criticized")
            found = self._unit_of(c, units, late=False)
            if found:
                return found, passive
        for c in verb.children:
            if c.dep_ in SUBJ:
                if len(subj_children) > 1 and c.i != subj_children[-1].i:
                    continue
                if c.lemma_.lower() in CONFLICT_NOUNS and not any(u.owner == c.i for u in units):
                    # "the war between the army and the RSF was pushing millions towards famine":
                    # the war does it, not the sides named in its phrase
                    return [], passive
                found = self._unit_of(c, units, late=len(subj_children) == 1)
                if found:
                    return found, passive
                if not reaction and c.lower_ == "which" and verb.dep_ == "relcl" and c.i > 0 and \
                        c.doc[c.i - 1].text == ",":
                    # "Russia, which invaded Ukraine": its noun, if that is an actor ("the DACA
                    # program, which protects immigrants": nobody)
                    return self._unit_of(verb.head, units, deep=False), passive
                if c.lower_ == "which" and verb.dep_ == "relcl" and depth < 3 and c.i > 0 and \
                        c.doc[c.i - 1].text == ",":
                    # "..., which drew criticism": the antecedent event's subject; not in a
                    # restrictive clause, which is about its noun ("a resolution that aims to
                    # impose a blockade": the resolution's aim, not the speaker's act)
                    main = verb.head
                    while main.dep_ not in ("ROOT",) and main.pos_ not in ("VERB", "AUX") and main.head.i != main.i:
                        main = main.head
                    if main.i != verb.i:
                        return self.subjects(main, units, depth + 1)
                return [], passive
            if c.dep_ == "agent" and passive:
                for p in c.children:
                    found = self._unit_of(p, units)
                    if found:
                        return found, passive
        has_own = any(c.dep_ in SUBJ | PASS_SUBJ for c in verb.children)
        if not has_own and depth < 3 and verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.i != verb.i:
            head = verb.head
            if verb.dep_ == "xcomp" and head.pos_ in ("ADJ", "ADV"):
                head = head.head
            if verb.dep_ == "xcomp":
                objs = [c for c in head.children if c.dep_ in ("dobj", "obj")]
                if objs:
                    # object control: "urged Eriador to respond" -> Eriador responds
                    return self._unit_of(objs[0], units), passive
                raised = [c for c in head.children if c.dep_ in PASS_SUBJ]
                if raised and not any(c.dep_ == "agent" for c in head.children) and \
                        head.lemma_.lower() not in EXPECT_VERBS:
                    # "Gollum was seen to break into the parade": the one seen breaks in ("Trump
                    # is expected to approve the bill" is a forecast: nobody)
                    return self._unit_of(raised[0], units), passive
            if head.pos_ in ("VERB", "AUX"):
                got, _ = self.subjects(head, units, depth + 1)
                return got, passive
        if verb.dep_ in ("acl", "relcl") and not passive:
            # "Chinese companies helping Russia": the noun the clause describes, or an actor in
            # its own words ("India's attempt to malign"), not one in its prepositional phrases
            # ("an attempt to malign Pakistan before the UN General Assembly's debate")
            own = self._unit_of(verb.head, units, deep=False)
            if own:
                return own, passive
            return [u for u in units if u.owner in {c.i for c in verb.head.children
                                                    if c.dep_ in ("poss", "compound", "amod", "nmod")}], passive
        return [], passive

    def _protested(self, verb: Any, lo: int, hi: int, toks: Sequence[Any], units: Sequence[Unit],
                   aims: bool = True) -> list[Unit]:
        """Whom a protest is against: the object of ``against`` / ``in defiance of`` / ``in protest
        at`` in the verb's clause or in the phrases of its subject and purpose; with ``aims``, else
        the first actor the demand it is made for names."""
        scope = {t.i for t in verb.subtree} | {t.i for c in verb.children if c.dep_ in SUBJ for t in c.subtree}
        for t in toks:
            if not (lo <= t.i < hi) or t.i not in scope or t.pos_ != "ADP":
                continue
            head = t.head.lower_
            if t.lower_ == "against" or (t.lower_ in ("of", "at", "to") and head in ("defiance", "protest", "opposition")):
                for p in t.children:
                    if p.dep_ == "pobj":
                        found = self._unit_of(p, units)
                        if found:
                            return found
        # "staged demonstrations to demand reforms by President Suharto's government",
        # "demonstrated calling for independence from Iraq": the protest's demand is made of the
        # first actor its purpose names
        for clause in verb.children if aims else ():
            if clause.dep_ in ("advcl", "xcomp") and clause.lemma_.lower() in PROTEST_AIMS:
                inside = {t.i for t in clause.subtree}
                found = [u for u in units if u.owner in inside and not u.agent_only]
                if found:
                    return found[:1]
        return []

    def objects(self, verb: Any, units: Sequence[Unit], passive: bool, places: bool = True,
                avoid: Sequence[Unit] = ()) -> list[Unit]:
        """Target units of a verb (see module doc); the passive subject comes first. Candidates
        that are only the ``avoid`` actors themselves (the source's own troops, its own people:
        "withdraw its troops from Lebanon", "blockades in the West Bank following the deaths of
        two Israelis") give way to the next one."""
        passed = False
        speech = verb.lemma_.lower() in SAY_VERBS | SPEAK_VERBS
        for found in self._object_candidates(verb, units, passive, places):
            found = [u for u in found if u.owner < 0 or not _namer(verb.doc[u.owner])]
            if speech:
                # "Cornyn said on Capitol Hill", "told reporters at the Kremlin": where it was
                # said, not to whom
                found = [u for u in found if not (u.place and u.owner >= 0 and verb.doc[u.owner].dep_ == "pobj")]
            if not found:
                continue
            if not avoid:
                return found
            if all(_same_actor(a.code, b.code) for a in avoid for b in found):
                passed = True
                continue
            # past the source's own, only another country's actor will do: at home, the next
            # candidate is mostly a phrase of no one in particular
            if not passed or all(a.code[:3] != b.code[:3] for a in avoid for b in found):
                return found
        return []

    def _object_candidates(self, verb: Any, units: Sequence[Unit], passive: bool,
                           places: bool) -> Iterator[list[Unit]]:
        """Target candidates of a verb, best first."""
        if passive:
            for c in verb.children:
                if c.dep_ in PASS_SUBJ:
                    found = self._unit_of(c, units)
                    if found:
                        yield found
            if verb.dep_ == "acl":
                found = self._unit_of(verb.head, units)
                if found:
                    yield found
            if _passive_participle_clause(verb):
                # "Rebuked by Eriador, Osgiliath ...", "Asked whether ..., the spokesperson said":
                # the main clause's subject is the one it was done to
                found, _ = self.subjects(verb.head, units, 1)
                if found:
                    yield found
        order: list[Any] = []
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "attr", "oprd", "obj"):
                order.append(c)
        place_objs: list[Any] = []
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                # "signed in Beijing": where rather than whom; only a last resort (PETRARCH's
                # suites code "renewing his licence in Michel Delving" with that target)
                if places:
                    place_objs.extend(p for p in c.children if p.dep_ == "pobj")
                continue
            if c.lower_ in ("without", "despite", "notwithstanding") or c.lower_ in COMPARISON_PREPS | TIME_PREPS:
                # "left Berlin without meeting Putin", "agreed to extend the mandate despite
                # Israel's wish": no one it was done to
                continue
            if c.dep_ == "prep" or (c.dep_ == "agent" and not passive):
                order.extend(p for p in c.children if p.dep_ == "pobj")
                order.extend(p for p in c.children if p.dep_ == "pcomp")
                if c.dep_ == "prep" and c.n_rights == 0:
                    # "granted asylum to five army officers holed up in a residence": the parser
                    # made the preposition's object the subject of the clause after it
                    order.extend(s for v in verb.children if v.dep_ == "advcl" and v.i > c.i
                                 for s in v.children if s.dep_ == "nsubj" and s.left_edge.i == c.i + 1)
            elif c.dep_ in ("npadvmod",):
                order.append(c)
        for c in verb.children:
            if (c.dep_ in ("advmod", "acomp") and c.pos_ in ("ADV", "ADJ", "NOUN")) or c.dep_ == "prt":
                # "marched close to the border with Mordor", "contribute ... florin to Gondor"
                # (a noun the parser took for an adverb), "kidnapped up to 16 Russian advisers"
                # ("up" parsed as a particle): the modifier's own preposition
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ not in PLACE_PREPS | COMPARISON_PREPS | TIME_PREPS:
                        # "would hurt European consumers more than Russia": whom it is compared
                        # with is not whom it is done to
                        order.extend(o for o in p.children if o.dep_ == "pobj")
        if any(c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN") and not self._unit_of(c, units)
               for c in verb.children):
            # "offered Democrats a deal: temporary protections for ... immigrants": the one it was
            # offered to is named, and no actor; those the deal is for are not its target
            return
        recipients = [p for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in RECIPIENT_PREPS
                      for p in c.children if p.dep_ == "pobj"]
        if order and order[0].dep_ == "dobj":
            # "shipped artillery shells to Ukraine": the preposition may hang on what was sent
            recipients += [p for c in order[0].children if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS
                           for p in c.children if p.dep_ == "pobj"]
        first = self._unit_of(order[0], units) if recipients and order and order[0].dep_ == "dobj" else []
        if first and all(u.agent_only and u.code.startswith("---") for u in first):
            # "sent troops to Syria": what was sent, of no known country, gives way to whom it was
            # sent to
            order = recipients + [t for t in order if t not in recipients]
        # the objects' own words first, then their phrases of place ("celebrated Iftar in
        # Osgiliath with the leaders of Gondor": Gondor)
        for late in (False, True):
            for t in order:
                found = self._unit_of(t, units, late=late)
                if found:
                    yield found
        if verb.lemma_.lower() in SAY_VERBS:
            # "X said Y would ...": Y's act is the event, X its attribution; "in Washington, X
            # said" is where X spoke
            return
        if verb.lemma_.lower() in REQUEST_VERBS and any(c.dep_ in ("dobj", "obj") for c in verb.children):
            # "asked the press to take heed that their desire to destroy this President ...": the
            # one asked is the press, no actor; nobody in what it is asked to do is the target
            return
        for c in verb.children:
            if c.dep_ == "ccomp" and verb.lemma_.lower() in PROMISE_VERBS:
                continue  # "promised Mexico would pay for the wall": a promise about Mexico, not to it
            if c.dep_ in ("ccomp", "xcomp"):
                for s in c.children:
                    if s.dep_ in SUBJ | PASS_SUBJ | {"dobj"}:
                        found = self._unit_of(s, units)
                        if found:
                            yield found
        for c in verb.children:
            if c.dep_ in ("xcomp", "pcomp"):
                yield from self._object_candidates(c, units, False, False)
            elif _purpose(c):
                # "signed an accord to supply Gondor with wheat": whom the purpose is done to,
                # its direct object only ("met to discuss support for Ukraine" is not a meeting
                # with Ukraine)
                for o in c.children:
                    if o.dep_ in ("dobj", "dative", "obj"):
                        found = self._unit_of(o, units, deep=False)
                        if found:
                            yield found
        if verb.lemma_.lower() in SPEAK_VERBS:
            return  # "Speaking at the White House, Mr. Trump praised ...": where he spoke, to no one
        for t in place_objs:
            found = self._unit_of(t, units)
            if found:
                yield found

    # ---------------------------------------------------------------- the sentence
    def code_sentence(self, sent: Any, date: int | None, ctx: Context | None = None) -> list[CodedEvent]:
        """Every event of one parsed sentence (a spaCy Span or Doc)."""
        toks = list(sent)
        if not toks:
            return []
        words = [t.lower_ for t in toks]
        dated = self.dated_spans(words)
        if dated is None:
            if ctx is not None:
                ctx.push([])
            return []
        units = self.units(sent, date, ctx)
        base = toks[0].i
        vocab = {w for t in toks for w in (t.lower_, t.lemma_.lower())}
        vocab.update(PREPOSITION_VARIANTS[w] for w in list(vocab) if w in PREPOSITION_VARIANTS)
        prefixes = {w[:k] for w in vocab for k in range(MIN_STEM, len(w) + 1)}
        events: list[CodedEvent] = []
        used_verbs: set[int] = set()
        coded_heads: dict[int, str] = {}
        #: intent verbs whose intended act is not coded (see _intent): no event of their own either
        silenced: set[int] = set()
        for tok in toks:
            if tok.pos_ not in ("VERB",) and not (tok.pos_ == "AUX" and tok.dep_ == "ROOT") and not tok.tag_.startswith("VB") \
                    and not (tok.lower_ in STATIVE_PARTICIPLES and tok.dep_ == "acomp"):
                continue
            if tok.lower_ in STATIVE_PARTICIPLES and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "as":
                continue  # "as opposed to choices made by the voters": a contrast, no opposition
            if tok.i in used_verbs:
                continue
            entries = self.verb_entries(tok, toks)
            if not entries:
                continue
            if tok.lemma_.lower() == "fire" and _fires_a_person(tok, units):
                continue  # "Trump fired Comey": a dismissal, no use of force (FIRE is 190)
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                continue  # "according to the Swiss agency": a source of the report, no accord (060)
            if tok.lemma_.lower() == "go" and any(c.dep_ == "xcomp" and _to_infinitive(c) for c in tok.children):
                continue  # "is going to attack": the future of the attack, not a trip (040)
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in INTENT_VERBS and \
                    coded_heads.get(tok.head.i, "")[:2] == "13":
                # "threatened to impose sanctions": the threat verb's own code (13x) says it; a
                # generic intent (030 "plans") gives way to the intended act's own intent code
                continue
            if _purpose(tok) and tok.head.i in coded_heads and not _intent_infinitive(tok):
                # "staged demonstrations to demand reforms", "remained on alert to forestall
                # violence", "sent troops to attack": what a coded act is for is not done by it
                continue
            if tok.dep_ == "acl" and _to_infinitive(tok) and not _intended(tok) and \
                    tok.head.lemma_.lower() not in ATTEMPT_NOUNS:
                # "demanded a meeting to discuss", "efforts to end the war": not done ("an attempt
                # to assassinate" is: CAMEO codes an attempted act as the act)
                continue
            entry, vend = entries[0]
            # every entry of the same (longest) verb phrase contributes its patterns
            same = [e for e, end in entries if end == vend and len(e.words) == len(entry.words)]
            lo, hi = _clause_bounds(tok, toks)
            best: tuple[Pattern, dict[str, list[Unit]]] | None = None
            best_words = best_reach = 0
            # later dictionary files first: at equal specificity a supplement's pattern wins
            for pat in (p for e in reversed(same) for p in e.patterns):
                if best is not None and pat.weight < best[0].weight:
                    continue
                if not all((w.text in vocab) if (w.exact or len(w.text) < MIN_STEM) else (w.text in prefixes)
                           for w in pat.literals):
                    continue  # a word the pattern needs is not in the sentence at all
                matched = self.match_pattern(pat, toks, tok.i - base, vend - base, lo - base, hi - base, units)
                if matched is not None:
                    # at equal specificity the longer match wins ("austrian gold florin" as
                    # &HYPERCURR over "florin" as &CURRENCY), as in PETRARCH
                    # and at equal specificity the nearer match wins: "granted diplomatic asylum
                    # to Panamanian army officers" is &ASYLUM (075), not &MILITARY (072)
                    slots, words, reach = matched
                    if best is None or pat.weight > best[0].weight or reach < best_reach or \
                            (reach == best_reach and words > best_words):
                        best, best_words, best_reach = (pat, slots), words, reach
            # a later file's code for the verb wins, as its patterns do (newsgraph.verbs.txt
            # over CAMEO.2.0: "ripped Obama" is criticism, not RIP's 180)
            coded = [e for e in same if e.codes.code is not None]
            base_codes = max(coded, key=lambda e: e.file).codes if coded else entry.codes
            nulls = [e.file for e in same if e.null]
            if nulls and (not coded or max(nulls) > max(e.file for e in coded)):
                base_codes = Codes(None)  # a later file made it a verb of patterns only
            codes = best[0].codes if best else base_codes
            ought = _ought_clause(tok)
            if ought is not None:
                # "Russia said Sudan must return the helicopter": the statement demands it of Sudan
                codes, best = Codes(DEMAND_CODE), None
            if (codes.code or "")[:2] == "02" and tok.lemma_.lower() in SUGGEST_VERBS and _claims(tok):
                # "suggested Romney would too readily choose the military option", "suggested
                # that Clinton's use of email was hypocritical": a claim, no proposal (020) of it
                codes, best = Codes(STATEMENT_CODE), None
            war = [t for t in toks[tok.i - base:vend - base] if t.lemma_.lower() == "war"] + \
                [c for c in tok.children if c.dep_ in ("dobj", "obj") and c.lemma_.lower() == "war"]
            if war and self._figurative_war(war[0], units):
                continue  # "waging a War on Religion", "end Obama's war on religion": no war, nor truce
            head_code = coded_heads.get(tok.head.i, "")
            if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.lemma_.lower() in TARGET_VERBS and \
                    head_code[:2] in MEASURE_ROOTS and not _has_subject(tok):
                # "approved a new package of sanctions against Russia, targeting the ageing tankers
                # that carry Russian oil": what the sanctions target, not an attack (TARGET 190)
                codes, best = Codes(head_code), None
            if (codes.code or "")[:2] == "14" and tok.lemma_.lower() in PROTEST_VERBS and \
                    any(c.dep_ == "ccomp" for c in tok.children):
                # "Ukraine protested that Russia had shelled the plant": a complaint in words (111),
                # no demonstration (140)
                codes, best = Codes(CRITICISM_CODE), None
            if tok.lemma_.lower() in ENCOURAGE_VERBS | ORDER_VERBS and \
                    any(c.dep_ in ("xcomp", "advcl") and _to_infinitive(c) for c in tok.children):
                # "encouraged President Obama to listen to Pelosi": urging him (020), no praise
                # (CAMEO's ENCOURAGE is 051); "directed Michael Cohen to lie to Congress": an order
                # (100), no management (DIRECT is 060); the parser often hangs the infinitive as advcl
                codes, best = Codes(APPEAL_CODE if tok.lemma_.lower() in ENCOURAGE_VERBS else DEMAND_CODE), None
            if (codes.code or codes.reciprocal or "")[:2] == "04" and self._leaves_a_thing(tok, units):
                continue  # "a voicemail he recently left for Rep. Gattine": something left, no trip
            if tok.lemma_.lower() in ASK_VERBS | UNDECIDED_VERBS and _asks_a_question(tok):
                # "asked Rubio whether invoking Kennedy might ...": a question, no appeal; "were
                # still deciding whether", "is considering whether to send troops": nothing decided
                continue
            refused = _refused_act(tok) if codes.code is None else None
            if refused is not None or (codes.code is None and best is None and _rejects_object(tok)):
                # "refused to deploy peacekeepers", "rejected a peace plan": a rejection (120)
                codes = Codes(REJECT_CODE)
            if codes.code is None and codes.reciprocal is None:
                continue
            if (codes.code or "")[:2] == "03" and _wishes_of_another(tok):
                # "Washington wants Beijing to stop supplying Russia": no intent of Washington's
                # own (030) but an appeal to Beijing, as CAMEO's WANT patterns ("want elections"
                # 0241) read it; "expects Russia to withdraw" may be a forecast: nothing
                if tok.lemma_.lower() in EXPECT_VERBS:
                    continue
                codes, best = Codes(APPEAL_CODE), None
            if best is None and (codes.code or codes.reciprocal or "")[:2] == "04" and _names_object(tok):
                continue  # "calling it an affront", "what he called aggression": naming, not a call
            negated = _negated(tok) and not (best and _names_negation(best[0], self.lex.verbs.synsets))
            # "Syria says it will not accept refugees": the speaker's own refusal of a cooperative
            # act (120); "said it will not attack" is no rejection and codes nothing
            rejects = negated and (codes.code or "")[:2] in ("03", "04", "05", "06", "07", "08", "09") \
                and _future(tok) and self._announced(tok, units)
            if negated and not rejects:
                continue
            if rejects:
                codes = Codes(REJECT_CODE)
            used_verbs.update(range(tok.i, vend))
            coded_heads[tok.i] = codes.code or ""
            # only a reaction ("..., which drew criticism from Taiwan": a reverse-only code) is to
            # the clause before; "the DACA program, which protects immigrants" is the program's
            sources, passive = self.subjects(tok, units, reaction=codes.code is None and codes.reciprocal is not None)
            if _agreed_own_act(tok):
                # "Japan and China agreed that they would meet": the agreeing sides, not the
                # pronoun's last referent, are who will act
                sources = self.subjects(tok.head, units)[0] or sources
            targets = self.objects(tok, units, passive, places=False, avoid=() if passive else sources)
            # (an object inside the verb's own phrase, "took a shot at", is no one accused)
            accused = [c for c in tok.children if c.dep_ in ("dobj", "obj") and not tok.i <= c.i < vend]
            accused_unknown = (codes.code or "")[:2] in OBJECT_TARGET_ROOTS and best is None and not passive and \
                any(c.pos_ in ("NOUN", "PROPN") for c in accused) and not any(self._unit_of(c, units) for c in accused)
            if tok.lemma_.lower() in TOPIC_VERBS and not passive:
                # "the ministers discussed using the profits from frozen Russian central bank
                # assets": what is discussed is the topic; the partner is whom it is discussed with
                withs = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"] + \
                    [w for c in tok.children if c.dep_ in ("dobj", "obj") for w in _np_walk(c, False)
                     if w.dep_ == "prep" and w.lower_ == "with"]
                targets = [u for c in withs for p in c.children if p.dep_ == "pobj" for u in self._unit_of(p, units)]
            if accused_unknown:
                # "accused several foreign states of sending arms ..., in breach of an arms embargo
                # on Darfur": whom it accuses is named and no actor; no one in what they are
                # accused of, nor the place, is its target
                targets = []
            from_place = not targets and not (len(sources) > 1 and _reciprocal(tok, passive)) and not accused_unknown \
                and tok.lemma_.lower() not in TOPIC_VERBS
            if (codes.code or codes.reciprocal or "")[:2] in UNPLACED_ROOTS:
                # "the Russian and Chinese presidents issued a joint statement in Beijing": where a
                # statement or appeal is made is not whom it is made to (meetings in a capital and
                # accusations at a place stay: both PETRARCH suites code them)
                from_place = False
            if from_place:
                targets = self.objects(tok, units, passive)  # a place, as the last resort
            if best:
                slots = {k: _unique([x for u in v for x in self._coordination(u, tok.doc, units)])
                         for k, v in best[1].items()}
                if "src" in slots:
                    # a pattern that names the source elsewhere ("CELEBRATE * TABASKI ^ $") makes
                    # the verb's own subject the one it was done to, as in PETRARCH
                    if sources and sources != slots["src"]:
                        targets = sources
                    sources = slots["src"]
                if "tgt" in slots:
                    targets = slots["tgt"]
                if "both" in slots:
                    sources = slots["both"]
            if ought is not None:
                targets = self.subjects(ought, units)[0]
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in SUMMON_VERBS and tok.lemma_.lower() in PROTEST_SPEECH:
                # "summoned Niger's ambassador to complain of inaction": the summoner complains to
                # the envoy (the parser reads the envoy as the complainer); the summons is the
                # means, and the complaint the event
                sources = self.subjects(tok.head, units)[0]
                targets = [u for c in tok.head.children if c.dep_ in ("dobj", "obj") for u in self._unit_of(c, units)]
                silenced.add(tok.head.i)
            if tok.lemma_.lower() in WARN_VERBS and targets:
                # "warned Gondor about the Prince of Dol Amroth": the warning is about the
                # Prince, told to Gondor (the UD dictionary's own WARN * ^ ABOUT + pattern)
                about = [u for c in tok.children if c.dep_ == "prep" and c.lower_ in ("about", "against")
                         for p in c.children if p.dep_ == "pobj" for u in self._unit_of(p, units)]
                if about and not any(_same_actor(a.code, b.code) for a in sources for b in about):
                    targets = about
            if tok.lemma_.lower() in REQUEST_FROM_VERBS:
                # "requested more National Guard troops from President Obama": the one asked is
                # whom it is asked from; the troops are what is asked for
                asked = [u for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                         for p in c.children if p.dep_ == "pobj" for u in self._unit_of(p, units)]
                if asked:
                    targets = asked
            if tok.lemma_.lower() in BAR_VERBS:
                dealt = [u for p in _dealt_with(tok) for u in self._unit_of(p, units)]
                if dealt:
                    # "bars EU companies from dealing with three Russian regional banks": a
                    # sanction on the banks (163); the companies are the sanctioner's own
                    codes, targets = Codes(SANCTIONS_CODE), dealt
            if refused is not None and not targets:
                targets = self.objects(refused, units, False, places=False)
            sources, targets = _unique(sources), _unique(targets)
            if len(sources) > 1 and targets and all(any(t is u for u in sources) for t in targets):
                # "the Beagle Channel, disputed by Argentina and Chile": the agents found again as
                # targets (the last-resort search) act together on the channel, not on each other;
                # a reciprocal verb still pairs them below
                targets = []
            if (codes.code or "")[:2] in MATERIAL_FORCE_ROOTS and any(t.agent_only for t in targets):
                # "Russian soldiers killed civilians in Syria": a group of no country of its own,
                # acted on at a place, is of the place's country (SYRCVL)
                where = _place_country(tok, units)
                if where:
                    targets = [replace(t, code=where + t.code[3:], agent_only=False)
                               if t.agent_only and t.code.startswith("---") else t for t in targets]
            # "Turkish police prevented the demonstration staged by students ... against sending
            # troops to Iraq": where the sentence names several countries, the police's
            # countryless target is still of the police's country (TURCOP -> TUREDU)
            home = {s.code[:3] for s in sources if s.code[3:6] in HOME_ORGANS and s.code[:3].isalpha()
                    and s.code[:3] not in NON_COUNTRY}
            if len(home) == 1 and any(t.agent_only and t.code.startswith("---") for t in targets):
                (country,) = home
                targets = [replace(t, code=country + t.code[3:], agent_only=False)
                           if t.agent_only and t.code.startswith("---") else t for t in targets]
            # "Sudan's government lifted a state of emergency in West Darfur": a state organ's
            # material act at a place of its own country is done to that country (SDNGOV -> SDN)
            at_home = from_place and bool(targets) and (codes.code or "")[:2] in HOME_ROOTS and \
                all(_in_place_phrase(tok.doc[t.owner]) for t in targets if t.owner >= 0)
            if sources and targets and all(_same_actor(a.code, b.code)
                                           and not (at_home and _acts_at_home(a.code, b.code))
                                           for a in sources for b in targets):
                # "Turkish authorities imposed a curfew in a town in Turkey", "Israel threatened to
                # ban voting in Jerusalem": done at home, to nobody named, not to itself
                targets = []
            code, intent = _intent(tok, codes.code, self.future_as_intent, self._announced(tok, units)) \
                if codes.code and not rejects \
                else (codes.code or "", False)
            word = _intent_word(tok)
            if code and word is not None and (word.lemma_.lower() in DECIDE_VERBS or (
                    code == SHOW_OF_FORCE_CODE and word.lemma_.lower() in PREPARE_VERBS)):
                silenced.add(word.i)  # the decided act (the show of force) replaces the verb's own 030
            if intent and not code:
                # an intended act of verbal conflict, uncoded (_intent): "will criticize X unless
                # ..." is still a threat; otherwise the intent verb's own code ("plans" 030) goes too
                if not _conditioned_by_unless(tok):
                    if word is not None:
                        # "is determined to prevent": the phrase's verb is the copula
                        silenced.update((word.i, word.head.i) if word.dep_ == "acomp" else (word.i,))
                    continue
                code = THREAT_CODE
            warning = _warning_of(tok) if code[:2].isdigit() and code[:2] not in ("01", "02", "13") else None
            if warning is not None and any(a.code[:3] == b.code[:3] and a.code[:3] != "---" for a in sources
                                           for b in self.subjects(warning, units)[0]):
                # what the warner's side will do is its threat; what others do ("warning that the
                # war was pushing millions towards famine") is no threat of theirs
                code, intent = (INTENT_CODE[code[:2]] if code[:2] > "13" else THREAT_CODE), True
            if code[:2].isdigit() and code[:2] not in ("01", "02", "13") and _conditioned_by_unless(tok):
                # "will withdraw its force unless Chad holds elections": a threat (13x)
                code, intent = (INTENT_CODE[code[:2]] if code[:2] >= "13" else THREAT_CODE), True
            against_own = False
            if code[:2] in FORCE_ROOTS and all(t.code.startswith("---") for t in targets):
                # "mobilized army reservists for a possible war against Iraq", "massed troops for
                # an attack against Ukraine": a show or use of force is against whom its clause
                # says (the troops moved are the source's own)
                targets = [u for u in self._protested(tok, lo, hi, toks, units, aims=False)
                           if not any(_same_actor(a.code, u.code) for a in sources)] or targets
            if code[:2] == "14" and (not targets or from_place):
                # "riots against Israeli military policies", "blocked streets in defiance of
                # Chinese authorities", "rioted in Nairobi, demanding that Uganda ...": whom a
                # protest is against, wherever the clause says it, before the place it is held
                # in; against one's own state too ("Young Algerians ... from President
                # Bouteflika's government": DZA -> DZAGOV), not against oneself
                protested = [u for u in self._protested(tok, lo, hi, toks, units)
                             if not any(a.code == u.code for a in sources)]
                if protested:
                    targets, against_own, at_home = protested, True, False
            if code[:2] == "13" and not targets:
                # "threatened to stop negotiations if the United States goes ahead": the threat
                # is made to whoever must meet the condition
                cond = _condition_clause(tok)
                if cond is not None:
                    targets = [u for u in self.subjects(cond, units)[0]
                               if not any(_same_actor(a.code, u.code) for a in sources)]
            if code[:2] in ("04", "05", "06", "07", "08", "09") and _states_intent(tok):
                # "agreed to share information": the agreement is an intention to act (032)
                code = INTENT_CODE[code[:2]]
            if _denied(tok):
                continue  # "denied that it had attacked": the attack is not asserted
            if _hypothetical(tok):
                continue  # "if they help Russia", "asked whether China would hold exercises"
            if _conditional_would(tok):
                continue  # "by declaring an emergency, Trump would also seek to unlock money"
            if tok.dep_ in ("acl", "ccomp") and tok.head.lemma_.lower() in POSSIBILITY_NOUNS:
                continue  # "watching for any sign that Chinese companies were helping Russia"
            if _counterfactual(tok):
                continue  # "it might have influenced his decision", "McCain would have cut $1.3 trillion"
            if _speculative(tok) and code[:2] in POSSIBLE_FORCE_ROOTS:
                # "Russia could invade Ukraine, forcing NATO to respond": a use of force that may
                # happen has not; said of one's own acts it is a threat ("said it may retaliate").
                # Possible cooperation stays coded, as both PETRARCH suites expect ("ties may spur
                # reconciliation between ...")
                if not self._announced(tok, units):
                    continue
                code, intent = INTENT_CODE.get(code[:2], code), True
            if _irrealis(tok) and not _intended(tok):
                continue  # "it would be inappropriate for Obama to meet", "his desire for Russia to invade"
            if _requested(tok):
                continue  # "demanded that Sudan end curbs": the ending is what was asked, not done
            if tok.dep_ == "pcomp" and tok.head.lower_ == "from" and tok.head.head.lemma_.lower() in BAR_VERBS:
                continue  # "bars EU companies from dealing with Russian banks": no dealing
            if _cancelled_intention(tok):
                continue  # "reversed the government's decision to start allowing imports"
            if _obliged(tok) and code[:2] not in ("01", "02", "10") and not _agreed_own_act(tok) and \
                    not (best and _names_negation(best[0], self.lex.verbs.synsets, OBLIGATION_MODALS)):
                # "Sudan must return the helicopter": an obligation, not an act (unless the code
                # already reads it as a statement, appeal or demand: "should act against" [100])
                continue
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in REFUSE_VERBS:
                continue  # "refused to deploy peacekeepers": no deployment (the refusal is coded)
            attribution = self._attribution(tok, units)
            location = self._location(tok, units, sources, targets)
            pairs: list[tuple[Unit, Unit, str]] = []
            if sources and targets:
                for s in sources:
                    for t in targets:
                        if code:
                            pairs.append((s, t, code))
                        if codes.reciprocal and not intent:
                            pairs.append((t, s, codes.reciprocal))
            elif not code:
                pass  # a reverse-only code ("drew criticism from Y") needs both sides
            elif len(sources) > 1 and not targets and _reciprocal(tok, passive):
                for s in sources:
                    for t in sources:
                        if s is not t:
                            pairs.append((s, t, code))
            elif sources and not self.require_dyad:
                pairs.extend((s, Unit(-1, -1, -1, "---", ""), code) for s in sources)
            elif targets and not self.require_dyad:
                # "three servicemen were killed by a roadside bomb": done to them, by nobody named
                pairs.extend((Unit(-1, -1, -1, "---", ""), t, code) for t in targets)
            for s, t, c in pairs:
                if t.owner >= 0 and t.text.lower() in PRONOUNS and t not in sources and ought is None \
                        and tok.doc[t.owner].dep_ not in PASS_SUBJ:
                    # "suggested that he hire", "acknowledged that he had corresponded": a pronoun is
                    # a target only as a passive subject ("it was attacked"), the partner of a
                    # reciprocal act, or whom a demand is made of ("told Russia they must"); in
                    # basil-dev's audit other such targets were 0 right of 6
                    continue
                if _same_actor(s.code, t.code) and not (at_home and _acts_at_home(s.code, t.code)) \
                        and not (against_own and s.code != t.code):
                    continue  # nobody acts on itself; "Pakistan ... in Islamabad" is not PAK -> PAKGOV
                if c[:2] in VIOLENCE_ROOTS and _political_rivals(s.code, t.code):
                    # "Biden dominated the debate with Ryan", "work together to defeat Trump":
                    # force between a country's own politicians is a figure of speech
                    continue
                if self.require_country and ((s.owner >= 0 and s.code.startswith("---"))
                                             or (t.owner >= 0 and t.code.startswith("---"))):
                    continue  # "a senior official said": nobody known acted
                events.append(CodedEvent(s, t, c, tok.text if vend == tok.i + 1 else
                                         " ".join(x.text for x in toks[tok.i - base:vend - base]),
                                         best[0].line if best else 0, best is not None, attribution,
                                         location, intent, _main_clause(tok), tok.i,
                                         tok.head.i if tok.dep_ == "xcomp" or _intent_infinitive(tok)
                                         or _agreed_own_act(tok) else -1))
        if ctx is not None:
            ctx.push(units, _last_person_unknown(toks, units))
        # "agreed to share information": the intended act (coded as intent) replaces the bare
        # "agreed" (050)
        # "prepares to approve a new package of arms sales": an intended act coded as an intent
        # already (0311) replaces the intent verb's own 030 too
        intent_heads = {e.head_i for e in events if (e.intent or e.code[:2] == "03") and e.head_i >= 0} | silenced
        events = [e for e in events if e.verb_i not in intent_heads]
        # the clause a date sits in tells of the past ("whom they took hostage two weeks ago")
        past = {v.i for a, _ in dated if (v := _clause_verb(toks[a])) is not None}
        events = [e for e in events if e.verb_i not in past]
        return _dedupe(events)

    def _leaves_a_thing(self, verb: Any, units: Sequence[Unit]) -> bool:
        """Whether "leave" leaves a thing, no place ("left a voicemail for", "a message he left
        for"): its object, or the noun its relative clause describes, is neither an actor nor a
        place one travels from."""
        if verb.lemma_.lower() != "leave":
            return False
        left = [c for c in verb.children if c.dep_ in ("dobj", "obj")] + ([verb.head] if verb.dep_ == "relcl" else [])
        return any(t.pos_ == "NOUN" and t.lemma_.lower() not in LEFT_PLACES and not self._unit_of(t, units)
                   for t in left)

    def _figurative_war(self, war: Any, units: Sequence[Unit]) -> bool:
        """A "war on" what is no state or armed group ("the war on drugs", "a War on Religion",
        "war on the press"): a figure of speech, not war."""
        aims = [p for c in war.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                for p in c.children if p.dep_ == "pobj"]
        if not aims:
            return False
        found = [u for p in aims for u in self._unit_of(p, units)]
        return not found or all(u.agent_only or u.code[3:6] in SECTOR_ROLES for u in found)

    def _announced(self, verb: Any, units: Sequence[Unit]) -> bool:
        """Whether the verb is what the speaker says it will do itself: a pronoun subject ("Hungary
        said it will support"), or a subject of the speaker's own country or organisation
        ("Portugal will support ..., the Portuguese president said")."""
        if _announced_by_pronoun(verb):
            return True
        head = verb.head
        if not (verb.dep_ == "ccomp" and head.lemma_.lower() in SAY_VERBS and head.i != verb.i):
            return False
        actors = [u for u in self.subjects(verb, units)[0] if not u.code.startswith("---")]
        speakers = [u for u in self.subjects(head, units)[0] if not u.code.startswith("---")]
        if not speakers:
            # "said a spokesman for the Israeli prime minister": the one spoken for
            speakers = [u for c in head.children if c.dep_ in SUBJ for p in c.children
                        if p.dep_ == "prep" and p.lower_ == "for" for o in p.children if o.dep_ == "pobj"
                        for u in self._unit_of(o, units) if not u.code.startswith("---")]
        return bool(actors and speakers) and all(a.code[:3] == b.code[:3] for a in actors for b in speakers)

    def _attribution(self, verb: Any, units: Sequence[Unit]) -> Unit | None:
        """The speaker when the verb sits in a clause under a verb of saying."""
        node = verb
        for _ in range(4):
            if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in SAY_VERBS:
                subs, _ = self.subjects(node.head, units)
                return subs[0] if subs else None
            if node.head.i == node.i:
                break
            node = node.head
        for c in verb.children:
            if c.dep_ in ("parataxis", "advcl") and c.lemma_.lower() in SAY_VERBS:
                subs, _ = self.subjects(c, units)
                return subs[0] if subs else None
        return None

    @staticmethod
    def _location(verb: Any, units: Sequence[Unit], sources: Sequence[Unit], targets: Sequence[Unit]) -> Unit | None:
        """A place the verb's ``in``/``at`` phrase names, when it resolves to an actor unit."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at"):
                for p in c.children:
                    for u in units:
                        if u.owner == p.i and u not in sources and u not in targets:
                            return u
        return None


# -------------------------------------------------------------------- helpers (pure)
def verb_stems(word: str) -> tuple[str, ...]:
    """Candidate base forms of a regularly inflected verb ("staged" -> "stage", "planned" -> "plan")."""
    out = []
    for suf, rep in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                     ("ing", ""), ("ing", "e")):
        if word.endswith(suf) and len(word) > len(suf) + 2:
            stem = word[: -len(suf)] + rep
            out.append(stem)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])
    return tuple(out)


_COORD = frozenset({",", "and", "or", "nor", "&", ";"})
_CONJ = frozenset({"and", "or", "nor", "&"})


#: roles the sole country of a sentence does not fill: hospitals and clinics are as often
#: foreign as local ("Germany will supply generators to hospitals": Ukraine's). Reporters are
#: filled: in a sample of 150 basil-dev events, the nine "X told reporters" events this left
#: out were all right
FOREIGN_PRONE_ROLES = frozenset({"HLH"})
#: participles that tell a state of their subject, whether parsed as a passive or as an adjective:
#: "Israel is opposed to French mediation" is Israel opposing it
STATIVE_PARTICIPLES = frozenset({"opposed"})


def _quoted_tokens(toks: Sequence[Any]) -> set[int]:
    """Indices of the tokens inside quotation marks."""
    out: set[int] = set()
    inside = False
    for t in toks:
        if t.text in OPEN_QUOTES or (t.text in QUOTE_MARKS and not inside):
            inside = True
        elif t.text in QUOTE_MARKS and inside:
            inside = False
        elif inside:
            out.add(t.i)
    return out


#: roles of whom a statement is made to ("told reporters"), of no country a quotation names
AUDIENCE_ROLES = frozenset({"MED"})


def _sole_country(units: list[Unit], quoted: AbstractSet[int] = frozenset()) -> list[Unit]:
    """An office or group with no country of its own, in a sentence that names one country and
    no other, is of that country: "Rebels in the Ivory Coast dismissed an appeal from President
    Laurent Gbagbo" (CIVREB -> CIVGOV), "The Mozambique government accepted demands from Shona
    rebels" (MOZGOV -> MOZREB). For reporters named outside a quotation, a country named only
    inside it does not count: the quote is what the speaker talks about ("'... makes Russia's war
    more expensive,' the EU's foreign policy chief told reporters": no Russian reporters)."""
    def countries(outside: bool) -> set[str]:
        return {u.code[:3] for u in units if not u.agent_only and u.code[:3].isalpha()
                and u.code[:3] not in NON_COUNTRY and "/" not in u.code and not (outside and u.start in quoted)}

    if not any(u.agent_only for u in units):
        return units
    found = {False: countries(False), True: countries(True)}
    out: list[Unit] = []
    for u in units:
        named = found[u.start not in quoted and u.code[3:6] in AUDIENCE_ROLES]
        if u.agent_only and u.code.startswith("---") and u.code[3:6] not in FOREIGN_PRONE_ROLES and len(named) == 1:
            (country,) = named
            u = replace(u, code=country + u.code[3:], agent_only=False)
        out.append(u)
    return out


def _ethnic_residents(units: list[Unit], doc: Any) -> list[Unit]:
    """An ethnic group is coded with the country it lives in, as CAMEO does ("ethnic Albanians
    demonstrated in Serbia": SRBCVL, not ALB): the one other country the sentence names in a
    phrase of place ("in Serbia", "operating in Macedonia"); with none or several it keeps the
    demonym's country."""
    if doc is None:
        return units
    out = []
    for u in units:
        ethnic = any(doc[k].lower_ == "ethnic" for k in range(max(u.start - 1, 0), u.end))
        if ethnic and u.code[:3].isalpha() and u.code[:3] not in NON_COUNTRY:
            where = {v.code[:3] for v in units if v is not u and v.owner >= 0 and v.code[:3].isalpha()
                     and v.code[:3] not in NON_COUNTRY and (len(v.code) == 3 or v.place)
                     and v.code[:3] != u.code[:3] and _in_place_phrase(doc[v.owner])}
            if len(where) == 1:
                u = replace(u, code=where.pop() + (u.code[3:] or "CVL"), agent_only=False)
        out.append(u)
    return out


def _irrealis(verb: Any) -> bool:
    """Whether an infinitive is only thought of, not done: with its own ``for`` subject ("the
    desire for Russia to invade"), or the clause of a judgement ("it is important to support")."""
    if not _to_infinitive(verb):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children):
        return True
    head = verb.head
    return head.i != verb.i and head.lemma_.lower() == "be" and \
        any(c.dep_ in ("acomp", "attr") for c in head.children)


def _expletive(it: Any) -> bool:
    """Whether a subject "it" stands for a clause, not an actor: its verb is a copula or a verb of
    seeming or taking with a clause or infinitive after it ("it is time to", "it seems that")."""
    verb = it.head
    return verb.lemma_.lower() in ("be", "seem", "appear", "take", "remain") and \
        any(c.dep_ in ("ccomp", "xcomp", "csubj", "advcl") for c in verb.children)


def _referent(pronoun: Any, units: Sequence[Unit], ctx: Context | None) -> Unit | None:
    """The actor a pronoun refers back to: the last fitting unit before it in the sentence, else
    the last one of the previous sentence. "Last" is in the order units were made, where an
    earlier pronoun's unit comes after the names, so that "he ... he" keeps its referent."""
    person = pronoun.lower_ in PERSON_PRONOUNS
    fits = _person_referent if person else _speaker_referent if pronoun.lower_ in SPEAKER_NOUNS else _any_referent
    before = [u for u in units if u.end <= pronoun.i and fits(u)]
    reported = _reported_before(pronoun) if person or pronoun.lower_ in SPEAKER_NOUNS else None
    if reported is not None:
        # "Trump is close to replacing FBI Director James Comey, he told reporters": the speaker
        # is who the report is about, not the last person it names; "'... the special counsel
        # ...,' he told reporters": nobody the quote names is its speaker
        clause, quoted = reported
        # nor does a spokesperson speak for whom their report names: they speak for an actor
        # named before it
        quoted = quoted or pronoun.lower_ in SPEAKER_NOUNS
        if not quoted:
            subj = next((c for c in clause.children if c.dep_ in SUBJ | PASS_SUBJ), None)
            own = next((u for u in units if subj is not None and u.start <= subj.i < u.end and fits(u)), None)
            if own is not None:
                return own
        else:
            lo = clause.left_edge.i
            before = [u for u in before if u.end <= lo]
    # "The Shelton Weekly reported that Mr. Blumenthal ... when he spoke": a person the
    # dictionaries do not know, named after the last fitting actor, is the likelier referent
    blocker = _unknown_person_before(pronoun.doc, pronoun.sent.start, pronoun.i, units) if person else -1
    if before and before[-1].end > blocker:
        return before[-1]
    if blocker >= 0 or (person and ctx is not None and ctx.unknown_person):
        # "Mr. Cohen said he lied. Subsequently, he took care ...": not an actor named earlier
        return None
    earlier = [u for u in ctx.recent if fits(u)] if ctx is not None else []
    return earlier[-1] if earlier else None


def _reported_before(pronoun: Any) -> tuple[Any, bool] | None:
    """For the subject pronoun of a verb of saying after what it reports ("..., he told
    reporters", "'...,' she said"): the reported clause and whether it is a quotation."""
    verb = pronoun.head
    if pronoun.dep_ not in SUBJ or verb.lemma_.lower() not in SAY_VERBS:
        return None
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < pronoun.i), None)
    if clause is None:
        return None
    span = pronoun.doc[clause.left_edge.i:pronoun.i]
    quoted = any(t.text in QUOTE_MARKS for t in span) or \
        (clause.left_edge.i > 0 and pronoun.doc[clause.left_edge.i - 1].text in QUOTE_MARKS)
    return clause, quoted


QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``"})
#: marks that only open a quotation (the others may close one)
OPEN_QUOTES = frozenset({"\u201c", "``"})


def _last_person_unknown(toks: Sequence[Any], units: Sequence[Unit]) -> bool | None:
    """Whether the last person a parsed sentence (its tokens) names is unknown to the
    dictionaries (None: it names no person), for the coreference of the sentences after it."""
    unknown = _unknown_person_before(toks[0].doc, toks[0].i, toks[-1].i + 1, units)
    known = max((u.end for u in units if u.owner >= 0 and _person_referent(u)), default=-1)
    if unknown < 0 and known < 0:
        return None
    return unknown >= known


def _participle_speaker(pronoun: Any, units: Sequence[Unit]) -> Unit | None:
    """Who a pronoun is in "X refused to meet Y, saying he would ...": the subject of the clause
    the speech participle hangs on, not the last actor named before it (Y)."""
    verb = pronoun.head
    say = verb.head if verb.dep_ in ("ccomp", "parataxis") else None
    if say is None or say.tag_ != "VBG" or say.dep_ not in ("advcl", "xcomp", "conj") \
            or say.lemma_.lower() not in SAY_VERBS or any(c.dep_ in SUBJ for c in say.children):
        return None
    subj = next((c for c in say.head.children if c.dep_ in SUBJ | PASS_SUBJ), None)
    if subj is None:
        return None
    fits = _person_referent if pronoun.lower_ in PERSON_PRONOUNS else _any_referent
    return next((u for u in units if u.start <= subj.i < u.end and fits(u)), None)


def _unknown_person_before(doc: Any, start: int, end: int, units: Sequence[Unit]) -> int:
    """The index of the last person named in ``doc[start:end]`` that no unit covers (a proper
    name after a title, or a proper-name subject: "Lieberman told Fox Business that he ..."),
    else -1."""
    covered = {k for u in units for k in range(u.start, u.end)}
    for t in reversed(doc[start:end]):
        if t.i in covered or t.tag_ not in ("NNP", "NNPS") or t.dep_ == "compound":
            continue
        titled = any(c.dep_ == "compound" and c.lower_ in PERSON_TITLES for c in t.children) or \
            (t.i > 0 and t.doc[t.i - 1].lower_ in PERSON_TITLES)
        if titled or t.dep_ in ("nsubj", "nsubjpass"):
            return t.i
    return -1


def _subject_of_object(possessive: Any, units: Sequence[Unit]) -> Unit | None:
    """For a possessive on a verb's direct object, the verb's subject: "Pakistan refused to deploy
    peacekeepers in Iraq and urged its citizens" (Pakistan's citizens, not Iraq's). A subject
    shared with an earlier conjunct verb counts."""
    noun = possessive.head
    if noun.dep_ != "dobj":
        return None
    verb = noun.head
    for _ in range(3):
        subj = [c for c in verb.children if c.dep_ in SUBJ]
        if subj:
            return next((u for u in units if u.start <= subj[0].i < u.end and _any_referent(u)), None)
        if verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


#: who speaks for another and is coded as them (newsgraph.agents.txt makes them no role of their own)
SPEAKER_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen", "spokespeople"})


def _bare_speaker(tok: Any) -> bool:
    """A spokesperson whose phrase names nobody they speak for ("the spokesperson said", not "a
    Kremlin spokesman" or "a spokesman for the ministry")."""
    return tok.lower_ in SPEAKER_NOUNS and not any(c.dep_ in ("poss", "compound", "prep", "amod", "appos")
                                                  for c in tok.children)


def _speaker_referent(unit: Unit) -> bool:
    """Whom a bare spokesperson can speak for: an office, body or person, not a bare country or a
    place ("remained hospitalized in Houston, ... but a spokesman said": not the USA)."""
    return not unit.agent_only and not unit.place and len(unit.code) > 3


def _any_referent(unit: Unit) -> bool:
    return not unit.agent_only


def _person_referent(unit: Unit) -> bool:
    """Whether ``he``/``she`` can refer to the unit: one with a role (a leader by name, an office),
    in the singular; not a bare country, city or demonym (``VNM`` from "served in Vietnam"), nor
    a group ("gang members"), nor an organisation by name ("The Denver Post", "the Kremlin",
    "Fox Business Network")."""
    return not unit.agent_only and not unit.plural and len(unit.code) > 3 and "/" not in unit.code \
        and not unit.place and not unit.body and not _organisation(unit)


#: head nouns of bodies, institutions and sectors: a unit headed by one is no ``he``/``she``. In
#: basil-dev's round-4 audit, 9 of 49 wrong events still coded had a pronoun resolved to the
#: wrong actor, most of them to such a unit ("he" -> "industry", "law enforcement", "Committee")
BODY_NOUNS = frozenset({
    "government", "administration", "regime", "cabinet", "ministry", "department", "agency", "bureau",
    "office", "commission", "committee", "subcommittee", "council", "board", "authority", "court",
    "tribunal", "congress", "senate", "house", "parliament", "legislature", "assembly", "caucus",
    "party", "campaign", "military", "army", "navy", "force", "police", "enforcement", "industry",
    "business", "company", "firm", "corporation", "bank", "media", "press", "newspaper", "network",
    "union", "association", "organization", "organisation", "group", "coalition", "alliance",
    "movement", "church", "school", "university", "college", "hospital", "embassy", "consulate",
    "mission", "state", "country", "nation", "republic", "kingdom", "team", "service", "corps",
    "intelligence", "community", "sector", "market", "club", "foundation", "institute", "center",
    "centre", "fund", "program", "programme", "junta", "leadership", "establishment", "opposition",
})


#: prepositions of whom a thing is sent or given to
RECIPIENT_PREPS = frozenset({"to", "into", "toward", "towards"})

#: parts of a building or seat that an actor's name may modify: "the Senate floor" is no actor
PLACE_NOUNS = frozenset({"floor", "lawn", "grounds", "steps", "chamber", "premises", "compound", "driveway"})

#: roles of organisations: a unit with one and a proper name is an organisation, not a person
ORGANISATION_ROLES = frozenset({"MED", "BUS", "NGO", "IGO", "MNC", "EDU", "HLH"})


def is_place(text: str, places: frozenset[str]) -> bool:
    """Whether an actor's words name a capital or seat of government ("Moscow", "the Kremlin")."""
    words = text.lower().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words) in places


def _organisation(unit: Unit) -> bool:
    """A proper name with an organisation's role ("Fox Business Network"), or a dictionary name
    with no role after "the" ("the Kremlin"); "The Russian President Vladimir Putin" is a
    person (a role word made the GOV)."""
    words = unit.text.split()
    if not words or not words[-1][:1].isupper():
        return False  # "the reporter", "the president": a person's role word
    return (unit.role or "")[-3:] in ORGANISATION_ROLES or (words[0].lower() == "the" and not unit.role)


def _segments(ms: list[tuple[int, int, str, Any]], words: Sequence[str],
              toks: Sequence[Any] | None = None) -> list[list[tuple[int, int, str, Any]]]:
    """Split the mentions of one noun phrase where a comma or conjunction coordinates them
    ("Danish media and government", "the ambassadors of Arnor, Osgiliath and Gondor"), not where
    it joins adjectives ("Ithilen's awful and evil minister")."""
    segs: list[list[tuple[int, int, str, Any]]] = [[ms[0]]]
    for prev, cur in zip(ms, ms[1:]):
        between = words[prev[1]:cur[0]]
        coordinated = toks is None or _in_conjunct(toks, cur[0], cur[1])
        # two countries joined by a conjunction are two actors whatever the parse made of the
        # words between ("Fornost and the evil awful Gondor", parsed as one noun phrase)
        both_actors = prev[2] == "actor" and cur[2] == "actor" and any(w in _CONJ for w in between)
        if (coordinated and any(w in _COORD for w in between)) or both_actors:
            segs.append([cur])
        else:
            segs[-1].append(cur)
    return segs


def _in_conjunct(toks: Sequence[Any], start: int, end: int) -> bool:
    """Whether a mention sits in a conjunct ("the Chinese president" after "the Russian
    president and"): a token of it, or a noun it modifies, is attached as ``conj``/``appos``."""
    node = _span_head(toks, start, end)
    for _ in range(4):
        if node.dep_ in ("conj", "appos"):
            return True
        if node.dep_ not in NP_DEPS or node.head.i == node.i:
            return False
        node = node.head
    return False


def _compose(segs: list[list[tuple[int, int, str, Any]]], split_compounds: bool = True,
             owner: int | None = None, words: Sequence[str] | None = None) -> list[tuple[str, str | None, bool, int | None]]:
    """Codes of a noun phrase's segments: (code, role, agent_only, segment index) per actor.

    A country comes from an actor mention, a role from an agent (``RUS`` + ``GOV``); agents in
    segments of their own apply to every actor of the phrase ("Danish media and government" ->
    DNKMED, DNKGOV; "ambassadors of Arnor, Osgiliath and Gondor" -> ARNGOV, OSGGOV, GONGOV).
    A code with ``/`` (``FRO/BIL/SAM``) stands for several actors, or with ``split_compounds``
    off for one compound actor whose role goes on each member (``FROGOV/BILGOV/SAMGOV``).
    """
    actors: list[tuple[str, list[str], str, int]] = []  # (code, own roles, prefix, segment)
    loose_roles: list[str] = []
    loose_prefix = ""
    #: roles named before the country in the last actor segment ("officials in Fornost"):
    #: a following bare country shares them ("officials in Fornost and Gondor")
    leading: list[str] = []
    for seg_i, seg in enumerate(segs):
        country, extra, prefix, same = "", "", "", ""
        roles: list[str] = []
        roles_first = False
        for start, end, kind, val in seg:
            if kind == "actor":
                if not country:
                    country = val
                    roles_first = bool(roles)
                elif country[:3] in NON_COUNTRY and val[:3] not in NON_COUNTRY and not extra:
                    extra, country = country, val  # "MSF Arnor": an organisation of a country
                elif len(val) > 3 and val[3:6] and val[3:6] not in roles and val[:3] != country[:3]:
                    roles.append(val[3:6])  # "Pakistan's foreign office": the office's role only
                elif len(country) == 3 and val[:3] == country and len(val) > 3 and owner is not None \
                        and (start <= owner < end or (words is not None and words[end - 1] not in BODY_NOUNS)):
                    # "France's President Emmanuel Macron": FRA, then the head's own FRAGOV; a
                    # person or title of the country named first ("Arkansas Gov. Asa Hutchinson",
                    # "New Jersey Sen. Bob Menendez's response") too; not a body that only
                    # modifies the head ("Alabama Republican Senate candidate Roy Moore")
                    same = same or val
            elif val.prefix:
                prefix = val.code
            elif val.code not in roles:
                roles.append(val.code)
        if same and not roles:
            country = same  # the person's own code, unless a role word says the office
        if country:
            if not roles and len(seg) == 1:
                roles = list(leading)
            else:
                leading = list(roles) if roles_first else []
            for code in country.split("/") if split_compounds else [country]:
                if extra[:3] in ROLE_FIRST_BLOCKS:
                    code = code + extra[:3]  # "an Israeli outlet, Haaretz": ISRMED
                elif extra:
                    code = extra[:3] + code  # "MSF Arnor": NGOARN
                actors.append((code, roles, prefix, seg_i))
        else:
            loose_roles.extend(r for r in roles if r not in loose_roles)
            loose_prefix = loose_prefix or prefix
    out: list[tuple[str, str | None, bool, int | None]] = []
    if not actors:
        return [("---" + r, r, True, None) for r in loose_roles[:1]]
    for code, roles, prefix, seg_i in actors:
        for role in (roles[:1] + [r for r in loose_roles if r not in roles[:1]]) or [None]:
            full = code
            if role and "/" in code:
                full = "/".join(m if role in m[3:] else m + role for m in code.split("/"))
            elif role and role not in code[3:] and role != code:
                full = code + role  # (an outlet's editor is MED, not MEDMED)
            if prefix or loose_prefix:
                full = (prefix or loose_prefix) + full
            out.append((full, role, False, seg_i))
    return out


def _skip_phrase(toks: Sequence[Any], j: int, limit: int, step: int, units: Sequence[Unit]) -> int:
    """Where a pattern's ``^`` (skip one noun phrase) leaves off, reading from ``j`` in ``step``
    direction: past the words before the next noun (a preposition, a determiner, adjectives),
    then past that noun's run of nouns; an actor unit that starts right there is skipped whole
    ("IFTAR IN ^ +" over "Iftar in Osgiliath with the leaders of Gondor": ``^`` is Osgiliath)."""
    base = toks[0].i
    k = j
    inside = (lambda x: x < limit) if step > 0 else (lambda x: x > limit - 1)
    while inside(k):
        t = toks[k]
        u = next((u for u in units if u.start <= t.i < u.end), None) if k == j else None
        if u is not None:
            return (u.end - base) if step > 0 else (u.start - base - 1)
        if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            while inside(k + step) and toks[k + step].pos_ in ("NOUN", "PROPN") and \
                    not any(u.start <= toks[k + step].i < u.end for u in units):
                k += step
            return k + step
        k += step
    return j


def _span_head(toks: Sequence[Any], start: int, end: int) -> Any:
    """The syntactic head of toks[start:end]: the token whose head lies outside the span."""
    span = toks[start:end]
    lo, hi = span[0].i, span[-1].i
    for t in span:
        if not lo <= t.head.i <= hi or t.head.i == t.i:
            return t
    return span[-1]


def _np_owner(tok: Any, in_mention: dict[int, str] | None = None, kind: str = "",
              countries: frozenset[int] | set[int] = frozenset()) -> Any:
    """Climb from a mention's head to the noun that owns its noun phrase. A prepositional
    phrase joins the noun it hangs on only when that noun is itself a mention ("activists in
    Arnor"), not for "an attack in Ithilen", and not one country to another ("Gondor of the
    Prince of Dol Amroth" is two actors; ``kind`` is the mention's own kind). An actor inside an
    appositive to a country (token indices in ``countries``) stays apart ("Pakistan, a U.S.
    ally"); one inside an appositive to a person joins it ("Oshima, the UN relief coordinator")."""
    node = tok
    for _ in range(8):
        head = node.head
        if head.i == node.i:
            break
        if node.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN"):
            # "Arnor, Osgiliath and Gondor": conjuncts join the phrase of the first one, where
            # _segments splits them again (so "the ambassadors of A, B and C" gives three)
            node = head
            continue
        if node.dep_ == "appos" and node is not tok and kind == "actor" and head.i in countries \
                and in_mention and node.i not in in_mention:
            # "Pakistan, a key U.S. ally, refused": a country named inside an appositive that
            # describes another actor is not that actor
            break
        if node.dep_ in NP_DEPS and head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM", "X"):
            node = head
            continue
        if node.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in NP_PREPS and \
                head.head.pos_ in ("NOUN", "PROPN") and in_mention and head.head.i in in_mention and \
                not (kind == "actor" and in_mention[head.head.i] == "actor"):
            node = head.head
            continue
        break
    return node


#: titles before a surname ("Mr. Jordan", "Representative Jim Jordan")
PERSON_TITLES = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.", "gov", "gov.",
    "senator", "representative", "congressman", "congresswoman",
})


def _surname(m: tuple[int, int, str, Any], toks: Sequence[Any], named: set[int]) -> bool:
    """Whether a one-word country is a person's surname: after a title or a capitalised name that
    is no dictionary phrase of its own ("Rep. Jim Jordan", "Mr. Jordan"); not at the start of a
    sentence, where any word is capitalised ("Evil Mordor"). ``named``: the sentence positions
    inside any dictionary mention."""
    if m[2] != "actor" or m[1] - m[0] != 1 or not _bare_country(m[3]):
        return False
    tok = toks[m[0]]
    if m[0] > 0 and toks[m[0] - 1].lower_ in PERSON_TITLES:
        return True
    base = toks[0].i
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" and base < c.i < tok.i
               and c.i - base not in named and c.text[:1].isupper()
               and c.lower_ not in ("new", "north", "south", "east", "west") for c in tok.children)


def _names_a_thing(head: Any, in_mention: dict[int, str]) -> bool:
    """Whether a country's name only modifies a noun of a topic ("the Russia investigation",
    "the Iran deal"): the phrase names the topic, not the country acting or acted on."""
    return head.dep_ == "compound" and head.head.lemma_.lower() in TOPIC_NOUNS and head.head.i not in in_mention \
        and head.head.i > head.i


#: nouns a country's name can only be the topic of ("the Russia probe"); others name its people or
#: places ("the affected Ithilen villages": aid to them is aid to Ithilen), and a report or memo
#: is its author's ("denied the BuzzFeed report")
TOPIC_NOUNS = frozenset({
    "case", "probe", "investigation", "inquiry", "deal", "policy", "issue", "question", "scandal",
    "hearing", "matter", "debate", "strategy", "collusion", "connection", "ties", "contacts",
    "meeting", "summit", "trip", "visit", "war",
})


def _bare_country(code: Any) -> bool:
    """Whether an actor code is a country alone (``PAK``), no role and no organisation."""
    return isinstance(code, str) and len(code) == 3 and code.isalpha() and code not in NON_COUNTRY


#: prepositions of place: their objects are where, not whom, so they are searched last
LOCATIVE = frozenset({"in", "at", "near", "on", "across", "along", "inside", "outside", "around", "into", "over"})


def _np_walk(tok: Any, late_too: bool = True) -> list[Any]:
    """Tokens of ``tok``'s noun phrase, breadth first, not entering clauses; phrases of place
    ("in south Ithilen") come after the rest ("an attack by Osgiliath soldiers")."""
    out, late, clauses, queue = [], [], [], [tok]
    while queue:
        t = queue.pop(0)
        out.append(t)
        for c in t.children:
            if c.dep_ in ("cc", "punct"):
                continue
            if c.dep_ in CLAUSE_DEPS:
                if c.pos_ in ("NOUN", "PROPN"):
                    queue.append(c)  # a noun the parser hung on as a clause ("an anti- Gondor parade")
                elif c.dep_ == "acl" and c.pos_ == "VERB" and t.lemma_.lower() not in POSSIBILITY_NOUNS:
                    # "memos sent by Bree", "roads leading into Mordor": last ("any sign that
                    # Chinese companies were helping": not at all, nothing there is asserted)
                    clauses.append(c)
                continue
            if c.dep_ == "prep" and c.lower_ in LOCATIVE:
                late.append(c)
                continue
            queue.append(c)
    if late_too:
        for t in late:
            out.extend(_np_walk(t))
        for t in clauses:
            out.extend(_np_walk(t))
    return out


def _conjuncts(tok: Any) -> list[Any]:
    out = []
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX"):
            out.append(c)
            out.extend(_conjuncts(c))
    return out


#: objects of a verb that make "A and B <verb> X" an act between A and B
RECIPROCAL_NOUNS = frozenset({
    "tie", "relation", "agreement", "deal", "treaty", "pact", "talk", "accord", "partnership",
    "cooperation", "memorandum", "contract", "statement", "declaration", "meeting", "dialogue",
    "negotiation", "exercise", "drill", "truce", "ceasefire", "alliance", "summit",
    "other", "another",  # "blamed each other", "accused one another"
})


#: verbs that are acts between their coordinated subjects even with no object ("Russia and
#: China met", "India and Pakistan clashed"), unlike "the presidents of A and B watched"
RECIPROCAL_VERBS = frozenset({
    "meet", "talk", "negotiate", "agree", "clash", "fight", "cooperate", "collaborate", "reconcile",
    "confer", "consult", "discuss", "quarrel", "feud", "spar", "wrangle", "bicker", "disagree",
    "ally", "unite", "reunite", "normalize", "normalise", "partner", "trade", "skirmish", "battle",
    "exchange", "compete", "embrace", "shake", "sign", "ratify", "conclude", "reach",
})


def _reciprocal(verb: Any, passive: bool) -> bool:
    """Whether "A and B <verb>" codes events between A and B: active voice, not a verb of saying,
    and either a relation noun as object ("signed an agreement", "renewed ties", "blamed each
    other") or no object and a verb that is an act between its subjects ("met", "clashed")."""
    if passive or verb.lemma_.lower() in SAY_VERBS:
        return False
    if any(c.dep_ == "xcomp" and c.lemma_.lower() not in RECIPROCAL_VERBS
           and not any(o.dep_ in ("dobj", "obj", "prep") for o in c.children) for c in verb.children):
        # "Gingrich and Santorum agreed to attend": each agreed, to no one; "China and Russia
        # agreed to expand trade" is still an agreement between them
        return False
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if objs:
        return all(_relation_noun(o) for o in objs)
    return verb.lemma_.lower() in RECIPROCAL_VERBS or any(
        c.dep_ == "advmod" and c.lower_ in ("together", "jointly", "mutually") for c in verb.children)


def _relation_noun(obj: Any) -> bool:
    """"an agreement", "a package of agreements", "a set of deals"."""
    if obj.lemma_.lower() in RECIPROCAL_NOUNS:
        return True
    return any(p.dep_ == "prep" and p.lower_ == "of" and any(
        o.dep_ == "pobj" and o.lemma_.lower() in RECIPROCAL_NOUNS for o in p.children) for p in obj.children)


def _expand_synset(synsets: dict[str, list[tuple[Any, ...]]], name: str, depth: int) -> list[tuple[Any, ...]]:
    """Every phrase of a synset, with ``&NESTED`` synsets replaced by their phrases."""
    out: list[tuple[Any, ...]] = []
    for phrase in synsets.get(name, ()):
        if phrase and phrase[0].text.startswith("&"):
            if depth < 4:
                out.extend(_expand_synset(synsets, phrase[0].text[1:].upper(), depth + 1))
        elif phrase:
            out.append(phrase)
    return out


#: words a dating discard phrase is made of (besides numbers): "YEARS AGO", "APRIL 1942", "WORLD WAR II"
TIME_WORDS = frozenset({
    "ago", "later", "earlier", "year", "years", "month", "months", "week", "weeks", "day", "days",
    "decade", "decades", "world", "war", "one", "two", "i", "ii", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
})


#: nouns of a time phrase ("on Monday", "in March", "on the weekend")
DATE_NOUNS = TIME_WORDS | frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend",
    "morning", "afternoon", "evening", "night", "today", "yesterday", "tomorrow",
})


def _in_noun_clause(tok: Any, verb: int) -> bool:
    """Whether a word after the verb sits in a clause that modifies a noun ("Citing two officials
    involved in the investigation": no CITE * &INVESTIGATION [090]): that clause's words belong
    to its own verb, not to this one's patterns."""
    node = tok
    for _ in range(8):
        if node.i == verb or node.head.i == node.i:
            return False
        if node.dep_ in ("acl", "relcl") and node.i != tok.i:
            return True
        node = node.head
    return False


def _in_phrase_of_subject(tok: Any, verb: int) -> bool:
    """Whether a word before the verb sits in a prepositional phrase of the subject ("Palestinian
    riots against Israeli military policies are continuing": "military" is no &MILITARY subject
    of CONTINUE's "- &MILITARY *" [190])."""
    node = tok
    for _ in range(8):
        if node.i == verb or node.head.i == node.i:
            return False
        if node.dep_ == "pobj" and node.head.lower_ != "of":
            return True  # "the first deployment of NATO troops" is the troops, though
        node = node.head
    return False


def _time_preposition(tok: Any) -> bool:
    """Whether a preposition heads a time phrase ("called Xi on Monday"): a pattern's preposition
    ("CALL * (ON)", call on someone: an appeal) does not match it."""
    return tok.pos_ == "ADP" and any(
        c.dep_ == "pobj" and (c.lower_ in DATE_NOUNS or (c.like_num and len(c.text) == 4)) for c in tok.children)


def _other_verbs_particle(tok: Any, verb: int) -> bool:
    """Whether a preposition or particle belongs to another verb than the pattern's ("want to
    serve on the committee": ``on`` is serve's, so WANT does not match PRESS * ON)."""
    return tok.pos_ in ("ADP", "PART") and tok.dep_ in ("prep", "prt") and tok.head.pos_ == "VERB" \
        and tok.head.i != verb


def _names_object(verb: Any) -> bool:
    """Whether a verb says what its object is ("called it an affront", "whatever we call it"): an
    object predicate, or two direct objects. A verb of contact (CALL, 041) then names, it does not
    phone or meet."""
    deps = [c.dep_ for c in verb.children]
    if "oprd" in deps or deps.count("dobj") > 1:
        return True
    doc = verb.doc
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        # "called Xi a friend", "called Netanyahu's speech "a stunt"": the name as an apposition
        # with no comma before it ("called Xi, China's president, on Monday" is a call), and not
        # a proper name ("summoned Niger's ambassador Brah Mohamane")
        if any(a.dep_ == "appos" and a.i > obj.i and a.pos_ != "PROPN" and doc[a.left_edge.i - 1].text != ","
               for a in obj.children):
            return True
        after = obj.right_edge.i + 1
        if after < len(doc) and doc[after].tag_ == "``":
            return True  # "called Trump's proposal "one-sided"", however the quote is parsed
    return False


def _fires_a_person(verb: Any, units: Sequence[Unit]) -> bool:
    """Whether "fire" dismisses someone: its direct object is a person actor ("fired Comey",
    "fired his defence minister"), and nothing is fired at, on or against anyone."""
    if any(c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "toward", "towards", "into")
           for c in verb.children):
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and any(u.owner == obj.i and _person_referent(u) for u in units)


def _namer(tok: Any) -> bool:
    """Whether a token is who names something in "what he called sanctions": the object of
    "oppose what he called ..." is the thing named, not the one who named it."""
    return tok.dep_ == "nsubj" and _names_object(tok.head) and \
        any(c.tag_ == "WP" and c.dep_ == "dobj" for c in tok.head.children)


def _time_phrase(words: Sequence[str]) -> bool:
    """Whether a discard phrase is a date ("1988", "YEARS AGO", "WORLD WAR TWO") rather than a topic
    ("FOOTBALL", "2014 COMPETITION")."""
    if not all(w.isdigit() or w in TIME_WORDS for w in words):
        return False
    return any(len(w) == 4 and w.isdigit() for w in words) or words[-1] in ("ago", "later", "earlier") \
        or words[:2] == ["world", "war"]


def _clause_verb(tok: Any) -> Any:
    """The verb whose clause a token belongs to (None: a verbless fragment)."""
    node = tok
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


#: roles through which a country acts as itself: a country and its own state are one actor
STATE_ROLES = ("GOV", "ELI", "LEG", "JUD", "MIL", "COP", "SPY")


#: roots of physical violence: assault, fight, mass violence
VIOLENCE_ROOTS = frozenset({"18", "19", "20"})
#: roles of a country's political class, whose violence on each other is a figure of speech
POLITICAL_ROLES = frozenset({"GOV", "LEG", "ELI", "PTY", "JUD"})


def _political_rivals(source: str, target: str) -> bool:
    """Whether two actors are politicians of the same country: office holders, legislators,
    parties, courts (not its police, army, rebels, opposition or people, on whom force is real)."""
    if source[:3] != target[:3] or not source[:3].isalpha() or len(source) < 6 or len(target) < 6:
        return False
    return source[3:6] in POLITICAL_ROLES and target[3:6] in POLITICAL_ROLES


#: roots of threats, shows and uses of force (not protests, 14, which have their own rule)
FORCE_ROOTS = frozenset({"13", "15", "16", "17", "18", "19", "20"})
#: roots not coded when only possible (protests and material force; a possible threat is a threat)
POSSIBLE_FORCE_ROOTS = (FORCE_ROOTS - {"13"}) | {"14"}
#: what a protest is for, when a clause says it ("rioted demanding", "marched to press"): the
#: clause names whom the protest is against
PROTEST_AIMS = frozenset({"demand", "call", "press", "urge", "protest", "seek", "oppose", "denounce",
                          "condemn", "reject", "push"})


def _same_actor(a: str, b: str) -> bool:
    """Whether two codes name one actor: the same code, or a country and its own state
    ("Pakistan ... in Islamabad": PAK and PAKGOV), not a country and its rebels, opposition or
    extremists ("Croatia is investigating Croatian extremists")."""
    if a == b:
        return True
    if a[:3] != b[:3] or min(len(a), len(b)) != 3:
        return False
    longer = a if len(a) > len(b) else b
    return longer[3:6] in STATE_ROLES or not longer[3:6].isalpha()


#: roots of material acts, which a state organ can do to its own country at a place in it: concede
#: (lift a curfew), protest, force posture, reduce relations, coerce (impose a curfew), assault,
#: fight, mass violence; not statements, meetings or appeals ("Obama said in New York")
HOME_ROOTS = frozenset({"08", "14", "15", "16", "17", "18", "19", "20"})
#: acts of force on people, whose victims are of the place where they are done
MATERIAL_FORCE_ROOTS = frozenset({"17", "18", "19", "20"})
#: state organs that act on their own country's people: police and courts arrest, charge, try
#: and summon at home; in the CAMEO-manual set, giving their country to a countryless target
#: ("Turkish police prevented the demonstration staged by students", "an Argentine judge ordered
#: former president Carlos Menem to appear") gained two dyads and no spurious event; GOV, LEG
#: and MIL, tried too, each gave basil-dev events to the wrong party (a Kremlin-backed attorney
#: as USAJUD, a speaker's invitation as ISRLEG)
HOME_ORGANS = frozenset({"COP", "JUD"})


def _place_country(verb: Any, units: Sequence[Unit]) -> str | None:
    """The country of the one place a verb is done at ("killed civilians in Syria": SYR), named
    by a country or capital in a preposition of place on the verb; None when none or several."""
    found = {u.code[:3] for c in verb.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
             for p in c.children if p.dep_ == "pobj"
             for u in units if u.owner == p.i and not u.agent_only and u.code[:3].isalpha()
             and u.code[:3] not in NON_COUNTRY and (len(u.code) == 3 or u.place)}
    return found.pop() if len(found) == 1 else None


def _in_place_phrase(tok: Any) -> bool:
    """Whether a noun is the object of a preposition of place ("in West Darfur", "in the town of
    Cizre in southeastern Turkey")."""
    node = tok
    for _ in range(4):
        if node.dep_ == "pobj" and node.head.lower_ in ("in", "at", "across", "throughout"):
            return True
        if node.dep_ not in ("pobj", "compound", "appos", "conj") or node.head.i == node.i:
            return False
        node = node.head if node.dep_ != "pobj" else node.head.head
    return False


def _acts_at_home(source: str, target: str) -> bool:
    """A state organ acting on its own country ("Sudan's government lifted a state of emergency
    in Darfur": SDNGOV -> SDN), which event data codes as a domestic event."""
    return len(target) == 3 and len(source) > 3 and source[:3] == target


def _unique(units: list[Unit]) -> list[Unit]:
    out: list[Unit] = []
    for u in units:
        if all(u is not o for o in out):
            out.append(u)
    return out


def _has_subject(verb: Any) -> bool:
    """Whether a clause inside a noun phrase is a clause of its own: with a subject, a relative or
    complementiser ("that security forces murdered", "which drew"), or an infinitive ("efforts to
    end the fighting"), not a bare participle that is part of the noun phrase ("assurances sent
    from Bree on its role in peace talks")."""
    return verb.dep_ == "relcl" or _to_infinitive(verb) or \
        any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)


def _clause_bounds(verb: Any, toks: Sequence[Any]) -> tuple[int, int]:
    """Token range a pattern may match over: the verb's own phrase (its subtree), widened to
    the governing verb's for infinitives and coordinated verbs, so that words of another
    clause far away cannot complete a pattern."""
    top = verb
    for _ in range(2):
        if top.dep_ in ("xcomp", "conj", "aux", "auxpass") and top.head.i != top.i:
            top = top.head
    lo = min(top.left_edge.i, verb.left_edge.i)
    hi = max(verb.right_edge.i + 1, verb.i + 1)
    # a coordinated or adverbial clause after the verb is another act ("would keep strengthening
    # coordination and would oppose sanctions": SANCTIONS is not keep's)
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("conj", "cc", "advcl", "parataxis", "relcl"):
            hi = min(hi, c.left_edge.i)
        # a clausal complement lends its own verb ("demanded that Hamas release" [1053]) but not
        # the words of its objects ("demanded that Sudan end curbs on the press": no PRESS ON); a
        # copula's predicate is the content itself ("allowed that Mordor is a pleasant place")
        if c.i > verb.i and c.dep_ == "ccomp" and c.pos_ == "VERB":
            hi = min(hi, c.i + 1)
    # nor do the words of a clause with a subject of its own after the verb, its complement or one
    # inside its object ("demanded an admission that security forces murdered ...": no DEMAND ...
    # SECURITY; "said they will release ...": the release is coded on its own verb, not as SAY)
    for t in verb.subtree:
        if t.i > verb.i and t.dep_ in ("acl", "relcl", "ccomp") and t.pos_ == "VERB" \
                and _has_subject(t):
            hi = min(hi, t.left_edge.i if t.left_edge.i > verb.i else t.i)
    return max(lo, toks[0].i), min(hi, toks[-1].i + 1)


def _negated(verb: Any) -> bool:
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return True
        if c.dep_ == "advmod" and c.lower_ == "longer" and any(d.dep_ == "neg" for d in c.children):
            return True  # "will no longer talk to the media"
        if c.dep_ in ("dobj", "obj", "nsubj", "nsubjpass") and any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return True  # "summoned no Russian representative", "no country has attacked"
        if c.dep_ in ("dobj", "obj") and any(d.dep_ in ("preconj", "det") and d.lower_ == "neither"
                                             for d in c.children):
            # "mentions neither Obama nor Romney"; as the subject ("Neither Galadriel nor Gollum
            # boycotted the parade") both PETRARCH suites' gold codes the act, so it is left be
            return True
    if verb.dep_ == "xcomp" and verb.head.lower_ in INABILITY_WORDS:
        return True  # "because he is unable to negotiate with Congress"
    if _avoided(verb):
        return True
    if verb.dep_ in ("xcomp",) and verb.head.pos_ in ("VERB", "AUX"):
        return any(c.dep_ == "neg" for c in verb.head.children)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
        return True  # "left without meeting Putin"
    if verb.dep_ == "ccomp" and verb.head.i != verb.i and any(c.dep_ == "neg" for c in verb.head.children):
        return True  # "the report did not establish that Russia coordinated", "did not say that ..."
    return _after_nor(verb)


def _avoided(verb: Any) -> bool:
    """Whether the verb is inside what is avoided or refrained from ("to avoid any appearance
    that he is trying to influence the Israeli elections", "refrained from criticizing China")."""
    node = verb
    for _ in range(5):
        head = node.head
        if head.i == node.i:
            return False
        lemma = head.lemma_.lower()
        if lemma == "avoid" and node.dep_ in ("dobj", "xcomp", "ccomp"):
            return True
        if head.lower_ == "from" and head.head.lemma_.lower() in ("refrain", "abstain", "desist"):
            return True
        if node.dep_ not in ("acl", "ccomp", "xcomp", "dobj", "pcomp", "relcl"):
            return False
        node = head
    return False


def _after_nor(verb: Any) -> bool:
    """Whether the verb's clause is a conjunct after "nor" ("he would not step down, nor was he
    about to absolve Trump"), through the infinitives and adjectives that carry it."""
    node = verb
    for _ in range(4):
        if node.dep_ == "conj":
            return any(c.dep_ == "cc" and c.lower_ == "nor" and c.i < node.i for c in node.head.children)
        if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


#: verbs whose infinitive names an act that did not happen ("refused to deploy")
REFUSE_VERBS = frozenset({"refuse", "decline", "fail", "reject", "resist", "avoid", "stop", "cease"})
#: verbs whose infinitive is turned down, a rejection (CAMEO 120) when the verb has no code
REJECTING_VERBS = frozenset({"refuse", "decline", "reject"})
REJECT_CODE = "120"


def _refused_act(verb: Any) -> Any:
    """The act a verb of refusal turns down ("refused to deploy peacekeepers": deploy), if any."""
    if verb.lemma_.lower() not in REJECTING_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)


def _rejects_object(verb: Any) -> bool:
    """Whether a verb of refusal has a direct object ("rejected a peace plan")."""
    return verb.lemma_.lower() in REJECTING_VERBS | {"rebuff", "spurn"} and \
        any(c.dep_ == "dobj" for c in verb.children)


#: verbs that deny what their clause says ("denied that it had attacked", "dismissed reports")
DENY_VERBS = frozenset({"deny", "dismiss", "refute", "rebut", "disavow"})


def _main_clause(verb: Any) -> bool:
    """Whether the verb heads the sentence, directly or through coordination, an infinitive, a
    purpose clause ("staged a strike to protest") or reported speech ("X said Y attacked"),
    rather than a subordinate clause, a participle ("..., risking prison", "according to") or a
    modifier of a noun ("newly appointed")."""
    node = verb
    for _ in range(6):
        if node.dep_ == "ROOT" or node.head.i == node.i:
            return True
        if node.dep_ == "ccomp" and node.head.lemma_.lower() not in SAY_VERBS:
            return False
        purpose = _purpose(node)
        if node.dep_ not in ("conj", "xcomp", "ccomp", "parataxis", "aux", "auxpass", "acomp") and not purpose:
            return False
        node = node.head
    return False


def _denied(verb: Any) -> bool:
    """Whether the verb sits in a clause that a verb of denial governs."""
    node = verb
    for _ in range(3):
        if node.dep_ in ("ccomp", "xcomp", "pcomp") and node.head.lemma_.lower() in DENY_VERBS:
            return True
        if node.head.i == node.i or node.dep_ not in ("ccomp", "xcomp", "pcomp", "conj", "aux"):
            return False
        node = node.head
    return False


#: verbs (and nouns) whose complement is what someone asks for, not an act that happened
REQUEST_VERBS = frozenset({
    "demand", "urge", "ask", "appeal", "request", "press", "call", "plead", "implore", "beg",
    "exhort", "petition", "insist", "pressure", "pressurize", "push", "encourage", "direct", "instruct",
})
#: verbs of asking for something, whose ``from`` names the one asked ("demanded an apology from Japan")
REQUEST_FROM_VERBS = frozenset({"demand", "ask", "request", "seek", "solicit", "want", "expect", "need"})
#: verbs of deciding: a decided act is the act, not an intent to do it (CAMEO and PLOVER code
#: "decided to allow Ouattara to run" as the allowing); a vote to act is the act too ("the Senate
#: voted to override his veto": the override)
DECIDE_VERBS = frozenset({"decide", "vote"})
#: verbs of summoning an envoy, and what one is summoned to hear: "summoned the ambassador to
#: protest" is the summoner's protest ("summoned him to explain" stays his explanation)
SUMMON_VERBS = frozenset({"summon"})
PROTEST_SPEECH = frozenset({"complain", "protest", "lodge", "express", "convey", "register", "demand", "condemn"})
#: words whose infinitive is not done: "is unable to negotiate"
INABILITY_WORDS = frozenset({"unable", "incapable", "powerless"})
#: verbs of promising: a clause under one is what is promised, its subject no addressee
PROMISE_VERBS = frozenset({"promise", "pledge", "vow", "swear", "guarantee", "assure"})
#: verbs that undo a decision, plan or offer: what it was for is not coded
CANCEL_VERBS = frozenset({
    "reverse", "halt", "cancel", "scrap", "revoke", "overturn", "rescind", "suspend", "abandon",
    "drop", "withdraw", "block", "freeze", "annul", "shelve", "undo", "kill",
})
#: verbs whose object's act is wished for, not done ("wants China to stop"): an appeal to it
WISH_VERBS = frozenset({"want", "wish", "need", "prefer", "like", "love"})
#: verbs whose object's act is expected, not done ("expects Russia to withdraw"): a forecast or a
#: demand, no event
EXPECT_VERBS = frozenset({"expect", "hope"})
APPEAL_CODE = "020"
#: verbs whose object's act is allowed, not done ("a bill letting families sue Saudi Arabia")
PERMIT_VERBS = frozenset({"let", "allow", "permit", "enable", "authorize", "authorise"})
#: verbs of warning: what they warn of is a threat ("warned that police will no longer tolerate
#: rallies": 130, not 120; "warned that it would attack Ukraine": 138)
WARN_VERBS = frozenset({"warn", "threaten"})
REQUEST_OR_PERMIT_VERBS = REQUEST_VERBS | PERMIT_VERBS
REQUEST_NOUNS = frozenset({"demand", "call", "appeal", "request", "ultimatum", "plea", "reminder"})
#: modals of obligation: "must return", "should withdraw", "ought to" assert no act
OBLIGATION_MODALS = frozenset({"must", "should", "ought"})


#: what a statement that someone must act is coded as: CAMEO 100, demand (not specified below)
DEMAND_CODE = "100"
#: verbs of saying whose "that Y must Z" clause is a demand on Y
STATING_VERBS = SAY_VERBS | {"reiterate", "stress", "emphasize", "emphasise", "remind", "conclude", "repeat"}
#: verbs that report what someone says, thinks or intends: a "would" under one is reported
#: (_conditional_would)
REPORTING_VERBS = STATING_VERBS | {
    "promise", "pledge", "vow", "threaten", "signal", "indicate", "believe", "think", "expect", "hope",
    "predict", "suggest", "agree", "decide", "reply", "respond", "explain", "acknowledge", "admit",
    "concede", "fear", "worry", "assure", "guarantee", "hint", "imply", "know", "understand", "feel",
    "estimate", "forecast", "speculate", "deny",
}


def _ought_clause(verb: Any) -> Any:
    """The clause of obligation a verb of saying reports ("said that Sudan must return"), if any."""
    if verb.lemma_.lower() not in STATING_VERBS:
        return None
    for c in verb.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS for a in c.children):
            return c
    return None


def _requested(verb: Any) -> bool:
    """Whether the verb is the content of a demand or appeal ("demanded that Hamas renounce",
    "urged Japan to lift", "its demand that Israel ease"), or what a permission allows ("letting
    families sue")."""
    node = verb
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            return False
        if node.dep_ in ("ccomp", "xcomp", "acl") and head.lemma_.lower() in \
                (REQUEST_OR_PERMIT_VERBS if head.pos_ in ("VERB", "AUX") else REQUEST_NOUNS):
            return True
        if node.dep_ in ("ccomp", "xcomp") and head.pos_ in ("VERB", "AUX") and _wished(node, head):
            # "Germany expects Russia to withdraw its troops", "wants China to stop": what another
            # is expected or wished to do, not done ("expects to sign": its own intent, 032)
            return True
        if node.dep_ not in ("conj", "aux", "ccomp", "xcomp"):
            return False
        node = head
    return False


def _wished(comp: Any, head: Any) -> bool:
    """Whether ``comp`` is the to-infinitive of another's act under a verb of wish or expectation
    ("wants China to stop", "expects Russia to withdraw"; not "expects to sign")."""
    return head.lemma_.lower() in WISH_VERBS | EXPECT_VERBS and _to_infinitive(comp) and \
        (any(c.dep_ in SUBJ for c in comp.children) or any(c.dep_ in ("dobj", "obj") for c in head.children))


def _wishes_of_another(verb: Any) -> bool:
    """Whether a verb of wish or expectation governs another's act (see _wished)."""
    return any(c.dep_ in ("ccomp", "xcomp") and _wished(c, verb) for c in verb.children)


def _obliged(verb: Any) -> bool:
    """Whether the verb is under a modal of obligation ("must cooperate", "should withdraw"), or an
    infinitive of such a verb or adjective ("must be ready to mediate")."""
    return _under_modal(verb, OBLIGATION_MODALS, ("xcomp", "conj", "acomp"))


def _under_modal(verb: Any, modals: frozenset[str], through: tuple[str, ...]) -> bool:
    """Whether the verb, or a verb it hangs on through ``through`` links (up to three), has one of
    the ``modals`` as auxiliary."""
    node = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in modals for c in node.children):
            return True
        if node.dep_ not in through or node.head.i == node.i:
            return False
        node = node.head
    return False


def _names_negation(pat: Pattern, synsets: dict[str, list[tuple[Any, ...]]],
                    words: frozenset[str] = NEGATION_WORDS) -> bool:
    """Whether a pattern spells out a negation itself (``- NOT * [112]``, ``&NEGATVAUXVRB *``), or
    with ``words`` another qualifier (``- SHOULD HAVE * AGAINST [1011]``): then the qualified verb
    is what it codes."""
    for e in (*pat.before, *pat.after):
        if e.kind == LIT and e.word is not None and e.word.text in words:
            return True
        if e.kind == SYN and any(w.text in words for ph in synsets.get(e.synset or "", ()) for w in ph):
            return True
    return False


def _future(verb: Any) -> bool:
    """``will visit``, ``is to visit``, ``is going to visit``, ``would visit``."""
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "wo", "would"):
            return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("go", "be") and _to_infinitive(verb):
        return verb.head.lemma_.lower() == "be" or verb.head.lower_ == "going"
    return False


#: an act made conditional on the other side's compliance: CAMEO 130, threaten (not specified)
THREAT_CODE = "130"


def _passive_acl(verb: Any) -> bool:
    """A past participle describing a noun, with the preposition of a passive ("companies accused
    of supplying", "a man arrested for", "soldiers killed by"), or with only phrases of place
    after it ("drug dealers arrested in Maine"): done to the noun. Not a main verb the parser
    hung on its subject ("a newspaper called on Arabs")."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    if any(c.dep_ in ("prep", "agent") and c.lower_ in ("of", "with", "by", "for") for c in verb.children):
        return True
    # "drug dealers arrested in Maine", "soldiers killed in Syria": no object, and only phrases
    # of place after it
    preps = [c for c in verb.children if c.dep_ == "prep"]
    return bool(preps) and all(c.lower_ in PLACE_PREPS for c in preps) and \
        not any(c.dep_ in ("dobj", "obj", "dative", "xcomp", "ccomp") for c in verb.children)


def _passive_participle_clause(verb: Any) -> bool:
    """A past participle heading an adverbial clause of its own, with no subject or auxiliary
    ("Asked whether ..., the spokesperson said", "Rebuked by Eriador, Osgiliath ..."): passive,
    done to the main clause's subject."""
    return verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(
        c.dep_ in SUBJ | PASS_SUBJ or c.dep_ in ("aux", "auxpass") for c in verb.children)


def _hypothetical(verb: Any) -> bool:
    """Whether the verb heads (or is coordinated inside) a clause of condition or question ("if
    they help Russia", "whether China would hold exercises"): nothing it says has happened."""
    node = verb
    for _ in range(3):
        marks = {c.lower_ for c in node.children if c.dep_ == "mark"}
        if marks & {"if", "whether"}:
            return True
        if "until" in marks and node.head.i != node.i and (_negated(node.head) or _future(node.head)):
            # "we will not agree to invoke cloture ... until the Senate has acted to fund the
            # government": the funding is awaited, not done
            return True
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


#: modals of possibility: "could invade", "may strike", "might send"
SPECULATIVE_MODALS = frozenset({"could", "may", "might"})


def _speculative(verb: Any) -> bool:
    """Whether the verb, or the verb whose participle or conjunct it is ("could pass, forcing
    Trump to veto"), is only possible: under could, may or might."""
    return _under_modal(verb, SPECULATIVE_MODALS, ("conj", "advcl", "xcomp"))


def _conditioned_by_unless(verb: Any) -> bool:
    """Whether an "unless" clause makes the act conditional ("will boycott the elections unless
    the president steps down"): a threat, not an act."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for c in verb.children)


def _condition_clause(verb: Any) -> Any:
    """The ``unless``/``if`` clause a threat sets, on the verb or on the act it threatens
    ("threatened to launch an offensive unless Baghdad accepted"), or None."""
    for v in [verb] + [c for c in verb.children if c.dep_ == "xcomp"]:
        for c in v.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children):
                return c
    return None


def _states_intent(verb: Any) -> bool:
    """Whether an intent verb ("agree", "offer", "promise") governs the act it intends, as an
    infinitive ("agreed to share information"); "agree that disputes should be resolved" shares
    a view instead, and stays the verb's own code."""
    if verb.lemma_.lower() not in INTENT_VERBS:
        return False
    return any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in verb.children)


def _announced_by_pronoun(verb: Any) -> bool:
    """Whether the verb is what the speaker says they themselves will do ("Hungary said it will
    support", "the rebels said they would release"): a clause under a verb of saying whose subject
    is a pronoun (the speaker referring to itself), an announced intention rather than the act. A
    named other actor ("said Russia will attack") is reported, not announced, and stays the act."""
    head = verb.head
    if not (verb.dep_ in ("ccomp",) and head.lemma_.lower() in SAY_VERBS and head.i != verb.i):
        return False
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subj) and subj[0].lower_ in PRONOUNS


def _intended(verb: Any) -> bool:
    """Whether the verb is the infinitive of an intent verb or adjective ("plans to visit", "is
    willing to send"), or is coordinated with or the purpose of one ("willing to send troops to
    help defend X": help and defend are intended too)."""
    return _intent_word(verb) is not None


def _intent_word(verb: Any) -> Any:
    """The intent verb, adjective or noun an act is intended under (see _intended), or None."""
    node = verb
    for _ in range(4):
        if node.head.i == node.i:
            return None
        purpose = _purpose(node)
        if (node.dep_ == "xcomp" or purpose) and node.head.lemma_.lower() in (INTENT_VERBS | INTENT_ADJECTIVES):
            # "have sworn to fight": the small parser often attaches the infinitive as advcl
            return node.head
        if node.dep_ == "acl" and _to_infinitive(node) and node.head.lemma_.lower() in INTENT_NOUNS:
            return node.head  # "Putin's decision to travel to China", "a plan to meet Xi"
        if _agreed_own_act(node):
            return node.head  # "agreed that their countries should cooperate"
        if node.dep_ not in ("xcomp", "conj") and not purpose:
            return None
        node = node.head
    return None


def _agreed_own_act(verb: Any) -> bool:
    """Whether the verb is what the agreeing sides agree they themselves will or should do ("agreed
    that their countries should cooperate", "agreed that they would meet again"): an intention of
    theirs, as "agreed to meet" is; "agree that territorial disputes should be resolved" shares a
    view instead (the verb's own code)."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in AGREE_VERBS:
        return False
    if not any(c.dep_ == "aux" and c.lower_ in FUTURE_OR_OUGHT_MODALS for c in verb.children):
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    return subj.lower_ in ("they", "we") or any(c.dep_ == "poss" and c.lower_ in ("their", "our")
                                                for c in subj.children)


def _conditional_would(verb: Any) -> bool:
    """A ``would`` that no one reports as their future act ("Trump would also seek to unlock
    money", "a bill that would allow families to sue"): a conditional, what would happen, not an
    act. Under a verb of saying ("said it would attack", "warned that it would respond") it is
    the reported future, which the future rules read."""
    if not any(c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in verb.children):
        return False
    node = verb
    for _ in range(5):
        head = node.head
        if head.i == node.i:
            return True
        if node.dep_ in ("ccomp", "parataxis", "xcomp", "advcl") and head.lemma_.lower() in REPORTING_VERBS:
            return False
        if node.dep_ not in ("conj", "xcomp", "ccomp", "advcl", "parataxis"):
            return True  # a relative clause ("a bill that would allow") or the main clause
        node = head
    return False


def _dealt_with(verb: Any) -> list[Any]:
    """Whom a ban forbids dealing with: "bars EU companies from dealing with three Russian banks",
    "barred American firms from doing business with Huawei" (the objects of ``with``)."""
    out: list[Any] = []
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ != "from":
            continue
        for g in c.children:
            if g.dep_ != "pcomp" or g.lemma_.lower() not in DEALING_VERBS:
                continue
            heads = [g] + [o for o in g.children if o.dep_ in ("dobj", "obj")]
            out.extend(p for h in heads for w in h.children if w.dep_ == "prep" and w.lower_ == "with"
                       for p in w.children if p.dep_ == "pobj")
    return out


def _counterfactual(verb: Any) -> bool:
    """A modal perfect ("would have cut", "might have influenced", "could have prevented"): what
    would or might have happened, which did not (or is not said to have). "Should have acted
    against" is left to the obligation rules, as the dictionaries read it (SHOULD ACT AGAINST)."""
    if verb.tag_ != "VBN":
        return False
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    return any(a.lower_ in COUNTERFACTUAL_MODALS for a in auxes) and any(a.lemma_.lower() == "have" for a in auxes)


def _asks_a_question(verb: Any) -> bool:
    """Whether "ask" asks a question ("asked Rubio whether ...", "asked why he had not called",
    "when asked by a reporter if Lieberman was ...") rather than for something: a question is
    no appeal (CAMEO 02 is a request or plea)."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "advcl", "xcomp"):
            if any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children):
                return True
            first = c.doc[c.left_edge.i]
            if first.tag_ in ("WRB", "WP", "WDT") and first.lower_ not in ("that",):
                return True
    # the parser often hangs the question clause on the main verb: "When asked point-blank by a
    # reporter ... if Lieberman was the leading contender, Trump replied"
    for t in verb.doc[verb.right_edge.i + 1:verb.right_edge.i + 4]:
        if t.lower_ in ("whether", "if"):
            return True
        if t.is_punct or t.pos_ in ("VERB", "AUX"):
            return False
    return False


def _claims(verb: Any) -> bool:
    """Whether a verb of suggesting reports a claim: its clause is in the indicative ("suggested
    Romney had made a bigger deal", "would choose", "was hypocritical"), not the subjunctive or
    an obligation of a proposal ("suggested that Ukraine hold talks", "should lift")."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return False
    auxes = [c for c in comp.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in OBLIGATION_MODALS for a in auxes):
        return False
    return comp.tag_ in ("VBD", "VBZ") or any(a.tag_ in ("VBD", "VBZ") or a.lower_ in CLAIM_MODALS for a in auxes)


def _warning_of(verb: Any) -> Any:
    """The verb of warning whose content the verb is ("warned that police will no longer
    tolerate rallies", "warned Kiev it would respond"), through coordinated verbs, or None."""
    node = verb
    for _ in range(3):
        if node.head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "xcomp") and node.head.lemma_.lower() in WARN_VERBS:
            return node.head
        if node.dep_ != "conj":
            return None
        node = node.head
    return None


def _cancelled_intention(verb: Any) -> bool:
    """Whether the verb is what a decision, plan or offer was for that has been reversed, halted
    or dropped ("halting his own administration's decision to begin allowing hunters to import
    trophies": nothing is allowed, nor intended any more)."""
    word = _intent_word(verb)
    return word is not None and word.pos_ == "NOUN" and word.dep_ in ("dobj", "obj", "nsubjpass") \
        and word.head.lemma_.lower() in CANCEL_VERBS


def _to_infinitive(verb: Any) -> bool:
    """Whether the verb has the infinitive marker ``to`` ("to supply", "to protest")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _purpose(verb: Any) -> bool:
    """A purpose clause: an adverbial ``to`` infinitive ("signed an accord to supply Gondor")."""
    return verb.dep_ == "advcl" and _to_infinitive(verb)


def _intent_infinitive(verb: Any) -> bool:
    """An infinitive the parser attached as advcl to an intent verb ("have sworn to fight"): the
    intended act, as an xcomp would be."""
    return _purpose(verb) and verb.head.lemma_.lower() in INTENT_VERBS


def _intent(verb: Any, code: str, future: bool = False, announced: bool = False) -> tuple[str, bool]:
    """Recode an act under an intent verb ("plans to visit") as the intent to do it, the speaker's
    own announced future act ("said it will support") too, and with ``future`` every act in the
    future tense ("will visit": CAMEO and PLOVER code announced future acts as intentions)."""
    if not code[:2].isdigit() or code[:2] in ("01", "02", "03", "13"):
        return code, False  # already a statement, an appeal, an intent or a threat
    word = _intent_word(verb)
    if word is not None and word.lemma_.lower() in DECIDE_VERBS:
        # "the Supreme Court decided to allow Ouattara to run", "the Senate voted to override his
        # veto", "decided to reject the appeal": the act, decided
        return code, False
    if code[:2] in UNCODED_INTENT_ROOTS and (word is not None or (_future(verb) and (future or announced))) \
            and not (word is not None and word.lemma_.lower() in BARGAIN_VERBS):
        # "plans to compete in the primary", "is determined to prevent Iran from getting nuclear
        # weapons": CAMEO has intent codes for cooperation (03) and threats (13) only; an intended
        # investigation, demand, criticism or rejection is not done yet, and coded 030 it would
        # turn verbal conflict into cooperation. Nothing is coded (""); in basil-dev the five
        # events this removed were all wrong, and no suite or CAMEO-manual figure moved. Agreeing
        # or offering to postpone a protest is still a cooperative act between parties (030)
        return "", True
    if word is not None and word.pos_ == "VERB" and word.lemma_.lower() in PREPARE_VERBS \
            and code[:2] in VIOLENCE_ROOTS:
        # "the army prepared to resume shelling rebel-held territory": getting ready to use force
        # is a show of force (150; PLOVER MOBILIZE: "military posturing ... a demonstration of
        # readiness", where a THREAT is verbal); being prepared to ("is prepared to attack",
        # an adjective) stays a stated intention, a threat (138)
        return SHOW_OF_FORCE_CODE, False
    if word is not None:
        return INTENT_CODE.get(code[:2], code), True
    if _future(verb) and (future or announced):
        return INTENT_CODE.get(code[:2], code), True
    return code, False


def _dedupe(events: list[CodedEvent]) -> list[CodedEvent]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for e in events:
        key = (e.source.code, e.target.code, e.code)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
