"""Generated input, from every Unicode category a paper can hold: it prints as written, or is refused in one line.

Hypothesis writes text of many scripts (Latin, Greek, Cyrillic, Arabic,
Hebrew, Devanagari, CJK, Hangul), with combining marks, symbols (µ ± −),
spaces of every width (the thin space U+2009, the no-break space) and
emoji, into the paper's inputs: the title and an author in CITATION.cff, a
keyword, a title in the .bib file and a unit in the data file. It also
writes YAML scalars without quotes (``1:1``, ``No``, ``1.10``, dates,
times, numbers in every YAML 1.2 form), where YAML 1.1 and 1.2 differ.

Each input either prints as written, in the page's metadata, the reference
list, the data table and every download (BibTeX, RIS, CSL-JSON), and in the
LaTeX the PDF is made from, or the build stops with one line naming the
file and line. The expectations are the generated text itself; the BibTeX
download is read back by pybtex and the paper's decoder, the RIS by rispy,
the LaTeX compared with Sphinx's own escaping of the text.

The example counts are small (each example is a build, about half a
second), and the examples differ between runs; a failure prints the input
that failed (shrunk to the smallest one for the tests without a build).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pybtex.database
import pytest
import rispy
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from paper.formats.downloads import _bibtex_value
from paper.inputs.bibtex_text import plain

#: Unicode's categories of characters that a paper's text may hold: letters, marks, numbers,
#: punctuation, symbols and spaces (not controls, formats, surrogates or private use).
PRINTABLE = ("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No",
             "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs")
#: What a scientist's text often holds, drawn more often than the whole of Unicode would draw it.
SCIENTIFIC = ("\u03b1\u03b2\u03b3\u0394\u03a9\u00b5\u00b1\u2212\u2264\u00b0\u2009\u00a0\u2013\u2014"
              "\u65e5\u672c\u8a9e\ud55c\uad6d\u0627\u0644\u05e2\u05d1\u0939\u093f\u0416\u0451"
              "\u0301\u0308\U0001f600\U0001f9ec\u00e9\u00df\u00e7")
CHARACTERS = st.one_of(st.characters(categories=PRINTABLE), st.sampled_from(SCIENTIFIC))
#: Runs of the spaces a file's layout has, which every reader takes as one space.
LAYOUT = re.compile(r"[ \t\n\r]+")


def _tidy(text: str) -> str:
    """Text as an author types it: spaces at its ends (of any width) are layout, not text."""
    return LAYOUT.sub(" ", text).strip()


TEXT = st.text(CHARACTERS, min_size=1, max_size=14).map(_tidy).filter(bool)
#: Plain YAML scalars, where YAML 1.1 and 1.2 read differently or read a number or a date.
PLAIN_SCALARS = st.one_of(
    st.from_regex(r"\A[1-9][0-9]?:[0-5][0-9](:[0-5][0-9])?\Z"),
    st.sampled_from(["No", "no", "NO", "yes", "Yes", "on", "Off", "y", "n", "true", "False", "null", "~",
                     ".inf", "-.inf", ".nan", "NaN", "1.10", "0.80", "007", "0x1F", "0o17", "1_000", "1e3"]),
    st.from_regex(r"\A-?[0-9]{1,4}(\.[0-9]{1,3})?([eE][-+]?[0-9]{1,2})?\Z"),
    st.from_regex(r"\A[12][0-9]{3}-[01]?[0-9]-[0-3]?[0-9]\Z"),
    st.from_regex(r"\A[0-9]{1,2}:[0-9]{2}:[0-9]{2}\Z"),
    # Words, which no YAML indicator starts (so each is a plain scalar of YAML's syntax).
    st.text(st.sampled_from("abcXYZ019 -./+%\u00b5\u00b1\u03b1"), min_size=1, max_size=8).map(_tidy)
    .filter(lambda word: word and word[0] not in "-%"),
)
#: The plain scalars that YAML 1.2's core schema reads as nothing or as yes/no (its spec, 10.3.2):
#: no text at all, which the paper refuses where it needs text.
NOT_TEXT = {"null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"}


def impossible_date(scalar: str) -> bool:
    """A date in the form of YAML 1.1's timestamps (yaml.org/type/timestamp, a type YAML 1.2 leaves to the
    application) naming no day that exists: refused as a typo rather than printed."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", scalar):
        return False
    try:
        dt.date(*map(int, scalar.split("-")))
    except ValueError:
        return True
    return False
#: Each example is a build: no shrinking (it would take minutes of builds), so a failure shows the example drawn.
BUILDS = settings(max_examples=8, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def as_bibtex(text: str) -> str:
    """Text as an author writes it in a .bib field (worked out from the LaTeX manual, not the paper's
    encoder): each special character as the command that prints it, each ligature broken, all in
    braces so that sentence case keeps its capitals."""
    specials = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "$": r"\$", "%": r"\%", "&": r"\&",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    escaped = "".join(specials.get(character, character) for character in text)
    for pair in ("--", "``", "''", "!`", "?`"):
        while pair in escaped:
            escaped = escaped.replace(pair, f"{pair[0]}{{}}{pair[1]}")
    return "{" + escaped + "}"


def yaml_text(text: str) -> str:
    """Text as a YAML 1.2 double-quoted scalar (JSON's strings are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def project(rootdir: Path, folder: Path, *, title: str = "A minimal paper", family: str = "Lovelace",
            keyword: str = '"testing"', version: str = '"1.0.0"', reference_title: str = r"The {\TeX}book",
            unit: str | None = None) -> Path:
    """A copy of the minimal paper with these inputs (YAML values as they go into the file)."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(rootdir / "test-minimal", folder)
    citation = folder / "CITATION.cff"
    text = citation.read_text(encoding="utf-8")
    text = text.replace('title: "A minimal paper"', f"title: {yaml_text(title)}")
    text = text.replace("family-names: Lovelace", f"family-names: {yaml_text(family)}")
    text = text.replace("  - testing", f"  - {keyword}").replace('version: "1.0.0"', f"version: {version}")
    citation.write_text(text, encoding="utf-8")
    bib = folder / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(r"{The {\TeX}book}", "{" + reference_title + "}"),
                   encoding="utf-8")
    if unit is not None:
        facts = folder / "data" / "facts.yaml"
        facts.write_text(facts.read_text(encoding="utf-8").replace("    value: 120\n", f"    value: 120\n    unit: {unit}\n"),
                         encoding="utf-8")
    return folder


def meta(page: BeautifulSoup, name: str) -> str:
    return page.find("meta", attrs={"name": name})["content"]


def refused_in_one_line(result, file_name: str) -> bool:
    lines = result.problem_lines()
    return (not result.passed and len(lines) == 1 and file_name in lines[0] and "line " in lines[0]
            and "Traceback" not in result.warnings)


@BUILDS
@given(title=TEXT, family=TEXT, keyword=TEXT, reference_title=TEXT, unit=TEXT)
# The examples of issue 27, and what LaTeX and Sphinx would turn into other characters.
@example(title='400\u2009mg "so-called" -- x\'s ~half ^ {a} 50% \\back', family="Marsh and Sons",
         keyword="1:1", reference_title="400\u2009mg -- ``q'' {x} $\\alpha$ ~ \\,", unit='\u00b5g/m\u00b2 \u00b1 "a" -- b\\-c')
def test_generated_text_prints_as_written_in_the_page_the_references_and_every_download(
        rootdir, tmp_path, build_strictly, title, family, keyword, reference_title, unit):
    paper = project(rootdir, tmp_path / "paper", title=title, family=family, keyword=yaml_text(keyword),
                    reference_title=as_bibtex(reference_title), unit=yaml_text(unit))
    result = build_strictly(paper)
    if "," in family or re.search("[,;]", keyword):
        # What reference managers would split is refused, in one line naming CITATION.cff and the line.
        assert refused_in_one_line(result, "CITATION.cff"), result.problem_lines()
        return
    assert result.passed, result.problem_lines()
    html = paper / "_build" / "html"
    page = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert (meta(page, "citation_title"), meta(page, "citation_author")) == (title, f"{family}, Ada")
    assert meta(page, "citation_keywords") == keyword
    (reference,) = [paragraph.get_text() for paragraph in page.find_all("p") if paragraph.get_text().startswith("Knuth DE. ")]
    assert reference_title in reference, reference
    cells = [cell.get_text().strip() for cell in page.select("td")]
    assert (f"120%" if unit == "%" else f"120\u00a0{unit}") in cells, cells
    # The downloads, read back as a reference manager reads them.
    (entry,) = pybtex.database.parse_file(str(html / "minimal.bib")).entries.values()
    assert plain(entry.fields["title"]) == title
    assert [plain(" ".join(person.prelast_names + person.last_names)) for person in entry.persons["author"]] == [family]
    assert plain(entry.fields["keywords"]) == keyword
    (record,) = rispy.loads((html / "minimal.ris").read_text(encoding="utf-8"))
    assert (record["title"], record["authors"], record["keywords"]) == (title, [f"{family}, Ada"], [keyword])
    (item,) = json.loads((html / "minimal.json").read_text(encoding="utf-8"))
    assert (item["title"], item["author"][0]["family"], item["keyword"]) == (title, family, keyword)


def _code_points(charset: str) -> set[int]:
    """fontconfig's charset ("20-7e a0 ...") as code points."""
    codes = set()
    for span in charset.split():
        first, _, last = span.partition("-")
        codes.update(range(int(first, 16), int(last or first, 16) + 1))
    return codes


@cache
def pdf_characters() -> frozenset[int]:
    """What the PDF's fonts have, as fontconfig reads the font files (not as the paper's code does):
    all three TeX Gyre families, or a font of the fallback chain."""
    from paper.latex.fonts import FALLBACK

    def charset(path, face=0):
        return _code_points(subprocess.run(["fc-query", f"--index={face}", "--format=%{charset}", str(path)],
                                           capture_output=True, text=True, check=True).stdout)

    gyre = subprocess.run(["kpsewhich", "texgyretermes-regular.otf", "texgyreheros-regular.otf",
                           "texgyrecursor-regular.otf"], capture_output=True, text=True, check=True).stdout.split()
    return frozenset(set.intersection(*map(charset, gyre)).union(*(charset(path, face) for path, face, _ in FALLBACK)))


def printable_in_the_pdf(character: str) -> bool:
    """Whether the PDF can print the character: a font has it, and it is not of a right-to-left
    script (which LuaTeX without a bidirectional algorithm would set backwards)."""
    if character.isascii() or unicodedata.name(character, "").startswith("VARIATION SELECTOR"):
        return True  # a variation selector asks for a glyph's variant, and is no glyph itself
    if unicodedata.bidirectional(character) in ("R", "AL"):
        return False
    # The sub- and superscripts of U+2070 to U+209F that TeX Gyre lacks are drawn as its own digits, lowered or raised.
    return ord(character) in pdf_characters() or (
        0x2070 <= ord(character) <= 0x209F and unicodedata.decomposition(character).startswith(("<sub>", "<super>")))


@BUILDS
@given(title=TEXT, reference_title=TEXT, unit=TEXT)
@example(title="Ren\u00e9e \u03b1 400\u2009mg", reference_title="400\u2009mg -- ``q'' {x} $\\alpha$",
         unit='\u00b5g \u65e5\u672c \U0001f600 "a" -- *b* \\-c')
@example(title="x", reference_title="D\u011a\u0132\u0110\u29e7", unit="\U0002eb42")  # CI's: a CJK sign that no font has
@example(title="\U0002eb42", reference_title="\u05e2\u05d1", unit="mg")
@example(title="\u0130\u00ea\U0002d25c\u0101,DX\U0002827a\u00d0\U000e01ea", reference_title="x", unit="\U000277fa")
def test_generated_text_reaches_the_latex_of_the_pdf_as_written(rootdir, tmp_path, build_strictly, title, reference_title, unit):
    from sphinx.util import texescape

    paper = project(rootdir, tmp_path / "paper", title=title, reference_title=as_bibtex(reference_title),
                    unit=yaml_text(unit))
    title_line = next(number for number, line in enumerate((paper / "CITATION.cff").open(encoding="utf-8"), 1)
                      if line.startswith("title:"))
    result = build_strictly(paper, "latex")
    # What no font has, or a right-to-left script, is refused, each place it prints in a line naming the
    # character and where it was typed: CITATION.cff's title, the entry's line in the .bib file, and the page
    # that prints the data file's unit.
    typed_in = {(character, place) for text, place in ((title, f"CITATION.cff:{title_line}:"),
                                                       (reference_title, "references.bib:1:"), (unit, "index.md:"))
                for character in text if not printable_in_the_pdf(character)}
    if typed_in:
        lines = result.problem_lines()
        assert not result.passed and all(any(f"U+{ord(character):04X}" in line for character, _ in typed_in)
                                         for line in lines), lines
        assert all(any(f"U+{ord(character):04X}" in line and place in line for line in lines)
                   for character, place in typed_in), lines
        return
    assert result.passed, result.problem_lines()
    (tex,) = (paper / "_build" / "latex").glob("*.tex")
    texescape.init()
    latex = tex.read_text(encoding="utf-8")
    assert texescape.escape(reference_title, "lualatex") in latex
    assert rf"\title{{{texescape.escape(title, 'lualatex')}}}" in latex
    # The figure is in the prose ({fact}) and in the table.
    assert latex.count(texescape.escape(f"120\u00a0{unit}", "lualatex")) == 2


@BUILDS
@given(scalar=PLAIN_SCALARS)
@example(scalar="1:1")
@example(scalar="No")
@example(scalar="1.10")
@example(scalar="null")
def test_a_yaml_scalar_without_quotes_prints_as_written_or_is_refused_in_one_line(rootdir, tmp_path, build_strictly, scalar):
    paper = project(rootdir, tmp_path / "paper", keyword=scalar, version=scalar, unit=scalar)
    result = build_strictly(paper)
    if scalar in NOT_TEXT or impossible_date(scalar):
        assert refused_in_one_line(result, "CITATION.cff"), result.problem_lines()
        return
    assert result.passed, result.problem_lines()
    page = BeautifulSoup((paper / "_build" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert (meta(page, "citation_keywords"), meta(page, "paper-version")) == (scalar, scalar)
    cells = [cell.get_text().strip() for cell in page.select("td")]
    assert ("120%" if scalar == "%" else f"120\u00a0{scalar}") in cells, cells


#: What LaTeX reads as something else: ligatures, specials, a lone brace, spaces of other widths.
LATEX_READS_OTHERWISE = "a -- b --- c ``q'' !` ?` {x ~ ^ \\ $5 50% #1 _x & 400\u2009mg\u00a0daily"


@settings(max_examples=150, deadline=None, database=None)
@given(text=TEXT)
@example(text=LATEX_READS_OTHERWISE)
def test_text_written_to_a_bibtex_download_reads_back_as_written(text):
    """The paper's BibTeX encoder against pybtex and the decoder: many examples, no build."""
    entry = pybtex.database.parse_string(f"@misc{{k, title = {{{_bibtex_value(text)}}}}}", "bibtex").entries["k"]
    assert plain(entry.fields["title"]) == text


@settings(max_examples=150, deadline=None, database=None)
@given(text=TEXT)
@example(text=LATEX_READS_OTHERWISE)
def test_text_an_author_escapes_in_a_bib_field_reads_as_written(text):
    entry = pybtex.database.parse_string(f"@misc{{k, title = {as_bibtex(text)}}}", "bibtex").entries["k"]
    assert plain(entry.fields["title"]) == text


#: Lines of text for YAML's multi-line scalars: the same characters, and line breaks.
LINES = st.lists(TEXT, min_size=1, max_size=4).map("\n".join)


@settings(max_examples=150, deadline=None, database=None)
@given(text=st.one_of(TEXT, LINES), style=st.sampled_from([None, '"', "'", "|", ">"]))
@example(text="was\ndeveloped by Sanofi", style=">")
def test_text_in_every_style_of_yaml_scalar_reads_as_written(tmp_path_factory, text, style):
    """The paper's YAML reader against PyYAML's writer, in each of YAML's five styles of text
    (plain, double-quoted, single-quoted, literal ``|`` and folded ``>``): no build."""
    import yaml

    from paper.inputs.errors import InputError
    from paper.inputs.yaml_file import read_yaml_mapping

    path = tmp_path_factory.mktemp("yaml") / "input.yaml"
    path.write_text(yaml.dump({"t": text}, default_style=style, allow_unicode=True, width=20), encoding="utf-8")
    assert read_yaml_mapping(path, InputError) == {"t": text}, path.read_text(encoding="utf-8")
