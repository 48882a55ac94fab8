"""The built site as a reader sees it, in a real headless Chromium (Debian's package).

Serves _build/html on localhost and, for every page of the table of contents, checks: no
console error, no failed request, no request outside the site (the site must work offline);
math typeset by the MathJax that the site itself serves; every image loaded; next/previous
links walk the pages in table-of-contents order; each step page offers its notebook for
download; Korean search finds the pages for a term.

Without a browser (or without a built site) these tests skip with the reason. In CI
(.ci/run sets REQUIRE_BROWSER_TESTS=1) a skip would hide a broken site, so they fail instead.
"""

import functools
import http.server
import json
import threading
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from conftest import assert_hangul_is_drawn_with_a_korean_font, unavailable
from list_exercises import toc_pages

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


PAGES = toc_pages()
STEP_PAGES = [p for p in PAGES if p.startswith("steps/")]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        unavailable(f"the site is not built ({SITE} has no index.html): run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Visit:
    """One page load, with everything that went wrong on the way."""

    def __init__(self, browser, url):
        self.page = browser.new_page()
        self.problems, self.outside = [], []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status} {r.url}"))
        self.page.route("**/*", self._only_this_site)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _only_this_site(self, route):
        url = route.request.url
        if urlparse(url).hostname in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _failed(self, request):
        if request.url not in self.outside:
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, site_url):
    opened = []

    def open_page(path):
        v = Visit(browser, f"{site_url}/{path}")
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


@pytest.fixture(scope="session")
def loaded(browser, site_url):
    """One load per page, shared by the read-only checks of that page (each check only looks).
    A load waits for the network to go idle, so loading every page once instead of once per
    check keeps the browser tests fast as the book grows."""
    cache = {}

    def get(path):
        if path not in cache:
            cache[path] = Visit(browser, f"{site_url}/{path}")
        return cache[path]

    yield get
    for v in cache.values():
        v.close()


# ---------------------------------------------------------------- every page


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_cleanly_offline(loaded, page):
    v = loaded(f"{page}.html")
    assert v.outside == [], f"{page} asked for resources outside the site: {v.outside}"
    assert v.problems == [], f"{page}: {v.problems}"


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset_and_markup_parsed(loaded, page):
    v = loaded(f"{page}.html")
    n_math = v.page.locator("article .math").count()
    if n_math:
        v.page.wait_for_function("() => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise")
        v.page.evaluate("() => window.MathJax.startup.promise")
        untypeset = v.page.evaluate(
            "() => [...document.querySelectorAll('article .math')]"
            ".filter(el => !el.querySelector('mjx-container')).map(el => el.textContent.slice(0, 60))"
        )
        assert untypeset == [], f"{page}: formulas left as raw TeX: {untypeset}"
        too_wide = v.page.evaluate(  # a display formula wider than the text column must be scrolled to be read
            "() => [...document.querySelectorAll('article mjx-container[display=\"true\"]')]"
            ".filter(m => m.scrollWidth > m.clientWidth + 1).map(m => m.closest('.math').textContent.slice(0, 60))"
        )
        assert too_wide == [], f"{page}: display formulas wider than the page: {too_wide}"
    prose = v.page.evaluate(
        "() => { const a = document.querySelector('article').cloneNode(true);"
        " a.querySelectorAll('pre, code, .highlight, .output, mjx-container, script').forEach(e => e.remove());"
        " return a.textContent; }"
    )
    # raw TeX means MathJax did not run; raw ** means Markdown emphasis did not parse
    for raw in ("$", "\\(", "\\[", "**"):
        assert raw not in prose, f"{page}: raw {raw!r} left in the text: …{prose[max(0, prose.find(raw) - 40):][:100]}…"


@pytest.mark.parametrize("page", PAGES)
def test_images_load(loaded, page):
    v = loaded(f"{page}.html")
    broken = v.page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], f"{page}: images that did not load: {broken}"



def test_benchmark_plot_is_shown(visit):
    v = visit("book/benchmark.html")
    widths = v.page.evaluate(
        "() => [...document.images].filter(i => i.src.endsWith('results.svg')).map(i => i.naturalWidth)"
    )
    assert widths and all(w > 0 for w in widths)


def _draws_a_graph(page):
    source = (ROOT / f"{page}.ipynb").read_text(encoding="utf-8")
    return "draw_graph(" in source or "draw_chain(" in source


GRAPH_PAGES = [p for p in STEP_PAGES if _draws_a_graph(p)]


def test_every_step_that_builds_a_graph_draws_it():
    expected = {"steps/step03", "steps/step05", "steps/step06", "steps/step07", "steps/step08", "steps/step09_1", "steps/step09"}
    assert expected <= set(GRAPH_PAGES), f"pages without a graph drawing: {sorted(expected - set(GRAPH_PAGES))}"


@pytest.mark.parametrize("page", GRAPH_PAGES)
def test_computational_graph_is_drawn(loaded, page):
    v = loaded(f"{page}.html")
    # myst-nb stores a notebook's SVG output as an image file next to the page
    drawn = v.page.evaluate(
        "() => [...document.querySelectorAll('.cell_output img')]"
        ".filter(i => i.src.endsWith('.svg') && i.complete && i.naturalWidth > 200).length"
    )
    assert drawn >= 1, f"{page}: no drawing of the computational graph"


# ---------------------------------------------------------------- navigation and downloads


def test_next_and_previous_walk_the_table_of_contents(loaded, visit):
    """Each page's next/previous link leads to its neighbour in _toc.yml, and clicking them walks
    the book: read from every page's links, then clicked through once from the first page."""
    expected = [f"/{p}.html" for p in PAGES]
    for i, page in enumerate(PAGES):
        v = loaded(f"{page}.html")
        links = v.page.evaluate(
            "() => Object.fromEntries(['right-next', 'left-prev'].map(c => "
            "[c, [...document.querySelectorAll('a.' + c)].map(a => new URL(a.href).pathname)[0] || null]))"
        )
        assert links["right-next"] == (expected[i + 1] if i + 1 < len(PAGES) else None), page
        assert links["left-prev"] == (expected[i - 1] if i else None), page

    v = visit(f"{PAGES[0]}.html")
    seen = [urlparse(v.page.url).path]
    while v.page.locator("a.right-next").count():
        v.page.locator("a.right-next").first.click()
        v.page.wait_for_load_state("load")
        seen.append(urlparse(v.page.url).path)
        assert len(seen) <= len(PAGES), f"next links loop: {seen}"
    assert seen == expected


@pytest.mark.parametrize("page", STEP_PAGES)
def test_download_button_offers_the_notebook(loaded, page):
    v = loaded(f"{page}.html")
    links = v.page.evaluate(
        "() => [...document.querySelectorAll('.dropdown-download-buttons a, a.btn-download-source-button')]"
        ".map(a => a.href)"
    )
    notebooks = [href for href in links if href.endswith(f"{page}.ipynb")]
    assert notebooks, f"{page}: no download link to the .ipynb among {links}"
    response = v.page.request.get(notebooks[0])
    assert response.ok
    notebook = json.loads(response.body())
    source = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))
    assert len(notebook["cells"]) == len(source["cells"])


# ---------------------------------------------------------------- Korean search

# Pages that discuss each term. Those marked "only inflected" hold the word only with a
# particle or ending attached (미분하면, 기울기를, 순전파와): Sphinx's English fallback misses them.
SEARCHES = {
    "역전파": ["steps/step09_1", "steps/step09_2", "steps/step09_stable", "book/stage1", "book/glossary"],
    "기울기": ["steps/step09_1", "steps/step09_2", "steps/step09_stable", "book/glossary",
             "book/benchmark"],  # only inflected
    "미분": ["steps/step09", "book/stage1", "book/intro", "book/glossary",
           "steps/step09_2", "book/how-to-use"],  # only inflected
    "계산 그래프": ["steps/step09_1", "book/stage1", "book/glossary"],
    "순전파": ["steps/step09_3", "steps/step09", "steps/step09_stable", "book/glossary",
            "book/stage1"],  # only inflected
}


@pytest.mark.parametrize("query", list(SEARCHES))
def test_korean_search_finds_the_pages(visit, query):
    v = visit(f"search.html?q={quote(query)}")
    v.page.wait_for_selector("#search-results .search-summary", timeout=15000)
    found = v.page.evaluate(
        "() => [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.getAttribute('href'))"
    )
    found_pages = {href.split("?")[0].split("#")[0].removesuffix(".html") for href in found}
    missing = [p for p in SEARCHES[query] if p not in found_pages]
    assert not missing, f"searching {query!r} found {sorted(found_pages)}, not {missing}"
    assert v.problems == [] and v.outside == []


# ---------------------------------------------------------------- Korean glyphs


@pytest.mark.parametrize("selector", ["article h1", "article p"])
def test_korean_text_is_drawn_with_a_font_that_has_hangul(loaded, selector):
    """What a screenshot of the test browser shows is what a reader sees: Hangul, not empty boxes."""
    v = loaded(f"{PAGES[0]}.html")
    assert_hangul_is_drawn_with_a_korean_font(v.page, selector)
