"""`make preview`: the site served on 127.0.0.1, rebuilt and reloaded when a section is saved.

A copy of the project runs `make preview` on a free port (scripts/paperbuild.py,
which `make bench` times with too); a sentence added to a section must be
on that section's served page within the timeout, and every served page
carries sphinx-autobuild's script, which reloads it in the browser.
"""

from __future__ import annotations

import pytest

from conftest import project_copy
from paperbuild import edit_to_visible, fetch, preview

#: Generous: the rebuild takes a second or two; a busy machine may take ten times that.
TIMEOUT = 120


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    where = tmp_path_factory.mktemp("preview")
    project = project_copy(where)
    with preview(project, where / "preview.log", timeout=300) as base:
        yield project, base


def test_the_preview_serves_the_site_with_the_reload_script(served):
    _, base = served
    page = fetch(f"{base}/ameera-5.html")
    assert page is not None and "AMEERA-5" in page
    # sphinx-autobuild's script, which reloads the page when the site is rebuilt.
    assert "/websocket-reload" in page


def test_an_edited_section_is_served_rebuilt(served):
    project, base = served
    seconds = edit_to_visible(project, base, "ameera-5", timeout=TIMEOUT)
    assert seconds < TIMEOUT
    # Again: the preview keeps watching after a rebuild.
    edit_to_visible(project, base, "conclusion", timeout=TIMEOUT)
