"""Bad input stops the build with one line that names the file and the problem.

The readers in :mod:`paper.inputs` raise :class:`~paper.inputs.errors.InputError`;
:func:`stop` logs its message as an error, the one line an author reads,
and ends the build with :class:`PaperInputError`. That is a ``SystemExit``,
not a Sphinx error, on purpose: for any exception, Sphinx 9 prints a report
for its developers after the message (versions, extensions, a traceback),
which tells an author nothing about their file. ``sphinx-build`` exits
with status 2, as for any failed build.
"""

from __future__ import annotations

from typing import NoReturn

from sphinx.util import logging

from .inputs.errors import InputError

logger = logging.getLogger(__name__)

#: sphinx-build's exit status for a build that stopped on an error.
FAILED = 2


class PaperInputError(SystemExit):
    """The build stopped on bad input, which has been reported; ``str()`` gives the report."""

    def __init__(self, error: InputError) -> None:
        super().__init__(FAILED)
        self.error = error

    def __str__(self) -> str:
        return f"{self.error.category}: {self.error}"


def stop(error: InputError) -> NoReturn:
    """Log the input error and stop the build."""
    logger.error(str(error))
    raise PaperInputError(error) from error
