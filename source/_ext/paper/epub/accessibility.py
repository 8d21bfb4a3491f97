"""The EPUB as reading systems and Ace by DAISY expect it: language, identity, accessibility.

* Every page's ``<html>`` names the paper's language (``lang`` and
  ``xml:lang``): Sphinx's EPUB 3 builder writes its own ``<html>`` tag
  without one (:func:`name_the_language`).
* The package says who the book is and how it can be read: its identifier
  (the paper's DOI or address, else a name-based UUID of its title and
  version, fixed for a version), its contributors (the authors, where
  Sphinx writes "unknown"), and schema.org's accessibility metadata, which
  EPUB Accessibility 1.1 asks for; the table of contents carries the
  ``doc-toc`` role; the NCX table of contents names the same identifier
  as the package; a page with MathML or inline SVG is declared so in the
  manifest (``properties="mathml svg"``, which EPUB 3 requires of it) (:func:`amend`, applied to the archive once Sphinx has
  packed it, by :mod:`.reproducible`).
* The package's two dates say two things (:func:`date_the_package`):
  ``dc:date``, the publication date, is the paper's (CITATION.cff's
  ``date-released``); ``dcterms:modified``, when the book's content last
  changed, is the time of the commit it is built from
  (``SOURCE_DATE_EPOCH``), as Sphinx writes it. Sphinx writes that time in
  both.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from sphinx.application import Sphinx

from ..inputs.citation_file import PaperMetadata

#: How the book can be read, in schema.org's terms (https://www.w3.org/TR/epub-a11y-11/).
ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityHazard", "none"),
    ("schema:accessibilitySummary",
     "Headings structure every section; every figure has a text alternative that states the values it "
     "shows; tables have header cells; the table of contents links every section."),
)


def language_tag(language: str) -> str:
    """Sphinx's language (``en_GB``) as a BCP 47 tag (``en-GB``)."""
    return language.replace("_", "-")


def identifier(meta: PaperMetadata) -> str:
    """The book's identifier: the DOI, else the landing page, else a UUID named by title and version."""
    if meta.doi:
        return f"https://doi.org/{meta.doi}"
    if meta.url:
        return meta.url
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{meta.title} {meta.version}')}"


def name_the_language(app: Sphinx) -> None:
    if app.builder.name == "epub":
        tag = language_tag(app.config.language or "en")
        app.builder.html_tag = app.builder.html_tag.replace(">", f' lang="{tag}" xml:lang="{tag}">', 1)


def describe_the_package(opf: str) -> str:
    """content.opf with schema.org's accessibility metadata."""
    metadata = "".join(f'    <meta property="{name}">{value}</meta>\n' for name, value in ACCESSIBILITY)
    return opf.replace("  </metadata>", metadata + "  </metadata>", 1)


#: What a page holds that its manifest item must declare (EPUB 3.3, the item's properties), by the
#: start of its element in the page: MathML (the site's formulas, paper.html.mathematics) and
#: inline SVG (sphinx-design's icons, paper.epub.svg_namespace).
CONTENT_PROPERTIES = {"mathml": b"<math ", "svg": b"<svg "}


def declare_content(opf: str, files: dict[str, bytes]) -> str:
    """content.opf whose manifest says which pages hold MathML or inline SVG."""

    def declare(found: re.Match) -> str:
        item = found[0]
        if 'media-type="application/xhtml+xml"' not in item:
            return item  # an image is SVG, it does not hold it
        page = files.get(re.search(r'href="([^"]*)"', item)[1], b"")
        held = [name for name, start in CONTENT_PROPERTIES.items() if start in page]
        if not held:
            return item
        given = re.search(r'properties="([^"]*)"', item)
        if given:
            names = [*given[1].split(), *(name for name in held if name not in given[1].split())]
            return item.replace(given[0], f'properties="{" ".join(names)}"')
        return re.sub(r"\s*/>$", f' properties="{" ".join(held)}"/>', item)

    return re.sub(r"<item [^>]*/>", declare, opf)


def date_the_package(opf: str, released: dt.date) -> str:
    """content.opf with the paper's date as its publication date (``dc:date``)."""
    return re.sub(r"<dc:date>[^<]*</dc:date>", f"<dc:date>{released.isoformat()}</dc:date>", opf, count=1)


def label_the_table_of_contents(nav: str) -> str:
    return re.sub(r'<nav epub:type="toc"(?![^>]*role=)', '<nav epub:type="toc" role="doc-toc"', nav, count=1)


def identify_the_ncx(ncx: str, opf: str) -> str:
    """toc.ncx naming the book by its identifier, as EPUBCheck requires (Sphinx writes the id's name)."""
    unique = re.search(r'unique-identifier="([^"]*)"', opf)[1]
    book = re.search(r'<dc:identifier id="%s">([^<]*)</dc:identifier>' % re.escape(unique), opf)[1]
    return re.sub(r'(<meta name="dtb:uid" content=")[^"]*', lambda found: found[1] + book, ncx, count=1)


def amend(files: dict[str, bytes], released: dt.date) -> dict[str, bytes]:
    """The packed book's files, by their names in the archive, with the amendments made."""
    text = {name: files[name].decode("utf-8") for name in ("content.opf", "nav.xhtml", "toc.ncx")}
    amended = {
        "content.opf": date_the_package(declare_content(describe_the_package(text["content.opf"]), files), released),
        "nav.xhtml": label_the_table_of_contents(text["nav.xhtml"]),
        "toc.ncx": identify_the_ncx(text["toc.ncx"], text["content.opf"]),
    }
    return {**files, **{name: content.encode("utf-8") for name, content in amended.items()}}
