"""A build that found a problem is never forgotten: every later build finds it again.

Sphinx reads again only changed documents, so, left to itself, a strict
build that warned passes when run a second time with the bad input still
in place. Each case here edits the minimal paper, then builds it again and
again, with the same builder and another, as ``make html`` twice or
``make html`` then ``make latexpdf`` do (they share the doctree folder).
"""

from __future__ import annotations

import pytest

#: Bad input whose problem Sphinx meets while reading a document: (what is added to index.md, what the warning says).
PROBLEMS = {
    "unknown citation key": ("\nAn unsupported claim {cite:p}`nosuchkey2099`.\n", 'could not find bibtex key "nosuchkey2099"'),
    "duplicate label": ("\n(twice)=\n## One\n\n(twice)=\n## Two\n", 'Duplicate explicit target name: "twice"'),
    "unknown table": ("\n:::{trial-table} nosuchtable\nA table the data file does not have.\n:::\n", "no table 'nosuchtable'"),
}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_later_build_fails_the_same_way_until_the_input_is_fixed(minimal_paper, build_strictly, problem):
    addition, warning = PROBLEMS[problem]
    index = minimal_paper / "index.md"
    good = index.read_text(encoding="utf-8")
    index.write_text(good + addition, encoding="utf-8")
    for builder in ("html", "html", "latex", "html", "text"):
        result = build_strictly(minimal_paper, builder)
        assert not result.passed, f"{builder} passed with the {problem} still there"
        assert warning in result.warnings, f"{builder} did not name the {problem}"
        assert "index.md" in result.warnings

    index.write_text(good, encoding="utf-8")
    result = build_strictly(minimal_paper)
    assert result.passed, result.warnings
    # Once it passed, a rebuild is incremental again: nothing to read.
    result = build_strictly(minimal_paper)
    assert result.passed and "0 added, 0 changed, 0 removed" in result.status
