"""An incremental build after an edit reads again exactly the pages that show what changed, and writes every page.

One copy of the project is built, then edited and rebuilt step by step: a
fact of the data file (shown in prose, in a table, in a figure, in the
forest plot), an entry of references.bib, CITATION.cff. Which pages each
edit must read again is worked out here from the sources themselves (which
page quotes the fact, holds the table, figure or plot that shows it, cites
the entry), not by the extension. Once anything was read, every page is
written again, since pages show each other's numbers and headings
(paper.rebuilds); with nothing changed, none is. That the pages then are
what a clean build makes is tests/test_edits.py's to check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT_PAGES, assert_built, build, project_copy



def pages(step: str, output: str) -> set[str]:
    """The pages a build read or wrote, from its progress lines: ``reading sources... [ 50%] ameera-3``."""
    # Coloured, the lines would match nothing, and "no page written" would pass unseen.
    assert "\x1b[" not in output, "the build printed terminal colours: build with NO_COLOR set"
    return set(re.findall(step + r"\.\.\. \[\s*\d+%\] (\S+)", output))


def sources(project: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in (project / "source").glob("*.md")}


def pages_showing_fact(project: Path, key: str) -> set[str]:
    """Every page whose prose, tables, figures or forest plot show the fact, read from the sources."""
    data = yaml.safe_load((project / "source" / "data" / "trials.yaml").read_text(encoding="utf-8"))
    placeholder = "{%s}" % key
    tables = {name for name, table in data.get("tables", {}).items() if placeholder in repr(table)}
    figures = {path.name for path in (project / "source" / "figures").iterdir()
               if placeholder in path.read_text(encoding="utf-8")}
    in_forest = any(row["fact"] == key for row in data.get("forest", {}).get("rows", []))
    return {
        page for page, text in sources(project).items()
        if f"`{key}`" in text
        or any(re.search(r"\{trial-table\}\s+%s\s*$" % re.escape(table), text, flags=re.M) for table in tables)
        or any(f"figures/{figure}" in text for figure in figures)
        or (in_forest and "{forest-plot}" in text)
    }


def pages_citing(project: Path, key: str) -> set[str]:
    return {page for page, text in sources(project).items() if re.search(r"\{cite:[pt]\}`[^`]*\b%s\b" % re.escape(key), text)}


def replace_value(path: Path, key: str, value: str) -> None:
    """Give a fact of the data file a new value."""
    text = path.read_text(encoding="utf-8")
    edited, found = re.subn(r"(\n  %s:\n    value: )[^\n]*" % re.escape(key), lambda match: match[1] + value, text)
    assert found == 1, f"no fact {key!r} in {path}: update this test"
    path.write_text(edited, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project, built once; the tests below edit and rebuild it in order."""
    project = project_copy(tmp_path_factory.mktemp("incremental"))
    assert_built(build(project, "html", project / "_build"))
    return project


def rebuild(project: Path) -> set[str]:
    """Build again; the pages read. When any was, every page must have been written."""
    result = build(project, "html", project / "_build")
    assert_built(result)
    read, written = pages("reading sources", result.stdout), pages("writing output", result.stdout)
    assert written == (set(CONTENT_PAGES) if read else set()), f"read {sorted(read)}, wrote {sorted(written)}"
    return read


# The tests share the project and run in this order, each rebuilding after its edit.

def test_a_rebuild_without_edits_reads_and_writes_no_page(project):
    assert rebuild(project) == set()


@pytest.mark.parametrize("key, value", [
    ("dates.discontinuation", "2022-08-18"),   # in the prose of one section
    ("ameera5.pfs.hr", '"1.210"'),             # in prose, two tables and the forest plot
    ("ameera3.randomised", "291"),             # in prose, a table and a Graphviz figure
])
def test_a_changed_fact_is_read_again_on_the_pages_that_show_it(project, key, value):
    expected = pages_showing_fact(project, key)
    assert expected, f"no page shows {key}: update this test"
    replace_value(project / "source" / "data" / "trials.yaml", key, value)
    assert rebuild(project) == expected


def test_a_changed_reference_is_read_again_on_the_pages_that_cite_it_and_the_list(project):
    key = "sanofi2022update"
    expected = pages_citing(project, key)
    assert len(expected) > 1
    bib = project / "references.bib"
    entry = re.search(r"@\w+\{%s,.*?\n\}" % key, bib.read_text(encoding="utf-8"), flags=re.S)[0]
    title = re.search(r"\btitle\s*=\s*\{", entry)[0]
    edit(bib, entry, entry.replace(title, title + "Revised: ", 1))
    # The references page lists it.
    assert rebuild(project) == expected | {"references"}
    for page in expected:
        assert "Revised: " in (project / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8")


def test_a_changed_citation_file_is_read_again_on_every_page(project):
    edit(project / "CITATION.cff", 'version: &version "', 'version: &version "9.')
    assert rebuild(project) == set(CONTENT_PAGES)
