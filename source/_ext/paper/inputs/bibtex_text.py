"""A ``.bib`` field's LaTeX, read as the text it means.

The field is parsed by pylatexenc's LaTeX walker and each part decoded by
its ``latex2text`` tables, which know the accents in all their forms
(``\\"o``, ``\\"{o}``, ``{\\"o}``), the dotless ``{\\i}`` and ``{\\j}``, the
spacing commands (``400\\,mg``, ``\\ ``, ``~``), dashes, quotation marks and
the Greek letters and symbols of maths (``$\\alpha$``, ``$\\mu$g``, ``$\\pm$``).
On top of the tables:

* braces become protected text (sentence case keeps their capitals), and
  so do maths and a command's argument (``\\emph{E. coli}``);
* ``\\emph{…}`` and ``\\textit{…}`` become emphasis, ``\\textbf{…}`` strong
  emphasis; ``^`` and ``_`` in maths (``$^{18}$F``, ``H$_2$O``) and
  ``\\textsuperscript{…}``, ``\\textsubscript{…}`` become super- and subscripts;
* the TeX logos become their names.

The result is pybtex rich text, which the reference list renders for each
output (HTML, the PDF). :func:`plain` is its plain text, as the meta tags,
JATS and the downloads print it, with super- and subscripts in Unicode's
forms where every character has one (¹⁸F, H₂O).

A command the tables do not know, or know only as a placeholder
(``\\cite``, ``\\ref``), and any environment, raise :class:`UndecodableLatex`
naming it, which :mod:`.bibliography` reports for the entry and field: no
field reaches a reader with a command it did not mean.
"""

from __future__ import annotations

import functools

from pybtex.plugin import find_plugin
from pybtex.richtext import BaseMultipartText, Protected, String, Tag, Text
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
)
from pylatexenc.latexwalker import get_default_latex_context_db as get_parsing_context_db
from pylatexenc.macrospec import MacroSpec

#: The TeX logos, which latex2text does not know; each becomes its name.
LOGOS = {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX"}
#: Font commands kept as emphasis, and the commands for raised and lowered text.
TAGS = {"emph": "em", "textit": "em", "textbf": "strong", "textsuperscript": "sup", "textsubscript": "sub"}
#: Maths' marks for a superscript and a subscript.
SCRIPTS = {"^": "sup", "_": "sub"}
#: Characters with a superscript and a subscript form in Unicode, for plain text.
UNICODE_FORMS = {
    "sup": str.maketrans("0123456789+-\N{MINUS SIGN}=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ"),
    "sub": str.maketrans("0123456789+-\N{MINUS SIGN}=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ"),
}

#: Text commands of LaTeX's own (the textcomp set) that latex2text lacks or reads as another character
#: (``\textasciicircum`` as the modifier letter ˆ, ``\textperiodcentered`` as the dot above ˙), and
#: LaTeX's spaces as Unicode's spaces of their widths (latex2text makes ``\,`` an ordinary space).
TEXT_COMMANDS = {
    ",": "\N{THIN SPACE}", "thinspace": "\N{THIN SPACE}", ":": "\N{MEDIUM MATHEMATICAL SPACE}",
    ";": "\N{THREE-PER-EM SPACE}", "enspace": "\N{EN SPACE}", "quad": "\N{EM SPACE}",
    "qquad": "\N{EM SPACE}\N{EM SPACE}", "!": "",
    "textless": "<", "textgreater": ">", "textunderscore": "_", "textbraceleft": "{", "textbraceright": "}",
    "textasciicircum": "^", "textperiodcentered": "\N{MIDDLE DOT}", "copyright": "\N{COPYRIGHT SIGN}",
    "S": "\N{SECTION SIGN}", "textsection": "\N{SECTION SIGN}", "P": "\N{PILCROW SIGN}",
    "pounds": "\N{POUND SIGN}", "euro": "\N{EURO SIGN}",
}

#: How each command is parsed (its arguments), and how it reads as text.
PARSING = get_parsing_context_db()
PARSING.add_context_category("bib-fields", prepend=True,
                             macros=[MacroSpec("textsuperscript", "{"), MacroSpec("textsubscript", "{")])
CONTEXT = get_default_latex_context_db()
CONTEXT.add_context_category("bib-fields", prepend=True,
                             macros=[MacroTextSpec(name, text) for name, text in TEXT_COMMANDS.items()])
DECODER = LatexNodes2Text(latex_context=CONTEXT, math_mode="text", strict_latex_spaces=True)


class UndecodableLatex(ValueError):
    """LaTeX in a field that has no meaning as text: the message names the command."""


def _known(node: LatexMacroNode) -> bool:
    """Whether latex2text prints the command as what it means (not as a placeholder such as "<cit.>")."""
    spec = CONTEXT.get_macro_spec(node.macroname)
    if spec is None:
        return False
    placeholder = spec.simplify_repl if isinstance(spec.simplify_repl, str) else ""
    return not (len(placeholder) > 2 and placeholder.startswith("<") and placeholder.endswith(">"))


def _arguments(node) -> list:
    return [argument for argument in (node.nodeargd.argnlist if node.nodeargd else ()) if argument is not None]


def _check(nodes) -> None:
    """Refuse what no table decodes, anywhere in the field (latex2text itself would drop it silently)."""
    for node in nodes or ():
        if isinstance(node, LatexEnvironmentNode):
            raise UndecodableLatex(f"the LaTeX environment {node.environmentname!r}")
        if isinstance(node, LatexCommentNode):
            raise UndecodableLatex("a % (the start of a LaTeX comment)")
        if isinstance(node, LatexMacroNode):
            if node.macroname not in LOGOS and node.macroname not in TAGS and not _known(node):
                raise UndecodableLatex(f"the LaTeX command \\{node.macroname}")
            _check(_arguments(node))
        if isinstance(node, (LatexGroupNode, LatexMathNode)):
            _check(node.nodelist)


def _contents(node) -> list:
    """What a node holds: a group's nodes, or the node itself."""
    return node.nodelist if isinstance(node, LatexGroupNode) else [node]


def _parts(nodes, maths: bool = False) -> list:
    parts = []
    for node in nodes:
        if isinstance(node, LatexCharsNode):
            parts.append(String(node.chars))
        elif isinstance(node, LatexGroupNode):
            inner = _maths(node.nodelist) if maths else _parts(node.nodelist)
            parts.append(Text(*inner) if maths else Protected(*inner))
        elif isinstance(node, LatexMathNode):
            parts.append(Protected(*_maths(node.nodelist)))
        elif isinstance(node, LatexMacroNode) and node.macroname in LOGOS:
            parts.append(Protected(String(LOGOS[node.macroname])))
        elif isinstance(node, LatexMacroNode) and node.macroname in TAGS:
            # The braces of the argument protect its capitals, as BibTeX's own case change does.
            parts.append(Tag(TAGS[node.macroname], *_parts(_arguments(node), maths)))
        else:  # a command or a special character (~, --) that latex2text decodes
            parts.append(String(DECODER.nodelist_to_text([node])))
    return parts


def _maths(nodes) -> list:
    """Maths: as text, with ``^`` and ``_`` raising or lowering the character or group that follows."""
    parts, pending = [], None
    for node in nodes:
        if isinstance(node, LatexCharsNode):
            for character in node.chars:
                if pending:
                    parts.append(Tag(pending, String(character)))
                    pending = None
                elif character in SCRIPTS:
                    pending = SCRIPTS[character]
                else:
                    parts.append(String(character))
        elif pending:
            parts.append(Tag(pending, *_parts(_contents(node), maths=True)))
            pending = None
        else:
            parts.extend(_parts([node], maths=True))
    if pending:
        raise UndecodableLatex("a ^ or _ in maths with nothing after it")
    return parts


@functools.cache
def _decoded(value: str) -> tuple:
    """The field's parts, decoded once per process: a build reads the same fields again and again."""
    try:
        nodes, _, _ = LatexWalker(value, latex_context=PARSING, tolerant_parsing=False).get_latex_nodes()
    except LatexWalkerError as exc:
        raise UndecodableLatex(f"LaTeX that does not parse ({' '.join(str(exc).split())})") from exc
    _check(nodes)
    return tuple(_parts(nodes))


def latex_text(value: str) -> Text:
    """A .bib field as rich text (see the module's docstring), or :class:`UndecodableLatex`."""
    return Text(*_decoded(str(value)))


def _plain(text) -> str:
    if isinstance(text, Tag) and text.name in UNICODE_FORMS:
        inner = "".join(_plain(part) for part in text.parts)
        raised = inner.translate(UNICODE_FORMS[text.name])
        # A script some character of which has no Unicode form stays on the line, as PubMed prints it.
        return raised if all(character != raised_character or character.isspace()
                             for character, raised_character in zip(inner, raised)) else inner
    if isinstance(text, BaseMultipartText):
        return "".join(_plain(part) for part in text.parts)
    return str(text)


def plain(value: str) -> str:
    """A .bib field as plain text: what the reference list prints, without markup."""
    return _plain(latex_text(value))


@functools.cache
def _backend(name: str):
    # pybtex looks its backends up among the installed packages' entry points
    # on every render_as() call, which cost 0.4 s a build for 36 references.
    return find_plugin("pybtex.backends", name)()


def rendered(text: Text, backend: str) -> str:
    """Rich text (a formatted reference) as ``"text"`` (as :func:`plain` prints it) or ``"html"``."""
    return _plain(text) if backend == "text" else text.render(_backend(backend))
