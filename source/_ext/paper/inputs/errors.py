"""What is wrong with an input file, said in one line.

Every reader in this package raises an :class:`InputError` (or a subclass
naming the kind of file) whose message starts with the file's path and says
what to change; :func:`paper.errors.stop` turns it into a stopped build.
"""

from __future__ import annotations


class InputError(ValueError):
    """A source file of the paper is missing, malformed or incomplete."""

    #: What kind of file it is, as Sphinx heads the message: "Trial data error: ...".
    category = "Input error"
