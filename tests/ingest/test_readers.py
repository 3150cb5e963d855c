"""Behaviour of the input readers (``newsgraph.ingest.readers``) and the byte decoder.

Every input is built in ``tmp_path``; nothing here needs ``../shared``.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest.decode import decode_bytes, looks_binary
from newsgraph.ingest.readers import ReadSettings, read_inputs, sniff
from newsgraph.record import REJECT_REASONS, RawDoc

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "examples" / "corpus"
EXPECTED = REPO / "examples" / "expected"

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
)


# --- helpers -------------------------------------------------------------------------------------

def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def read(*paths: str, **kwargs) -> list[RawDoc]:
    return list(read_inputs(list(paths), **kwargs))


def assert_well_formed(doc: RawDoc) -> None:
    """A RawDoc is either one readable page (exactly one of html/text) or a known rejection."""
    if doc.reason is None:
        assert (doc.html is None) != (doc.text is None), doc
        assert (doc.html or doc.text).strip(), doc
    else:
        assert doc.reason in REJECT_REASONS, doc
        assert doc.html is None and doc.text is None, doc


def jsonl(*records: dict | str) -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def warc_bytes(pages: list[tuple[str, bytes, str]], gz: bool = True, with_requests: bool = True) -> bytes:
    """A CC-NEWS-like WARC: warcinfo, then (request, response) per page; (url, body, content-type)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    info = b"software: newsgraph-tests\r\nformat: WARC File Format 1.0\r\nisPartOf: CC-NEWS\r\n"
    writer.write_record(
        writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields",
        )
    )
    for url, body, ctype in pages:
        if with_requests:
            req = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", url.split("/")[2]), ("User-Agent", "test")],
                is_http_request=True,
            )
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0, http_headers=req)
            )
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers)
        )
    return out.getvalue()


def long_page(i: int, words: int = 400) -> bytes:
    rnd = random.Random(i)
    vocab = ["minister", "talks", "border", "agreement", "energy", "summit", "sanctions", "ceasefire"]
    body = " ".join(rnd.choice(vocab) for _ in range(words))
    return PAGE.format(title=f"Story {i}", body=body).encode("utf-8")


# --- plain files and directories ---------------------------------------------------------------

def test_directory_is_read_recursively_with_relative_input_names(tmp_path):
    given_dir = tmp_path / "given"
    write(given_dir, "a.txt", "First page text.")
    write(given_dir, "sub/b.html", PAGE.format(title="B", body="Second page."))
    write(given_dir, "sub/deeper/c.txt", "Third page text.")
    write(given_dir, ".hidden/skip.txt", "not a page")
    write(given_dir, ".DS_Store", b"\x00\x00\x00\x01Bud1")

    docs = read(str(given_dir))

    assert [d.input for d in docs] == [
        os.path.join(str(given_dir), "a.txt"),
        os.path.join(str(given_dir), "sub", "b.html"),
        os.path.join(str(given_dir), "sub", "deeper", "c.txt"),
    ]
    assert all(d.reason is None for d in docs)


def test_relative_directory_argument_keeps_the_name_as_given(tmp_path, monkeypatch):
    write(tmp_path, "given/sub/file.txt", "Some text in a nested file.")
    monkeypatch.chdir(tmp_path)
    (doc,) = read("given")
    assert doc.input == os.path.join("given", "sub", "file.txt")
    assert doc.text == "Some text in a nested file."


def test_txt_file_is_read_as_text(tmp_path):
    path = write(tmp_path, "page.txt", "Leaders Pledge Deeper Ties\nThe two presidents met on Tuesday.\n")
    (doc,) = read(path)
    assert doc.input == path
    assert doc.html is None
    assert doc.text.startswith("Leaders Pledge Deeper Ties\n")
    assert doc.reason is None


def test_html_file_is_read_as_html(tmp_path):
    page = PAGE.format(title="Summit", body="The two presidents met.")
    (doc,) = read(write(tmp_path, "page.html", page))
    assert doc.html == page
    assert doc.text is None


def test_windows_1252_html_with_meta_charset_decodes_accents(tmp_path):
    page = (
        '<html><head><meta charset="windows-1252"><title>Zürich talks</title></head><body>'
        "<p>Hélène Dubois and José Muñoz met Søren Ærø in Málaga \u2013 \u201cfinal\u201d offer, 5 \u20ac.</p>"
        "</body></html>"
    )
    (doc,) = read(write(tmp_path, "cp1252.html", page.encode("cp1252")))
    assert doc.reason is None
    assert "Hélène Dubois and José Muñoz met Søren Ærø in Málaga" in doc.html
    assert "\u2013 \u201cfinal\u201d offer, 5 \u20ac" in doc.html  # bytes 0x80-0x9f are cp1252, not latin-1
    assert "\ufffd" not in doc.html


def test_iso_8859_1_html_with_http_equiv_meta_decodes_accents(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "</head><body><p>São Paulo and Asunción agree.</p></body></html>"
    )
    (doc,) = read(write(tmp_path, "latin1.htm", page.encode("latin-1")))
    assert "São Paulo and Asunción agree." in doc.html


def test_misnamed_html_in_txt_file_is_sniffed_as_html(tmp_path):
    page = PAGE.format(title="Mis-named", body="HTML content in a .txt file.")
    (doc,) = read(write(tmp_path, "really-html.txt", page))
    assert doc.html == page
    assert doc.text is None


def test_html_file_without_extension_is_sniffed_as_html(tmp_path):
    (doc,) = read(write(tmp_path, "index", "\n\n  <div class='x'><p>Fragment</p></div>"))
    assert doc.html is not None


def test_json_looking_text_in_html_file_is_read_as_records(tmp_path):
    """Content beats the extension: JSONL in a .html file is read as JSONL."""
    docs = read(write(tmp_path, "wrong.html", jsonl({"text": "one"}, {"text": "two"})))
    assert [d.text for d in docs] == ["one", "two"]


def test_missing_file_is_unreadable(tmp_path):
    (doc,) = read(str(tmp_path / "does-not-exist.html"))
    assert doc.reason == "unreadable"
    assert doc.input == str(tmp_path / "does-not-exist.html")


# --- compression ---------------------------------------------------------------------------------

def test_gzipped_html_is_decompressed_and_sniffed(tmp_path):
    page = PAGE.format(title="Compressed", body="A gzipped page.")
    (doc,) = read(write(tmp_path, "page.html.gz", gzip.compress(page.encode("utf-8"))))
    assert doc.html == page


def test_gzipped_jsonl_records_are_read(tmp_path):
    data = gzip.compress(jsonl({"id": "r1", "text": "one"}, {"id": "r2", "html": "<p>two</p>"}))
    path = write(tmp_path, "wire.jsonl.gz", data)
    docs = read(path)
    assert [(d.input, d.id) for d in docs] == [(f"{path}#1", "r1"), (f"{path}#2", "r2")]
    assert docs[0].text == "one" and docs[1].html == "<p>two</p>"


def test_gzip_with_unhelpful_name_is_still_sniffed(tmp_path):
    page = PAGE.format(title="Blob", body="Named .bin but gzipped HTML.")
    (doc,) = read(write(tmp_path, "blob.bin", gzip.compress(page.encode())))
    assert doc.html == page


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_gzip_yields_one_truncated_item(tmp_path, keep):
    data = gzip.compress(long_page(1, words=3000))
    path = write(tmp_path, "cut.html.gz", data[: int(len(data) * keep)])
    (doc,) = read(path)
    assert doc.reason == "truncated"
    assert doc.input == path


def test_truncated_large_gzip_beyond_the_sniffed_head_is_truncated(tmp_path):
    rnd = random.Random(7)
    text = " ".join(f"w{rnd.randint(0, 10**6)}" for _ in range(40_000))  # well over the 16 KB head
    data = gzip.compress(PAGE.format(title="Big", body=text).encode())
    (doc,) = read(write(tmp_path, "big.html.gz", data[: int(len(data) * 0.8)]))
    assert doc.reason == "truncated"


def test_truncated_gzipped_jsonl_keeps_whole_records_then_truncated(tmp_path):
    rnd = random.Random(3)
    records = [{"id": f"r{i}", "text": " ".join(str(rnd.random()) for _ in range(300))} for i in range(40)]
    data = gzip.compress(jsonl(*records))
    path = write(tmp_path, "cut.jsonl.gz", data[: int(len(data) * 0.7)])
    docs = read(path)
    assert docs[-1].reason == "truncated"
    assert docs[-1].input == f"{path}#{len(docs)}"
    good = [d for d in docs if d.reason is None]
    assert len(good) >= 10
    assert [d.id for d in good] == [f"r{i}" for i in range(len(good))]


# --- WARC ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix,gz", [(".warc", False), (".warc.gz", True)])
def test_warc_response_records_are_numbered_with_urls(tmp_path, suffix, gz):
    pages = [
        ("https://news.example/world/one", PAGE.format(title="One", body="First.").encode(), "text/html; charset=utf-8"),
        ("https://news.example/world/two", PAGE.format(title="Two", body="Second.").encode(), "text/html"),
    ]
    path = write(tmp_path, "crawl" + suffix, warc_bytes(pages, gz=gz))
    docs = read(path)
    assert [(d.input, d.url) for d in docs] == [
        (f"{path}#1", "https://news.example/world/one"),
        (f"{path}#2", "https://news.example/world/two"),
    ]
    assert "<h1>One</h1>" in docs[0].html and "<h1>Two</h1>" in docs[1].html


def test_warc_http_charset_is_honoured(tmp_path):
    body = "<html><body><p>Brasília and Asunción sign in São Paulo; Çanakkale, Ñuñoa.</p></body></html>"
    pages = [("https://ledger.example/a", body.encode("iso-8859-1"), "text/html; charset=ISO-8859-1")]
    (doc,) = read(write(tmp_path, "latin1.warc.gz", warc_bytes(pages)))
    assert "Brasília and Asunción sign in São Paulo; Çanakkale, Ñuñoa." in doc.html


def test_warc_http_charset_beats_a_guess_for_cyrillic(tmp_path):
    body = "<html><body><p>Москва и Пекин подписали соглашение.</p></body></html>"
    pages = [("https://ru.example/a", body.encode("koi8-r"), "text/html; charset=koi8-r")]
    (doc,) = read(write(tmp_path, "koi8.warc", warc_bytes(pages, gz=False)))
    assert "Москва и Пекин подписали соглашение." in doc.html


def test_warc_text_plain_response_is_text(tmp_path):
    pages = [("https://news.example/a.txt", b"Plain text story.", "text/plain; charset=utf-8")]
    (doc,) = read(write(tmp_path, "plain.warc.gz", warc_bytes(pages)))
    assert doc.text == "Plain text story." and doc.html is None


def test_warc_non_page_response_is_unsupported_type_and_keeps_numbering(tmp_path):
    pages = [
        ("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"),
        ("https://news.example/story", PAGE.format(title="S", body="Story.").encode(), "text/html"),
    ]
    path = write(tmp_path, "mixed.warc.gz", warc_bytes(pages))
    docs = read(path)
    assert [(d.input, d.reason) for d in docs] == [(f"{path}#1", "unsupported_type"), (f"{path}#2", None)]
    assert docs[0].url == "https://news.example/logo.png"


def test_warc_empty_response_body_is_empty(tmp_path):
    pages = [("https://news.example/empty", b"", "text/html")]
    (doc,) = read(write(tmp_path, "empty.warc.gz", warc_bytes(pages)))
    assert doc.reason == "empty"


def test_warc_record_over_max_bytes_is_too_large(tmp_path):
    pages = [
        ("https://news.example/big", long_page(1, words=2000), "text/html"),
        ("https://news.example/small", PAGE.format(title="S", body="ok").encode(), "text/html"),
    ]
    docs = read(write(tmp_path, "big.warc.gz", warc_bytes(pages)), settings=ReadSettings(max_bytes=5000))
    assert [d.reason for d in docs] == ["too_large", None]


def test_garbage_after_warc_magic_is_bad_warc(tmp_path):
    (doc,) = read(write(tmp_path, "bad.warc", b"WARC/\nthis is not a record header at all\n"))
    assert doc.reason == "bad_warc"


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_large_warc_yields_whole_records_then_one_truncated_item(tmp_path, gz):
    pages = [(f"https://news.example/{i}", long_page(i, words=2500), "text/html") for i in range(6)]
    data = warc_bytes(pages, gz=gz)
    path = write(tmp_path, "cut.warc" + (".gz" if gz else ""), data[: int(len(data) * 0.7)])
    docs = read(path)
    whole = [long_page(i, words=2500).decode() for i in range(6)]
    ok = [d for d in docs if d.reason is None]
    # every page the reader hands on as readable must be complete ...
    assert all(d.html == whole[int(d.url.rsplit("/", 1)[1])] for d in ok), "a cut record was yielded as a page"
    # ... and the cut is reported once, at the end
    assert docs[-1].reason == "truncated" and docs[-1].input == f"{path}#{len(docs)}"
    assert len(ok) == len(docs) - 1 >= 3


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_small_warc_yields_records_before_the_cut_then_truncated(tmp_path, gz):
    pages = [(f"https://news.example/{i}", long_page(i, words=300), "text/html") for i in range(3)]
    full = warc_bytes(pages, gz=gz)
    last_record_start = len(warc_bytes(pages[:2], gz=gz))
    path = write(tmp_path, "small.warc" + (".gz" if gz else ""), full[: last_record_start + (len(full) - last_record_start) // 2])
    docs = read(path)
    assert [(d.url, d.reason) for d in docs[:2]] == [("https://news.example/0", None), ("https://news.example/1", None)]
    assert [d.reason for d in docs[2:]] == ["truncated"]


@pytest.mark.parametrize("data", [None, b"WARC/1.0", b"WARC/1.0\r\n\r\n"], ids=["warcinfo-only", "magic-only", "blank-header"])
def test_warc_without_page_records_still_yields_an_item(tmp_path, data):
    """A WARC holding only a warcinfo record must not vanish from the counts (read = ok + rejected)."""
    docs = read(write(tmp_path, "info-only.warc.gz", warc_bytes([]) if data is None else data))
    assert len(docs) == 1 and docs[0].reason in REJECT_REASONS


# --- JSON, JSONL ---------------------------------------------------------------------------------

def test_jsonl_broken_line_is_rejected_and_rest_read(tmp_path):
    data = jsonl(
        {"id": "gws-1", "url": "https://wire.example/1", "title": "One", "date": "2026-09-02",
         "source": "Global Wire Service", "text": "First story.\n\nSecond paragraph."},
        '{"id": "gws-2", "text": "cut off here',
        "",
        {"id": 3, "url": "https://wire.example/3", "title": "Three", "published": "2026-09-03T10:00:00Z",
         "site_name": "Wire", "html": "<p>Third</p>", "authors": ["A. Writer", "B. Writer"], "language": "en"},
    )
    path = write(tmp_path, "wire.jsonl", data)
    docs = read(path)
    assert [(d.input, d.reason) for d in docs] == [(f"{path}#1", None), (f"{path}#2", "bad_json"), (f"{path}#3", None)]
    first, _, third = docs
    assert (first.id, first.url, first.title, first.published, first.site_name) == (
        "gws-1", "https://wire.example/1", "One", "2026-09-02", "Global Wire Service")
    assert first.text == "First story.\n\nSecond paragraph." and first.html is None
    assert (third.id, third.published, third.site_name, third.authors, third.language) == (
        "3", "2026-09-03T10:00:00Z", "Wire", ["A. Writer", "B. Writer"], "en")
    assert third.html == "<p>Third</p>"


def test_jsonl_record_keeps_single_author_string(tmp_path):
    (doc,) = read(write(tmp_path, "a.jsonl", jsonl({"text": "x", "author": "Jane Doe"})))
    assert doc.authors == ["Jane Doe"]


def test_json_record_without_html_or_text_is_bad_record(tmp_path):
    path = write(tmp_path, "recs.jsonl", jsonl({"id": "a", "title": "No body"}, {"id": "b", "text": "   "}, {"id": "c", "text": "ok"}))
    docs = read(path)
    assert [d.reason for d in docs] == ["bad_record", "bad_record", None]
    assert docs[0].id == "a" and docs[0].title == "No body"


def test_jsonl_line_that_is_not_an_object_is_bad_json(tmp_path):
    docs = read(write(tmp_path, "mixed.jsonl", b'{"text": "ok"}\n[1, 2]\n"string"\n'))
    assert [d.reason for d in docs] == [None, "bad_json", "bad_json"]


def test_json_array_file_yields_one_item_per_element(tmp_path):
    data = json.dumps([{"id": "a", "text": "one"}, {"id": "b", "html": "<p>two</p>"}, 42])
    path = write(tmp_path, "array.json", data)
    docs = read(path)
    assert [(d.input, d.id, d.reason) for d in docs] == [
        (f"{path}#1", "a", None), (f"{path}#2", "b", None), (f"{path}#3", None, "bad_json")]


def test_empty_json_array_is_empty(tmp_path):
    (doc,) = read(write(tmp_path, "none.json", "[]"))
    assert doc.reason == "empty"


def test_single_json_object_file_is_one_item(tmp_path):
    path = write(tmp_path, "one.json", json.dumps({"id": "x", "text": "solo"}, indent=2))
    (doc,) = read(path)
    assert (doc.input, doc.id, doc.text) == (path, "x", "solo")


def test_json_file_that_is_really_jsonl_is_read_as_lines(tmp_path):
    path = write(tmp_path, "lines.json", jsonl({"text": "one"}, {"text": "two"}))
    assert [d.input for d in read(path)] == [f"{path}#1", f"{path}#2"]


def test_invalid_json_array_file_is_bad_json(tmp_path):
    (doc,) = read(write(tmp_path, "broken.json", '[{"text": "one"},'))
    assert doc.reason == "bad_json"


def test_jsonl_record_over_max_bytes_is_too_large(tmp_path):
    docs = read(write(tmp_path, "big.jsonl", jsonl({"text": "x" * 600}, {"text": "small"})), settings=ReadSettings(max_bytes=500))
    assert [d.reason for d in docs] == ["too_large", None]


# --- feeds ---------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Atlas Dispatch</title><link>https://atlas.example/</link><description>World news</description>
  <item>
    <title>Border talks stall</title><link>https://atlas.example/world/border-talks</link>
    <guid isPermaLink="false">atlas-101</guid>
    <pubDate>Tue, 08 Sep 2026 09:30:00 +0200</pubDate>
    <dc:creator>Ana Ruiz</dc:creator>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>The talks stalled on <b>Tuesday</b>.</p><p>More text.</p>]]></content:encoded>
  </item>
  <item>
    <title>Summary only</title><link>https://atlas.example/world/summary</link>
    <pubDate>Wed, 09 Sep 2026 10:00:00 GMT</pubDate>
    <author>lee.park@example.com (Lee Park)</author>
    <description>Plain summary &amp; nothing else</description>
  </item>
  <item><title>No body at all</title><link>https://atlas.example/world/nothing</link></item>
</channel>
</rss>
"""


def test_rss_feed_yields_one_item_per_entry(tmp_path):
    path = write(tmp_path, "feed.xml", RSS)
    docs = read(path)
    assert [d.input for d in docs] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    first, second, third = docs
    assert first.title == "Border talks stall"
    assert first.url == "https://atlas.example/world/border-talks"
    assert first.id == "atlas-101"
    assert first.published == "2026-09-08T07:30:00Z"
    assert first.authors == ["Ana Ruiz"]
    assert first.site_name == "Atlas Dispatch"
    assert "<b>Tuesday</b>" in first.html  # content:encoded wins over the description
    assert second.authors == ["Lee Park"]
    assert second.published == "2026-09-09T10:00:00Z"
    assert "Plain summary &amp; nothing else" in second.html
    assert third.reason == "no_content" and third.title == "No body at all"


def test_rss_feed_sniffed_without_xml_extension(tmp_path):
    assert len(read(write(tmp_path, "feed", RSS))) == 3


def test_atom_feed_yields_entries(tmp_path):
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Meridian Daily</title><id>urn:meridian</id><updated>2026-10-01T00:00:00Z</updated>
  <entry>
    <title>Atom entry</title><id>urn:meridian:1</id><link href="https://meridian.example/a"/>
    <published>2026-10-01T08:15:00+01:00</published><updated>2026-10-01T09:00:00Z</updated>
    <author><name>Kofi Mensah</name></author>
    <content type="html">&lt;p&gt;Atom body text.&lt;/p&gt;</content>
  </entry>
</feed>
"""
    (doc,) = read(write(tmp_path, "atom.xml", atom))
    assert (doc.title, doc.url, doc.published, doc.authors) == (
        "Atom entry", "https://meridian.example/a", "2026-10-01T07:15:00Z", ["Kofi Mensah"])
    assert doc.html == "<p>Atom body text.</p>"


def test_feed_without_entries_is_rejected(tmp_path):
    xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>'
    (doc,) = read(write(tmp_path, "empty-feed.xml", xml))
    assert doc.reason in ("empty", "bad_feed")


# --- rejections ----------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "], ids=["zero-bytes", "whitespace"])
def test_empty_file_is_rejected_as_empty(tmp_path, content):
    path = write(tmp_path, "empty.html", content)
    (doc,) = read(path)
    assert (doc.input, doc.reason) == (path, "empty")


def test_binary_file_is_rejected_as_binary(tmp_path):
    rnd = random.Random(42)
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rnd.randrange(256) for _ in range(4000))
    (doc,) = read(write(tmp_path, "image.txt", data))
    assert doc.reason == "binary"


@pytest.mark.parametrize("name", ["big.html", "big.txt", "big.html.gz"])
def test_file_over_max_bytes_is_too_large(tmp_path, name):
    data = long_page(5, words=500)
    assert len(data) > 1000
    if name.endswith(".gz"):
        data = gzip.compress(data)
    path = write(tmp_path, name, data)
    (doc,) = read(path, settings=ReadSettings(max_bytes=1000))
    assert (doc.input, doc.reason) == (path, "too_large")
    (ok,) = read(path, settings=ReadSettings(max_bytes=len(long_page(5, words=500))))
    assert ok.reason is None


# --- stdin ---------------------------------------------------------------------------------------

def test_stdin_jsonl_records_are_named_dash_n(tmp_path):
    docs = read("-", stdin=io.BytesIO(jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"})))
    assert [(d.input, d.id, d.text) for d in docs] == [("-#1", "a", "one"), ("-#2", "b", "two")]


def test_stdin_html_is_one_page_named_dash(tmp_path):
    page = PAGE.format(title="Piped", body="From standard input.")
    (doc,) = read("-", stdin=io.BytesIO(page.encode()))
    assert (doc.input, doc.html) == ("-", page)


def test_stdin_gzip_warc_is_read(tmp_path):
    pages = [("https://news.example/p", PAGE.format(title="P", body="piped").encode(), "text/html")]
    (doc,) = read("-", stdin=io.BytesIO(warc_bytes(pages)))
    assert (doc.input, doc.url) == ("-#1", "https://news.example/p")


def test_stdin_can_be_mixed_with_files(tmp_path):
    path = write(tmp_path, "a.txt", "file text")
    docs = read(path, "-", stdin=io.BytesIO(b"stdin text"))
    assert [(d.input, d.text) for d in docs] == [(path, "file text"), ("-", "stdin text")]


# --- encodings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_with_bom_decodes(tmp_path, encoding):
    text = "Kraków, Łódź and Zürich: ministers meet.\nSecond line.\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    (doc,) = read(write(tmp_path, "u.txt", bom + text.encode(encoding)))
    assert doc.reason is None
    assert doc.text == text


def test_utf16_html_file_with_bom_decodes(tmp_path):
    page = "<html><body><p>Ελλάδα and Türkiye talk.</p></body></html>"
    (doc,) = read(write(tmp_path, "u16.html", page.encode("utf-16")))
    assert doc.html == page


def test_utf8_bom_html_is_stripped_of_bom(tmp_path):
    (doc,) = read(write(tmp_path, "bom.html", codecs.BOM_UTF8 + "<p>Café</p>".encode()))
    assert doc.html == "<p>Café</p>"


def test_mostly_utf8_page_with_a_stray_byte_keeps_utf8(tmp_path):
    page = ("<html><body><p>" + "Düsseldorf und Köln. " * 50 + "</p>").encode() + b"\xa0stray</body></html>"
    (doc,) = read(write(tmp_path, "mixed.html", page))
    assert "Düsseldorf und Köln." in doc.html


# --- bugs found while writing these tests (fix the reader, then drop the mark) ----------------

@pytest.mark.parametrize("charset", ["undefined", "punycode"])
def test_meta_charset_naming_an_odd_codec_does_not_crash(tmp_path, charset):
    page = f'<html><head><meta charset="{charset}"></head><body><p>Text-9 here.</p></body></html>'
    (doc,) = read(write(tmp_path, "odd.html", page))
    assert "Text-9 here." in doc.html


def test_decode_bytes_with_declared_undefined_charset_does_not_raise():
    assert decode_bytes(b"plain words", "undefined", html=False) == "plain words"


@pytest.mark.parametrize("name,data", [
    ("deep.jsonl", b'{"text": "ok"}\n{"x": ' + b"[" * 100_000 + b"\n"),
    ("deep.json", b"[" * 100_000),
])
def test_deeply_nested_json_is_bad_json_not_a_crash(tmp_path, name, data):
    docs = read(write(tmp_path, name, data))
    assert docs[-1].reason == "bad_json"


def test_jsonl_with_utf8_bom_keeps_first_record(tmp_path):
    docs = read(write(tmp_path, "bom.jsonl", codecs.BOM_UTF8 + jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"})))
    assert [(d.id, d.reason) for d in docs] == [("a", None), ("b", None)]


def test_utf16_html_in_txt_file_is_sniffed_as_html(tmp_path):
    page = "<html><body><p>UTF-16 page.</p></body></html>"
    (doc,) = read(write(tmp_path, "u16.txt", page.encode("utf-16")))
    assert doc.html == page


def test_rss_author_with_long_tld_email_gives_the_name(tmp_path):
    xml = RSS.replace("lee.park@example.com (Lee Park)", "newsdesk@atlas.example (Lee Park)")
    docs = read(write(tmp_path, "feed.xml", xml))
    assert docs[1].authors == ["Lee Park"]


def test_warc_response_without_target_uri_does_not_crash(tmp_path):
    data = (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n\r\n"
    )
    docs = read(write(tmp_path, "no-uri.warc", data))
    assert docs and all(d.reason in (None, *REJECT_REASONS) for d in docs)


@pytest.mark.parametrize("data", [codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_file_with_only_a_bom_is_empty(tmp_path, data):
    (doc,) = read(write(tmp_path, "bom.txt", data))
    assert doc.reason == "empty"


# --- properties ----------------------------------------------------------------------------------

_prefixes = st.sampled_from([
    b"", b"WARC/1.0\r\n", b"{", b'{"text": ', b"[", b"<?xml version='1.0'?><rss>", b"<html>", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\x1f\x8b", b"<meta charset=", b"\x89PNG\r\n\x1a\n",
])
_payloads = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda p, b: p + b, _prefixes, st.binary(max_size=2000)),
    st.builds(lambda b: gzip.compress(b, mtime=0), st.binary(max_size=2000)),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
)
_suffixes = st.sampled_from(["", ".txt", ".html", ".json", ".jsonl", ".xml", ".warc", ".gz", ".warc.gz"])


def _read_bytes(data: bytes, suffix: str) -> tuple[str, list[RawDoc]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        return path, list(read_inputs([path], ReadSettings(max_bytes=100_000)))


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_payloads, suffix=_suffixes)
def test_read_inputs_never_raises_on_arbitrary_bytes(data, suffix):
    path, docs = _read_bytes(data, suffix)
    # Known bug (see the strict xfail below): a WARC with no page record yields nothing at all.
    assert docs or data.lstrip(b"\x1f\x8b").startswith(b"WARC/") or gzip_starts_with_warc(data)
    for doc in docs:
        assert doc.input == path or doc.input.startswith(path + "#")
        if doc.reason is None:
            assert (doc.html is None) != (doc.text is None), doc
        else:
            assert doc.reason in REJECT_REASONS, doc


def gzip_starts_with_warc(data: bytes) -> bool:
    try:
        return gzip.decompress(data)[:5] == b"WARC/"
    except Exception:
        return False


@example(data=b"WARC/1.0", suffix="")
@example(data=b"\xef\xbb\xbf", suffix=".txt")
@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_payloads, suffix=_suffixes)
def test_read_inputs_accounts_for_every_file_with_well_formed_items(data, suffix):
    path, docs = _read_bytes(data, suffix)
    assert docs, "a file produced no item at all"
    for doc in docs:
        assert doc.input == path or doc.input.startswith(path + "#")
        assert_well_formed(doc)


@settings(max_examples=300, deadline=None, database=None)
@given(data=_payloads, declared=st.one_of(st.none(), st.sampled_from(["utf-8", "latin-1", "cp1252", "bogus", "utf-16", "shift_jis"])), html=st.booleans())
def test_decode_bytes_never_raises(data, declared, html):
    assert isinstance(decode_bytes(data, declared, html=html), str)


@settings(max_examples=300, deadline=None, database=None)
@given(data=_payloads, filename=st.text(max_size=20))
def test_sniff_never_raises_and_names_a_reader(data, filename):
    assert sniff(data, filename) in {"warc", "jsonl", "json", "feed", "html", "text"}


@settings(database=None)
@given(data=st.binary(max_size=2000))
def test_looks_binary_never_raises(data):
    assert looks_binary(data) in (True, False)


# --- the example corpus --------------------------------------------------------------------------

#: input files under examples/corpus and how many items each must yield
CORPUS_COUNTS = {
    "crawl.warc.gz": 5,
    "feed.xml": 3,
    "wire.jsonl": 5,
}
CORPUS_HTML = 7
CORPUS_TEXT = 3


def _corpus_inputs() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


@pytest.mark.skipif(not CORPUS.is_dir(), reason="examples/corpus not present")
def test_example_corpus_reads_without_rejections():
    counts: dict[str, int] = {}
    for path in _corpus_inputs():
        docs = list(read_inputs([str(path)]))
        for doc in docs:
            assert doc.reason is None, (doc.input, doc.reason, doc.detail)
            assert_well_formed(doc)
        counts[str(path.relative_to(CORPUS))] = len(docs)
    for name, expected in CORPUS_COUNTS.items():
        assert counts.pop(name) == expected, name
    html = {k: v for k, v in counts.items() if k.startswith("html/")}
    text = {k: v for k, v in counts.items() if k.startswith("text/")}
    assert len(html) == CORPUS_HTML and set(html.values()) == {1}
    assert len(text) == CORPUS_TEXT and set(text.values()) == {1}
    assert set(counts) == set(html) | set(text), "unexpected file in examples/corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="examples/corpus not present")
def test_example_corpus_formats_are_what_their_names_say():
    for path in _corpus_inputs():
        (first, *_) = read_inputs([str(path)])
        if path.parent.name == "html":
            assert first.html and not first.text, path
        elif path.parent.name == "text":
            assert first.text and not first.html, path
    warc = list(read_inputs([str(CORPUS / "crawl.warc.gz")]))
    assert all(d.url and d.url.startswith("https://") for d in warc)
    assert not any("\ufffd" in d.html for d in warc), "a WARC record was decoded with the wrong charset"
    wire = list(read_inputs([str(CORPUS / "wire.jsonl")]))
    assert all(d.id and d.url and d.title and d.published and d.site_name for d in wire)
    feed = list(read_inputs([str(CORPUS / "feed.xml")]))
    assert all(d.title and d.url and d.published and d.authors for d in feed)


@pytest.mark.skipif(not EXPECTED.is_dir(), reason="examples/expected not present")
def test_example_text_pages_have_expectations_that_match_the_page():
    pages = sorted((CORPUS / "text").glob("*.txt"))
    assert pages
    for page in pages:
        expected = json.loads((EXPECTED / f"{page.stem}.json").read_text("utf-8"))
        assert set(expected) >= {"title", "subtitle", "authors", "body_must_contain", "body_must_not_contain"}
        text = page.read_text("utf-8")
        lines = text.splitlines()
        assert expected["title"] in lines, page
        for sentence in expected["body_must_contain"] + expected["body_must_not_contain"]:
            assert sentence in text, (page, sentence)
        assert len(expected["body_must_contain"]) >= 3
        assert expected["subtitle"] is None or lines.count(expected["subtitle"]) >= 1
