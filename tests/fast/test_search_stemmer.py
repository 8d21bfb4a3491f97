"""The search index stems words in C (PyStemmer) exactly as Snowball's pure-Python English stemmer does.

snowballstemmer, which Sphinx's English search stems with, hands the work to
PyStemmer when it is installed (requirements.txt pins it for speed: README,
"Dependencies"). The site's search box stems a reader's query with
Snowball's JavaScript stemmer, which Sphinx ships; a stem of the index that
the reference implementation would not give is a word the box cannot find.
So every word of the paper's sources, and generated words, must stem alike
in both: the pure-Python stemmer is imported from its own module, never
through the switch.
"""

from __future__ import annotations

import snowballstemmer
import Stemmer
from hypothesis import given, settings, strategies as st
from snowballstemmer.english_stemmer import EnglishStemmer
from sphinx.search.en import SearchEnglish

from conftest import ROOT

REFERENCE = EnglishStemmer()
SPHINX = SearchEnglish({})


def paper_words() -> set[str]:
    text = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "source").rglob("*.md"))
    text += (ROOT / "references.bib").read_text(encoding="utf-8")
    return {word.lower() for word in SPHINX.split(text)}  # split as Sphinx splits a page's text


def test_sphinx_stems_with_the_c_stemmer():
    assert isinstance(snowballstemmer.stemmer("english"), Stemmer.Stemmer)


def test_every_word_of_the_paper_stems_as_the_reference_stemmer_stems_it():
    words = paper_words()
    assert len(words) > 1000
    stems = {word: (SPHINX.stem(word), REFERENCE.stemWord(word)) for word in words}
    assert not {word: pair for word, pair in stems.items() if pair[0] != pair[1]}


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=20))
def test_generated_words_stem_as_the_reference_stemmer_stems_them(word):
    assert SPHINX.stem(word) == REFERENCE.stemWord(word.lower())
