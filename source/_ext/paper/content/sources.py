"""The paper's source files, checked before Sphinx reads them.

Sphinx decodes a source file as UTF-8 and stops with a traceback at the
first byte that is not. Each file about to be read is decoded here first,
so such a byte stops the build with one line naming the file, the line and
the byte (:func:`paper.inputs.text_file.read_utf8`).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..errors import stop
from ..inputs.text_file import SourceFileError, read_utf8


def check_sources_are_utf8(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for docname in docnames:
        try:
            read_utf8(env.doc2path(docname), SourceFileError)
        except SourceFileError as error:
            stop(error)
