"""What lives as long as the build is kept from the garbage collector's full collections
(paper.garbage_collector): once the builder is ready, and again when the pages start being written.

The test paper is built in this process with ``paper_freeze_garbage`` on;
handlers of the test's own, after the extension's, read how many objects
are frozen. Only ``gc.freeze()`` adds to that number; a frozen object that
is freed leaves it.
"""

from __future__ import annotations

import gc
import shutil
from io import StringIO

#: After every handler of the paper extension's (its LAST is 999).
AFTER_THE_EXTENSION = 1000


def test_the_build_freezes_what_it_set_up_and_what_it_read(make_app, rootdir, tmp_path):
    paper = shutil.copytree(rootdir / "test-minimal", tmp_path / "minimal")
    frozen: dict[str, int] = {}

    def count(event: str):
        def handler(*_):
            frozen[event] = gc.get_freeze_count()
        return handler

    before = gc.get_freeze_count()
    try:
        app = make_app("html", srcdir=paper, status=StringIO(), warning=StringIO(),
                       confoverrides={"paper_freeze_garbage": True})
        frozen["builder-inited"] = gc.get_freeze_count()  # the app is made: its builder is ready
        app.connect("env-updated", count("env-updated"), priority=AFTER_THE_EXTENSION)
        app.connect("write-started", count("write-started"), priority=AFTER_THE_EXTENSION)
        try:
            app.build()
        finally:
            app.cleanup()
    finally:
        gc.unfreeze()
    assert frozen["builder-inited"] > before
    assert frozen["env-updated"] <= frozen["builder-inited"], "nothing is frozen while the pages are read"
    # The environment and the pages read, alive when writing starts, are frozen then.
    assert frozen["write-started"] > frozen["env-updated"]
