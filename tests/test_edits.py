"""An edited paper is the paper a clean build makes: the whole paper, edited as an author edits it, built by `make`.

The paper is built once by `make html epub jats` in a copy of the project
(with the ready virtual environment and npm packages linked in). Each case
takes that built tree, in the folder it was built in, makes one edit (tests/edits.py generates them from
the paper's own inputs: a reference's field, the version, an author, a
fact, a table cell, a figure's source, a label, a section added or removed)
and runs a sequence of make targets in it; every output of those targets
(the site file by file, the single page, the EPUB entry by entry, the JATS,
the PDF's text and metadata) must then be what the same targets make in a
clean copy of the edited sources. The fast tier (tests/fast/test_edits_small_paper.py)
runs every generated edit on a small paper; here one of each kind runs on
the real one, with the Makefile's own targets, and `make preview`'s rebuild.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, build_env, project_copy
from edits import (BuiltTree, Edit, bib_edits, citation_file_edits, data_edits, differences, figure_edits, heading_edit,
                   label_edit, output_files, replace_once, section_added, section_removed)
from paperbuild import preview

pytestmark = pytest.mark.edits

#: What each target makes, under _build/ (the PDF is compared as its text and metadata, in latex/ and in the site).
OUTPUTS = {"html": ("html", "singlehtml", "latex"), "latexpdf": ("latex",), "singlehtml": ("singlehtml", "latex"),
           "epub": ("epub",), "jats": ("jats",)}


def make(project: Path, *targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-o", "venv", *targets], cwd=project,
                          env=build_env(project), capture_output=True, text=True)


def made(project: Path, *targets: str) -> None:
    result = make(project, *targets)
    assert result.returncode == 0, f"make {' '.join(targets)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


def linked_copy(source: Path, target: Path, ignore=None) -> Path:
    """A copy of a project that uses the ready virtual environment and npm packages."""
    copy = Path(shutil.copytree(source, target, symlinks=True, ignore=ignore))
    for ready in (".venv", "node_modules"):
        if not (copy / ready).exists():
            (copy / ready).symlink_to(ROOT / ready)
    return copy


def outputs(project: Path, targets) -> dict[str, bytes]:
    found = {}
    for folder in sorted({folder for target in targets for folder in OUTPUTS[target]}):
        files = output_files(project / "_build" / folder)
        if folder == "latex":  # what LaTeX made on the way to the PDF is not an output
            files = {name: text for name, text in files.items() if name.endswith(".pdf") and "/" not in name
                     and not name.startswith("graphviz-")}
        found.update({f"{folder}/{name}": text for name, text in files.items()})
    return found


def clean_build(edited: Path, where: Path, targets) -> Path:
    """The same targets made in a clean copy of the edited sources: what the edited tree must hold."""
    clean = linked_copy(edited, where / "clean", ignore=shutil.ignore_patterns("_build", ".venv", "node_modules"))
    made(clean, *targets)
    return clean


def assert_same_as_a_clean_build(edited: Path, where: Path, targets, what: str) -> None:
    found = differences(outputs(edited, targets), outputs(clean_build(edited, where, targets), targets))
    assert not found, f"after {what}, make {' '.join(targets)}:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def built_tree(tmp_path_factory) -> BuiltTree:
    project = linked_copy(project_copy(tmp_path_factory.mktemp("built")), tmp_path_factory.mktemp("tree") / "project")
    made(project, "html", "epub", "jats")
    tree = BuiltTree(project)
    tree.keep()
    return tree


def one_of_each_kind() -> list[tuple[Edit, tuple[str, ...]]]:
    """One edit of each kind of input the paper reads, each with a sequence of targets, the Makefile's in turn."""
    project, source = ROOT, ROOT / "source"
    title_edit = Edit("references.bib cortes2024ameera5 title: Randomized to Randomised",
                      lambda copy: replace_once(copy / "references.bib", "title        = {Randomized", "title        = {Randomised"))
    version = next(edit for edit in citation_file_edits(project) if edit.name == "CITATION.cff version")
    date = next(edit for edit in citation_file_edits(project) if edit.name == "CITATION.cff date-released")
    return [
        (title_edit, ("html",)),
        (Edit("CITATION.cff version and date-released", lambda copy: (version.apply(copy), date.apply(copy))),
         ("html", "epub", "jats")),
        (next(edit for edit in citation_file_edits(project) if "author" in edit.name), ("latexpdf", "html")),
        (next(bib_edits(project / "references.bib", fields={"journal"})), ("epub", "html")),
        (next(data_edits(project, "data/trials.yaml", facts={"ameera3.randomised"})), ("jats", "html")),
        (next(edit for edit in data_edits(project, "data/trials.yaml") if "table" in edit.name), ("html",)),
        (next(figure_edits(source / "figures", project)), ("singlehtml", "html")),
        (heading_edit(source / "ameera-3.md", project), ("html", "epub")),
        (label_edit(source, project, "sec-conclusion"), ("html", "jats")),
        (section_added(source, project, after="conclusion"), ("html", "epub")),
    ]


CASES = one_of_each_kind()


@pytest.mark.parametrize("edit, targets", CASES, ids=[f"{edit.name} | make {' '.join(targets)}" for edit, targets in CASES])
def test_after_an_edit_make_makes_what_a_clean_build_makes(built_tree, tmp_path, edit, targets):
    edited = built_tree.restored()
    edit.apply(edited)
    for target in targets:
        made(edited, target)
    assert_same_as_a_clean_build(edited, tmp_path, targets, edit.name)


def test_a_removed_section_leaves_nothing_behind(built_tree, tmp_path):
    """A section added and built, then removed: its page, downloads and entries go from every output."""
    edited = built_tree.restored()
    source = edited / "source"
    section_added(source, edited, after="conclusion").apply(edited)
    made(edited, "html", "epub", "jats")
    section_removed(source, edited, "added").apply(edited)
    made(edited, "html", "epub", "jats")
    assert_same_as_a_clean_build(edited, tmp_path, ("html", "epub", "jats"), "a section added, built and removed")


def test_a_number_corrected_after_a_failed_build_reaches_every_output(built_tree, tmp_path):
    """The issue's case: a wrong value stops `make`; the corrected one must then be everywhere."""
    edited = built_tree.restored()
    data = edited / "source" / "data" / "trials.yaml"
    good = data.read_text(encoding="utf-8")
    block = re.search(r"^  ameera5\.pfs\.hr:\n    value: \"([\d.]+)\"", good, flags=re.M)
    data.write_text(good.replace(block[0], block[0].replace(block[1], "not a number")), encoding="utf-8")
    assert make(edited, "html").returncode != 0
    data.write_text(good.replace(block[0], block[0].replace(block[1], "1.210")), encoding="utf-8")
    made(edited, "html")
    assert_same_as_a_clean_build(edited, tmp_path, ("html",), "a corrected number after a failed build")


def test_make_preview_rebuilds_what_a_clean_build_makes(built_tree, tmp_path):
    """Saved while `make preview` runs: once its rebuild is done, the site is a clean build's, PDF included."""
    edited = built_tree.restored()
    log = tmp_path / "preview.log"
    with preview(edited, log, timeout=300):
        served = log.read_text().count("Serving on")
        edit = next(edit for edit in data_edits(edited, "data/trials.yaml") if "table" in edit.name)
        edit.apply(edited)
        deadline = time.monotonic() + 300
        while log.read_text().count("Serving on") <= served:
            assert time.monotonic() < deadline, f"the preview did not rebuild:\n{log.read_text()[-3000:]}"
            time.sleep(0.5)
    assert "exit code" not in log.read_text(), log.read_text()[-3000:]
    assert_same_as_a_clean_build(edited, tmp_path, ("html",), "make preview's rebuild")
