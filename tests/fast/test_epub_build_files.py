"""``sphinx-build -b epub`` without ``-d`` passes strictly, and the book holds none of the build's files.

Sphinx's default then keeps the doctrees in the book's folder, which the
EPUB builder packs (paper.epub.build_files). Built in-process, as the
command line builds it, twice: the second build reads the environment it
left there.
"""

from __future__ import annotations

import zipfile

from sphinx.cmd.build import build_main
from sphinx.testing.util import _clean_up_global_state


def test_a_book_with_its_doctrees_in_its_folder_builds_strictly_and_leaves_them_out(minimal_paper, tmp_path):
    out, warnings = tmp_path / "epub", tmp_path / "warnings.txt"
    for _ in range(2):
        try:
            code = build_main(["-b", "epub", "-W", "--keep-going", "-n", "-q", "-w", str(warnings),
                               str(minimal_paper), str(out)])
        finally:
            _clean_up_global_state()  # what the extensions registered with docutils, as the next build registers it
        assert code == 0, warnings.read_text(encoding="utf-8")
    assert (out / ".doctrees" / "environment.pickle").is_file(), "the case under test: doctrees in the book's folder"
    (book,) = out.glob("*.epub")
    assert not [name for name in zipfile.ZipFile(book).namelist() if ".doctrees" in name]
