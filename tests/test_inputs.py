"""Bad input files are refused in one line naming the file and the fault; valid ones load unchanged.

Pure tests of :mod:`paper.inputs` (no build). Every expected value is typed
here, worked out by hand, never computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pybtex.database
import pytest

from paper.inputs import citation_file, trial_data
from paper.inputs.bibliography import check_bibliography, entry_problems
from paper.inputs.bibtex_text import plain
from paper.inputs.errors import InputError
from paper.inputs.yaml_file import read_yaml_document, read_yaml_mapping


def write_bytes(tmp_path: Path, data: bytes, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(call, *args) -> str:
    """The one-line message with which ``call`` refuses its input."""
    with pytest.raises(InputError) as error:
        call(*args)
    message = str(error.value)
    assert "\n" not in message, f"not one line: {message!r}"
    return message


@pytest.mark.parametrize("data, expected", [
    (b"a: 1\nb:\n  c: 1\n  c: 2\n", "line 4, column 3: key 'c' is given twice in one mapping (first on line 3, column 3)"),
    (b"a: 1\na: 1\n", "line 2, column 1: key 'a' is given twice"),
    (b"x: {k: 1, k: 2}\n", "line 1, column 11: key 'k' is given twice"),
    (b"list:\n  - {a: 1, b: 2, b: 3}\n", "line 2, column 18: key 'b' is given twice"),
    (b"d: 2026-02-30\n", "line 1, column 4: '2026-02-30' is not a date or time that exists"),
    (b"d: 2026-13-01\n", "'2026-13-01' is not a date or time that exists"),
    (b"d: 2026-01-01 25:00:00\n", "'2026-01-01 25:00:00' is not a date or time that exists"),
    ("a: 1\nb: caf\u00e9\n".encode("latin-1"), "line 2: byte 11 (0xE9) is not UTF-8"),
    (b"a: [\n  b: 1\n", "line 3, column 1: is not valid YAML: expected ',' or ']'"),
    # A key is a name, read as the text written: 1 and '1' are the same key.
    (b"1: x\n'1': y\n", "line 2, column 1: key '1' is given twice"),
    (b"? [a, b]\n: x\n", "line 1, column 3: a key must be a single word or text"),
    (b"c: &x [*x]\n", "line 1, column 4: an alias names the list or mapping it is in"),
    (b"c: !unknown x\n", "line 1, column 4: is not valid YAML: could not determine a constructor for the tag '!unknown'"),
    (b"a: ok\nb: \x07\n", "line 2: is not valid YAML: character U+0007"),
    (b"a: 1\n---\nb: 2\n", "line 2, column 1: is not valid YAML: but found another document"),
])
def test_a_bad_yaml_file_is_refused_in_one_line_naming_file_and_place(tmp_path, data, expected):
    path = write_bytes(tmp_path, data)
    message = refusal(read_yaml_mapping, path, InputError)
    assert message.startswith(f"{path}: ") and expected in message


@pytest.mark.parametrize("data, expected", [
    ("t: \u2212 \u00b5 \u00b1 \u2264 \u03b1\u03b2 Ren\u00e9e\n".encode(), {"t": "\u2212 \u00b5 \u00b1 \u2264 \u03b1\u03b2 Ren\u00e9e"}),
    (b"\xef\xbb\xbfa: 1\n", {"a": 1}),
    # The same key in two mappings, or as a number and as text, is no repetition.
    (b"l:\n  - {a: 1}\n  - {a: 2}\n", {"l": [{"a": 1}, {"a": 2}]}),
    # A key that overrides one merged in from an anchor varies the copy.
    (b"base: &b {a: 1, b: 2}\ncopy:\n  <<: *b\n  a: 3\n", {"base": {"a": 1, "b": 2}, "copy": {"a": 3, "b": 2}}),
    # A date that exists, as written (the readers that want a date read it from its text).
    (b"d: 2024-02-29\nt: 2026-01-15T10:00:00\n", {"d": "2024-02-29", "t": "2026-01-15T10:00:00"}),
    # YAML 1.2: no sexagesimal numbers, and yes/no/on/off are words (YAML 1.1 read 61 and False).
    (b"r: 1:1\nb: No\nc: on\nd: y\n", {"r": "1:1", "b": "No", "c": "on", "d": "y"}),
    (b"t: true\nn: ~\ne:\n", {"t": True, "n": None, "e": None}),
    # Block scalars: a folded one joins its lines with spaces, a literal one keeps them.
    (b"f: >-\n  was\n  developed\n\n  then\nl: |\n  a\n  b\n", {"f": "was developed\nthen", "l": "a\nb\n"}),
])
def test_a_valid_yaml_file_loads_unchanged(tmp_path, data, expected):
    assert read_yaml_mapping(write_bytes(tmp_path, data), InputError) == expected


@pytest.mark.parametrize("written, number", [
    ("1.10", 1.1), ("0.80", 0.8), ("1e3", 1000.0), ("-0.0", 0.0), ("007", 7), ("0x1F", 31), ("1_000", 1000),
])
def test_a_number_is_a_number_that_prints_as_written(tmp_path, written, number):
    value = read_yaml_mapping(write_bytes(tmp_path, f"n: {written}\n".encode()), InputError)["n"]
    assert value == number and str(value) == written and f"{value}" == written


def test_each_value_knows_its_line(tmp_path):
    document = read_yaml_document(write_bytes(tmp_path, b"a:\n  b: 1\n  c:\n    - x\n    - y\n"), InputError)
    assert [document.line(place) for place in [("a",), ("a", "b"), ("a", "c", 1), ("a", "c", 7), ("z",)]] == [1, 2, 5, 3, 1]


DATA = """
facts:
  a.n: {value: 1068, source: k}
  a.hr: {value: "1.4", ci: ["0.79", "1.40"], source: [k, l]}
  a.day: {value: 2022-08-17, source: k}
forest:
  - {label: "A", fact: a.hr}
"""


def data_file(tmp_path: Path, text: str) -> Path:
    return write_bytes(tmp_path, text.encode(), "trials.yaml")


@pytest.mark.parametrize("change, expected", [
    (('ci: ["0.79", "1.40"]', 'ci: ["1.40", "0.79"]'), "fact 'a.hr': 'ci' ['1.40', '0.79'] is swapped"),
    (('value: "1.4"', 'value: "1.5"'), "fact 'a.hr': 'ci' ['0.79', '1.40'] does not contain the value '1.5'"),
    (('value: "1.4"', 'value: "0.5"'), "fact 'a.hr': 'ci' ['0.79', '1.40'] does not contain the value '0.5'"),
    (("{value: 2022-08-17, source: k}", '{value: 2022-08-17, ci: ["1", "2"], source: k}'),
     "fact 'a.day': 'ci' ['1', '2'] does not contain the value datetime.date(2022, 8, 17)"),
    (("{value: 1068, source: k}", "{value: [1068], source: k}"), "line 3: facts: a.n: value: [1068] is not a number as the source prints it"),
    (("{value: 1068, source: k}", "{value: 1068, source: []}"), "line 3: facts: a.n: source: [] is not a reference key"),
    (("{value: 1068, source: k}", "{value: 1068, source: [k, true]}"), "line 3: facts: a.n: source: item 2: True is not of type 'string' (YAML reads true"),
    (("{value: 1068, source: k}", "{value: 1068, source: k, unit: [mg]}"), "line 3: facts: a.n: unit: ['mg'] is not of type"),
    (("{value: 1068, source: k}", "{value: 1068, source: k}\n  a.n: {value: 1, source: k}"), "line 4, column 3: key 'a.n' is given twice"),
    (("forest:\n", "forest:\n  - {label: B, fact: a.hr, colour: red}\n"), "line 7: forest: item 1: unknown field 'colour' (the fields here are label, fact, group)"),
    (("forest:\n", "surprise: 1\nforest:\n"), "line 6: unknown field 'surprise' (the fields here are facts, tables, forest)"),
    (('value: "1.4", ci: ["0.79", "1.40"]', 'value: "\u22120.1", ci: ["\u22120.3", "0.1"]'),
     "forest: row 1: fact 'a.hr' has a 'ci' from \u22120.3, which the plot's log scale cannot draw"),
    (("source: k}\nforest", "source: k}\ntables:\n  t: {columns: [A, B], rows: [['{a.n}']]}\nforest"),
     "table 't': row 1 must have 2 cells, like 'columns'"),
])
def test_a_bad_fact_is_refused_in_one_line_naming_file_and_fact(tmp_path, change, expected):
    old, new = change
    assert old in DATA
    path = data_file(tmp_path, DATA.replace(old, new))
    message = refusal(trial_data.load, path)
    assert message.startswith(f"{path}: ") and expected in message


@pytest.mark.parametrize("written, value, rendered", [
    # YAML 1.2 reads these as numbers; the paper prints them as they were written.
    ("0.80", "0.80", "0.80"), ("1.10", "1.10", "1.10"), ("1068", 1068, "1,068"),
    # A date in quotes is a date all the same.
    ('"2022-08-17"', dt.date(2022, 8, 17), "17 August 2022"),
])
def test_a_value_written_without_quotes_keeps_its_digits(tmp_path, written, value, rendered):
    fact = trial_data.load(data_file(tmp_path, f"facts:\n  a.x: {{value: {written}, source: k}}\n")).fact("a.x")
    assert (fact.value, fact.render()) == (value, rendered)


def test_text_the_schema_wants_is_the_text_written(tmp_path):
    text = "facts:\n  a.x: {value: 1, unit: 1:1, source: [k, 2023]}\nforest: [{label: 2024, fact: a.x}]\n"
    trials = trial_data.load(data_file(tmp_path, text.replace("forest: [{label: 2024, fact: a.x}]\n", "")))
    assert (trials.fact("a.x").unit, trials.fact("a.x").source) == ("1:1", ("k", "2023"))


@pytest.mark.parametrize("value, ci, rendered, number", [
    # A typographic minus prints as written and counts as a minus.
    ("\u22120.1", ("\u22120.3", "0.1"), "\u22120.1 (95%\u00a0CI \u22120.3 to 0.1)", -0.1),
    ("-0.1", ("-0.3", "0.1"), "-0.1 (95%\u00a0CI -0.3 to 0.1)", -0.1),
    ("\u22122", ("\u22122", "\u22121.5"), "\u22122 (95%\u00a0CI \u22122 to \u22121.5)", -2.0),
    # An estimate on a bound, or an interval of one value, is what rounding gives.
    ("0.79", ("0.79", "1.40"), "0.79 (95%\u00a0CI 0.79\u20131.40)", 0.79),
    ("1.40", ("1.40", "1.40"), "1.40 (95%\u00a0CI 1.40\u20131.40)", 1.4),
])
def test_a_valid_fact_with_its_interval_loads_as_written(tmp_path, value, ci, rendered, number):
    text = f'facts:\n  a.x: {{value: "{value}", ci: ["{ci[0]}", "{ci[1]}"], source: k}}\n'
    fact = trial_data.load(data_file(tmp_path, text)).fact("a.x")
    assert (fact.value, fact.ci, fact.render(), fact.number) == (value, ci, rendered, number)


CITATION = """\
cff-version: 1.2.0
message: M
title: T
authors:
  - {given-names: Ada, family-names: Lovelace, orcid: "https://orcid.org/0000-0002-1825-0097"}
version: "1.0.0"
date-released: 2026-01-02
license: CC-BY-4.0
abstract: A.
keywords: [k]
doi: 10.5281/zenodo.1234567
"""


def citation(tmp_path: Path, text: str) -> citation_file.PaperMetadata:
    return citation_file.load(write_bytes(tmp_path, text.encode(), "CITATION.cff"))


@pytest.mark.parametrize("change, expected", [
    # The paper's own rules, after the schema's: a check digit, a DOI's registrant.
    # The check digit of 0000-0002-1825-009 is 7 (ISO 7064 MOD 11-2, worked by hand).
    (("0000-0002-1825-0097", "0000-0002-1825-0098"),
     "line 5: author 1 has ORCID 'https://orcid.org/0000-0002-1825-0098', whose check digit does not match"),
    (("0000-0002-1825-0097", "0000-0002-1852-0097"), "whose check digit does not match"),
    # The Citation File Format's schema: each problem at its line, naming the field.
    (("0000-0002-1825-0097", "0000-0002-1825-009"), "line 5: authors: item 1: orcid: 'https://orcid.org/0000-0002-1825-009' does not match"),
    (("https://orcid.org/", "https://orcid.com/"), "line 5: authors: item 1: orcid:"),
    (('"https://orcid.org/0000-0002-1825-0097"', "0000-0002-1825-0097"), "line 5: authors: item 1: orcid:"),
    (("10.5281/zenodo.1234567", "zenodo.1234567"), "line 11: doi: 'zenodo.1234567' does not match"),
    (("10.5281/zenodo.1234567", "https://doi.org/10.5281/zenodo.1234567"), "line 11: doi:"),
    (("2026-01-02", "'2026-02-30'"), "line 7: date-released: '2026-02-30' is not a date that exists"),
    (("2026-01-02", "'20260102'"), "line 7: date-released: '20260102' does not match"),
    (("2026-01-02", "2026"), "line 7: date-released: '2026' does not match"),
    (("2026-01-02", "2026-02-30"), "line 7, column 16: '2026-02-30' is not a date or time that exists"),
    # A shape the schema gives: a list of keywords, not one text that would print letter by letter.
    (("keywords: [k]", 'keywords: "a, b"'), "line 10: keywords: 'a, b' is not of type 'array'"),
    # The paper's own: a keyword that reference managers would split, a name part that they would.
    (("keywords: [k]", "keywords: [k, 'a, b']"), "line 10: keyword 'a, b' holds a comma or a semicolon"),
    (("keywords: [k]", "keywords: [a; b]"), "line 10: keyword 'a; b' holds a comma or a semicolon"),
    (("family-names: Lovelace", "family-names: 'Lovelace, Ada'"), "line 5: author 1's family-names 'Lovelace, Ada' holds a comma"),
    (("keywords: [k]", "keywords: [k, k]"), "line 10: keywords: ['k', 'k'] has non-unique elements"),
    (("keywords: [k]", "keywords: [k, true]"), "line 10: keywords: item 2: True is not of type 'string' "
                                               "(YAML reads true, false, null, ~ and an empty value as no text"),
    (("title: T", "title: [T]"), "line 3: title: ['T'] is not of type 'string'"),
    (("title: T", "titel: T"), "line 1: missing title"),
    (("license: CC-BY-4.0", "license: CC-BY-4.0\nlicence: MIT"), "line 9: unknown field 'licence'"),
    (("abstract: A.", "abstract: A.\ntype: paper"), "line 10: type: 'paper' is not one of ['dataset', 'software']"),
    (("cff-version: 1.2.0\n", ""), "line 1: 'cff-version' is a required property"),
    (("license: CC-BY-4.0", "license: CC-BY-5.0"), "line 8: license:"),
])
def test_a_bad_citation_file_is_refused_in_one_line(tmp_path, change, expected):
    old, new = change
    assert old in CITATION
    path = write_bytes(tmp_path, CITATION.replace(old, new).encode(), "CITATION.cff")
    message = refusal(citation_file.load, path)
    assert message.startswith(f"{path}: ") and expected in message


@pytest.mark.parametrize("orcid, address", [
    ("https://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"),
    # Check digit 10, written X (worked by hand: 2114 mod 11 = 2, 12 - 2 = 10).
    ("https://orcid.org/0000-0002-9079-593X", "https://orcid.org/0000-0002-9079-593X"),
    ("https://orcid.org/0000-0001-5109-3700", "https://orcid.org/0000-0001-5109-3700"),
])
def test_a_valid_orcid_is_accepted_as_its_address(tmp_path, orcid, address):
    meta = citation(tmp_path, CITATION.replace("https://orcid.org/0000-0002-1825-0097", orcid))
    assert meta.creators[0].orcid == address


@pytest.mark.parametrize("doi", ["10.5281/zenodo.1234567", "10.1000.10/123-456", "10.1002/(SICI)1097-4571(199806)49:8-693"])
def test_a_valid_doi_is_accepted_unchanged(tmp_path, doi):
    assert citation(tmp_path, CITATION.replace("10.5281/zenodo.1234567", f'"{doi}"')).doi == doi


SPECIAL_TEXT = "R&D at 50% off: $x_1$ #1 {set} ~ ^ \\back; \u03b1\u03b2-ER, 5 \u00b5m, \u00b1 2, \u2264 3, \u22120.1, Ren\u00e9e Fran\u00e7oise"


def test_valid_names_licences_and_text_load_unchanged(tmp_path):
    quoted = SPECIAL_TEXT.replace("\\", "\\\\").replace('"', '\\"')
    meta = citation(tmp_path, f"""\
cff-version: 1.2.0
message: M
title: "{quoted}"
authors:
  - {{given-names: Ludwig, name-particle: van der, family-names: Rohe}}
  - {{given-names: "Ren\u00e9e", name-particle: de, family-names: "Fran\u00e7ois", name-suffix: Jr.,
     affiliation: "{quoted}"}}
  - {{name: "The \u03b1\u03b2 Study Group & Co. (50%)"}}
version: "1.0.0"
date-released: 2026-01-02
license: [GPL-3.0-or-later, 0BSD, CC-BY-SA-4.0, EUPL-1.2]
abstract: "{quoted}"
keywords: ["{quoted.replace(",", "").replace(";", "")}", "\u00b5"]
""")
    assert meta.title == meta.abstract == meta.creators[1].affiliation == SPECIAL_TEXT
    assert meta.keywords == (SPECIAL_TEXT.replace(",", "").replace(";", ""), "\u00b5")
    assert meta.authors == ("Ludwig van der Rohe", "Ren\u00e9e de Fran\u00e7ois Jr.", "The \u03b1\u03b2 Study Group & Co. (50%)")
    assert meta.licence == "GPL-3.0-or-later OR 0BSD OR CC-BY-SA-4.0 OR EUPL-1.2"


def article(fields: str):
    """An article with these fields, and a title and year unless they are among them."""
    defaults = [default for default in ("title={T}", "year={2020}") if default.split("=")[0] + "=" not in fields]
    if re.search(r"(?<![a-z])date=", fields):  # a date gives the year
        defaults = [default for default in defaults if not default.startswith("year=")]
    text = f"@article{{k, journal={{J}}, {', '.join([fields, *defaults])}}}"
    return pybtex.database.parse_string(text, "bibtex").entries["k"]


@pytest.mark.parametrize("fields, expected", [
    ("year={22}", "field 'year' = '22' is malformed (a year has four digits"),
    ("year={2020-08-17}", "field 'year' = '2020-08-17' is malformed"),
    ("month={13}", "field 'month' = '13' is malformed (a month is 1 to 12 or its name"),
    ("month={0}", "field 'month' = '0' is malformed"),
    ("month={Jnu}", "field 'month' = 'Jnu' is malformed"),
    ("date={2020-13}", "field 'date' = '2020-13' is malformed (2020-13 is not a date that exists)"),
    ("date={2023-02-29}", "field 'date' = '2023-02-29' is malformed (2023-02-29 is not a date that exists)"),
    ("eventdate={2020-04-27/2020-04-31}", "field 'eventdate' = '2020-04-27/2020-04-31' is malformed "
                                          "(2020-04-31 is not a date that exists)"),
    ("urldate={2026-00-10}", "field 'urldate' = '2026-00-10' is malformed"),
    ("pages={pp. 12-15}", "field 'pages' = 'pp. 12-15' is malformed (pages are a page or a range of pages"),
    ("pages={12 to 15}", "field 'pages' = '12 to 15' is malformed"),
    ("pages={12--}", "field 'pages' = '12--' is malformed"),
    ("title={Up 50% off}", "field 'title' has a % that LaTeX would read as the start of a comment"),
    ("note={5 % of patients, 95\\% CI}", "field 'note' has a %"),
    ("doi={https://doi.org/10.1200/JCO.22.02746}", "field 'doi' = 'https://doi.org/10.1200/JCO.22.02746' is malformed"),
    ("doi={10.JCO/22}", "field 'doi' = '10.JCO/22' is malformed (a DOI is 10.<registrant>/<suffix>)"),
    ("pmid={3730 8019}", "field 'pmid' = '3730 8019' is malformed (a PMID is its digits)"),
])
def test_a_malformed_reference_field_is_named(fields, expected):
    problems = entry_problems(article(fields))
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("fields", [
    "month=aug", "month={8}", "month={08}", "month={Aug}", "month={aug.}", "month={September}", "month={Sept}",
    "date={2024-02-29}", "date={2020}", "date={2020-08}", "eventdate={2020-04-27/2020-04-28}", "date={2020/}",
    "pages={3452}", "pages={4014--4024}", "pages={4014-24}", "pages={4014\u20134024}", "pages={e123}",
    "pages={S12--S15}", "pages={xii--xiv}", "pages={17588359221083956}", "pages={1--5, 10--12}", "pages={12+}",
    "title={Up 50\\% off}", "note={95\\% CI}", "url={https://example.org/a%20b}",
    "doi={10.1200/JCO.22.02746}", "doi={10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0}",
    "doi={10.1000.10/123}", "pmid={37348019}",
])
def test_a_well_formed_reference_field_passes(fields):
    assert entry_problems(article(fields)) == []


def test_a_reference_problem_names_file_entry_and_field(tmp_path):
    path = write_bytes(tmp_path, b"@article{k1, title={T}, journal={J}, year={22}}\n", "references.bib")
    message = refusal(check_bibliography, path)
    assert message == (f"{path}: entry 'k1' (@article): field 'year' = '22' is malformed "
                       "(a year has four digits; a full date goes in 'date')")


def test_the_papers_own_references_pass():
    check_bibliography(Path(__file__).resolve().parents[1] / "references.bib")


REFERENCES = """\
@article{first, title={T}, journal={J}, year={2020}}

@article{k2,
  title   = {%s},
  journal = {J},
  year    = {2020}
}

@misc{last, title={T}}
"""


@pytest.mark.parametrize("title", ["Phase {III", "Phase III}", "Phase {III}}", "{Phase {III}"])
def test_braces_that_do_not_pair_up_are_named_by_entry_and_field(tmp_path, title):
    path = write_bytes(tmp_path, (REFERENCES % title).encode(), "references.bib")
    assert refusal(check_bibliography, path) == (
        f"{path}: entry 'k2' (@article): field 'title' (line 4) has braces that do not pair up")


@pytest.mark.parametrize("title", ["Phase {III}", "{Phase} {III} of {ER}+/{HER2}-", "{{nested} braces}"])
def test_braces_that_pair_up_pass(tmp_path, title):
    check_bibliography(write_bytes(tmp_path, (REFERENCES % title).encode(), "references.bib"))


# -- .bib text, decoded ------------------------------------------------------------------------

#: Each category of LaTeX a .bib field holds, and the text it means (worked out by hand from the
#: LaTeX manual's tables, not by the decoder).
DECODED = [
    # Spacing commands: thin space, control space, tie (a no-break space).
    (r"400\,mg", "400\u2009mg"), (r"a\ b", "a b"), ("a~b", "a\u00a0b"), (r"a\quad b", "a\u2003b"),
    # Dotless i and j, alone and under accents.
    (r"{\i}", "\u0131"), (r"{\j}", "\u0237"), (r'Na\"{\i}ve', "Na\u00efve"),
    # Accents in every form: braced letter, braced group, bare letter.
    (r'{\"o}', "\u00f6"), (r'\"{o}', "\u00f6"), (r'\"o', "\u00f6"), (r"\'{e}", "\u00e9"), (r"\c{c}", "\u00e7"),
    (r"\v{S}koda", "\u0160koda"), (r"\~n", "\u00f1"), (r"\ss{}", "\u00df"), (r"\o", "\u00f8"), (r"\aa", "\u00e5"),
    # Greek and symbols in maths; super- and subscripts in Unicode's forms where they have one.
    (r"$\alpha$", "\u03b1"), (r"$\beta$-blocker", "\u03b2-blocker"), (r"$\mu$g", "\u03bcg"), (r"$\pm$", "\u00b1"),
    (r"$^{18}$F", "\u00b9\u2078F"), (r"H$_2$O", "H\u2082O"), (r"$10^{-3}$", "10\u207b\u00b3"),
    (r"\textsuperscript{2}", "\u00b2"), (r"$x^{q}$", "xq"),
    # Dashes, quotation marks, text commands, escaped specials.
    ("a -- b --- c", "a \u2013 b \u2014 c"), ("``q''", "\u201cq\u201d"), (r"\textmu g", "\u00b5g"),
    (r"\textless{}5", "<5"), (r"50\% \& \$5 \#1 \_x", "50% & $5 #1 _x"), (r"\textasciitilde", "~"),
    # Emphasis and protection keep their text; the logos are their names.
    (r"\emph{in vivo} and \textit{E. coli}", "in vivo and E. coli"), (r"{AMEERA}-3", "AMEERA-3"),
    (r"The \TeX book", "The TeXbook"),
    # Unicode as it is, thin spaces and no-break spaces included.
    ("\u03b1\u03b2-ER 5\u2009\u00b5m \u2212 \u00b1 \u65e5\u672c \U0001f600 e\u0301", "\u03b1\u03b2-ER 5\u2009\u00b5m \u2212 \u00b1 \u65e5\u672c \U0001f600 e\u0301"),
]


@pytest.mark.parametrize("latex, text", DECODED)
def test_a_bib_field_reads_as_the_text_its_latex_means(latex, text):
    assert plain(latex) == text


@pytest.mark.parametrize("latex, text", DECODED)
def test_every_decoded_field_passes_the_check(tmp_path, latex, text):
    check_bibliography(write_bytes(tmp_path, f"@misc{{k, title = {{{latex}}}}}\n".encode(), "references.bib"))


@pytest.mark.parametrize("latex, named", [
    (r"\foo{x}", r"the LaTeX command \foo"), (r"see \cite{x}", r"the LaTeX command \cite"),
    (r"{\bf x}", r"the LaTeX command \bf"), (r"\begin{itemize}x\end{itemize}", "the LaTeX environment 'itemize'"),
    (r"$x^$", "a ^ or _ in maths with nothing after it"), (r"\ref{fig}", r"the LaTeX command \ref"),
])
def test_latex_that_means_no_text_is_refused_naming_file_entry_field_and_command(tmp_path, latex, named):
    path = write_bytes(tmp_path, f"@misc{{k, title = {{{latex}}}}}\n".encode(), "references.bib")
    message = refusal(check_bibliography, path)
    assert message.startswith(f"{path}: entry 'k' (@misc): field 'title' uses {named}, which the reference list cannot print")


def test_thin_and_no_break_spaces_in_a_bib_field_are_kept():
    entry = pybtex.database.parse_string("@misc{k, title = {400\u2009mg\u00a0daily  and\n  more}}", "bibtex").entries["k"]
    assert plain(entry.fields["title"]) == "400\u2009mg\u00a0daily and more"


BIBLATEX = """\
@string{jco = "Journal of Clinical Oncology"}
@xdata{ameera-journal, journaltitle = jco, publisher = {ASCO}}
@proceedings{congress, title = {{ASCO} Annual Meeting}, year = {2022}, editor = {Smith, Jane}, publisher = {ASCO}}
@inproceedings{abstract, author = {Doe, Ann}, title = {An abstract}, crossref = {congress}, pages = {1--2}}
@article{paper, author = {Doe, Ann}, title = {A paper}, xdata = {ameera-journal}, year = 2022, month = aug}
"""


def test_crossref_xdata_string_and_month_macros_give_their_fields(tmp_path):
    from paper.inputs.bibliography import inherit_fields

    path = write_bytes(tmp_path, BIBLATEX.encode(), "references.bib")
    check_bibliography(path)
    entries = pybtex.database.parse_file(str(path)).entries
    assert inherit_fields(entries) == {}
    # BibLaTeX: the proceedings' title is the part's booktitle; the rest is inherited under its own name.
    assert (entries["abstract"].fields["booktitle"], entries["abstract"].fields["year"]) == ("{ASCO} Annual Meeting", "2022")
    assert entries["abstract"].fields["title"] == "An abstract"
    assert [str(person) for person in entries["abstract"].persons["editor"]] == ["Smith, Jane"]
    assert (entries["paper"].fields["journaltitle"], entries["paper"].fields["month"]) == ("Journal of Clinical Oncology", "August")


@pytest.mark.parametrize("change, expected", [
    (("crossref = {congress}", "crossref = {nowhere}"), "entry 'abstract' (@inproceedings): field 'crossref' = 'nowhere' names no entry"),
    (("xdata = {ameera-journal}", "xdata = {paper}"), "entry 'paper' (@article): field 'xdata' = 'paper' leads back to this entry"),
    (("year = 2022, month = aug", "year = 2022, date = {2021-05-01}"),
     "entry 'paper' (@article): field 'year' = '2022' contradicts field 'date' = '2021-05-01'"),
    (("year = 2022, month = aug", "month = aug, date = {2022-05-01}"),
     "entry 'paper' (@article): field 'month' = 'August' contradicts field 'date' = '2022-05-01'"),
    (("crossref = {congress}, ", ""), "entry 'abstract' (@inproceedings): missing field 'booktitle'"),
])
def test_a_reference_that_inherits_wrongly_or_contradicts_itself_is_refused(tmp_path, change, expected):
    path = write_bytes(tmp_path, BIBLATEX.replace(*change).encode(), "references.bib")
    message = refusal(check_bibliography, path)
    assert message.startswith(f"{path}: ") and expected in message
