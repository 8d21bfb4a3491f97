"""The extension's own style sheets and scripts, shipped with it: any paper's site has them.

The "Cite this" blocks (``cite.css``, ``cite.js``), the link previews
(``previews.css``, ``previews.js``) and the version line (``versions.css``,
``versions.js``) are the extension's, not a paper's: they live in the
package's ``static/`` folder, which is put first in ``html_static_path``, so
that a paper that uses the extension needs no copy of them, and a file of
the same name in the paper's own static folder takes their place.

It is put there when the builder starts, after the HTML builder has weighed
its settings for ``.buildinfo``: the folder's absolute path differs between
copies of a project, and ``.buildinfo`` is the same in every clean build.
(:mod:`paper.rebuilds` weighs the files' contents, as it does the paper's own.)
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"


def add_static_folder(app: Sphinx) -> None:
    app.config.html_static_path = [str(STATIC), *app.config.html_static_path]
