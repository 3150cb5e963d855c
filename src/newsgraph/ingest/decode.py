"""Bytes -> text: charset detection and the binary-content test.

Order of evidence for HTML: byte-order mark, the transport's declared charset (HTTP header in a
WARC), the page's own ``<meta charset>``, strict UTF-8, then charset-normalizer's guess. A page
that mixes encodings decodes as UTF-8 with the few bad bytes replaced rather than being lost.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13, 27})


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True for bytes that are not text: NUL bytes or many control characters in the head."""
    head = data[:sample]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16/32 text legitimately holds NUL bytes
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > 0.05


_NOT_TEXT_CODECS = {"undefined", "punycode", "idna", "raw_unicode_escape", "unicode_escape", "rot-13"}


def _lookup(name: str | None) -> str | None:
    """A text codec's canonical name, or None for unknown names and non-text codecs."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    if info.name in _NOT_TEXT_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KB."""
    m = _META_CHARSET.search(data[:4096])
    return _lookup(m.group(1).decode("ascii", "ignore")) if m else None


def decode_bytes(data: bytes, declared: str | None = None, html: bool = True) -> str:
    """Decode page bytes to ``str`` without ever raising."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    candidates = [_lookup(declared)]
    if html:
        candidates.append(declared_charset(data))
    for enc in candidates:
        if enc:
            try:
                return data.decode(enc)
            except (UnicodeError, LookupError):
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") / max(1, len(lenient)) < 0.01:  # mostly UTF-8 with a few stray bytes: mixed encoding, keep it
        return lenient
    best = from_bytes(data[:200_000]).best()
    if best is not None and _lookup(best.encoding):
        try:
            return data.decode(best.encoding, errors="replace")
        except (UnicodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace")

