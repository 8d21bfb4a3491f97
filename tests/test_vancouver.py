"""The Vancouver reference style, entry type by entry type (no build needed).

Each expected string is written out as *Citing Medicine* (NLM, 2nd edition)
prints such a reference; several are its own examples.
"""

from __future__ import annotations

import pybtex.database
import pytest
from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as PlainTextBackend

from paper.formats.vancouver import VancouverStyle, date_range, page_range


def rendered(bibtex: str, backend=PlainTextBackend) -> str:
    """The single entry in a BibTeX text, formatted by the paper's style."""
    entries = pybtex.database.parse_string(bibtex, "bibtex").entries
    (entry,) = VancouverStyle().format_entries(entries.values())
    return entry.text.render(backend())


@pytest.mark.parametrize("bibtex, expected", [
    pytest.param(
        """@article{k, author = {Tolaney, Sara M. and Chan, Arlene and Petrakova, Katarina and Delaloge, Suzette
             and Campone, Mario and Iwata, Hiroji and Peddi, Parvin F.},
           title = {{AMEERA-3}: Randomized Phase {II} Study of Amcenestrant},
           journal = {Journal of Clinical Oncology}, shortjournal = {J Clin Oncol},
           date = {2023-08-20}, volume = {41}, number = {24}, pages = {4014--4024},
           doi = {10.1200/JCO.22.02746}, pmid = {37348019}}""",
        "Tolaney SM, Chan A, Petrakova K, Delaloge S, Campone M, Iwata H, et al. AMEERA-3: randomized phase II"
        " study of amcenestrant. J Clin Oncol. 2023 Aug 20;41(24):4014-24. doi:10.1200/JCO.22.02746."
        " PubMed PMID: 37348019.",
        id="journal article, seven authors"),
    pytest.param(
        """@article{k, author = {Freedman, Stephen B. and Adler, Mark and Seshadri, Roopa and Powell, Elizabeth C.},
           title = {Oral ondansetron for gastroenteritis in a pediatric emergency department},
           journal = {N Engl J Med}, date = {2006-04-20}, volume = {354}, number = {16}, pages = {1698--1705},
           pmid = {16625009}}""",
        "Freedman SB, Adler M, Seshadri R, Powell EC. Oral ondansetron for gastroenteritis in a pediatric emergency"
        " department. N Engl J Med. 2006 Apr 20;354(16):1698-705. PubMed PMID: 16625009.",
        id="journal article with a PMID, NLM's own example of its citation format"),
    pytest.param(
        """@article{k, author = {Halpern, Scott D. and Ubel, Peter A. and Caplan, Arthur L.},
           title = {Solid-organ transplantation in {HIV}-infected patients},
           journal = {N Engl J Med}, year = {2002}, volume = {347}, number = {4}, pages = {284--7}}""",
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients."
        " N Engl J Med. 2002;347(4):284-7.",
        id="journal article, Citing Medicine's own example"),
    pytest.param(
        """@article{k, author = {Halpern, Scott D. and Ubel, Peter A. and Caplan, Arthur L.},
           title = {Solid-organ transplantation in {HIV}-infected patients},
           journal = {N Engl J Med}, date = {2002-07-25}, volume = {347}, number = {4}, pages = {284--7}}""",
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients."
        " N Engl J Med. 2002 Jul 25;347(4):284-7.",
        id="journal article dated to the day, as Citing Medicine prints its example"),
    pytest.param(
        """@article{k, author = {Cortés, Javier and others}, title = {Primary results from {AMEERA-5}},
           journal = {J Clin Oncol}, year = {2024}, volume = {42}, pages = {2680-2690}}""",
        "Cortés J, et al. Primary results from AMEERA-5. J Clin Oncol. 2024;42:2680-90.",
        id="and others"),
    pytest.param(
        """@article{k, title = {Cancer in {South Africa}}, journal = {S Afr Med J}, year = {1994},
           volume = {84}, number = {12}, pages = {15}}""",
        "Cancer in South Africa. S Afr Med J. 1994;84(12):15.",
        id="journal article without authors starts with its title"),
    pytest.param(
        """@article{k, author = {Sun, Fangxian and Cheng, Jane}, entrysubtype = {abstract},
           title = {Pre-clinical development of {SAR439859}},
           issuetitle = {Proceedings of the Annual Meeting of the {American Association for Cancer Research} 2020},
           journal = {Cancer Research}, shortjournal = {Cancer Res}, date = {2020-08},
           volume = {80}, number = {16 Suppl}, pages = {3452}, doi = {10.1158/1538-7445.AM2020-3452}}""",
        "Sun F, Cheng J. Pre-clinical development of SAR439859 [abstract]. In: Proceedings of the Annual Meeting"
        " of the American Association for Cancer Research 2020. Cancer Res. 2020 Aug;80(16 Suppl):3452."
        " doi:10.1158/1538-7445.AM2020-3452.",
        id="conference abstract in a journal supplement"),
    pytest.param(
        """@book{k, author = {Jenkins, Peter F.}, title = {Making sense of the chest x-ray: a hands-on guide},
           location = {New York}, publisher = {Oxford University Press}, year = {2005}}""",
        "Jenkins PF. Making sense of the chest x-ray: a hands-on guide. New York: Oxford University Press; 2005.",
        id="book"),
    pytest.param(
        """@book{k, editor = {Kasper, Dennis L. and Braunwald, Eugene}, title = {Harrison's principles of internal medicine},
           edition = {16}, address = {New York}, publisher = {McGraw-Hill}, year = {2005}}""",
        "Kasper DL, Braunwald E, editors. Harrison's principles of internal medicine. 16th ed."
        " New York: McGraw-Hill; 2005.",
        id="book with editors and an edition"),
    pytest.param(
        """@incollection{k, author = {Meltzer, Paul S. and Kallioniemi, Anne and Trent, Jeffrey M.},
           title = {Chromosome alterations in human solid tumors},
           editor = {Vogelstein, Bert and Kinzler, Kenneth W.}, booktitle = {The genetic basis of human cancer},
           address = {New York}, publisher = {McGraw-Hill}, year = {2002}, pages = {93--113}}""",
        "Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human solid tumors. In: Vogelstein B,"
        " Kinzler KW, editors. The genetic basis of human cancer. New York: McGraw-Hill; 2002. p. 93-113.",
        id="chapter in a book"),
    pytest.param(
        """@inproceedings{k, author = {Bengtsson, Sten and Solheim, Bjørn G.},
           title = {Enforcement of data protection, privacy and security in medical informatics},
           editor = {Lun, K. C. and Degoulet, Patrice}, booktitle = {{MEDINFO} 92},
           eventtitle = {7th World Congress on Medical Informatics}, eventdate = {1992-09-06/1992-09-10},
           venue = {Geneva, Switzerland}, address = {Amsterdam}, publisher = {North-Holland}, year = {1992},
           pages = {1561--1565}}""",
        "Bengtsson S, Solheim BG. Enforcement of data protection, privacy and security in medical informatics."
        " In: Lun KC, Degoulet P, editors. MEDINFO 92; 7th World Congress on Medical Informatics;"
        " 1992 Sep 6-10; Geneva, Switzerland. Amsterdam: North-Holland; 1992. p. 1561-5.",
        id="paper in conference proceedings"),
    pytest.param(
        """@techreport{k, author = {Page, E. and Harney, J. M.}, title = {Health hazard evaluation report},
           address = {Cincinnati (OH)}, institution = {National Institute for Occupational Safety and Health (US)},
           year = {2001}, month = feb, number = {HETA2000-0139-2824}}""",
        "Page E, Harney JM. Health hazard evaluation report. Cincinnati (OH): National Institute for"
        " Occupational Safety and Health (US); 2001 Feb. Report No.: HETA2000-0139-2824.",
        id="technical report"),
    pytest.param(
        """@report{k, title = {Annual report}, institution = {{World Health Organization}}, date = {2019}}""",
        "Annual report. World Health Organization; 2019.",
        id="BibLaTeX report without authors"),
    pytest.param(
        """@phdthesis{k, author = {Borkowski, Mary M.},
           title = {Infant sleep and feeding: a telephone survey of {Hispanic Americans}},
           address = {Mount Pleasant (MI)}, school = {Central Michigan University}, year = {2002}}""",
        "Borkowski MM. Infant sleep and feeding: a telephone survey of Hispanic Americans [dissertation]."
        " Mount Pleasant (MI): Central Michigan University; 2002.",
        id="doctoral thesis"),
    pytest.param(
        """@thesis{k, author = {Lee, Ann}, title = {A study}, type = {mathesis},
           institution = {University of Oslo}, date = {2010}}""",
        "Lee A. A study [master's thesis]. University of Oslo; 2010.",
        id="BibLaTeX master's thesis"),
    pytest.param(
        """@thesis{k, author = {Lee, Ann}, title = {A study}, institution = {University of Oslo}, date = {2010}}""",
        "Lee A. A study [thesis]. University of Oslo; 2010.",
        id="BibLaTeX thesis of no stated kind"),
    pytest.param(
        """@online{k, title = {{ER}-Positive Advanced Breast Cancer: Oral {SERD} Plus Palbociclib},
           organization = {{The ASCO Post}}, date = {2024-06}, urldate = {2026-11-25},
           url = {https://ascopost.com/news/june-2024/x}}""",
        "ER-positive advanced breast cancer: oral SERD plus palbociclib [Internet]. The ASCO Post;"
        " 2024 Jun [cited 2026 Nov 25]. Available from: https://ascopost.com/news/june-2024/x",
        id="web page without authors"),
    pytest.param(
        """@online{k, author = {{Sanofi}}, title = {{Sanofi} provides update}, organization = {{Sanofi}},
           date = {2022-08-17}}""",
        "Sanofi. Sanofi provides update. Sanofi; 2022 Aug 17.",
        id="item never seen at an address: not an Internet citation"),
    pytest.param(
        """@online{k, title = {{Sanofi}'s oral therapy fails}, organization = {{Clinical Trials Arena}},
           urldate = {2026-11-25}, url = {https://www.clinicaltrialsarena.com/?p=152296}}""",
        "Sanofi's oral therapy fails [Internet]. Clinical Trials Arena; [date unknown] [cited 2026 Nov 25]."
        " Available from: https://www.clinicaltrialsarena.com/?p=152296",
        id="web page whose date was not seen"),
    pytest.param(
        """@misc{k, title = {Phase {III} flop}, organization = {{BioSpace}}}""",
        "Phase III flop. BioSpace; [date unknown].",
        id="item without a date"),
    pytest.param(
        """@online{k, title = {Sleep disorders and gastroesophageal reflux disease ({GERD})},
           maintitle = {{ClinicalTrials.gov}}, location = {Bethesda (MD)},
           organization = {{National Library of Medicine (US)}}, maindate = {2000-02-29/}, date = {2006-02-03},
           urldate = {2007-02-22}, url = {http://clinicaltrials.gov/ct/show/NCT00287391?order=1}}""",
        "ClinicalTrials.gov [Internet]. Bethesda (MD): National Library of Medicine (US). 2000 Feb 29 - ."
        " Sleep disorders and gastroesophageal reflux disease (GERD); 2006 Feb 3 [cited 2007 Feb 22]."
        " Available from: http://clinicaltrials.gov/ct/show/NCT00287391?order=1",
        id="part of a database, Citing Medicine's ClinicalTrials.gov example"),
    pytest.param(
        """@online{k, title = {Randomized phase {III} study}, maintitle = {{PubMed}}, location = {Bethesda (MD)},
           organization = {{National Library of Medicine (US)}}, pmid = {38889373}, urldate = {2026-11-25},
           url = {https://pubmed.ncbi.nlm.nih.gov/38889373/}}""",
        "PubMed [Internet]. Bethesda (MD): National Library of Medicine (US). [date unknown] - . PMID: 38889373,"
        " Randomized phase III study; [cited 2026 Nov 25]. Available from: https://pubmed.ncbi.nlm.nih.gov/38889373/",
        id="record in a database whose own date was not seen"),
    pytest.param(
        """@misc{k, author = {Doe, Jane}, title = {Slides on {SERDs}}, howpublished = {Conference handout},
           year = {2021}}""",
        "Doe J. Slides on SERDs. Conference handout; 2021.",
        id="misc"),
    pytest.param(
        """@software{k, author = {Doe, Jane}, title = {trialdata}, publisher = {Zenodo}, date = {2021-03},
           doi = {10.5281/zenodo.1234}}""",
        "Doe J. Trialdata. Zenodo; 2021 Mar. doi:10.5281/zenodo.1234.",
        id="any other type is formatted like misc"),
])
def test_each_entry_type_is_formatted_in_vancouver_style(bibtex, expected):
    assert rendered(bibtex) == expected


@pytest.mark.parametrize("authors, expected", [
    ("van den Berg, Anna and King, Jr., James M.", "van den Berg A, King JM Jr."),
    ("Shao, Zhi-Ming and {\\'E}mond, {\\'E}mile", "Shao ZM, Émond É."),
    ("{World Health Organization}", "World Health Organization."),
    # Accents as BibTeX files spell them, which pybtex's own reading of names (latexcodec) printed as
    # LaTeX ("Mart\\'ınez", "Mih\\u ailescu"): names are read as every other field is.
    ("Mart\\'{\\i}nez, Jos\\'e and Mih\\u{a}ilescu, Preda and Ib{\\'{a}}{\\~{n}}ez, Vicente",
     "Martínez J, Mihăilescu P, Ibáñez V."),
    (" and ".join(f"Person{n}, Ann" for n in range(1, 7)),
     "Person1 A, Person2 A, Person3 A, Person4 A, Person5 A, Person6 A."),
])
def test_names_keep_particles_suffixes_and_initials_and_six_are_listed_in_full(authors, expected):
    text = rendered(f"@misc{{k, author = {{{authors}}}, title = {{T}}, year = {{2000}}}}")
    assert text == f"{expected} T. 2000."


def test_identifiers_and_addresses_are_links():
    html = rendered("@article{k, title={T}, journal={J}, year={2020}, doi={10.1/x}, pmid={12},"
                    " url={https://example.org/a}}", HtmlBackend)
    assert '<a href="https://doi.org/10.1/x">10.1/x</a>' in html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12/">12</a>' in html
    assert '<a href="https://example.org/a">https://example.org/a</a>' in html


@pytest.mark.parametrize("pages, expected", [
    ("4014--4024", "4014-24"), ("2680-2690", "2680-90"), ("123--129", "123-9"), ("93--113", "93-113"),
    ("1561\u20131565", "1561-5"), ("3452", "3452"), ("e123--e130", "e123-e130"), ("100--100", "100"),
])
def test_page_ranges_drop_repeated_digits(pages, expected):
    assert page_range(pages) == expected


@pytest.mark.parametrize("value, expected", [
    ("2022-08-17", "2022 Aug 17"), ("2023-06", "2023 Jun"), ("2022", "2022"),
    ("1992-09-06/1992-09-10", "1992 Sep 6-10"), ("1992-09-30/1992-10-02", "1992 Sep 30-Oct 2"),
    ("1992-12-30/1993-01-02", "1992 Dec 30-1993 Jan 2"),
])
def test_dates_keep_their_precision(value, expected):
    assert date_range(value) == expected


@pytest.mark.parametrize("title, plain, html", [
    (r"The {\TeX}book", "The TeXbook.",
     "The <span class=\"bibtex-protected\"><span class=\"bibtex-protected\">TeX</span></span>book."),
    (r"\LaTeX{} and \BibTeX\ styles", "LaTeX and BibTeX styles.",
     "<span class=\"bibtex-protected\">LaTeX</span> and <span class=\"bibtex-protected\">BibTeX</span> styles."),
    (r"Growth of \emph{E. coli} in \textit{vivo}", "Growth of E. coli in vivo.",
     "Growth of <em><span class=\"bibtex-protected\">E. coli</span></em> in"
     " <em><span class=\"bibtex-protected\">vivo</span></em>."),
    (r"Costs of \$5", "Costs of $5.", "Costs of $5."),
])
def test_titles_print_tex_logos_emphasis_and_dollars(title, plain, html):
    bibtex = f"@book{{k, author = {{Knuth, Donald E.}}, title = {{{title}}}, publisher = {{AW}}, year = {{1984}}}}"
    assert rendered(bibtex) == f"Knuth DE. {plain} AW; 1984."
    assert rendered(bibtex, HtmlBackend) == f"Knuth DE. {html} AW; 1984."
