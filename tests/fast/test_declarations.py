"""The declarations, written once, in the pages, the LaTeX and the JATS where JATS4R puts them.

The minimal paper declares from ``data/declarations.yaml``; what each output
should say is worked out here from that file (read by PyYAML) and from
CRediT's own names and addresses of its roles, not from the extension.
"""

from __future__ import annotations

import json

import yaml
from bs4 import BeautifulSoup
from lxml import etree

from conftest import JATS_CATALOG
from paper.inputs.declarations import CREDIT_ROLES, SCHEMA
from tagged_pdf import element_texts

#: The roles the minimal paper declares, by CRediT's identifier, with the name and address CRediT gives them.
CREDIT_NAMES = {"conceptualization": "Conceptualization", "writing-original-draft": "Writing \u2013 original draft"}


def declared(project) -> dict:
    return yaml.safe_load((project / "data" / "declarations.yaml").read_text(encoding="utf-8"))


def expected_paragraphs(data: dict) -> list[str]:
    (contribution,) = data["contributions"]
    roles = ", ".join(CREDIT_NAMES[role] for role in contribution["roles"])
    return [f"Competing interests. {data['competing-interests']}",
            f"Funding. {data['funding']['statement']}",
            f"Author contributions (CRediT). {contribution['author']}: {roles}.",
            f"Data availability. {data['data-availability']}"]


def test_the_page_prints_each_declaration_under_one_heading(declared_paper, build_strictly):
    assert build_strictly(declared_paper, "html").passed
    page = BeautifulSoup((declared_paper / "_build" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    (block,) = page.select(".declarations")
    # A heading a screen reader lists, unnumbered, as it is in the PDF.
    assert [(heading.name, heading.get_text()) for heading in block.find_all(["h1", "h2", "h3", "p"], class_="rubric")] == [
        ("h2", "Declarations")]
    assert [" ".join(p.get_text().split()) for p in block.find_all("p")] == expected_paragraphs(declared(declared_paper))


def test_the_pdf_source_prints_them_under_an_unnumbered_heading(declared_paper, build_strictly):
    assert build_strictly(declared_paper, "latex").passed
    tex = (declared_paper / "_build" / "latex" / "minimal.tex").read_text(encoding="utf-8")
    assert r"section*{Declarations}" in tex
    data = declared(declared_paper)
    assert data["data-availability"] in tex and data["competing-interests"] in tex


def test_the_jats_carries_roles_competing_interests_funding_and_data_where_jats4r_puts_them(declared_paper, make_app):
    app = make_app("jats", srcdir=declared_paper, warningiserror=True,
                   confoverrides={"paper_jats_catalog": str(JATS_CATALOG)})
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.statuscode == 0
    article = etree.parse(str(declared_paper / "_build" / "jats" / "minimal.xml"))
    data = declared(declared_paper)
    (contribution,) = data["contributions"]
    roles = article.xpath("//article-meta/contrib-group/contrib/role")
    assert [(role.text, dict(role.attrib)) for role in roles] == [
        (CREDIT_NAMES[identifier], {"vocab": "credit", "vocab-identifier": "https://credit.niso.org/",
                                    "vocab-term": CREDIT_NAMES[identifier],
                                    "vocab-term-identifier": f"https://credit.niso.org/contributor-roles/{identifier}/"})
        for identifier in contribution["roles"]]
    assert article.xpath("string(//article-meta/author-notes/fn[@fn-type='coi-statement']/p)") == data["competing-interests"]
    assert article.xpath("string(//article-meta/funding-group/funding-statement)") == data["funding"]["statement"]
    (section,) = article.xpath("/article/back/sec[@sec-type='data-availability']")
    assert section.xpath("string(p)") == data["data-availability"]
    # Once: the body leaves the printed block to the front and back matter.
    assert data["data-availability"] not in etree.tostring(article.find("body"), encoding="unicode")


def test_the_accessible_pdf_gives_them_a_heading_a_screen_reader_lists(declared_paper, build_strictly):
    assert build_strictly(declared_paper, "typst").passed
    pdf = declared_paper / "_build" / "typst" / "minimal-tagged.pdf"
    # The page's title is the document's title; the HTML's <h2> is the PDF's first heading level.
    assert "Declarations" in element_texts(pdf, "/H1")
    data = declared(declared_paper)
    assert data["data-availability"] in " ".join(element_texts(pdf, "/P"))


def test_the_schema_allows_exactly_the_roles_the_extension_can_name():
    # The role identifiers live in the schema (for an author's editor and the build's check) and, with
    # CRediT's names, in the extension: the two lists must be the same fourteen roles.
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    allowed = schema["properties"]["contributions"]["items"]["properties"]["roles"]["items"]["enum"]
    assert sorted(allowed) == sorted(CREDIT_ROLES) and len(allowed) == 14
