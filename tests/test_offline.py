"""The HTML site is self-contained: nothing it loads comes from the network.

Every script, style sheet, image, font and frame that a page or one of its
style sheets refers to must be a file of the site itself, and that file must
be there, so that the site works opened from disk as well as from a server.
(tests/test_reader.py also watches the requests a real browser makes.)
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup

from conftest import SECTION_PAGES

#: Attributes that make the browser fetch something as the page loads.
LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
}
#: <link> relations that load what they point to (not: next, prev, search, canonical...).
LOADING_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload",
                "prefetch", "preconnect", "dns-prefetch"}
JAVASCRIPT_TYPES = {"text/javascript", "application/javascript", "module", ""}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def loaded_by_page(soup: BeautifulSoup) -> list[str]:
    urls = []
    for tag, attributes in LOADING_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if value and attribute == "srcset":
                    urls.extend(candidate.split()[0] for candidate in value.split(","))
                elif value:
                    urls.append(value)
    for link in soup.find_all("link", href=True):
        if LOADING_RELS & set(link.get("rel", [])):
            urls.append(link["href"])
    inline_css = [style.get_text() for style in soup.find_all("style")]
    inline_css += [element["style"] for element in soup.find_all(style=True)]
    urls.extend(url for css in inline_css for url in css_urls(css))
    return urls


def css_urls(css: str) -> list[str]:
    return [url or imported for url, imported in CSS_URL.findall(css)]


def local_file(base: Path, url: str, site: Path) -> Path | None:
    """The site's file a relative URL names; None if it leaves the site or names a host."""
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc:
        return None
    target = (base.parent / unquote(parsed.path)).resolve()
    return target if target.is_relative_to(site.resolve()) else None


def test_pages_load_only_files_of_the_site(built):
    pages = sorted(built.html.glob("*.html"))
    assert {f"{name}.html" for name in ["index", *SECTION_PAGES]} <= {page.name for page in pages}
    problems = []
    for page in pages:
        urls = loaded_by_page(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"))
        assert any(url.endswith(".css") or ".css?" in url for url in urls), f"{page.name}: no style sheet found"
        for url in urls:
            if url.startswith("data:"):
                continue
            target = local_file(page, url, built.html)
            if target is None or not target.is_file():
                problems.append(f"{page.name}: {url}")
    assert not problems, "loaded from outside the site, or missing:\n" + "\n".join(problems)


def test_style_sheets_load_no_fonts_or_images_from_outside(built):
    sheets = sorted(built.html.glob("_static/**/*.css"))
    assert sheets
    problems = []
    for sheet in sheets:
        for url in css_urls(sheet.read_text(encoding="utf-8")):
            if url.startswith("data:"):
                continue
            target = local_file(sheet, url, built.html)
            if target is None or not target.is_file():
                problems.append(f"{sheet.relative_to(built.html)}: {url}")
    assert not problems, "\n".join(problems)


def test_no_inline_script_reaches_a_server(built):
    # An analytics snippet or a script loader is inline code naming a URL.
    for page in sorted(built.html.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for script in soup.find_all("script", src=False):
            if script.get("type", "text/javascript") not in JAVASCRIPT_TYPES:
                continue  # a data block, such as JSON-LD metadata, which never runs
            assert "://" not in script.get_text(), f"{page.name}: {script.get_text()[:200]}"


def test_the_scan_recognises_what_loads_from_a_cdn():
    soup = BeautifulSoup(
        '<html><head><script src="https://cdn.example/mathjax.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        '<link rel="next" href="https://example.org/next.html">'
        '<style>@font-face { src: url("https://fonts.example/a.woff2"); }</style></head>'
        '<body><img srcset="a.png 1x, https://img.example/b.png 2x"></body></html>',
        "lxml",
    )
    assert sorted(loaded_by_page(soup)) == sorted([
        "https://cdn.example/mathjax.js", "//fonts.example/css", "https://fonts.example/a.woff2",
        "a.png", "https://img.example/b.png",
    ])
    site = Path("/site")
    assert local_file(site / "index.html", "//fonts.example/css", site) is None
    assert local_file(site / "index.html", "../elsewhere.css", site) is None
    assert local_file(site / "index.html", "_static/a.css?v=1", site) == site / "_static/a.css"
