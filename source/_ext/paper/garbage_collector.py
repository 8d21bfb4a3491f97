"""Python's cyclic garbage collector, told what lives as long as the build.

By the time the builder is ready, the process holds hundreds of thousands of
objects that stay until it ends: Sphinx, docutils, the theme, pybtex and
their modules, classes and tables. Each full collection of the cyclic
garbage collector walks all of them again, and reading and writing pages
allocate enough to set off many collections; the larger the paper, the more
there is to walk each time. ``gc.freeze()`` moves everything alive at that
moment out of the collector's sight, for good: 0.2 s (15%) less for this
paper's HTML build, 0.45 s for one twenty times its size.

It is done again when writing starts: the environment and every page read
(Sphinx keeps the doctrees it has just read for its writer) are alive then,
and each full collection while the pages were written walked them all, so
that the time spent collecting grew faster than the paper (a build twenty
times this paper's size spent 0.8 to 1.1 s in full collections, 0.5 s after
the second freeze). The pages' doctrees are then kept until the process ends
rather than until their page is written: 15 MB more for that twentyfold
paper (132 MB at most), nothing measurable for this one. Objects made later,
the written pages among them, are collected as before.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx


def freeze_what_lives_on(app: Sphinx, *_) -> None:
    """``gc.freeze()``, when the builder is ready and when writing starts (``paper_freeze_garbage``)."""
    if app.config.paper_freeze_garbage:
        gc.freeze()
