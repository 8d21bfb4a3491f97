"""Bad input stops the build with a message that names the file and the problem.

Each case breaks one thing in a fresh copy of the project, builds it strictly
and checks that the build fails and says where and what.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, project_copy

BAD_CITATION = ("source/conclusion.md", "{cite:p}`sanofi2022update`", "{cite:p}`nosuchkey2099`")
DELETE = None

CASES = {
    # name: ((file, text to replace, replacement or DELETE the file), builder, file named, problem named)
    "unknown citation key, HTML": (BAD_CITATION, "html", "conclusion.md", "nosuchkey2099"),
    "unknown citation key, LaTeX": (BAD_CITATION, "latex", "conclusion.md", "nosuchkey2099"),
    "BibTeX syntax error": (
        ("references.bib", "@misc{biospace2022flop,\n", "@misc{biospace2022flop,\n  title = {unclosed\n"),
        "html", "references.bib", "has braces that do not pair up"),
    "BibTeX entry without a journal": (
        ("references.bib", "  journal      = {Journal of Clinical Oncology},\n", ""),
        "html", "references.bib", "missing field 'journal'"),
    "LaTeX command the reference list cannot print": (
        ("references.bib", "title        = {Randomized Phase {III}", "title        = {\\trialname Randomized Phase {III}"),
        "html", "references.bib", "uses the LaTeX command \\trialname"),
    "malformed DOI": (
        ("references.bib", "doi          = {10.1200/JCO.22.02746}", "doi          = {JCO.22.02746}"),
        "html", "references.bib", "field 'doi' = 'JCO.22.02746' is malformed"),
    "missing figure source": (
        ("source/figures/decision.dot", "", DELETE), "html", "decision.dot", "not found"),
    "broken figure source": (
        ("source/figures/decision.dot", "a5 -> idmc -> stop;", "a5 -> idmc -> ;"),
        "html", "decision.dot", "syntax error"),
    "unknown fact in a figure": (
        ("source/figures/ameera-3-workflow.dot", "{ameera3.n-tpc}", "{ameera3.n-nobody}"),
        "html", "ameera-3-workflow.dot", "ameera3.n-nobody"),
    "malformed data file": (
        ("source/data/trials.yaml", "  ameera3.n-tpc:\n", "  ameera3.n-tpc: [\n"),
        "html", "trials.yaml", "not valid YAML"),
    "fact without a source": (
        ("source/data/trials.yaml", "    value: 147\n    source: tolaney2023ameera3\n", "    value: 147\n"),
        "html", "trials.yaml", "line 53: facts: ameera3.n-tpc: 'source' is a required property"),
    "value that is not a number in the data file": (
        ("source/data/trials.yaml", 'value: "1.051"', "value: 1,051"),
        "html", "trials.yaml", "value: '1,051' is not a number as the source prints it"),
    "unknown fact in prose": (
        ("source/ameera-3.md", "{fact}`ameera3.pfs.p`", "{fact}`ameera3.pfs.q`"),
        "html", "trials.yaml", "ameera3.pfs.q"),
    "unknown fact in a table": (
        ("source/data/trials.yaml", '"{ameera3.pfs.median-tpc}"', '"{ameera3.pfs.median-nobody}"'),
        "html", "trials.yaml", "ameera3.pfs.median-nobody"),
    "forest plot that cannot be drawn": (
        ("source/_ext/paper/figures/forest_drawing.py", "fig.tight_layout()", "raise ValueError('no room for the labels')"),
        "html", "trials.yaml", "could not draw"),
    "CITATION.cff without version": (
        ("CITATION.cff", 'version: &version "1.0.0"\n', 'version: &version ""\n'), "html", "CITATION.cff",
        "missing version"),
}


def break_project(project: Path, name: str, old: str, new: str | None) -> None:
    path = project / name
    if new is DELETE:
        path.unlink()
        return
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_bad_input_stops_the_build_naming_file_and_problem(case, tmp_path):
    breakage, builder, file_named, problem = CASES[case]
    project = project_copy(tmp_path)
    break_project(project, *breakage)
    result = build(project, builder, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build succeeded"
    # One line for the author, not a report for Sphinx's developers.
    assert "Traceback" not in output and "Versions\n========" not in output, f"{case}: a traceback"
    error_lines = [line for line in output.splitlines() if "ERROR" in line or "WARNING" in line]
    assert any(file_named in line and problem in line for line in error_lines), (
        f"{case}: no ERROR/WARNING line names {file_named!r} and {problem!r}:\n" + "\n".join(error_lines)
    )
