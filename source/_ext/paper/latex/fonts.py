"""The PDF's fonts: TeX Gyre, then a fallback chain from Debian's fonts for every other script.

TeX Gyre Termes, Heros and Cursor set the paper's Latin text. A character
they lack is taken from the first font of :data:`FALLBACK` that has it,
by luaotfload's fallback feature (``luaotfload.add_fallback`` and
``RawFeature={fallback=...}`` on each family): Noto Serif (Greek, Cyrillic,
the rest of Latin, phonetics, spacing such as U+2009), Noto Serif CJK SC
(Chinese, Japanese and Korean names), Noto Sans Math and Noto Sans Symbols
(mathematical and other symbols), Symbola (emoji, in black and white: the
LuaTeX of Debian's TeX Live cannot draw Noto's colour emoji, and would drop
them without a word). The chain holds only the fallback fonts that the
document's characters need (:class:`CheckCharacters` chooses them): luaotfload
loads every font of a chain with each size and style of each family, and
the whole chain made the paper's PDF build seconds slower for no character.

What no font of the chain has would print as nothing (TeX notes it in its
log, or, with ``\\tracinglostchars=3``, stops with a line of the log that
names no source file): :class:`CheckCharacters` refuses it first, naming the
character and where it was typed: the source file and line, the ``.bib``
entry's line for a reference's text, CITATION.cff's line for the title page's
title and authors. So is a private-use character, whatever
glyph a font has for it. Right-to-left scripts (Arabic, Hebrew) are
refused too: without a bidirectional algorithm, LuaTeX would set their
letters left to right, a word backwards.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..content.references import reference_place

logger = logging.getLogger(__name__)

#: The paper's own fonts (fontspec), by file name in TeX's tree.
FAMILIES = (("main", "texgyretermes"), ("sans", "texgyreheros"), ("mono", "texgyrecursor"))
NOTO = Path("/usr/share/fonts/truetype/noto")
#: The fallback chain, in order: (file, face in a collection, the Debian package that installs it).
FALLBACK = (
    (NOTO / "NotoSerif-Regular.ttf", 0, "fonts-noto-core"),
    (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"), 2, "fonts-noto-cjk"),  # the SC face
    (NOTO / "NotoSansMath-Regular.ttf", 0, "fonts-noto-core"),
    (NOTO / "NotoSansSymbols-Regular.ttf", 0, "fonts-noto-core"),
    (NOTO / "NotoSansSymbols2-Regular.ttf", 0, "fonts-noto-core"),
    (Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"), 0, "fonts-symbola"),
)
FALLBACK_NAME = "paperfallback"
#: Characters no font draws, by design: controls, format characters (joiners,
#: the soft hyphen), line and paragraph separators, variation selectors.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
RIGHT_TO_LEFT = {"R", "AL"}
#: The sub- and superscript characters (U+2070 to U+209F) that TeX Gyre lacks, all
#: but ¹, ² and ³: the preamble sets them as the font's own digits lowered or raised
#: (:func:`paper.latex.pdf.script_characters`).
SCRIPT_CHARACTERS = [
    chr(code) for code in range(0x2070, 0x20A0)
    if unicodedata.decomposition(chr(code)).startswith(("<sub>", "<super>"))
]


def is_variation_selector(character: str) -> bool:
    return 0xFE00 <= ord(character) <= 0xFE0F or 0xE0100 <= ord(character) <= 0xE01EF


def fontspec_fonts(fallback=()) -> str:
    """fontspec's set-up: the fallback chain (these of :data:`FALLBACK`), then the
    three families, each falling back on it."""
    chain = ",".join(f'"file:{path.name}{f"({face})" if face else ""}:mode=node;"' for path, face, _ in fallback)
    lines = [rf'\directlua{{luaotfload.add_fallback("{FALLBACK_NAME}", {{{chain}}})}}'] if fallback else []
    feature = f", RawFeature={{fallback={FALLBACK_NAME}}}" if fallback else ""
    lines += [
        rf"\set{family}font{{{name}}}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,"
        rf" ItalicFont=*-italic, BoldItalicFont=*-bolditalic{feature}]"
        for family, name in FAMILIES
    ]
    return "\n".join(lines)


def fallback_for(characters) -> list[tuple[Path, int, str]]:
    """The fonts of :data:`FALLBACK` that these characters need, in the chain's order."""
    codes = {ord(character) for character in characters} - _own_characters()
    needed = []
    for font in FALLBACK:
        found = {code for code in codes if code in _characters(font[0], font[1])}
        if found:
            needed.append(font)
            codes -= found
    return needed


@cache
def _characters(path: Path, face: int = 0) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=face, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def _own_characters() -> frozenset[int]:
    """What every one of the paper's three families has (each falls back on the chain for the rest)."""
    paths = subprocess.run(["kpsewhich", *(f"{name}-regular.otf" for _, name in FAMILIES)],
                           capture_output=True, text=True, check=True).stdout.split()
    return frozenset.intersection(*(_characters(Path(path)) for path in paths))


def missing(character: str) -> str | None:
    """Why the PDF cannot print this character, or None if a font of the paper has it."""
    if character in SCRIPT_CHARACTERS or unicodedata.category(character) in INVISIBLE_CATEGORIES:
        return None
    if is_variation_selector(character):
        return None
    if unicodedata.category(character) == "Co":
        # Some fonts put glyphs of their own there, which mean nothing to a reader or a search.
        return "is a private-use character, which has no meaning outside an agreement of its own"
    if unicodedata.bidirectional(character) in RIGHT_TO_LEFT:
        return "is of a right-to-left script, which the PDF cannot yet set in order"
    code = ord(character)
    if code in _own_characters() or any(code in _characters(path, face) for path, face, _ in FALLBACK):
        return None
    category = unicodedata.category(character)
    if category == "Cn":
        return "is not a character Unicode has assigned"
    return "is in no font of the PDF (TeX Gyre, Noto Serif, Noto Serif CJK, Noto Sans Math and Symbols, Symbola)"


def describe(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


class CheckCharacters(SphinxPostTransform):
    """Refuse, with its file and line, each character of the text that the PDF could not print,
    and give the PDF the fallback fonts that the others need."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        absent = [(path, package) for path, _, package in FALLBACK if not path.is_file()]
        for path, package in absent:
            logger.warning("the PDF's fallback font %s is not installed: install the Debian package %s "
                           "(scripts/ensure-system-packages does)", path, package)
        if absent:
            return
        printed = set()
        for text in self.document.findall(nodes.Text):
            if isinstance(text.parent, (nodes.math, nodes.math_block, nodes.raw, nodes.comment)):
                continue  # LaTeX source, not text to print
            reported = set()
            for character in set(str(text)) - printed:
                if character.isascii():
                    continue
                problem = missing(character)
                if problem and character not in reported:
                    reported.add(character)
                    logger.warning("the character %r (%s) %s", character, describe(character), problem,
                                   location=reference_place(self.app, text) or text.parent)
                elif not problem:
                    printed.add(character)
        meta = self.config.paper_metadata  # the title page's title and authors come from CITATION.cff
        citation_file = Path(self.app.confdir) / self.config.paper_citation_file
        for character in {character for line in (meta.title, *meta.authors) for character in line} - printed:
            if character.isascii():
                continue
            if problem := missing(character):
                written = citation_file.read_text(encoding="utf-8")
                line = written.count("\n", 0, max(written.find(character), 0)) + 1
                logger.warning("the character %r (%s) %s", character, describe(character), problem,
                               location=f"{citation_file}:{line}")
            else:
                printed.add(character)
        context = self.app.builder.context
        if context.get("fontpkg") == fontspec_fonts():  # the paper's fonts, not conf.py's own
            context["fontpkg"] = fontspec_fonts(fallback_for(printed))
