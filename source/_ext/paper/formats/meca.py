"""A MECA bundle: the paper as a journal's submission system takes it in.

MECA (Manuscript Exchange Common Approach, NISO RP-30) is a zip archive
whose ``manifest.xml`` lists every file in it and says what each is. The
bundle holds the paper's JATS XML (the ``article-metadata``), its PDF (the
``manuscript``) and every file the JATS XML points at, its figures
(``article-supporting-file``), at the paths the JATS XML gives them, so
that each ``xlink:href`` resolves inside the archive.

The archive is the same bytes from the same inputs: entries in a fixed
order (the manifest first), dated ``SOURCE_DATE_EPOCH`` (or 1 January
1980), with fixed permissions (:mod:`.zip_entries`).
"""

from __future__ import annotations

import mimetypes
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .zip_entries import ZIP_EPOCH, stamped

MANIFEST = "manifest.xml"
MANIFEST_DOCTYPE = '<!DOCTYPE manifest PUBLIC "-//MECA//DTD Manifest v1.0//en" "https://meca.zip/manifest-1.0.dtd">'
MANIFEST_NAMESPACE = "https://manuscriptexchange.org/schema/manifest"
XLINK = "http://www.w3.org/1999/xlink"


class MecaError(Exception):
    """The bundle cannot be made from these files (said in one line)."""


@dataclass(frozen=True)
class Item:
    """One file of the bundle: its path in the archive, MECA item type, media type and title."""

    href: str
    item_type: str
    media_type: str
    title: str


def media_type(path: str) -> str:
    guessed, _ = mimetypes.guess_type(path)
    return {".svg": "image/svg+xml", ".xml": "application/xml"}.get(PurePosixPath(path).suffix, guessed or
                                                                     "application/octet-stream")


#: The JATS elements whose file is part of the article (not a link to elsewhere, as a ``self-uri`` is).
INCLUDED = ("graphic", "inline-graphic", "media", "supplementary-material")


def files_the_jats_points_at(jats: Path) -> list[tuple[str, str]]:
    """Every local file that the JATS XML takes into the article (its figures), as it names them, in
    order, each with its figure's label ("Figure 4") or else its file's name."""
    try:
        tree = etree.parse(str(jats), etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False))
    except (OSError, etree.XMLSyntaxError) as error:
        raise MecaError(f"{jats}: not readable as XML: {error}") from None
    found: dict[str, str] = {}
    for element in tree.iter(*INCLUDED):
        href = element.get(f"{{{XLINK}}}href", "")
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path or href in found:
            continue
        label = element.xpath("string(ancestor::fig[1]/label)").strip()
        found[href] = label or PurePosixPath(href).name
    return list(found.items())


def items(jats: Path, pdf: Path) -> list[Item]:
    """The bundle's files: the JATS XML, the PDF, and each other file the JATS XML points at."""
    listed = [Item(jats.name, "article-metadata", "application/xml", "JATS XML"),
              Item(pdf.name, "manuscript", "application/pdf", "PDF")]
    for href, title in files_the_jats_points_at(jats):
        path = PurePosixPath(href)
        if path.is_absolute() or ".." in path.parts:
            raise MecaError(f"{jats}: {href!r} lies outside the JATS XML's folder")
        if not (jats.parent / path).is_file():
            raise MecaError(f"{jats}: {href!r} is not there")
        listed.append(Item(href, "article-supporting-file", media_type(href), title))
    return listed


def manifest(listed: list[Item]) -> bytes:
    """``manifest.xml``: each item with its type, title and one instance, its path and media type."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', MANIFEST_DOCTYPE,
             f'<manifest xmlns="{MANIFEST_NAMESPACE}" xmlns:xlink="{XLINK}" manifest-version="1.0">']
    for number, item in enumerate(listed, start=1):
        lines += [
            f'  <item id="item-{number}" item-type={quoteattr(item.item_type)}>',
            f"    <item-title>{escape(item.title)}</item-title>",
            f'    <instance xlink:href={quoteattr(item.href)} media-type={quoteattr(item.media_type)}/>',
            "  </item>",
        ]
    lines.append("</manifest>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _entry(name: str, epoch: int) -> zipfile.ZipInfo:
    info = stamped(zipfile.ZipInfo(name), epoch)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_bundle(jats: Path, pdf: Path, out: Path, epoch: int = ZIP_EPOCH) -> list[Item]:
    """Write the bundle to ``out``: the manifest first, then each item in the manifest's order."""
    if not pdf.is_file():
        raise MecaError(f"{pdf}: no PDF to put in the bundle (make latexpdf)")
    listed = items(jats, pdf)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as bundle:
        bundle.writestr(_entry(MANIFEST, epoch), manifest(listed))
        for item in listed:
            source = pdf if item.item_type == "manuscript" else jats.parent / item.href
            bundle.writestr(_entry(item.href, epoch), source.read_bytes())
    return listed
