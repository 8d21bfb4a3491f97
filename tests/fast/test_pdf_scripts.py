"""Any script a scientist writes prints in the PDF as written; a character no font has is refused.

The minimal paper gains a paragraph in many scripts and is typeset by LuaLaTeX
(``make all-pdf`` in the LaTeX output, as ``make latexpdf`` runs it): the PDF's
text, as Poppler extracts it, holds every word, and every font is embedded.
A character that no font of the fallback chain has stops the build at the
LaTeX writer with one line naming the file, the line and the character.
"""

from __future__ import annotations

import subprocess
import unicodedata

import pytest

from conftest import pdf_to_text

#: Words in the scripts an author's name, a unit or a formula in prose may use.
WORDS = {
    "Greek": "αβγ Ωμέγα",
    "Cyrillic": "Кириллица",
    "Chinese": "王小明",
    "Japanese": "山田太郎 やまだ",
    "Korean": "김민준",
    "Vietnamese": "Nguyễn",
    "mathematical symbols": "∀x ∈ ℝ, ⊂ ⊕ ≠ ≈ √",
    "emoji": "😀 ✅",
    "thin space": "400\N{THIN SPACE}mg",
}


def add_paragraph(paper, text: str) -> int:
    """Put a paragraph after the first one of the minimal paper; the line it is on."""
    index = paper / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines()
    lines[5:5] = ["", text, ""]
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 7


def test_every_script_prints_as_written_with_every_font_embedded(minimal_paper, build_strictly):
    add_paragraph(minimal_paper, "; ".join(f"{name}: {word}" for name, word in WORDS.items()) + ".")
    result = build_strictly(minimal_paper, "latex")
    assert result.passed, result.warnings
    latex = minimal_paper / "_build" / "latex"
    typeset = subprocess.run(["make", "-C", str(latex), "all-pdf"], capture_output=True, text=True)
    assert typeset.returncode == 0, typeset.stdout[-3000:]
    text = " ".join(pdf_to_text(latex / "minimal.pdf").split())
    for name, word in WORDS.items():
        assert " ".join(word.split()) in text, f"{name}: {word!r} is not in the PDF's text"
    fonts = subprocess.run(["pdffonts", str(latex / "minimal.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "\n".join(fonts)
    assert any("NotoSerifCJK" in line for line in fonts) and any("Symbola" in line for line in fonts)


#: Characters the PDF cannot print, and what the line says of each.
REFUSED = {
    "private-use": ("\ue000", "private-use"),
    "unassigned": ("\u0378", "not a character Unicode has assigned"),
    "right-to-left": ("\u05e2\u05d1\u05e8\u05d9\u05ea", "right-to-left"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_character_no_font_has_stops_the_build_with_file_line_and_character(minimal_paper, build_strictly, case):
    characters, problem = REFUSED[case]
    line = add_paragraph(minimal_paper, f"A word with {characters} in it.")
    result = build_strictly(minimal_paper, "latex")
    assert not result.passed
    code = f"U+{ord(characters[0]):04X}"
    lines = [line_ for line_ in result.problem_lines() if code in line_]
    assert len(lines) == 1 and f"index.md:{line}:" in lines[0] and problem in lines[0], result.warnings
    name = unicodedata.name(characters[0], "")
    assert name in lines[0]
