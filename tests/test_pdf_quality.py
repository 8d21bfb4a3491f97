"""The PDF as a printer and a reader need it: every font embedded, no line
sticking into the margin, each figure and table near where the text first
points to it, its title in the reader's title bar."""

from __future__ import annotations

import re
import subprocess

import pytest
from pypdf import PdfReader

#: pdffonts's columns, right to left: object number, generation, uni, sub, emb.
EMBEDDED_COLUMN = -5


def fonts(pdf) -> list[list[str]]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listing.splitlines()[2:]]


def test_every_font_is_embedded_and_none_is_a_bitmap(each_paper):
    listed = fonts(each_paper.pdf)
    assert listed
    not_embedded = [row[0] for row in listed if row[EMBEDDED_COLUMN] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    # Type 3 fonts are usually bitmaps that print blurred.
    bitmap = [row[0] for row in listed if "Type 3" in " ".join(row)]
    assert not bitmap, f"Type 3 fonts: {bitmap}"


def test_no_line_runs_into_the_margin(each_paper):
    log = each_paper.pdf.with_suffix(".log").read_text(encoding="latin-1")
    assert f"Output written on {each_paper.pdf.name}" in log
    overfull = re.findall(r"^Overfull \\[hv]box .*$", log, flags=re.MULTILINE)
    assert not overfull, "\n".join(overfull)


def float_pages(pages: list[str], kind: str) -> dict[str, tuple[int, int]]:
    """For each numbered figure or table: the page of its first mention and of its caption.

    A caption starts a line with "Figure 4. "; any other "Figure 4" is a mention.
    """
    def is_caption(page: str, match: re.Match) -> bool:
        at_line_start = match.start() == 0 or page[match.start() - 1] == "\n"
        return at_line_start and page[match.end():match.end() + 2] in (". ", ".\n")

    found = {}
    for number in sorted({int(n) for page in pages for n in re.findall(rf"^{kind}\s+(\d+)\.\s", page, re.M)}):
        name = re.compile(rf"{kind}\s+{number}(?!\d)")
        caption_page = next(i for i, page in enumerate(pages)
                            if any(is_caption(page, match) for match in name.finditer(page)))
        mention_page = next((i for i, page in enumerate(pages)
                             if any(not is_caption(page, match) for match in name.finditer(page))), None)
        found[f"{kind} {number}"] = (mention_page, caption_page)
    return found


@pytest.mark.parametrize("kind", ["Figure", "Table"])
def test_figures_and_tables_sit_near_their_first_mention(built, kind):
    pages = built.pdf_text().split("\f")
    placed = float_pages(pages, kind)
    assert len(placed) >= 3, placed
    for name, (mention, caption) in placed.items():
        assert mention is not None, f"{name} is never mentioned in the text"
        # On the page that first mentions it, or the next one; never before it.
        assert 0 <= caption - mention <= 1, f"{name}: mentioned on page {mention + 1}, placed on {caption + 1}"


def test_float_pages_reads_mentions_and_captions_apart():
    pages = ["As Figure 2 shows.", "Figure 1. First.", "Figure 2. Second.\nFigure 1 is cited again."]
    assert float_pages(pages, "Figure") == {"Figure 1": (2, 1), "Figure 2": (0, 2)}


def test_a_pdf_reader_shows_the_title_not_the_file_name(each_paper):
    # PDF/UA and WCAG (PDF18): ViewerPreferences /DisplayDocTitle true, with a title to show.
    reader = PdfReader(each_paper.pdf)
    preferences = reader.trailer["/Root"].get("/ViewerPreferences", {})
    assert preferences.get("/DisplayDocTitle") == True  # noqa: E712 (pypdf's BooleanObject is not True itself)
    assert reader.metadata.title
