"""The web UI in a real headless browser: Debian's Chromium driven by playwright, against uvicorn
serving a store of the example corpus plus a hostile article (its title, body, outlet and story
carry ``<script>`` and markup) on a free localhost port.

No browser is ever downloaded (never ``playwright install``): the tests use /usr/bin/chromium (or
$NEWSGRAPH_CHROMIUM) and skip with a message when it or the playwright package is missing, except
under CI=true, where that is a failure. Screenshots land in each test's tmp_path.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_api import PAYLOAD, XSS_ARTICLE, XSS_STORY, build_store, inject_xss

CHROMIUM = Path(os.environ.get("NEWSGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def _require_browser() -> None:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install playwright)")
    if not CHROMIUM.is_file():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium, or set NEWSGRAPH_CHROMIUM)")
    if missing:
        message = "browser tests need " + " and ".join(missing) + "; no browser is ever downloaded"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; under CI=true they are required")
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    import uvicorn

    from newsgraph.web.app import create_app

    db = build_store(tmp_path_factory.mktemp("browser") / "ng.db")
    inject_xss(db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page plus what it reported: dialogs (alert) and console messages."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))

    def assert_clean(self) -> None:
        """No script from the data ran, and nothing was blocked by the CSP (which would mean
        markup from the data reached the DOM)."""
        assert self.page.evaluate("typeof window.__xss") == "undefined", self.page.url
        assert self.dialogs == [], self.dialogs
        assert not [m for m in self.console if "Content Security Policy" in m], self.console


@pytest.fixture
def page(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield Watched(pg)
    context.close()


def test_story_list_then_story(page: Watched, base_url: str, tmp_path: Path) -> None:
    pg = page.page
    pg.goto(base_url + "/")
    assert pg.locator(".story-card").count() == 7  # six stories of the corpus and the hostile one
    assert pg.locator("h1").inner_text() == "Stories"
    pg.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    first = pg.locator(".story-card h2 a").first
    title = first.inner_text()
    first.click()
    pg.wait_for_url("**/stories/*")
    assert pg.locator("h1").inner_text() == title
    columns = pg.locator("article.column")
    assert columns.count() >= 2
    # side by side: the columns share one row
    boxes = [columns.nth(k).bounding_box() for k in range(2)]
    assert boxes[0] and boxes[1] and abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[1]["x"] > boxes[0]["x"]
    assert pg.locator("details.cov.adds").count() >= 1 and pg.locator("details.cov.omits").count() >= 1
    pg.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    page.assert_clean()


def test_search_from_the_box(page: Watched, base_url: str, tmp_path: Path) -> None:
    pg = page.page
    pg.goto(base_url + "/")
    box = pg.locator("header form.search input[name=q]")
    box.fill("Siberia pipeline")
    box.press("Enter")
    pg.wait_for_url("**/search?q=Siberia+pipeline")
    results = pg.locator("li.result")
    assert results.count() >= 2
    assert pg.locator("li.result mark").count() >= 2
    assert pg.locator("li.result mark").first.inner_text().lower() in ("siberia", "pipeline")
    pg.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    results.first.locator("h2 a").click()
    pg.wait_for_url("**/articles/*")
    assert "Siberia" in pg.locator(".reader .body").inner_text()
    page.assert_clean()


def test_dyad_chart(page: Watched, base_url: str, tmp_path: Path) -> None:
    pg = page.page
    pg.goto(base_url + "/")
    pg.locator("#dyads a", has_text="CHN – RUS").click()
    pg.wait_for_url("**/dyads/CHN/RUS")
    chart = pg.locator("figure.chart-box svg.chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 150
    bars = pg.locator("svg.chart rect.coop")
    assert bars.count() >= 2 and bars.first.bounding_box()["height"] > 5  # type: ignore[index]
    assert pg.locator("svg.chart circle.goldstein").count() >= 2
    assert pg.locator("table.events tbody tr").count() >= 5
    chart.screenshot(path=str(tmp_path / "chart.png"))
    pg.screenshot(path=str(tmp_path / "dyad.png"), full_page=True)
    pg.locator(".tabs a", has_text="month").click()
    pg.wait_for_url("**by=month**")
    assert pg.locator("svg.chart text", has_text="2026-09").count() >= 1
    page.assert_clean()


def test_injected_script_never_runs(page: Watched, base_url: str, tmp_path: Path) -> None:
    pg = page.page
    shown = PAYLOAD.split('"')[0]  # what the page must show as text: '<script>...</script><b>x</b><img src=x onerror='
    for name, url in [("hostile-story", f"/stories/{XSS_STORY}"), ("hostile-article", f"/articles/{XSS_ARTICLE}"),
                      ("hostile-search", "/search?q=zebrafish"), ("latest", "/?sort=latest"),
                      ("dyad", "/dyads/RUS/CHN"), ("actor", "/actors/RUS?page=2")]:
        pg.goto(base_url + url)
        page.assert_clean()
        assert pg.locator("main script, main b, main img").count() == 0, url
        pg.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    pg.goto(base_url + f"/stories/{XSS_STORY}")
    assert shown in pg.locator("h1").inner_text()
    assert shown in (pg.locator("article.column .outlet-name").first.text_content() or "")
    assert shown in (pg.locator("details.cov.adds li").first.text_content() or "")
    pg.goto(base_url + f"/articles/{XSS_ARTICLE}")
    assert shown in pg.locator("h1").inner_text()
    assert pg.locator("a[href^='javascript']").count() == 0
    # the layout holds: the hostile title did not swallow the page
    assert pg.locator("footer .foot-line").is_visible()
    page.assert_clean()
