"""`make linkcheck` reports exactly the references' web addresses that no longer answer.

The minimal paper gets references whose addresses point at a server on the
loopback interface that answers some of them and not others; Sphinx's
linkcheck builder, run in-process, must report the others and only them.
"""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from io import StringIO

import pytest

#: What the server answers, by path.
ANSWERS = {"/report": 200, "/moved-for-good": 404, "/withdrawn": 410, "/registry/record": 200}


class Answers(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(ANSWERS.get(self.path, 404))
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args) -> None:  # quiet: the test reads linkcheck's report
        pass


@pytest.fixture
def server():
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


def test_linkcheck_reports_exactly_the_broken_reference_addresses(make_app, rootdir, tmp_path, server):
    paper = shutil.copytree(rootdir / "test-minimal", tmp_path / "minimal")
    entries = "".join(
        f"@online{{site{number},\n  author = {{Example}},\n  title = {{Page {number}}},\n"
        f"  url = {{{server}{path}}},\n  urldate = {{2026-11-25}},\n}}\n\n"
        for number, path in enumerate(ANSWERS)
    )
    (paper / "references.bib").write_text((paper / "references.bib").read_text(encoding="utf-8") + entries, encoding="utf-8")
    index = paper / "index.md"
    citations = "".join(f" {{cite:p}}`site{number}`" for number in range(len(ANSWERS)))
    index.write_text(index.read_text(encoding="utf-8").replace("(sec-references)=", f"On the web:{citations}.\n\n(sec-references)="),
                     encoding="utf-8")

    app = make_app("linkcheck", srcdir=paper, status=StringIO(), warning=StringIO())
    try:
        app.build()
        report = [json.loads(line) for line in (app.outdir / "output.json").read_text(encoding="utf-8").splitlines()]
    finally:
        app.cleanup()
    checked = {entry["uri"].removeprefix(server): entry["status"] for entry in report if entry["uri"].startswith(server)}
    assert checked.keys() == ANSWERS.keys(), "linkcheck did not check every reference's address"
    broken = {path for path, status in checked.items() if status == "broken"}
    assert broken == {path for path, answer in ANSWERS.items() if answer >= 400}
