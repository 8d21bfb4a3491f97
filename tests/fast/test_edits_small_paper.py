"""An edited paper is the paper a clean build makes: every input, every builder, every order.

The small paper of tests/roots/test-edits is built once by every builder
below, in-process, in each of two layouts: one environment shared by every
builder (as ``sphinx-build -M`` and Sphinx's test applications keep it) and
one per builder (as the Makefile keeps them). For each edit (generated from
the inputs themselves, tests/edits.py), a copy of that built tree is edited
and a sequence of builds runs in it, as the Makefile's targets run them; then
every output of every builder that ran must be, file by file, the output of
a clean build of the edited sources by the same sequence. The expectation is
that clean build, never one written here.
"""

from __future__ import annotations

import itertools
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _file_checksum_inner
from sphinx.testing.util import _clean_up_global_state

from conftest import JATS_CATALOG, ROOT
from edits import (BuiltTree, Edit, bib_edits, citation_file_edits, data_edits, declarations_edits, differences,
                   figure_edits, heading_edit, label_edit, output_files, section_added, section_removed, sentence_added,
                   setting_edit, style_sheet_edit)

pytestmark = pytest.mark.edits

SMALL_PAPER = ROOT / "tests" / "roots" / "test-edits"

#: The Makefile's targets, as the builders each runs in turn (make html builds the PDFs and the single page first).
TARGETS = {
    "html": ("latex", "typst", "singlehtml", "html"),
    "latexpdf": ("latex",),
    "tagpdf": ("typst",),
    "singlehtml": ("latex", "typst", "singlehtml"),
    "epub": ("epub",),
    "jats": ("jats",),
    "text": ("text",),
    "dirhtml": ("dirhtml",),
}
#: Sequences of targets run after an edit: each builder first and last, after each other one.
SEQUENCES = (
    ("html",),
    ("latexpdf", "html"),
    ("html", "latexpdf"),
    ("epub", "html"),
    ("jats", "text", "html"),
    ("singlehtml", "epub", "dirhtml"),
    ("text", "jats"),
    ("tagpdf", "html"),
    ("html", "tagpdf"),
)


def generated_edits() -> list[Edit]:
    project = SMALL_PAPER
    return [
        *bib_edits(project / "references.bib"),
        *citation_file_edits(project),
        *data_edits(project, "data/trials.yaml"),
        *declarations_edits(project, "data/declarations.yaml"),
        *figure_edits(project / "figures", project),
        heading_edit(project / "methods.md", project),
        sentence_added(project / "results.md", project),
        label_edit(project, project, "sec-methods"),
        label_edit(project, project, "tbl-doses"),
        section_added(project, project, after="results"),
        section_removed(project, project, "results"),
        style_sheet_edit(project / "_static", project),
        setting_edit(),
    ]


EDITS = generated_edits()
#: Where the builders keep their environments: one folder for all, as ``sphinx-build -M`` and Sphinx's test
#: applications do, or a folder each, as the Makefile gives them.
LAYOUTS = ("shared environment", "environment per builder")
#: Every edit with one sequence and one layout, in turn, and the first edit (a reference's field) with every
#: sequence in both layouts.
CASES = list(dict.fromkeys([
    *zip(EDITS, itertools.cycle(SEQUENCES), itertools.cycle(LAYOUTS)),
    *((EDITS[0], sequence, layout) for sequence in SEQUENCES for layout in LAYOUTS),
]))


def run(project: Path, builder: str, layout: str) -> None:
    """One strict in-process build; the test stops with the build's warnings if it fails."""
    build = project / "_build"
    doctrees = build / "doctrees" / (builder if layout == "environment per builder" else "")
    warnings = StringIO()
    app = Sphinx(project, project, build / builder, doctrees, builder, status=StringIO(), warning=warnings,
                 warningiserror=True, confoverrides={"paper_jats_catalog": str(JATS_CATALOG)})
    try:
        app.build()
    finally:
        # What the extensions registered with docutils goes, as the next application registers it again;
        # so do the checksums of the site's files, which Sphinx keeps for the life of its process.
        _clean_up_global_state()
        _file_checksum_inner.cache_clear()
    assert app.statuscode == 0, warnings.getvalue()


def make(project: Path, targets, layout: str) -> set[str]:
    """Run targets in a project as the Makefile does; the builders that ran."""
    ran = set()
    for target in targets:
        for builder in TARGETS[target]:
            run(project, builder, layout)
            ran.add(builder)
    return ran


@pytest.fixture(scope="module", autouse=True)
def dates_from_the_commit():
    """Dates from a fixed moment, not the clock, as the Makefile gives every build (and Graphviz honours)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        patch.setenv("FORCE_SOURCE_DATE", "1")
        yield


@pytest.fixture(scope="module")
def built_trees(tmp_path_factory, dates_from_the_commit) -> dict[str, BuiltTree]:
    """The small paper built once by every builder, in each layout."""
    trees = {}
    for layout in LAYOUTS:
        tree = BuiltTree(Path(shutil.copytree(SMALL_PAPER, tmp_path_factory.mktemp("built") / "project")))
        make(tree.folder, TARGETS, layout)
        tree.keep()
        trees[layout] = tree
    return trees


@pytest.mark.parametrize("edit, sequence, layout", CASES,
                         ids=[f"{edit.name} | make {' then '.join(seq)} | {layout}" for edit, seq, layout in CASES])
def test_after_an_edit_every_target_makes_what_a_clean_build_makes(built_trees, tmp_path, edit, sequence, layout):
    edited = built_trees[layout].restored()
    edit.apply(edited)
    clean = Path(shutil.copytree(edited, tmp_path / "clean", ignore=shutil.ignore_patterns("_build")))

    ran = make(edited, sequence, layout)
    make(clean, sequence, layout)
    for builder in sorted(ran):
        found = differences(output_files(edited / "_build" / builder), output_files(clean / "_build" / builder))
        assert not found, f"{builder} after {edit.name}, then make {' '.join(sequence)}:\n" + "\n".join(found)


def test_the_edits_reach_every_kind_of_input():
    """The generator found an edit for each kind of input, and each edit changes its file."""
    kinds = {edit.name.split()[0] for edit in EDITS}
    assert {"references.bib", "CITATION.cff", "data", "figure", "heading", "label", "section", "style", "conf.py",
            "sentence"} <= kinds
    bib_fields = {edit.name.split()[-1] for edit in EDITS if edit.name.startswith("references.bib")}
    assert {"author", "title", "year", "pages", "publisher"} <= bib_fields
