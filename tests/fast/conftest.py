"""The fast tier: tiny projects from tests/roots/, copied and built in-process (sphinx.testing)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import _clean_up_global_state

from paper.errors import PaperInputError


@dataclass(frozen=True)
class Build:
    """What a build said: whether it passed, its progress and its warnings and errors."""

    passed: bool
    status: str
    warnings: str

    def problem_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "ERROR" in line or "WARNING" in line]


@pytest.fixture
def minimal_paper(rootdir, tmp_path) -> Path:
    """A fresh copy of tests/roots/test-minimal to edit."""
    return Path(shutil.copytree(rootdir / "test-minimal", tmp_path / "minimal"))


@pytest.fixture
def build_strictly(make_app):
    """Build a project folder strictly (warnings are errors, all reported) into its _build."""

    def build(srcdir: Path, builder: str = "html") -> Build:
        status, warnings = StringIO(), StringIO()
        try:
            app = make_app(builder, srcdir=srcdir, warningiserror=True, status=status, warning=warnings)
        except PaperInputError:
            # Stopped on bad input before any page was read. Sphinx's test app
            # cleans up after an Exception only, and this is a SystemExit.
            _clean_up_global_state()
            return Build(False, status.getvalue(), warnings.getvalue())
        try:
            app.build()
        except PaperInputError:
            return Build(False, status.getvalue(), warnings.getvalue())
        finally:
            # What the extensions registered with docutils goes, as the next app registers it again.
            app.cleanup()
        return Build(app.statuscode == 0, status.getvalue(), warnings.getvalue())

    return build
