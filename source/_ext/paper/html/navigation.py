"""Furo's navigation sidebar, built once per build instead of once per page.

For every page, Furo asks Sphinx for the whole table of contents, which
Sphinx resolves afresh from every document's headings, and then parses the
result with BeautifulSoup to add its collapsing checkboxes. Each page costs
time in proportion to the number of pages, so the whole build grows with
their square: about 4 s of a paper twenty times this one's length.

Yet on a page at the top of the site the tree differs from the root page's
only in its own entry, marked as the current page. So the root page's tree
is built once, by Furo's own code, and every other page gets a copy with its
entry marked, exactly as Sphinx and Furo mark it:

* the page's ``<li class="toctree-l1">`` gains ``current current-page``,
  its link the ``current`` class and ``href="#"``;
* the ``<ul>`` around it gains ``class="current"``.

That holds only for a page listed once, as a first-level entry, in a tree
without nested lists, and written at the top of the site by the ``html``
builder, so that its links are the root page's (``dirhtml`` writes each
page into a folder of its own, ``singlehtml`` one page with a tree of its
own). Any other page, and every page of another builder, is left to Furo, which builds its tree as
before; the pages come out byte for byte the same either way, as the tests
check. ``paper_shared_navigation = False`` leaves every page to Furo.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc

#: The arguments Furo's ``_compute_navigation_tree`` calls ``toctree()`` with.
FURO_TOCTREE = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
# After Furo's handler (priority 500) has run with a stand-in, before the page is rendered.
BEFORE_FURO, AFTER_FURO = 400, 600


class SharedNavigation:
    """The root page's navigation tree, and each top-level page's marked copy."""

    def __init__(self, app: Sphinx) -> None:
        from furo.navigation import get_navigation_tree

        builder = app.builder
        root = app.config.root_doc
        toctree = global_toctree_for_doc(app.env, root, builder, tags=builder.tags, **FURO_TOCTREE)
        fragment = builder.render_partial(toctree)["fragment"] if toctree is not None else ""
        self.tree = get_navigation_tree(fragment)
        # Furo marks every entry with a list inside it.
        self.flat = "has-children" not in self.tree
        self.root = root
        self.builder = builder

    def for_page(self, pagename: str) -> str | None:
        """The page's tree, or None where Furo has to build it."""
        if not self.flat or "/" in pagename:
            return None
        uri = self.builder.get_relative_uri(self.root, pagename)
        entry = re.compile(
            r'<li class="toctree-l1"><a class="reference internal" href="%s">(.*?)</a></li>' % re.escape(uri)
        )
        found = list(entry.finditer(self.tree))
        if not found:
            return self.tree  # not in the tree: the root page's tree as it is
        if len(found) > 1:
            return None
        start, end = found[0].span()
        list_start = self.tree.rindex("<ul>", 0, start)
        return (
            self.tree[:list_start]
            + '<ul class="current">'
            + self.tree[list_start + len("<ul>"):start]
            + '<li class="toctree-l1 current current-page"><a class="current reference internal" href="#">'
            + found[0].group(1)
            + "</a></li>"
            + self.tree[end:]
        )


def _is_furos_call(kwargs: dict[str, Any]) -> bool:
    return kwargs == FURO_TOCTREE


class NavigationForFuro:
    """The shared tree of one build, handed to Furo page by page (two ``html-page-context`` handlers)."""

    def __init__(self) -> None:
        self.shared: SharedNavigation | None = None

    def stand_in(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
        """Hand Furo an empty tree for this page if the shared one serves it."""
        if (not app.config.paper_shared_navigation or app.builder.name != "html"
                or "furo" not in app.extensions or "toctree" not in context):
            return
        if self.shared is None or self.shared.builder is not app.builder:
            self.shared = SharedNavigation(app)
        tree = self.shared.for_page(pagename)
        if tree is None:
            return
        toctree = context["toctree"]
        context["toctree"] = lambda **kwargs: "" if _is_furos_call(kwargs) else toctree(**kwargs)
        context["paper_navigation"] = (tree, toctree)

    @staticmethod
    def put_back(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
        """Give the page its shared tree, and the templates the real ``toctree()``."""
        if "paper_navigation" in context:
            context["furo_navigation_tree"], context["toctree"] = context.pop("paper_navigation")
