"""What a tagged PDF's structure tree holds, read with pypdf: the checks of the accessible PDF share it."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


@dataclass
class StructureElement:
    """One element of the structure tree: its type (``/S``), its alternative text, its children."""

    type: str
    alt: str | None
    children: list["StructureElement"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _element(node: DictionaryObject, depth: int = 0) -> StructureElement:
    alt = node.get("/Alt")
    element = StructureElement(str(node.get("/S", "")), str(alt) if alt is not None else None)
    kids = node.get("/K")
    if kids is None:
        return element
    kids = kids.get_object()
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object()
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            element.children.append(_element(kid, depth + 1))
    return element


def catalog(path: Path) -> DictionaryObject:
    return PdfReader(path).trailer["/Root"].get_object()


def structure_tree(path: Path) -> StructureElement:
    """The structure tree from its root (``/StructTreeRoot``), as elements."""
    root = catalog(path)["/StructTreeRoot"].get_object()
    return _element(root)


def alt_texts(path: Path) -> list[str]:
    """The alternative text of every element that has one (figures, formulas), in reading order."""
    return [element.alt for element in structure_tree(path).walk() if element.alt is not None]


def element_types(path: Path) -> list[str]:
    return [element.type for element in structure_tree(path).walk()]


def words(path: Path) -> list[str]:
    """The PDF's words in Poppler's order (``pdftotext -bbox``): a subscript is a word of its own."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout
    return [html.unescape(word) for word in re.findall(r"<word [^>]*>(.*?)</word>", xhtml.decode())]


def link_addresses(path: Path) -> list[str]:
    """The address of every link annotation that leads out of the PDF."""
    return [
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(path).pages for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    ]


def _marked_text(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page object number, MCID).

    A sequence within it that has an ``/ActualText`` (Typst marks so the
    hyphen it adds where it breaks a word: a soft hyphen) counts as that text.
    """
    texts: dict[tuple[int, int], list[str]] = {}
    for page in reader.pages:
        #: The open sequences, innermost last: (MCID or None, actual text or None).
        open_sequences: list[tuple[int | None, str | None]] = []
        page_number = page.indirect_reference.idnum
        # pypdf hands over shown text when it flushes it (at ET, say), which may be after the
        # actual-text sequence has closed: what it hands over until the next sequence opens is that one's.
        replaced = [False]

        def current() -> tuple[int, int] | None:
            mcid = next((mcid for mcid, _ in reversed(open_sequences) if mcid is not None), None)
            return None if mcid is None else (page_number, int(mcid))

        def before(operator, arguments, *_):
            if operator in (b"BDC", b"BMC"):
                replaced[0] = False
            if operator == b"BDC":
                properties = arguments[1] if len(arguments) > 1 else None
                if not isinstance(properties, DictionaryObject):
                    properties = DictionaryObject()
                actual = properties.get("/ActualText")
                open_sequences.append((properties.get("/MCID"), None if actual is None else str(actual)))
            elif operator == b"BMC":
                open_sequences.append((None, None))
            elif operator == b"EMC" and open_sequences:
                _, actual = open_sequences.pop()
                if actual is not None and current() is not None:
                    texts.setdefault(current(), []).append(actual)
                    replaced[0] = True

        def text(shown, *_):
            if current() is not None and not replaced[0] and all(actual is None for _, actual in open_sequences):
                texts.setdefault(current(), []).append(shown)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: "".join(parts) for key, parts in texts.items()}


def _content(node, page, texts: dict[tuple[int, int], str]) -> str:
    """An element's text: its marked content in the order of its ``/K``, or what stands for it."""
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        page = node.get("/Pg", page)
        # What the element's content stands for, which a screen reader reads instead: a
        # figure's alternative text, say.
        for replacement in ("/ActualText", "/Alt"):
            if replacement in node:
                return f"\n{node[replacement]}\n"
        if node.get("/Type") == "/MCR":
            return texts.get((page.get_object().indirect_reference.idnum, int(node["/MCID"])), "")
        kids = node.get("/K")
        if kids is None:
            return ""
        kids = kids.get_object()
        return "".join(_content(kid, page, texts) for kid in (kids if isinstance(kids, ArrayObject) else [kids]))
    if isinstance(node, int) and page is not None:
        return texts.get((page.get_object().indirect_reference.idnum, int(node)), "")
    return ""


def _tidy(text: str) -> str:
    """The hyphens Typst adds where it breaks a word go, with the line break after them (their
    actual text is a soft hyphen), and so does a line break after a hyphen of the text itself."""
    text = re.sub(r"\u00ad\s*", "", text)
    text = re.sub(r"-\n\s*", "-", text)
    return " ".join(text.split())


def reading_order_text(path: Path) -> str:
    """The PDF's text in the order of its structure tree, the order a screen reader reads it."""
    reader = PdfReader(path)
    return _tidy(_content(reader.trailer["/Root"]["/StructTreeRoot"], None, _marked_text(reader)))


def element_texts(path: Path, element_type: str) -> list[str]:
    """The text of every element of a type (``/H1``, ``/Caption``, ``/LI``), in reading order."""
    reader = PdfReader(path)
    texts = _marked_text(reader)
    found: list[str] = []

    def walk(node, page):
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return
        page = node.get("/Pg", page)
        if node.get("/S") == element_type:
            found.append(_tidy(_content(node, page, texts)))
            return
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            for kid in kids if isinstance(kids, ArrayObject) else [kids]:
                walk(kid, page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], None)
    return found
