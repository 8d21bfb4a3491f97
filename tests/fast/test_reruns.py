"""A build that found a problem is never forgotten: every later build finds it again.

Sphinx reads again only changed documents, so, left to itself, a strict
build that warned passes when run a second time with the bad input still
in place. Each case here edits the minimal paper, then builds it again and
again, with the same builder and another, as ``make html`` twice or
``make html`` then ``make latexpdf`` do (they share the doctree folder).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest

#: Bad input whose problem Sphinx meets while reading a document: (what is added to index.md, what the warning says).
PROBLEMS = {
    "unknown citation key": ("\nAn unsupported claim {cite:p}`nosuchkey2099`.\n", 'could not find bibtex key "nosuchkey2099"'),
    "duplicate label": ("\n(twice)=\n## One\n\n(twice)=\n## Two\n", 'Duplicate explicit target name: "twice"'),
}


@pytest.fixture
def paper(rootdir, tmp_path) -> Path:
    return Path(shutil.copytree(rootdir / "test-minimal", tmp_path / "minimal"))


@dataclass(frozen=True)
class Build:
    statuscode: int
    status: str
    warnings: str


def build(make_app, srcdir: Path, builder: str = "html") -> Build:
    """A strict build (warnings are errors, all of them reported) of srcdir into srcdir/_build."""
    app = make_app(builder, srcdir=srcdir, warningiserror=True, status=StringIO(), warning=StringIO())
    try:
        app.build()
        return Build(app.statuscode, app.status.getvalue(), app.warning.getvalue())
    finally:
        # Unregisters what the extensions added to docutils, as the next app registers it again.
        app.cleanup()


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_later_build_fails_the_same_way_until_the_input_is_fixed(make_app, paper, problem):
    addition, warning = PROBLEMS[problem]
    index = paper / "index.md"
    good = index.read_text(encoding="utf-8")
    index.write_text(good + addition, encoding="utf-8")
    for builder in ("html", "html", "latex", "html", "text"):
        app = build(make_app, paper, builder)
        assert app.statuscode == 1, f"{builder} passed with the {problem} still there"
        assert warning in app.warnings, f"{builder} did not name the {problem}"
        assert "index.md" in app.warnings

    index.write_text(good, encoding="utf-8")
    app = build(make_app, paper)
    assert app.statuscode == 0, app.warnings
    # Once it passed, a rebuild is incremental again: nothing to read.
    app = build(make_app, paper)
    assert app.statuscode == 0 and "0 added, 0 changed, 0 removed" in app.status
