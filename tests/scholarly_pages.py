"""Reading what the paper's pages say about citing it, and what CITATION.cff says they should.

Shared by the tests of the scholarly metadata, the "Cite this" blocks, the
downloads, the published site and the Read the Docs build. Expectations are
derived here from CITATION.cff read as plain YAML, never through the
extension that renders it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pybtex.database
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from conftest import ROOT

PUBLISHED_LABELS = ROOT / "tests" / "published_labels.txt"
#: Labels Sphinx itself puts in every inventory; not the paper's.
SPHINX_LABELS = {"genindex", "modindex", "py-modindex", "search"}


def check_citation(path: Path) -> subprocess.CompletedProcess:
    """``scripts/check-citation`` on a CITATION.cff: is it valid CFF 1.2?"""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check-citation"), str(path)], capture_output=True, text=True
    )


def published_labels() -> dict[str, str]:
    """label -> ``page.html#anchor``, from tests/published_labels.txt."""
    lines = PUBLISHED_LABELS.read_text(encoding="utf-8").splitlines()
    return dict(line.split() for line in lines if line.strip() and not line.startswith("#"))


def inventory_labels(objects_inv: Path) -> dict[str, str]:
    """label -> URI for the paper's own ``std:label`` entries in an objects.inv."""
    inventory = InventoryFile.loads(objects_inv.read_bytes(), uri="")
    return {name: item.uri for name, item in inventory.data["std:label"].items() if name not in SPHINX_LABELS}


def read_page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def metas(page: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in page.head.find_all("meta", attrs={"name": name})]


def the_meta(page: BeautifulSoup, name: str) -> str:
    values = metas(page, name)
    assert len(values) == 1, f"expected one <meta name={name!r}>, found {values}"
    return values[0]


def json_ld(page: BeautifulSoup) -> dict:
    blocks = page.head.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


def heading_with_number(page: BeautifulSoup) -> tuple[str, str]:
    """(``3``, ``AMEERA-3: …``) from a section page's numbered h1."""
    h1 = page.find("h1")
    number = h1.find("span", class_="section-number").get_text().strip().rstrip(".")
    heading = "".join(h1.find_all(string=True, recursive=False)).strip()
    return number, heading


def section_title(page: BeautifulSoup) -> str:
    """How the paper names a section page: "Section 3. AMEERA-3: …"."""
    number, heading = heading_with_number(page)
    return f"Section {number}. {heading}"


def section_anchor(page: BeautifulSoup) -> str:
    """The id of the section a page holds: its permanent anchor."""
    return page.select_one("article section")["id"]


def bibtex(text: str):
    """The single entry in a BibTeX text, parsed by pybtex."""
    entries = pybtex.database.parse_string(text, "bibtex").entries
    assert len(entries) == 1, f"expected one BibTeX entry in {text!r}"
    return next(iter(entries.values()))


def cite_block(page: BeautifulSoup):
    """The block that cites the page's own part: the paper or the section."""
    blocks = page.select("details.cite-this:not(.cite-figure-or-table)")
    assert len(blocks) == 1, f"expected one 'Cite this' block for the page, found {len(blocks)}"
    return blocks[0]


def figure_and_table_cite_blocks(page: BeautifulSoup) -> dict[str, object]:
    """The id of each figure and table on a page -> the "Cite this" block that follows it."""
    found = {}
    for block in page.select("details.cite-this.cite-figure-or-table"):
        cited = block.find_previous_sibling(["figure", "table"])
        assert cited is not None and cited.get("id"), "a figure's or table's 'Cite this' block follows no figure or table"
        found[cited["id"]] = block
    return found


def block_text(block, target: str) -> str:
    return block.find(id=target).get_text().strip()


def downloads(block) -> dict[str, str]:
    """Format name -> address of each download a block offers."""
    return {link.get_text(strip=True): link["href"] for link in block.select("p.cite-download a[download]")}


def download_files(site: Path, block, base: str = "") -> dict[str, Path]:
    """Format name -> the file in a built site of each download a block offers (addresses absolute under ``base``)."""
    return {name: site / address.removeprefix(base) for name, address in downloads(block).items()}


def site_file(site: Path, page_url: str, address: str, base: str = "") -> Path:
    """The file in a built site that an address on a page names (absolute under ``base``, or relative)."""
    resolved = urljoin(page_url, address)
    if base and resolved.startswith(base):
        resolved = urljoin(site.as_uri() + "/", resolved[len(base):])
    return Path(urlsplit(resolved).path)


def resolve(base: str, url: str) -> tuple[str, str]:
    """(page, anchor) that a URL in a page named ``base`` points at."""
    parts = urlsplit(urljoin(base, url))
    return parts.path.rsplit("/", 1)[-1], parts.fragment


# -- Names, as each format should write them -----------------------------------------------


def is_organisation(author: dict) -> bool:
    return "name" in author


def family_with_particle(author: dict) -> str:
    return " ".join(filter(None, (author.get("name-particle"), author["family-names"])))


def zotero_creator(author: dict) -> dict:
    """What Zotero keeps of a CFF author from the pages: one field for an organisation;
    for a person, the family name with its particle and suffix, and the given names."""
    if is_organisation(author):
        return {"name": author["name"]}
    last = " ".join(filter(None, (family_with_particle(author), author.get("name-suffix"))))
    return {"lastName": last, "firstName": author["given-names"]}


def ris_author(author: dict) -> str:
    """An ``AU`` line as the RIS specification orders it: "Last, First, Suffix"; an organisation with a comma."""
    if is_organisation(author):
        return f"{author['name']},"
    return ", ".join(filter(None, (family_with_particle(author), author["given-names"], author.get("name-suffix"))))


def csl_author(author: dict) -> dict:
    if is_organisation(author):
        return {"literal": author["name"]}
    name = {"family": author["family-names"], "given": author["given-names"],
            "non-dropping-particle": author.get("name-particle"), "suffix": author.get("name-suffix")}
    return {part: value for part, value in name.items() if value}


def bibtex_person_parts(person) -> dict:
    """A pybtex person's parts, compared with :func:`bibtex_author_parts`."""
    return {"first": " ".join(person.first_names + person.middle_names), "von": " ".join(person.prelast_names),
            "last": " ".join(person.last_names), "jr": " ".join(person.lineage_names)}


def bibtex_author_parts(author: dict) -> dict:
    if is_organisation(author):
        return {"first": "", "von": "", "last": f"{{{author['name']}}}", "jr": ""}
    return {"first": author["given-names"], "von": author.get("name-particle", ""),
            "last": author["family-names"], "jr": author.get("name-suffix", "")}
