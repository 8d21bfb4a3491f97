"""Typst source text, written without Sphinx: escaped markup, string literals, labels.

The ``typst`` builder (:mod:`paper.typst`) writes the paper as one Typst
document. Text goes into Typst's markup, where most ASCII punctuation means
something (``*`` strong, ``_`` emphasis, ``=`` a heading, ``-`` a list,
``//`` a comment, ``https://`` a link, ``"`` a smart quote, ``--`` a dash):
:func:`markup` escapes every one of them with a backslash, which Typst
accepts before any punctuation, so the text prints exactly as written.
Values of function arguments are string literals (:func:`string`).
"""

from __future__ import annotations

import re
import string as _string

#: Every ASCII punctuation character: each is escaped in markup.
PUNCTUATION = frozenset(_string.punctuation)
#: What a Typst label may hold besides letters and digits.
LABEL_CHARACTERS = re.compile(r"[^A-Za-z0-9_.:-]")
WHITESPACE = re.compile(r"\s+")


def markup(text: str) -> str:
    """Text as Typst markup that prints as written; runs of white space become one space."""
    text = WHITESPACE.sub(" ", text)
    return "".join(f"\\{character}" if character in PUNCTUATION else character for character in text)


def string(text: str) -> str:
    """A Typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def label(name: str) -> str:
    """A Typst label, ``<name>``, from any name (characters a label cannot hold become ``_``)."""
    return f"<{LABEL_CHARACTERS.sub('_', name)}>"
