"""A browser tab as the tests read pages with: Debian's Chromium through
Playwright, every request that would leave the machine blocked and recorded,
failed requests and script errors recorded (fixtures in conftest.py)."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import Browser, Page

# WCAG 2.2 AA adds target size (2.5.8): links at least 24 px or spaced apart.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
LOAD_ALL_IMAGES = """() => Promise.all([...document.images].map(img => {
    img.loading = "eager";
    return img.decode().catch(() => null);
}))"""


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in {"file", "data", "blob", "about"} or (
        parsed.scheme == "http" and parsed.hostname in LOCAL_HOSTS
    )


class Reader:
    """A browser tab that blocks and records every request leaving the machine,
    and records failed requests (a 404 among them) and script errors."""

    def __init__(self, browser: Browser, **context_options):
        self.context = browser.new_context(**context_options)
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("request", lambda request: None if is_local(request.url) else self.outside.append(request.url))
        self.page.on("requestfailed", self._failed)
        # A request the server answers "not found" (a missing icon, style sheet, figure) fails too.
        self.page.on("response", lambda response: response.status >= 400
                     and self.failed.append(f"{response.url}: HTTP {response.status}"))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))

    def _failed(self, request) -> None:
        # The browser asks for the page's icon (type "other") once the page has
        # loaded, and drops the request when the reader moves on to the next
        # page; that is no failure. An icon that is not there answers 404,
        # which counts (the "response" handler above).
        if not (request.resource_type == "other" and request.failure == "net::ERR_ABORTED"):
            self.failed.append(f"{request.url}: {request.failure}")

    def _route(self, route):
        if is_local(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, url: str) -> Page:
        """Load a page with all its images (the figures load lazily: on
        scrolling, or never before the next page aborts them)."""
        response = self.page.goto(url, wait_until="load")
        assert response is None or response.ok, f"{url}: HTTP {response.status}"
        self.page.evaluate(LOAD_ALL_IMAGES)
        broken = self.page.evaluate("[...document.images].filter(img => !img.naturalWidth).map(img => img.src)")
        self.failed.extend(f"{src}: image did not load" for src in broken)
        return self.page

    def close(self):
        self.context.close()
