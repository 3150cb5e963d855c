"""The web app (``newsgraph serve``) through FastAPI's TestClient: every API endpoint and page on a
store of the example corpus, paging, 404s, 422s, the token, the CLI's checks, and the XSS case
(an article and a story whose every text field carries markup must come out escaped everywhere)."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx
    from fastapi.testclient import TestClient

from newsgraph.cli.serve_cmd import is_loopback, serve_command
from newsgraph.store.db import Store
from newsgraph.store.run import run
from newsgraph.web.app import create_app, highlight, safe_url

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "corpus"

#: what a hostile page could carry: a script, markup, an event handler and a quote breaking out
PAYLOAD = '<script>window.__xss=1;alert(1)</script><b>x</b><img src=x onerror="window.__xss=2">"\'>'
XSS_ARTICLE = "xss-article"
XSS_STORY = "xss0000000000001"
#: the example corpus in the store: 23 inputs, 23 article records (one not an article), 6 stories
N_ARTICLES, N_STORIES = 23, 6


def build_store(path: Path) -> Path:
    """A store of the example corpus (what ``newsgraph run examples/corpus --db path`` makes)."""
    run([str(EXAMPLES)], path)
    return path


def inject_xss(path: Path) -> None:
    """Add one article, its story and two events whose every text field carries PAYLOAD."""
    with Store(path) as store:
        article = {"id": XSS_ARTICLE, "input": "evil.html", "url": "javascript:window.__xss=3",
                   "site_name": "Evil Outlet " + PAYLOAD, "title": "Zebrafish headline " + PAYLOAD,
                   "subtitle": "sub " + PAYLOAD, "authors": [PAYLOAD], "published": "2026-12-01",
                   "language": "en", "text": "Zebrafish body text " + PAYLOAD + "\nSecond paragraph [sic] zebrafish.",
                   "method": "html", "is_article": True, "status": "ok", "schema_version": "1"}
        stories = list(store.stories())
        annotations = [{"id": a["id"], "story_id": a["story_id"], "duplicate_of": a["duplicate_of"],
                        "duplicate_group": a["duplicate_group"]} for a in store.articles()]
        stories.append({"story_id": XSS_STORY, "article_ids": [XSS_ARTICLE], "title": "Zebrafish story " + PAYLOAD,
                        "summary": ["summary " + PAYLOAD], "first_seen": "2026-12-01", "last_seen": "2026-12-01",
                        "outlets": ["Evil Outlet " + PAYLOAD], "language": "en", "key_terms": [PAYLOAD],
                        "entities": [PAYLOAD], "duplicates": 0, "mode": "stream",
                        "coverage": [{"article_id": XSS_ARTICLE, "adds": ["adds " + PAYLOAD],
                                      "omits": ["omits " + PAYLOAD]}]})
        annotations.append({"id": XSS_ARTICLE, "story_id": XSS_STORY, "duplicate_of": None, "duplicate_group": None})
        event = {"event_id": "xss-ev-1", "article_id": XSS_ARTICLE, "story_id": XSS_STORY, "date": "2026-12-01",
                 "source": {"text": "src " + PAYLOAD, "code": "RUS", "country": "RUS", "role": None},
                 "target": {"text": "tgt " + PAYLOAD, "code": "CHN", "country": "CHN", "role": None},
                 "cameo_code": "057", "cameo_root": "05", "quad_class": 1, "goldstein": 10.0,
                 "plover_type": "AGREE", "plover_mode": None, "location": PAYLOAD, "verb": PAYLOAD,
                 "sentence": "sentence " + PAYLOAD, "sentence_index": 0, "confidence": 1.0}
        odd = dict(event, event_id="xss-ev-2", goldstein=1.0,
                   source={"text": "src", "code": "RUS", "country": "RUS", "role": None},
                   target={"text": PAYLOAD, "code": '"><script>window.__xss=4</script>', "country": None, "role": None})
        with store.transaction():
            store.put_article(article)
            store.replace_stories(stories, annotations)
            store.put_events(XSS_ARTICLE, [event, odd])


def copy_store(src: Path, dst: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()
    return dst


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "ng.db")


@pytest.fixture(scope="module")
def client(store_path: Path) -> TestClient:
    return TestClient(create_app(store_path))


@pytest.fixture(scope="module")
def xss_client(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = copy_store(store_path, tmp_path_factory.mktemp("web-xss") / "ng.db")
    inject_xss(path)
    return TestClient(create_app(path))


@pytest.fixture(scope="module")
def rus_chn(store_path: Path) -> int:
    """Events between Russia and China in the store, either way (the corpus's busiest pair; the
    exact number follows the events coder, so it is read from the store rather than fixed here)."""
    with sqlite3.connect(store_path) as c:
        n = c.execute("SELECT count(*) FROM events WHERE (source_country='RUS' AND target_country='CHN') "
                      "OR (source_country='CHN' AND target_country='RUS')").fetchone()[0]
    assert n >= 20
    return int(n)


def page(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


# ------------------------------------------------------------------------------------------ API
def test_stats(client: TestClient) -> None:
    s = page(client, "/api/stats")
    assert s["articles"] == 22 and s["stories"] == N_STORIES and s["events"] > 50


def test_articles_latest_and_paging(client: TestClient) -> None:
    first = page(client, "/api/articles?limit=5")
    assert first["total"] == N_ARTICLES and first["limit"] == 5 and first["offset"] == 0
    assert len(first["items"]) == 5
    dates = [a["published"][:10] for a in first["items"]]
    assert dates == sorted(dates, reverse=True)
    second = page(client, "/api/articles?limit=5&offset=5")
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    everything = page(client, "/api/articles?limit=200")
    assert len(everything["items"]) == N_ARTICLES and "text" not in everything["items"][0]
    assert page(client, "/api/articles")["limit"] == 50
    assert page(client, f"/api/articles?offset={N_ARTICLES}")["items"] == []


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "offset=-1", "limit=ten"])
def test_bad_paging_is_422(client: TestClient, query: str) -> None:
    for base in ("/api/articles", "/api/stories", "/api/events", "/api/dyads", "/api/actors/RUS"):
        r = client.get(f"{base}?{query}")
        assert r.status_code == 422, (base, query)
        assert r.json()["detail"]


def test_article_search(client: TestClient) -> None:
    found = page(client, "/api/articles?q=Power+of+Siberia&limit=2")
    assert found["total"] >= 2 and len(found["items"]) == 2
    assert all("[" in r["snippet"] and "]" in r["snippet"] for r in found["items"])
    assert {"id", "title", "site_name", "published", "story_id", "snippet"} <= set(found["items"][0])
    more = page(client, "/api/articles?q=Power+of+Siberia&limit=2&offset=2")
    assert not {r["id"] for r in found["items"]} & {r["id"] for r in more["items"]}
    # FTS syntax is not injectable: operators and quotes are plain words (or nothing)
    for q in ('" OR *', "NEAR(a b", "title:gas", "AND", "-", "%"):
        r = client.get("/api/articles", params={"q": q})
        assert r.status_code == 200, q
    assert page(client, "/api/articles?q=xyzzyplugh")["total"] == 0
    assert client.get("/api/articles", params={"q": "x" * 501}).status_code == 422


def test_article(client: TestClient) -> None:
    art = page(client, "/api/articles/GWS-20260908-0412")
    assert art["title"] == "China, Russia agree to expand energy trade at Beijing summit"
    assert art["site_name"] == "Global Wire Service" and art["text"] and art["events"] > 0
    r = client.get("/api/articles/no-such-article")
    assert r.status_code == 404 and "no article" in r.json()["detail"]


def test_stories(client: TestClient) -> None:
    stories = page(client, "/api/stories")
    assert stories["total"] == N_STORIES and len(stories["items"]) == N_STORIES
    sizes = [s["size"] for s in stories["items"]]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 6
    assert stories["items"][0]["title"] == "Taiwan condemns Russia for backing Beijing's claim to the island"
    latest = page(client, "/api/stories?sort=latest")["items"]
    seen = [s["last_seen"][:10] for s in latest]
    assert seen == sorted(seen, reverse=True)
    paged = page(client, "/api/stories?limit=2&offset=4")
    assert [s["story_id"] for s in paged["items"]] == [s["story_id"] for s in stories["items"][4:6]]
    assert client.get("/api/stories?sort=oldest").status_code == 422


def test_story_members_side_by_side(client: TestClient) -> None:
    sudan = next(s for s in page(client, "/api/stories")["items"] if "Sudan" in s["title"])
    story = page(client, f"/api/stories/{sudan['story_id']}")
    assert story["story_id"] == sudan["story_id"] and story["coverage"]
    members = story["members"]
    assert len(members) == 2
    for m in members:
        assert {"id", "title", "site_name", "published", "excerpt", "adds", "omits", "duplicate_of"} <= set(m)
        assert m["excerpt"] and len(m["excerpt"]) <= 430
    assert members[0]["duplicate_of"] is None and members[1]["duplicate_of"] == members[0]["id"]
    big = page(client, "/api/stories/" + page(client, "/api/stories?limit=1")["items"][0]["story_id"])
    assert len(big["members"]) == 6 and any(m["adds"] for m in big["members"]) and any(m["omits"] for m in big["members"])
    assert big["events"] and all(e["story_id"] == big["story_id"] for e in big["events"])
    assert client.get("/api/stories/0000000000000000").status_code == 404


def test_events_filters(client: TestClient, rus_chn: int) -> None:
    rc = page(client, "/api/events?dyad=RUS-CHN&limit=200")
    assert rc["total"] == rus_chn and len(rc["items"]) == rus_chn
    assert all({e["source_country"], e["target_country"]} == {"RUS", "CHN"} for e in rc["items"])
    assert page(client, "/api/events?dyad=chn-rus")["total"] == rus_chn
    for e in page(client, "/api/events?source=TWNGOV")["items"]:
        assert e["source_code"] == "TWNGOV"
    twn = page(client, "/api/events?target=RUS&source=TWN")
    # Taiwan criticised and accused Russia ("summoned no Russian representative" is no event)
    assert twn["total"] >= 2 and all(e["source_country"] == "TWN" and e["target_country"] == "RUS" for e in twn["items"])
    rus = page(client, "/api/events?actor=RUS&limit=200")["items"]
    assert all("RUS" in (e["source_country"], e["target_country"], e["source_code"], e["target_code"]) for e in rus)
    sign = page(client, "/api/events?cameo=05")["items"]
    assert sign and all(e["cameo_code"].startswith("05") for e in sign)
    assert any(e["cameo_name"] for e in sign)
    force = page(client, "/api/events?root=19")["items"]
    assert force and all(e["cameo_root"] == "19" for e in force)
    window = page(client, "/api/events?start=2026-10-01&end=2026-10-07&limit=200")["items"]
    assert window and all("2026-10-01" <= e["date"][:10] <= "2026-10-07" for e in window)
    assert page(client, "/api/events?limit=3&offset=3")["offset"] == 3


@pytest.mark.parametrize("query", ["dyad=RUSCHN", "dyad=RUS-CHN-USA", "start=yesterday", "end=2026-13-01",
                                   "cameo=abc", "root=1", "actor=R", "source=RUS%20OR%201=1"])
def test_events_bad_parameters(client: TestClient, query: str) -> None:
    assert client.get(f"/api/events?{query}").status_code == 422


def test_relations(client: TestClient, rus_chn: int) -> None:
    rel = page(client, "/api/relations?a=RUS&b=CHN")
    assert rel["by"] == "week" and rel["dyad"] == ["RUS", "CHN"] and rel["directed"] is False
    assert sum(p["events"] for p in rel["series"]) == rus_chn
    assert sum(p["cooperation"] for p in rel["series"]) >= rus_chn - 2
    top = rel["top_events"]
    assert top and top[0]["goldstein"] >= 7 and top[0]["cameo_name"]
    assert [abs(e["goldstein"]) for e in top] == sorted((abs(e["goldstein"]) for e in top), reverse=True)
    assert rel["top_stories"][0]["title"].startswith("Taiwan condemns Russia")
    daily = page(client, "/api/relations?a=rus&b=chn&by=day")
    # by day: the summit (8 September) and the days after it, in order, adding up to the total
    days = [p["period"] for p in daily["series"]]
    assert days == sorted(days) and days[0] == "2026-09-08" and set(days) <= {"2026-09-08", "2026-09-09", "2026-09-10"}
    assert sum(p["events"] for p in daily["series"]) == rus_chn
    assert page(client, "/api/relations?a=RUS&b=CHN&by=month")["series"][0]["period"] == "2026-09"
    one_way = page(client, "/api/relations?a=RUS&b=CHN&directed=true")
    assert 0 < sum(p["events"] for p in one_way["series"]) < rus_chn
    ip = page(client, "/api/relations?a=IND&b=PAK&by=day")
    assert sum(p["conflict"] for p in ip["series"]) >= 4
    assert all(p["goldstein_mean"] is None or -10 <= p["goldstein_mean"] <= 10 for p in ip["series"])
    everyone = page(client, "/api/relations?a=RUS")
    assert sum(p["events"] for p in everyone["series"]) > rus_chn
    assert page(client, "/api/relations?a=RUS&b=CHN&start=2026-09-09&end=2026-09-09&by=day")["series"][0]["period"] == "2026-09-09"


@pytest.mark.parametrize("query", ["a=RUS&b=CHN&by=year", "b=CHN", "a=RUSSIA&b=CHN", "a=RUS&b=C1N",
                                   "a=RUS&b=CHN&directed=perhaps", "a=RUS&start=2026-02-30"])
def test_relations_bad_parameters(client: TestClient, query: str) -> None:
    r = client.get(f"/api/relations?{query}")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][0] == "query"


def test_actor(client: TestClient, rus_chn: int) -> None:
    rus = page(client, "/api/actors/RUS?limit=5")
    assert rus["code"] == "RUS" and max(rus["as_source"], rus["as_target"]) <= rus["events"] <= rus["as_source"] + rus["as_target"]
    assert rus["as_source"] > 0 and rus["as_target"] > 0
    partners = {p["partner"]: p for p in rus["partners"]}
    assert partners["CHN"]["events"] == rus_chn and partners["CHN"]["cooperation"] > partners["CHN"]["conflict"]
    assert rus["partners"][0]["partner"] == "CHN"
    assert {"RUS", "RUSGOV"} <= {c["code"] for c in rus["codes"]}
    assert rus["event_list"]["total"] == rus["events"] and len(rus["event_list"]["items"]) == 5
    gov = page(client, "/api/actors/rusgov")
    assert gov["code"] == "RUSGOV" and gov["codes"] == [{"code": "RUSGOV", "events": gov["events"]}]
    assert client.get("/api/actors/ZZZ").status_code == 404
    assert client.get("/api/actors/R").status_code == 422
    assert client.get("/api/actors/RUS%3BDROP").status_code == 422


def test_dyads(client: TestClient, rus_chn: int) -> None:
    dyads = page(client, "/api/dyads")
    top = dyads["items"][0]
    assert top["dyad"] == ["CHN", "RUS"] and top["events"] == rus_chn and top["cooperation"] > top["conflict"]
    assert top["goldstein_mean"] > 0
    assert dyads["total"] == len(dyads["items"]) >= 5
    ip = next(d for d in dyads["items"] if d["dyad"] == ["IND", "PAK"])
    assert ip["conflict"] > ip["cooperation"] and ip["goldstein_mean"] < 0
    assert page(client, "/api/dyads?limit=2&offset=1")["items"] == dyads["items"][1:3]


def test_openapi_docs(client: TestClient) -> None:
    spec = page(client, "/openapi.json")
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
                 "/api/events", "/api/relations", "/api/actors/{code}", "/api/dyads"):
        assert path in spec["paths"], path
    assert not any(p in spec["paths"] for p in ("/", "/search", "/stories/{story_id}"))
    assert "swagger" in client.get("/docs").text.lower()


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}


# ---------------------------------------------------------------------------------------- pages
PAGES = ["/", "/?sort=latest", "/stories/{story}", "/search?q=gas+Russia", "/actors/RUS", "/actors/RUSGOV",
         "/dyads/RUS/CHN", "/dyads/IND/PAK?by=day", "/dyads/CHN/RUS?by=month&directed=true",
         "/articles/GWS-20260908-0412"]


def test_pages(client: TestClient) -> None:
    story = page(client, "/api/stories?limit=1")["items"][0]["story_id"]
    for url in PAGES:
        r = client.get(url.format(story=story))
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "<script" not in r.text.lower()
        assert 'href="/static/style.css' in r.text
    index = client.get("/").text
    assert index.count('class="story-card"') == N_STORIES and 'href="/dyads/CHN/RUS"' in index
    html = client.get(f"/stories/{story}").text
    assert html.count('<article class="column') == 6 and "Adds" in html and "Omits" in html
    chart = client.get("/dyads/RUS/CHN").text
    assert "<svg" in chart and 'class="coop"' in chart and 'class="goldstein"' in chart
    assert "2026-09-08" in chart  # a short span is charted per day
    search = client.get("/search?q=Siberia").text
    assert "<mark>Siberia</mark>" in search
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_page_errors(client: TestClient) -> None:
    for url, status in [("/stories/nope", 404), ("/articles/nope", 404), ("/actors/ZZZ", 404),
                        ("/dyads/RUS/CHN?by=year", 422), ("/dyads/RUSSIA/CHN", 422), ("/?page=0", 422),
                        ("/?page=99", 404), ("/nowhere", 404)]:
        r = client.get(url)
        assert r.status_code == status, url
        assert r.headers["content-type"].startswith("text/html"), url
        assert "<h1>" in r.text
    assert "nope" in client.get("/stories/nope").text


def test_search_page_empty_and_paged(client: TestClient) -> None:
    assert "Type some words" in client.get("/search").text
    assert "Nothing found" in client.get("/search?q=xyzzyplugh").text
    assert client.get("/search?q=" + "x" * 501).status_code == 422


# ---------------------------------------------------------------------------------------- token
def test_token(store_path: Path) -> None:
    c = TestClient(create_app(store_path, token="s3cret-token"))
    for url in ("/api/stats", "/api/stories", "/", "/stories/x", "/static/style.css", "/docs", "/openapi.json"):
        r = c.get(url)
        assert r.status_code == 401, url
        assert r.headers["www-authenticate"] == "Bearer"
    assert c.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/stats?token=wrong").status_code == 401
    assert c.get("/api/stats", headers={"Authorization": "Basic s3cret-token"}).status_code == 401
    assert c.get("/api/stats", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert c.get("/api/stats", headers={"Authorization": "bearer s3cret-token"}).status_code == 200
    assert c.get("/api/stats?token=s3cret-token").status_code == 200
    # a browser: ?token= on a page sets an HttpOnly cookie and takes the token out of the address bar
    browser = TestClient(create_app(store_path, token="s3cret-token"))
    r = browser.get("/search?q=gas&token=s3cret-token", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/search?q=gas"
    assert "httponly" in r.headers["set-cookie"].lower() and "s3cret-token" in r.headers["set-cookie"]
    assert browser.get("/search?q=gas").status_code == 200
    assert browser.get("/static/style.css").status_code == 200
    assert TestClient(create_app(store_path, token="s3cret-token")).get("/").status_code == 401


def test_missing_or_foreign_store(tmp_path: Path) -> None:
    from newsgraph.store.db import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    with pytest.raises(StoreError):
        create_app(junk)


# ------------------------------------------------------------------------------------------ CLI
def test_serve_command_checks(store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert serve_command(tmp_path / "missing.db", "127.0.0.1", 8000, None) == 2
    assert "newsgraph: error: no store at" in capsys.readouterr().err
    for host in ("0.0.0.0", "::", "192.168.1.5", "example.org"):
        assert serve_command(store_path, host, 8000, None) == 2
        assert "without a token" in capsys.readouterr().err
    assert serve_command(store_path, "127.0.0.1", 70000, None) == 2
    assert serve_command(store_path, "127.0.0.1", 8000, "") == 2
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert serve_command(junk, "127.0.0.1", 8000, None) == 2
    assert "not a newsgraph store" in capsys.readouterr().err
    # valid: uvicorn is started (here a stand-in that records its arguments)
    import uvicorn

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    assert serve_command(store_path, "0.0.0.0", 8123, "tok") == 0
    assert serve_command(store_path, "localhost", 8124, None) == 0
    assert [(kw["host"], kw["port"]) for _, kw in calls] == [("0.0.0.0", 8123), ("localhost", 8124)]
    assert TestClient(calls[0][0]).get("/api/stats").status_code == 401


def test_is_loopback() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "example.org", "localhost.evil.org", ""))


# ------------------------------------------------------------------------------------------ XSS
def _assert_escaped(html: str, url: str) -> None:
    low = html.lower()
    assert "<script" not in low, url
    assert "<b>x</b>" not in low, url
    assert "<img" not in low and "onerror=\"window" not in low, url
    assert 'href="javascript:' not in low and "window.__xss=3" not in low, url


def test_xss_escaped_on_every_page(xss_client: TestClient) -> None:
    urls = ["/", "/?sort=latest", f"/stories/{XSS_STORY}", f"/articles/{XSS_ARTICLE}", "/search?q=zebrafish",
            "/search?q=script+alert", "/actors/RUS", "/dyads/RUS/CHN", "/dyads/CHN/RUS?by=month",
            "/stories/" + PAYLOAD.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")]
    escaped = "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"
    for url in urls:
        r = xss_client.get(url)
        assert r.status_code in (200, 404), url
        _assert_escaped(r.text, url)
    # the payload shows, as text, wherever its field is shown
    for url in ("/?sort=latest", f"/stories/{XSS_STORY}", f"/articles/{XSS_ARTICLE}", "/dyads/RUS/CHN"):
        assert escaped in xss_client.get(url).text, url
    actor_pages = [xss_client.get(f"/actors/RUS?page={k}") for k in (1, 2, 3)]
    for r in actor_pages:
        _assert_escaped(r.text, r.url)
    assert any(escaped in r.text for r in actor_pages)
    story = xss_client.get(f"/stories/{XSS_STORY}").text
    assert story.count(escaped) >= 5  # title, summary, outlet, adds, omits, excerpt, event
    article = xss_client.get(f"/articles/{XSS_ARTICLE}").text
    assert "original page" not in article  # a javascript: URL is never linked
    # an actor code with markup: shown escaped, linked percent-encoded
    assert "&#34;&gt;&lt;script&gt;window.__xss=4&lt;/script&gt;" in story
    assert 'href="/actors/%22%3E%3Cscript%3Ewindow.__xss%3D4%3C%2Fscript%3E"' in story
    search = xss_client.get("/search?q=zebrafish").text
    assert "<mark>Zebrafish</mark>" in search or "<mark>zebrafish</mark>" in search
    assert "[<mark>sic</mark>]" in xss_client.get("/search?q=sic").text  # literal brackets stay brackets


def test_xss_api_returns_data_as_json(xss_client: TestClient) -> None:
    r = xss_client.get(f"/api/articles/{XSS_ARTICLE}")
    assert r.headers["content-type"].startswith("application/json") and r.json()["title"].endswith(PAYLOAD)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert xss_client.get(f"/api/stories/{XSS_STORY}").json()["members"][0]["adds"] == ["adds " + PAYLOAD]


def test_highlight_and_safe_url() -> None:
    assert highlight("a [b] <i>[c]</i>") == "a <mark>b</mark> &lt;i&gt;<mark>c</mark>&lt;/i&gt;"
    assert highlight("[open") == "<mark>open</mark>"
    assert highlight("stray] [x]") == "stray] <mark>x</mark>"
    assert highlight("[<script>]") == "<mark>&lt;script&gt;</mark>"
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.org", None, ""):
        assert safe_url(bad) is None, bad


def test_cached_api_answers_still_need_the_token(store_path: Path) -> None:
    c = TestClient(create_app(store_path, token="s3cret-token"))
    auth = {"Authorization": "Bearer s3cret-token"}
    first = c.get("/api/stories?limit=3", headers=auth)
    assert first.status_code == 200
    assert c.get("/api/stories?limit=3").status_code == 401           # the cached answer is not served
    assert c.get("/api/stories?limit=3", headers=auth).json() == first.json()


def test_api_cache_is_dropped_when_the_store_changes(store_path: Path, tmp_path: Path) -> None:
    import shutil

    from newsgraph.store.db import Store

    db = tmp_path / "copy.db"
    shutil.copy(store_path, db)
    c = TestClient(create_app(db))
    before = c.get("/api/stats").json()
    with Store(db) as store, store.transaction():
        store.conn.execute("DELETE FROM events")
    after = c.get("/api/stats").json()
    assert before != after


def test_app_from_env_serves_the_store_named_in_the_environment(store_path: Path, monkeypatch) -> None:
    """What each process of `newsgraph serve --workers N` builds."""
    from newsgraph.web.app import app_from_env

    monkeypatch.setenv("NEWSGRAPH_SERVE_DB", str(store_path))
    monkeypatch.setenv("NEWSGRAPH_TOKEN", "tok")
    c = TestClient(app_from_env())
    assert c.get("/api/stats").status_code == 401
    assert c.get("/api/stats", headers={"Authorization": "Bearer tok"}).json()["stories"] > 0
    monkeypatch.delenv("NEWSGRAPH_SERVE_DB")
    with pytest.raises(RuntimeError):
        app_from_env()


def test_serve_refuses_bad_worker_counts(store_path: Path) -> None:
    from newsgraph.cli.serve_cmd import serve_command

    assert serve_command(store_path, workers=0) == 2


def test_api_docs_page_needs_no_network(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200
