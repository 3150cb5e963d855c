"""The coder's dictionaries, loaded and indexed: phrase tries for actors, agents and discards,
the verb dictionary, and where the built-in set comes from.

A ``Lexicon`` is plain data (tries of dicts and tuples), so it pickles into worker processes.
The built-in set is the Phoenix dictionaries (MIT, Open Event Data Alliance) shipped gzipped in
``events/data/phoenix/``, plus newsgraph's own demonyms the Phoenix country file misses, a dated
supplement of office holders, international organisations the Phoenix files miss, and metonyms
(capitals and seats of government). Users replace any kind with files of their own.
"""

from __future__ import annotations

import functools
import gc
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

from .dictionaries import (
    MIN_STEM,
    ActorEntry,
    AgentEntry,
    Discard,
    VerbDictionary,
    Word,
    parse_actors,
    parse_agents,
    parse_discards,
    parse_verbs,
    read_text,
)

#: built-in dictionary files, in load order (a later file's phrase overrides an earlier one's)
BUILTIN = {
    "actors": ("phoenix/Phoenix.Countries.actors.txt.gz", "phoenix/Phoenix.International.actors.txt.gz",
               "phoenix/Phoenix.MilNonState.actors.txt.gz", "newsgraph.demonyms.actors.txt",
               "newsgraph.titles.actors.txt", "newsgraph.supplement.actors.txt",
               "newsgraph.organisations.actors.txt", "newsgraph.metonyms.actors.txt"),
    "agents": ("phoenix/Phoenix.agents.txt.gz", "newsgraph.agents.txt"),
    "verbs": ("phoenix/CAMEO.2.0.txt.gz", "newsgraph.verbs.txt"),
    "discards": ("phoenix/Phoenix.discards.txt.gz",),
}


def split_hyphens(phrase: Sequence[Word]) -> tuple[Word, ...]:
    """``AL-QAEDA`` -> (al, qaeda): spaCy splits "Al-Qaeda" at the hyphen, and the coder matches
    phrases on its tokens with the hyphens left out, so "Al-Qaeda", "Al Qaeda" and a dictionary's
    ``AL_QAEDA`` or ``AL-QAEDA`` all meet. A trailing hyphen (``ANTI-``) is kept. A possessive
    ``'S`` is split off as spaCy splits it (``PEOPLE'S`` -> people, 's)."""
    if not any("-" in w.text or "'s" in w.text for w in phrase):
        return tuple(phrase)
    out: list[Word] = []
    for w in phrase:
        if len(w.text) > 2 and w.text.endswith("'s"):
            # "PEOPLE'S": spaCy splits the possessive off ("People", "'s")
            out.extend((Word(w.text[:-2], True), Word("'s", True)))
            continue
        pieces = w.text.split("-")
        if len(pieces) < 2 or not all(pieces):
            out.append(w)
            continue
        out.extend(Word(p, True) for p in pieces[:-1])
        out.append(Word(pieces[-1], w.exact))
    return tuple(out)


#: endings (of two letters or more; one letter always goes: ARGENTIN -> Argentina) a name's stem
#: may take: demonyms and plurals ("India" -> Indians; "Israel" -> Israelis; "Sudan" ->
#: Sudanese), not other words it happens to begin ("Indiana")
NAME_SUFFIXES = frozenset({
    "", "s", "es", "'s", "’s", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "ish", "ite", "ites",
    "ic", "ist", "ists", "ern", "er", "ers", "iot", "iots", "ean", "eans", "ine", "ines",
})
#: endings a role word's stem may take: plurals and the -ist/-ic family ("rebels", "Islamist"),
#: not derived nouns with other meanings ("convict" -> "conviction")
NOUN_SUFFIXES = frozenset({
    "", "s", "es", "'s", "’s", "n", "ns", "an", "ans", "ian", "ians", "ist", "ists", "ic", "ics", "i", "is",
    "er", "ers", "or", "ors", "men", "man", "ese",
})


def _demonym_plural(token: str) -> bool:
    """Whether a token reads as the ``-s`` plural of a demonym (Algerians, Iraqis, Kenyans, Turks,
    Croats): a regular plural of a word of at least four letters; not of a country name in -y
    ("turkeys" are birds)."""
    return len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "iis", "us", "ys"))


class Trie:
    """Longest-match phrase lookup over lower-cased tokens, with TABARI stem matching.

    Nodes are dicts: ``exact`` word -> node, ``stems`` first-MIN_STEM-chars -> [(stem, node)],
    ``value``: the payload of a phrase ending here (the last one added wins).
    """

    __slots__ = ("root", "size", "suffixes", "plurals")

    def __init__(self, suffixes: frozenset[str] | None = None, plurals: bool = False) -> None:
        self.root: dict[str, Any] = {}
        self.size = 0
        #: what a stem may be followed by (None: anything, TABARI's rule)
        self.suffixes = suffixes
        #: a one-word name listed in the singular also matches its -s plural (demonyms)
        self.plurals = plurals

    @staticmethod
    def _child(node: dict[str, Any], word: Word) -> dict[str, Any]:
        if word.exact or len(word.text) < MIN_STEM:
            return node.setdefault("exact", {}).setdefault(word.text, {})
        bucket = node.setdefault("stems", {}).setdefault(word.text[:MIN_STEM], [])
        for stem, child in bucket:
            if stem == word.text:
                return child
        child: dict[str, Any] = {}
        bucket.append((word.text, child))
        return child

    def add(self, phrase: Sequence[Word], value: Any) -> None:
        node = self.root
        for word in split_hyphens(phrase):
            node = self._child(node, word)
        node["value"] = value
        self.size += 1

    def _next(self, node: dict[str, Any], token: str) -> list[dict[str, Any]]:
        """Children that ``token`` leads to, least specific first (``match`` keeps the last
        phrase it completes): shorter stems, longer stems, then the exact word ("indiana" is
        INDIANA_, not the stem INDIAN)."""
        out = []
        stems = node.get("stems")
        if stems and len(token) >= MIN_STEM:
            hits = [(len(stem), child) for stem, child in stems.get(token[:MIN_STEM], ())
                    if token.startswith(stem) and (self.suffixes is None or len(token) - len(stem) <= 1
                                                   or token[len(stem):] in self.suffixes)]
            if len(hits) > 1:
                hits.sort(key=lambda h: h[0])
            out.extend(child for _, child in hits)
        exact = node.get("exact")
        if exact and token in exact:
            out.append(exact[token])
        elif exact and self.plurals and node is self.root and _demonym_plural(token) and \
                "value" in exact.get(token[:-1], {}):
            # "Young Algerians blocked roads": the plural of a one-word demonym the dictionary
            # lists only in the singular (ALGERIAN_, IRAQI_) names the same people; the last
            # word of a longer name is no demonym (MINAS_TIRITH_ is not "Minas Tiriths")
            out.append(exact[token[:-1]])
        return out

    def match(self, tokens: Sequence[str], start: int) -> tuple[int, Any] | None:
        """Longest phrase starting at ``tokens[start]``: (end index, value) or None."""
        best: tuple[int, Any] | None = None
        frontier = [self.root]
        i = start
        while frontier and i < len(tokens):
            nxt: list[dict[str, Any]] = []
            for node in frontier:
                nxt.extend(self._next(node, tokens[i]))
            i += 1
            for node in nxt:
                if "value" in node:
                    best = (i, node["value"])
            frontier = nxt
        return best

    def first_word_could_match(self, token: str) -> bool:
        return bool(self._next(self.root, token))


@dataclass(slots=True)
class Lexicon:
    """Everything the coder looks words up in. Build with ``Lexicon.load``."""

    actors: Trie = field(default_factory=lambda: Trie(NAME_SUFFIXES, plurals=True))
    agents: Trie = field(default_factory=lambda: Trie(NOUN_SUFFIXES))
    discards: Trie = field(default_factory=Trie)
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    #: where each kind came from (file names), for the run summary and docs
    sources: dict[str, list[str]] = field(default_factory=dict)
    #: capitals and seats of government (the built-in metonyms, lowercased phrases), whichever
    #: actors are loaded: a place that stands for a government is no ``he``/``she``
    places: frozenset[str] = frozenset()

    @classmethod
    def load(cls, actors: Iterable[str | Path] | None = None, agents: Iterable[str | Path] | None = None,
             verbs: Iterable[str | Path] | None = None, discards: Iterable[str | Path] | None = None) -> Lexicon:
        """Dictionaries of each kind from the given files; a kind given as None uses the built-in set.

        The collector is paused while the tries are built: they are ~100k small acyclic objects,
        and generation scans over them cost more than the parsing itself (1.2 s -> 0.55 s)."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._load(actors, agents, verbs, discards)
        finally:
            if was_enabled:
                gc.enable()

    @classmethod
    def _load(cls, actors: Iterable[str | Path] | None, agents: Iterable[str | Path] | None,
              verbs: Iterable[str | Path] | None, discards: Iterable[str | Path] | None) -> Lexicon:
        lex = cls()
        lex.places = frozenset(" ".join(w.text for w in phrase) for entry in parse_actors(_builtin_text(METONYMS))
                               for phrase in entry.phrases)
        given = {"actors": actors, "agents": agents, "verbs": verbs, "discards": discards}
        for kind, paths in given.items():
            texts = list(_texts(kind, paths))
            lex.sources[kind] = [name for name, _ in texts]
            for _, text in texts:
                if kind == "actors":
                    for entry in parse_actors(text):
                        for phrase in entry.phrases:
                            lex.actors.add(phrase, entry)
                elif kind == "agents":
                    for agent in parse_agents(text):
                        lex.agents.add(agent.phrase, agent)
                elif kind == "discards":
                    for d in parse_discards(text):
                        lex.discards.add(d.phrase, d)
                else:
                    _merge_verbs(lex.verbs, parse_verbs(text))
        return lex


def check_dictionaries(actors: Iterable[str | Path] | None = None, agents: Iterable[str | Path] | None = None,
                       verbs: Iterable[str | Path] | None = None,
                       discards: Iterable[str | Path] | None = None) -> None:
    """Read and parse the given files as ``Lexicon.load`` would, raising what it would raise, but
    build nothing and leave the built-in kinds (known good) alone."""
    parsers = {"actors": parse_actors, "agents": parse_agents, "verbs": parse_verbs, "discards": parse_discards}
    for kind, paths in (("actors", actors), ("agents", agents), ("verbs", verbs), ("discards", discards)):
        if paths is not None:
            for _, text in _texts(kind, paths):
                parsers[kind](text)


#: the built-in capitals and seats of government (``Lexicon.places``)
METONYMS = "newsgraph.metonyms.actors.txt"


def _merge_verbs(into: VerbDictionary, other: VerbDictionary) -> None:
    for name, phrases in other.synsets.items():
        into.synsets.setdefault(name, []).extend(phrases)
    seen: set[int] = set()
    for form, entries in other.verbs.items():
        for e in entries:
            if id(e) not in seen:
                seen.add(id(e))
                e.file = into.files
        into.verbs.setdefault(form, []).extend(entries)
    into.files += 1


def _texts(kind: str, paths: Iterable[str | Path] | None) -> Iterable[tuple[str, str]]:
    if paths is None:
        for name in BUILTIN[kind]:
            yield name, _builtin_text(name)
        return
    for p in paths:
        yield str(p), read_text(p)


@functools.lru_cache(maxsize=None)
def _builtin_text(name: str) -> str:
    ref = resources.files("newsgraph.events") / "data" / name
    data = ref.read_bytes()
    if name.endswith(".gz"):
        import gzip

        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


@functools.lru_cache(maxsize=4)
def builtin_lexicon() -> Lexicon:
    """The built-in dictionaries, parsed once per process."""
    return Lexicon.load()


__all__ = ["Lexicon", "Trie", "builtin_lexicon", "check_dictionaries", "ActorEntry", "AgentEntry", "Discard"]
