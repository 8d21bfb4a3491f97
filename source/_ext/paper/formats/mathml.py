"""LaTeX mathematics as MathML, written once at build time for the site, the EPUB and JATS.

latex2mathml converts the formula. It passes through, as if they were
letters, what it does not understand (an unknown command ``\\foo``, a stray
``}`` or ``&``) and drops an environment it does not know, so that a formula
it cannot convert would print wrong, not fail: :func:`mathml` refuses those
with a :class:`MathError` that says what it met.
"""

from __future__ import annotations

import re

from latex2mathml import commands
from latex2mathml.converter import convert
from lxml import etree

MATHML = "http://www.w3.org/1998/Math/MathML"
#: The environments latex2mathml sets as tables, and the ones that only wrap a formula.
ENVIRONMENTS = {name.lstrip("\\") for name in commands.MATRICES} | {"equation", "equation*"}
BEGIN = re.compile(r"\\begin\s*\{([^}]*)\}")
#: Token elements: where latex2mathml leaves what it did not understand.
TOKENS = {f"{{{MATHML}}}{name}" for name in ("mi", "mo", "mn", "mtext", "ms")}
#: Characters of LaTeX's syntax that, left as a token, were out of place in the formula.
SYNTAX = {"{", "}", "&", "#", "^", "_", "$"}


class MathError(ValueError):
    """A formula that cannot be written as MathML."""


def mathml(latex: str, display: bool) -> etree._Element:
    """The MathML ``math`` element of a LaTeX formula (without ``$`` or ``\\[``)."""
    for environment in BEGIN.findall(latex):
        if environment not in ENVIRONMENTS:
            raise MathError(f"the environment {environment!r} cannot be written as MathML "
                            f"(use one of: {', '.join(sorted(ENVIRONMENTS))})")
    try:
        math = etree.fromstring(convert(latex, display="block" if display else "inline"))
    except Exception as error:  # latex2mathml's exceptions carry no message: their names say what was wrong
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(error).__name__).lower().removesuffix(" error")
        raise MathError(f"the formula cannot be read ({words}): check its braces and arguments") from None
    for token in math.iter(*TOKENS):
        text = token.text or ""
        command = re.search(r"\\[A-Za-z]+|\\.", text)
        if command:
            raise MathError(f"the command {command.group()} cannot be written as MathML")
        if token.tag != f"{{{MATHML}}}mtext" and text in SYNTAX and token.get("stretchy") is None:
            raise MathError(f"a {text!r} out of place: check the formula's braces and alignment marks")
    return math


def mathml_text(latex: str, display: bool) -> str:
    """:func:`mathml` as markup, for HTML and XHTML."""
    return etree.tostring(mathml(latex, display), encoding="unicode")
