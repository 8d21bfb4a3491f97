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
