"""The ``typst`` builder: the whole paper as one tagged PDF, PDF/UA-1, typeset by Typst.

The print PDF (LaTeX) is untagged: a screen reader finds no headings,
tables or alternative text in it. This builder (``make tagpdf``) writes the
same resolved document tree as one Typst document,
``_build/typst/<paper>.typ`` (:mod:`.writer`), with its figures beside it in
``_images/``, and compiles it with the Typst compiler's Python binding
(PyPI ``typst``) into ``_build/typst/<paper>-tagged.pdf``
(``paper_tagged_pdf``), tagged and declared PDF/UA-1: a structure tree
with headings, paragraphs, lists, tables with header cells, figures with
their alternative text, links, the reference list as a list, bookmarks from
the headings, the language, the title shown in the window, every font
embedded with its Unicode map. Typst refuses to write a PDF/UA-1 file that
lacks what the standard requires (a figure without alternative text, a
document without title); its message stops the build.

It is a single-document builder, like Sphinx's LaTeX builder: the root page
with every page of its toctrees in place (``inline_all_toctrees``), so the
numbers of sections, figures and tables are Sphinx's own, the ones the HTML
and the print PDF show. Offline: the fonts are Debian's, given to Typst by
path (:data:`FONT_FOLDERS`; the system's other fonts are not looked at), and
the document uses no Typst package.

The PDF is compiled once the build has finished (``build-finished``), when
the forest plot, drawn beside the build, is on disk. Its date is
``SOURCE_DATE_EPOCH``'s, so that the same commit makes the same file. It is
compiled only when what it is made from changed (the Typst document, its
pictures, the date, the fonts' folders, the compiler's version: their
digest is kept beside it), so that `make html` with nothing changed
typesets nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import warnings
from functools import cache
from importlib.metadata import version
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees

from ..config import output_name, tagged_pdf_name
from ..content.domain import paper_domain
from ..errors import stop
from ..formats.typst import markup, string
from ..inputs.errors import InputError
from .writer import TypstTranslator

logger = logging.getLogger(__name__)

#: The text fonts, in the order Typst looks for a character: TeX Gyre Termes (as
#: the print PDF), then Debian's fallbacks for other scripts and symbols. Symbols
#: come from the Noto symbol fonts before Noto Serif CJK, which has many too: the
#: CJK font's glyphs in Typst's subset fail page-validation's check of glyph widths
#: (PDFUA1-FONT-GLYPH-WIDTH-001; tests/fast/test_tagged_pdf.py), so it serves only
#: the characters no other font has.
TEXT_FONTS = ("TeX Gyre Termes", "Noto Serif", "Noto Sans Math", "Noto Sans Symbols", "Noto Sans Symbols2",
              "Noto Serif CJK SC", "Symbola")
HEADING_FONT = "TeX Gyre Heros"
CODE_FONT = "TeX Gyre Cursor"
#: Where Debian installs them (scripts/ensure-system-packages installs the packages);
#: DejaVu Sans is the Graphviz figures' font.
FONT_FOLDERS = (
    "/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/ancient-scripts",
)
TEX_GYRE = "texgyretermes-regular.otf"
#: A picture in the Typst document the writer makes: ``#image("_images/name.svg", ...)``.
IMAGE = re.compile(r'#image\("([^"\\]*)"')


class TypstError(InputError):
    category = "Typst error"


@cache
def tex_gyre_folder() -> str:
    """The folder of TeX Live's OpenType TeX Gyre fonts (package fonts-texgyre)."""
    try:
        found = subprocess.run(["kpsewhich", TEX_GYRE], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        found = ""
    return str(Path(found).parent) if found else "/usr/share/texmf/fonts/opentype/public/tex-gyre"


def font_folders() -> list[str]:
    return [folder for folder in (tex_gyre_folder(), *FONT_FOLDERS) if Path(folder).is_dir()]


class TypstBuilder(Builder):
    """Writes the whole paper as one Typst document and compiles it into a tagged PDF/UA-1 file."""

    name = "typst"
    format = "typst"
    epilog = "The tagged PDF is in %(outdir)s."
    default_translator_class = TypstTranslator
    supported_image_types = ["image/svg+xml", "image/png", "image/jpeg", "image/gif"]

    def init(self) -> None:
        self.imagedir = self.imgpath = "_images"

    def get_outdated_docs(self) -> str:
        return "all documents"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return f"%{docname}"  # one file: the writer makes each page's targets labels in it

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames) -> None:
        pass

    def authors_line(self) -> str:
        """The authors under the title, each with their affiliation (the HTML's line, which is for HTML only)."""
        names = []
        for creator in self.config.paper_metadata.creators:
            name = markup(creator.name)
            if creator.affiliation:
                name += f" \\({markup(creator.affiliation)}\\)"
            names.append(name)
        return f"#par[#text(size: 1.2em)[{', '.join(names)}]]\n\n" if names else ""

    def preamble(self) -> str:
        meta = self.config.paper_metadata
        language, _, region = (self.config.language or "en").replace("-", "_").partition("_")
        region_setting = f", region: {string(region.lower())}" if region else ""
        if language == "en" and not region:
            region_setting = ', region: "gb"'  # the paper's spelling (British English)
        date = meta.date
        lines = [
            f"#set document(title: {string(meta.title)}, author: ({''.join(string(a) + ', ' for a in meta.authors)}),"
            f" keywords: ({''.join(string(k) + ', ' for k in meta.keywords)}),"
            f" date: datetime(year: {date.year}, month: {date.month}, day: {date.day}))",
            '#set page(paper: "a4", margin: 2.5cm, numbering: "1")',
            f"#set text(lang: {string(language)}{region_setting}, size: 11pt,"
            f" font: ({''.join(string(font) + ', ' for font in TEXT_FONTS)}))",
            "#set par(justify: true)",
            f"#show heading: set text(font: ({''.join(string(font) + ', ' for font in (HEADING_FONT, *TEXT_FONTS[1:]))}))",
            "#show heading: set block(above: 1.4em, below: 0.8em)",
            # Titles, headings and table cells ragged right and unhyphenated, as in the print PDF.
            "#show heading: set par(justify: false)",
            "#show heading: set text(hyphenate: false)",
            "#show title: set par(justify: false)",
            "#show title: set text(hyphenate: false)",
            "#show table: set par(justify: false)",
            "#show table: set text(hyphenate: false)",
            f"#show title: set text(font: {string(HEADING_FONT)}, size: 1.6em)",
            f"#show raw: set text(font: ({string(CODE_FONT)}, \"DejaVu Sans Mono\"))",
            "#show figure.where(kind: table): set figure.caption(position: top)",
            "#show figure.caption: set align(left)",
            "#show link: set text(fill: rgb(\"#1a4f8b\"))",
            "#set table(inset: (x: 4pt, y: 3pt))",
            "",
        ]
        return "\n".join(lines)

    def write_documents(self, docnames) -> None:
        root_doc = self.config.root_doc
        tree = inline_all_toctrees(self, set(), root_doc, self.env.get_doctree(root_doc), lambda text: text,
                                   [root_doc])
        tree["docname"] = root_doc
        self.env.resolve_references(tree, root_doc, self)
        self.post_process_images(tree)
        translator = self.create_translator(tree, self)
        tree.walkabout(translator)
        self.problems = translator.problems
        self.source = Path(self.outdir) / output_name(self.config, ".typ")
        document = self.preamble() + translator.astext()
        if not self.source.is_file() or self.source.read_text(encoding="utf-8") != document:
            self.source.write_text(document, encoding="utf-8")  # else left as it is, its time too
        domain = paper_domain(self.env)
        domain.made(self.source)
        for source, name in self.images.items():
            target = Path(self.outdir) / self.imagedir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            picture = (Path(self.srcdir) / source).read_bytes()
            if not target.is_file() or target.read_bytes() != picture:
                target.write_bytes(picture)
            domain.made(target)

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass  # write_documents writes the one file

    def inputs_digest(self, epoch: int) -> str:
        """What the PDF is made from, as one digest."""
        digest = hashlib.sha256()
        for part in (version("typst"), str(epoch), *font_folders()):
            digest.update(part.encode() + b"\0")
        document = self.source.read_text(encoding="utf-8")
        digest.update(document.encode())
        # The pictures the document takes in (not whatever else the folder holds).
        for name in sorted(set(IMAGE.findall(document))):
            picture = Path(self.outdir) / name
            digest.update(name.encode() + b"\0" + (picture.read_bytes() if picture.is_file() else b""))
        return digest.hexdigest()

    def compile(self) -> None:
        """Typeset the Typst document into the tagged PDF/UA-1 file, unless it is up to date."""
        import typst

        pdf = Path(self.outdir) / tagged_pdf_name(self.config)
        stamp = pdf.with_name(pdf.name + ".inputs")
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
        inputs = self.inputs_digest(epoch)
        paper_domain(self.env).made(pdf)
        paper_domain(self.env).made(stamp)
        if pdf.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == inputs:
            logger.info("the tagged PDF is up to date: %s", pdf)
            return
        stamp.unlink(missing_ok=True)
        compiler = typst.Compiler(str(self.source), root=str(self.outdir), font_paths=font_folders(),
                                  ignore_system_fonts=True)
        timestamp = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _, found = compiler.compile_with_warnings(output=str(pdf), pdf_standards=["ua-1"],
                                                          timestamp=timestamp)
        except typst.TypstError as error:
            stop(TypstError(f"{self.source}: Typst could not typeset the paper: {error.message}"
                            f"{(' (' + ' '.join(error.diagnostic.split()) + ')') if error.diagnostic else ''}"))
        for warning in found:
            logger.warning("%s: Typst: %s", self.source, " ".join(str(warning.message).split()))
        if not found:
            stamp.write_text(inputs, encoding="utf-8")


def compile_pdf(app: Sphinx, exception: Exception | None) -> None:
    """Once the build has finished (the forest plot is drawn), typeset the tagged PDF."""
    if exception is None and isinstance(app.builder, TypstBuilder) and hasattr(app.builder, "source"):
        if app.builder.problems:
            # What the walk could not write is missing from the document: no PDF, not even an old one.
            for stale in (Path(app.outdir) / tagged_pdf_name(app.config),
                          Path(app.outdir) / (tagged_pdf_name(app.config) + ".inputs")):
                stale.unlink(missing_ok=True)
            logger.info("the tagged PDF is not typeset: the paper holds what it cannot write (see above)")
            return
        app.builder.compile()
