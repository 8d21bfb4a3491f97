"""The navigation sidebar shared between pages changes nothing a reader gets.

paper.html.navigation builds Furo's navigation tree once per build and marks
each page's entry itself. Built with ``paper_shared_navigation = False``,
Furo builds every page's tree its own way; the two sites must be the same
byte for byte.
"""

from __future__ import annotations

from conftest import ROOT, assert_built, build_html_with_the_pdf, digests


def test_every_page_is_the_same_as_furo_builds_it(built, tmp_path):
    assert_built(build_html_with_the_pdf(built, ROOT, tmp_path / "out", "-D", "paper_shared_navigation=0"))

    shared, furos = digests(built.html), digests(tmp_path / "out" / "html")
    assert shared.keys() == furos.keys()
    differing = [name for name in shared if shared[name] != furos[name]]
    assert not differing, f"differ from Furo's own navigation: {differing}"
    # The pages do mark where the reader is: one current entry each.
    page = built.page("ameera-3")
    current = page.select(".sidebar-tree li.current-page > a.current")
    heading = page.find("h1")
    title = heading.get_text().removesuffix(heading.select_one("a.headerlink").get_text())
    assert [link.get_text() for link in current] == [title]
