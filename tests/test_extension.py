"""Unit tests of the local Sphinx extension's pure functions (no build needed)."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pybtex.database
import pytest

from paper.formats.text import markdown_literal
from paper.inputs import citation_file, trial_data
from paper.inputs.bibliography import entry_problems

FACTS = """
facts:
  a.n: {value: 1068, source: k}
  a.hr: {value: "1.4", ci: ["0.79", "1.40"], source: k}
  a.rate: {value: "82.7", unit: "%", source: k}
  a.dose: {value: 400, unit: mg, source: k}
  a.day: {value: 2022-08-17, source: k}
  a.change: {value: "−0.3", ci: ["−0.5", "−0.1"], source: k}
forest:
  - {label: "A", fact: a.hr}
"""


def write(tmp_path: Path, text: str, name: str = "trials.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key, rendered", [
    ("a.n", "1,068"),
    ("a.hr", "1.4 (95%\u00a0CI 0.79\u20131.40)"),
    ("a.rate", "82.7%"),
    ("a.dose", "400\u00a0mg"),
    ("a.day", "17 August 2022"),
    # Between negative bounds a dash would read as a minus sign.
    ("a.change", "−0.3 (95%\u00a0CI −0.5 to −0.1)"),
])
def test_fact_renders_as_the_source_prints_it(tmp_path, key, rendered):
    assert trial_data.load(write(tmp_path, FACTS)).fact(key).render() == rendered


def test_table_placeholders_are_filled_and_their_facts_reported(tmp_path):
    trials = trial_data.load(write(tmp_path, FACTS))
    text, used = trials.fill("HR {a.hr}; n = {a.n}")
    assert text == "HR 1.4 (95%\u00a0CI 0.79\u20131.40); n = 1,068"
    assert [fact.key for fact in used] == ["a.hr", "a.n"]


@pytest.mark.parametrize("change, message", [
    (("1068, source: k", "1068"), "facts: a.n: 'source' is a required property"),
    (('"82.7"', '"about 80"'), "value: 'about 80' is not a number as the source prints it"),
    (('ci: ["0.79", "1.40"]', 'ci: ["0.79"]'), "ci: ['0.79'] is too short (the 95% confidence interval: two numbers"),
    (("fact: a.hr", "fact: a.rate"), "has no 'ci' to draw"),
    (("fact: a.hr", "fact: a.none"), "unknown fact 'a.none'"),
    (("unit: mg", "units: mg"), "facts: a.dose: unknown field 'units' (the fields here are value, unit, ci, source, what)"),
])
def test_bad_data_file_is_rejected_naming_the_problem(tmp_path, change, message):
    path = write(tmp_path, FACTS.replace(*change))
    with pytest.raises(trial_data.DataFileError) as error:
        trial_data.load(path)
    assert str(path) in str(error.value) and message in str(error.value)


@pytest.mark.parametrize("table, message", [
    ("t: {columns: [A, B], rows: [[x]]}", "row 1 must have 2 cells"),
    ("t: {columns: [A], rows: [[plain]]}", "row 1 quotes no fact and names no 'source'"),
    ("t: {columns: [A], rows: [['{a.nothing}']]}", "unknown fact 'a.nothing'"),
    ("t: {columns: [A], widths: [0], rows: [['{a.n}']]}", "widths: item 1: 0 is less than the minimum of 1"),
])
def test_bad_table_is_rejected_naming_the_problem(tmp_path, table, message):
    with pytest.raises(trial_data.DataFileError, match="table 't'|tables: t: ") as error:
        trial_data.load(write(tmp_path, FACTS + "tables:\n  " + table + "\n"))
    assert message in str(error.value)


@pytest.mark.parametrize("entry, problem", [
    ("@article{k, author={A, B}, title={T}, year={2020}}", "missing field 'journal' (or 'journaltitle')"),
    ("@article{k, title={T}, journal={J}}", "missing field 'year' (or 'date')"),
    ("@online{k, title={T}, organization={O}}", "missing field 'date' (or 'year' or 'url')"),
    ("@online{k, title={T}, organization={O}, date={17 Aug 2022}}", "field 'date' = '17 Aug 2022' is malformed"),
    ("@online{k, title={T}, url={https://x.org}, urldate={2026-25-11x}}", "field 'urldate'"),
    ("@online{k, title={T}, url={www.example.org}}", "field 'url' = 'www.example.org' is malformed"),
    ("@article{k, author={A, B}, title={T}, journal={J}, year={2020}, pmid={PMID1}}", "field 'pmid'"),
    ("@article{k, title={T}, journal={J}, year={2020}, doi={JCO.22.02746}}", "field 'doi'"),
    ("@book{k, title={T}, year={2020}}", "missing field 'author' (or 'editor')"),
    ("@book{k, author={A, B}, title={T}, year={2020}}", "missing field 'publisher'"),
    ("@incollection{k, title={T}, booktitle={B}, publisher={P}, year={2020}}", "missing field 'author'"),
    ("@inproceedings{k, author={A, B}, title={T}, year={2020}}", "missing field 'booktitle'"),
    ("@techreport{k, title={T}, year={2020}}", "missing field 'institution'"),
    ("@phdthesis{k, author={A, B}, title={T}, year={2020}}", "missing field 'school' (or 'institution')"),
    ("@misc{k, author={A, B}}", "missing field 'title'"),
    ("@software{k, author={A, B}, year={2020}}", "missing field 'title'"),
])
def test_reference_entry_problems_are_named(entry, problem):
    parsed = pybtex.database.parse_string(entry, "bibtex").entries["k"]
    assert any(problem in found for found in entry_problems(parsed))


@pytest.mark.parametrize("entry", [
    "@article{k, title={T}, journal={J}, year={2020}}",
    "@article{k, title={T}, journaltitle={J}, date={2020-01-02}}",
    "@book{k, editor={A, B}, title={T}, publisher={P}, date={2020}}",
    "@incollection{k, author={A, B}, title={T}, booktitle={B}, publisher={P}, year={2020}}",
    "@inproceedings{k, author={A, B}, title={T}, booktitle={B}, year={2020}, eventdate={2020-04-27/2020-04-28}}",
    "@techreport{k, title={T}, institution={I}, year={2020}}",
    "@report{k, title={T}, institution={I}, date={2020-03}}",
    "@thesis{k, author={A, B}, title={T}, institution={I}, year={2020}, type={phdthesis}}",
    "@phdthesis{k, author={A, B}, title={T}, school={S}, year={2020}}",
    "@mastersthesis{k, author={A, B}, title={T}, school={S}, year={2020}}",
    "@online{k, title={T}, url={https://example.org/}, urldate={2026-11-25}}",
    "@misc{k, title={T}}",
    "@unpublished{k, author={A, B}, title={T}, note={N}}",
])
def test_every_valid_reference_type_is_accepted(entry):
    assert entry_problems(pybtex.database.parse_string(entry, "bibtex").entries["k"]) == []


def test_citation_file_metadata_is_read(tmp_path):
    path = write(tmp_path, """
cff-version: 1.2.0
message: M
title: T
authors: [{given-names: Ada, family-names: Lovelace}, {name: A Team}]
version: "2.1.0"
date-released: 2026-01-02
license: CC-BY-4.0
abstract: "One   two."
keywords: [k]
""", "CITATION.cff")
    meta = citation_file.load(path)
    assert meta.authors == ("Ada Lovelace", "A Team")
    assert (meta.version, meta.date, meta.abstract) == ("2.1.0", dt.date(2026, 1, 2), "One two.")


CFF_REST = """
cff-version: 1.2.0
message: M
version: "1.0.0"
date-released: 2026-01-02
abstract: A.
keywords: [k]
"""


def cff(tmp_path: Path, authors: str, licence: str = "CC-BY-4.0", title: str = "T") -> citation_file.PaperMetadata:
    return citation_file.load(write(tmp_path, f"title: {title}\nauthors: {authors}\nlicense: {licence}\n{CFF_REST}", "CITATION.cff"))


def test_a_person_keeps_particle_suffix_orcid_and_affiliation(tmp_path):
    meta = cff(tmp_path, """
  - given-names: Anne-Laure
    name-particle: van den
    family-names: Berg
    name-suffix: Jr.
    orcid: "https://orcid.org/0000-0002-1825-0097"
    affiliation: "R&D, Example University"
  - name: "The {AMEERA} Study Group"
    orcid: "https://orcid.org/0000-0001-5109-3700"
""")
    person, group = meta.creators
    assert (person.given, person.particle, person.family, person.suffix) == ("Anne-Laure", "van den", "Berg", "Jr.")
    assert person.name == "Anne-Laure van den Berg Jr."
    assert person.family_name == "van den Berg"
    assert (person.orcid_id, person.affiliation) == ("0000-0002-1825-0097", "R&D, Example University")
    assert person.is_person and not group.is_person
    assert (group.name, group.orcid_id) == ("The {AMEERA} Study Group", "0000-0001-5109-3700")


@pytest.mark.parametrize("given, with_stops, without", [
    ("Sara M.", "S. M.", "SM"),
    ("Anne-Laure", "A.-L.", "AL"),
    ("Jean-Pierre Marie", "J.-P. M.", "JPM"),
    ("Seock Ah", "S. A.", "SA"),
    ("", "", ""),
])
def test_initials_keep_hyphenated_given_names(given, with_stops, without):
    person = citation_file.Creator(given=given, family="X")
    assert (person.initials(), person.initials(stops=False)) == (with_stops, without)


def test_an_author_without_a_name_is_rejected(tmp_path):
    with pytest.raises(citation_file.CitationFileError, match="author 2 has no name"):
        cff(tmp_path, "[{name: A}, {affiliation: Somewhere}]")


@pytest.mark.parametrize("licence, name, url", [
    ("MIT", "MIT License", "https://spdx.org/licenses/MIT.html"),
    # Creative Commons licences by the deed's own address, as JATS4R asks.
    ("CC-BY-4.0", "Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    ("CC-BY-NC-SA-3.0", "Creative Commons Attribution Non Commercial Share Alike 3.0 Unported",
     "https://creativecommons.org/licenses/by-nc-sa/3.0/"),
    ("CC0-1.0", "Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ("Apache-2.0", "Apache License 2.0", "https://spdx.org/licenses/Apache-2.0.html"),
    ("[MIT, CC0-1.0]", "MIT License or Creative Commons Zero v1.0 Universal", "https://spdx.org/licenses/MIT.html"),
])
def test_any_spdx_licence_is_named_and_linked(tmp_path, licence, name, url):
    meta = cff(tmp_path, "[{name: A}]", licence)
    assert (meta.licence_name, meta.licence_url) == (name, url)


def test_an_unknown_licence_identifier_is_rejected(tmp_path):
    # CFF 1.2.0's schema lists the SPDX identifiers of its day.
    with pytest.raises(citation_file.CitationFileError, match="line 3: license: 'CC-BY-99' is not an SPDX license identifier"):
        cff(tmp_path, "[{name: A}]", "CC-BY-99")


@pytest.mark.parametrize("text", [
    r"R&D at 50% off: $x_1$ #1 {set} ~ ^ \\back",
    "*not emphasis* and [not a link](x) <b>not html</b> `not code`",
])
def test_the_title_reaches_myst_as_literal_text(text):
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").renderInline(markdown_literal(text))
    expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    assert rendered == expected


def test_a_paper_may_have_no_data_file_tables_or_forest(tmp_path):
    trials = trial_data.load(write(tmp_path, "facts:\n  a.n: {value: 3, source: k}\n"))
    assert (trials.tables, trials.forest) == ({}, trial_data.Forest())
    assert (trial_data.NO_DATA.facts, trial_data.NO_DATA.forest) == ({}, trial_data.Forest())


def test_citation_file_missing_fields_are_named(tmp_path):
    with pytest.raises(citation_file.CitationFileError, match="missing version, date-released, license, abstract, keywords"):
        citation_file.load(write(tmp_path, "title: T\nauthors: [{name: A}]\n", "CITATION.cff"))


def test_pybtex_plugins_are_resolved_once_not_at_every_look_up(monkeypatch):
    from importlib.metadata import entry_points

    import pybtex.plugin

    from paper.content import references
    from paper.formats.vancouver import VancouverStyle

    installed = {(group, name): next(iter(entry_points(group=group, name=name))).load()
                 for group, name in references.PLUGINS_LOOKED_UP}
    assert ("pybtex.backends", "plaintext") in installed, "sphinxcontrib-bibtex asks for it at every citation"
    references.register_plugins()

    def scan(**kwargs):
        raise AssertionError(f"entry points scanned for {kwargs}")

    monkeypatch.setattr(pybtex.plugin, "entry_points", scan)
    for (group, name), plugin in installed.items():
        assert pybtex.plugin.find_plugin(group, name) is plugin
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", references.STYLE_NAME) is VancouverStyle


def test_what_the_build_set_up_is_kept_from_the_garbage_collector():
    from types import SimpleNamespace

    from paper import garbage_collector

    before = gc.get_freeze_count()
    alive = [[number] for number in range(100)]  # tracked objects, alive when the builder is ready
    try:
        garbage_collector.freeze_what_lives_on(SimpleNamespace(config=SimpleNamespace(paper_freeze_garbage=False)))
        assert gc.get_freeze_count() == before, "paper_freeze_garbage = False must leave the collector alone"
        garbage_collector.freeze_what_lives_on(SimpleNamespace(config=SimpleNamespace(paper_freeze_garbage=True)))
        assert gc.get_freeze_count() >= before + len(alive)
    finally:
        gc.unfreeze()


def test_the_readme_documents_every_option_directive_role_and_builder():
    from paper.config import OPTIONS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The paper extension\n", 1)[1].split("\n## ", 1)[0]
    registered = {"directive": [], "role": [], "builder": []}
    handlers = []

    class Recorder:
        """Stands in for Sphinx's application: notes what the extension's setup() registers."""

        def add_directive(self, name, *args, **kwargs):
            registered["directive"].append(name)

        def add_role(self, name, *args, **kwargs):
            registered["role"].append(name)

        def add_builder(self, builder, *args, **kwargs):
            registered["builder"].append(builder.name)

        def connect(self, event, handler, *args, **kwargs):
            handlers.append(handler)

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    import paper
    from paper.figures.forest_plot import ForestPlotDrawing

    paper.setup(Recorder())
    # setup() starts the forest plot's drawing process; no build will use it.
    for drawing in {handler.__self__ for handler in handlers if isinstance(getattr(handler, "__self__", None), ForestPlotDrawing)}:
        drawing.process.dismiss()
    assert all(registered.values()), registered
    missing = [f"`{option.name}`" for option in OPTIONS if f"`{option.name}`" not in section]
    missing += [name for names in registered.values() for name in names if name not in section]
    assert not missing, f"the README's 'The paper extension' does not document {missing}"


def test_latex_specials_in_citation_file_text_reach_the_bibtex_download_as_written():
    from paper.formats.downloads import REPORT, CitedWork, bibtex
    from paper.inputs.citation_file import Creator

    work = CitedWork(
        kind=REPORT, key="k", title="R&D at 50% {x} ~ ^ \\ _ #1 $5", date=dt.date(2026, 1, 15), version="1.0",
        creators=(Creator(entity="Team_1 & Co"), Creator(given="Ana", family="Dí_az")),
        issuer="R&D Lab", url="https://example.org/a_b%20c", pdf_url="", abstract="", language="en", keywords=())
    fields = dict(line.strip().rstrip(",").split(" = ", 1) for line in bibtex(work).splitlines()[1:-1])
    # Written by hand: every special as the command that prints it; addresses as they are.
    assert fields["title"] == r"{{R\&D at 50\% \textbraceleft{}x\textbraceright{} \textasciitilde{} \textasciicircum{} \textbackslash{} \_ \#1 \$5}}"
    assert fields["author"] == r"{{Team\_1 \& Co} and Dí\_az, Ana}"
    assert fields["institution"] == r"{R\&D Lab}"
    assert fields["url"] == "{https://example.org/a_b%20c}"
