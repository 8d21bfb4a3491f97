"""Bad input stops the build with one line that names the file and the problem.

The readers in :mod:`paper.inputs` raise :class:`~paper.inputs.errors.InputError`;
:func:`stop` logs its message as an error, the first line an author reads,
and ends the build with a :class:`PaperInputError`, a Sphinx error, which
Sphinx reports without a traceback.
"""

from __future__ import annotations

from typing import NoReturn

from sphinx.errors import SphinxError
from sphinx.util import logging

from .inputs.errors import InputError

logger = logging.getLogger(__name__)


class PaperInputError(SphinxError):
    """The build stopped on bad input; the message names the file and the fault."""

    category = "Input error"


def stop(error: InputError) -> NoReturn:
    """Log the input error and stop the build."""
    logger.error(str(error))
    stopped = PaperInputError(str(error))
    stopped.category = error.category
    raise stopped from error
