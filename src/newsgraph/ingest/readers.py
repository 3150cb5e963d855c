"""Readers: every input form newsgraph accepts, turned into a stream of ``RawDoc``.

This is the only code that touches input files. The format of a file is chosen by its content
(magic bytes and the first few KB), with the extension as a tie-breaker, so a mis-named file is
still read correctly. A reader never raises on bad data: a file or record it cannot read becomes a
``RawDoc`` with a ``reason`` (see ``newsgraph.record.REJECT_REASONS``), so nothing is lost silently.

Input names: the path as given on the command line, joined with the relative path below it when a
directory was given; ``#N`` (from 1) is appended for the N-th record of a multi-record file (WARC,
JSONL, JSON array, feed); ``-`` is standard input.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..record import RawDoc
from .decode import bom_encoding, decode_bytes, looks_binary

GZIP_MAGIC = b"\x1f\x8b"
_HTML_SNIFF = re.compile(
    r"<(!doctype\s+html|html|head|body|div|p|article|meta|title|span|table|section|br)\b", re.I
)
_FEED_SNIFF = re.compile(r"<(rss|feed|rdf:RDF)\b", re.I)


@dataclass(frozen=True, slots=True)
class ReadSettings:
    """Caps that keep one bad input from exhausting memory."""

    max_bytes: int = 5_000_000  # one page (HTML/text file, JSON record, WARC record)
    max_file_bytes: int = 2_000_000_000  # a whole multi-record file after decompression


def read_inputs(
    paths: Iterable[str], settings: ReadSettings | None = None, stdin: IO[bytes] | None = None
) -> Iterator[RawDoc]:
    """Yield every page found under ``paths`` (files, directories, or ``-`` for stdin)."""
    settings = settings or ReadSettings()
    for given in paths:
        if given == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        path = Path(given)
        if path.is_dir():
            for sub in sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()):
                if any(part.startswith(".") for part in sub.relative_to(path).parts):
                    continue  # hidden files and folders (.git, .DS_Store) are not pages
                yield from read_file(sub, os.path.join(given, str(sub.relative_to(path))), settings)
        else:
            yield from read_file(path, given, settings)


def _read_stdin(stream: IO[bytes], settings: ReadSettings) -> Iterator[RawDoc]:
    # Spool stdin so the same seekable-file readers apply (memory up to 64 MB, then disk).
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
        while chunk := stream.read(1 << 20):
            spool.write(chunk)
        spool.seek(0)
        yield from _read_stream(spool, "-", "", settings)  # type: ignore[arg-type]


def read_file(path: Path, name: str, settings: ReadSettings | None = None) -> Iterator[RawDoc]:
    """Yield the pages of one file; ``name`` is what the records' ``input`` field will say."""
    settings = settings or ReadSettings()
    try:
        handle = open(path, "rb")
    except OSError as err:
        yield RawDoc(input=name, reason="unreadable", detail=f"{type(err).__name__}: {err.strerror}")
        return
    with handle:
        yield from _read_stream(handle, name, path.name.lower(), settings)


def _read_stream(raw: IO[bytes], name: str, filename: str, settings: ReadSettings) -> Iterator[RawDoc]:
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError as err:
        yield RawDoc(input=name, reason="unreadable", detail=str(err))
        return
    compressed = magic == GZIP_MAGIC
    if compressed:
        filename = filename.removesuffix(".gz").removesuffix(".gzip")
    head, head_err = _peek(raw, compressed)
    if head_err and not head:
        yield RawDoc(input=name, reason="truncated", detail=head_err)
        return
    kind = sniff(head, filename)
    if kind == "warc":
        yield from _read_warc(raw, name, settings)
        return
    stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
    if kind == "jsonl":
        yield from _read_jsonl(stream, name, settings)
        return
    data, reason, detail = _read_capped(stream, settings.max_bytes if kind in ("html", "text") else settings.max_file_bytes)
    if reason:
        yield RawDoc(input=name, reason=reason, detail=detail)
        return
    if not data.strip() or not decode_bytes(data[:4096], html=False).strip("\ufeff \t\r\n\x0b\x0c"):
        yield RawDoc(input=name, reason="empty", detail="no content")
    elif kind == "json":
        yield from _read_json_document(data, name, settings)
    elif kind == "feed":
        yield from _read_feed(data, name, settings)
    elif looks_binary(data):
        yield RawDoc(input=name, reason="binary", detail="NUL bytes or control characters")
    elif kind == "html":
        yield RawDoc(input=name, html=decode_bytes(data))
    else:
        yield RawDoc(input=name, text=decode_bytes(data, html=False))


def _peek(raw: IO[bytes], compressed: bool, size: int = 16384) -> tuple[bytes, str | None]:
    """The first ``size`` bytes of content, decompressed; rewinds ``raw``."""
    try:
        if compressed:
            head = bytearray()
            with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                try:
                    while len(head) < size and (chunk := gz.read(min(1024, size - len(head)))):
                        head += chunk
                except (EOFError, OSError, zlib.error) as err:
                    return bytes(head), f"gzip stream: {err}"
            return bytes(head), None
        return raw.read(size), None
    finally:
        raw.seek(0)


def sniff(head: bytes, filename: str = "") -> str:
    """Which reader suits this content: warc, jsonl, json, feed, html or text."""
    if head.startswith(b"WARC/"):
        return "warc"
    text = head.decode(bom_encoding(head) or "utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        if filename.endswith(".json"):
            return "json"
        return "jsonl"
    if text.startswith("["):
        return "json"
    start = text[:2048]
    if _FEED_SNIFF.search(start) and (text.startswith("<?xml") or text.startswith(("<rss", "<feed", "<rdf"))):
        return "feed"
    if _HTML_SNIFF.search(text[:8192]):
        return "html"
    if filename.endswith((".html", ".htm", ".xhtml")) and "<" in text:
        return "html"
    return "text"


def _read_capped(stream: IO[bytes], cap: int) -> tuple[bytes, str | None, str | None]:
    try:
        data = stream.read(cap + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        return b"", "truncated", f"compressed stream ends early: {err}"
    except OSError as err:
        return b"", "unreadable", str(err)
    if len(data) > cap:
        return b"", "too_large", f"more than {cap} bytes"
    return data, None, None


# --- JSON and JSONL -------------------------------------------------------------------------

def _record_to_doc(obj: Any, name: str, settings: ReadSettings) -> RawDoc:
    if not isinstance(obj, dict):
        return RawDoc(input=name, reason="bad_json", detail=f"a JSON {type(obj).__name__}, not an object")
    html, text = obj.get("html"), obj.get("text")
    given_id = obj.get("id")
    doc = RawDoc(
        input=name,
        id=str(given_id) if given_id not in (None, "") else None,
        url=_str_or_none(obj.get("url")),
        title=_str_or_none(obj.get("title")),
        published=_str_or_none(obj.get("published") or obj.get("date")),
        site_name=_str_or_none(obj.get("site_name") or obj.get("source")),
        language=_str_or_none(obj.get("language")),
        authors=_authors(obj.get("authors", obj.get("author"))),
    )
    if isinstance(html, str) and html.strip():
        doc.html = html
    elif isinstance(text, str) and text.strip():
        doc.text = text
    else:
        doc.reason, doc.detail = "bad_record", "no non-empty `html` or `text` string"
        return doc
    size = len((doc.html or doc.text or "").encode("utf-8", "surrogatepass"))
    if size > settings.max_bytes:
        doc.html = doc.text = None
        doc.reason, doc.detail = "too_large", f"{size} bytes > {settings.max_bytes}"
    return doc


def _str_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        names = [v.get("name") if isinstance(v, dict) else v for v in value]
        return [str(n) for n in names if n]
    if isinstance(value, dict) and value.get("name"):
        return [str(value["name"])]
    return []


def _read_jsonl(stream: IO[bytes], name: str, settings: ReadSettings) -> Iterator[RawDoc]:
    n = 0
    try:
        for line in stream:
            if not line.strip():
                continue
            n += 1
            rec_name = f"{name}#{n}"
            if len(line) > settings.max_bytes * 2:
                yield RawDoc(input=rec_name, reason="too_large", detail=f"a {len(line)}-byte line")
                continue
            try:
                obj = json.loads(line.decode("utf-8", errors="replace").lstrip("\ufeff"))
            except (ValueError, RecursionError) as err:
                yield RawDoc(input=rec_name, reason="bad_json", detail=str(err)[:200])
                continue
            yield _record_to_doc(obj, rec_name, settings)
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        yield RawDoc(input=f"{name}#{n + 1}", reason="truncated", detail=f"compressed stream ends early: {err}")


def _read_json_document(data: bytes, name: str, settings: ReadSettings) -> Iterator[RawDoc]:
    text = decode_bytes(data, html=False)
    try:
        obj = json.loads(text.lstrip("\ufeff"))
    except RecursionError:
        yield RawDoc(input=name, reason="bad_json", detail="JSON nested too deeply")
        return
    except ValueError:
        # A ".json" file that is really JSON Lines.
        if text.lstrip().startswith("{"):
            yield from _read_jsonl(io.BytesIO(data), name, settings)
        else:
            yield RawDoc(input=name, reason="bad_json", detail="not valid JSON")
        return
    if isinstance(obj, list):
        if not obj:
            yield RawDoc(input=name, reason="empty", detail="an empty JSON array")
        for i, item in enumerate(obj, 1):
            yield _record_to_doc(item, f"{name}#{i}", settings)
    else:
        yield _record_to_doc(obj, name, settings)


# --- RSS / Atom --------------------------------------------------------------------------------

def _read_feed(data: bytes, name: str, settings: ReadSettings) -> Iterator[RawDoc]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = str(parsed.get("bozo_exception") or "no entries")
        yield RawDoc(input=name, reason="bad_feed" if parsed.get("bozo") else "empty", detail=why[:200])
        return
    site = parsed.get("feed", {}).get("title")
    for i, entry in enumerate(entries, 1):
        content = entry.get("content") or []
        body = max((c.get("value", "") for c in content), key=len, default="") or entry.get("summary", "")
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        doc = RawDoc(
            input=f"{name}#{i}",
            id=entry.get("id") or None,
            url=entry.get("link") or None,
            title=entry.get("title") or None,
            published=time.strftime("%Y-%m-%dT%H:%M:%SZ", published) if published else None,
            site_name=site or None,
            authors=_feed_authors(entry),
            fragment=True,
        )
        if not body.strip():
            doc.reason, doc.detail = "no_content", "the feed entry has no content or summary"
        elif len(body.encode("utf-8")) > settings.max_bytes:
            doc.reason, doc.detail = "too_large", "feed entry content over extract.max_bytes"
        else:
            doc.html = body if "<" in body else f"<html><body><p>{_escape(body)}</p></body></html>"
        # A feed entry's GUID is often its URL; keep it only as an id when the feed gives one.
        yield doc


_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")


def _feed_authors(entry: Any) -> list[str]:
    """Entry authors; "desk@site (Lee Park)" gives "Lee Park" (feedparser mis-splits long TLDs)."""
    raw = entry.get("author")
    if isinstance(raw, str):
        m = _EMAIL_NAME.match(raw.strip())
        if m:
            return [m.group(1).strip()]
    return [a.get("name") for a in entry.get("authors", []) if isinstance(a, dict) and a.get("name")]


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


# --- WARC --------------------------------------------------------------------------------------

_HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")


def _read_warc(raw: IO[bytes], name: str, settings: ReadSettings) -> Iterator[RawDoc]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        archive = ArchiveIterator(raw, arc2warc=True)
        for record in archive:
            if record.rec_type not in ("response", "resource"):
                continue
            if record.rec_type == "response" and record.http_headers is None:
                continue  # a non-HTTP response (dns:, whois:) holds no page
            n += 1
            rec_name = f"{name}#{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            ctype = ""
            if record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type") or ""
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            mime = ctype.split(";")[0].strip().lower()
            if mime not in _HTML_TYPES:
                record.content_stream().read()  # drain so the iterator can move on
                yield RawDoc(input=rec_name, url=url, reason="unsupported_type", detail=f"content type {mime}")
                continue
            body = record.content_stream().read(settings.max_bytes + 1)
            if getattr(record.raw_stream, "limit", 0) > 0 and len(body) <= settings.max_bytes:
                # warcio returns a short body silently when the archive is cut inside a record
                yield RawDoc(input=rec_name, url=url, reason="truncated", detail="the WARC ends inside this record")
                return
            if len(body) > settings.max_bytes:
                yield RawDoc(input=rec_name, url=url, reason="too_large", detail=f"more than {settings.max_bytes} bytes")
                continue
            if not body.strip():
                yield RawDoc(input=rec_name, url=url, reason="empty", detail="an empty WARC record")
                continue
            if looks_binary(body):
                yield RawDoc(input=rec_name, url=url, reason="binary", detail="NUL bytes or control characters")
                continue
            charset = None
            m = re.search(r"charset=([\w:.\-]+)", ctype, re.I)
            if m:
                charset = m.group(1)
            if mime == "text/plain":
                yield RawDoc(input=rec_name, url=url, text=decode_bytes(body, charset, html=False))
            else:
                yield RawDoc(input=rec_name, url=url, html=decode_bytes(body, charset))
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, AttributeError) as err:
        # AttributeError: warcio trips over a response without WARC-Target-URI or a cut header
        reason = "truncated" if n > 0 or isinstance(err, (EOFError, zlib.error)) else "bad_warc"
        yield RawDoc(input=f"{name}#{n + 1}", reason=reason, detail=f"{type(err).__name__}: {err}"[:200])
        return
    if _has_trailing_bytes(raw, archive.offset):
        # warcio stops quietly when a gzip member is cut short: bytes left over mean a cut
        yield RawDoc(input=f"{name}#{n + 1}", reason="truncated", detail="the WARC ends inside a record")
    elif n == 0:
        yield RawDoc(input=name, reason="empty", detail="the WARC holds no response or resource record")


def _has_trailing_bytes(raw: IO[bytes], offset: int) -> bool:
    try:
        raw.seek(offset)
        rest = raw.read(1 << 16)
    except (OSError, ValueError):
        return False
    return bool(rest.strip(b"\r\n\t \x00"))
