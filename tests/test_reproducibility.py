"""Two clean builds of the same commit give the same bytes.

The second build starts from a fresh copy of the sources in another folder
(no generated figures, no caches), so neither absolute paths nor the clock
nor leftovers of the first build can hide in the output. Dates come from
SOURCE_DATE_EPOCH, which the build takes from the last commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MAKE_BUILDERS, PDF_NAME, assert_built, build, build_html_with_the_pdf, digests, project_copy


@pytest.fixture(scope="module")
def second_build(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("second")
    project = project_copy(where)
    for builder in MAKE_BUILDERS:
        assert_built(build(project, builder, where / "build"))
    return where / "build"


def test_html_is_byte_identical(built, second_build):
    first, second = digests(built.html), digests(second_build / "html")
    assert len(first) > 10
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"differ between two builds: {differing}"


def test_pdf_is_byte_identical(built, second_build):
    assert built.pdf.read_bytes() == (second_build / "latex" / PDF_NAME).read_bytes()


def test_pages_written_in_parallel_are_the_same(built, tmp_path):
    # The extension says it is safe to read and write in parallel processes
    # (sphinx-build -j); a process waiting for another's thread would hang.
    out = tmp_path / "out"
    assert_built(build_html_with_the_pdf(built, project_copy(tmp_path), out, "-j", "2", timeout=120))
    first, parallel = digests(built.html), digests(out / "html")
    assert first.keys() == parallel.keys()
    assert [name for name in first if first[name] != parallel[name]] == []
