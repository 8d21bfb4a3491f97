"""The Read the Docs build, run here as Read the Docs runs it.

The commands of ``.readthedocs.yaml`` run one by one, in a copy of the
project, with the environment Read the Docs sets (``READTHEDOCS_OUTPUT``,
``READTHEDOCS_CANONICAL_URL`` and the rest). What lands in
``$READTHEDOCS_OUTPUT`` is then checked as Read the Docs would publish it:
the HTML site with the PDF inside it, every page canonical for the version
built and every ``citation_pdf_url`` resolving there; the PDF; the EPUB.

Read the Docs installs the system packages named in ``apt_packages``, which
cannot be tried offline; instead, every package that
``scripts/ensure-system-packages`` checks for a build must be listed there.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT_PAGES, PDF_NAME, ROOT, build_env, project_copy
from scholarly_pages import metas, read_page

CONFIG = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
#: The address Read the Docs gives the version it builds.
CANONICAL = "https://amcenestrant.readthedocs.io/en/latest/"


def read_the_docs_environment(output: Path) -> dict[str, str]:
    return {
        **build_env(),
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "READTHEDOCS_PROJECT": "amcenestrant",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_NAME": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_LANGUAGE": "en",
    }


def share_virtual_environment(project: Path) -> None:
    """Give a copy of the project the working tree's packages, as if `make` had installed them there.

    Everything in .venv is linked, except the Makefile's stamp files, which
    are made afresh, so that the copy's `make` finds its requirements
    installed and never reinstalls into the shared environment.
    """
    venv = project / ".venv"
    venv.mkdir()
    for entry in (ROOT / ".venv").iterdir():
        if entry.name.startswith("."):
            (venv / entry.name).touch()
        else:
            (venv / entry.name).symlink_to(entry)


def build_packages() -> list[str]:
    """The Debian packages scripts/ensure-system-packages checks for before a build."""
    script = (ROOT / "scripts" / "ensure-system-packages").read_text(encoding="utf-8")
    checks = re.search(r"^checks=\((.*?)^\)", script, flags=re.S | re.M).group(1)
    return re.findall(r'^\s*"(\S+)\s', checks, flags=re.M)


def test_read_the_docs_installs_every_system_package_the_build_needs():
    needed = build_packages()
    assert {"graphviz", "latexmk", "fonts-texgyre"} <= set(needed)
    missing = sorted(set(needed) - set(CONFIG["build"]["apt_packages"]))
    assert not missing, f".readthedocs.yaml's apt_packages lacks {missing}"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """$READTHEDOCS_OUTPUT after running every command of .readthedocs.yaml in a copy of the project."""
    tmp = tmp_path_factory.mktemp("readthedocs")
    project = project_copy(tmp)
    share_virtual_environment(project)
    output = tmp / "output"
    environment = read_the_docs_environment(output)
    for command in CONFIG["build"]["commands"]:
        result = subprocess.run(["bash", "-c", command], cwd=project, env=environment, capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return output


def test_read_the_docs_publishes_the_pdf_and_the_epub(published):
    (pdf,) = (published / "pdf").iterdir()
    assert pdf.name == PDF_NAME and pdf.read_bytes().startswith(b"%PDF")
    (epub,) = (published / "epub").iterdir()
    with zipfile.ZipFile(epub) as book:
        assert book.read("mimetype") == b"application/epub+zip"


def test_the_published_site_holds_the_pdf_every_page_points_at(published):
    site = published / "html"
    assert (site / PDF_NAME).read_bytes() == (published / "pdf" / PDF_NAME).read_bytes()
    for name in CONTENT_PAGES:
        page = read_page(site / f"{name}.html")
        # Only the paper's own page names the PDF as its full text (one Scholar record).
        expected = [f"{CANONICAL}{PDF_NAME}"] if name == "index" else []
        assert metas(page, "citation_pdf_url") == expected, name
        assert [a["href"] for a in page.select("article p.paper-pdf a")] == [f"{CANONICAL}{PDF_NAME}"], name


def test_every_published_page_is_canonical_for_the_version_built(published):
    pages = sorted(path.name for path in (published / "html").glob("*.html"))
    assert {f"{name}.html" for name in CONTENT_PAGES} <= set(pages)
    for name in pages:
        (link,) = read_page(published / "html" / name).head.find_all("link", rel="canonical")
        assert link["href"] == f"{CANONICAL}{name}"

