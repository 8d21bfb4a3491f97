"""The PDF: its first page, its typesetting and its metadata, from CITATION.cff.

First page
    As Google Scholar's inclusion guidelines ask of a paper's PDF: the title
    in a large font at the top of the first page and the authors on the line
    right below it; then the abstract, then one block with the version,
    date, licence, keywords and how to cite the paper (the ``paper-info``
    list and the ``how-to-cite`` paragraph, gathered here into a
    ``paper-details`` container). Nothing on the page is printed twice.
Typesetting
    Tables have booktabs rules (``latex_table_style``) and their cells are
    set ragged right and never hyphenated; a caption is as wide as its table
    and reads "Table 1. ..." (see :mod:`.captions`); the reference list is
    ragged right and breaks no word at a hyphen (addresses still break,
    with ``xurl``).
One reference list
    Sphinx's LaTeX writer moves every citation to one ``thebibliography``
    at the end of the PDF, under its own "References" heading; the HTML
    page's section of that name would then stand empty in the PDF, so it is
    dropped there.
Unicode
    The PDF is typeset by LuaLaTeX, which reads the sources as Unicode, in
    TeX Gyre Termes, Heros and Cursor as OpenType fonts (the Type 1 fonts
    pdfLaTeX used, with the same outlines and metrics): Greek letters, µ,
    ±, ≤, ×, °, the minus sign and the letters of every European language
    print as written and are searchable. Sub- and superscript digits and
    signs (₂, ⁴), which the fonts lack, are set as the font's own
    digits lowered or raised, each tagged with the character it stands for
    (``ActualText``), so that copied text reads ``₂``. Every other script
    comes from a fallback chain of Debian's fonts (:mod:`.fonts`); a
    character no font has stops the build with its file and line. Language
    and hyphenation come from babel, as with pdfLaTeX.
Reproducibility
    LuaTeX dates the PDF from ``SOURCE_DATE_EPOCH`` (``FORCE_SOURCE_DATE=1``);
    an included figure's own PDF metadata (its creation time) is not copied
    into the paper.
Dates
    Each date field says one thing. The paper's date, CITATION.cff's
    ``date-released``, is when this version was created as a publication:
    the XMP ``dc:date``, and the document information's ``CreationDate``
    with XMP's ``xmp:CreateDate`` (hyperref's ``pdfcreationdate``). When
    the file's content last changed is the commit it is built from
    (``SOURCE_DATE_EPOCH``): ``ModDate``, ``xmp:ModifyDate`` and
    ``xmp:MetadataDate``. The EPUB says the same with its own fields
    (:mod:`paper.epub.accessibility`).
Metadata
    The PDF's document information and its XMP packet (``hyperxmp``) carry
    the title, authors, abstract's first sentence, keywords, language,
    licence, version and date, set with hyperref right after the title
    page: by then ``sphinx.sty`` has taught hyperref to read its markup
    (such as ``\\sphinxhyphen``) in PDF strings. The language is Sphinx's
    ``language`` as a BCP 47 tag (``en_GB`` -> ``en-GB``).

Sphinx takes the LaTeX document's title and author from ``latex_documents``
as LaTeX markup, unescaped, so all text from CITATION.cff is escaped here
with Sphinx's own ``texescape`` (a title with ``&`` or ``%`` typesets as
written).
"""

from __future__ import annotations

import hashlib
import unicodedata

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import texescape

from ..config import output_name
from ..formats.text import sentences
from ..inputs.citation_file import PaperMetadata
from .fonts import SCRIPT_CHARACTERS, fontspec_fonts

#: The TeX engine of every paper's PDF (see "Unicode" above).
LATEX_ENGINE = "lualatex"

def script_characters() -> str:
    """LaTeX that sets each of :data:`SCRIPT_CHARACTERS` as the font's own character
    lowered or raised, tagged with the character itself for copying and searching;
    in a PDF string (a bookmark) it stays the character."""
    lines = [r"\usepackage{newunicodechar}", r"\usepackage{accsupp}",
             "% #1 the character's code, #2 it typeset, #3 the character (for a bookmark).",
             r"\newcommand{\paperscript}[3]{\texorpdfstring"
             r"{\BeginAccSupp{method=hex,unicode,ActualText=#1}#2\EndAccSupp{}}{\detokenize{#3}}}"]
    for character in SCRIPT_CHARACTERS:
        kind, base = unicodedata.decomposition(character).split()
        command = r"\textsubscript" if kind == "<sub>" else r"\textsuperscript"
        lines.append(rf"\newunicodechar{{{character}}}{{\paperscript{{{ord(character):04X}}}"
                     rf"{{{command}{{{chr(int(base, 16))}}}}}{{{character}}}}}")
    return "\n".join(lines) + "\n"


#: LaTeX added to the preamble, after Sphinx has loaded hyperref.
PREAMBLE = r"""
% A PDF reader's title bar shows the paper's title, not the file's name.
\hypersetup{pdfdisplaydoctitle=true}
% A character that no font of the paper has stops the build: TeX would only
% note it in its log, and the PDF would show nothing, or a box, in its place.
\tracinglostchars=3
% Reproducible PDF: an included figure's own PDF metadata (its creation time)
% is not copied into the paper (LuaTeX's PTEX.* entries).
\pdfvariable suppressoptionalinfo 15\relax
% Table cells: ragged right, no word hyphenated. Sphinx wraps every cell in a
% varwidth box, whose set-up is where a cell's paragraph shape is decided.
\usepackage{etoolbox}
\makeatletter
\apptocmd{\@vwid@setup}{\raggedright\hyphenpenalty=\@M\exhyphenpenalty=\@M\relax}{}
  {\PackageError{paper}{cannot set table cells ragged right: varwidth has changed}{}}
% Booktabs rules only, with a little space between body rows instead of rules.
\apptocmd{\sphinxthistablewithbooktabsstyle}{\def\sphinxhline{\addlinespace[3pt]}}{}
  {\PackageError{paper}{cannot space table rows: sphinxlatextables has changed}{}}
% A table (not a long table) and its caption stay on one page: one box.
\apptocmd{\sphinxattablestart}{\vbox\bgroup}{}
  {\PackageError{paper}{cannot keep tables together: sphinxlatextables has changed}{}}
\pretocmd{\sphinxattableend}{\egroup}{}
  {\PackageError{paper}{cannot keep tables together: sphinxlatextables has changed}{}}
\makeatother
% sphinx-design's cards, which the HTML sets side by side: on paper, each a
% paragraph under its title in bold (Sphinx applies an environment named
% sphinxclass<class> to a container of that class).
\newenvironment{sphinxclasssd-card-title}{\par\noindent\bfseries\ignorespaces}{\par\nopagebreak}
% Captions: "Table 1. Text" (the HTML writes the same), left-aligned; the
% caption package also makes a table's caption as wide as the table (Sphinx
% would otherwise set it 4 in wide, as longtable does).
\usepackage[labelsep=period,singlelinecheck=false]{caption}
% The reference list: ragged right, no word broken at a hyphen.
\AtBeginEnvironment{sphinxthebibliography}{\raggedright\hyphenpenalty=10000\exhyphenpenalty=10000\relax}
% The first page's block of details: small type between two thin rules;
% each detail a line of its own.
\newenvironment{sphinxclasspaper-details}
  {\par\medskip\noindent\rule{\linewidth}{0.4pt}\par\small\setlength{\parskip}{0.3\baselineskip}}
  {\par\vspace{-0.3\baselineskip}\noindent\rule{\linewidth}{0.4pt}\par\medskip}
% The abstract (the paper-abstract directive's container) is LaTeX's abstract.
\newenvironment{sphinxclassabstract}{\begin{abstract}}{\end{abstract}}
% XMP metadata (title, authors, keywords, licence, version) from the hyperref keys.
\usepackage{hyperxmp}
% hyperxmp under LuaLaTeX, made reproducible and quick. It would record the
% size of the PDF a previous run left behind as the paper's byte count (as
% under pdfLaTeX, the packet gives none). And for each line of XMP it sets
% the lowercase code of all 65,536 characters (1.7 s a run): they are set
% once, for the whole packet.
\makeatletter
\ifdefined\hyxmp@prev@pdf@size\gdef\hyxmp@prev@pdf@size{}\else
  \PackageError{paper}{cannot leave out the byte count: hyperxmp has changed}{}\fi
\def\paper@hyxmp@add@to@xml#1{%
  \bgroup
    \@tempcnta=0
    \ifhyxmp@unicodetex
      \@tempcntb=65536%
    \else
      \@tempcntb=256%
    \fi
    \loop
      \lccode\@tempcnta=\@tempcnta
      \advance\@tempcnta by 1
      \ifnum\@tempcnta<\@tempcntb
    \repeat
    \lccode`\_=`\ \relax
    \lccode`\^^C=`\,\relax
    \lccode`\^^U=`\_\relax
    \lowercase{\xdef\hyxmp@new@xml{#1}}%
    \xdef\hyxmp@xml{\hyxmp@xml\hyxmp@new@xml}%
  \egroup
}
\ifx\hyxmp@add@to@xml\paper@hyxmp@add@to@xml
  \def\hyxmp@add@to@xml#1{%
    \bgroup
      \lccode`\_=`\ \relax
      \lccode`\^^C=`\,\relax
      \lccode`\^^U=`\_\relax
      \lowercase{\xdef\hyxmp@new@xml{#1}}%
      \xdef\hyxmp@xml{\hyxmp@xml\hyxmp@new@xml}%
    \egroup
  }
\else
  \PackageError{paper}{cannot speed up the XMP packet: hyperxmp has changed}{}
\fi
\pretocmd{\hyxmp@embed@packet}
  {\begingroup\@tempcnta=0 \loop\lccode\@tempcnta=\@tempcnta\advance\@tempcnta by 1 \ifnum\@tempcnta<65536 \repeat}{}
  {\PackageError{paper}{cannot speed up the XMP packet: hyperxmp has changed}{}}
\apptocmd{\hyxmp@embed@packet}{\endgroup}{}
  {\PackageError{paper}{cannot speed up the XMP packet: hyperxmp has changed}{}}
\makeatother
"""


def _escape(text: str, config: Config) -> str:
    return texescape.escape(text, config.latex_engine)


def pdf_string(text: str, config: Config) -> str:
    """Text for a PDF string in the preamble: escaped, with plain hyphens (Sphinx's
    ``\\sphinxhyphen`` is not yet readable there)."""
    return _escape(text, config).replace(r"\sphinxhyphen{}", "-")


def _xmp_list(items, config: Config) -> str:
    """Items for a hyperxmp list key: separated by commas, their own commas kept as ``\\xmpcomma``."""
    return ", ".join(pdf_string(item, config).replace(",", r"\xmpcomma{}") for item in items)


def title_page(meta: PaperMetadata, config: Config) -> str:
    """The title, large at the top of the first page, and the authors on the line below."""
    authors = ", ".join(_escape(name, config) for name in meta.authors)
    return (
        "\\begingroup\\raggedright\\sffamily\n"
        f"{{\\LARGE\\bfseries {_escape(meta.title, config)}\\par}}\n"
        "\\vspace{0.8\\baselineskip}\n"
        f"{{\\large {authors}\\par}}\n"
        "\\vspace{1.5\\baselineskip}\n"
        "\\endgroup\n"
    )


def document_info(meta: PaperMetadata, config: Config) -> str:
    """hyperref's (and hyperxmp's) keys for the PDF's document information and XMP packet."""
    keys = {
        "pdftitle": pdf_string(meta.title, config),
        "pdfauthor": _xmp_list(meta.authors, config),
        "pdfsubject": pdf_string(sentences(meta.abstract)[0], config),
        "pdfkeywords": _xmp_list(meta.keywords, config),
        "pdflang": (config.language or "en").replace("_", "-"),
        "pdfcopyright": pdf_string(f"{meta.date.year} {meta.author_line}. {meta.licence_name}", config),
        "pdflicenseurl": meta.licence_url,
        "pdfversionid": pdf_string(meta.version, config),
        "pdfdate": meta.date.isoformat(),
        # See the module's docstring, "Dates".
        "pdfcreationdate": f"D:{meta.date:%Y%m%d}000000Z",
    }
    if meta.url:
        keys["pdfurl"] = meta.url
    if meta.doi:
        keys["pdfdoi"] = meta.doi
    # hyperxmp drops the author and keywords from the document information
    # unless asked to keep them; readers such as pdfinfo show only those.
    return ", ".join(["keeppdfinfo", *(f"{key}={{{value}}}" for key, value in keys.items())])


def version_info(meta: PaperMetadata, config: Config) -> str:
    """``Version`` and ``Commit`` entries of the PDF's document information, set after the title page."""
    entries = [("Version", meta.version)]
    if config.paper_commit:
        entries.append(("Commit", config.paper_commit))
    info = ",".join(f"{key}={{{pdf_string(value, config)}}}" for key, value in entries)
    return f"\\hypersetup{{pdfinfo={{{info}}}}}\n"


def trailer_id(meta: PaperMetadata, config: Config) -> str:
    """The PDF's file identifier, from what the PDF is (title, version, commit).

    LuaTeX would make it from the output file's full path and the time, so
    that the same commit built in two folders gave two different PDFs.
    """
    digest = hashlib.md5(f"{meta.title}\n{meta.version}\n{config.paper_commit}".encode()).hexdigest().upper()
    return f"\\pdfvariable trailerid {{[<{digest}> <{digest}>]}}\n"


def configure_latex(app: Sphinx, config: Config) -> None:
    """The LaTeX document, its preamble and its first page, from CITATION.cff."""
    meta = config.paper_metadata
    config.latex_engine = LATEX_ENGINE
    # texescape's tables are filled when the LaTeX builder starts, after configuration.
    texescape.init()
    authors = r" \and ".join(_escape(name, config) for name in meta.authors)
    config.latex_documents = [
        (config.root_doc, output_name(config, ".tex"), _escape(meta.title, config), authors, "howto")
    ]
    elements = dict(config.latex_elements)
    elements.setdefault("fontpkg", fontspec_fonts())
    # babel, as pdfLaTeX had it, rather than Sphinx's polyglossia for LuaLaTeX.
    elements.setdefault("babel", r"\usepackage{babel}")
    elements.setdefault("polyglossia", "")
    elements["preamble"] = (script_characters() + elements.get("preamble", "") + PREAMBLE + trailer_id(meta, config)
                            + f"\\hypersetup{{{document_info(meta, config)}}}\n")
    elements["maketitle"] = title_page(meta, config) + version_info(meta, config)
    config.latex_elements = elements


class GatherPaperDetails(SphinxPostTransform):
    """In the PDF, the paper's details and how to cite it become one block of "Name: value" lines."""

    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for field_list in list(self.document.findall(nodes.field_list)):
            if "paper-info" not in field_list["classes"]:
                continue
            block = nodes.container(classes=["paper-details"])
            for field in field_list.findall(nodes.field):
                name, body = field.children
                line = nodes.paragraph()
                line += nodes.strong(text=f"{name.astext()}: ")
                for paragraph in body.findall(nodes.paragraph):
                    line.extend(child.deepcopy() for child in paragraph.children)
                block += line
            following = field_list.parent.index(field_list) + 1
            siblings = field_list.parent.children
            if following < len(siblings) and "how-to-cite" in siblings[following].get("classes", []):
                block += siblings[following].deepcopy()
                field_list.parent.remove(siblings[following])
            field_list.replace_self(block)


class DropEmptyReferencesSection(SphinxPostTransform):
    """Remove the sections that Sphinx's LaTeX writer has emptied of citations."""

    default_priority = 760  # after sphinx.builders.latex.transforms.BibliographyTransform
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for section in list(self.document.findall(nodes.section)):
            content = [
                child for child in section.children
                if not isinstance(child, (nodes.title, nodes.target))
                and not (isinstance(child, nodes.Element) and not child.astext().strip()
                         and not list(child.findall(nodes.image)))
            ]
            if not content:
                section.parent.remove(section)
