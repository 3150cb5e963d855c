#!/usr/bin/env python3
"""Build ``examples/corpus/crawl.warc.gz`` from the HTML pages in ``examples/sources/warc/``.

The archive imitates a CC-NEWS WARC file: a ``warcinfo`` record, then for every page a ``request``
record and the matching ``response`` record (HTTP headers + page), each record gzip-compressed on
its own. Every value that would normally vary (WARC-Date, WARC-Record-ID, HTTP Date) is derived from
the page and its position, so running the script twice gives byte-identical output.

The source pages are stored as UTF-8 so they are easy to edit; a page listed in ``CHARSETS`` is
re-encoded on the way into the archive and its charset is declared only in the HTTP Content-Type
header, which is what the readers must honour.

    python scripts/make_example_warc.py           # (re)write the archive
    python scripts/make_example_warc.py --check   # exit 1 if the archive is not up to date
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "examples" / "sources" / "warc"
TARGET = REPO / "examples" / "corpus" / "crawl.warc.gz"
WARC_FILENAME = "CC-NEWS-20261028031407-00001.warc.gz"  # the name a CC-NEWS crawler would use

#: the crawl's fixed start; record k is fetched START + k * STEP
START = datetime(2026, 10, 28, 3, 14, 7, tzinfo=timezone.utc)
STEP = timedelta(seconds=41)

#: pages served in a legacy charset (declared in the HTTP header only); the rest are UTF-8
CHARSETS = {
    "05-continental-ledger-brazil-argentina-pact.html": "iso-8859-1",
}

SERVERS = ["nginx", "Apache", "cloudflare", "nginx", "Varnish"]
USER_AGENT = "CCBot/2.0 (https://commoncrawl.org/faq/)"
_CANONICAL = re.compile(r"""<link\s+rel=["']canonical["']\s+href=["']([^"']+)["']""", re.I)


def record_id(kind: str, url: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'newsgraph-example/{kind}/{url}')}>"


def warc_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def pages() -> list[tuple[str, str, bytes, str]]:
    """(file name, url, body bytes, charset) for every source page, in file-name order."""
    found = []
    for path in sorted(SOURCES.glob("*.html")):
        text = path.read_text("utf-8")
        m = _CANONICAL.search(text)
        if not m:
            raise SystemExit(f"{path}: no <link rel=canonical> to take the URL from")
        charset = CHARSETS.get(path.name, "utf-8")
        body = text.encode(charset, errors="xmlcharrefreplace")  # e.g. an em dash becomes &#8212;
        found.append((path.name, m.group(1), body, charset))
    if not found:
        raise SystemExit(f"no *.html pages in {SOURCES}")
    return found


def build() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.0")

    info_fields = (
        "software: newsgraph make_example_warc.py (modelled on StormCrawler output)\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n"
        "isPartOf: CC-NEWS (imitation)\r\n"
        "description: Invented news pages for the newsgraph example corpus (Apache-2.0)\r\n"
        "robots: checked via crawler-commons\r\n"
        "operator: newsgraph developers\r\n"
    ).encode("utf-8")
    info_id = record_id("warcinfo", WARC_FILENAME)
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info_fields),
            length=len(info_fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Date": warc_date(START),
                "WARC-Record-ID": info_id,
                "WARC-Filename": WARC_FILENAME,
            },
        )
    )

    for k, (name, url, body, charset) in enumerate(pages()):
        when = START + STEP * (k + 1)
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        ip = f"192.0.2.{10 + k}"  # TEST-NET-1: documentation addresses
        req_id, resp_id = record_id("request", url), record_id("response", url)

        request_headers = StatusAndHeaders(
            f"GET {path} HTTP/1.1",
            [
                ("Host", host),
                ("User-Agent", USER_AGENT),
                ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                ("Accept-Language", "en-US,en;q=0.5"),
                ("Accept-Encoding", "identity"),
                ("Connection", "close"),
            ],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=request_headers,
                warc_headers_dict={
                    "WARC-Date": warc_date(when),
                    "WARC-Record-ID": req_id,
                    "WARC-Warcinfo-ID": info_id,
                    "WARC-IP-Address": ip,
                    "WARC-Concurrent-To": resp_id,
                },
            )
        )

        response_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Date", format_datetime(when, usegmt=True)),
                ("Server", SERVERS[k % len(SERVERS)]),
                ("Content-Type", f"text/html; charset={charset}"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "max-age=300, public"),
                ("Vary", "Accept-Encoding"),
                ("Connection", "close"),
            ],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=response_headers,
                warc_headers_dict={
                    "WARC-Date": warc_date(when),
                    "WARC-Record-ID": resp_id,
                    "WARC-Warcinfo-ID": info_id,
                    "WARC-IP-Address": ip,
                    "WARC-Identified-Payload-Type": "text/html",
                },
            )
        )
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the existing archive")
    parser.add_argument("--output", type=Path, default=TARGET, help=f"where to write (default {TARGET})")
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is out of date: run scripts/make_example_warc.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({len(data)} bytes)")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes, {len(pages())} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
