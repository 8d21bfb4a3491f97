"""`make release`: an append-only site of every version, each complete and self-describing.

The releases are made in a temporary git repository holding a copy of the
project (the clone the tests run in may have no tags, or other ones). Once
per module the history is played out, with the Makefile's own target:

1. version 1.0.0 is released (the tag is created);
2. ``make release`` runs again for 1.0.0, which must change nothing;
3. CITATION.cff is raised to 1.1.0 and committed, and that is released.

The copy's CITATION.cff gains a published address, so that the versioned
pages' canonical addresses can be checked. Tests that must see a release
refused work on their own copy of the repository and site.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import signposting
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from lxml import etree
from pypdf import PdfReader

from conftest import CONTENT_PAGES, JATS_CATALOG, ROOT, digests, git, pdf_to_text, project_copy, read_citation, serve, spelled
from browser_tab import WCAG_22_AA
from scholarly_pages import inventory_labels

PUBLISHED_AT = "https://example.org/amcenestrant/"
FIRST, SECOND = "1.0.0", "1.1.0"
IDENTITY = ["-c", "user.name=Release Test", "-c", "user.email=release@example.org"]
OUTPUTS = ["index.html", "amcenestrant.html", "amcenestrant.pdf", "amcenestrant-tagged.pdf", "amcenestrant.epub", "amcenestrant.xml", "amcenestrant.bib", "objects.inv"]


def make_release(repo: Path) -> subprocess.CompletedProcess:
    """`make release` in the repository, with this test run's Python and packages and
    the project's JATS DTDs: ``-o`` keeps make from re-making either in the copy."""
    dtds = JATS_CATALOG.relative_to(ROOT)
    return subprocess.run(["make", "--no-print-directory", "-o", "venv", "-o", str(dtds), "release",
                           f"PYTHON={sys.executable}"], cwd=repo, capture_output=True, text=True)


def commit_all(repo: Path, message: str) -> None:
    subprocess.run(["git", *IDENTITY, "commit", "-q", "-a", "-m", message], cwd=repo, check=True)


def set_version(repo: Path, version: str) -> None:
    citation = repo / "CITATION.cff"
    text = citation.read_text(encoding="utf-8")
    # The value only: CITATION.cff may name it with a YAML anchor (version: &version "1.0.0").
    citation.write_text(re.sub(r'(?m)^(version: (?:&\S+ )?)"[^"]*"', rf'\g<1>"{version}"', text), encoding="utf-8")


@dataclass(frozen=True)
class History:
    repo: Path
    first: subprocess.CompletedProcess
    again: subprocess.CompletedProcess
    second: subprocess.CompletedProcess
    after_first: dict[str, str]
    after_again: dict[str, str]

    @property
    def site(self) -> Path:
        return self.repo / "_build" / "site"

    def version(self, version: str) -> Path:
        return self.site / "v" / version


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    repo = project_copy(tmp_path_factory.mktemp("release"))
    with (repo / "CITATION.cff").open("a", encoding="utf-8") as citation:
        citation.write(f"url: {PUBLISHED_AT}\n")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", *IDENTITY, "commit", "-q", "-m", "The paper"], cwd=repo, check=True)
    # The DTDs `npm ci` installed for this checkout (git ignores the folder).
    (repo / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)

    first = make_release(repo)
    assert first.returncode == 0, first.stdout + first.stderr
    after_first = digests(repo / "_build" / "site")
    again = make_release(repo)
    after_again = digests(repo / "_build" / "site")
    set_version(repo, SECOND)
    commit_all(repo, f"Version {SECOND}")
    second = make_release(repo)
    assert second.returncode == 0, second.stdout + second.stderr
    return History(repo, first, again, second, after_first, after_again)


def copy_of(history: History, where: Path) -> Path:
    """A copy of the repository with its site, for a test that tries to break it."""
    work = history.repo / "_build" / "release"
    return Path(shutil.copytree(history.repo, where / "repo", symlinks=True,
                                ignore=lambda folder, names: ["release"] if Path(folder) == work.parent else []))


def page(folder: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((folder / name).read_text(encoding="utf-8"), "lxml")


# -- Append-only ---------------------------------------------------------------------------


def test_a_release_puts_html_pdf_epub_jats_and_citations_in_one_folder(history):
    folder = history.version(FIRST)
    assert history.first.returncode == 0
    for name in OUTPUTS + [f"{name}.html" for name in CONTENT_PAGES]:
        assert (folder / name).is_file(), name
    jats = etree.parse(str(folder / "amcenestrant.xml"))
    for graphic in jats.iter("graphic"):
        assert (folder / graphic.get("{http://www.w3.org/1999/xlink}href")).is_file()
    assert git("tag", "--list", cwd=history.repo).split() == [f"v{FIRST}", f"v{SECOND}"]


def test_releasing_the_same_version_again_changes_nothing_and_says_so(history):
    assert history.again.returncode == 0, history.again.stderr
    assert history.after_again == history.after_first
    assert f"v/{FIRST}/ is unchanged" in history.again.stdout
    assert "byte-identical" in history.again.stdout


def test_a_new_version_leaves_the_published_one_as_it_was(history):
    before = {name: digest for name, digest in history.after_first.items() if name.startswith(f"v/{FIRST}/")}
    now = {f"v/{FIRST}/{name}": digest for name, digest in digests(history.version(FIRST)).items()}
    assert now == before
    assert f"v/{SECOND}/ written" in history.second.stdout


def test_a_tampered_published_file_is_refused_and_named(history, tmp_path):
    repo = copy_of(history, tmp_path)
    tampered = repo / "_build" / "site" / "v" / SECOND / "ameera-3.html"
    tampered.write_text(tampered.read_text(encoding="utf-8").replace("AMEERA-3", "AMEERA-4", 1), encoding="utf-8")
    site_before = digests(repo / "_build" / "site")
    result = make_release(repo)
    assert result.returncode != 0
    assert f"v/{SECOND}/ameera-3.html would change" in result.stderr
    assert "raise the version" in result.stderr
    assert digests(repo / "_build" / "site") == site_before


# -- versions.json, latest/ ----------------------------------------------------------------


def test_versions_json_lists_every_version_in_the_switcher_format(history):
    entries = json.loads((history.site / "versions.json").read_text(encoding="utf-8"))
    released = str(read_citation(history.repo)["date-released"])
    assert entries == [
        {"name": f"{SECOND} (latest)", "version": SECOND, "url": f"{PUBLISHED_AT}v/{SECOND}/",
         "date": released, "preferred": True},
        {"name": FIRST, "version": FIRST, "url": f"{PUBLISHED_AT}v/{FIRST}/", "date": released},
    ]


def test_latest_is_a_copy_of_the_newest_version(history):
    assert digests(history.site / "latest") == digests(history.version(SECOND))
    index = page(history.site, "index.html")
    assert index.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=latest/"


def test_crawlers_find_robots_txt_and_every_versions_sitemap_at_the_site_root(history):
    # Read as a crawler reads them: Python's robots.txt parser, over HTTP from the site's root.
    from urllib.robotparser import RobotFileParser

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    with serve(history.site) as address:
        robots = RobotFileParser(f"{address}/robots.txt")
        robots.read()
        assert robots.can_fetch("Googlebot", f"{PUBLISHED_AT}v/{FIRST}/index.html")
        assert robots.site_maps() == [f"{PUBLISHED_AT}sitemap.xml"]
    index = etree.parse(str(history.site / "sitemap.xml"))
    listed = index.xpath("/s:sitemapindex/s:sitemap/s:loc/text()", namespaces=namespace)
    # Every version's own sitemap, which lists that version's pages: the canonical addresses.
    assert listed == [f"{PUBLISHED_AT}v/{version}/sitemap.xml" for version in (SECOND, FIRST)]
    for version, address in zip((SECOND, FIRST), listed):
        sitemap = etree.parse(str(history.site / address.removeprefix(PUBLISHED_AT)))
        pages = sitemap.xpath("/s:urlset/s:url/s:loc/text()", namespaces=namespace)
        assert pages and all(page.startswith(f"{PUBLISHED_AT}v/{version}/") for page in pages)
        assert all((history.site / page.removeprefix(PUBLISHED_AT)).is_file() for page in pages)


def test_a_signposting_client_finds_every_version_and_the_latest_in_the_sites_linkset(history):
    with serve(history.site) as address:
        found = signposting.find_signposting_linkset(f"{address}/linkset.json")
    landing = {version: f"{PUBLISHED_AT}v/{version}/index.html" for version in (FIRST, SECOND)}
    latest = f"{PUBLISHED_AT}latest/index.html"
    assert {str(anchor) for anchor in found.other_contexts} | {str(found.context)} >= {*landing.values(), latest}
    for version, page in landing.items():
        described = found.for_context(page)
        # Each version is cited at its own address, and offers its own PDF and reference records.
        assert str(described.citeAs.target) == page
        assert f"{PUBLISHED_AT}v/{version}/amcenestrant.pdf" in {str(item.target) for item in described.items}
        records = {str(record.target) for record in described.describedBy}
        assert records and all(record.startswith(f"{PUBLISHED_AT}v/{version}/") and
                               (history.site / record.removeprefix(PUBLISHED_AT)).is_file() for record in records)
    # The latest is cited as the newest version it copies.
    assert str(found.for_context(latest).citeAs.target) == landing[SECOND]
    # Which is the latest, for every version (RFC 5829's relation, outside Signposting's own).
    contexts = json.loads((history.site / "linkset.json").read_text(encoding="utf-8"))["linkset"]
    assert {context["anchor"]: context["latest-version"][0]["href"] for context in contexts} == {
        landing[FIRST]: landing[SECOND], landing[SECOND]: landing[SECOND], latest: landing[SECOND]}


# -- Every output knows its version ----------------------------------------------------------


def test_every_output_names_its_version_date_and_commit(history):
    folder = history.version(FIRST)
    commit = git("rev-parse", f"v{FIRST}", cwd=history.repo)
    for name in CONTENT_PAGES:
        head = page(folder, f"{name}.html").head
        assert head.find("meta", attrs={"name": "paper-version"})["content"] == FIRST, name
        assert head.find("meta", attrs={"name": "paper-commit"})["content"] == commit, name
    info = PdfReader(folder / "amcenestrant.pdf").metadata
    assert (info["/Version"], info["/Commit"]) == (FIRST, commit)
    first_page = pdf_to_text(folder / "amcenestrant.pdf").split("\f")[0]
    assert re.search(rf"Version:? {re.escape(FIRST)}\b", first_page) and commit in first_page
    with zipfile.ZipFile(folder / "amcenestrant.epub") as epub:
        package = epub.read("content.opf").decode()
        title_page = epub.read("index.xhtml").decode()
    assert f'<meta property="ibooks:version">{FIRST}</meta>' in package
    assert commit in title_page
    jats = etree.parse(str(folder / "amcenestrant.xml"))
    assert jats.findtext("front/article-meta/article-version") == FIRST
    assert jats.findtext("front/article-meta/custom-meta-group/custom-meta/meta-value") == commit


def test_each_versioned_page_is_its_own_canonical_address_and_cites_it(history):
    folder = history.version(FIRST)
    ameera3 = page(folder, "ameera-3.html")
    address = f"{PUBLISHED_AT}v/{FIRST}/ameera-3.html"
    assert ameera3.find("link", rel="canonical")["href"] == address
    assert f"{address}#sec-ameera-3" in ameera3.find(id="cite-apa").get_text()
    jats = etree.parse(str(folder / "amcenestrant.xml"))
    assert {uri.get("{http://www.w3.org/1999/xlink}href") for uri in jats.iter("self-uri")} == {
        f"{PUBLISHED_AT}v/{FIRST}/index.html", f"{PUBLISHED_AT}v/{FIRST}/amcenestrant.pdf",
    }


# -- The link contract ---------------------------------------------------------------------


def test_every_label_of_the_previous_release_resolves_in_the_next(history):
    previous = inventory_labels(history.version(FIRST) / "objects.inv")
    current = inventory_labels(history.version(SECOND) / "objects.inv")
    assert len(previous) > 10
    assert set(previous) <= set(current)
    for label in previous:
        page_name, _, anchor = current[label].partition("#")
        assert page(history.version(SECOND), page_name).find(id=anchor or True), label


def tags(repo: Path) -> str:
    return subprocess.run(["git", "show-ref", "--tags"], cwd=repo, capture_output=True, text=True).stdout


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_refusal_leaves_nothing_and_doing_what_it_says_releases_the_same_version(history, tmp_path):
    """An author's way to 1.2.0 through every refusal: each leaves the tags and the site as they were,
    and each refusal's own advice, followed, leads on to the next, until 1.2.0 is released."""
    repo = copy_of(history, tmp_path)
    site = repo / "_build" / "site"
    before = (tags(repo), digests(site))

    def refused(*says: str) -> None:
        result = make_release(repo)
        assert result.returncode != 0, result.stdout
        assert all(phrase in result.stderr for phrase in says), result.stderr
        assert (tags(repo), digests(site)) == before, "a refused release left a tag or a file behind"

    set_version(repo, "1.2")
    edit(repo, "CITATION.cff", 'version: &version "1.2"', 'version: &version "the second revision"')
    commit_all(repo, "A version that cannot be ordered")
    refused("cannot be ordered", "use numbers")
    set_version(repo, "1.2.0")
    refused("uncommitted changes", "Commit them")
    # A citation of no reference, committed with the version: the strict build refuses it.
    edit(repo, "source/ameera-3.md", "{cite:p}`ascopost2023ameera3`", "{cite:p}`ascopost2099ameera3`")
    commit_all(repo, "Version 1.2.0, citing a reference that is not in references.bib")
    refused("build failed", "ascopost2099ameera3")
    edit(repo, "source/ameera-3.md", "{cite:p}`ascopost2099ameera3`", "{cite:p}`ascopost2023ameera3`")
    edit(repo, "source/ameera-3.md", "(sec-ameera-3-safety)=", "(sec-ameera-3-harms)=")
    commit_all(repo, "The citation corrected; a label renamed without keeping the old one")
    refused("sec-ameera-3-safety", "alias")
    edit(repo, "source/ameera-3.md", "(sec-ameera-3-harms)=", "(sec-ameera-3-safety)=\n(sec-ameera-3-harms)=")
    commit_all(repo, "Keep the old label as an alias, as the refusal said")

    result = make_release(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout
    tagged = subprocess.run(["git", "rev-parse", "v1.2.0^{commit}"], cwd=repo, capture_output=True, text=True).stdout
    assert tagged == head
    assert (site / "v" / "1.2.0" / "index.html").is_file()
    assert json.loads((site / "versions.json").read_text(encoding="utf-8"))[0]["version"] == "1.2.0"


# -- "You are reading version X; the latest is Y" -------------------------------------------


@pytest.fixture(scope="module")
def site_server(history):
    with serve(history.site) as address:
        yield address


def test_an_old_version_served_over_http_names_and_links_the_latest(history, reader, site_server):
    tab = reader()
    opened = tab.open(f"{site_server}/v/{FIRST}/ameera-3.html#sec-ameera-3-results")
    opened.locator(".paper-version-latest").wait_for(timeout=10_000)
    assert opened.locator(".paper-version").inner_text().startswith(f"You are reading version {FIRST} of ")
    link = opened.locator(".paper-version-latest a")
    assert link.inner_text() == f"version {SECOND}"
    assert link.get_attribute("href") == f"/v/{SECOND}/ameera-3.html#sec-ameera-3-results"
    opened.evaluate("location.hash = '#sec-ameera-3-safety'")
    assert link.get_attribute("href") == f"/v/{SECOND}/ameera-3.html#sec-ameera-3-safety"
    assert (tab.outside, tab.failed, tab.errors) == ([], [], [])


def test_the_latest_version_says_it_is_the_latest(reader, site_server):
    tab = reader()
    for url in (f"{site_server}/v/{SECOND}/index.html", f"{site_server}/latest/"):
        opened = tab.open(url)
        opened.locator(".paper-version-latest").wait_for(timeout=10_000)
        assert opened.locator(".paper-version-latest").inner_text().strip() == "This is the latest version."
    assert (tab.outside, tab.failed, tab.errors) == ([], [], [])


def test_from_disk_the_banner_is_the_static_line_and_nothing_is_fetched(history, reader):
    tab = reader()
    opened = tab.open((history.version(FIRST) / "ameera-3.html").as_uri())
    opened.wait_for_load_state("networkidle")
    commit = git("rev-parse", "--short=7", f"v{FIRST}", cwd=history.repo)
    assert opened.locator(".paper-version").inner_text() == (
        f"You are reading version {FIRST} of {spelled(read_citation(history.repo)['date-released'])} (commit {commit})."
    )
    assert opened.locator(".paper-version-latest").count() == 0
    assert (tab.outside, tab.failed, tab.errors) == ([], [], [])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_banner_with_its_link_passes_axe(reader, site_server, scheme):
    opened = reader(color_scheme=scheme).open(f"{site_server}/v/{FIRST}/ameera-3.html")
    opened.locator(".paper-version-latest a").wait_for(timeout=10_000)
    results = Axe().run(opened, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
