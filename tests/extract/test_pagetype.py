"""The is-article decision on small invented pages (no shared data needed)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from lxml import etree

from newsgraph.extract.html import HtmlSettings, extract_html, load_tree
from newsgraph.extract.pagetype import (
    DEFAULT_THRESHOLD_HTML,
    DEFAULT_THRESHOLD_TEXT,
    PageSignals,
    PageTypeModel,
    html_signals,
)

_PARAGRAPHS = [
    "The harbour council of Westbrook voted on Tuesday evening to close the old ferry pier for "
    "repairs, ending weeks of debate among residents who rely on the crossing to reach work.",
    "Council member Ada Lindqvist said the timber supports had rotted faster than engineers "
    "expected, and that a temporary floating dock would open on the north shore by next month.",
    "Commuters who spoke to reporters after the meeting said they accepted the decision but "
    "worried about longer journeys, especially on winter mornings when the coastal road freezes.",
    "The repair budget, estimated at a little over two million, will be shared between the town "
    "and the regional transport authority, according to documents published before the vote.",
    "Engineers will begin removing the damaged sections in early spring, weather permitting, and "
    "the council expects the pier to reopen to foot passengers before the summer festival season.",
    "Local business owners near the terminal said they hoped the closure would be short, since "
    "many of their customers arrive by ferry from the island villages across the bay each day.",
]

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Westbrook closes ferry pier for repairs | The Westbrook Courier</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-03-12T18:30:00Z">
<meta name="author" content="Maria Okafor">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Westbrook closes ferry pier for repairs",
  "datePublished": "2024-03-12T18:30:00Z", "author": {{"@type": "Person", "name": "Maria Okafor"}}}}
</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav></header>
<main><article>
<h1>Westbrook closes ferry pier for repairs</h1>
<p class="byline">By Maria Okafor</p>
<time datetime="2024-03-12T18:30:00Z">March 12, 2024</time>
{"".join(f"<p>{p}</p>" for p in _PARAGRAPHS)}
</article></main>
<footer><p>&copy; 2024 The Westbrook Courier</p></footer>
</body></html>"""

_TEASERS = [
    ("Council approves new cycle lanes", "/news/2024/03/11/cycle-lanes-approved"),
    ("School choir wins regional prize", "/news/2024/03/10/choir-prize"),
    ("Storm damages coastal path", "/news/2024/03/09/storm-coastal-path"),
    ("Library extends opening hours", "/news/2024/03/08/library-hours"),
    ("Fishing fleet reports record catch", "/news/2024/03/07/record-catch"),
    ("New bakery opens on Market Street", "/news/2024/03/06/new-bakery"),
    ("Hospital car park to be expanded", "/news/2024/03/05/hospital-parking"),
    ("Town hall clock restored", "/news/2024/03/04/clock-restored"),
    ("Youth football league kicks off", "/news/2024/03/03/football-league"),
    ("Bus timetable changes next week", "/news/2024/03/02/bus-timetable"),
    ("Volunteers clean up the beach", "/news/2024/03/01/beach-cleanup"),
    ("Museum unveils maritime exhibit", "/news/2024/02/29/maritime-exhibit"),
]

LISTING_HTML = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Local news | The Westbrook Courier</title>
<meta property="og:type" content="website">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "CollectionPage",
 "name": "Local news"}}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav></header>
<main><h1>Local news</h1>
<ul class="teaser-list">
{"".join(
    f'<li class="teaser card"><h3><a href="{u}">{t}</a></h3><p class="excerpt">Read the latest on '
    f'this story.</p><time>March {i + 1}, 2024</time></li>'
    for i, (t, u) in enumerate(_TEASERS)
)}
</ul>
<nav class="pagination"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">Next</a></nav>
</main>
<footer><p>&copy; 2024 The Westbrook Courier</p></footer>
</body></html>"""

PRODUCT_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<title>Harbour Rain Jacket - Navy | Coastline Outfitters</title>
<meta property="og:type" content="product">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Product", "name": "Harbour Rain Jacket",
 "offers": {"@type": "Offer", "price": "89.00", "priceCurrency": "USD"}}
</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/men/">Men</a> <a href="/women/">Women</a>
<a href="/cart">Cart (0)</a></nav></header>
<main class="product-page">
<h1 class="product-title">Harbour Rain Jacket</h1>
<div class="product-price">$89.00 <s>$120.00</s></div>
<form class="add-to-cart" action="/cart/add" method="post">
<label>Size <select name="size"><option>S</option><option>M</option><option>L</option></select></label>
<label>Quantity <input type="number" name="qty" value="1"></label>
<button type="submit">Add to cart</button>
</form>
<p class="stock">In stock - ships in 2 days</p>
<div class="product-description"><p>A light waterproof shell with taped seams and a packable hood.</p>
<ul><li>Waterproof 10,000 mm</li><li>Two zip pockets</li><li>Machine washable</li></ul></div>
<section class="reviews"><h2>Reviews</h2><p>4.6 out of 5 (212 reviews)</p></section>
<section class="related"><h2>You may also like</h2>
<div class="product-card"><a href="/p/trail-fleece">Trail Fleece</a> <span class="price">$59.00</span></div>
<div class="product-card"><a href="/p/dock-boots">Dock Boots</a> <span class="price">$99.00</span></div>
<div class="product-card"><a href="/p/sea-cap">Sea Cap</a> <span class="price">$19.00</span></div>
</section>
</main>
<footer><a href="/shipping">Shipping</a> <a href="/returns">Returns</a></footer>
</body></html>"""


def _score_html(model: PageTypeModel, html: str, url: str) -> float:
    tree = load_tree(html, HtmlSettings())
    signals = html_signals(tree, url)
    result = extract_html(tree, url, HtmlSettings())
    return model.score_html(signals, result)


def test_news_article_scores_above_threshold() -> None:
    model = PageTypeModel()
    score = _score_html(model, ARTICLE_HTML, "https://westbrook-courier.example/news/2024/03/12/ferry-pier-closes-for-repairs")
    assert score >= DEFAULT_THRESHOLD_HTML


def test_listing_page_scores_below_threshold() -> None:
    model = PageTypeModel()
    score = _score_html(model, LISTING_HTML, "https://westbrook-courier.example/category/local-news/")
    assert score < DEFAULT_THRESHOLD_HTML


def test_product_page_scores_below_threshold() -> None:
    model = PageTypeModel()
    score = _score_html(model, PRODUCT_HTML, "https://coastline-outfitters.example/products/harbour-rain-jacket-navy")
    assert score < DEFAULT_THRESHOLD_HTML


def test_signals_read_the_tree_without_changing_it() -> None:
    for html in (ARTICLE_HTML, LISTING_HTML, PRODUCT_HTML):
        tree = load_tree(html, HtmlSettings())
        before = etree.tostring(tree, encoding="unicode")
        signals = html_signals(tree, "https://example.org/a/b?c=1")
        assert etree.tostring(tree, encoding="unicode") == before
        assert isinstance(signals, PageSignals)


def test_signals_see_structured_data_and_url() -> None:
    tree = load_tree(ARTICLE_HTML, HtmlSettings())
    s = html_signals(tree, "https://westbrook-courier.example/news/2024/03/12/ferry-pier-closes-for-repairs")
    assert s.ld_news == 1 and s.og_article == 1 and s.meta_published == 1 and s.meta_author == 1
    assert s.n_p >= len(_PARAGRAPHS) and s.n_article == 1 and s.n_time == 1
    assert s.url_date == 1 and s.url_slug_words == 5 and s.url_query == 0
    product = html_signals(load_tree(PRODUCT_HTML, HtmlSettings()), None)
    assert product.ld_product >= 1 and product.og_product == 1 and product.price_hits >= 4
    assert product.url_known == 0 and product.n_form == 1


def test_signals_pickle() -> None:
    signals = html_signals(load_tree(LISTING_HTML, HtmlSettings()), "https://example.org/tag/x/")
    assert pickle.loads(pickle.dumps(signals)) == signals


def test_text_pages() -> None:
    model = PageTypeModel()
    article_text = "\n".join(
        ["Home", "News", "Sport", "", "Westbrook closes ferry pier for repairs", "By Maria Okafor",
         "March 12, 2024", ""] + _PARAGRAPHS + ["", "© 2024 The Westbrook Courier"]
    )
    score = model.score_text(article_text, "Westbrook closes ferry pier for repairs", _PARAGRAPHS)
    assert score >= DEFAULT_THRESHOLD_TEXT
    listing_lines = ["Home", "News", "Sport", "", "Local news"]
    for i, (title, _) in enumerate(_TEASERS):
        listing_lines += [title, "Read the latest on this story.", f"March {i + 1}, 2024"]
    listing_text = "\n".join(listing_lines + ["1", "2", "Next"])
    score = model.score_text(listing_text, "Local news", [t for t, _ in _TEASERS])
    assert score < DEFAULT_THRESHOLD_TEXT


def test_model_pickles_before_and_after_first_use() -> None:
    model = PageTypeModel()
    assert model._html is None and model._text is None  # nothing loaded in __init__
    fresh = pickle.loads(pickle.dumps(model))
    url = "https://westbrook-courier.example/news/2024/03/12/ferry-pier-closes-for-repairs"
    score = _score_html(fresh, ARTICLE_HTML, url)
    assert fresh._html is not None
    again = pickle.loads(pickle.dumps(fresh))
    assert again._html is None  # reloads lazily in the receiving process
    assert _score_html(again, ARTICLE_HTML, url) == pytest.approx(score)


def test_missing_model_dir_fails_on_first_use_only(tmp_path: Path) -> None:
    model = PageTypeModel(str(tmp_path))  # constructing never touches the files
    with pytest.raises(Exception):
        model.score_text("some text", None, ["some text"])


def test_thresholds_match_trained_metadata() -> None:
    from newsgraph.extract.pagetype import load_metadata

    meta = load_metadata()
    assert meta["html"]["threshold"] == pytest.approx(DEFAULT_THRESHOLD_HTML)
    assert meta["text"]["threshold"] == pytest.approx(DEFAULT_THRESHOLD_TEXT)
