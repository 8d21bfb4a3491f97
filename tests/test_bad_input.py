"""Bad input stops the build with a message that names the file and the problem.

Each case breaks one thing in a fresh copy of the project, builds it strictly
and checks that the build fails and says where and what.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, project_copy


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_citation_key(project: Path) -> None:
    replace_once(project / "source/conclusion.md", "{cite:p}`sanofi2022update`", "{cite:p}`nosuchkey2099`")


def break_bibtex_syntax(project: Path) -> None:
    replace_once(project / "references.bib", "@online{biospace2022flop,\n", "@online{biospace2022flop,\n  title = {unclosed\n")


def drop_bibtex_field(project: Path) -> None:
    replace_once(project / "references.bib", "  journal = {Journal of Clinical Oncology},\n", "", )


def malform_doi(project: Path) -> None:
    replace_once(project / "references.bib", "doi     = {10.1200/JCO.22.02746}", "doi     = {JCO.22.02746}")


def delete_figure_source(project: Path) -> None:
    (project / "source/figures/decision.dot").unlink()


def break_figure_source(project: Path) -> None:
    replace_once(project / "source/figures/decision.dot", "a5 -> idmc -> stop;", "a5 -> idmc -> ;")


def name_unknown_fact_in_figure(project: Path) -> None:
    replace_once(project / "source/figures/ameera-3-workflow.dot", "{ameera3.n-tpc}", "{ameera3.n-nobody}")


def break_data_yaml(project: Path) -> None:
    replace_once(project / "source/data/trials.yaml", "  ameera3.n-tpc:\n", "  ameera3.n-tpc: [\n")


def drop_fact_source(project: Path) -> None:
    replace_once(project / "source/data/trials.yaml", "    value: 147\n    source: tolaney2023ameera3\n", "    value: 147\n")


def unquote_decimal(project: Path) -> None:
    replace_once(project / "source/data/trials.yaml", 'value: "1.051"', "value: 1.051")


def name_unknown_fact_in_prose(project: Path) -> None:
    replace_once(project / "source/ameera-3.md", "{fact}`ameera3.pfs.p`", "{fact}`ameera3.pfs.q`")


def name_unknown_fact_in_table(project: Path) -> None:
    replace_once(project / "source/data/trials.yaml", '"{ameera3.pfs.median-tpc}"', '"{ameera3.pfs.median-nobody}"')


def drop_citation_file_field(project: Path) -> None:
    replace_once(project / "CITATION.cff", 'version: "1.0.0"\n', "")


CASES = {
    # name: (break it, builder, file named, problem named)
    "unknown citation key, HTML": (break_citation_key, "html", "conclusion.md", "nosuchkey2099"),
    "unknown citation key, LaTeX": (break_citation_key, "latex", "conclusion.md", "nosuchkey2099"),
    "BibTeX syntax error": (break_bibtex_syntax, "html", "references.bib", "syntax error"),
    "BibTeX entry without a journal": (drop_bibtex_field, "html", "references.bib", "missing field 'journal'"),
    "malformed DOI": (malform_doi, "html", "references.bib", "field 'doi' = 'JCO.22.02746' is malformed"),
    "missing figure source": (delete_figure_source, "html", "decision.dot", "not found"),
    "broken figure source": (break_figure_source, "html", "decision.dot", "syntax error"),
    "unknown fact in a figure": (name_unknown_fact_in_figure, "html", "ameera-3-workflow.dot", "ameera3.n-nobody"),
    "malformed data file": (break_data_yaml, "html", "trials.yaml", "not valid YAML"),
    "fact without a source": (drop_fact_source, "html", "trials.yaml", "'source' is missing"),
    "unquoted decimal in data file": (unquote_decimal, "html", "trials.yaml", "must be written in quotes"),
    "unknown fact in prose": (name_unknown_fact_in_prose, "html", "trials.yaml", "ameera3.pfs.q"),
    "unknown fact in a table": (name_unknown_fact_in_table, "html", "trials.yaml", "ameera3.pfs.median-nobody"),
    "CITATION.cff without version": (drop_citation_file_field, "html", "CITATION.cff", "missing version"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_stops_the_build_naming_file_and_problem(case, tmp_path):
    breakage, builder, file_named, problem = CASES[case]
    project = project_copy(tmp_path)
    breakage(project)
    result = build(project, builder, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build succeeded"
    error_lines = [line for line in output.splitlines() if "ERROR" in line or "WARNING" in line]
    assert any(file_named in line and problem in line for line in error_lines), (
        f"{case}: no ERROR/WARNING line names {file_named!r} and {problem!r}:\n" + "\n".join(error_lines)
    )
