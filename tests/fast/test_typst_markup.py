"""Text escaped as Typst markup prints exactly as written: no character of it is read as Typst syntax.

In Typst's markup most ASCII punctuation means something (``*`` strong,
``_`` emphasis, ``=`` a heading, ``-`` a list, ``//`` a comment,
``https://`` a link, ``"`` a smart quote, ``--`` a dash, ``$`` maths, ``#``
code, ``<x>`` a label, ``@x`` a reference). Generated text of every ASCII
character, escaped by :func:`paper.formats.typst.markup`, and a string
literal of it (:func:`~paper.formats.typst.string`, as code shows it), are
typeset by Typst and read back from the PDF: each must read as the text.
"""

from __future__ import annotations

import string as strings

import typst
from hypothesis import given, settings, strategies as st

from conftest import pdf_to_text
from paper.formats.typst import markup, string
from paper.typst.builder import font_folders

PRINTABLE = st.text(alphabet=st.sampled_from(strings.ascii_letters + strings.digits + strings.punctuation + " "),
                    min_size=1, max_size=40).filter(str.strip)


def typeset(source: str, tmp_path) -> str:
    (tmp_path / "text.typ").write_text(f'#set text(font: "TeX Gyre Termes")\n{source}\n', encoding="utf-8")
    pdf = tmp_path / "text.pdf"
    typst.compile(str(tmp_path / "text.typ"), output=str(pdf), font_paths=font_folders(), ignore_system_fonts=True)
    return pdf_to_text(pdf)


def squeezed(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=60, deadline=None)
@given(text=PRINTABLE)
def test_escaped_text_prints_as_written(tmp_path_factory, text):
    tmp_path = tmp_path_factory.mktemp("markup")
    assert squeezed(typeset(markup(text), tmp_path)) == squeezed(text)


@settings(max_examples=30, deadline=None)
@given(text=PRINTABLE)
def test_a_string_literal_holds_the_text_as_written(tmp_path_factory, text):
    tmp_path = tmp_path_factory.mktemp("string")
    assert squeezed(typeset(f"#raw({string(text)})", tmp_path)) == squeezed(text)


def test_the_markup_that_would_mislead_prints_as_written(tmp_path):
    text = 'See https://example.org/a_b*c* -- "quoted" $x$ #emph[no] <label> @ref = not a heading // nor a comment'
    assert squeezed(typeset(markup(text), tmp_path)) == squeezed(text)
