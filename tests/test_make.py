"""`make html` alone writes a complete site: the PDF and the single page it links to are there, and current.

On a fresh copy of the project (with the ready virtual environment linked
in), `make html` must build the PDF and the single page first; after a
section is edited, the next `make html` must bring both up to date too;
when nothing changed, it must typeset nothing and write no page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import PDF_NAME, ROOT, SINGLE_PAGE, build_env, pdf_to_text, project_copy

ADDED = "This sentence was added to check that the PDF follows the sources."


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = project_copy(tmp_path_factory.mktemp("make"))
    for ready in (".venv", "node_modules"):
        (project / ready).symlink_to(ROOT / ready)
    return project


def make(project: Path, target: str) -> subprocess.CompletedProcess:
    result = subprocess.run(["make", target], cwd=project, env=build_env(project), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


def site_pdf_is_the_built_pdf(project: Path) -> bool:
    site, built = project / "_build" / "html" / PDF_NAME, project / "_build" / "latex" / PDF_NAME
    return site.is_file() and built.is_file() and site.read_bytes() == built.read_bytes()


# The tests share the project and run in this order.

def single_page_text(project: Path) -> str:
    return " ".join((project / "_build" / "html" / SINGLE_PAGE).read_text(encoding="utf-8").split())


def test_make_html_on_a_fresh_clone_builds_the_pdf_it_links_to(project):
    make(project, "html")
    assert site_pdf_is_the_built_pdf(project)
    assert "AMEERA-5" in single_page_text(project)


def test_after_an_edit_make_html_brings_the_pdf_up_to_date(project):
    section = project / "source" / "conclusion.md"
    section.write_text(section.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")
    make(project, "html")
    assert ADDED in " ".join(pdf_to_text(project / "_build" / "html" / PDF_NAME).split())
    assert site_pdf_is_the_built_pdf(project)
    assert ADDED in single_page_text(project)


def test_with_nothing_changed_make_html_writes_nothing_new(project):
    pdf = project / "_build" / "latex" / PDF_NAME
    before = pdf.stat().st_mtime_ns
    result = make(project, "html")
    assert "All targets" in result.stdout and "up-to-date" in result.stdout, "latexmk typeset the PDF again"
    assert pdf.stat().st_mtime_ns == before
    # No builder read or wrote a page: the LaTeX and single-page builders write their one file whole.
    assert "reading sources... [" not in result.stdout
    assert "writing output... [" not in result.stdout
