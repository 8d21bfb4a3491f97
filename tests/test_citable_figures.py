"""Every numbered figure and table can be cited on its own, and every drawn figure offers its vector file.

Read from the session's build: what each figure or table should be cited
as is worked out here from the page itself (its caption's number and text,
its id) and from CITATION.cff; the references in the block are compared
with it, and the downloads are read back with rispy, json and pybtex.
"""

from __future__ import annotations

import json
import re

import pytest
import rispy
from pybtex.richtext import Text

from conftest import CITATION, SECTION_PAGES
from scholarly_pages import bibtex, block_text, download_files, figure_and_table_cite_blocks

TITLE = CITATION["title"]
VERSION = CITATION["version"]
ISSUER = CITATION["preferred-citation"]["institution"]["name"]
(AUTHOR,) = CITATION["authors"]  # the paper's one author, an organisation
YEAR = CITATION["date-released"][:4]


def numbered(page) -> dict[str, tuple[str, str]]:
    """Each numbered figure and table on a page: its id -> ("Figure 4", its caption's text)."""
    found = {}
    for element in page.select("article figure[id], article table[id]"):
        number = element.select_one(".caption-number")
        if number is not None:
            # A no-break space ("8.4 months") is the author's, and stays.
            caption = re.sub(r"[ \n\t]+", " ", element.select_one(".caption-text").get_text()).strip()
            found[element["id"]] = (number.get_text(strip=True).removesuffix("."), caption)
    return found


def first_sentence(text: str) -> str:
    """Up to the first full stop that a space and a capital or a digit follow, or the whole text."""
    match = re.match(r"(.+?[.!?]) [A-Z0-9]", text)
    return match.group(1) if match else text


def test_the_paper_has_figures_and_tables_to_cite(built):
    # Guards the parametrised tests below from passing on pages with nothing numbered.
    kinds = [number.split()[0] for name in SECTION_PAGES for number, _ in numbered(built.page(name)).values()]
    assert kinds.count("Figure") >= 4 and kinds.count("Table") >= 3


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_each_figure_and_table_has_its_own_cite_block(built, name):
    page = built.page(name)
    blocks = figure_and_table_cite_blocks(page)
    assert set(blocks) == set(numbered(page))
    for label, (number, _) in numbered(page).items():
        block = blocks[label]
        assert block.name == "details" and not block.has_attr("open")
        # The block names what it cites, as a screen reader's list of them shows it.
        assert block.summary.get_text(strip=True) == f"Cite {number}"


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_a_figure_or_table_is_cited_as_a_part_of_the_paper(built, name):
    page = built.page(name)
    team = AUTHOR["name"]
    # APA leaves out a publisher that is also the author.
    publisher = "" if ISSUER == team else f" {ISSUER}."
    for label, (number, caption) in numbered(page).items():
        block = figure_and_table_cite_blocks(page)[label]
        heading = first_sentence(caption)
        # No address is published here, so the references name none (with one, test_published_site).
        assert block_text(block, f"cite-apa-{label}") == (
            f"{team}. ({YEAR}). {number}. {heading} In {TITLE} (Version {VERSION}).{publisher}")
        assert block_text(block, f"cite-vancouver-{label}") == (
            f"{team}. {number}. {heading} In: {TITLE}. Version {VERSION}. {ISSUER}; {YEAR}.")


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_a_figures_or_tables_downloads_describe_the_same_part(built, name):
    page = built.page(name)
    for label, (number, caption) in numbered(page).items():
        block = figure_and_table_cite_blocks(page)[label]
        files = download_files(built.html, block)
        title = f"{number}. {first_sentence(caption).removesuffix('.')}"
        assert len({path.name for path in files.values()}) == 3 and all(path.is_file() for path in files.values())

        (ris,) = rispy.loads(files["RIS"].read_text(encoding="utf-8"))
        assert (ris["type_of_reference"], ris["title"], ris["secondary_title"]) == ("CHAP", title, TITLE)
        # No address is published here, so no download names one (with one, test_published_site).
        assert (ris["edition"], ris.get("urls"), ris["abstract"]) == (f"Version {VERSION}", None, caption)

        (csl,) = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
        assert (csl["type"], csl["title"], csl["container-title"]) == ("chapter", title, TITLE)
        assert (csl["edition"], csl.get("URL"), csl["abstract"]) == (f"Version {VERSION}", None, caption)

        entry = bibtex(files["BibTeX"].read_text(encoding="utf-8"))
        assert entry.type == "incollection" and entry.fields["booktitle"].strip("{}") == TITLE
        # pybtex folds every space, no-break ones too, so the title is compared word by word.
        shown = Text.from_latex(entry.fields["title"]).render_as("text")
        assert (shown.split(), entry.fields.get("url")) == (title.split(), None)
        # The block shows the entry it offers.
        assert bibtex(block_text(block, f"cite-bibtex-{label}")).fields == entry.fields


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_the_ids_of_every_cite_block_on_a_page_are_unique(built, name):
    ids = [element["id"] for element in built.page(name).select("details.cite-this [id]")]
    assert len(ids) == len(set(ids)) and ids


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_each_drawn_figure_offers_the_vector_file_it_shows(built, name):
    page = built.page(name)
    for figure in page.select("article figure[id]"):
        image = figure.select_one("img")
        line = figure.find_next_sibling("p", class_="paper-data")
        links = {link.get_text(strip=True): link["href"] for link in line.select("a")} if line else {}
        assert links.get("SVG") == image["src"], f"{name}.html#{figure['id']}: no link to the drawing it shows"
        assert (built.html / image["src"]).read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
