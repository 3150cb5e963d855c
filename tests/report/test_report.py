"""``newsgraph report``: one self-contained HTML page about a store; crawled text is always escaped."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES
from newsgraph.cli.report_cmd import report_command
from newsgraph.report import build_report
from newsgraph.report.build import choose_period, dyad_title, period_axis, report_data
from newsgraph.report.svg import diverging_timeline, nice_ceiling
from newsgraph.store.db import Store

GENERATED = "2026-01-01T00:00:00+00:00"
EVIL = "<script>alert(1)</script><b>x</b>"
EVIL_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsgraph.store.run import run

    db = tmp_path_factory.mktemp("report") / "ng.db"
    run([str(EXAMPLES)], db)
    return db


@pytest.fixture(scope="module")
def example_html(example_db: Path) -> str:
    with Store(example_db, create=False, readonly=True) as store:
        return build_report(store, generated=GENERATED)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


# ------------------------------------------------------------------------------ the example store
def test_self_contained(example_html: str) -> None:
    tags = parse(example_html).tags
    for tag, attrs in tags:
        for name in ("src", "href", "xlink:href", "srcset", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http://", "https://", "//")), (tag, name, value)
        if tag == "script":
            assert "src" not in attrs, "no external scripts"
        if tag == "link":
            assert (attrs.get("rel") or "").lower() not in ("stylesheet", "preload", "icon"), attrs
    assert not any(tag in ("img", "iframe", "object", "embed") for tag, _ in tags)
    assert "@import" not in example_html and "url(" not in example_html
    # the only links are the page's own anchors
    hrefs = [a["href"] for t, a in tags if t == "a" and a.get("href")]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert example_html.lstrip().lower().startswith("<!doctype html>")


def test_sections_and_dyads(example_html: str) -> None:
    tags = parse(example_html).tags
    ids = {a.get("id") for _, a in tags}
    assert {"counts", "relations", "actors", "stories", "dyads"} <= ids
    for heading in ("Input and output", "Relations", "Top actors", "Largest stories"):
        assert f"<h2>{heading}</h2>" in example_html
    # the busiest dyad of the example corpus, with its country names
    assert "China–Russia (CHN–RUS)" in example_html
    assert "dyad-CHN-RUS" in ids
    # one SVG chart per charted dyad (four in the example corpus), each with a title and axes
    figures = re.findall(r'<figure class="chart dyad-chart".*?</figure>', example_html, re.S)
    assert len(figures) == 4
    for fig in figures:
        assert fig.count("<svg") == 1 and "<title>" in fig and "mean Goldstein" in fig
        assert "Cooperation" in fig and "Conflict" in fig  # legend
    assert example_html.count("<svg") == 4
    # stories carry their outlets and summary sentences
    assert "Taiwan condemns Russia for backing Beijing" in example_html
    assert "Global Wire Service" in example_html and 'class="summary"' in example_html
    # actors with names
    assert "RUSGOV" in example_html and "Russia · government" in example_html
    assert f"Generated</dt><dd>{GENERATED} by newsgraph" in example_html


def test_counts_add_up(example_db: Path, example_html: str) -> None:
    with Store(example_db, create=False, readonly=True) as store:
        data = report_data(store, generated=GENERATED)
        c = data["counts"]
        assert c["inputs"] == c["inputs_ok"] + c["inputs_rejected"]
        assert c["inputs_rejected"] == sum(r["count"] for r in c["rejected_by_reason"])
        assert c["inputs_ok"] == c["articles"] + c["non_articles"]
        assert (c["inputs"], c["articles"], c["non_articles"], c["stories"]) == (23, 22, 1, 6)
        assert c["events"] == store.conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        assert c["dyads"] >= len(data["timelines"]["dyads"]) >= 4
    flow = re.search(r'<p class="flow" id="flow">(.*?)</p>', example_html, re.S)
    assert flow is not None
    numbers = [int(n) for n in re.findall(r"<strong>(\d+)</strong>", flow.group(1))]
    assert numbers[0] == numbers[1] + numbers[2]
    assert numbers[:3] == [c["inputs"], c["inputs_ok"], c["inputs_rejected"]]


def test_deterministic(example_db: Path, example_html: str) -> None:
    with Store(example_db, create=False, readonly=True) as store:
        assert build_report(store, generated=GENERATED) == example_html


def test_command_writes_file_and_summary(example_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "report.html"
    assert report_command(example_db, out, generated=GENERATED) == 0
    err = capsys.readouterr().err
    assert re.fullmatch(r"report: 6 stories, \d+ events, \d+ dyads -> .*report\.html\n", err), err
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert report_command(example_db, None, generated=GENERATED) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith("<!DOCTYPE html>") and "-> stdout" in cap.err


def test_command_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report_command(tmp_path / "missing.db", tmp_path / "r.html") == 2
    assert "newsgraph: error:" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    assert report_command(junk, None) == 2
    assert "newsgraph: error:" in capsys.readouterr().err
    assert report_command(tmp_path, None) == 2


# -------------------------------------------------------------------------------------- escaping
def _evil_store(path: Path) -> Path:
    with Store(path) as store, store.transaction():
        store.put_input(f"pages/{EVIL}.html", "h1", "ok", None, None, "evil-1", "0", "s", 1)
        store.put_input(f"pages/{EVIL}-2.html", "h2", "rejected", EVIL, EVIL, None, "0", "s", 1)
        store.put_article({"id": "evil-1", "input": f"pages/{EVIL}.html", "url": "https://example.org/x",
                           "site_name": EVIL, "title": EVIL, "text": f"{EVIL} The Russian president met "
                           "the Chinese president.", "published": "2026-09-08", "language": "en",
                           "is_article": True, "status": "ok", "authors": [EVIL]})
        store.put_article({"id": "evil-2", "input": "pages/b.html", "site_name": "Plain Post",
                           "title": "A plain title", "text": "Body.", "published": "2026-09-09",
                           "is_article": True, "status": "ok"})
        store.replace_stories(
            [{"story_id": "s1", "title": EVIL, "first_seen": "2026-09-08", "last_seen": EVIL,
              "outlets": [EVIL, "Plain Post"], "summary": [EVIL, f"The second {EVIL} sentence."],
              "article_ids": ["evil-1", "evil-2"]}],
            [{"id": "evil-1", "story_id": "s1"}, {"id": "evil-2", "story_id": "s1"}])
        events = []
        for k, (src, tgt, quad, g) in enumerate([("RUS", "CHN", 1, 3.0), ("CHN", "RUS", 2, 6.0),
                                                 ("RUS", "CHN", 4, -9.5), (EVIL, "CHN", 3, -2.0)]):
            events.append({"event_id": f"e{k}", "article_id": "evil-1", "story_id": "s1",
                           "date": f"2026-09-0{8 + k % 2}", "quad_class": quad, "goldstein": g,
                           "cameo_code": "040", "sentence": EVIL,
                           "source": {"code": src + "GOV", "country": src, "text": EVIL},
                           "target": {"code": tgt, "country": tgt, "text": f"{EVIL} target"}})
        store.put_events("evil-1", events)
    return path


def test_crawled_text_is_escaped(tmp_path: Path) -> None:
    db = _evil_store(tmp_path / "evil.db")
    with Store(db, create=False, readonly=True) as store:
        html = build_report(store, generated=EVIL)
    lowered = html.lower()
    assert "<script" not in lowered and "<b>x" not in lowered
    assert EVIL not in html
    assert EVIL_ESCAPED in html
    # where it shows: story title, outlet chip, summary sentence, actor text, rejection reason,
    # the dyad table and the SVG chart title (a country code from the page), the footer
    assert html.count(EVIL_ESCAPED) >= 8
    p = parse(html)
    assert not any(tag in ("script", "b") for tag, _ in p.tags)
    text = "".join(p.text)
    assert EVIL in text  # shown to the reader as text
    assert "China–Russia (CHN–RUS)" in html


def test_svg_labels_escaped() -> None:
    chart = diverging_timeline([EVIL, "b"], [EVIL, "p2"], [1, 0], [0, 2], [1.5, None], title=EVIL,
                               up_label=EVIL)
    assert "<script" not in chart and "<b>" not in chart
    assert EVIL_ESCAPED in chart and chart.startswith("<svg") and chart.endswith("</svg>")


# ------------------------------------------------------------------------------------ empty store
def test_empty_store_renders_with_messages(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store(db).close()
    with Store(db, create=False, readonly=True) as store:
        html = build_report(store, generated=GENERATED)
    assert "<svg" not in html
    assert 'id="no-relations"' in html and "No events in this store yet" in html
    assert "No stories in this store yet" in html
    assert "<h2>Top actors</h2>" in html and "<h2>Largest stories</h2>" in html
    assert parse(html).tags[0][0] == "html"


def test_events_without_dyads_render_a_message(tmp_path: Path) -> None:
    db = tmp_path / "solo.db"
    with Store(db) as store, store.transaction():
        store.put_article({"id": "a", "title": "t", "text": "x", "is_article": True, "status": "ok"})
        store.put_events("a", [{"event_id": "e", "article_id": "a", "date": "2026-01-02", "quad_class": 1,
                                "goldstein": 1.0, "source": {"code": "RUS", "country": "RUS"}}])
    with Store(db, create=False, readonly=True) as store:
        html = build_report(store, generated=GENERATED)
    assert "<svg" not in html and "No events between two countries" in html


# ---------------------------------------------------------------------------------------- helpers
def test_period_choice_gives_5_to_60_points() -> None:
    for first, last in [(date(2026, 9, 8), date(2026, 9, 8)), (date(2026, 9, 8), date(2026, 9, 20)),
                        (date(2026, 9, 8), date(2026, 10, 27)), (date(2026, 1, 1), date(2026, 4, 30)),
                        (date(2026, 1, 1), date(2026, 12, 31)), (date(2022, 1, 1), date(2026, 12, 31)),
                        (date(2025, 12, 20), date(2026, 1, 20))]:
        by = choose_period(first, last)
        axis = period_axis(first, last, by)
        assert 5 <= len(axis) <= 60, (first, last, by, len(axis))
        assert len(set(axis)) == len(axis) and axis == sorted(axis)
    assert choose_period(date(2026, 9, 8), date(2026, 10, 27)) == "week"
    assert period_axis(date(2025, 12, 29), date(2026, 1, 5), "week") == ["2026-W01", "2026-W02"]


def test_names_and_scales() -> None:
    assert dyad_title("CHN", "RUS") == "China–Russia (CHN–RUS)"
    assert dyad_title("XXA", "XXB") == "XXA–XXB"
    assert [nice_ceiling(v) for v in (0, 1, 3, 5, 9, 25, 31, 130)] == [2, 2, 4, 6, 10, 30, 40, 150]
