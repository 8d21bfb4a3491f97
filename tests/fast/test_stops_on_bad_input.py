"""Bad input stops the build with one line naming the file and the problem, never a traceback.

Each case makes one edit to a copy of the minimal paper (tests/roots/test-minimal)
and builds it in-process, strictly. A new case is one line of CASES.
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: A labelled Graphviz figure with one option, put before the minimal paper's table.
GRAPHVIZ_BEFORE_THE_TABLE = ":::{{graphviz}}\n:name: fig-flow\n{option}\n\ndigraph {{ a -> b }}\n:::\n\n:::{{trial-table}} arms"

#: name: (file, text to replace, its replacement, the file the message names, what it says is wrong)
CASES = {
    "unknown citation key": ("index.md", "{cite:p}`knuth1984texbook`", "{cite:p}`nosuchkey2099`",
                             "index.md", 'could not find bibtex key "nosuchkey2099"'),
    "empty citation key": ("index.md", "{cite:p}`knuth1984texbook`", "{cite:p}`knuth1984texbook,`",
                           "index.md", "empty or malformed citation key"),
    "non-UTF-8 bytes in a section": ("index.md", "A claim", b"A \xff claim",
                                     "index.md", "UTF-8"),
    "fact whose source is not a reference": ("data/facts.yaml", "    value: 120\n    source: knuth1984texbook",
                                             "    value: 120\n    source: nosuchkey2099",
                                             "facts.yaml", "source 'nosuchkey2099' is not a reference"),
    "key twice in the data file": ("data/facts.yaml", "    value: 120\n", "    value: 120\n    value: 121\n",
                                   "facts.yaml", "key 'value' is given twice"),
    "interval without its estimate": ("data/facts.yaml", 'ci: ["0.65", "0.98"]', 'ci: ["0.85", "0.98"]',
                                      "facts.yaml", "trial.hr"),
    "interval bounds swapped": ("data/facts.yaml", 'ci: ["0.65", "0.98"]', 'ci: ["0.98", "0.65"]',
                                "facts.yaml", "is swapped: write the lower bound first"),
    "impossible date in CITATION.cff": ("CITATION.cff", '"2026-01-15"', '"2026-02-30"',
                                        "CITATION.cff", "'2026-02-30' is not a date that exists"),
    "key twice in CITATION.cff": ("CITATION.cff", 'title: "A minimal paper"\n',
                                  'title: "A minimal paper"\ntitle: "Another title"\n',
                                  "CITATION.cff", "key 'title' is given twice"),
    "impossible unquoted date in CITATION.cff": ("CITATION.cff", '"2026-01-15"', "2026-02-30",
                                                 "CITATION.cff", "'2026-02-30' is not a date or time that exists"),
    "thirteenth month in a reference": ("references.bib", "year      = {1984},", "year      = {1984},\n  month     = {13},",
                                        "references.bib", "field 'month' = '13' is malformed"),
    "ORCID with a wrong check digit": ("CITATION.cff", "    family-names: Lovelace\n",
                                       '    family-names: Lovelace\n    orcid: "https://orcid.org/0000-0002-1825-0098"\n',
                                       "CITATION.cff", "0000-0002-1825-0098"),
    "two-digit year in a reference": ("references.bib", "year      = {1984}", "year      = {84}",
                                      "references.bib", "year"),
    "unescaped per cent sign in a reference": ("references.bib", r"The {\TeX}book", r"The {\TeX}book at 100% size",
                                               "references.bib", "%"),
    # CITATION.cff against the CFF 1.2.0 schema, and the data file against its own.
    "keywords as one text in CITATION.cff": ("CITATION.cff", "keywords:\n  - testing\n", 'keywords: "testing, more"\n',
                                             "CITATION.cff", "line 12: keywords: 'testing, more' is not of type 'array'"),
    "unknown field in CITATION.cff": ("CITATION.cff", "license: CC-BY-4.0\n", "license: CC-BY-4.0\nlicence: MIT\n",
                                      "CITATION.cff", "line 12: unknown field 'licence'"),
    "title that YAML reads as nothing": ("CITATION.cff", 'title: "A minimal paper"', "title: ~",
                                         "CITATION.cff", "line 4: missing title"),
    "value that YAML reads as yes or no": ("data/facts.yaml", "    value: 120\n", "    value: true\n",
                                           "facts.yaml", "line 4: facts: trial.n: value: True is not"),
    "unknown field in the data file": ("data/facts.yaml", "    value: 120\n", "    value: 120\n    units: mg\n",
                                       "facts.yaml", "line 5: facts: trial.n: unknown field 'units'"),
    # .bib text that no decoder reads as text, and references that contradict themselves or inherit from nowhere.
    "LaTeX command with no text in a reference": ("references.bib", r"The {\TeX}book", r"The \foo{TeX}book",
                                                  "references.bib", "field 'title' uses the LaTeX command \\foo"),
    "reference whose year contradicts its date": ("references.bib", "year      = {1984},", "year      = {1984},\n  date = {1986-01-01},",
                                                  "references.bib", "field 'year' = '1984' contradicts field 'date'"),
    "reference cross-referencing no entry": ("references.bib", "year      = {1984},", "year      = {1984},\n  crossref = {nowhere},",
                                             "references.bib", "field 'crossref' = 'nowhere' names no entry"),
    "forest plot without alt text": ("index.md", ":::{trial-table} arms",
                                     ":::{forest-plot}\n:name: fig-forest\n\nThe estimates.\n:::\n\n:::{trial-table} arms",
                                     "index.md", "has no :alt: text"),
    "figure without its caption": ("index.md", ":::{trial-table} arms",
                                   ":::{forest-plot}\n:name: fig-forest\n:alt: One estimate.\n:::\n\n:::{trial-table} arms",
                                   "index.md", "has no caption"),
    "Graphviz figure without its caption": ("index.md", ":::{trial-table} arms",
                                            GRAPHVIZ_BEFORE_THE_TABLE.format(option=":alt: Two steps, one after the other."),
                                            "index.md", "Graphviz figure has no caption"),
    "Graphviz figure without alt text": ("index.md", ":::{trial-table} arms",
                                         GRAPHVIZ_BEFORE_THE_TABLE.format(option=":caption: The flow."),
                                         "index.md", "Graphviz figure has no :alt: text"),
}

#: The same, in the minimal paper with its declarations (the declared_paper fixture): their schema, and their
#: authors against CITATION.cff's.
DECLARATIONS_CASES = {
    "unknown field in the declarations": ("data/declarations.yaml", "funding:\n", "funders: []\nfunding:\n",
                                          "declarations.yaml", "line 2: unknown field 'funders'"),
    "key twice in the declarations": ("data/declarations.yaml", "funding:\n", "funding: x\nfunding:\n",
                                      "declarations.yaml", "key 'funding' is given twice"),
    "role that CRediT does not name": ("data/declarations.yaml", "[conceptualization,", "[conceptualisation,",
                                       "declarations.yaml", "line 6: contributions: item 1: roles: item 1: 'conceptualisation'"),
    "statement that YAML reads as nothing": ("data/declarations.yaml", "competing-interests: The author declares no competing interests.",
                                             "competing-interests: ~", "declarations.yaml",
                                             "line 1: competing-interests: None is not of type 'string'"),
    "contributions of someone who is not an author": ("data/declarations.yaml", "author: Ada Lovelace", "author: Ada Byron",
                                                      "declarations.yaml", "'Ada Byron' is not an author in CITATION.cff"),
    "author whose contributions are not declared": ("CITATION.cff", "    family-names: Lovelace\n",
                                                    "    family-names: Lovelace\n  - given-names: Charles\n    family-names: Babbage\n",
                                                    "declarations.yaml", "no roles for 'Charles Babbage'"),
}


def apply(paper: Path, name: str, old: str, new: str | bytes) -> None:
    path = paper / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: update this case"
    if isinstance(new, bytes):
        before, after = text.split(old, 1)
        path.write_bytes(before.encode() + new + after.encode())
    else:
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("case", [*CASES, *DECLARATIONS_CASES])
def test_bad_input_stops_the_build_with_one_line_naming_file_and_problem(case, request, build_strictly):
    paper = request.getfixturevalue("declared_paper" if case in DECLARATIONS_CASES else "minimal_paper")
    name, old, new, file_named, problem = {**CASES, **DECLARATIONS_CASES}[case]
    apply(paper, name, old, new)
    result = build_strictly(paper)
    assert not result.passed, f"{case}: the build passed"
    assert "Traceback" not in result.status + result.warnings
    assert any(file_named in line and problem in line for line in result.problem_lines()), (
        f"{case}: no line names {file_named!r} and {problem!r}:\n" + "\n".join(result.problem_lines()))
