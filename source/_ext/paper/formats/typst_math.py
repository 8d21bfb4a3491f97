"""A formula in Typst's math syntax, from the MathML the site shows (pure Python).

Typst does not read LaTeX. The formula the author wrote in LaTeX is
converted to MathML once (:func:`paper.formats.mathml.mathml`, the same
MathML as the site, the EPUB and JATS), and that MathML is written here in
Typst's math syntax, element by element: so the tagged PDF sets the formula
the other outputs show. Every token is spaced from the next and every
ASCII punctuation character escaped, so that no two letters read as one
Typst name and no character as Typst syntax; scripts, fractions and roots
are Typst's function calls (``attach``, ``frac``, ``root``), whose
arguments are separated by unescaped commas. An element this module does
not know raises :class:`~paper.formats.mathml.MathError`, which stops the
build with the formula's file and line.
"""

from __future__ import annotations

from lxml import etree

from .mathml import MATHML, MathError, mathml
from .typst import PUNCTUATION, string

#: MathML's mathvariant as the Typst function that sets it.
VARIANTS = {"bold": "bold", "italic": "italic", "normal": "upright", "double-struck": "bb", "script": "cal",
            "fraktur": "frak", "sans-serif": "sans", "monospace": "mono", "bold-italic": "bold"}
#: Elements whose children are written in their place.
GROUPS = {"math", "mrow", "mstyle", "mpadded", "semantics", "mphantom"}


def _token(text: str) -> str:
    return " ".join(f"\\{character}" if character in PUNCTUATION else character for character in text.strip())


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(element: etree._Element) -> str:
    return " ".join(part for part in (_math(child) for child in element) if part)


def _math(element: etree._Element) -> str:
    tag = _local(element)
    text = (element.text or "").strip()
    if tag in GROUPS:
        return _children(element)
    if tag == "mi":
        variant = element.get("mathvariant")
        written = f"op({string(text)})" if len(text) > 1 else _token(text)
        return f"{VARIANTS[variant]}({written})" if variant in VARIANTS else written
    if tag == "mn":
        return _token(text)
    if tag == "mo":
        return _token(text)
    if tag == "mtext":
        return string(element.text or "")
    if tag == "mspace":
        return "thin"
    if tag in ("msup", "msub", "msubsup", "mover", "munder", "munderover"):
        parts = [_math(child) or '""' for child in element]
        if len(parts) != {"msup": 2, "msub": 2, "msubsup": 3, "mover": 2, "munder": 2, "munderover": 3}[tag]:
            raise MathError(f"a <{tag}> with {len(parts)} parts")
        base = parts[0]
        if tag == "mover" and element.get("accent") == "true":
            return f"accent({base}, {parts[1]})"
        if tag in ("mover", "munder", "munderover"):
            base = f"limits({base})"
        bottom = parts[1] if tag in ("msub", "msubsup", "munder", "munderover") else None
        top = parts[-1] if tag in ("msup", "msubsup", "mover", "munderover") else None
        keys = (f"b: {bottom}" if bottom else "", f"t: {top}" if top else "")
        return f"attach({base}, {', '.join(key for key in keys if key)})"
    if tag == "mfrac":
        numerator, denominator = (_math(child) or '""' for child in element)
        return f"frac({numerator}, {denominator})"
    if tag == "msqrt":
        return f"sqrt({_children(element)})"
    if tag == "mroot":
        radicand, index = (_math(child) for child in element)
        return f"root({index}, {radicand})"
    if tag == "mtable":
        rows = []
        for row in element:
            cells = [_children(cell) for cell in row]
            rows.append(" & ".join(cells))
        return " \\ ".join(rows)
    raise MathError(f"no Typst for MathML's <{tag}>")


def typst_math(latex: str, display: bool) -> str:
    """The formula's body in Typst's math syntax (to go between ``$`` signs)."""
    element = mathml(latex, display)
    if etree.QName(element).namespace != MATHML:
        raise MathError("not MathML")
    return _math(element)
