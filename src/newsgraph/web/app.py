"""``newsgraph serve``: a read-only JSON API under ``/api`` and server-rendered pages over a store.

:func:`create_app` builds a fresh app for one store file (no global state). Each request opens
the store read-only and closes it when done, so the app never writes and sees new runs at once.

Safety (docs/web.md): every page is rendered by Jinja2 with autoescape on, so text from crawled
pages (titles, bodies, outlet names, actor names) is always escaped; the only markup built from
stored text is the search snippet's ``<mark>``, added after escaping. Pages are sent with a
Content-Security-Policy that allows no script at all, links to crawled URLs are only made for
``http``/``https`` addresses, and with a token every request must carry it.
"""

# no `from __future__ import annotations`: FastAPI resolves the local StoreDep alias at runtime

import hmac
from collections import OrderedDict
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._version import __version__
from ..store.db import Store, StoreError
from ..store.relations import series, top_actors, top_dyads, top_events, top_stories
from . import queries
from .chart import timeline_svg

HERE = Path(__file__).resolve().parent
#: the cookie a browser gets after one request with the right ``?token=`` (HttpOnly, SameSite=Lax)
TOKEN_COOKIE = "newsgraph_token"
#: pages may load our stylesheet and nothing else: no script runs, whatever a crawled page held
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
PAGE_SIZE = 20
#: private-use characters as the UI's snippet markers: unlike ``[``/``]`` they never occur in text
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"

CODE_RE = r"^[A-Za-z0-9]{2,20}$"
COUNTRY_RE = r"^[A-Za-z]{3}$"

Limit = Annotated[int, Query(ge=1, le=200, description="page size (at most 200)")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]


# ------------------------------------------------------------------------------------ helpers
def highlight(snippet: str | None, open_mark: str = "[", close_mark: str = "]") -> Markup:
    """A search snippet as HTML: the text escaped, then the match markers turned into balanced
    ``<mark>`` elements (a stray marker is kept as text; an unclosed one is closed at the end)."""
    out: list[str] = []
    inside = False
    for ch in snippet or "":
        if ch == open_mark and not inside:
            out.append("<mark>")
            inside = True
        elif ch == close_mark and inside:
            out.append("</mark>")
            inside = False
        else:
            out.append(str(escape(ch)))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


def safe_url(url: str | None) -> str | None:
    """A crawled URL to link to, only when it is plain http(s) (never ``javascript:`` and the like)."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) and not any(c in u for c in "\r\n\t") else None


def q(value: Any) -> str:
    """A path segment: every character but letters, digits and ``-_.~`` percent-encoded."""
    return quote(str(value), safe="")


def _page(total: int, limit: int, offset: int, items: list[Any]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _pages(total: int, page: int, size: int = PAGE_SIZE) -> dict[str, Any]:
    last = max(1, math.ceil(total / size))
    return {"page": page, "last": last, "total": total, "size": size,
            "prev": page - 1 if page > 1 else None, "next": page + 1 if page < last else None}


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path in ("/openapi.json", "/docs")


def _token_ok(given: str | None, expected: bytes) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected)


def _open(db: Path) -> Store:
    """The store, read-only; StoreError for a missing file or one that is not a store."""
    return Store(db, create=False, readonly=True)


# ---------------------------------------------------------------------------------------- app
def _fingerprint(db: Path) -> tuple[int, ...]:
    """Changes whenever the store does (the file or its write-ahead log)."""
    out: list[int] = []
    for p in (db, db.with_name(db.name + "-wal")):
        try:
            st = p.stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return tuple(out)


def create_app(db_path: str | Path, token: str | None = None, cache_size: int = 1024) -> FastAPI:
    """The app over the store at ``db_path`` (read-only). With ``token``, every request needs
    ``Authorization: Bearer TOKEN`` or ``?token=TOKEN`` (a browser then keeps a cookie).

    ``cache_size`` JSON answers of the API are kept per app and served again while the store
    file is unchanged (a new ``run`` changes it and empties the cache); 0 turns this off."""
    db = Path(db_path)
    _open(db).close()  # a missing or foreign file fails here, not on the first request
    app = FastAPI(
        title="newsgraph",
        version=__version__,
        description="Read-only API over a newsgraph store: articles, stories, events and relations "
                    "between countries (docs/web.md). Paged lists return `{total, limit, offset, items}`.",
        openapi_tags=[{"name": "api", "description": "JSON API"}],
        docs_url=None, redoc_url=None,  # /docs below serves Swagger UI from the package: no CDN
    )

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsgraph API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/swagger/favicon.png")

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = q
    env.filters["highlight"] = lambda s: highlight(s, MARK_OPEN, MARK_CLOSE)
    env.filters["safe_url"] = safe_url
    env.filters["day"] = lambda s: (s or "")[:10]
    env.filters["signed"] = lambda x: "" if x is None else f"{x:+.1f}"
    env.globals["version"] = __version__
    templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def get_store() -> Iterator[Store]:
        try:
            store = _open(db)
        except StoreError as err:
            raise HTTPException(status_code=503, detail=str(err)) from err
        try:
            yield store
        finally:
            store.close()

    StoreDep = Annotated[Store, Depends(get_store)]

    def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("query", "")
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    # -- middleware (the last added runs first): security headers around the token check, the
    #    token check around the answer cache, so a cached answer never skips the token ---------
    if cache_size > 0:
        cache: OrderedDict[str, tuple[int, bytes, str]] = OrderedDict()
        cache_state: dict[str, Any] = {"fingerprint": _fingerprint(db)}

        @app.middleware("http")
        async def api_cache(request: Request, call_next: Any) -> Response:
            if request.method != "GET" or not _is_api(request):
                return await call_next(request)
            fp = _fingerprint(db)
            if fp != cache_state["fingerprint"]:
                cache.clear()
                cache_state["fingerprint"] = fp
            key = str(request.url.path) + "?" + str(request.url.query)
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
                return Response(hit[1], status_code=hit[0], media_type=hit[2])
            response = await call_next(request)
            body = b"".join([chunk async for chunk in response.body_iterator])
            media = response.headers.get("content-type", "application/json")
            if response.status_code in (200, 404):
                cache[key] = (response.status_code, body, media)
                if len(cache) > cache_size:
                    cache.popitem(last=False)
            headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
            return Response(body, status_code=response.status_code, media_type=media, headers=headers)

    # -- middleware: the token check inside, the security headers around it (on every answer) -----
    if token:
        expected = token.encode("utf-8", "surrogatepass")

        @app.middleware("http")
        async def require_token(request: Request, call_next: Any) -> Response:
            header = request.headers.get("authorization", "")
            bearer = header[7:].strip() if header[:7].lower() == "bearer " else None
            given_q = request.query_params.get("token")
            if _token_ok(bearer, expected) or _token_ok(request.cookies.get(TOKEN_COOKIE), expected):
                return await call_next(request)
            if _token_ok(given_q, expected):
                if request.method == "GET" and not _is_api(request) and not request.url.path.startswith("/static"):
                    # a browser: keep the token in a cookie and take it out of the address bar
                    rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                    target = request.url.path + ("?" + urlencode(rest) if rest else "")
                    response: Response = RedirectResponse(target, status_code=303)
                else:
                    response = await call_next(request)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="lax", path="/")
                return response
            headers = {"WWW-Authenticate": "Bearer"}
            if _is_api(request):
                return JSONResponse({"detail": "a token is required: Authorization: Bearer TOKEN or ?token=TOKEN"},
                                    status_code=401, headers=headers)
            return HTMLResponse("<!doctype html><title>401 token required</title><h1>Token required</h1>"
                                "<p>Open this page with <code>?token=…</code> (the token given to "
                                "<code>newsgraph serve --token</code>).</p>", status_code=401, headers=headers)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not _is_api(request):
            response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        return response

    # -- errors: JSON for the API, a page for the pages -----------------------------------------
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path.startswith("/static"):
            return await http_exception_handler(request, exc)
        return render(request, "error.html", status_code=exc.status_code, status=exc.status_code,
                      message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return await request_validation_exception_handler(request, exc)
        problems = ["{}: {}".format(".".join(str(p) for p in e.get("loc", ())[1:]) or "request", e.get("msg"))
                    for e in exc.errors()]
        return render(request, "error.html", status_code=422, status=422, message="; ".join(problems))

    # =========================================================================== JSON API
    @app.get("/api/stats", tags=["api"], summary="What the store holds")
    def api_stats(store: StoreDep) -> dict[str, Any]:
        return store.counts()

    @app.get("/api/articles", tags=["api"], summary="Search articles, or list the latest")
    def api_articles(store: StoreDep,
                     q: Annotated[str | None, Query(max_length=500, description="full-text query (words are ANDed)")] = None,
                     limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """With `q`: full-text search over titles and bodies, best first; `snippet` marks the
        matches with `[` and `]`. Without: the latest articles first."""
        if q and q.strip():
            total, _ = queries.search_articles(store, q, 1, 0)
            items = store.search(q, limit=limit, offset=offset)
            return _page(total, limit, offset, items)
        total, items = queries.list_articles(store, limit, offset)
        return _page(total, limit, offset, items)

    @app.get("/api/articles/{article_id:path}", tags=["api"], summary="One article (the Article JSON form)")
    def api_article(store: StoreDep, article_id: str) -> dict[str, Any]:
        art = queries.get_article(store, article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return art

    @app.get("/api/stories", tags=["api"], summary="Stories, largest (or latest) first")
    def api_stories(store: StoreDep, limit: Limit = 50, offset: Offset = 0,
                    sort: Annotated[Literal["size", "latest"], Query(description="size: largest first; latest: "
                                                                       "most recent first")] = "size") -> dict[str, Any]:
        total, items = queries.list_stories(store, limit, offset, sort)
        return _page(total, limit, offset, items)

    @app.get("/api/stories/{story_id}", tags=["api"], summary="One story with its members side by side")
    def api_story(store: StoreDep, story_id: str) -> dict[str, Any]:
        """The Story record plus `members` (each member article's title, outlet, date, excerpt and
        what it `adds` and `omits` compared with the others) and the story's `events`."""
        story = queries.get_story(store, story_id)
        if story is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return story

    @app.get("/api/events", tags=["api"], summary="Events, filtered")
    def api_events(
        store: StoreDep,
        actor: Annotated[str | None, Query(pattern=CODE_RE, description="actor code or country, either side")] = None,
        source: Annotated[str | None, Query(pattern=CODE_RE, description="source actor code or country")] = None,
        target: Annotated[str | None, Query(pattern=CODE_RE, description="target actor code or country")] = None,
        dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$",
                                          description="two countries, either direction: RUS-CHN")] = None,
        cameo: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code or its prefix")] = None,
        root: Annotated[str | None, Query(pattern=r"^\d{2}$", description="CAMEO root (01-20)")] = None,
        start: Annotated[date | None, Query(description="first day (YYYY-MM-DD)")] = None,
        end: Annotated[date | None, Query(description="last day (YYYY-MM-DD), inclusive")] = None,
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        pair = tuple(dyad.upper().split("-")) if dyad else None
        total, items = queries.find_events(
            store, actor=actor.upper() if actor else None, source=source.upper() if source else None,
            target=target.upper() if target else None, dyad=pair,  # type: ignore[arg-type]
            cameo=cameo, root=root, start=start.isoformat() if start else None,
            end=end.isoformat() if end else None, limit=limit, offset=offset)
        return _page(total, limit, offset, items)

    @app.get("/api/relations", tags=["api"], summary="A dyad's time series, top events and stories")
    def api_relations(
        store: StoreDep,
        a: Annotated[str, Query(pattern=COUNTRY_RE, description="a country code: RUS")],
        b: Annotated[str | None, Query(pattern=COUNTRY_RE, description="the other country (none: everyone)")] = None,
        by: Annotated[Literal["day", "week", "month"], Query(description="period")] = "week",
        directed: Annotated[bool, Query(description="only a -> b")] = False,
        start: Annotated[date | None, Query()] = None,
        end: Annotated[date | None, Query()] = None,
        top: Annotated[int, Query(ge=0, le=100, description="how many top events and stories")] = 10,
    ) -> dict[str, Any]:
        a, b = a.upper(), b.upper() if b else None
        rel = series(store, a, b, by=by, directed=directed, start=start.isoformat() if start else None,
                     end=end.isoformat() if end else None)
        events = top_events(store, a, b, directed=directed, limit=top)
        for e in events:
            e["cameo_name"] = queries.cameo_name(e.get("cameo_code"))
        rel["top_events"] = events
        rel["top_stories"] = top_stories(store, a, b, directed=directed, limit=top)
        return rel

    @app.get("/api/actors/{code}", tags=["api"], summary="An actor: events as source and target, partners")
    def api_actor(store: StoreDep, code: Annotated[str, PathParam(pattern=CODE_RE)],
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """`code` is an actor code (RUSGOV) or a country (RUS, which takes in its government,
        military and other agents). `event_list` pages through its events."""
        code = code.upper()
        summary = queries.actor_summary(store, code)
        if summary is None:
            raise HTTPException(404, f"no events with actor {code!r}")
        total, items = queries.find_events(store, actor=code, limit=limit, offset=offset)
        summary["event_list"] = _page(total, limit, offset, items)
        return summary

    @app.get("/api/dyads", tags=["api"], summary="The busiest country pairs")
    def api_dyads(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        every = top_dyads(store, limit=10**9)
        return _page(len(every), limit, offset, every[offset:offset + limit])

    # ============================================================================= pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_index(request: Request, store: StoreDep, page: Annotated[int, Query(ge=1)] = 1,
                   sort: Literal["size", "latest"] = "size") -> HTMLResponse:
        total, stories = queries.list_stories(store, PAGE_SIZE, (page - 1) * PAGE_SIZE, sort)
        if page > 1 and not stories:
            raise HTTPException(404, f"there is no page {page}")
        return render(request, "index.html", stories=stories, pages=_pages(total, page), sort=sort,
                      counts=store.counts(), dyads=top_dyads(store, limit=8), actors=top_actors(store, limit=10))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, store: StoreDep, story_id: str) -> HTMLResponse:
        story = queries.get_story(store, story_id)
        if story is None:
            raise HTTPException(404, f"There is no story {story_id!r} in this store.")
        return render(request, "story.html", story=story)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
        art = queries.get_article(store, article_id)
        if art is None:
            raise HTTPException(404, f"There is no article {article_id!r} in this store.")
        events = queries.article_events(store, article_id)
        story = None
        if art.get("story_id"):
            row = store.conn.execute("SELECT story_id, title, size FROM stories WHERE story_id=?",
                                     (art["story_id"],)).fetchone()
            story = dict(row) if row else None
        return render(request, "article.html", art=art, events=events, story=story)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def page_search(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=500)] = "",
                    page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        total, results = 0, []
        if q.strip():
            total, results = queries.search_articles(store, q, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                                     marks=(MARK_OPEN, MARK_CLOSE))
        return render(request, "search.html", query=q, results=results, pages=_pages(total, page))

    @app.get("/actors/{code}", response_class=HTMLResponse, include_in_schema=False)
    def page_actor(request: Request, store: StoreDep, code: Annotated[str, PathParam(pattern=CODE_RE)],
                   page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        code = code.upper()
        summary = queries.actor_summary(store, code)
        if summary is None:
            raise HTTPException(404, f"No events in this store have the actor {code}.")
        total, events = queries.find_events(store, actor=code, limit=PAGE_SIZE * 2, offset=(page - 1) * PAGE_SIZE * 2)
        return render(request, "actor.html", actor=summary, events=events,
                      pages=_pages(total, page, PAGE_SIZE * 2))

    @app.get("/dyads/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def page_dyad(request: Request, store: StoreDep, a: Annotated[str, PathParam(pattern=COUNTRY_RE)],
                  b: Annotated[str, PathParam(pattern=COUNTRY_RE)],
                  by: Literal["day", "week", "month"] | None = None, directed: bool = False) -> HTMLResponse:
        a, b = a.upper(), b.upper()
        by = by or queries.auto_period(store, a, b)
        rel = series(store, a, b, by=by, directed=directed)
        events = top_events(store, a, b, directed=directed, limit=12)
        for e in events:
            e["cameo_name"] = queries.cameo_name(e.get("cameo_code"))
        totals = {k: sum(r[k] for r in rel["series"]) for k in ("events", "cooperation", "conflict")}
        g_all = store.conn.execute(
            "SELECT avg(goldstein) FROM events WHERE ((source_country=? AND target_country=?) "
            + ("" if directed else "OR (source_country=? AND target_country=?)") + ")",
            (a, b) if directed else (a, b, b, a)).fetchone()[0]
        return render(request, "dyad.html", a=a, b=b, rel=rel, chart=timeline_svg(rel), events=events,
                      stories=top_stories(store, a, b, directed=directed, limit=10), totals=totals,
                      goldstein_mean=g_all, by=by, directed=directed)

    return app


def app_from_env() -> FastAPI:
    """The app for ``newsgraph serve --workers N``: the store and token come from the environment
    (``NEWSGRAPH_SERVE_DB``, ``NEWSGRAPH_TOKEN``), since worker processes import the app by name."""
    import os

    db = os.environ.get("NEWSGRAPH_SERVE_DB")
    if not db:
        raise RuntimeError("NEWSGRAPH_SERVE_DB is not set (start the server with `newsgraph serve`)")
    return create_app(db, token=os.environ.get("NEWSGRAPH_TOKEN") or None)
