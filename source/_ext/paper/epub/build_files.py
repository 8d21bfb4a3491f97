"""The build's own files stay out of the EPUB, wherever they are kept.

Run as ``sphinx-build -b epub`` without ``-d``, Sphinx keeps the doctrees
and the environment in the output folder (``.doctrees/``), and the EPUB
builder, which packs that folder, warns of every one of them as a file of
unknown type: a strict build fails on any project. They are not the book's.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def leave_out_build_files(app: Sphinx) -> list:
    """Every file in the doctree folder, when it lies in the book's folder, is one the book leaves out.

    Called when the pages are all written, before the book's folder is packed
    (``html-collect-pages``): by then the build has written all it keeps there.
    """
    outdir, doctreedir = Path(app.outdir).resolve(), Path(app.doctreedir).resolve()
    if app.builder.name == "epub" and doctreedir.is_relative_to(outdir):
        kept = (path.relative_to(outdir).as_posix() for path in sorted(doctreedir.rglob("*")) if path.is_file())
        app.config.epub_exclude_files = [*app.config.epub_exclude_files, *kept]
    return []
