"""A ``.bib`` field's LaTeX, read as the text it means.

Braces become protected text (sentence case keeps their capitals), LaTeX
accents and dashes become the characters (latexcodec), ``\\emph{…}``,
``\\textit{…}`` and ``\\textbf{…}`` become emphasis, the TeX logos their
names and ``\\$`` a dollar sign. The result is pybtex rich text, which the
reference list renders for each output; :func:`plain` is its plain text, as
the meta tags, JATS and the downloads print it. Any other command is left in
the text, where :mod:`.bibliography` finds it and stops the build.
"""

from __future__ import annotations

import codecs
import functools
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.markup import LaTeXParser
from pybtex.plugin import find_plugin
from pybtex.richtext import Protected, String, Tag, Text

#: The TeX logos, which pybtex's LaTeX reader leaves as commands; TeX swallows
#: the space after a command word (``\\TeX book`` is "TeXbook"). Each becomes
#: its name, braced so that sentence case keeps its capitals.
LOGOS = re.compile(r"\\(LaTeXe|LaTeX|BibTeX|TeX)(?![A-Za-z])(?:\{\}|\s*)")
LOGO_TEXT = {"LaTeXe": "LaTeX2e"}
#: Font commands kept as emphasis: ``\\emph{in vivo}``, ``\\textit{E. coli}``, ``\\textbf{not}``.
EMPHASIS = re.compile(r"\\(emph|textit|textbf)\s*$")
EMPHASIS_TAGS = {"emph": "em", "textit": "em", "textbf": "strong"}


def _emphasis(text: Text) -> Text:
    """Turn a font command before a braced group into emphasis; pybtex leaves it as text."""
    parts = []
    for part in text.parts:
        if isinstance(part, Protected):
            part = Protected(*_emphasis(Text(*part.parts)).parts)
        command = EMPHASIS.search(parts[-1].value) if parts and isinstance(parts[-1], String) else None
        if isinstance(part, Protected) and command:
            parts[-1] = String(parts[-1].value[:command.start()])
            parts.append(Tag(EMPHASIS_TAGS[command.group(1)], part))
        else:
            parts.append(part)
    return Text(*parts)


def latex_text(value: str) -> Text:
    """A .bib field as rich text: braces become protected text, LaTeX accents letters,
    ``\\emph{…}`` emphasis, ``\\TeX`` its name and ``\\$`` a dollar sign."""
    value = LOGOS.sub(lambda match: f"{{{LOGO_TEXT.get(match.group(1), match.group(1))}}}", str(value))
    return _emphasis(LaTeXParser(_unicode(value.replace("\\$", "$"))).parse())


@functools.cache
def _unicode(latex: str) -> str:
    """LaTeX accents and dashes as characters (what ``Text.from_latex`` does first).

    latexcodec reads character by character, and a build reads the same
    fields again and again (names for initials, titles for every output), so
    each text is decoded once per process.
    """
    return codecs.decode(latex, "ulatex")


def plain(value: str) -> str:
    """A .bib field as plain text: what the reference list prints, without markup."""
    return str(latex_text(value))


@functools.cache
def _backend(name: str):
    # pybtex looks its backends up among the installed packages' entry points
    # on every render_as() call, which cost 0.4 s a build for 36 references.
    return find_plugin("pybtex.backends", name)()


def rendered(text: Text, backend: str) -> str:
    """Rich text (a formatted reference) as ``"text"`` or ``"html"``: ``render_as``, with the backend looked up once."""
    return text.render(_backend(backend))
