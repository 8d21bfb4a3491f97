"""The typst builder writes a tagged PDF, PDF/UA-1: structure, language, alternative text, links, fonts.

The minimal paper gains a figure (an SVG drawing with its alternative text)
and is built in-process with the ``typst`` builder. Poppler's pdfinfo must
call the PDF tagged; its catalogue must hold the structure tree, the
language and ``/MarkInfo /Marked true``; the structure tree must hold the
title, a heading, the table with header cells, the reference list as a
list, the citation as a link and the figure with its alternative text;
every font must be embedded with a Unicode map, the headings bookmarked,
and page-validation must find every PDF/UA-1 rule kept. An image without
alternative text stops the build with the file and line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import page
import pytest
from pypdf import PdfReader

from conftest import pdf_to_text
from tagged_pdf import alt_texts, catalog, element_types

ALT = "A red square on a white ground."
SQUARE = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="red"/></svg>\n'


def add_figure(paper: Path, alt: str | None = ALT) -> int:
    """A figure of an SVG drawing after the minimal paper's first paragraph; the line of its directive."""
    (paper / "square.svg").write_text(SQUARE, encoding="utf-8")
    index = paper / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines()
    figure = [":::{figure} square.svg", *([f":alt: {alt}"] if alt is not None else []), ":name: fig-square", "",
              "The square.", ":::", "", "See {numref}`fig-square`.", ""]
    lines[5:5] = ["", *figure]
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 7


def tagged_pdf(paper: Path) -> Path:
    return paper / "_build" / "typst" / "minimal-tagged.pdf"


def test_the_typst_builder_writes_a_tagged_pdf_ua_1(minimal_paper, build_strictly):
    add_figure(minimal_paper)
    result = build_strictly(minimal_paper, "typst")
    assert result.passed, result.warnings
    pdf = tagged_pdf(minimal_paper)

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           A minimal paper" in info

    root = catalog(pdf)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712

    types = element_types(pdf)
    for tag in ("/Title", "/H1", "/P", "/Table", "/TH", "/TD", "/L", "/LI", "/Link", "/Figure", "/Caption"):
        assert tag in types, f"no {tag} element in the structure tree"
    assert ALT in alt_texts(pdf)
    assert [str(item["/Title"]) for item in PdfReader(pdf).outline] == ["References"]

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(row[-5:-2] == ["yes", "yes", "yes"] for row in rows), fonts  # embedded, subset, Unicode

    report = page.validate_pdf(pdf, profile="ua1")
    assert report.is_compliant, [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
    assert report.rules.failed == 0 and report.rules.passed == report.rules.total


def test_an_image_without_alternative_text_stops_the_build_with_its_line(minimal_paper, build_strictly):
    line = add_figure(minimal_paper, alt=None)
    result = build_strictly(minimal_paper, "typst")
    assert not result.passed
    problems = result.problem_lines()
    assert any(f"index.md:{line}" in problem and "alternative text" in problem for problem in problems), problems
    assert not tagged_pdf(minimal_paper).exists()


def test_the_pdf_is_typeset_again_only_when_what_it_is_made_from_changed(minimal_paper, build_strictly):
    add_figure(minimal_paper)
    assert build_strictly(minimal_paper, "typst").passed
    pdf = tagged_pdf(minimal_paper)
    first, written = pdf.read_bytes(), pdf.stat().st_mtime_ns
    again = build_strictly(minimal_paper, "typst")
    assert again.passed and "the tagged PDF is up to date" in again.status
    assert pdf.stat().st_mtime_ns == written
    # A picture is not a source Sphinx reads: its change alone must typeset the PDF again.
    square = minimal_paper / "square.svg"
    square.write_text(square.read_text(encoding="utf-8").replace("red", "blue"), encoding="utf-8")
    changed = build_strictly(minimal_paper, "typst")
    assert changed.passed and "the tagged PDF is up to date" not in changed.status
    assert pdf.read_bytes() != first


#: The scripts set in Noto Serif CJK, whose glyphs in Typst's subset fail page-validation's check of glyph widths.
CJK = ("Chinese", "Japanese", "Korean")


def scripts_paper(paper: Path, names) -> Path:
    from test_pdf_scripts import WORDS, add_paragraph

    add_paragraph(paper, "; ".join(f"{name}: {WORDS[name]}" for name in names) + ".")
    return paper


def test_every_script_prints_as_written_in_the_tagged_pdf(minimal_paper, build_strictly):
    from test_pdf_scripts import WORDS

    result = build_strictly(scripts_paper(minimal_paper, WORDS), "typst")
    assert result.passed, result.warnings
    text = " ".join(pdf_to_text(tagged_pdf(minimal_paper)).split())
    for name, word in WORDS.items():
        assert " ".join(word.split()) in text, f"{name}: {word!r} is not in the tagged PDF's text"


def test_every_script_but_cjk_keeps_pdf_ua_1(minimal_paper, build_strictly):
    from test_pdf_scripts import WORDS

    assert build_strictly(scripts_paper(minimal_paper, [name for name in WORDS if name not in CJK]), "typst").passed
    report = page.validate_pdf(tagged_pdf(minimal_paper), profile="ua1")
    assert report.is_compliant, [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


@pytest.mark.xfail(strict=True, reason="Noto Serif CJK (an OpenType collection with CFF outlines) as Typst 0.15 "
                   "subsets it: page-validation reads CID 1's width as 0 in the font program but 1000 in /W "
                   "(PDFUA1-FONT-GLYPH-WIDTH-001); the paper itself has no CJK text")
def test_cjk_text_keeps_pdf_ua_1(minimal_paper, build_strictly):
    assert build_strictly(scripts_paper(minimal_paper, CJK), "typst").passed
    report = page.validate_pdf(tagged_pdf(minimal_paper), profile="ua1")
    assert report.is_compliant, [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
