"""Readers for the PETRARCH/TABARI dictionary formats: actors, agents, verbs and discards.

The formats are those of the Phoenix dictionaries (openeventdata/petrarch2) and the PETRARCH
validation suites; docs/events.md describes what newsgraph reads of them. Words are matched
case-insensitively; ``_`` joins the words of one phrase, and a word written with a trailing ``_``
must match exactly, while a word without one also matches longer words it begins (TABARI's stem
rule: ``ARGENTIN`` matches Argentina and Argentine). Stems shorter than ``MIN_STEM`` characters
match exactly, which keeps ``ENT`` from matching "enter".

Everything here is pure parsing into plain, picklable structures; ``lexicon.py`` builds the
matchers over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

#: a dictionary word without a trailing ``_`` matches words it begins when at least this long
MIN_STEM = 5

#: comments: ``#`` (or TABARI's ``;``) at a word start or right after ``]`` / ``}``, and ``<!-- -->``
_COMMENT = re.compile(r"(?:(?<!\S)|(?<=[\]}]))[#;].*$|<!--.*?-->")
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")


def _strip(line: str) -> str:
    if "#" not in line and ";" not in line and "<!--" not in line:
        return line.rstrip()  # most lines: the regular expression is the slow part of loading
    return _COMMENT.sub("", line).rstrip()


@dataclass(frozen=True, slots=True)
class Word:
    """One dictionary word: ``text`` lower-cased, ``exact`` when it must match the whole token."""

    text: str
    exact: bool

    def matches(self, token: str) -> bool:
        if token == self.text:
            return True
        return not self.exact and len(self.text) >= MIN_STEM and token.startswith(self.text)


def phrase_words(phrase: str) -> tuple[Word, ...]:
    """``MINAS_TIRITH_`` -> (minas, tirith exact); spaces and ``_`` both join words."""
    out: list[Word] = []
    for part in phrase.split():
        pieces = part.split("_")
        for i, piece in enumerate(pieces):
            if not piece:
                continue
            # a piece followed by "_" (even one that ends the part) is exact
            exact = i < len(pieces) - 1
            out.append(Word(piece.lower(), exact))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Actors


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code valid between two dates (``YYYYMMDD`` ints; 0 / 99999999 when open)."""

    code: str
    start: int = 0
    end: int = 99_999_999


@dataclass(slots=True)
class ActorEntry:
    """One actor: every surface phrase it is written as, and its (possibly dated) codes."""

    name: str
    phrases: list[tuple[Word, ...]] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)

    def code_on(self, date: int | None) -> str | None:
        """The code valid on ``date`` (``YYYYMMDD``); undated codes are the fallback."""
        if not self.codes:
            return None
        undated = [c for c in self.codes if c.start == 0 and c.end == 99_999_999]
        dated = [c for c in self.codes if c not in undated]
        if date is not None:
            for c in dated:
                if c.start <= date <= c.end:
                    return c.code
        if undated:
            return undated[0].code
        if date is None:
            # no date: the most recent period is the best guess
            return max(dated, key=lambda c: c.start).code
        # outside every period: the nearest one
        return min(dated, key=lambda c: min(abs(date - c.start), abs(date - c.end))).code


def _date(text: str) -> int:
    """``950601`` / ``19950601`` -> 19950601. Two-digit years below 40 are 20xx (Phoenix style)."""
    text = text.strip()
    if len(text) == 8:
        return int(text)
    if len(text) == 6:
        yy = int(text[:2])
        return (2000 + yy if yy < 40 else 1900 + yy) * 10_000 + int(text[2:])
    raise ValueError(f"bad date {text!r}")


def parse_code_block(block: str) -> DatedCode | None:
    """``HOBGOV 19950601 - 19990815`` / ``HOB < 950601`` / ``HOBREB > 990816`` / ``ARN``."""
    block = block.strip()
    if not block:
        return None
    head, *tail = block.split(None, 1)
    code, rest = head, (tail[0] if tail else "").replace(" ", "")
    if code.startswith("~") or code.endswith("~"):
        return None  # an agent code inside an actor file: not an actor
    try:
        if not rest:
            return DatedCode(code.upper())
        if rest.startswith(">"):
            return DatedCode(code.upper(), start=_date(rest[1:]))
        if rest.startswith("<"):
            return DatedCode(code.upper(), end=_date(rest[1:]))
        if "-" in rest:
            a, b = rest.split("-", 1)
            return DatedCode(code.upper(), start=_date(a), end=_date(b))
    except ValueError:
        return None
    return None


def parse_actors(text: str) -> list[ActorEntry]:
    """Actor entries of one actors file (TABARI/PETRARCH format).

    An entry starts with an unindented phrase line, optionally with codes in ``[...]`` on the same
    line; ``+PHRASE`` lines add synonyms; indented ``[CODE dates]`` lines add codes. Entries with
    no code (``[---]`` fillers included) are kept out.
    """
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None

    def close() -> None:
        if current is not None and current.codes and current.phrases:
            entries.append(current)

    for raw in text.splitlines():
        line = _strip(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if "[" in stripped:
            codes = [c for c in (parse_code_block(b) for b in _CODE_BLOCK.findall(stripped)) if c]
            head = _CODE_BLOCK.sub("", stripped).strip()
        else:
            codes, head = [], stripped
        indented = raw[:1] in (" ", "\t")
        if stripped.startswith("+"):
            if current is not None:
                phrase = phrase_words(head[1:])
                if phrase:
                    current.phrases.append(phrase)
                current.codes.extend(codes)
            continue
        if indented and not head:
            if current is not None:
                current.codes.extend(codes)
            continue
        if head.startswith(("&", "!", "=")) or "=" in head:
            continue
        close()
        phrase = phrase_words(head)
        current = ActorEntry(name=head.strip("_ ").upper(), phrases=[phrase] if phrase else [],
                             codes=list(codes))
    close()
    return entries


# --------------------------------------------------------------------------------------------
# Agents


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """A generic role word (``MINISTER`` -> GOV). ``prefix`` agents come before the country code
    (``[IGO~]``: peacekeepers are IGO actors of the country that sends them)."""

    phrase: tuple[Word, ...]
    code: str
    prefix: bool = False


def _plural(word: str) -> str:
    if word.endswith("Y") and len(word) > 2 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "X", "CH", "SH")):
        return word + "ES"
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    return word + "S"


def parse_agents(text: str) -> list[AgentEntry]:
    """Agent entries: ``PHRASE {PLURALS} [~CODE]``; ``!SUB! = A, B`` defines substitutions.

    Without ``{...}`` a regular plural is added (TABARI does the same); ``{}`` means none.
    ``[---]`` is a null agent: the phrase is no role (the coder skips it), so a later file can
    unmake an earlier file's entry.
    """
    subs: dict[str, list[str]] = {}
    out: list[AgentEntry] = []
    for raw in text.splitlines():
        line = _strip(raw).strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z_]+!)\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        blocks = _CODE_BLOCK.findall(line)
        if not blocks:
            continue
        code = blocks[-1].strip()
        prefix = code.endswith("~") and not code.startswith("~")
        code = code.strip("~").strip().upper()
        if not code:
            continue  # "[---]" stays: a later file's null agent unmakes an earlier one's phrase
        head = _CODE_BLOCK.sub("", line)
        plurals: list[str] | None = None
        pm = re.search(r"\{([^}]*)\}", head)
        if pm:
            plurals = pm.group(1).split()
            head = head[: pm.start()] + head[pm.end():]
        head = head.strip()
        variants = [head]
        for marker, words in subs.items():
            if marker in head:
                variants = [v.replace(marker, w) for v in variants for w in words]
        forms: list[str] = []
        for v in variants:
            forms.append(v)
            if plurals is None and "!" not in head:
                last = re.split(r"[_\s]", v.rstrip("_"))[-1]
                if last:
                    forms.append(v.rstrip("_")[: len(v.rstrip("_")) - len(last)] + _plural(last))
        forms.extend(plurals or [])
        for f in forms:
            phrase = phrase_words(f)
            if phrase:
                out.append(AgentEntry(phrase, code, prefix))
    return out


# --------------------------------------------------------------------------------------------
# Discards


@dataclass(frozen=True, slots=True)
class Discard:
    """A phrase that makes the coder skip the sentence (or, ``story``, the whole article)."""

    phrase: tuple[Word, ...]
    story: bool = False


def parse_discards(text: str) -> list[Discard]:
    out: list[Discard] = []
    for raw in text.splitlines():
        line = _strip(raw).strip()
        if not line or line.startswith("<"):
            continue
        story = line.startswith("+")
        phrase = phrase_words(_CODE_BLOCK.sub("", line.lstrip("+")))
        if phrase:
            out.append(Discard(phrase, story))
    return out


# --------------------------------------------------------------------------------------------
# Verbs


@dataclass(frozen=True, slots=True)
class Codes:
    """A verb or pattern code: ``[042:043]`` is an event and its reciprocal (target -> source);
    ``[---]`` blocks coding."""

    code: str | None
    reciprocal: str | None = None

    @classmethod
    def parse(cls, block: str) -> Codes:
        parts = [p.strip() for p in block.split(":")]
        code = parts[0] if parts[0] and not parts[0].startswith("-") else None
        rec = parts[1] if len(parts) > 1 and parts[1] and not parts[1].startswith("-") else None
        return cls(code, rec)


#: pattern element kinds
LIT, SYN, SRC, TGT, BOTH, SKIP = "lit", "syn", "src", "tgt", "both", "skip"


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a verb pattern: a literal word, a synset, or an actor slot."""

    kind: str
    word: Word | None = None
    synset: str | None = None
    #: joined to the next element with ``_``: nothing may come between them
    tight: bool = False


@dataclass(frozen=True, slots=True)
class Pattern:
    """``- PRE * POST [code]``: words before the verb, words after it, and the code."""

    before: tuple[Element, ...]
    after: tuple[Element, ...]
    codes: Codes
    line: int = 0
    #: the literal words, for a quick "can this pattern match at all" check
    literals: tuple[Word, ...] = ()

    @property
    def weight(self) -> int:
        """How specific the pattern is: literal words and synsets count, slots do not."""
        return sum(1 for e in (*self.before, *self.after) if e.kind in (LIT, SYN))


@dataclass(slots=True)
class VerbEntry:
    """One verb (single word or phrasal: ``go_by``) with its code and its patterns."""

    words: tuple[str, ...]
    codes: Codes
    forms: tuple[str, ...] = ()
    patterns: list[Pattern] = field(default_factory=list)
    #: which dictionary file it came from, in load order (a later file's code for a verb wins)
    file: int = 0
    #: the verb line itself says ``[---]`` ("FACE [---]"): in a later file, the verb has no code
    #: of its own any more, only its patterns
    null: bool = False


@dataclass(slots=True)
class VerbDictionary:
    #: verb head word (lower case, any listed form) -> entries that start with it
    verbs: dict[str, list[VerbEntry]] = field(default_factory=dict)
    #: synset name (upper case, no ``&``) -> phrases
    synsets: dict[str, list[tuple[Word, ...]]] = field(default_factory=dict)
    #: dictionary files merged into this one
    files: int = 0

    def add(self, entry: VerbEntry) -> None:
        for form in {entry.words[0], *entry.forms}:
            self.verbs.setdefault(form, []).append(entry)


def _pattern_elements(text: str) -> list[Element]:
    """Tokenise a pattern side: words, ``&SYNSETS``, ``$ + % ^``; ``( ) { }`` group markers are
    dropped (we match words in order, so the grouping adds nothing)."""
    text = text.replace("(", " ").replace(")", " ").replace("{", " ").replace("}", " ")
    out: list[Element] = []
    for chunk in text.split():
        pieces = chunk.split("_")
        for i, piece in enumerate(pieces):
            tight = i < len(pieces) - 1 and pieces[i + 1] != ""
            if not piece:
                continue
            if piece == "$":
                out.append(Element(SRC, tight=tight))
            elif piece == "+":
                out.append(Element(TGT, tight=tight))
            elif piece == "%":
                out.append(Element(BOTH, tight=tight))
            elif piece == "^":
                out.append(Element(SKIP, tight=tight))
            elif piece.startswith("&"):
                out.append(Element(SYN, synset=piece[1:].upper().rstrip("_"), tight=tight))
            elif piece == "*":
                out.append(Element("verb"))
            else:
                exact = i < len(pieces) - 1
                out.append(Element(LIT, word=Word(piece.lower(), exact), tight=tight))
    return out


def parse_pattern(body: str, line: int = 0) -> Pattern | None:
    """``SAID * TO ATTEND [082]`` (the leading ``-`` removed) -> Pattern, or None if no ``*``."""
    blocks = _CODE_BLOCK.findall(body)
    if not blocks:
        return None
    codes = Codes.parse(blocks[-1])
    words = _CODE_BLOCK.sub(" ", body)
    elements = _pattern_elements(words)
    idx = [i for i, e in enumerate(elements) if e.kind == "verb"]
    if not idx:
        return None
    k = idx[0]
    before = tuple(e for e in elements[:k] if e.kind != "verb")
    after = tuple(e for e in elements[k + 1:] if e.kind != "verb")
    literals = tuple(e.word for e in (*before, *after) if e.kind == LIT and e.word is not None)
    return Pattern(before, after, codes, line, literals)


def parse_verbs(text: str) -> VerbDictionary:
    """The verb dictionary: synsets (``&NAME`` + ``+phrase`` lines), then blocks
    ``--- NAME [code] ---`` of verb lines (``VERB {FORMS} [code]``, ``+PHRASAL_VERB``) and
    pattern lines (``- PRE * POST [code]``) that apply to every verb of the block."""
    vd = VerbDictionary()
    synset: str | None = None
    block_codes = Codes(None)
    block_verbs: list[VerbEntry] = []
    block_patterns: list[Pattern] = []
    #: pattern -> the block verb its trailing ``# VERB`` comment names (see _pattern_owner)
    owners: dict[int, str] = {}
    names: dict[int, set[str]] = {}

    def flush() -> None:
        # most specific first (stable: file order among equals), so the first match is the best
        ordered = sorted(block_patterns, key=lambda p: -p.weight)
        # only a verb with a code of its own ("WANT [030]" in DEMAND [100]) means something else
        # than its block, and keeps the patterns written for it to itself
        known = set().union(*(names[k] for k, v in enumerate(block_verbs)
                              if k in names and v.codes != block_codes))
        every = set().union(*names.values()) if names else set()
        root = (block_codes.code or "")[:2]
        # a pattern written for a verb that is not in the block at all, with a code of another
        # root than the block's ("* TALKS [026] # URGE" under DEMAND [100]), was written for
        # that other verb's sense and does not fit these
        stray = {id(p) for p in ordered if root and owners.get(id(p)) and p.codes.code
                 and owners[id(p)] not in every and not _inflected(owners[id(p)], every)
                 and p.codes.code[:2] != root}
        # a phrasal verb's particle alone ("- * (WITH) [130] # BREAK": break with; "- * OFF"
        # break off) is that verb's idiom, not its synonyms' ("beat up detainees with the
        # knowledge of officers" is no BREAK WITH)
        particles = {id(p) for p in ordered if owners.get(id(p)) in every and not p.before
                     and len(p.after) == 1 and p.after[0].kind == LIT and p.after[0].word is not None
                     and p.after[0].word.text in PARTICLES}
        for k, v in enumerate(block_verbs):
            own = names.get(k, set())
            v.patterns.extend(p for p in ordered if id(p) not in stray and
                              (owners.get(id(p)) not in known or owners.get(id(p)) in own)
                              and (id(p) not in particles or owners.get(id(p)) in own))
            vd.add(v)
        owners.clear()
        names.clear()

    for n, raw in enumerate(text.splitlines(), 1):
        line = _strip(raw).strip()
        if not line:
            continue
        if line.startswith("---"):
            flush()
            block_verbs, block_patterns, synset = [], [], None
            blocks = _CODE_BLOCK.findall(line)
            block_codes = Codes.parse(blocks[0]) if blocks else Codes(None)
            continue
        if line.startswith("&"):
            flush()
            block_verbs, block_patterns = [], []
            synset = line[1:].split()[0].upper().rstrip("_")
            vd.synsets.setdefault(synset, [])
            continue
        if line.startswith("+") and synset is not None:
            phrase = line[1:].strip()
            if phrase.startswith("&"):
                # nested synset: expanded when matching
                vd.synsets[synset].append((Word("&" + phrase[1:].upper().rstrip("_"), True),))
            else:
                words = phrase_words(phrase)
                if words:
                    vd.synsets[synset].append(words)
            continue
        if line.startswith("-"):
            pat = parse_pattern(line[1:], n)
            if pat is not None:
                block_patterns.append(pat)
                owner = _pattern_owner(raw)
                if owner:
                    owners[id(pat)] = owner
            continue
        synset = None
        # a verb line: VERB [code]? {FORMS}?  or +PHRASAL {+FORMS}
        blocks = _CODE_BLOCK.findall(line)
        codes = Codes.parse(blocks[0]) if blocks else block_codes
        head = _CODE_BLOCK.sub(" ", line)
        forms: list[str] = []
        fm = re.search(r"\{([^}]*)\}", head)
        if fm:
            forms = [f.lstrip("+") for f in fm.group(1).split()]
            head = head[: fm.start()] + head[fm.end():]
        head = head.strip().lstrip("+")
        if not head:
            continue
        words = tuple(w.lower() for w in head.split("_") if w) if "_" in head.strip("_") else (
            head.strip("_").lower(),)
        words = tuple(w for part in words for w in part.split())
        form_heads = tuple(f.split("_")[0].lower() for f in forms if f.strip("_"))
        names[len(block_verbs)] = {"_".join(words).upper(), *(f.strip("_").upper() for f in forms)}
        null = bool(blocks) and codes.code is None and codes.reciprocal is None
        block_verbs.append(VerbEntry(words, codes, form_heads, null=null))
    flush()
    return vd


#: prepositions and adverbs that make phrasal verbs ("break with", "break off", "break away")
#: (not "for", "after", "on", "in": "attacked X for Y" is criticism by any verb of its block, "go
#: after" is its own verb; with these four too, "assailed Obama for stressing" was lost)
PARTICLES = frozenset({
    "with", "off", "away", "out", "up", "down", "over", "back", "through", "around", "along",
    "apart", "aside", "to", "from", "by", "about",
})


_OWNER = re.compile(r"\]\s*#\s*([A-Za-z][A-Za-z_-]*)\s*$")


def _pattern_owner(raw: str) -> str | None:
    """The verb a pattern line was written for, from its trailing comment (``[0241]  # WANT``).
    Phoenix groups synonyms in one block, and a pattern written for one of them need not fit the
    others ("want elections" is an appeal, 0241; "demand elections" is a demand, 1041)."""
    m = _OWNER.search(raw)
    return m.group(1).upper() if m else None


def _inflected(name: str, verbs: set[str]) -> bool:
    """Whether a comment's verb is an inflected form of one of the block's verbs (RULED_OUT of
    RULE_OUT, CALLED_OFF of CALL_OFF)."""
    head, _, rest = name.partition("_")
    for suf in ("IED", "ED", "ES", "S", "ING", "D"):
        if head.endswith(suf):
            stem = head[: -len(suf)]
            for cand in (stem, stem + "E", stem + "Y", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
                if "_".join(x for x in (cand, rest) if x) in verbs:
                    return True
    return False


def read_text(path: str | Path) -> str:
    """A dictionary file as text: UTF-8, or Latin-1 when that fails (older TABARI files). A file
    that cannot be read (or a ``.gz`` that is no gzip, or cut short) is an InputError naming it."""
    import gzip
    import zlib

    try:
        data = Path(path).read_bytes()
        if str(path).endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"dictionary file {path}: cannot be read: {err}") from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
