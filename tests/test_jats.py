"""The JATS XML: valid JATS Archiving and Interchange 1.4, and the same paper as the HTML.

The DTD check here does not use the builder's own: it maps the document's
public identifier through the catalogue of the npm package @jats4r/dtds and
validates with lxml, offline. Sections, figures, tables and references are
compared with the session's HTML build, and the front matter with
CITATION.cff read as plain YAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from lxml import etree

from conftest import JATS_CATALOG, ROOT, SECTION_PAGES, assert_built, build, git, project_copy, read_citation

ARCHIVING_1_4 = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.4 20241031//EN"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CITATION = read_citation()


@pytest.fixture(scope="module")
def jats(built) -> etree._ElementTree:
    """The session's paper as JATS, built next to its HTML (sharing the parsed sources)."""
    assert_built(build(ROOT, "jats", built.html.parent))
    return etree.parse(str(built.html.parent / "jats" / "amcenestrant.xml"))


def words(element) -> str:
    return " ".join("".join(element.itertext()).split())


def html_words(tag) -> str:
    return " ".join(tag.get_text().replace("¶", "").split())


def archiving_dtd() -> etree.DTD:
    catalog = etree.parse(str(JATS_CATALOG))
    uri = catalog.xpath("//c:public[@publicId=$id]/@uri", id=ARCHIVING_1_4,
                        namespaces={"c": "urn:oasis:names:tc:entity:xmlns:xml:catalog"})
    assert len(uri) == 1, f"{JATS_CATALOG} maps {ARCHIVING_1_4!r} to {uri}"
    return etree.DTD(str(JATS_CATALOG.parent / uri[0]))


# -- Valid JATS Archiving 1.4 -------------------------------------------------------------


def test_declares_jats_archiving_1_4(jats):
    assert jats.docinfo.public_id == ARCHIVING_1_4
    assert jats.getroot().tag == "article"
    assert jats.getroot().get("dtd-version") == "1.4"


def test_is_valid_against_the_archiving_1_4_dtd(jats):
    dtd = archiving_dtd()
    assert dtd.validate(jats), "\n".join(str(error) for error in dtd.error_log.filter_from_errors())


def test_an_element_the_dtd_rejects_stops_the_build_at_its_line(tmp_path):
    project = project_copy(tmp_path)
    with (project / "source" / "conclusion.md").open("a", encoding="utf-8") as section:
        section.write("\n```{raw} jats\n<not-a-jats-element/>\n```\n")
    result = build(project, "jats", tmp_path / "out", "-D", f"paper_jats_catalog={JATS_CATALOG}")
    assert result.returncode != 0
    reported = re.findall(r"(\S+amcenestrant\.xml):(\d+): ", result.stdout + result.stderr)
    assert reported, result.stdout[-2000:] + result.stderr[-2000:]
    written = Path(reported[0][0]).read_text(encoding="utf-8").splitlines()
    assert any("<not-a-jats-element/>" in written[int(line) - 1] for _, line in reported)


# -- Front matter, from CITATION.cff --------------------------------------------------------


def test_front_matter_is_what_citation_cff_says(jats):
    meta = jats.find("front/article-meta")
    assert words(meta.find("title-group/article-title")) == CITATION["title"]
    assert meta.findtext("article-version") == CITATION["version"]
    released = str(CITATION["date-released"])
    assert meta.find("pub-date").get("iso-8601-date") == released
    year, month, day = released.split("-")
    assert (meta.findtext("pub-date/year"), meta.findtext("pub-date/month"), meta.findtext("pub-date/day")) \
        == (year, month, day)
    assert [words(collab) for collab in meta.iterfind("contrib-group/contrib/collab")] \
        == [author["name"] for author in CITATION["authors"]]
    assert words(meta.find("abstract")) == " ".join(CITATION["abstract"].split())
    assert [kwd.text for kwd in meta.iterfind("kwd-group/kwd")] == CITATION["keywords"]
    # JATS4R: a Creative Commons licence by its own URI, not a page about it.
    assert CITATION["license"] == "CC-BY-4.0" and "license-url" not in CITATION
    licence_url = "https://creativecommons.org/licenses/by/4.0/"
    licence = meta.find("permissions/license")
    assert licence.get(XLINK_HREF) == licence_url
    assert licence.findtext("{http://www.niso.org/schemas/ali/1.0/}license_ref") == licence_url


def test_front_matter_names_the_commit_and_no_address_where_none_is_published(jats):
    meta = jats.find("front/article-meta")
    custom = {item.findtext("meta-name"): item.findtext("meta-value")
              for item in meta.iterfind("custom-meta-group/custom-meta")}
    assert custom["commit"] == git("rev-parse", "HEAD")
    # The HTML and the PDF at their published addresses: none here (tests/fast/test_published_addresses.py
    # gives the paper one), and a relative address would name nothing once the XML is deposited.
    assert list(meta.iterfind("self-uri")) == []


# -- The same paper as the HTML --------------------------------------------------------------


def html_sections(built) -> dict[str, tuple[str, str]]:
    """id -> (number, heading) of every numbered section in the HTML."""
    found = {}
    for name in SECTION_PAGES:
        for section in built.page(name).select("article section[id]"):
            heading = section.find(["h1", "h2", "h3", "h4"])
            number = heading.find(class_="section-number")
            if number is not None:
                title = html_words(heading).removeprefix(html_words(number)).strip()
                found[section["id"]] = (html_words(number).rstrip("."), title)
    return found


def test_sections_have_the_labels_numbers_and_headings_of_the_html(built, jats):
    # The body's: the back matter's one sec is the declarations' data availability, which the HTML prints unnumbered.
    in_jats = {sec.get("id"): (sec.findtext("label"), words(sec.find("title"))) for sec in jats.find("body").iter("sec")}
    assert [sec.get("sec-type") for sec in jats.find("back").iter("sec")] == ["data-availability"]
    expected = html_sections(built)
    assert len(expected) >= len(SECTION_PAGES)
    assert in_jats == expected


def numbered(built, selector: str) -> dict[str, str]:
    """id -> "Figure 2" (or "Table 1") for the HTML's numbered figures or tables
    (whose captions read "Figure 2. ...": JATS leaves punctuation to the display)."""
    found = {}
    for name in SECTION_PAGES:
        for item in built.page(name).select(selector):
            found[item["id"]] = html_words(item.find(class_="caption-number")).rstrip(".")
    return found


def test_figures_have_the_labels_numbers_and_graphics_of_the_html(built, jats):
    figures = {fig.get("id"): fig.findtext("label") for fig in jats.iter("fig")}
    assert figures == numbered(built, "figure[id]")
    jats_folder = Path(jats.docinfo.URL).parent
    for graphic in jats.iter("graphic"):
        href = graphic.get(XLINK_HREF)
        assert (jats_folder / href).is_file(), href
        # The same file name as the HTML's, so that in a release the XML finds it in the site.
        assert (built.html / href).read_bytes() == (jats_folder / href).read_bytes(), href
        assert graphic.findtext("alt-text"), href


def test_tables_have_the_labels_numbers_and_cells_of_the_html(built, jats):
    tables = {wrap.get("id"): wrap.findtext("label") for wrap in jats.iter("table-wrap")}
    assert tables == numbered(built, "table[id]")
    for name in SECTION_PAGES:
        for table in built.page(name).select("table[id]"):
            wrap = jats.find(f".//table-wrap[@id='{table['id']}']")
            html_rows = [[html_words(cell) for cell in row.find_all(["th", "td"])] for row in table.find_all("tr")]
            jats_rows = [[words(cell) for cell in row] for row in wrap.iter("tr")]
            assert jats_rows == html_rows


def html_references(built) -> dict[str, tuple[str, set[str], set[str]]]:
    """id -> (number, DOIs, PMIDs) of each entry on the HTML references page."""
    found = {}
    for entry in built.page("references").select("div.citation[id]"):
        links = [urlparse(a["href"]) for a in entry.find_all("a", href=True)]
        dois = {link.path.lstrip("/") for link in links if link.netloc == "doi.org"}
        pmids = {link.path.strip("/") for link in links if link.netloc == "pubmed.ncbi.nlm.nih.gov"}
        found[entry["id"]] = (html_words(entry.find(class_="label")).strip("[]"), dois, pmids)
    return found


def test_references_have_the_numbers_dois_and_pmids_of_the_html(built, jats):
    in_jats = {
        ref.get("id"): (ref.findtext("label"),
                        {pub.text for pub in ref.iterfind(".//pub-id[@pub-id-type='doi']")},
                        {pub.text for pub in ref.iterfind(".//pub-id[@pub-id-type='pmid']")})
        for ref in jats.iterfind("back/ref-list/ref")
    }
    expected = html_references(built)
    assert len(expected) == 18
    assert list(in_jats) == list(expected)
    assert in_jats == expected


def test_references_seen_on_the_web_carry_the_access_date_the_list_prints(built, jats):
    # JATS4R: the date a web source was seen is a date-in-citation, as "[cited …]" is in the list.
    listed = {entry["id"]: " ".join(entry.get_text().split()) for entry in built.page("references").select(".citation[id]")}
    cited = {key: re.search(r"\[cited ([^\]]+)\]", text)[1] for key, text in listed.items() if "[cited " in text}
    assert len(cited) >= 5
    in_jats = {ref.get("id"): ref.find(".//date-in-citation[@content-type='access-date']")
               for ref in jats.iterfind("back/ref-list/ref")}
    assert {key for key, date in in_jats.items() if date is not None} == set(cited)
    for key, date in cited.items():
        assert in_jats[key].text == f"cited {date}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", in_jats[key].get("iso-8601-date"))


def test_a_link_whose_text_is_its_address_says_what_it_is(jats):
    # JATS4R: a bare address as link text tells a reader nothing; xlink:title does.
    links = [link for link in jats.iterfind("back/ref-list/ref//ext-link") if words(link) == link.get(XLINK_HREF)]
    assert links
    assert all(link.get("{http://www.w3.org/1999/xlink}title", "").strip() for link in links)


def test_citations_point_at_the_same_references_in_the_same_order(built, jats):
    in_html = [a["href"].partition("#")[2] for name in ["index", *SECTION_PAGES]
               for a in built.page(name).select("article a[href*='#cite-']")]
    in_jats = [xref.get("rid") for xref in jats.iterfind("body//xref[@ref-type='bibr']")]
    assert len(in_html) > 18
    assert in_jats == in_html


# -- Any author, any BibTeX entry -----------------------------------------------------------

ENTRIES = r"""
@article{a, author = {van den Berg, Anne-Laure and Smith, Jr., John and others}, title = {A {SERD} trial},
  journal = {J Clin Oncol}, year = {2023}, volume = {41}, number = {24}, pages = {4014--4024},
  doi = {10.1200/JCO.22.02746}, pmid = {37348019}}
@book{b, editor = {Doe, Jane}, title = {Oncology}, publisher = {Press}, address = {Oxford}, year = {2020},
  isbn = {978-0-19-000000-0}}
@inproceedings{c, author = {{World Health Organization}}, title = {Report}, booktitle = {Proceedings}, year = {2021}}
@online{d, title = {News}, organization = {Site}, date = {2022-08-17}, url = {https://example.org/news}}
@phdthesis{e, author = {Roe, Richard}, title = {Thesis}, school = {University}, year = {2019}}
@misc{f, title = {Anything}}
"""


def an_article(contribs: etree._Element | None, citations: list[etree._Element]) -> etree._ElementTree:
    """The smallest article that holds the given authors and references."""
    article = etree.fromstring(
        '<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.4"><front><article-meta>'
        "<title-group><article-title>T</article-title></title-group></article-meta></front>"
        "<body><p>x</p></body><back><ref-list/></back></article>"
    )
    if contribs is not None:
        article.find("front/article-meta").append(contribs)
    for number, citation in enumerate(citations, start=1):
        ref = etree.SubElement(article.find("back/ref-list"), "ref", id=f"r{number}")
        ref.append(citation)
    return etree.ElementTree(article)


def test_people_with_particles_orcids_and_affiliations_and_organisations_are_valid_jats():
    from paper.formats.jats import contrib_group
    from paper.inputs.citation_file import Creator

    creators = (
        Creator(given="Anne-Laure", particle="van den", family="Berg", suffix="Jr.",
                orcid="https://orcid.org/0000-0002-1825-0097", affiliation="Institut Curie"),
        Creator(given="Ola", family="Nordmann", affiliation="Institut Curie"),
        Creator(entity="Amcenestrant Case Study Team"),
    )
    group = contrib_group(creators)
    dtd = archiving_dtd()
    assert dtd.validate(an_article(group, [])), dtd.error_log
    first, second, team = group.iterfind("contrib")
    assert first.findtext("name/surname") == "van den Berg"
    assert (first.findtext("name/given-names"), first.findtext("name/suffix")) == ("Anne-Laure", "Jr.")
    assert first.findtext("contrib-id[@contrib-id-type='orcid']") == "https://orcid.org/0000-0002-1825-0097"
    assert first.find("xref").get("rid") == second.find("xref").get("rid")
    assert [aff.findtext("institution") for aff in group.iterfind("aff")] == ["Institut Curie"]
    assert team.findtext("collab") == "Amcenestrant Case Study Team"


def test_every_kind_of_bibtex_entry_becomes_a_valid_element_citation():
    import pybtex.database

    from paper.formats.jats import element_citation

    entries = pybtex.database.parse_string(ENTRIES, "bibtex").entries
    citations = {key: element_citation(entry) for key, entry in entries.items()}
    dtd = archiving_dtd()
    assert dtd.validate(an_article(None, list(citations.values()))), dtd.error_log
    article = citations["a"]
    assert [(name.findtext("surname"), name.findtext("given-names"), name.findtext("suffix"))
            for name in article.iterfind("person-group/name")] == [("van den Berg", "Anne-Laure", None),
                                                                   ("Smith", "John", "Jr.")]
    assert article.find("person-group/etal") is not None
    assert (article.findtext("fpage"), article.findtext("lpage")) == ("4014", "4024")
    assert article.findtext("pub-id[@pub-id-type='pmid']") == "37348019"
    assert citations["b"].find("person-group").get("person-group-type") == "editor"
    assert citations["c"].findtext("person-group/collab") == "World Health Organization"
    assert citations["d"].findtext("day") == "17"
    assert {citation.get("publication-type") for citation in citations.values()} == {
        "journal", "book", "confproc", "webpage", "thesis", "other"}
