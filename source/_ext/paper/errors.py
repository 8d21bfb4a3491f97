"""Bad input stops the build with one clear line naming the file and the problem.

Sphinx prints a long crash report for any exception raised by an extension.
The line that matters (``ERROR: references.bib: ...``) is logged first, so it
is the first thing an author reads, and then the build stops.
"""

from __future__ import annotations

from typing import NoReturn

from sphinx.errors import SphinxError
from sphinx.util import logging

logger = logging.getLogger(__name__)


class InputError(SphinxError):
    """A source file of the paper is missing, malformed or incomplete."""

    category = "Input error"


def stop(error: InputError) -> NoReturn:
    logger.error(str(error))
    raise error
