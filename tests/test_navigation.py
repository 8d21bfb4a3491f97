"""The navigation sidebar shared between pages changes nothing a reader gets.

source/_ext/paper/navigation.py builds Furo's navigation tree once per build
and marks each page's entry itself. Built without that module, Furo builds
every page's tree its own way; the two sites must be the same byte for byte.
"""

from __future__ import annotations

import re

from conftest import assert_built, build_html_with_the_pdf, digests, project_copy

LOADED = re.compile(r',\s*"navigation"')


def test_every_page_is_the_same_as_furo_builds_it(built, tmp_path):
    project = project_copy(tmp_path)
    extension = project / "source" / "_ext" / "paper" / "__init__.py"
    without, found = LOADED.subn("", extension.read_text(encoding="utf-8"))
    assert found == 1, "the paper extension no longer lists navigation among its modules"
    extension.write_text(without, encoding="utf-8")
    assert_built(build_html_with_the_pdf(built, project, tmp_path / "out"))

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
