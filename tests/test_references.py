"""The reference list as a medical journal's copy editor reads it: Vancouver, in both outputs.

The expected references are written out here in full, as *Citing Medicine*
(NLM) and the ICMJE print them; they are not produced by the paper's style.
"""

from __future__ import annotations

import re

import pybtex.database
import pytest

from conftest import FIRST_CITATION_ORDER, ROOT, pdf_bibliography

EXPECTED = {
    "tolaney2023ameera3": (
        "Tolaney SM, Chan A, Petrakova K, Delaloge S, Campone M, Iwata H, et al. AMEERA-3: randomized phase II"
        " study of amcenestrant (oral selective estrogen receptor degrader) versus standard endocrine monotherapy"
        " in estrogen receptor-positive, human epidermal growth factor receptor 2-negative advanced breast cancer."
        " J Clin Oncol. 2023 Aug 20;41(24):4014-24. doi:10.1200/JCO.22.02746. PubMed PMID: 37348019."
    ),
    "cortes2024ameera5": (
        "Cortés J, et al. Randomized phase III study of amcenestrant plus palbociclib versus letrozole plus"
        " palbociclib in estrogen receptor-positive, human epidermal growth factor receptor 2-negative advanced"
        " breast cancer: primary results from AMEERA-5. J Clin Oncol. 2024 Aug 1;42(22):2680-90."
        " doi:10.1200/JCO.23.02036. PubMed PMID: 38889373."
    ),
    "bardia2022ameera5": (
        "Bardia A, Cortés J, Hurvitz SA, Delaloge S, Iwata H, Shao ZM, et al. AMEERA-5: a randomized,"
        " double-blind phase 3 study of amcenestrant plus palbociclib versus letrozole plus palbociclib for"
        " previously untreated ER+/HER2- advanced breast cancer. Ther Adv Med Oncol. 2022 Mar 15;14:17588359221083956."
        " doi:10.1177/17588359221083956. PubMed PMID: 35309087."
    ),
    "sun2020preclinical": (
        "Sun F, Cheng J, Sullivan A, Malkova N, Shomali M, McManus J, et al. Pre-clinical development of next"
        " generation selective estrogen receptor degrader - SAR439859 [abstract]. In: Proceedings of the Annual"
        " Meeting of the American Association for Cancer Research 2020. Cancer Res. 2020 Aug;80(16 Suppl):3452."
        " doi:10.1158/1538-7445.AM2020-3452."
    ),
    "ascopost2023ameera3": (
        "Amcenestrant vs standard endocrine therapy in ER-positive, HER2-negative advanced breast cancer"
        " [Internet]. The ASCO Post; [date unknown] [cited 2026 Nov 25]. Available from:"
        " https://ascopost.com/news/june-2023/amcenestrant-vs-standard-endocrine-therapy-in-er-positive-her2-negative"
        "-advanced-breast-cancer"
    ),
    "ascopost2024ameera5": (
        "ER-positive advanced breast cancer: oral SERD plus palbociclib in first-line setting [Internet]."
        " The ASCO Post; [date unknown] [cited 2026 Nov 25]. Available from:"
        " https://ascopost.com/news/june-2024/er-positive-advanced-breast-cancer-oral-serd-plus-palbociclib-in"
        "-first-line-setting"
    ),
    # Seen only as BioSpace's copy: cited as that copy, at its address, on the day it was seen.
    "sanofi2022update": (
        "Sanofi. Sanofi provides update on amcenestrant clinical development program [Internet]. BioSpace;"
        " 2022 Aug 17 [cited 2026 Nov 25]. Available from:"
        " https://biospace.com/press-release-sanofi-provides-update-on-amcenestrant-clinical-development-program"
    ),
    # Never seen at an address: a non-Internet item, its date unknown.
    "clinicaltrialsarena2022terminates": (
        "Sanofi terminates breast cancer trial, approval prospects plummet. Clinical Trials Arena; [date unknown]."
    ),
    # Sanofi's filing as EDGAR keeps it: a part of a database (Citing Medicine ch. 24).
    "sanofi2022ameera3": (
        "EDGAR [Internet]. U.S. Securities and Exchange Commission. [date unknown] - . Sanofi provides update on"
        " phase 2 study evaluating amcenestrant in ER+/HER2- advanced or metastatic breast cancer; 2022 Mar 14"
        " [cited 2026 Nov 25]. Available from:"
        " https://www.sec.gov/Archives/edgar/data/1121404/000119312522075990/d175906dex993.htm"
    ),
    # A PubMed record whose PubMed page was not seen: no address, no date cited.
    "tolaney2023pubmed": (
        "PubMed. Bethesda (MD): National Library of Medicine (US). [date unknown] - . PMID: 37348019, AMEERA-3:"
        " randomized phase II study of amcenestrant (oral selective estrogen receptor degrader) versus standard"
        " endocrine monotherapy in estrogen receptor-positive, human epidermal growth factor receptor 2-negative"
        " advanced breast cancer."
    ),
    "cortes2024pubmed": (
        "PubMed [Internet]. Bethesda (MD): National Library of Medicine (US). [date unknown] - . PMID: 38889373,"
        " Randomized phase III study of amcenestrant plus palbociclib versus letrozole plus palbociclib in"
        " estrogen receptor-positive, human epidermal growth factor receptor 2-negative advanced breast cancer:"
        " primary results from AMEERA-5; [cited 2026 Nov 25]. Available from: https://pubmed.ncbi.nlm.nih.gov/38889373/"
    ),
}


def html_references(built) -> dict[str, str]:
    """``{key: reference}`` from the HTML reference list, whitespace collapsed."""
    return {
        entry["id"].removeprefix("cite-"): " ".join(entry.select_one("p").get_text().split())
        for entry in built.page("references").select("div.citation")
    }


def without_links(built) -> dict[str, str]:
    """Each HTML reference with its links (DOI, PMID, address) and their labels left out."""
    texts = {}
    for entry in built.page("references").select("div.citation"):
        paragraph = entry.select_one("p")
        text = "".join(node for node in paragraph.find_all(string=True) if node.find_parent("a") is None)
        text = re.sub(r"\b(doi:|PMID:|Available from:)", "", text)
        texts[entry["id"].removeprefix("cite-")] = " ".join(re.sub(r"[\s.,;:]+", " ", text).split()).casefold()
    return texts


def no_spaces(text: str) -> str:
    """The PDF breaks long addresses across lines anywhere; compare without the line breaks."""
    return "".join(text.split())


@pytest.mark.parametrize("key", EXPECTED)
def test_reference_reads_in_vancouver_style_in_html(built, key):
    assert html_references(built)[key] == EXPECTED[key]


@pytest.mark.parametrize("key", EXPECTED)
def test_reference_reads_in_vancouver_style_in_pdf(built, key):
    entry = pdf_bibliography(built)[FIRST_CITATION_ORDER.index(key) + 1]
    assert no_spaces(entry) == no_spaces(EXPECTED[key])


def test_no_two_references_read_alike_once_links_are_set_aside(built):
    texts = without_links(built)
    assert len(texts) == len(FIRST_CITATION_ORDER)
    alike = [(first, second) for index, first in enumerate(texts) for second in list(texts)[index + 1:]
             if texts[first] == texts[second]]
    assert not alike, f"references that read alike: {alike}"


def test_no_reference_prints_others_as_an_author(built):
    html = html_references(built)
    pdf = pdf_bibliography(built)
    for text in [*html.values(), *pdf.values()]:
        assert not re.search(r"\bothers\b", text), text


def test_every_journal_article_is_cited_by_its_nlm_abbreviation(built):
    entries = pybtex.database.parse_file(str(ROOT / "references.bib")).entries
    articles = {key: entry for key, entry in entries.items() if entry.type == "article"}
    assert articles
    html = html_references(built)
    for key, entry in articles.items():
        abbreviation = entry.fields.get("shortjournal")
        assert abbreviation, f"{key} has no NLM abbreviation (shortjournal)"
        # "J Clin Oncol. 2023 Aug 20;41(24):4014-24.", never "Journal of Clinical Oncology. 2023;..."
        assert re.search(rf"\b{re.escape(abbreviation)}\. \d{{4}}( [A-Z][a-z]{{2}}( \d{{1,2}})?)?[;.]", html[key]), key
        assert not re.search(rf"\b{re.escape(entry.fields['journal'])}\. \d{{4}}", html[key]), key


def test_internet_references_give_medium_date_of_citation_and_address_together(built):
    """Citing Medicine: an Internet item has [Internet], [cited …] and "Available from:", all three;
    an item never seen at an address on a known day is cited as a non-Internet item, with none of them."""
    entries = pybtex.database.parse_file(str(ROOT / "references.bib")).entries
    html = html_references(built)
    for key, entry in entries.items():
        on_the_web = "url" in entry.fields
        assert on_the_web == ("urldate" in entry.fields), f"{key}: an address needs the date it was seen"
        for mark in ("[Internet]", "[cited ", "Available from: "):
            assert (mark in html[key]) == on_the_web, (key, mark)


def test_titles_write_her2_negative_one_way_and_name_cortes_one_way(built):
    html = " ".join(html_references(built).values())
    assert "HER2-" in html
    assert "HER2\u2013" not in html and "HER2\u2212" not in html
    assert "Cortes J" not in html
