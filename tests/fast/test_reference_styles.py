"""The "Cite this" references of a paper's parts are what citeproc-py prints for each on its own.

The parts (sections, figures, tables) are rendered once with stand-ins for
their own title and address (paper.formats.reference_styles); here every
result is compared with citeproc-py run on each item alone (conftest's
``citeproc_text``, written from the library's documented calls), for parts
whose values a shared rendering could get wrong: a title that ends in
punctuation or reads as a number, and styles that change a title's case or
quote it.
"""

from __future__ import annotations

import citeproc
import pytest
from citeproc import CitationStylesBibliography

from conftest import citeproc_text
from paper.formats.reference_styles import processor_output

#: What every part of the work shares.
WORK = {
    "type": "chapter",
    "author": [{"literal": "Example Trials Group"}],
    "container-title": "A worked example of a citable paper",
    "publisher": "Example Trials Group",
    "issued": {"date-parts": [[2026, 11, 24]]},
    "edition": "Version 2.1.0",
}

#: Part titles, each with an address and an abstract of its own.
TITLES = {
    "plain": "Section 2. Methods of the ALPHA-1 trial",
    "question": "Section 3. Why did ALPHA-2 stop?",
    "ending-period": "Figure 1. Design of ALPHA-1.",
    "reads-as-number": "ALPHA3",
    "quoted": 'Table 2. "Responders" by arm',
    "lower-case": "section 4. the results in µg/mL, ±SD, ≤5 %",
    "greek": "Section 5. Effect on ERα and κ-opioid receptors",
}

#: APA and Vancouver (the paper's), a style that sets titles in title case and quotes a
#: chapter's title (Chicago), and one that numbers its entries (IEEE).
STYLES = ("apa", "vancouver-nlm", "chicago-author-date-17th-edition", "ieee")


def parts() -> list[dict]:
    return [{**WORK, "id": f"part-{name}", "title": title, "URL": f"https://example.org/{name}.html#part",
             "abstract": f"What the {name} part says."} for name, title in TITLES.items()]


@pytest.mark.parametrize("style_name", STYLES)
def test_each_part_reads_as_the_processor_prints_it_alone(style_name):
    items = parts()
    assert processor_output(items, style_name) == {item["id"]: citeproc_text(item, style_name) for item in items}


def test_parts_that_meet_the_text_as_their_stand_ins_do_share_one_rendering(monkeypatch):
    """The point of sharing: the plain and Greek-letter parts cost no rendering of their own."""
    renderings = []

    class Counted(CitationStylesBibliography):
        def bibliography(self):
            renderings.append(self.keys)
            return super().bibliography()

    monkeypatch.setattr(citeproc, "CitationStylesBibliography", Counted)
    items = parts()
    processor_output(items, "apa")
    rendered_alone = {key for keys in renderings for key in keys}
    assert {"part-plain", "part-greek"}.isdisjoint(rendered_alone) and ["stand-ins"] in renderings
    assert {"part-question", "part-ending-period", "part-reads-as-number"} <= rendered_alone
    assert len(renderings) < len(items)
